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
    let sparql = match (args.sparql, args.query_file) {
        (Some(q), _) => q,
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
                                .map(|v| s.get(v.as_str()).map(compact).unwrap_or_default())
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

/// A term as a person reads it: prefixed names for known namespaces, plain
/// literal values.
fn compact(term: &Term) -> String {
    match term {
        Term::NamedNode(n) => {
            for (prefix, ns) in kgraph_rdf::ontology::PREFIXES {
                if let Some(local) = n.as_str().strip_prefix(ns) {
                    return format!("{prefix}:{local}");
                }
            }
            if let Some(local) = n.as_str().strip_prefix(kgraph_rdf::ontology::DEFAULT_BASE) {
                return format!("kgr:{local}");
            }
            n.to_string()
        }
        Term::BlankNode(b) => b.to_string(),
        Term::Literal(l) => l.value().to_owned(),
        #[allow(unreachable_patterns)]
        other => other.to_string(),
    }
}
