#!/usr/bin/env bash
# Run pallet-ito's benchmarks on this machine and write the runtime's weights
# (runtime/src/weights/pallet_ito.rs). Needs the node built by scripts/setup.sh.
set -euo pipefail
. "$(dirname "$0")/common.sh"
cd "$REPO_ROOT"
WASM="$CARGO_TARGET_DIR/release/wbuild/workchain-runtime/workchain_runtime.compact.compressed.wasm"
"$NODE_BIN" benchmark pallet \
	--runtime "$WASM" \
	--genesis-builder=runtime \
	--genesis-builder-preset=development \
	--pallet pallet_ito \
	--extrinsic '*' \
	--steps 2 \
	--repeat "${REPEAT:-50}" \
	--header "$REPO_ROOT/scripts/weights-header.txt" \
	--output "$REPO_ROOT/runtime/src/weights/pallet_ito.rs"
