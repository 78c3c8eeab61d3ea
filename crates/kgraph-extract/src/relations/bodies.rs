//! A person's party or body right after the name ("X of the Labour
//! Party", "X (DAB)") or before it ("DAB's X").

use crate::schema::Property;

use super::pattern::{Finder, Types};

impl Finder<'_> {
    /// "Lee Cheuk-yan of the Labour Party", "Amneh Jafari of the University of
    /// Texas", "Ben Chan (DAB)": a person's party or body right after the name;
    /// "DAB's Ben Chan": before it.
    pub(super) fn person_of_body(&mut self) {
        let n = self.n_tokens();
        let word_after = |f: &Self, mention: usize| {
            let end = f.mentions()[mention].end;
            (end < n).then(|| f.word(end))
        };
        for (person, m) in self.each(Types::PERSON) {
            let mut k = m.end;
            let bracketed = k < n && self.word(k) == "(";
            if bracketed {
                k += 1;
            } else if k < n && matches!(self.word(k), "of" | "from") {
                k += 1;
                if k < n && self.word(k) == "the" {
                    k += 1;
                }
            } else {
                continue;
            }
            let Some(body) = self.at(k, Types::ORGANIZATION) else {
                continue;
            };
            let after = word_after(self, body.mention);
            if bracketed && after != Some(")") {
                continue;
            }
            let party = self.is_party(body.entity) || after == Some("party");
            let (property, rule) = match (party || bracketed, bracketed) {
                (true, true) => (Property::MemberOf, "person-bracketed-body"),
                (true, false) => (Property::MemberOf, "person-of-body"),
                (false, _) => (Property::AffiliatedWith, "person-of-body"),
            };
            self.link(person.entity, property, body.entity, 0.7, rule, m.first);
        }
        // "DAB's Ben Chan", "New People Party's Michael Tien": a party's member.
        for (body, m) in self.each(Types::ORGANIZATION) {
            if m.end >= n || !self.is_possessive(m.end) {
                continue;
            }
            let Some(person) = self.at(m.end + 1, Types::PERSON) else {
                continue;
            };
            let property = if self.is_party(body.entity) {
                Property::MemberOf
            } else {
                Property::AffiliatedWith
            };
            let rule = "body-possessive-person";
            self.link(person.entity, property, body.entity, 0.65, rule, m.first);
        }
    }
}
