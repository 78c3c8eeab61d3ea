//! An entity's page: its names and types; its facts, and the facts about it
//! (relations and actions), as sentences; the documents that mention it,
//! each once with the sentences that do, in document order, a page of
//! documents at a time; and a picture of its neighbourhood.

use std::collections::BTreeMap;

use oxigraph::model::{NamedNode, Quad};

use super::evidence::{evidence_line, statements_about, Evidence, Key};
use super::facts::{neighbourhood, relation_sentence, relations, ActionNode, MAX_NEIGHBOURS};
use super::html::{
    anchor, class_name, compact, dedup, list, name_of, object_iri, page, short, subject_iri,
    thousands,
};
use super::picture::draw;
use super::text::{mention_span, DocText};
use crate::config::Config;
use crate::index::Index;
use crate::reply::escape;
use kgraph_rdf::ontology::{kg, owl, rdfs};
use kgraph_store::store::Store;

/// Documents a page of the entity's mentions shows.
pub(crate) const DOCUMENTS_A_PAGE: usize = 10;
/// Sentences shown from one document.
const SENTENCES_A_DOCUMENT: usize = 8;
/// Sentences of facts shown in a list before "… and N more".
const FACTS_SHOWN: usize = 60;

/// The page of entity `node`, its documents from page `page_no` (from 1).
pub(crate) fn entity_page(
    store: &Store,
    config: &Config,
    index: &Index,
    node: &NamedNode,
    (outgoing, incoming): (&[Quad], &[Quad]),
    page_no: usize,
) -> String {
    let iri = node.as_str();
    let entity = index.entity(iri);
    let name = entity.map_or_else(|| compact(iri), |e| e.label.clone());
    let outgoing = dedup(outgoing);
    // Mentions are many and are read apart: the rest are facts.
    let (mentions, incoming): (Vec<Quad>, Vec<Quad>) = dedup(incoming)
        .into_iter()
        .partition(|q| q.predicate.as_ref() == kg::DENOTES);

    let mut head = format!("<h1>{}</h1>", escape(&name));
    if let Some(e) = entity {
        let kinds: Vec<String> = e.kinds.iter().map(|k| class_name(k)).collect();
        head.push_str(&format!(
            "<p class=\"types\">{} · mentioned in {} document{}</p>",
            escape(&kinds.join(" · ")),
            thousands(e.documents),
            if e.documents == 1 { "" } else { "s" }
        ));
        let others: Vec<String> = e
            .names
            .iter()
            .filter(|n| **n != e.label)
            .map(|n| escape(n))
            .collect();
        if !others.is_empty() {
            head.push_str(&format!("<p>Also called: {}</p>", others.join(", ")));
        }
    }
    for q in &outgoing {
        if q.predicate.as_ref() == rdfs::COMMENT {
            head.push_str(&format!(
                "<p>{}</p>",
                escape(&crate::reply::term_text(&q.object))
            ));
        }
    }
    let same: Vec<String> = outgoing
        .iter()
        .filter(|q| q.predicate.as_ref() == owl::SAME_AS)
        .filter_map(object_iri)
        .map(|o| anchor(config, o, &compact(o)))
        .collect();
    if !same.is_empty() {
        head.push_str(&format!("<p>The same as {}</p>", same.join(", ")));
    }
    head.push_str(&format!("<p><code>{}</code></p>", escape(iri)));

    let own = relations(&outgoing);
    let about = relations(&incoming);
    // Each fact with the sentence that states it, where the graph keeps it.
    let evidence = statements_about(store, &incoming);
    let fact = |r: &super::facts::Relation| {
        let key: Key = (r.subject.clone(), r.property, r.object.to_string());
        let line = evidence
            .get(&key)
            .map(|e| evidence_line(config, index, e))
            .unwrap_or_default();
        relation_sentence(config, index, r, iri) + "." + &line
    };
    let facts: Vec<String> = own.iter().map(fact).collect();
    let mut facts_about: Vec<String> = about.iter().map(fact).collect();
    // What it did is a fact of its own; what was done to it, or reported
    // by it, a fact about it.
    let actions = actions_of(store, index, &incoming);
    let (done, undergone): (Vec<&ActionNode>, Vec<&ActionNode>) = actions
        .iter()
        .partition(|a| a.agent.as_deref() == Some(iri));
    let mut facts = facts;
    facts.extend(done.iter().map(|a| action_item(config, index, a)));
    facts_about.extend(undergone.iter().map(|a| action_item(config, index, a)));

    let all: Vec<_> = own.iter().chain(&about).cloned().collect();
    let (drawing, left_out) = neighbourhood(index, iri, &all, &actions);
    let mut picture = if drawing.iter().any(|q| subject_iri(q) != Some(iri)) {
        draw(&drawing)
    } else {
        "<p class=\"muted\">No picture: nothing links to it.</p>".to_owned()
    };
    if left_out > 0 {
        picture.push_str(&format!(
            "<p class=\"muted\">The {} entities most linked to it are drawn; {} more are not.</p>",
            MAX_NEIGHBOURS,
            thousands(left_out)
        ));
    }

    let documents = mentioned_in(index, &outgoing, &mentions);
    let stated = stated_sentences(&evidence);
    let body = format!(
        "{head}<h2>Facts</h2>{}<h2>Facts about it</h2>{}{}<h2>Neighbourhood</h2>{picture}",
        list("facts", &facts, FACTS_SHOWN),
        list("facts", &facts_about, FACTS_SHOWN),
        mention_groups(store, config, index, node, (&documents, &stated), page_no),
    );
    page(&name, &body)
}

