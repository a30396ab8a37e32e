#!/usr/bin/env bash
# Launch a new live Workchain network: each operator makes its keys on its own machine,
# one coordinator builds the raw chain spec from the operators' public keys, and every
# operator starts its validator on that spec. No secret leaves an operator's machine and
# none is ever in the repository.
#
#   scripts/new-network.sh keys DIR [--name NAME] [--address MULTIADDR]
#       On an operator's machine. Makes DIR (mode 700) with the operator's secrets:
#         DIR/account.secret  the secret phrase of the operator's account (it signs the
#                             operator's transactions; keep it offline after genesis)
#         DIR/keystore/       the node's BABE (sr25519) and GRANDPA (ed25519) session keys
#         DIR/node-key        the node's libp2p key
#       and the public DIR/operator.json (name, account, session keys, peer id, and the
#       bootnode address if --address is given, e.g. /dns/v1.example.org/tcp/30333).
#       Only operator.json goes to the coordinator.
#
#   scripts/new-network.sh spec OUT.json --name NAME --id ID [--protocol-id ID]
#           [--bond WORK] [--operator-balance WORK] [--seats N [--free-seats]]
#           [--endow ADDRESS=WORK]...
#           OPERATOR.json...
#       Builds the raw chain spec OUT.json: ChainType Live, token WORK with 12 decimals,
#       ss58 format 42, the protocol id (default: ID), the operators' bootnodes. Genesis:
#       each operator (at most 64) gets an endowment (--operator-balance, default 110000
#       WORK) and is a bonded validator of pallet-staking (NPoS) with a self-stake of
#       --bond (default 100000 WORK; at least the minimum validator bond, and less than
#       the endowment) and its session keys; --seats is the number of validators an
#       era's election fills (default: the number of operators; more needs
#       --free-seats: a free seat goes to the first newcomer with the minimum bond, so
#       free seats are cheap seats for an attacker; newcomers otherwise enter by
#       out-backing an elected validator); --endow adds
#       accounts. The minimum validator and nominator bonds and BABE's epoch
#       configuration are the development preset's. No development account, no sudo, no
#       demo asset: after genesis only referenda change anything privileged.
#
#   Each operator then runs (see README.md, "Run a validator"):
#       workchain-node --chain OUT.json --validator --name NAME --base-path DIR/data \
#           --keystore-path DIR/keystore --node-key-file DIR/node-key
#
# Needs the node binary (scripts/setup.sh; or NODE_BIN) and python3.
set -euo pipefail
. "$(dirname "$0")/common.sh"

die() { echo "new-network: $*" >&2; exit 1; }
[ -x "$NODE_BIN" ] || die "$NODE_BIN is missing; run scripts/setup.sh first (or set NODE_BIN)"
command -v python3 >/dev/null || die "python3 is required"

# The public key, in SS58, of a secret phrase.
public_of() { # SCHEME PHRASE
	"$NODE_BIN" key inspect --scheme "$1" --output-type json "$2" |
		python3 -c 'import json,sys; print(json.load(sys.stdin)["ss58Address"])'
}
new_phrase() {
	"$NODE_BIN" key generate --scheme sr25519 --output-type json |
		python3 -c 'import json,sys; print(json.load(sys.stdin)["secretPhrase"])'
}

keys() {
	local dir=${1:?keys DIR} name="" address=""
	shift
	while [ $# -gt 0 ]; do
		case "$1" in
		--name) name=${2:?--name NAME}; shift 2 ;;
		--address) address=${2:?--address MULTIADDR}; shift 2 ;;
		*) die "keys: unknown option '$1'" ;;
		esac
	done
	[ -e "$dir/operator.json" ] && die "$dir already has keys; use a new directory"
	mkdir -p "$dir"
	chmod 700 "$dir"
	[ -n "$name" ] || name=$(basename "$dir")
	local account babe grandpa peer
	(umask 077 && new_phrase >"$dir/account.secret")
	account=$(public_of sr25519 "$(cat "$dir/account.secret")")
	# Session keys straight into the node's keystore; their phrases are not kept apart.
	local babe_phrase grandpa_phrase
	babe_phrase=$(new_phrase)
	grandpa_phrase=$(new_phrase)
	"$NODE_BIN" key insert --keystore-path "$dir/keystore" --key-type babe --scheme sr25519 \
		--suri "$babe_phrase"
	"$NODE_BIN" key insert --keystore-path "$dir/keystore" --key-type gran --scheme ed25519 \
		--suri "$grandpa_phrase"
	babe=$(public_of sr25519 "$babe_phrase")
	grandpa=$(public_of ed25519 "$grandpa_phrase")
	chmod -R go-rwx "$dir/keystore"
	(umask 077 && "$NODE_BIN" key generate-node-key --file "$dir/node-key" 2>/dev/null)
	peer=$("$NODE_BIN" key inspect-node-key --file "$dir/node-key")
	NAME="$name" ACCOUNT="$account" BABE="$babe" GRANDPA="$grandpa" PEER="$peer" \
		ADDRESS="$address" python3 - >"$dir/operator.json" <<'PY'
