//! The rules' view of one text, and the look-ups every rule shares: words,
//! capitalized words, the gazetteer, titles and cue words at a token, given
//! names, and the mentions they make.

use std::cell::OnceCell;

use crate::dates;
use crate::gazetteer::{Gazetteer, PlaceName};
use crate::lexicon::{self, FastSet};
use crate::schema::EntityType;
use crate::text::{Text, TokenKind};

use super::types::{Kind, Mention};

/// Does the word look like an adjective or a demonym ("Localist", "Brazilian",
/// "English", "Socialist")? Such a word alone does not name an organization.
pub(super) fn adjectival(word: &str) -> bool {
    lexicon::adjectival_suffixes().ends(&word.to_lowercase())
}

pub(super) struct Finder<'a> {
    pub(super) g: &'static Gazetteer,
    pub(super) text: &'a Text,
    /// The series of the mission codes in the text ("STS" of "STS-135"),
    /// found when first needed.
    pub(super) mission_series: std::cell::OnceCell<Vec<&'a str>>,
    /// Capitalized words that stand alone in the text, with no capitalized
    /// word beside them ("Jafari said"), found when first needed.
    pub(super) lone_names: std::cell::OnceCell<FastSet<&'a str>>,
}

/// Is `word` a mission or flight code ("STS-135", "CRS-21")? Its series if so.
pub(super) fn mission_code(word: &str) -> Option<&str> {
    let (series, number) = word.split_once('-')?;
    ((2..=5).contains(&series.len())
        && series.chars().all(|c| c.is_ascii_uppercase())
        && (1..=4).contains(&number.len())
        && number.chars().all(|c| c.is_ascii_digit()))
    .then_some(series)
}

/// The series of the codes that a sentence with "mission" in it names ("its
/// final mission, STS-135"): every code of such a series in the text is a
/// mission, an event ("launch on STS-134").
pub(super) fn mission_series(text: &Text) -> Vec<&str> {
    let mut series: Vec<&str> = Vec::new();
    for sentence in text.sentences() {
        let words = (sentence.first..sentence.end).map(|i| text.word(i));
        if !words.clone().any(|w| matches!(w, "mission" | "missions")) {
            continue;
        }
        for s in words.filter_map(mission_code) {
            if !series.contains(&s) {
                series.push(s);
            }
        }
    }
    series
}

/// Is the word a name with the Arabic article, lowercase ("al-Amr",
/// "el-Sisi", "ash-Shifa")? It goes on a name like a capitalized word.
pub(super) fn arabic_article(word: &str) -> bool {
    word.split_once('-').is_some_and(|(article, rest)| {
        matches!(
            article,
            "al" | "el" | "ad" | "ar" | "as" | "ash" | "at" | "az" | "an" | "ud" | "ul"
        ) && is_capitalized(rest)
    })
}

