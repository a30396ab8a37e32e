#!/usr/bin/env bash
# The browser suite (web/tests/): a dev node on 127.0.0.1:29966, the built web app served
# on 127.0.0.1:29967, and Debian's Chromium driven by playwright-core. Screenshots are
# kept in web/test-artifacts/. Needs the node built, Node.js 20 or newer (playwright-core) and
# chromium.
#
# Beside the dev node, a Live network of one validator made by scripts/new-network.sh, for
# the wallet-extension and light-client tests: JSON-RPC on 127.0.0.1:29968 and libp2p over
# WebSocket on 127.0.0.1:31968 (the transport a browser's light client dials; the spec's
# one bootnode). The app serves its raw spec at /chains/workchain_web_live.json, and a
# hostile copy saying the chain is a development one at
# /chains/workchain_web_live_says_dev.json. The hostile test's lying RPC proxy listens on
# 127.0.0.1:29969 (LIAR_PORT) while it runs. The tests get RPC_PORT, WEB_PORT, LIAR_PORT,
# LIVE_RPC_PORT, LIVE_P2P_PORT and LIVE_CHAIN (the spec's id, its file name under
# /chains/); the Live network's tests alone also get WALLET_PHRASES: a JSON array of the
# secret phrases of two sr25519 accounts that hold 100,000 WORK each on the Live network
# (throwaway keys of a network that lives as long as this script).
set -euo pipefail
. "$(dirname "$0")/common.sh"
RPC_PORT="${RPC_PORT:-29966}" WEB_PORT="${WEB_PORT:-29967}" LIAR_PORT="${LIAR_PORT:-29969}"
LIVE_RPC_PORT="${LIVE_RPC_PORT:-29968}" LIVE_P2P_PORT="${LIVE_P2P_PORT:-31968}"
LIVE_CHAIN=workchain_web_live
export RPC_PORT WEB_PORT LIAR_PORT LIVE_RPC_PORT LIVE_P2P_PORT LIVE_CHAIN
work=$(mktemp -d -t workchain-web-XXXXXX)
pids=() names=() served="" served_dev="" groups=()
cleanup() {
	status=$?
	for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
	# The test runs are process groups (setsid): their per-file children too (Chromium,
	# which playwright starts in a session of its own, stops with its driver).
	for pid in "${groups[@]}"; do kill -- -"$pid" 2>/dev/null || true; done
	wait 2>/dev/null || true
	if [ "$status" != 0 ]; then
		for log in "$work"/*.log; do [ -f "$log" ] && { echo "--- $log" >&2; tail -20 "$log" >&2; }; done
	fi
	rm -rf "$work"
	# The spec of a network that is gone.
	[ -z "$served" ] || rm -f "$served" "$served_dev"
	exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
started() { pids+=($!); names+=("$1"); } # NAME, of the job just started

[ -x "$NODE_BIN" ] || { echo "web-test: $NODE_BIN is missing; run scripts/setup.sh" >&2; exit 1; }
command -v chromium >/dev/null || { echo "web-test: chromium is missing; run scripts/setup.sh" >&2; exit 1; }
[ "$(node -p 'process.versions.node.split(".")[0]')" -ge 20 ] ||
	{ echo "web-test: playwright-core needs Node.js 20 or newer (found $(node --version))" >&2; exit 1; }
# Every port free first: a node whose RPC port is taken serves on a random one instead, and
# one whose p2p port is taken shares it (SO_REUSEPORT) with whatever holds it, both silently.
for port in "$RPC_PORT" "$WEB_PORT" "$LIAR_PORT" "$LIVE_RPC_PORT" "$LIVE_P2P_PORT"; do
	if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
		echo "web-test: port $port of 127.0.0.1 is taken (a node or server left running?)" >&2
		exit 1
	fi
done

# The Live network: the operator's keys (its bootnode address is the WebSocket listener),
# two wallet accounts, and the raw spec that endows them.
live="$work/live"
"$REPO_ROOT/scripts/new-network.sh" keys "$live" --name web-live \
	--address "/ip4/127.0.0.1/tcp/$LIVE_P2P_PORT/ws" >/dev/null
phrases=() endow=()
for _ in 1 2; do
	account=$("$NODE_BIN" key generate --scheme sr25519 --output-type json)
	phrases+=("$(jq -r .secretPhrase <<<"$account")")
	endow+=(--endow "$(jq -r .ss58Address <<<"$account")=100000")
done
# Given to the Live network's tests only (not to the nodes, the server or the other tests).
wallet_phrases=$(printf '%s\n' "${phrases[@]}" | jq -Rnc '[inputs]')
live_spec="$work/live-spec.json"
"$REPO_ROOT/scripts/new-network.sh" spec "$live_spec" --name "Workchain Web Live" --id "$LIVE_CHAIN" \
	"${endow[@]}" "$live/operator.json" >/dev/null
peer=$(jq -r .peer_id "$live/operator.json")
bootnode="/ip4/127.0.0.1/tcp/$LIVE_P2P_PORT/ws/p2p/$peer"
[ "$(jq -c .bootNodes "$live_spec")" = "[\"$bootnode\"]" ] ||
	{ echo "web-test: the Live spec's bootnodes are $(jq -c .bootNodes "$live_spec"), not [$bootnode]" >&2; exit 1; }
# Started now, it has its first blocks by the time the app is built.
"$NODE_BIN" --chain "$live_spec" --validator --name web-live --base-path "$live/data" \
	--keystore-path "$live/keystore" --node-key-file "$live/node-key" \
	--rpc-port "$LIVE_RPC_PORT" --no-prometheus --no-telemetry --no-mdns \
	--listen-addr "/ip4/127.0.0.1/tcp/$LIVE_P2P_PORT/ws" >"$work/live.log" 2>&1 &
started "the Live validator"

cd "$REPO_ROOT/web"
node_deps --install
npm run --silent build
mkdir -p dist/chains
served="$REPO_ROOT/web/dist/chains/$LIVE_CHAIN.json"
cp "$live_spec" "$served"
# A hostile copy: the same chain (its genesis, its bootnode), saying it is a development
# chain, which would make a careless app offer the public development keys on it.
served_dev="$REPO_ROOT/web/dist/chains/${LIVE_CHAIN}_says_dev.json"
jq -c '.chainType = "Development"' "$live_spec" >"$served_dev"
"$NODE_BIN" --dev --tmp --rpc-port "$RPC_PORT" --no-prometheus --no-telemetry --no-mdns \
	--listen-addr /ip4/127.0.0.1/tcp/0 >"$work/node.log" 2>&1 &
started "the dev node"
# The server itself (node_modules/.bin/vite, a node script), not npx: npx runs it as a
# child, and stopping npx left the server running and its port taken.
./node_modules/.bin/vite preview --host 127.0.0.1 --strictPort --port "$WEB_PORT" >"$work/web.log" 2>&1 &
started "the web server"
# Up: the dev node, the web server (with the Live spec), and the Live validator (this
# one: its peer id, not another node's on the port) with a finalized block. GRANDPA votes
# 2 blocks below the best: #1 is final once #3 is out, some 20 s after the start.
deadline=$((SECONDS + 90))
until [ -n "$(rpc "$RPC_PORT" system_health)" ] &&
	curl -sf "http://127.0.0.1:$WEB_PORT/chains/$LIVE_CHAIN.json" >/dev/null &&
	[ "$(rpc "$LIVE_RPC_PORT" system_localPeerId)" = "$peer" ] &&
	[ "$(finalized_number "$LIVE_RPC_PORT")" -ge 1 ] 2>/dev/null; do
	for i in "${!pids[@]}"; do
		kill -0 "${pids[$i]}" 2>/dev/null || { echo "web-test: ${names[$i]} exited (a port taken?)" >&2; exit 1; }
	done
	[ $SECONDS -lt $deadline ] ||
		{ echo "web-test: the nodes or the web server not up, or no Live block finalized, after 90 s" >&2; exit 1; }
	sleep 0.5
done
rm -rf test-artifacts
# Two runs side by side, one per chain: the dev node's tests (its two files at once: they
# sign with different accounts) and the Live network's (wallet extension and light
# client). Each prints its output when both are done.
setsid -w node --test --test-concurrency=2 tests/app.test.js tests/hostile.test.js tests/signed.test.js >"$work/dev-tests.out" 2>&1 &
dev_tests=$!
groups+=("$dev_tests")
WALLET_PHRASES="$wallet_phrases" setsid -w node --test tests/live.test.js >"$work/live-tests.out" 2>&1 &
live_tests=$!
groups+=("$live_tests")
rc=0
wait "$dev_tests" || rc=1
wait "$live_tests" || rc=1
cat "$work/dev-tests.out" "$work/live-tests.out"
[ "$rc" = 0 ] || { echo "web-test: a browser test failed" >&2; exit 1; }
echo "web-test: screenshots in $REPO_ROOT/web/test-artifacts/"
