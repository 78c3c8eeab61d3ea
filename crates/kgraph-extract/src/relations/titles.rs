//! A title before a person's name ("Venezuelan Interior Minister X",
//! "Venezuela's interior minister X", "Minister of Education X"), and what
//! stands before the title.

use crate::lexicon;
use crate::mentions::TitleMention;
use crate::schema::{EntityType, Property};

use super::pattern::{Finder, Types};
use super::types::Object;

impl Finder<'_> {
    /// A title before a person's name, and what stands before the title.
    pub(super) fn titles(&mut self) {
        let titles: &[TitleMention] = &self.e.mentions.titles;
        for t in titles {
            // "Minister of Education Stefania Giannini": the body after "of", then
            // the holder. Honorifics may sit between the title and the name.
            let mut start = t.end;
            let mut body_after = None;
            if start + 1 < self.n_tokens() && self.word(start) == "of" {
                let at = if self.word(start + 1) == "the" {
                    start + 2
                } else {
                    start + 1
                };
                let holder = (at + 1..(at + 5).min(self.n_tokens()))
                    .find(|&k| self.at(k, Types::PERSON).is_some());
                if let Some(k) = holder {
                    body_after = self.at(at, Types::BODY);
                    start = k;
                }
            }
            while start < self.n_tokens() && lexicon::honorifics().contains(self.word(start)) {
                start += 1;
            }
            let Some(person) = self.at(start, Types::PERSON) else {
                continue;
            };
            let holder = person.entity;
            let position = || Object::Text(t.position.clone());
            self.add(
                holder,
                Property::Position,
                position(),
                0.9,
                "title-before-name",
                t.first,
            );
            if t.plural {
                // "councillors Ann Chiang of DAB and Priscilla Leung of BPA": every
                // person of the list holds the title.
                let mut k = self.mentions()[person.mention].end;
                while k < self.n_tokens() {
                    if matches!(self.word(k), "," | "and" | "of" | "the" | "from") {
                        k += 1;
                        continue;
                    }
                    let Some(next) = self.at(k, Types::ANY) else {
                        break;
                    };
                    if next.kind == EntityType::Person {
                        let rule = "plural-title-list";
                        self.add(
                            next.entity,
                            Property::Position,
                            position(),
                            0.75,
                            rule,
                            t.first,
                        );
                    }
                    k = self.mentions()[next.mention].end;
                }
            }
            if let Some(body) = body_after {
                let office = Self::office(t.kind, body.kind);
                self.link(
                    holder,
                    office,
                    body.entity,
                    0.8,
                    "title-of-body-before-name",
                    t.first,
                );
            }
            // What the title is of: "Venezuelan", "Venezuela's", "U.S.", "PSUV".
            let mut before = t.first;
            while before > 0 && lexicon::before_title().contains(self.word(before - 1)) {
                before -= 1;
            }
            let possessive = before > 0 && self.is_possessive(before - 1);
            let body_end = if possessive { before - 1 } else { before };
            let Some(body) = self.ending_at(body_end, Types::BODY) else {
                continue;
            };
            let office = Self::office(t.kind, body.kind);
            self.link(holder, office, body.entity, 0.85, "title-of-body", t.first);
            if body.kind == EntityType::Country && self.is_demonym(body.mention) && !possessive {
                let rule = "demonym-title";
                self.link(
                    holder,
                    Property::Nationality,
                    body.entity,
                    0.9,
                    rule,
                    t.first,
                );
            }
        }
    }
}
