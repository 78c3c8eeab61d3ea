//! Dereferenced IRIs: a minted resource as Turtle (for RDF clients) or as a
//! page (for browsers), by what it is:
//!
//! | module | page |
//! |---|---|
//! | `entity` | an entity: facts as sentences, the sentences that mention it, its neighbourhood |
//! | `action` | an action: its sentence in the text, its statements, a picture |
//! | `document` | a document: what it names, its actions, its text with the mentions marked |
//!
//! and what they share: `html` (the frame, links, names), `text` (a
//! document's text in sentences), `phrases` and `facts` (statements as
//! sentences), `evidence` (the rule, confidence and sentence of each
//! relation), `picture` (Graphviz).

use oxigraph::model::{NamedNode, Quad, Term};

use crate::config::Config;
use crate::form::{param, percent_decode};
use crate::http::Request;
use crate::index::Index;
use crate::negotiate::wants_html;
use crate::reply::Reply;
use crate::sparql::graph_reply;
use kgraph_rdf::ontology::kg;
use kgraph_store::store::Store;

mod action;
mod document;
mod entity;
mod evidence;
mod facts;
pub(crate) mod html;
mod phrases;
mod picture;
mod text;

/// `<base path>REST`: the resource `<base>REST`.
pub(crate) fn resource(
    store: &Store,
    index: &Index,
    config: &Config,
    request: &Request,
    params: &[(String, String)],
    rest: &str,
) -> Reply {
    let iri = format!("{}{}", config.base, percent_decode(rest));
    let Ok(node) = NamedNode::new(iri.clone()) else {
        return Reply::text(400, format!("'{iri}' is not an IRI"));
    };
    let (outgoing, incoming) = match store.quads_about(node.as_ref()) {
        Ok(q) => q,
        Err(e) => return Reply::text(500, e.to_string()),
    };
    if outgoing.is_empty() && incoming.is_empty() {
        return Reply::text(404, format!("nothing is known of <{iri}>"));
    }
    if !wants_html(request, params) {
        return graph_reply(request, params, &html::dedup(&outgoing), Vec::new());
    }
    let is = |class: oxigraph::model::NamedNodeRef<'_>| {
        outgoing.iter().any(|q: &Quad| {
            q.predicate.as_ref() == kgraph_rdf::ontology::rdf::TYPE && q.object == Term::from(class)
        })
    };
    let page = if is(kg::DOCUMENT) {
        document::document_page(store, config, index, &node, &outgoing)
    } else if is(kg::ACTION) {
        action::action_page(store, config, index, &node, &outgoing)
    } else {
        let page_no = param(params, "page")
            .and_then(|p| p.parse().ok())
            .unwrap_or(1);
        entity::entity_page(store, config, index, &node, (&outgoing, &incoming), page_no)
    };
    Reply::new(200, "text/html; charset=utf-8", page)
}
