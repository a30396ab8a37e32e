#!/usr/bin/env bash
# The adversarial fuzz harness of pallet-ito (pallets/ito/src/fuzz.rs): N random call
# sequences (default 1000) in which an asset admin, junk assets, gifts, huge amounts and
# long idle stretches play against honest holders and producers; the invariants are checked
# after every step and liveness at the end of every sequence.
#   scripts/fuzz.sh [N]
# A failing sequence is shrunk and printed, and saved under
# pallets/ito/proptest-regressions/ so that later runs try it first.
set -euo pipefail
. "$(dirname "$0")/common.sh"
cd "$REPO_ROOT"
cases="${1:-1000}"
# The test falls back to its own count on anything else, so refuse it here.
if ! [[ "$cases" =~ ^[1-9][0-9]*$ ]]; then
	echo "usage: scripts/fuzz.sh [N]   (N: a positive number of sequences)" >&2
	exit 2
fi
echo "== fuzz: $cases adversarial sequences"
start=$(date +%s)
ITO_FUZZ_CASES="$cases" cargo test "${CARGO_FLAGS[@]}" --lib -- \
	--exact fuzz::fuzz_adversarial_sequences --nocapture
echo "fuzz: $cases sequences passed in $(($(date +%s) - start)) s"
