//! `kgraph push`: the store's graphs sent to a remote triple store, with
//! `kgraph_store::push`; what a dry run would send on standard output, the
//! summary and the verification on standard error.

use std::io::Write;
use std::process::ExitCode;

use anyhow::{anyhow, bail, Result};
use kgraph_store::push::{self, PushError, PushLog, PushOptions, PushStopped};
use kgraph_store::Store;

use crate::cli::PushArgs;
use crate::hints::push_hint;
use crate::output::stdout;
use crate::progress::Progress;

/// Runs `kgraph push`.
pub(crate) fn run(args: PushArgs) -> Result<ExitCode> {
    let mut remote = args.remote.graph_store(&args.endpoint)?;
    remote.retries = args.retries;
    let options = PushOptions {
        jobs: args.jobs,
        dry_run: args.dry_run,
        all: args.all,
    };
    let store_path = &args.store.store;
    let store = Store::open_read_only(store_path)?;
    let started = std::time::Instant::now();
    let mut log = PushLog::open(&store_path.join("kgraph-push"), remote.url())?;
    let graphs = push::graphs(&store)?;
    let progress = Progress::new(Some(graphs.len()), "graphs");
    let shown = progress.clone();
    let report = push::push(&store, &graphs, &mut log, &remote, options, |done| {
        shown.show(done);
    });
    let report = match report {
        Ok(report) => report,
        Err(PushStopped::Remote { error, sent }) => {
            progress.clear();
            // The Graph Store URL was the endpoint's, for want of --graph-store.
            let guessed = args.remote.graph_store.is_none()
                && matches!(
                    error,
                    PushError::Refused {
                        status: 400 | 404 | 405,
                        ..
                    }
                );
            let hint = if guessed {
                " (the server's Graph Store may have a URL of its own: give it with --graph-store)"
            } else {
                push_hint(&error)
            };
            return Err(anyhow!(
                "push stopped: {error}{hint}; {sent} graph(s) were sent before it and are remembered, so `kgraph push` again sends the rest"
            ));
        }
        Err(PushStopped::Local(e)) => {
            // A store fault, exit code 3.
            progress.clear();
            return Err(e.into());
        }
        Err(e) => {
            progress.clear();
            return Err(e.into());
        }
    };
    let mut out = stdout();
    if args.dry_run {
        for (graph, triples) in &report.sent {
            writeln!(out, "PUT\t{graph}\t{triples} triples")?;
        }
        for graph in &report.removed {
            writeln!(out, "DELETE\t{graph}")?;
        }
    }
    out.flush()?;
    progress.finish(graphs.len());
    let secs = started.elapsed().as_secs_f64();
    let (verb, deleted) = if args.dry_run {
        ("would send", "would be")
    } else {
        ("sent", "were")
    };
    let triples = report.triples();
    eprintln!(
        "{verb} {} graph(s) ({triples} triples, {:.0} triples/s), {} {deleted} deleted, {} unchanged, in {secs:.1} s, to {}",
        report.sent.len(),
        triples as f64 / secs.max(1e-3),
        report.removed.len(),
        report.unchanged,
        remote.url()
    );
    if args.verify && !args.dry_run {
        let endpoint = &args.endpoint;
        let found = push::verify(&remote, endpoint, &report)?;
        if !found.differ.is_empty() || found.lingering > 0 {
            bail!(
                "verify: {} graph(s) differ at {endpoint}, {} removed graph(s) still there; first: {}",
                found.differ.len(),
                found.lingering,
                found.differ.first().map_or("-", String::as_str)
            );
        }
        eprintln!(
            "verified: the {} graph(s) have the same triple counts at {endpoint}",
            found.graphs
        );
    }
    Ok(ExitCode::SUCCESS)
}
