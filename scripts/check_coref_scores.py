#!/usr/bin/env python3
"""Scores predicted coreference clusters against gold ones with scorch, an
independent implementation of the CoNLL-2012 metrics (MUC, B³, CEAF-e), to
check kgraph's own scorer (crates/kgraph-extract/src/coref/score.rs).

    python3 -m venv /tmp/scorch && /tmp/scorch/bin/pip install scorch==0.2.0
    /tmp/scorch/bin/python scripts/check_coref_scores.py GOLD.json PREDICTED.json

Both files hold what kgraph writes for a `Vec<Vec<Cluster>>` (serde_json): a
list of documents, each a list of clusters, each a list of mentions, each a
word span `[first, end]` (end exclusive), optionally with its head word
`[first, end, head]`. The two lists hold the same documents in the same
order.

The settings are those of kgraph's scorer and of the CorefUD scorer:

- singletons (clusters of one mention) are removed from both sides first,
  unless --keep-singletons; a span that occurs twice on one side counts once,
  in its first cluster;
- --match exact (default): a predicted mention is a gold one when the spans
  are the same. --match head: the CorefUD scorer's head match (its
  scorer/base/reader.py): first the mentions with the same span and head,
  then, among the rest, a maximum-weight one-to-one assignment
  (scipy.optimize.linear_sum_assignment) in which a gold and a predicted
  mention with the same head weigh the share of the gold span they have in
  common, other pairs 0. Only that alignment is written here; the metrics
  are scorch's;
- the scores are micro-averaged over documents: scorch scores one clustering
  in which every mention is tagged with its document. MUC and B³ add up over
  clusters and CEAF-e's best alignment never pairs entities of different
  documents, so this is the sum of the documents' numerators and
  denominators, as the reference scorers compute it. (scorch's own
  directory mode averages documents' scores weighted by size instead, and
  its file mode adds predicted mentions to the gold side as singletons, which
  changes B³ and CEAF-e: neither is used.)

Prints precision, recall and F1 of MUC, B³ and CEAF-e and the CoNLL F1, one
line a metric, with 17 significant digits.
"""

import argparse
import json
import sys
from statistics import mean

import numpy as np
from scipy.optimize import linear_sum_assignment
from scorch import scores


def prepare(doc, keep_singletons):
    """The clusters of one document as lists of (first, end, head), a span
    once, without empty clusters or, unless kept, singletons."""
    seen = set()
    out = []
    for cluster in doc:
        kept = []
        for mention in cluster:
            first, end = mention[0], mention[1]
            head = mention[2] if len(mention) > 2 else None
            if (first, end) not in seen:
                seen.add((first, end))
                kept.append((first, end, head))
        if len(kept) > (0 if keep_singletons else 1):
            out.append(kept)
    return out


def align(gold, predicted, match):
    """Maps each predicted mention to the gold mention it matches."""
    gold_mentions = [m for c in gold for m in c]
    predicted_mentions = [m for c in predicted for m in c]
    key = (lambda m: m[:2]) if match == "exact" else (lambda m: m)
    by_key = {key(m): m for m in gold_mentions}
    mapping = {}
    taken = set()
    for m in predicted_mentions:
        g = by_key.get(key(m))
        if g is not None and g not in taken:
            mapping[m] = g
            taken.add(g)
    if match == "head":
        order = lambda m: (m[0], m[1])
        rest_gold = sorted((m for m in gold_mentions if m not in taken), key=order)
        rest_predicted = sorted((m for m in predicted_mentions if m not in mapping), key=order)
        if rest_gold and rest_predicted:
            weight = np.zeros((len(rest_gold), len(rest_predicted)))
            for i, g in enumerate(rest_gold):
                for j, p in enumerate(rest_predicted):
                    if g[2] == p[2]:
                        common = max(0, min(g[1], p[1]) - max(g[0], p[0]))
                        weight[i, j] = common / (g[1] - g[0])
            rows, cols = linear_sum_assignment(-weight)
            for i, j in zip(rows, cols):
                if weight[i, j] > 0:
                    mapping[rest_predicted[j]] = rest_gold[i]
    return mapping


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("gold")
    parser.add_argument("predicted")
    parser.add_argument("--match", choices=["exact", "head"], default="exact")
    parser.add_argument("--keep-singletons", action="store_true")
    args = parser.parse_args()
    with open(args.gold) as f:
        gold_docs = json.load(f)
    with open(args.predicted) as f:
        predicted_docs = json.load(f)
    if len(gold_docs) != len(predicted_docs):
        sys.exit(f"check_coref_scores: {len(gold_docs)} gold documents but {len(predicted_docs)} predicted")
    key, response = [], []
    for d, (gold_doc, predicted_doc) in enumerate(zip(gold_docs, predicted_docs)):
        gold = prepare(gold_doc, args.keep_singletons)
        predicted = prepare(predicted_doc, args.keep_singletons)
        mapping = align(gold, predicted, args.match)
        key.extend({("gold", d, m) for m in c} for c in gold)
        response.extend(
            {("gold", d, mapping[m]) if m in mapping else ("predicted", d, m) for m in c} for c in predicted
        )
    f1s = []
    for name, metric in [("muc", scores.muc), ("b3", scores.b_cubed), ("ceafe", scores.ceaf_e)]:
        recall, precision, f1 = metric(key, response) if key and response else (0.0, 0.0, 0.0)
        f1s.append(f1)
        print(f"{name}\tP {precision:.17g}\tR {recall:.17g}\tF1 {f1:.17g}")
    print(f"conll\tF1 {mean(f1s):.17g}")


if __name__ == "__main__":
    main()
