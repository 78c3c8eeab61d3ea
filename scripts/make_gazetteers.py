#!/usr/bin/env python3
"""Build kgraph's gazetteers of countries, international organisations, cities and subdivisions (data/*.tsv).

Usage (from the repo root):  python3 scripts/make_gazetteers.py [GAZETTEER_DIR]
GAZETTEER_DIR defaults to ../shared/data/gazetteers (relative to the repo root) and must hold
countries-mledoze/, wikidata-territories-rigour/ and intl-orgs-supraverden/. Standard library
only; output is deterministic (sorted rows, UTF-8, "\\n" line endings). Every name written comes
from the source files: the script only filters, splits, re-cases and dots them (rules below).
"""
import argparse, collections, csv, json, re, shutil, unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "data"
LICENSES = {  # source license file -> copy in data/licenses/
    "countries-mledoze/LICENSE": "countries-mledoze-ODbL.txt",
    "wikidata-territories-rigour/LICENSE": "rigour-MIT.txt",
    "intl-orgs-supraverden/LICENSE.md": "supraverden-CC-BY-SA-4.0.md",
    "cities-geonames/LICENSE-GeoNames-CC-BY-4.0": "geonames-CC-BY-4.0.txt",
}
TOKEN = re.compile(r"[^\s\-–/(),]+")  # words; hyphen, slash, brackets and commas separate words
INITIALISM = re.compile(r"[A-Z]{2,5}")
DOTTED = re.compile(r"(?:[A-Z]\.){2,}")


def write_tsv(path, header, rows):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        for r in [header] + rows:
            f.write("\t".join(c.replace("\t", " ") for c in r) + "\n")
    return len(rows)


def latin(s):  # every letter is Latin script (drops Cyrillic, Han, Hangul, Devanagari, Tamil...)
    return all(unicodedata.name(ch, "").startswith("LATIN") for ch in s if ch.isalpha())


def dots(s):  # "USA" -> "U.S.A."
    return "".join(ch + "." for ch in s)


def fold(s):  # strip accents: "Côte d'Ivoire" -> "Cote d'Ivoire"
    return "".join(ch for ch in unicodedata.normalize("NFKD", s) if not unicodedata.combining(ch))


def uniq(xs):
    return list(dict.fromkeys(x for x in xs if x))


