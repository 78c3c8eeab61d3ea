//! `--catalog FILE`: user catalogs read for `extract` and `ingest`.

use std::path::PathBuf;

use anyhow::{anyhow, Result};
use kgraph_extract::catalog::Catalog;

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
