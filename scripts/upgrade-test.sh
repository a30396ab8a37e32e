#!/usr/bin/env bash
# The live upgrade test (scripts/e2e/upgrade.test.js): a local network of 2 validators
# (alice, bob) on loopback ports (RPC from 20080, p2p from 31580), started on the previous
# release's runtime (RUNTIME, runtime/releases/: spec 201) with governance periods divided
# by 600. It gets ITOs, holders, work and owed rewards; then a root referendum passes
# `system.setCode` with the runtime built from this tree (NEW_RUNTIME), and every ITO
# record, balance and claim must be as before, on the new spec version (README,
# "Upgrades").
set -euo pipefail
. "$(dirname "$0")/common.sh"

export RUNTIME="${RUNTIME:-$REPO_ROOT/runtime/releases/workchain-runtime-201.compact.compressed.wasm}"
export NEW_RUNTIME="${NEW_RUNTIME:-$CARGO_TARGET_DIR/release/wbuild/workchain-runtime/workchain_runtime.compact.compressed.wasm}"
export GOVERNANCE_DIVISOR="${GOVERNANCE_DIVISOR:-600}"
[ -f "$NEW_RUNTIME" ] || { echo "upgrade-test: no $NEW_RUNTIME; run scripts/setup.sh" >&2; exit 1; }
# The release is the one runtime/releases/README.md names, byte for byte.
want=$(grep -o '`[0-9a-f]\{64\}`' "$REPO_ROOT/runtime/releases/README.md" | head -1 | tr -d '`')
[ "$(sha256sum "$RUNTIME" | cut -d' ' -f1)" = "$want" ] || [ -n "${ANY_RUNTIME:-}" ] ||
	{ echo "upgrade-test: $RUNTIME is not the release in runtime/releases/README.md" >&2; exit 1; }
# The spec version the upgrade must reach: the one this tree's runtime declares.
NEW_SPEC=$(grep -oE 'spec_version: [0-9]+' "$REPO_ROOT/runtime/src/lib.rs" | grep -oE '[0-9]+')
export NEW_SPEC
testnet_suite upgrade-test 20080 31580
"$TESTNET" start 2
npm run --silent test:upgrade
