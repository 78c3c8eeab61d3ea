//! Ingest at scale: `kgraph ingest --jsonl` on a corpus with 2 jobs at each
//! provenance level, side by side with `kgraph extract --format nquads` on
//! the same corpus (articles/s, quads/s, MB/s, peak memory, store size a
//! article; `$KGRAPH_BENCH_RUNS` runs of each, 3 by default, alternated, as
//! min/median/max), with 1 job once; the store-writing part side by side
//! with Oxigraph's own bulk loader on the same quads; and `kgraph push`
//! throughput into Virtuoso 7.
//!
//! Run: `cargo bench --bench ingest`. The corpus is `$KGRAPH_BENCH_JSONL`
//! (JSON Lines, .gz allowed), for example the 20,000 news-length articles that
//! `scripts/make_bench_corpus.py` assembles from ../shared/data; without it,
//! 2,000 distinct documents made from the bundled Wikinews articles.
//! Virtuoso's part runs when `virtuoso-t` is installed.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)]

use std::io::{BufRead, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use kgraph_extract::{extract, Document};
use kgraph_rdf::Minter;
use kgraph_store::ingest::WRITE_QUADS;
use kgraph_store::Store;
use kgraph_testkit::{editions, servers};
use oxigraph::io::{RdfFormat, RdfParser, RdfSerializer};
use oxigraph::model::{GraphName, NamedNode, Quad};

// The writes measured in this process (kgraph's writer and Oxigraph's bulk
// loader alike) use the allocator of the program: the store crate's.

const KGRAPH: &str = env!("CARGO_BIN_EXE_kgraph");

/// The corpus file, and its documents' text size in bytes and number.
fn corpus(work: &Path) -> (PathBuf, usize, usize) {
    let path = match std::env::var_os("KGRAPH_BENCH_JSONL") {
        Some(path) => PathBuf::from(path),
        None => {
            let path = work.join("corpus.jsonl");
            let mut out = BufWriter::new(std::fs::File::create(&path).expect("corpus"));
            editions::write_editions(2000, &mut out);
            out.flush().expect("written");
            path
        }
    };
    let (mut bytes, mut docs) = (0, 0);
    for doc in kgraph_extract::input::jsonl(
        kgraph_extract::input::open(&path).expect("corpus opens"),
        "corpus",
    ) {
        bytes += doc.expect("a good line").text.len();
        docs += 1;
    }
    (path, bytes, docs)
}

/// Bytes of the files under `dir`.
fn disk_size(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| match e.metadata() {
                    Ok(m) if m.is_dir() => disk_size(&e.path()),
                    Ok(m) => m.len(),
                    Err(_) => 0,
                })
                .sum()
        })
        .unwrap_or(0)
}

/// Runs kgraph with `args`, sampling its peak resident memory (VmHWM) until
/// it ends: seconds, peak MB and standard error.
fn run_measured(args: &[&str]) -> (f64, f64, String) {
    let started = Instant::now();
    let mut child = Command::new(KGRAPH)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("kgraph starts");
    let status_file = format!("/proc/{}/status", child.id());
    let stderr = child.stderr.take().expect("stderr");
    let reader = std::thread::spawn(move || {
        std::io::BufReader::new(stderr)
            .lines()
            .map_while(Result::ok)
            .collect::<Vec<_>>()
            .join("\n")
    });
    let mut peak_kb = 0u64;
    loop {
        if let Ok(status) = std::fs::read_to_string(&status_file) {
            if let Some(kb) = status
                .lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|n| n.parse().ok())
            {
                peak_kb = peak_kb.max(kb);
            }
        }
        if child.try_wait().expect("wait").is_some() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    let secs = started.elapsed().as_secs_f64();
    let err = reader.join().expect("stderr read");
    assert!(
        child.wait().expect("status").success(),
        "kgraph {args:?} failed: {err}"
    );
    (secs, peak_kb as f64 / 1024.0, err)
}

/// One measured run: seconds, peak memory (MB), quads written and store
/// size (bytes; ingest only).
#[derive(Debug, Clone, Copy)]
struct Run {
    secs: f64,
    peak: f64,
    quads: usize,
    store: u64,
}

/// The triples an ingest's last line reports ("… ingested (N triples) …").
fn triples_of(stderr: &str) -> usize {
    stderr
        .lines()
        .last()
        .and_then(|l| l.split_once(" ("))
        .and_then(|(_, rest)| rest.split_once(" triples"))
        .and_then(|(n, _)| n.parse().ok())
        .unwrap_or(0)
}

