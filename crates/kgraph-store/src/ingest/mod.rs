//! Ingest: documents extracted a batch at a time and written to the store
//! (or sent to a remote one), in input order.
//!
//! A pipeline: the caller's thread reads documents and extracts a batch at a
//! time on a pool of threads while a writer thread stores the batches before,
//! gathered into bulk commits of about [`WRITE_QUADS`] quads, each atomic.
//! Batches go in input order, so the store ends the same whatever the number
//! of jobs. With one job, extracting and writing take turns; with N, N
//! threads extract while the writer, a thread of its own that mostly waits
//! on RocksDB, writes. What happens to each document is told to an
//! [`Observer`]. [`ingest_graphs`] takes document graphs made already (read
//! back from N-Quads) through the same pipeline.

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;

use kgraph_extract::{extract_with, Date, Document, Settings};
use kgraph_rdf::identity::Reader;
use kgraph_rdf::ontology::{kg, xsd};
use kgraph_rdf::rdf::{document_iri, sort_quads, to_quads_at, with_parent_properties};
use kgraph_rdf::{ontology, Minter};
use oxigraph::model::{Literal, NamedNode, NamedOrBlankNode, Quad};
use rayon::prelude::*;

use crate::push::{ntriples, GraphStore, PushError};
use crate::store::{ontology_quads, Store, StoreError};

/// Documents extracted together on the pool, and sent to the writer as one
/// batch.
pub const WRITE_BATCH: usize = 768;

/// Quads written to a local store in one bulk commit: the writer gathers
/// batches until it holds this many (or the input ends). Each commit adds a
/// sorted file to every index at RocksDB's first level, which RocksDB
/// merges into the next level every few commits, rewriting that level, so
/// fewer, larger commits leave it less to rewrite. At the default
/// provenance a batch of [`WRITE_BATCH`] news articles is about 100,000
/// quads: a commit gathers about three (at `mentions`, about one).
pub const WRITE_QUADS: usize = 300_000;

/// What can stop an ingest.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    /// Writing to the local store failed part way through: what went in
    /// before it is whole, the rest was not written.
    #[error("cannot write to {store}: {cause}; {ingested} document(s) went in whole before it and the other {rest} were not written: fix the cause and run the same ingest again to add them")]
    StoreWrite {
        /// The store, as [`Sink::name`] says it.
        store: String,
        /// Why, as the store said.
        cause: String,
        /// Documents that went in before.
        ingested: usize,
        /// How many were not written ("documents" when the total is not known).
        rest: String,
    },
    /// The local store failed otherwise (opening, reading, flushing).
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The remote store could not be reached or refused a graph.
    #[error(transparent)]
    Remote(#[from] PushError),
    /// A minted IRI is not valid (a bad base IRI).
    #[error(transparent)]
    Iri(#[from] oxigraph::model::IriParseError),
    /// The extraction threads could not be started.
    #[error("cannot start {0} extraction thread(s): {1}")]
    Threads(usize, String),
}

impl IngestError {
    /// The store itself cannot be used (see [`StoreError::is_store_fault`]).
    pub fn is_store_fault(&self) -> bool {
        match self {
            IngestError::StoreWrite { .. } => true,
            IngestError::Store(e) => e.is_store_fault(),
            _ => false,
        }
    }
}

/// Where ingested documents go.
pub enum Sink {
    /// The local store, and its path.
    Local(Store, PathBuf),
    /// A remote store, through the Graph Store Protocol.
    Remote(GraphStore),
}

impl Sink {
    /// The sink as messages name it: "store 'PATH'" or "remote URL".
    pub fn name(&self) -> String {
        match self {
            Sink::Local(_, path) => format!("store '{}'", path.display()),
            Sink::Remote(remote) => format!("remote {}", remote.url()),
        }
    }

    /// Sends the ontology graph to a remote store.
    fn prepare(&self) -> Result<(), IngestError> {
        if let Sink::Remote(remote) = self {
            let quads = ontology_quads()?;
            remote.put(ontology::ONTOLOGY_GRAPH.as_str(), &ntriples(&quads))?;
        }
        Ok(())
    }

    /// Is the graph `iri` in the store? (Never, for a remote store.)
    fn has_graph(&self, iri: &str) -> Result<bool, IngestError> {
        match self {
            Sink::Local(store, _) => Ok(store.has_graph(NamedNode::new(iri)?.as_ref())?),
            Sink::Remote(_) => Ok(false),
        }
    }

    /// Writes document graphs: each one's result, or an error that stops
    /// the ingest (a remote store that cannot be reached or refuses).
    fn write(
        &self,
        graphs: Vec<(NamedNode, Vec<Quad>)>,
    ) -> Result<Vec<Result<(), String>>, IngestError> {
        match self {
            Sink::Local(store, _) => Ok(store
                .write_documents(graphs)
                .into_iter()
                .map(|r| r.map_err(|e| e.to_string()))
                .collect()),
            Sink::Remote(remote) => {
                for (graph, quads) in &graphs {
                    remote.put(graph.as_str(), &ntriples(quads))?;
                }
                Ok(graphs.iter().map(|_| Ok(())).collect())
            }
        }
    }

    fn finish(&self) -> Result<(), IngestError> {
        if let Sink::Local(store, _) = self {
            store.flush()?;
        }
        Ok(())
    }
}

/// How an ingest runs.
#[derive(Debug, Clone)]
pub struct IngestOptions {
    /// Threads that extract (at least 1); the writer is one more, and with
    /// one job extracting and writing take turns.
    pub jobs: usize,
    /// Skip documents whose graph is in the store already.
    pub resume: bool,
    /// The extraction's settings.
    pub settings: Settings,
    /// Mints the IRIs.
    pub minter: Minter,
    /// The ingest time recorded on each document (`xsd:dateTime`).
    pub ingested_at: String,
    /// How much evidence each document graph keeps
    /// ([`kgraph_rdf::export::Provenance`]).
    pub provenance: kgraph_rdf::export::Provenance,
    /// Write each relation with its parent property too
    /// ([`kgraph_rdf::rdf::with_parent_properties`]).
    pub infer: bool,
    /// How many documents the input holds, when known (for messages).
    pub total: Option<usize>,
    /// Resolve people and organizations across the store's documents at the
    /// end (a local store only; see [`crate::identity`]).
    pub resolve: bool,
    /// How documents are batched for extraction and for the store
    /// (`Batches::default()`: [`WRITE_BATCH`] and [`WRITE_QUADS`]).
    pub batches: Batches,
}

/// How an ingest batches its documents. The store ends the same whatever
/// the sizes; they trade memory for speed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Batches {
    /// Documents extracted together on the pool (at least 1).
    pub documents: usize,
    /// Quads a local store takes in one bulk commit: batches are gathered
    /// until they hold this many.
    pub quads: usize,
}

