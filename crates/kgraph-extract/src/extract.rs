//! The extraction pipeline: a [`Document`] through text, mentions, entities,
//! relations and actions to an [`Extraction`]. This is the one entry point `extract`,
//! `ingest` and `eval` share.

use crate::actions::Action;
pub use crate::document::Document;
use crate::relations::Relations;
use crate::text::Text;

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
