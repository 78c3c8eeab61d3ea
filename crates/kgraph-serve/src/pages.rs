//! Dereferenced IRIs: an entity or document as Turtle (for RDF clients) or as
//! a page (for browsers): types, names, facts in both directions, the
//! sentences that mention it, a picture of its neighbourhood, and for a
//! document its text with the mentions marked.

use std::collections::BTreeMap;
use std::io::Write;
use std::process::{Command, Stdio};

use oxigraph::model::{NamedNode, NamedOrBlankNode, Quad, Term};

use crate::config::Config;
use crate::form::percent_decode;
use crate::http::Request;
use crate::negotiate::wants_html;
use crate::reply::{escape, term_text, Reply};
use crate::sparql::graph_reply;
use kgraph_rdf::ontology::{self, kg, nif, rdf, rdfs};
use kgraph_store::store::Store;

/// `<base path>REST`: the resource `<base>REST`.
pub(super) fn resource(
    store: &Store,
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
        return graph_reply(request, params, &dedup(outgoing), Vec::new());
    }
    let page = if outgoing
        .iter()
        .any(|q| q.object == Term::from(kg::DOCUMENT))
    {
        document_page(store, config, &node, &outgoing)
    } else {
        entity_page(store, config, &node, &outgoing, &incoming)
    };
    Reply::new(200, "text/html; charset=utf-8", page)
}

/// The triples of `quads`, each once, in order.
fn dedup(quads: Vec<Quad>) -> Vec<Quad> {
    let mut seen = std::collections::BTreeSet::new();
    quads
        .into_iter()
        .filter(|q| {
            seen.insert((
                q.subject.to_string(),
                q.predicate.to_string(),
                q.object.to_string(),
            ))
        })
        .collect()
}

/// A short name for an IRI: a prefixed name, or the IRI.
fn compact(iri: &str) -> String {
    ontology::PREFIXES
        .iter()
        .find_map(|(p, ns)| iri.strip_prefix(ns).map(|local| format!("{p}:{local}")))
        .unwrap_or_else(|| iri.to_owned())
}

/// A link to a term: minted IRIs link to their page here.
fn link(config: &Config, t: &Term, labels: &BTreeMap<String, String>) -> String {
    match t {
        Term::NamedNode(n) => {
            let iri = n.as_str();
            let text = labels.get(iri).cloned().unwrap_or_else(|| compact(iri));
            match iri.strip_prefix(config.base.as_str()) {
                Some(rest) => format!(
                    "<a href=\"{}{}\">{}</a>",
                    escape(config.base_path()),
                    escape(rest),
                    escape(&text)
                ),
                None => format!("<a href=\"{}\">{}</a>", escape(iri), escape(&text)),
            }
        }
        other => escape(&term_text(other)),
    }
}

fn subject_term(s: &NamedOrBlankNode) -> Term {
    match s {
        NamedOrBlankNode::NamedNode(n) => Term::NamedNode(n.clone()),
        NamedOrBlankNode::BlankNode(b) => Term::BlankNode(b.clone()),
    }
}

/// The labels of every named node in `quads`, looked up in the store.
fn labels_of(store: &Store, quads: &[Quad]) -> BTreeMap<String, String> {
    let mut labels = BTreeMap::new();
    let nodes = quads.iter().flat_map(|q| {
        let s = match &q.subject {
            NamedOrBlankNode::NamedNode(n) => Some(n.clone()),
            _ => None,
        };
        let o = match &q.object {
            Term::NamedNode(n) => Some(n.clone()),
            _ => None,
        };
        s.into_iter().chain(o)
    });
    for n in nodes {
        if labels.contains_key(n.as_str()) {
            continue;
        }
        // A name, or a document's title.
        let label = store.quads_from(n.as_ref()).ok().and_then(|out| {
            out.into_iter().find_map(|q| {
                match (
                    q.predicate.as_ref() == rdfs::LABEL || q.predicate.as_ref() == kg::TITLE,
                    q.object,
                ) {
                    (true, Term::Literal(l)) => Some(l.value().to_owned()),
                    _ => None,
                }
            })
        });
        if let Some(l) = label {
            labels.insert(n.as_str().to_owned(), l);
        }
    }
    labels
}