impl Default for Batches {
    fn default() -> Self {
        Self {
            documents: WRITE_BATCH,
            quads: WRITE_QUADS,
        }
    }
}

/// What an ingest tells as it goes, from its writer thread. Every method
/// does nothing by default.
pub trait Observer {
    /// A document went in, as `graph`, with `triples` triples.
    fn ingested(&mut self, _source: &str, _graph: &str, _triples: usize) {}
    /// A document was not stored; the others go on.
    fn refused(&mut self, _source: &str, _error: &str) {}
    /// `done` documents are dealt with (in, refused or skipped), after each batch.
    fn progress(&mut self, _done: usize) {}
}

/// An observer that is told nothing.
impl Observer for () {}

/// What an ingest did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct IngestReport {
    /// Documents that went in.
    pub ingested: usize,
    /// Their triples.
    pub triples: usize,
    /// Documents the sink refused.
    pub refused: usize,
    /// Documents skipped as already in the store (with `resume`).
    pub skipped: usize,
    /// Document graphs that resolution across documents rewrote.
    pub rewritten: usize,
}

/// A batch of documents ready for the store: their sources, and their graphs.
type Extracted = (Vec<String>, Vec<(NamedNode, Vec<Quad>)>);

/// A document graph made already (read back from N-Quads, say), for
/// [`ingest_graphs`].
#[derive(Debug, Clone)]
pub struct MadeGraph {
    /// Where it was read, as messages name it.
    pub source: String,
    /// The document graph.
    pub graph: NamedNode,
    /// Its quads, all in `graph`.
    pub quads: Vec<Quad>,
}

/// Extracts `documents` and writes them to `sink`, telling `observer` what
/// happens to each. Stops at the first error of the store itself or of a
/// remote store; a document the local store refuses alone is reported and the
/// others go on.
pub fn ingest(
    documents: impl Iterator<Item = Document>,
    sink: &Sink,
    options: &IngestOptions,
    observer: &mut (impl Observer + Send),
) -> Result<IngestReport, IngestError> {
    let made = |doc: Document| {
        let x = extract_with(&doc, options.settings);
        let graph = document_iri(&options.minter, &x);
        let quads = to_quads_at(
            &x,
            &options.minter,
            Some(&options.ingested_at),
            options.provenance,
        );
        let quads = match options.infer {
            true => with_parent_properties(quads),
            false => quads,
        };
        (doc.source, graph, quads)
    };
    let graph_of = |doc: &Document| options.minter.document(&doc.id());
    pipeline(documents, graph_of, made, sink, options, observer)
}