/// The actions `incoming` names the entity in (agent, target or source),
/// each once, newest date first, then in the order of the documents (as
/// the document list gives them) and of the text.
fn actions_of(store: &Store, index: &Index, incoming: &[Quad]) -> Vec<ActionNode> {
    let mut iris: Vec<&str> = incoming
        .iter()
        .filter(|q| {
            let p = q.predicate.as_ref();
            p == kg::AGENT || p == kg::TARGET || p == kg::REPORTED_BY
        })
        .filter_map(subject_iri)
        .collect();
    iris.sort_unstable();
    iris.dedup();
    let mut actions: Vec<ActionNode> = iris
        .into_iter()
        .filter_map(|iri| ActionNode::read(store, iri))
        .collect();
    let order = |a: &ActionNode| {
        let number = a
            .iri
            .rsplit_once("/action/")
            .and_then(|(_, n)| n.parse::<u64>().ok())
            .unwrap_or(u64::MAX);
        (
            index.document_rank(a.document()).unwrap_or(usize::MAX),
            number,
        )
    };
    actions.sort_by(|a, b| {
        b.date
            .cmp(&a.date)
            .then_with(|| order(a).cmp(&order(b)))
            .then_with(|| a.iri.cmp(&b.iri))
    });
    actions
}

/// An action as a list item: its sentence, linked to its page, and the
/// document it comes from.
fn action_item(config: &Config, index: &Index, a: &ActionNode) -> String {
    let sentence = a.sentence(|iri| name_of(index, iri));
    format!(
        "{} <small>in {}</small>",
        anchor(config, &a.iri, &sentence),
        anchor(
            config,
            a.document(),
            &short(&name_of(index, a.document()), 60)
        )
    )
}

/// The documents that mention the entity, in the index's order (newest
/// first, then by title), each with the character spans of its mentions
/// in order.
fn mentioned_in(
    index: &Index,
    outgoing: &[Quad],
    mentions: &[Quad],
) -> Vec<(String, Vec<(usize, usize)>)> {
    let mut by_doc: BTreeMap<String, Vec<(usize, usize)>> = BTreeMap::new();
    for q in outgoing
        .iter()
        .filter(|q| q.predicate.as_ref() == kg::MENTIONED_IN)
    {
        if let Some(d) = object_iri(q) {
            by_doc.entry(d.to_owned()).or_default();
        }
    }
    for m in mentions {
        if let Some((doc, b, e)) = subject_iri(m).and_then(mention_span) {
            by_doc.entry(doc.to_owned()).or_default().push((b, e));
        }
    }
    let mut docs: Vec<(String, Vec<(usize, usize)>)> = by_doc.into_iter().collect();
    for (_, spans) in &mut docs {
        spans.sort_unstable();
        spans.dedup();
    }
    docs.sort_by_key(|(d, _)| (index.document_rank(d).unwrap_or(usize::MAX), d.clone()));
    docs
}

/// Documents, each with the character spans of its mentions of the entity.
type Spans = [(String, Vec<(usize, usize)>)];