/// Writes every document's quads (at the default provenance level) as
/// N-Quads, in corpus order: the quads both writers below load.
fn write_nquads(corpus: &Path, out: &Path) -> usize {
    let minter = Minter::default();
    let mut file = BufWriter::new(std::fs::File::create(out).expect("nq file"));
    let mut n = 0;
    for doc in kgraph_extract::input::jsonl(
        kgraph_extract::input::open(corpus).expect("corpus"),
        "corpus",
    ) {
        let doc: Document = doc.expect("a good line");
        let quads = kgraph_rdf::rdf::to_quads_at(
            &extract(&doc),
            &minter,
            Some("2026-01-01T00:00:00Z"),
            kgraph_rdf::rdf::Provenance::default(),
        );
        let mut serializer = RdfSerializer::from_format(RdfFormat::NQuads).for_writer(&mut file);
        for q in &quads {
            serializer.serialize_quad(q).expect("written");
        }
        serializer.finish().expect("written");
        n += quads.len();
    }
    file.flush().expect("flushed");
    n
}

/// The documents of an N-Quads file, a graph at a time, in file order.
fn for_each_graph(nq: &Path, mut each: impl FnMut(NamedNode, Vec<Quad>)) {
    let file = std::io::BufReader::new(std::fs::File::open(nq).expect("nq"));
    let mut current: Option<(NamedNode, Vec<Quad>)> = None;
    for q in RdfParser::from_format(RdfFormat::NQuads).for_reader(file) {
        let q = q.expect("valid N-Quads");
        let GraphName::NamedNode(g) = &q.graph_name else {
            continue;
        };
        if current.as_ref().is_none_or(|(c, _)| c != g) {
            if let Some((g, quads)) = current.take() {
                each(g, quads);
            }
            current = Some((g.clone(), Vec::new()));
        }
        if let Some((_, quads)) = current.as_mut() {
            quads.push(q);
        }
    }
    if let Some((g, quads)) = current {
        each(g, quads);
    }
}

