//! What can go wrong with a store, and the one-line messages that say it.

use std::path::Path;
use std::path::PathBuf;

use crate::disk::writer_of;

/// What can go wrong with a store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// Another process has the store open for writing.
    #[error("cannot open store '{path}' for writing: {holder} has it open")]
    Locked {
        /// The store directory.
        path: PathBuf,
        /// Which process, as far as kgraph knows.
        holder: String,
    },
    /// There is no store at the path (read-only commands do not create one).
    #[error("no store at '{path}'")]
    Missing {
        /// The store directory.
        path: PathBuf,
    },
    /// A new store's parent directory does not exist (a mistyped path is not
    /// made whole).
    #[error("cannot open store '{path}': its parent directory '{parent}' does not exist")]
    NoParent {
        /// The store directory.
        path: PathBuf,
        /// Its missing parent.
        parent: PathBuf,
    },
    /// The store could not be opened.
    #[error("cannot open store '{path}': {reason}")]
    Open {
        /// The store directory.
        path: PathBuf,
        /// The cause, as RocksDB tells it (once).
        reason: String,
    },
    /// Reading or writing the store failed.
    #[error("store error: {0}")]
    Storage(#[from] oxigraph::store::StorageError),
    /// A SPARQL query or update is not valid: where, and what was expected,
    /// in one line.
    #[error("invalid SPARQL {0}")]
    Syntax(String),
    /// A SPARQL query failed while running.
    #[error("query failed: {0}")]
    Query(#[from] oxigraph::sparql::QueryEvaluationError),
    /// A SPARQL update failed while running.
    #[error("update failed: {0}")]
    Update(String),
}

impl StoreError {
    /// The error of `sparql` (a "query" or an "update", as `what` says)
    /// that does not parse, in one line.
    pub fn syntax(sparql: &str, error: &oxigraph::sparql::SparqlSyntaxError, what: &str) -> Self {
        StoreError::Syntax(format!(
            "{what}: {}",
            crate::sparql_error::plain(sparql, &error.to_string())
        ))
    }

    /// The store itself cannot be used (not there, held by another process,
    /// or failing to read or write, as on a full disk or a read-only file
    /// system), as opposed to a query or update that is wrong.
    pub fn is_store_fault(&self) -> bool {
        matches!(
            self,
            StoreError::Locked { .. }
                | StoreError::Missing { .. }
                | StoreError::NoParent { .. }
                | StoreError::Open { .. }
                | StoreError::Storage(_)
        )
    }
}

/// "X" for RocksDB's "X: X".
pub(crate) fn once(message: &str) -> &str {
    let half = message.len().saturating_sub(2) / 2;
    match (
        message.get(..half),
        message.get(half..half + 2),
        message.get(half + 2..),
    ) {
        (Some(a), Some(": "), Some(b)) if a == b => a,
        _ => message,
    }
}

pub(crate) fn open_error(path: &Path, e: oxigraph::store::StorageError) -> StoreError {
    let message = e.to_string();
    if message.contains("lock") || message.contains("Resource temporarily unavailable") {
        StoreError::Locked {
            path: path.to_owned(),
            holder: writer_of(path),
        }
    } else if message.contains("Read-only file system") || message.contains("Permission denied") {
        StoreError::Open {
            path: path.to_owned(),
            reason: format!(
                "it cannot be written here ({}); query, export, stats and serve can still read it",
                once(&message)
            ),
        }
    } else {
        StoreError::Open {
            path: path.to_owned(),
            reason: once(&message).to_owned(),
        }
    }
}
