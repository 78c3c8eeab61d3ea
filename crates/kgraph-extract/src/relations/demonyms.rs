//! Demonyms before a name ("Venezuelan writer X") and after a copula
//! ("X is a Venezuelan ...").

use crate::schema::{EntityType, Property};

use super::pattern::{Finder, Types};

impl Finder<'_> {
    /// "Venezuelan writer Christian K. Caruzo"; "Caruzo is a Venezuelan writer".
    pub(super) fn demonyms_before_names(&mut self) {
        for (demonym, m) in self.each(Types::ANY) {
            if !self.is_demonym(demonym.mention) {
                continue;
            }
            let country = demonym.entity;
            // Up to two lowercase words, then a person.
            for gap in 0..=2 {
                let k = m.end + gap;
                if k >= self.n_tokens()
                    || (gap > 0 && !self.word(k - 1).chars().all(char::is_lowercase))
                {
                    break;
                }
                if let Some(named) = self.at(k, Types::ANY) {
                    if named.kind == EntityType::Person {
                        let rule = "demonym-before-name";
                        self.link(
                            named.entity,
                            Property::Nationality,
                            country,
                            0.8,
                            rule,
                            m.first,
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
                if let Some(person) = self.ending_at(m.first - 2, Types::PERSON) {
                    let rule = "copula-demonym";
                    self.link(
                        person.entity,
                        Property::Nationality,
                        country,
                        0.8,
                        rule,
                        m.first,
                    );
                }
            }
        }
    }
}
