//! Identity across documents: which people and organizations of different
//! documents are one real thing, decided from the document graphs alone.
//!
//! Each document graph is first written with the IRIs its document alone
//! gives (`{base}person/{slug of the name}`). Resolution then reads a
//! [`Profile`] of every person and organization of every document graph (its
//! names, the countries it is tied to, the countries and the other people and
//! organizations of its document), decides which node each one is
//! ([`resolve`]), and rewrites the graphs whose decision changed
//! ([`rewrite`]): the document's IRI of the entity is replaced by the node's
//! everywhere in its graph, and an identity record says which rule decided
//! and on what evidence:
//!
//! ```text
//! <{doc}/identity/person/maduro> a kg:IdentityLink ;
//!     kg:localIri "{base}person/maduro"^^xsd:anyURI ;
//!     kg:resolvedTo <{base}person/nicolas-maduro> ;
//!     kg:identityRule "identity:surname" ;
//!     kg:evidence "…" .
//! ```
//!
//! The decision is a function of the set of profiles (they are sorted first),
//! and a profile is read the same from a graph before and after it is
//! rewritten (the record gives back the document's own IRI): so the graphs
//! end the same whatever the order the documents came in, and resolving
//! again changes nothing. People and organizations with an `owl:sameAs` (a
//! catalog's entries, the gazetteer's organizations) are one node an id;
//! events, places and countries are left as they are.

mod curation;
mod nodes;
mod resolve;
mod types;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use oxigraph::model::{
    GraphName, Literal, NamedNode, NamedNodeRef, NamedOrBlankNode, Quad, QuadRef, Term, TermRef,
};

use crate::ontology::{kg, owl, rdf, rdfs, skos, xsd, Minter};
use crate::rdf::sort_quads;

pub use curation::Curation;
pub use resolve::{resolve, same_events};
pub use types::{EventProfile, Kind, Link, Profile, SAME_EVENT};

/// The predicates [`Reader`] reads; a store scans only these (and
/// `rdf:type` with the objects of [`TYPES`]).
pub const PREDICATES: &[NamedNodeRef<'static>] = &[
    kg::MENTIONED_IN,
    owl::SAME_AS,
    owl::DIFFERENT_FROM,
    rdfs::LABEL,
    skos::ALT_LABEL,
    kg::NATIONALITY,
    kg::AFFILIATED_WITH,
    kg::MEMBER_OF,
    kg::LEADER_OF,
    kg::COUNTRY_PROP,
    kg::LOCATION,
    kg::PARTICIPANT,
    kg::CANDIDATE,
    kg::WINNER,
    kg::ORGANIZER,
    kg::DATE,
    kg::SAME_EVENT_AS,
    kg::LOCAL_IRI,
    kg::RESOLVED_TO,
    kg::IDENTITY_RULE,
    kg::EVIDENCE,
];

/// The classes whose `rdf:type` quads [`Reader`] reads.
pub const TYPES: &[NamedNodeRef<'static>] = &[
    kg::PERSON,
    kg::ORGANIZATION,
    kg::COUNTRY,
    kg::EVENT,
    kg::ELECTION,
    kg::PROTEST,
    kg::MEETING,
    kg::ATTACK,
    kg::CONFLICT,
    kg::ARREST,
    kg::CEREMONY,
    kg::DISASTER,
    kg::TRIAL,
    kg::STRIKE,
    kg::TOURNAMENT,
];

/// What one graph holds that profiles are made of.
#[derive(Default)]
struct Graph {
    kinds: BTreeMap<String, Kind>,
    countries: BTreeSet<String>,
    mentioned: BTreeSet<String>,
    same_as: HashMap<String, BTreeSet<String>>,
    labels: HashMap<String, String>,
    alts: HashMap<String, BTreeSet<String>>,
    /// Ties to a country or an organization: (subject, property, object).
    ties: Vec<(String, NamedNode, String)>,
    /// Identity records: record IRI → (local, to, rule, evidence).
    records: BTreeMap<String, [Option<String>; 4]>,
    /// Events and their classes.
    events: BTreeMap<String, BTreeSet<String>>,
    /// `kg:sameEventAs` statements.
    same_events: BTreeSet<(String, String)>,
}

/// A subject's ties, in the order they were read.
type Ties<'a> = HashMap<&'a str, Vec<&'a (String, NamedNode, String)>>;

impl Graph {
    /// The ties of each subject, so that a profile reads its own and not
    /// every tie of the graph (a document of many entities would make that
    /// quadratic).
    fn ties_by_subject(&self) -> Ties<'_> {
        let mut out: Ties<'_> = HashMap::new();
        for t in &self.ties {
            out.entry(t.0.as_str()).or_default().push(t);
        }
        out
    }
}

