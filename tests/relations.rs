//! The relation classifier through the `kgraph` binary: its relations with
//! their confidence and features in `--format json`, `--min-confidence`,
//! `kgraph train-relations`, and its quality on the Re-DocRED evaluation
//! fold (tests/data/redocred-fold: MIT annotations of CC BY-SA Wikipedia
//! texts, see SOURCES.md there), which no model of kgraph is trained on.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::Output;

const KGRAPH: &str = env!("CARGO_BIN_EXE_kgraph");

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

fn kgraph(args: &[&str], stdin: Option<&str>) -> Output {
    kgraph_testkit::run::run(KGRAPH, args, stdin)
}

fn ok(args: &[&str], stdin: Option<&str>) -> String {
    kgraph_testkit::run::ok(KGRAPH, args, stdin)
}

const NAMUR: &str = "Crupet is a village of the municipality of Assesse in the province of \
Namur. The village lies in the valley of the Bocq in Belgium.\n";

fn relations(json: &str) -> (serde_json::Value, Vec<serde_json::Value>) {
    let v: serde_json::Value = serde_json::from_str(json).expect("JSON");
    let r = v["relations"].as_array().expect("relations").clone();
    (v, r)
}

fn name_of(v: &serde_json::Value, id: &str) -> String {
    v["entities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == id)
        .and_then(|e| e["name"].as_str())
        .unwrap_or_default()
        .to_owned()
}

#[test]
fn the_classifier_finds_a_country_sentences_away_and_shows_why() {
    let (v, rels) = relations(&ok(&["extract", "--format", "json", "-"], Some(NAMUR)));
    let found: Vec<&serde_json::Value> = rels
        .iter()
        .filter(|r| r["rule"] == "model:relations")
        .collect();
    let pairs: Vec<(String, String, String)> = found
        .iter()
        .map(|r| {
            (
                name_of(&v, r["s"].as_str().unwrap()),
                r["p"].as_str().unwrap().to_owned(),
                name_of(&v, r["o"].as_str().unwrap()),
            )
        })
        .collect();
    assert!(
        pairs.contains(&("Namur".into(), "country".into(), "Belgium".into())),
        "{pairs:?}"
    );
    for r in found {
        let confidence = r["confidence"].as_f64().unwrap();
        assert!(confidence > 0.5 && confidence < 1.0, "{r}");
        let features = r["features"].as_array().expect("features");
        assert!(!features.is_empty() && features.len() <= 6, "{r}");
        // Each a name and a weight, the largest weight first.
        let weights: Vec<f64> = features
            .iter()
            .map(|f| f[1].as_f64().unwrap().abs())
            .collect();
        assert!(weights.windows(2).all(|w| w[0] >= w[1]), "{r}");
        assert!(features.iter().all(|f| f[0].as_str().is_some()), "{r}");
    }
    // The rules' relations carry no features.
    let rule_only = ok(
        &["extract", "--format", "json", "-"],
        Some("Venezuelan Interior Minister Diosdado Cabello spoke.\n"),
    );
    let (_, rels) = relations(&rule_only);
    assert!(!rels.is_empty());
    assert!(rels.iter().all(|r| r.get("features").is_none()), "{rels:?}");
}

#[test]
fn a_subject_gets_one_country_and_none_besides_a_rules() {
    // "Namur, Belgium": the rules give Namur its country; the classifier
    // adds no second one for Namur, though France is named too.
    let text = "Dinant is a city in the province of Namur, Belgium. \
It lies near France.\n";
    let (v, rels) = relations(&ok(&["extract", "--format", "json", "-"], Some(text)));
    let countries: Vec<(String, String)> = rels
        .iter()
        .filter(|r| r["p"] == "country")
        .map(|r| {
            (
                name_of(&v, r["s"].as_str().unwrap()),
                r["rule"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let mut subjects: Vec<&String> = countries.iter().map(|(s, _)| s).collect();
    let all = subjects.len();
    subjects.dedup();
    assert_eq!(subjects.len(), all, "{countries:?}");
}

#[test]
fn min_confidence_leaves_out_what_is_less_sure() {
    let all = ok(&["extract", "--format", "json", "-"], Some(NAMUR));
    let (_, all) = relations(&all);
    let least = all
        .iter()
        .map(|r| r["confidence"].as_f64().unwrap())
        .fold(f64::INFINITY, f64::min);
    assert!(least.is_finite() && least < 0.95, "{all:?}");
    let some = ok(
        &[
            "extract",
            "--format",
            "json",
            "--min-confidence",
            "0.95",
            "-",
        ],
        Some(NAMUR),
    );
    let (_, some) = relations(&some);
    assert!(some.len() < all.len(), "{some:?}");
    assert!(some
        .iter()
        .all(|r| r["confidence"].as_f64().unwrap() >= 0.95));
    let bad = kgraph(&["extract", "--min-confidence", "1.5", "-"], Some(NAMUR));
    assert!(!bad.status.success());
    let err = String::from_utf8_lossy(&bad.stderr);
    assert!(err.contains("'1.5' is not a confidence"), "{err}");
}

/// The quality main has reached on the Re-DocRED evaluation fold. Raise these
/// as extraction improves; never lower them to make a change pass.
const FOLD_RELATION_F1_FLOOR: f64 = 0.371;
const FOLD_COUNTRY_F1_FLOOR: f64 = 0.447;
const FOLD_OTHER_F1_FLOOR: f64 = 0.234;

#[test]
fn eval_on_the_redocred_fold_stays_above_the_recorded_level() {
    let json = ok(
        &[
            "eval",
            "--gold",
            data("redocred-fold").to_str().unwrap(),
            "--format",
            "json",
        ],
        None,
    );
    let v: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    assert_eq!(v["documents"].as_array().map(Vec::len), Some(100));
    let f1 = |p: &str| v["relations"][p]["f1"].as_f64().expect(p);
    let micro = v["relations"]["micro"]["f1"].as_f64().unwrap();
    assert!(
        micro >= FOLD_RELATION_F1_FLOOR,
        "relation F1 fell to {micro}"
    );
    assert!(f1("country") >= FOLD_COUNTRY_F1_FLOOR, "{}", f1("country"));
    // The properties other than country, micro-averaged.
    let (mut tp, mut fp, mut fn_) = (0.0, 0.0, 0.0);
    for (p, s) in v["relations"].as_object().unwrap() {
        if p.starts_with("micro") || p == "country" {
            continue;
        }
        tp += s["tp"].as_f64().unwrap();
        fp += s["fp"].as_f64().unwrap();
        fn_ += s["fn"].as_f64().unwrap();
    }
    let other = 2.0 * tp / (2.0 * tp + fp + fn_);
    assert!(
        other >= FOLD_OTHER_F1_FLOOR,
        "F1 of the other properties fell to {other}"
    );
}

/// Writes a gold document `name` of a party and its country.
fn party_document(dir: &Path, name: &str, party: &str, country: &str, other: &str) {
    let text = format!(
        "The {party} Party is a political party in {country}. It was founded by exiles from {other}.\n"
    );
    std::fs::write(dir.join(format!("{name}.txt")), text).unwrap();
    let gold = serde_json::json!({
        "entities": [
            {"id": "p", "type": "Organization", "name": format!("{party} Party")},
            {"id": "c", "type": "Country", "name": country},
            {"id": "o", "type": "Country", "name": other},
        ],
        "relations": [{"s": "p", "p": "country", "o": "c"}],
    });
    std::fs::write(dir.join(format!("{name}.gold.json")), gold.to_string()).unwrap();
}

#[test]
fn train_relations_is_deterministic_and_never_reads_the_fold() {
    let dir = tempfile::tempdir().unwrap();
    let parties = [
        ("Green", "France", "Spain"),
        ("Labour", "Norway", "Sweden"),
        ("Liberal", "Canada", "Mexico"),
        ("Farmers", "Poland", "Germany"),
        ("Workers", "Brazil", "Argentina"),
        ("Pirate", "Iceland", "Denmark"),
        ("Unity", "Kenya", "Uganda"),
        ("Reform", "Chile", "Peru"),
        ("Centre", "Finland", "Estonia"),
        ("Freedom", "Austria", "Italy"),
        ("Progress", "Ghana", "Togo"),
        ("Justice", "Turkey", "Greece"),
    ];
    for (i, (party, country, other)) in parties.iter().enumerate() {
        let n = i + 1 + i / 4; // 1-4, 6-9, 11-14: never a multiple of 5
        party_document(dir.path(), &format!("doc-{n:03}"), party, country, other);
    }
    // A document of the evaluation fold, broken: read, it would fail.
    std::fs::write(dir.path().join("doc-005.txt"), "Text.\n").unwrap();
    std::fs::write(dir.path().join("doc-005.gold.json"), "{ not JSON").unwrap();
    let train = |out: &Path| {
        kgraph(
            &[
                "train-relations",
                "--gold",
                dir.path().to_str().unwrap(),
                "--output",
                out.to_str().unwrap(),
            ],
            None,
        )
    };
    let (a, b) = (dir.path().join("a.model"), dir.path().join("b.model"));
    let first = train(&a);
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let report = String::from_utf8_lossy(&first.stderr);
    assert!(
        report.contains("9 training and 3 held-out documents"),
        "{report}"
    );
    assert!(report.contains("country"), "{report}");
    assert!(train(&b).status.success());
    let (x, y) = (std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
    assert!(x.starts_with(b"KGRELAT1") && x.len() > 100);
    assert_eq!(x, y, "two trainings on the same documents differ");

    // No held-out documents: a clear error.
    let lone = tempfile::tempdir().unwrap();
    party_document(lone.path(), "doc-001", "Green", "France", "Spain");
    let out = kgraph(
        &[
            "train-relations",
            "--gold",
            lone.path().to_str().unwrap(),
            "--output",
            lone.path().join("m").to_str().unwrap(),
        ],
        None,
    );
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("1 training and 0 held-out documents"), "{err}");
}

/// Writes `rows` under `header` as a gzipped TSV file.
fn gz_tsv(path: &Path, header: &str, rows: &[String]) {
    use std::io::Write;
    let file = std::fs::File::create(path).unwrap();
    let mut gz = flate2::write::GzEncoder::new(file, flate2::Compression::default());
    writeln!(gz, "{header}").unwrap();
    for r in rows {
        writeln!(gz, "{r}").unwrap();
    }
    gz.finish().unwrap();
}

#[test]
fn train_relations_scores_knowledgenet_fold_4_and_names_a_bad_line() {
    let dir = tempfile::tempdir().unwrap();
    let gold = dir.path().join("gold");
    std::fs::create_dir(&gold).unwrap();
    for (n, (party, country, other)) in [
        ("Green", "France", "Spain"),
        ("Labour", "Norway", "Sweden"),
        ("Liberal", "Canada", "Mexico"),
        ("Unity", "Kenya", "Uganda"),
    ]
    .iter()
    .enumerate()
    {
        party_document(&gold, &format!("doc-{:03}", n + 1), party, country, other);
    }
    let kn = dir.path().join("kn");
    std::fs::create_dir(&kn).unwrap();
    let text = "Anna Berg is a German politician.";
    let (s, o) = (
        text.find("Anna Berg").unwrap(),
        text.find("German").unwrap(),
    );
    gz_tsv(
        &kn.join("annotated_passages.tsv.gz"),
        "fold\tdoc\tpassage_start\tpassage_end\tproperty\tfacts\tpassage_text",
        &[format!("4\t7\t0\t{}\tNATIONALITY\t1\t{text}", text.len())],
    );
    let fact = format!(
        "4\t7\t0\t{len}\t{s}\t{se}\tAnna Berg\t{o}\t{oe}\tGerman\tNATIONALITY\t{text}\t{s}\t{se}\t{o}\t{oe}\t\tQ183",
        len = text.len(),
        se = s + 9,
        oe = o + 6
    );
    gz_tsv(
        &kn.join("facts.tsv.gz"),
        "fold\tdoc\tpassage_start\tpassage_end\tsubject_start\tsubject_end\tsubject_text\tobject_start\tobject_end\tobject_text\tproperty\tpassage_text\tsubject_start_in_passage\tsubject_end_in_passage\tobject_start_in_passage\tobject_end_in_passage\tsubject_qid\tobject_qid",
        &[fact],
    );
    let model = dir.path().join("m");
    let args = |kn: &Path| {
        vec![
            "train-relations".to_owned(),
            "--gold".to_owned(),
            gold.to_str().unwrap().to_owned(),
            "--knowledgenet".to_owned(),
            kn.to_str().unwrap().to_owned(),
            "--output".to_owned(),
            model.to_str().unwrap().to_owned(),
        ]
    };
    let run = |a: Vec<String>| {
        let a: Vec<&str> = a.iter().map(String::as_str).collect();
        kgraph(&a, None)
    };
    let out = run(args(&kn));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains("0 passages train, 0 held out, 1 scored (fold 4)"),
        "{err}"
    );
    let row = err
        .lines()
        .skip_while(|l| !l.starts_with("KnowledgeNet fold 4"))
        .find(|l| l.starts_with("nationality"))
        .expect("a nationality row");
    // One fact to find: found (tp 1) or missed (fn 1), never both.
    let counts: Vec<usize> = row
        .split_whitespace()
        .skip(1)
        .take(3)
        .map(|n| n.parse().unwrap())
        .collect();
    assert_eq!(counts[0] + counts[2], 1, "{row}");

    // A fact with a broken offset: its file and line, exit 1.
    let bad = dir.path().join("bad");
    std::fs::create_dir(&bad).unwrap();
    std::fs::copy(
        kn.join("annotated_passages.tsv.gz"),
        bad.join("annotated_passages.tsv.gz"),
    )
    .unwrap();
    let broken = format!(
        "4\t7\t0\t{len}\t0\t9\tAnna Berg\t15\t21\tGerman\tNATIONALITY\t{text}\tx\t9\t15\t21\t\t",
        len = text.len()
    );
    gz_tsv(&bad.join("facts.tsv.gz"), "header", &[broken]);
    let out = run(args(&bad));
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("facts.tsv.gz: line 2: an offset is not a number"),
        "{err}"
    );
}
