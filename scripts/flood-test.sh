#!/usr/bin/env bash
# The flood test: far more valid extrinsics (transfers, ito.buy, ito.add_reward) than fit
# in 20 blocks, from 12,000 accounts (more than a node's default transaction pool holds),
# each watched as a wallet watches it, to nodes with their default transaction pool, on
# 127.0.0.1 only. Bounded: FACTOR (default 1.5) times what 20 blocks hold, and TIMEOUT
# seconds (default 1500) for the whole run.
#
#   scripts/flood-test.sh            a dev node (pinned to core 0, the load to core 1)
#   scripts/flood-test.sh --network  a 2-validator local network (alice, bob); the flood
#                                    goes to alice, and each node reports the import time
#                                    of the blocks the other one authored
#
# It reports during the flood the latency of chain_getHeader and ito_workBlock, each
# node's RSS, the pool's size, and per block the normal-class weight used. It fails if an
# extrinsic is never included, if an accepted one neither reaches a block nor is reported
# dropped (it vanished), or if a block under load uses less than 90% of the normal-class
# limit (on a network, a block of the flooded node: the other validator holds only what
# gossip brings it); refusals and drops are counted by reason. FLOOD_JSON=FILE keeps the figures.
# Needs the node built (scripts/setup.sh) and Node.js.
set -euo pipefail
. "$(dirname "$0")/common.sh"
cd "$REPO_ROOT/scripts/e2e"
node_deps
TIMEOUT="${TIMEOUT:-1500}"
json="${FLOOD_JSON:-$(mktemp -t workchain-flood-XXXXXX.json)}"
args=(--blocks="${BLOCKS:-20}" --factor="${FACTOR:-1.5}" --json="$json")
if [ "${1:-}" = --network ]; then
	export TESTNET_DIR="${TESTNET_DIR:-$(mktemp -d -t workchain-flood-net-XXXXXX)}"
	export RPC_BASE="${RPC_BASE:-39960}" P2P_BASE="${P2P_BASE:-39970}" PROMETHEUS_BASE="${PROMETHEUS_BASE:-39980}"
	trap '"$REPO_ROOT/scripts/testnet.sh" stop >/dev/null 2>&1 || true; rm -rf "$TESTNET_DIR"' EXIT
	"$REPO_ROOT/scripts/testnet.sh" start 2
	pids="$(cat "$TESTNET_DIR/alice.pid"),$(cat "$TESTNET_DIR/bob.pid")"
	timeout "$TIMEOUT" node --max-old-space-size=8192 flood.js --port="$RPC_BASE" \
		--pids="$pids" --rpcs="$RPC_BASE,$((RPC_BASE + 1))" \
		--metrics="$PROMETHEUS_BASE,$((PROMETHEUS_BASE + 1))" "${args[@]}"
	echo "flood-test: import time per block on the non-author (ms), alice's then bob's:" >&2
	jq -c '.importMs | map(map(.ms | floor))' "$json" >&2
	jq -r '"flood-test: largest import on a non-author: " + ([.importMs[][] | select(.blocks == 1) | .ms] | max | tostring) + " ms"' "$json" >&2
	grep -h "Prepared block for proposing" "$TESTNET_DIR"/alice.log "$TESTNET_DIR"/bob.log |
		sed -E 's/.*at ([0-9]+) \(([0-9]+) ms\).*extrinsics_count: ([0-9]+).*/\2 ms #\1 \3 extrinsics/' |
		sort -n | tail -3 | sed 's/^/flood-test: slowest proposals: /' >&2 || true
else
	base="$(mktemp -d -t workchain-flood-XXXXXX)"
	log="${FLOOD_LOG:-$(mktemp -t workchain-flood-node-XXXXXX.log)}"
	PORT="${FLOOD_PORT:-39950}" METRICS="${FLOOD_METRICS:-39951}"
	# shellcheck disable=SC2086 # FLOOD_NODE_ARGS: extra node flags, split on spaces
	taskset -c 0 "$NODE_BIN" --dev --base-path "$base/node" --rpc-port "$PORT" --port 0 \
		--prometheus-port "$METRICS" --no-telemetry --no-mdns ${FLOOD_NODE_ARGS:-} >"$log" 2>&1 &
	pid=$!
	trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$base"' EXIT
	timeout "$TIMEOUT" taskset -c 1 node --max-old-space-size=8192 flood.js --port="$PORT" \
		--pids="$pid" --metrics="$METRICS" "${args[@]}"
fi
echo "flood-test: figures in $json${log:+, node log in $log}" >&2
