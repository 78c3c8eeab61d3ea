"""Validates RDF files against SHACL shapes with pyshacl, one file at a time.

    python3 tests/shacl_check.py SHAPES.ttl FILE.ttl...

Prints each non-conforming file with pyshacl's report and exits 1 if any; the
end-to-end tests call it on each article's extraction.
"""
import sys

from pyshacl import validate
from rdflib import Graph

shapes = Graph().parse(sys.argv[1], format="turtle")
failed = 0
for path in sys.argv[2:]:
    conforms, _, report = validate(Graph().parse(path, format="turtle"), shacl_graph=shapes)
    if not conforms:
        failed += 1
        print(f"{path}: does not conform\n{report}")
print(f"{len(sys.argv) - 2 - failed} conform, {failed} do not")
sys.exit(1 if failed else 0)
