//! How the tagger's spans join the rules' mentions.
//!
//! The policy, in order:
//!
//! 1. Rules with evidence win. A gazetteer hit (countries, demonyms, cities,
//!    international organizations), a cue word ("Party", "Election"), a title
//!    or given name before a name, a bracketed acronym, an event phrase: the
//!    tagger never changes these, and drops any span that overlaps one.
//! 2. A weak rule mention with exactly the tagger's span takes the tagger's
//!    type when the tagger is confident enough: [`TYPE_MIN`] for a capitalized
//!    name the rules could not type, [`RETYPE_MIN`] for one whose type they
//!    guessed (an uncued two-word name as a person, a name after a given
//!    name as a person: "Lake Tana", "Royal Canadian Air Force"; a lone
//!    acronym as an organization, a name after "in" as a place). Not when the mention is the
//!    short form of a longer typed name in the document ("Hamill" after "Mark
//!    Hamill"), and not a lone word as a person ("Thomas"): the document
//!    resolves those.
//! 3. A tagger span that overlaps no mention and no title becomes a new mention
//!    (rule "tagger") when it starts with a capital letter and the tagger is
//!    confident enough ([`ADD_MIN`]).
//!
//! 4. Names of ships and spacecraft ("USS Enterprise", "HMS Victory", "Space
//!    Shuttle Columbia": a span that starts with a `data/lexicon/vessel_prefixes.txt` entry),
//!    and of religions and gods (names the lists of known names give only to
//!    a religion or a god: "Islam", "Wicca", "Zeus"), are none of kgraph's
//!    types: the tagger neither types nor adds them, and a weak rule's guess
//!    with the tagger's span loses its type.
//!
//! LOC becomes Country when the gazetteer knows the name as a country, else
//! Place; EVENT takes the event class its words cue, if any.

use crate::gazetteer::{Gazetteer, PlaceName};
use crate::lexicon::{self, FastMap, FastSet};
use crate::schema::EntityType;
use crate::tagger::{Label, Model, Tagged};
use crate::text::Text;

use super::types::{Kind, Mention, TitleMention};

/// The confidence a tagger span needs to type a mention the rules left untyped.
/// (0.7 until the word clusters made the tagger surer of unknown capitalized
/// names: at 0.7 it then typed vehicles, products and books in the
/// development articles, and relations fell from 0.614 to 0.602.)
pub const TYPE_MIN: f32 = 0.8;

/// The confidence a tagger span needs to retype a rule's guess.
pub const RETYPE_MIN: f32 = 0.9;

/// The confidence a tagger span needs to become a mention of its own.
pub const ADD_MIN: f32 = 0.7;

/// Does the span start like the name of a ship or spacecraft (a prefix of
/// [`lexicon::vessel_prefixes`] and more)?
fn vessel(text: &Text, first: usize, end: usize) -> bool {
    lexicon::vessel_prefixes().iter().any(|prefix| {
        first + prefix.split(' ').count() < end
            && prefix
                .split(' ')
                .enumerate()
                .all(|(k, w)| text.word(first + k) == w)
    })
}

/// Rules whose type is only a guess: the tagger may overrule them.
const WEAK_RULES: &[&str] = &[
    "capitalized",
    "capitalized-name",
    "given-name",
    "name-head",
    "acronym",
    "after-preposition",
    "speech-verb",
    "the-name",
];

/// Tokens a mention or a title covers.
fn coverage(text: &Text, mentions: &[Mention], titles: &[TitleMention]) -> Vec<bool> {
    let mut covered = vec![false; text.tokens().len()];
    let spans = mentions
        .iter()
        .map(|m| (m.first, m.end))
        .chain(titles.iter().map(|t| (t.first, t.end)));
    for (first, end) in spans {
        for c in covered.iter_mut().take(end).skip(first) {
            *c = true;
        }
    }
    covered
}

