#!/usr/bin/env bash
# The equivocation test (scripts/e2e/equivocation.test.js): a local network of 4 genesis
# validators (alice, bob, charlie, dave: 100,000 WORK self-stake each, 4 seats) on
# loopback ports (RPC from 20010, p2p from 31510; alice's twin on 20020 and 31520) with
# short eras: 10-slot (60 s) sessions, one session per era, 2 eras of unbonding (so a
# slash is deferred by 1 era). The test starts a second node with alice's keys
# (`scripts/testnet.sh twin alice`), as an operator who runs a copy of its keystore on a
# second machine: alice signs two BABE blocks in one slot, or two GRANDPA votes in one
# round. The honest nodes must report it: an offence is recorded, alice is disabled and
# slashed, and finality goes on with bob, charlie and dave (3 of 4).
set -euo pipefail
. "$(dirname "$0")/common.sh"

export TESTNET_DIR="${TESTNET_DIR:-$(mktemp -d -t workchain-equivocation-XXXXXX)}"
export RPC_BASE="${RPC_BASE:-20010}" P2P_BASE="${P2P_BASE:-31510}"
export SESSION_LENGTH="${SESSION_LENGTH:-10}" SESSIONS_PER_ERA="${SESSIONS_PER_ERA:-1}"
export BONDING_DURATION="${BONDING_DURATION:-2}" SEATS="${SEATS:-4}"
TESTNET="$REPO_ROOT/scripts/testnet.sh"

cleanup() {
	status=$?
	if [ "$status" != 0 ]; then
		for log in "$TESTNET_DIR"/*.log; do
			[ -f "$log" ] && { echo "--- $log" >&2; tail -40 "$log" >&2; }
		done
	fi
	# Every node, alice's twin included (testnet.sh stop stops the twins too).
	[ -f "$TESTNET_DIR/validators" ] && "$TESTNET" stop >/dev/null 2>&1 || true
	rm -rf "$TESTNET_DIR"
	exit "$status"
}
trap cleanup EXIT

[ -x "$NODE_BIN" ] || { echo "equivocation-test: $NODE_BIN is missing; run scripts/setup.sh" >&2; exit 1; }
cd "$REPO_ROOT/scripts/e2e"
node_deps
"$TESTNET" start 4
TESTNET="$TESTNET" npm run --silent test:equivocation