fn page(title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{} · kgraph</title>\
         <style>{}</style></head><body><nav><a href=\"/\">kgraph</a></nav>\n{}\n</body></html>\n",
        escape(title),
        STYLE,
        body
    )
}

const STYLE: &str = "body{font-family:system-ui,sans-serif;max-width:70em;margin:1em auto;padding:0 1em;color:#222}\
nav{margin-bottom:1em}table{border-collapse:collapse}td,th{border-bottom:1px solid #ddd;padding:.2em .6em;text-align:left;vertical-align:top}\
mark{background:#ffe58a}.types{color:#555}.snippet{margin:.3em 0}.doc{white-space:pre-wrap;line-height:1.5}\
svg{max-width:100%;height:auto}";

/// A table of facts.
fn facts_table(rows: &[(String, String)]) -> String {
    if rows.is_empty() {
        return "<p>None.</p>".to_owned();
    }
    let mut s = String::from("<table>");
    for (p, o) in rows {
        s.push_str(&format!("<tr><th>{p}</th><td>{o}</td></tr>"));
    }
    s.push_str("</table>");
    s
}

fn int_of(quads: &[Quad], p: oxigraph::model::NamedNodeRef<'_>) -> Option<usize> {
    quads
        .iter()
        .find_map(|q| match (q.predicate.as_ref() == p, &q.object) {
            (true, Term::Literal(l)) => l.value().parse().ok(),
            _ => None,
        })
}

fn entity_page(
    store: &Store,
    config: &Config,
    node: &NamedNode,
    outgoing: &[Quad],
    incoming: &[Quad],
) -> String {
    // Mentions are many and have no names: leave them out of the lookups.
    let facts: Vec<Quad> = outgoing
        .iter()
        .chain(
            incoming
                .iter()
                .filter(|q| q.predicate.as_ref() != kg::DENOTES),
        )
        .cloned()
        .collect();
    let labels = labels_of(store, &facts);
    let name = labels
        .get(node.as_str())
        .cloned()
        .unwrap_or_else(|| node.as_str().to_owned());
    let types: Vec<String> = dedup(outgoing.to_vec())
        .iter()
        .filter(|q| q.predicate.as_ref() == rdf::TYPE)
        .map(|q| link(config, &q.object, &labels))
        .collect();
    let out_rows: Vec<(String, String)> = dedup(outgoing.to_vec())
        .iter()
        .filter(|q| q.predicate.as_ref() != rdf::TYPE && q.predicate.as_ref() != kg::MENTIONED_IN)
        .map(|q| {
            (
                escape(&compact(q.predicate.as_str())),
                link(config, &q.object, &labels),
            )
        })
        .collect();
    let in_rows: Vec<(String, String)> = dedup(incoming.to_vec())
        .iter()
        .filter(|q| q.predicate.as_ref() != kg::DENOTES)
        .map(|q| {
            (
                escape(&compact(q.predicate.as_str())),
                link(config, &subject_term(&q.subject), &labels),
            )
        })
        .collect();
    let documents: Vec<String> = dedup(outgoing.to_vec())
        .iter()
        .filter(|q| q.predicate.as_ref() == kg::MENTIONED_IN)
        .map(|q| link(config, &q.object, &labels))
        .collect();
    let mentions = mention_snippets(store, config, incoming, &labels);
    let picture = neighbourhood_svg(store, &name, &facts);
    let body = format!(
        "<h1>{}</h1><p class=\"types\">{}</p><p><code>{}</code></p>\
         <h2>Facts</h2>{}<h2>Facts about it</h2>{}\
         <h2>Mentioned in</h2><ul>{}</ul><h2>Where the text says so</h2>{}\
         <h2>Neighbourhood</h2>{}",
        escape(&name),
        types.join(", "),
        escape(node.as_str()),
        facts_table(&out_rows),
        facts_table(&in_rows),
        documents
            .iter()
            .map(|d| format!("<li>{d}</li>"))
            .collect::<String>(),
        mentions,
        picture
    );
    page(&name, &body)
}

