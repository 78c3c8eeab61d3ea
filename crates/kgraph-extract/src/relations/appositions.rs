//! Appositions after a person's name: "X, the president of Y,", "X, a
//! Venezuelan diplomat,", "X, of the Y party,".

use crate::schema::{EntityType, Property};

use super::pattern::Finder;
use super::types::Object;

impl Finder<'_> {
    /// "X, the president of Y," / "X, a Venezuelan diplomat," / "X, of the Y party,".
    pub(super) fn appositions(&mut self) {
        let mentions = &self.e.mentions.mentions;
        for (p, m) in mentions.iter().enumerate() {
            let Some((person, EntityType::Person)) = self.entity_kind(p) else {
                continue;
            };
            let mut i = m.end;
            if i >= self.n_tokens() || self.word(i) != "," {
                continue;
            }
            i += 1;
            let clause_end = (i..self.n_tokens())
                .find(|&k| matches!(self.word(k), "," | "." | ";" | "—" | ")"))
                .unwrap_or(self.n_tokens())
                .min(i + 12);
            // "X, of the Y party": membership.
            if i < clause_end && self.word(i) == "of" {
                if let Some(o) = (i + 1..clause_end).find_map(|k| self.mention_starting_at(k)) {
                    if let Some((org, EntityType::Organization)) = self.entity_kind(o) {
                        self.add(
                            person,
                            Property::MemberOf,
                            Object::Entity(org),
                            0.75,
                            "apposition-of",
                        );
                    }
                }
                continue;
            }
            // "X, (the|a|an) (former) (Demonym) Title (of|for) (the) Body"
            let mut k = i;
            if k < clause_end && matches!(self.word(k), "the" | "a" | "an") {
                k += 1;
            }
            if k < clause_end && matches!(self.word(k), "former" | "then" | "outgoing" | "current")
            {
                k += 1;
            }
            let mut demonym = None;
            if let Some(d) = self.mention_starting_at(k).filter(|&d| self.is_demonym(d)) {
                demonym = self.entity_kind(d).map(|(e, _)| e);
                k = mentions[d].end;
            }
            if let Some(c) = demonym {
                self.add(
                    person,
                    Property::Nationality,
                    Object::Entity(c),
                    0.8,
                    "apposition-demonym",
                );
            }
            let Some(t) = self
                .e
                .mentions
                .titles
                .iter()
                .find(|t| t.first == k && t.end <= clause_end)
                .cloned()
            else {
                continue;
            };
            self.add(
                person,
                Property::Position,
                Object::Text(t.position.clone()),
                0.8,
                "apposition-title",
            );
            let mut b = t.end;
            if b < clause_end && matches!(self.word(b), "of" | "for" | "at" | "in") {
                b += 1;
                if b < clause_end && self.word(b) == "the" {
                    b += 1;
                }
                if let Some(o) = self.mention_starting_at(b) {
                    if let Some((body, kind @ (EntityType::Organization | EntityType::Country))) =
                        self.entity_kind(o)
                    {
                        self.add(
                            person,
                            Self::office(t.kind, kind),
                            Object::Entity(body),
                            0.8,
                            "apposition-title-of",
                        );
                    }
                }
            } else if let Some(c) = demonym {
                self.add(
                    person,
                    Self::office(t.kind, EntityType::Country),
                    Object::Entity(c),
                    0.7,
                    "apposition-demonym-title",
                );
            }
        }
    }
}
