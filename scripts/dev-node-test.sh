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

deadline=$((SECONDS + TIMEOUT))
finalized=0
while [ $SECONDS -lt $deadline ]; do
	if ! kill -0 "$pid" 2>/dev/null; then
		echo "dev-node-test: the node exited early" >&2
		tail -30 "$log" >&2
		exit 1
	fi
	finalized=$(finalized_number "$RPC_PORT")
	[ "${finalized:-0}" -ge 1 ] && break
	sleep 1
done

if [ "${finalized:-0}" -ge 1 ]; then
	echo "dev-node-test: block #$finalized finalized"
	echo "dev-node-test: 1 passed, 0 failed"
else
	echo "dev-node-test: no block finalized within ${TIMEOUT}s" >&2
	tail -30 "$log" >&2
	echo "dev-node-test: 0 passed, 1 failed"
	exit 1
fi
