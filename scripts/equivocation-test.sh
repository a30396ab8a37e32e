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
#
# EQUIVOCATE=babe (the default) starts the twin with --no-grandpa: it authors in alice's
# BABE slots but does not vote, so the offence must be BABE's (the report that
# node/src/babe_equivocation.rs builds). EQUIVOCATE=any lets the twin vote too; GRANDPA's
# report (polkadot-sdk's own) then usually lands first.
set -euo pipefail
. "$(dirname "$0")/common.sh"

export SESSION_LENGTH="${SESSION_LENGTH:-10}" SESSIONS_PER_ERA="${SESSIONS_PER_ERA:-1}"
export BONDING_DURATION="${BONDING_DURATION:-2}" SEATS="${SEATS:-4}"
export EQUIVOCATE="${EQUIVOCATE:-babe}"
case "$EQUIVOCATE" in
babe) export TWIN_ARGS="--no-grandpa" ;;
any) ;;
*) echo "equivocation-test: EQUIVOCATE is babe or any, not '$EQUIVOCATE'" >&2; exit 2 ;;
esac
testnet_suite equivocation-test 20010 31510
"$TESTNET" start 4
npm run --silent test:equivocation
