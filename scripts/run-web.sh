#!/usr/bin/env bash
# Build the web app (web/) and serve it on 127.0.0.1 (WEB_PORT, default 8080). Open
#   http://127.0.0.1:8080/?rpc=ws://127.0.0.1:9944
# against a node (scripts/run-dev.sh, or any Workchain node's RPC), or, with chain specs
# given,
#   scripts/run-web.sh SPEC.json...
# each raw chain spec is served at /chains/<its id>.json, and
#   http://127.0.0.1:8080/?chain=<its id>
# runs a light client in the page from it (the spec needs a bootnode with a WebSocket
# address, /ws or /wss; see README.md, "Web app"). Needs Node.js 20.19 or newer.
set -euo pipefail
. "$(dirname "$0")/common.sh"
specs=()
for spec in "$@"; do specs+=("$(cd "$(dirname "$spec")" && pwd)/$(basename "$spec")"); done
cd "$REPO_ROOT/web"
node_deps --install
npm run --silent build
port="${WEB_PORT:-8080}"
echo "web: http://127.0.0.1:$port/?rpc=ws://127.0.0.1:9944"
for spec in "${specs[@]}"; do
	id=$(jq -r .id "$spec")
	[[ "$id" =~ ^[A-Za-z0-9_-]{1,64}$ ]] || { echo "run-web: $spec has no usable id ($id)" >&2; exit 1; }
	mkdir -p dist/chains
	cp "$spec" "dist/chains/$id.json"
	echo "web: http://127.0.0.1:$port/?chain=$id (light client)"
done
# The server itself, not npx: npx runs it as a child, which stopping npx left running.
exec ./node_modules/.bin/vite preview --host 127.0.0.1 --strictPort --port "$port"
