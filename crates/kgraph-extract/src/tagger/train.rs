//! Training: an averaged structured perceptron (Collins 2002) with Viterbi
//! decoding. Deterministic: the sentence order of each epoch comes from a fixed
//! seed, the weights are integers until averaged, and features are kept in
//! hash order.

use super::corpus::Sentence;
use super::features::{self, TEMPLATES};
use super::model::{self, FeatureMap, Model, Transitions, TAGS};
use crate::gazetteer::Gazetteer;

/// How to train.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// Passes over the data.
    pub epochs: usize,
    /// Seed of the sentence order.
    pub seed: u64,
    /// Features seen fewer times than this in the data are dropped.
    pub min_count: usize,
    /// Perceptrons trained, each on its own sentence order (seeds `seed`,
    /// `seed + 1`, ...), whose weights are averaged into the model; 0 counts
    /// as 1.
    pub models: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            epochs: 8,
            seed: 2026,
            min_count: 2,
            models: 3,
        }
    }
}

/// What one epoch did.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Epoch {
    /// Which of the perceptrons ([`Options::models`]), 1-based.
    pub model: usize,
    /// 1-based.
    pub number: usize,
    /// Share of tokens tagged right before the update.
    pub accuracy: f64,
}

/// splitmix64: a small, fixed pseudo-random sequence.
pub(crate) struct Rng(pub(crate) u64);

impl Rng {
    pub(crate) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    pub(crate) fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            items.swap(i, j);
        }
    }
}

/// A weight with its running sum for averaging: the average after `c` steps
/// is `w - u / c` when every change `d` at step `s` adds `s * d` to `u`.
#[derive(Clone, Copy, Default)]
struct Averaged {
    w: i32,
    u: i64,
}

impl Averaged {
    fn add(&mut self, d: i32, step: i64) {
        self.w += d;
        self.u += step * i64::from(d);
    }

    fn average(self, steps: i64) -> f32 {
        (f64::from(self.w) - self.u as f64 / steps as f64) as f32
    }
}

/// A sentence ready for training: feature rows (`u32::MAX` for dropped
/// features) and gold tags.
struct Prepared {
    rows: Vec<u32>,
    gold: Vec<u8>,
}

struct Weights {
    rows: Vec<[Averaged; TAGS]>,
    transitions: [[Averaged; TAGS]; TAGS + 1],
}

impl Weights {
    fn emissions(&self, rows: &[u32]) -> model::Emissions {
        rows.chunks_exact(TEMPLATES)
            .map(|token| {
                let mut scores = [0f32; TAGS];
                for &r in token.iter().filter(|&&r| r != u32::MAX) {
                    for (s, w) in scores.iter_mut().zip(&self.rows[r as usize]) {
                        *s += w.w as f32;
                    }
                }
                scores
            })
            .collect()
    }

    fn current_transitions(&self) -> Transitions {
        let mut t = [[0f32; TAGS]; TAGS + 1];
        for (row, src) in t.iter_mut().zip(&self.transitions) {
            for (w, a) in row.iter_mut().zip(src) {
                *w = a.w as f32;
            }
        }
        t
    }

    /// Moves the weights towards `gold` and away from `guess`.
    fn update(&mut self, sentence: &Prepared, guess: &[u8], step: i64) {
        let mut prev_gold = TAGS;
        let mut prev_guess = TAGS;
        for (i, (&g, &p)) in sentence.gold.iter().zip(guess).enumerate() {
            if g != p {
                let token = &sentence.rows[i * TEMPLATES..(i + 1) * TEMPLATES];
                for &r in token.iter().filter(|&&r| r != u32::MAX) {
                    self.rows[r as usize][usize::from(g)].add(1, step);
                    self.rows[r as usize][usize::from(p)].add(-1, step);
                }
            }
            if g != p || prev_gold != prev_guess {
                self.transitions[prev_gold][usize::from(g)].add(1, step);
                self.transitions[prev_guess][usize::from(p)].add(-1, step);
            }
            prev_gold = usize::from(g);
            prev_guess = usize::from(p);
        }
    }
}

