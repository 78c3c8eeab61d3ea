//! An entity's statements as the pages list them: relations to and from
//! other entities as sentences, the actions it takes part in, and the
//! neighbourhood those draw.

use std::collections::{BTreeMap, BTreeSet};

use oxigraph::model::{GraphName, Literal, NamedNode, Quad, Term};

use super::html::{anchor, name_of, subject_iri};
use super::phrases::{action, property_of, relation, ActionFacts};
use crate::config::Config;
use crate::index::Index;
use crate::reply::{escape, term_text};
use kgraph_extract::schema::Property;
use kgraph_rdf::ontology::{kg, rdf, rdfs};
use kgraph_store::store::Store;

/// A relation between two entities, or from one to a literal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Relation {
    pub subject: String,
    pub property: Property,
    pub object: Term,
}

/// The relations in `quads`, each once.
pub(crate) fn relations(quads: &[Quad]) -> Vec<Relation> {
    // By property, subject and object, each once.
    let mut out: BTreeMap<(Property, String, String), Relation> = BTreeMap::new();
    for q in quads {
        let (Some(s), Some(p)) = (subject_iri(q), property_of(q.predicate.as_str())) else {
            continue;
        };
        out.entry((p, s.to_owned(), q.object.to_string()))
            .or_insert_with(|| Relation {
                subject: s.to_owned(),
                property: p,
                object: q.object.clone(),
            });
    }
    out.into_values().collect()
}

/// The sentence of a relation, its ends linked (the entity the page is
/// about named, not linked).
pub(crate) fn relation_sentence(
    config: &Config,
    index: &Index,
    r: &Relation,
    about: &str,
) -> String {
    let end = |iri: &str| {
        if iri == about {
            escape(&name_of(index, iri))
        } else {
            anchor(config, iri, &name_of(index, iri))
        }
    };
    let object = match &r.object {
        Term::NamedNode(n) => end(n.as_str()),
        other => escape(&term_text(other)),
    };
    relation(r.property, &end(&r.subject), &object)
}

/// An action node's statements.
#[derive(Debug, Clone, Default)]
pub(crate) struct ActionNode {
    pub iri: String,
    pub kind: String,
    pub agent: Option<String>,
    pub target: Option<String>,
    pub date: Option<String>,
    pub negated: bool,
    pub reported_by: Vec<String>,
    /// The rule that found it (`--provenance statements` and `mentions`).
    pub rule: Option<String>,
    /// The sentence that states it (`kg:statedIn`), when written.
    pub stated_in: Option<String>,
}

impl ActionNode {
    /// The action `iri`, from its statements `quads`.
    pub fn from_quads(iri: &str, quads: &[Quad]) -> Self {
        let mut a = ActionNode {
            iri: iri.to_owned(),
            ..ActionNode::default()
        };
        for q in quads {
            let p = q.predicate.as_ref();
            let value = term_text(&q.object);
            if p == kg::ACTION_TYPE {
                a.kind = value;
            } else if p == kg::AGENT {
                a.agent = Some(value);
            } else if p == kg::TARGET {
                a.target = Some(value);
            } else if p == kg::DATE {
                a.date = Some(value);
            } else if p == kg::NEGATED {
                a.negated = value == "true";
            } else if p == kg::REPORTED_BY && !a.reported_by.contains(&value) {
                a.reported_by.push(value);
            } else if p == kg::RULE {
                a.rule = Some(value);
            } else if p == kg::STATED_IN {
                a.stated_in = Some(value);
            }
        }
        a.reported_by.sort();
        a
    }

    /// Reads the action `iri` from the store.
    pub fn read(store: &Store, iri: &str) -> Option<Self> {
        let node = NamedNode::new(iri).ok()?;
        let quads = store.quads_from(node.as_ref()).ok()?;
        Some(Self::from_quads(iri, &quads))
    }

    /// The document it was found in: `{document}/action/{n}`.
    pub fn document(&self) -> &str {
        self.iri
            .rsplit_once("/action/")
            .map_or(self.iri.as_str(), |(d, _)| d)
    }

    /// Its sentence, the entities named by `name` (HTML).
    pub fn sentence(&self, name: impl Fn(&str) -> String) -> String {
        let or_someone =
            |x: &Option<String>| x.as_deref().map_or_else(|| "someone".to_owned(), &name);
        action(&ActionFacts {
            kind: self.kind.clone(),
            agent: or_someone(&self.agent),
            target: or_someone(&self.target),
            date: self.date.clone(),
            negated: self.negated,
            reported_by: self.reported_by.iter().map(|r| name(r)).collect(),
        })
    }

