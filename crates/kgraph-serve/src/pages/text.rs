//! A document's text as the pages quote it: the `nif:isString` of its
//! context, cut into sentences by the extraction's own splitter (so a
//! sentence does not stop at "U.S." or "Gen."), and sentences with spans
//! marked.

use std::collections::BTreeMap;

use oxigraph::model::{NamedNode, Quad, Term};

use crate::reply::escape;
use kgraph_extract::Text;
use kgraph_rdf::ontology::nif;
use kgraph_store::store::Store;

/// A character span: first character, character just past.
pub(crate) type Span = (usize, usize);

/// A sentence and the spans marked in it.
pub(crate) type Marked = (Span, Vec<Span>);

/// A document's text and its sentences.
pub(crate) struct DocText {
    chars: Vec<char>,
    /// (first character, character just past), in order.
    sentences: Vec<(usize, usize)>,
}

impl DocText {
    /// `text` (as the graph keeps it: already normalized, so the offsets
    /// of the mention layer hold), split into sentences.
    pub fn new(text: &str) -> Self {
        let analysed = Text::new(text);
        let sentences = analysed
            .sentences()
            .iter()
            .filter(|s| s.end > s.first)
            .map(|s| analysed.char_span(s.first, s.end))
            .collect();
        DocText {
            chars: text.chars().collect(),
            sentences,
        }
    }

    /// The text of the context a mention refers to (`nif:referenceContext`),
    /// looked up from the mention.
    pub fn of_mention(store: &Store, mention: &NamedNode) -> Option<Self> {
        let props = store.quads_from(mention.as_ref()).ok()?;
        let context = props.iter().find_map(|q| {
            match (q.predicate.as_ref() == nif::REFERENCE_CONTEXT, &q.object) {
                (true, Term::NamedNode(c)) => Some(c.clone()),
                _ => None,
            }
        })?;
        let text = store.quads_from(context.as_ref()).ok()?;
        Self::in_quads(&text)
    }

    /// The text in `quads` (a document's graph, or a context's triples).
    pub fn in_quads(quads: &[Quad]) -> Option<Self> {
        quads.iter().find_map(
            |q| match (q.predicate.as_ref() == nif::IS_STRING, &q.object) {
                (true, Term::Literal(l)) => Some(Self::new(l.value())),
                _ => None,
            },
        )
    }

    /// The length in characters.
    pub fn len(&self) -> usize {
        self.chars.len()
    }

    /// The sentences, as character spans.
    pub fn sentences(&self) -> &[(usize, usize)] {
        &self.sentences
    }

    /// The sentence holding the character span `begin..end`: the first
    /// sentence it overlaps, widened to the sentences it runs into.
    pub fn sentence_of(&self, begin: usize, end: usize) -> (usize, usize) {
        let over: Vec<&(usize, usize)> = self
            .sentences
            .iter()
            .filter(|(s, e)| *s < end.max(begin + 1) && begin < *e)
            .collect();
        match (over.first(), over.last()) {
            (Some(first), Some(last)) => (first.0.min(begin), last.1.max(end)),
            _ => (begin, end.min(self.len())),
        }
    }

    /// The characters `begin..end`.
    pub fn slice(&self, begin: usize, end: usize) -> String {
        let end = end.min(self.chars.len());
        self.chars[begin.min(end)..end].iter().collect()
    }

    /// The sentence `span`, HTML-escaped, with the spans of `marks` (inside
    /// it, not crossing one another) in `<mark>`.
    pub fn marked(&self, span: (usize, usize), marks: &[(usize, usize)]) -> String {
        let mut marks: Vec<(usize, usize)> = marks
            .iter()
            .copied()
            .filter(|(b, e)| *b >= span.0 && *e <= span.1 && b < e)
            .collect();
        marks.sort();
        let mut out = String::new();
        let mut at = span.0;
        for (b, e) in marks {
            if b < at {
                continue;
            }
            out.push_str(&escape(&self.slice(at, b)));
            out.push_str(&format!("<mark>{}</mark>", escape(&self.slice(b, e))));
            at = e;
        }
        out.push_str(&escape(&self.slice(at, span.1)));
        out.trim().to_owned()
    }

    /// The sentences holding `spans`, each once, in order, with the spans
    /// each holds.
    pub fn sentences_holding(&self, spans: &[(usize, usize)]) -> Vec<Marked> {
        let mut by_sentence: BTreeMap<(usize, usize), Vec<(usize, usize)>> = BTreeMap::new();
        for &(b, e) in spans {
            if e > self.len() || b >= e {
                continue;
            }
            by_sentence
                .entry(self.sentence_of(b, e))
                .or_default()
                .push((b, e));
        }
        by_sentence.into_iter().collect()
    }
}

/// The document and character span of a mention IRI `{document}#char=b,e`.
pub(crate) fn mention_span(iri: &str) -> Option<(&str, usize, usize)> {
    let (doc, fragment) = iri.split_once("#char=")?;
    let (b, e) = fragment.split_once(',')?;
    Some((doc, b.parse().ok()?, e.parse().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_do_not_stop_at_abbreviations() {
        let text =
            DocText::new("He is wanted by U.S. authorities, police said. Then he left.\nNew line");
        let at = text.slice(0, text.len()).find("authorities").unwrap_or(0);
        let span = text.sentence_of(at, at + 11);
        assert_eq!(
            text.slice(span.0, span.1),
            "He is wanted by U.S. authorities, police said."
        );
        let second = text.sentence_of(50, 52);
        assert_eq!(text.slice(second.0, second.1), "Then he left.");
        assert_eq!(
            text.marked(span, &[(0, 2), (16, 20)]),
            "<mark>He</mark> is wanted by <mark>U.S.</mark> authorities, police said."
        );
    }

    #[test]
    fn mention_iris_give_document_and_offsets() {
        assert_eq!(
            mention_span("https://x/doc/ab#char=208,221"),
            Some(("https://x/doc/ab", 208, 221))
        );
        assert_eq!(mention_span("https://x/doc/ab/action/1"), None);
    }
}
