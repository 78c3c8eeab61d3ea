//! The examples each main command's `--help` ends with.

pub(crate) const EXTRACT: &str = "\
Examples:
  kgraph extract article.txt                       Turtle, entities and facts first
  kgraph extract article.txt --format json         entities, relations, actions and the rule or model behind each
  echo 'Angela Merkel met Emmanuel Macron in Paris.' | kgraph extract --format dot | dot -Tsvg > graph.svg";

pub(crate) const INGEST: &str = "\
Examples:
  kgraph ingest tests/data/wikinews                 a directory's .txt, .html, .htm and .jsonl files
  kgraph ingest notes/ --ext md --store notes.db    Markdown files too, into another store
  kgraph ingest --nquads shards/                    graphs `extract --format nquads` wrote (.nq, .nq.gz), resolved together
  kgraph ingest news/ --endpoint http://localhost:7878/query --graph-store http://localhost:7878/store";

pub(crate) const PUSH: &str = "\
Examples:
  kgraph push --endpoint http://HOST:7878/query --graph-store http://HOST:7878/store             Oxigraph
  kgraph push --endpoint http://HOST:8890/sparql --graph-store http://HOST:8890/sparql-graph-crud Virtuoso
  kgraph push --endpoint http://HOST:3030/news/sparql --dry-run                                  what would be sent";

/// The predeclared prefixes, a line each, as `query` and `serve` say them.
fn prefixes() -> String {
    kgraph_rdf::ontology::SPARQL_PREFIXES
        .iter()
        .map(|(p, ns)| format!("  {:<9}<{ns}>\n", format!("{p}:")))
        .collect()
}

/// `query --help`'s end: the prefixes, what the default graph is, examples.
pub(crate) fn query() -> String {
    format!(
        "Predeclared prefixes (a query's own PREFIX overrides them):\n{}\n{QUERY}",
        prefixes()
    )
}

const QUERY: &str = "\
The default graph is the union of all graphs, the documents' and the ontology's:
a fact stated by three documents comes back three times. Use SELECT DISTINCT,
and COUNT(DISTINCT ?x). A relation is stored with its own property (kg:memberOf):
follow rdfs:subPropertyOf* to find it under its parent (kg:affiliatedWith).

Examples:
  kgraph query 'SELECT DISTINCT ?name WHERE { ?p a kg:Person ; rdfs:label ?name } ORDER BY ?name'
  kgraph query 'SELECT DISTINCT ?who ?org WHERE { ?who ?p ?org . ?p rdfs:subPropertyOf* kg:affiliatedWith }'
  kgraph query 'DESCRIBE kgr:person\\/nicolas-maduro'     (a `/` in a prefixed name is escaped)";

pub(crate) const EXPORT: &str = "\
Examples:
  kgraph export > graph.ttl                          Turtle: entities and facts first, then provenance
  kgraph export --no-provenance                      the facts alone: no statements, documents or text
  kgraph export --format dot --focus \"Diosdado Cabello\" --depth 2 | dot -Tpng > cabello.png";

pub(crate) const STATS: &str = "\
Examples:
  kgraph stats
  kgraph stats --format json --store news.db";

pub(crate) const ENTITIES: &str = "\
Examples:
  kgraph entities --type Person
  kgraph entities --ambiguous                        nodes that share a name: where to look for a wrong merge";

pub(crate) const EVAL: &str = "\
Examples:
  kgraph eval --gold tests/data/wikinews
  kgraph eval --gold tests/data/wikinews --show-errors --format json
  kgraph eval --gold tests/data/wikinews --split     identity: articles cut in two, halves resolved together";

/// `serve --help`'s end: the endpoint's prefixes and examples.
pub(crate) fn serve() -> String {
    format!(
        "The SPARQL endpoint predeclares these prefixes:\n{}\n{SERVE}",
        prefixes()
    )
}

const SERVE: &str = "\
Examples:
  kgraph serve                                       http://127.0.0.1:7878/: search, entity pages, SPARQL
  kgraph serve --store news.db --bind 0.0.0.0:8080
  curl -H 'Accept: text/csv' 'http://127.0.0.1:7878/sparql?query=SELECT+*+WHERE+%7B%3Fs+%3Fp+%3Fo%7D+LIMIT+5'";

pub(crate) const REMOVE: &str = "\
Examples:
  kgraph remove tests/data/wikinews/wn-north-korea-quasi-war.txt
  kgraph remove https://w3id.org/kgraph/id/doc/e2369676c1dd08d1";
