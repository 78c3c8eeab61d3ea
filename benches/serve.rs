//! Latency of `kgraph serve`, printed as figures (not a timed test).
//!
//! `cargo bench --bench serve` builds a store of at least 1,000 articles (the
//! .txt files of `$KGRAPH_BENCH_CORPUS`, else the Wikinews articles of
//! tests/data, each copy made distinct by a numbered last line), serves it on a
//! free loopback port, and asks it, one request at a time over HTTP/1.1:
//! the page of each of the most mentioned entities (the entity-page query
//! and its rendering), and a two-hop neighbourhood query for each of them;
//! and the name search (`/search`): whole names, their first letters, two
//! words' beginnings, with and without a type, and names nothing has. It
//! prints the median, 90th and 99th percentile latencies, and how long the
//! index of names took to build and how much memory it holds.
//!
//! `KGRAPH_BENCH_STORE=DIR` serves that store (opened read-only) instead of
//! building one: `kgraph ingest --jsonl /tmp/news-20k.jsonl.gz --store
//! /tmp/serve20k.db -j 2`, then `KGRAPH_BENCH_STORE=/tmp/serve20k.db cargo
//! bench --bench serve`.

// A bench is a program whose output is its figures.
#![allow(clippy::print_stdout, clippy::unwrap_used, clippy::expect_used)]

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};

use std::sync::atomic::AtomicBool;
use std::sync::{mpsc, Arc};
use std::time::Instant;

mod common;

use kgraph_extract::{extract, Document};
use kgraph_rdf::Minter;
use kgraph_store::Store;

const ARTICLES: usize = 1_000;

fn corpus() -> Vec<String> {
    let (docs, dir) = common::read_corpus();
    println!("corpus: {} documents from {}", docs.len(), dir.display());
    // Enough distinct documents: copies get a numbered line of their own.
    let rounds = ARTICLES.div_ceil(docs.len());
    (0..rounds)
        .flat_map(|r| {
            docs.iter().map(move |d| {
                if r == 0 {
                    d.clone()
                } else {
                    format!("{d}\n(copy {r})\n")
                }
            })
        })
        .take(ARTICLES.max(docs.len()))
        .collect()
}

/// One GET over a fresh connection; the status and the time it took (ms).
fn get(addr: SocketAddr, path: &str, accept: &str) -> (u16, f64) {
    let started = Instant::now();
    let mut stream = TcpStream::connect(addr).expect("connect");
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nAccept: {accept}\r\nConnection: close\r\n\r\n"
    )
    .expect("send");
    let mut response = Vec::new();
    stream.read_to_end(&mut response).expect("read");
    let ms = started.elapsed().as_secs_f64() * 1e3;
    let status = String::from_utf8_lossy(&response[..response.len().min(12)])
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, ms)
}

