#!/usr/bin/env bash
# Rebuilds data/relations.model, the relation classifier built into kgraph,
# from Re-DocRED dev in the gold format (../shared/data/redocred-dev/gold; see
# data/README.md for its license). Deterministic: the same files give a
# byte-identical model. The documents whose number is a multiple of 5 are the
# evaluation fold and are never read; those that leave 4 fit the confidence
# and choose each property's threshold; the other 300 train. Build kgraph
# first with the other models in place: the candidates are the entities its
# extraction finds. Score the result with scripts/eval_redocred_fold.sh; it is
# also scored on KnowledgeNet's fold 4 (../shared/data/knowledgenet), which it
# is not trained on (--knowledgenet-train would add folds 1 and 2: not kept,
# see docs/extraction.md).
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${SHARED:-../shared/data}
cargo run --release --quiet -- train-relations \
  --gold "$shared/redocred-dev/gold" \
  --knowledgenet "$shared/knowledgenet" \
  --output data/relations.model "$@"
