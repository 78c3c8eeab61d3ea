//! What the mention stage hands on: mentions, titles, and the text they are in.

use crate::dates::Date;
use crate::gazetteer::{PlaceName, TitleKind};
use crate::schema::EntityType;
use crate::text::Text;

/// What a mention names, as far as this stage can tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// One of the five types.
    Typed(EntityType),
    /// A capitalized name with no cue: kept if it resolves to a typed entity.
    Unknown,
}

/// A mention: a token span that names something.
#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    /// First token.
    pub first: usize,
    /// Token just past the mention.
    pub end: usize,
    /// Sentence index.
    pub sentence: usize,
    /// What it names.
    pub kind: Kind,
    /// A subclass name from the lexicons ("PoliticalParty", "Election").
    pub class: Option<String>,
    /// A gazetteer entry it names.
    pub gazetteer: Option<PlaceName>,
    /// For organizations: a country named inside the name.
    pub inner_country: Option<usize>,
    /// For events: the date its words fix.
    pub date: Option<Date>,
    /// For a bare "the election": refers back to a named event.
    pub anaphor: bool,
    /// The mention whose acronym this is, when defined in brackets.
    pub acronym_of: Option<usize>,
    /// The catalog entry it names (index into [`Catalog::entries`](crate::catalog::Catalog::entries)).
    pub catalog: Option<usize>,
    /// The rule or gazetteer that produced it.
    pub rule: &'static str,
}

impl Mention {
    /// A mention of tokens `first..end` in `sentence`, with nothing else known.
    pub fn new(sentence: usize, first: usize, end: usize, kind: Kind, rule: &'static str) -> Self {
        Mention {
            first,
            end,
            sentence,
            kind,
            class: None,
            gazetteer: None,
            inner_country: None,
            date: None,
            anaphor: false,
            acronym_of: None,
            catalog: None,
            rule,
        }
    }
}

/// A title in the text ("Interior Minister", "president").
#[derive(Debug, Clone, PartialEq)]
pub struct TitleMention {
    /// First token.
    pub first: usize,
    /// Token just past it.
    pub end: usize,
    /// The position it names.
    pub position: String,
    /// How it relates the holder to a body.
    pub kind: TitleKind,
    /// A plural ("councillors X and Y"): every name of the list holds it.
    pub plural: bool,
}

/// The mention stage's output.
#[derive(Debug, Clone)]
pub struct Mentions {
    /// The analysed text.
    pub text: Text,
    /// Entity mentions in text order.
    pub mentions: Vec<Mention>,
    /// Titles in text order.
    pub titles: Vec<TitleMention>,
}
