//! What answers a request: the path and method decide.

use kgraph_rdf::ontology;
use kgraph_store::store::{Store, StoreError};

use crate::config::Config;
use crate::form::{param, parse_form};
use crate::front::{documents_page, front_page, search_page};
use crate::graph_store::graph_store;
use crate::http::Request;
use crate::index::{Index, Names};
use crate::pages;
use crate::reply::Reply;
use crate::sparql::{graph_reply, sparql};

/// The methods the server tells apart.
#[derive(Clone, Copy)]
pub(crate) enum Verb {
    Get,
    Head,
    Post,
    Other,
}
use Verb::{Get, Head, Other, Post};

/// A page made from the index, or 500 if it cannot be read.
fn indexed(names: &Names, make: impl FnOnce(&Index) -> String) -> Reply {
    match names.get() {
        Ok(index) => Reply::new(200, "text/html; charset=utf-8", make(&index)),
        Err(e) => Reply::text(500, format!("cannot read the store's names: {e}")),
    }
}

/// The answer to `request`.
pub(crate) fn handle(store: &Store, names: &Names, config: &Config, request: &Request) -> Reply {
    let path = request.path.as_str();
    let params = parse_form(&request.query);
    let method = match request.method.as_str() {
        "GET" => Get,
        "HEAD" => Head,
        "POST" => Post,
        _ => Other,
    };
    match (path, method) {
        // "/?query=..." opens the query editor on that query.
        ("/", Get | Head) if param(&params, "query").is_some() => {
            Reply::new(200, "text/html; charset=utf-8", editor_page(config))
        }
        ("/", Get | Head) => indexed(names, |index| front_page(config, index)),
        ("/search", Get | Head) => match names.get() {
            Ok(index) => match search_page(config, index.as_ref(), &params) {
                Ok(page) => Reply::new(200, "text/html; charset=utf-8", page),
                Err(page) => Reply::new(400, "text/html; charset=utf-8", page),
            },
            Err(e) => Reply::text(500, format!("cannot read the store's names: {e}")),
        },
        ("/documents", Get | Head) => {
            indexed(names, |index| documents_page(config, index, &params))
        }
        ("/sparql", Get | Head) => match param(&params, "query") {
            Some(q) => sparql(store, config, request, &q, &params),
            None => Reply::new(200, "text/html; charset=utf-8", editor_page(config)),
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
            format!(
                "updates are disabled: start the server with '{}'",
                config.knobs.allow_update
            ),
        ),
        ("/update", Post) => match operation(request, "application/sparql-update", "update") {
            Err(reply) => reply,
            Ok((u, _)) => match store.update(&u) {
                Ok(()) => {
                    names.invalidate();
                    Reply::new(204, "text/plain", Vec::new())
                }
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
        (p, Get | Head) if p.starts_with(config.base_path()) => match names.get() {
            Ok(index) => pages::resource(
                store,
                &index,
                config,
                request,
                &params,
                &p[config.base_path().len()..],
            ),
            Err(e) => Reply::text(500, format!("cannot read the store's names: {e}")),
        },
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
    let content_type = request
        .header("Content-Type")
        .map(str::to_owned)
        .unwrap_or_default();
    String::from_utf8(request.body.clone())
        .map(|b| (content_type.to_ascii_lowercase(), b))
        .map_err(|_| Reply::text(400, "the request body is not UTF-8"))
}

/// The SPARQL query editor.
fn editor_page(config: &Config) -> String {
    include_str!("front.html")
        .replace("{{MAX_RESULTS}}", &config.max_results.to_string())
        .replace("{{TIMEOUT}}", &config.timeout.as_secs().to_string())
        .replace(
            "{{PREFIXES}}",
            &kgraph_rdf::ontology::SPARQL_PREFIXES
                .iter()
                .map(|(p, ns)| format!("<code title=\"{ns}\">{p}:</code>"))
                .collect::<Vec<_>>()
                .join(", "),
        )
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
