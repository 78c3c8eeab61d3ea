//! Training the resolver on gold coreference (GUM's `Entity=` spans): a
//! mention-ranking averaged perceptron (Collins 2002) with latent
//! antecedents, as in Durrett and Klein (2013).
//!
//! The documents are parsed with the shipped parser and their candidate
//! mentions detected as at run time; a candidate takes the gold entity of
//! the gold mention with its head word (none: it starts a new entity, or
//! is no mention). For each candidate, in document order, the right choices
//! are the earlier candidates of its gold entity, or "new" when there are
//! none; the perceptron moves towards the best-scored right choice and away
//! from the best-scored choice (its score raised by the cost of that
//! mistake), when that is wrong. Entities are built from the model's own
//! choices, as at run time. Documents are visited in an order shuffled
//! with a fixed seed; the weights are averaged; training is deterministic.

use std::collections::BTreeMap;

use super::features::Features;
use super::gold::Document;
use super::mentions::{EntityKind, Mention};
use super::model::Model;
use super::resolve::{self, Known};
use super::score::{self, Cluster, Matching, Scores, Singletons, Span};
use crate::syntax::treebank::Word;
use crate::syntax::weights::{Trainer, Weights};

/// Training options.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    /// Passes over the documents.
    pub epochs: usize,
    /// Seed of the document order.
    pub seed: u64,
    /// Perceptrons to train (seeds `seed`, `seed + 1`...) and average.
    pub models: usize,
    /// Earlier mentions an anaphor considers.
    pub window: usize,
    /// Drop weights smaller than this share of the largest.
    pub prune: f32,
    /// The cost of linking a mention that starts a new entity.
    pub false_link: f32,
    /// The cost of starting a new entity with a mention that has an
    /// antecedent.
    pub false_new: f32,
    /// The cost of linking to the wrong entity.
    pub wrong_link: f32,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            epochs: 10,
            seed: 1,
            models: 1,
            window: 50,
            prune: 0.0,
            false_link: 2.0,
            false_new: 1.0,
            wrong_link: 1.0,
        }
    }
}

/// A gold document parsed, with its candidate mentions and their gold
/// entities.
pub struct Parsed {
    /// The gold document.
    pub gold: Document,
    /// Its sentences as the parser parsed them (the gold words).
    pub sentences: Vec<Vec<Word>>,
}

/// Parses the sentences of `doc` with `parse` (the gold tokenization).
pub fn parse(doc: Document, mut parse: impl FnMut(&[&str]) -> Vec<Word>) -> Parsed {
    let mut sentences = Vec::with_capacity(doc.sentences.len());
    for (k, &start) in doc.sentences.iter().enumerate() {
        let end = doc.sentences.get(k + 1).copied().unwrap_or(doc.words.len());
        let forms: Vec<&str> = doc.words[start..end]
            .iter()
            .map(|w| w.form.as_str())
            .collect();
        sentences.push(parse(&forms));
    }
    Parsed {
        gold: doc,
        sentences,
    }
}

/// The known mentions an extractor would give for `p`: its gold names of
/// people, organizations, places and events (a mention within one sentence
/// whose head is a proper noun in the parse).
fn gold_known(p: &Parsed) -> Vec<Known> {
    let doc = &p.gold;
    let mut known = Vec::new();
    for m in &doc.mentions {
        let s = doc.sentences.partition_point(|&x| x <= m.first) - 1;
        let start = doc.sentences[s];
        let len = p.sentences[s].len();
        if m.end - start > len || m.head < start {
            continue;
        }
        let head = m.head - start;
        if p.sentences[s][head].upos != "PROPN" {
            continue;
        }
        let kind = match m.etype.as_str() {
            "person" => EntityKind::Person,
            "organization" => EntityKind::Organization,
            "place" => EntityKind::Place,
            "event" => EntityKind::Event,
            _ => continue,
        };
        known.push(Known {
            sentence: s,
            first: m.first - start,
            end: m.end - start,
            head,
            kind,
        });
    }
    known
}

/// The candidate mentions of `p` (with `known` in place), each with who
/// says it where the file tells.
fn mentions(p: &Parsed, known: &[Known]) -> Vec<Mention> {
    let mut ms = resolve::mentions_of(&p.sentences, known);
    super::mentions::set_speech(&mut ms, &p.gold.turns);
    ms
}

