//! The extraction itself as JSON, for debugging and for tools: entities with
//! their mentions (character offsets) and the rule that found them, relations
//! with confidence and rule. `kgraph extract --format json` prints it.

use serde::Serialize;

use crate::ontology::Minter;
use kgraph_extract::relations::Object;
use kgraph_extract::schema::EntityType;
use kgraph_extract::Extraction;

/// One document's extraction.
#[derive(Debug, Serialize)]
pub struct ExtractionJson {
    /// The document.
    pub document: DocumentJson,
    /// Its entities.
    pub entities: Vec<EntityJson>,
    /// Its relations.
    pub relations: Vec<RelationJson>,
    /// Its actions (who did what to whom).
    pub actions: Vec<ActionJson>,
    /// Its parsed sentences (none unless the extraction parsed some).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sentences: Vec<SentenceJson>,
    /// The mentions coreference joined to entities, in text order, each with
    /// its antecedent and the resolver's reasons (none without a parse).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub coreference: Vec<CorefJson>,
}

/// A mention coreference joined to an entity.
#[derive(Debug, Serialize)]
pub struct CorefJson {
    /// The entity's id.
    pub entity: String,
    /// The mention joined (its rule is `coref:pronoun` or `coref:nominal`).
    pub mention: MentionJson,
    /// The mention it was linked to, when it is one of the entities'.
    pub antecedent: Option<MentionJson>,
    /// How sure the resolver was, two decimals.
    pub confidence: f64,
    /// The features that weighed most for the link, with their weights.
    pub features: Vec<(String, f64)>,
}

/// A parsed sentence.
#[derive(Debug, Serialize)]
pub struct SentenceJson {
    /// Its number in the document (1-based), as `# sent_id` in CoNLL-U.
    pub n: usize,
    /// First character offset.
    pub start: usize,
    /// Character offset just past it.
    pub end: usize,
    /// Its words.
    pub tokens: Vec<TokenJson>,
}

/// A word of a parsed sentence.
#[derive(Debug, Serialize)]
pub struct TokenJson {
    /// The characters.
    pub text: String,
    /// First character offset.
    pub start: usize,
    /// Character offset just past it.
    pub end: usize,
    /// Universal part of speech.
    pub upos: &'static str,
    /// Penn Treebank tag.
    pub xpos: &'static str,
    /// The head's position in the sentence (1-based); 0 for the root.
    pub head: usize,
    /// The dependency relation to the head.
    pub deprel: &'static str,
}

/// The document part.
#[derive(Debug, Serialize)]
pub struct DocumentJson {
    /// Document IRI.
    pub iri: String,
    /// Where it was read from.
    pub source: String,
    /// Title.
    pub title: Option<String>,
    /// Publication date.
    pub published: Option<String>,
    /// Hex SHA-256 of the text.
    pub sha256: String,
}

/// An entity.
#[derive(Debug, Serialize)]
pub struct EntityJson {
    /// Local id ("e1"), used by relations.
    pub id: String,
    /// The type.
    #[serde(rename = "type")]
    pub kind: EntityType,
    /// Subclass, if known.
    pub class: Option<String>,
    /// Canonical name.
    pub name: String,
    /// Other surface forms.
    pub aliases: Vec<String>,
    /// Minted IRI.
    pub iri: String,
    /// The rule or gazetteer that typed it.
    pub rule: &'static str,
    /// The id of the catalog entry it is linked to (`--catalog`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub catalog: Option<String>,
    /// Where it is mentioned.
    pub mentions: Vec<MentionJson>,
}

/// A mention.
#[derive(Debug, Serialize)]
pub struct MentionJson {
    /// The characters.
    pub text: String,
    /// First character offset.
    pub start: usize,
    /// Character offset just past it.
    pub end: usize,
    /// The rule or gazetteer that found it.
    pub rule: &'static str,
}

/// A relation.
#[derive(Debug, Serialize)]
pub struct RelationJson {
    /// Subject entity id.
    pub s: String,
    /// Property name.
    pub p: &'static str,
    /// Object: an entity id or a literal.
    pub o: String,
    /// Whether `o` is an entity id.
    pub object_is_entity: bool,
    /// Confidence in [0, 1], two decimals.
    pub confidence: f64,
    /// The rule that found it.
    pub rule: &'static str,
    /// The sentence that states it (the sentences, for the classifier's
    /// relations between two sentences).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evidence: Option<EvidenceJson>,
    /// For a relation the classifier found, the features that weighed most
    /// for it against no relation, with their weights.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub features: Vec<(String, f64)>,
}

/// The sentence that states a relation or an action: its characters and
/// their offsets.
#[derive(Debug, Serialize)]
pub struct EvidenceJson {
    /// The characters.
    pub text: String,
    /// First character offset.
    pub start: usize,
    /// Character offset just past it.
    pub end: usize,
}

