//! Identity across documents through the `kgraph` binary, on constructed
//! articles (our own sentences): a surname joins the one person of that
//! name, an acronym its expansion, one name of two countries' parties is
//! two nodes; two stories' own protests of one day, place and organizer are
//! linked by `kg:sameEventAs`; the store ends the same whatever the order of the documents
//! and the number of jobs; re-ingesting changes nothing; removing a
//! document takes back what it alone made; the split test (`eval --split`)
//! adds up and lists what it missed.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const KGRAPH: &str = env!("CARGO_BIN_EXE_kgraph");
const BASE: &str = "https://w3id.org/kgraph/id/";

/// The constructed articles, by file name.
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
        "party-hk.txt",
        "Hong Kong's Democratic Party said on Sunday that it would boycott the vote. \
         The party's chairman spoke to reporters in Hong Kong.",
    ),
    (
        "party-us.txt",
        "American Senator Elizabeth Warren, a member of the Democratic Party, spoke in \
         Washington on Monday about the budget.",
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
    (
        "protest-a.txt",
        "Thousands joined nationwide protests organized by the PSUV in Caracas on July 29, 2024.",
    ),
    (
        "protest-b.txt",
        "Police watched nationwide protests organized by the PSUV in Caracas on July 29, 2024, \
         officials said.",
    ),
    (
        "protest-c.txt",
        "Thousands joined nationwide protests organized by the PSUV in Caracas on August 3, 2024.",
    ),
];

struct Dir(PathBuf);

impl Drop for Dir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn tmp(name: &str) -> Dir {
    let dir = std::env::temp_dir().join(format!("kgraph-identity-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    Dir(dir)
}

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
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

/// Writes the stories into `dir`; their paths, in `STORIES`' order.
fn write_stories(dir: &Path) -> Vec<PathBuf> {
    STORIES
        .iter()
        .map(|(name, text)| {
            let path = dir.join(name);
            std::fs::write(&path, text).expect("write");
            path
        })
        .collect()
}

fn s(p: &Path) -> &str {
    p.to_str().expect("UTF-8 path")
}

/// The store's N-Quads but the ingestion times, sorted.
fn exported(store: &Path) -> BTreeSet<String> {
    ok(&["export", "--format", "nquads"], Some(store))
        .lines()
        .filter(|l| !l.contains("ontology#ingestedAt"))
        .map(str::to_owned)
        .collect()
}

/// `kgraph extract --format nquads` of `files` with `flags`, a line each.
fn extracted(files: &[PathBuf], flags: &[&str]) -> Vec<String> {
    let args: Vec<&str> = ["extract", "--format", "nquads"]
        .into_iter()
        .chain(flags.iter().copied())
        .chain(files.iter().map(|f| s(f)))
        .collect();
    ok(&args, None).lines().map(str::to_owned).collect()
}

/// The graph (`<IRI>`) of the document read from `file`, from N-Quads lines.
fn graph_of<'a>(lines: impl IntoIterator<Item = &'a String>, file: &str) -> String {
    lines
        .into_iter()
        .find(|l| l.contains("ontology#source>") && l.contains(file))
        .and_then(|l| l.rsplit(' ').nth(1))
        .unwrap_or_else(|| panic!("no document for {file}"))
        .to_owned()
}

/// The entity IRIs of kind `kind` that the graph of the document read
/// from `file` types, from N-Quads lines.
fn typed_in<'a>(
    nquads: impl IntoIterator<Item = &'a String>,
    file: &str,
    kind: &str,
) -> BTreeSet<String> {
    let lines: Vec<&String> = nquads.into_iter().collect();
    let graph = graph_of(lines.iter().copied(), file);
    lines
        .iter()
        .filter(|l| l.ends_with(&format!("{graph} .")) && l.contains("rdf-syntax-ns#type>"))
        .map(|l| l.split(' ').next().unwrap_or_default())
        .filter(|subject| subject.starts_with(&format!("<{BASE}{kind}/")))
        .map(|subject| {
            subject
                .trim_matches(['<', '>'])
                .trim_start_matches(BASE)
                .to_owned()
        })
        .collect()
}

