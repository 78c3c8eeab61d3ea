//! Stage 5, triples: an [`Extraction`] as RDF quads in its document's named graph.
//!
//! Writes the document node (provenance), the entities with their labels,
//! types and identifiers, the relations and actions, and as much of the
//! evidence as the [`Provenance`] level asks for: each relation as an
//! `rdf:Statement` with its rule, confidence and sentence, each action's
//! rule and sentence (NIF spans with character offsets into the document's
//! text), and every mention. Every IRI comes from [`crate::ontology`].

use oxigraph::model::{GraphName, Literal, NamedNode, NamedOrBlankNode, Quad, Term};

use crate::ontology::{self, kg, nif, owl, prov, rdf, rdfs, skos, xsd, Minter};
use kgraph_extract::entities::Entity;
use kgraph_extract::gazetteer::{Gazetteer, PlaceName};
use kgraph_extract::relations::Object;
use kgraph_extract::schema::EntityType;
use kgraph_extract::schema::Property;
use kgraph_extract::Extraction;

/// The class IRI of an entity type.
pub fn class_of(kind: EntityType) -> oxigraph::model::NamedNodeRef<'static> {
    match kind {
        EntityType::Person => kg::PERSON,
        EntityType::Organization => kg::ORGANIZATION,
        EntityType::Country => kg::COUNTRY,
        EntityType::Event => kg::EVENT,
        EntityType::Place => kg::PLACE,
    }
}

/// The subclass IRI named by a lexicon class name ("PoliticalParty").
fn subclass(name: &str) -> Option<oxigraph::model::NamedNodeRef<'static>> {
    Some(match name {
        "PoliticalParty" => kg::POLITICAL_PARTY,
        "GovernmentBody" => kg::GOVERNMENT_BODY,
        "Company" => kg::COMPANY,
        "MediaOrganization" => kg::MEDIA_ORGANIZATION,
        "InternationalOrganization" => kg::INTERNATIONAL_ORGANIZATION,
        "Election" => kg::ELECTION,
        "Protest" => kg::PROTEST,
        "Meeting" => kg::MEETING,
        "Attack" => kg::ATTACK,
        "Conflict" => kg::CONFLICT,
        "Arrest" => kg::ARREST,
        "Ceremony" => kg::CEREMONY,
        "Disaster" => kg::DISASTER,
        "Trial" => kg::TRIAL,
        "Strike" => kg::STRIKE,
        "Tournament" => kg::TOURNAMENT,
        _ => return None,
    })
}

/// The property IRI of a relation property.
pub fn property_iri(p: Property) -> oxigraph::model::NamedNodeRef<'static> {
    match p {
        Property::Nationality => kg::NATIONALITY,
        Property::Position => kg::POSITION,
        Property::AffiliatedWith => kg::AFFILIATED_WITH,
        Property::MemberOf => kg::MEMBER_OF,
        Property::LeaderOf => kg::LEADER_OF,
        Property::ResidesIn => kg::RESIDES_IN,
        Property::Country => kg::COUNTRY_PROP,
        Property::Location => kg::LOCATION,
        Property::Date => kg::DATE,
        Property::Participant => kg::PARTICIPANT,
        Property::Candidate => kg::CANDIDATE,
        Property::Winner => kg::WINNER,
        Property::Organizer => kg::ORGANIZER,
        Property::PartOf => kg::PART_OF,
    }
}

/// The IRIs of every relation property, in the schema's order.
pub fn property_iris() -> impl Iterator<Item = oxigraph::model::NamedNodeRef<'static>> {
    Property::ALL.into_iter().map(property_iri)
}

/// The path segment of an entity type in minted IRIs.
fn path_of(kind: EntityType) -> &'static str {
    match kind {
        EntityType::Person => "person",
        EntityType::Organization => "organization",
        EntityType::Country => "country",
        EntityType::Event => "event",
        EntityType::Place => "place",
    }
}

/// The IRI of an entity.
pub fn entity_iri(minter: &Minter, entity: &Entity) -> NamedNode {
    let kind = path_of(entity.kind);
    NamedNode::new_unchecked(match &entity.document {
        Some(doc) => minter.document_entity(doc, kind, &entity.key),
        None => minter.entity(kind, &entity.key),
    })
}

/// The IRI of a document.
pub fn document_iri(minter: &Minter, extraction: &Extraction) -> NamedNode {
    NamedNode::new_unchecked(minter.document(&extraction.document.id()))
}

