//! kgraph's extraction: news text in, an [`Extraction`] out: the people,
//! organizations, events, countries and places named in it, where each is
//! mentioned, how they relate, and who did what to whom. No RDF, no store,
//! no printing: [`kgraph-rdf`](../kgraph_rdf/index.html) writes the graph.
//!
//! A document walks the stages once, in order, each a module with a named
//! output:
//!
//! ```text
//! Document --text--> Text --mentions--> Mentions --entities--> Entities
//!          (--syntax--> Parses, the sentences Settings::parse asks for)
//!          --relations--> Relations --actions--> Vec<Action>  = Extraction
//! ```
//!
//! | module | what it owns |
//! |---|---|
//! | [`document`](Document) | a source document, its id |
//! | [`input`] | reading documents: files, HTML, Markdown, JSON Lines |
//! | [`text`](Text) | normalization, tokens with offsets, sentences |
//! | [`lexicon`], [`gazetteer`] | word lists; countries, cities, organizations, titles, cues |
//! | [`catalog`] | user catalogs: names, aliases and ids (`--catalog`) |
//! | [`tagger`] | the statistical name tagger, its training and corpora |
//! | [`syntax`] | the part-of-speech tagger and dependency parser, CoNLL-U, their training and scores |
//! | [`mentions`] | stage 2: typed spans, rules and tagger combined |
//! | [`entities`] | stage 3: mentions grouped into entities, canonical names |
//! | [`relations`] | stage 4: relations, one pattern a module |
//! | [`actions`] | stage 4b: who did what to whom |
//! | [`coref`] | coreference: gold chains from CoNLL-U, MUC, B³, CEAF-e and the CoNLL F1 |
//! | [`extract()`] | the pipeline |
//! | [`schema`], [`dates`] | entity types and properties; ISO 8601 dates |
//! | [`eval`], [`metrics`] | scoring against gold annotations; precision, recall, F1 |
//!
//! ```
//! use kgraph_extract::{extract, Document};
//! let x = extract(&Document::new("Venezuelan Interior Minister Diosdado Cabello spoke in Caracas.", "-"));
//! assert!(x.relations.entities.entities.iter().any(|e| e.name == "Diosdado Cabello"));
//! ```

pub mod actions;
pub mod catalog;
pub mod coref;
pub mod dates;
mod document;
pub mod entities;
pub mod eval;
mod extract;
pub mod gazetteer;
pub mod input;
pub mod lexicon;
pub mod mentions;
pub mod metrics;
pub mod names;
pub mod relations;
pub mod roles;
pub mod schema;
pub mod scope;
pub mod syntax;
pub mod tagger;
mod text;

pub use dates::Date;
pub use document::Document;
pub use extract::{extract, extract_with, Extraction, Settings};
pub use text::{fold, Sentence, Text, Token, TokenKind};
