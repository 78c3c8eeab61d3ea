//! `kgraph ingest --nquads` through the binary: shards extracted apart and
//! loaded together give the store `ingest` gives of the same articles
//! (identity links included), whatever the order of the shards; a file with
//! a bad line is named with the line and leaves nothing of itself; `--resume`
//! skips the graphs the store holds; an export loads back.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const KGRAPH: &str = env!("CARGO_BIN_EXE_kgraph");

/// Constructed articles (as in tests/identity.rs) that resolution joins
/// across the shards: the first of each pair goes into shard A, the second
/// into shard B.
const STORIES: &[(&str, &str)] = &[
    (
        "maduro-full.txt",
        "Venezuelan President Nicolás Maduro spoke to supporters in Caracas on Monday. \
         Maduro said the vote would be held in December.",
    ),
    (
        "maduro-surname.txt",
        "President Maduro of Venezuela met opposition leaders in Caracas on Tuesday. \
         The talks ended without a deal, officials said.",
    ),
    (
        "psuv-defined.txt",
        "The United Socialist Party of Venezuela (PSUV) won most seats in Venezuela's \
         National Assembly. The PSUV has governed since 2007.",
    ),
    (
        "psuv-acronym.txt",
        "The PSUV held a rally in Caracas, Venezuela, on Saturday. Leaders of the PSUV \
         spoke for two hours.",
    ),
];

fn kgraph(args: &[&str], store: Option<&Path>) -> Output {
    let mut cmd = Command::new(KGRAPH);
    cmd.args(args).env_remove("KGRAPH_STORE");
    if let Some(store) = store {
        cmd.arg("--store").arg(store);
    }
    cmd.output().expect("kgraph runs")
}

fn ok(args: &[&str], store: Option<&Path>) -> String {
    let out = kgraph(args, store);
    assert!(
        out.status.success(),
        "kgraph {args:?} failed: {}",
        stderr(&out)
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn s(p: &Path) -> &str {
    p.to_str().expect("UTF-8 path")
}

/// The store's N-Quads but the ingestion times, in export order.
fn exported(store: &Path) -> String {
    ok(&["export", "--format", "nquads"], Some(store))
        .lines()
        .filter(|l| !l.contains("ontology#ingestedAt"))
        .map(|l| format!("{l}\n"))
        .collect()
}

/// The document graphs of N-Quads lines.
fn graphs(nquads: &str) -> BTreeSet<String> {
    nquads
        .lines()
        .filter(|l| l.contains("rdf-syntax-ns#type> <https://w3id.org/kgraph/ontology#Document>"))
        .map(|l| l.rsplit(' ').nth(1).expect("a graph").to_owned())
        .collect()
}

/// The articles and the two shards extracted from them, in a directory
/// of the test's own.
struct Corpus {
    /// The articles, for `ingest`.
    articles: Vec<PathBuf>,
    /// A directory holding `a.nq` and `b.nq`, extracted apart (each
    /// resolved across its own articles only).
    shards: PathBuf,
    /// Where the test makes its stores.
    dir: tempfile::TempDir,
}

impl Corpus {
    /// The 24 Wikinews articles and the stories, in two shards of 14.
    fn new() -> Corpus {
        let dir = tempfile::tempdir().expect("temp dir");
        let stories = dir.path().join("stories");
        std::fs::create_dir(&stories).unwrap();
        let wikinews = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/wikinews");
        let mut news: Vec<PathBuf> = std::fs::read_dir(&wikinews)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "txt"))
            .collect();
        news.sort();
        let (mut a, mut b) = (news[..12].to_vec(), news[12..].to_vec());
        for (i, (name, text)) in STORIES.iter().enumerate() {
            let path = stories.join(name);
            std::fs::write(&path, text).unwrap();
            [&mut a, &mut b][i % 2].push(path);
        }
        let shards = dir.path().join("shards");
        std::fs::create_dir(&shards).unwrap();
        for (name, files) in [("a.nq", &a), ("b.nq", &b)] {
            let args: Vec<&str> = ["extract", "--format", "nquads"]
                .into_iter()
                .chain(files.iter().map(|p| s(p)))
                .collect();
            std::fs::write(shards.join(name), ok(&args, None)).unwrap();
        }
        Corpus {
            articles: a.into_iter().chain(b).collect(),
            shards,
            dir,
        }
    }

    /// A path in the test's directory.
    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
}

