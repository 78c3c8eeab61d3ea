//! An action's page: what it says as a sentence, the sentence of the text
//! it was found in (its agent and target marked), its statements, and a
//! picture of who acted on whom.
//!
//! Its sentence is the one the graph says states it (`kg:statedIn`, at
//! `--provenance statements` and `mentions`). A graph without it is read
//! again: of the document's sentences that mention both the agent and the
//! target, the one with a verb form of the action's type (and its source,
//! if it has one) wins, then the earliest.

use oxigraph::model::{NamedNode, Quad};

use super::facts::ActionNode;
use super::html::{anchor, name_of, page, short, subject_iri};
use super::phrases::verb_forms;
use super::picture::draw;
use super::text::{mention_span, DocText, Marked};
use crate::config::Config;
use crate::index::{words, Index};
use crate::reply::escape;
use kgraph_rdf::ontology::kg;
use kgraph_store::store::Store;

/// The page of action `node`, its statements `outgoing`.
pub(crate) fn action_page(
    store: &Store,
    config: &Config,
    index: &Index,
    node: &NamedNode,
    outgoing: &[Quad],
) -> String {
    let action = ActionNode::from_quads(node.as_str(), outgoing);
    let title = action.sentence(|iri| name_of(index, iri));
    let linked = action.sentence(|iri| anchor(config, iri, &name_of(index, iri)));
    let doc = action.document().to_owned();
    let graph = NamedNode::new(doc.clone())
        .ok()
        .and_then(|d| store.graph_quads(Some(d.as_ref())).ok())
        .unwrap_or_default();
    let evidence = match DocText::in_quads(&graph).and_then(|t| evidence(&t, &graph, &action).map(|e| (t, e))) {
        Some((text, (span, marks))) => format!(
            "<blockquote class=\"evidence\">{}</blockquote><p><small>From {}, characters {}–{}.</small></p>",
            text.marked(span, &marks),
            anchor(config, &doc, &short(&name_of(index, &doc), 100)),
            span.0,
            span.1
        ),
        None => format!(
            "<p class=\"muted\">No sentence of {} names both.</p>",
            anchor(config, &doc, &short(&name_of(index, &doc), 100))
        ),
    };
    let mut rows = vec![
        ("type", escape(&action.kind)),
        ("agent", who(config, index, action.agent.as_deref())),
        ("target", who(config, index, action.target.as_deref())),
    ];
    if let Some(d) = &action.date {
        rows.push(("date", escape(d)));
    }
    if let Some(r) = &action.rule {
        rows.push(("rule", escape(r)));
    }
    if action.negated {
        rows.push(("negated", "yes: the text says it did not happen".to_owned()));
    }
    for r in &action.reported_by {
        rows.push(("reported by", who(config, index, Some(r))));
    }
    rows.push((
        "document",
        anchor(config, &doc, &short(&name_of(index, &doc), 100)),
    ));
    let table: String = rows
        .iter()
        .map(|(k, v)| format!("<tr><th>{k}</th><td>{v}</td></tr>"))
        .collect();
    let body = format!(
        "<h1>{}</h1><p class=\"types\">Action · {}</p><p><code>{}</code></p>\
         <h2>Where the text says so</h2>{evidence}<h2>Statements</h2><table>{table}</table>\
         <h2>Picture</h2>{}",
        linked,
        escape(&action.kind),
        escape(node.as_str()),
        draw(&action.drawing(index)),
    );
    page(&title, &body)
}

fn who(config: &Config, index: &Index, iri: Option<&str>) -> String {
    iri.map_or_else(
        || "unknown".to_owned(),
        |i| anchor(config, i, &name_of(index, i)),
    )
}

