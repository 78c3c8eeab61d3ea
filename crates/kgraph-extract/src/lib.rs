//! kgraph's extraction: news text in, an [`Extraction`] out (entities,
//! mentions, relations and actions of the people, organizations, events,
//! countries and places in it).
//!
//! The pipeline runs one way, one stage a module, each with a named output:
//!
//! ```text
//! Document --text--> Text --mentions--> Mentions --entities--> Entities
//!          --relations--> Relations --actions--> Extraction
//! ```
//!
//! [`extract`] runs the stages. The RDF of an extraction is `kgraph-rdf`'s.
//!
//! ```
//! use kgraph_extract::{extract, Document};
//! let x = extract(&Document::new("Venezuelan Interior Minister Diosdado Cabello spoke in Caracas.", "-"));
//! assert!(x.relations.entities.entities.iter().any(|e| e.name == "Diosdado Cabello"));
//! ```

pub mod actions;
pub mod dates;
mod document;
pub mod entities;
pub mod eval;
mod extract;
pub mod gazetteer;
pub mod input;
pub mod mentions;
pub mod relations;
pub mod tagger;
mod text;

pub use dates::Date;
pub use extract::{extract, extract_with, Document, Extraction, Settings};
pub use text::{Sentence, Text, Token, TokenKind};
