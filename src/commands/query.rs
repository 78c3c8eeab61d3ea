//! `kgraph query`: SPARQL over the store.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use kgraph_rdf::export::{sort_quads, write_rdf, RdfOutput};
use kgraph_store::Store;
use oxigraph::model::{Quad, Term};
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use oxigraph::sparql::QueryResults;

use crate::cli::QueryArgs;
use crate::cli::QueryFormat;
use crate::output::stdout;
use crate::table::write_table;

/// Runs `kgraph query`.
pub(crate) fn run(args: QueryArgs) -> Result<ExitCode> {
    let stdin = || {
        std::io::read_to_string(std::io::stdin())
            .context("cannot read the query from standard input")
    };
    let sparql = match (args.sparql, args.query_file) {
        (Some(q), _) if q == "-" => stdin()?,
        (Some(q), _) => q,
        (None, Some(f)) if f.as_os_str() == "-" => stdin()?,
        (None, Some(f)) => std::fs::read_to_string(&f)
            .with_context(|| format!("cannot read query file '{}'", f.display()))?,
        (None, None) => bail!("no query given"),
    };
    query(&sparql, &args.store.store, args.format)
}

fn query(sparql: &str, store_path: &Path, format: Option<QueryFormat>) -> Result<ExitCode> {
    let store = Store::open_read_only(store_path)?;
    let results = store.query(sparql)?;
    let mut out = stdout();
    match results {
        QueryResults::Graph(triples) => {
            let output = match format {
                None | Some(QueryFormat::Turtle) => RdfOutput::Turtle,
                Some(QueryFormat::Ntriples) => RdfOutput::NTriples,
                Some(_) => bail!(
                    "a CONSTRUCT or DESCRIBE query gives a graph: use --format turtle or ntriples"
                ),
            };
            let mut quads = Vec::new();
            for t in triples {
                let t = t?;
                quads.push(Quad::new(
                    t.subject,
                    t.predicate,
                    t.object,
                    oxigraph::model::GraphName::DefaultGraph,
                ));
            }
            sort_quads(&mut quads);
            write_rdf(&quads, output, &mut out)?;
        }
        results => {
            let format = match format {
                None | Some(QueryFormat::Table) => None,
                Some(QueryFormat::Csv) => Some(QueryResultsFormat::Csv),
                Some(QueryFormat::Tsv) => Some(QueryResultsFormat::Tsv),
                Some(QueryFormat::Json) => Some(QueryResultsFormat::Json),
                Some(QueryFormat::Xml) => Some(QueryResultsFormat::Xml),
                Some(QueryFormat::Turtle | QueryFormat::Ntriples) => {
                    bail!("a SELECT or ASK query gives results, not a graph: use --format table, csv, tsv, json or xml")
                }
            };
            match (results, format) {
                (QueryResults::Boolean(b), None) => writeln!(out, "{b}")?,
                (QueryResults::Boolean(b), Some(f)) => {
                    QueryResultsSerializer::from_format(f)
                        .serialize_boolean_to_writer(&mut out, b)?;
                }
                (QueryResults::Solutions(solutions), None) => {
                    let variables: Vec<String> = solutions
                        .variables()
                        .iter()
                        .map(|v| v.as_str().to_owned())
                        .collect();
                    let mut rows = Vec::new();
                    for s in solutions {
                        let s = s?;
                        rows.push(
                            variables
                                .iter()
                                .map(|v| s.get(v.as_str()).map(cell).unwrap_or_default())
                                .collect::<Vec<_>>(),
                        );
                    }
                    write_table(&mut out, &variables, &rows)?;
                }
                (QueryResults::Solutions(solutions), Some(f)) => {
                    let mut w = QueryResultsSerializer::from_format(f)
                        .serialize_solutions_to_writer(&mut out, solutions.variables().to_vec())?;
                    for s in solutions {
                        w.serialize(&s?)?;
                    }
                    w.finish()?;
                }
                (QueryResults::Graph(_), _) => unreachable!("handled above"),
            }
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// A term as a table cell: [`compact`], on one line (a line break, a tab or
/// a carriage return written as `\\n`, `\\t`, `\\r`).
fn cell(term: &Term) -> String {
    let text = compact(term);
    if !text.contains(['\n', '\r', '\t']) {
        return text;
    }
    text.replace('\n', "\\n")
        .replace('\r', "\\r")
        .replace('\t', "\\t")
}

/// A term as a person reads it, in a form a query can take back: a
/// prefixed name of the predeclared prefixes (`kgr:person\\/nicolas-maduro`,
/// its `/` escaped as SPARQL asks) or else the IRI in angle brackets; a
/// literal's plain value.
fn compact(term: &Term) -> String {
    match term {
        Term::NamedNode(n) => {
            kgraph_rdf::ontology::sparql_prefixed(n.as_str()).unwrap_or_else(|| n.to_string())
        }
        Term::BlankNode(b) => b.to_string(),
        Term::Literal(l) => l.value().to_owned(),
        #[allow(unreachable_patterns)]
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::model::NamedNode;

    #[test]
    fn printed_names_parse_back_as_the_same_iri() {
        let base = kgraph_rdf::ontology::DEFAULT_BASE;
        for (iri, shown) in [
            (
                format!("{base}person/nicolas-maduro"),
                "kgr:person\\/nicolas-maduro",
            ),
            (
                format!("{}Person", kgraph_rdf::ontology::kg::NS),
                "kg:Person",
            ),
            (
                format!("{base}doc/ab12#char=0,13"),
                "kgr:doc\\/ab12\\#char\\=0\\,13",
            ),
            (
                "http://example.org/thing".to_owned(),
                "<http://example.org/thing>",
            ),
        ] {
            let printed = compact(&Term::NamedNode(NamedNode::new(iri.clone()).unwrap()));
            assert_eq!(printed, shown);
            // The SPARQL parser reads the printed form back as the IRI.
            let query = format!("SELECT * WHERE {{ BIND({printed} AS ?x) }}");
            let mut evaluator = oxigraph::sparql::SparqlEvaluator::new();
            for (p, ns) in kgraph_rdf::ontology::SPARQL_PREFIXES {
                evaluator = evaluator.with_prefix(*p, *ns).unwrap();
            }
            let store = oxigraph::store::Store::new().unwrap();
            let QueryResults::Solutions(mut rows) = evaluator
                .parse_query(&query)
                .unwrap()
                .on_store(&store)
                .execute()
                .unwrap()
            else {
                panic!("solutions");
            };
            let row = rows.next().unwrap().unwrap();
            assert_eq!(
                row.get("x"),
                Some(&Term::NamedNode(NamedNode::new(iri).unwrap()))
            );
        }
    }
}