/// The tagger's spans, in token offsets, over the sentences of `text` where
/// they can change something: those with a weak rule mention, or with a
/// capitalized word after the first that no mention or title covers. (The
/// others are not tagged, which keeps extraction fast.)
pub fn tag_text(
    model: &Model,
    text: &Text,
    mentions: &[Mention],
    titles: &[TitleMention],
) -> Vec<(usize, Tagged)> {
    let covered = coverage(text, mentions, titles);
    let mut weak = vec![false; text.sentences().len()];
    for m in mentions.iter().filter(|m| WEAK_RULES.contains(&m.rule)) {
        if let Some(w) = weak.get_mut(m.sentence) {
            *w = true;
        }
    }
    let mut out = Vec::new();
    for (s, sentence) in text.sentences().iter().enumerate() {
        let capital = |i: usize| text.word(i).chars().next().is_some_and(char::is_uppercase);
        let open = (sentence.first + 1..sentence.end).any(|i| capital(i) && !covered[i]);
        if !weak[s] && !open {
            continue;
        }
        let words: Vec<&str> = (sentence.first..sentence.end)
            .map(|i| text.word(i))
            .collect();
        for mut t in model.tag(&words) {
            t.span.first += sentence.first;
            t.span.end += sentence.first;
            out.push((s, t));
        }
    }
    out
}

/// The entity type (and gazetteer entry) a tagger label gives a span.
fn typed(g: &Gazetteer, text: &Text, t: &Tagged) -> (EntityType, Option<PlaceName>) {
    let surface = text.span_text(t.span.first, t.span.end);
    match t.span.label {
        Label::Per => (EntityType::Person, None),
        Label::Org => (EntityType::Organization, None),
        Label::Event => (EntityType::Event, None),
        Label::Loc => match g.lookup(&Gazetteer::key(surface)) {
            Some(p @ (PlaceName::Country(_) | PlaceName::Demonym(_))) => {
                (EntityType::Country, Some(p))
            }
            Some(p @ PlaceName::City(_)) => (EntityType::Place, Some(p)),
            _ => (EntityType::Place, None),
        },
    }
}

/// The event class the words of a span cue ("Election", "Summit").
fn event_class(g: &Gazetteer, text: &Text, first: usize, end: usize) -> Option<String> {
    (first..end)
        .rev()
        .find_map(|i| g.event_cues.get(&text.word(i).to_lowercase()).cloned())
}

/// The folded last words of every typed name of more than one word: a mention
/// with these words is a short form ("Hamill" of "Mark Hamill").
fn short_forms(text: &Text, mentions: &[Mention]) -> FastSet<String> {
    let mut forms = FastSet::default();
    for m in mentions.iter().filter(|m| matches!(m.kind, Kind::Typed(_))) {
        for start in m.first + 1..m.end {
            let words: Vec<String> = (start..m.end)
                .map(|i| crate::text::fold(text.word(i)))
                .collect();
            forms.insert(words.join(" "));
        }
    }
    forms
}

fn folded(text: &Text, first: usize, end: usize) -> String {
    let words: Vec<String> = (first..end)
        .map(|i| crate::text::fold(text.word(i)))
        .collect();
    words.join(" ")
}

