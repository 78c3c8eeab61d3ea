//! Reliability under faults, through the `kgraph` binary: an ingest killed
//! with SIGKILL at random moments, a full disk, a read-only file system and a
//! missing parent directory. Each checks that the store still opens, that
//! every document in it is whole, and that running again finishes the job.
//!
//! The disk faults run in a mount namespace of their own (`unshare`, from
//! util-linux) on a small tmpfs, so they need no real disk to fill and leave
//! nothing mounted behind them.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::Instant;

use kgraph_testkit::editions;

const KGRAPH: &str = env!("CARGO_BIN_EXE_kgraph");

/// The line every stored document has that extraction does not write.
const INGESTED_AT: &str = "ontology#ingestedAt";

fn kgraph(args: &[&str]) -> Output {
    Command::new(KGRAPH)
        .args(args)
        .env_remove("KGRAPH_STORE")
        .output()
        .expect("kgraph runs")
}

fn s(p: &Path) -> &str {
    p.to_str().expect("UTF-8 path")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// N-Quads lines by graph, the ingestion time left out.
fn by_graph(nquads: &str) -> BTreeMap<String, BTreeSet<String>> {
    let mut graphs: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for line in nquads.lines().filter(|l| !l.contains(INGESTED_AT)) {
        let graph = line.rsplit(' ').nth(1).expect("a quad").to_owned();
        let fresh = graphs.entry(graph).or_default().insert(line.to_owned());
        assert!(fresh, "a quad twice: {line}");
    }
    graphs
}

/// Each document graph of the store at `store`, which must open: the number
/// of them, after checking that each equals a fresh extraction of its
/// document (so none is partial) and names no graph extraction does not make.
fn check_store(store: &Path, expected: &BTreeMap<String, BTreeSet<String>>) -> usize {
    let out = kgraph(&["export", "--format", "nquads", "--store", s(store)]);
    assert!(
        out.status.success(),
        "the store does not open: {}",
        stderr(&out)
    );
    let stored = by_graph(&String::from_utf8(out.stdout).expect("UTF-8"));
    let mut documents = 0;
    for (graph, quads) in &stored {
        if graph.contains("kgraph/ontology") {
            continue;
        }
        let want = expected
            .get(graph)
            .unwrap_or_else(|| panic!("graph {graph} is no document of the corpus"));
        assert!(
            quads == want,
            "graph {graph} is partial or differs: {} quads stored, {} extracted",
            quads.len(),
            want.len()
        );
        documents += 1;
    }
    // Every stored document has its ingestion time: none lost its metadata.
    let stats = kgraph(&["stats", "--format", "json", "--store", s(store)]);
    assert!(stats.status.success(), "{}", stderr(&stats));
    let stats: serde_json::Value = serde_json::from_slice(&stats.stdout).expect("JSON");
    assert_eq!(stats["documents"], documents, "stats and export disagree");
    documents
}

/// xorshift64*: random moments that differ from run to run, printed so a
/// failing run can be repeated with KGRAPH_CRASH_SEED.
struct Random(u64);

impl Random {
    fn new() -> Self {
        let seed = std::env::var("KGRAPH_CRASH_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| {
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map(|d| d.as_nanos() as u64)
                    .unwrap_or(1)
            })
            | 1;
        eprintln!("crash test seed: {seed} (set KGRAPH_CRASH_SEED={seed} to repeat)");
        Random(seed)
    }

    /// A number in [0, 1).
    fn unit(&mut self) -> f64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// A JSON Lines corpus of `n` distinct articles in `dir`, and what a fresh
/// extraction makes of each: a whole graph, by graph name.
fn corpus(dir: &Path, n: usize) -> (std::path::PathBuf, BTreeMap<String, BTreeSet<String>>) {
    let corpus = dir.join("corpus.jsonl");
    let mut file = std::io::BufWriter::new(std::fs::File::create(&corpus).expect("corpus"));
    editions::write_editions(n, &mut file);
    drop(file);
    let out = kgraph(&["extract", "--format", "nquads", "--jsonl", s(&corpus)]);
    assert!(out.status.success(), "{}", stderr(&out));
    let expected = by_graph(&String::from_utf8(out.stdout).expect("UTF-8"));
    assert_eq!(expected.len(), n);
    (corpus, expected)
}

#[test]
fn an_ingest_killed_at_random_moments_leaves_whole_documents_and_finishes_when_run_again() {
    const DOCUMENTS: usize = 2_000;
    const KILLS: usize = 4;
    let dir = tempfile::tempdir().expect("temp dir");
    let (corpus, expected) = corpus(dir.path(), DOCUMENTS);

    // An ingest run to its end, for how long one takes.
    let reference = dir.path().join("reference");
    let started = Instant::now();
    let out = kgraph(&["ingest", "--jsonl", s(&corpus), "--store", s(&reference)]);
    assert!(out.status.success(), "{}", stderr(&out));
    let mut whole = started.elapsed();
    assert_eq!(check_store(&reference, &expected), DOCUMENTS);

    // Kills at random moments of runs on one store: the first runs replace
    // what the one before wrote, the later ones go on with --resume.
    let store = dir.path().join("db");
    let mut random = Random::new();
    let mut killed = 0;
    let mut runs = 0;
    // Documents in the store before a run: a --resume run adds only the rest,
    // so its kill comes that much sooner.
    let mut stored = 0;
    while killed < KILLS {
        runs += 1;
        assert!(runs <= 6 * KILLS, "the ingest finished before each kill");
        let resume = if killed >= KILLS / 2 {
            "--resume"
        } else {
            "--jobs=2"
        };
        let left = if resume == "--resume" {
            (DOCUMENTS - stored) as f64 / DOCUMENTS as f64
        } else {
            1.0
        };
        let after = whole.mul_f64((0.05 + 0.9 * random.unit()) * left);
        let mut child = Command::new(KGRAPH)
            .args([
                "ingest",
                "--jsonl",
                s(&corpus),
                "--store",
                s(&store),
                resume,
            ])
            .env_remove("KGRAPH_STORE")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("kgraph runs");
        std::thread::sleep(after);
        if child.try_wait().expect("status").is_some() {
            // It finished first: its store is complete; start again afresh,
            // and take runs to be quicker than the first one was.
            assert_eq!(check_store(&store, &expected), DOCUMENTS);
            std::fs::remove_dir_all(&store).expect("removed");
            stored = 0;
            whole = whole.mul_f64(0.7);
            continue;
        }
        child.kill().expect("SIGKILL");
        child.wait().expect("reaped");
        killed += 1;
        let documents = check_store(&store, &expected);
        stored = documents;
        eprintln!(
            "kill {killed} ({resume}) after {:.2} s: the store opens with {documents} whole document(s)",
            after.as_secs_f64()
        );
    }

    // Running again completes the set, each document once; --resume skips
    // what is there.
    let before = check_store(&store, &expected);
    let out = kgraph(&[
        "ingest",
        "--jsonl",
        s(&corpus),
        "--store",
        s(&store),
        "--resume",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let summary = stderr(&out);
    assert!(
        summary.contains(&format!("{} document(s) ingested", DOCUMENTS - before))
            && summary.contains(&format!(", {before} already in the store, 0 failed")),
        "{summary}"
    );
    assert_eq!(check_store(&store, &expected), DOCUMENTS);
    let count = |store: &Path| {
        let q = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }";
        let out = kgraph(&["query", q, "--format", "tsv", "--store", s(store)]);
        assert!(out.status.success(), "{}", stderr(&out));
        String::from_utf8(out.stdout).expect("UTF-8")
    };
    assert_eq!(
        count(&store),
        count(&reference),
        "no duplicates, nothing missing"
    );
    // The sorted files of the bulk loads the kills cut short are gone.
    let stray: Vec<_> = std::fs::read_dir(&store)
        .expect("store")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("bulk-"))
        .collect();
    assert!(stray.is_empty(), "left behind: {stray:?}");
}

/// Runs `script` with sh in a mount namespace of its own, as its root, with
/// `$K` the kgraph binary and `$OUT` a directory for what it reports:
/// `run NAME COMMAND...` keeps the command's output, errors and exit code in
/// `$OUT/NAME.out`, `.err` and `.rc`. Returns a reader of those.
fn in_namespace(dir: &Path, script: &str) -> impl Fn(&str, &str) -> String {
    let out = dir.join("out");
    std::fs::create_dir_all(&out).expect("out");
    let prelude = r#"run() { name=$1; shift; rc=0; "$@" > "$OUT/$name.out" 2> "$OUT/$name.err" || rc=$?; echo $rc > "$OUT/$name.rc"; }"#;
    let status = Command::new("unshare")
        .args(["--map-root-user", "--mount", "sh", "-u", "-c"])
        .arg(format!("{prelude}\nset -e\n{script}"))
        .current_dir(dir)
        .env("K", KGRAPH)
        .env("OUT", &out)
        .env_remove("KGRAPH_STORE")
        .status()
        .expect("unshare (util-linux) runs");
    assert!(status.success(), "the script failed: {status}");
    move |name: &str, what: &str| {
        std::fs::read_to_string(out.join(format!("{name}.{what}")))
            .unwrap_or_else(|e| panic!("{name}.{what}: {e}"))
            .trim_end()
            .to_owned()
    }
}

/// The number of document graphs in an N-Quads export, after checking that
/// each is whole.
fn whole_documents(nquads: &str, expected: &BTreeMap<String, BTreeSet<String>>) -> usize {
    let stored = by_graph(nquads);
    let documents = stored
        .keys()
        .filter(|g| !g.contains("kgraph/ontology"))
        .count();
    for (graph, quads) in stored
        .iter()
        .filter(|(g, _)| !g.contains("kgraph/ontology"))
    {
        assert!(
            expected.get(graph) == Some(quads),
            "graph {graph} is partial or not of the corpus"
        );
    }
    documents
}

#[test]
fn a_full_disk_stops_the_ingest_with_whole_documents_and_running_again_finishes() {
    const DOCUMENTS: usize = 1_000;
    let dir = tempfile::tempdir().expect("temp dir");
    let (corpus, expected) = corpus(dir.path(), DOCUMENTS);
    // A 12 MiB file system holds a few dozen of these documents.
    let report = in_namespace(
        dir.path(),
        &format!(
            r#"mkdir mnt; mount -t tmpfs -o size=12m tmpfs mnt
run full "$K" ingest --jsonl {corpus} --store mnt/db
run kept "$K" export --format nquads --store mnt/db
ls mnt/db > "$OUT/files.out" 2>/dev/null || true
mount -o remount,size=512m mnt
run again "$K" ingest --jsonl {corpus} --store mnt/db
run all "$K" export --format nquads --store mnt/db
ls mnt/db > "$OUT/after.out""#,
            corpus = s(&corpus)
        ),
    );
    // One line naming the store and the cause, exit code 3.
    assert_eq!(report("full", "rc"), "3", "{}", report("full", "err"));
    let err = report("full", "err");
    let last = err.lines().last().unwrap_or_default();
    assert!(
        last.starts_with("kgraph: cannot write to store 'mnt/db': ")
            && last.contains("No space left on device")
            && last.contains("run the same ingest again to add them"),
        "{last}"
    );
    assert_eq!(
        err.lines().filter(|l| l.contains("No space left")).count(),
        1,
        "one error line: {err}"
    );
    // What went in is whole, and is what the error says.
    let kept = match report("kept", "rc").as_str() {
        "0" => whole_documents(&report("kept", "out"), &expected),
        _ => 0,
    };
    assert!(kept < DOCUMENTS, "the disk did not fill");
    assert!(
        last.contains(&format!("; {kept} document(s) went in whole before it")),
        "{last}"
    );
    // The failed load's files are gone; a new store that no document went
    // into is gone with them.
    if kept == 0 {
        assert_eq!(report("files", "out"), "", "an empty new store left behind");
        assert_eq!(report("kept", "rc"), "3", "{}", report("kept", "err"));
    }
    assert!(
        !report("files", "out").contains("bulk-"),
        "{}",
        report("files", "out")
    );
    // With room, the same ingest completes the set.
    assert_eq!(report("again", "rc"), "0", "{}", report("again", "err"));
    assert_eq!(whole_documents(&report("all", "out"), &expected), DOCUMENTS);
    assert!(!report("after", "out").contains("bulk-"));
}

#[test]
fn a_read_only_store_or_a_missing_parent_is_a_clear_error_and_nothing_is_written() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (corpus, expected) = corpus(dir.path(), 20);
    let report = in_namespace(
        dir.path(),
        &format!(
            r#"mkdir mnt; mount -t tmpfs -o size=64m tmpfs mnt
run first "$K" ingest --jsonl {corpus} --store mnt/db
mount -o remount,ro mnt
run write "$K" ingest --jsonl {corpus} --store mnt/db
run read "$K" export --format nquads --store mnt/db
run query "$K" query "ASK {{ ?p a kg:Person }}" --store mnt/db
run missing "$K" ingest --jsonl {corpus} --store nowhere/kgraph/db"#,
            corpus = s(&corpus)
        ),
    );
    assert_eq!(report("first", "rc"), "0", "{}", report("first", "err"));
    // Writing: one line, exit code 3, and what still works.
    assert_eq!(report("write", "rc"), "3");
    assert_eq!(
        report("write", "err"),
        "kgraph: cannot open store 'mnt/db': it cannot be written here (IO error: While open a file for appending: mnt/db/LOG: Read-only file system); query, export, stats and serve can still read it"
    );
    // Reading works, and the store is as it was.
    assert_eq!(report("read", "rc"), "0", "{}", report("read", "err"));
    assert_eq!(whole_documents(&report("read", "out"), &expected), 20);
    assert_eq!(report("query", "rc"), "0", "{}", report("query", "err"));
    assert!(
        report("query", "out").contains("true"),
        "{}",
        report("query", "out")
    );
    // A missing parent: named, and nothing made.
    assert_eq!(report("missing", "rc"), "3");
    assert_eq!(
        report("missing", "err"),
        "kgraph: cannot open store 'nowhere/kgraph/db': its parent directory 'nowhere/kgraph' does not exist (create it, or use another --store)"
    );
    assert!(!dir.path().join("nowhere").exists());
}