/// [`ingest`] for document graphs made already (`kgraph ingest --nquads`):
/// each is written as extracted documents are, with its `kg:ingestedAt`
/// (in place of any it has), with `options.infer` its relations' parent
/// properties, each quad once; the graphs keep the provenance they were
/// written with, and the extraction settings are not used.
pub fn ingest_graphs(
    graphs: impl Iterator<Item = MadeGraph>,
    sink: &Sink,
    options: &IngestOptions,
    observer: &mut (impl Observer + Send),
) -> Result<IngestReport, IngestError> {
    let at = Literal::new_typed_literal(&options.ingested_at, xsd::DATE_TIME);
    let made = |made: MadeGraph| {
        let MadeGraph {
            source,
            graph,
            quads,
        } = made;
        let mut quads: Vec<Quad> = quads
            .into_iter()
            .filter(|q| {
                !(q.predicate == kg::INGESTED_AT
                    && matches!(&q.subject, NamedOrBlankNode::NamedNode(s) if *s == graph))
            })
            .collect();
        quads.push(Quad::new(
            graph.clone(),
            kg::INGESTED_AT,
            at.clone(),
            graph.clone(),
        ));
        let quads = match options.infer {
            true => with_parent_properties(quads),
            false => quads,
        };
        let mut quads = quads;
        sort_quads(&mut quads);
        quads.dedup();
        (source, graph, quads)
    };
    let graph_of = |made: &MadeGraph| made.graph.as_str().to_owned();
    pipeline(graphs, graph_of, made, sink, options, observer)
}

/// The pipeline of an ingest: `items` a batch at a time, each batch skipping
/// (with `resume`) the items whose graph (`graph_of`) the store holds, each
/// item `made` into its source, graph and quads on the pool, then written.
fn pipeline<T: Send>(
    items: impl Iterator<Item = T>,
    graph_of: impl Fn(&T) -> String,
    made: impl Fn(T) -> (String, NamedNode, Vec<Quad>) + Sync,
    sink: &Sink,
    options: &IngestOptions,
    observer: &mut (impl Observer + Send),
) -> Result<IngestReport, IngestError> {
    // The threads that extract; the writer is one more.
    let jobs = options.jobs.max(1);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        // The main thread's stack, which extraction ran on before with one
        // or two jobs.
        .stack_size(8 << 20)
        .thread_name(|i| format!("kgraph-extract-{i}"))
        .build()
        .map_err(|e| IngestError::Threads(jobs, e.to_string()))?;
    sink.prepare()?;
    // Into an empty store, resolution reads the documents as they are
    // written, not back from the store.
    let fresh = match sink {
        Sink::Local(store, _) if options.resolve => !store.has_documents(&options.minter)?,
        _ => false,
    };
    let skipped = AtomicUsize::new(0);
    let (report, reader) = std::thread::scope(
        |scope| -> Result<(IngestReport, Option<Reader<'_>>), IngestError> {
            let skipped = &skipped;
            // Both channels live in this closure: when it returns early, the
            // writer sees the batches end and stops too.
            let (to_writer, batches) = mpsc::sync_channel::<Extracted>(1);
            // With one job, extracting waits for each batch to be written.
            let (written, wait_written) = mpsc::sync_channel::<()>(1);
            let writer = scope.spawn(move || {
                write_batches(batches, written, sink, options, observer, fresh, skipped)
            });
            let send = |batch: &mut Vec<T>| -> Result<bool, IngestError> {
                if options.resume {
                    let before = batch.len();
                    let mut kept = Vec::with_capacity(before);
                    for item in batch.drain(..) {
                        if !sink.has_graph(&graph_of(&item))? {
                            kept.push(item);
                        }
                    }
                    *batch = kept;
                    skipped.fetch_add(before - batch.len(), Ordering::Relaxed);
                }
                let made: Vec<(String, NamedNode, Vec<Quad>)> =
                    pool.install(|| batch.par_drain(..).map(&made).collect());
                let (sources, graphs) = made
                    .into_iter()
                    .map(|(source, graph, quads)| (source, (graph, quads)))
                    .unzip();
                // The writer stops only on an error it returns below.
                let open = to_writer.send((sources, graphs)).is_ok();
                Ok(open && (jobs > 1 || wait_written.recv().is_ok()))
            };
            let size = options.batches.documents.max(1);
            let mut batch: Vec<T> = Vec::with_capacity(size);
            let mut open = true;
            for item in items {
                batch.push(item);
                if batch.len() >= size {
                    open = send(&mut batch)?;
                    if !open {
                        break;
                    }
                }
            }
            if open && !batch.is_empty() {
                send(&mut batch)?;
            }
            drop(to_writer);
            writer
                .join()
                .unwrap_or_else(|e| std::panic::resume_unwind(e))
        },
    )?;
    let mut rewritten = 0;
    if let (true, Sink::Local(store, _)) = (options.resolve, sink) {
        rewritten = match reader {
            Some(mut reader) => store.resolve_read(&mut reader, &options.minter, options.jobs)?,
            None => store.resolve_identity(&options.minter, options.jobs)?,
        }
        .rewritten;
    }
    sink.finish()?;
    Ok(IngestReport {
        skipped: skipped.into_inner(),
        rewritten,
        ..report
    })
}

