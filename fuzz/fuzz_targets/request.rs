//! Arbitrary bytes as an HTTP request to `kgraph serve`'s SPARQL endpoint:
//! its head read as the server reads it (the server's own `head` and
//! `form` modules), the query taken from the query string, a form body or
//! an `application/sparql-query` body, and parsed with the predeclared
//! prefixes; a query that does not parse is told in one line (the store's
//! own `sparql_error` and `sparql_lint` modules). No panic, no hang.
#![no_main]

use libfuzzer_sys::fuzz_target;
use oxigraph::sparql::SparqlEvaluator;

#[allow(dead_code)]
#[path = "../../crates/kgraph-serve/src/form.rs"]
mod form;
#[allow(dead_code)]
#[path = "../../crates/kgraph-serve/src/head.rs"]
mod head;
#[allow(dead_code)]
#[path = "../../crates/kgraph-store/src/sparql_error.rs"]
mod sparql_error;
#[allow(dead_code)]
#[path = "../../crates/kgraph-store/src/sparql_lint.rs"]
mod sparql_lint;

fuzz_target!(|data: &[u8]| {
    // The head ends at the first blank line; the rest is the body.
    let end = data
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map(|i| i + 4)
        .unwrap_or(data.len());
    let Ok(request) = head::parse_head(&data[..end], 1 << 20) else {
        return;
    };
    let body = String::from_utf8_lossy(&data[end..]);
    let mut params = form::parse_form(&request.query);
    let sparql_body = head::header(&request.headers, "Content-Type")
        .is_some_and(|t| t.starts_with("application/sparql-query"));
    let query = if sparql_body {
        Some(body.into_owned())
    } else {
        params.extend(form::parse_form(&body));
        form::param(&params, "query")
    };
    let Some(query) = query else {
        return;
    };
    let mut evaluator = SparqlEvaluator::new();
    for (prefix, iri) in kgraph_rdf::ontology::SPARQL_PREFIXES {
        evaluator = evaluator
            .with_prefix(*prefix, *iri)
            .expect("a valid prefix");
    }
    if let Err(e) = evaluator.parse_query(&query) {
        let said = sparql_error::plain(&query, &e.to_string());
        assert!(
            !said.is_empty() && !said.contains('\n'),
            "not one line: {said}"
        );
    }
});
