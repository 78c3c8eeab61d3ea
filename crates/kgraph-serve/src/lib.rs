//! kgraph's HTTP server (`kgraph serve`): the store over HTTP.
//!
//! - `/sparql`: the SPARQL 1.1 Protocol (GET `?query=`, POST as a form or as
//!   `application/sparql-query`), with results in JSON, XML, CSV or TSV and
//!   graphs in Turtle, N-Triples, JSON-LD or RDF/XML by content negotiation
//!   (or `?format=`); a time limit and a result cap.
//! - `/update`: SPARQL 1.1 Update, refused unless the server allows updates.
//! - `/store`: the Graph Store HTTP Protocol, read side (`?graph=IRI`,
//!   `?default` for the union of all graphs).
//! - `/ontology`: the ontology.
//! - the path of the base IRI (`/kgraph/id/...`): minted IRIs, dereferenced:
//!   Turtle to RDF clients, a page to browsers (an entity's facts as
//!   sentences and the sentences that mention it; an action's sentence in
//!   its text; a document's text with its mentions marked).
//! - `/`: the front page: a search box, the most mentioned entities of each
//!   type, the newest documents; `/search?q=&type=` finds entities by any
//!   name or alias, `/documents?page=` lists the documents a page at a time
//!   (docs/serve.md).
//! - `/sparql` without a query (or `/?query=...`): a query editor.
//!
//! | module | what it owns |
//! |---|---|
//! | `http` | HTTP/1.1 on a thread a connection, up to a bound; limits on heads, bodies and slow clients |
//! | `head` | a request's head read from its bytes, or why it is refused (no I/O: fuzzed) |
//! | `routes` | what answers a request, by path and method |
//! | `sparql`, `graph_store` | the SPARQL Protocol and the Graph Store Protocol (read side) |
//! | `index` | every entity's names, classes and documents, and every document's title, in memory: the search, the lists, the names pages show |
//! | `front` | the front page, the search results, the list of documents |
//! | `pages` | dereferenced IRIs: Turtle, or an entity's, action's or document's page |
//! | `negotiate`, `form` | content negotiation; forms and percent-encoding |
//! | [`config`](Config), `reply` | how the server behaves; an answer before it goes on the wire |
//!
//! A client that sends or reads too slowly is cut off after the client time
//! limit, so it holds no thread for long. [`run`] returns when the caller's
//! stop flag is set.

use std::net::{SocketAddr, TcpListener};
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

use kgraph_store::store::Store;

mod config;
mod form;
mod front;
mod graph_store;
mod head;
mod http;
mod index;
mod negotiate;
mod pages;
mod reply;
mod routes;
mod sparql;

pub use config::{Config, Knobs};
pub use form::{parse_form, percent_decode};
pub use reply::escape;

/// The largest request body accepted.
const MAX_BODY: u64 = 1 << 20;

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
    // The index of names is read in the background: the first pages that
    // need it wait for it, the others are served meanwhile.
    let names = Arc::new(index::Names::new(store.clone()));
    {
        let names = Arc::clone(&names);
        std::thread::spawn(move || {
            let _ = names.get();
        });
    }
    let handler = move |request: &http::Request| routes::handle(&store, &names, &config, request);
    http::serve(listener, limits, stop, Arc::new(handler))
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
