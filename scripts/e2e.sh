#!/usr/bin/env bash
# The @polkadot/api end-to-end suite: starts `workchain-node --dev` on 127.0.0.1 and
# drives the whole ITO life cycle. Needs the node built (scripts/setup.sh) and Node.js.
set -euo pipefail
. "$(dirname "$0")/common.sh"
cd "$REPO_ROOT/scripts/e2e"
node_deps
NODE_BIN="$NODE_BIN" RPC_PORT="${RPC_PORT:-29944}" npm test
