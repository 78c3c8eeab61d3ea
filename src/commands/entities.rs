//! `kgraph entities`: the store's entities, one row a node, with their names,
//! how many documents and mentions they have, and how many document entities
//! resolution across documents joined to them, by rule.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;
use kgraph_rdf::ontology::{kg, rdfs, skos};
use kgraph_store::Store;
use oxigraph::model::Term;
use oxigraph::sparql::QueryResults;

use crate::cli::{EntitiesArgs, EntitiesFormat};
use crate::output::stdout;
use crate::table::write_table;

/// One node of the store.
#[derive(Debug, Default)]
struct Row {
    iri: String,
    kind: String,
    /// The name most documents give it (then the longest, then the first
    /// in order).
    name: String,
    /// Its other names, sorted.
    names: Vec<String>,
    documents: usize,
    /// Its mention nodes, when the store keeps any (`--provenance mentions`).
    mentions: Option<usize>,
    /// Document entities joined to it, by identity rule.
    merges: BTreeMap<String, usize>,
    /// Another node of its type has its name, or it is one word of the name
    /// of two people or more.
    ambiguous: bool,
}

/// The value of `var` in a solution, as a string.
fn value(solution: &oxigraph::sparql::QuerySolution, var: &str) -> String {
    match solution.get(var) {
        Some(Term::NamedNode(n)) => n.as_str().to_owned(),
        Some(Term::Literal(l)) => l.value().to_owned(),
        Some(other) => other.to_string(),
        None => String::new(),
    }
}

/// Runs `query` and calls `each` with every solution.
fn each(
    store: &Store,
    query: &str,
    mut each: impl FnMut(&oxigraph::sparql::QuerySolution),
) -> Result<()> {
    if let QueryResults::Solutions(solutions) = store.query(query)? {
        for s in solutions {
            each(&s?);
        }
    }
    Ok(())
}

/// The prefixes the queries below use, from the ontology module.
fn prefixes() -> String {
    [("kg", kg::NS), ("rdfs", rdfs::NS), ("skos", skos::NS)]
        .iter()
        .map(|(p, ns)| format!("PREFIX {p}: <{ns}>\n"))
        .collect()
}