#[test]
fn extract_resolves_surnames_acronyms_and_tells_two_parties_apart() {
    let dir = tmp("extract");
    let files = write_stories(&dir.0);
    let lines = extracted(&files, &[]);
    let people = typed_in(&lines, "maduro-surname.txt", "person");
    assert!(people.contains("person/nicolas-maduro"), "{people:?}");
    assert!(!people.contains("person/maduro"), "{people:?}");
    // The merge says why, in RDF.
    let record = lines
        .iter()
        .filter(|l| l.contains("ontology#identityRule>"))
        .find(|l| l.contains("identity:surname"));
    assert!(record.is_some(), "no identity:surname record");
    assert!(lines
        .iter()
        .any(|l| l.contains("ontology#localIri>") && l.contains("person/maduro\"^^")));
    // The acronym in one story is the party its expansion names in another.
    let acronym = typed_in(&lines, "psuv-acronym.txt", "organization");
    assert!(
        acronym.contains("organization/united-socialist-party-of-venezuela"),
        "{acronym:?}"
    );
    // Hong Kong's Democratic Party and the US one are two nodes.
    let hk = typed_in(&lines, "party-hk.txt", "organization");
    let us = typed_in(&lines, "party-us.txt", "organization");
    let hk: Vec<_> = hk
        .iter()
        .filter(|o| o.contains("democratic-party"))
        .collect();
    let us: Vec<_> = us
        .iter()
        .filter(|o| o.contains("democratic-party"))
        .collect();
    // Each is keyed by its country: the relation classifier gives the US
    // party the country of its "American" member's story.
    assert_eq!(hk, ["organization/democratic-party-hk"]);
    assert_eq!(us, ["organization/democratic-party-us"]);
    assert!(lines
        .iter()
        .any(|l| l.contains("ontology#identityRule>") && l.contains("identity:country")));
    // Each document alone: no resolution.
    let alone = extracted(&files, &["--no-resolve"]);
    assert!(typed_in(&alone, "maduro-surname.txt", "person").contains("person/maduro"));
    assert!(!alone.iter().any(|l| l.contains("ontology#identityRule>")));
}

#[test]
fn extract_obeys_a_curation_file_and_names_its_bad_line() {
    let dir = tmp("extract-curation");
    let files = write_stories(&dir.0);
    let curation = dir.0.join("curation.tsv");
    std::fs::write(
        &curation,
        "different kgr:person/maduro kgr:person/nicolas-maduro\nsame kgr:person/a\n",
    )
    .unwrap();
    let mut args = vec!["extract", "--format", "nquads", "--curation", s(&curation)];
    args.extend(files.iter().map(|f| s(f)));
    let out = kgraph(&args, None);
    assert_eq!(out.status.code(), Some(1), "a bad line fails the run");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("curation.tsv: line 2"), "{err}");
    let lines: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::to_owned)
        .collect();
    let people = typed_in(&lines, "maduro-surname.txt", "person");
    assert!(people.contains("person/maduro"), "{people:?}");
    // The acronym still joins its party: only the pair said apart is.
    let acronym = typed_in(&lines, "psuv-acronym.txt", "organization");
    assert!(
        acronym.contains("organization/united-socialist-party-of-venezuela"),
        "{acronym:?}"
    );
}

#[test]
fn the_store_ends_the_same_whatever_the_order_and_the_jobs() {
    let dir = tmp("order");
    let files = write_stories(&dir.0);
    let paths: Vec<&str> = files.iter().map(|f| s(f)).collect();
    // All at once, in order, one job.
    let a = dir.0.join("a");
    ok(
        &[&["ingest", "--jobs", "1"], paths.as_slice()].concat(),
        Some(&a),
    );
    let first = exported(&a);
    // Reversed, two jobs.
    let b = dir.0.join("b");
    let reversed: Vec<&str> = paths.iter().rev().copied().collect();
    ok(
        &[&["ingest", "--jobs", "2"], reversed.as_slice()].concat(),
        Some(&b),
    );
    assert_eq!(exported(&b), first);
    // One at a time, the surname before the full name.
    let c = dir.0.join("c");
    for i in [1, 5, 7, 3, 0, 6, 2, 8, 4] {
        ok(&["ingest", paths[i]], Some(&c));
    }
    assert_eq!(exported(&c), first);
    // What extract writes for the same inputs.
    let extracted: BTreeSet<String> = ok(
        &[&["extract", "--format", "nquads"], paths.as_slice()].concat(),
        None,
    )
    .lines()
    .map(str::to_owned)
    .collect();
    assert_eq!(extracted, first);
    assert!(typed_in(&first, "maduro-surname.txt", "person").contains("person/nicolas-maduro"));
    // Ingesting a document again changes nothing.
    ok(&["ingest", paths[0], paths[1]], Some(&c));
    assert_eq!(exported(&c), first);
}

