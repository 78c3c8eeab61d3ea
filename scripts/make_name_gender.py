#!/usr/bin/env python3
"""Writes data/name_gender.tsv, the gender the coreference resolver reads off
a given name ("Mary" f, "John" m), from the US Social Security
Administration baby-name counts staged as given-names-ssa/given_names.tsv
(columns name, total, count_f, count_m, first_year, last_year).

    python3 scripts/make_name_gender.py DATA_DIR   # the folder holding gazetteers/

A name is kept when at least MIN_TOTAL babies got it and at least SHARE of
them were of one sex; the row is `name<TAB>f` or `name<TAB>m`. Rows sorted
by name, UTF-8, `\\n` line endings: the same source gives the same bytes.
Standard library only.
"""

import csv
import sys
from pathlib import Path

MIN_TOTAL = 500
SHARE = 0.95


def main() -> None:
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    source = Path(sys.argv[1]) / "gazetteers" / "given-names-ssa" / "given_names.tsv"
    rows = []
    with source.open(newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            total = int(row["total"])
            female, male = int(row["count_f"]), int(row["count_m"])
            if total < MIN_TOTAL:
                continue
            if female >= SHARE * total:
                rows.append((row["name"], "f"))
            elif male >= SHARE * total:
                rows.append((row["name"], "m"))
    rows.sort()
    out = Path(__file__).resolve().parent.parent / "data" / "name_gender.tsv"
    with out.open("w", encoding="utf-8", newline="\n") as f:
        f.write(
            "# given name<TAB>gender (f, m): scripts/make_name_gender.py from US SSA baby names\n"
        )
        for name, gender in rows:
            f.write(f"{name}\t{gender}\n")
    print(f"wrote {out}: {len(rows)} names", file=sys.stderr)


if __name__ == "__main__":
    main()
