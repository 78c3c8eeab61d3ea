//! A document's page: its title and provenance, the entities it names by
//! class, the actions found in it as sentences, and its text with every
//! mention marked and linked to its entity.

use std::collections::{BTreeMap, BTreeSet};

use oxigraph::model::{NamedNode, Quad, Term};

use super::facts::ActionNode;
use super::html::{anchor, local_href, name_of, object_iri, page, subject_iri};
use super::text::DocText;
use crate::config::Config;
use crate::index::{Index, CORE};
use crate::reply::escape;
use kgraph_rdf::ontology::{kg, nif, rdf};
use kgraph_store::store::Store;

/// The page of document `node`, its statements `outgoing`.
pub(crate) fn document_page(
    store: &Store,
    config: &Config,
    index: &Index,
    node: &NamedNode,
    outgoing: &[Quad],
) -> String {
    let literal = |p: oxigraph::model::NamedNodeRef<'_>| super::html::literal_of(outgoing, p);
    let title = literal(kg::TITLE).unwrap_or_else(|| node.as_str().to_owned());
    let mut about = Vec::new();
    for (what, p) in [
        ("published", kg::PUBLISHED),
        ("source", kg::SOURCE),
        ("ingested", kg::INGESTED_AT),
    ] {
        if let Some(v) = literal(p) {
            let v = if v.starts_with("http://") || v.starts_with("https://") {
                format!("<a href=\"{0}\">{0}</a>", escape(&v))
            } else {
                escape(&v)
            };
            about.push(format!("{what} {v}"));
        }
    }
    // The text and its mentions, from the document's graph.
    let graph = store.graph_quads(Some(node.as_ref())).unwrap_or_default();
    let text = DocText::in_quads(&graph);
    let mut spans: Vec<(usize, usize, String)> = Vec::new();
    let mut by_subject: BTreeMap<&str, Vec<&Quad>> = BTreeMap::new();
    for q in &graph {
        if let Some(s) = subject_iri(q) {
            by_subject.entry(s).or_default().push(q);
        }
    }
    let mut named: BTreeSet<&str> = BTreeSet::new();
    let mut actions = Vec::new();
    for (s, props) in &by_subject {
        let int = |p: oxigraph::model::NamedNodeRef<'_>| {
            props
                .iter()
                .find_map(|q| match (q.predicate.as_ref() == p, &q.object) {
                    (true, Term::Literal(l)) => l.value().parse::<usize>().ok(),
                    _ => None,
                })
        };
        let entity = props
            .iter()
            .find(|q| q.predicate.as_ref() == kg::DENOTES)
            .and_then(|q| object_iri(q));
        if let (Some(b), Some(e), Some(entity)) =
            (int(nif::BEGIN_INDEX), int(nif::END_INDEX), entity)
        {
            spans.push((b, e, entity.to_owned()));
            named.insert(entity);
        }
        let is_action = props
            .iter()
            .any(|q| q.predicate.as_ref() == rdf::TYPE && q.object == Term::from(kg::ACTION));
        if is_action {
            let owned: Vec<Quad> = props.iter().map(|q| (*q).clone()).collect();
            actions.push(ActionNode::from_quads(s, &owned));
        }
    }
    spans.sort_by_key(|(b, e, _)| (*b, std::cmp::Reverse(*e)));

    // The entities it names, by class, most mentioned first.
    let mut by_class: BTreeMap<usize, Vec<(usize, &str)>> = BTreeMap::new();
    for iri in &named {
        if let Some(e) = index.entity(iri) {
            let rank = CORE
                .iter()
                .position(|c| *c == e.core())
                .unwrap_or(CORE.len());
            let times = spans.iter().filter(|(_, _, x)| x == iri).count();
            by_class.entry(rank).or_default().push((times, iri));
        }
    }
    let mut entities = String::new();
    for (rank, mut list) in by_class {
        list.sort_by(|a, b| {
            b.0.cmp(&a.0)
                .then_with(|| name_of(index, a.1).cmp(&name_of(index, b.1)))
        });
        let links: Vec<String> = list
            .iter()
            .map(|(n, iri)| {
                format!(
                    "{} <small>×{n}</small>",
                    anchor(config, iri, &name_of(index, iri))
                )
            })
            .collect();
        entities.push_str(&format!(
            "<p><b>{}</b>: {}</p>",
            CORE.get(rank).copied().unwrap_or("Other"),
            links.join(", ")
        ));
    }
    let action_items: Vec<String> = actions
        .iter()
        .map(|a| anchor(config, &a.iri, &a.sentence(|iri| name_of(index, iri))))
        .collect();

    let mut html = String::new();
    if let Some(text) = &text {
        let mut at = 0;
        for (b, e, entity) in spans {
            if b < at || e > text.len() {
                continue;
            }
            html.push_str(&escape(&text.slice(at, b)));
            let href = local_href(config, &entity).unwrap_or(entity);
            html.push_str(&format!(
                "<a href=\"{}\"><mark>{}</mark></a>",
                escape(&href),
                escape(&text.slice(b, e))
            ));
            at = e;
        }
        html.push_str(&escape(&text.slice(at, text.len())));
    }
    let body = format!(
        "<h1>{}</h1><p class=\"types\">Document · {}</p><p><code>{}</code></p>\
         <h2>Named in it</h2>{}<h2>Actions</h2>{}<h2>Text</h2><div class=\"doc\">{}</div>",
        escape(&title),
        about.join(" · "),
        escape(node.as_str()),
        if entities.is_empty() {
            "<p class=\"muted\">None.</p>".to_owned()
        } else {
            entities
        },
        super::html::list("facts", &action_items, 200),
        html
    );
    page(&title, &body)
}
