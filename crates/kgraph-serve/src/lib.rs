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

mod http;
mod pages;

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

/// `application/x-www-form-urlencoded` pairs.
pub fn parse_form(s: &str) -> Vec<(String, String)> {
    s.split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (percent_decode(k), percent_decode(v))
        })
        .collect()
}

fn param(params: &[(String, String)], name: &str) -> Option<String> {
    params
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.clone())
}

/// Decodes `%XX` escapes and `+` (a space in forms).
pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = bytes
                    .get(i + 1..i + 3)
                    .and_then(|h| std::str::from_utf8(h).ok())
                    .and_then(|h| u8::from_str_radix(h, 16).ok());
                match hex {
                    Some(b) => {
                        out.push(b);
                        i += 2;
                    }
                    None => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The media types of an Accept header, best first (by q, then order).
fn accepted(accept: &str) -> Vec<String> {
    let mut types: Vec<(f32, usize, String)> = accept
        .split(',')
        .enumerate()
        .filter_map(|(i, part)| {
            let mut pieces = part.split(';');
            let media = pieces.next()?.trim().to_ascii_lowercase();
            let q = pieces
                .filter_map(|p| p.trim().strip_prefix("q="))
                .find_map(|q| q.parse::<f32>().ok())
                .unwrap_or(1.0);
            (!media.is_empty() && q > 0.0).then_some((q, i, media))
        })
        .collect();
    types.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    types.into_iter().map(|(_, _, m)| m).collect()
}

/// Picks the first of `offers` (media type, value) the request accepts; the
/// first offer when it accepts anything. `?format=` names an offer directly.
fn negotiate<T: Copy + 'static>(
    request: &Request,
    params: &[(String, String)],
    offers: &[(&str, &str, T)],
) -> Result<(&'static str, T), Reply> {
    let as_static = |m: &str| -> &'static str {
        // The offers are static tables; find the entry to return its &'static str.
        MEDIA_TYPES
            .iter()
            .find(|x| **x == m)
            .copied()
            .unwrap_or("application/octet-stream")
    };
    if let Some(f) = param(params, "format") {
        return offers
            .iter()
            .find(|(_, name, _)| *name == f)
            .map(|(m, _, v)| (as_static(m), *v))
            .ok_or_else(|| {
                let names: Vec<&str> = offers.iter().map(|(_, n, _)| *n).collect();
                Reply::text(
                    406,
                    format!("unknown format '{f}': use one of {}", names.join(", ")),
                )
            });
    }
    let accept = header(request, "Accept").unwrap_or_else(|| "*/*".to_owned());
    for media in accepted(&accept) {
        if media == "*/*" || media == "application/*" || media == "text/*" {
            let (m, _, v) = offers[0];
            return Ok((as_static(m), v));
        }
        if let Some((m, _, v)) = offers.iter().find(|(m, _, _)| *m == media) {
            return Ok((as_static(m), *v));
        }
    }
    let names: Vec<&str> = offers.iter().map(|(m, _, _)| *m).collect();
    Err(Reply::text(
        406,
        format!(
            "none of the accepted types is available: ask for one of {}",
            names.join(", ")
        ),
    ))
}

const MEDIA_TYPES: &[&str] = &[
    "application/sparql-results+json",
    "application/json",
    "application/sparql-results+xml",
    "application/xml",
    "text/csv",
    "text/tab-separated-values",
    "text/turtle",
    "application/n-triples",
    "text/plain",
    "application/ld+json",
    "application/rdf+xml",
];

const RESULT_OFFERS: &[(&str, &str, QueryResultsFormat)] = &[
    (
        "application/sparql-results+json",
        "json",
        QueryResultsFormat::Json,
    ),
    ("application/json", "json", QueryResultsFormat::Json),
    (
        "application/sparql-results+xml",
        "xml",
        QueryResultsFormat::Xml,
    ),
    ("application/xml", "xml", QueryResultsFormat::Xml),
    ("text/csv", "csv", QueryResultsFormat::Csv),
    ("text/tab-separated-values", "tsv", QueryResultsFormat::Tsv),
];

