#!/usr/bin/env bash
# A local multi-validator Workchain network on loopback: one process per validator,
# each with its own database, RPC port and fixed node key; every node lists all others
# as bootnodes, so any one of them can be stopped and started again.
#
#   scripts/testnet.sh [run] [N]     start N validators (default 3: alice, bob, charlie),
#                                    print their heads every 6 s, stop them on Ctrl-C
#   scripts/testnet.sh start [N]     start N validators in the background and return
#   scripts/testnet.sh status        each validator's best and finalized block
#   scripts/testnet.sh kill NAME     SIGKILL one validator (a crash)
#   scripts/testnet.sh stop [NAME]   stop one validator (SIGTERM), or all of them
#   scripts/testnet.sh restart NAME  start a stopped validator again on its database
#   scripts/testnet.sh join NAME     start a node for a newcomer (one of the names not in
#                                    the genesis set): `--validator` without development
#                                    keys, RPC methods unsafe so that it can rotate its
#                                    keys; it becomes a validator through the README's
#                                    "Run a validator" steps
#
# N is 1 to 6 (alice, bob, charlie, dave, eve, ferdie). The chain is the node's `local-N`
# (3 validators: `local`), whose Aura and GRANDPA authorities are the N validators.
# GRANDPA finalizes with more than 2/3 of the voters: 3 validators need all 3, so a
# network that must keep finalizing while one validator is down needs 4.
#
# Environment: TESTNET_DIR (state, logs; default $HOME/.cache/workchain/testnet),
# RPC_BASE (alice's RPC port, default 9944; bob's is 9945, ...), P2P_BASE (default 30333),
# PROMETHEUS_BASE (if set, alice's Prometheus port; bob's is one more, ...; default: none),
# SESSION_LENGTH (blocks per session; default: the runtime's, one hour). With
# SESSION_LENGTH the network runs on a raw chain spec that sets the runtime's
# `SessionLength` parameter (its storage key below); the runtime is the same.
set -euo pipefail
. "$(dirname "$0")/common.sh"

TESTNET_DIR="${TESTNET_DIR:-$HOME/.cache/workchain/testnet}"
RPC_BASE="${RPC_BASE:-9944}"
P2P_BASE="${P2P_BASE:-30333}"
NAMES=(alice bob charlie dave eve ferdie)
# twox_128(":SessionLength:"), the storage key of the runtime's `SessionLength` parameter
# (a runtime test checks it).
SESSION_LENGTH_KEY=0x783270be59b0ce1db793a4e469870e12

die() { echo "testnet: $*" >&2; exit 1; }

