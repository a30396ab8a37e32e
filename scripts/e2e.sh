#!/usr/bin/env bash
# The @polkadot/api end-to-end suite: two files side by side, each on its own
# `workchain-node --dev` on 127.0.0.1 (RPC on RPC_PORT, default 29944, and RPC_PORT + 1):
# the whole ITO life cycle, dissolving and the second round's errors (ito.test.js), and a
# reward asset accepted by holders' and a producer's value (governance.test.js). Needs the
# node built (scripts/setup.sh) and Node.js.
set -euo pipefail
. "$(dirname "$0")/common.sh"
cd "$REPO_ROOT/scripts/e2e"
node_deps
NODE_BIN="$NODE_BIN" RPC_PORT="${RPC_PORT:-29944}" npm test
