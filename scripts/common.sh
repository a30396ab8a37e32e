# Shared settings of the scripts; source it, do not run it.
# One target directory outside the work tree, so that every clone (and CI's clean
# clone) reuses the dependencies an earlier build compiled. Override with CARGO_TARGET_DIR.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/workchain/target}"
# One profile and one feature set for building and testing, so that both share the same
# compiled dependencies. The node a user runs has no benchmark CLI and no runtime
# benchmarks: scripts/benchmark.sh builds those with `--features runtime-benchmarks`
# (their dependencies sit beside these in the same target directory).
CARGO_FLAGS=(--release --workspace --locked)
NODE_BIN="${NODE_BIN:-$CARGO_TARGET_DIR/release/workchain-node}"
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# The Wasm builder looks for Cargo.lock from the target directory; point it at the repo.
export WASM_BUILD_WORKSPACE_HINT="$REPO_ROOT"
[ -f "$HOME/.cargo/env" ] && . "$HOME/.cargo/env"
export PATH="$HOME/.cargo/bin:$PATH"

# JSON-RPC over HTTP to a node on 127.0.0.1 (needs curl and jq). Empty output when the
# node does not answer.
rpc() { # PORT METHOD [PARAMS-JSON]
	curl -s --max-time 5 -H 'Content-Type: application/json' \
		-d "{\"id\":1,\"jsonrpc\":\"2.0\",\"method\":\"$2\",\"params\":${3:-[]}}" \
		"http://127.0.0.1:$1" 2>/dev/null | jq -r '.result // empty' 2>/dev/null || true
}
# The number of the best block, of the finalized block, and the hash at a height.
# Each prints nothing (and succeeds) when the node does not answer.
best_number() {
	local n
	n=$(rpc "$1" chain_getHeader | jq -r '.number // empty' 2>/dev/null || true)
	if [ -n "$n" ]; then echo $((n)); fi
}
finalized_number() {
	local h n
	h=$(rpc "$1" chain_getFinalizedHead)
	[ -n "$h" ] || return 0
	n=$(rpc "$1" chain_getHeader "[\"$h\"]" | jq -r '.number // empty' 2>/dev/null || true)
	if [ -n "$n" ]; then echo $((n)); fi
}
block_hash() { rpc "$1" chain_getBlockHash "[$2]"; }

# Install the JavaScript dependencies of the current directory's package-lock.json when
# node_modules is missing or older than the lock. `npm ci` by default; `--install` runs
# `npm install` on the lock instead (web/: npm leaves the other platforms' optional builds
# of rollup and esbuild out of the lock, and `npm ci` then refuses it).
node_deps() {
	if [ ! -d node_modules ] || [ package-lock.json -nt node_modules ]; then
		if [ "${1:-}" = --install ]; then
			npm install --no-audit --no-fund
		else
			npm ci --no-audit --no-fund
		fi
	fi
}

# The setup of a suite that drives a local network of scripts/testnet.sh (join, gossip,
# equivocation and stall tests): its own state directory (TESTNET_DIR, a new temporary one
# unless set) and loopback ports (RPC_BASE, P2P_BASE, unless set), TESTNET (the path of
# testnet.sh) exported for the suite's JavaScript, and a trap that, however the script
# ends, prints the end of every node's log if it failed, stops every node of the network
# (twins included) and removes the directory. Then the JavaScript dependencies, in
# scripts/e2e (the current directory afterwards).
testnet_suite() { # NAME RPC_BASE P2P_BASE
	export TESTNET_DIR="${TESTNET_DIR:-$(mktemp -d -t "workchain-$1-XXXXXX")}"
	export RPC_BASE="${RPC_BASE:-$2}" P2P_BASE="${P2P_BASE:-$3}"
	export TESTNET="$REPO_ROOT/scripts/testnet.sh"
	trap testnet_suite_cleanup EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM
	[ -x "$NODE_BIN" ] || { echo "$1: $NODE_BIN is missing; run scripts/setup.sh" >&2; exit 1; }
	cd "$REPO_ROOT/scripts/e2e"
	node_deps
}
testnet_suite_cleanup() {
	local status=$? log
	if [ "$status" != 0 ]; then
		for log in "$TESTNET_DIR"/*.log; do
			[ -f "$log" ] && { echo "--- $log" >&2; tail -30 "$log" >&2; }
		done
	fi
	[ -f "$TESTNET_DIR/validators" ] && "$TESTNET" stop >/dev/null 2>&1 || true
	rm -rf "$TESTNET_DIR"
	exit "$status"
}