/// The sentences around each mention of the entity (at most 25), with the
/// mention marked and a link to the document.
fn mention_snippets(
    store: &Store,
    config: &Config,
    incoming: &[Quad],
    labels: &BTreeMap<String, String>,
) -> String {
    let mut out = String::new();
    let mut contexts: BTreeMap<String, String> = BTreeMap::new();
    let mentions = dedup(incoming.to_vec());
    let mentions: Vec<&Quad> = mentions
        .iter()
        .filter(|q| q.predicate.as_ref() == kg::DENOTES)
        .take(25)
        .collect();
    for m in &mentions {
        let NamedOrBlankNode::NamedNode(mention) = &m.subject else {
            continue;
        };
        let Ok(props) = store.quads_from(mention.as_ref()) else {
            continue;
        };
        let (Some(begin), Some(end)) = (
            int_of(&props, nif::BEGIN_INDEX),
            int_of(&props, nif::END_INDEX),
        ) else {
            continue;
        };
        let Some(context) = props.iter().find_map(|q| {
            match (q.predicate.as_ref() == nif::REFERENCE_CONTEXT, &q.object) {
                (true, Term::NamedNode(c)) => Some(c.clone()),
                _ => None,
            }
        }) else {
            continue;
        };
        if !contexts.contains_key(context.as_str()) {
            let text = store
                .quads_from(context.as_ref())
                .ok()
                .and_then(|out| {
                    out.into_iter().find_map(|q| {
                        match (q.predicate.as_ref() == nif::IS_STRING, q.object) {
                            (true, Term::Literal(l)) => Some(l.value().to_owned()),
                            _ => None,
                        }
                    })
                })
                .unwrap_or_default();
            contexts.insert(context.as_str().to_owned(), text);
        }
        let text: Vec<char> = contexts[context.as_str()].chars().collect();
        if end > text.len() || begin >= end {
            continue;
        }
        // The sentence: back to the last full stop or line break, on to the next.
        let is_stop = |c: char| matches!(c, '.' | '!' | '?' | '\n');
        let start = (0..begin)
            .rev()
            .find(|&i| is_stop(text[i]))
            .map_or(0, |i| i + 1);
        let stop = (end..text.len())
            .find(|&i| is_stop(text[i]))
            .map_or(text.len(), |i| i + 1);
        let s = |a: usize, b: usize| escape(&text[a..b].iter().collect::<String>());
        let doc_iri = mention
            .as_str()
            .split('#')
            .next()
            .unwrap_or_default()
            .to_owned();
        let doc = link(
            config,
            &Term::NamedNode(NamedNode::new_unchecked(doc_iri)),
            labels,
        );
        out.push_str(&format!(
            "<p class=\"snippet\">{}<mark>{}</mark>{} <small>({doc}, characters {begin}-{end})</small></p>",
            s(start, begin).trim_start(),
            s(begin, end),
            s(end, stop).trim_end()
        ));
    }
    if out.is_empty() {
        "<p>None.</p>".to_owned()
    } else {
        out
    }
}

/// The entity's neighbourhood as SVG, drawn by Graphviz from our DOT (the
/// entity's facts, and the types and names of what they link to), or a note
/// saying Graphviz is not installed.
fn neighbourhood_svg(store: &Store, name: &str, facts: &[Quad]) -> String {
    let mut quads: Vec<Quad> = facts.to_vec();
    let mut seen = std::collections::BTreeSet::new();
    let neighbours = facts.iter().flat_map(|q| {
        let s = match &q.subject {
            NamedOrBlankNode::NamedNode(n) => Some(n.clone()),
            NamedOrBlankNode::BlankNode(_) => None,
        };
        let o = match &q.object {
            Term::NamedNode(n) => Some(n.clone()),
            _ => None,
        };
        s.into_iter().chain(o)
    });
    for n in neighbours {
        if !seen.insert(n.as_str().to_owned()) {
            continue;
        }
        if let Ok(out) = store.quads_from(n.as_ref()) {
            quads.extend(out.into_iter().filter(|q| {
                q.predicate.as_ref() == rdf::TYPE || q.predicate.as_ref() == rdfs::LABEL
            }));
        }
    }
    let quads = dedup(quads);
    let focus = kgraph_rdf::dot::Focus {
        name: name.to_owned(),
        depth: 1,
    };
    let Ok(dot) = kgraph_rdf::dot::write_dot(&quads, Some(&focus), Vec::new()) else {
        return "<p>No picture: the neighbourhood could not be drawn.</p>".to_owned();
    };
    let child = Command::new("dot")
        .arg("-Tsvg")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn();
    let Ok(mut child) = child else {
        return "<p>No picture: Graphviz (<code>dot</code>) is not installed on the server.</p>"
            .to_owned();
    };
    if let Some(mut stdin) = child.stdin.take() {
        let _ = stdin.write_all(&dot);
    }
    match child.wait_with_output() {
        Ok(out) if out.status.success() => {
            let svg = String::from_utf8_lossy(&out.stdout);
            // Drop the XML prologue and doctype: the SVG goes inline.
            svg.find("<svg")
                .map_or_else(String::new, |i| svg[i..].to_owned())
        }
        _ => "<p>No picture: Graphviz failed to draw the neighbourhood.</p>".to_owned(),
    }
}

