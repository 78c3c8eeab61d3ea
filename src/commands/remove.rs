//! `kgraph remove`: documents taken out of the store.

use std::path::Path;
use std::process::ExitCode;

use anyhow::{anyhow, Result};
use kgraph_rdf::Minter;
use kgraph_store::Store;
use oxigraph::model::NamedNode;

use crate::cli::RemoveArgs;
use crate::output::exit_for;

/// Runs `kgraph remove`.
pub(crate) fn run(args: RemoveArgs) -> Result<ExitCode> {
    remove(&args.documents, &args.store.store, &args.base)
}

fn remove(documents: &[String], store_path: &Path, base: &str) -> Result<ExitCode> {
    let minter = Minter::new(base);
    let store = Store::open(store_path)?;
    let stored = store.documents()?;
    let mut failed = 0;
    for d in documents {
        // A document IRI; or a path: the graph of its current text, or the graph
        // whose recorded source is that path.
        let mut iris: Vec<String> = Vec::new();
        if stored.iter().any(|s| s.iri == *d) {
            iris.push(d.clone());
        } else {
            if Path::new(d).is_file() {
                if let Ok(doc) = kgraph_extract::input::read(Path::new(d)) {
                    iris.push(minter.document(&doc.id()));
                }
            }
            iris.extend(
                stored
                    .iter()
                    .filter(|s| s.source.as_deref() == Some(d.as_str()))
                    .map(|s| s.iri.clone()),
            );
        }
        iris.sort();
        iris.dedup();
        let mut removed = false;
        for iri in &iris {
            let node =
                NamedNode::new(iri.clone()).map_err(|e| anyhow!("'{iri}' is not an IRI: {e}"))?;
            if store.remove_graph(node.as_ref())? {
                eprintln!("removed {iri}");
                removed = true;
            }
        }
        if !removed {
            eprintln!("kgraph: '{d}': no such document in store '{}' (give a document IRI or the path it was ingested from)", store_path.display());
            failed += 1;
        }
    }
    // What the removed documents alone said is no evidence any more.
    let jobs = std::thread::available_parallelism().map_or(1, usize::from);
    let resolved = store.resolve_identity(&minter, jobs)?;
    if resolved.rewritten > 0 {
        eprintln!(
            "{} document graph(s) rewritten by resolution across documents",
            resolved.rewritten
        );
    }
    store.flush()?;
    Ok(exit_for(failed))
}
