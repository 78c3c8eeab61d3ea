//! Readers for the two IOB2 formats (UNER and CrossNER).

use super::layout::{format_error, parse_tag, token_columns, update_doc, Block, Format, Tag};
use super::types::{CorpusError, Label, Sentence, Span};

/// Converts blocks of UNER or CrossNER lines into sentences.
pub(super) fn sentences(
    blocks: &[Block<'_>],
    name: &str,
    format: Format,
) -> Result<Vec<Sentence>, CorpusError> {
    let (word_column, tag_column) = match format {
        Format::CrossNer => (0, 1),
        _ => (1, 2),
    };
    let mut doc = None;
    let mut sentences = Vec::new();
    for block in blocks {
        for comment in &block.comments {
            update_doc(&mut doc, comment);
        }
        let mut words = Vec::with_capacity(block.tokens.len());
        let mut tags = Vec::with_capacity(block.tokens.len());
        for line in &block.tokens {
            let columns = token_columns(line, format, name)?;
            let tag = parse_tag(columns[tag_column])
                .map_err(|message| format_error(name, line.number, message))?;
            words.push(columns[word_column].to_string());
            tags.push(tag);
        }
        if !words.is_empty() {
            sentences.push(Sentence {
                words,
                spans: decode(&tags),
                doc: doc.clone(),
            });
        }
    }
    Ok(sentences)
}

/// Decodes IOB2 tags into spans, conlleval-style: an `I-X` continues only a
/// chunk of the same raw type X and otherwise starts a new one; types
/// without a [`Label`] are read as `O`.
pub(super) fn decode(tags: &[Tag<'_>]) -> Vec<Span> {
    let mut spans = Vec::new();
    // The open chunk: its first token, raw type and label.
    let mut open: Option<(usize, &str, Label)> = None;
    for (i, tag) in tags.iter().enumerate() {
        let (kind, begins) = match *tag {
            Tag::Outside => (None, false),
            Tag::Begin(kind) => (Some(kind), true),
            Tag::Inside(kind) => (Some(kind), false),
        };
        let label = kind.and_then(Label::from_corpus);
        let continues = match (open, kind, label) {
            (Some((_, open_kind, _)), Some(kind), Some(_)) => {
                !begins && open_kind.eq_ignore_ascii_case(kind)
            }
            _ => false,
        };
        if continues {
            continue;
        }
        if let Some((first, _, label)) = open.take() {
            spans.push(Span {
                first,
                end: i,
                label,
            });
        }
        if let (Some(kind), Some(label)) = (kind, label) {
            open = Some((i, kind, label));
        }
    }
    if let Some((first, _, label)) = open {
        spans.push(Span {
            first,
            end: tags.len(),
            label,
        });
    }
    spans
}
