//! `kgraph push` and `kgraph ingest --endpoint` against real, independent
//! triple stores: OpenLink Virtuoso 7 (Debian's virtuoso-opensource-7-bin)
//! and Oxigraph's own server (PyPI's oxigraph), each started here on free
//! loopback ports with its database in a temporary directory. `.ci/run`
//! installs both; a missing one fails these tests, it does not skip them.
//! A stand-in server gives the answers a real one gives only now and then.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use kgraph_testkit::{editions, servers};

use servers::{csv_counts, free_port, remote_counts, wait_for, Virtuoso};

const KGRAPH: &str = env!("CARGO_BIN_EXE_kgraph");

fn wikinews() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/wikinews")
}

fn kgraph(args: &[&str]) -> Output {
    Command::new(KGRAPH)
        .args(args)
        .output()
        .expect("kgraph runs")
}

fn ok(out: &Output) -> String {
    assert!(
        out.status.success(),
        "exit {:?}\nstdout: {}\nstderr: {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

/// Triples per named graph in a kgraph store.
fn local_counts(store: &Path) -> BTreeMap<String, u64> {
    let out = kgraph(&[
        "query",
        "--store",
        s(store),
        "--format",
        "csv",
        "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
    ]);
    ok(&out);
    csv_counts(&String::from_utf8_lossy(&out.stdout))
}

/// A store holding the bundled Wikinews articles, and its path.
fn wikinews_store() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = dir.path().join("db");
    ok(&kgraph(&["ingest", "--store", s(&store), s(&wikinews())]));
    (dir, store)
}

/// The `oxigraph` command: on the PATH, or among Python's scripts (where
/// `python3 -m pip install oxigraph` puts it).
fn oxigraph_command() -> PathBuf {
    let on_path = Command::new("oxigraph")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if on_path {
        return PathBuf::from("oxigraph");
    }
    let out = Command::new("python3")
        .args([
            "-c",
            "import sysconfig; print(sysconfig.get_path('scripts'))",
        ])
        .output()
        .expect("python3 runs");
    Path::new(String::from_utf8_lossy(&out.stdout).trim()).join("oxigraph")
}

/// Oxigraph's server (`oxigraph serve`) on a free loopback port; killed when dropped.
struct OxigraphServer {
    child: Child,
    port: u16,
    _dir: tempfile::TempDir,
}

impl OxigraphServer {
    fn start() -> OxigraphServer {
        let dir = tempfile::tempdir().expect("temp dir");
        let port = free_port();
        let log = dir.path().join("server.log");
        let child = Command::new(oxigraph_command())
            .arg("serve")
            .arg("--location")
            .arg(dir.path().join("data"))
            .arg("--bind")
            .arg(format!("127.0.0.1:{port}"))
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log).expect("log file"))
            .spawn()
            .expect("oxigraph starts (pip install oxigraph)");
        let mut server = OxigraphServer {
            child,
            port,
            _dir: dir,
        };
        wait_for(
            &format!("{}?query=ASK%7B%7D", server.endpoint()),
            60,
            &mut server.child,
            &log,
        );
        server
    }

    fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}/query", self.port)
    }

    fn graph_store(&self) -> String {
        format!("http://127.0.0.1:{}/store", self.port)
    }
}

impl Drop for OxigraphServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn push(store: &Path, endpoint: &str, graph_store: &str, extra: &[&str]) -> Output {
    let mut args = vec![
        "push",
        "--store",
        s(store),
        "--endpoint",
        endpoint,
        "--graph-store",
        graph_store,
    ];
    args.extend_from_slice(extra);
    kgraph(&args)
}

