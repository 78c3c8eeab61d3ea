#!/usr/bin/env bash
# Rebuilds data/coref.model, the coreference resolver built into kgraph, from
# GUM's coreference annotation in ../shared/data (see data/README.md for its
# license). Deterministic: the same files give a byte-identical model.
# Trained on GUM train only, its news documents left out (they are the
# development articles of `kgraph eval`); the link threshold and the options
# below were chosen on GUM dev (news left out too); GUM test is only scored,
# at the end. The documents are parsed with the built-in parser
# (data/parser.model), so train it first.
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${SHARED:-../shared/data}
gum="$shared/gum-permissive"
cargo run --release --quiet -- train-coref \
  --corpus "$gum/gum-permissive-train.conllu.gz" \
  --exclude-doc GUM_news_ \
  --dev "$gum/gum-permissive-dev.conllu.gz" \
  --epochs 8 --models 5 \
  --output data/coref.model \
  --test "$gum/gum-permissive-dev.conllu.gz" \
  --test "$gum/gum-permissive-test.conllu.gz" "$@"