#[test]
fn a_store_directory_without_write_permission_is_a_clear_error_and_still_reads() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("temp dir");
    let (corpus, expected) = corpus(dir.path(), 5);
    let store = dir.path().join("db");
    let out = kgraph(&["ingest", "--jsonl", s(&corpus), "--store", s(&store)]);
    assert!(out.status.success(), "{}", stderr(&out));
    // Resuming a finished ingest writes nothing.
    let again = kgraph(&[
        "ingest",
        "--jsonl",
        s(&corpus),
        "--store",
        s(&store),
        "--resume",
    ]);
    assert!(
        again.status.success()
            && stderr(&again)
                .contains("0 document(s) ingested (0 triples), 5 already in the store"),
        "{}",
        stderr(&again)
    );
    // Root writes anywhere: as root, run kgraph as nobody on root's store;
    // as anyone else, take the write permission away.
    let root = Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.starts_with(b"0\n"));
    // A copy of the binary nobody can run wherever the build is.
    let binary = dir.path().join("kgraph");
    std::fs::copy(KGRAPH, &binary).expect("copied");
    let as_user = |args: &[&str]| -> Output {
        let mut cmd = if root {
            let mut c = Command::new("setpriv");
            c.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
                .arg(&binary);
            c
        } else {
            Command::new(KGRAPH)
        };
        cmd.args(args)
            .env_remove("KGRAPH_STORE")
            .output()
            .expect("kgraph runs")
    };
    let mode = |path: &Path, mode: u32| {
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).expect("chmod");
    };
    if root {
        // nobody must reach the binary, the corpus and the store.
        mode(dir.path(), 0o755);
    } else {
        mode(&store, 0o555);
    }
    let out = as_user(&["ingest", "--jsonl", s(&corpus), "--store", s(&store)]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert_eq!(
        stderr(&out).trim_end(),
        format!(
            "kgraph: cannot open store '{0}': it cannot be written here (IO error: While open a file for appending: {0}/LOG: Permission denied); query, export, stats and serve can still read it",
            store.display()
        )
    );
    let out = as_user(&["export", "--format", "nquads", "--store", s(&store)]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        whole_documents(&String::from_utf8_lossy(&out.stdout), &expected),
        5
    );
    mode(&store, 0o755);
}
