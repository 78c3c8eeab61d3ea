#!/usr/bin/env bash
# Rebuilds data/parser.model and data/parser-fast.model, the part-of-speech
# taggers and dependency parsers built into kgraph (the accurate one of
# `kgraph parse` and `parser-eval`, and the fast one the extraction runs),
# from the treebanks in ../shared/data (see data/README.md for their
# licenses). `scripts/train_parser.sh fast` rebuilds the fast one alone.
# Deterministic: the same treebanks give a byte-identical model. Trained on
# the train splits of UD English-EWT and GUM only; the GUM news documents are
# left out (they are the development articles of `kgraph eval`). The dev
# splits were used for choices (features, epochs, pruning); the test splits
# are only scored, at the end. The fast model prunes its parser harder than
# its tagger (--prune-parser 0.05 against --prune 0.03): the parser's tables
# are read at every step, and a smaller table waits less on memory; at 5% the
# parser lost 0.2 points of UAS on EWT dev and the model half its size, while
# the tagger pruned as hard lost UPOS under the test floor (docs/syntax.md).
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${SHARED:-../shared/data}
train() {
  cargo run --release --quiet -- train-parser \
    --corpus "$shared/ud-english-ewt/en_ewt-ud-train.conllu.gz" \
    --corpus "$shared/gum-permissive/gum-permissive-train.conllu.gz" \
    --exclude-doc GUM_news_ \
    --test "$shared/ud-english-ewt/en_ewt-ud-dev.conllu" \
    --test "$shared/gum-permissive/gum-permissive-dev.conllu.gz" \
    --test "$shared/ud-english-ewt/en_ewt-ud-test.conllu" \
    --test "$shared/gum-permissive/gum-permissive-test.conllu.gz" "$@"
}
if [ "${1:-}" = fast ]; then
  shift
else
  train --models 3 --prune 0.01 --beam 8 --parser-epochs 15 --output data/parser.model "$@"
fi
train --fast --models 1 --prune 0.03 --prune-parser 0.05 --parser-epochs 15 --output data/parser-fast.model "$@"
