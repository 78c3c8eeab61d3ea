//! Lowercase event phrases with specific modifiers ("the July 28
//! presidential election", "nationwide protests"), and bare anaphors.

use crate::dates::{self, Date};
use crate::schema::EntityType;
use crate::text::TokenKind;

use super::finder::{is_capitalized, Finder};
use super::types::{Kind, Mention};

impl Finder<'_> {
    /// A lowercase event noun with specific modifiers before it: "the July 28
    /// presidential election", "nationwide protests", "the October election".
    /// A bare "the election" becomes an anaphor.
    pub(super) fn event_phrase(
        &self,
        s: usize,
        i: usize,
        sentence_first: usize,
    ) -> Option<Mention> {
        let head = self.word(i);
        if !head.chars().all(|c| c.is_lowercase() || c == '-') {
            return None;
        }
        let class = self.g.event_cues.get(head)?;
        // Not when a noun follows ("election results", "protest leaders").
        if i + 1 < self.text.tokens().len() {
            let w = self.word(i + 1);
            if w.chars().all(char::is_lowercase) && self.g.common_pos(w) == Some("NOUN") {
                return None;
            }
        }
        let mut first = i;
        // "Mecca crane collapse", "Paris climate conference": a name, an
        // ordinary noun, the event noun.
        if i > sentence_first + 2
            && matches!(self.g.common_pos(self.word(i - 1)), None | Some("NOUN"))
            && self.word(i - 1).chars().all(char::is_lowercase)
            && !self.g.event_modifiers.contains(self.word(i - 1))
            && self.is_cap_word(i - 2)
            && !self.g.is_common(self.word(i - 2))
            && !self.opens(i - 2)
        {
            first = i - 1;
        }
        while first > sentence_first {
            let w = self.word(first - 1);
            let t = self.text.tokens()[first - 1];
            // Names modify events too ("Hajj stampede", "Chinese New Year
            // celebrations"), but not a capitalized word that only starts the sentence.
            let name = t.kind == TokenKind::Word
                && is_capitalized(w)
                && match self.g.common_pos(w) {
                    None => true,
                    Some("NOUN" | "ADJ" | "PROPN") => {
                        first - 1 > sentence_first && !self.opens(first - 1)
                    }
                    Some(_) => false,
                }
                && dates::month(w).is_none();
            // "#MeToo movement": a hashtag names a movement.
            let hashtag = t.kind == TokenKind::Word
                && first - 1 > sentence_first
                && self.word(first - 2) == "#"
                && first == i;
            let modifier = name
                || hashtag
                || self.g.event_modifiers.contains(&w.to_lowercase())
                || dates::month(w).is_some() && is_capitalized(w)
                || (t.kind == TokenKind::Number && (Date::parse(&[w]).is_some() || w.len() <= 2))
                || (self.g.event_cues.contains_key(w) && first == i);
            if !modifier {
                break;
            }
            first -= 1;
            if hashtag {
                first -= 1;
                break;
            }
        }
        let determiner = first > sentence_first && matches!(self.word(first - 1), "the" | "The");
        let words: Vec<&str> = (first..=i).map(|k| self.word(k)).collect();
        if first == i {
            // Bare noun: only "the election" as a reference to a named one.
            return determiner.then(|| Mention {
                class: Some(class.clone()),
                anaphor: true,
                rule: "event-anaphor",
                ..self.mention(s, i, i + 1, Kind::Typed(EntityType::Event))
            });
        }
        Some(Mention {
            class: Some(class.clone()),
            date: Date::parse(&words),
            rule: "event-phrase",
            ..self.mention(s, first, i + 1, Kind::Typed(EntityType::Event))
        })
    }
}
