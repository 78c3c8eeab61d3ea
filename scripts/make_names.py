#!/usr/bin/env python3
"""Builds data/names/: lists of known names, each with a class, that the
tagger reads as evidence (a feature weighed with the context, not a verdict).

    python3 scripts/make_names.py [SHARED_DATA_DIR]

From ../shared/data/lexicons (see its README for versions and licenses).
One file per source, so that each keeps its own license
(data/names/README.md says which); each line `name<TAB>class`, the name in
lower case with ’ as ', sorted, no name twice in a file (a name with two
classes in a source takes the first of CLASS_ORDER). Deterministic: the same
lists give byte-identical files.

Classes: person, given (a first name), surname, deity, org, company, team,
party, religion, place, country, event, title (a popular Wikipedia
article's title: untyped).
"""

import csv
import os
import re
import sys

CLASS_ORDER = [
    "country", "party", "team", "company", "org", "religion", "event",
    "deity", "person", "place", "given", "surname", "title",
]

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
shared = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "..", "shared", "data")
lexicons = os.path.join(shared, "lexicons")
out_dir = os.path.join(root, "data", "names")


def norm(name):
    name = name.replace("\u2019", "'").strip().lower()
    return re.sub(r"\s+", " ", name)


def rows(path):
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(reader)
        for row in reader:
            yield dict(zip(header, row))


def write(file, pairs):
    best = {}
    for name, cls in pairs:
        name = norm(name)
        if len(name) < 2 or "\t" in name:
            continue
        if name not in best or CLASS_ORDER.index(cls) < CLASS_ORDER.index(best[name]):
            best[name] = cls
    os.makedirs(out_dir, exist_ok=True)
    with open(os.path.join(out_dir, file), "w", encoding="utf-8", newline="\n") as f:
        for name in sorted(best):
            f.write(f"{name}\t{best[name]}\n")
    print(f"data/names/{file}: {len(best)} names")


def compromise():
    classes = {
        "FemaleName": "given", "MaleName": "given", "FirstName": "given",
        "LastName": "surname", "Person": "person", "Organization": "org",
        "SportsTeam": "team", "City": "place", "Region": "place", "Place": "place",
        "Country": "country",
    }
    for r in rows(os.path.join(lexicons, "compromise-lexicon", "lexicon.tsv")):
        tags = r["tag"].split("|")
        # Words that are also ordinary words ("Person|Verb": "will") say little.
        if any(t in ("Verb", "Adj", "Date", "Noun") for t in tags):
            continue
        found = [classes[t] for t in tags if t in classes]
        if found:
            yield r["form"], min(found, key=CLASS_ORDER.index)


def has(chain, *words):
    parts = {p.strip() for p in chain.split(">")}
    return any(w in parts for w in words)


def group(chain):
    """A group's class by its hypernyms: a religion, an organization, or None."""
    if has(chain, "religion", "faith", "religious order", "denomination", "sect", "religious movement", "civilization"):
        return "religion"
    if has(chain, "organization", "organisation", "party", "social group"):
        return "org"
    return None


def wordnet():

    for r in rows(os.path.join(lexicons, "wordnet-instances", "instances.tsv")):
        cat, chain = r["category"], r["hypernym_chain"]
        if cat == "person":
            cls = "deity" if has(chain, "deity", "spiritual being") else "person"
        elif cat in ("location", "object"):
            cls = "place"
        elif cat in ("act", "event"):
            cls = "event"
        elif cat == "group":
            cls = group(chain) or "org"
        else:
            continue
        for form in r["forms"].split("|"):
            yield form, cls
    for r in rows(os.path.join(lexicons, "wordnet-instances", "groups.tsv")):
        cls = group(r["hypernym_chain"])
        if cls:
            for form in r["forms"].split("|"):
                yield form, cls


COMPANY_SUFFIX = re.compile(
    r"(?:[,.]?\s+(?:inc|corp|corporation|co|company|ltd|limited|plc|llc|lp|l\.p|sa|ag|nv|se|"
    r"holdings?|group|trust|/[a-z]{2}/)\.?)+$"
)


def sec():
    for r in rows(os.path.join(lexicons, "sec-company-tickers", "companies.tsv")):
        name = norm(r["name"])
        yield name, "company"
        short = COMPANY_SUFFIX.sub("", name).strip(" ,.")
        if short and short != name:
            yield short, "company"


def teams():
    for r in rows(os.path.join(lexicons, "sports-teams-nba", "teams.tsv")):
        yield r["full_name"], "team"
        yield r["nickname"], "team"


def holidays():
    with open(os.path.join(lexicons, "holidays", "holidays.txt"), encoding="utf-8") as f:
        for line in f:
            # "Christmas Day", not "100th anniversary of the birth of ...".
            if line.strip() and len(line.split()) <= 6:
                yield line, "event"


def parties():
    for r in rows(os.path.join(lexicons, "parties-uk", "parties-uk.tsv")):
        yield r["official_name"], "party"
        yield r["short_name"], "party"
        for n in r["nicknames"].split("|"):
            if n and "(" not in n:
                yield n, "party"


def titles():
    with open(os.path.join(lexicons, "compromise-wikipedia", "titles.txt"), encoding="utf-8") as f:
        for line in f:
            if line.strip():
                yield line, "title"


write("compromise.tsv", compromise())
write("wordnet.tsv", wordnet())
write("sec-companies.tsv", sec())
write("nba-teams.tsv", teams())
write("holidays.tsv", holidays())
write("parties-uk.tsv", parties())
write("wikipedia-titles.tsv", titles())
