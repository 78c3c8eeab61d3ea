//! The countries of organizations, places and events: named inside the
//! name, before it ("Venezuela's"), after it ("Kanata, Canada"), or a capital's.

use crate::entities::Entities;
use crate::gazetteer::{Gazetteer, PlaceName};
use crate::schema::{EntityType, Property};

use super::pattern::Finder;
use super::types::Object;

impl Finder<'_> {
    /// Countries of organizations, places and events.
    pub(super) fn countries(&mut self) {
        let g = Gazetteer::get();
        let country_entity = |e: &Entities, iso: usize| {
            e.entities.iter().position(|x| {
                matches!(x.gazetteer, Some(PlaceName::Country(c) | PlaceName::Demonym(c)) if c == iso)
            })
        };
        let mentions = &self.e.mentions.mentions;
        for (idx, m) in mentions.iter().enumerate() {
            let Some((subject, kind)) = self.entity_kind(idx) else {
                continue;
            };
            match kind {
                EntityType::Organization | EntityType::Event => {
                    if let Some(c) = m.inner_country.and_then(|c| country_entity(self.e, c)) {
                        self.add(
                            subject,
                            Property::Country,
                            Object::Entity(c),
                            0.8,
                            "country-in-name",
                        );
                    }
                    // "Venezuela's National Electoral Center", "the Venezuelan opposition".
                    let mut before = m.first;
                    let possessive = before > 0 && self.is_possessive(before - 1);
                    if possessive {
                        before -= 1;
                    }
                    if let Some(c) = self.mention_ending_at(before) {
                        if let Some((country, EntityType::Country)) = self.entity_kind(c) {
                            self.add(
                                subject,
                                Property::Country,
                                Object::Entity(country),
                                0.8,
                                "country-modifier",
                            );
                        }
                    }
                }
                EntityType::Place => {
                    // A capital's country is common knowledge; another city's only
                    // when the text says it (spec, annotation decision 11).
                    if let Some(PlaceName::City(c)) = m.gazetteer {
                        if g.cities[c].capital {
                            if let Some(country) = country_entity(self.e, g.cities[c].country) {
                                self.add(
                                    subject,
                                    Property::Country,
                                    Object::Entity(country),
                                    0.7,
                                    "gazetteer:capital",
                                );
                            }
                        }
                    }
                    // "Kanata, Canada", "Yeoncheon in South Korea", "Italy's Tuscany".
                    let mut k = m.end;
                    if k + 1 < self.n_tokens() && matches!(self.word(k), "," | "in") {
                        k += 1;
                        if let Some((country, EntityType::Country)) = self
                            .mention_starting_at(k)
                            .and_then(|c| self.entity_kind(c))
                        {
                            self.add(
                                subject,
                                Property::Country,
                                Object::Entity(country),
                                0.7,
                                "place-comma-country",
                            );
                        }
                    }
                    if m.first >= 2 && self.is_possessive(m.first - 1) {
                        if let Some((country, EntityType::Country)) = self
                            .mention_ending_at(m.first - 1)
                            .and_then(|c| self.entity_kind(c))
                        {
                            self.add(
                                subject,
                                Property::Country,
                                Object::Entity(country),
                                0.7,
                                "country-possessive-place",
                            );
                        }
                    }
                }
                _ => {}
            }
        }
    }
}