#[test]
fn push_to_virtuoso_sends_changes_only_and_deletes_removed_documents() {
    let virtuoso = Virtuoso::start(20_000);
    let (_dir, store) = wikinews_store();
    let local = local_counts(&store);
    // The 24 articles (not SOURCES.md) and the ontology.
    assert_eq!(local.len(), 25, "{local:?}");

    // --dry-run lists every graph and sends nothing.
    let out = push(
        &store,
        &virtuoso.endpoint(),
        &virtuoso.graph_store(),
        &["--dry-run"],
    );
    ok(&out);
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 25);
    assert!(remote_counts(&virtuoso.endpoint()).is_empty());

    let err = ok(&push(
        &store,
        &virtuoso.endpoint(),
        &virtuoso.graph_store(),
        &["--verify"],
    ));
    assert!(err.contains("sent 25 graph(s)"), "{err}");
    assert!(err.contains("verified"), "{err}");
    // Every graph, with as many triples as here, asked independently.
    assert_eq!(remote_counts(&virtuoso.endpoint()), local);

    // Again: nothing to send.
    let err = ok(&push(
        &store,
        &virtuoso.endpoint(),
        &virtuoso.graph_store(),
        &[],
    ));
    assert!(
        err.contains("sent 0 graph(s)") && err.contains("25 unchanged"),
        "{err}"
    );

    // A removed document disappears remotely; a new one arrives.
    let gone = local
        .keys()
        .find(|g| g.contains("/doc/"))
        .expect("a document")
        .clone();
    ok(&kgraph(&["remove", "--store", s(&store), &gone]));
    let fresh = tempfile::NamedTempFile::new().expect("temp file");
    std::fs::write(
        fresh.path(),
        "Venezuelan Interior Minister Diosdado Cabello spoke in Caracas on Tuesday.",
    )
    .expect("written");
    ok(&kgraph(&["ingest", "--store", s(&store), s(fresh.path())]));
    let err = ok(&push(
        &store,
        &virtuoso.endpoint(),
        &virtuoso.graph_store(),
        &[],
    ));
    assert!(
        err.contains("sent 1 graph(s)") && err.contains("1 were deleted"),
        "{err}"
    );
    let remote = remote_counts(&virtuoso.endpoint());
    assert!(!remote.contains_key(&gone));
    assert_eq!(remote, local_counts(&store));

    // The Digest-authenticated endpoint: refused without a login, accepted with one.
    let auth = format!("{}-auth", virtuoso.graph_store());
    let out = push(&store, &virtuoso.endpoint(), &auth, &["--all"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("HTTP 401") && err.contains("--user"), "{err}");
    let out = Command::new(KGRAPH)
        .args([
            "push",
            "--store",
            s(&store),
            "--endpoint",
            &virtuoso.endpoint(),
        ])
        .args(["--graph-store", &auth, "--all", "--verify"])
        .args(["--user", "dba", "--password-env", "KGRAPH_TEST_PASSWORD"])
        .env("KGRAPH_TEST_PASSWORD", "dba")
        .output()
        .expect("kgraph runs");
    let err = ok(&out);
    assert!(err.contains("sent 25 graph(s)"), "{err}");
}

/// A corpus of `n` distinct documents made from the Wikinews articles.
fn corpus(n: usize) -> tempfile::NamedTempFile {
    let mut file = tempfile::NamedTempFile::new().expect("temp file");
    editions::write_editions(n, &mut file);
    file
}

