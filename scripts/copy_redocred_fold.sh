#!/usr/bin/env bash
# Copies the evaluation fold of Re-DocRED dev (the 100 documents of
# ../shared/data/redocred-dev/gold whose number is divisible by 5) into
# tests/data/redocred-fold, with the licenses, so that the tests score kgraph
# on it without ../shared. No model of kgraph is trained on these documents.
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${SHARED:-../shared/data}
src="$shared/redocred-dev"
out=tests/data/redocred-fold
rm -rf "$out"
mkdir -p "$out"
for f in "$src"/gold/rd-dev-*; do
  name=$(basename "$f")
  n=${name:7:3}
  if (( 10#$n % 5 == 0 )); then
    cp "$f" "$out/$name"
  fi
done
cp "$src/LICENSE-Re-DocRED" "$src/LICENSE-DocRED" "$out/"
{
  echo "# Sources of the Re-DocRED evaluation fold"
  echo
  echo "The 100 documents of Re-DocRED's dev split whose index is divisible by 5, converted to kgraph's gold"
  echo "format by the team's converter (../shared/data/redocred-dev/convert.py), copied by"
  echo "\`scripts/copy_redocred_fold.sh\`. No model of kgraph is trained on them: they only measure."
  echo
  echo "- Annotations: Re-DocRED (Tan et al., EMNLP 2022; github.com/tonytan48/Re-DocRED, commit"
  echo "  ccfb54f5ddf5836027c87badda10f6dfc56efaac), MIT (\`LICENSE-Re-DocRED\`), from DocRED (Yao et al., ACL"
  echo "  2019), MIT (\`LICENSE-DocRED\`)."
  echo "- Texts: introductions of English Wikipedia articles, CC BY-SA (https://creativecommons.org/licenses/by-sa/4.0/),"
  echo "  by Wikipedia's contributors. The articles' titles:"
  echo
  echo "| file | Wikipedia title |"
  echo "|---|---|"
  tail -n +2 "$src/index.tsv" | while IFS=$'\t' read -r index name title rest; do
    if (( 10#$index % 5 == 0 )); then
      echo "| $name | $title |"
    fi
  done
} > "$out/SOURCES.md"
echo "$(ls "$out"/*.txt | wc -l) documents in $out"
