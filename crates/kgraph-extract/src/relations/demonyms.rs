//! Demonyms before a name ("Venezuelan writer X") and after a copula
//! ("X is a Venezuelan ...").

use crate::schema::{EntityType, Property};

use super::pattern::Finder;
use super::types::Object;

impl Finder<'_> {
    /// "Venezuelan writer Christian K. Caruzo"; "Caruzo is a Venezuelan writer".
    pub(super) fn demonyms_before_names(&mut self) {
        let mentions = &self.e.mentions.mentions;
        for (d, m) in mentions.iter().enumerate() {
            if !self.is_demonym(d) {
                continue;
            }
            let Some((country, _)) = self.entity_kind(d) else {
                continue;
            };
            // Up to two lowercase words, then a person.
            for gap in 0..=2 {
                let k = m.end + gap;
                if k >= self.n_tokens()
                    || (gap > 0 && !self.word(k - 1).chars().all(char::is_lowercase))
                {
                    break;
                }
                if let Some(p) = self.mention_starting_at(k) {
                    if let Some((person, EntityType::Person)) = self.entity_kind(p) {
                        self.add(
                            person,
                            Property::Nationality,
                            Object::Entity(country),
                            0.8,
                            "demonym-before-name",
                        );
                    }
                    break;
                }
            }
            // "X is a Venezuelan ..." / "X, a Venezuelan ..."
            if m.first >= 3
                && matches!(self.word(m.first - 1), "a" | "an")
                && matches!(self.word(m.first - 2), "is" | "was" | ",")
            {
                if let Some(p) = self.mention_ending_at(m.first - 2) {
                    if let Some((person, EntityType::Person)) = self.entity_kind(p) {
                        self.add(
                            person,
                            Property::Nationality,
                            Object::Entity(country),
                            0.8,
                            "copula-demonym",
                        );
                    }
                }
            }
        }
    }
}