/// Trains a model on `sentences`, reporting each epoch to `progress`.
pub fn train(sentences: &[Sentence], options: Options, mut progress: impl FnMut(Epoch)) -> Model {
    let g = Gazetteer::get();
    let hashed: Vec<(Vec<u64>, Vec<u8>)> = sentences
        .iter()
        .map(|s| {
            let words: Vec<&str> = s.words.iter().map(String::as_str).collect();
            (
                features::sentence(g, &words),
                model::encode(&s.spans, words.len()),
            )
        })
        .collect();
    // Keep the features seen often enough, numbered in hash order.
    let mut counts: FeatureMap<usize> = FeatureMap::default();
    for f in hashed.iter().flat_map(|(f, _)| f) {
        *counts.entry(*f).or_default() += 1;
    }
    let mut kept: Vec<u64> = counts
        .into_iter()
        .filter(|(_, n)| *n >= options.min_count)
        .map(|(f, _)| f)
        .collect();
    kept.sort_unstable();
    let row_of: FeatureMap<u32> = kept
        .iter()
        .enumerate()
        .map(|(i, f)| (*f, i as u32))
        .collect();
    let prepared: Vec<Prepared> = hashed
        .into_iter()
        .map(|(f, gold)| Prepared {
            rows: f
                .iter()
                .map(|h| row_of.get(h).copied().unwrap_or(u32::MAX))
                .collect(),
            gold,
        })
        .collect();
    let models = options.models.max(1);
    let mut features: Vec<(u64, [f32; TAGS])> = kept.iter().map(|f| (*f, [0f32; TAGS])).collect();
    let mut transitions = [[0f32; TAGS]; TAGS + 1];
    // The model is the mean of the perceptrons' averaged weights.
    let share = 1.0 / models as f32;
    for m in 0..models {
        let seed = options.seed.wrapping_add(m as u64);
        let (weights, steps) = perceptron(&prepared, kept.len(), options.epochs, seed, |e| {
            progress(Epoch { model: m + 1, ..e });
        });
        let add = |to: &mut [f32; TAGS], from: &[Averaged; TAGS]| {
            for (x, a) in to.iter_mut().zip(from) {
                *x += a.average(steps) * share;
            }
        };
        for ((_, w), a) in features.iter_mut().zip(&weights.rows) {
            add(w, a);
        }
        for (row, a) in transitions.iter_mut().zip(&weights.transitions) {
            add(row, a);
        }
    }
    Model::new(features, transitions)
}

