#!/usr/bin/env bash
# Lints: rustfmt (also checked by scripts/test.sh) and clippy on every workspace crate with
# `runtime-benchmarks` (so the benchmarks are linted too), warnings as errors.
# Clippy builds its own check-profile dependencies, in a target directory of its own
# (CLIPPY_TARGET_DIR, default $HOME/.cache/workchain/clippy-target) so that it never waits
# on, or invalidates, the release build; the first run takes about 20 minutes on 2 cores.
set -euo pipefail
. "$(dirname "$0")/common.sh"
cd "$REPO_ROOT"

echo "== rustfmt"
cargo fmt --all -- --check

echo "== clippy"
SKIP_WASM_BUILD=1 CARGO_TARGET_DIR="${CLIPPY_TARGET_DIR:-$HOME/.cache/workchain/clippy-target}" \
	cargo clippy --workspace --all-targets --features runtime-benchmarks --locked -- -D warnings
