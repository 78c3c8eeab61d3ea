//! What a corpus reader hands on: sentences of words with labelled spans.

use std::path::PathBuf;

/// The tagger's four labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Label {
    /// People.
    Per,
    /// Organizations, including political parties.
    Org,
    /// Places, including countries.
    Loc,
    /// Events, including elections.
    Event,
}

impl Label {
    /// Every label, in declaration order.
    pub const ALL: [Label; 4] = [Label::Per, Label::Org, Label::Loc, Label::Event];

    /// The label's tag name: "PER", "ORG", "LOC" or "EVENT".
    pub fn as_str(self) -> &'static str {
        match self {
            Label::Per => "PER",
            Label::Org => "ORG",
            Label::Loc => "LOC",
            Label::Event => "EVENT",
        }
    }

    /// Maps a corpus type name to a label, case-insensitively, or `None` for
    /// the types we drop (misc, oth, time, abstract, object, ...).
    pub fn from_corpus(name: &str) -> Option<Label> {
        match name.to_ascii_lowercase().as_str() {
            "per" | "person" | "politician" => Some(Label::Per),
            "org" | "organisation" | "organization" | "politicalparty" => Some(Label::Org),
            "loc" | "location" | "place" | "country" | "gpe" => Some(Label::Loc),
            "event" | "election" => Some(Label::Event),
            _ => None,
        }
    }
}

/// A labelled span of tokens `[first, end)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    /// Index of the first token.
    pub first: usize,
    /// Index one past the last token.
    pub end: usize,
    /// The entity label.
    pub label: Label,
}

/// One sentence of a corpus.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    /// The tokens.
    pub words: Vec<String>,
    /// Non-overlapping entity spans, sorted by position.
    pub spans: Vec<Span>,
    /// The document id, if the format carries one ("# newdoc id = GUM_news_korea").
    pub doc: Option<String>,
}

/// Why a corpus could not be read.
#[derive(Debug, thiserror::Error)]
pub enum CorpusError {
    /// The file could not be opened, decompressed or decoded as UTF-8.
    #[error("cannot read {}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// A line does not follow the detected format.
    #[error("{path}:{line}: {message}")]
    Format {
        /// The file (or the name given to [`parse`](super::parse)).
        path: String,
        /// The 1-based line number.
        line: usize,
        /// What is wrong, on one line.
        message: String,
    },
}
