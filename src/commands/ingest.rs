//! `kgraph ingest`: documents extracted and added to the store (or sent to
//! a remote one), a batch at a time.

use std::io;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use kgraph_extract::{extract_with, Date, Document, Settings};
use kgraph_rdf::Minter;
use kgraph_store::Store;
use oxigraph::model::{NamedNode, Quad};

use super::{exit_for, for_each_document};
use crate::progress::Progress;

/// Writing to the store failed part way through an ingest: what went in
/// before it is whole, the rest was not written.
#[derive(Debug, thiserror::Error)]
#[error("cannot write to {store}: {cause}; {ingested} document(s) went in whole before it and the other {rest} were not written: fix the cause and run the same ingest again to add them")]
pub(crate) struct StoreWriteFailed {
    store: String,
    cause: String,
    ingested: usize,
    rest: String,
}

/// How `ingest` runs.
pub(crate) struct IngestOptions {
    /// Threads at work, the writer included.
    pub(crate) jobs: usize,
    /// Skip documents whose graph is in the store already.
    pub(crate) resume: bool,
    pub(crate) published: Option<Date>,
    pub(crate) settings: Settings,
}

pub(crate) fn cmd_ingest(
    paths: &[PathBuf],
    jsonl: bool,
    options: IngestOptions,
    sink: &Sink,
    base: &str,
) -> Result<ExitCode> {
    let IngestOptions {
        jobs,
        resume,
        published,
        settings,
    } = options;
    let minter = Minter::new(base);
    // Documents skipped by --resume, for the progress line and the summary.
    let skipped = std::sync::atomic::AtomicUsize::new(0);
    let skipped_now = || skipped.load(std::sync::atomic::Ordering::Relaxed);
    // The writer is a job too: with one job, extracting and writing take
    // turns; with N, N - 1 threads extract while the writer writes.
    let extractors = jobs.saturating_sub(1).max(1);
    sink.prepare()?;
    let started = std::time::Instant::now();
    let now = now_xsd();
    // The directories are walked once: the files found are the inputs, and
    // their number is the progress line's total.
    let files;
    let (paths, total) = if jsonl {
        (paths, jsonl_total(paths))
    } else {
        files = kgraph_extract::input::expand(paths)?;
        (files.as_slice(), Some(files.len()))
    };
    // A pipeline: this thread reads documents and extracts a batch at a time
    // on `extractors` threads while a writer thread stores the batch before, all of
    // it in one atomic bulk commit. Batches go in input order, so the store
    // ends the same whatever the number of jobs, and memory holds two batches.
    let (to_writer, batches) = std::sync::mpsc::sync_channel::<Extracted>(1);
    // With one job, extracting waits for each batch to be written.
    let (written, wait_written) = std::sync::mpsc::sync_channel::<()>(1);
    let (ingested, triples, not_stored, unread) = std::thread::scope(|scope| -> Result<_> {
        let writer = scope.spawn(|| -> Result<_> {
            let mut progress = Progress::new(total, "documents");
            let (mut ingested, mut triples, mut not_stored) = (0, 0, 0);
            for (sources, graphs) in batches {
                // The store takes the quads: what the report needs, first.
                let report: Vec<(String, usize)> = graphs
                    .iter()
                    .map(|(graph, quads)| (graph.as_str().to_owned(), quads.len()))
                    .collect();
                let results = sink.write(graphs)?;
                for ((source, (graph, quads)), result) in sources.iter().zip(&report).zip(results) {
                    match result {
                        Ok(()) => {
                            ingested += 1;
                            triples += quads;
                            // On a terminal the progress line stands for these.
                            if !progress.active {
                                eprintln!("ingested {source} as {graph} ({quads} triples)");
                            }
                        }
                        // The local store failing to write is no fault of the
                        // document's: the others would fail too. Stop, with
                        // what went in whole and how to add the rest.
                        Err(e) if matches!(sink, Sink::Local(..)) => {
                            progress.clear();
                            return Err(StoreWriteFailed {
                                store: sink.name(),
                                cause: e,
                                ingested,
                                rest: total.map_or("documents".to_owned(), |t| {
                                    t.saturating_sub(ingested + not_stored).to_string()
                                }),
                            }
                            .into());
                        }
                        Err(e) => {
                            progress.clear();
                            eprintln!("kgraph: {source}: not ingested: {e}");
                            not_stored += 1;
                        }
                    }
                }
                progress.show(ingested + not_stored + skipped_now(), false);
                if jobs == 1 {
                    let _ = written.send(());
                }
            }
            progress.show(ingested + not_stored + skipped_now(), true);
            if progress.active {
                eprintln!();
            }
            Ok((ingested, triples, not_stored))
        });
        let mut batch: Vec<Document> = Vec::with_capacity(WRITE_BATCH);
        let send = |batch: &mut Vec<Document>| -> Result<bool> {
            if resume {
                let before = batch.len();
                let mut kept = Vec::with_capacity(before);
                for doc in batch.drain(..) {
                    if !sink.has_graph(&minter.document(&doc.id()))? {
                        kept.push(doc);
                    }
                }
                *batch = kept;
                skipped.fetch_add(before - batch.len(), std::sync::atomic::Ordering::Relaxed);
            }
            let graphs = parallel_map(batch, extractors, |doc| {
                let x = extract_with(doc, settings);
                let graph = kgraph_rdf::rdf::document_iri(&minter, &x);
                (graph, kgraph_rdf::rdf::to_quads(&x, &minter, Some(&now)))
            });
            let sources = batch.drain(..).map(|doc| doc.source).collect();
            // The writer stops only on an error it returns below.
            let open = to_writer.send((sources, graphs)).is_ok();
            Ok(open && (jobs > 1 || wait_written.recv().is_ok()))
        };
        let mut open = true;
        let unread = for_each_document(paths, jsonl, published, |doc| {
            batch.push(doc);
            if open && batch.len() == WRITE_BATCH {
                open = send(&mut batch)?;
            }
            Ok(true)
        })?;
        if open && !batch.is_empty() {
            send(&mut batch)?;
        }
        drop(to_writer);
        let (ingested, triples, not_stored) = writer
            .join()
            .unwrap_or_else(|e| std::panic::resume_unwind(e))?;
        Ok((ingested, triples, not_stored, unread))
    })?;
    sink.finish()?;
    let failed = unread + not_stored;
    let skipped = if resume {
        format!(", {} already in the store", skipped_now())
    } else {
        String::new()
    };
    eprintln!(
        "{ingested} document(s) ingested ({triples} triples){skipped}, {failed} failed, in {:.1} s with {jobs} job(s), {}",
        started.elapsed().as_secs_f64(),
        sink.name()
    );
    Ok(exit_for(failed))
}

