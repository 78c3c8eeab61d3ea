#!/usr/bin/env python3
"""Times spaCy's full pipeline on the texts of a file, for `cargo bench --bench extract`.

Usage: spacy_bench.py MODEL FILE
FILE holds one JSON string (a document's text) a line. Prints one line:
`bytes seconds tokens`. Runs on one thread (as the bench runs kgraph on one
core): every component of MODEL runs (for en_core_web_sm: tok2vec, tagger,
parser, attribute ruler, lemmatizer, NER). The model loads before the clock
starts; one document warms it up.
"""
import json
import os
import sys
import time

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = "1"

import spacy  # noqa: E402

model, path = sys.argv[1], sys.argv[2]
nlp = spacy.load(model)
with open(path, encoding="utf-8") as f:
    docs = [json.loads(line) for line in f if line.strip()]
nlp(docs[0])
start = time.perf_counter()
tokens = sum(len(doc) for doc in nlp.pipe(docs, batch_size=32))
seconds = time.perf_counter() - start
print(sum(len(d.encode("utf-8")) for d in docs), f"{seconds:.3f}", tokens)
