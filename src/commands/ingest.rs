//! `kgraph ingest`: documents extracted and added to the store (or sent to
//! a remote one): the ingest pipeline of `kgraph_store::ingest`, with a
//! progress line on a terminal and a line a document elsewhere. With
//! `--nquads`, graphs extracted already (`crate::nquads`) go through the
//! same pipeline.

use std::process::ExitCode;
use std::sync::{Arc, OnceLock};

use anyhow::{bail, Result};
use kgraph_extract::input::InputError;
use kgraph_extract::syntax::Parsing;
use kgraph_extract::Settings;
use kgraph_rdf::Minter;
use kgraph_store::ingest::{ingest, ingest_graphs, now_xsd, IngestOptions, Observer, Sink};
use kgraph_store::Store;

use crate::cli::{IngestArgs, ParseChoice};
use crate::inputs::{jsonl_total, Inputs};
use crate::nquads::Shards;
use crate::output::exit_for;
use crate::progress::Progress;

/// Tells the user what happens to each document.
struct Report {
    progress: Progress,
}

impl Observer for Report {
    fn ingested(&mut self, source: &str, graph: &str, triples: usize) {
        // On a terminal the progress line stands for these.
        if !self.progress.active() {
            eprintln!("ingested {source} as {graph} ({triples} triples)");
        }
    }

    fn refused(&mut self, source: &str, error: &str) {
        self.progress
            .println(&format!("kgraph: {source}: not ingested: {error}"));
    }

    fn progress(&mut self, done: usize) {
        self.progress.show(done);
    }
}

/// Runs `kgraph ingest`. A store this run would create is not left behind
/// when no document goes in (a missing file, a bad catalog, nothing to read).
pub(crate) fn run(mut args: IngestArgs) -> Result<ExitCode> {
    let Some(paths) = crate::inputs::paths_or_stdin(std::mem::take(&mut args.paths), "ingest")
    else {
        return Ok(ExitCode::from(2));
    };
    args.paths = paths;
    let path = args.store.store.clone();
    let fresh = args.endpoint.is_none() && std::fs::symlink_metadata(&path).is_err();
    let result = ingest_documents(args);
    // An error may come after documents went in (a full disk): those stay.
    let empty = match &result {
        Ok((_, ingested)) => *ingested == 0,
        Err(_) => Store::open_read_only(&path)
            .and_then(|store| store.documents())
            .is_ok_and(|documents| documents.iter().all(|d| d.source.is_none())),
    };
    if fresh && empty {
        // The store is closed (the sink dropped) by now.
        if std::fs::remove_dir_all(&path).is_ok() {
            eprintln!(
                "kgraph: store '{}' not created: no document went in",
                path.display()
            );
        }
    }
    result.map(|(code, _)| code)
}

/// What an ingest reads: documents to extract, or graphs extracted already.
enum Source<F: FnMut(&InputError)> {
    Documents(Inputs<F>),
    Graphs(Shards),
}

/// Ingests the documents: the exit code, and how many went in.
fn ingest_documents(args: IngestArgs) -> Result<(ExitCode, usize)> {
    let jobs = match args.jobs {
        Some(0) => bail!("--jobs must be at least 1"),
        Some(n) => n,
        None => std::thread::available_parallelism().map_or(1, |n| n.get()),
    };
    let started = std::time::Instant::now();
    let minter = Minter::new(args.base.clone());
    // The progress line comes once the inputs are counted; a document that
    // cannot be read is reported above it.
    let shown: Arc<OnceLock<Progress>> = Arc::default();
    let late = Arc::clone(&shown);
    let say = move |line: &str| {
        let line = format!("kgraph: {line}");
        match late.get() {
            Some(progress) => progress.println(&line),
            None => eprintln!("{line}"),
        }
    };
    let mut source = if args.nquads {
        // Every file checked whole before anything goes in.
        Source::Graphs(Shards::check(&args.paths, &minter, &say)?)
    } else {
        let say = say.clone();
        Source::Documents(Inputs::new(
            &args.paths,
            args.jsonl,
            &args.ext,
            args.published,
            move |e| say(&e.to_string()),
        )?)
    };
    let (catalog, mut bad_lines) = super::catalog::load(&args.catalog)?;
    let sink = match &args.endpoint {
        Some(endpoint) => Sink::Remote(args.remote.graph_store(endpoint)?),
        None => Sink::Local(Store::open(&args.store.store)?, args.store.store.clone()),
    };
    if let Some(path) = &args.curation {
        let Sink::Local(store, _) = &sink else {
            bail!("--curation needs the local store: a remote store is not resolved");
        };
        let (curation, bad) = super::catalog::curation(path, &minter)?;
        bad_lines += bad;
        store.set_curation(&curation, &minter)?;
    }
    // The directories were walked once: the files found are the inputs, and
    // their number is the progress line's total (the graphs, of N-Quads).
    let total = match &source {
        Source::Documents(inputs) => inputs
            .files()
            .or_else(|| args.jsonl.then(|| jsonl_total(&args.paths)).flatten()),
        Source::Graphs(shards) => Some(shards.documents()),
    };
    let progress = Progress::new(total, "documents");
    let _ = shown.set(progress.clone());
    let options = IngestOptions {
        jobs,
        resume: args.resume,
        settings: Settings {
            tagger: !args.no_tagger,
            parse: ParseChoice::or(args.parse, Parsing::Off),
            catalog,
            min_confidence: args.min_confidence,
            ..Settings::default()
        },
        minter,
        ingested_at: now_xsd(),
        total,
        resolve: !args.no_resolve && args.endpoint.is_none(),
        infer: args.infer,
        provenance: args.provenance.into(),
        batches: Default::default(),
    };
    let mut report = Report {
        progress: progress.clone(),
    };
    // Documents or files that failed before the store saw them.
    let (result, unread) = match &mut source {
        Source::Documents(inputs) => {
            let r = ingest(&mut *inputs, &sink, &options, &mut report);
            (r, inputs.failed)
        }
        Source::Graphs(shards) => {
            let mut graphs = shards.load(&say);
            let r = ingest_graphs(&mut graphs, &sink, &options, &mut report);
            (r, shards.failed + graphs.failed)
        }
    };
    let r = match result {
        Ok(r) => r,
        Err(e) => {
            progress.clear();
            return Err(e.into());
        }
    };
    progress.finish(r.ingested + r.refused + r.skipped);
    let mut skipped = if args.resume {
        format!(", {} already in the store", r.skipped)
    } else {
        String::new()
    };
    if r.rewritten > 0 {
        skipped.push_str(&format!(
            ", {} document graph(s) rewritten by resolution across documents",
            r.rewritten
        ));
    }
    let failed = match &source {
        Source::Documents(_) => format!("{} failed", unread + r.refused),
        Source::Graphs(_) => format!("{} failed, {unread} file(s) not loaded", r.refused),
    };
    eprintln!(
        "{} document(s) ingested ({} triples){skipped}, {failed}, in {:.1} s with {jobs} job(s), {}",
        r.ingested,
        r.triples,
        started.elapsed().as_secs_f64(),
        sink.name()
    );
    let nothing = match &source {
        Source::Documents(inputs) => inputs.report_skipped("ingest"),
        Source::Graphs(shards) => shards.report_skipped(),
    };
    Ok((
        exit_for(unread + r.refused + bad_lines + usize::from(nothing)),
        r.ingested,
    ))
}