/// An action.
#[derive(Debug, Serialize)]
pub struct ActionJson {
    /// Action type.
    #[serde(rename = "type")]
    pub kind: String,
    /// Agent entity id.
    pub agent: String,
    /// Target entity id.
    pub target: String,
    /// Date, if stated.
    pub date: Option<String>,
    /// The verb as written.
    pub verb: String,
    /// The rule that found it.
    pub rule: &'static str,
    /// The sentence that states it.
    pub evidence: EvidenceJson,
    /// The text says it did not happen ("did not sign").
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub negated: bool,
    /// The id of the entity the text reports it from ("X said ...").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reported_by: Option<String>,
}

/// The JSON view of an extraction.
pub fn to_json(x: &Extraction, minter: &Minter) -> ExtractionJson {
    let entities = &x.relations.entities;
    let text = &entities.mentions.text;
    let id = |e: usize| format!("e{}", e + 1);
    let evidence = |first: usize, end: usize| {
        let (first, end) = text.sentences_around(first, end);
        let (start, end_char) = text.char_span(first, end);
        EvidenceJson {
            text: text.span_text(first, end).to_owned(),
            start,
            end: end_char,
        }
    };
    ExtractionJson {
        document: DocumentJson {
            iri: crate::rdf::document_iri(minter, x).into_string(),
            source: x.document.source.clone(),
            title: x.document.display_title(),
            published: x.document.published.map(|d| d.to_string()),
            sha256: x.document.sha256(),
        },
        entities: entities
            .entities
            .iter()
            .enumerate()
            .map(|(i, e)| EntityJson {
                id: id(i),
                kind: e.kind,
                class: e.class.clone(),
                name: e.name.clone(),
                aliases: e.aliases.iter().cloned().collect(),
                iri: crate::rdf::entity_iri(minter, e).into_string(),
                rule: e.rule,
                catalog: e.catalog.as_ref().map(|c| c.id.clone()),
                mentions: e
                    .mentions
                    .iter()
                    .map(|&m| {
                        let m = &entities.mentions.mentions[m];
                        let (start, end) = text.char_span(m.first, m.end);
                        MentionJson {
                            text: text.span_text(m.first, m.end).to_owned(),
                            start,
                            end,
                            rule: m.rule,
                        }
                    })
                    .collect(),
            })
            .collect(),
        relations: x
            .relations
            .relations
            .iter()
            .map(|r| {
                let (o, object_is_entity) = match &r.object {
                    Object::Entity(e) => (id(*e), true),
                    Object::Text(t) => (t.clone(), false),
                    Object::Date(d) => (d.to_string(), false),
                };
                RelationJson {
                    s: id(r.subject),
                    p: r.property.as_str(),
                    o,
                    object_is_entity,
                    confidence: (f64::from(r.confidence) * 100.0).round() / 100.0,
                    rule: r.rule,
                    evidence: r.evidence.map(|(first, end)| evidence(first, end)),
                    features: r
                        .features
                        .iter()
                        .map(|(n, w)| (n.clone(), (f64::from(*w) * 1000.0).round() / 1000.0))
                        .collect(),
                }
            })
            .collect(),
        actions: x
            .actions
            .iter()
            .map(|a| ActionJson {
                kind: a.kind.clone(),
                agent: id(a.agent),
                target: id(a.target),
                date: a.date.map(|d| d.to_string()),
                verb: text.word(a.verb).to_owned(),
                rule: a.rule,
                evidence: evidence(a.verb, a.verb + 1),
                negated: a.negated,
                reported_by: a.reported_by.map(id),
            })
            .collect(),
        coreference: x
            .coreference
            .iter()
            .filter_map(|j| {
                let mention_json = |m: usize| {
                    let mention = &entities.mentions.mentions[m];
                    let (start, end) = text.char_span(mention.first, mention.end);
                    MentionJson {
                        text: text.span_text(mention.first, mention.end).to_owned(),
                        start,
                        end,
                        rule: mention.rule,
                    }
                };
                Some(CorefJson {
                    entity: id(entities.of_mention[j.mention]?),
                    mention: mention_json(j.mention),
                    antecedent: j.antecedent.map(mention_json),
                    confidence: (f64::from(j.confidence) * 100.0).round() / 100.0,
                    features: j
                        .features
                        .iter()
                        .map(|(f, w)| (f.clone(), (f64::from(*w) * 1000.0).round() / 1000.0))
                        .collect(),
                })
            })
            .collect(),
        sentences: x
            .syntax
            .sentences
            .iter()
            .enumerate()
            .filter_map(|(k, words)| {
                let words = words.as_ref()?;
                Some(SentenceJson {
                    n: k + 1,
                    start: words.first()?.char_start,
                    end: words.last()?.char_end,
                    tokens: words
                        .iter()
                        .map(|w| TokenJson {
                            text: text.as_str()[w.start..w.end].to_owned(),
                            start: w.char_start,
                            end: w.char_end,
                            upos: w.upos,
                            xpos: w.xpos,
                            head: w.head,
                            deprel: w.deprel,
                        })
                        .collect(),
                })
            })
            .collect(),
    }
}
