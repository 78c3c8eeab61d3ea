//! Content negotiation: the media type an answer takes, from `Accept` or
//! `?format=`, and whether a browser asked.

use kgraph_rdf::export::RdfOutput;
use oxigraph::sparql::results::QueryResultsFormat;

use crate::form::param;
use crate::http::Request;
use crate::reply::Reply;

/// The media types of an Accept header, best first (by q, then order).
pub(crate) fn accepted(accept: &str) -> Vec<String> {
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
pub(crate) fn negotiate<T: Copy + 'static>(
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
    let accept = request
        .header("Accept")
        .map(str::to_owned)
        .unwrap_or_else(|| "*/*".to_owned());
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

pub(crate) const MEDIA_TYPES: &[&str] = &[
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

pub(crate) const RESULT_OFFERS: &[(&str, &str, QueryResultsFormat)] = &[
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

pub(crate) const GRAPH_OFFERS: &[(&str, &str, RdfOutput)] = &[
    ("text/turtle", "turtle", RdfOutput::Turtle),
    ("application/n-triples", "ntriples", RdfOutput::NTriples),
    ("text/plain", "ntriples", RdfOutput::NTriples),
    ("application/ld+json", "jsonld", RdfOutput::JsonLd),
    ("application/rdf+xml", "rdfxml", RdfOutput::RdfXml),
];

/// Does the request prefer an HTML page to RDF?
pub(crate) fn wants_html(request: &Request, params: &[(String, String)]) -> bool {
    if let Some(f) = param(params, "format") {
        return f == "html";
    }
    let accept = request
        .header("Accept")
        .map(str::to_owned)
        .unwrap_or_default();
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
