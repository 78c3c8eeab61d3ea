//! kgraph's store: the embedded, on-disk Oxigraph store, and push, which
//! sends its graphs to another triple store (SPARQL 1.1 Graph Store Protocol).

mod disk;
mod error;
pub mod push;
pub mod store;

pub use store::{Stats, Store, StoreError};
