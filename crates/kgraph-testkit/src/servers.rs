//! Test and benchmark helpers for servers on loopback: free ports, waiting
//! for a server to answer, SPARQL counts asked with curl, and OpenLink
//! Virtuoso 7 started on a database in a temporary directory.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A loopback port nothing listens on now, and not handed out before in
/// this process: tests run in parallel, and two servers given one port would
/// see one of them fail while the other answers for both.
pub fn free_port() -> u16 {
    static GIVEN: std::sync::Mutex<Vec<u16>> = std::sync::Mutex::new(Vec::new());
    let mut given = GIVEN
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    loop {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        if !given.contains(&port) {
            given.push(port);
            return port;
        }
    }
}

/// `url` answers 200 to a GET (curl, within `secs`) while `server`, the
/// process meant to answer, runs: an answer after it exited came from another
/// server on the same port.
pub fn wait_for(url: &str, secs: u64, server: &mut Child, log: &Path) {
    let started = Instant::now();
    loop {
        let out = Command::new("curl")
            .args([
                "-s",
                "-o",
                "/dev/null",
                "-w",
                "%{http_code}",
                "-m",
                "5",
                url,
            ])
            .output()
            .expect("curl runs (apt-get install curl)");
        let exited = server.try_wait().expect("server waited on");
        assert!(
            exited.is_none(),
            "the server for {url} exited ({exited:?}); its log:\n{}",
            std::fs::read_to_string(log).unwrap_or_default()
        );
        if out.stdout == b"200" {
            return;
        }
        assert!(
            started.elapsed() < Duration::from_secs(secs),
            "the server did not come up at {url} within {secs} s; its log:\n{}",
            std::fs::read_to_string(log).unwrap_or_default()
        );
        std::thread::sleep(Duration::from_millis(250));
    }
}

