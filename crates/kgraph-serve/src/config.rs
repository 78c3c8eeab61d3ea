//! How the server behaves: limits, the base IRI, and how answers name the settings.

use std::time::Duration;

use kgraph_rdf::ontology;

/// How the server behaves.
#[derive(Debug, Clone)]
pub struct Config {
    /// Accept SPARQL updates at `/update`.
    pub allow_update: bool,
    /// Stop a query that runs longer than this.
    pub timeout: Duration,
    /// Return at most this many solutions (or triples) a query.
    pub max_results: usize,
    /// The base IRI minted resources were ingested with (served at its path).
    pub base: String,
    /// Connections served at once, each on a thread; more wait to be accepted.
    pub max_connections: usize,
    /// How long a client may take to send a request (or its body) or to
    /// read an answer, before it is answered 408 and cut off.
    pub client_timeout: Duration,
    /// How answers name the settings above, for a client to ask for a change.
    pub knobs: Knobs,
}

impl Config {
    /// The path minted IRIs are served at: the path of the base IRI
    /// (`/kgraph/id/` for `https://w3id.org/kgraph/id/`), so that a base naming this
    /// server makes every IRI dereferenceable as it is.
    pub fn base_path(&self) -> &str {
        let rest = self
            .base
            .split_once("://")
            .map_or(self.base.as_str(), |(_, r)| r);
        rest.find('/').map_or("/", |i| &rest[i..])
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            allow_update: false,
            timeout: Duration::from_secs(30),
            max_results: 10_000,
            base: ontology::DEFAULT_BASE.to_owned(),
            max_connections: 128,
            client_timeout: Duration::from_secs(10),
            knobs: Knobs::default(),
        }
    }
}

/// How the server's answers name its settings when they explain a refusal or
/// a limit ("updates are disabled: start the server with '...'"). The names
/// of [`Config`]'s fields by default; a program names its own switches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Knobs {
    /// What allows updates.
    pub allow_update: String,
    /// What sets the result cap.
    pub max_results: String,
    /// What sets the query time limit.
    pub timeout: String,
}

impl Default for Knobs {
    fn default() -> Self {
        Knobs {
            allow_update: "allow_update = true".to_owned(),
            max_results: "max_results".to_owned(),
            timeout: "timeout".to_owned(),
        }
    }
}
