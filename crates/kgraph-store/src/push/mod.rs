//! Push: the store's graphs sent to another triple store with the SPARQL 1.1
//! Graph Store HTTP Protocol: `PUT` replaces a named graph (so sending again
//! is idempotent), `DELETE` drops one.
//!
//! [`GraphStore`] is the client: it retries what may pass (no connection, a
//! timeout, HTTP 408, 429, 502, 503, 504, a deadlock) with doubling waits, answers HTTP
//! Basic and Digest challenges, and turns any other refusal into an error that
//! names the graph and quotes the server. [`PushLog`] remembers, per remote,
//! which graphs were sent with which content, so [`push`] sends only what
//! changed and deletes what was removed; [`verify`] compares triple counts.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc;

use kgraph_rdf::ontology::ONTOLOGY_GRAPH;
use oxigraph::model::NamedNode;

use crate::store::{Store, StoreError};

mod client;
mod error;
mod log;

pub use client::{content_hash, ntriples, url_encode, Credentials, GraphStore, DEFAULT_TIMEOUT};
pub use error::PushError;
pub use log::PushLog;

/// How a push runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PushOptions {
    /// Graphs read and sent at once (at least 1).
    pub jobs: usize,
    /// Send nothing; report what would be sent and deleted.
    pub dry_run: bool,
    /// Send every graph, whatever the last push sent.
    pub all: bool,
}

/// What a push did (or, in a dry run, would do).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PushReport {
    /// The graphs sent, with their triples, in the store's order.
    pub sent: Vec<(String, usize)>,
    /// Graphs left alone, unchanged since the last push.
    pub unchanged: usize,
    /// Graphs removed from the store since the last push, deleted at the remote.
    pub removed: Vec<String>,
    /// Every graph of the store and its triples.
    pub triples_here: BTreeMap<String, u64>,
}

impl PushReport {
    /// The triples of the graphs sent.
    pub fn triples(&self) -> usize {
        self.sent.iter().map(|(_, n)| n).sum()
    }
}

