//! The countries of organizations, places and events: named inside the
//! name, before it ("Venezuela's"), after it ("Kanata, Canada"), or a capital's.

use crate::entities::Entities;
use crate::gazetteer::{Gazetteer, PlaceName};
use crate::schema::{EntityType, Property};

use super::pattern::{Finder, Types};

impl Finder<'_> {
    /// Countries of organizations, places and events.
    pub(super) fn countries(&mut self) {
        let g = Gazetteer::get();
        let country_entity = |e: &Entities, iso: usize| {
            e.entities.iter().position(|x| {
                matches!(x.gazetteer, Some(PlaceName::Country(c) | PlaceName::Demonym(c)) if c == iso)
            })
        };
        let located = Types::ORGANIZATION.or(Types::EVENT).or(Types::PLACE);
        for (found, m) in self.each(located) {
            let subject = found.entity;
            if found.kind == EntityType::Place {
                // A capital's country is common knowledge; another city's only
                // when the text says it (spec, annotation decision 11).
                if let Some(PlaceName::City(c)) = m.gazetteer {
                    if g.cities[c].capital {
                        if let Some(country) = country_entity(self.e, g.cities[c].country) {
                            let rule = "gazetteer:capital";
                            self.link(subject, Property::Country, country, 0.7, rule, m.first);
                        }
                    }
                }
                // "Kanata, Canada", "Yeoncheon in South Korea", "Italy's Tuscany".
                let k = m.end;
                if k + 1 < self.n_tokens() && matches!(self.word(k), "," | "in") {
                    if let Some(country) = self.at(k + 1, Types::COUNTRY) {
                        let rule = "place-comma-country";
                        self.link(
                            subject,
                            Property::Country,
                            country.entity,
                            0.7,
                            rule,
                            m.first,
                        );
                    }
                }
                if m.first >= 2 && self.is_possessive(m.first - 1) {
                    if let Some(country) = self.ending_at(m.first - 1, Types::COUNTRY) {
                        let rule = "country-possessive-place";
                        self.link(
                            subject,
                            Property::Country,
                            country.entity,
                            0.7,
                            rule,
                            m.first,
                        );
                    }
                }
                continue;
            }
            if let Some(c) = m.inner_country.and_then(|c| country_entity(self.e, c)) {
                self.link(
                    subject,
                    Property::Country,
                    c,
                    0.8,
                    "country-in-name",
                    m.first,
                );
            }
            // "Venezuela's National Electoral Center", "the Venezuelan opposition".
            let mut before = m.first;
            if before > 0 && self.is_possessive(before - 1) {
                before -= 1;
            }
            if let Some(country) = self.ending_at(before, Types::COUNTRY) {
                let rule = "country-modifier";
                self.link(
                    subject,
                    Property::Country,
                    country.entity,
                    0.8,
                    rule,
                    m.first,
                );
            }
        }
    }
}