#[test]
fn removing_the_only_full_name_takes_the_merge_back() {
    let dir = tmp("remove");
    let files = write_stories(&dir.0);
    let store = dir.0.join("db");
    ok(&["ingest", s(&files[0]), s(&files[1])], Some(&store));
    let before = exported(&store);
    assert!(typed_in(&before, "maduro-surname.txt", "person").contains("person/nicolas-maduro"));
    let out = kgraph(&["remove", s(&files[0])], Some(&store));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let after = exported(&store);
    let people = typed_in(&after, "maduro-surname.txt", "person");
    assert!(people.contains("person/maduro"), "{people:?}");
    // No link, record or mention points to the removed document's node.
    assert!(
        !after.iter().any(|l| l.contains("person/nicolas-maduro")),
        "{after:#?}"
    );
    // The same graph as the surname's document ingested alone.
    let alone = dir.0.join("alone");
    ok(&["ingest", s(&files[1])], Some(&alone));
    assert_eq!(exported(&alone), after);
}

#[test]
fn entities_lists_names_counts_merges_and_the_ambiguous() {
    let dir = tmp("entities");
    let files = write_stories(&dir.0);
    let store = dir.0.join("db");
    let paths: Vec<&str> = files.iter().map(|f| s(f)).collect();
    // Mentions are counted where the store keeps them.
    let ingest = ["ingest", "--provenance", "mentions"];
    ok(&[&ingest[..], paths.as_slice()].concat(), Some(&store));
    let json: serde_json::Value =
        serde_json::from_str(&ok(&["entities", "--format", "json"], Some(&store))).unwrap();
    let rows = json.as_array().unwrap();
    let maduro = rows
        .iter()
        .find(|r| r["iri"] == format!("{BASE}person/nicolas-maduro"))
        .expect("Nicolás Maduro listed");
    assert_eq!(maduro["type"], "Person");
    assert_eq!(maduro["name"], "Nicolás Maduro");
    assert_eq!(maduro["documents"], 2);
    assert_eq!(maduro["merges"]["surname"], 1);
    assert!(maduro["names"]
        .as_array()
        .unwrap()
        .iter()
        .any(|n| n == "Maduro"));
    assert!(maduro["mentions"].as_u64().unwrap() >= 3);
    // The two Democratic Parties share a name: both ambiguous.
    let ambiguous: Vec<String> = serde_json::from_str::<serde_json::Value>(&ok(
        &["entities", "--ambiguous", "--format", "json"],
        Some(&store),
    ))
    .unwrap()
    .as_array()
    .unwrap()
    .iter()
    .map(|r| {
        r["iri"]
            .as_str()
            .unwrap()
            .trim_start_matches(BASE)
            .to_owned()
    })
    .collect();
    assert!(
        ambiguous.contains(&"organization/democratic-party-hk".to_owned()),
        "{ambiguous:?}"
    );
    assert!(
        ambiguous.contains(&"organization/democratic-party-us".to_owned()),
        "{ambiguous:?}"
    );
    assert!(!ambiguous.contains(&"person/nicolas-maduro".to_owned()));
    // Types filter; CSV has a header and a row a node.
    let people = ok(
        &["entities", "--type", "Person", "--format", "csv"],
        Some(&store),
    );
    let mut lines = people.lines();
    assert_eq!(
        lines.next(),
        Some("iri,type,name,names,documents,mentions,merges,ambiguous")
    );
    let rest: Vec<&str> = lines.collect();
    assert!(!rest.is_empty());
    assert!(rest.iter().all(|l| l.contains(",Person,")), "{rest:?}");
    assert!(rest
        .iter()
        .any(|l| l.contains("nicolas-maduro") && l.contains("surname 1")));
    let table = ok(&["entities"], Some(&store));
    assert!(table.contains("kgr:person\\/nicolas-maduro"), "{table}");
    // At the default provenance the store keeps no mention: none counted.
    let lean = dir.0.join("lean");
    ok(&[&["ingest"], paths.as_slice()].concat(), Some(&lean));
    let json: serde_json::Value =
        serde_json::from_str(&ok(&["entities", "--format", "json"], Some(&lean))).unwrap();
    let maduro = json
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["iri"] == format!("{BASE}person/nicolas-maduro"))
        .expect("Nicolás Maduro listed");
    assert_eq!(maduro["documents"], 2);
    assert!(maduro["mentions"].is_null(), "{maduro}");
}

