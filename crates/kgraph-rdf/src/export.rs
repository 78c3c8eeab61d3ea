//! Stage 7, export: quads as RDF documents (Turtle, N-Triples, N-Quads, TriG,
//! JSON-LD, RDF/XML) in a deterministic order, subjects grouped. The DOT
//! picture lives in [`crate::dot`].

use std::io::Write;

use oxigraph::io::{RdfFormat, RdfSerializer};
use std::collections::{HashMap, HashSet};

use oxigraph::model::{NamedOrBlankNode, NamedOrBlankNodeRef, Quad, Term, TripleRef};

use crate::ontology::{self, kg, nif, rdf, rdfs};
pub use crate::rdf::{sort_quads, Provenance};

/// The RDF formats kgraph writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RdfOutput {
    /// Turtle, with the ontology's prefixes.
    Turtle,
    /// N-Triples.
    NTriples,
    /// N-Quads, one named graph per document.
    NQuads,
    /// TriG, one named graph per document.
    TriG,
    /// JSON-LD.
    JsonLd,
    /// RDF/XML.
    RdfXml,
}

impl RdfOutput {
    fn format(self) -> RdfFormat {
        match self {
            RdfOutput::Turtle => RdfFormat::Turtle,
            RdfOutput::NTriples => RdfFormat::NTriples,
            RdfOutput::NQuads => RdfFormat::NQuads,
            RdfOutput::TriG => RdfFormat::TriG,
            RdfOutput::JsonLd => RdfFormat::JsonLd {
                profile: Default::default(),
            },
            RdfOutput::RdfXml => RdfFormat::RdfXml,
        }
    }
}

/// The sort key of a subject: its IRI, with a mention's character offsets
/// (`…#char=147,152`) padded so that mentions come in text order, and an
/// action's or a statement's number (`…/action/12`) so that they come in
/// order.
fn subject_key(part: Part, iri: String) -> String {
    if matches!(part, Part::Action | Part::Statement) {
        let digits = iri.trim_end_matches('>');
        let n = digits.len() - digits.trim_end_matches(|c: char| c.is_ascii_digit()).len();
        return match n {
            0 => iri,
            _ => format!(
                "{}{:0>12}",
                &digits[..digits.len() - n],
                &digits[digits.len() - n..]
            ),
        };
    }
    if part != Part::Mention {
        return iri;
    }
    let Some((head, span)) = iri.split_once("#char=") else {
        return iri;
    };
    let span = span.trim_end_matches('>');
    match span.split_once(',') {
        Some((a, b)) => match (a.parse::<u64>(), b.parse::<u64>()) {
            (Ok(a), Ok(b)) => format!("{head}#char={a:012},{b:012}"),
            _ => iri,
        },
        None => iri,
    }
}

/// What a subject is, in the order triple formats write them: the facts
/// (entities, then actions and identity links) before the provenance
/// (the relations' statements, documents, then their text, sentence and
/// mention nodes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Part {
    Entity,
    Action,
    IdentityLink,
    Statement,
    Document,
    Mention,
}

/// The part each typed subject of `quads` belongs to; an untyped one is an
/// entity.
fn parts(quads: &[Quad]) -> HashMap<NamedOrBlankNodeRef<'_>, Part> {
    let mut parts = HashMap::new();
    for q in quads.iter().filter(|q| q.predicate == rdf::TYPE) {
        let Term::NamedNode(class) = &q.object else {
            continue;
        };
        let part = if class.as_ref() == kg::DOCUMENT {
            Part::Document
        } else if class.as_str().starts_with(nif::NS) {
            Part::Mention
        } else if class.as_ref() == kg::ACTION {
            Part::Action
        } else if class.as_ref() == kg::IDENTITY_LINK {
            Part::IdentityLink
        } else if class.as_ref() == rdf::STATEMENT {
            Part::Statement
        } else {
            continue;
        };
        let entry = parts.entry(q.subject.as_ref()).or_insert(part);
        *entry = (*entry).max(part);
    }
    parts
}

