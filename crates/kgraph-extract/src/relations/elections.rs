//! Candidates and winners: "X ran against Y", "X was declared the winner",
//! "X won the October election", "X won a seat".

use crate::lexicon;
use crate::schema::Property;

use super::pattern::{Finder, Types};

impl Finder<'_> {
    /// Candidates and winners: "X ran against Y", "X was declared the winner",
    /// "X won the October election", "X won a seat", "X was elected".
    pub(super) fn elections(&mut self) {
        for i in 0..self.n_tokens().saturating_sub(1) {
            let (w, next) = (self.word(i), self.word(i + 1));
            if lexicon::candidacy_verbs().contains(w) && next == "against" {
                self.ran_against(i);
            }
            let declared_winner = w == "declared"
                && (next == "winner"
                    || (next == "the" && i + 2 < self.n_tokens() && self.word(i + 2) == "winner"));
            // The first name after "won" is an election's.
            let won = (w == "won")
                .then(|| (i + 1..(i + 4).min(self.n_tokens())).find_map(|k| self.at(k, Types::ANY)))
                .flatten()
                .filter(|f| self.is_election(f.entity));
            // "X won a seat", "X was elected", "X was re-elected", "X lost his seat".
            let elected = lexicon::elected_verbs().contains(w);
            let seat = (elected
                || lexicon::seat_won_verbs().contains(w)
                || lexicon::seat_lost_verbs().contains(w))
                && (i + 3 < self.n_tokens()
                    && (i + 1..i + 4).any(|k| matches!(self.word(k), "seat" | "seats"))
                    || elected);
            if seat && !declared_winner && won.is_none() {
                self.seats(i, w);
            } else if declared_winner || won.is_some() {
                let Some(winner) = self.nearest_before(i, Types::PERSON) else {
                    continue;
                };
                let election = match won {
                    Some(election) => Some(election.entity),
                    None => self.recent_election(i),
                };
                let Some(election) = election else { continue };
                let rule = "declared-winner";
                self.link(election, Property::Winner, winner, 0.7, rule, i);
                self.link(election, Property::Candidate, winner, 0.65, rule, i);
            }
        }
    }

    /// "X ran against Y (and Z)": the candidates of the election named last.
    fn ran_against(&mut self, i: usize) {
        let Some(election) = self.recent_election(i) else {
            return;
        };
        let Some(sentence) = self.sentence_of(i) else {
            return;
        };
        if let Some(agent) = self.nearest_before(i, Types::PERSON) {
            self.link(election, Property::Candidate, agent, 0.7, "ran-against", i);
        }
        for rival in self.in_sentence(sentence, Types::PERSON, |m| m.first > i) {
            self.link(election, Property::Candidate, rival, 0.65, "ran-against", i);
        }
    }

    /// A seat won or lost at token `i` (`verb`): every person of the sentence
    /// before the verb ran ("X was elected"), and after it too for "elected
    /// were X and Y"; they won unless they lost.
    fn seats(&mut self, i: usize, verb: &str) {
        let Some(election) = self.recent_election(i).or_else(|| self.only_election()) else {
            return;
        };
        let Some(sentence) = self.sentence_of(i) else {
            return;
        };
        let after_too = lexicon::elected_verbs().contains(verb);
        let people = self.in_sentence(sentence, Types::PERSON, |m| m.end <= i || after_too);
        for person in people {
            self.link(election, Property::Candidate, person, 0.6, "won-seat", i);
            if !lexicon::seat_lost_verbs().contains(verb) {
                self.link(election, Property::Winner, person, 0.6, "won-seat", i);
            }
        }
    }
}
