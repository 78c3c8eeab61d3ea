//! What a new user met first, through the `kgraph` binary: query output
//! that parses back, one-line SPARQL errors, predeclared prefixes, what a
//! directory holds, nothing to ingest, no store left by a failed ingest, a
//! bare `extract` at a terminal, help with examples, the Turtle export's
//! order and `--no-provenance`, `--infer` and what `stats` counts. On the
//! bundled Wikinews articles (CC BY 2.5, see tests/data/wikinews/SOURCES.md).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Output;

use kgraph_testkit::run::{ok as run_ok, run};

const KGRAPH: &str = env!("CARGO_BIN_EXE_kgraph");

fn article(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/wikinews")
        .join(format!("{name}.txt"))
}

fn s(p: &Path) -> &str {
    p.to_str().expect("UTF-8 path")
}

fn ok(args: &[&str]) -> String {
    run_ok(KGRAPH, args, None)
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A store of `articles`, ingested with `extra` flags.
fn store(dir: &Path, articles: &[&str], extra: &[&str]) -> PathBuf {
    std::fs::create_dir_all(dir).unwrap();
    let store = dir.join("db");
    let paths: Vec<PathBuf> = articles.iter().map(|a| article(a)).collect();
    let mut args = vec!["ingest", "--store", s(&store)];
    args.extend(paths.iter().map(|p| s(p)));
    args.extend(extra);
    ok(&args);
    store
}

/// The rows of a one-column table (header and rule left out).
fn column(table: &str) -> Vec<String> {
    table.lines().skip(2).map(|l| l.trim().to_owned()).collect()
}

#[test]
fn query_prints_names_that_a_query_takes_back() {
    let dir = tempfile::tempdir().unwrap();
    let store = store(dir.path(), &["wn-afghan-robotics-team"], &[]);
    let people = column(&ok(&[
        "query",
        "--store",
        s(&store),
        "SELECT DISTINCT ?p WHERE { ?p a kg:Person } ORDER BY ?p",
    ]));
    assert!(people.len() >= 3, "{people:?}");
    for p in &people {
        // The printed form, pasted into a query, names the same node.
        let asked = format!("ASK {{ {p} a kg:Person }}");
        assert_eq!(
            ok(&["query", "--store", s(&store), &asked]).trim(),
            "true",
            "{p}"
        );
    }
    assert!(people.iter().all(|p| p.starts_with("kgr:")), "{people:?}");
    // The predeclared prefixes are there for the query's own use.
    for prefix in [
        "kgr", "schema", "wdt", "dcterms", "skos", "prov", "nif", "owl", "xsd",
    ] {
        let q = format!("SELECT ?x WHERE {{ ?x a {prefix}:Thing }} LIMIT 1");
        ok(&["query", "--store", s(&store), &q]);
    }
    let help = ok(&["query", "--help"]);
    for prefix in [
        "kg:", "kgr:", "wd:", "rdfs:", "owl:", "xsd:", "nif:", "prov:", "skos:", "schema:",
    ] {
        assert!(help.contains(prefix), "{prefix} not in\n{help}");
    }
}

#[test]
fn a_sparql_error_is_one_line_with_where_and_what() {
    let dir = tempfile::tempdir().unwrap();
    let store = store(dir.path(), &["wn-new-zealand-flag"], &[]);
    let out = run(
        KGRAPH,
        &[
            "query",
            "--store",
            s(&store),
            "SELECT ?p WHERE {\n ?p a foo:Person }",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("line 2, column 7") && err.contains("'foo:' is not declared"),
        "{err}"
    );
    let out = run(
        KGRAPH,
        &[
            "query",
            "--store",
            s(&store),
            "SELECT ?p WHERE { ?p a kg:Person",
        ],
        None,
    );
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("line 1, column 17: the '{' opened here is not closed: a '}' is missing")
            && !err.contains("\\u{"),
        "{err}"
    );
}

/// The (subject, object) pairs a query of two variables gives.
fn pairs(store: &Path, query: &str) -> BTreeSet<(String, String)> {
    ok(&["query", "--store", s(store), "--format", "tsv", query])
        .lines()
        .skip(1)
        .filter_map(|l| l.split_once('\t'))
        .map(|(a, b)| (a.to_owned(), b.to_owned()))
        .collect()
}

#[test]
fn infer_writes_parent_properties_that_the_path_query_finds_without_it() {
    let dir = tempfile::tempdir().unwrap();
    let articles = ["wn-hong-kong-legco-election", "wn-afghan-robotics-team"];
    let plain = store(&dir.path().join("plain"), &articles, &[]);
    let inferred = store(&dir.path().join("inferred"), &articles, &["--infer"]);
    let direct = "SELECT DISTINCT ?s ?o WHERE { ?s kg:affiliatedWith ?o }";
    let path =
        "SELECT DISTINCT ?s ?o WHERE { ?s ?p ?o . ?p rdfs:subPropertyOf* kg:affiliatedWith }";
    let members = pairs(&plain, "SELECT DISTINCT ?s ?o WHERE { ?s kg:memberOf ?o }");
    assert!(!members.is_empty());
    // Without --infer, only the path query finds the members.
    assert!(!members.is_subset(&pairs(&plain, direct)));
    let by_path = pairs(&plain, path);
    assert!(members.is_subset(&by_path));
    // With it, the plain query finds what the path query found.
    assert_eq!(pairs(&inferred, direct), by_path);
    let participants = "SELECT DISTINCT ?s ?o WHERE { ?s kg:participant ?o }";
    let winners = pairs(&inferred, "SELECT DISTINCT ?s ?o WHERE { ?s kg:winner ?o }");
    assert!(!winners.is_empty() && winners.is_subset(&pairs(&inferred, participants)));
    // extract --infer writes the same parents.
    let turtle = ok(&["extract", s(&article(articles[0])), "--infer"]);
    assert!(turtle.contains("kg:participant"), "no kg:participant");
}

#[test]
fn stats_says_what_it_counts_and_distinct_triples_are_what_export_writes() {
    let dir = tempfile::tempdir().unwrap();
    // Two articles that name the United States: shared triples.
    let store = store(
        dir.path(),
        &["wn-ahmed-mohamed-clock", "wn-afghan-robotics-team"],
        &[],
    );
    let stats: serde_json::Value =
        serde_json::from_str(&ok(&["stats", "--store", s(&store), "--format", "json"])).unwrap();
    let exported = ok(&["export", "--store", s(&store), "--format", "ntriples"]);
    let distinct = stats["distinct_triples"].as_u64().unwrap();
    assert_eq!(distinct, exported.lines().count() as u64);
    assert!(stats["triples"].as_u64().unwrap() > distinct);
    // Subclasses are shown under their class, each with its own count.
    let table = ok(&["stats", "--store", s(&store)]);
    let kinds: Vec<&str> = table
        .lines()
        .filter_map(|l| l.strip_prefix("entities   "))
        .collect();
    let org = kinds
        .iter()
        .position(|k| k.starts_with("kg:Organization "))
        .expect("organizations");
    assert!(kinds[org + 1].starts_with("  kg:"), "{table}");
    assert!(
        table.contains("distinct (as export writes them)"),
        "{table}"
    );
}

#[test]
fn a_directory_holds_documents_and_says_what_it_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let news = dir.path().join("news");
    std::fs::create_dir_all(news.join("more")).unwrap();
    std::fs::write(
        news.join("README.md"),
        "# How to use these files\n\nRead them.\n",
    )
    .unwrap();
    std::fs::write(news.join("paper.pdf"), "%PDF-1.4 not a text").unwrap();
    std::fs::copy(article("wn-new-zealand-flag"), news.join("more/flag.txt")).unwrap();
    std::fs::write(
        news.join("corpus.jsonl"),
        "{\"text\": \"Angela Merkel spoke in Berlin on Monday.\", \"id\": \"m1\"}\n",
    )
    .unwrap();
    let db = dir.path().join("db");
    let out = run(KGRAPH, &["ingest", s(&news), "--store", s(&db)], None);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("2 document(s) ingested"), "{err}");
    assert!(
        err.contains("2 files in the directories skipped (1 .md, 1 .pdf)") && err.contains("--ext"),
        "{err}"
    );
    // Markdown only when asked for.
    let out = run(
        KGRAPH,
        &["ingest", s(&news), "--ext", "md", "--store", s(&db)],
        None,
    );
    assert!(
        stderr(&out).contains("3 document(s) ingested"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn nothing_to_ingest_is_an_error_and_leaves_no_store() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty");
    std::fs::create_dir_all(&empty).unwrap();
    std::fs::write(empty.join("scan.pdf"), "%PDF").unwrap();
    let db = dir.path().join("db");
    for args in [
        vec!["ingest", s(&empty)],
        vec!["ingest", "no-such-file.txt"],
    ] {
        let mut args = args.clone();
        args.extend(["--store", s(&db)]);
        let out = run(KGRAPH, &args, None);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {}", stderr(&out));
        assert!(!db.exists(), "{args:?} left a store behind");
    }
    let out = run(KGRAPH, &["ingest", s(&empty), "--store", s(&db)], None);
    assert!(
        stderr(&out).contains("nothing to ingest") && stderr(&out).contains("1 .pdf"),
        "{}",
        stderr(&out)
    );
    let out = run(KGRAPH, &["extract", s(&empty)], None);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("nothing to extract"),
        "{}",
        stderr(&out)
    );
    // An existing store stays, whatever happens.
    ok(&[
        "ingest",
        s(&article("wn-new-zealand-flag")),
        "--store",
        s(&db),
    ]);
    let out = run(KGRAPH, &["ingest", s(&empty), "--store", s(&db)], None);
    assert_eq!(out.status.code(), Some(1));
    assert!(db.exists());
}