#[test]
fn two_stories_of_one_protest_are_linked_not_merged() {
    let dir = tmp("events");
    let files = write_stories(&dir.0);
    let lines = extracted(&files, &[]);
    let graph_of = |file: &str| graph_of(&lines, file).trim_matches(['<', '>']).to_owned();
    let (a, b, c) = (
        graph_of("protest-a.txt"),
        graph_of("protest-b.txt"),
        graph_of("protest-c.txt"),
    );
    let same: Vec<&String> = lines
        .iter()
        .filter(|l| l.contains("ontology#sameEventAs>"))
        .collect();
    let event = |g: &str| format!("<{g}/event/nationwide-protests>");
    let a_to_b = format!(
        "{} <https://w3id.org/kgraph/ontology#sameEventAs> {} <{a}> .",
        event(&a),
        event(&b)
    );
    let b_to_a = format!(
        "{} <https://w3id.org/kgraph/ontology#sameEventAs> {} <{b}> .",
        event(&b),
        event(&a)
    );
    assert!(same.contains(&&a_to_b), "{same:#?}");
    assert!(same.contains(&&b_to_a), "{same:#?}");
    // Another day's protest is another happening; nothing else is linked.
    assert!(!same.iter().any(|l| l.contains(&c)), "{same:#?}");
    assert_eq!(same.len(), 2, "{same:#?}");
    // Each keeps its own node.
    assert!(lines.iter().any(|l| l.starts_with(&event(&a))));
    assert!(lines.iter().any(|l| l.starts_with(&event(&b))));
    // Removing one story takes the link back.
    let store = dir.0.join("db");
    ok(&["ingest", s(&files[6]), s(&files[7])], Some(&store));
    assert_eq!(
        exported(&store)
            .iter()
            .filter(|l| l.contains("sameEventAs"))
            .count(),
        2
    );
    ok(&["remove", s(&files[7])], Some(&store));
    assert!(!exported(&store).iter().any(|l| l.contains("sameEventAs")));
}

#[test]
fn curation_is_obeyed_kept_in_the_store_and_a_bad_line_is_named() {
    let dir = tmp("curation");
    let files = write_stories(&dir.0);
    let store = dir.0.join("db");
    // "Maduro" is said to be another man than Nicolás Maduro, and the HK
    // party the US one; one line is bad.
    let curation = dir.0.join("curation.tsv");
    std::fs::write(
        &curation,
        "# who is who\n\
         different kgr:person/maduro kgr:person/nicolas-maduro\n\
         same\tkgr:organization/democratic-party\tkgr:organization/democratic-party-hk\n\
         alike kgr:person/a kgr:person/b\n",
    )
    .unwrap();
    let paths: Vec<&str> = files.iter().map(|f| s(f)).collect();
    let out = kgraph(
        &[&["ingest", "--curation", s(&curation)], paths.as_slice()].concat(),
        Some(&store),
    );
    assert_eq!(out.status.code(), Some(1), "a bad line fails the run");
    let err = String::from_utf8_lossy(&out.stderr);
    let bad: Vec<&str> = err.lines().filter(|l| l.contains("curation.tsv")).collect();
    assert_eq!(bad.len(), 1, "{err}");
    assert!(
        bad[0].contains("line 4") && bad[0].contains("'alike'"),
        "{err}"
    );
    let check = |store: &Path| {
        let lines = exported(store);
        let people = typed_in(&lines, "maduro-surname.txt", "person");
        assert!(people.contains("person/maduro"), "{people:?}");
        let us = typed_in(&lines, "party-us.txt", "organization");
        assert!(us.contains("organization/democratic-party-hk"), "{us:?}");
        assert!(lines
            .iter()
            .any(|l| l.contains("ontology#identityRule>") && l.contains("identity:curation")));
    };
    check(&store);
    // Kept: a later ingest without the file still obeys it.
    let more = dir.0.join("more.txt");
    std::fs::write(&more, "Floods hit Caracas on Friday.").unwrap();
    ok(&["ingest", s(&more)], Some(&store));
    check(&store);
    // The curation graph is no document.
    let stats = ok(&["stats", "--format", "json"], Some(&store));
    let stats: serde_json::Value = serde_json::from_str(&stats).unwrap();
    assert_eq!(stats["documents"], STORIES.len() + 1);
}