/// The documents in JSON Lines corpora (their non-blank lines), for the
/// progress line's total and time left: counted on a terminal only, and not
/// for standard input, which can be read once.
pub(crate) fn jsonl_total(paths: &[PathBuf]) -> Option<usize> {
    if !io::IsTerminal::is_terminal(&io::stderr()) || paths.iter().any(|p| p.as_os_str() == "-") {
        return None;
    }
    let mut total = 0;
    for path in kgraph_extract::input::expand_jsonl(paths).ok()? {
        let reader = kgraph_extract::input::open(&path).ok()?;
        total += io::BufRead::split(reader, b'\n')
            .map_while(Result::ok)
            .filter(|line| line.iter().any(|b| !b.is_ascii_whitespace()))
            .count();
    }
    Some(total)
}

/// Where ingested documents go.
pub(crate) enum Sink {
    /// The local store, and its path.
    Local(Store, PathBuf),
    /// A remote store, through the Graph Store Protocol.
    Remote(kgraph_store::push::GraphStore),
}

impl Sink {
    fn name(&self) -> String {
        match self {
            Sink::Local(_, path) => format!("store '{}'", path.display()),
            Sink::Remote(remote) => format!("remote {}", remote.url()),
        }
    }

    /// Sends the ontology graph to a remote store.
    fn prepare(&self) -> Result<()> {
        if let Sink::Remote(remote) = self {
            let quads = kgraph_store::store::ontology_quads()?;
            remote.put(
                kgraph_rdf::ontology::ONTOLOGY_GRAPH.as_str(),
                &kgraph_store::push::ntriples(&quads),
            )?;
        }
        Ok(())
    }

    /// Is the graph `iri` in the store? (Never, for a remote store.)
    fn has_graph(&self, iri: &str) -> Result<bool> {
        match self {
            Sink::Local(store, _) => Ok(store.has_graph(NamedNode::new(iri)?.as_ref())?),
            Sink::Remote(_) => Ok(false),
        }
    }

    /// Writes document graphs: each one's result, or an error that stops
    /// the ingest (a remote store that cannot be reached or refuses).
    fn write(&self, graphs: Vec<(NamedNode, Vec<Quad>)>) -> Result<Vec<Result<(), String>>> {
        match self {
            Sink::Local(store, _) => Ok(store
                .write_documents(graphs)
                .into_iter()
                .map(|r| r.map_err(|e| e.to_string()))
                .collect()),
            Sink::Remote(remote) => {
                for (graph, quads) in &graphs {
                    remote.put(graph.as_str(), &kgraph_store::push::ntriples(quads))?;
                }
                Ok(graphs.iter().map(|_| Ok(())).collect())
            }
        }
    }

    fn finish(&self) -> Result<()> {
        if let Sink::Local(store, _) = self {
            store.flush()?;
        }
        Ok(())
    }
}

/// Documents written to the store in one bulk commit, about 220,000 quads of
/// news-length articles. Fewer, larger commits leave RocksDB fewer files to
/// merge: with 2 jobs, 20,000 articles went in 36.5-40.1 s in batches of 768,
/// 39.1-40.4 s of 512 and 41.7-43.9 s of 256; peak memory was 530, 395 and
/// 245 MB.
pub(crate) const WRITE_BATCH: usize = 768;

/// A batch of documents ready for the store: their sources, and their graphs.
pub(crate) type Extracted = (Vec<String>, Vec<(NamedNode, Vec<Quad>)>);

/// `f` over `items` on `jobs` threads, results in the items' order.
pub(crate) fn parallel_map<T: Sync, R: Send>(
    items: &[T],
    jobs: usize,
    f: impl Fn(&T) -> R + Sync,
) -> Vec<R> {
    if jobs <= 1 || items.len() <= 1 {
        return items.iter().map(f).collect();
    }
    let chunk = items.len().div_ceil(jobs);
    std::thread::scope(|scope| {
        let handles: Vec<_> = items
            .chunks(chunk)
            .map(|part| {
                let f = &f;
                scope.spawn(move || part.iter().map(f).collect::<Vec<R>>())
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    })
}

/// The current UTC time as an `xsd:dateTime` lexical form.
pub(crate) fn now_xsd() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let rem = secs % 86_400;
    format!(
        "{}T{:02}:{:02}:{:02}Z",
        Date::from_unix_days((secs / 86_400) as i64),
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}