#[test]
fn shards_extracted_apart_give_the_store_ingest_gives() {
    let c = Corpus::new();
    let ingested = c.path("ingested");
    let mut args = vec!["ingest"];
    args.extend(c.articles.iter().map(|p| s(p)));
    ok(&args, Some(&ingested));
    let loaded = c.path("loaded");
    let out = kgraph(&["ingest", "--nquads", s(&c.shards)], Some(&loaded));
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("28 document(s) ingested"),
        "{}",
        stderr(&out)
    );
    let expected = exported(&ingested);
    assert!(expected.lines().count() > 5_000);
    assert_eq!(exported(&loaded), expected);
    // Resolution joined documents of the two shards: links that neither
    // shard has.
    let links = |nquads: &str| -> BTreeSet<String> {
        nquads
            .lines()
            .filter(|l| l.contains("ontology#resolvedTo>"))
            .map(str::to_owned)
            .collect()
    };
    let shard_links: BTreeSet<String> = ["a.nq", "b.nq"]
        .iter()
        .flat_map(|f| links(&std::fs::read_to_string(c.shards.join(f)).unwrap()))
        .collect();
    let store_links = links(&expected);
    assert!(
        store_links.difference(&shard_links).count() >= 2,
        "{store_links:?}"
    );
    // Each document says when it went in, once.
    let at = ok(&["export", "--format", "nquads"], Some(&loaded))
        .lines()
        .filter(|l| l.contains("ontology#ingestedAt"))
        .count();
    assert_eq!(at, 28);
    // Shards extracted without resolution give the same store.
    let dir = c.path("unresolved");
    std::fs::create_dir_all(&dir).unwrap();
    for (name, files) in [("a.nq", &c.articles[..14]), ("b.nq", &c.articles[14..])] {
        let mut args = vec!["extract", "--no-resolve", "--format", "nquads"];
        args.extend(files.iter().map(|p| s(p)));
        std::fs::write(dir.join(name), ok(&args, None)).unwrap();
    }
    let unresolved = c.path("unresolved-store");
    ok(&["ingest", "--nquads", s(&dir)], Some(&unresolved));
    assert_eq!(exported(&unresolved), expected);
}

#[test]
fn the_order_of_the_shards_and_the_jobs_change_nothing() {
    let c = Corpus::new();
    let (a, b) = (c.shards.join("a.nq"), c.shards.join("b.nq"));
    let ab = c.path("ab");
    let ba = c.path("ba");
    ok(&["ingest", "--nquads", s(&a), s(&b)], Some(&ab));
    ok(&["ingest", "--nquads", "-j", "1", s(&b), s(&a)], Some(&ba));
    assert_eq!(exported(&ab), exported(&ba));
}

#[test]
fn a_bad_line_is_named_and_leaves_nothing_of_its_file() {
    let c = Corpus::new();
    let dir = c.path("bad");
    std::fs::create_dir_all(&dir).unwrap();
    let good = std::fs::read_to_string(c.shards.join("a.nq")).unwrap();
    let other = std::fs::read_to_string(c.shards.join("b.nq")).unwrap();
    let lines: Vec<&str> = other.lines().collect();
    // A bad line after whole documents: none of them may go in.
    let cut = lines.len() / 2;
    let broken = format!(
        "{}\n<http://example.org/s> <http://example.org/p> \"no end\n{}\n",
        lines[..cut].join("\n"),
        lines[cut..].join("\n")
    );
    std::fs::write(dir.join("a.nq"), &good).unwrap();
    std::fs::write(dir.join("b.nq"), &broken).unwrap();
    // The other ways a file is refused, each at its line.
    let first_graph = lines[0].rsplit(' ').nth(1).unwrap();
    let in_default = format!(
        "{}\n<http://example.org/s> <http://example.org/p> \"o\" .\n",
        lines[0]
    );
    std::fs::write(dir.join("default.nq"), in_default).unwrap();
    let doc_b = lines
        .iter()
        .find(|l| !l.ends_with(&format!("{first_graph} .")))
        .unwrap();
    let split = format!("{}\n{doc_b}\n{}\n", lines[0], lines[1]);
    std::fs::write(dir.join("split.nq"), split).unwrap();
    let other_base = lines[0].replace("/kgraph/id/doc/", "/elsewhere/doc/");
    std::fs::write(dir.join("base.nq"), format!("{other_base}\n")).unwrap();
    let db = c.path("bad-store");
    let out = kgraph(&["ingest", "--nquads", s(&dir)], Some(&db));
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    let named = |file: &str, line: usize, what: &str| {
        let prefix = format!("kgraph: {}:{line}: ", s(&dir.join(file)));
        assert!(
            err.lines().any(|l| l.starts_with(&prefix)
                && l.contains(what)
                && l.ends_with("the file is not loaded")),
            "no {prefix}…{what} in {err}"
        );
    };
    named("b.nq", cut + 1, "string literals");
    named("default.nq", 2, "default graph");
    named("split.nq", 3, "lines 1 to 1");
    named("base.nq", 1, "--base");
    assert!(err.contains("0 failed, 4 file(s) not loaded"), "{err}");
    // The good file's documents are in, and nothing of the others.
    let stored = graphs(&ok(&["export", "--format", "nquads"], Some(&db)));
    assert_eq!(stored, graphs(&good));
    assert!(stored.is_disjoint(&graphs(&other)));
}

