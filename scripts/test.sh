#!/usr/bin/env bash
# The test command: formatting, unit and runtime tests (benchmark tests included), a dev
# node that must produce and finalize blocks, the @polkadot/api end-to-end suite, local
# validator networks in which a validator crashes and restarts, a newcomer that joins the
# validator set and leaves it, and a live network launched by scripts/new-network.sh.
set -euo pipefail
. "$(dirname "$0")/common.sh"
cd "$REPO_ROOT"

"$REPO_ROOT/scripts/setup.sh" --deps-only

echo "== formatting (rustfmt.toml)"
cargo fmt --all -- --check

echo "== cargo test (release, runtime-benchmarks)"
cargo test "${CARGO_FLAGS[@]}"

echo "== node binary"
cargo build "${CARGO_FLAGS[@]}"

echo "== dev node produces and finalizes blocks"
"$REPO_ROOT/scripts/dev-node-test.sh"

echo "== end-to-end: the ITO life cycle through @polkadot/api"
"$REPO_ROOT/scripts/e2e.sh"

echo "== web app: one ITO life cycle by clicking, in Debian's Chromium"
"$REPO_ROOT/scripts/web-test.sh"

echo "== testnet: validators crash and restart (3 and 4 validators on loopback)"
"$REPO_ROOT/scripts/testnet-test.sh"

echo "== join: a newcomer becomes a validator by the README's steps, and leaves"
"$REPO_ROOT/scripts/join-test.sh"

echo "== new network: operators' keys, a live chain spec, its validators finalize"
"$REPO_ROOT/scripts/new-network-test.sh"
