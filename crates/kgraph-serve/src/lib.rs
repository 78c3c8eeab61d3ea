//! `kgraph serve`: the store over HTTP.
//!
//! - `/sparql`: the SPARQL 1.1 Protocol (GET `?query=`, POST as a form or as
//!   `application/sparql-query`), with results in JSON, XML, CSV or TSV and
//!   graphs in Turtle, N-Triples, JSON-LD or RDF/XML by content negotiation
//!   (or `?format=`); a time limit and a result cap.
//! - `/update`: SPARQL 1.1 Update, refused unless the server allows updates.
//! - `/store`: the Graph Store HTTP Protocol, read side (`?graph=IRI`,
//!   `?default` for the union of all graphs).
//! - `/ontology`: the ontology.
//! - the path of the base IRI (`/kgraph/id/...`): minted IRIs, dereferenced: Turtle to RDF clients, a page to
//!   browsers.
//! - `/`: a page with a query editor.
//!
//! Each connection is answered on a thread of its own, up to a bound on
//! connections; a client that sends or reads too slowly is cut off after the
//! client time limit, so it holds no thread for long ([`http`]). The server
//! returns when the caller's stop flag is set.

use std::net::{SocketAddr, TcpListener};
use std::sync::atomic::AtomicBool;
use std::sync::mpsc;
use std::sync::Arc;
use std::time::Duration;

use oxigraph::model::{GraphName, NamedNode, Quad, Term, Variable};
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use oxigraph::sparql::{CancellationToken, QueryEvaluationError, QueryResults, QuerySolution};

mod form;
mod graph_store;
mod http;
mod negotiate;
mod pages;
mod sparql;

use form::param;
pub use form::{parse_form, percent_decode};
use graph_store::graph_store;
pub(crate) use negotiate::wants_html;
use negotiate::{negotiate, GRAPH_OFFERS, RESULT_OFFERS};
pub(crate) use sparql::graph_reply;
use sparql::sparql;

pub(crate) use http::Request;

use kgraph_rdf::export::{write_rdf, RdfOutput};
use kgraph_rdf::ontology;
use kgraph_store::store::{Dataset, Store, StoreError};

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
        }
    }
}

/// The largest request body accepted.
const MAX_BODY: u64 = 1 << 20;

/// An answer before it goes on the wire.
pub(crate) struct Reply {
    status: u16,
    content_type: &'static str,
    headers: Vec<(&'static str, String)>,
    body: Vec<u8>,
}

impl Reply {
    pub(crate) fn new(status: u16, content_type: &'static str, body: impl Into<Vec<u8>>) -> Self {
        Reply {
            status,
            content_type,
            headers: Vec::new(),
            body: body.into(),
        }
    }

