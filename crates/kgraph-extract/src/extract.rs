//! The extraction pipeline: a [`Document`] through text, mentions, entities,
//! relations and actions to an [`Extraction`]. This is the one entry point `extract`,
//! `ingest` and `eval` share.

use crate::actions::Action;
pub use crate::document::Document;
use crate::relations::Relations;
use crate::syntax::{Parses, Parsing};
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
    /// The parse of the sentences [`Settings::parse`] asked for.
    pub syntax: Parses,
    /// The mentions coreference joined to entities (none without a parse).
    pub coreference: Vec<crate::coref::Joined>,
}

/// Choices for an extraction.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Settings {
    /// Join the statistical tagger's names to the rules' (on by default).
    pub tagger: bool,
    /// Which sentences to parse ([`Parsing::Off`] by default, until the
    /// stages after it read the parse).
    pub parse: Parsing,
    /// The parser's beam (1: greedy, the default, and the fast model's own;
    /// see `docs/syntax.md`).
    pub beam: usize,
    /// A user catalog whose names are recognized and linked to their ids
    /// ([`crate::catalog`]); none by default.
    pub catalog: Option<&'static crate::catalog::Catalog>,
    /// Relations less sure than this are left out (0 by default: every
    /// relation a rule finds, and every one the classifier finds over its
    /// property's threshold).
    pub min_confidence: f32,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            tagger: true,
            parse: Parsing::Off,
            beam: 1,
            catalog: None,
            min_confidence: 0.0,
        }
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
    let mentions = crate::mentions::find_with(text, tagger, settings.catalog);
    let mut entities = crate::entities::resolve_with(mentions, settings.catalog);
    let syntax = parse(&entities, settings);
    let coreference = crate::coref::join(crate::coref::Model::shipped(), &mut entities, &syntax);
    let mut relations = crate::relations::find(entities, document.published);
    relations
        .relations
        .retain(|r| r.confidence >= settings.min_confidence);
    crate::scope::events(&mut relations, &document.id());
    let actions = crate::actions::find(&relations.entities, &syntax, document.published);
    Extraction {
        document: document.clone(),
        relations,
        actions,
        syntax,
        coreference,
    }
}

/// Parses the sentences `settings` asks for: with [`Parsing::Needed`], those
/// with a mention (a participant of a relation or an action, or an
/// antecedent) or with a pronoun from [`PRONOUNS`](crate::syntax::PRONOUNS)
/// (an anaphor).
fn parse(entities: &crate::entities::Entities, settings: Settings) -> Parses {
    let text = &entities.mentions.text;
    let wanted: Vec<bool> = match settings.parse {
        Parsing::Off => return Parses::default(),
        Parsing::All => vec![true; text.sentences().len()],
        Parsing::Needed => {
            let mut mentions = vec![false; text.sentences().len()];
            for m in &entities.mentions.mentions {
                if let Some(n) = mentions.get_mut(m.sentence) {
                    *n = true;
                }
            }
            text.sentences()
                .iter()
                .zip(mentions)
                .map(|(s, mentioned)| {
                    mentioned
                        || (s.first..s.end).any(|i| {
                            let word = text.word(i);
                            word.len() <= 5
                                && crate::syntax::PRONOUNS
                                    .iter()
                                    .any(|p| p.eq_ignore_ascii_case(word))
                        })
                })
                .collect()
        }
    };
    crate::syntax::parse(crate::syntax::Model::fast(), text, settings.beam, |k| {
        wanted[k]
    })
}