const GRAPH_OFFERS: &[(&str, &str, RdfOutput)] = &[
    ("text/turtle", "turtle", RdfOutput::Turtle),
    ("application/n-triples", "ntriples", RdfOutput::NTriples),
    ("text/plain", "ntriples", RdfOutput::NTriples),
    ("application/ld+json", "jsonld", RdfOutput::JsonLd),
    ("application/rdf+xml", "rdfxml", RdfOutput::RdfXml),
];

/// A query's answer, read in full (up to the cap) before anything is sent, so
/// a time-out or an error is a clean status, not a cut stream.
enum Answer {
    Solutions(Vec<Variable>, Vec<QuerySolution>, bool),
    Boolean(bool),
    Graph(Vec<Quad>, bool),
}

/// Runs a query on a thread of its own and waits at most the time limit for
/// it: past that, the query is cancelled (it stops at its next check) and the
/// client gets its answer at once.
fn run_query(
    store: &Store,
    config: &Config,
    q: &str,
    dataset: Dataset,
) -> Result<Answer, StoreError> {
    let token = CancellationToken::new();
    let (done, wait) = mpsc::channel();
    {
        let (store, q, token, max) = (
            store.clone(),
            q.to_owned(),
            token.clone(),
            config.max_results,
        );
        std::thread::spawn(move || {
            // The receiver may have given up: then nobody needs the answer.
            let _ = done.send(materialize(&store, &q, &dataset, token, max));
        });
    }
    match wait.recv_timeout(config.timeout) {
        Ok(answer) => answer,
        Err(_) => {
            token.cancel();
            Err(StoreError::Query(QueryEvaluationError::Cancelled))
        }
    }
}

/// The first `max` items, and whether there were more.
fn take_at_most<T>(
    items: impl Iterator<Item = Result<T, QueryEvaluationError>>,
    max: usize,
) -> Result<(Vec<T>, bool), StoreError> {
    let mut taken = Vec::new();
    for item in items {
        if taken.len() == max {
            return Ok((taken, true));
        }
        taken.push(item?);
    }
    Ok((taken, false))
}

/// The query's answer, read up to `max` solutions or triples.
fn materialize(
    store: &Store,
    q: &str,
    dataset: &Dataset,
    token: CancellationToken,
    max: usize,
) -> Result<Answer, StoreError> {
    Ok(match store.query_in(q, Some(token), dataset)? {
        QueryResults::Boolean(b) => Answer::Boolean(b),
        QueryResults::Solutions(solutions) => {
            let variables = solutions.variables().to_vec();
            let (rows, truncated) = take_at_most(solutions, max)?;
            Answer::Solutions(variables, rows, truncated)
        }
        QueryResults::Graph(triples) => {
            let (triples, truncated) = take_at_most(triples, max)?;
            let mut quads: Vec<Quad> = triples
                .into_iter()
                .map(|t| Quad::new(t.subject, t.predicate, t.object, GraphName::DefaultGraph))
                .collect();
            kgraph_rdf::rdf::sort_quads(&mut quads);
            Answer::Graph(quads, truncated)
        }
    })
}

fn cap_headers(config: &Config, truncated: bool) -> Vec<(&'static str, String)> {
    let mut h = vec![("X-Kgraph-Result-Limit", config.max_results.to_string())];
    if truncated {
        h.push(("X-Kgraph-Truncated", "true".to_owned()));
        h.push((
            "Warning",
            format!(
                "199 kgraph \"results cut at the server's limit of {} (--max-results)\"",
                config.max_results
            ),
        ));
    }
    h
}

/// The Protocol's `default-graph-uri` and `named-graph-uri` parameters.
fn dataset(params: &[(String, String)]) -> Result<Dataset, Reply> {
    let graphs = |name: &str| -> Result<Vec<NamedNode>, Reply> {
        params
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| {
                NamedNode::new(v.clone())
                    .map_err(|_| Reply::text(400, format!("{name} '{v}' is not an IRI")))
            })
            .collect()
    };
    Ok(Dataset {
        default_graphs: graphs("default-graph-uri")?,
        named_graphs: graphs("named-graph-uri")?,
    })
}

