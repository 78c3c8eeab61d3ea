//! Curation: pairs of entities a person says are the same or different,
//! which resolution obeys. Given as a file (`kgraph ingest --curation FILE`)
//! and kept in the store's graph `{base}curation` as `owl:sameAs` and
//! `owl:differentFrom` statements, so it holds for every later run.
//!
//! A line of the file: `same A B` or `different A B` (separated by spaces or
//! tabs), where A and B are entity IRIs, written whole (`<…>` or bare) or
//! under the base as `kgr:person/maduro`; blank lines and lines starting
//! with `#` are skipped.

use std::collections::BTreeSet;

use oxigraph::model::{GraphName, NamedNode, Quad};

use crate::ontology::{owl, Minter};

/// What a person said of pairs of entities.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Curation {
    /// Pairs that are one entity.
    pub same: BTreeSet<(String, String)>,
    /// Pairs that are never one entity.
    pub different: BTreeSet<(String, String)>,
}

impl Curation {
    /// Reads a curation file's text; the lines that could not be read, each
    /// as "line N: why".
    pub fn parse(text: &str, minter: &Minter) -> (Curation, Vec<String>) {
        let mut curation = Curation::default();
        let mut errors = Vec::new();
        for (n, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let fields: Vec<&str> = line.split_whitespace().collect();
            let iri = |f: &str| -> Option<String> {
                let f = f.trim_start_matches('<').trim_end_matches('>');
                // `kgr:person/x`, or as SPARQL writes it, `kgr:person\/x`.
                let iri = match f.strip_prefix("kgr:") {
                    Some(rest) => format!("{}{}", minter.base(), rest.replace('\\', "")),
                    None => f.to_owned(),
                };
                NamedNode::new(&iri).ok().map(NamedNode::into_string)
            };
            let pair = match fields.as_slice() {
                [verb, a, b] => match (iri(a), iri(b)) {
                    (Some(a), Some(b)) if a != b => Ok((*verb, a, b)),
                    (Some(_), Some(_)) => Err("the two entities are one IRI".to_owned()),
                    (None, _) => Err(format!("'{a}' is not an IRI")),
                    (_, None) => Err(format!("'{b}' is not an IRI")),
                },
                _ => Err("expected three fields: same|different A B".to_owned()),
            };
            match pair {
                Ok(("same", a, b)) => {
                    curation.same.insert(ordered(a, b));
                }
                Ok(("different", a, b)) => {
                    curation.different.insert(ordered(a, b));
                }
                Ok((verb, ..)) => errors.push(format!(
                    "line {}: '{verb}' is neither 'same' nor 'different'",
                    n + 1
                )),
                Err(why) => errors.push(format!("line {}: {why}", n + 1)),
            }
        }
        (curation, errors)
    }

    /// The curation graph's IRI under `minter`'s base.
    pub fn graph(minter: &Minter) -> NamedNode {
        NamedNode::new_unchecked(format!("{}curation", minter.base()))
    }

    /// The curation as the quads of its graph.
    pub fn quads(&self, minter: &Minter) -> Vec<Quad> {
        let graph = GraphName::NamedNode(Self::graph(minter));
        let quad = |(a, b): &(String, String), p| {
            Quad::new(
                NamedNode::new_unchecked(a),
                p,
                NamedNode::new_unchecked(b),
                graph.clone(),
            )
        };
        self.same
            .iter()
            .map(|pair| quad(pair, owl::SAME_AS))
            .chain(
                self.different
                    .iter()
                    .map(|pair| quad(pair, owl::DIFFERENT_FROM)),
            )
            .collect()
    }

    /// Did the person say `a` and `b` are one entity?
    pub fn same_as(&self, a: &str, b: &str) -> bool {
        self.same.contains(&ordered(a.to_owned(), b.to_owned()))
    }

    /// Did the person say `a` and `b` are never one entity?
    pub fn different(&self, a: &str, b: &str) -> bool {
        self.different
            .contains(&ordered(a.to_owned(), b.to_owned()))
    }
}

fn ordered(a: String, b: String) -> (String, String) {
    if a <= b {
        (a, b)
    } else {
        (b, a)
    }
}