/// Reads profiles and identity records from quads of document graphs, in
/// any order.
pub struct Reader<'m> {
    minter: &'m Minter,
    graphs: BTreeMap<String, Graph>,
    curation_graph: String,
    curation: Curation,
}

impl<'m> Reader<'m> {
    /// A reader of graphs minted under `minter`'s base.
    pub fn new(minter: &'m Minter) -> Self {
        Self {
            minter,
            graphs: BTreeMap::new(),
            curation_graph: Curation::graph(minter).into_string(),
            curation: Curation::default(),
        }
    }

    /// Reads one quad (quads of no use are passed over).
    pub fn add(&mut self, q: QuadRef<'_>) {
        // Most quads (the mention layer) are of no use: passed over before
        // anything is copied.
        let p = q.predicate;
        let wanted = if p == rdf::TYPE {
            TYPES.iter().any(|t| q.object == TermRef::from(*t))
        } else {
            PREDICATES.contains(&p)
                || p == kg::LOCAL_IRI
                || p == kg::RESOLVED_TO
                || p == kg::IDENTITY_RULE
                || p == kg::EVIDENCE
                || p == kg::SAME_EVENT_AS
        };
        if !wanted {
            return;
        }
        let GraphName::NamedNode(g) = q.graph_name.into_owned() else {
            return;
        };
        let NamedOrBlankNode::NamedNode(s) = q.subject.into_owned() else {
            return;
        };
        let s = s.into_string();
        let object = |o: TermRef<'_>| match o {
            TermRef::NamedNode(n) => Some(n.as_str().to_owned()),
            TermRef::Literal(l) => Some(l.value().to_owned()),
            _ => None,
        };
        if g.as_str() == self.curation_graph {
            if let TermRef::NamedNode(o) = q.object {
                let pair = if s.as_str() <= o.as_str() {
                    (s, o.as_str().to_owned())
                } else {
                    (o.as_str().to_owned(), s)
                };
                if p == owl::SAME_AS {
                    self.curation.same.insert(pair);
                } else if p == owl::DIFFERENT_FROM {
                    self.curation.different.insert(pair);
                }
            }
            return;
        }
        let graph = self.graphs.entry(g.into_string()).or_default();
        let Some(o) = object(q.object) else {
            return;
        };
        if p == rdf::TYPE {
            if q.object == TermRef::from(kg::PERSON) {
                graph.kinds.insert(s, Kind::Person);
            } else if q.object == TermRef::from(kg::ORGANIZATION) {
                graph.kinds.entry(s).or_insert(Kind::Organization);
            } else if q.object == TermRef::from(kg::COUNTRY) {
                graph.countries.insert(s);
            } else if TYPES.iter().any(|t| q.object == TermRef::from(*t)) {
                graph.events.entry(s).or_default().insert(o);
            }
        } else if p == kg::MENTIONED_IN {
            graph.mentioned.insert(s);
        } else if p == owl::SAME_AS {
            graph.same_as.entry(s).or_default().insert(o);
        } else if p == rdfs::LABEL {
            graph.labels.insert(s, o);
        } else if p == skos::ALT_LABEL {
            graph.alts.entry(s).or_default().insert(o);
        } else if p == kg::LOCAL_IRI
            || p == kg::RESOLVED_TO
            || p == kg::IDENTITY_RULE
            || p == kg::EVIDENCE
        {
            let slot = [
                kg::LOCAL_IRI,
                kg::RESOLVED_TO,
                kg::IDENTITY_RULE,
                kg::EVIDENCE,
            ]
            .iter()
            .position(|&x| x == p)
            .unwrap_or(0);
            graph.records.entry(s).or_default()[slot] = Some(o);
        } else if p == kg::SAME_EVENT_AS {
            graph.same_events.insert((s, o));
        } else if PREDICATES.contains(&p) {
            graph.ties.push((s, p.into_owned(), o));
        }
    }

    /// The identity records and `kg:sameEventAs` statements already in
    /// each graph, by graph.
    pub fn links(&self) -> BTreeMap<String, Vec<Link>> {
        self.graphs
            .iter()
            .map(|(g, graph)| (g.clone(), records(graph)))
            .filter(|(_, links)| !links.is_empty())
            .collect()
    }

    /// The curation read (from the graph `{base}curation`).
    pub fn curation(&self) -> &Curation {
        &self.curation
    }

    /// Reads `curation` as if from the store (for `extract`).
    pub fn set_curation(&mut self, curation: Curation) {
        self.curation = curation;
    }

    /// The events of every graph read that are their document's own.
    pub fn events(&self) -> Vec<EventProfile> {
        let mut out = Vec::new();
        for (g, graph) in &self.graphs {
            let local_of: HashMap<&str, &str> = graph
                .records
                .values()
                .filter_map(|[local, to, ..]| Some((to.as_deref()?, local.as_deref()?)))
                .collect();
            let prefix = format!("{g}/event/");
            let ties = graph.ties_by_subject();
            for (e, classes) in &graph.events {
                if !e.starts_with(&prefix) {
                    continue;
                }
                let mut event = EventProfile {
                    graph: g.clone(),
                    iri: e.clone(),
                    classes: classes.clone(),
                    ..EventProfile::default()
                };
                for (_, p, o) in ties.get(e.as_str()).into_iter().flatten() {
                    if *p == kg::DATE {
                        event.date.clone_from(o);
                    } else if *p == kg::LOCATION || *p == kg::COUNTRY_PROP {
                        event.places.insert(o.clone());
                    } else if [kg::PARTICIPANT, kg::CANDIDATE, kg::WINNER, kg::ORGANIZER]
                        .contains(&p.as_ref())
                    {
                        let local = local_of.get(o.as_str()).copied().unwrap_or(o);
                        event.participants.insert(local.to_owned());
                    }
                }
                out.push(event);
            }
        }
        out
    }

    /// The profiles of every graph read, sorted.
    pub fn profiles(&self) -> Vec<Profile> {
        let mut out = Vec::new();
        for (g, graph) in &self.graphs {
            out.extend(graph_profiles(self.minter, g, graph));
        }
        out.sort();
        out.dedup();
        out
    }
}

