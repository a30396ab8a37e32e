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
#   scripts/testnet.sh restart NAME  start a stopped validator (or twin) on its database
#   scripts/testnet.sh join NAME     start a node for a newcomer (one of the names not in
#                                    the genesis set): `--validator` without development
#                                    keys, RPC methods unsafe so that it can rotate its
#                                    keys; it becomes a validator through the README's
#                                    "Run a validator" steps
#   scripts/testnet.sh twin NAME     start a second node with validator NAME's keys (as
#                                    NAME-twin), which is how real operators double-sign:
#                                    it authors in NAME's BABE slots and casts NAME's
#                                    GRANDPA votes too, so NAME equivocates. A genesis
#                                    validator's twin gets the development keys (`--NAME`),
#                                    a newcomer's a copy of its keystore. It has its own
#                                    database, node key, log and ports (NAME's + 10);
#                                    `stop NAME-twin` or `kill NAME-twin` ends it, and
#                                    `stop` (all) stops it too
#
# N is 1 to 6 (alice, bob, charlie, dave, eve, ferdie). The chain is the node's `local-N`
# (3 validators: `local`): the N validators are bonded validators of pallet-staking (NPoS;
# 100,000 WORK self-stake each, N seats) with their development session keys, and so
# BABE's and GRANDPA's authorities. A newcomer enters the set at an era's election if
# there is a free seat (SEATS) or it out-backs an elected validator.
# GRANDPA finalizes with more than 2/3 of the voters: 3 validators need all 3, so a
# network that must keep finalizing while one validator is down needs 4.
#
# Environment: TESTNET_DIR (state, logs; default $HOME/.cache/workchain/testnet),
# RPC_BASE (alice's RPC port, default 9944; bob's is 9945, ...), P2P_BASE (default 30333),
# PROMETHEUS_BASE (if set, alice's Prometheus port; bob's is one more, ...; default: none);
# a twin's ports are its validator's + TWIN_OFFSET (10): alice-twin's RPC 9954, p2p 30343;
# NODE_ARGS (more flags for every node, e.g. "--pool-type single-state"), TWIN_ARGS (more
# flags for twins only, e.g. "--no-grandpa"); and the chain's
# parameters (default: the runtime's):
#   SESSION_LENGTH     slots (6 s) per session, which is a BABE epoch (5 to 14400; the
#                      runtime's default is 600, one hour)
#   SESSIONS_PER_ERA   sessions per staking era: the validator set is elected once an
#                      era (1 to 28; default 6)
#   BONDING_DURATION   eras that unbonded funds stay locked (2 to 84; default 28)
#   SEATS              staking's validator count, the number of validators elected
#                      (1 to 64, the runtime's MaxValidatorSet; default N)
#   GOVERNANCE_DIVISOR every referenda track's periods are divided by it, down to one
#                      block each (1 to 100000; default 1): a test passes a referendum in
#                      minutes
#   RUNTIME            a runtime (compressed Wasm file) to start the chain with instead
#                      of the node's own: that runtime builds the genesis from the
#                      preset's patch (the upgrade test starts on the previous release)
# With any of them the network runs on a chain spec built here: the `local-N` spec in
# its plain form, SEATS patched into the genesis (staking.validatorCount), made raw, and
# the runtime parameters written into the raw genesis storage (their keys below, SCALE
# u32 values). The runtime is the same, unless RUNTIME names another. A session length is fixed at genesis (BABE's
# epoch length): never change it on a running chain.
set -euo pipefail
. "$(dirname "$0")/common.sh"

TESTNET_DIR="${TESTNET_DIR:-$HOME/.cache/workchain/testnet}"
RPC_BASE="${RPC_BASE:-9944}"
P2P_BASE="${P2P_BASE:-30333}"
NAMES=(alice bob charlie dave eve ferdie)
TWIN_OFFSET=10 # a twin's ports and node key: its validator's + 10
# twox_128(":Name:"), the storage keys of the runtime's parameters (a runtime test
# checks them).
SESSION_LENGTH_KEY=0x783270be59b0ce1db793a4e469870e12
SESSIONS_PER_ERA_KEY=0xa779f0cd0cdde2961331fd80565829d8
BONDING_DURATION_KEY=0x13083f6a1baf2640d4e119a8b0b68821
GOVERNANCE_DIVISOR_KEY=0x9066751f82ff167b947745aa77bd1212

