//! The SPARQL 1.1 Protocol: queries and updates, with a time limit and a
//! result cap, and graphs as answers.

use std::sync::mpsc;

use kgraph_rdf::export::write_rdf;
use kgraph_store::store::{Dataset, Store, StoreError};
use oxigraph::model::{GraphName, NamedNode, Quad, Variable};
use oxigraph::sparql::results::QueryResultsSerializer;
use oxigraph::sparql::{CancellationToken, QueryEvaluationError, QueryResults, QuerySolution};

use crate::config::Config;
use crate::http::Request;
use crate::negotiate::{negotiate, GRAPH_OFFERS, RESULT_OFFERS};
use crate::reply::Reply;

/// A query's answer, read in full (up to the cap) before anything is sent, so
/// a time-out or an error is a clean status, not a cut stream.
pub(crate) enum Answer {
    Solutions(Vec<Variable>, Vec<QuerySolution>, bool),
    Boolean(bool),
    Graph(Vec<Quad>, bool),
}

/// Runs a query on a thread of its own and waits at most the time limit for
/// it: past that, the query is cancelled (it stops at its next check) and the
/// client gets its answer at once.
pub(crate) fn run_query(
    store: &Store,
    config: &Config,
    q: &str,
    dataset: Dataset,
) -> Result<Answer, StoreError> {
    let token = CancellationToken::new();
    let (done, wait) = mpsc::channel();
    {
        let (store, q, token, max) = (
            store.clone(),
            q.to_owned(),
            token.clone(),
            config.max_results,
        );
        std::thread::spawn(move || {
            // The receiver may have given up: then nobody needs the answer.
            let _ = done.send(materialize(&store, &q, &dataset, token, max));
        });
    }
    match wait.recv_timeout(config.timeout) {
        Ok(answer) => answer,
        Err(_) => {
            token.cancel();
            Err(StoreError::Query(QueryEvaluationError::Cancelled))
        }
    }
}

/// The first `max` items, and whether there were more.
pub(crate) fn take_at_most<T>(
    items: impl Iterator<Item = Result<T, QueryEvaluationError>>,
    max: usize,
) -> Result<(Vec<T>, bool), StoreError> {
    let mut taken = Vec::new();
    for item in items {
        if taken.len() == max {
            return Ok((taken, true));
        }
        taken.push(item?);
    }
    Ok((taken, false))
}

/// The query's answer, read up to `max` solutions or triples.
pub(crate) fn materialize(
    store: &Store,
    q: &str,
    dataset: &Dataset,
    token: CancellationToken,
    max: usize,
) -> Result<Answer, StoreError> {
    Ok(match store.query_in(q, Some(token), dataset)? {
        QueryResults::Boolean(b) => Answer::Boolean(b),
        QueryResults::Solutions(solutions) => {
            let variables = solutions.variables().to_vec();
            let (rows, truncated) = take_at_most(solutions, max)?;
            Answer::Solutions(variables, rows, truncated)
        }
        QueryResults::Graph(triples) => {
            let (triples, truncated) = take_at_most(triples, max)?;
            let mut quads: Vec<Quad> = triples
                .into_iter()
                .map(|t| Quad::new(t.subject, t.predicate, t.object, GraphName::DefaultGraph))
                .collect();
            kgraph_rdf::rdf::sort_quads(&mut quads);
            Answer::Graph(quads, truncated)
        }
    })
}

pub(crate) fn cap_headers(config: &Config, truncated: bool) -> Vec<(&'static str, String)> {
    let mut h = vec![("X-Kgraph-Result-Limit", config.max_results.to_string())];
    if truncated {
        h.push(("X-Kgraph-Truncated", "true".to_owned()));
        h.push((
            "Warning",
            format!(
                "199 kgraph \"results cut at the server's limit of {} ({})\"",
                config.max_results, config.knobs.max_results
            ),
        ));
    }
    h
}

/// The Protocol's `default-graph-uri` and `named-graph-uri` parameters.
pub(crate) fn dataset(params: &[(String, String)]) -> Result<Dataset, Reply> {
    let graphs = |name: &str| -> Result<Vec<NamedNode>, Reply> {
        params
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| {
                NamedNode::new(v.clone())
                    .map_err(|_| Reply::text(400, format!("{name} '{v}' is not an IRI")))
            })
            .collect()
    };
    Ok(Dataset {
        default_graphs: graphs("default-graph-uri")?,
        named_graphs: graphs("named-graph-uri")?,
    })
}

pub(crate) fn sparql(
    store: &Store,
    config: &Config,
    request: &Request,
    q: &str,
    params: &[(String, String)],
) -> Reply {
    let dataset = match dataset(params) {
        Ok(d) => d,
        Err(reply) => return reply,
    };
    let answer = match run_query(store, config, q, dataset) {
        Ok(a) => a,
        Err(e @ StoreError::Syntax(_)) => return Reply::text(400, e.to_string()),
        Err(StoreError::Query(QueryEvaluationError::Cancelled)) => {
            return Reply::text(
                503,
                format!(
                    "query stopped: it ran past the server's time limit of {} s ({})",
                    config.timeout.as_secs_f64(),
                    config.knobs.timeout
                ),
            )
        }
        Err(e) => return Reply::text(500, e.to_string()),
    };
    match answer {
        Answer::Graph(quads, truncated) => {
            graph_reply(request, params, &quads, cap_headers(config, truncated))
        }
        Answer::Boolean(b) => match negotiate(request, params, RESULT_OFFERS) {
            Err(r) => r,
            Ok((media, format)) => {
                match QueryResultsSerializer::from_format(format)
                    .serialize_boolean_to_writer(Vec::new(), b)
                {
                    Ok(body) => Reply::new(200, media, body),
                    Err(e) => Reply::text(500, e.to_string()),
                }
            }
        },
        Answer::Solutions(variables, rows, truncated) => {
            match negotiate(request, params, RESULT_OFFERS) {
                Err(r) => r,
                Ok((media, format)) => {
                    let written = (|| -> std::io::Result<Vec<u8>> {
                        let mut w = QueryResultsSerializer::from_format(format)
                            .serialize_solutions_to_writer(Vec::new(), variables)?;
                        for s in &rows {
                            w.serialize(s)?;
                        }
                        w.finish()
                    })();
                    match written {
                        Ok(body) => Reply {
                            headers: cap_headers(config, truncated),
                            ..Reply::new(200, media, body)
                        },
                        Err(e) => Reply::text(500, e.to_string()),
                    }
                }
            }
        }
    }
}

pub(crate) fn graph_reply(
    request: &Request,
    params: &[(String, String)],
    quads: &[Quad],
    headers: Vec<(&'static str, String)>,
) -> Reply {
    match negotiate(request, params, GRAPH_OFFERS) {
        Err(r) => r,
        Ok((media, output)) => match write_rdf(quads, output, Vec::new()) {
            Ok(body) => Reply {
                headers,
                ..Reply::new(200, media, body)
            },
            Err(e) => Reply::text(500, e.to_string()),
        },
    }
}
