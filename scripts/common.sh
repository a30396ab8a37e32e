# Shared settings of the scripts; source it, do not run it.
# One target directory outside the work tree, so that every clone (and CI's clean
# clone) reuses the dependencies an earlier build compiled. Override with CARGO_TARGET_DIR.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/workchain/target}"
# One profile and one feature set for building, testing and benchmarking, so that all
# three share the same compiled dependencies. `runtime-benchmarks` makes
# `workchain-node benchmark pallet` work from the same binary.
CARGO_FLAGS=(--release --workspace --features runtime-benchmarks --locked)
NODE_BIN="$CARGO_TARGET_DIR/release/workchain-node"
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# The Wasm builder looks for Cargo.lock from the target directory; point it at the repo.
export WASM_BUILD_WORKSPACE_HINT="$REPO_ROOT"
[ -f "$HOME/.cargo/env" ] && . "$HOME/.cargo/env"
export PATH="$HOME/.cargo/bin:$PATH"
