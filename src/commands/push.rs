//! `kgraph push`: the store's graphs sent to a remote triple store.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use anyhow::{anyhow, bail, Result};
use kgraph_store::Store;
use oxigraph::model::NamedNode;

use super::stdout;
use crate::progress::Progress;

/// A graph a push thread has dealt with.
pub(crate) struct PushedGraph {
    /// Its place in the store's list.
    n: usize,
    hash: String,
    triples: usize,
    /// Sent (or, in a dry run, to be sent).
    changed: bool,
}

/// Why a push thread stopped.
pub(crate) enum PushFailure {
    Remote(kgraph_store::push::PushError),
    Local(kgraph_store::StoreError),
}

/// How `push` runs.
pub(crate) struct PushOptions<'a> {
    /// Graphs sent at once.
    pub(crate) jobs: usize,
    pub(crate) dry_run: bool,
    pub(crate) all: bool,
    /// The SPARQL endpoint to check the remote counts at.
    pub(crate) verify: Option<&'a str>,
    /// The Graph Store URL is the endpoint's, for want of --graph-store.
    pub(crate) graph_store_guessed: bool,
}

pub(crate) fn cmd_push(
    store_path: &Path,
    remote: &kgraph_store::push::GraphStore,
    options: &PushOptions<'_>,
) -> Result<ExitCode> {
    let store = Store::open_read_only(store_path)?;
    let started = std::time::Instant::now();
    let mut log = kgraph_store::push::PushLog::open(&store_path.join("kgraph-push"), remote.url())?;
    let mut graphs = vec![kgraph_rdf::ontology::ONTOLOGY_GRAPH.into_owned()];
    graphs.extend(
        store
            .documents()?
            .into_iter()
            .map(|d| NamedNode::new_unchecked(d.iri)),
    );
    let mut progress = Progress::new(Some(graphs.len()), "graphs");
    let (mut sent, mut triples, mut unchanged) = (0usize, 0usize, 0usize);
    let mut local_counts = std::collections::BTreeMap::new();
    let mut out = stdout();
    let stopped = |e: kgraph_store::push::PushError, sent: usize, progress: &Progress| {
        progress.clear();
        let hint = match e {
            kgraph_store::push::PushError::Refused {
                status: 400 | 404 | 405,
                ..
            } if options.graph_store_guessed => {
                " (the server's Graph Store may have a URL of its own: give it with --graph-store)"
            }
            _ => "",
        };
        anyhow!(
            "push stopped: {e}{hint}; {sent} graph(s) were sent before it and are remembered, so `kgraph push` again sends the rest"
        )
    };
    // `jobs` threads read, serialize and send graphs; this one records
    // what was sent as it comes back, so the log is right even when a
    // push stops midway. Listings come in the store's order.
    let before = log.sent().clone();
    let next = std::sync::atomic::AtomicUsize::new(0);
    let halt = std::sync::atomic::AtomicBool::new(false);
    let mut listing = std::collections::BTreeMap::new();
    let mut failure = None;
    std::thread::scope(|scope| -> Result<()> {
        let (tx, rx) = std::sync::mpsc::channel::<Result<PushedGraph, PushFailure>>();
        for _ in 0..options.jobs.max(1) {
            let tx = tx.clone();
            let (store, graphs, before, next, halt) = (&store, &graphs, &before, &next, &halt);
            scope.spawn(move || {
                use std::sync::atomic::Ordering;
                while !halt.load(Ordering::Relaxed) {
                    let n = next.fetch_add(1, Ordering::Relaxed);
                    let Some(graph) = graphs.get(n) else {
                        break;
                    };
                    let quads = match store.graph_quads(Some(graph.as_ref())) {
                        Ok(quads) => quads,
                        Err(e) => {
                            halt.store(true, Ordering::Relaxed);
                            let _ = tx.send(Err(PushFailure::Local(e)));
                            break;
                        }
                    };
                    let bytes = kgraph_store::push::ntriples(&quads);
                    let hash = kgraph_store::push::content_hash(&bytes);
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
                        .map(|()| PushedGraph {
                            n,
                            hash,
                            triples: quads.len(),
                            changed,
                        })
                        .map_err(PushFailure::Remote);
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
            local_counts.insert(graph.to_owned(), pushed.triples as u64);
            if !pushed.changed {
                unchanged += 1;
            } else {
                if options.dry_run {
                    listing.insert(
                        pushed.n,
                        format!("PUT\t{graph}\t{} triples", pushed.triples),
                    );
                } else {
                    log.record(remote.url(), graph, Some(&pushed.hash))?;
                }
                sent += 1;
                triples += pushed.triples;
            }
            done += 1;
            progress.show(done, false);
        }
        Ok(())
    })?;
    match failure {
        Some(PushFailure::Remote(e)) => return Err(stopped(e, sent, &progress)),
        Some(PushFailure::Local(e)) => return Err(e.into()),
        None => {}
    }
    for line in listing.values() {
        writeln!(out, "{line}")?;
    }
    let removed: Vec<String> = log
        .sent()
        .keys()
        .filter(|g| !local_counts.contains_key(*g))
        .cloned()
        .collect();
    for graph in &removed {
        if options.dry_run {
            writeln!(out, "DELETE\t{graph}")?;
        } else {
            remote
                .delete(graph)
                .map_err(|e| stopped(e, sent, &progress))?;
            log.record(remote.url(), graph, None)?;
        }
    }
    out.flush()?;
    progress.show(graphs.len(), true);
    if progress.active {
        eprintln!();
    }
    let secs = started.elapsed().as_secs_f64();
    let verb = if options.dry_run {
        "would send"
    } else {
        "sent"
    };
    if !options.dry_run && (sent > 0 || !removed.is_empty()) {
        log.compact(remote.url())?;
    }
    eprintln!(
        "{verb} {sent} graph(s) ({triples} triples, {:.0} triples/s), {} {} deleted, {unchanged} unchanged, in {secs:.1} s, to {}",
        triples as f64 / secs.max(1e-3),
        removed.len(),
        if options.dry_run { "would be" } else { "were" },
        remote.url()
    );
    if let (Some(endpoint), false) = (options.verify, options.dry_run) {
        let remote_counts = remote.remote_counts(endpoint)?;
        let wrong: Vec<String> = local_counts
            .iter()
            .filter(|(g, n)| remote_counts.get(*g) != Some(*n))
            .map(|(g, n)| {
                format!(
                    "<{g}> has {n} triples here, {} there",
                    remote_counts.get(g).copied().unwrap_or(0)
                )
            })
            .collect();
        let lingering = removed
            .iter()
            .filter(|g| remote_counts.get(*g).is_some_and(|&n| n > 0))
            .count();
        if !wrong.is_empty() || lingering > 0 {
            bail!(
                "verify: {} graph(s) differ at {endpoint}, {lingering} removed graph(s) still there; first: {}",
                wrong.len(),
                wrong.first().map_or("-", String::as_str)
            );
        }
        eprintln!(
            "verified: the {} graph(s) have the same triple counts at {endpoint}",
            local_counts.len()
        );
    }
    Ok(ExitCode::SUCCESS)
}