fn sparql(
    store: &Store,
    config: &Config,
    request: &Request,
    q: &str,
    params: &[(String, String)],
) -> Reply {
    let dataset = match dataset(params) {
        Ok(d) => d,
        Err(reply) => return reply,
    };
    let answer = match run_query(store, config, q, dataset) {
        Ok(a) => a,
        Err(e @ StoreError::Syntax(_)) => return Reply::text(400, e.to_string()),
        Err(StoreError::Query(QueryEvaluationError::Cancelled)) => {
            return Reply::text(
                503,
                format!(
                    "query stopped: it ran past the server's time limit of {} s (--timeout)",
                    config.timeout.as_secs_f64()
                ),
            )
        }
        Err(e) => return Reply::text(500, e.to_string()),
    };
    match answer {
        Answer::Graph(quads, truncated) => {
            graph_reply(request, params, &quads, cap_headers(config, truncated))
        }
        Answer::Boolean(b) => match negotiate(request, params, RESULT_OFFERS) {
            Err(r) => r,
            Ok((media, format)) => {
                match QueryResultsSerializer::from_format(format)
                    .serialize_boolean_to_writer(Vec::new(), b)
                {
                    Ok(body) => Reply::new(200, media, body),
                    Err(e) => Reply::text(500, e.to_string()),
                }
            }
        },
        Answer::Solutions(variables, rows, truncated) => {
            match negotiate(request, params, RESULT_OFFERS) {
                Err(r) => r,
                Ok((media, format)) => {
                    let written = (|| -> std::io::Result<Vec<u8>> {
                        let mut w = QueryResultsSerializer::from_format(format)
                            .serialize_solutions_to_writer(Vec::new(), variables)?;
                        for s in &rows {
                            w.serialize(s)?;
                        }
                        w.finish()
                    })();
                    match written {
                        Ok(body) => Reply {
                            headers: cap_headers(config, truncated),
                            ..Reply::new(200, media, body)
                        },
                        Err(e) => Reply::text(500, e.to_string()),
                    }
                }
            }
        }
    }
}

pub(crate) fn graph_reply(
    request: &Request,
    params: &[(String, String)],
    quads: &[Quad],
    headers: Vec<(&'static str, String)>,
) -> Reply {
    match negotiate(request, params, GRAPH_OFFERS) {
        Err(r) => r,
        Ok((media, output)) => match write_rdf(quads, output, Vec::new()) {
            Ok(body) => Reply {
                headers,
                ..Reply::new(200, media, body)
            },
            Err(e) => Reply::text(500, e.to_string()),
        },
    }
}

/// The Graph Store HTTP Protocol, read side.
fn graph_store(store: &Store, request: &Request, params: &[(String, String)]) -> Reply {
    let graph = param(params, "graph");
    let default = params.iter().any(|(k, _)| k == "default");
    let quads = match (graph, default) {
        (Some(iri), false) => {
            let Ok(node) = NamedNode::new(iri.clone()) else {
                return Reply::text(400, format!("'{iri}' is not an IRI"));
            };
            match store.graph_quads(Some(node.as_ref())) {
                Ok(q) if q.is_empty() => return Reply::text(404, format!("no graph <{iri}>")),
                Ok(q) => q,
                Err(e) => return Reply::text(500, e.to_string()),
            }
        }
        (None, true) => match store.graph_quads(None) {
            Ok(q) => q,
            Err(e) => return Reply::text(500, e.to_string()),
        },
        _ => {
            return Reply::text(
                400,
                "name one graph: ?graph=IRI, or ?default for the union of all graphs",
            )
        }
    };
    graph_reply(request, params, &quads, Vec::new())
}

/// Does the request prefer an HTML page to RDF?
pub(crate) fn wants_html(request: &Request, params: &[(String, String)]) -> bool {
    if let Some(f) = param(params, "format") {
        return f == "html";
    }
    let accept = header(request, "Accept").unwrap_or_default();
    let types = accepted(&accept);
    let html = types.iter().position(|t| t == "text/html");
    let rdf = types
        .iter()
        .position(|t| GRAPH_OFFERS.iter().any(|(m, _, _)| m == t));
    match (html, rdf) {
        (Some(h), Some(r)) => h < r,
        (Some(_), None) => true,
        _ => false,
    }
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