/// How much of the evidence a document's graph keeps (`--provenance`); each
/// level holds all of the one before.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub enum Provenance {
    /// The facts and the document graph: the document node and its
    /// metadata, the entities (with `kg:mentionedIn`), relations, actions
    /// and identity links; no text, no statement and no mention nodes.
    None,
    /// And the evidence of each fact: every relation as an `rdf:Statement`
    /// (`rdf:subject`, `rdf:predicate`, `rdf:object`) with `kg:rule`,
    /// `kg:confidence` and `kg:statedIn` its sentence; every action with its
    /// `kg:rule` and `kg:statedIn`; the sentences (`nif:Sentence`, character
    /// offsets and text) and the document's text (`nif:Context`).
    #[default]
    Statements,
    /// And every mention of every entity with its character offsets (NIF).
    Mentions,
}

/// The quads of one extraction with all of its evidence
/// ([`Provenance::Mentions`]); see [`to_quads_at`].
pub fn to_quads(extraction: &Extraction, minter: &Minter, ingested_at: Option<&str>) -> Vec<Quad> {
    to_quads_at(extraction, minter, ingested_at, Provenance::Mentions)
}

/// The quads of one extraction at provenance `level`, all in the document's
/// named graph, sorted ([`sort_quads`]). `ingested_at` (an `xsd:dateTime`
/// lexical form) is recorded when given; `extract` leaves it out so its
/// output stays deterministic.
pub fn to_quads_at(
    extraction: &Extraction,
    minter: &Minter,
    ingested_at: Option<&str>,
    level: Provenance,
) -> Vec<Quad> {
    let doc = document_iri(minter, extraction);
    let graph = GraphName::NamedNode(doc.clone());
    let mut quads = Vec::new();
    let mut add = |s: &NamedNode, p: oxigraph::model::NamedNodeRef<'_>, o: Term| {
        quads.push(Quad::new(s.clone(), p, o, graph.clone()));
    };
    let document = &extraction.document;
    let entities = &extraction.relations.entities;
    let text = &entities.mentions.text;

    // The document.
    add(&doc, rdf::TYPE, kg::DOCUMENT.into());
    add(&doc, rdf::TYPE, prov::ENTITY.into());
    add(
        &doc,
        kg::SHA256,
        Literal::new_simple_literal(document.sha256()).into(),
    );
    add(
        &doc,
        kg::SOURCE,
        Literal::new_simple_literal(&document.source).into(),
    );
    if let Some(title) = document.display_title() {
        add(&doc, kg::TITLE, Literal::new_simple_literal(title).into());
    }
    if let Some(date) = document.published {
        add(&doc, kg::PUBLISHED, date_literal(date).into());
    }
    if let Some(at) = ingested_at {
        add(
            &doc,
            kg::INGESTED_AT,
            Literal::new_typed_literal(at, xsd::DATE_TIME).into(),
        );
    }
    let doc_id = document.id();
    let n_chars = text.char_len();
    let context = NamedNode::new_unchecked(minter.context(&doc_id, n_chars));
    if level >= Provenance::Statements {
        add(&context, rdf::TYPE, nif::CONTEXT.into());
        add(&context, rdf::TYPE, nif::RFC5147_STRING.into());
        add(
            &context,
            nif::IS_STRING,
            Literal::new_simple_literal(text.as_str()).into(),
        );
    }

    // Entities.
    let g = Gazetteer::get();
    let iris: Vec<NamedNode> = entities
        .entities
        .iter()
        .map(|e| entity_iri(minter, e))
        .collect();
    for (entity, iri) in entities.entities.iter().zip(&iris) {
        add(iri, rdf::TYPE, class_of(entity.kind).into());
        if let Some(sub) = entity.class.as_deref().and_then(subclass) {
            add(iri, rdf::TYPE, sub.into());
        }
        add(
            iri,
            rdfs::LABEL,
            Literal::new_language_tagged_literal_unchecked(&entity.name, "en").into(),
        );
        for alias in &entity.aliases {
            add(
                iri,
                skos::ALT_LABEL,
                Literal::new_language_tagged_literal_unchecked(alias, "en").into(),
            );
        }
        let qid = match entity.gazetteer {
            Some(PlaceName::Country(c) | PlaceName::Demonym(c)) => {
                add(
                    iri,
                    kg::ISO_CODE,
                    Literal::new_simple_literal(&g.countries[c].iso2).into(),
                );
                g.countries[c].qid.as_deref()
            }
            Some(PlaceName::Org(o)) => g.orgs[o].qid.as_deref(),
            Some(PlaceName::City(c)) => {
                if let Some(id) = &g.cities[c].geonames {
                    add(
                        iri,
                        owl::SAME_AS,
                        NamedNode::new_unchecked(ontology::geonames(id)).into(),
                    );
                }
                g.cities[c].qid.as_deref()
            }
            _ => None,
        };
        let wikidata = qid.map(ontology::wikidata);
        if let Some(item) = &wikidata {
            add(iri, owl::SAME_AS, NamedNode::new_unchecked(item).into());
        }
        if let Some(link) = &entity.catalog {
            // The id was checked as an IRI when the catalog was read.
            if wikidata.as_deref() != Some(link.id.as_str()) {
                if let Ok(id) = NamedNode::new(&link.id) {
                    add(iri, owl::SAME_AS, id.into());
                }
            }
            if let Some(d) = &link.description {
                add(
                    iri,
                    rdfs::COMMENT,
                    Literal::new_language_tagged_literal_unchecked(d, "en").into(),
                );
            }
        }
        add(iri, kg::MENTIONED_IN, doc.clone().into());
    }

    // Mentions; those coreference joined with their rule and confidence.
    let joined: std::collections::BTreeMap<usize, &kgraph_extract::coref::Joined> = extraction
        .coreference
        .iter()
        .map(|j| (j.mention, j))
        .collect();
    let mentions = match level {
        Provenance::Mentions => entities.mentions.mentions.as_slice(),
        _ => &[],
    };
    for (m, mention) in mentions.iter().enumerate() {
        let Some(e) = entities.of_mention[m] else {
            continue;
        };
        let (begin, end) = text.char_span(mention.first, mention.end);
        let node = NamedNode::new_unchecked(minter.mention(&doc_id, begin, end));
        add(&node, rdf::TYPE, nif::STRING.into());
        add(&node, rdf::TYPE, nif::RFC5147_STRING.into());
        add(&node, nif::BEGIN_INDEX, integer(begin).into());
        add(&node, nif::END_INDEX, integer(end).into());
        add(
            &node,
            nif::ANCHOR_OF,
            Literal::new_simple_literal(text.span_text(mention.first, mention.end)).into(),
        );
        add(&node, nif::REFERENCE_CONTEXT, context.clone().into());
        add(&node, kg::DENOTES, iris[e].clone().into());
        if let Some(j) = joined.get(&m) {
            add(
                &node,
                kg::RULE,
                Literal::new_simple_literal(kgraph_extract::coref::rule(j.kind)).into(),
            );
            add(&node, kg::CONFIDENCE, confidence(j.confidence).into());
        }
    }

    // The sentences that state a relation or an action, as token spans.
    let evidence = level >= Provenance::Statements;
    let mut sentences = std::collections::BTreeSet::new();
    let mut stated_in = |first: usize, end: usize| {
        let (first, end) = text.sentences_around(first, end);
        sentences.insert((first, end));
        let (begin, end) = text.char_span(first, end);
        NamedNode::new_unchecked(minter.mention(&doc_id, begin, end))
    };

    // Relations, each with its statement.
    for (n, r) in extraction.relations.relations.iter().enumerate() {
        let object: Term = match &r.object {
            Object::Entity(o) => iris[*o].clone().into(),
            Object::Text(t) => Literal::new_simple_literal(t).into(),
            Object::Date(d) => date_literal(*d).into(),
        };
        let property = property_iri(r.property);
        if evidence {
            let node = NamedNode::new_unchecked(minter.statement(&doc_id, n + 1));
            add(&node, rdf::TYPE, rdf::STATEMENT.into());
            add(&node, rdf::SUBJECT, iris[r.subject].clone().into());
            add(&node, rdf::PREDICATE, property.into());
            add(&node, rdf::OBJECT, object.clone());
            add(&node, kg::RULE, Literal::new_simple_literal(r.rule).into());
            add(&node, kg::CONFIDENCE, confidence(r.confidence).into());
            if let Some((first, end)) = r.evidence {
                add(&node, kg::STATED_IN, stated_in(first, end).into());
            }
        }
        add(&iris[r.subject], property, object);
    }

    // Actions.
    for (n, a) in extraction.actions.iter().enumerate() {
        let node = NamedNode::new_unchecked(minter.action(&doc_id, n + 1));
        add(&node, rdf::TYPE, kg::ACTION.into());
        add(
            &node,
            kg::ACTION_TYPE,
            Literal::new_simple_literal(&a.kind).into(),
        );
        add(&node, kg::AGENT, iris[a.agent].clone().into());
        add(&node, kg::TARGET, iris[a.target].clone().into());
        if let Some(date) = a.date {
            add(&node, kg::DATE, date_literal(date).into());
        }
        if a.negated {
            add(
                &node,
                kg::NEGATED,
                Literal::new_typed_literal("true", xsd::BOOLEAN).into(),
            );
        }
        if let Some(r) = a.reported_by {
            add(&node, kg::REPORTED_BY, iris[r].clone().into());
        }
        if evidence {
            add(&node, kg::RULE, Literal::new_simple_literal(a.rule).into());
            add(&node, kg::STATED_IN, stated_in(a.verb, a.verb + 1).into());
        }
    }

    // The sentences.
    for (first, end) in sentences {
        let (begin, end_char) = text.char_span(first, end);
        let node = NamedNode::new_unchecked(minter.mention(&doc_id, begin, end_char));
        add(&node, rdf::TYPE, nif::SENTENCE.into());
        add(&node, rdf::TYPE, nif::RFC5147_STRING.into());
        add(&node, nif::BEGIN_INDEX, integer(begin).into());
        add(&node, nif::END_INDEX, integer(end_char).into());
        add(
            &node,
            nif::ANCHOR_OF,
            Literal::new_simple_literal(text.span_text(first, end)).into(),
        );
        add(&node, nif::REFERENCE_CONTEXT, context.clone().into());
    }
    sort_quads(&mut quads);
    quads
}