/// Sentences by document: their character spans and words.
type Stated<'a> = BTreeMap<&'a str, Vec<&'a (usize, usize, String)>>;

/// The sentences that state the entity's relations, by document, in text
/// order: what a graph without mention nodes still shows of the text.
fn stated_sentences(evidence: &BTreeMap<Key, Vec<Evidence>>) -> Stated<'_> {
    let mut out: Stated<'_> = BTreeMap::new();
    for e in evidence.values().flatten() {
        if let Some(sentence) = &e.sentence {
            out.entry(e.document.as_str()).or_default().push(sentence);
        }
    }
    for sentences in out.values_mut() {
        sentences.sort();
        sentences.dedup();
    }
    out
}

/// "Mentioned in": a page of documents, each under its short title with the
/// sentences that mention the entity, the mentions marked; where the graph
/// keeps no mention of it, the sentences that state its relations.
fn mention_groups(
    store: &Store,
    config: &Config,
    index: &Index,
    node: &NamedNode,
    (documents, stated): (&Spans, &Stated<'_>),
    page_no: usize,
) -> String {
    let pages = documents.len().div_ceil(DOCUMENTS_A_PAGE).max(1);
    let page_no = page_no.clamp(1, pages);
    let from = (page_no - 1) * DOCUMENTS_A_PAGE;
    let shown =
        &documents[from.min(documents.len())..(from + DOCUMENTS_A_PAGE).min(documents.len())];
    let mut out = format!(
        "<h2 id=\"mentions\">Where the text says so <small>({} document{})</small></h2>",
        thousands(documents.len()),
        if documents.len() == 1 { "" } else { "s" }
    );
    if documents.is_empty() {
        out.push_str("<p class=\"muted\">None.</p>");
    }
    for (doc, spans) in shown {
        let title = name_of(index, doc);
        let date = index
            .document(doc)
            .and_then(|d| d.published.clone())
            .map(|p| format!(" <small>{}</small>", escape(&p)))
            .unwrap_or_default();
        out.push_str(&format!(
            "<section class=\"group\" data-doc=\"{}\"><h3>{}{date}</h3>",
            escape(doc),
            anchor(config, doc, &short(&title, 100)),
        ));
        let text = spans.first().and_then(|(b, e)| {
            let mention = NamedNode::new(format!("{doc}#char={b},{e}")).ok()?;
            DocText::of_mention(store, &mention)
        });
        let sentences = text
            .as_ref()
            .map(|t| t.sentences_holding(spans))
            .unwrap_or_default();
        if spans.is_empty() {
            let only = stated.get(doc.as_str()).map_or(&[][..], |s| s.as_slice());
            for (b, _, words) in only.iter().take(SENTENCES_A_DOCUMENT) {
                out.push_str(&format!(
                    "<p class=\"snippet\" data-begin=\"{b}\">{}</p>",
                    escape(words)
                ));
            }
        }
        for (span, marks) in sentences.iter().take(SENTENCES_A_DOCUMENT) {
            if let Some(t) = &text {
                out.push_str(&format!(
                    "<p class=\"snippet\" data-begin=\"{}\">{}</p>",
                    marks[0].0,
                    t.marked(*span, marks)
                ));
            }
        }
        if sentences.len() > SENTENCES_A_DOCUMENT {
            out.push_str(&format!(
                "<p class=\"snippet muted\">… and {} more sentences.</p>",
                sentences.len() - SENTENCES_A_DOCUMENT
            ));
        }
        out.push_str("</section>");
    }
    if pages > 1 {
        let href = |p: usize| {
            let path = super::html::local_href(config, node.as_str()).unwrap_or_default();
            format!("{}?page={p}#mentions", escape(&path))
        };
        out.push_str(&format!(
            "<p class=\"pager\">Documents {}–{} of {}",
            from + 1,
            from + shown.len(),
            thousands(documents.len())
        ));
        if page_no > 1 {
            out.push_str(&format!(
                " · <a href=\"{}\" rel=\"prev\">previous</a>",
                href(page_no - 1)
            ));
        }
        if page_no < pages {
            out.push_str(&format!(
                " · <a href=\"{}\" rel=\"next\">next</a>",
                href(page_no + 1)
            ));
        }
        out.push_str("</p>");
    }
    out
}