#[test]
fn a_bare_extract_at_a_terminal_shows_its_usage_and_a_pipe_is_read() {
    // `script` (util-linux) gives the command a terminal for standard input.
    let command = format!("{KGRAPH} extract < /dev/tty");
    let out = run("script", &["-qec", &command, "/dev/null"], None);
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(
        shown.contains("Usage: kgraph extract") && shown.contains("Examples:"),
        "{shown}"
    );
    assert_eq!(out.status.code(), Some(2), "{shown}");
    let turtle = run_ok(
        KGRAPH,
        &["extract", "--format", "ntriples"],
        Some("Angela Merkel met Emmanuel Macron in Paris."),
    );
    assert!(turtle.contains("person/angela-merkel"), "{turtle}");
}

#[test]
fn help_says_what_each_option_does_with_examples() {
    let top = ok(&["--help"]);
    let push = top
        .lines()
        .find(|l| l.trim_start().starts_with("push "))
        .expect("push in the help");
    assert_eq!(push.matches(". ").count(), 0, "one sentence: {push}");
    for command in [
        "extract", "ingest", "push", "query", "export", "stats", "entities", "eval", "serve",
        "remove",
    ] {
        let help = ok(&[command, "--help"]);
        assert!(
            help.contains("Examples:"),
            "{command} --help has no examples"
        );
        if command != "ingest" {
            assert!(
                !help.contains("created"),
                "{command}: --store says it creates: {help}"
            );
        }
    }
    let ingest = ok(&["ingest", "--help"]);
    let timeout = ingest
        .split("--timeout")
        .nth(1)
        .and_then(|rest| rest.split("\n      --").next())
        .expect("--timeout");
    assert!(timeout.contains("--endpoint"), "{timeout}");
}