#[test]
fn catalogs_add_names_link_ids_make_one_node_an_id_and_name_bad_lines() {
    let dir = tmp("catalog");
    let files = write_stories(&dir.0);
    let bank_a = dir.0.join("bank-a.txt");
    std::fs::write(&bank_a, "Banco Zeltrix cut its rates in Caracas on Monday.").unwrap();
    let bank_b = dir.0.join("bank-b.txt");
    std::fs::write(
        &bank_b,
        "Shares of Zeltrix Bank rose in Caracas on Tuesday.",
    )
    .unwrap();
    let csv = dir.0.join("people.csv");
    std::fs::write(
        &csv,
        "name,type,aliases,id,country,description\n\
         Nicolás Maduro,Person,Maduro,Q57413,VE,President of Venezuela\n\
         Democratic Party,Organization,,Q29552,US,\n\
         Democratic Party,Organization,,Q1141164,HK,\n\
         Banco Zeltrix,Organization,,Q900002,VE,\n\
         Broken,Planet,,Q1,,\n",
    )
    .unwrap();
    let jsonl = dir.0.join("banks.jsonl");
    std::fs::write(
        &jsonl,
        "{\"name\": \"Zeltrix Bank\", \"type\": \"Organization\", \"id\": \"Q900002\"}\n",
    )
    .unwrap();
    let store = dir.0.join("db");
    let mut args = vec!["ingest", "--catalog", s(&csv), "--catalog", s(&jsonl)];
    args.extend(files.iter().map(|f| s(f)));
    args.extend([s(&bank_a), s(&bank_b)]);
    let out = kgraph(&args, Some(&store));
    assert_eq!(out.status.code(), Some(1), "a bad line fails the run");
    let err = String::from_utf8_lossy(&out.stderr);
    let bad: Vec<&str> = err.lines().filter(|l| l.contains("people.csv")).collect();
    assert_eq!(bad.len(), 1, "{err}");
    assert!(
        bad[0].contains("line 6") && bad[0].contains("planet"),
        "{err}"
    );

    let lines = exported(&store);
    let same_as = |node: &str, id: &str| {
        lines.iter().any(|l| {
            l.starts_with(&format!("<{BASE}{node}> <http://www.w3.org/2002/07/owl#sameAs> <http://www.wikidata.org/entity/{id}>"))
        })
    };
    // The other lines loaded: linked, and one node an id.
    assert!(same_as("person/nicolas-maduro", "Q57413"));
    assert_eq!(
        typed_in(&lines, "maduro-surname.txt", "person"),
        BTreeSet::from(["person/nicolas-maduro".to_owned()])
    );
    assert!(lines.iter().any(|l| l.starts_with(&format!("<{BASE}person/nicolas-maduro> <http://www.w3.org/2000/01/rdf-schema#comment> \"President of Venezuela\"@en"))));
    assert!(typed_in(&lines, "party-hk.txt", "organization")
        .contains("organization/democratic-party-q1141164"));
    assert!(typed_in(&lines, "party-us.txt", "organization")
        .contains("organization/democratic-party-q29552"));
    assert!(same_as("organization/democratic-party-q29552", "Q29552"));
    let a = typed_in(&lines, "bank-a.txt", "organization");
    let b = typed_in(&lines, "bank-b.txt", "organization");
    assert_eq!(a, BTreeSet::from(["organization/banco-zeltrix".to_owned()]));
    assert_eq!(a, b, "one id, one node");
    assert!(lines
        .iter()
        .any(|l| l.contains("ontology#identityRule>") && l.contains("identity:same-id")));

    // A catalog that cannot be read at all stops the run before anything.
    let out = kgraph(
        &[
            "extract",
            "--catalog",
            s(&dir.0.join("none.csv")),
            s(&bank_a),
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("none.csv") && err.lines().count() == 1,
        "{err}"
    );
    let out = kgraph(&["extract", "--catalog", s(&files[0]), s(&bank_a)], None);
    assert!(String::from_utf8_lossy(&out.stderr).contains(".csv, .tsv or .jsonl"));
}

/// The split test's JSON (`eval --split --format json`) on `dir`.
fn split_json(dir: &Path, flags: &[&str]) -> serde_json::Value {
    let mut args = vec!["eval", "--gold", s(dir), "--split", "--format", "json"];
    args.extend_from_slice(flags);
    serde_json::from_str(&ok(&args, None)).expect("JSON")
}

#[test]
fn the_split_test_counts_and_lists_what_it_missed() {
    // A constructed article of two paragraphs: Angela Merkel and Paris are
    // named in both halves; "acme widgets", written in lower case, is named
    // in both but no extractor finds it; Berlin is named in one half only.
    let dir = tmp("split");
    std::fs::write(
        dir.0.join("merkel.txt"),
        "German Chancellor Angela Merkel visited Paris on Monday for talks with the \
         board of acme widgets.\n\nAngela Merkel said on Tuesday in Berlin that the talks \
         in Paris with acme widgets had gone well.\n",
    )
    .unwrap();
    let gold = serde_json::json!({
        "doc": "merkel", "published": "2024-03-05", "relations": [], "actions": [],
        "entities": [
            {"id": "e1", "type": "Person", "name": "Angela Merkel", "aliases": ["Merkel"]},
            {"id": "e2", "type": "Place", "name": "Paris", "aliases": []},
            {"id": "e3", "type": "Organization", "name": "acme widgets", "aliases": []},
            {"id": "e4", "type": "Place", "name": "Berlin", "aliases": []},
        ],
    });
    std::fs::write(dir.0.join("merkel.gold.json"), gold.to_string()).unwrap();
    let j = split_json(&dir.0, &["--show-errors"]);
    assert_eq!(j["articles"], 1, "{j}");
    let count = |kind: &str, key: &str| j["by_type"][kind][key].as_u64().unwrap();
    assert_eq!(count("Person", "named_in_both"), 1, "{j}");
    assert_eq!(count("Person", "one_iri"), 1, "{j}");
    assert_eq!(count("Place", "named_in_both"), 1, "{j}");
    assert_eq!(count("Place", "one_iri"), 1, "{j}");
    assert_eq!(count("Organization", "named_in_both"), 1, "{j}");
    assert_eq!(count("Organization", "found_in_both"), 0, "{j}");
    assert_eq!(j["entities"]["named_in_both"], 3, "{j}");
    assert_eq!(
        j["errors"],
        serde_json::json!([{
            "article": "merkel",
            "errors": ["not found in either half: Organization 'acme widgets'"],
        }]),
        "{j}"
    );
    // The table lists the same, under the article's name.
    let table = ok(
        &["eval", "--gold", s(&dir.0), "--split", "--show-errors"],
        None,
    );
    assert!(
        table.ends_with("\nmerkel:\n  not found in either half: Organization 'acme widgets'\n"),
        "{table}"
    );
    // Without --show-errors, no list.
    assert!(split_json(&dir.0, &[]).get("errors").is_none());
}

#[test]
fn the_split_test_on_the_bundled_articles_adds_up() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/wikinews");
    let j = split_json(&dir, &["--show-errors"]);
    let n = |v: &serde_json::Value, key: &str| v[key].as_u64().unwrap();
    let (mut named, mut found, mut one) = (0, 0, 0);
    for (kind, row) in j["by_type"].as_object().unwrap() {
        assert!(
            n(row, "one_iri") <= n(row, "found_in_both"),
            "{kind}: {row}"
        );
        assert!(
            n(row, "found_in_both") <= n(row, "named_in_both"),
            "{kind}: {row}"
        );
        named += n(row, "named_in_both");
        found += n(row, "found_in_both");
        one += n(row, "one_iri");
    }
    let all = &j["entities"];
    assert_eq!(
        (
            n(all, "named_in_both"),
            n(all, "found_in_both"),
            n(all, "one_iri")
        ),
        (named, found, one)
    );
    assert!(named > 50, "{j}");
    // Every entity named in both halves and not given one IRI is listed,
    // and every IRI shared by two gold entities.
    let lines: Vec<&str> = j["errors"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|a| a["errors"].as_array().unwrap())
        .map(|e| e.as_str().unwrap())
        .collect();
    let entity_misses = lines
        .iter()
        .filter(|l| l.starts_with("not found in ") || l.starts_with("two IRIs: "))
        .count() as u64;
    assert_eq!(entity_misses, named - one, "{lines:#?}");
    let shared = &j["shared_iris"];
    let wrong = lines
        .iter()
        .filter(|l| l.starts_with("one IRI, two entities: "))
        .count() as u64;
    assert_eq!(wrong, n(shared, "judged") - n(shared, "right"));
    assert!(
        n(shared, "right") <= n(shared, "judged") && n(shared, "judged") <= n(shared, "shared")
    );
}
