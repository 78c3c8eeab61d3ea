#!/usr/bin/env bash
# Rebuilds data/tagger.model, the tagger built into kgraph, from the corpora in
# ../shared/data (see data/README.md for their licenses). Deterministic: the
# same corpora give a byte-identical model. The GUM news documents are left out:
# they are the development articles of `kgraph eval`. The test splits of UNER
# and GUM are never trained on: they are what the scores printed at the end
# (and in the README) are measured on. Choices (epochs, min-count, features)
# were made on the dev splits before these were added to the training data.
# Re-DocRED dev's typed mentions are converted by scripts/make_redocred_ner.py,
# its evaluation fold (documents numbered by a multiple of 5) left out.
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${SHARED:-../shared/data}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 scripts/make_redocred_ner.py "$shared/redocred-dev" > "$tmp/redocred-dev.iob2"
cargo run --release --quiet -- train \
  --corpus "$shared/uner-english-ewt/en_ewt-ud-train.prerelease-20221202.iob2.gz" \
  --corpus "$shared/uner-english-ewt/en_ewt-ud-dev.iob2" \
  --corpus "$shared/gum-permissive/gum-permissive-train.conllu.gz" \
  --corpus "$shared/gum-permissive/gum-permissive-dev.conllu.gz" \
  --corpus "$shared/crossner-politics/train.txt" \
  --corpus "$shared/crossner-politics/dev.txt" \
  --corpus "$shared/crossner-politics/test.txt" \
  --corpus "$tmp/redocred-dev.iob2" \
  --exclude-doc GUM_news_ \
  --epochs 8 --seed 2026 --min-count 2 --models 3 \
  --output data/tagger.model \
  --test "$shared/uner-english-ewt/en_ewt-ud-test.iob2" \
  --test "$shared/gum-permissive/gum-permissive-test.conllu.gz" "$@"
