//! A source document: its text, where it came from, its title and date, and
//! the id its IRIs are minted from.

use sha2::{Digest, Sha256};

use crate::dates::Date;

/// A source document: its text and what is known about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// The text, exactly as read.
    pub text: String,
    /// Where it came from: a path, a URL or `-` for standard input.
    pub source: String,
    /// Its title, if known (else the first line is used).
    pub title: Option<String>,
    /// Its publication date, if known.
    pub published: Option<Date>,
}

impl Document {
    /// A document with `text` read from `source`.
    pub fn new(text: impl Into<String>, source: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            source: source.into(),
            title: None,
            published: None,
        }
    }

    /// Sets the publication date.
    pub fn with_published(mut self, published: Option<Date>) -> Self {
        self.published = published;
        self
    }

    /// Sets the title.
    pub fn with_title(mut self, title: Option<String>) -> Self {
        self.title = title;
        self
    }

    /// The hex SHA-256 of the text.
    pub fn sha256(&self) -> String {
        Sha256::digest(self.text.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }

    /// The document's id: the first 16 hex digits of the SHA-256 of its text.
    pub fn id(&self) -> String {
        self.sha256()[..16].to_owned()
    }

    /// The title, or else the first non-empty line (at most 200 characters).
    pub fn display_title(&self) -> Option<String> {
        self.title.clone().or_else(|| {
            self.text
                .lines()
                .map(str::trim)
                .find(|l| !l.is_empty())
                .map(|l| l.chars().take(200).collect())
        })
    }
}
