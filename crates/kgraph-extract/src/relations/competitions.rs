//! Who took part in the document's competition: the sides of a result
//! and the teams named by country.

use crate::lexicon;
use crate::schema::{EntityType, Property};

use super::pattern::{Finder, Found, Types};

impl Finder<'_> {
    /// The document's main competition: the most mentioned event whose head is a
    /// competition word ("World Cup", "Robot Olympics", "Google Science Fair").
    pub(super) fn main_competition(&self) -> Option<usize> {
        let text = &self.e.mentions.text;
        self.e
            .entities
            .iter()
            .enumerate()
            .filter(|(_, e)| e.kind == EntityType::Event)
            .filter(|(_, e)| {
                e.mentions.iter().any(|&m| {
                    let mm = &self.e.mentions.mentions[m];
                    (mm.first..mm.end).any(|k| {
                        lexicon::competition_words().contains(&text.word(k).to_lowercase())
                    })
                })
            })
            .max_by_key(|(i, e)| (e.mentions.len(), std::cmp::Reverse(*i)))
            .map(|(i, _)| i)
    }

    /// The entity of the last mention (resolved or not) that ends at token
    /// `end`, if it is of `types`.
    fn last_ending_at(&self, end: usize, types: Types) -> Option<Found> {
        let mentions = self.mentions();
        let m = (0..mentions.len())
            .rev()
            .find(|&m| mentions[m].end == end)?;
        self.of(m, types)
    }

    /// Who took part in the document's competition: the sides of a result
    /// ("Sweden defeated South Korea", "England beat Tunisia", "drew with") and
    /// teams named by country ("the Afghan team", "teams from Gabon and Syria").
    pub(super) fn competitors(&mut self) {
        let Some(event) = self.main_competition() else {
            return;
        };
        let side = Types::COUNTRY.or(Types::ORGANIZATION).or(Types::PERSON);
        for i in 1..self.n_tokens().saturating_sub(1) {
            let w = self.word(i);
            let result = lexicon::result_verbs().contains(w)
                || (lexicon::result_with_verbs().contains(w) && self.word(i + 1) == "with");
            if result {
                let before = self.last_ending_at(i, side);
                let at = if self.word(i + 1) == "with" {
                    i + 2
                } else {
                    i + 1
                };
                let after = self.at(at, side);
                for e in before.into_iter().chain(after) {
                    let rule = "competition-result";
                    self.link(event, Property::Participant, e.entity, 0.6, rule, i);
                }
            }
            // "the Afghan team", "teams from Gabon, Syria and Yemen".
            if lexicon::team_nouns().contains(w) {
                if let Some(country) = self.last_ending_at(i, Types::COUNTRY) {
                    let rule = "country-team";
                    self.link(event, Property::Participant, country.entity, 0.6, rule, i);
                }
                if self.word(i + 1) == "from" {
                    let mut k = i + 2;
                    while k < self.n_tokens() {
                        match self.at(k, Types::ANY) {
                            Some(c) if c.kind == EntityType::Country => {
                                let rule = "teams-from";
                                self.link(event, Property::Participant, c.entity, 0.6, rule, i);
                                k = self.mentions()[c.mention].end;
                            }
                            _ if matches!(self.word(k), "," | "and") => k += 1,
                            _ => break,
                        }
                    }
                }
            }
        }
    }
}