fn main() {
    let work = tempfile::tempdir().expect("temp dir");
    let (corpus, bytes, docs) = corpus(work.path());
    let mb = bytes as f64 / 1e6;
    println!(
        "corpus: {} ({docs} documents, {mb:.1} MB of text, {:.1} KB a document)",
        corpus.display(),
        bytes as f64 / docs as f64 / 1000.0
    );

    // 1. The whole job, as users run it: extraction alone (to N-Quads, thrown
    // away) and ingest into a fresh store, at each provenance level, the runs
    // alternated so that a slow spell of the machine hits all of them.
    let runs: usize = std::env::var("KGRAPH_BENCH_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(3);
    let levels = ["none", "statements", "mentions"];
    let corpus_arg = corpus.to_str().expect("utf-8");
    let mut results: Vec<Vec<Run>> = vec![Vec::new(); levels.len() * 2];
    let mut last_store = None;
    for run in 0..runs {
        for (l, level) in levels.iter().enumerate() {
            let (secs, peak, _) = run_measured(&[
                "extract",
                "--jsonl",
                "--provenance",
                level,
                "--format",
                "nquads",
                corpus_arg,
            ]);
            results[2 * l].push(Run {
                secs,
                peak,
                quads: 0,
                store: 0,
            });
            let store = work.path().join(format!("store-{level}-{run}"));
            let (secs, peak, err) = run_measured(&[
                "ingest",
                "--jsonl",
                "--jobs",
                "2",
                "--provenance",
                level,
                "--store",
                store.to_str().expect("utf-8"),
                corpus_arg,
            ]);
            let quads = triples_of(&err);
            let size = disk_size(&store);
            results[2 * l + 1].push(Run {
                secs,
                peak,
                quads,
                store: size,
            });
            if *level == "statements" && run + 1 == runs {
                last_store = Some(store);
            } else {
                std::fs::remove_dir_all(&store).expect("store removed");
            }
        }
    }
    println!("{runs} run(s) of each, 2 jobs; articles/s as min / median / max:");
    for (l, level) in levels.iter().enumerate() {
        let (extract, ingest) = (&results[2 * l], &results[2 * l + 1]);
        let rate = |r: &[Run]| {
            let mut v: Vec<f64> = r.iter().map(|x| docs as f64 / x.secs).collect();
            v.sort_by(f64::total_cmp);
            (v[0], v[v.len() / 2], v[v.len() - 1])
        };
        let (emin, emed, emax) = rate(extract);
        let (imin, imed, imax) = rate(ingest);
        let quads = ingest.iter().map(|r| r.quads).max().unwrap_or(0);
        let peak = ingest.iter().map(|r| r.peak).fold(0.0, f64::max);
        let store = ingest.iter().map(|r| r.store).max().unwrap_or(0);
        println!(
            "  --provenance {level}: extract --format nquads {emin:.0} / {emed:.0} / {emax:.0}; \
             ingest {imin:.0} / {imed:.0} / {imax:.0} ({:.2}x extract's median), \
             {:.0} quads/s, {:.2} MB/s of text, {quads} quads, peak memory {peak:.0} MB \
             (extract {:.0} MB), store {:.0} MB ({:.1} KB an article)",
            imed / emed,
            quads as f64 * imed / docs as f64,
            mb * imed / docs as f64,
            extract.iter().map(|r| r.peak).fold(0.0, f64::max),
            store as f64 / 1e6,
            store as f64 / 1e3 / docs as f64,
        );
    }
    let store = work.path().join("store-j1");
    let (secs, peak, err) = run_measured(&[
        "ingest",
        "--jsonl",
        "--jobs",
        "1",
        "--store",
        store.to_str().expect("utf-8"),
        corpus_arg,
    ]);
    println!(
        "ingest --jobs 1 (statements): {secs:.1} s, {:.0} docs/s, {:.2} MB/s, peak memory {peak:.0} MB\n  {}",
        docs as f64 / secs,
        mb / secs,
        err.lines().last().unwrap_or_default()
    );
    std::fs::remove_dir_all(&store).expect("store removed");

    // 2. Writing the store, side by side on the same quads.
    let nq = work.path().join("corpus.nq");
    let started = Instant::now();
    let quads = write_nquads(&corpus, &nq);
    println!(
        "extracted {quads} quads to N-Quads on one core in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let dir = work.path().join("bulk");
    let started = Instant::now();
    {
        let store = oxigraph::store::Store::open(&dir).expect("store");
        let mut loader = store.bulk_loader();
        loader
            .load_from_reader(
                RdfFormat::NQuads,
                std::io::BufReader::new(std::fs::File::open(&nq).expect("nq")),
            )
            .expect("loaded");
        loader.commit().expect("committed");
        store.flush().expect("flushed");
    }
    let bulk = started.elapsed().as_secs_f64();
    println!(
        "  Oxigraph's bulk loader, one load of the file: {bulk:.1} s, {:.0} quads/s",
        quads as f64 / bulk
    );
    // The file read alone, what both loads above and below spend on parsing.
    let started = Instant::now();
    let mut parsed = 0;
    for_each_graph(&nq, |_, quads| parsed += quads.len());
    assert_eq!(parsed, quads);
    println!(
        "  reading the file alone (parsing, grouping by graph): {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let dir = work.path().join("kgraph-writer");
    let started = Instant::now();
    {
        // As `kgraph ingest` writes: one thread gathers documents into
        // commits of at least WRITE_QUADS quads (kgraph_store::ingest) while
        // another writes the one before, as the bulk loader above reads on
        // while its threads load.
        let store = Store::open(&dir).expect("store");
        let (to_writer, batches) = std::sync::mpsc::sync_channel::<Vec<(NamedNode, Vec<Quad>)>>(1);
        std::thread::scope(|scope| {
            scope.spawn(|| {
                for batch in batches {
                    let written = store.write_documents(batch);
                    assert!(written.iter().all(Result::is_ok));
                }
            });
            let (mut batch, mut held) = (Vec::new(), 0);
            for_each_graph(&nq, |g, quads| {
                held += quads.len();
                batch.push((g, quads));
                if held >= WRITE_QUADS {
                    to_writer.send(std::mem::take(&mut batch)).expect("writer");
                    held = 0;
                }
            });
            to_writer.send(batch).expect("writer");
            drop(to_writer);
        });
        store.flush().expect("flushed");
    }
    let ours = started.elapsed().as_secs_f64();
    println!(
        "  kgraph's writer, commits of {WRITE_QUADS} quads, reading on while it writes: {ours:.1} s, {:.0} quads/s, {:.2}x the bulk loader's time",
        quads as f64 / ours,
        ours / bulk
    );
    let dir = work.path().join("transactions");
    let (mut n, mut written) = (0usize, 0usize);
    let started = Instant::now();
    {
        let store = Store::open(&dir).expect("store");
        for_each_graph(&nq, |g, quads| {
            if n < 2000 {
                store.replace_graph(g.as_ref(), &quads).expect("written");
                written += quads.len();
            }
            n += 1;
        });
        store.flush().expect("flushed");
    }
    let txn = started.elapsed().as_secs_f64();
    println!(
        "  a transaction a document (first {} documents): {:.0} quads/s",
        n.min(2000),
        written as f64 / txn
    );

    // 3. Pushing into Virtuoso.
    let have_virtuoso = Command::new("virtuoso-t")
        .arg("--help")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok();
    let Some(store) = last_store.filter(|_| have_virtuoso) else {
        println!("push: skipped, virtuoso-t is not installed");
        return;
    };
    let virtuoso = servers::Virtuoso::start(200_000);
    let (secs, peak, err) = run_measured(&[
        "push",
        "--store",
        store.to_str().expect("utf-8"),
        "--endpoint",
        &virtuoso.endpoint(),
        "--graph-store",
        &virtuoso.graph_store(),
    ]);
    println!(
        "push to Virtuoso 7: {secs:.1} s, peak memory {peak:.0} MB\n  {}",
        err.lines().last().unwrap_or_default()
    );
}