/// The sentence of `text` that says `action`, and the spans of its agent,
/// target and sources in it; `graph` is the document's graph (its mentions).
fn evidence(text: &DocText, graph: &[Quad], action: &ActionNode) -> Option<Marked> {
    let spans_of = |who: &str| -> Vec<(usize, usize)> {
        graph
            .iter()
            .filter(|q| {
                q.predicate.as_ref() == kg::DENOTES && super::html::object_iri(q) == Some(who)
            })
            .filter_map(|q| subject_iri(q).and_then(mention_span))
            .map(|(_, b, e)| (b, e))
            .collect()
    };
    let agent = spans_of(action.agent.as_deref()?);
    let target = spans_of(action.target.as_deref()?);
    let sources: Vec<(usize, usize)> = action
        .reported_by
        .iter()
        .flat_map(|r| spans_of(r))
        .collect();
    let inside = |span: (usize, usize), spans: &[(usize, usize)]| -> Vec<(usize, usize)> {
        spans
            .iter()
            .copied()
            .filter(|(b, e)| *b >= span.0 && *e <= span.1)
            .collect()
    };
    // The sentence the graph names, its actors marked where it has mentions.
    if let Some((_, b, e)) = action.stated_in.as_deref().and_then(mention_span) {
        if e <= text.len() {
            let mut marks: Vec<(usize, usize)> = [&agent, &target, &sources]
                .into_iter()
                .flat_map(|s| inside((b, e), s))
                .collect();
            marks.sort_unstable();
            return Some(((b, e), marks));
        }
    }
    let verbs = verb_forms(&action.kind);
    let mut best: Option<(u8, Marked)> = None;
    for &span in text.sentences() {
        let (a, t) = (inside(span, &agent), inside(span, &target));
        if a.is_empty() || t.is_empty() {
            continue;
        }
        let s = inside(span, &sources);
        let has_verb = words(&text.slice(span.0, span.1))
            .iter()
            .any(|w| verbs.contains(&w.as_str()));
        let score = u8::from(has_verb) * 2 + u8::from(!s.is_empty());
        if best.as_ref().is_none_or(|(b, _)| score > *b) {
            let marks = a.into_iter().chain(t).chain(s).collect();
            best = Some((score, (span, marks)));
        }
    }
    best.map(|(_, marked)| marked)
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::model::{GraphName, NamedNode};

    #[test]
    fn the_sentence_with_both_ends_and_the_verb_is_the_evidence() {
        let text = DocText::new(
            "Maduro spoke of Cabello. Later, Maduro appointed Cabello minister. Cabello thanked Maduro.",
        );
        let mention = |b: usize, e: usize, who: &str| {
            Quad::new(
                NamedNode::new_unchecked(format!("http://x/doc/1#char={b},{e}")),
                kg::DENOTES,
                NamedNode::new_unchecked(format!("http://x/{who}")),
                GraphName::DefaultGraph,
            )
        };
        let graph = vec![
            mention(0, 6, "maduro"),
            mention(16, 23, "cabello"),
            mention(32, 38, "maduro"),
            mention(49, 56, "cabello"),
            mention(67, 74, "cabello"),
            mention(83, 89, "maduro"),
        ];
        let action = ActionNode {
            iri: "http://x/doc/1/action/1".to_owned(),
            kind: "appoint".to_owned(),
            agent: Some("http://x/maduro".to_owned()),
            target: Some("http://x/cabello".to_owned()),
            ..ActionNode::default()
        };
        let (span, marks) = evidence(&text, &graph, &action).expect("a sentence");
        assert_eq!(
            text.slice(span.0, span.1),
            "Later, Maduro appointed Cabello minister."
        );
        assert_eq!(marks, vec![(32, 38), (49, 56)]);
        // The sentence the graph names wins, and is marked all the same.
        let stated = ActionNode {
            stated_in: Some("http://x/doc/1#char=67,90".to_owned()),
            ..action.clone()
        };
        let (span, marks) = evidence(&text, &graph, &stated).expect("a sentence");
        assert_eq!(text.slice(span.0, span.1), "Cabello thanked Maduro.");
        assert_eq!(marks, vec![(67, 74), (83, 89)]);
        // Without mentions (the default provenance), the sentence unmarked.
        let (span, marks) = evidence(&text, &[], &stated).expect("a sentence");
        assert_eq!(span, (67, 90));
        assert!(marks.is_empty());
    }
}
