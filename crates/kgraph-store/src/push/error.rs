//! What can go wrong sending graphs.

use std::path::PathBuf;

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
        /// The request carried no login (a 401 then asks for one).
        anonymous: bool,
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

impl PushError {
    /// Did the server ask for a login that the request did not carry?
    pub fn wants_login(&self) -> bool {
        matches!(
            self,
            PushError::Refused {
                status: 401,
                anonymous: true,
                ..
            }
        )
    }
}
