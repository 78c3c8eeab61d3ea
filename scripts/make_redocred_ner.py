#!/usr/bin/env python3
"""Writes Re-DocRED dev's typed mentions as tagger training data.

Reads the raw file of ../shared/data/redocred-dev (source/dev_revised.json.gz,
MIT; the texts are Wikipedia's, CC BY-SA) and prints its sentences in the
two-column IOB2 layout `kgraph train` reads (CrossNER's: token, tab, tag;
a blank line between sentences), leaving out the evaluation fold: the
documents whose number is divisible by 5 (rd-dev-000, rd-dev-005, ...).

Types, as the converter of that folder maps entities to kgraph's gold
format (an entity's type is the most frequent of its mentions'):
PER -> person, ORG -> organisation, LOC -> location; MISC -> event when the
entity fills the event slot of a relation (P710, P585, P664, P1346, P726,
P793 as subject, P1344 as object), else untagged; TIME and NUM untagged.
A mention that is a demonym of data/countries.tsv ("German", "Germans") is
left untagged, as UNER and GUM leave nationalities: Re-DocRED types it as the
country. Where two mentions overlap, the longer (then the earlier) keeps its
tag.

Standard library only; deterministic (documents and sentences in the
file's order).

    python3 scripts/make_redocred_ner.py ../shared/data/redocred-dev > redocred.iob2
"""

import collections
import gzip
import json
import sys
from pathlib import Path

EVENT_SLOT = {"P710": "h", "P585": "h", "P664": "h", "P1346": "h", "P726": "h", "P793": "h", "P1344": "t"}
TAGS = {"PER": "person", "ORG": "organisation", "LOC": "location", "EVENT": "event"}


def entity_type(vertex):
    """The most frequent mention type, the first such in mention order."""
    counts = collections.Counter(m["type"] for m in vertex)
    best = max(counts.values())
    return next(m["type"] for m in vertex if counts[m["type"]] == best)


def demonyms():
    """The demonyms of data/countries.tsv, and their plurals."""
    path = Path(__file__).resolve().parent.parent / "data" / "countries.tsv"
    rows = path.read_text(encoding="utf-8").splitlines()
    header = rows[0].split("\t")
    column = header.index("demonyms")
    out = set()
    for row in rows[1:]:
        for d in row.split("\t")[column].split("|"):
            if d:
                out.update((d, d + "s"))
    return out


def document_lines(doc, nationalities):
    events = {l[EVENT_SLOT[l["r"]]] for l in doc["labels"] if l["r"] in EVENT_SLOT}
    spans = collections.defaultdict(list)
    for k, vertex in enumerate(doc["vertexSet"]):
        t = entity_type(vertex)
        if t == "MISC" and k in events:
            t = "EVENT"
        if t not in TAGS:
            continue
        for m in vertex:
            first, end = m["pos"]
            if " ".join(doc["sents"][m["sent_id"]][first:end]) in nationalities:
                continue
            spans[m["sent_id"]].append((first, end, TAGS[t]))
    out = []
    for s, words in enumerate(doc["sents"]):
        tags = ["O"] * len(words)
        for first, end, tag in sorted(spans[s], key=lambda x: (x[0] - x[1], x[0])):
            if end <= first or end > len(words) or any(t != "O" for t in tags[first:end]):
                continue
            tags[first] = "B-" + tag
            for j in range(first + 1, end):
                tags[j] = "I-" + tag
        for w, t in zip(words, tags):
            w = w.strip()
            if w:
                out.append(f"{w}\t{t}")
        out.append("")
    return out


def main():
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/data/redocred-dev")
    with gzip.open(folder / "source" / "dev_revised.json.gz", "rt", encoding="utf-8") as f:
        docs = json.load(f)
    nationalities = demonyms()
    lines = []
    for i, doc in enumerate(docs):
        if i % 5 == 0:
            continue  # the evaluation fold
        lines.extend(document_lines(doc, nationalities))
    sys.stdout.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