fn records(graph: &Graph) -> Vec<Link> {
    let mut links: Vec<Link> = graph
        .records
        .values()
        .filter_map(|[local, to, rule, evidence]| {
            Some(Link {
                local: local.clone()?,
                to: to.clone()?,
                rule: rule.clone().unwrap_or_default(),
                evidence: evidence.clone().unwrap_or_default(),
            })
        })
        .collect();
    links.extend(graph.same_events.iter().map(|(a, b)| Link {
        local: a.clone(),
        to: b.clone(),
        rule: SAME_EVENT.to_owned(),
        evidence: String::new(),
    }));
    links.sort();
    links
}

/// The ISO code of a country IRI (`…/country/VE`).
fn iso(country: &str) -> String {
    country.rsplit('/').next().unwrap_or(country).to_owned()
}

fn graph_profiles(minter: &Minter, g: &str, graph: &Graph) -> Vec<Profile> {
    // The document's own IRI of each node a record rewrote.
    let local_of: HashMap<&str, &str> = graph
        .records
        .values()
        .filter_map(|[local, to, ..]| Some((to.as_deref()?, local.as_deref()?)))
        .collect();
    let local = |iri: &str| local_of.get(iri).copied().unwrap_or(iri).to_owned();
    let doc_countries: BTreeSet<String> = graph
        .countries
        .iter()
        .filter(|c| graph.mentioned.contains(*c))
        .map(|c| iso(c))
        .collect();
    // Organizations' countries, for people serving them.
    let mut of_country: HashMap<&str, BTreeSet<String>> = HashMap::new();
    for (s, _, o) in &graph.ties {
        if graph.countries.contains(o) {
            of_country.entry(s.as_str()).or_default().insert(iso(o));
        }
    }
    let mut people: Vec<(&String, Kind)> = Vec::new();
    for (s, &kind) in &graph.kinds {
        if graph.mentioned.contains(s) {
            people.push((s, kind));
        }
    }
    let neighbours: Arc<BTreeSet<String>> =
        Arc::new(people.iter().map(|(n, _)| local(n)).collect());
    let ties = graph.ties_by_subject();
    let mut out = Vec::new();
    for &(s, kind) in &people {
        let local_iri = local(s);
        let prefix = minter.entity(kind.path(), "");
        let Some(key) = local_iri.strip_prefix(&prefix) else {
            continue;
        };
        let Some(label) = graph.labels.get(s) else {
            continue;
        };
        let mut countries = BTreeSet::new();
        for (_, p, o) in ties.get(s.as_str()).into_iter().flatten() {
            if graph.countries.contains(o) {
                countries.insert(iso(o));
            } else if *p != kg::COUNTRY_PROP {
                if let Some(c) = of_country.get(o.as_str()) {
                    countries.extend(c.iter().cloned());
                }
            }
        }
        out.push(Profile {
            graph: g.to_owned(),
            key: key.to_owned(),
            local: local_iri.clone(),
            kind,
            label: label.clone(),
            alts: graph.alts.get(s).cloned().unwrap_or_default(),
            countries,
            ids: graph.same_as.get(s).cloned().unwrap_or_default(),
            doc_countries: doc_countries.clone(),
            neighbours: Arc::clone(&neighbours),
        });
    }
    out
}