/// The CSV results of a SPARQL `query` at `endpoint`, asked with curl.
pub fn sparql_csv(endpoint: &str, query: &str) -> String {
    let out = Command::new("curl")
        .args([
            "-s",
            "-f",
            "-m",
            "60",
            "-H",
            "Accept: text/csv",
            "--data-urlencode",
        ])
        .arg(format!("query={query}"))
        .arg(endpoint)
        .output()
        .expect("curl runs (apt-get install curl)");
    assert!(out.status.success(), "query at {endpoint} failed: {out:?}");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Triples per named graph of kgraph's (the documents' and the ontology's) at
/// a SPARQL endpoint.
pub fn remote_counts(endpoint: &str) -> BTreeMap<String, u64> {
    csv_counts(&sparql_csv(
        endpoint,
        "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), \"https://w3id.org/kgraph/\")) } GROUP BY ?g",
    ))
}

/// CSV results of two columns, a name and a count, as a map.
pub fn csv_counts(csv: &str) -> BTreeMap<String, u64> {
    csv.lines()
        .skip(1)
        .filter_map(|l| {
            let (g, n) = l.rsplit_once(',')?;
            Some((
                g.trim_matches('"').to_owned(),
                n.trim().trim_matches('"').parse().ok()?,
            ))
        })
        .collect()
}

/// A Virtuoso 7 server on free loopback ports; killed when dropped.
pub struct Virtuoso {
    child: Option<Child>,
    dir: tempfile::TempDir,
    sql_port: u16,
    http_port: u16,
}

impl Virtuoso {
    /// Starts a server with `buffers` 8 KB pages of cache (20,000 for tests).
    pub fn start(buffers: u32) -> Virtuoso {
        Virtuoso::start_allowing(buffers, &[])
    }

    /// As [`Virtuoso::start`], the server also allowed to read files under
    /// `dirs` (its DirsAllowed; the bulk loader's `ld_dir` reads only there).
    /// It may always read its own directory, which holds its database and is
    /// its TempDir (Virtuoso also allows its TempDir, by default /tmp).
    pub fn start_allowing(buffers: u32, dirs: &[&Path]) -> Virtuoso {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut server = Virtuoso {
            child: None,
            dir,
            sql_port: free_port(),
            http_port: free_port(),
        };
        let d = server.dir.path().display().to_string();
        let mut allowed = vec![".".to_owned(), d.clone()];
        for dir in dirs {
            let dir = dir.display().to_string();
            assert!(
                !dir.contains(','),
                "DirsAllowed is a comma-separated list: {dir}"
            );
            allowed.push(dir);
        }
        let ini = format!(
            "[Database]\nDatabaseFile = {d}/virtuoso.db\nErrorLogFile = {d}/virtuoso.log\n\
             LockFile = {d}/virtuoso.lck\nTransactionFile = {d}/virtuoso.trx\n\
             xa_persistent_file = {d}/virtuoso.pxa\nErrorLogLevel = 7\nFileExtend = 200\n\
             MaxCheckpointRemap = 2000\nStriping = 0\nTempStorage = TempDatabase\n\n\
             [TempDatabase]\nDatabaseFile = {d}/virtuoso-temp.db\n\
             TransactionFile = {d}/virtuoso-temp.trx\nMaxCheckpointRemap = 2000\nStriping = 0\n\n\
             [Parameters]\nServerPort = 127.0.0.1:{}\nNumberOfBuffers = {buffers}\n\
             MaxDirtyBuffers = {}\nCheckpointInterval = 60\nDirsAllowed = {}\nTempDir = {d}\n\
             ThreadsPerQuery = 2\nMaxQueryMem = 500M\n\n\
             [HTTPServer]\nServerPort = 127.0.0.1:{}\nServerRoot = {d}\n\
             MaxClientConnections = 8\nServerThreads = 8\nEnabledDavVSP = 0\n\n\
             [SPARQL]\nResultSetMaxRows = 1000000\nMaxQueryExecutionTime = 60\n",
            server.sql_port,
            buffers * 3 / 4,
            allowed.join(", "),
            server.http_port
        );
        std::fs::write(server.dir.path().join("virtuoso.ini"), ini).expect("ini written");
        server.run();
        // Let the anonymous SPARQL user update graphs (the plain Graph Store
        // endpoint); dba/dba logs in at the -auth one.
        let out = Command::new("isql-vt")
            .arg(format!("127.0.0.1:{}", server.sql_port))
            .args(["dba", "dba"])
            .arg("exec=GRANT SPARQL_UPDATE TO \"SPARQL\"; DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('nobody', 7);")
            .output()
            .expect("isql-vt runs (apt-get install virtuoso-opensource-7-bin)");
        assert!(out.status.success(), "isql-vt: {out:?}");
        server
    }

    /// Starts (or restarts) the server process on the database.
    pub fn run(&mut self) {
        // A lock file left by a killed server would stop the next one.
        let _ = std::fs::remove_file(self.dir.path().join("virtuoso.lck"));
        let child = Command::new("virtuoso-t")
            .arg("+foreground")
            .arg("+configfile")
            .arg(self.dir.path().join("virtuoso.ini"))
            .current_dir(self.dir.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("virtuoso-t starts (apt-get install virtuoso-opensource-7-bin)");
        let (url, log) = (
            format!("{}?query=ASK%7B%7D", self.endpoint()),
            self.dir.path().join("virtuoso.log"),
        );
        wait_for(&url, 120, self.child.insert(child), &log);
    }

    pub fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// The server's error log (what it did, at ErrorLogLevel 7).
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("virtuoso.log")).unwrap_or_default()
    }

    /// The SQL port, for `isql-vt 127.0.0.1:PORT dba dba`.
    pub fn sql_port(&self) -> u16 {
        self.sql_port
    }

    pub fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}/sparql", self.http_port)
    }

    pub fn graph_store(&self) -> String {
        format!("http://127.0.0.1:{}/sparql-graph-crud", self.http_port)
    }
}

impl Drop for Virtuoso {
    fn drop(&mut self) {
        self.kill();
    }
}