def build_countries(src):
    mled = sorted(json.loads((src / "countries-mledoze/countries.json").read_text(encoding="utf-8")),
                  key=lambda c: c["cca2"])
    rig = {t["code"]: t for t in map(json.loads, (src / "wikidata-territories-rigour/territories.jsonl")
                                     .read_text(encoding="utf-8").splitlines())}
    with open(src / "wikidata-territories-rigour/country_qids.tsv", encoding="utf-8") as f:
        qids = {r["iso2"]: r["qid"] for r in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE)}

    common, demonyms, english = {}, {}, {}
    for c in mled:
        cc, t = c["cca2"], rig.get(c["cca2"].lower(), {})
        dem = c.get("demonyms", {}).get("eng", {})
        # "Antiguan, Barbudan" and "Kittitian or Nevisian" are two demonyms each
        demonyms[cc] = uniq(x.strip() for d in (dem.get("m"), dem.get("f")) if d for x in re.split(r",| or ", d))
        common[cc] = c["name"]["common"]
        eng = c["name"].get("native", {}).get("eng", {})
        # English reference strings: mledoze English names, demonyms, capitals; rigour's labels
        english[cc] = uniq([common[cc], c["name"]["official"], eng.get("common"), eng.get("official"),
                            *demonyms[cc], *c.get("capital", []), t.get("name"),
                            re.sub(r"^the ", "", t.get("in_sentence") or "")])
    # A territory's demonym that is also an independent country's is dropped (IO "Indian",
    # MP "American", BQ "Dutch", TF "French", SJ "Norwegian"); shared ones between two
    # independent countries (CD/CG "Congolese", DM/DO "Dominican") are kept.
    indep = {d for c in mled if c.get("independent") for d in demonyms[c["cca2"]]}
    for c in mled:
        if not c.get("independent"):
            demonyms[c["cca2"]] = [d for d in demonyms[c["cca2"]] if d not in indep]
    # English vocabulary = the words of all countries' reference strings, with their usual casing.
    casing = collections.defaultdict(collections.Counter)
    for strings in english.values():
        for s in strings:
            for w in TOKEN.findall(s):
                casing[w.lower()][w] += 1
    vocab = {w for forms in casing.values() for w in forms}
    vocab |= {fold(w) for w in vocab}  # ASCII spellings: "Cote" (Côte), "Reunion", "Sao Tome"

    def initialism(w):  # "UAE", "DR", "U.S." -- but not a shouted word such as "CHINA", "IVORY"
        return DOTTED.fullmatch(w) or (INITIALISM.fullmatch(w) and w.lower() not in casing)

    def english_name(s, cc, official=False, extra=()):
        """Return s (re-cased if it was all lower case) if it reads as an English name, else None.
        Several words: each must be in the English vocabulary (any casing, not all caps) or an
        initialism, or a one-word name already accepted for the country ("Republic of Turkey"):
        drops "Principat d'Andorra", "Reino de España", "Bharat Ganrajya", "IVORY COAST".
        One word: must be a word of this country's own reference strings ("Emirates", "America",
        "Macedonia", "Timor"; not "Island" for Iceland), an initialism, or ASCII, start with the
        first 4 letters of one of its demonyms and not with those of its common name (then it is
        not a respelling): "Burma" (Burmese), "Swaziland" (Swazi), "Turkey" (Turkish; name Türkiye).
        This drops romanised native names ("Zhongguo", "Rossiya", "Nederland", "Bharat", "Holland")
        and foreign respellings ("Belgique", "Italia", "Ukrayina"); it lets through "Finnland"
        (Finnish) and "Filipinas" (Filipino), which are harmless in English text."""
        if not latin(s) or ("," in s and not official):  # "Korea, Republic of": catalogue form
            return None
        if s == s.lower():  # rigour has "america", "great britain": restore the usual casing
            if not all(w in casing for w in TOKEN.findall(s)):
                return None
            s = TOKEN.sub(lambda m: casing[m.group()].most_common(1)[0][0], s)
        words = TOKEN.findall(s)
        if not s[0].isupper():  # fragments such as "the Abode of Peace", "weSwatini"
            return None
        if len(words) > 1:
            return s if all(initialism(w) or (w.lower() in casing and not w.isupper()) or w in vocab
                            or w in extra for w in words) else None
        own = {x for e in english[cc] for w in TOKEN.findall(e) for x in (w, fold(w))}
        if s in own or initialism(s):
            return s
        if s.isascii() and s[:4] != common[cc][:4] and any(s[:4] == d[:4] for d in demonyms[cc] if len(d) >= 4):
            return s
        return None

    rows, dropped = [], collections.defaultdict(list)
    for c in mled:
        cc, t = c["cca2"], rig.get(c["cca2"].lower(), {})
        eng = c["name"].get("native", {}).get("eng", {})
        official = {c["name"]["official"], eng.get("official")}
        raw = uniq([*official, eng.get("common"), *c.get("altSpellings", []), t.get("name"),
                    re.sub(r"^the ", "", t.get("in_sentence") or ""), *t.get("names_strong", [])])
        cands = []
        for s in raw:  # "Holy See (Vatican City State)" -> both parts
            m = re.fullmatch(r"(.+?)\s*\((.+)\)", s)
            cands += [m.group(1), m.group(2)] if m else [s]
        names = []  # one-word candidates first, so that multi-word ones can use them
        for s in sorted(cands, key=lambda s: len(TOKEN.findall(s)) > 1):
            e = english_name(re.sub(r"\s+", " ", s).strip(), cc, s in official, set(names))
            # Two-letter rule: an all-caps alias of <= 2 letters is dropped when it is the
            # country's own ISO alpha-2 code (AD, IN, IS, IT, NO, BE, ME, TO... are English words),
            # unless its dotted form is attested for the country (rigour has "U.S." -> keep "US").
            # A 2-letter short form that is not the code (GB's "UK") is conventional and kept.
            if e is None or (len(e) <= 2 and e == cc and dots(e) not in raw):
                dropped[cc].append(s)
                continue
            names.append(e)
            if e.startswith("The "):  # "The Netherlands" -> also "Netherlands"
                names.append(e[4:])
            if INITIALISM.fullmatch(e):  # "UK" -> "U.K.", "DRC" -> "D.R.C."
                names.append(dots(e))
        # Not the name itself, a demonym ("russian"), a capital (CG "Congo (Brazzaville)"), nor a
        # part of another country's name (VG "Virgin Islands" is in "United States Virgin Islands").
        skip = {x.casefold() for x in [common[cc], *demonyms[cc], *c.get("capital", [])]}
        others = [n for k, n in common.items() if k != cc]
        names = sorted({n for n in names if n.casefold() not in skip and not any(
            re.search(rf"(?<!\w){re.escape(n)}(?!\w)", o) for o in others)}, key=lambda n: (n.casefold(), n))
        rows.append([cc, c["cca3"], qids.get(cc, ""), common[cc], "|".join(names), "|".join(demonyms[cc]),
                     "|".join(c.get("capital", []))])
    assert all(r[3] for r in rows)
    return rows, dropped