/// A document ready for training: its mentions and the gold entity of
/// each (`None`: not a gold mention).
struct Example {
    mentions: Vec<Mention>,
    gold: Vec<Option<u32>>,
}

fn example(p: &Parsed, with_known: bool) -> Example {
    let known = if with_known {
        gold_known(p)
    } else {
        Vec::new()
    };
    let mentions = mentions(p, &known);
    let doc = &p.gold;
    let mut ids: BTreeMap<&str, u32> = BTreeMap::new();
    let mut by_head: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (i, m) in doc.mentions.iter().enumerate() {
        by_head.entry(m.head).or_default().push(i);
        let next = ids.len() as u32;
        ids.entry(m.entity.as_str()).or_insert(next);
    }
    let gold = mentions
        .iter()
        .map(|m| {
            let start = doc.sentences[m.sentence];
            let (first, end) = (start + m.first, start + m.end);
            let best = by_head.get(&(start + m.head))?.iter().max_by_key(|&&g| {
                let gm = &doc.mentions[g];
                let overlap = end.min(gm.end).saturating_sub(first.max(gm.first));
                // The most alike: the most words in common less those of
                // one only; then the earliest (max_by_key keeps the last of
                // equals, so the index counts down).
                let alike = 2 * overlap as i64 - (end - first) as i64 - (gm.end - gm.first) as i64;
                (alike, std::cmp::Reverse(g))
            })?;
            Some(ids[doc.mentions[*best].entity.as_str()])
        })
        .collect();
    Example { mentions, gold }
}

/// A deterministic pseudo-random sequence (SplitMix64).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}

/// Progress of training: an epoch done and the share of mentions whose
/// choice was right before the update.
#[derive(Debug, Clone, Copy)]
pub struct Progress {
    /// The epoch (from 1).
    pub epoch: usize,
    /// Choices right.
    pub accuracy: f64,
}

/// Trains a resolver on `docs`. Every other document (by position) is
/// given its gold names as known mentions, so that the model learns both to
/// use the extractor's types and to do without them. The threshold is 0:
/// [`choose_thresholds`] sets it.
pub fn train(docs: &[Parsed], options: &Options, mut progress: impl FnMut(Progress)) -> Model {
    let examples: Vec<Example> = docs
        .iter()
        .enumerate()
        .map(|(i, p)| example(p, i % 2 == 0))
        .collect();
    let averaged: Vec<Vec<(u64, Vec<f32>)>> = (0..options.models.max(1) as u64)
        .map(|k| one(&examples, options, options.seed + k, &mut progress))
        .collect();
    Model {
        weights: Weights::combine(1, &averaged, options.prune),
        thresholds: [0.0; 3],
        window: options.window,
    }
}