#[test]
fn resume_skips_the_graphs_the_store_holds() {
    let c = Corpus::new();
    let (a, b) = (c.shards.join("a.nq"), c.shards.join("b.nq"));
    let db = c.path("resumed");
    ok(&["ingest", "--nquads", s(&a)], Some(&db));
    let when = || -> BTreeSet<String> {
        ok(&["export", "--format", "nquads"], Some(&db))
            .lines()
            .filter(|l| l.contains("ontology#ingestedAt"))
            .map(str::to_owned)
            .collect()
    };
    let before = when();
    // Another second, so that a graph written again would show it.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let out = kgraph(&["ingest", "--nquads", "--resume", s(&a), s(&b)], Some(&db));
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    let in_a = graphs(&std::fs::read_to_string(&a).unwrap()).len();
    let in_b = graphs(&std::fs::read_to_string(&b).unwrap()).len();
    assert!(
        err.contains(&format!("{in_b} document(s) ingested",))
            && err.contains(&format!("{in_a} already in the store")),
        "{err}"
    );
    let after = when();
    assert!(before.is_subset(&after), "{before:?} {after:?}");
    assert_eq!(after.len(), in_a + in_b);
    // The same store as both loaded at once.
    let both = c.path("resumed-both");
    ok(&["ingest", "--nquads", s(&c.shards)], Some(&both));
    assert_eq!(exported(&db), exported(&both));
}

#[test]
fn an_export_gzipped_or_piped_loads_back() {
    let c = Corpus::new();
    let from = c.path("export-from");
    ok(&["ingest", "--nquads", s(&c.shards)], Some(&from));
    let nquads = ok(&["export", "--format", "nquads"], Some(&from));
    let gz = c.path("export.nq.gz");
    let mut encoder = flate2::write::GzEncoder::new(
        std::fs::File::create(&gz).unwrap(),
        flate2::Compression::fast(),
    );
    encoder.write_all(nquads.as_bytes()).unwrap();
    encoder.finish().unwrap();
    let unzipped = c.path("export-gz");
    ok(&["ingest", "--nquads", s(&gz)], Some(&unzipped));
    assert_eq!(exported(&unzipped), exported(&from));
    // Standard input: read twice (kept in a temporary file).
    let piped = c.path("export-piped");
    let mut child = Command::new(KGRAPH)
        .args(["ingest", "--nquads", "--store", s(&piped)])
        .env_remove("KGRAPH_STORE")
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(nquads.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("ingested -:1 as "),
        "{}",
        stderr(&out)
    );
    assert_eq!(exported(&piped), exported(&from));
}

#[test]
fn extraction_flags_conflict_with_nquads() {
    let dir = tempfile::tempdir().expect("temp dir");
    let never = dir.path().join("never");
    for flag in [
        &["--jsonl"][..],
        &["--ext", "md"],
        &["--parse", "all"],
        &["--no-tagger"],
        &["--published", "2024-01-01"],
        &["--catalog", "x.csv"],
        &["--min-confidence", "0.5"],
        &["--provenance", "none"],
    ] {
        let mut args = vec!["ingest", "--nquads"];
        args.extend_from_slice(flag);
        args.push("x.nq");
        let out = kgraph(&args, Some(&never));
        assert_eq!(out.status.code(), Some(2), "{flag:?}");
        let err = stderr(&out);
        assert!(
            err.contains("'--nquads' cannot be used with") && err.contains(flag[0]),
            "{flag:?}: {err}"
        );
    }
    assert!(!never.exists());
}
