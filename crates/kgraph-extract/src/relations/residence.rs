//! Where people live: "X lives in exile in Spain", "X, who is based in Caracas".

use crate::schema::{EntityType, Property};

use super::pattern::Finder;
use super::types::Object;

impl Finder<'_> {
    /// "X lives in exile in Spain", "X, who is based in Caracas".
    pub(super) fn residence(&mut self) {
        for i in 0..self.n_tokens() {
            if !matches!(
                self.word(i),
                "lives"
                    | "lived"
                    | "living"
                    | "resides"
                    | "resided"
                    | "residing"
                    | "based"
                    | "settled"
            ) {
                continue;
            }
            let mut k = i + 1;
            if k + 1 < self.n_tokens() && self.word(k) == "in" && self.word(k + 1) == "exile" {
                k += 2;
            }
            if k + 1 >= self.n_tokens() || self.word(k) != "in" {
                continue;
            }
            let Some(o) = self.mention_starting_at(k + 1) else {
                continue;
            };
            let Some((place, EntityType::Country | EntityType::Place)) = self.entity_kind(o) else {
                continue;
            };
            if let Some(person) = self.nearest_before(i, EntityType::Person) {
                self.add(
                    person,
                    Property::ResidesIn,
                    Object::Entity(place),
                    0.7,
                    "lives-in",
                );
            }
        }
    }
}
