//! Who took part in the document's competition: the sides of a result
//! and the teams named by country.

use crate::schema::{EntityType, Property};

use super::pattern::Finder;
use super::types::Object;

impl Finder<'_> {
    /// The document's main competition: the most mentioned event whose head is a
    /// competition word ("World Cup", "Robot Olympics", "Google Science Fair").
    pub(super) fn main_competition(&self) -> Option<usize> {
        const COMPETITION: &[&str] = &[
            "cup",
            "games",
            "olympics",
            "championship",
            "championships",
            "tournament",
            "competition",
            "challenge",
            "league",
            "fair",
            "expo",
            "contest",
            "race",
            "open",
        ];
        let text = &self.e.mentions.text;
        self.e
            .entities
            .iter()
            .enumerate()
            .filter(|(_, e)| e.kind == EntityType::Event)
            .filter(|(_, e)| {
                e.mentions.iter().any(|&m| {
                    let mm = &self.e.mentions.mentions[m];
                    (mm.first..mm.end)
                        .any(|k| COMPETITION.contains(&text.word(k).to_lowercase().as_str()))
                })
            })
            .max_by_key(|(i, e)| (e.mentions.len(), std::cmp::Reverse(*i)))
            .map(|(i, _)| i)
    }

    /// Who took part in the document's competition: the sides of a result
    /// ("Sweden defeated South Korea", "England beat Tunisia", "drew with") and
    /// teams named by country ("the Afghan team", "teams from Gabon and Syria").
    pub(super) fn competitors(&mut self) {
        let Some(event) = self.main_competition() else {
            return;
        };
        let mentions = &self.e.mentions.mentions;
        let side = |f: &Self, m: usize| {
            f.entity_kind(m)
                .filter(|(_, k)| {
                    matches!(
                        k,
                        EntityType::Country | EntityType::Organization | EntityType::Person
                    )
                })
                .map(|(e, _)| e)
        };
        for i in 1..self.n_tokens().saturating_sub(1) {
            let w = self.word(i);
            let result = matches!(
                w,
                "defeated" | "beat" | "beats" | "defeats" | "edged" | "thrashed"
            ) || (matches!(w, "drew" | "tied") && self.word(i + 1) == "with");
            if result {
                let before = (0..mentions.len())
                    .rev()
                    .find(|&m| mentions[m].end == i)
                    .and_then(|m| side(self, m));
                let at = if self.word(i + 1) == "with" {
                    i + 2
                } else {
                    i + 1
                };
                let after = self.mention_starting_at(at).and_then(|m| side(self, m));
                for e in before.into_iter().chain(after) {
                    self.add(
                        event,
                        Property::Participant,
                        Object::Entity(e),
                        0.6,
                        "competition-result",
                    );
                }
            }
            // "the Afghan team", "teams from Gabon, Syria and Yemen".
            if matches!(w, "team" | "teams" | "squad" | "side") {
                if let Some((c, EntityType::Country)) = (0..mentions.len())
                    .rev()
                    .find(|&m| mentions[m].end == i)
                    .and_then(|m| self.entity_kind(m))
                {
                    self.add(
                        event,
                        Property::Participant,
                        Object::Entity(c),
                        0.6,
                        "country-team",
                    );
                }
                if self.word(i + 1) == "from" {
                    let mut k = i + 2;
                    while k < self.n_tokens() {
                        match self
                            .mention_starting_at(k)
                            .and_then(|m| self.entity_kind(m).map(|e| (m, e)))
                        {
                            Some((m, (c, EntityType::Country))) => {
                                self.add(
                                    event,
                                    Property::Participant,
                                    Object::Entity(c),
                                    0.6,
                                    "teams-from",
                                );
                                k = mentions[m].end;
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
