//! The extraction pipeline: a [`Document`] through text, mentions, entities,
//! relations and actions to an [`Extraction`]. This is the one entry point `extract`,
//! `ingest` and `eval` share.

use sha2::{Digest, Sha256};

use crate::actions::Action;
use crate::dates::Date;
use crate::relations::Relations;
use crate::text::Text;

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

/// Everything extracted from one document.
#[derive(Debug, Clone)]
pub struct Extraction {
    /// The document.
    pub document: Document,
    /// Its entities and relations (and through them its mentions and text).
    pub relations: Relations,
    /// Who did what to whom.
    pub actions: Vec<Action>,
}

/// Choices for an extraction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Settings {
    /// Join the statistical tagger's names to the rules' (on by default).
    pub tagger: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings { tagger: true }
    }
}

/// Runs the whole extraction on one document, with the default [`Settings`].
///
/// ```
/// use kgraph_extract::{extract, Document};
/// let x = extract(&Document::new("Venezuelan Interior Minister Diosdado Cabello spoke.", "-"));
/// let names: Vec<_> = x.relations.entities.entities.iter().map(|e| e.name.as_str()).collect();
/// assert!(names.contains(&"Diosdado Cabello") && names.contains(&"Venezuela"));
/// ```
pub fn extract(document: &Document) -> Extraction {
    extract_with(document, Settings::default())
}

/// Runs the whole extraction on one document.
pub fn extract_with(document: &Document, settings: Settings) -> Extraction {
    let text = Text::new(&document.text);
    let tagger = settings.tagger.then(crate::tagger::Model::shipped);
    let mentions = crate::mentions::find_with(text, tagger);
    let entities = crate::entities::resolve(mentions);
    let relations = crate::relations::find(entities, document.published);
    let actions = crate::actions::find(&relations.entities, document.published);
    Extraction {
        document: document.clone(),
        relations,
        actions,
    }
}
