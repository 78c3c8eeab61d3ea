#!/usr/bin/env python3
"""Builds the word lists kgraph ships in data/ from the licensed corpora in ../shared/data.

    python3 scripts/make_lexicons.py [SHARED_DATA_DIR]

Writes, deterministically (sorted, UTF-8, one entry a line):
  data/given_names.txt   given names from the US SSA baby-name counts (public domain / CC0):
                         names given to at least MIN_BIRTHS babies, minus names that are
                         ordinary lowercase English words in UD English-EWT ("Will", "May").
  data/common_words.txt  lowercase English words from UD English-EWT train (CC BY-SA 4.0):
                         forms seen lowercase at least MIN_LOWER times as a non-proper noun, and
                         more often lowercase than capitalized inside a sentence, each with its
                         most frequent part of speech (word<TAB>UPOS). Used to tell a capitalized
                         sentence-initial word ("According", "Here") from a name.
"""
import csv
import gzip
import os
import sys
from collections import Counter

MIN_BIRTHS = 1000
MIN_LOWER = 2

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
shared = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "..", "shared", "data")
out = os.path.join(root, "data")

lower, capital_inside, upos_of = Counter(), Counter(), {}
with gzip.open(os.path.join(shared, "ud-english-ewt", "en_ewt-ud-train.conllu.gz"), "rt", encoding="utf-8") as f:
    position = 0
    for line in f:
        if not line.strip():
            position = 0
            continue
        if line.startswith("#"):
            continue
        cols = line.rstrip("\n").split("\t")
        if "-" in cols[0] or "." in cols[0]:
            continue
        form, upos = cols[1], cols[3]
        position += 1
        if not form.isalpha():
            continue
        if form.islower() and upos != "PROPN":
            lower[form] += 1
            upos_of.setdefault(form, Counter())[upos] += 1
        elif form[0].isupper() and position > 1:
            capital_inside[form.lower()] += 1

common = sorted(w for w, n in lower.items() if n >= MIN_LOWER and n > capital_inside[w])
with open(os.path.join(out, "common_words.txt"), "w", encoding="utf-8", newline="\n") as f:
    # Most frequent tag; ties broken by tag name so the output is deterministic.
    f.write("".join(f"{w}\t{min(upos_of[w].items(), key=lambda kv: (-kv[1], kv[0]))[0]}\n" for w in common))
common_set = set(common)

names = []
with open(os.path.join(shared, "gazetteers", "given-names-ssa", "given_names.tsv"), encoding="utf-8") as f:
    for row in csv.DictReader(f, delimiter="\t"):
        if int(row["total"]) >= MIN_BIRTHS and row["name"].lower() not in common_set:
            names.append(row["name"])
with open(os.path.join(out, "given_names.txt"), "w", encoding="utf-8", newline="\n") as f:
    f.write("".join(n + "\n" for n in sorted(set(names))))

print(f"common_words.txt: {len(common)} words; given_names.txt: {len(set(names))} names")
