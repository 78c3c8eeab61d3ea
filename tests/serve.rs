//! `kgraph serve` end to end: a real server on a free loopback port, asked
//! with curl and with real SPARQL clients (SPARQLWrapper and rdflib).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

const KGRAPH: &str = env!("CARGO_BIN_EXE_kgraph");

fn article(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/wikinews")
        .join(format!("{name}.txt"))
}

/// A store of `articles` ingested with `--base base` and every mention
/// (`--provenance mentions`), which the pages mark in the text.
fn store_of(articles: &[&str], base: &str) -> tempfile::TempDir {
    store_at(articles, base, "mentions")
}

/// A store of `articles` ingested with `--base base` at provenance `level`.
fn store_at(articles: &[&str], base: &str, level: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = Command::new(KGRAPH)
        .args(["ingest", "--base", base, "--provenance", level, "--store"])
        .arg(dir.path().join("db"))
        .args(articles.iter().map(|a| article(a)))
        .output()
        .expect("ingest runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    dir
}

/// A store with three articles.
fn store() -> tempfile::TempDir {
    store_of(
        &[
            "wn-hong-kong-legco-election",
            "wn-north-korea-quasi-war",
            "wn-new-zealand-flag",
        ],
        kgraph_rdf::ontology::DEFAULT_BASE,
    )
}

/// A running server; killed (SIGTERM) when dropped.
struct Server {
    child: Child,
    url: String,
}

impl Server {
    fn start(store: &Path, extra: &[&str]) -> Server {
        let mut child = Command::new(KGRAPH)
            .arg("serve")
            .arg("--store")
            .arg(store.join("db"))
            .args(["--bind", "127.0.0.1:0"])
            .args(extra)
            .stderr(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .expect("serve starts");
        let mut line = String::new();
        BufReader::new(child.stderr.as_mut().expect("stderr"))
            .read_line(&mut line)
            .expect("a first line");
        let url = line
            .split_whitespace()
            .find(|w| w.starts_with("http://") && w.ends_with('/'))
            .unwrap_or_else(|| panic!("no address in {line:?}"))
            .trim_end_matches('/')
            .to_owned();
        Server { child, url }
    }

    fn stop(mut self) -> Output {
        let pid = self.child.id().to_string();
        let status = Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .expect("kill");
        assert!(status.success());
        let child = std::mem::replace(&mut self.child, Command::new("true").spawn().expect("true"));
        child.wait_with_output().expect("server exits")
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// curl: status, headers and body.
fn curl(args: &[&str]) -> (u16, String, String) {
    let out = Command::new("curl")
        .args(["-s", "-i", "--max-time", "30"])
        .args(args)
        .output()
        .expect("curl is needed for these tests (bash .ci/run installs it)");
    let text = String::from_utf8_lossy(&out.stdout).replace("\r\n", "\n");
    let (head, body) = text.split_once("\n\n").unwrap_or((&text, ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, head.to_ascii_lowercase(), body.to_owned())
}

/// The part of `text` after the first `from`, up to the next `to` or
/// `from`, whichever comes first.
fn between<'a>(text: &'a str, from: &str, to: &str) -> Option<&'a str> {
    text.split(from).nth(1)?.split(to).next()
}

/// Fails unless `text` contains every one of `parts`.
fn assert_contains_all(text: &str, parts: &[&str], what: &str) {
    for part in parts {
        assert!(text.contains(part), "no {part:?} in {what}");
    }
}

/// A query by GET, as curl sends it.
fn get(endpoint: &str, query: &str) -> (u16, String, String) {
    curl(&[
        "-G",
        endpoint,
        "--data-urlencode",
        &format!("query={query}"),
    ])
}

const PEOPLE: &str = "SELECT ?p ?name WHERE { ?p a kg:Person ; rdfs:label ?name } ORDER BY ?name";

#[test]
fn the_sparql_protocol_in_every_format() {
    let dir = store();
    let server = Server::start(dir.path(), &[]);
    let sparql = format!("{}/sparql", server.url);
    // GET, JSON by default.
    let (status, head, body) = get(&sparql, PEOPLE);
    assert_eq!(status, 200, "{body}");
    assert!(
        head.contains("content-type: application/sparql-results+json"),
        "{head}"
    );
    let json: serde_json::Value = serde_json::from_str(&body).expect("JSON results");
    let people = json["results"]["bindings"]
        .as_array()
        .expect("bindings")
        .len();
    assert!(people >= 5, "{people} people");
    // POST as a form, XML; POST as application/sparql-query, CSV and TSV.
    let (status, head, body) = curl(&[
        "-H",
        "Accept: application/sparql-results+xml",
        "--data-urlencode",
        &format!("query={PEOPLE}"),
        &sparql,
    ]);
    assert_eq!(status, 200);
    assert!(head.contains("application/sparql-results+xml"));
    assert_eq!(body.matches("<result>").count(), people);
    for (accept, separator) in [("text/csv", ','), ("text/tab-separated-values", '\t')] {
        let (status, head, body) = curl(&[
            "-H",
            &format!("Accept: {accept}"),
            "-H",
            "Content-Type: application/sparql-query",
            "--data-binary",
            PEOPLE,
            &sparql,
        ]);
        assert_eq!(status, 200);
        assert!(head.contains(accept));
        assert_eq!(body.lines().count(), people + 1, "{body}");
        assert!(body.lines().next().expect("header").contains(separator));
    }
    // Graphs: Turtle, N-Triples, JSON-LD, RDF/XML, each parsed by Oxigraph.
    let construct = "CONSTRUCT { ?s ?p ?o } WHERE { ?s a kg:Country ; ?p ?o }";
    let mut counts = Vec::new();
    for (accept, format) in [
        ("text/turtle", oxigraph::io::RdfFormat::Turtle),
        ("application/n-triples", oxigraph::io::RdfFormat::NTriples),
        (
            "application/ld+json",
            oxigraph::io::RdfFormat::JsonLd {
                profile: Default::default(),
            },
        ),
        ("application/rdf+xml", oxigraph::io::RdfFormat::RdfXml),
    ] {
        let (status, head, body) = curl(&[
            "-H",
            &format!("Accept: {accept}"),
            "--data-urlencode",
            &format!("query={construct}"),
            &sparql,
        ]);
        assert_eq!(status, 200, "{accept}: {body}");
        assert!(head.contains(accept), "{head}");
        let n = oxigraph::io::RdfParser::from_format(format)
            .for_slice(body.as_bytes())
            .inspect(|q| assert!(q.is_ok(), "invalid RDF: {q:?}"))
            .count();
        counts.push(n);
    }
    assert!(
        counts[0] > 0 && counts.iter().all(|n| *n == counts[0]),
        "{counts:?}"
    );
    // ASK; an unknown format; a syntax error; an update on a read-only server.
    let (status, _, body) = curl(&[
        "-G",
        &sparql,
        "--data-urlencode",
        "query=ASK { ?c a kg:Country }",
        "--data-urlencode",
        "format=csv",
    ]);
    assert_eq!((status, body.trim()), (200, "true"));
    let (status, _, body) = curl(&[
        "-G",
        &sparql,
        "--data-urlencode",
        "query=ASK {}",
        "-H",
        "Accept: image/png",
    ]);
    assert_eq!(status, 406, "{body}");
    let (status, _, body) = curl(&["--data-urlencode", "query=SELECT WHERE nonsense", &sparql]);
    assert_eq!(status, 400);
    assert!(body.contains("invalid SPARQL query"), "{body}");
    let (status, _, body) = curl(&[
        "--data-urlencode",
        "update=INSERT DATA { <urn:a> <urn:b> <urn:c> }",
        &format!("{}/update", server.url),
    ]);
    assert_eq!(status, 403);
    assert!(body.contains("--allow-update"), "{body}");
    // A clean stop on SIGTERM.
    let out = server.stop();
    assert!(out.status.success(), "{:?}", out.status);
    assert!(String::from_utf8_lossy(&out.stderr).contains("stopped"));
}

#[test]
fn limits_updates_and_the_graph_store() {
    let dir = store();
    let server = Server::start(
        dir.path(),
        &["--allow-update", "--max-results", "3", "--timeout", "3"],
    );
    let sparql = format!("{}/sparql", server.url);
    // The cap is applied and stated.
    let (status, head, body) = get(&sparql, PEOPLE);
    assert_eq!(status, 200);
    let json: serde_json::Value = serde_json::from_str(&body).expect("JSON");
    assert_eq!(
        json["results"]["bindings"].as_array().expect("rows").len(),
        3
    );
    assert!(head.contains("x-kgraph-truncated: true") && head.contains("x-kgraph-result-limit: 3"));
    // A query past the time limit is stopped with a clear error; the server goes on.
    let heavy = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }";
    let (status, _, body) = curl(&["--data-urlencode", &format!("query={heavy}"), &sparql]);
    assert_eq!(status, 503, "{body}");
    assert!(body.contains("time limit of 3 s"), "{body}");
    let (status, _, _) = curl(&["-G", &sparql, "--data-urlencode", "query=ASK {}"]);
    assert_eq!(status, 200);
    // While the server holds the store for writing, query and export work
    // beside it, and another writer is told who holds it.
    let db = dir.path().join("db");
    let run = |args: &[&str]| {
        Command::new(KGRAPH)
            .args(args)
            .arg("--store")
            .arg(&db)
            .output()
            .expect("kgraph runs")
    };
    let out = run(&["query", "ASK { ?p a kg:Person }"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = run(&["export", "--format", "nquads"]);
    assert!(out.status.success() && out.stdout.len() > 10_000);
    let out = run(&["remove", "https://w3id.org/kgraph/id/doc/0000000000000000"]);
    assert_eq!(out.status.code(), Some(3));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("process {} (`", server.child.id())) && err.contains("serve"),
        "{err}"
    );
    // Updates, when allowed.
    let update = format!("{}/update", server.url);
    let (status, _, body) = curl(&[
        "-H",
        "Content-Type: application/sparql-update",
        "--data-binary",
        "INSERT DATA { GRAPH <urn:x:g> { <urn:x:a> <urn:x:b> \"c\" } }",
        &update,
    ]);
    assert_eq!(status, 204, "{body}");
    let (status, _, body) = curl(&["--data-urlencode", "update=INSERT DATA {", &update]);
    assert_eq!(status, 400, "{body}");
    // The Protocol's dataset parameters, by GET and in a form.
    let (status, _, body) = curl(&[
        "-G",
        &sparql,
        "--data-urlencode",
        "query=SELECT ?s WHERE { ?s ?p ?o }",
        "--data-urlencode",
        "default-graph-uri=urn:x:g",
        "--data-urlencode",
        "format=csv",
    ]);
    assert_eq!(
        (status, body.replace("\r\n", "\n")),
        (200, "s\nurn:x:a\n".to_owned())
    );
    let (status, _, body) = curl(&[
        "--data-urlencode",
        "query=SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } }",
        "--data-urlencode",
        "named-graph-uri=urn:x:g",
        "--data-urlencode",
        "format=csv",
        &sparql,
    ]);
    assert_eq!(
        (status, body.replace("\r\n", "\n")),
        (200, "g\nurn:x:g\n".to_owned())
    );
    let (status, _, _) = curl(&[
        "-G",
        &sparql,
        "--data-urlencode",
        "query=ASK {}",
        "--data-urlencode",
        "default-graph-uri=not an iri",
    ]);
    assert_eq!(status, 400);
    // The Graph Store Protocol, read side.
    let fetch = |accept: &str, query: &str| {
        curl(&[
            "-H",
            &format!("Accept: {accept}"),
            &format!("{}/store{query}", server.url),
        ])
    };
    let (status, head, body) = fetch("application/n-triples", "?graph=urn:x:g");
    assert_eq!(status, 200);
    assert!(head.contains("application/n-triples"));
    assert_eq!(body.trim(), "<urn:x:a> <urn:x:b> \"c\" .");
    assert_eq!(fetch("text/turtle", "?graph=urn:x:nothing").0, 404);
    let (status, _, body) = fetch("text/turtle", "");
    assert_eq!(status, 400, "{body}");
    let (status, _, body) = fetch("text/turtle", "?default");
    assert_eq!(status, 200);
    assert!(body.contains("kg:Person") && body.contains("urn:x:a"));
    // The ontology at its path.
    let (status, head, body) = curl(&[&format!("{}/ontology", server.url)]);
    assert_eq!(status, 200);
    assert!(
        head.contains("text/turtle") && body.contains("owl:Ontology"),
        "{head}"
    );
}

#[test]
fn minted_iris_dereference_to_turtle_or_a_page() {
    let dir = store();
    let server = Server::start(dir.path(), &[]);
    let entity = format!("{}/kgraph/id/person/lee-cheuk-yan", server.url);
    let (status, head, body) = curl(&["-H", "Accept: text/turtle", &entity]);
    assert_eq!(status, 200);
    assert!(head.contains("text/turtle"));
    assert!(
        body.contains("<https://w3id.org/kgraph/id/person/lee-cheuk-yan> a kg:Person"),
        "{body}"
    );
    let (status, head, page) = curl(&["-H", "Accept: text/html,application/xhtml+xml", &entity]);
    assert_eq!(status, 200);
    assert!(head.contains("text/html"));
    assert_contains_all(
        &page,
        &[
            "<h1>Lee Cheuk-yan</h1>",
            "Lee Cheuk-yan is a member of <a href=\"/kgraph/id/organization/labour-party\">Labour Party</a>.",
            "<mark>Lee Cheuk-yan</mark>",
            "<svg",
        ],
        "the entity page",
    );
    // The document page: its text, mentions marked and linked.
    let doc = page
        .split("href=\"/kgraph/id/doc/")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("a document link");
    let (status, _, doc_page) = curl(&[
        "-H",
        "Accept: text/html",
        &format!("{}/kgraph/id/doc/{doc}", server.url),
    ]);
    assert_eq!(status, 200);
    assert!(doc_page
        .contains("<a href=\"/kgraph/id/person/lee-cheuk-yan\"><mark>Lee Cheuk-yan</mark></a>"));
    let (status, _, _) = curl(&[&format!("{}/kgraph/id/person/nobody-at-all", server.url)]);
    assert_eq!(status, 404);
    // The query editor is at /sparql, linked from the front page.
    let (status, _, editor) = curl(&[&format!("{}/sparql", server.url)]);
    assert_eq!(status, 200);
    assert!(editor.contains("<textarea") && editor.contains("/sparql"));
    let (status, _, front) = curl(&[&format!("{}/", server.url)]);
    assert_eq!(status, 200);
    assert!(front.contains("href=\"/sparql\"") && front.contains("action=\"/search\""));
}

#[test]
fn pages_show_the_evidence_the_default_provenance_keeps() {
    // Statements (the default): each fact with its sentence, rule and
    // confidence; the sentences stand in for the mentions it does not keep.
    let dir = store_at(
        &["wn-hong-kong-legco-election"],
        kgraph_rdf::ontology::DEFAULT_BASE,
        "statements",
    );
    let server = Server::start(dir.path(), &[]);
    let (status, _, page) = curl(&[
        "-H",
        "Accept: text/html",
        &format!("{}/kgraph/id/person/james-to", server.url),
    ]);
    assert_eq!(status, 200);
    let facts = between(&page, "<h2>Facts</h2>", "id=\"mentions\"").expect("the facts");
    let member = between(
        facts,
        "James To is a member of <a href=\"/kgraph/id/organization/democratic-party\">Democratic Party</a>.",
        "</li>",
    )
    .expect("the membership");
    assert_contains_all(
        member,
        &[
            "<small class=\"evidence\">“",
            "James To",
            "” (",
            ", 0.",
            ") in <a href=\"/kgraph/id/doc/",
        ],
        "the evidence of the membership",
    );
    let mentions = page.split("id=\"mentions\"").nth(1).expect("the documents");
    assert!(
        mentions.contains("<p class=\"snippet\"") && !mentions.contains("<mark>"),
        "{mentions}"
    );
    // The action's page takes the sentence the graph names.
    let action = facts
        .split("href=\"")
        .filter_map(|h| h.split('"').next())
        .find(|h| h.contains("/action/"))
        .expect("an action");
    let (status, _, page) = curl(&[
        "-H",
        "Accept: text/html",
        &format!("{}{action}", server.url),
    ]);
    assert_eq!(status, 200);
    let evidence = between(&page, "<blockquote class=\"evidence\">", "</blockquote>")
        .expect("the sentence of the action");
    assert!(evidence.contains("James To"), "{evidence}");
    assert!(page.contains("<tr><th>rule</th>"), "{page}");
    // Without provenance the pages still stand: facts, no evidence.
    let bare = store_at(
        &["wn-hong-kong-legco-election"],
        kgraph_rdf::ontology::DEFAULT_BASE,
        "none",
    );
    let server = Server::start(bare.path(), &[]);
    let (status, _, page) = curl(&[
        "-H",
        "Accept: text/html",
        &format!("{}/kgraph/id/person/james-to", server.url),
    ]);
    assert_eq!(status, 200);
    assert!(page.contains("James To is a member of"), "{page}");
    assert!(!page.contains("class=\"evidence\""), "{page}");
}

#[test]
fn real_sparql_clients_sparqlwrapper_and_rdflib() {
    let dir = store();
    let server = Server::start(dir.path(), &[]);
    let (_, _, docs) = curl(&[
        "-G",
        &format!("{}/sparql", server.url),
        "--data-urlencode",
        "query=SELECT ?d WHERE { ?d a kg:Document } LIMIT 1",
        "--data-urlencode",
        "format=csv",
    ]);
    let graph = docs.lines().nth(1).expect("a document").trim().to_owned();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/sparql_client.py");
    let out = Command::new("python3")
        .arg(&script)
        .arg(&server.url)
        .arg(&graph)
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "the SPARQL clients failed (bash .ci/run installs SPARQLWrapper and rdflib):\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let said = String::from_utf8_lossy(&out.stdout);
    assert_contains_all(
        &said,
        &[
            "sparqlwrapper json",
            "sparqlwrapper xml post",
            "sparqlwrapper construct turtle",
            "rdflib graph store",
            "rdflib sparqlstore",
        ],
        "the clients' report",
    );
}

/// Runs headless Chromium (Debian's package) on a page.
fn chromium(args: &[&str]) -> Output {
    let program = ["chromium", "chromium-browser"]
        .into_iter()
        .find(|p| {
            Command::new(p)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        })
        .expect("Chromium is needed for this test (bash .ci/run installs Debian's chromium)");
    Command::new(program)
        .args([
            "--headless",
            "--no-sandbox",
            // Containers often give /dev/shm 64 MB, too little for it.
            "--disable-dev-shm-usage",
            "--disable-gpu",
            "--hide-scrollbars",
        ])
        .args(args)
        .output()
        .expect("chromium runs")
}

#[test]
fn the_entity_page_in_headless_chromium() {
    let dir = store();
    let server = Server::start(dir.path(), &[]);
    let url = format!("{}/kgraph/id/person/lee-cheuk-yan", server.url);
    // The screenshot is kept as the test's artifact.
    let shot = Path::new(env!("CARGO_TARGET_TMPDIR")).join("entity-page.png");
    let _ = std::fs::remove_file(&shot);
    let out = chromium(&[
        "--window-size=1200,1600",
        &format!("--screenshot={}", shot.display()),
        &url,
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let png = std::fs::read(&shot).expect("a screenshot");
    assert!(
        png.starts_with(b"\x89PNG\r\n\x1a\n") && png.len() > 20_000,
        "{} bytes",
        png.len()
    );
    // The page as the browser built it.
    let out = chromium(&["--dump-dom", &url]);
    let dom = String::from_utf8_lossy(&out.stdout);
    assert_contains_all(
        &dom,
        &[
            "<h1>Lee Cheuk-yan</h1>",
            "Labour Party",
            "Where the text says so",
            "<mark>Lee Cheuk-yan</mark>",
            "<svg",
            "Hong Kong",
        ],
        "the page Chromium rendered",
    );
}

#[test]
fn the_query_editor_runs_a_query_in_headless_chromium() {
    let dir = store();
    let server = Server::start(dir.path(), &[]);
    let query = "SELECT ?name WHERE { ?p a kg:Person ; rdfs:label ?name } ORDER BY ?name LIMIT 3";
    let encoded: String = query
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect();
    let out = chromium(&[
        "--virtual-time-budget=10000",
        "--dump-dom",
        &format!("{}/?query={encoded}", server.url),
    ]);
    let dom = String::from_utf8_lossy(&out.stdout);
    assert_contains_all(&dom, &["<th>name</th>", "3 rows"], "the editor's results");
    assert_eq!(dom.matches("<tr><td>").count(), 3, "{dom}");
}

#[test]
fn readers_are_served_while_a_heavy_query_runs() {
    let dir = store();
    let server = Server::start(dir.path(), &["--timeout", "8"]);
    let sparql = format!("{}/sparql", server.url);
    let heavy = {
        let sparql = sparql.clone();
        std::thread::spawn(move || {
            let q = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }";
            curl(&["--data-urlencode", &format!("query={q}"), &sparql]).0
        })
    };
    std::thread::sleep(std::time::Duration::from_millis(300));
    let readers: Vec<_> = (0..16)
        .map(|_| {
            let sparql = sparql.clone();
            std::thread::spawn(move || get(&sparql, PEOPLE).0)
        })
        .collect();
    for r in readers {
        assert_eq!(r.join().expect("reader"), 200);
    }
    // The heavy query is still running, or was stopped at its time limit.
    assert!(!heavy.is_finished() || heavy.join().expect("heavy") == 503);
}

#[test]
fn iris_of_another_base_are_served_at_its_path() {
    let base = "http://kgraph.test/kg/";
    let dir = store_of(&["wn-hong-kong-legco-election"], base);
    let server = Server::start(dir.path(), &["--base", base]);
    let (status, _, body) = curl(&[
        "-H",
        "Accept: text/turtle",
        &format!("{}/kg/person/lee-cheuk-yan", server.url),
    ]);
    assert_eq!(status, 200, "{body}");
    assert!(
        body.contains("<http://kgraph.test/kg/person/lee-cheuk-yan> a kg:Person"),
        "{body}"
    );
    let (_, _, page) = curl(&[
        "-H",
        "Accept: text/html",
        &format!("{}/kg/person/lee-cheuk-yan", server.url),
    ]);
    assert!(
        page.contains("href=\"/kg/organization/labour-party\""),
        "{page}"
    );
    let (status, _, _) = curl(&[&format!("{}/id/person/lee-cheuk-yan", server.url)]);
    assert_eq!(status, 404);
}

/// A keep-alive HTTP/1.1 connection: the load test's client, small enough
/// to time each request alone.
struct Connection {
    addr: String,
    stream: Option<std::net::TcpStream>,
}

impl Connection {
    fn new(url: &str) -> Self {
        Connection {
            addr: url.trim_start_matches("http://").to_owned(),
            stream: None,
        }
    }

    /// Sends `head` (request line and headers, without the blank line) and
    /// `body`; the status and body of the answer. A connection the server
    /// closed is opened again, once.
    fn send(&mut self, head: &str, body: &[u8]) -> std::io::Result<(u16, Vec<u8>)> {
        use std::io::{Read, Write};
        for attempt in 0..2 {
            if self.stream.is_none() {
                let s = std::net::TcpStream::connect(&self.addr)?;
                s.set_read_timeout(Some(std::time::Duration::from_secs(60)))?;
                self.stream = Some(s);
            }
            let stream = self.stream.as_mut().expect("connected");
            let mut request = format!(
                "{head}\r\nHost: {}\r\nContent-Length: {}\r\n\r\n",
                self.addr,
                body.len()
            )
            .into_bytes();
            request.extend_from_slice(body);
            let answer = stream.write_all(&request).and_then(|()| {
                let mut reader = BufReader::new(&mut *stream);
                let mut status_line = String::new();
                reader.read_line(&mut status_line)?;
                let status: u16 = status_line
                    .split_whitespace()
                    .nth(1)
                    .and_then(|s| s.parse().ok())
                    .ok_or_else(|| std::io::Error::other(format!("status line {status_line:?}")))?;
                let mut length = 0;
                let mut close = false;
                loop {
                    let mut line = String::new();
                    reader.read_line(&mut line)?;
                    let line = line.trim_end().to_ascii_lowercase();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(v) = line.strip_prefix("content-length:") {
                        length = v.trim().parse().map_err(std::io::Error::other)?;
                    }
                    close |= line == "connection: close";
                }
                let mut body = vec![0; length];
                reader.read_exact(&mut body)?;
                Ok((status, body, close))
            });
            match answer {
                Ok((status, body, close)) => {
                    if close {
                        self.stream = None;
                    }
                    return Ok((status, body));
                }
                Err(e) if attempt == 0 && self.stream.is_some() => {
                    // The server closed an idle connection: open another.
                    let _ = e;
                    self.stream = None;
                }
                Err(e) => return Err(e),
            }
        }
        Err(std::io::Error::other("unreachable"))
    }
}

/// The server's peak resident memory so far, in KiB.
fn peak_rss_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .expect("proc status")
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmHWM")
}

#[test]
fn sixty_four_clients_are_served_without_error_while_bad_clients_get_their_errors() {
    const CLIENTS: usize = 64;
    const REQUESTS: usize = 160; // each: 10,240 in all
    let dir = store();
    let mut server = Server::start(
        dir.path(),
        &[
            // The slowest of the 10,240 requests took 1.3-1.5 s here: room
            // for a slower machine.
            "--timeout",
            "5",
            "--client-timeout",
            "2",
            "--max-connections",
            "128",
        ],
    );
    let pid = server.child.id();
    let before = peak_rss_kib(pid);
    let get = |q: &str, accept: &str| {
        format!(
            "GET /sparql?query={} HTTP/1.1\r\nAccept: {accept}",
            kgraph_store::push::url_encode(q)
        )
    };
    // Mixed requests: SELECT in JSON and CSV, CONSTRUCT to Turtle, ASK, a
    // count, a POSTed query, an entity page and a Graph Store read.
    let construct = "CONSTRUCT { ?p ?r ?o } WHERE { ?p a kg:Person ; ?r ?o } LIMIT 200";
    let mix: Vec<(String, Vec<u8>)> = vec![
        (get(PEOPLE, "application/sparql-results+json"), Vec::new()),
        (get(PEOPLE, "text/csv"), Vec::new()),
        (get(construct, "text/turtle"), Vec::new()),
        (get("ASK { ?s a kg:Election }", "application/sparql-results+json"), Vec::new()),
        (
            get("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", "application/sparql-results+xml"),
            Vec::new(),
        ),
        (
            "POST /sparql HTTP/1.1\r\nContent-Type: application/sparql-query\r\nAccept: application/sparql-results+json".to_owned(),
            "SELECT ?o WHERE { ?o a kg:Organization } LIMIT 50".as_bytes().to_vec(),
        ),
        (
            "GET /kgraph/id/person/lee-cheuk-yan HTTP/1.1\r\nAccept: text/html".to_owned(),
            Vec::new(),
        ),
        ("GET /ontology HTTP/1.1\r\nAccept: text/turtle".to_owned(), Vec::new()),
    ];
    let started = std::time::Instant::now();
    let clients: Vec<_> = (0..CLIENTS)
        .map(|c| {
            let (url, mix) = (server.url.clone(), mix.clone());
            std::thread::spawn(move || {
                let mut connection = Connection::new(&url);
                let mut times = Vec::with_capacity(REQUESTS);
                let mut errors = Vec::new();
                for i in 0..REQUESTS {
                    let kind = (c + i) % mix.len();
                    let (head, body) = &mix[kind];
                    let t = std::time::Instant::now();
                    match connection.send(head, body) {
                        Ok((200, _)) => times.push((kind, t.elapsed())),
                        Ok((status, body)) => errors.push(format!(
                            "{head}: {status} {}",
                            String::from_utf8_lossy(&body)
                        )),
                        Err(e) => errors.push(format!("{head}: {e}")),
                    }
                }
                (times, errors)
            })
        })
        .collect();
    std::thread::sleep(std::time::Duration::from_millis(200));

    // Meanwhile, the bad clients. A body over the 1 MiB limit: 413.
    let mut big = Connection::new(&server.url);
    let (status, body) = big
        .send(
            "POST /sparql HTTP/1.1\r\nContent-Type: application/sparql-query",
            &vec![b' '; 2 << 20],
        )
        .expect("an answer");
    assert_eq!(status, 413, "{}", String::from_utf8_lossy(&body));
    // An expensive query: stopped at the time limit, 503.
    let mut heavy = Connection::new(&server.url);
    let q = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }";
    let t = std::time::Instant::now();
    let (status, body) = heavy
        .send(&get(q, "application/sparql-results+json"), b"")
        .expect("an answer");
    let body = String::from_utf8_lossy(&body);
    assert_eq!(status, 503, "{body}");
    assert!(body.contains("time limit of 5 s"), "{body}");
    assert!(t.elapsed() < std::time::Duration::from_secs(15));
    // A slow client: headers, half its body, then nothing. 408 after the
    // client time limit, and the connection closed.
    {
        use std::io::{Read, Write};
        let mut slow = std::net::TcpStream::connect(server.url.trim_start_matches("http://"))
            .expect("connect");
        slow.write_all(b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\nContent-Length: 4000\r\n\r\nSELECT")
            .expect("written");
        let t = std::time::Instant::now();
        let mut answer = String::new();
        slow.read_to_string(&mut answer)
            .expect("an answer, then the end");
        assert!(
            answer.starts_with("HTTP/1.1 408"),
            "{answer} after {:?}; the server: {:?}",
            t.elapsed(),
            server.child.try_wait()
        );
        assert!(answer.contains("client time limit of 2 s"), "{answer}");
        assert!(t.elapsed() < std::time::Duration::from_secs(10));
        // One that sends half a request line and nothing more: 408 too.
        let mut slower = std::net::TcpStream::connect(server.url.trim_start_matches("http://"))
            .expect("connect");
        slower.write_all(b"GET /spa").expect("written");
        let mut answer = String::new();
        slower
            .read_to_string(&mut answer)
            .expect("an answer, then the end");
        assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    }

    let mut times = Vec::new();
    let mut errors = Vec::new();
    for client in clients {
        let (t, e) = client.join().expect("client");
        times.extend(t);
        errors.extend(e);
    }
    let elapsed = started.elapsed();
    assert!(
        errors.is_empty(),
        "{} error(s), first: {}",
        errors.len(),
        errors[0]
    );
    assert_eq!(times.len(), CLIENTS * REQUESTS);
    let ms = |d: std::time::Duration| d.as_secs_f64() * 1000.0;
    for (kind, (head, _)) in mix.iter().enumerate() {
        let mut t: Vec<_> = times
            .iter()
            .filter(|(k, _)| *k == kind)
            .map(|(_, d)| *d)
            .collect();
        t.sort();
        eprintln!(
            "  {:<60} median {:>7.1} ms, p99 {:>7.1} ms",
            head.lines()
                .next()
                .unwrap_or_default()
                .chars()
                .take(60)
                .collect::<String>(),
            ms(t[t.len() / 2]),
            ms(t[t.len() * 99 / 100])
        );
    }
    let mut times: Vec<_> = times.into_iter().map(|(_, d)| d).collect();
    times.sort();
    let peak = peak_rss_kib(pid);
    eprintln!(
        "load: {} requests from {CLIENTS} clients in {:.1} s ({:.0}/s), 0 errors; latency median {:.1} ms, p90 {:.1} ms, p99 {:.1} ms, max {:.1} ms; server peak RSS {} MiB (before the load {} MiB)",
        times.len(),
        elapsed.as_secs_f64(),
        times.len() as f64 / elapsed.as_secs_f64(),
        ms(times[times.len() / 2]),
        ms(times[times.len() * 9 / 10]),
        ms(times[times.len() * 99 / 100]),
        ms(times[times.len() - 1]),
        peak / 1024,
        before / 1024,
    );
    // Memory stays bounded: connections and bodies are capped.
    assert!(peak < 1024 * 1024, "peak RSS {peak} KiB");
}

/// A store of every bundled Wikinews article, with every mention.
fn store_of_all() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = Command::new(KGRAPH)
        .args(["ingest", "--provenance", "mentions", "--store"])
        .arg(dir.path().join("db"))
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/wikinews"))
        .output()
        .expect("ingest runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    dir
}

/// The page Chromium builds from `url`.
fn dom_of(url: &str) -> String {
    let out = chromium(&["--virtual-time-budget=5000", "--dump-dom", url]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The values of attribute `name` in `html`, in order, `&amp;` decoded.
fn attributes(html: &str, name: &str) -> Vec<String> {
    html.split(&format!(" {name}=\""))
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .map(|v| v.replace("&amp;", "&"))
        .collect()
}

/// The text of `html` without its tags, entities decoded as far as tests need.
fn text_of(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&amp;", "&").replace("&quot;", "\"")
}

#[test]
fn the_front_page_search_and_documents_in_headless_chromium() {
    let dir = store();
    let server = Server::start(dir.path(), &[]);
    // The front page: a search box with a type filter, the most mentioned
    // entities of each type with their counts, a link to the documents.
    let front = dom_of(&format!("{}/", server.url));
    assert_contains_all(
        &front,
        &[
            "<input type=\"search\" name=\"q\"",
            "<option value=\"Country\">",
            "<option value=\"Person\">",
            "href=\"/documents\"",
        ],
        "the front page",
    );
    let countries =
        between(&front, "data-type=\"Country\"", "</section>").expect("a list of countries");
    let counts: Vec<usize> = countries
        .split("<small>")
        .skip(1)
        .filter_map(|s| s.split('<').next()?.parse().ok())
        .collect();
    assert!(!counts.is_empty(), "{countries}");
    assert!(counts.windows(2).all(|w| w[0] >= w[1]), "{counts:?}");
    // The first country's count is its number of documents, as SPARQL counts them.
    let first = attributes(countries, "href")
        .into_iter()
        .find(|h| h.starts_with("/kgraph/id/"))
        .expect("a country");
    let (_, _, csv) = get(
        &format!("{}/sparql", server.url),
        &format!(
            "SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE {{ <https://w3id.org{first}> kg:mentionedIn ?d }}"
        ),
    );
    let json: serde_json::Value = serde_json::from_str(&csv).expect("JSON");
    assert_eq!(
        json["results"]["bindings"][0]["n"]["value"].as_str(),
        Some(counts[0].to_string().as_str())
    );

    // A search by any name or alias, case and accents aside, with a type filter.
    let search = |q: &str, kind: &str| {
        let dom = dom_of(&format!("{}/search?q={q}&type={kind}", server.url));
        let results = between(&dom, "<ol class=\"results\"", "</ol>")
            .unwrap_or_default()
            .to_owned();
        let names: Vec<String> = results
            .split("<li ")
            .skip(1)
            .map(|li| {
                let name = li.split("</a>").next().unwrap_or_default();
                text_of(&format!("<li {name}")).trim().to_owned()
            })
            .collect();
        (names, attributes(&results, "data-type"))
    };
    let (names, _) = search("korea", "");
    for want in ["North Korea", "South Korea", "Korean Central News Agency"] {
        assert!(names.iter().any(|n| n == want), "{want} not in {names:?}");
    }
    let (names, types) = search("korea", "Country");
    assert!(names.iter().any(|n| n == "North Korea"), "{names:?}");
    assert!(
        !names.is_empty() && types.iter().all(|t| t == "Country"),
        "{names:?} {types:?}"
    );
    assert!(!names.iter().any(|n| n.contains("Agency")), "{names:?}");
    // Aliases: an alternative label finds its entity.
    assert_eq!(search("DPRK", "").0, ["North Korea"]);
    assert_eq!(
        search("kcna", "Organization").0,
        ["Korean Central News Agency"]
    );
    assert_eq!(search("LEE%20CHEUK", "Person").0, ["Lee Cheuk-yan"]);
    assert!(search("kcna", "Person").0.is_empty());
    // A type as words, as the page names it, is the type; an unknown type
    // is an error that names the types there are.
    assert_eq!(
        search("kcna", "government%20body").0,
        search("kcna", "GovernmentBody").0
    );
    assert!(!search("kcna", "GovernmentBody").0.is_empty());
    let (status, _, body) = curl(&["-s", &format!("{}/search?q=kcna&type=Nonsense", server.url)]);
    assert_eq!(status, 400, "{body}");
    assert!(
        body.contains("Nonsense") && body.contains("Organization"),
        "{body}"
    );

    // The documents, each linked to its page.
    let docs = dom_of(&format!("{}/documents", server.url));
    let links: Vec<String> = attributes(
        docs.split("<ol class=\"documents\"")
            .nth(1)
            .unwrap_or_default(),
        "href",
    )
    .into_iter()
    .filter(|h| h.starts_with("/kgraph/id/doc/"))
    .collect();
    assert_eq!(links.len(), 3, "{docs}");
}

#[test]
fn entity_snippets_are_grouped_by_document_and_in_text_order() {
    let dir = store_of_all();
    let server = Server::start(dir.path(), &[]);
    let page = dom_of(&format!("{}/kgraph/id/country/US", server.url));
    let mentions = between(&page, "id=\"mentions\"", "<h2>").expect("the mentions");
    let groups: Vec<&str> = mentions.split("<section class=\"group\"").skip(1).collect();
    assert!(groups.len() >= 5, "{} groups", groups.len());
    // The documents in the order of the document list.
    let listed: Vec<String> = attributes(&dom_of(&format!("{}/documents", server.url)), "href")
        .into_iter()
        .map(|h| format!("https://w3id.org{h}"))
        .collect();
    let docs: Vec<String> = groups
        .iter()
        .map(|g| attributes(&format!(" {g}"), "data-doc")[0].clone())
        .collect();
    let rank = |d: &String| listed.iter().position(|l| l == d).expect("listed");
    assert!(
        docs.windows(2).all(|w| rank(&w[0]) < rank(&w[1])),
        "{docs:?}"
    );
    let mut string_order_differs = false;
    for g in &groups {
        // The title once, above the sentences; the sentences by position.
        assert_eq!(g.matches("<h3>").count(), 1, "{g}");
        let begins: Vec<usize> = attributes(g, "data-begin")
            .iter()
            .map(|b| b.parse().expect("a number"))
            .collect();
        assert!(!begins.is_empty(), "{g}");
        assert!(begins.windows(2).all(|w| w[0] < w[1]), "{begins:?}");
        let mut as_strings: Vec<String> = begins.iter().map(usize::to_string).collect();
        as_strings.sort();
        string_order_differs |=
            as_strings != begins.iter().map(usize::to_string).collect::<Vec<_>>();
    }
    assert!(
        string_order_differs,
        "the data should tell the two orders apart"
    );
    // A sentence runs on past "U.S.".
    assert!(
        mentions.contains("Citing privacy rules, <mark>U.S.</mark> officials have not said why the team was initially denied visas"),
        "{mentions}"
    );
}

#[test]
fn action_pages_and_entity_facts_read_as_sentences_in_headless_chromium() {
    let dir = store();
    let server = Server::start(dir.path(), &[]);
    // The facts about an entity: its actions as sentences, linked to their pages.
    let page = dom_of(&format!("{}/kgraph/id/person/james-to", server.url));
    let facts = between(&page, "<h2>Facts</h2>", "id=\"mentions\"").expect("the facts");
    assert_contains_all(
        facts,
        &[
            "James To is a member of <a href=\"/kgraph/id/organization/democratic-party\">Democratic Party</a>.",
            "James To won <a href=",
            ">James To defeated Wong Kwok-hing</a>",
        ],
        "the facts",
    );
    assert!(
        !text_of(facts).contains("https://") && !facts.contains(">kg:"),
        "{facts}"
    );
    // What James To did is a fact of his own; what was done to Wong
    // Kwok-hing, a fact about him.
    let own = facts
        .split("<h2>Facts about it</h2>")
        .next()
        .unwrap_or_default();
    assert!(
        own.contains(">James To defeated Wong Kwok-hing</a>"),
        "{facts}"
    );
    let target = dom_of(&format!("{}/kgraph/id/person/wong-kwok-hing", server.url));
    let about = between(&target, "<h2>Facts about it</h2>", "id=\"mentions\"")
        .expect("the facts about him");
    assert!(
        about.contains(">James To defeated Wong Kwok-hing</a>"),
        "{about}"
    );
    let action = attributes(facts, "href")
        .into_iter()
        .find(|h| h.contains("/action/"))
        .expect("a link to the action");
    // The action's page: its sentence in the text, both ends marked, and a picture.
    let page = dom_of(&format!("{}{action}", server.url));
    let evidence = between(&page, "<blockquote class=\"evidence\">", "</blockquote>")
        .expect("the sentence of the action");
    assert_contains_all(
        evidence,
        &[
            "<mark>Wong Kwok-hing</mark>",
            "was defeated by 10,694 votes by <mark>James To</mark>.",
        ],
        "the sentence",
    );
    assert!(
        text_of(evidence).starts_with("Pro-Beijing DAB"),
        "{evidence}"
    );
    let picture = page.split("<h2>Picture</h2>").nth(1).expect("a picture");
    assert!(
        picture.contains("<svg") && picture.contains(">defeat</text>"),
        "{picture}"
    );
    assert!(!page.contains("No picture"));
}
