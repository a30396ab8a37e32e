#!/usr/bin/env bash
# The gossip test (scripts/e2e/gossip.test.js): a local network of 2 validators (alice,
# bob) on loopback ports (RPC from 20040, p2p from 31540). Alice's pool is flooded with
# 20,000 ready transfers (GOSSIP_FLOOD), sent to her only; while she holds thousands, a
# new transaction with a high tip and one with no tip are sent to her, and each must reach
# bob (his pool, or a block he imported) within GOSSIP_BOUND seconds (default 10, about
# three 2.9 s propagation rounds). Prints both times and alice's ready count then; the
# flood must drain afterwards. About 2 minutes.
set -euo pipefail
. "$(dirname "$0")/common.sh"

testnet_suite gossip-test 20040 31540
"$TESTNET" start 2
npm run --silent test:gossip