#[test]
fn push_killed_with_virtuoso_resumes_on_the_next_push() {
    let mut virtuoso = Virtuoso::start(20_000);
    let dir = tempfile::tempdir().expect("temp dir");
    let store = dir.path().join("db");
    let jsonl = corpus(300);
    ok(&kgraph(&[
        "ingest",
        "--jsonl",
        "--store",
        s(&store),
        s(jsonl.path()),
    ]));
    let local = local_counts(&store);
    assert_eq!(local.len(), 301);

    let mut child = Command::new(KGRAPH)
        .args([
            "push",
            "--store",
            s(&store),
            "--endpoint",
            &virtuoso.endpoint(),
        ])
        .args(["--graph-store", &virtuoso.graph_store()])
        .args(["--retries", "4", "--timeout", "10"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("push starts");
    // Kill the server once some graphs are in: the push log grows a line a graph.
    let logs = store.join("kgraph-push");
    let started = Instant::now();
    loop {
        let lines = std::fs::read_dir(&logs)
            .into_iter()
            .flatten()
            .filter_map(Result::ok)
            .map(|e| {
                std::fs::read_to_string(e.path())
                    .unwrap_or_default()
                    .lines()
                    .count()
            })
            .sum::<usize>();
        if lines > 20 {
            break;
        }
        // A push that ended or stalled before then says why on its stderr.
        let ended = child.try_wait().expect("push waited on").is_some();
        if ended || started.elapsed() > Duration::from_secs(120) {
            let _ = child.kill();
            let out = child.wait_with_output().expect("push ends");
            panic!(
                "the push {} before 20 graphs were in ({lines} log lines): {out:?}\nVirtuoso's log:\n{}",
                if ended { "ended" } else { "stalled" },
                virtuoso.log()
            );
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    virtuoso.kill();
    let out = child.wait_with_output().expect("push ends");
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("push stopped: cannot reach"), "{err}");
    assert!(err.contains("push` again sends the rest"), "{err}");
    assert_eq!(err.lines().count(), 1, "one line: {err}");

    // The server comes back (recovering its own log); the next push sends
    // only what the first did not finish, and the remote matches.
    virtuoso.run();
    let err = ok(&push(
        &store,
        &virtuoso.endpoint(),
        &virtuoso.graph_store(),
        &["--verify"],
    ));
    let sent: usize = err
        .split("sent ")
        .nth(1)
        .and_then(|x| x.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no count in {err}"));
    assert!(sent > 0 && sent < 301, "{err}");
    assert_eq!(remote_counts(&virtuoso.endpoint()), local);
}

/// A Graph Store on loopback that gives `answers` (status, body) to the
/// first requests, one a connection, and 201 to the rest; `served` counts
/// the requests it answered.
struct FakeGraphStore {
    url: String,
    served: std::sync::Arc<std::sync::atomic::AtomicUsize>,
}

impl FakeGraphStore {
    fn start(answers: Vec<(u16, &'static str)>) -> FakeGraphStore {
        use std::io::{BufRead, BufReader, Read, Write};
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a port");
        let url = format!(
            "http://{}/graph-store",
            listener.local_addr().expect("an address")
        );
        let served = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let count = served.clone();
        std::thread::spawn(move || {
            let mut answers = answers.into_iter();
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { continue };
                let mut reader = BufReader::new(stream.try_clone().expect("a clone"));
                let mut length = 0;
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                        break;
                    }
                    if let Some((name, value)) = line.split_once(':') {
                        if name.eq_ignore_ascii_case("content-length") {
                            length = value.trim().parse().unwrap_or(0);
                        }
                    }
                }
                let mut body = vec![0; length];
                let _ = reader.read_exact(&mut body);
                let (status, text) = answers.next().unwrap_or((201, ""));
                // Counted before the answer, which may end the push.
                count.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                let _ = write!(
                    stream,
                    "HTTP/1.1 {status} X\r\nContent-Type: text/plain\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{text}",
                    text.len()
                );
            }
        });
        FakeGraphStore { url, served }
    }

    fn served(&self) -> usize {
        self.served.load(std::sync::atomic::Ordering::SeqCst)
    }
}

/// What Virtuoso 7 answers a PUT it chose as a deadlock's victim.
const DEADLOCK: &str = "SPARQL Graph Protocol request failed HTTP/1.1 500 Request Failed Error 40001 SR172: Transaction deadlocked";

#[test]
fn push_sends_again_a_graph_refused_for_a_deadlock_and_stops_at_other_errors() {
    let (_dir, store) = wikinews_store();

    // Two deadlocks, then the same PUT goes in: all 25 graphs sent.
    let server = FakeGraphStore::start(vec![(500, DEADLOCK), (500, DEADLOCK)]);
    let err = ok(&push(
        &store,
        &server.url,
        &server.url,
        &["--jobs", "1", "--retries", "2"],
    ));
    assert!(err.contains("sent 25 graph(s)"), "{err}");
    assert_eq!(server.served(), 27);

    // Three in a row are more than --retries 2 allows: the push stops, and
    // the message quotes the server.
    let (err, served) = failed_push(&store, vec![(500, DEADLOCK); 3]);
    assert!(
        err.contains("after 3 attempt(s)") && err.contains("SR172"),
        "{err}"
    );
    assert_eq!(served, 3);

    // Any other server error stops it at once.
    let (err, served) = failed_push(&store, vec![(500, "SR008: something else went wrong")]);
    assert!(
        err.contains("refused PUT") && err.contains("SR008"),
        "{err}"
    );
    assert_eq!(served, 1);
}

/// A push of all of `store` with one job and two retries to a stand-in
/// server giving `answers` first, checked to fail: its standard error and the
/// number of requests the server answered.
fn failed_push(store: &Path, answers: Vec<(u16, &'static str)>) -> (String, usize) {
    let server = FakeGraphStore::start(answers);
    let out = push(
        store,
        &server.url,
        &server.url,
        &["--all", "--jobs", "1", "--retries", "2"],
    );
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(1), "{err}");
    (err, server.served())
}

/// `kgraph ingest --endpoint` of the Wikinews articles, run in an empty
/// directory: its standard error, once checked that all went in and that no
/// local store was made.
fn ingest_endpoint(endpoint: &str, graph_store: &str) -> String {
    let work = tempfile::tempdir().expect("temp dir");
    let out = Command::new(KGRAPH)
        .current_dir(work.path())
        .args([
            "ingest",
            "--endpoint",
            endpoint,
            "--graph-store",
            graph_store,
        ])
        .arg(wikinews())
        .output()
        .expect("kgraph runs");
    let err = ok(&out);
    assert!(err.contains("24 document(s) ingested"), "{err}");
    assert!(!work.path().join("kgraph.db").exists(), "no local store");
    err
}

#[test]
fn push_and_ingest_endpoint_work_with_oxigraph_server() {
    let server = OxigraphServer::start();
    let (_dir, store) = wikinews_store();
    let err = ok(&push(
        &store,
        &server.endpoint(),
        &server.graph_store(),
        &["--verify"],
    ));
    assert!(err.contains("sent 25 graph(s)"), "{err}");
    assert_eq!(remote_counts(&server.endpoint()), local_counts(&store));
    let err = ok(&push(
        &store,
        &server.endpoint(),
        &server.graph_store(),
        &[],
    ));
    assert!(err.contains("sent 0 graph(s)"), "{err}");

    // ingest --endpoint writes straight to a remote store: the same graphs
    // as a local ingest (ingest times aside), and nothing local.
    let other = OxigraphServer::start();
    let err = ingest_endpoint(&other.endpoint(), &other.graph_store());
    assert!(err.contains(&other.graph_store()), "{err}");
    assert_eq!(remote_counts(&other.endpoint()), local_counts(&store));

    // A wrong Graph Store URL is refused with the server's answer, naming the graph.
    let out = push(&store, &server.endpoint(), &server.endpoint(), &["--all"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("refused PUT of graph <https://w3id.org/kgraph/")
            && err.contains(">: HTTP 404: "),
        "{err}"
    );
    // An unreachable one: retried, then a clear error.
    let port = free_port();
    let out = push(
        &store,
        &format!("http://127.0.0.1:{port}/query"),
        &format!("http://127.0.0.1:{port}/store"),
        &["--retries", "1"],
    );
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("cannot reach") && err.contains("after 2 attempt(s)"),
        "{err}"
    );
}

#[test]
fn ingest_endpoint_writes_to_virtuoso() {
    let virtuoso = Virtuoso::start(20_000);
    let (_dir, store) = wikinews_store();
    ingest_endpoint(&virtuoso.endpoint(), &virtuoso.graph_store());
    assert_eq!(remote_counts(&virtuoso.endpoint()), local_counts(&store));
}
