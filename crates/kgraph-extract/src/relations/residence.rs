//! Where people live: "X lives in exile in Spain", "X, who is based in Caracas".

use crate::lexicon;
use crate::schema::Property;

use super::pattern::{Finder, Types};

impl Finder<'_> {
    /// "X lives in exile in Spain", "X, who is based in Caracas".
    pub(super) fn residence(&mut self) {
        for i in 0..self.n_tokens() {
            if !lexicon::residence_verbs().contains(self.word(i)) {
                continue;
            }
            let mut k = i + 1;
            if k + 1 < self.n_tokens() && self.word(k) == "in" && self.word(k + 1) == "exile" {
                k += 2;
            }
            if k + 1 >= self.n_tokens() || self.word(k) != "in" {
                continue;
            }
            let Some(place) = self.at(k + 1, Types::WHERE) else {
                continue;
            };
            if let Some(person) = self.nearest_before(i, Types::PERSON) {
                self.link(
                    person,
                    Property::ResidesIn,
                    place.entity,
                    0.7,
                    "lives-in",
                    i,
                );
            }
        }
    }
}