index_of() { # NAME -> its index in NAMES
	local i
	for i in "${!NAMES[@]}"; do [ "${NAMES[$i]}" = "$1" ] && { echo "$i"; return; }; done
	die "unknown validator '$1' (one of ${NAMES[*]})"
}
rpc_port() { echo $((RPC_BASE + $(index_of "$1"))); }
p2p_port() { echo $((P2P_BASE + $(index_of "$1"))); }
validators() { # the names of this network's validators
	[ -f "$TESTNET_DIR/validators" ] || die "no network in $TESTNET_DIR; run '$0 start' first"
	cat "$TESTNET_DIR/validators"
}
pid_of() { cat "$TESTNET_DIR/$1.pid" 2>/dev/null || true; }
running() { local pid; pid=$(pid_of "$1"); [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; }

scale_u32() { # N -> its SCALE encoding (little-endian u32) as hex
	printf '0x%02x%02x%02x%02x' $(($1 & 255)) $(($1 >> 8 & 255)) $(($1 >> 16 & 255)) $(($1 >> 24 & 255))
}

# A fixed node key per validator (alice 0x..01, bob 0x..02, ...), so peer ids are known.
write_node_keys() {
	local i
	for i in "${!NAMES[@]}"; do
		[ "$i" -lt "$1" ] || break
		printf '%064x' $((i + 1)) >"$TESTNET_DIR/${NAMES[$i]}.key"
		"$NODE_BIN" key inspect-node-key --file "$TESTNET_DIR/${NAMES[$i]}.key" \
			>"$TESTNET_DIR/${NAMES[$i]}.peer"
	done
}

launch() { # NAME: start one validator in the background on its database
	local name=$1 other args=()
	running "$name" && die "$name is already running (pid $(pid_of "$name"))"
	for other in $(validators); do
		[ "$other" = "$name" ] && continue
		args+=(--bootnodes "/ip4/127.0.0.1/tcp/$(p2p_port "$other")/p2p/$(cat "$TESTNET_DIR/$other.peer")")
	done
	if [ -n "${PROMETHEUS_BASE:-}" ]; then
		args+=(--prometheus-port $((PROMETHEUS_BASE + $(index_of "$name"))))
	else
		args+=(--no-prometheus)
	fi
	if [ -f "$TESTNET_DIR/$name.newcomer" ]; then
		# A newcomer: its keys come from author_rotateKeysWithOwner, not from the dev seeds.
		args+=(--validator --rpc-methods unsafe --name "$name")
	else
		args+=("--$name")
	fi
	"$NODE_BIN" --chain "$(cat "$TESTNET_DIR/chain")" --base-path "$TESTNET_DIR/$name" \
		--node-key-file "$TESTNET_DIR/$name.key" \
		--listen-addr "/ip4/127.0.0.1/tcp/$(p2p_port "$name")" \
		--rpc-port "$(rpc_port "$name")" --rpc-cors all \
		--no-telemetry --no-mdns "${args[@]}" \
		>>"$TESTNET_DIR/$name.log" 2>&1 &
	echo $! >"$TESTNET_DIR/$name.pid"
	local deadline=$((SECONDS + 60))
	until [ -n "$(rpc "$(rpc_port "$name")" system_health)" ]; do
		running "$name" || { tail -20 "$TESTNET_DIR/$name.log" >&2; die "$name exited"; }
		[ $SECONDS -lt $deadline ] || die "$name does not answer RPC after 60 s"
		sleep 0.5
	done
	echo "testnet: $name up (pid $(pid_of "$name"), rpc ws://127.0.0.1:$(rpc_port "$name"), log $TESTNET_DIR/$name.log)"
}

stop_one() { # NAME [SIGNAL]
	local pid
	pid=$(pid_of "$1")
	if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
		kill "-${2:-TERM}" "$pid"
		while kill -0 "$pid" 2>/dev/null; do sleep 0.2; done
		echo "testnet: $1 stopped (SIG${2:-TERM})"
	fi
	rm -f "$TESTNET_DIR/$1.pid"
}

start() { # N: a new network (any earlier one in TESTNET_DIR is stopped and removed)
	local n=${1:-3} name
	[[ "$n" =~ ^[1-6]$ ]] || die "the number of validators must be 1 to 6"
	[ -x "$NODE_BIN" ] || die "$NODE_BIN is missing; run scripts/setup.sh first"
	if [ -f "$TESTNET_DIR/validators" ]; then
		for name in $(validators); do stop_one "$name"; done
	fi
	rm -rf "$TESTNET_DIR"
	mkdir -p "$TESTNET_DIR"
	local chain
	if [ "$n" = 3 ]; then chain=local; else chain="local-$n"; fi
	if [ -n "${SESSION_LENGTH:-}" ]; then
		[[ "$SESSION_LENGTH" =~ ^[1-9][0-9]*$ ]] || die "SESSION_LENGTH must be a positive number"
		# The same chain with the session length set in its genesis storage (SCALE u32).
		"$NODE_BIN" build-spec --chain "$chain" --raw 2>/dev/null |
			jq --arg k "$SESSION_LENGTH_KEY" --arg v "$(scale_u32 "$SESSION_LENGTH")" \
				'.genesis.raw.top[$k] = $v' >"$TESTNET_DIR/spec.json"
		chain="$TESTNET_DIR/spec.json"
	fi
	echo "$chain" >"$TESTNET_DIR/chain"
	write_node_keys 6
	printf '%s\n' "${NAMES[@]:0:n}" >"$TESTNET_DIR/validators"
	for name in "${NAMES[@]:0:n}"; do launch "$name"; done
}

status() {
	local name port
	for name in $(validators); do
		port=$(rpc_port "$name")
		if running "$name"; then
			printf '%-8s rpc %-5s best #%-6s finalized #%s\n' "$name" "$port" \
				"$(best_number "$port")" "$(finalized_number "$port")"
		else
			printf '%-8s rpc %-5s down\n' "$name" "$port"
		fi
	done
}

member() { # NAME: fail unless NAME is one of this network's validators
	validators >/dev/null
	grep -qx "$1" "$TESTNET_DIR/validators" || die "$1 is not a validator of this network ($(validators | tr '\n' ' '))"
}

cmd=${1:-run}
case "$cmd" in
[1-6]) cmd=run ;;
*) shift || true ;;
esac
case "$cmd" in
run)
	start "${1:-3}"
	trap 'for v in $(validators); do stop_one "$v"; done; exit 0' INT TERM
	echo "testnet: Ctrl-C stops the network"
	while sleep 6; do status; echo; done
	;;
start) start "${1:-3}" ;;
status) validators >/dev/null; status ;;
kill) member "${1:?kill NAME}"; stop_one "$1" KILL ;;
stop)
	if [ -n "${1:-}" ]; then
		member "$1"; stop_one "$1"
	else
		validators >/dev/null
		for v in $(validators); do stop_one "$v"; done
	fi
	;;
restart) member "${1:?restart NAME}"; stop_one "$1"; launch "$1" ;;
join)
	name=${1:?join NAME}
	index_of "$name" >/dev/null
	validators >/dev/null
	grep -qx "$name" "$TESTNET_DIR/validators" && die "$name is already a member of this network"
	touch "$TESTNET_DIR/$name.newcomer"
	echo "$name" >>"$TESTNET_DIR/validators"
	launch "$name"
	;;
*) die "unknown command '$cmd' (run, start, status, kill, stop, restart, join)" ;;
esac
