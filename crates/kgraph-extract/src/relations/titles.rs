//! A title before a person's name ("Venezuelan Interior Minister X",
//! "Venezuela's interior minister X", "Minister of Education X"), and what
//! stands before the title.

use crate::mentions::TitleMention;
use crate::schema::{EntityType, Property};

use super::pattern::Finder;
use super::types::Object;

impl Finder<'_> {
    /// A title before a person's name, and what stands before the title.
    pub(super) fn titles(&mut self) {
        let titles: Vec<TitleMention> = self.e.mentions.titles.clone();
        for t in &titles {
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
                let holder = (at + 1..(at + 5).min(self.n_tokens())).find(|&k| {
                    self.mention_starting_at(k)
                        .and_then(|m| self.entity_kind(m))
                        .is_some_and(|(_, kind)| kind == EntityType::Person)
                });
                if let Some(k) = holder {
                    body_after = self.mention_starting_at(at);
                    start = k;
                }
            }
            while start < self.n_tokens() && crate::mentions::HONORIFICS.contains(&self.word(start))
            {
                start += 1;
            }
            let Some(p) = self.mention_starting_at(start) else {
                continue;
            };
            let Some((person, EntityType::Person)) = self.entity_kind(p) else {
                continue;
            };
            self.add(
                person,
                Property::Position,
                Object::Text(t.position.clone()),
                0.9,
                "title-before-name",
            );
            if t.plural {
                // "councillors Ann Chiang of DAB and Priscilla Leung of BPA": every
                // person of the list holds the title.
                let mut k = self.e.mentions.mentions[p].end;
                while k < self.n_tokens() {
                    if matches!(self.word(k), "," | "and" | "of" | "the" | "from") {
                        k += 1;
                        continue;
                    }
                    let Some(m) = self.mention_starting_at(k) else {
                        break;
                    };
                    if let Some((other, EntityType::Person)) = self.entity_kind(m) {
                        self.add(
                            other,
                            Property::Position,
                            Object::Text(t.position.clone()),
                            0.75,
                            "plural-title-list",
                        );
                    }
                    k = self.e.mentions.mentions[m].end;
                }
            }
            if let Some((body, kind @ (EntityType::Organization | EntityType::Country))) =
                body_after.and_then(|b| self.entity_kind(b))
            {
                self.add(
                    person,
                    Self::office(t.kind, kind),
                    Object::Entity(body),
                    0.8,
                    "title-of-body-before-name",
                );
            }
            // What the title is of: "Venezuelan", "Venezuela's", "U.S.", "PSUV".
            let mut before = t.first;
            while before > 0
                && matches!(
                    self.word(before - 1),
                    "former" | "Former" | "then" | "outgoing" | "acting" | "deputy"
                )
            {
                before -= 1;
            }
            let possessive = before > 0 && self.is_possessive(before - 1);
            let body_end = if possessive { before - 1 } else { before };
            let Some(b) = self.mention_ending_at(body_end) else {
                continue;
            };
            let Some((body, kind)) = self.entity_kind(b) else {
                continue;
            };
            if !matches!(kind, EntityType::Country | EntityType::Organization) {
                continue;
            }
            self.add(
                person,
                Self::office(t.kind, kind),
                Object::Entity(body),
                0.85,
                "title-of-body",
            );
            if kind == EntityType::Country && self.is_demonym(b) && !possessive {
                self.add(
                    person,
                    Property::Nationality,
                    Object::Entity(body),
                    0.9,
                    "demonym-title",
                );
            }
        }
    }
}
