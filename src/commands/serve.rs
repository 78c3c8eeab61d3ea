//! `kgraph serve`: the store over HTTP.

use crate::cli::ServeArgs;
use std::path::Path;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{bail, Context, Result};
use kgraph_serve::Knobs;
use kgraph_store::Store;

/// Runs `kgraph serve`.
pub(crate) fn run(args: ServeArgs) -> Result<ExitCode> {
    if !(args.timeout > 0.0 && args.timeout.is_finite()) {
        bail!("--timeout must be a positive number of seconds");
    }
    if !(args.client_timeout > 0.0 && args.client_timeout.is_finite()) {
        bail!("--client-timeout must be a positive number of seconds");
    }
    if args.max_connections == 0 {
        bail!("--max-connections must be at least 1");
    }
    let config = kgraph_serve::Config {
        allow_update: args.allow_update,
        timeout: Duration::from_secs_f64(args.timeout),
        max_results: args.max_results,
        base: args.base,
        max_connections: args.max_connections,
        client_timeout: Duration::from_secs_f64(args.client_timeout),
        knobs: Knobs {
            allow_update: "kgraph serve --allow-update".to_owned(),
            max_results: "--max-results".to_owned(),
            timeout: "--timeout".to_owned(),
        },
    };
    serve(&args.store.store, &args.bind, config)
}

fn serve(store_path: &Path, bind: &str, config: kgraph_serve::Config) -> Result<ExitCode> {
    let store = if config.allow_update {
        Store::open(store_path)?
    } else {
        Store::open_read_only(store_path)?
    };
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let flag = std::sync::Arc::clone(&stop);
    ctrlc::set_handler(move || flag.store(true, std::sync::atomic::Ordering::SeqCst))
        .context("cannot install the signal handler")?;
    let mode = if config.allow_update {
        "read-write, updates allowed"
    } else {
        "read-only"
    };
    kgraph_serve::run(store, bind, config, stop, |addr| {
        eprintln!(
            "kgraph: serving '{}' ({mode}) at http://{addr}/ (SPARQL at http://{addr}/sparql); Ctrl-C stops",
            store_path.display()
        );
    })?;
    eprintln!("kgraph: stopped");
    Ok(ExitCode::SUCCESS)
}
