//! What the benches share: the corpus they read.

use std::path::{Path, PathBuf};

/// The texts of the .txt files of `$KGRAPH_BENCH_CORPUS`, else of the
/// Wikinews articles in tests/data, in file-name order; and the directory.
pub fn read_corpus() -> (Vec<String>, PathBuf) {
    let dir = std::env::var_os("KGRAPH_BENCH_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/wikinews"));
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read corpus {}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    paths.sort();
    let docs: Vec<String> = paths
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .collect();
    assert!(!docs.is_empty(), "no .txt documents in {}", dir.display());
    (docs, dir)
}