def build_orgs(src):
    with open(src / "intl-orgs-supraverden/orgs.tsv", encoding="utf-8") as f:
        src = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    norm = lambda s: re.sub(r"\s+", " ", s).strip()
    all_names = {norm(r["name_en"]) for r in src}
    # A word that ends the abbreviations of 3+ organisations ("ESS ERIC", "ICOS ERIC") is a
    # generic suffix, not the acronym of one of them: drop a bare "ERIC".
    words = collections.Counter(a.split()[-1] for r in src for a in set(r["abbreviations_en"].split("|"))
                                if len(a.split()) > 1)
    rows = []
    for r in src:
        name = norm(r["name_en"])
        if not name:
            continue
        acr, other = [], [norm(x) for x in r["other_names_en"].split("|")]
        for a in map(norm, r["abbreviations_en"].split("|")):
            # Abbreviation cells holding a long name: another org's name is dropped (the OPEC Fund
            # row lists OPEC's full name), other long names ("UN Institute for Training and
            # Research") move to names. Long = 3+ words including a lower-case word.
            ws = a.split()
            if len(ws) >= 3 and any(w.islower() for w in ws):
                if a not in all_names:
                    other.append(a)
            elif words[a] < 3:
                acr.append(a)
        acr = uniq(acr)
        other = [o for o in uniq(other) if o != name and o not in acr]
        rows.append([r["qid"], name, "|".join(acr), "|".join(other)])
    rows.sort(key=lambda r: (r[1].casefold(), r[1], r[0]))
    return rows


MIN_CITY_POPULATION = 50_000
MIN_ALT_NAME_POPULATION = 500_000  # big cities also get their ASCII one- and two-word other names ("Mecca")


def build_cities(src):
    """Cities of GeoNames with at least MIN_CITY_POPULATION people: name, country, population,
    GeoNames id, other names. Where a name is shared, the most populous city keeps it (the file is
    sorted by population). Other names: the accent-free spelling ("Sao Paulo"), and for cities of
    at least MIN_ALT_NAME_POPULATION their ASCII one- and two-word GeoNames alternate names."""
    rows, seen = [], set()
    with open(src / "cities-geonames" / "cities15000.tsv", encoding="utf-8") as f:
        for r in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            if int(r["population"]) < MIN_CITY_POPULATION or r["name"] in seen:
                continue
            seen.add(r["name"])
            other = [r["name_folded"]] if r["name_folded"] != r["name"] else []
            if int(r["population"]) >= MIN_ALT_NAME_POPULATION:
                other += [a for a in r["alt_names_latin"].split("|")
                          if a and a.isascii() and len(a.split()) <= 2 and not any(c.isdigit() for c in a)
                          and "'" not in a and a not in seen]
            rows.append([r["name"], r["country_iso2"], r["population"], r["geonameid"], "|".join(dict.fromkeys(other))])
    rows.sort(key=lambda r: (r[0], r[1]))
    return rows


def build_subdivisions(src):
    """Sub-national jurisdictions and territories of wikidata-territories-rigour that are not
    countries (US states, Canadian provinces, Indian states, Russian oblasts, Mayotte ...): name
    (without a bracketed note), country (the parent's ISO alpha-2), Wikidata QID. Historical ones
    and those without a parent country are left out."""
    rows, seen = [], set()
    with open(src / "wikidata-territories-rigour" / "territories.jsonl", encoding="utf-8") as f:
        for line in f:
            t = json.loads(line)
            if t.get("is_country") or t.get("is_historical") or not t.get("parent") or not t.get("qid"):
                continue
            name = re.sub(r"\s*\([^)]*\)\s*$", "", t["name"]).strip()
            if not name or name in seen:
                continue
            seen.add(name)
            rows.append([name, t["parent"].split("-")[0].upper(), t["qid"]])
    rows.sort()
    return rows


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("src", nargs="?", default=ROOT / ".." / "shared" / "data" / "gazetteers", type=Path)
    ap.add_argument("-v", "--verbose", action="store_true", help="list the names dropped by the filters")
    args = ap.parse_args()
    OUT.mkdir(exist_ok=True)
    (OUT / "licenses").mkdir(exist_ok=True)
    for lic, dst in LICENSES.items():
        shutil.copyfile(args.src / lic, OUT / "licenses" / dst)
    rows, dropped = build_countries(args.src)
    n = write_tsv(OUT / "countries.tsv", ["iso2", "iso3", "qid", "name", "names", "demonyms", "capitals"], rows)
    print(f"countries.tsv: {n} rows ({sum(1 for r in rows if r[2])} with QID)")
    orgs = build_orgs(args.src)
    n = write_tsv(OUT / "intl_orgs.tsv", ["qid", "name", "acronyms", "names"], orgs)
    print(f"intl_orgs.tsv: {n} rows ({sum(1 for r in orgs if r[0])} with QID)")
    cities = build_cities(args.src)
    n = write_tsv(OUT / "cities.tsv", ["name", "country", "population", "geonameid", "names"], cities)
    print(f"cities.tsv: {n} rows")
    subdivisions = build_subdivisions(args.src)
    n = write_tsv(OUT / "subdivisions.tsv", ["name", "country", "qid"], subdivisions)
    print(f"subdivisions.tsv: {n} rows")
    if args.verbose:
        for cc in sorted(dropped):
            print("dropped", cc, "|".join(dropped[cc]))


if __name__ == "__main__":
    main()