/// What the front page says of the index: "Names indexed in 0.61 s (15.7 MB)".
fn front_page_note(addr: SocketAddr) -> String {
    let mut stream = TcpStream::connect(addr).expect("connect");
    write!(
        stream,
        "GET / HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .expect("send");
    let mut page = String::new();
    stream.read_to_string(&mut page).expect("read");
    page.split("Names indexed in")
        .nth(1)
        .and_then(|s| s.split('<').next())
        .map_or_else(
            || "no note on the front page".to_owned(),
            |s| format!("built in{s}"),
        )
}

fn report(name: &str, mut ms: Vec<f64>) {
    ms.sort_by(f64::total_cmp);
    let at = |p: f64| ms[((ms.len() - 1) as f64 * p).round() as usize];
    println!(
        "{name:<28} {:>6} requests  median {:>7.2} ms  p90 {:>7.2} ms  p99 {:>7.2} ms",
        ms.len(),
        at(0.5),
        at(0.9),
        at(0.99)
    );
}

/// A store of at least [`ARTICLES`] articles, built in `dir`.
fn build_store(dir: &std::path::Path) -> Store {
    let store = Store::open(&dir.join("db")).expect("store");
    let minter = Minter::default();
    let started = Instant::now();
    let docs = corpus();
    for (i, text) in docs.iter().enumerate() {
        let x = extract(&Document::new(text.clone(), format!("article-{i}.txt")));
        let quads = kgraph_rdf::rdf::to_quads(&x, &minter, None);
        store
            .replace_graph(kgraph_rdf::rdf::document_iri(&minter, &x).as_ref(), &quads)
            .expect("ingest");
    }
    store.flush().expect("flush");
    println!("store built in {:.1} s", started.elapsed().as_secs_f64());
    store
}

/// Names to search for: whole names, their first three letters, the
/// beginnings of two words, each with and without the entity's type; and
/// names no entity has.
fn search_queries(store: &Store) -> Vec<String> {
    let mut queries = Vec::new();
    for kind in ["Person", "Organization", "Country", "Event", "Place"] {
        let q = format!(
            "SELECT DISTINCT ?l WHERE {{ ?e a kg:{kind} ; rdfs:label ?l }} ORDER BY ?l LIMIT 40"
        );
        if let oxigraph::sparql::QueryResults::Solutions(rows) = store.query(&q).expect("query") {
            for row in rows {
                let Some(oxigraph::model::Term::Literal(l)) = row.expect("row").get("l").cloned()
                else {
                    continue;
                };
                let name = l.value().to_owned();
                let words: Vec<&str> = name.split_whitespace().collect();
                let mut forms = vec![name.clone(), name.chars().take(3).collect()];
                if words.len() >= 2 {
                    let two: Vec<String> = words[..2]
                        .iter()
                        .map(|w| w.chars().take(3).collect())
                        .collect();
                    forms.push(two.join(" "));
                }
                for form in forms {
                    let q = kgraph_store::push::url_encode(&form);
                    queries.push(format!("/search?q={q}"));
                    queries.push(format!("/search?q={q}&type={kind}"));
                }
            }
        }
    }
    for miss in ["zzyzx", "qwertyuiop", "xq"] {
        queries.push(format!("/search?q={miss}"));
    }
    queries
}

fn main() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = match std::env::var_os("KGRAPH_BENCH_STORE") {
        Some(path) => {
            println!("store: {}", std::path::Path::new(&path).display());
            Store::open_read_only(std::path::Path::new(&path)).expect("store")
        }
        None => build_store(dir.path()),
    };
    let stats = store.stats().expect("stats");
    println!(
        "store: {} documents, {} triples",
        stats.documents, stats.triples
    );
    let queries = search_queries(&store);
    // The entities mentioned in the most documents: the heaviest pages.
    let top = "SELECT ?e (COUNT(DISTINCT ?d) AS ?n) WHERE { ?e kg:mentionedIn ?d } \
               GROUP BY ?e ORDER BY DESC(?n) ?e LIMIT 50";
    let mut entities = Vec::new();
    if let oxigraph::sparql::QueryResults::Solutions(rows) = store.query(top).expect("query") {
        for row in rows {
            if let Some(oxigraph::model::Term::NamedNode(e)) = row.expect("row").get("e") {
                entities.push(e.as_str().to_owned());
            }
        }
    }
    let (tx, rx) = mpsc::channel();
    let stop = Arc::new(AtomicBool::new(false));
    let server = {
        let stop = Arc::clone(&stop);
        std::thread::spawn(move || {
            kgraph_serve::run(
                store,
                "127.0.0.1:0",
                kgraph_serve::Config::default(),
                stop,
                |addr| tx.send(addr).expect("address"),
            )
            .expect("serve");
        })
    };
    let addr = rx.recv().expect("the server's address");
    // The front page waits for the index of names, which the server
    // builds in the background from its start: this is its build time (as
    // the page says it), and what it holds.
    let started = Instant::now();
    let (status, _) = get(addr, "/", "text/html");
    assert_eq!(status, 200);
    println!(
        "index of names: first front page after {:.2} s; {}",
        started.elapsed().as_secs_f64(),
        front_page_note(addr)
    );
    let mut searches = Vec::new();
    for _round in 0..3 {
        for q in &queries {
            let (status, ms) = get(addr, q, "text/html");
            assert_eq!(status, 200, "{q}");
            searches.push(ms);
        }
    }
    report("search (HTML)", searches);
    let base = kgraph_rdf::ontology::DEFAULT_BASE;
    let mut pages = Vec::new();
    let mut hops = Vec::new();
    for _round in 0..4 {
        for e in &entities {
            let path = format!("/kgraph/id/{}", &e[base.len()..]);
            let (status, ms) = get(addr, &path, "text/html");
            assert_eq!(status, 200, "{e}");
            pages.push(ms);
            let two_hop = format!(
                "SELECT DISTINCT ?n ?m WHERE {{ {{ <{e}> ?p ?n }} UNION {{ ?n ?p <{e}> }} \
                 FILTER(isIRI(?n)) {{ ?n ?q ?m }} UNION {{ ?m ?q ?n }} FILTER(isIRI(?m)) }} LIMIT 10000"
            );
            let (status, ms) = get(
                addr,
                &format!("/sparql?query={}", kgraph_store::push::url_encode(&two_hop)),
                "application/sparql-results+json",
            );
            assert_eq!(status, 200, "{two_hop}");
            hops.push(ms);
        }
    }
    report("entity page (HTML)", pages);
    report("two-hop neighbourhood query", hops);
    stop.store(true, std::sync::atomic::Ordering::SeqCst);
    server.join().expect("server stops");
}
