#!/usr/bin/env bash
# Start `workchain-node --dev` on loopback ports, wait until a block after genesis is
# finalized (read over JSON-RPC), then stop it. Exits non-zero on failure.
set -euo pipefail
. "$(dirname "$0")/common.sh"

RPC_PORT="${RPC_PORT:-19944}"
P2P_PORT="${P2P_PORT:-31333}"
TIMEOUT="${TIMEOUT:-120}"
log="$(mktemp -t workchain-dev-XXXXXX.log)"

"$NODE_BIN" --dev --rpc-port "$RPC_PORT" --port "$P2P_PORT" --no-prometheus \
	--no-telemetry --no-mdns >"$log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true' EXIT

rpc() {
	curl -s -H 'Content-Type: application/json' \
		-d "{\"id\":1,\"jsonrpc\":\"2.0\",\"method\":\"$1\",\"params\":${2:-[]}}" \
		"http://127.0.0.1:$RPC_PORT" || true
}

deadline=$((SECONDS + TIMEOUT))
finalized=0
while [ $SECONDS -lt $deadline ]; do
	if ! kill -0 "$pid" 2>/dev/null; then
		echo "dev-node-test: the node exited early" >&2
		tail -30 "$log" >&2
		exit 1
	fi
	head=$(rpc chain_getFinalizedHead | sed -n 's/.*"result":"\(0x[0-9a-f]*\)".*/\1/p')
	if [ -n "$head" ]; then
		hex=$(rpc chain_getHeader "[\"$head\"]" | sed -n 's/.*"number":"0x\([0-9a-f]*\)".*/\1/p')
		[ -n "$hex" ] && finalized=$((16#$hex))
		[ "$finalized" -ge 1 ] && break
	fi
	sleep 1
done

if [ "$finalized" -ge 1 ]; then
	echo "dev-node-test: block #$finalized finalized"
	echo "dev-node-test: 1 passed, 0 failed"
else
	echo "dev-node-test: no block finalized within ${TIMEOUT}s" >&2
	tail -30 "$log" >&2
	echo "dev-node-test: 0 passed, 1 failed"
	exit 1
fi
