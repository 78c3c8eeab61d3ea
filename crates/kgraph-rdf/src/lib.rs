//! kgraph's RDF: the ontology's IRIs and minting, an extraction as quads in
//! its document's named graph, and the writers (Turtle, N-Triples, N-Quads,
//! TriG, JSON-LD, RDF/XML, the JSON of `extract --format json`, and DOT).
//!
//! | module | what it owns |
//! |---|---|
//! | [`ontology`] | every IRI kgraph writes, one constant a term, and [`Minter`] for minted ones |
//! | [`rdf`] | an extraction as quads in its document's named graph; the order they are written in |
//! | [`export`] | Turtle, N-Triples, N-Quads, TriG, JSON-LD, RDF/XML |
//! | [`identity`] | people and organizations of different documents resolved to one node each, and the graphs rewritten |
//! | [`nquads`] | document graphs read back from N-Quads, checked, a graph at a time |
//! | [`json`] | the JSON of `extract --format json`: entities, mentions, relations and their rules |
//! | [`dot`] | a Graphviz picture of a graph, or of one entity's neighbourhood |
//!
//! ```
//! use kgraph_extract::{extract, Document};
//! use kgraph_rdf::Minter;
//! let doc = Document::new("Venezuelan Interior Minister Diosdado Cabello spoke in Caracas.", "-");
//! let quads = kgraph_rdf::rdf::to_quads(&extract(&doc), &Minter::default(), None);
//! assert!(quads.iter().any(|q| q.subject.to_string() == "<https://w3id.org/kgraph/id/person/diosdado-cabello>"));
//! ```

pub mod dot;
pub mod export;
pub mod identity;
pub mod json;
pub mod nquads;
pub mod ontology;
pub mod rdf;

pub use ontology::Minter;
