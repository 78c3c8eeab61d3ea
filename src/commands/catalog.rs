//! `--catalog FILE` and `--curation FILE`: what a person knows, read for
//! `extract` and `ingest`.

use std::path::{Path, PathBuf};

use anyhow::{anyhow, Result};
use kgraph_extract::catalog::Catalog;
use kgraph_rdf::identity::Curation;
use kgraph_rdf::Minter;

/// Reads a curation file. A file that cannot be read is an error; each bad
/// line is reported as `kgraph: FILE: line N: why` and counted, and the
/// others kept.
pub(crate) fn curation(path: &Path, minter: &Minter) -> Result<(Curation, usize)> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| anyhow!("cannot read '{}': {e}", path.display()))?;
    let (curation, errors) = Curation::parse(&text, minter);
    for e in &errors {
        eprintln!("kgraph: {}: {e}", path.display());
    }
    Ok((curation, errors.len()))
}

/// Reads the catalogs of `paths` into one. A file that cannot be read is an
/// error; each bad line is reported as `kgraph: FILE: line N: why` and
/// counted, and the other lines load. No catalog gives `None`.
pub(crate) fn load(paths: &[PathBuf]) -> Result<(Option<&'static Catalog>, usize)> {
    if paths.is_empty() {
        return Ok((None, 0));
    }
    let mut catalog = Catalog::default();
    let mut bad = 0;
    for path in paths {
        let errors = catalog
            .read(path)
            .map_err(|e| anyhow!("{}: {e}", path.display()))?;
        for e in &errors {
            eprintln!("kgraph: {}: {e}", path.display());
        }
        bad += errors.len();
    }
    // One catalog a run, read once and kept to the end of it: extraction
    // settings hold it by reference on every thread.
    Ok((Some(Box::leak(Box::new(catalog))), bad))
}