/// One averaged perceptron over `prepared`, sentences in the order of `seed`:
/// its weights and the steps they were averaged over. Its epochs are reported
/// as model 1's; the caller says which model it is.
fn perceptron(
    prepared: &[Prepared],
    rows: usize,
    epochs: usize,
    seed: u64,
    mut progress: impl FnMut(Epoch),
) -> (Weights, i64) {
    let mut weights = Weights {
        rows: vec![[Averaged::default(); TAGS]; rows],
        transitions: [[Averaged::default(); TAGS]; TAGS + 1],
    };
    let mut order: Vec<usize> = (0..prepared.len()).collect();
    let mut rng = Rng(seed);
    let mut step: i64 = 1;
    for epoch in 0..epochs {
        rng.shuffle(&mut order);
        let (mut right, mut total) = (0usize, 0usize);
        for &k in &order {
            let s = &prepared[k];
            let guess = model::viterbi(&weights.emissions(&s.rows), &weights.current_transitions());
            right += s.gold.iter().zip(&guess).filter(|(a, b)| a == b).count();
            total += s.gold.len();
            if guess != s.gold {
                weights.update(s, &guess, step);
            }
            step += 1;
        }
        progress(Epoch {
            model: 1,
            number: epoch + 1,
            accuracy: right as f64 / total.max(1) as f64,
        });
    }
    (weights, step)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tagger::corpus::{parse, Label, Span};

    const FIXTURE: &str = "\
Zorblat\tB-PER\nQuince\tI-PER\nvisited\tO\nFrobville\tB-LOC\n.\tO\n\n\
The\tO\nKlaxo\tB-ORG\nGroup\tI-ORG\nhired\tO\nMirna\tB-PER\nTesk\tI-PER\n.\tO\n\n\
Mirna\tB-PER\nTesk\tI-PER\nleft\tO\nFrobville\tB-LOC\nfor\tO\nthe\tO\nKlaxo\tB-ORG\nGroup\tI-ORG\n.\tO\n\n\
Protests\tO\nfollowed\tO\nthe\tO\nGreat\tB-EVENT\nBlip\tI-EVENT\n.\tO\n";

    #[test]
    fn training_is_deterministic_and_learns_its_data() {
        let sentences = parse(FIXTURE, "fixture").unwrap();
        let options = Options {
            epochs: 5,
            seed: 7,
            min_count: 1,
            models: 1,
        };
        let mut epochs = Vec::new();
        let a = train(&sentences, options, |e| epochs.push(e));
        let b = train(&sentences, options, |_| {});
        assert_eq!(a.to_bytes(), b.to_bytes());
        assert_eq!(epochs.len(), 5);
        assert!(epochs[4].accuracy > epochs[0].accuracy || epochs[0].accuracy == 1.0);
        for s in &sentences {
            let words: Vec<&str> = s.words.iter().map(String::as_str).collect();
            let spans: Vec<Span> = a.tag(&words).into_iter().map(|t| t.span).collect();
            assert_eq!(spans, s.spans, "{}", s.words.join(" "));
        }
        assert!(sentences
            .iter()
            .flat_map(|s| &s.spans)
            .any(|s| s.label == Label::Event));
        // Another seed orders the sentences otherwise: a different model.
        let c = train(&sentences, Options { seed: 8, ..options }, |_| {});
        assert_ne!(a.to_bytes(), c.to_bytes());
    }

    #[test]
    fn an_ensemble_averages_perceptrons_of_successive_seeds() {
        let sentences = parse(FIXTURE, "fixture").unwrap();
        let options = Options {
            epochs: 3,
            seed: 7,
            min_count: 1,
            models: 2,
        };
        let mut epochs = Vec::new();
        let pair = train(&sentences, options, |e| epochs.push((e.model, e.number)));
        assert_eq!(
            epochs,
            [(1, 1), (1, 2), (1, 3), (2, 1), (2, 2), (2, 3)],
            "two perceptrons of three epochs each"
        );
        assert_eq!(
            pair.to_bytes(),
            train(&sentences, options, |_| {}).to_bytes()
        );
        let one = |seed| {
            let single = Options {
                seed,
                models: 1,
                ..options
            };
            train(&sentences, single, |_| {})
        };
        let (a, b) = (one(7), one(8));
        assert_ne!(pair.to_bytes(), a.to_bytes());
        // The mean of the two: every transition weight halfway between theirs
        // (within the rounding of the i16 weights).
        let tolerance = 2.0 * (pair.scale() + a.scale() + b.scale());
        for ((p, x), y) in pair
            .transitions()
            .iter()
            .flatten()
            .zip(a.transitions().iter().flatten())
            .zip(b.transitions().iter().flatten())
        {
            assert!((p - (x + y) / 2.0).abs() <= tolerance, "{p} {x} {y}");
        }
        for s in &sentences {
            let words: Vec<&str> = s.words.iter().map(String::as_str).collect();
            let spans: Vec<Span> = pair.tag(&words).into_iter().map(|t| t.span).collect();
            assert_eq!(spans, s.spans, "{}", s.words.join(" "));
        }
    }
}