fn document_page(store: &Store, config: &Config, node: &NamedNode, outgoing: &[Quad]) -> String {
    let labels = labels_of(store, outgoing);
    let literal = |p: oxigraph::model::NamedNodeRef<'_>| {
        outgoing
            .iter()
            .find_map(|q| match (q.predicate.as_ref() == p, &q.object) {
                (true, Term::Literal(l)) => Some(l.value().to_owned()),
                _ => None,
            })
    };
    let title = literal(kg::TITLE).unwrap_or_else(|| node.as_str().to_owned());
    let rows: Vec<(String, String)> = dedup(outgoing.to_vec())
        .iter()
        .filter(|q| q.predicate.as_ref() != rdf::TYPE)
        .map(|q| {
            (
                escape(&compact(q.predicate.as_str())),
                link(config, &q.object, &labels),
            )
        })
        .collect();
    // The text and its mentions, from the document's graph.
    let graph = store.graph_quads(Some(node.as_ref())).unwrap_or_default();
    let text = graph
        .iter()
        .find_map(
            |q| match (q.predicate.as_ref() == nif::IS_STRING, &q.object) {
                (true, Term::Literal(l)) => Some(l.value().to_owned()),
                _ => None,
            },
        )
        .unwrap_or_default();
    let mut by_subject: BTreeMap<String, Vec<&Quad>> = BTreeMap::new();
    for q in &graph {
        by_subject.entry(q.subject.to_string()).or_default().push(q);
    }
    let mut spans: Vec<(usize, usize, Term)> = Vec::new();
    for props in by_subject.values() {
        let owned: Vec<Quad> = props.iter().map(|q| (*q).clone()).collect();
        let entity = owned
            .iter()
            .find_map(|q| (q.predicate.as_ref() == kg::DENOTES).then(|| q.object.clone()));
        if let (Some(b), Some(e), Some(entity)) = (
            int_of(&owned, nif::BEGIN_INDEX),
            int_of(&owned, nif::END_INDEX),
            entity,
        ) {
            spans.push((b, e, entity));
        }
    }
    spans.sort_by_key(|(b, e, _)| (*b, std::cmp::Reverse(*e)));
    let graph_labels = labels_of(store, &graph);
    let chars: Vec<char> = text.chars().collect();
    let mut html = String::new();
    let mut at = 0;
    for (b, e, entity) in spans {
        if b < at || e > chars.len() {
            continue;
        }
        html.push_str(&escape(&chars[at..b].iter().collect::<String>()));
        let label = link(config, &entity, &graph_labels);
        let inner = escape(&chars[b..e].iter().collect::<String>());
        let href = label
            .split('"')
            .nth(1)
            .map(str::to_owned)
            .unwrap_or_default();
        html.push_str(&format!("<a href=\"{href}\"><mark>{inner}</mark></a>"));
        at = e;
    }
    html.push_str(&escape(
        &chars[at.min(chars.len())..].iter().collect::<String>(),
    ));
    let body = format!(
        "<h1>{}</h1><p><code>{}</code></p>{}<h2>Text</h2><div class=\"doc\">{}</div>",
        escape(&title),
        escape(node.as_str()),
        facts_table(&rows),
        html
    );
    page(&title, &body)
}
