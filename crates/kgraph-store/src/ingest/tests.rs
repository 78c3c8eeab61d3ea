//! The store an ingest ends with does not depend on how it batches.

use std::path::{Path, PathBuf};

use kgraph_extract::Document;
use kgraph_rdf::{ontology, Minter};

use super::{ingest, Batches, IngestOptions, Observer, Sink};
use crate::store::Store;

/// The bundled Wikinews articles, in name order, each cut in two halves of
/// lines (so that people named in one half are resolved with the other's).
fn articles() -> Vec<Document> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/data/wikinews");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/data/wikinews")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    paths
        .iter()
        .flat_map(|p| {
            let text = std::fs::read_to_string(p).expect("article");
            let lines: Vec<&str> = text.lines().collect();
            let (first, second) = lines.split_at(lines.len().div_ceil(2));
            let name = p.display().to_string();
            [
                Document::new(first.join("\n"), format!("{name}#1")),
                Document::new(second.join("\n"), format!("{name}#2")),
            ]
        })
        .collect()
}

/// Counts the commits: the writer tells the progress after each.
#[derive(Default)]
struct Commits(usize);

impl Observer for Commits {
    fn progress(&mut self, _done: usize) {
        self.0 += 1;
    }
}

/// Ingests `docs` into a fresh store with `jobs` and `batches`: the store's
/// quads as sorted N-Quads lines, and how many bulk commits it took.
fn ingested(docs: &[Document], jobs: usize, batches: Batches) -> (Vec<String>, usize) {
    let dir = tempfile::tempdir().expect("temporary directory");
    let path = dir.path().join("store");
    let sink = Sink::Local(Store::open(&path).expect("store"), path.clone());
    let options = IngestOptions {
        jobs,
        resume: false,
        settings: Default::default(),
        minter: Minter::default(),
        ingested_at: "2026-12-07T00:00:00Z".to_owned(),
        total: Some(docs.len()),
        resolve: true,
        infer: false,
        provenance: Default::default(),
        batches,
    };
    let mut commits = Commits::default();
    let report = ingest(docs.iter().cloned(), &sink, &options, &mut commits).expect("ingest");
    assert_eq!(report.ingested, docs.len());
    // Several transactions of resolution (two graphs each in unit tests),
    // read ahead on a second thread with more than one job.
    assert!(report.rewritten >= 3, "{} rewritten", report.rewritten);
    let Sink::Local(store, _) = &sink else {
        unreachable!()
    };
    // Every graph was rewritten as resolution decided: run again, it
    // changes nothing.
    let again = store.resolve_identity(&options.minter, 1).expect("resolve");
    assert_eq!(again.rewritten, 0);
    // The ontology's blank nodes are named afresh in each store.
    let mut lines: Vec<String> = store
        .graph_quads(None)
        .expect("quads")
        .iter()
        .filter(|q| q.graph_name != ontology::ONTOLOGY_GRAPH.into())
        .map(ToString::to_string)
        .collect();
    lines.sort();
    (lines, commits.0)
}

/// The first line where `got` and `expected` differ, if any.
fn first_difference(got: &[String], expected: &[String]) -> Option<String> {
    let at = got.iter().zip(expected).position(|(g, e)| g != e);
    match at {
        Some(i) => Some(format!("line {i}: {} instead of {}", got[i], expected[i])),
        None if got.len() != expected.len() => {
            Some(format!("{} quads instead of {}", got.len(), expected.len()))
        }
        None => None,
    }
}

#[test]
fn the_store_is_the_same_whatever_the_batches_and_jobs() {
    let docs = articles();
    assert!(docs.len() >= 40, "{} halves", docs.len());
    let (expected, commits) = ingested(&docs, 2, Batches::default());
    assert_eq!(commits, 1, "the articles fit one commit");
    assert!(expected.len() > 1000, "{} quads", expected.len());
    // A commit a batch of three documents.
    let one_each = Batches {
        documents: 3,
        quads: 1,
    };
    let (quads, commits) = ingested(&docs, 1, one_each);
    assert_eq!(commits, docs.len().div_ceil(3));
    assert_eq!(first_difference(&quads, &expected), None);
    // Batches of two documents gathered into commits of at least 1,500
    // quads: fewer commits than batches, more than one.
    let gathered = Batches {
        documents: 2,
        quads: 1500,
    };
    let (quads, commits) = ingested(&docs, 3, gathered);
    assert!(
        commits > 1 && commits < docs.len().div_ceil(2),
        "{commits} commits"
    );
    assert_eq!(first_difference(&quads, &expected), None);
}
