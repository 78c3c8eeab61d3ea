//! The Graph Store HTTP Protocol, read side: a named graph, or the union.

use kgraph_store::store::Store;
use oxigraph::model::NamedNode;

use crate::form::param;
use crate::http::Request;
use crate::reply::Reply;
use crate::sparql::graph_reply;

/// The Graph Store HTTP Protocol, read side.
pub(crate) fn graph_store(store: &Store, request: &Request, params: &[(String, String)]) -> Reply {
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
