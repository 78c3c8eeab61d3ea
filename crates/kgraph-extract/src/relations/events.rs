//! Events' dates, places and countries from their clause, and their
//! organizers ("organized by X in Y").

use crate::dates::{self, Date};
use crate::lexicon;
use crate::schema::{EntityType, Property};

use super::pattern::{Finder, Types};
use super::types::Object;

impl Finder<'_> {
    /// Events' dates, places and countries from their clause: "was held on
    /// Sunday in Caracas", "in Mozambique", "set to take place in
    /// Christchurch on May 16".
    pub(super) fn events(&mut self, published: Option<Date>) {
        for (event, m) in self.each(Types::EVENT) {
            let event = event.entity;
            if let Some(date) = m.date {
                let date = Object::Date(date.resolve(published));
                self.add(event, Property::Date, date, 0.8, "date-in-name", m.first);
            }
            let sentence_end = self.e.mentions.text.sentences()[m.sentence].end;
            // At most 15 tokens on: looking no further keeps a sentence of
            // any length linear.
            let limit = sentence_end.min(m.end + 15);
            let clause_end = (m.end..limit)
                .find(|&k| matches!(self.word(k), ";" | "?" | "!"))
                .unwrap_or(limit);
            let (mut placed, mut dated) = (false, m.date.is_some());
            for k in m.end..clause_end {
                // Another event's clause starts: stop.
                if k > m.end && self.at(k, Types::EVENT).is_some() {
                    break;
                }
                let w = self.word(k);
                if !placed && matches!(w, "in" | "at") && k + 1 < clause_end {
                    let at = if self.word(k + 1) == "the" {
                        k + 2
                    } else {
                        k + 1
                    };
                    if let Some(place) = self.at(at, Types::WHERE) {
                        let (property, rule) = match place.kind {
                            EntityType::Country => (Property::Country, "event-in-country"),
                            _ => (Property::Location, "event-in-place"),
                        };
                        self.link(event, property, place.entity, 0.7, rule, m.first);
                        placed = true;
                    }
                }
                if !dated {
                    let words: Vec<&str> =
                        (k..(k + 4).min(clause_end)).map(|x| self.word(x)).collect();
                    let date = if dates::month(w).is_some() && w.starts_with(char::is_uppercase) {
                        Date::parse(&words).map(|d| d.resolve(published))
                    } else if matches!(w, "on" | "last" | "this") || k == m.end {
                        let next = if matches!(w, "on" | "last" | "this") {
                            self.word((k + 1).min(clause_end - 1))
                        } else {
                            w
                        };
                        Date::relative(next, published)
                    } else {
                        None
                    };
                    if let Some(date) = date {
                        let date = Object::Date(date);
                        self.add(
                            event,
                            Property::Date,
                            date,
                            0.7,
                            "event-clause-date",
                            m.first,
                        );
                        dated = true;
                    }
                }
            }
        }
    }

    /// "... organized by the ruling X (ACR) in Caracas": the organizer of the
    /// nearest event before it in the sentence, and where it was.
    pub(super) fn organizers(&mut self) {
        let mentions = self.mentions();
        for i in 0..self.n_tokens().saturating_sub(1) {
            if !lexicon::organizer_verbs().contains(self.word(i)) || self.word(i + 1) != "by" {
                continue;
            }
            let sentence = mentions.iter().find(|m| m.first > i).map(|m| m.sentence);
            let event = self
                .each(Types::EVENT)
                .filter(|(_, m)| m.end <= i && Some(m.sentence) == sentence)
                .last();
            let Some((event, _)) = event else { continue };
            // The first name after "by" is the organizer, if it is a body's or
            // a person's.
            let organizer = (i + 2..(i + 7).min(self.n_tokens()))
                .find_map(|k| self.at(k, Types::ANY))
                .filter(|o| matches!(o.kind, EntityType::Organization | EntityType::Person));
            let Some(organizer) = organizer else {
                continue;
            };
            let event = event.entity;
            self.link(
                event,
                Property::Organizer,
                organizer.entity,
                0.75,
                "organized-by",
                i,
            );
            // Skip the organizer and a bracketed acronym, then "in Place".
            let mut k = mentions[organizer.mention].end;
            if k < self.n_tokens() && self.word(k) == "(" {
                k = (k..self.n_tokens())
                    .find(|&x| self.word(x) == ")")
                    .map_or(k, |x| x + 1);
            }
            if k + 1 < self.n_tokens() && self.word(k) == "in" {
                if let Some(place) = self.at(k + 1, Types::WHERE) {
                    let rule = "organized-in";
                    self.link(event, Property::Location, place.entity, 0.7, rule, i);
                }
            }
        }
    }
}
