//! Candidates and winners: "X ran against Y", "X was declared the winner",
//! "X won the October election", "X won a seat".

use crate::schema::{EntityType, Property};

use super::pattern::Finder;
use super::types::Object;

impl Finder<'_> {
    /// Candidates and winners: "X ran against Y", "X was declared the winner",
    /// "X won the October election".
    pub(super) fn elections(&mut self) {
        let mentions = &self.e.mentions.mentions;
        for i in 0..self.n_tokens().saturating_sub(1) {
            let (w, next) = (self.word(i), self.word(i + 1));
            if matches!(w, "ran" | "runs" | "running" | "run") && next == "against" {
                let Some(election) = self.recent_election(i) else {
                    continue;
                };
                let Some(sentence) = self.sentence_of(i) else {
                    continue;
                };
                if let Some(agent) = self.nearest_before(i, EntityType::Person) {
                    self.add(
                        election,
                        Property::Candidate,
                        Object::Entity(agent),
                        0.7,
                        "ran-against",
                    );
                }
                let rivals: Vec<usize> = (0..mentions.len())
                    .filter(|&m| mentions[m].first > i && mentions[m].sentence == sentence)
                    .filter_map(|m| self.entity_kind(m))
                    .filter(|(_, k)| *k == EntityType::Person)
                    .map(|(e, _)| e)
                    .collect();
                for rival in rivals {
                    self.add(
                        election,
                        Property::Candidate,
                        Object::Entity(rival),
                        0.65,
                        "ran-against",
                    );
                }
            }
            let declared_winner = w == "declared"
                && (next == "winner"
                    || (next == "the" && i + 2 < self.n_tokens() && self.word(i + 2) == "winner"));
            let won_election = w == "won"
                && (i + 1..(i + 4).min(self.n_tokens()))
                    .find_map(|k| self.mention_starting_at(k))
                    .is_some_and(|m| {
                        self.e.of_mention[m].is_some_and(|e| {
                            self.e.entities[e].class.as_deref() == Some("Election")
                        })
                    });
            // "X won a seat", "X was elected", "X was re-elected", "X lost his seat".
            let seat = matches!(
                w,
                "won" | "elected" | "re-elected" | "lost" | "retained" | "unseated" | "defeated"
            ) && (i + 3 < self.n_tokens()
                && (i + 1..i + 4).any(|k| matches!(self.word(k), "seat" | "seats"))
                || matches!(w, "elected" | "re-elected"));
            if seat && !declared_winner && !won_election {
                let Some(election) = self.recent_election(i).or_else(|| self.only_election())
                else {
                    continue;
                };
                let Some(sentence) = self.sentence_of(i) else {
                    continue;
                };
                // Every person of the sentence before the verb ran ("X was elected"),
                // and after it too for "elected were X and Y"; they won unless they lost.
                let after_too = matches!(w, "elected" | "re-elected");
                let people: Vec<usize> = (0..mentions.len())
                    .filter(|&m| {
                        (mentions[m].end <= i || after_too) && mentions[m].sentence == sentence
                    })
                    .filter_map(|m| self.entity_kind(m))
                    .filter(|(_, k)| *k == EntityType::Person)
                    .map(|(e, _)| e)
                    .collect();
                for person in people {
                    self.add(
                        election,
                        Property::Candidate,
                        Object::Entity(person),
                        0.6,
                        "won-seat",
                    );
                    if w != "lost" && w != "unseated" {
                        self.add(
                            election,
                            Property::Winner,
                            Object::Entity(person),
                            0.6,
                            "won-seat",
                        );
                    }
                }
                continue;
            }
            if declared_winner || won_election {
                let Some(winner) = self.nearest_before(i, EntityType::Person) else {
                    continue;
                };
                let election = if won_election {
                    (i + 1..(i + 4).min(self.n_tokens()))
                        .find_map(|k| self.mention_starting_at(k))
                        .and_then(|m| self.e.of_mention[m])
                } else {
                    self.recent_election(i)
                };
                let Some(election) = election else { continue };
                self.add(
                    election,
                    Property::Winner,
                    Object::Entity(winner),
                    0.7,
                    "declared-winner",
                );
                self.add(
                    election,
                    Property::Candidate,
                    Object::Entity(winner),
                    0.65,
                    "declared-winner",
                );
            }
        }
    }
}
