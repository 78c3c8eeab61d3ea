//! The evidence of an entity's relations, as `--provenance statements`
//! (and `mentions`) writes it: each relation's `rdf:Statement` with its
//! rule, confidence and the sentence that states it (`kg:statedIn`, a
//! `nif:Sentence` with its words).

use std::collections::{BTreeMap, HashMap};

use oxigraph::model::{NamedNode, Quad};

use super::html::{anchor, literal_of, name_of, object_iri, short, subject_iri};
use super::phrases::property_of;
use super::text::mention_span;
use crate::config::Config;
use crate::index::Index;
use crate::reply::escape;
use kgraph_extract::schema::Property;
use kgraph_rdf::ontology::{kg, nif, rdf};
use kgraph_store::store::Store;

/// Statements read for one page at most: an entity of thousands of
/// documents shows the evidence of its first ones.
const MAX_STATEMENTS: usize = 400;
/// Characters of a sentence shown beside a fact.
const SENTENCE_CHARS: usize = 220;

/// Where a relation is stated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Evidence {
    /// The document (`{document}/statement/{n}`).
    pub document: String,
    /// The rule or model that found it.
    pub rule: String,
    /// How sure it was, as written (`0.85`).
    pub confidence: Option<String>,
    /// The sentence: its character span and its words.
    pub sentence: Option<(usize, usize, String)>,
}

/// A relation as the pages key it: subject IRI, property, and the object as
/// `Term::to_string` writes it.
pub(crate) type Key = (String, Property, String);

/// The statements among `incoming` (the quads that point at an entity), read
/// from `store`: each relation's evidence, in document order.
pub(crate) fn statements_about(store: &Store, incoming: &[Quad]) -> BTreeMap<Key, Vec<Evidence>> {
    let mut nodes: Vec<&str> = incoming
        .iter()
        .filter(|q| {
            let p = q.predicate.as_ref();
            p == rdf::SUBJECT || p == rdf::OBJECT
        })
        .filter_map(subject_iri)
        .collect();
    nodes.sort_unstable();
    nodes.dedup();
    let mut sentences: HashMap<String, Option<String>> = HashMap::new();
    let mut out: BTreeMap<Key, Vec<Evidence>> = BTreeMap::new();
    for node in nodes.into_iter().take(MAX_STATEMENTS) {
        let Ok(iri) = NamedNode::new(node) else {
            continue;
        };
        let Ok(quads) = store.quads_from(iri.as_ref()) else {
            continue;
        };
        let Some((key, evidence)) = read_statement(node, &quads, |sentence| {
            sentences
                .entry(sentence.to_owned())
                .or_insert_with(|| words_of(store, sentence))
                .clone()
        }) else {
            continue;
        };
        let list = out.entry(key).or_default();
        if !list.contains(&evidence) {
            list.push(evidence);
        }
    }
    out
}

/// The relation and evidence of statement `node`, from its quads; `words`
/// gives a sentence's words from its IRI.
fn read_statement(
    node: &str,
    quads: &[Quad],
    mut words: impl FnMut(&str) -> Option<String>,
) -> Option<(Key, Evidence)> {
    let find = |p| quads.iter().find(|q| q.predicate.as_ref() == p);
    let subject = find(rdf::SUBJECT).and_then(object_iri)?.to_owned();
    let property = find(rdf::PREDICATE)
        .and_then(object_iri)
        .and_then(property_of)?;
    let object = find(rdf::OBJECT)?.object.to_string();
    let sentence = find(kg::STATED_IN).and_then(object_iri).and_then(|s| {
        let (_, b, e) = mention_span(s)?;
        Some((b, e, words(s)?))
    });
    let evidence = Evidence {
        document: node
            .rsplit_once("/statement/")
            .map_or(node, |(d, _)| d)
            .to_owned(),
        rule: literal_of(quads, kg::RULE).unwrap_or_default(),
        confidence: literal_of(quads, kg::CONFIDENCE),
        sentence,
    };
    Some(((subject, property, object), evidence))
}

/// The words of sentence `iri` (`nif:anchorOf`).
fn words_of(store: &Store, iri: &str) -> Option<String> {
    let node = NamedNode::new(iri).ok()?;
    literal_of(&store.quads_from(node.as_ref()).ok()?, nif::ANCHOR_OF)
}

/// A fact's evidence as a line under it: the first sentence that states
/// it, the rule and confidence, the document, and how many more say so.
pub(crate) fn evidence_line(config: &Config, index: &Index, evidence: &[Evidence]) -> String {
    let Some(first) = evidence.first() else {
        return String::new();
    };
    let sentence = first
        .sentence
        .as_ref()
        .map(|(_, _, words)| format!("“{}” ", escape(&short(words, SENTENCE_CHARS))))
        .unwrap_or_default();
    let how = match &first.confidence {
        Some(c) => format!("{}, {}", escape(&first.rule), escape(c)),
        None => escape(&first.rule),
    };
    let more = match evidence.len() {
        1 => String::new(),
        n => format!("; {} more", n - 1),
    };
    format!(
        "<br><small class=\"evidence\">{sentence}({how}) in {}{more}</small>",
        anchor(
            config,
            &first.document,
            &short(&name_of(index, &first.document), 60)
        )
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::model::{GraphName, Literal, Term};

    #[test]
    fn a_statement_gives_its_relation_and_evidence() {
        let node = "http://x/doc/1/statement/2";
        let q = |p: oxigraph::model::NamedNodeRef<'_>, o: Term| {
            Quad::new(
                NamedNode::new_unchecked(node),
                p,
                o,
                GraphName::DefaultGraph,
            )
        };
        let iri = |s: &str| Term::from(NamedNode::new_unchecked(s));
        let quads = vec![
            q(rdf::SUBJECT, iri("http://x/person/a")),
            q(rdf::PREDICATE, iri(kg::MEMBER_OF.as_str())),
            q(rdf::OBJECT, iri("http://x/organization/b")),
            q(
                kg::RULE,
                Literal::new_simple_literal("person-of-body").into(),
            ),
            q(kg::CONFIDENCE, Literal::new_simple_literal("0.70").into()),
            q(kg::STATED_IN, iri("http://x/doc/1#char=10,30")),
        ];
        let (key, evidence) = read_statement(node, &quads, |s| {
            (s == "http://x/doc/1#char=10,30").then(|| "A of the B party.".to_owned())
        })
        .expect("a statement");
        assert_eq!(
            key,
            (
                "http://x/person/a".to_owned(),
                Property::MemberOf,
                "<http://x/organization/b>".to_owned()
            )
        );
        assert_eq!(evidence.document, "http://x/doc/1");
        assert_eq!(evidence.rule, "person-of-body");
        assert_eq!(evidence.confidence.as_deref(), Some("0.70"));
        assert_eq!(
            evidence.sentence,
            Some((10, 30, "A of the B party.".to_owned()))
        );
        // Without its triple's parts, a node is no statement.
        assert!(read_statement(node, &quads[1..], |_| None).is_none());
    }
}
