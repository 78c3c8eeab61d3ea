//! Stage 7, export: quads as RDF documents (Turtle, N-Triples, N-Quads, TriG,
//! JSON-LD, RDF/XML) in a deterministic order, subjects grouped. The DOT
//! picture lives in [`crate::dot`].

use std::io::Write;

use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::{Quad, TripleRef};

use crate::ontology::{self, rdf, rdfs};
pub use crate::rdf::sort_quads;

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

/// Writes `quads` (already sorted) in `output` format. Triple formats get the
/// union of the graphs, each triple once.
pub fn write_rdf<W: Write>(quads: &[Quad], output: RdfOutput, writer: W) -> std::io::Result<W> {
    let format = output.format();
    let mut serializer = RdfSerializer::from_format(format);
    for (prefix, iri) in ontology::PREFIXES {
        serializer = serializer
            .with_prefix(*prefix, *iri)
            .map_err(std::io::Error::other)?;
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
        // Sorted by graph first: re-sort the union by subject, keeping the rank order.
        let mut keyed: Vec<(String, usize, String, String, TripleRef<'_>)> = triples
            .drain(..)
            .map(|t| {
                let rank = if t.predicate == rdf::TYPE {
                    0
                } else if t.predicate == rdfs::LABEL {
                    1
                } else {
                    2
                };
                (
                    t.subject.to_string(),
                    rank,
                    t.predicate.to_string(),
                    t.object.to_string(),
                    t,
                )
            })
            .collect();
        keyed.sort_by(|a, b| (&a.0, a.1, &a.2, &a.3).cmp(&(&b.0, b.1, &b.2, &b.3)));
        keyed.dedup_by(|a, b| a.4 == b.4);
        for (_, _, _, _, t) in keyed {
            serializer.serialize_triple(t)?;
        }
    }
    serializer.finish()
}