/// Trains one perceptron with seed `seed`; its averaged weights.
fn one(
    examples: &[Example],
    options: &Options,
    seed: u64,
    progress: &mut impl FnMut(Progress),
) -> Vec<(u64, Vec<f32>)> {
    let mut trainer = Trainer::new(1);
    let mut rng = Rng(seed);
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut f = Features::new(false);
    let (mut cands, mut feats) = (Vec::new(), Vec::new());
    let mut scores: Vec<f32> = Vec::new();
    for epoch in 1..=options.epochs {
        for i in (1..order.len()).rev() {
            let j = (rng.next() % (i as u64 + 1)) as usize;
            order.swap(i, j);
        }
        let (mut right, mut total) = (0usize, 0usize);
        for &d in &order {
            let ex = &examples[d];
            let ms = &ex.mentions;
            let mut chains = resolve::Chains::new(ms);
            for i in 0..ms.len() {
                resolve::candidates(ms, i, options.window, &chains, &mut cands);
                chains.choices(ms, i, &cands, &mut f, &mut feats);
                scores.clear();
                for x in &feats[..=cands.len()] {
                    let mut s = [0f32];
                    trainer.score(x, &mut s);
                    scores.push(s[0]);
                }
                // Choice 0 is "new"; choice k is cands[k - 1].
                let good: Vec<bool> = std::iter::once(true)
                    .chain(
                        cands
                            .iter()
                            .map(|&j| ex.gold[i].is_some() && ex.gold[j] == ex.gold[i]),
                    )
                    .collect();
                let anaphoric = good[1..].iter().any(|&g| g);
                let is_good = |k: usize| if anaphoric { k > 0 && good[k] } else { k == 0 };
                let cost = |k: usize| -> f32 {
                    if is_good(k) {
                        0.0
                    } else if k == 0 {
                        options.false_new
                    } else if anaphoric {
                        options.wrong_link
                    } else {
                        options.false_link
                    }
                };
                let argmax = |key: &dyn Fn(usize) -> Option<f32>| -> usize {
                    let mut best = (0, f32::NEG_INFINITY);
                    for k in 0..scores.len() {
                        if let Some(s) = key(k) {
                            if s > best.1 {
                                best = (k, s);
                            }
                        }
                    }
                    best.0
                };
                let gold_best = argmax(&|k| is_good(k).then_some(scores[k]));
                let predicted = argmax(&|k| Some(scores[k] + cost(k)));
                let plain = argmax(&|k| Some(scores[k]));
                total += 1;
                if is_good(plain) {
                    right += 1;
                }
                if !is_good(predicted) {
                    trainer.nudge(&feats[gold_best], 0, 1.0);
                    trainer.nudge(&feats[predicted], 0, -1.0);
                }
                trainer.tick();
                if plain > 0 {
                    chains.link(ms, i, cands[plain - 1]);
                }
                chains.index(ms, i);
            }
        }
        progress(Progress {
            epoch,
            accuracy: right as f64 / total.max(1) as f64,
        });
    }
    trainer.averaged()
}

/// The gold and predicted clusters of each document, numbered across it,
/// as [`score::score`] takes them; `known` gives each document's known
/// mentions.
pub fn predict(model: &Model, docs: &[Parsed]) -> Vec<(Vec<Cluster>, Vec<Cluster>)> {
    docs.iter()
        .map(|p| {
            let starts = &p.gold.sentences;
            let predicted = resolve::entities_of(model, &mentions(p, &[]))
                .into_iter()
                .map(|e| {
                    e.into_iter()
                        .map(|m| {
                            let s = starts[m.sentence];
                            Span {
                                first: s + m.first,
                                end: s + m.end,
                                head: s + m.head,
                            }
                        })
                        .collect()
                })
                .collect();
            (score::clusters(&p.gold), predicted)
        })
        .collect()
}

/// Scores `model` on parsed gold documents (head matching, singletons
/// excluded).
pub fn evaluate(model: &Model, docs: &[Parsed]) -> Scores {
    score::score(&predict(model, docs), Matching::Head, Singletons::Exclude)
}

