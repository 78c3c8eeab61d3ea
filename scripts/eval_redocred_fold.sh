#!/usr/bin/env bash
# Scores kgraph on the evaluation fold of Re-DocRED dev: the documents whose
# number is divisible by 5 (rd-dev-000, rd-dev-005, ...; 100 of the 500), which
# no model of kgraph is trained on, kept in tests/data/redocred-fold
# (scripts/copy_redocred_fold.sh). Prints `kgraph eval`'s tables; extra
# arguments go to it (--format json, --show-errors, --parse needed).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo run --release --quiet -- eval --gold tests/data/redocred-fold "$@"