/// The writer of [`pipeline`]: the batches gathered into bulk commits of
/// about `options.batches.quads` quads (a remote store takes each batch as it
/// comes), what happens to each document told to `observer`, and, into an
/// empty store (`fresh`), the quads read for resolution as they go.
fn write_batches<'o>(
    batches: mpsc::Receiver<Extracted>,
    written: mpsc::SyncSender<()>,
    sink: &Sink,
    options: &'o IngestOptions,
    observer: &mut impl Observer,
    fresh: bool,
    skipped: &AtomicUsize,
) -> Result<(IngestReport, Option<Reader<'o>>), IngestError> {
    let mut report = IngestReport::default();
    let mut reader = fresh.then(|| Reader::new(&options.minter));
    let gather = matches!(sink, Sink::Local(..));
    let mut held: Extracted = (Vec::new(), Vec::new());
    let mut quads = 0;
    let mut batches = batches.into_iter();
    loop {
        let batch = batches.next();
        let last = batch.is_none();
        if let Some((sources, graphs)) = batch {
            if let Some(reader) = &mut reader {
                for q in graphs.iter().flat_map(|(_, quads)| quads) {
                    reader.add(q.as_ref());
                }
            }
            quads += graphs.iter().map(|(_, q)| q.len()).sum::<usize>();
            held.0.extend(sources);
            held.1.extend(graphs);
        }
        if !held.0.is_empty() && (last || !gather || quads >= options.batches.quads) {
            commit(
                std::mem::take(&mut held),
                sink,
                options,
                observer,
                &mut report,
            )?;
            quads = 0;
            let done = report.ingested + report.refused + skipped.load(Ordering::Relaxed);
            observer.progress(done);
        }
        if last {
            return Ok((report, reader));
        }
        if options.jobs <= 1 {
            let _ = written.send(());
        }
    }
}

/// Writes `batch` to `sink` (in one bulk commit, to a local store), adding
/// what happens to each document to `report` and telling `observer`.
fn commit(
    (sources, graphs): Extracted,
    sink: &Sink,
    options: &IngestOptions,
    observer: &mut impl Observer,
    report: &mut IngestReport,
) -> Result<(), IngestError> {
    // The store takes the quads: what the report needs, first.
    let sizes: Vec<(String, usize)> = graphs
        .iter()
        .map(|(graph, quads)| (graph.as_str().to_owned(), quads.len()))
        .collect();
    let results = sink.write(graphs)?;
    for ((source, (graph, quads)), result) in sources.iter().zip(&sizes).zip(results) {
        match result {
            Ok(()) => {
                report.ingested += 1;
                report.triples += quads;
                observer.ingested(source, graph, *quads);
            }
            // The local store failing to write is no fault of the
            // document's: the others would fail too. Stop, with what
            // went in whole.
            Err(cause) if matches!(sink, Sink::Local(..)) => {
                let done = report.ingested + report.refused;
                return Err(IngestError::StoreWrite {
                    store: sink.name(),
                    cause,
                    ingested: report.ingested,
                    rest: options.total.map_or("documents".to_owned(), |t| {
                        t.saturating_sub(done).to_string()
                    }),
                });
            }
            Err(e) => {
                observer.refused(source, &e);
                report.refused += 1;
            }
        }
    }
    Ok(())
}

/// The current UTC time as an `xsd:dateTime` lexical form, for
/// [`IngestOptions::ingested_at`].
pub fn now_xsd() -> String {
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

#[cfg(test)]
mod tests;