    /// The quads that draw it: its own, and its entities' types and names.
    pub fn drawing(&self, index: &Index) -> Vec<Quad> {
        let node = NamedNode::new_unchecked(self.iri.clone());
        let mut quads = Vec::new();
        let mut add = |p: oxigraph::model::NamedNodeRef<'_>, o: Term| {
            quads.push(Quad::new(node.clone(), p, o, GraphName::DefaultGraph));
        };
        add(
            kg::ACTION_TYPE,
            Literal::new_simple_literal(&self.kind).into(),
        );
        if self.negated {
            add(kg::NEGATED, Literal::from(true).into());
        }
        for (p, who) in [(kg::AGENT, &self.agent), (kg::TARGET, &self.target)] {
            if let Some(w) = who {
                add(p, NamedNode::new_unchecked(w.clone()).into());
            }
        }
        for who in self.agent.iter().chain(&self.target) {
            quads.extend(entity_quads(index, who));
        }
        quads
    }
}

/// The type and name of entity `iri`, as the picture needs them.
pub(crate) fn entity_quads(index: &Index, iri: &str) -> Vec<Quad> {
    let Some(e) = index.entity(iri) else {
        return Vec::new();
    };
    let node = NamedNode::new_unchecked(iri.to_owned());
    let core = NamedNode::new_unchecked(format!("{}{}", kg::NS, e.core()));
    vec![
        Quad::new(node.clone(), rdf::TYPE, core, GraphName::DefaultGraph),
        Quad::new(
            node,
            rdfs::LABEL,
            Literal::new_simple_literal(&e.label),
            GraphName::DefaultGraph,
        ),
    ]
}

/// The most neighbours a picture draws.
pub(crate) const MAX_NEIGHBOURS: usize = 24;

/// The neighbourhood of `about`: its relations with other entities and
/// the actions between it and them, with at most [`MAX_NEIGHBOURS`] of
/// them (those most linked to it, then most mentioned). Also how many
/// neighbours were left out.
pub(crate) fn neighbourhood(
    index: &Index,
    about: &str,
    relations: &[Relation],
    actions: &[ActionNode],
) -> (Vec<Quad>, usize) {
    let mut links: BTreeMap<&str, usize> = BTreeMap::new();
    for r in relations {
        if let Term::NamedNode(o) = &r.object {
            for end in [r.subject.as_str(), o.as_str()] {
                if end != about && index.entity(end).is_some() {
                    *links.entry(end).or_default() += 1;
                }
            }
        }
    }
    for a in actions {
        for end in a.agent.iter().chain(&a.target) {
            if end != about && index.entity(end).is_some() {
                *links.entry(end).or_default() += 1;
            }
        }
    }
    let mut ranked: Vec<(&str, usize)> = links.into_iter().collect();
    let documents = |iri: &str| index.entity(iri).map_or(0, |e| e.documents);
    ranked.sort_by(|a, b| {
        b.1.cmp(&a.1)
            .then_with(|| documents(b.0).cmp(&documents(a.0)))
            .then_with(|| a.0.cmp(b.0))
    });
    let left_out = ranked.len().saturating_sub(MAX_NEIGHBOURS);
    let kept: BTreeSet<&str> = ranked
        .into_iter()
        .take(MAX_NEIGHBOURS)
        .map(|(iri, _)| iri)
        .chain([about])
        .collect();
    let mut quads: Vec<Quad> = kept
        .iter()
        .flat_map(|iri| entity_quads(index, iri))
        .collect();
    for r in relations {
        let Term::NamedNode(o) = &r.object else {
            continue;
        };
        if kept.contains(r.subject.as_str()) && kept.contains(o.as_str()) {
            quads.push(Quad::new(
                NamedNode::new_unchecked(r.subject.clone()),
                kgraph_rdf::rdf::property_iri(r.property),
                o.clone(),
                GraphName::DefaultGraph,
            ));
        }
    }
    for a in actions {
        let ends = [&a.agent, &a.target];
        if ends
            .iter()
            .all(|e| e.as_deref().is_some_and(|e| kept.contains(e)))
        {
            // The ends' types and names repeat: the picture takes each once.
            quads.extend(a.drawing(index));
        }
    }
    (quads, left_out)
}
