#!/usr/bin/env python3
"""Builds the word tables the tagger uses from spaCy's English lookup tables.

    pip download --no-deps spacy-lookups-data==1.0.5 -d /tmp/wheels
    python3 scripts/make_clusters.py /tmp/wheels/spacy_lookups_data-1.0.5-py2.py3-none-any.whl

Source: the PyPI package spacy-lookups-data 1.0.5 (MIT License, Copyright (c) 2019 ExplosionAI
GmbH; data/licenses/spacy-lookups-data-MIT.txt), read straight from the wheel (a zip file):

- spacy_lookups_data/data/en_lexeme_cluster.json.gz: Brown clusters (Brown et al. 1992) of
  English words, 1,000 clusters, keyed by the word as written (case-sensitive).
- spacy_lookups_data/data/en_lexeme_prob.json.gz: the natural log of each word's unigram
  probability, for a million word forms as written.

Writes, deterministically (sorted by word, UTF-8, `\\n` line ends):

data/clusters.tsv  word<TAB>path. spaCy stores a cluster as the integer whose bits, lowest
                   first, are the cluster's path in the Brown hierarchy (words that share low bits
                   share the top of the path: "Paris" 678 and "Chicago" 1702 agree in their low
                   ten bits). The path is written as 0s and 1s, lowest bit first, so a prefix is a
                   coarser cluster. Zeros at the end of a path cannot be told from the integer and
                   are left off. Words with cluster 0 (not clustered) are skipped.
data/casing.tsv    lower<TAB>rarity<TAB>title<TAB>upper, one row per lowercase word form whose
                   forms together have a probability above e^-17 (about 123,000): rarity is
                   -ln p rounded (3 for "the", 13 for "ubisoft"); title and upper are the tenths
                   of that probability written capitalized ("Obama": 9) and in capitals of two
                   letters or more ("NASA": 9). They tell the tagger how often a word is a name
                   when the text's own capitals cannot (headlines, lowercase web text).

Words with whitespace, and (casing) forms without a letter, are skipped.
"""
import gzip
import json
import math
import os
import sys
import zipfile
from collections import defaultdict

CLUSTERS = "spacy_lookups_data/data/en_lexeme_cluster.json.gz"
PROBS = "spacy_lookups_data/data/en_lexeme_prob.json.gz"
# Lowercase forms rarer than this (natural log of the probability) are left out.
MIN_LOG_PROB = -17

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if len(sys.argv) != 2:
    sys.exit(__doc__)
with zipfile.ZipFile(sys.argv[1]) as wheel:
    clusters = json.loads(gzip.decompress(wheel.read(CLUSTERS)))
    probs = json.loads(gzip.decompress(wheel.read(PROBS)))


def plain(word):
    return word and not any(ch.isspace() for ch in word)


def write(name, rows):
    with open(os.path.join(root, "data", name), "w", encoding="utf-8", newline="\n") as f:
        f.write("".join("\t".join(map(str, row)) + "\n" for row in sorted(rows)))


# The cluster's path, lowest bit first.
paths = [(w, format(c, "b")[::-1]) for w, c in clusters.items() if c > 0 and plain(w)]
write("clusters.tsv", paths)
print(f"data/clusters.tsv: {len(paths)} words, {len({p for _, p in paths})} clusters")

total, title, upper = defaultdict(float), defaultdict(float), defaultdict(float)
for form, log_p in probs.items():
    if not plain(form) or not any(ch.isalpha() for ch in form):
        continue
    key, p = form.lower(), math.exp(log_p)
    total[key] += p
    letters = [ch for ch in form if ch.isalpha()]
    if len(letters) > 1 and all(ch.isupper() for ch in letters):
        upper[key] += p
    elif form[0].isupper():
        title[key] += p
rows = [
    (w, round(-math.log(p)), round(10 * title[w] / p), round(10 * upper[w] / p))
    for w, p in total.items()
    if math.log(p) > MIN_LOG_PROB
]
write("casing.tsv", rows)
print(f"data/casing.tsv: {len(rows)} words")
