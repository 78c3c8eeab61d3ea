//! `kgraph eval --gold DIR --split`: identity across documents scored on
//! articles cut in two. Each article is cut at the paragraph break (else
//! the sentence end) nearest its middle; the halves of all the articles are
//! extracted as separate documents and resolved together, as `extract`
//! resolves its inputs; then, by the gold entities of each article:
//!
//! - of the gold entities named in both halves (a name or alias written in
//!   each), how many the extraction found in both (matched one-to-one as
//!   `eval` matches) and how many of those got one IRI;
//! - of the IRIs that both halves of an article type, those that match a
//!   gold entity in both halves: how many match the same one (right).

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use anyhow::{bail, Result};
use kgraph_extract::eval::{gold_pairs, match_entities, read_gold, ScoredEntity};
use kgraph_extract::schema::EntityType;
use kgraph_extract::{extract_with, Document, Settings};
use kgraph_rdf::identity::{resolve_documents, Curation};
use kgraph_rdf::ontology::{kg, rdf, rdfs, skos};
use kgraph_rdf::rdf::to_quads;
use kgraph_rdf::Minter;
use oxigraph::model::{NamedOrBlankNode, Quad, Term};

use crate::cli::StatsFormat;
use crate::output::{exit_for, stdout};
use crate::table::write_table;

/// Where to cut `text`: the paragraph break nearest the middle, else the
/// sentence end nearest it (a byte offset; None for a text of one sentence).
pub(crate) fn cut(text: &str) -> Option<usize> {
    let middle = text.len() / 2;
    let nearest = |ends: Vec<usize>| {
        ends.into_iter()
            .filter(|&e| e > text.len() / 5 && e < text.len() - text.len() / 5)
            .min_by_key(|&e| e.abs_diff(middle))
    };
    let paragraphs: Vec<usize> = text.match_indices("\n\n").map(|(i, _)| i + 2).collect();
    nearest(paragraphs).or_else(|| {
        let bytes = text.as_bytes();
        let sentences = (1..bytes.len().saturating_sub(1))
            .filter(|&i| {
                matches!(bytes[i - 1], b'.' | b'!' | b'?')
                    && bytes[i] == b' '
                    && bytes[i + 1].is_ascii_uppercase()
            })
            .map(|i| i + 1)
            .collect();
        nearest(sentences)
    })
}

/// Does `text` have `name` as whole words?
fn names(text: &str, name: &str) -> bool {
    !name.is_empty()
        && text.match_indices(name).any(|(i, _)| {
            let before = text[..i].chars().next_back();
            let after = text[i + name.len()..].chars().next();
            !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
        })
}

/// The entities a document graph types, as the scorer sees them, with
/// their IRIs.
fn entities(quads: &[Quad]) -> (Vec<ScoredEntity>, Vec<String>) {
    let mut kinds: BTreeMap<String, EntityType> = BTreeMap::new();
    let mut labels: BTreeMap<String, (String, Vec<String>)> = BTreeMap::new();
    for q in quads {
        let NamedOrBlankNode::NamedNode(s) = &q.subject else {
            continue;
        };
        let s = s.as_str().to_owned();
        match (&q.object, q.predicate.as_ref()) {
            (Term::NamedNode(o), p) if p == rdf::TYPE => {
                let kind = [
                    (kg::PERSON, EntityType::Person),
                    (kg::ORGANIZATION, EntityType::Organization),
                    (kg::COUNTRY, EntityType::Country),
                    (kg::EVENT, EntityType::Event),
                    (kg::PLACE, EntityType::Place),
                ]
                .into_iter()
                .find(|(c, _)| *c == o.as_ref());
                if let Some((_, kind)) = kind {
                    kinds.insert(s, kind);
                }
            }
            (Term::Literal(l), p) if p == rdfs::LABEL => {
                labels.entry(s).or_default().0 = l.value().to_owned();
            }
            (Term::Literal(l), p) if p == skos::ALT_LABEL => {
                labels.entry(s).or_default().1.push(l.value().to_owned());
            }
            _ => {}
        }
    }
    let mut scored = Vec::new();
    let mut iris = Vec::new();
    for (iri, kind) in kinds {
        let (name, aliases) = labels.remove(&iri).unwrap_or_default();
        scored.push(ScoredEntity {
            kind,
            name,
            aliases,
        });
        iris.push(iri);
    }
    (scored, iris)
}

/// Counts of one entity type.
#[derive(Default, Clone, Copy)]
struct Counts {
    named: usize,
    found: usize,
    one: usize,
}

