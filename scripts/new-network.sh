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
#         DIR/keystore/       the node's Aura (sr25519) and GRANDPA (ed25519) session keys
#         DIR/node-key        the node's libp2p key
#       and the public DIR/operator.json (name, account, session keys, peer id, and the
#       bootnode address if --address is given, e.g. /dns/v1.example.org/tcp/30333).
#       Only operator.json goes to the coordinator.
#
#   scripts/new-network.sh spec OUT.json --name NAME --id ID [--protocol-id ID]
#           [--bond WORK] [--operator-balance WORK] [--endow ADDRESS=WORK]...
#           OPERATOR.json...
#       Builds the raw chain spec OUT.json: ChainType Live, token WORK with 12 decimals,
#       ss58 format 42, the protocol id (default: ID), the operators' bootnodes. Genesis:
#       the operators are collator selection's invulnerables with their session keys and
#       an endowment (--operator-balance, default 10000 WORK); --endow adds accounts; the
#       candidacy bond is --bond (default 1000 WORK). No development account, no sudo,
#       no demo asset: after genesis only referenda change anything privileged.
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
	local account aura grandpa peer
	(umask 077 && new_phrase >"$dir/account.secret")
	account=$(public_of sr25519 "$(cat "$dir/account.secret")")
	# Session keys straight into the node's keystore; their phrases are not kept apart.
	local aura_phrase grandpa_phrase
	aura_phrase=$(new_phrase)
	grandpa_phrase=$(new_phrase)
	"$NODE_BIN" key insert --keystore-path "$dir/keystore" --key-type aura --scheme sr25519 \
		--suri "$aura_phrase"
	"$NODE_BIN" key insert --keystore-path "$dir/keystore" --key-type gran --scheme ed25519 \
		--suri "$grandpa_phrase"
	aura=$(public_of sr25519 "$aura_phrase")
	grandpa=$(public_of ed25519 "$grandpa_phrase")
	chmod -R go-rwx "$dir/keystore"
	(umask 077 && "$NODE_BIN" key generate-node-key --file "$dir/node-key" 2>/dev/null)
	peer=$("$NODE_BIN" key inspect-node-key --file "$dir/node-key")
	NAME="$name" ACCOUNT="$account" AURA="$aura" GRANDPA="$grandpa" PEER="$peer" \
		ADDRESS="$address" python3 - >"$dir/operator.json" <<'PY'
import json, os
e = os.environ
op = {"name": e["NAME"], "account": e["ACCOUNT"], "aura": e["AURA"],
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
	local name="" id="" protocol="" bond=1000 balance=10000 endow=() operators=()
	while [ $# -gt 0 ]; do
		case "$1" in
		--name) name=${2:?}; shift 2 ;;
		--id) id=${2:?}; shift 2 ;;
		--protocol-id) protocol=${2:?}; shift 2 ;;
		--bond) bond=${2:?}; shift 2 ;;
		--operator-balance) balance=${2:?}; shift 2 ;;
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
	# Collator selection's pot (PalletId "wc/pot__" as an account: "modl" ++ id ++ zeros)
	# gets the existential deposit, as in the presets, so that every fee reaches it.
	local pot
	pot=$("$NODE_BIN" key inspect --public --scheme sr25519 --output-type json \
		0x6d6f646c77632f706f745f5f0000000000000000000000000000000000000000 |
		python3 -c 'import json,sys; print(json.load(sys.stdin)["ss58Address"])')
	NAME="$name" ID="$id" PROTOCOL="${protocol:-$id}" BOND="$bond" BALANCE="$balance" \
		POT="$pot" ENDOW="${endow[*]:-}" python3 - "$tmp/dev.json" "${operators[@]}" \
		>"$tmp/plain.json" <<'PY'
import json, os, sys
from decimal import Decimal

e = os.environ
UNIT = 10**12
MAX_INVULNERABLES = 16  # runtime: MaxInvulnerables

def planck(work: str) -> int:
    amount = Decimal(work) * UNIT
    if amount != amount.to_integral_value() or amount < 0:
        sys.exit(f"new-network: '{work}' is not an amount of WORK (at most 12 decimals)")
    return int(amount)

dev = json.load(open(sys.argv[1]))
code = dev["genesis"]["runtimeGenesis"]["code"]
# What the runtime's own presets give: every candidate may enter the set (desired
# candidates = MaxCandidates), and the pot holds the existential deposit.
dev_patch = dev["genesis"]["runtimeGenesis"]["patch"]
desired_candidates = dev_patch["collatorSelection"]["desiredCandidates"]
pot_endowment = dict(map(tuple, dev_patch["balances"]["balances"]))[e["POT"]]
ops = [json.load(open(p)) for p in sys.argv[2:]]
if len(ops) > MAX_INVULNERABLES:
    sys.exit(f"new-network: at most {MAX_INVULNERABLES} genesis validators")
accounts = [op["account"] for op in ops]
if len(set(accounts)) != len(accounts):
    sys.exit("new-network: two operators have the same account")

balances = {a: planck(e["BALANCE"]) for a in accounts}
for item in e["ENDOW"].split():
    address, _, work = item.partition("=")
    if not work:
        sys.exit(f"new-network: --endow takes ADDRESS=WORK, not '{item}'")
    balances[address] = balances.get(address, 0) + planck(work)
balances[e["POT"]] = balances.get(e["POT"], 0) + pot_endowment

patch = {
    "balances": {"balances": [[a, b] for a, b in balances.items()]},
    "collatorSelection": {
        "invulnerables": accounts,
        "candidacyBond": planck(e["BOND"]),
        "desiredCandidates": desired_candidates,
    },
    "session": {
        "keys": [[op["account"], op["account"], {"aura": op["aura"], "grandpa": op["grandpa"]}]
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
	"$NODE_BIN" build-spec --chain "$tmp/plain.json" --raw 2>/dev/null >"$out.tmp"
	mv "$out.tmp" "$out"
	echo "new-network: $out: '$name' ($id), ${#operators[@]} genesis validators"
}

cmd=${1:-}
shift || true
case "$cmd" in
keys) keys "$@" ;;
spec) spec "$@" ;;
*) die "usage: $0 keys DIR [--name NAME] [--address MULTIADDR] | spec OUT.json --name NAME --id ID [options] OPERATOR.json..." ;;
esac
