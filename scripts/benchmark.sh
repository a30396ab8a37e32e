#!/usr/bin/env bash
# Run the runtime's benchmarks on this machine and write the weights the runtime uses
# (runtime/src/weights/). Builds the node with the `runtime-benchmarks` feature (the
# benchmark CLI and the runtime's benchmarks), which the node a user runs leaves out.
#
#   scripts/benchmark.sh            pallet-ito (REPEAT runs of each call, default 50)
#   scripts/benchmark.sh --network  session and governance (preimage, scheduler,
#                                   referenda, conviction voting)
#   scripts/benchmark.sh --frame    frame_system, its transaction extensions
#                                   (frame_system_extensions), balances, assets, timestamp
#                                   and transaction payment's extension
#   scripts/benchmark.sh --overhead `benchmark overhead`: BlockExecutionWeight and
#                                   ExtrinsicBaseWeight (block_weights.rs, extrinsic_weights.rs)
#   scripts/benchmark.sh --storage [paritydb|rocksdb]
#                                   `benchmark storage`: the database's read and write
#                                   weights (paritydb_weights.rs), on the state a
#                                   scripts/tps run leaves behind (thousands of accounts,
#                                   ITOs, holders, work items)
#   scripts/benchmark.sh --all      all of the above but --scaling, in that order
#   scripts/benchmark.sh --scaling  the extra benchmark `claim_scaling`: claim against
#                                   growing numbers of holders (h), work items (w) and
#                                   closed work blocks (b); prints the slopes, writes nothing
# --network and --frame take STEPS points per component (default 10) and REPEAT runs
# (default 10). Run it on an otherwise idle machine.
set -euo pipefail
. "$(dirname "$0")/common.sh"
cd "$REPO_ROOT"
mode="${1:-}"
features=runtime-benchmarks
# RocksDB's weights need a node that has RocksDB (the feature `rocksdb`).
if [ "$mode" = --storage ] && [ "${2:-paritydb}" = rocksdb ]; then features+=,rocksdb; fi
if [ -z "${BENCH_NO_BUILD:-}" ]; then
	# The benchmark CLI's test runtime (frame-storage-access-test-runtime) only serves
	# `benchmark storage --mode validate-block`, which the weights here do not use. Its
	# Wasm build also cannot find its package in the workspace's metadata (the CLI is an
	# optional dependency), so it is skipped.
	SKIP_FRAME_STORAGE_ACCESS_TEST_RUNTIME_WASM_BUILD=1 \
		cargo build --release -p workchain-node --features "$features" --locked
fi
# Keep the benchmarking build apart from the node scripts run: the next plain build
# relinks workchain-node (and the runtime) without the feature.
BENCH_BIN="$CARGO_TARGET_DIR/release/workchain-node-benchmarks"
WASM="$CARGO_TARGET_DIR/release/workchain-runtime-benchmarks.compact.compressed.wasm"
if [ -z "${BENCH_NO_BUILD:-}" ]; then
	cp "$NODE_BIN" "$BENCH_BIN"
	cp "$CARGO_TARGET_DIR/release/wbuild/workchain-runtime/workchain_runtime.compact.compressed.wasm" "$WASM"
fi
WEIGHTS="$REPO_ROOT/runtime/src/weights"
HEADER="$REPO_ROOT/scripts/weights-header.txt"

pallet() { # PALLET STEPS REPEAT [EXTRINSICS]
	echo "benchmark: $1" >&2
	"$BENCH_BIN" benchmark pallet \
		--runtime "$WASM" \
		--genesis-builder=runtime \
		--genesis-builder-preset=development \
		--pallet "$1" \
		--extrinsic "${4:-*}" \
		--steps "$2" \
		--repeat "$3" \
		--header "$HEADER" \
		--output "$WEIGHTS/$1.rs"
	# The generated file in the tree's style (scripts/test.sh checks formatting).
	rustfmt --edition 2021 "$WEIGHTS/$1.rs"
}

ito() { pallet pallet_ito 2 "${REPEAT:-50}"; }
network() {
	for p in pallet_session pallet_preimage pallet_scheduler pallet_referenda \
		pallet_conviction_voting; do
		pallet "$p" "${STEPS:-10}" "${REPEAT:-10}"
	done
}
frame() {
	for p in frame_system frame_system_extensions pallet_balances pallet_assets \
		pallet_timestamp pallet_transaction_payment; do
		pallet "$p" "${STEPS:-10}" "${REPEAT:-10}"
	done
}
overhead() {
	echo "benchmark: overhead" >&2
	"$BENCH_BIN" benchmark overhead \
		--chain dev \
		--header "$HEADER" \
		--weight-path "$WEIGHTS" \
		--warmup "${WARMUP:-10}" \
		--repeat "${REPEAT:-100}"
	rustfmt --edition 2021 "$WEIGHTS/block_weights.rs" "$WEIGHTS/extrinsic_weights.rs"
}
storage() { # DATABASE
	local db="${1:-paritydb}" dir
	dir="$(mktemp -d -t workchain-storage-XXXXXX)"
	echo "benchmark: storage ($db): filling a dev chain with scripts/tps" >&2
	NODE_BIN="$BENCH_BIN" TPS_BASE="$dir" "$REPO_ROOT/scripts/tps" --database="$db" --accounts=4000 --count=8000 \
		--kinds=transfer,buy,submit_work,add_reward,claim_max >&2
	echo "benchmark: storage ($db): the chain's database takes $(du -sh "$dir/node/chains/workchain_dev" | cut -f1)" >&2
	"$BENCH_BIN" benchmark storage \
		--chain dev \
		--base-path "$dir/node" \
		--database "$db" \
		--state-version 1 \
		--header "$HEADER" \
		--weight-path "$WEIGHTS" \
		--warmups "${WARMUPS:-1}" \
		--batch-size "${BATCH:-1000}"
	rustfmt --edition 2021 "$WEIGHTS/${db}_weights.rs"
	rm -rf "$dir"
}

case "$mode" in
	"") ito ;;
	--network) network ;;
	--frame) frame ;;
	--overhead) overhead ;;
	--storage) storage "${2:-paritydb}" ;;
	--all) ito; network; frame; overhead; storage paritydb ;;
	--scaling)
		"$BENCH_BIN" benchmark pallet \
			--runtime "$WASM" \
			--genesis-builder=runtime \
			--genesis-builder-preset=development \
			--pallet pallet_ito \
			--extrinsic claim_scaling \
			--extra \
			--steps "${STEPS:-10}" \
			--repeat "${REPEAT:-10}"
		;;
	*) echo "usage: scripts/benchmark.sh [--network|--frame|--overhead|--storage [paritydb|rocksdb]|--all|--scaling]" >&2; exit 2 ;;
esac