/// Why a push stopped part way. What was sent before is in the push log.
#[derive(Debug, thiserror::Error)]
pub enum PushStopped {
    /// The remote store could not be reached or refused a graph.
    #[error("push stopped: {error}; {sent} graph(s) were sent before it and are remembered")]
    Remote {
        /// The cause.
        error: PushError,
        /// Graphs sent before.
        sent: usize,
    },
    /// The local store could not be read.
    #[error(transparent)]
    Local(#[from] StoreError),
    /// The push log could not be written.
    #[error(transparent)]
    Log(PushError),
}

/// The graphs a push sends: the ontology, then every document, in the store's order.
pub fn graphs(store: &Store) -> Result<Vec<NamedNode>, StoreError> {
    let mut graphs = vec![ONTOLOGY_GRAPH.into_owned()];
    graphs.extend(
        store
            .documents()?
            .into_iter()
            .map(|d| NamedNode::new_unchecked(d.iri)),
    );
    Ok(graphs)
}

/// A graph a push thread has dealt with.
struct Pushed {
    /// Its place in the list.
    n: usize,
    hash: String,
    triples: usize,
    /// Sent (or, in a dry run, to be sent).
    changed: bool,
}

/// Why a push thread stopped.
enum Failure {
    Remote(PushError),
    Local(StoreError),
}

/// Sends `graphs` of `store` to `remote` (those new or changed since the
/// last push `log` remembers, or all), then deletes there the graphs removed
/// here since; `progress` is told how many graphs are dealt with as they are.
/// `jobs` threads read, serialize and send graphs while this one records
/// what was sent as it comes back, so the log is right even when a push
/// stops midway.
pub fn push(
    store: &Store,
    graphs: &[NamedNode],
    log: &mut PushLog,
    remote: &GraphStore,
    options: PushOptions,
    mut progress: impl FnMut(usize),
) -> Result<PushReport, PushStopped> {
    let before = log.sent().clone();
    let next = AtomicUsize::new(0);
    let halt = AtomicBool::new(false);
    let mut report = PushReport::default();
    let mut sent = BTreeMap::new();
    let mut failure = None;
    std::thread::scope(|scope| -> Result<(), PushStopped> {
        let (tx, rx) = mpsc::channel::<Result<Pushed, Failure>>();
        for _ in 0..options.jobs.max(1) {
            let tx = tx.clone();
            let (before, next, halt) = (&before, &next, &halt);
            scope.spawn(move || {
                while !halt.load(Ordering::Relaxed) {
                    let n = next.fetch_add(1, Ordering::Relaxed);
                    let Some(graph) = graphs.get(n) else {
                        break;
                    };
                    let quads = match store.graph_quads(Some(graph.as_ref())) {
                        Ok(quads) => quads,
                        Err(e) => {
                            halt.store(true, Ordering::Relaxed);
                            let _ = tx.send(Err(Failure::Local(e)));
                            break;
                        }
                    };
                    let bytes = ntriples(&quads);
                    let hash = content_hash(&bytes);
                    let changed = options.all || before.get(graph.as_str()) != Some(&hash);
                    let result = if changed && !options.dry_run {
                        remote.put(graph.as_str(), &bytes)
                    } else {
                        Ok(())
                    };
                    if result.is_err() {
                        halt.store(true, Ordering::Relaxed);
                    }
                    let pushed = result
                        .map(|()| Pushed {
                            n,
                            hash,
                            triples: quads.len(),
                            changed,
                        })
                        .map_err(Failure::Remote);
                    if tx.send(pushed).is_err() {
                        break;
                    }
                }
            });
        }
        drop(tx);
        let mut done = 0;
        for pushed in rx {
            let pushed = match pushed {
                Ok(p) => p,
                Err(e) => {
                    failure.get_or_insert(e);
                    continue;
                }
            };
            let graph = graphs[pushed.n].as_str();
            report
                .triples_here
                .insert(graph.to_owned(), pushed.triples as u64);
            if pushed.changed {
                if !options.dry_run {
                    log.record(remote.url(), graph, Some(&pushed.hash))
                        .map_err(PushStopped::Log)?;
                }
                sent.insert(pushed.n, (graph.to_owned(), pushed.triples));
            } else {
                report.unchanged += 1;
            }
            done += 1;
            progress(done);
        }
        Ok(())
    })?;
    match failure {
        Some(Failure::Remote(error)) => {
            return Err(PushStopped::Remote {
                error,
                sent: sent.len(),
            })
        }
        Some(Failure::Local(e)) => return Err(e.into()),
        None => {}
    }
    report.sent = sent.into_values().collect();
    report.removed = log
        .sent()
        .keys()
        .filter(|g| !report.triples_here.contains_key(*g))
        .cloned()
        .collect();
    if !options.dry_run {
        for graph in &report.removed {
            remote.delete(graph).map_err(|error| PushStopped::Remote {
                error,
                sent: report.sent.len(),
            })?;
            log.record(remote.url(), graph, None)
                .map_err(PushStopped::Log)?;
        }
        if !report.sent.is_empty() || !report.removed.is_empty() {
            log.compact(remote.url()).map_err(PushStopped::Log)?;
        }
    }
    Ok(report)
}

/// What [`verify`] found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Verification {
    /// Graphs whose triple count differs there, as "`<IRI> has N triples here, M there`".
    pub differ: Vec<String>,
    /// Graphs removed here that still have triples there.
    pub lingering: usize,
    /// Graphs compared.
    pub graphs: usize,
}

/// Counts each graph's triples at the SPARQL `endpoint` of the remote store
/// and compares them with the store's, as `report` saw them.
pub fn verify(
    remote: &GraphStore,
    endpoint: &str,
    report: &PushReport,
) -> Result<Verification, PushError> {
    let there = remote.remote_counts(endpoint)?;
    let differ = report
        .triples_here
        .iter()
        .filter(|(g, n)| there.get(*g) != Some(*n))
        .map(|(g, n)| {
            format!(
                "<{g}> has {n} triples here, {} there",
                there.get(g).copied().unwrap_or(0)
            )
        })
        .collect();
    let lingering = report
        .removed
        .iter()
        .filter(|g| there.get(*g).is_some_and(|&n| n > 0))
        .count();
    Ok(Verification {
        differ,
        lingering,
        graphs: report.triples_here.len(),
    })
}