/// Sets the thresholds of the models in `sets` (each with the documents it
/// is scored on: development documents, or the held-out fold of training
/// documents for a model trained without them) together, on the pooled
/// predictions. First one threshold for all mentions, then each kind's in
/// turn (pronouns, nominal mentions, names), the others fixed: of the
/// thresholds tried (0, and quantiles of the margin by which each mention's
/// best candidate beats "new"), the highest whose CoNLL F1 is within
/// `slack` of the best, so that precision comes first. Returns the
/// thresholds chosen and each setting tried with its scores.
pub fn choose_thresholds(
    sets: &mut [(Model, &[Parsed])],
    slack: f64,
) -> ([f32; 3], Vec<([f32; 3], Scores)>) {
    let mut margins: [Vec<f32>; 4] = Default::default();
    for (model, docs) in sets.iter_mut() {
        model.thresholds = [f32::NEG_INFINITY; 3];
        for p in docs.iter() {
            let ms = mentions(p, &[]);
            let d = resolve::decide(model, &ms);
            for (i, m) in ms.iter().enumerate() {
                if d.antecedent[i].is_some() {
                    margins[m.kind as usize].push(d.margin[i]);
                    margins[3].push(d.margin[i]);
                }
            }
        }
    }
    let grid = |margins: &mut Vec<f32>| {
        margins.sort_by(f32::total_cmp);
        let mut thresholds = vec![0.0f32];
        for q in 16..40 {
            if let Some(&m) = margins.get(margins.len() * q / 40) {
                thresholds.push(m);
            }
        }
        thresholds.sort_by(f32::total_cmp);
        thresholds.dedup();
        thresholds
    };
    let mut chosen = [0f32; 3];
    let mut tried = Vec::new();
    // Which thresholds a sweep sets: all, or one kind's.
    for which in [None, Some(0), Some(1), Some(2)] {
        let mut sweep = Vec::new();
        // A kind's own margins, and those of all mentions.
        let mut ts = grid(&mut margins[3]);
        if let Some(k) = which {
            ts.extend(grid(&mut margins[k]));
            ts.sort_by(f32::total_cmp);
            ts.dedup();
        }
        for t in ts {
            let mut thresholds = chosen;
            match which {
                None => thresholds = [t; 3],
                Some(k) => thresholds[k] = t,
            }
            let s = score_with(sets, thresholds);
            tried.push((thresholds, s));
            sweep.push((t, s.conll));
        }
        let best = sweep.iter().map(|(_, c)| *c).fold(0.0, f64::max);
        let t = sweep
            .iter()
            .filter(|(_, c)| *c >= best - slack)
            .map(|(t, _)| *t)
            .fold(f32::NEG_INFINITY, f32::max);
        match which {
            None => chosen = [t; 3],
            Some(k) => chosen[k] = t,
        }
    }
    (chosen, tried)
}

/// The scores of the models of `sets` on their documents, pooled, all with
/// `thresholds`.
fn score_with(sets: &mut [(Model, &[Parsed])], thresholds: [f32; 3]) -> Scores {
    let mut pairs = Vec::new();
    for (model, docs) in sets.iter_mut() {
        model.thresholds = thresholds;
        pairs.extend(predict(model, docs));
    }
    score::score(&pairs, Matching::Head, Singletons::Exclude)
}

/// How many gold mentions of entities with two mentions or more have a
/// candidate mention with their head word, and how many there are; with
/// the gold heads' parts of speech (in the parse) of those missed, counted.
pub fn mention_recall(docs: &[Parsed]) -> (usize, usize, BTreeMap<String, usize>) {
    let (mut found, mut total) = (0, 0);
    let mut missed: BTreeMap<String, usize> = BTreeMap::new();
    for p in docs {
        let ms = mentions(p, &[]);
        let heads: std::collections::BTreeSet<usize> = ms
            .iter()
            .map(|m| p.gold.sentences[m.sentence] + m.head)
            .collect();
        for chain in p.gold.chains() {
            if chain.len() < 2 {
                continue;
            }
            for m in chain {
                total += 1;
                if heads.contains(&m.head) {
                    found += 1;
                } else {
                    let s = p.gold.sentences.partition_point(|&x| x <= m.head) - 1;
                    let w = &p.sentences[s][m.head - p.gold.sentences[s]];
                    *missed.entry(format!("{} {}", w.upos, w.xpos)).or_default() += 1;
                }
            }
        }
    }
    (found, total, missed)
}

/// What the model decided for the mentions of `docs`, by anaphor class
/// (see [`super::mentions::class`]): mentions with a gold antecedent among
/// their candidates linked right, left new, linked wrong; mentions without
/// one left new, linked.
pub fn decisions(model: &Model, docs: &[Parsed]) -> BTreeMap<&'static str, [usize; 5]> {
    let mut out: BTreeMap<&'static str, [usize; 5]> = BTreeMap::new();
    for p in docs {
        let ex = example(p, false);
        let ms = &ex.mentions;
        let d = resolve::decide(model, ms);
        for (i, m) in ms.iter().enumerate() {
            let row = out.entry(super::mentions::class(m)).or_default();
            let anaphoric = ex.gold[i].is_some() && (0..i).any(|j| ex.gold[j] == ex.gold[i]);
            let k = match (anaphoric, d.antecedent[i]) {
                (true, Some(j)) if ex.gold[j] == ex.gold[i] => 0,
                (true, None) => 1,
                (true, Some(_)) => 2,
                (false, None) => 3,
                (false, Some(_)) => 4,
            };
            row[k] += 1;
        }
    }
    out
}
