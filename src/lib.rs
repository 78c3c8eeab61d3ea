//! kgraph builds a knowledge graph of the people, organizations, events,
//! countries and places in news articles.
//!
//! The pipeline runs one way, one stage a module, each with a named output:
//!
//! ```text
//! Document --text--> Text --mentions--> Mentions --entities--> Entities
//!          --relations--> Relations --actions--> Extraction --rdf--> quads
//!          --store--> Oxigraph on disk --export/dot--> Turtle, N-Quads, ..., DOT
//! ```
//!
//! [`extract`] runs the first four stages; [`rdf::to_quads`] turns the result
//! into RDF in the document's named graph; [`Store`] keeps it; [`export`] and
//! [`dot`] write it out. Only [`ontology`] spells IRIs.
//!
//! ```
//! use kgraph::{extract, Document, Minter};
//! let doc = Document::new("Venezuelan Interior Minister Diosdado Cabello spoke in Caracas.", "-");
//! let quads = kgraph::rdf::to_quads(&extract(&doc), &Minter::default(), None);
//! assert!(quads.iter().any(|q| q.subject.to_string() == "<https://w3id.org/kgraph/id/person/diosdado-cabello>"));
//! ```

pub mod actions;
pub mod dates;
pub mod dot;
pub mod entities;
pub mod eval;
pub mod export;
mod extract;
pub mod gazetteer;
pub mod input;
pub mod json;
pub mod mentions;
pub mod ontology;
pub mod push;
pub mod rdf;
pub mod relations;
pub mod serve;
pub mod store;
pub mod tagger;
mod text;

pub use dates::Date;
pub use extract::{extract, extract_with, Document, Extraction, Settings};
pub use ontology::Minter;
pub use store::{Stats, Store, StoreError};
pub use text::{Sentence, Text, Token, TokenKind};
