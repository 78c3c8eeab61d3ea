//! Parser scores as the CoNLL 2018 shared task's scorer computes them on a
//! given tokenization: every word counts, punctuation included; UAS counts
//! words with the right head, LAS words with the right head and the right
//! universal relation (the part before `:`, so `nsubj:pass` and `nsubj`
//! agree), UPOS words with the right universal tag.

use serde::Serialize;

use super::treebank::Word;

/// Scores over a corpus.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct ParseScore {
    /// Words scored.
    pub words: usize,
    /// Sentences scored.
    pub sentences: usize,
    /// Share of words with the gold UPOS.
    pub upos: f64,
    /// Share of words with the gold XPOS.
    pub xpos: f64,
    /// Share of words with the gold head.
    pub uas: f64,
    /// Share of words with the gold head and universal relation.
    pub las: f64,
}

/// Counts of right answers, summed sentence by sentence.
#[derive(Debug, Clone, Copy, Default)]
pub struct Tally {
    words: usize,
    sentences: usize,
    upos: usize,
    xpos: usize,
    uas: usize,
    las: usize,
}

/// The universal part of a relation: `nsubj` of `nsubj:pass`.
pub fn universal(deprel: &str) -> &str {
    deprel.split(':').next().unwrap_or(deprel)
}

impl Tally {
    /// Adds one sentence: `gold` and `predicted` hold the same words.
    pub fn add(&mut self, gold: &[Word], predicted: &[Word]) {
        debug_assert_eq!(gold.len(), predicted.len());
        self.sentences += 1;
        for (g, p) in gold.iter().zip(predicted) {
            self.words += 1;
            self.upos += usize::from(g.upos == p.upos);
            self.xpos += usize::from(g.xpos == p.xpos);
            if g.head == p.head {
                self.uas += 1;
                self.las += usize::from(universal(&g.deprel) == universal(&p.deprel));
            }
        }
    }

    /// The shares.
    pub fn score(&self) -> ParseScore {
        let share = |n: usize| {
            if self.words == 0 {
                0.0
            } else {
                n as f64 / self.words as f64
            }
        };
        ParseScore {
            words: self.words,
            sentences: self.sentences,
            upos: share(self.upos),
            xpos: share(self.xpos),
            uas: share(self.uas),
            las: share(self.las),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(upos: &str, head: usize, deprel: &str) -> Word {
        Word {
            upos: upos.into(),
            head,
            deprel: deprel.into(),
            ..Word::default()
        }
    }

    #[test]
    fn counts_heads_universal_relations_and_tags_punctuation_included() {
        let gold = [
            word("PRON", 2, "nsubj:pass"),
            word("VERB", 0, "root"),
            word("PUNCT", 2, "punct"),
        ];
        let predicted = [
            word("PRON", 2, "nsubj"),
            word("NOUN", 0, "root"),
            word("PUNCT", 1, "punct"),
        ];
        let mut t = Tally::default();
        t.add(&gold, &predicted);
        let s = t.score();
        assert_eq!((s.words, s.sentences), (3, 1));
        assert!((s.upos - 2.0 / 3.0).abs() < 1e-12);
        assert!((s.uas - 2.0 / 3.0).abs() < 1e-12);
        assert!((s.las - 2.0 / 3.0).abs() < 1e-12);
        assert_eq!(universal("acl:relcl"), "acl");
    }
}
