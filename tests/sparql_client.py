"""A real SPARQL client against `kgraph serve`: SPARQLWrapper and rdflib.

Usage: python3 tests/sparql_client.py http://127.0.0.1:PORT GRAPH_IRI
Prints one line per check; exits non-zero on the first failure.
"""
import sys

import rdflib
from SPARQLWrapper import JSON, XML, TURTLE, POST, SPARQLWrapper

base, graph_iri = sys.argv[1], sys.argv[2]
endpoint = base + "/sparql"

def client():
    w = SPARQLWrapper(endpoint)
    w.setQuery("PREFIX kg: <https://w3id.org/kgraph/ontology#> "
               "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
               "SELECT ?p ?name WHERE { ?p a kg:Person ; rdfs:label ?name } ORDER BY ?name")
    return w

w = client()
w.setReturnFormat(JSON)
rows = w.query().convert()["results"]["bindings"]
assert rows, "no people"
print("sparqlwrapper json", len(rows))

w = client()
w.setReturnFormat(XML)
w.setMethod(POST)
doc = w.query().convert()
n = len(doc.getElementsByTagName("result"))
assert n == len(rows), (n, len(rows))
print("sparqlwrapper xml post", n)

w = SPARQLWrapper(endpoint)
w.setQuery("CONSTRUCT { ?s ?p ?o } WHERE { ?s a <https://w3id.org/kgraph/ontology#Country> ; ?p ?o }")
w.setReturnFormat(TURTLE)
g = rdflib.Graph()
g.parse(data=w.query().convert(), format="turtle")
assert len(g) > 0
print("sparqlwrapper construct turtle", len(g))

# rdflib reads a document graph through the Graph Store Protocol.
g = rdflib.Graph()
g.parse(base + "/store?graph=" + graph_iri, format="turtle")
assert len(g) > 0
print("rdflib graph store", len(g))

# rdflib's own SPARQL store client.
from rdflib.plugins.stores.sparqlstore import SPARQLStore
store = SPARQLStore(endpoint, returnFormat="json")
res = list(store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"))
assert int(res[0][0]) > 0
print("rdflib sparqlstore", int(res[0][0]))
