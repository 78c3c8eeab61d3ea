//! `kgraph ingest`: documents extracted and added to the store (or sent to
//! a remote one): the ingest pipeline of `kgraph_store::ingest`, with a
//! progress line on a terminal and a line a document elsewhere.

use std::process::ExitCode;
use std::sync::{Arc, OnceLock};

use anyhow::{bail, Result};
use kgraph_extract::syntax::Parsing;
use kgraph_extract::Settings;
use kgraph_rdf::Minter;
use kgraph_store::ingest::{ingest, now_xsd, IngestOptions, Observer, Sink};
use kgraph_store::Store;

use crate::cli::{IngestArgs, ParseChoice};
use crate::inputs::{jsonl_total, Inputs};
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

/// Runs `kgraph ingest`.
pub(crate) fn run(args: IngestArgs) -> Result<ExitCode> {
    let jobs = match args.jobs {
        Some(0) => bail!("--jobs must be at least 1"),
        Some(n) => n,
        None => std::thread::available_parallelism().map_or(1, |n| n.get()),
    };
    let sink = match &args.endpoint {
        Some(endpoint) => Sink::Remote(args.remote.graph_store(endpoint)?),
        None => Sink::Local(Store::open(&args.store.store)?, args.store.store.clone()),
    };
    let (catalog, mut bad_lines) = super::catalog::load(&args.catalog)?;
    if let Some(path) = &args.curation {
        let Sink::Local(store, _) = &sink else {
            bail!("--curation needs the local store: a remote store is not resolved");
        };
        let minter = Minter::new(args.base.clone());
        let (curation, bad) = super::catalog::curation(path, &minter)?;
        bad_lines += bad;
        store.set_curation(&curation, &minter)?;
    }
    let started = std::time::Instant::now();
    // The progress line comes once the inputs are counted; a document that
    // cannot be read is reported above it.
    let shown: Arc<OnceLock<Progress>> = Arc::default();
    let late = Arc::clone(&shown);
    let mut inputs = Inputs::new(&args.paths, args.jsonl, args.published, move |e| {
        let line = format!("kgraph: {e}");
        match late.get() {
            Some(progress) => progress.println(&line),
            None => eprintln!("{line}"),
        }
    })?;
    // The directories were walked once: the files found are the inputs, and
    // their number is the progress line's total.
    let total = inputs
        .files()
        .or_else(|| args.jsonl.then(|| jsonl_total(&args.paths)).flatten());
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
        minter: Minter::new(args.base),
        ingested_at: now_xsd(),
        total,
        resolve: !args.no_resolve && args.endpoint.is_none(),
    };
    let mut report = Report {
        progress: progress.clone(),
    };
    let r = match ingest(&mut inputs, &sink, &options, &mut report) {
        Ok(r) => r,
        Err(e) => {
            progress.clear();
            return Err(e.into());
        }
    };
    progress.finish(r.ingested + r.refused + r.skipped);
    let failed = inputs.failed + r.refused;
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
    eprintln!(
        "{} document(s) ingested ({} triples){skipped}, {failed} failed, in {:.1} s with {jobs} job(s), {}",
        r.ingested,
        r.triples,
        started.elapsed().as_secs_f64(),
        sink.name()
    );
    Ok(exit_for(failed + bad_lines))
}
