#!/usr/bin/env bash
# The join test (scripts/e2e/join.test.js): a local network of 3 genesis validators on
# loopback ports (RPC from 19980, p2p from 31480) with short eras: 10-slot (60 s)
# sessions, one session per era, 2 eras of unbonding and 4 seats, so that a newcomer
# enters at the next era without out-backing anyone. A 4th node, dave, is started with
# `--validator` and no keys. The test makes dave a validator through the README's "Run a
# validator" steps (bond, session keys, validate) with eve nominating it, kills and
# restarts bob, and makes dave leave (chill, unbond, withdraw after the bonding duration).
set -euo pipefail
. "$(dirname "$0")/common.sh"

export TESTNET_DIR="${TESTNET_DIR:-$(mktemp -d -t workchain-join-XXXXXX)}"
export RPC_BASE="${RPC_BASE:-19980}" P2P_BASE="${P2P_BASE:-31480}"
export SESSION_LENGTH="${SESSION_LENGTH:-10}" SESSIONS_PER_ERA="${SESSIONS_PER_ERA:-1}"
export BONDING_DURATION="${BONDING_DURATION:-2}" SEATS="${SEATS:-4}"
TESTNET="$REPO_ROOT/scripts/testnet.sh"

cleanup() {
	status=$?
	if [ "$status" != 0 ]; then
		for log in "$TESTNET_DIR"/*.log; do echo "--- $log" >&2; tail -25 "$log" >&2; done
	fi
	[ -f "$TESTNET_DIR/validators" ] && "$TESTNET" stop >/dev/null 2>&1 || true
	rm -rf "$TESTNET_DIR"
	exit "$status"
}
trap cleanup EXIT

[ -x "$NODE_BIN" ] || { echo "join-test: $NODE_BIN is missing; run scripts/setup.sh" >&2; exit 1; }
cd "$REPO_ROOT/scripts/e2e"
node_deps
"$TESTNET" start 3
"$TESTNET" join dave
TESTNET="$TESTNET" npm run --silent test:join
