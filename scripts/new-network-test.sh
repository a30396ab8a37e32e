#!/usr/bin/env bash
# The live-network test: two operators make their keys with scripts/new-network.sh, a
# coordinator builds the raw spec from their operator.json files, and both start their
# validators on loopback (RPC 19990/19991, p2p 31490/31491) exactly as README.md says.
# Checks: ChainType Live, properties, protocol id and bootnodes in the spec; no secret in
# operator.json; no development account and no Sudo storage in the genesis; both
# validators author and GRANDPA (2 of 2) finalizes.
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

# No development account anywhere in the genesis: the public keys of the well-known
# seeds (//Alice .. //Ferdie, their //stash accounts) and their ed25519 keys.
for who in Alice Bob Charlie Dave Eve Ferdie; do
	for uri in "//$who" "//$who//stash"; do
		for scheme in sr25519 ed25519; do
			public=$("$NODE_BIN" key inspect --scheme "$scheme" --output-type json "$uri" |
				jq -r .publicKey)
			grep -qi "${public#0x}" "$spec" && fail "the genesis has the development key $uri ($scheme)"
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
# The authors' pot (collator selection's PalletId "wc/pot__") exists, with at least the
# existential deposit (fees of the first blocks may have reached it already).
pot=$(free_of 0x6d6f646c77632f706f745f5f0000000000000000000000000000000000000000)
[ "$pot" -ge 1000000000 ] || fail "the authors' pot holds $pot planck"
ok "the authors' pot exists ($pot planck)"
echo "new-network-test: all passed"
