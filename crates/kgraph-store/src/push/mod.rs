//! Sending graphs to another triple store with the SPARQL 1.1 Graph Store
//! HTTP Protocol: `PUT` replaces a named graph (so sending again is
//! idempotent), `DELETE` drops one.
//!
//! [`GraphStore`] is the client: it retries what may pass (no connection, a
//! timeout, HTTP 408, 429, 502, 503, 504, a deadlock) with doubling waits, answers HTTP
//! Basic and Digest challenges, and turns any other refusal into an error that
//! names the graph and quotes the server. [`PushLog`] remembers, per remote,
//! which graphs were sent with which content, so a later push sends only what
//! changed and deletes what was removed.

use std::path::PathBuf;

mod client;
mod log;

pub use client::{content_hash, ntriples, url_encode, Credentials, GraphStore, DEFAULT_TIMEOUT};
pub use log::PushLog;

/// What can go wrong sending graphs.
#[derive(Debug, thiserror::Error)]
pub enum PushError {
    /// The server could not be reached, even after retrying.
    #[error("cannot reach {url} to {method} graph <{graph}> after {attempts} attempt(s): {cause}")]
    Unreachable {
        /// The Graph Store URL.
        url: String,
        /// PUT or DELETE.
        method: &'static str,
        /// The graph being sent.
        graph: String,
        /// Attempts made.
        attempts: u32,
        /// The last failure.
        cause: String,
    },
    /// The server answered with an error status.
    #[error("the server refused {method} of graph <{graph}>: HTTP {status}: {answer}")]
    Refused {
        /// PUT or DELETE.
        method: &'static str,
        /// The graph being sent.
        graph: String,
        /// The HTTP status.
        status: u16,
        /// The server's answer, as text, shortened.
        answer: String,
    },
    /// A SPARQL endpoint answered something other than the results asked for.
    #[error("{url} did not answer the triple-count query with SPARQL JSON results ({why})")]
    BadAnswer {
        /// The endpoint.
        url: String,
        /// What was wrong, and the answer shortened.
        why: String,
    },
    /// The Graph Store URL is not an http(s) URL.
    #[error("'{0}' is not an http:// or https:// URL")]
    BadUrl(String),
    /// The push log could not be read or written.
    #[error("push log '{path}': {source}")]
    Log {
        /// The log file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
}