pub(super) fn is_capitalized(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

/// Is `first..end` a country's code before a currency sign, part of an
/// amount ("NZ$26 million", "US$ 20,000", "HK $ 5"), not a name?
pub(super) fn currency_code(text: &Text, first: usize, end: usize) -> bool {
    end == first + 1
        && end < text.tokens().len()
        && text.word(end).starts_with('$')
        && is_acronym(text.word(first))
}

pub(super) fn is_acronym(word: &str) -> bool {
    let (mut letters, mut upper) = (0, 0);
    for c in word.chars().filter(|c| *c != '.' && *c != '&') {
        if c.is_uppercase() {
            upper += 1;
        } else if !c.is_ascii_digit() {
            return false;
        }
        letters += 1;
        if letters > 8 {
            return false;
        }
    }
    letters >= 2 && upper >= 2
}

impl<'a> Finder<'a> {
    /// The finder of `text`.
    pub(super) fn new(text: &'a Text) -> Self {
        Finder {
            g: Gazetteer::get(),
            text,
            mission_series: OnceCell::new(),
            lone_names: OnceCell::new(),
        }
    }
}

impl Finder<'_> {
    pub(super) fn word(&self, i: usize) -> &str {
        self.text.word(i)
    }

    pub(super) fn is_cap_word(&self, i: usize) -> bool {
        let t = self.text.tokens()[i];
        let w = self.word(i);
        t.kind == TokenKind::Word
            && (is_capitalized(w) || arabic_article(w))
            && dates::month(w).is_none_or(|_| w.len() <= 2)
            && !dates::is_weekday(w)
            && (w != "I" || self.regnal_i(i))
    }

    /// Is the word "I" at `i` a numeral after a name ("Elizabeth I", "World
    /// War I"), not the pronoun ("Frankly I said", "Prompted I think")? It
    /// follows a capitalized word, a name's or a cue's, not an ordinary
    /// word that only starts the sentence.
    fn regnal_i(&self, i: usize) -> bool {
        let Some(before) = i.checked_sub(1) else {
            return false;
        };
        let prev = self.word(before);
        let starts = self.opens(before)
            || self
                .text
                .sentences()
                .binary_search_by_key(&before, |s| s.first)
                .is_ok();
        is_capitalized(prev)
            && self.text.tokens()[before].kind == TokenKind::Word
            && !(starts && self.ordinary(prev) && self.cue(before).is_none())
    }

    /// Is `word` an ordinary English word: in the common-word list, or one
    /// the word tables say is written in lower case four times in five?
    pub(super) fn ordinary(&self, word: &str) -> bool {
        self.g.is_common(word)
            || crate::tagger::capitalized_tenths(&word.to_lowercase()).is_some_and(|t| t <= 2)
    }

    pub(super) fn key(&self, first: usize, end: usize) -> String {
        (first..end)
            .map(|i| self.word(i).replace('’', "'"))
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// The longest gazetteer name starting at `i` and ending by `end`.
    pub(super) fn gazetteer_at(&self, i: usize, end: usize) -> Option<(usize, PlaceName)> {
        if i >= end || !is_capitalized(self.word(i)) {
            return None;
        }
        let max = self.g.max_name_words.min(end - i);
        // The key of `i..i + max` once; the shorter keys are its prefixes.
        let key = self.key(i, i + max);
        let mut ends = Vec::with_capacity(max);
        let mut at = 0;
        for n in 0..max {
            // As `key` writes it: "’" (3 bytes) as "'" (1).
            let w = self.word(i + n);
            at += w.len() - 2 * w.matches('’').count();
            ends.push(at);
            at += 1;
        }
        (1..=max)
            .rev()
            .filter(|n| is_capitalized(self.word(i + n - 1)))
            .find_map(|n| self.g.lookup(&key[..ends[n - 1]]).map(|p| (i + n, p)))
    }

    /// The longest title starting at `i` and ending by `end`.
    pub(super) fn title_at(
        &self,
        i: usize,
        end: usize,
    ) -> Option<(usize, &'static crate::gazetteer::Title)> {
        let word = self.word(i);
        let first: std::borrow::Cow<str> = if word.chars().any(char::is_uppercase) {
            word.to_lowercase().into()
        } else {
            word.into()
        };
        let stem = first.split('-').next().unwrap_or(&first);
        let known = |w: &str| self.g.title_first_words.contains(w);
        if !known(stem) && !stem.strip_suffix('s').is_some_and(known) {
            return None;
        }
        let max = self.g.max_title_words.min(end - i);
        (1..=max).rev().find_map(|n| {
            let key = self.key(i, i + n).to_lowercase();
            // Plurals too: "councillors Ann Chiang and Priscilla Leung".
            self.g
                .titles
                .get(&key)
                .or_else(|| key.strip_suffix('s').and_then(|k| self.g.titles.get(k)))
                .map(|t| (i + n, t))
        })
    }

    /// Is the title at `first..end` a plural ("councillors")?
    pub(super) fn plural_title(&self, first: usize, end: usize) -> bool {
        let key = self.key(first, end).to_lowercase();
        !self.g.titles.contains_key(&key) && key.ends_with('s')
    }

    /// Is token `i` the first word after an opening quote or bracket?
    pub(super) fn opens(&self, i: usize) -> bool {
        i > 0 && matches!(self.word(i - 1), "“" | "\"" | "‘" | "(" | "[" | "—" | ":")
    }

    /// The organization or event class a capitalized word cues, if any.
    pub(super) fn cue(&self, i: usize) -> Option<(EntityType, &'static str)> {
        let w = self.word(i).to_lowercase();
        if let Some(c) = self.g.event_cues.get(&w) {
            return Some((EntityType::Event, c.as_str()));
        }
        self.g
            .org_cues
            .get(&w)
            .map(|c| (EntityType::Organization, c.as_str()))
    }

    /// A city whose name is also an ordinary word or a given name ("Mobile",
    /// "Florence") counts only after a preposition of place ("in Florence").
    pub(super) fn place_fits(&self, first: usize, end: usize, place: PlaceName) -> bool {
        let PlaceName::City(c) = place else {
            return true;
        };
        if self.g.cities[c].capital || end - first > 1 {
            return true;
        }
        let w = self.word(first);
        let ambiguous = self.g.is_common(w) || self.g.given_names.contains(w);
        !ambiguous || (first > 0 && lexicon::city_prepositions().contains(self.word(first - 1)))
    }

    /// "Republic of Korea" style names: a gazetteer match followed by "of" inside the chunk.
    pub(super) fn name_continues_with_connector(&self, g_end: usize, end: usize) -> bool {
        g_end < end && lexicon::name_connectors().contains(self.word(g_end))
    }

    pub(super) fn gazetteer_mention(
        &self,
        s: usize,
        first: usize,
        end: usize,
        place: PlaceName,
    ) -> Mention {
        let (kind, class, rule) = match place {
            PlaceName::Country(_) => (EntityType::Country, None, "gazetteer:country"),
            PlaceName::Demonym(_) => (EntityType::Country, None, "gazetteer:demonym"),
            PlaceName::City(c) if self.g.cities[c].capital => {
                (EntityType::Place, None, "gazetteer:capital")
            }
            PlaceName::City(c) if self.g.cities[c].qid.is_some() => {
                (EntityType::Place, None, "gazetteer:subdivision")
            }
            PlaceName::City(_) => (EntityType::Place, None, "gazetteer:city"),
            PlaceName::Org(_) => (
                EntityType::Organization,
                Some("InternationalOrganization".to_owned()),
                "gazetteer:international-organization",
            ),
        };
        Mention {
            class,
            gazetteer: Some(place),
            rule,
            ..self.mention(s, first, end, Kind::Typed(kind))
        }
    }

    pub(super) fn mention(&self, sentence: usize, first: usize, end: usize, kind: Kind) -> Mention {
        Mention::new(sentence, first, end, kind, "")
    }

    /// Is `word` a given name, with or without its accents ("Nicolás")?
    pub(super) fn is_given_name(&self, word: &str) -> bool {
        // An acronym is not a given name written in capitals ("LA County").
        self.g.given_names.contains(word)
            || !is_acronym(word) && {
                let folded = crate::text::fold(word);
                let mut chars = folded.chars();
                chars.next().is_some_and(|c| {
                    let title_case: String = c.to_uppercase().chain(chars).collect();
                    self.g.given_names.contains(&title_case)
                })
            }
    }

    /// Does a lowercase title end just before token `first` ("dictator Nicolás
    /// Maduro", "president Joe Biden")?
    pub(super) fn lowercase_title_before(&self, first: usize) -> bool {
        (1..=self.g.max_title_words.min(first)).any(|n| {
            let start = first - n;
            self.word(start)
                .chars()
                .next()
                .is_some_and(char::is_lowercase)
                && self
                    .title_at(start, first)
                    .is_some_and(|(end, _)| end == first)
        })
    }
}
