//! Appositions after a person's name: "X, the president of Y,", "X, a
//! Venezuelan diplomat,", "X, of the Y party,".

use crate::lexicon;
use crate::schema::{EntityType, Property};

use super::pattern::{Finder, Types};
use super::types::Object;

impl Finder<'_> {
    /// "X, the president of Y," / "X, a Venezuelan diplomat," / "X, of the Y party,".
    pub(super) fn appositions(&mut self) {
        for (person, m) in self.each(Types::PERSON) {
            let person = person.entity;
            let mut i = m.end;
            if i >= self.n_tokens() || self.word(i) != "," {
                continue;
            }
            i += 1;
            let clause_end = (i..self.n_tokens())
                .find(|&k| matches!(self.word(k), "," | "." | ";" | "—" | ")"))
                .unwrap_or(self.n_tokens())
                .min(i + 12);
            // "X, of the Y party": membership, when the first name after "of"
            // is an organization's.
            if i < clause_end && self.word(i) == "of" {
                let first = (i + 1..clause_end).find_map(|k| self.at(k, Types::ANY));
                if let Some(org) = first.filter(|f| f.kind == EntityType::Organization) {
                    self.link(
                        person,
                        Property::MemberOf,
                        org.entity,
                        0.75,
                        "apposition-of",
                        m.first,
                    );
                }
                continue;
            }
            // "X, (the|a|an) (former) (Demonym) Title (of|for) (the) Body"
            let mut k = i;
            if k < clause_end && matches!(self.word(k), "the" | "a" | "an") {
                k += 1;
            }
            if k < clause_end && lexicon::in_apposition().contains(self.word(k)) {
                k += 1;
            }
            let demonym = self
                .at(k, Types::ANY)
                .filter(|d| self.is_demonym(d.mention));
            if let Some(d) = demonym {
                k = self.mentions()[d.mention].end;
                let rule = "apposition-demonym";
                self.link(person, Property::Nationality, d.entity, 0.8, rule, m.first);
            }
            let titles = &self.e.mentions.titles;
            let Some(t) = titles.iter().find(|t| t.first == k && t.end <= clause_end) else {
                continue;
            };
            let position = Object::Text(t.position.clone());
            self.add(
                person,
                Property::Position,
                position,
                0.8,
                "apposition-title",
                m.first,
            );
            let mut b = t.end;
            if b < clause_end && matches!(self.word(b), "of" | "for" | "at" | "in") {
                b += 1;
                if b < clause_end && self.word(b) == "the" {
                    b += 1;
                }
                if let Some(body) = self.at(b, Types::BODY) {
                    let office = Self::office(t.kind, body.kind);
                    self.link(
                        person,
                        office,
                        body.entity,
                        0.8,
                        "apposition-title-of",
                        m.first,
                    );
                }
            } else if let Some(d) = demonym {
                let office = Self::office(t.kind, EntityType::Country);
                self.link(
                    person,
                    office,
                    d.entity,
                    0.7,
                    "apposition-demonym-title",
                    m.first,
                );
            }
        }
    }
}