/// Runs `kgraph entities`.
pub(crate) fn run(args: EntitiesArgs) -> Result<ExitCode> {
    let store = Store::open_read_only(&args.store.store)?;
    let prefixes = prefixes();
    let mut rows: BTreeMap<String, Row> = BTreeMap::new();
    let mut labels: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
    let types = "kg:Person kg:Organization kg:Country kg:Event kg:Place";
    each(
        &store,
        &format!(
            "{prefixes}SELECT ?e ?type ?label WHERE {{ GRAPH ?g {{ ?e kg:mentionedIn ?g ; a ?type ; rdfs:label ?label }} VALUES ?type {{ {types} }} }}"
        ),
        |s| {
            let e = value(s, "e");
            let row = rows.entry(e.clone()).or_default();
            row.iri.clone_from(&e);
            let kind = value(s, "type");
            row.kind = kind.strip_prefix(kg::NS).unwrap_or(&kind).to_owned();
            row.documents += 1;
            *labels.entry(e).or_default().entry(value(s, "label")).or_default() += 1;
        },
    )?;
    each(
        &store,
        &format!("{prefixes}SELECT ?e (COUNT(?m) AS ?n) WHERE {{ ?m kg:denotes ?e }} GROUP BY ?e"),
        |s| {
            if let Some(row) = rows.get_mut(&value(s, "e")) {
                row.mentions = value(s, "n").parse().ok();
            }
        },
    )?;
    each(
        &store,
        &format!("{prefixes}SELECT DISTINCT ?e ?alt WHERE {{ ?e skos:altLabel ?alt }}"),
        |s| {
            if let Some(l) = labels.get_mut(&value(s, "e")) {
                l.entry(value(s, "alt")).or_default();
            }
        },
    )?;
    each(
        &store,
        &format!(
            "{prefixes}SELECT ?e ?rule (COUNT(?l) AS ?n) WHERE {{ ?l kg:resolvedTo ?e ; kg:identityRule ?rule }} GROUP BY ?e ?rule"
        ),
        |s| {
            if let Some(row) = rows.get_mut(&value(s, "e")) {
                let rule = value(s, "rule");
                let rule = rule.strip_prefix("identity:").unwrap_or(&rule).to_owned();
                row.merges.insert(rule, value(s, "n").parse().unwrap_or(0));
            }
        },
    )?;
    for (e, names) in &labels {
        let Some(row) = rows.get_mut(e) else { continue };
        let best = names
            .iter()
            .max_by(|a, b| {
                let words = |s: &str| s.split_whitespace().count();
                a.1.cmp(b.1)
                    .then(words(a.0).cmp(&words(b.0)))
                    .then(b.0.cmp(a.0))
            })
            .map(|(n, _)| n.clone())
            .unwrap_or_default();
        row.names = names.keys().filter(|n| **n != best).cloned().collect();
        row.name = best;
    }
    mark_ambiguous(&mut rows);
    let shown: Vec<&Row> = rows
        .values()
        .filter(|r| {
            args.r#type
                .as_deref()
                .is_none_or(|t| r.kind.eq_ignore_ascii_case(t))
        })
        .filter(|r| !args.ambiguous || r.ambiguous)
        .collect();
    let mut out = stdout();
    // As `query` prints it, so that it can be pasted into a query (and into
    // a --curation file, which takes both spellings).
    let short = |iri: &str| {
        kgraph_rdf::ontology::sparql_prefixed(iri).unwrap_or_else(|| format!("<{iri}>"))
    };
    let merges = |r: &Row| {
        r.merges
            .iter()
            .map(|(rule, n)| format!("{rule} {n}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    match args.format {
        EntitiesFormat::Json => {
            let json: Vec<serde_json::Value> = shown
                .iter()
                .map(|r| {
                    serde_json::json!({
                        "iri": r.iri,
                        "type": r.kind,
                        "name": r.name,
                        "names": r.names,
                        "documents": r.documents,
                        "mentions": r.mentions.map_or(serde_json::Value::Null, Into::into),
                        "merges": r.merges,
                        "ambiguous": r.ambiguous,
                    })
                })
                .collect();
            serde_json::to_writer_pretty(&mut out, &json)?;
            writeln!(out)?;
        }
        EntitiesFormat::Csv => {
            let field = |s: &str| {
                if s.contains([',', '"', '\n']) {
                    format!("\"{}\"", s.replace('"', "\"\""))
                } else {
                    s.to_owned()
                }
            };
            writeln!(
                out,
                "iri,type,name,names,documents,mentions,merges,ambiguous"
            )?;
            for r in &shown {
                writeln!(
                    out,
                    "{},{},{},{},{},{},{},{}",
                    field(&r.iri),
                    r.kind,
                    field(&r.name),
                    field(&r.names.join("; ")),
                    r.documents,
                    r.mentions.map_or_else(String::new, |m| m.to_string()),
                    field(&merges(r)),
                    r.ambiguous
                )?;
            }
        }
        EntitiesFormat::Table => {
            let rows: Vec<Vec<String>> = shown
                .iter()
                .map(|r| {
                    vec![
                        short(&r.iri),
                        r.kind.clone(),
                        r.name.clone(),
                        r.names.join("; "),
                        r.documents.to_string(),
                        r.mentions.map_or_else(|| "–".to_owned(), |m| m.to_string()),
                        merges(r),
                        if r.ambiguous { "yes" } else { "" }.to_owned(),
                    ]
                })
                .collect();
            write_table(
                &mut out,
                &[
                    "entity",
                    "type",
                    "name",
                    "other names",
                    "documents",
                    "mentions",
                    "merges",
                    "ambiguous",
                ]
                .map(str::to_owned),
                &rows,
            )?;
        }
    }
    out.flush()?;
    if shown.is_empty() {
        // An empty table (or list) says nothing of why: say it.
        eprintln!(
            "kgraph: no entity {}",
            match (args.ambiguous, args.r#type.as_deref()) {
                (true, Some(t)) => format!("of type {t} is ambiguous"),
                (true, None) => "is ambiguous".to_owned(),
                (false, Some(t)) => format!("of type {t} in the store"),
                (false, None) => "in the store".to_owned(),
            }
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// Marks the nodes whose name another node of their type has, and people
/// named by one word that ends, or is part of, two people's names or more.
fn mark_ambiguous(rows: &mut BTreeMap<String, Row>) {
    let fold = |s: &str| kgraph_extract::fold(s);
    let mut by_name: BTreeMap<(String, String), BTreeSet<String>> = BTreeMap::new();
    let mut by_word: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for r in rows.values() {
        by_name
            .entry((r.kind.clone(), fold(&r.name)))
            .or_default()
            .insert(r.iri.clone());
        let words: Vec<String> = r.name.split_whitespace().map(fold).collect();
        if r.kind == "Person" && words.len() >= 2 {
            for w in &words[1..] {
                by_word.entry(w.clone()).or_default().insert(r.iri.clone());
            }
        }
    }
    for r in rows.values_mut() {
        let name = fold(&r.name);
        let shared = by_name
            .get(&(r.kind.clone(), name.clone()))
            .is_some_and(|s| s.len() > 1);
        let one_word = r.kind == "Person"
            && !name.contains(' ')
            && by_word.get(&name).is_some_and(|s| s.len() > 1);
        r.ambiguous = shared || one_word;
    }
}
