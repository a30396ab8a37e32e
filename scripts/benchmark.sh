#!/usr/bin/env bash
# Run the runtime's benchmarks on this machine and write its weights
# (runtime/src/weights/<pallet>.rs). Needs the node built by scripts/setup.sh.
#
#   scripts/benchmark.sh            pallet-ito's weights (REPEAT runs of each call, default 50)
#   scripts/benchmark.sh --network  the weights of session, collator selection and
#                                   governance (preimage, scheduler, referenda, conviction
#                                   voting): STEPS points per component (default 10),
#                                   REPEAT runs each (default 10)
#   scripts/benchmark.sh --scaling  the extra benchmark `claim_scaling`: claim against
#                                   growing numbers of holders (h), work items (w) and
#                                   closed work blocks (b); prints the slopes, writes nothing
set -euo pipefail
. "$(dirname "$0")/common.sh"
cd "$REPO_ROOT"
WASM="$CARGO_TARGET_DIR/release/wbuild/workchain-runtime/workchain_runtime.compact.compressed.wasm"
if [ "${1:-}" = --scaling ]; then
	exec "$NODE_BIN" benchmark pallet \
		--runtime "$WASM" \
		--genesis-builder=runtime \
		--genesis-builder-preset=development \
		--pallet pallet_ito \
		--extrinsic claim_scaling \
		--extra \
		--steps "${STEPS:-10}" \
		--repeat "${REPEAT:-10}"
fi
if [ "${1:-}" = --network ]; then
	for pallet in pallet_session pallet_collator_selection pallet_preimage pallet_scheduler \
		pallet_referenda pallet_conviction_voting; do
		echo "benchmark: $pallet"
		"$NODE_BIN" benchmark pallet \
			--runtime "$WASM" \
			--genesis-builder=runtime \
			--genesis-builder-preset=development \
			--pallet "$pallet" \
			--extrinsic '*' \
			--steps "${STEPS:-10}" \
			--repeat "${REPEAT:-10}" \
			--header "$REPO_ROOT/scripts/weights-header.txt" \
			--output "$REPO_ROOT/runtime/src/weights/$pallet.rs"
		rustfmt --edition 2021 "$REPO_ROOT/runtime/src/weights/$pallet.rs"
	done
	exit 0
fi
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
# The generated file in the tree's style (scripts/test.sh checks formatting).
rustfmt --edition 2021 "$REPO_ROOT/runtime/src/weights/pallet_ito.rs"
