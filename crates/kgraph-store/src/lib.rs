//! kgraph's store: the embedded, on-disk Oxigraph store, the ingest pipeline
//! that fills it, and push, which sends its graphs to another triple store.
//!
//! | module | what it owns |
//! |---|---|
//! | [`store`] | the store: one named graph a document, written all or nothing; SPARQL |
//! | [`identity`] | people and organizations resolved across the store's documents, the graphs rewritten |
//! | [`ingest`] | documents extracted in batches on a thread pool and written in input order |
//! | [`push`] | the Graph Store Protocol client, the push log, push and verify |
//!
//! Linking this crate makes mimalloc
//! the program's allocator, Rust's and RocksDB's alike: the store needs them
//! to be one.
//!
//! ```
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use kgraph_extract::Document;
//! use kgraph_rdf::Minter;
//! use kgraph_store::ingest::{ingest, IngestOptions, Sink};
//! use kgraph_store::Store;
//! let dir = std::env::temp_dir().join(format!("kgraph-doc-{}", std::process::id()));
//! let sink = Sink::Local(Store::open(&dir)?, dir.clone());
//! let options = IngestOptions {
//!     jobs: 2,
//!     resume: false,
//!     settings: Default::default(),
//!     minter: Minter::default(),
//!     ingested_at: "2026-01-01T00:00:00Z".to_owned(),
//!     total: Some(1),
//!     resolve: true,
//!     infer: false,
//!     provenance: Default::default(),
//!     batches: Default::default(),
//! };
//! let docs = [Document::new("Venezuelan Interior Minister Diosdado Cabello spoke.", "-")];
//! let report = ingest(docs.into_iter(), &sink, &options, &mut ())?;
//! assert_eq!(report.ingested, 1);
//! # drop(sink);
//! # std::fs::remove_dir_all(&dir)?;
//! # Ok(())
//! # }
//! ```

mod allocator;
mod disk;
mod error;
pub mod identity;
pub mod ingest;
pub mod push;
mod sparql_error;
mod sparql_lint;
pub mod store;

pub use error::StoreError;
pub use store::{Stats, Store};