/// The facts of `quads` without their provenance: no document, statement,
/// sentence, mention or text node, no identity link, no triple pointing at
/// one (`kg:mentionedIn`, `kg:statedIn`), and no rule or confidence.
/// Entities keep their types, names, ids and relations; actions their type,
/// agent, target, date and place.
pub fn facts_only(quads: &[Quad]) -> Vec<Quad> {
    let parts = parts(quads);
    let provenance = |s: NamedOrBlankNodeRef<'_>| {
        parts.get(&s).is_some_and(|p| {
            matches!(
                p,
                Part::Document | Part::Mention | Part::IdentityLink | Part::Statement
            )
        })
    };
    let dropped: HashSet<NamedOrBlankNodeRef<'_>> =
        parts.keys().copied().filter(|s| provenance(*s)).collect();
    quads
        .iter()
        .filter(|q| {
            !dropped.contains(&q.subject.as_ref())
                && q.predicate != kg::MENTIONED_IN
                && q.predicate != kg::RULE
                && q.predicate != kg::CONFIDENCE
                && !match &q.object {
                    Term::NamedNode(n) => dropped.contains(&NamedOrBlankNodeRef::from(n.as_ref())),
                    Term::BlankNode(b) => dropped.contains(&NamedOrBlankNodeRef::from(b.as_ref())),
                    _ => false,
                }
        })
        .cloned()
        .collect()
}

/// Writes `quads` (already sorted) in `output` format. Triple formats get the
/// union of the graphs, each triple once: entities first, then actions and
/// identity links, then documents and their mentions; each subject's type
/// and label before its other triples.
pub fn write_rdf<W: Write>(quads: &[Quad], output: RdfOutput, writer: W) -> std::io::Result<W> {
    let format = output.format();
    let mut serializer = RdfSerializer::from_format(format);
    // The prefixes the quads use (a graph without provenance has no nif:),
    // for the formats that declare them; each quad's IRIs looked at once.
    if !matches!(output, RdfOutput::NTriples | RdfOutput::NQuads) {
        let mut used = vec![false; ontology::PREFIXES.len()];
        let mut mark = |iri: &str| {
            for (u, (_, ns)) in used.iter_mut().zip(ontology::PREFIXES) {
                *u |= iri.starts_with(ns);
            }
        };
        for q in quads {
            mark(q.predicate.as_str());
            if let NamedOrBlankNode::NamedNode(n) = &q.subject {
                mark(n.as_str());
            }
            match &q.object {
                Term::NamedNode(n) => mark(n.as_str()),
                Term::Literal(l) => mark(l.datatype().as_str()),
                _ => {}
            }
        }
        for ((prefix, iri), _) in ontology::PREFIXES.iter().zip(&used).filter(|(_, u)| **u) {
            serializer = serializer
                .with_prefix(*prefix, *iri)
                .map_err(std::io::Error::other)?;
        }
    }
    let mut serializer = serializer.for_writer(writer);
    if format.supports_datasets() {
        for q in quads {
            serializer.serialize_quad(q)?;
        }
    } else {
        let mut triples: Vec<TripleRef<'_>> = quads
            .iter()
            .map(|q| TripleRef::new(&q.subject, &q.predicate, &q.object))
            .collect();
        // Sorted by graph first: re-sort the union by part and subject,
        // keeping the rank order.
        let parts = parts(quads);
        let mut keyed: Vec<(Part, String, usize, String, String, TripleRef<'_>)> = triples
            .drain(..)
            .map(|t| {
                let rank = if t.predicate == rdf::TYPE {
                    0
                } else if t.predicate == rdfs::LABEL {
                    1
                } else {
                    2
                };
                let part = parts.get(&t.subject).copied().unwrap_or(Part::Entity);
                (
                    part,
                    subject_key(part, t.subject.to_string()),
                    rank,
                    t.predicate.to_string(),
                    t.object.to_string(),
                    t,
                )
            })
            .collect();
        keyed.sort_by(|a, b| (a.0, &a.1, a.2, &a.3, &a.4).cmp(&(b.0, &b.1, b.2, &b.3, &b.4)));
        keyed.dedup_by(|a, b| a.5 == b.5);
        for (_, _, _, _, _, t) in keyed {
            serializer.serialize_triple(t)?;
        }
    }
    serializer.finish()
}