#[test]
fn export_puts_entities_and_facts_first_and_can_leave_provenance_out() {
    let dir = tempfile::tempdir().unwrap();
    let store = store(dir.path(), &["wn-afghan-robotics-team"], &[]);
    let turtle = ok(&["export", "--store", s(&store)]);
    let subjects: Vec<&str> = turtle.lines().filter(|l| l.starts_with('<')).collect();
    let first_document = subjects
        .iter()
        .position(|l| l.contains("kg:Document"))
        .expect("a document");
    let last_entity = subjects
        .iter()
        .rposition(|l| {
            [
                "kg:Person",
                "kg:Organization",
                "kg:Country",
                "kg:Place",
                "kg:Event",
            ]
            .iter()
            .any(|t| l.contains(t))
        })
        .expect("entities");
    assert!(last_entity < first_document, "{turtle}");
    assert!(subjects[0].contains(" a kg:"), "{}", subjects[0]);

    let facts = ok(&["export", "--store", s(&store), "--no-provenance"]);
    let body: String = facts
        .lines()
        .filter(|l| !l.starts_with("@prefix"))
        .collect::<Vec<_>>()
        .join("\n");
    for bookkeeping in [
        "nif:",
        "kg:Document",
        "kg:mentionedIn",
        "kg:denotes",
        "rdf:Statement",
        "kg:statedIn",
        "kg:rule",
        "kg:confidence",
    ] {
        assert!(!body.contains(bookkeeping), "{bookkeeping} in\n{facts}");
    }
    for fact in ["kg:Person", "kg:leaderOf", "kg:participant", "kg:location"] {
        assert!(facts.contains(fact), "{fact} not in\n{facts}");
    }
    // The evidence is most of a graph even without the mentions.
    assert!(turtle.contains("rdf:Statement") && turtle.contains("kg:statedIn"));
    assert!(facts.lines().count() * 2 < turtle.lines().count());
}