/// Runs the split test on the gold directory `dir`.
///
/// With `show_errors`, each article's misses are listed: a gold entity
/// named in both halves but not found in one, found in both under two IRIs,
/// and an IRI both halves share for two gold entities.
pub(crate) fn split_eval(
    dir: &Path,
    format: StatsFormat,
    settings: Settings,
    show_errors: bool,
) -> Result<ExitCode> {
    let minter = Minter::default();
    let mut articles = Vec::new();
    let mut failures = 0;
    for (text_path, gold_path) in gold_pairs(dir)? {
        let name = text_path
            .file_stem()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        let read = read_gold(&gold_path).and_then(|(gold, published)| {
            let doc = kgraph_extract::input::read(&text_path)?;
            Ok((gold, doc.with_published(published), name))
        });
        match read {
            Ok(article) => articles.push(article),
            Err(e) => {
                eprintln!("kgraph: {e}");
                failures += 1;
            }
        }
    }
    if articles.is_empty() {
        bail!("no NAME.gold.json files in '{}'", dir.display());
    }
    let mut halves: Vec<(usize, String)> = Vec::new();
    let mut documents = Vec::new();
    for (a, (_, doc, _)) in articles.iter().enumerate() {
        let Some(at) = cut(&doc.text) else {
            continue;
        };
        for (h, part) in [&doc.text[..at], &doc.text[at..]].into_iter().enumerate() {
            let half = Document::new(part, format!("{}#{}", doc.source, h + 1))
                .with_published(doc.published);
            documents.push(to_quads(&extract_with(&half, settings), &minter, None));
            halves.push((a, part.to_owned()));
        }
    }
    let documents = resolve_documents(documents, &minter, &Curation::default());
    let mut counts: BTreeMap<EntityType, Counts> = BTreeMap::new();
    let (mut shared, mut judged, mut right) = (0, 0, 0);
    // Each article's misses, for --show-errors.
    let mut errors: Vec<(String, Vec<String>)> = Vec::new();
    for pair in (0..documents.len()).step_by(2) {
        let (gold, _, name) = &articles[halves[pair].0];
        let gold = &gold.entities;
        let mut missed = Vec::new();
        // The IRI of each gold entity in each half, and the gold entity of each IRI.
        let mut iri_of: [BTreeMap<usize, String>; 2] = Default::default();
        let mut gold_of: [BTreeMap<String, usize>; 2] = Default::default();
        let found = [entities(&documents[pair]), entities(&documents[pair + 1])];
        for (h, (pred, iris)) in found.iter().enumerate() {
            for (p, g) in match_entities(pred, gold) {
                iri_of[h].insert(g, iris[p].clone());
                gold_of[h].insert(iris[p].clone(), g);
            }
        }
        for (g, e) in gold.iter().enumerate() {
            let in_both = (0..2).all(|h| {
                std::iter::once(&e.name)
                    .chain(&e.aliases)
                    .any(|n| names(&halves[pair + h].1, n))
            });
            if !in_both {
                continue;
            }
            let c = counts.entry(e.kind).or_default();
            c.named += 1;
            match (iri_of[0].get(&g), iri_of[1].get(&g)) {
                (Some(a), Some(b)) => {
                    c.found += 1;
                    c.one += usize::from(a == b);
                    if a != b {
                        missed.push(format!(
                            "two IRIs: {} '{}': {a} / {b}",
                            e.kind.as_str(),
                            e.name
                        ));
                    }
                }
                (a, b) => {
                    let which = match (a, b) {
                        (None, None) => "either half",
                        (None, _) => "half 1",
                        _ => "half 2",
                    };
                    missed.push(format!(
                        "not found in {which}: {} '{}'",
                        e.kind.as_str(),
                        e.name
                    ));
                }
            }
        }
        let b: BTreeSet<&String> = found[1].1.iter().collect();
        for iri in found[0].1.iter().filter(|i| b.contains(i)) {
            shared += 1;
            if let (Some(x), Some(y)) = (gold_of[0].get(iri), gold_of[1].get(iri)) {
                judged += 1;
                right += usize::from(x == y);
                if x != y {
                    missed.push(format!(
                        "one IRI, two entities: {iri}: '{}' / '{}'",
                        gold[*x].name, gold[*y].name
                    ));
                }
            }
        }
        if !missed.is_empty() {
            errors.push((name.clone(), missed));
        }
    }
    let total = counts.values().fold(Counts::default(), |t, c| Counts {
        named: t.named + c.named,
        found: t.found + c.found,
        one: t.one + c.one,
    });
    let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    let mut out = stdout();
    match format {
        StatsFormat::Json => {
            let row = |c: &Counts| {
                serde_json::json!({
                    "named_in_both": c.named,
                    "found_in_both": c.found,
                    "one_iri": c.one,
                    "one_iri_of_found": ratio(c.one, c.found),
                    "one_iri_of_named": ratio(c.one, c.named),
                })
            };
            let by_type: serde_json::Map<String, serde_json::Value> = counts
                .iter()
                .map(|(k, c)| (k.as_str().to_owned(), row(c)))
                .collect();
            let mut json = serde_json::json!({
                "articles": halves.len() / 2,
                "entities": row(&total),
                "by_type": by_type,
                "shared_iris": {
                    "shared": shared,
                    "judged": judged,
                    "right": right,
                    "precision": ratio(right, judged),
                },
            });
            if show_errors {
                json["errors"] = errors
                    .iter()
                    .map(|(article, e)| serde_json::json!({"article": article, "errors": e}))
                    .collect();
            }
            serde_json::to_writer_pretty(&mut out, &json)?;
            writeln!(out)?;
        }
        StatsFormat::Table => {
            writeln!(
                out,
                "{} articles cut in two; the halves extracted as documents and resolved together",
                halves.len() / 2
            )?;
            let row = |name: &str, c: &Counts| {
                vec![
                    name.to_owned(),
                    c.named.to_string(),
                    c.found.to_string(),
                    c.one.to_string(),
                    format!("{:.3}", ratio(c.one, c.found)),
                    format!("{:.3}", ratio(c.one, c.named)),
                ]
            };
            let mut rows: Vec<Vec<String>> =
                counts.iter().map(|(k, c)| row(k.as_str(), c)).collect();
            rows.push(row("all", &total));
            write_table(
                &mut out,
                &[
                    "type",
                    "named in both",
                    "found in both",
                    "one IRI",
                    "of found",
                    "of named",
                ]
                .map(str::to_owned),
                &rows,
            )?;
            writeln!(
                out,
                "IRIs both halves type: {shared}; matching a gold entity in both: {judged}; the same one: {right} ({:.3})",
                ratio(right, judged)
            )?;
            if show_errors {
                for (article, e) in &errors {
                    writeln!(out, "\n{article}:")?;
                    for line in e {
                        writeln!(out, "  {line}")?;
                    }
                }
            }
        }
    }
    out.flush()?;
    Ok(exit_for(failures))
}
