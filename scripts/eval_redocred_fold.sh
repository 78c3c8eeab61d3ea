#!/usr/bin/env bash
# Scores kgraph on the evaluation fold of Re-DocRED dev: the documents of
# ../shared/data/redocred-dev/gold whose number is divisible by 5 (rd-dev-000,
# rd-dev-005, ...; 100 of the 500), which no model of kgraph is trained on.
# Prints `kgraph eval`'s tables; extra arguments go to it (--format json,
# --show-errors, --parse needed).
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${SHARED:-../shared/data}
gold="$(cd "$shared/redocred-dev/gold" && pwd)"
fold=$(mktemp -d)
trap 'rm -rf "$fold"' EXIT
for f in "$gold"/rd-dev-*; do
  name=$(basename "$f")
  n=${name:7:3}
  if (( 10#$n % 5 == 0 )); then
    ln -s "$f" "$fold/$name"
  fi
done
cargo run --release --quiet -- eval --gold "$fold" "$@"
