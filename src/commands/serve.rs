//! `kgraph serve`: the store over HTTP.

use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result};
use kgraph_store::Store;

pub(crate) fn cmd_serve(
    store_path: &Path,
    bind: &str,
    config: kgraph_serve::Config,
) -> Result<ExitCode> {
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
