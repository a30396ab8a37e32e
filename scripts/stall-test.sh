#!/usr/bin/env bash
# The stall-recovery test (scripts/e2e/stall.test.js): a local network of 4 genesis
# validators (alice, bob, charlie, dave: 100,000 WORK self-stake each, 4 seats) on
# loopback ports (RPC from 20060, p2p from 31560) with short eras (10-slot sessions, one
# session per era, 2 eras of unbonding) and governance periods divided by 600 (the
# finality_recovery track then takes a few blocks). Charlie's and dave's nodes stop, so
# finality stalls; a finality_recovery referendum names them, and finality must resume
# with alice and bob, without restarting any node (README, "A way out of a stall").
set -euo pipefail
. "$(dirname "$0")/common.sh"

export SESSION_LENGTH="${SESSION_LENGTH:-10}" SESSIONS_PER_ERA="${SESSIONS_PER_ERA:-1}"
export BONDING_DURATION="${BONDING_DURATION:-2}" SEATS="${SEATS:-4}"
export GOVERNANCE_DIVISOR="${GOVERNANCE_DIVISOR:-600}"
testnet_suite stall-test 20060 31560
"$TESTNET" start 4
npm run --silent test:stall
