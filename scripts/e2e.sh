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
export NODE_BIN RPC_PORT="${RPC_PORT:-29944}"
# Two runs side by side, each on a dev node of its own; each prints its
# output when both are done.
out=$(mktemp -d -t workchain-e2e-XXXXXX)
trap 'rm -rf "$out"' EXIT
npm run --silent test >"$out/ito.out" 2>&1 &
ito=$!
npm run --silent test:governance >"$out/governance.out" 2>&1 &
governance=$!
rc=0
wait "$ito" || rc=1
wait "$governance" || rc=1
cat "$out/ito.out" "$out/governance.out"
exit "$rc"