/// A confidence in [0, 1] as an `xsd:decimal` rounded to two places, in
/// the canonical form a store keeps ("0.9", "1", not "0.90", "1.00"), so
/// that what `extract` writes is what the store gives back.
fn confidence(c: f32) -> Literal {
    let two = format!("{c:.2}");
    let canonical = two.trim_end_matches('0').trim_end_matches('.');
    Literal::new_typed_literal(canonical, xsd::DECIMAL)
}

/// A character offset as an `xsd:integer`.
fn integer(n: usize) -> Literal {
    Literal::new_typed_literal(n.to_string(), xsd::INTEGER)
}

/// `quads` with each relation also stated with its parent property in the
/// ontology (`kg:memberOf` and `kg:leaderOf` also as `kg:affiliatedWith`,
/// `kg:candidate` and `kg:winner` as `kg:participant`), in the same graph,
/// sorted: what `--infer` writes, so that a query for the parent finds the
/// children without following `rdfs:subPropertyOf`.
pub fn with_parent_properties(mut quads: Vec<Quad>) -> Vec<Quad> {
    let parents: Vec<Quad> = quads
        .iter()
        .filter_map(|q| {
            let property = Property::ALL
                .into_iter()
                .find(|p| property_iri(*p) == q.predicate.as_ref())?;
            let parent = property.parent()?;
            Some(Quad::new(
                q.subject.clone(),
                property_iri(parent),
                q.object.clone(),
                q.graph_name.clone(),
            ))
        })
        .collect();
    if parents.is_empty() {
        return quads;
    }
    quads.extend(parents);
    sort_quads(&mut quads);
    quads
}

