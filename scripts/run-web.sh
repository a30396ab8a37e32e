#!/usr/bin/env bash
# Build the web app (web/) and serve it on 127.0.0.1. Open
#   http://127.0.0.1:${WEB_PORT:-8080}/?rpc=ws://127.0.0.1:9944
# against a node (scripts/run-dev.sh, or any Workchain node's RPC). Needs Node.js 18 or newer.
set -euo pipefail
. "$(dirname "$0")/common.sh"
cd "$REPO_ROOT/web"
node_deps --install
npm run --silent build
echo "web: http://127.0.0.1:${WEB_PORT:-8080}/?rpc=ws://127.0.0.1:9944"
exec npx vite preview --host 127.0.0.1 --strictPort --port "${WEB_PORT:-8080}"
