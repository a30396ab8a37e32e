#!/usr/bin/env bash
# Start a development node (Alice validates alone) with JSON-RPC on 127.0.0.1:9944.
# The chain lives in a temporary directory and is gone when the node stops.
# Extra arguments are passed to the node.
set -euo pipefail
. "$(dirname "$0")/common.sh"
if [ ! -x "$NODE_BIN" ]; then
	echo "run-dev: $NODE_BIN is missing; run scripts/setup.sh first" >&2
	exit 1
fi
exec "$NODE_BIN" --dev --rpc-cors all "$@"