import json, os
e = os.environ
op = {"name": e["NAME"], "account": e["ACCOUNT"], "babe": e["BABE"],
      "grandpa": e["GRANDPA"], "peer_id": e["PEER"]}
if e["ADDRESS"]:
    op["bootnode"] = f'{e["ADDRESS"].rstrip("/")}/p2p/{e["PEER"]}'
print(json.dumps(op, indent=2))
PY
	echo "new-network: keys of $name in $dir (account $account, peer $peer)"
	echo "new-network: send $dir/operator.json to the coordinator; everything else in $dir is secret"
}

spec() {
	local out=${1:?spec OUT.json}
	shift
	local name="" id="" protocol="" bond=100000 balance=110000 seats="" free_seats="" endow=()
	local operators=()
	while [ $# -gt 0 ]; do
		case "$1" in
		--name) name=${2:?}; shift 2 ;;
		--id) id=${2:?}; shift 2 ;;
		--protocol-id) protocol=${2:?}; shift 2 ;;
		--bond) bond=${2:?}; shift 2 ;;
		--operator-balance) balance=${2:?}; shift 2 ;;
		--seats) seats=${2:?}; shift 2 ;;
		--free-seats) free_seats=1; shift ;;
		--endow) endow+=("${2:?}"); shift 2 ;;
		--*) die "spec: unknown option '$1'" ;;
		*) operators+=("$1"); shift ;;
		esac
	done
	[ -n "$name" ] && [ -n "$id" ] || die "spec: --name and --id are required"
	[ ${#operators[@]} -gt 0 ] || die "spec: name at least one OPERATOR.json"
	local work tmp
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' RETURN
	# The runtime's code and the spec's shape, from the node's own development spec.
	"$NODE_BIN" build-spec --chain dev --disable-default-bootnode 2>/dev/null >"$tmp/dev.json"
	NAME="$name" ID="$id" PROTOCOL="${protocol:-$id}" BOND="$bond" BALANCE="$balance" \
		SEATS="$seats" FREE_SEATS="$free_seats" ENDOW="${endow[*]:-}" python3 - "$tmp/dev.json" "${operators[@]}" \
		>"$tmp/plain.json" <<'PY'
import json, os, sys
from decimal import Decimal, InvalidOperation

e = os.environ
UNIT = 10**12
MAX_VALIDATORS = 64  # the most genesis validators (and seats) this script makes
EXISTENTIAL_DEPOSIT = UNIT // 1000  # runtime: EXISTENTIAL_DEPOSIT (1 milli WORK)

def planck(work: str) -> int:
    try:
        amount = Decimal(work) * UNIT
    except InvalidOperation:
        sys.exit(f"new-network: '{work}' is not an amount of WORK")
    if amount != amount.to_integral_value() or amount < 0:
        sys.exit(f"new-network: '{work}' is not an amount of WORK (at most 12 decimals)")
    return int(amount)

def work(planck: int) -> str:
    return f"{Decimal(planck) / UNIT:f} WORK"

dev = json.load(open(sys.argv[1]))
code = dev["genesis"]["runtimeGenesis"]["code"]
# What the runtime's own presets give: the minimum bonds (and the validator and
# nominator caps, if they set any) and BABE's epoch configuration.
dev_patch = dev["genesis"]["runtimeGenesis"]["patch"]
dev_staking = dev_patch.get("staking")
if dev_staking is None:
    sys.exit("new-network: the node's development preset has no staking (an Aura node?)")
min_validator_bond = int(dev_staking.get("minValidatorBond", 0))
min_nominator_bond = int(dev_staking.get("minNominatorBond", 0))
epoch_config = dev_patch.get("babe", {}).get("epochConfig")
if epoch_config is None:
    sys.exit("new-network: the node's development preset has no babe.epochConfig")
ops = [json.load(open(p)) for p in sys.argv[2:]]
if len(ops) > MAX_VALIDATORS:
    sys.exit(f"new-network: at most {MAX_VALIDATORS} genesis validators")
for op, path in zip(ops, sys.argv[2:]):
    missing = [k for k in ("account", "babe", "grandpa") if not op.get(k)]
    if missing:
        sys.exit(f"new-network: {path} has no {', '.join(missing)} (made by an older "
                 "new-network.sh? run 'keys' again)")
accounts = [op["account"] for op in ops]
if len(set(accounts)) != len(accounts):
    sys.exit("new-network: two operators have the same account")

seats = e["SEATS"] or str(len(ops))
if not seats.isdigit() or not 1 <= int(seats) <= MAX_VALIDATORS:
    sys.exit(f"new-network: --seats must be a number from 1 to {MAX_VALIDATORS}, not '{seats}'")
seats = int(seats)
# A seat that no operator fills goes to the first newcomer with the minimum bond: free
# seats are cheap seats. Past a third of them an attacker halts finality with minimum
# bonds, past two thirds it captures it.
if seats > len(ops) and not e["FREE_SEATS"]:
    free = seats - len(ops)
    sys.exit(f"new-network: --seats {seats} leaves {free} seat(s) free: the first newcomers take "
             f"them with the minimum validator bond ({work(min_validator_bond)} each); "
             f"add --free-seats if that is meant")
bond = planck(e["BOND"])
balance = planck(e["BALANCE"])
if bond < min_validator_bond:
    sys.exit(f"new-network: --bond {work(bond)} is below the minimum validator bond "
             f"({work(min_validator_bond)})")
# The account keeps the existential deposit beside its stake (and pays its fees from
# what else it has).
if bond + EXISTENTIAL_DEPOSIT > balance:
    sys.exit(f"new-network: --bond {work(bond)} must be below --operator-balance "
             f"{work(balance)} by at least the existential deposit")

balances = {a: balance for a in accounts}
for item in e["ENDOW"].split():
    address, _, amount = item.partition("=")
    if not amount:
        sys.exit(f"new-network: --endow takes ADDRESS=WORK, not '{item}'")
    balances[address] = balances.get(address, 0) + planck(amount)

staking = {
    "validatorCount": seats,
    "minimumValidatorCount": 1,
    "stakers": [[a, a, bond, "Validator"] for a in accounts],
    "minValidatorBond": min_validator_bond,
    "minNominatorBond": min_nominator_bond,
    "invulnerables": [],
}
for cap in ("maxValidatorCount", "maxNominatorCount"):
    if dev_staking.get(cap) is not None:
        staking[cap] = dev_staking[cap]
patch = {
    "balances": {"balances": [[a, b] for a, b in balances.items()]},
    "staking": staking,
    "babe": {"epochConfig": epoch_config},
    "session": {
        "keys": [[op["account"], op["account"], {"babe": op["babe"], "grandpa": op["grandpa"]}]
                 for op in ops],
    },
}
spec = {
    "name": e["NAME"],
    "id": e["ID"],
    "chainType": "Live",
    "bootNodes": [op["bootnode"] for op in ops if op.get("bootnode")],
    "telemetryEndpoints": None,
    "protocolId": e["PROTOCOL"],
    "properties": {"tokenSymbol": "WORK", "tokenDecimals": 12, "ss58Format": 42},
    "codeSubstitutes": {},
    "genesis": {"runtimeGenesis": {"code": code, "patch": patch}},
}
print(json.dumps(spec, indent=2))
PY
	"$NODE_BIN" build-spec --chain "$tmp/plain.json" --raw 2>"$tmp/build-spec.log" >"$out.tmp" ||
		{ tail -20 "$tmp/build-spec.log" >&2; rm -f "$out.tmp"; die "build-spec failed on the genesis"; }
	mv "$out.tmp" "$out"
	echo "new-network: $out: '$name' ($id), ${#operators[@]} genesis validators, ${seats:-${#operators[@]}} seats"
}

cmd=${1:-}
shift || true
case "$cmd" in
keys) keys "$@" ;;
spec) spec "$@" ;;
*) die "usage: $0 keys DIR [--name NAME] [--address MULTIADDR] | spec OUT.json --name NAME --id ID [options] OPERATOR.json..." ;;
esac