/// The quads of one document graph with `links` applied: any identity
/// record already there undone, then each document IRI in `links` replaced
/// by its node and a record of it added. `links` must be sorted by `local`.
pub fn rewrite(quads: Vec<Quad>, graph: &str, links: &[Link], minter: &Minter) -> Vec<Quad> {
    let prefix = format!("{graph}/identity/");
    let mut reader = Reader::new(minter);
    for q in &quads {
        reader.add(q.as_ref());
    }
    let undo: HashMap<String, String> = reader
        .links()
        .remove(graph)
        .unwrap_or_default()
        .into_iter()
        .filter(|l| l.rule != SAME_EVENT)
        .map(|l| (l.to, l.local))
        .collect();
    let (same, links): (Vec<&Link>, Vec<&Link>) = links.iter().partition(|l| l.rule == SAME_EVENT);
    let redo: HashMap<&str, &str> = links
        .iter()
        .map(|l| (l.local.as_str(), l.to.as_str()))
        .collect();
    let map = |n: &NamedNode| -> NamedNode {
        let local = undo.get(n.as_str()).map_or(n.as_str(), String::as_str);
        NamedNode::new_unchecked(redo.get(local).copied().unwrap_or(local))
    };
    let graph_name = GraphName::NamedNode(NamedNode::new_unchecked(graph));
    let mut out: Vec<Quad> = Vec::with_capacity(quads.len() + 5 * links.len());
    for q in quads {
        if matches!(&q.subject, NamedOrBlankNode::NamedNode(s) if s.as_str().starts_with(&prefix))
            || q.predicate == kg::SAME_EVENT_AS
        {
            continue;
        }
        let subject = match q.subject {
            NamedOrBlankNode::NamedNode(s) => NamedOrBlankNode::NamedNode(map(&s)),
            other => other,
        };
        let object = match q.object {
            Term::NamedNode(o) => Term::NamedNode(map(&o)),
            other => other,
        };
        out.push(Quad::new(subject, q.predicate, object, q.graph_name));
    }
    for l in same {
        out.push(Quad::new(
            NamedNode::new_unchecked(&l.local),
            kg::SAME_EVENT_AS,
            NamedNode::new_unchecked(&l.to),
            graph_name.clone(),
        ));
    }
    for l in links {
        let local_path = l.local.strip_prefix(minter.base()).unwrap_or(&l.local);
        let record = NamedNode::new_unchecked(format!("{prefix}{local_path}"));
        let mut add = |p: NamedNodeRef<'_>, o: Term| {
            out.push(Quad::new(record.clone(), p, o, graph_name.clone()));
        };
        add(rdf::TYPE, kg::IDENTITY_LINK.into());
        add(
            kg::LOCAL_IRI,
            Literal::new_typed_literal(&l.local, xsd::ANY_URI).into(),
        );
        add(kg::RESOLVED_TO, NamedNode::new_unchecked(&l.to).into());
        add(
            kg::IDENTITY_RULE,
            Literal::new_simple_literal(&l.rule).into(),
        );
        add(
            kg::EVIDENCE,
            Literal::new_simple_literal(&l.evidence).into(),
        );
    }
    sort_quads(&mut out);
    out
}

/// [`resolve`] on what `reader` read, with the [`same_events`] links.
pub fn resolve_all(reader: &Reader<'_>, minter: &Minter) -> BTreeMap<String, Vec<Link>> {
    let mut links = resolve(&reader.profiles(), reader.curation(), minter);
    for (graph, same) in same_events(&reader.events(), &links) {
        let l = links.entry(graph).or_default();
        l.extend(same);
        l.sort();
    }
    links
}

/// Resolves the documents of one run (`extract` over several inputs),
/// obeying `curation`: each document's quads, rewritten. Documents keep
/// their order.
pub fn resolve_documents(
    documents: Vec<Vec<Quad>>,
    minter: &Minter,
    curation: &Curation,
) -> Vec<Vec<Quad>> {
    let mut reader = Reader::new(minter);
    reader.set_curation(curation.clone());
    for q in documents.iter().flatten() {
        reader.add(q.as_ref());
    }
    let links = resolve_all(&reader, minter);
    documents
        .into_iter()
        .map(|quads| {
            let Some(graph) = quads.iter().find_map(|q| match &q.graph_name {
                GraphName::NamedNode(g) => Some(g.as_str().to_owned()),
                _ => None,
            }) else {
                return quads;
            };
            match links.get(&graph) {
                Some(l) => rewrite(quads, &graph, l, minter),
                None => quads,
            }
        })
        .collect()
}

#[cfg(test)]
mod id_tests;
#[cfg(test)]
mod tests;