    pub(crate) fn text(status: u16, message: impl Into<String>) -> Self {
        let mut m = message.into();
        m.push('\n');
        Reply::new(status, "text/plain; charset=utf-8", m)
    }
}

/// Serves `store` at `bind` until `stop` is set. `ready` is told the
/// address once the server listens.
pub fn run(
    store: Store,
    bind: &str,
    config: Config,
    stop: Arc<AtomicBool>,
    ready: impl FnOnce(SocketAddr),
) -> std::io::Result<()> {
    let listener = TcpListener::bind(bind)
        .map_err(|e| std::io::Error::other(format!("cannot listen on {bind}: {e}")))?;
    let addr = listener.local_addr()?;
    ready(addr);
    let limits = http::Limits {
        connections: config.max_connections.max(1),
        client_timeout: config.client_timeout,
        max_body: MAX_BODY,
    };
    let handler = move |request: &Request| handle(&store, &config, request);
    http::serve(listener, limits, stop, Arc::new(handler))
}

/// The request's header `name`, if any.
fn header(request: &Request, name: &str) -> Option<String> {
    request.header(name).map(str::to_owned)
}

/// The methods the server tells apart.
#[derive(Clone, Copy)]
enum Verb {
    Get,
    Head,
    Post,
    Other,
}
use Verb::{Get, Head, Other, Post};

fn handle(store: &Store, config: &Config, request: &Request) -> Reply {
    let path = request.path.as_str();
    let params = parse_form(&request.query);
    let method = match request.method.as_str() {
        "GET" => Get,
        "HEAD" => Head,
        "POST" => Post,
        _ => Other,
    };
    match (path, method) {
        ("/", Get | Head) => Reply::new(200, "text/html; charset=utf-8", front_page(config)),
        ("/sparql", Get | Head) => match param(&params, "query") {
            Some(q) => sparql(store, config, request, &q, &params),
            None => Reply::new(200, "text/html; charset=utf-8", front_page(config)),
        },
        ("/sparql", Post) => match operation(request, "application/sparql-query", "query") {
            Ok((q, form)) => {
                let all: Vec<(String, String)> = params.iter().cloned().chain(form).collect();
                sparql(store, config, request, &q, &all)
            }
            Err(reply) => reply,
        },
        ("/update", Post) if !config.allow_update => Reply::text(
            403,
            "updates are disabled: start the server with 'kgraph serve --allow-update'",
        ),
        ("/update", Post) => match operation(request, "application/sparql-update", "update") {
            Err(reply) => reply,
            Ok((u, _)) => match store.update(&u) {
                Ok(()) => Reply::new(204, "text/plain", Vec::new()),
                Err(e @ StoreError::Syntax(_)) => Reply::text(400, e.to_string()),
                Err(e) => Reply::text(500, e.to_string()),
            },
        },
        ("/update", _) => Reply::text(405, "use POST for updates"),
        ("/store", Get | Head) => graph_store(store, request, &params),
        ("/ontology", Get | Head) => {
            let quads = match store.graph_quads(Some(ontology::ONTOLOGY_GRAPH)) {
                Ok(q) => q,
                Err(e) => return Reply::text(500, e.to_string()),
            };
            graph_reply(request, &params, &quads, Vec::new())
        }
        (p, Get | Head) if p.starts_with(config.base_path()) => pages::resource(
            store,
            config,
            request,
            &params,
            &p[config.base_path().len()..],
        ),
        (_, Get | Head | Post) => Reply::text(404, format!("nothing at {path}")),
        _ => Reply::text(405, "method not allowed"),
    }
}

/// The query or update a POST carries: the whole body when it has the
/// operation's own media type, else the form field `field`.
/// Also the form's other fields, if it was a form.
fn operation(
    request: &Request,
    media: &str,
    field: &str,
) -> Result<(String, Vec<(String, String)>), Reply> {
    let (content_type, body) = body(request)?;
    if content_type.starts_with(media) {
        Ok((body, Vec::new()))
    } else if content_type.starts_with("application/x-www-form-urlencoded") {
        let form = parse_form(&body);
        param(&form, field)
            .map(|op| (op, form))
            .ok_or_else(|| Reply::text(400, format!("no {field} given ({field}=...)")))
    } else {
        Err(Reply::text(
            415,
            format!("send the {field} as {media} or as a form ({field}=...)"),
        ))
    }
}

/// The request body (at most `MAX_BODY` bytes, as the server read it) as UTF-8, with its type.
fn body(request: &Request) -> Result<(String, String), Reply> {
    let content_type = header(request, "Content-Type").unwrap_or_default();
    String::from_utf8(request.body.clone())
        .map(|b| (content_type.to_ascii_lowercase(), b))
        .map_err(|_| Reply::text(400, "the request body is not UTF-8"))
}

/// Escapes text for HTML.
pub fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn front_page(config: &Config) -> String {
    include_str!("front.html")
        .replace("{{MAX_RESULTS}}", &config.max_results.to_string())
        .replace("{{TIMEOUT}}", &config.timeout.as_secs().to_string())
        .replace(
            "{{BASE_JSON}}",
            &serde_json::Value::String(config.base.clone()).to_string(),
        )
        .replace(
            "{{BASE_PATH_JSON}}",
            &serde_json::Value::String(config.base_path().to_owned()).to_string(),
        )
        .replace(
            "{{UPDATES}}",
            if config.allow_update {
                "allowed at /update"
            } else {
                "disabled"
            },
        )
}

/// The term's IRI or literal value, for pages.
pub(crate) fn term_text(t: &Term) -> String {
    match t {
        Term::NamedNode(n) => n.as_str().to_owned(),
        Term::Literal(l) => l.value().to_owned(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::negotiate::accepted;

    #[test]
    fn iris_are_served_at_the_path_of_the_base() {
        let at = |base: &str| {
            Config {
                base: base.to_owned(),
                ..Config::default()
            }
            .base_path()
            .to_owned()
        };
        assert_eq!(at("https://w3id.org/kgraph/id/"), "/kgraph/id/");
        assert_eq!(at("http://127.0.0.1:7878/kg/"), "/kg/");
        assert_eq!(at("http://example.org/"), "/");
    }

    #[test]
    fn forms_and_percent_escapes() {
        assert_eq!(
            parse_form("query=SELECT+%3Fs+WHERE+%7B%7D&x=%zz&default"),
            vec![
                ("query".to_owned(), "SELECT ?s WHERE {}".to_owned()),
                ("x".to_owned(), "%zz".to_owned()),
                ("default".to_owned(), String::new()),
            ]
        );
        assert_eq!(percent_decode("caf%C3%A9%"), "café%");
    }

    #[test]
    fn accept_headers_are_ranked_by_quality_then_order() {
        assert_eq!(
            accepted("text/html;q=0.5, application/sparql-results+json, */*;q=0.1, text/csv;q=0"),
            vec!["application/sparql-results+json", "text/html", "*/*"]
        );
    }
}