#[test]
fn a_title_from_the_text_is_cut_at_a_word() {
    let sentence = "Officials said on Monday that the ministry manipulates the results of \
                    the national census, according to three people who spoke on condition of anonymity.";
    let turtle = run_ok(KGRAPH, &["extract"], Some(sentence));
    let title = turtle
        .lines()
        .find_map(|l| l.trim().strip_prefix("kg:title \""))
        .and_then(|t| t.split('"').next())
        .expect("a title");
    assert!(
        title.ends_with('…') && title.chars().count() <= 81,
        "{title}"
    );
    let words: Vec<&str> = sentence.split_whitespace().collect();
    for w in title.trim_end_matches('…').split_whitespace() {
        assert!(words.contains(&w), "'{w}' is cut in '{title}'");
    }
}

#[test]
fn a_pipe_is_read_by_ingest_and_query_and_cells_stay_on_their_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    // ingest with no path reads the pipe, as extract does.
    let out = run(
        KGRAPH,
        &["ingest", "--store", s(&db)],
        Some("Lee Cheuk-yan of the Labour Party spoke in Hong Kong on Monday."),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    // A query from standard input, `-`.
    let titles = run_ok(
        KGRAPH,
        &["query", "--store", s(&db), "-"],
        Some("SELECT ?t WHERE { ?d kg:title ?t }"),
    );
    assert!(
        titles.contains("Lee Cheuk-yan of the Labour Party"),
        "{titles}"
    );
    // A value with a line break is one row: the break written as \n.
    let text = ok(&[
        "query",
        "--store",
        s(&db),
        "SELECT ?s WHERE { ?d nif:isString ?s }",
    ]);
    assert_eq!(text.lines().count(), 3, "{text}");
    // A parent with no statement of its own still heads its children.
    let table = ok(&["stats", "--store", s(&db)]);
    let lines: Vec<&str> = table.lines().collect();
    let member = lines
        .iter()
        .position(|l| l.contains("  kg:memberOf"))
        .expect("memberOf");
    assert!(
        lines[member - 1].contains("kg:affiliatedWith") && lines[member - 1].ends_with(" 0"),
        "{table}"
    );
    // A mistake people make in SPARQL, said in plain words.
    for (query, said) in [
        (
            "SELECT ?x WHERE { ?x a kgr:person/lee-cheuk-yan }",
            "a '/' in a prefixed name is written '\\/'",
        ),
        (
            "SELECT ?n WHERE { ?p rdfs:label ?n . FILTER(CONTAINS(?n, \"a\") }",
            "'}' closes the '('",
        ),
        (
            "SELCT ?x WHERE { ?x a kg:Person }",
            "found 'SELCT' where the query starts",
        ),
    ] {
        let out = run(KGRAPH, &["query", "--store", s(&db), query], None);
        assert_eq!(out.status.code(), Some(1));
        assert!(stderr(&out).contains(said), "{query}: {}", stderr(&out));
        assert_eq!(stderr(&out).lines().count(), 1, "{}", stderr(&out));
    }
}
