#!/usr/bin/env bash
# The test command: formatting, unit and runtime tests, pallet-ito's benchmark tests, a
# dev node that must produce and finalize blocks, and the suites that drive live nodes:
# the @polkadot/api end-to-end suite, the web app in a browser, local validator networks
# in which a validator crashes and restarts, a newcomer that joins the validator set and
# leaves it, a validator that double-signs and is reported, slashed and disabled, silent
# validators whose finality stall a finality_recovery referendum ends, a flooded validator
# whose new transactions must still reach its peer within seconds, and a live network
# launched by scripts/new-network.sh.
#
# The node suites each use their own loopback ports and directories, so they run side by
# side, on a copy of the node binary, while cargo compiles and runs the Rust tests (at a
# lower priority, so that the nodes keep their slots). Each suite's output goes to a log,
# printed whole when it fails; the end lists every suite's result and time.
set -euo pipefail
. "$(dirname "$0")/common.sh"
cd "$REPO_ROOT"

"$REPO_ROOT/scripts/setup.sh" --deps-only

echo "== formatting (rustfmt.toml)"
cargo fmt --all -- --check

echo "== node binary"
cargo build "${CARGO_FLAGS[@]}"

logs="$(mktemp -d -t workchain-test-XXXXXX)"
cp "$NODE_BIN" "$logs/workchain-node"
export NODE_BIN="$logs/workchain-node"
# The runtime the upgrade test upgrades to, copied too: the try-runtime tests below build
# the runtime crate again.
cp "$CARGO_TARGET_DIR/release/wbuild/workchain-runtime/workchain_runtime.compact.compressed.wasm" "$logs/"
export NEW_RUNTIME="$logs/workchain_runtime.compact.compressed.wasm"
pids=()
cleanup() { for p in "${pids[@]}"; do kill -- -"$p" 2>/dev/null || true; done; }
trap cleanup EXIT

echo "== dev node produces and finalizes blocks"
"$REPO_ROOT/scripts/dev-node-test.sh"

# The suites' JavaScript dependencies, once, before they start (several of them share
# scripts/e2e/node_modules).
(cd "$REPO_ROOT/scripts/e2e" && node_deps)

# Two waves: the suites that measure how fast a node keeps up (the crash/restart timing
# and the gossip latency of testnet-test and gossip-test) start once cargo has finished
# (they take 3 to 5 minutes, less than the longest early ones); the rest start now,
# beside cargo.
SUITES=(e2e web-test join-test equivocation-test stall-test upgrade-test new-network-test)
LATE_SUITES=(testnet-test)
# The gossip test measures how fast a transaction crosses a flooded network (10 s at most):
# it runs alone, once every other suite is done, so that no other network competes with it
# for the machine's two cores (beside the upgrade test it once took 21 s; alone, 2 s).
ALONE_SUITES=(gossip-test)
start_suites() {
	local s
	set -m # each suite in its own process group, so that cleanup stops its nodes too
	for s in "$@"; do
		(
			start=$SECONDS
			rc=0
			"$REPO_ROOT/scripts/$s.sh" >"$logs/$s.log" 2>&1 || rc=$?
			echo "$rc $((SECONDS - start))" >"$logs/$s.result"
		) &
		pids+=($!)
	done
	set +m
}
echo "== node suites, side by side (logs in $logs): ${SUITES[*]}"
start_suites "${SUITES[@]}"

echo "== cargo test (release)"
nice -n 10 cargo test "${CARGO_FLAGS[@]}"

echo "== benchmark tests: pallet-ito's benchmarks on its mock (runtime-benchmarks)"
nice -n 10 cargo test --release --locked -p pallet-ito --features runtime-benchmarks --lib benchmarking

echo "== try-runtime: the upgrade's migrations and every pallet's try_state on a chain with ITOs"
SKIP_WASM_BUILD=1 nice -n 10 cargo test --release --locked -p workchain-runtime --features try-runtime --lib tests_upgrade

echo "== node suites that measure timing, now that cargo is done: ${LATE_SUITES[*]}"
start_suites "${LATE_SUITES[@]}"
SUITES+=("${LATE_SUITES[@]}")

echo "== waiting for the node suites"
for p in "${pids[@]}"; do wait "$p" || true; done
pids=()
echo "== node suites that run alone: ${ALONE_SUITES[*]}"
start_suites "${ALONE_SUITES[@]}"
SUITES+=("${ALONE_SUITES[@]}")
for p in "${pids[@]}"; do wait "$p" || true; done
pids=()
failed=0
for s in "${SUITES[@]}"; do
	read -r rc secs <"$logs/$s.result" || { rc=1 secs=?; }
	if [ "$rc" = 0 ]; then
		echo "-- $s: passed in ${secs} s"
	else
		echo "-- $s: FAILED (exit $rc) after ${secs} s; its output:"
		cat "$logs/$s.log"
		failed=1
	fi
done
[ "$failed" = 0 ] || exit 1
rm -rf "$logs"
echo "== all tests passed"
