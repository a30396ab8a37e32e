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

export SESSION_LENGTH="${SESSION_LENGTH:-10}" SESSIONS_PER_ERA="${SESSIONS_PER_ERA:-1}"
export BONDING_DURATION="${BONDING_DURATION:-2}" SEATS="${SEATS:-4}"
testnet_suite join-test 19980 31480
"$TESTNET" start 3
"$TESTNET" join dave
npm run --silent test:join
