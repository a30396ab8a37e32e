#!/usr/bin/env bash
# Install everything a fresh Debian/Ubuntu machine needs, then build the node.
#   scripts/setup.sh             install prerequisites and build the release node
#   scripts/setup.sh --deps-only install prerequisites only (fast when already there)
set -euo pipefail
. "$(dirname "$0")/common.sh"

deps_only=false
[ "${1:-}" = "--deps-only" ] && deps_only=true

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

missing=()
for pkg in clang libclang-dev protobuf-compiler build-essential pkg-config curl jq; do
	dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
# Node.js and npm for the @polkadot/api end-to-end and browser suites, which need 20.19 or
# newer (Debian 13's; @noble/hashes 2, under the metadata hashing, needs it); a Node.js
# installed otherwise (e.g. NodeSource's, which bundles npm) is kept.
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)
# python3 composes the genesis of a new live network (scripts/new-network.sh).
command -v python3 >/dev/null || missing+=(python3)
# Debian's Chromium for the web app's browser suite (playwright-core drives it; a browser
# download cannot work on these machines).
command -v chromium >/dev/null || missing+=(chromium)
if [ ${#missing[@]} -gt 0 ]; then
	echo "setup: installing ${missing[*]}"
	as_root apt-get update -qq
	as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
fi

if ! node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 20 || (a === 20 && b >= 19) ? 0 : 1)'; then
	echo "setup: the JavaScript suites need Node.js 20.19 or newer (found $(node --version))" >&2
	exit 1
fi

if ! command -v rustup >/dev/null; then
	echo "setup: rustup is required (https://rustup.rs)" >&2
	exit 1
fi
rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
rustup component list --installed | grep -q '^rust-src' || rustup component add rust-src
rustup component list --installed | grep -q '^rustfmt' || rustup component add rustfmt

$deps_only && exit 0

echo "setup: building the node into $CARGO_TARGET_DIR (a cold build takes about 22 minutes on 2 cores)"
cd "$REPO_ROOT"
cargo build "${CARGO_FLAGS[@]}"
echo "setup: done; start a dev node with scripts/run-dev.sh"
