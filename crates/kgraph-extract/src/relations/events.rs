//! Events' dates, places and countries from their clause, and their
//! organizers ("organized by X in Y").

use crate::dates::Date;
use crate::schema::{EntityType, Property};

use super::pattern::Finder;
use super::types::Object;

impl Finder<'_> {
    /// Events' dates, places, countries and organizers.
    pub(super) fn events(&mut self, published: Option<Date>) {
        let mentions = &self.e.mentions.mentions;
        for (idx, m) in mentions.iter().enumerate() {
            let Some((event, EntityType::Event)) = self.entity_kind(idx) else {
                continue;
            };
            if let Some(date) = m.date {
                self.add(
                    event,
                    Property::Date,
                    Object::Date(date.resolve(published)),
                    0.8,
                    "date-in-name",
                );
            }
            // In the event's clause: "was held on Sunday in Caracas", "in Mozambique",
            // "set to take place in Christchurch on May 16".
            let sentence_end = self.e.mentions.text.sentences()[m.sentence].end;
            // At most 15 tokens on: looking no further keeps a sentence of
            // any length linear.
            let limit = sentence_end.min(m.end + 15);
            let clause_end = (m.end..limit)
                .find(|&k| matches!(self.word(k), ";" | "?" | "!"))
                .unwrap_or(limit);
            let (mut placed, mut dated) = (false, m.date.is_some());
            let mut k = m.end;
            while k < clause_end {
                // Another event's clause starts: stop.
                if k > m.end
                    && matches!(
                        self.mention_starting_at(k)
                            .and_then(|x| self.entity_kind(x)),
                        Some((_, EntityType::Event))
                    )
                {
                    break;
                }
                let w = self.word(k);
                if !placed && matches!(w, "in" | "at") && k + 1 < clause_end {
                    let at = if self.word(k + 1) == "the" {
                        k + 2
                    } else {
                        k + 1
                    };
                    match self
                        .mention_starting_at(at)
                        .and_then(|o| self.entity_kind(o))
                    {
                        Some((c, EntityType::Country)) => {
                            self.add(
                                event,
                                Property::Country,
                                Object::Entity(c),
                                0.7,
                                "event-in-country",
                            );
                            placed = true;
                        }
                        Some((p, EntityType::Place)) => {
                            self.add(
                                event,
                                Property::Location,
                                Object::Entity(p),
                                0.7,
                                "event-in-place",
                            );
                            placed = true;
                        }
                        _ => {}
                    }
                }
                if !dated {
                    let words: Vec<&str> =
                        (k..(k + 4).min(clause_end)).map(|x| self.word(x)).collect();
                    let date =
                        if crate::dates::month(w).is_some() && w.starts_with(char::is_uppercase) {
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
                        self.add(
                            event,
                            Property::Date,
                            Object::Date(date),
                            0.7,
                            "event-clause-date",
                        );
                        dated = true;
                    }
                }
                k += 1;
            }
        }
        // "... organized by the ruling X (ACR) in Caracas": the nearest event before
        // it in the sentence.
        for i in 0..self.n_tokens().saturating_sub(1) {
            if !matches!(
                self.word(i),
                "organized" | "organised" | "hosted" | "sponsored"
            ) || self.word(i + 1) != "by"
            {
                continue;
            }
            let sentence = mentions.iter().find(|m| m.first > i).map(|m| m.sentence);
            let event = mentions
                .iter()
                .enumerate()
                .filter(|(x, m)| {
                    m.end <= i
                        && Some(m.sentence) == sentence
                        && matches!(self.entity_kind(*x), Some((_, EntityType::Event)))
                })
                .filter_map(|(x, _)| self.entity_kind(x))
                .map(|(e, _)| e)
                .next_back();
            let Some(event) = event else { continue };
            let Some(o) =
                (i + 2..(i + 7).min(self.n_tokens())).find_map(|k| self.mention_starting_at(k))
            else {
                continue;
            };
            let Some((org, EntityType::Organization | EntityType::Person)) = self.entity_kind(o)
            else {
                continue;
            };
            self.add(
                event,
                Property::Organizer,
                Object::Entity(org),
                0.75,
                "organized-by",
            );
            // Skip the organizer and a bracketed acronym, then "in Place".
            let mut k = mentions[o].end;
            if k < self.n_tokens() && self.word(k) == "(" {
                k = (k..self.n_tokens())
                    .find(|&x| self.word(x) == ")")
                    .map_or(k, |x| x + 1);
            }
            if k + 1 < self.n_tokens() && self.word(k) == "in" {
                if let Some(p) = self.mention_starting_at(k + 1) {
                    if let Some((place, EntityType::Place | EntityType::Country)) =
                        self.entity_kind(p)
                    {
                        self.add(
                            event,
                            Property::Location,
                            Object::Entity(place),
                            0.7,
                            "organized-in",
                        );
                    }
                }
            }
        }
    }
}
