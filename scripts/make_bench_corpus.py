#!/usr/bin/env python3
"""Assemble a large corpus of news-length articles for the ingest benchmark.

The text is real: the sentences of UD English-EWT (web text: news groups,
weblogs, reviews, email), GUM-permissive (news, interviews, biographies,
travel, academic, court) and CrossNER politics (Wikipedia), all in
../shared/data (CC BY-SA 4.0, CC BY 2.5-4.0 / CC BY-SA 3.0, MIT + CC BY-SA).
Those corpora hold about 2.5 MB of text, so article N is a run of
consecutive sentences of the pooled corpus from a pseudo-random start, with a
pseudo-random length drawn so that articles average the development set's
3.7 KB, cut into paragraphs. Every article is distinct text; the people and
places recur across articles as they do in a news stream.

Deterministic: the same sources and arguments give the same bytes.

Usage: scripts/make_bench_corpus.py [--articles 20000] [--data ../shared/data] OUT.jsonl.gz
"""

import argparse
import gzip
import json
import os
import random
import sys

# CrossNER is tokenized: these tokens attach to the word before them.
NO_SPACE_BEFORE = {".", ",", ":", ";", "!", "?", ")", "]", "}", "%", "'s", "n't", "'re", "'ve", "'ll", "'d", "'m", "''"}
NO_SPACE_AFTER = {"(", "[", "{", "$", "``"}


def conllu_documents(path):
    """(doc id, [sentence text]) of a CoNLL-U file, from its '# newdoc id' and '# text' lines."""
    opener = gzip.open if path.endswith(".gz") else open
    doc, sentences = None, []
    with opener(path, "rt", encoding="utf-8") as f:
        for line in f:
            if line.startswith("# newdoc id"):
                if sentences:
                    yield doc, sentences
                doc, sentences = line.split("=", 1)[1].strip(), []
            elif line.startswith("# text ="):
                sentences.append(line.split("=", 1)[1].strip())
    if sentences:
        yield doc, sentences


def detokenize(tokens):
    out = ""
    for i, tok in enumerate(tokens):
        if i > 0 and tok not in NO_SPACE_BEFORE and tokens[i - 1] not in NO_SPACE_AFTER:
            out += " "
        out += tok
    return out


def crossner_sentences(path):
    tokens = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line.strip():
                if tokens:
                    yield detokenize(tokens)
                tokens = []
            else:
                tokens.append(line.split("\t")[0].split(" ")[0])
    if tokens:
        yield detokenize(tokens)


def pool(data):
    """All sentences, document after document, in a fixed order."""
    sentences = []
    ewt = os.path.join(data, "ud-english-ewt")
    for name in ["en_ewt-ud-train.conllu.gz", "en_ewt-ud-dev.conllu", "en_ewt-ud-test.conllu"]:
        for _, doc in conllu_documents(os.path.join(ewt, name)):
            sentences.extend(doc)
    gum = os.path.join(data, "gum-permissive")
    for split in ["train", "dev", "test"]:
        for _, doc in conllu_documents(os.path.join(gum, f"gum-permissive-{split}.conllu.gz")):
            sentences.extend(doc)
    for split in ["train", "dev", "test"]:
        sentences.extend(crossner_sentences(os.path.join(data, "crossner-politics", f"{split}.txt")))
    # Drop fragments such as "***" and bare headings of one or two words.
    return [s for s in sentences if len(s.split()) >= 3]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out")
    ap.add_argument("--articles", type=int, default=20000)
    ap.add_argument("--data", default=os.path.join(os.path.dirname(__file__), "..", "..", "shared", "data"))
    ap.add_argument("--seed", type=int, default=2026)
    args = ap.parse_args()

    sentences = pool(args.data)
    rng = random.Random(args.seed)
    seen = set()
    total = 0
    with open(args.out, "wb") as raw:
        # mtime=0: the same bytes on every run.
        with gzip.GzipFile(filename="", fileobj=raw, mode="wb", mtime=0) as out:
            n = 0
            while n < args.articles:
                start = rng.randrange(len(sentences))
                target = rng.randint(1200, 6200)  # mean about 3.7 KB
                paragraphs, paragraph, size, i = [], [], 0, start
                while size < target:
                    s = sentences[i % len(sentences)]
                    paragraph.append(s)
                    size += len(s) + 1
                    i += 1
                    if len(paragraph) >= rng.randint(2, 5):
                        paragraphs.append(" ".join(paragraph))
                        paragraph = []
                if paragraph:
                    paragraphs.append(" ".join(paragraph))
                text = "\n\n".join(paragraphs) + "\n"
                # Two draws can cut the same run of sentences: keep articles distinct.
                if text in seen:
                    continue
                seen.add(text)
                title = paragraphs[0].split(". ")[0][:90]
                day = 1 + n % 28
                record = {
                    "id": f"bench-{n:06d}",
                    "title": title,
                    "published": f"2024-{1 + n % 12:02d}-{day:02d}",
                    "text": text,
                }
                line = json.dumps(record, ensure_ascii=False) + "\n"
                out.write(line.encode("utf-8"))
                total += len(record["text"].encode("utf-8"))
                n += 1
    print(f"{args.out}: {args.articles} articles, {total / 1e6:.1f} MB of text, "
          f"from {len(sentences)} sentences", file=sys.stderr)


if __name__ == "__main__":
    main()
