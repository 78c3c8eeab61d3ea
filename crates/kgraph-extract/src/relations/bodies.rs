//! A person's party or body right after the name ("X of the Labour
//! Party", "X (DAB)") or before it ("DAB's X").

use crate::schema::{EntityType, Property};

use super::pattern::Finder;
use super::types::Object;

impl Finder<'_> {
    /// "Lee Cheuk-yan of the Labour Party", "Amneh Jafari of the University of
    /// Texas", "Ben Chan (DAB)": a person's party or body right after the name.
    pub(super) fn person_of_body(&mut self) {
        let mentions = &self.e.mentions.mentions;
        for (p, m) in mentions.iter().enumerate() {
            let Some((person, EntityType::Person)) = self.entity_kind(p) else {
                continue;
            };
            let mut k = m.end;
            let bracketed = k < self.n_tokens() && self.word(k) == "(";
            if bracketed {
                k += 1;
            } else if k < self.n_tokens() && matches!(self.word(k), "of" | "from") {
                k += 1;
                if k < self.n_tokens() && self.word(k) == "the" {
                    k += 1;
                }
            } else {
                continue;
            }
            let Some(o) = self.mention_starting_at(k) else {
                continue;
            };
            let Some((body, EntityType::Organization)) = self.entity_kind(o) else {
                continue;
            };
            if bracketed
                && !(mentions[o].end < self.n_tokens() && self.word(mentions[o].end) == ")")
            {
                continue;
            }
            let party = self.is_party(body)
                || (mentions[o].end < self.n_tokens() && self.word(mentions[o].end) == "party");
            let property = if party || bracketed {
                Property::MemberOf
            } else {
                Property::AffiliatedWith
            };
            self.add(
                person,
                property,
                Object::Entity(body),
                0.7,
                if bracketed {
                    "person-bracketed-body"
                } else {
                    "person-of-body"
                },
            );
        }
        // "DAB's Ben Chan", "New People Party's Michael Tien": a party's member.
        for (o, m) in mentions.iter().enumerate() {
            let Some((body, EntityType::Organization)) = self.entity_kind(o) else {
                continue;
            };
            if m.end >= self.n_tokens() || !self.is_possessive(m.end) {
                continue;
            }
            let Some(p) = self.mention_starting_at(m.end + 1) else {
                continue;
            };
            let Some((person, EntityType::Person)) = self.entity_kind(p) else {
                continue;
            };
            let property = if self.is_party(body) {
                Property::MemberOf
            } else {
                Property::AffiliatedWith
            };
            self.add(
                person,
                property,
                Object::Entity(body),
                0.65,
                "body-possessive-person",
            );
        }
    }
}