/// A date as a typed literal of the XML Schema type its form calls for.
pub fn date_literal(date: kgraph_extract::dates::Date) -> Literal {
    let datatype = match date.xsd_local_name() {
        "date" => xsd::DATE,
        "gYearMonth" => xsd::G_YEAR_MONTH,
        "gYear" => xsd::G_YEAR,
        "gMonthDay" => xsd::G_MONTH_DAY,
        _ => xsd::G_MONTH,
    };
    Literal::new_typed_literal(date.to_string(), datatype)
}

/// Sorts quads so subjects are grouped: by graph, subject, then `rdf:type`,
/// `rdfs:label`, the other predicates, and objects; and drops duplicates.
/// Compares the terms' strings in place, without building a key a quad.
pub fn sort_quads(quads: &mut Vec<Quad>) {
    fn rank(q: &Quad) -> u8 {
        if q.predicate.as_ref() == rdf::TYPE {
            0
        } else if q.predicate.as_ref() == rdfs::LABEL {
            1
        } else {
            2
        }
    }
    fn graph_key(g: &GraphName) -> (u8, &str) {
        match g {
            GraphName::DefaultGraph => (0, ""),
            GraphName::NamedNode(n) => (1, n.as_str()),
            GraphName::BlankNode(b) => (2, b.as_str()),
        }
    }
    fn subject_key(s: &NamedOrBlankNode) -> (u8, &str) {
        match s {
            NamedOrBlankNode::NamedNode(n) => (0, n.as_str()),
            NamedOrBlankNode::BlankNode(b) => (1, b.as_str()),
        }
    }
    fn object_key(t: &Term) -> (u8, &str, &str) {
        match t {
            Term::NamedNode(n) => (0, n.as_str(), ""),
            Term::BlankNode(b) => (1, b.as_str(), ""),
            Term::Literal(l) => (2, l.value(), l.language().unwrap_or(l.datatype().as_str())),
            #[allow(unreachable_patterns)]
            _ => (3, "", ""),
        }
    }
    quads.sort_unstable_by(|a, b| {
        graph_key(&a.graph_name)
            .cmp(&graph_key(&b.graph_name))
            .then_with(|| subject_key(&a.subject).cmp(&subject_key(&b.subject)))
            .then_with(|| rank(a).cmp(&rank(b)))
            .then_with(|| a.predicate.as_str().cmp(b.predicate.as_str()))
            .then_with(|| object_key(&a.object).cmp(&object_key(&b.object)))
    });
    quads.dedup();
}
