//! The bulk path into Virtuoso (docs/virtuoso.md): the Wikinews articles
//! extracted to N-Quads shards, as machines extracting apart would, then
//! loaded by `scripts/virtuoso_bulk_load.sh` (Virtuoso's `ld_dir` and
//! `rdf_loader_run`) into a real Virtuoso 7 started on free loopback ports,
//! and the quads counted there graph by graph. `.ci/run` installs Virtuoso
//! (virtuoso-opensource-7-bin); without it these tests fail, they do not skip.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::{BTreeMap, BTreeSet};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Instant;

use kgraph_testkit::editions;
use kgraph_testkit::servers::{csv_counts, remote_counts, sparql_csv, Virtuoso};
use oxigraph::io::{RdfFormat, RdfParser};

const KGRAPH: &str = env!("CARGO_BIN_EXE_kgraph");
const ONTOLOGY_GRAPH: &str = "https://w3id.org/kgraph/ontology";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The Wikinews articles, sorted.
fn articles() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("tests/data/wikinews"))
        .expect("tests/data/wikinews")
        .map(|e| e.expect("an entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    files
}

/// `kgraph extract --format nquads` of `files`: the N-Quads.
fn extract(files: &[PathBuf]) -> Vec<u8> {
    let out = Command::new(KGRAPH)
        .args(["extract", "--format", "nquads"])
        .args(files)
        .output()
        .expect("kgraph runs");
    assert!(out.status.success(), "kgraph extract: {out:?}");
    out.stdout
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(bytes).expect("gzipped");
    gz.finish().expect("gzipped")
}

/// Distinct quads per graph in the `*.nq` and `*.nq.gz` files of `dir`.
fn shard_counts(dir: &Path) -> BTreeMap<String, u64> {
    let mut quads = BTreeSet::new();
    for entry in std::fs::read_dir(dir).expect("shards") {
        let path = entry.expect("an entry").path();
        let name = path.to_string_lossy().into_owned();
        let bytes = std::fs::read(&path).expect("a shard");
        let text = if name.ends_with(".nq.gz") {
            let mut text = Vec::new();
            flate2::read::GzDecoder::new(&bytes[..])
                .read_to_end(&mut text)
                .expect("gzip");
            text
        } else if name.ends_with(".nq") {
            bytes
        } else {
            continue;
        };
        for quad in RdfParser::from_format(RdfFormat::NQuads).for_slice(&text) {
            let quad = quad.unwrap_or_else(|e| panic!("{name}: {e}"));
            let graph = quad.graph_name.to_string();
            quads.insert((graph, quad.to_string()));
        }
    }
    let mut counts = BTreeMap::new();
    for (graph, _) in quads {
        *counts
            .entry(graph.trim_matches(['<', '>']).to_owned())
            .or_insert(0) += 1;
    }
    counts
}

/// `scripts/virtuoso_bulk_load.sh --port PORT ARGS... DIR`.
fn bulk_load(virtuoso: &Virtuoso, dir: &Path, args: &[&str]) -> Output {
    Command::new("bash")
        .arg(root().join("scripts/virtuoso_bulk_load.sh"))
        .arg("--port")
        .arg(virtuoso.sql_port().to_string())
        .args(args)
        .arg(dir)
        .output()
        .expect("bash runs")
}

fn stdout(out: &Output) -> String {
    assert!(
        out.status.success(),
        "the bulk load failed, exit {:?}\nstdout: {}\nstderr: {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The document graphs' triple counts at the endpoint (the ontology's taken out).
fn document_counts(virtuoso: &Virtuoso) -> BTreeMap<String, u64> {
    let mut counts = remote_counts(&virtuoso.endpoint());
    counts.remove(ONTOLOGY_GRAPH);
    counts
}

#[test]
fn bulk_load_of_shards_matches_their_quads_graph_by_graph() {
    let shards = tempfile::tempdir().expect("temp dir");
    let virtuoso = Virtuoso::start_allowing(20_000, &[shards.path()]);

    // Three shards, one extraction each, the last gzipped.
    let articles = articles();
    assert_eq!(articles.len(), 24);
    for (i, group) in articles.chunks(8).enumerate() {
        let nquads = extract(group);
        if i == 2 {
            std::fs::write(
                shards.path().join(format!("shard-{i}.nq.gz")),
                gzip(&nquads),
            )
        } else {
            std::fs::write(shards.path().join(format!("shard-{i}.nq")), nquads)
        }
        .expect("shard written");
    }
    let expected = shard_counts(shards.path());
    assert_eq!(expected.len(), 24, "a graph a document: {expected:?}");
    assert!(expected
        .keys()
        .all(|g| g.starts_with("https://w3id.org/kgraph/id/doc/")));
    let quads: u64 = expected.values().sum();

    let started = Instant::now();
    let out = stdout(&bulk_load(&virtuoso, shards.path(), &["--loaders", "2"]));
    let seconds = started.elapsed().as_secs_f64();
    assert!(out.starts_with("loaded 3 file(s) from "), "{out}");
    assert!(out.contains("with 2 loader(s) (0 loaded before"), "{out}");
    eprintln!(
        "{quads} quads in 3 shards loaded in {seconds:.2} s by the script ({:.0} quads/s)",
        quads as f64 / seconds
    );

    // Every document graph, with every quad: counted graph by graph, and in all.
    let loaded = document_counts(&virtuoso);
    assert_eq!(loaded, expected);
    let total = csv_counts(&sparql_csv(
        &virtuoso.endpoint(),
        "SELECT (\"all\" AS ?all) (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), \"https://w3id.org/kgraph/id/doc/\")) }",
    ));
    assert_eq!(total.get("all"), Some(&quads));

    // The ontology, as `kgraph push` sends it: every triple of ontology/kgraph.ttl.
    let ontology = std::fs::read(root().join("ontology/kgraph.ttl")).expect("the ontology");
    let triples = RdfParser::from_format(RdfFormat::Turtle)
        .for_slice(&ontology)
        .count() as u64;
    assert_eq!(
        remote_counts(&virtuoso.endpoint()).get(ONTOLOGY_GRAPH),
        Some(&triples)
    );

    // A fact from an article, found through the ontology (kg:leaderOf is a
    // kind of kg:affiliatedWith).
    let answer = sparql_csv(
        &virtuoso.endpoint(),
        "PREFIX kg: <https://w3id.org/kgraph/ontology#> \
         PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> \
         SELECT DISTINCT ?name ?relation WHERE { \
           ?person ?relation <https://w3id.org/kgraph/id/organization/facebook> ; rdfs:label ?name . \
           ?relation rdfs:subPropertyOf* kg:affiliatedWith } ORDER BY ?name",
    );
    assert!(
        answer.contains("\"Mark Zuckerberg\",\"https://w3id.org/kgraph/ontology#leaderOf\""),
        "{answer}"
    );

    // Again: no file loaded twice, the ontology replaced (its blank nodes
    // not doubled), the counts unchanged.
    let out = stdout(&bulk_load(&virtuoso, shards.path(), &[]));
    assert!(out.starts_with("loaded 0 file(s) "), "{out}");
    assert!(out.contains("(3 loaded before, not again; 0 "), "{out}");
    assert_eq!(document_counts(&virtuoso), expected);
    assert_eq!(
        remote_counts(&virtuoso.endpoint()).get(ONTOLOGY_GRAPH),
        Some(&triples)
    );
}

#[test]
fn bulk_load_names_a_broken_shard_and_a_directory_not_allowed() {
    let shards = tempfile::tempdir().expect("temp dir");
    let virtuoso = Virtuoso::start_allowing(20_000, &[shards.path()]);
    let articles = articles();
    let good = extract(&articles[..2]);
    std::fs::write(shards.path().join("shard-good.nq.gz"), gzip(&good)).expect("written");
    let mut broken = extract(&articles[2..4]);
    broken.extend_from_slice(
        b"<https://w3id.org/kgraph/id/x> <https://w3id.org/kgraph/ontology#title> \"no end <https://w3id.org/kgraph/id/doc/0> .\n",
    );
    std::fs::write(shards.path().join("shard-broken.nq"), &broken).expect("written");

    let out = bulk_load(&virtuoso, shards.path(), &["--no-ontology"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let named = format!(
        "{}: 37000 [Vectorized Turtle loader] SP029: NQuads RDF loader, line ",
        shards.path().join("shard-broken.nq").display()
    );
    assert!(err.contains(&named), "{err}");
    assert!(err.contains("1 file(s) failed"), "{err}");
    assert!(!err.contains("shard-good"), "{err}");

    // Mended, it loads on the next run, alone; then all the quads are there.
    std::fs::write(
        shards.path().join("shard-broken.nq"),
        extract(&articles[2..4]),
    )
    .expect("written");
    let out = stdout(&bulk_load(&virtuoso, shards.path(), &["--no-ontology"]));
    assert!(out.starts_with("loaded 1 file(s) "), "{out}");
    assert!(out.contains("(1 loaded before, not again; 0 "), "{out}");
    assert_eq!(document_counts(&virtuoso), shard_counts(shards.path()));

    // A directory outside DirsAllowed: refused, saying where to allow it.
    let elsewhere = tempfile::tempdir().expect("temp dir");
    std::fs::write(elsewhere.path().join("shard.nq"), &good).expect("written");
    let out = bulk_load(&virtuoso, elsewhere.path(), &[]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(
        err.contains("is denied due to access control in ini file")
            && err.contains("add it (or a directory above it) to DirsAllowed"),
        "{err}"
    );

    // A directory without shards.
    let empty = tempfile::tempdir_in(shards.path()).expect("temp dir");
    let out = bulk_load(&virtuoso, empty.path(), &[]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(err.contains("no *.nq or *.nq.gz files in"), "{err}");
}

#[test]
fn parallel_loaders_lose_no_file_to_a_deadlock() {
    // Four shards of 100 documents (about 9 MB each, so each loader takes
    // one at a time); two loaders at once deadlock now and then in Virtuoso
    // 7.2 (on the development machine, in two runs of four), and the script
    // loads the files that lost again with one loader.
    let shards = tempfile::tempdir().expect("temp dir");
    let virtuoso = Virtuoso::start_allowing(20_000, &[shards.path()]);
    let mut corpus = Vec::new();
    editions::write_editions(400, &mut corpus);
    let lines: Vec<&[u8]> = corpus.split_inclusive(|&b| b == b'\n').collect();
    for (i, part) in lines.chunks(100).enumerate() {
        let jsonl = shards.path().join(format!("part-{i}.jsonl"));
        std::fs::write(&jsonl, part.concat()).expect("written");
        // A .jsonl file is read as JSON Lines, a document a line.
        let nquads = extract(std::slice::from_ref(&jsonl));
        std::fs::remove_file(&jsonl).expect("removed");
        std::fs::write(shards.path().join(format!("part-{i}.nq")), nquads).expect("written");
    }
    let expected = shard_counts(shards.path());
    assert_eq!(expected.len(), 400);

    let out = bulk_load(
        &virtuoso,
        shards.path(),
        &["--loaders", "2", "--no-ontology"],
    );
    let text = stdout(&out);
    assert!(text.starts_with("loaded 4 file(s) "), "{text}");
    eprintln!("{text}{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(document_counts(&virtuoso), expected);
}