/// Joins the tagger's spans to the rules' mentions (see the module text).
pub fn combine(
    text: &Text,
    mentions: &mut Vec<Mention>,
    titles: &[TitleMention],
    tagged: &[(usize, Tagged)],
) {
    let g = Gazetteer::get();
    let names = crate::names::Names::get();
    let short = short_forms(text, mentions);
    let at: FastMap<(usize, usize), usize> = mentions
        .iter()
        .enumerate()
        .filter(|(_, m)| WEAK_RULES.contains(&m.rule))
        .map(|(k, m)| ((m.first, m.end), k))
        .collect();
    let covered = coverage(text, mentions, titles);
    let mut added = Vec::new();
    for (s, t) in tagged {
        let span = (t.span.first, t.span.end);
        let words: Vec<&str> = (span.0..span.1).map(|k| text.word(k)).collect();
        if vessel(text, span.0, span.1) || names.religion_or_god(&words) {
            // Nor does a rule's guess stand ("USS Enterprise" as a person).
            if let Some(&k) = at.get(&span) {
                mentions[k].kind = Kind::Unknown;
            }
            continue;
        }
        // A country's code before a currency sign is part of an amount
        // ("US$ 20,000", "NZ $26 million"), as the rules have it.
        if super::finder::currency_code(text, span.0, span.1) {
            continue;
        }
        let (kind, gazetteer) = typed(g, text, t);
        let class = (kind == EntityType::Event)
            .then(|| event_class(g, text, span.0, span.1))
            .flatten();
        if let Some(&k) = at.get(&span) {
            // A short form of a name the rules typed ("Hamill" after "Mark
            // Hamill") is resolved in the document, not retyped.
            // A lone word as a person ("Thomas", "Zeus") is left for the
            // document to resolve to a full name, or to drop.
            let lone_person = kind == EntityType::Person && span.1 - span.0 == 1;
            if lone_person || short.contains(&folded(text, span.0, span.1)) {
                continue;
            }
            let m = &mut mentions[k];
            let needed = if m.kind == Kind::Unknown {
                TYPE_MIN
            } else {
                RETYPE_MIN
            };
            if t.confidence >= needed && m.kind != Kind::Typed(kind) {
                m.kind = Kind::Typed(kind);
                m.gazetteer = gazetteer;
                m.class = class;
                m.rule = "tagger";
            }
            continue;
        }
        let taken = covered[span.0..span.1].iter().any(|c| *c);
        let capitalized = text
            .word(span.0)
            .chars()
            .next()
            .is_some_and(char::is_uppercase);
        if taken || !capitalized || t.confidence < ADD_MIN {
            continue;
        }
        added.push(Mention {
            class,
            gazetteer,
            ..Mention::new(*s, span.0, span.1, Kind::Typed(kind), "tagger")
        });
    }
    mentions.extend(added);
    mentions.sort_by_key(|m| (m.first, m.end));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tagger::corpus::Span;

    fn tagged(first: usize, end: usize, label: Label, confidence: f32) -> (usize, Tagged) {
        let span = Span { first, end, label };
        (0, Tagged { span, confidence })
    }

    fn mention(first: usize, end: usize, kind: Kind, rule: &'static str) -> Mention {
        Mention::new(0, first, end, kind, rule)
    }

    fn kinds(mentions: &[Mention]) -> Vec<(usize, usize, Kind, &'static str)> {
        mentions
            .iter()
            .map(|m| (m.first, m.end, m.kind, m.rule))
            .collect()
    }

    const ORG: Kind = Kind::Typed(EntityType::Organization);
    const PERSON: Kind = Kind::Typed(EntityType::Person);
    const COUNTRY: Kind = Kind::Typed(EntityType::Country);
    const PLACE: Kind = Kind::Typed(EntityType::Place);

    #[test]
    fn rules_with_evidence_win() {
        // "Venezuela sued Acme Widgets Party": a gazetteer country and a cued name.
        let text = Text::new("Venezuela sued Acme Widgets Party today .");
        let mut mentions = vec![
            mention(0, 1, COUNTRY, "gazetteer:country"),
            mention(2, 5, ORG, "cue:organization"),
        ];
        let before = kinds(&mentions);
        let spans = [
            tagged(0, 1, Label::Per, 1.0),
            tagged(2, 4, Label::Per, 1.0),
            tagged(2, 5, Label::Loc, 1.0),
        ];
        combine(&text, &mut mentions, &[], &spans);
        assert_eq!(kinds(&mentions), before);
    }

    #[test]
    fn untyped_names_take_the_tagger_type_when_it_is_sure() {
        let text = Text::new("Then Ubisoft and Zorblat met .");
        let unknown = || {
            vec![
                mention(1, 2, Kind::Unknown, "capitalized"),
                mention(3, 4, Kind::Unknown, "capitalized"),
            ]
        };
        let mut mentions = unknown();
        combine(
            &text,
            &mut mentions,
            &[],
            &[
                tagged(1, 2, Label::Org, TYPE_MIN),
                tagged(3, 4, Label::Org, TYPE_MIN - 0.01),
            ],
        );
        assert_eq!(
            kinds(&mentions),
            [(1, 2, ORG, "tagger"), (3, 4, Kind::Unknown, "capitalized")]
        );
        // A lone word is never made a person: the document resolves it.
        let mut mentions = unknown();
        combine(&text, &mut mentions, &[], &[tagged(1, 2, Label::Per, 1.0)]);
        assert_eq!(kinds(&mentions), kinds(&unknown()));
    }

    #[test]
    fn ships_and_spacecraft_are_not_typed_or_added() {
        let text = Text::new("The Space Shuttle Columbia and USS Enterprise met HMS .");
        let unknown = || vec![mention(1, 4, Kind::Unknown, "capitalized")];
        let spans = [
            tagged(1, 4, Label::Org, 1.0),
            tagged(5, 7, Label::Loc, 1.0),
            tagged(8, 9, Label::Org, 1.0),
        ];
        let mut mentions = unknown();
        combine(&text, &mut mentions, &[], &spans);
        // The lone prefix is no vessel's name: it is added.
        assert_eq!(
            kinds(&mentions),
            [(1, 4, Kind::Unknown, "capitalized"), (8, 9, ORG, "tagger")]
        );
    }

    #[test]
    fn a_guess_at_a_vessel_loses_its_type() {
        let text = Text::new("Then USS Enterprise said so .");
        let mut mentions = vec![mention(1, 3, PERSON, "speech-verb")];
        combine(&text, &mut mentions, &[], &[tagged(1, 3, Label::Org, 0.95)]);
        assert_eq!(kinds(&mentions), [(1, 3, Kind::Unknown, "speech-verb")]);
        // A name the rules found with evidence keeps its type.
        let mut mentions = vec![mention(1, 3, ORG, "cue:organization")];
        combine(&text, &mut mentions, &[], &[tagged(1, 3, Label::Org, 0.95)]);
        assert_eq!(kinds(&mentions), [(1, 3, ORG, "cue:organization")]);
    }

    #[test]
    fn guesses_are_retyped_only_with_high_confidence() {
        let text = Text::new("Then Burger King said so .");
        let guess = || vec![mention(1, 3, PERSON, "speech-verb")];
        let mut mentions = guess();
        combine(
            &text,
            &mut mentions,
            &[],
            &[tagged(1, 3, Label::Org, RETYPE_MIN - 0.05)],
        );
        assert_eq!(kinds(&mentions), kinds(&guess()));
        combine(
            &text,
            &mut mentions,
            &[],
            &[tagged(1, 3, Label::Org, RETYPE_MIN)],
        );
        assert_eq!(kinds(&mentions), [(1, 3, ORG, "tagger")]);
    }

    #[test]
    fn religions_and_gods_are_not_typed() {
        let text = Text::new("Followers of Islam and of Zeus met .");
        let mut mentions = vec![mention(5, 6, PERSON, "capitalized")];
        combine(
            &text,
            &mut mentions,
            &[],
            &[
                tagged(2, 3, Label::Org, 0.99),
                tagged(5, 6, Label::Per, 0.99),
            ],
        );
        assert_eq!(kinds(&mentions), [(5, 6, Kind::Unknown, "capitalized")]);
    }

    #[test]
    fn a_name_after_a_given_name_is_a_guess() {
        let text = Text::new("They sailed on Lake Tana last year .");
        let mut mentions = vec![mention(3, 5, PERSON, "given-name")];
        combine(&text, &mut mentions, &[], &[tagged(3, 5, Label::Loc, 0.95)]);
        assert_eq!(kinds(&mentions), [(3, 5, PLACE, "tagger")]);
    }

    #[test]
    fn short_forms_of_typed_names_are_left_to_the_document() {
        let text = Text::new("Mark Hamill came . Hamill spoke .");
        let mut mentions = vec![
            mention(0, 2, PERSON, "given-name"),
            mention(4, 5, Kind::Unknown, "capitalized"),
        ];
        let before = kinds(&mentions);
        combine(&text, &mut mentions, &[], &[tagged(4, 5, Label::Loc, 1.0)]);
        assert_eq!(kinds(&mentions), before);
    }

    #[test]
    fn free_capitalized_spans_are_added_and_lowercase_ones_are_not() {
        let text = Text::new("the Zorblat Institute met in lower zorbia .");
        let mut mentions = Vec::new();
        combine(
            &text,
            &mut mentions,
            &[],
            &[
                tagged(1, 3, Label::Org, 0.95),
                tagged(5, 7, Label::Loc, 0.95),
            ],
        );
        assert_eq!(kinds(&mentions), [(1, 3, ORG, "tagger")]);
        // A title is not a name to add.
        let titles = [TitleMention {
            first: 1,
            end: 3,
            position: "director".to_owned(),
            kind: crate::gazetteer::TitleKind::Leader,
            plural: false,
        }];
        let mut mentions = Vec::new();
        combine(
            &text,
            &mut mentions,
            &titles,
            &[tagged(1, 3, Label::Org, 0.95)],
        );
        assert!(mentions.is_empty());
    }

    #[test]
    fn locations_become_countries_by_the_gazetteer() {
        let text = Text::new("They flew to Freedonia and Peru .");
        let mut mentions = Vec::new();
        combine(
            &text,
            &mut mentions,
            &[],
            &[tagged(3, 4, Label::Loc, 1.0), tagged(5, 6, Label::Loc, 1.0)],
        );
        let typed: Vec<Kind> = mentions.iter().map(|m| m.kind).collect();
        assert_eq!(typed, [Kind::Typed(EntityType::Place), COUNTRY]);
        assert!(mentions[1].gazetteer.is_some());
    }
}
