#!/usr/bin/env bash
# The testnet test: local validator networks from scripts/testnet.sh on loopback ports
# (RPC from 19970, p2p from 31470), one validator crashed (SIGKILL) and restarted on
# its database.
#
# 1. 3 validators (alice, bob, charlie; the `local` chain: bonded validators of staking,
#    BABE's and GRANDPA's authorities). Charlie is killed: alice and bob keep producing
#    blocks in their BABE slots, and finality waits, as GRANDPA needs more than 2/3 of
#    the voters (3 of 3). Charlie restarts: it imports the blocks it missed, finality
#    resumes, and all three have the same finalized chain.
# 2. 4 validators (`local-4`). Bob is killed: the other three keep finalizing blocks.
#    Bob restarts and resyncs to the same finalized head.
set -euo pipefail
. "$(dirname "$0")/common.sh"

export TESTNET_DIR="${TESTNET_DIR:-$(mktemp -d -t workchain-testnet-XXXXXX)}"
export RPC_BASE="${RPC_BASE:-19970}" P2P_BASE="${P2P_BASE:-31470}"
TESTNET="$REPO_ROOT/scripts/testnet.sh"
NAMES=(alice bob charlie dave eve ferdie)
passed=0

cleanup() {
	[ -f "$TESTNET_DIR/validators" ] && "$TESTNET" stop >/dev/null 2>&1 || true
	rm -rf "$TESTNET_DIR"
}
trap cleanup EXIT

port() { local i; for i in "${!NAMES[@]}"; do [ "${NAMES[$i]}" = "$1" ] && echo $((RPC_BASE + i)); done; }
# The smallest and largest best/finalized number over the named validators (-1 if one
# does not answer).
over() { # min|max best_number|finalized_number NAME...
	local agg=$1 get=$2 v out=""
	shift 2
	for name in "$@"; do
		v=$("$get" "$(port "$name")")
		[ -n "$v" ] || { echo -1; return; }
		if [ -z "$out" ] || { [ "$agg" = min ] && [ "$v" -lt "$out" ]; } ||
			{ [ "$agg" = max ] && [ "$v" -gt "$out" ]; }; then out=$v; fi
	done
	echo "$out"
}
fail() {
	echo "testnet-test: FAILED: $*" >&2
	"$TESTNET" status >&2 || true
	for log in "$TESTNET_DIR"/*.log; do echo "--- $log" >&2; tail -15 "$log" >&2; done
	echo "testnet-test: $passed passed, 1 failed"
	exit 1
}
# Wait until `over min GET NAMES` reaches TARGET.
wait_for() { # DESCRIPTION TIMEOUT TARGET best_number|finalized_number NAME...
	local what=$1 timeout=$2 target=$3 get=$4 deadline
	shift 4
	deadline=$((SECONDS + timeout))
	until [ "$(over min "$get" "$@")" -ge "$target" ]; do
		[ $SECONDS -lt $deadline ] || fail "$what: not reached within ${timeout}s"
		sleep 1
	done
	echo "testnet-test: $what (#$target, $((timeout - deadline + SECONDS))s)"
}
# Every named validator has the same block at height N (a finalized height for all).
same_hash_at() { # N NAME...
	local n=$1 first="" h
	shift
	for name in "$@"; do
		h=$(block_hash "$(port "$name")" "$n")
		[ -n "$h" ] || fail "$name has no block #$n"
		[ -z "$first" ] && first=$h
		[ "$h" = "$first" ] || fail "$name has $h at #$n, $1 has $first"
	done
	echo "testnet-test: block #$n is $first on $*"
}
ok() { passed=$((passed + 1)); echo "testnet-test: ok - $*"; }

echo "== 3 validators: charlie crashes and restarts"
"$TESTNET" start 3
wait_for "all three finalize" 120 2 finalized_number alice bob charlie
had=$(best_number "$(port charlie)")
"$TESTNET" kill charlie
sleep 12 # votes already cast may still complete a round
stalled=$(over max finalized_number alice bob)
best=$(over min best_number alice bob)
wait_for "alice and bob keep producing blocks" 90 $((best + 3)) best_number alice bob
[ "$(over max finalized_number alice bob)" -eq "$stalled" ] ||
	fail "2 of 3 GRANDPA voters finalized a block (threshold is 3)"
echo "testnet-test: finality waits at #$stalled with 2 of 3 voters"
produced=$(over max best_number alice bob)
[ "$produced" -gt "$had" ] || fail "charlie did not miss any block"
"$TESTNET" restart charlie
wait_for "charlie (down at #$had) imports the blocks it missed" 120 "$produced" best_number charlie
wait_for "finality resumes on all three" 120 $((stalled + 3)) finalized_number alice bob charlie
same_hash_at "$(over min finalized_number alice bob charlie)" alice bob charlie
ok "3 validators: blocks continue without charlie, finality resumes after its restart"
"$TESTNET" stop

echo "== 4 validators: bob crashes and restarts"
"$TESTNET" start 4
wait_for "all four finalize" 120 2 finalized_number alice bob charlie dave
had=$(finalized_number "$(port bob)")
"$TESTNET" kill bob
sleep 2
before=$(over max finalized_number alice charlie dave)
wait_for "alice, charlie and dave keep finalizing without bob" 120 $((before + 3)) \
	finalized_number alice charlie dave
head=$(over min finalized_number alice charlie dave)
[ "$head" -gt "$had" ] || fail "no block was finalized while bob was down"
"$TESTNET" restart bob
wait_for "bob (down at finalized #$had) resyncs to the others' finalized head" 120 "$head" finalized_number bob
same_hash_at "$head" alice bob charlie dave
ok "4 validators: finality continues without bob, bob resyncs to the same finalized head"
"$TESTNET" stop

echo "testnet-test: $passed passed, 0 failed"
