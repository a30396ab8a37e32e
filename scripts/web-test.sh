#!/usr/bin/env bash
# The browser suite (web/tests/): a dev node on 127.0.0.1:29966, the built web app served
# on 127.0.0.1:29967, and Debian's Chromium driven by playwright-core. Screenshots are
# kept in web/test-artifacts/. Needs the node built, Node.js 20 or newer (playwright-core) and
# chromium.
set -euo pipefail
. "$(dirname "$0")/common.sh"
RPC_PORT="${RPC_PORT:-29966}" WEB_PORT="${WEB_PORT:-29967}"
export RPC_PORT WEB_PORT
work=$(mktemp -d -t workchain-web-XXXXXX)
pids=()
cleanup() {
	status=$?
	for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
	wait 2>/dev/null || true
	[ "$status" = 0 ] || { echo "--- node log" >&2; tail -20 "$work/node.log" >&2; }
	rm -rf "$work"
	exit "$status"
}
trap cleanup EXIT

[ -x "$NODE_BIN" ] || { echo "web-test: $NODE_BIN is missing; run scripts/setup.sh" >&2; exit 1; }
command -v chromium >/dev/null || { echo "web-test: chromium is missing; run scripts/setup.sh" >&2; exit 1; }
[ "$(node -p 'process.versions.node.split(".")[0]')" -ge 20 ] ||
	{ echo "web-test: playwright-core needs Node.js 20 or newer (found $(node --version))" >&2; exit 1; }
cd "$REPO_ROOT/web"
node_deps --install
npm run --silent build
"$NODE_BIN" --dev --tmp --rpc-port "$RPC_PORT" --no-prometheus --no-telemetry --no-mdns \
	--listen-addr /ip4/127.0.0.1/tcp/0 >"$work/node.log" 2>&1 &
pids+=($!)
# The server itself (node_modules/.bin/vite, a node script), not npx: npx runs it as a
# child, and stopping npx left the server running and its port taken.
./node_modules/.bin/vite preview --host 127.0.0.1 --strictPort --port "$WEB_PORT" >"$work/web.log" 2>&1 &
pids+=($!)
deadline=$((SECONDS + 60))
until [ -n "$(rpc "$RPC_PORT" system_health)" ] && curl -sf "http://127.0.0.1:$WEB_PORT/" >/dev/null; do
	[ $SECONDS -lt $deadline ] || { echo "web-test: node or web server not up after 60 s" >&2; exit 1; }
	sleep 0.5
done
rm -rf test-artifacts
npm test
echo "web-test: screenshots in $REPO_ROOT/web/test-artifacts/"
