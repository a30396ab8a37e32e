#!/usr/bin/env bash
# The live-network test: two operators make their keys with scripts/new-network.sh, a
# coordinator builds the raw spec from their operator.json files, and both start their
# validators on loopback (RPC 19990/19991, p2p 31490/31491) exactly as README.md says.
# Checks: BABE and GRANDPA keys in each keystore; no secret in operator.json; ChainType
# Live, properties, protocol id and bootnodes in the spec, its seat count and minimum
# bonds; bad bonds and seat counts refused; no development account and no Sudo storage in
# the genesis; on the running chain the operators are staking's validators and the
# session's, each bonded with its self-stake (100,000 WORK, held) and exposed with it in
# the active era; both validators author (BABE) and GRANDPA (2 of 2) finalizes.
set -euo pipefail
. "$(dirname "$0")/common.sh"

work=$(mktemp -d -t workchain-live-XXXXXX)
pids=()
cleanup() {
	status=$?
	for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
	wait 2>/dev/null || true
	if [ "$status" != 0 ]; then
		for log in "$work"/*.log; do [ -f "$log" ] && { echo "--- $log" >&2; tail -20 "$log" >&2; }; done
	fi
	rm -rf "$work"
	exit "$status"
}
trap cleanup EXIT
fail() { echo "new-network-test: FAILED: $*" >&2; exit 1; }
ok() { echo "new-network-test: ok - $*"; }
NEW_NETWORK="$REPO_ROOT/scripts/new-network.sh"

# 1. Each operator, on its own machine.
"$NEW_NETWORK" keys "$work/op1" --name op1 --address /ip4/127.0.0.1/tcp/31490
"$NEW_NETWORK" keys "$work/op2" --name op2 --address /ip4/127.0.0.1/tcp/31491
for op in op1 op2; do
	[ "$(stat -c %a "$work/$op")" = 700 ] || fail "$op's directory is readable by others"
	[ "$(ls "$work/$op/keystore" | wc -l)" = 2 ] || fail "$op's keystore lacks its two session keys"
	# A keystore file is named hex(key type) ++ hex(public key): "babe" and "gran".
	compgen -G "$work/$op/keystore/62616265*" >/dev/null || fail "$op has no BABE key"
	compgen -G "$work/$op/keystore/6772616e*" >/dev/null || fail "$op has no GRANDPA key"
	jq -e '.babe and .grandpa and (.aura | not)' "$work/$op/operator.json" >/dev/null ||
		fail "$op's operator.json lacks its BABE or GRANDPA key"
	phrase=$(cat "$work/$op/account.secret")
	grep -qF "${phrase%% *}" "$work/$op/operator.json" && fail "$op's operator.json has its secret phrase"
done
ok "operators have their secrets apart from their public operator.json"

# 2. The coordinator, from the two public files only.
mkdir "$work/coordinator"
cp "$work/op1/operator.json" "$work/coordinator/op1.json"
cp "$work/op2/operator.json" "$work/coordinator/op2.json"
faucet_json=$("$NODE_BIN" key generate --output-type json)
faucet=$(jq -r .ss58Address <<<"$faucet_json")
"$NEW_NETWORK" spec "$work/spec.json" --name "Workchain Test Live" --id workchain_test_live \
	--endow "$faucet=123.5" "$work/coordinator/op1.json" "$work/coordinator/op2.json"
spec="$work/spec.json"
[ "$(jq -r .chainType "$spec")" = Live ] || fail "chainType is not Live"
[ "$(jq -r .protocolId "$spec")" = workchain_test_live ] || fail "no protocol id"
[ "$(jq -c .properties "$spec")" = '{"ss58Format":42,"tokenDecimals":12,"tokenSymbol":"WORK"}' ] ||
	fail "properties: $(jq -c .properties "$spec")"
[ "$(jq '.bootNodes | length' "$spec")" = 2 ] || fail "bootnodes: $(jq -c .bootNodes "$spec")"
jq -e '.genesis.raw.top' "$spec" >/dev/null || fail "the spec is not raw"
ok "a raw Live spec with WORK properties, a protocol id and 2 bootnodes"
# Staking's seat count (default: the number of operators) and the minimum bonds of the
# development preset, in the raw genesis (SCALE u32 and u128).
"$NODE_BIN" build-spec --chain dev 2>/dev/null >"$work/dev.json"
python3 - "$spec" "$work/dev.json" <<'PY' || fail "staking's genesis in the spec"
import json, sys
top = json.load(open(sys.argv[1]))["genesis"]["raw"]["top"]
dev = json.load(open(sys.argv[2]))["genesis"]["runtimeGenesis"]["patch"]["staking"]
STAKING = "0x5f3e4907f716ac89b6347d15ececedca"
def le(key):
    value = top.get(STAKING + key)
    return None if value is None else int.from_bytes(bytes.fromhex(value[2:]), "little")
checks = [
    ("ValidatorCount", le("138e71612491192d68deab7e6f563fe1"), 2),
    ("MinValidatorBond", le("666fdcbb473985b3ac933d13f4acff8d"), int(dev.get("minValidatorBond", 0))),
    ("MinNominatorBond", le("ed441ceb81326c56263efbb60c95c2e4"), int(dev.get("minNominatorBond", 0))),
]
for name, got, want in checks:
    # A zero minimum need not be stored at all.
    if (got or 0) != want:
        sys.exit(f"new-network-test: {name} is {got} in the spec, not {want}")
PY
ok "the spec has 2 seats and the development preset's minimum bonds"
# Bad parameters are refused before any spec is written.
for bad in "--bond 200000" "--bond 0.5" "--seats 0" "--seats 65" "--seats 2"; do
	# shellcheck disable=SC2086 # $bad is an option and its value
	if "$NEW_NETWORK" spec "$work/bad.json" --name Bad --id bad $bad \
		"$work/coordinator/op1.json" 2>"$work/bad.err"; then
		fail "spec accepted $bad"
	fi
	[ ! -e "$work/bad.json" ] || fail "spec wrote a spec with $bad"
done
grep -q -- "--free-seats" "$work/bad.err" || fail "a free seat is refused without naming --free-seats"
ok "spec refuses a bond above the balance or below the minimum, 0 or 65 seats, and a seat no operator fills (without --free-seats)"

# No development account anywhere in the genesis: the public keys of the well-known
# seeds (//Alice .. //Ferdie, their //stash accounts) and their ed25519 keys. The runtime's
# code (`:code`) is left out: it carries the development presets, and a key of theirs can
# stand in the compressed Wasm (one build's did), which is code, not genesis state.
genesis="$work/genesis-without-code.json"
jq 'del(.genesis.raw.top["0x3a636f6465"])' "$spec" >"$genesis"
[ "$(jq '.genesis.raw.top | length' "$genesis")" -lt "$(jq '.genesis.raw.top | length' "$spec")" ] ||
	fail "the spec has no :code under genesis.raw.top"
for who in Alice Bob Charlie Dave Eve Ferdie; do
	for uri in "//$who" "//$who//stash"; do
		for scheme in sr25519 ed25519; do
			public=$("$NODE_BIN" key inspect --scheme "$scheme" --output-type json "$uri" |
				jq -r .publicKey)
			grep -qi "${public#0x}" "$genesis" && fail "the genesis has the development key $uri ($scheme)"
		done
	done
done
# Nor any Sudo storage (twox_128("Sudo")).
grep -qi 5c0d1176a568c1f92944340dbfed9e9c "$spec" && fail "the genesis has Sudo storage"
ok "no development account and no Sudo storage in the genesis"

# 3. Each operator starts its validator, as README.md says.
for i in 1 2; do
	op="op$i"
	"$NODE_BIN" --chain "$spec" --validator --name "$op" --base-path "$work/$op/data" \
		--keystore-path "$work/$op/keystore" --node-key-file "$work/$op/node-key" \
		--listen-addr "/ip4/127.0.0.1/tcp/$((31489 + i))" --rpc-port "$((19989 + i))" \
		--no-prometheus --no-telemetry --no-mdns >"$work/$op.log" 2>&1 &
	pids+=($!)
done
deadline=$((SECONDS + 180))
until [ "$(finalized_number 19990)" -ge 3 ] 2>/dev/null && [ "$(finalized_number 19991)" -ge 3 ] 2>/dev/null; do
	[ $SECONDS -lt $deadline ] || fail "the two validators do not finalize block #3 within 180 s"
	sleep 2
done
ok "both validators of the live network author and finalize (#$(finalized_number 19990))"
# Free balance (planck) of a public key, read over RPC from System.Account.
free_of() { # PUBLIC_KEY_HEX
	local key storage
	key=$(python3 -c 'import hashlib,sys; pk=bytes.fromhex(sys.argv[1][2:]); print(hashlib.blake2b(pk,digest_size=16).hexdigest()+pk.hex())' "$1")
	storage=$(rpc 19990 state_getStorage "[\"0x26aa394eea5630e07c48ae0c9558cef7b99d880ec681799c0cf30e8886371da9$key\"]")
	[ -n "$storage" ] || { echo 0; return; }
	python3 -c 'import sys; print(int.from_bytes(bytes.fromhex(sys.argv[1][34:66]), "little"))' "$storage"
}
# The faucet's endowment is exact: 123.5 WORK.
free=$(free_of "$(jq -r .publicKey <<<"$faucet_json")")
[ "$free" = 123500000000000 ] || fail "the endowed account holds $free planck, not 123.5 WORK"
ok "--endow credits exact amounts (123.5 WORK)"
# The operators are staking's validators and the session's, bonded with their self-stake.
for op in op1 op2; do jq -r .account "$work/$op/operator.json"; done >"$work/accounts"
python3 - 19990 100000 "$work/accounts" <<'PY' || fail "staking's state on the live network"
import hashlib, json, sys, time, urllib.request

port, bond, accounts_file = sys.argv[1], int(sys.argv[2]) * 10**12, sys.argv[3]
STAKING = "5f3e4907f716ac89b6347d15ececedca"

def fail(why):
    sys.exit(f"new-network-test: {why}")

def rpc(method, *params):
    body = json.dumps({"id": 1, "jsonrpc": "2.0", "method": method, "params": list(params)})
    req = urllib.request.Request(f"http://127.0.0.1:{port}", body.encode(),
                                 {"Content-Type": "application/json"})
    return json.load(urllib.request.urlopen(req, timeout=10)).get("result")

def storage(key):
    value = rpc("state_getStorage", "0x" + key)
    return None if value is None else bytes.fromhex(value[2:])

def compact(b, i):  # SCALE compact integer at b[i:] -> (value, next index)
    mode = b[i] & 3
    if mode == 0:
        return b[i] >> 2, i + 1
    if mode == 1:
        return int.from_bytes(b[i:i + 2], "little") >> 2, i + 2
    if mode == 2:
        return int.from_bytes(b[i:i + 4], "little") >> 2, i + 4
    n = (b[i] >> 2) + 4
    return int.from_bytes(b[i + 1:i + 1 + n], "little"), i + 1 + n

def ss58_public(address):  # the 32-byte public key of a one-byte-prefix SS58 address
    alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
    n = 0
    for c in address:
        n = n * 58 + alphabet.index(c)
    raw = n.to_bytes(35, "big")
    return raw[1:33].hex()

operators = {ss58_public(a.strip()): a.strip() for a in open(accounts_file) if a.strip()}
name = lambda acc: operators.get(acc, "0x" + acc)

# session.validators: a Vec<AccountId32>.
raw = storage("cec5070d609dd3497f72bde07fc96ba088dcde934c658227ee1dfafcd6e16903")
n, i = compact(raw, 0)
session = [raw[i + 32 * k:i + 32 * (k + 1)].hex() for k in range(n)]
if set(session) != set(operators):
    fail(f"session.validators are {[name(a) for a in session]}, not the operators")

# staking.validators: the keys of the map (Twox64Concat: the account is the key's tail).
prefix = STAKING + "88dcde934c658227ee1dfafcd6e16903"
validators = [k[-64:] for k in rpc("state_getKeysPaged", "0x" + prefix, 1000, None)]
if set(validators) != set(operators):
    fail(f"staking.validators are {[name(a) for a in validators]}, not the operators")

for acc in operators:
    # staking.ledger (Blake2_128Concat): stash, compact total, compact active, ...
    key = STAKING + "422adb579f1dbf4f3886c5cfa3bb8cc4" + \
        hashlib.blake2b(bytes.fromhex(acc), digest_size=16).hexdigest() + acc
    ledger = storage(key)
    if ledger is None:
        fail(f"{name(acc)} has no staking ledger")
    total, i = compact(ledger, 32)
    active, i = compact(ledger, i)
    if ledger[:32].hex() != acc or total != bond or active != bond:
        fail(f"{name(acc)}'s ledger: total {total}, active {active}, not {bond}")
    # The bond is held (pallet-staking holds it), and holds count as reserved:
    # system.account = nonce, consumers, providers, sufficients (u32), free, reserved, ...
    key = "26aa394eea5630e07c48ae0c9558cef7b99d880ec681799c0cf30e8886371da9" + \
        hashlib.blake2b(bytes.fromhex(acc), digest_size=16).hexdigest() + acc
    reserved = int.from_bytes(storage(key)[32:48], "little")
    if reserved < bond:
        fail(f"{name(acc)} has only {reserved} reserved, not its bond {bond}")

# The active era's exposures (ErasStakersOverview, keys twox64(era) ++ era ++
# twox64(account) ++ account): each operator backed by its own stake alone.
active_era = int.from_bytes(storage(STAKING + "487df464e44a534ba6b0cbb32407b587")[:4], "little")
prefix = STAKING + "7493ea190d0af47acc70e25428f8b1a3"
exposed = {}
for k in rpc("state_getKeysPaged", "0x" + prefix, 1000, None):
    tail = k[2 + len(prefix):]
    if int.from_bytes(bytes.fromhex(tail[16:24]), "little") != active_era:
        continue
    overview = storage(k[2:])
    total, i = compact(overview, 0)
    own, i = compact(overview, i)
    exposed[tail[-64:]] = (total, own)
if exposed != {acc: (bond, bond) for acc in operators}:
    fail(f"exposures in era {active_era}: "
         + ", ".join(f"{name(a)} {t}/{o}" for a, (t, o) in exposed.items()))

# Both author: the BABE pre-runtime digest (engine "BABE") of each block names its
# authority index (PreDigest: a variant byte, then the index as u32).
authors, scanned, deadline = set(), 0, time.time() + 90
while authors != set(range(len(operators))):
    if time.time() > deadline:
        fail(f"only the authorities {sorted(authors)} authored blocks within 90 s")
    best = int(rpc("chain_getHeader")["number"], 16)
    for number in range(scanned + 1, best + 1):
        header = rpc("chain_getHeader", rpc("chain_getBlockHash", number))
        for log in header["digest"]["logs"]:
            b = bytes.fromhex(log[2:])
            if b[:5] == b"\x06BABE":
                _, j = compact(b, 5)
                authors.add(int.from_bytes(b[j + 1:j + 5], "little"))
    scanned = best
    if authors != set(range(len(operators))):
        time.sleep(2)
print(f"new-network-test: era {active_era}: validators {sorted(operators.values())}, "
      f"each bonded and exposed with {bond // 10**12} WORK; authorities {sorted(authors)} authored")
PY
ok "the operators are staking's and the session's validators, bonded with 100,000 WORK each, and both author"
echo "new-network-test: all passed"