die() { echo "testnet: $*" >&2; exit 1; }

index_of() { # NAME -> its index in NAMES
	local i
	for i in "${!NAMES[@]}"; do [ "${NAMES[$i]}" = "$1" ] && { echo "$i"; return; }; done
	die "unknown validator '$1' (one of ${NAMES[*]})"
}
# A node's slot among the ports: its validator's index, + TWIN_OFFSET for NAME-twin.
port_index() { # NAME or NAME-twin
	case $1 in
	*-twin) echo $((TWIN_OFFSET + $(index_of "${1%-twin}"))) ;;
	*) index_of "$1" ;;
	esac
}
rpc_port() { echo $((RPC_BASE + $(port_index "$1"))); }
p2p_port() { echo $((P2P_BASE + $(port_index "$1"))); }
validators() { # the names of this network's validators
	[ -f "$TESTNET_DIR/validators" ] || die "no network in $TESTNET_DIR; run '$0 start' first"
	cat "$TESTNET_DIR/validators"
}
twins() { # the twins started in this network (NAME-twin), if any
	cat "$TESTNET_DIR/twins" 2>/dev/null || true
}
pid_of() { cat "$TESTNET_DIR/$1.pid" 2>/dev/null || true; }
running() { local pid; pid=$(pid_of "$1"); [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; }

scale_u32() { # N -> its SCALE encoding (little-endian u32) as hex
	printf '0x%02x%02x%02x%02x' $(($1 & 255)) $(($1 >> 8 & 255)) $(($1 >> 16 & 255)) $(($1 >> 24 & 255))
}

in_range() { # NAME VALUE MIN MAX: die unless VALUE is a number from MIN to MAX
	[[ "$2" =~ ^[0-9]+$ ]] && [ "$2" -ge "$3" ] && [ "$2" -le "$4" ] ||
		die "$1 must be a number from $3 to $4, not '$2'"
}

# The raw spec of CHAIN with SEATS in its genesis patch and the runtime parameters
# (SESSION_LENGTH, SESSIONS_PER_ERA, BONDING_DURATION, GOVERNANCE_DIVISOR) in its genesis
# storage.
custom_spec() { # CHAIN
	local top=() seats=null param name min max key
	# Each runtime parameter that is set: its bounds, then its storage key (NAME_KEY above)
	# and SCALE value.
	for param in "SESSION_LENGTH 5 14400" "SESSIONS_PER_ERA 1 28" "BONDING_DURATION 2 84" \
		"GOVERNANCE_DIVISOR 1 100000"; do
		read -r name min max <<<"$param"
		[ -n "${!name:-}" ] || continue
		in_range "$name" "${!name}" "$min" "$max"
		key="${name}_KEY"
		top+=("${!key}" "$(scale_u32 "${!name}")")
	done
	if [ -n "${SEATS:-}" ]; then
		in_range SEATS "$SEATS" 1 64
		seats=$SEATS
	fi
	# The plain spec carries the preset's genesis as a patch; the seat count goes there,
	# so that the genesis election already fills that many seats.
	local log="$TESTNET_DIR/build-spec.log"
	# (python3, not jq: jq reads balances above 2^53 as doubles and writes 1e+18.)
	"$NODE_BIN" build-spec --chain "$1" --disable-default-bootnode 2>"$log" |
		SEATS_JSON="$seats" RUNTIME="${RUNTIME:-}" python3 -c '
import json, os, sys
spec = json.load(sys.stdin)
genesis = spec.get("genesis", {}).get("runtimeGenesis", {})
patch = genesis.get("patch")
if patch is None:
    sys.exit("no genesis patch in the plain spec")
seats = json.loads(os.environ["SEATS_JSON"])
if seats is not None:
    patch.setdefault("staking", {})["validatorCount"] = seats
if os.environ["RUNTIME"]:
    with open(os.environ["RUNTIME"], "rb") as f:
        genesis["code"] = "0x" + f.read().hex()
json.dump(spec, sys.stdout)' >"$TESTNET_DIR/plain.json" || { cat "$log" >&2; die "no plain spec of $1"; }
	"$NODE_BIN" build-spec --chain "$TESTNET_DIR/plain.json" --raw 2>"$log" |
		jq --args '
			reduce range(0; $ARGS.positional | length; 2) as $i (.;
				.genesis.raw.top[$ARGS.positional[$i]] = $ARGS.positional[$i + 1])' "${top[@]}" ||
		{ tail -20 "$log" >&2; die "no raw spec (see $log)"; }
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
		args+=(--prometheus-port $((PROMETHEUS_BASE + $(port_index "$name"))))
	else
		args+=(--no-prometheus)
	fi
	if [[ "$name" == *-twin ]]; then
		# A twin: its validator's keys, so it signs what its validator signs.
		if [ -f "$TESTNET_DIR/${name%-twin}.newcomer" ]; then
			args+=(--validator --keystore-path "$TESTNET_DIR/$name.keystore")
		else
			args+=("--${name%-twin}")
		fi
		args+=(--name "$name")
		# More flags for twins only (e.g. --no-grandpa: the twin authors but does not vote).
		read -r -a twin_args <<<"${TWIN_ARGS:-}"
		args+=("${twin_args[@]}")
	elif [ -f "$TESTNET_DIR/$name.newcomer" ]; then
		# A newcomer: its keys come from author_rotateKeysWithOwner, not from the dev seeds.
		args+=(--validator --rpc-methods unsafe --name "$name")
	else
		args+=("--$name")
	fi
	"$NODE_BIN" --chain "$(cat "$TESTNET_DIR/chain")" --base-path "$TESTNET_DIR/$name" \
		--node-key-file "$TESTNET_DIR/$name.key" \
		--listen-addr "/ip4/127.0.0.1/tcp/$(p2p_port "$name")" \
		--rpc-port "$(rpc_port "$name")" --rpc-cors all \
		--no-telemetry --no-mdns "${args[@]}" ${NODE_ARGS:-} \
		>>"$TESTNET_DIR/$name.log" 2>&1 &
	echo $! >"$TESTNET_DIR/$name.pid"
	# 120 s: a loaded machine (every suite of scripts/test.sh at once) starts a node slowly.
	local deadline=$((SECONDS + 120))
	until [ -n "$(rpc "$(rpc_port "$name")" system_health)" ]; do
		running "$name" || { tail -20 "$TESTNET_DIR/$name.log" >&2; die "$name exited"; }
		[ $SECONDS -lt $deadline ] || die "$name does not answer RPC after 120 s"
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

stop_all() { # every node of the network, twins first
	local name
	for name in $(twins) $(validators); do stop_one "$name"; done
}

start() { # N: a new network (any earlier one in TESTNET_DIR is stopped and removed)
	local n=${1:-3} name
	[[ "$n" =~ ^[1-6]$ ]] || die "the number of validators must be 1 to 6"
	[ -x "$NODE_BIN" ] || die "$NODE_BIN is missing; run scripts/setup.sh first"
	if [ -f "$TESTNET_DIR/validators" ]; then
		stop_all
	fi
	rm -rf "$TESTNET_DIR"
	mkdir -p "$TESTNET_DIR"
	local chain
	if [ "$n" = 3 ]; then chain=local; else chain="local-$n"; fi
	[ -z "${RUNTIME:-}" ] || [ -f "$RUNTIME" ] || die "RUNTIME: no file $RUNTIME"
	if [ -n "${SESSION_LENGTH:-}${SESSIONS_PER_ERA:-}${BONDING_DURATION:-}${GOVERNANCE_DIVISOR:-}${SEATS:-}${RUNTIME:-}" ]; then
		custom_spec "$chain" >"$TESTNET_DIR/spec.json.tmp"
		mv "$TESTNET_DIR/spec.json.tmp" "$TESTNET_DIR/spec.json"
		chain="$TESTNET_DIR/spec.json"
	fi
	echo "$chain" >"$TESTNET_DIR/chain"
	write_node_keys 6
	printf '%s\n' "${NAMES[@]:0:n}" >"$TESTNET_DIR/validators"
	for name in "${NAMES[@]:0:n}"; do launch "$name"; done
}

status() {
	local name port
	for name in $(validators) $(twins); do
		port=$(rpc_port "$name")
		if running "$name"; then
			printf '%-10s rpc %-5s best #%-6s finalized #%s\n' "$name" "$port" \
				"$(best_number "$port")" "$(finalized_number "$port")"
		else
			printf '%-10s rpc %-5s down\n' "$name" "$port"
		fi
	done
}

member() { # NAME: fail unless NAME is one of this network's validators
	validators >/dev/null
	grep -qx "$1" "$TESTNET_DIR/validators" || die "$1 is not a validator of this network ($(validators | tr '\n' ' '))"
}

node_of() { # NAME: fail unless NAME is one of this network's validators or twins
	validators >/dev/null
	if [[ "$1" == *-twin ]]; then
		twins | grep -qx "$1" || die "$1 was never started (no '$0 twin ${1%-twin}')"
	else
		member "$1"
	fi
}

# A second node with NAME's keys (NAME-twin), on its own database, node key and ports.
twin() { # NAME
	local name=$1 twin="$1-twin" keystore
	member "$name"
	if ! twins | grep -qx "$twin"; then
		printf '%064x' $(($(index_of "$name") + 1 + TWIN_OFFSET)) >"$TESTNET_DIR/$twin.key"
		"$NODE_BIN" key inspect-node-key --file "$TESTNET_DIR/$twin.key" >"$TESTNET_DIR/$twin.peer"
		if [ -f "$TESTNET_DIR/$name.newcomer" ]; then
			# A newcomer's keys are in its node's keystore (author_rotateKeys): copy it, as
			# an operator copies a keystore to a second machine.
			keystore=$(compgen -G "$TESTNET_DIR/$name/chains/*/keystore" | head -1 || true)
			[ -n "$keystore" ] || die "$name has no keystore to copy"
			cp -r "$keystore" "$TESTNET_DIR/$twin.keystore"
		fi
		echo "$twin" >>"$TESTNET_DIR/twins"
	fi
	launch "$twin"
}

cmd=${1:-run}
case "$cmd" in
[1-6]) cmd=run ;;
*) shift || true ;;
esac
case "$cmd" in
run)
	start "${1:-3}"
	trap 'stop_all; exit 0' INT TERM
	echo "testnet: Ctrl-C stops the network"
	while sleep 6; do status; echo; done
	;;
start) start "${1:-3}" ;;
status) validators >/dev/null; status ;;
kill) node_of "${1:?kill NAME}"; stop_one "$1" KILL ;;
stop)
	if [ -n "${1:-}" ]; then
		node_of "$1"; stop_one "$1"
	else
		validators >/dev/null
		stop_all
	fi
	;;
restart) node_of "${1:?restart NAME}"; stop_one "$1"; launch "$1" ;;
join)
	name=${1:?join NAME}
	index_of "$name" >/dev/null
	validators >/dev/null
	grep -qx "$name" "$TESTNET_DIR/validators" && die "$name is already a member of this network"
	touch "$TESTNET_DIR/$name.newcomer"
	echo "$name" >>"$TESTNET_DIR/validators"
	launch "$name"
	;;
twin) twin "${1:?twin NAME}" ;;
*) die "unknown command '$cmd' (run, start, status, kill, stop, restart, join, twin)" ;;
esac
