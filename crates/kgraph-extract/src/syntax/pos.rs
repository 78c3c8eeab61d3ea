//! The part-of-speech tagger: a greedy left-to-right averaged perceptron
//! whose classes are the (UPOS, XPOS) pairs of the training treebanks, over
//! the word's own features (lower case, shape, affixes, Brown cluster,
//! casing, lexicon class: the name tagger's), its neighbours and the two tags
//! before it.

use std::cell::RefCell;

use crate::lexicon::FastMap;
use crate::tagger::{hash, mix, own_hashes, OwnHashes, Rng};

use super::weights::{Trainer, Weights};

/// Averaged weights by feature, sorted: what a training run gives.
pub type Rows = Vec<(u64, Vec<f32>)>;

/// The tagger's feature templates a word (the second pass has six more).
pub const TEMPLATES: usize = 40;

/// Of those, the templates of the word alone (see [`Context::own_features`]).
pub const OWN: usize = 18;

/// The words of a sentence as the tagger sees them.
pub struct Context {
    own: Vec<OwnHashes>,
    forms: Vec<u64>,
    /// A hash of each word as written, for the cache of own sums.
    keys: Vec<u64>,
}

impl Context {
    /// What the tagger needs of `words`.
    pub fn new(words: &[&str]) -> Self {
        let own: Vec<OwnHashes> = words.iter().map(|w| own_hashes(w)).collect();
        let forms = words
            .iter()
            .zip(&own)
            .map(|(w, o)| mix(99, &[o.h_lower, o.h_short, u64::from(first_upper(w))]))
            .collect();
        let keys = words.iter().map(|w| hash(w)).collect();
        Context { own, forms, keys }
    }

    /// What each word is on its own (the parser reads it too).
    pub(crate) fn own(&self) -> &[OwnHashes] {
        &self.own
    }

    /// Words.
    pub fn len(&self) -> usize {
        self.own.len()
    }

    /// No words?
    pub fn is_empty(&self) -> bool {
        self.own.is_empty()
    }

    /// The features of word `i`, the tags before it being `prev` and `prev2`
    /// (class + 1, 0 before the sentence), and, in the second pass, the
    /// first pass's tags of every word (`first`).
    pub fn features(
        &self,
        i: usize,
        prev: u64,
        prev2: u64,
        first: Option<&[usize]>,
        out: &mut Vec<u64>,
    ) {
        out.clear();
        self.own_features(i, out);
        self.context_features(i, prev, prev2, first, out);
    }

    /// The features of word `i` that depend on the word alone: the same
    /// wherever it stands.
    pub fn own_features(&self, i: usize, out: &mut Vec<u64>) {
        let o = &self.own[i];
        out.extend([
            mix(0, &[]),
            mix(1, &[o.h_lower]),
            mix(2, &[self.forms[i]]),
            mix(3, &[o.prefix2]),
            mix(4, &[o.prefix3]),
            mix(5, &[o.suffix2]),
            mix(6, &[o.suffix3]),
            mix(7, &[o.suffix4]),
            mix(8, &[o.h_shape]),
            mix(9, &[o.h_short]),
            mix(10, &[o.clusters[0]]),
            mix(11, &[o.clusters[1]]),
            mix(12, &[o.clusters[2]]),
            mix(13, &[o.clusters[3]]),
            mix(14, &[o.casing[0]]),
            mix(15, &[o.casing[1]]),
            mix(16, &[o.casing[2]]),
            mix(17, &[o.h_lexical]),
        ]);
    }

    /// The features of word `i` that depend on its place and the tags.
    pub fn context_features(
        &self,
        i: usize,
        prev: u64,
        prev2: u64,
        first: Option<&[usize]>,
        out: &mut Vec<u64>,
    ) {
        if let Some(tags) = first {
            let r = |d: usize| tags.get(i + d).map_or(0, |&t| t as u64 + 1);
            out.extend([
                mix(40, &[r(0)]),
                mix(41, &[r(1)]),
                mix(42, &[r(1), r(2)]),
                mix(43, &[prev, r(1)]),
                mix(44, &[self.own[i].h_lower, r(1)]),
                mix(45, &[r(0), self.own[i].suffix3]),
            ]);
        }
        const NONE: u64 = 0x5eed;
        let at = |d: isize| i.checked_add_signed(d).and_then(|k| self.own.get(k));
        let lower = |d| at(d).map_or(NONE, |o| o.h_lower);
        let short = |d| at(d).map_or(NONE, |o| o.h_short);
        let suffix3 = |d| at(d).map_or(NONE, |o| o.suffix3);
        let cluster = |d, k: usize| at(d).map_or(NONE, |o| o.clusters[k]);
        let o = &self.own[i];
        let first = u64::from(i == 0);
        let last = u64::from(i + 1 == self.own.len());
        let f: [u64; TEMPLATES - OWN] = [
            mix(18, &[lower(-1)]),
            mix(19, &[lower(1)]),
            mix(20, &[lower(-2)]),
            mix(21, &[lower(2)]),
            mix(22, &[prev]),
            mix(23, &[prev2, prev]),
            mix(24, &[prev, o.h_lower]),
            mix(25, &[prev, o.suffix3]),
            mix(26, &[suffix3(-1)]),
            mix(27, &[suffix3(1)]),
            mix(28, &[cluster(1, 1)]),
            mix(29, &[cluster(-1, 1)]),
            mix(30, &[cluster(1, 3)]),
            mix(31, &[short(1)]),
            mix(32, &[short(-1)]),
            mix(33, &[first, last, o.h_short]),
            mix(34, &[lower(-1), o.h_lower]),
            mix(35, &[o.h_lower, lower(1)]),
            mix(36, &[prev, lower(1)]),
            mix(37, &[cluster(2, 1)]),
            mix(38, &[prev, cluster(1, 1)]),
            mix(39, &[lower(1), lower(2)]),
        ];
        out.extend_from_slice(&f);
    }
}

fn first_upper(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
}

/// The best class of `sums` (the first of equals). Written so that it
/// compiles to conditional moves: a branch on each of a hundred classes is
/// mispredicted often.
pub fn best<T: PartialOrd + Copy>(sums: &[T]) -> usize {
    let Some(&first) = sums.first() else {
        return 0;
    };
    let (mut best, mut top) = (0, first);
    for (c, &s) in sums.iter().enumerate() {
        let better = s > top;
        best = if better { c } else { best };
        top = if better { s } else { top };
    }
    best
}

/// Tags `words`: the first pass with `first`, then, when given, a second
/// pass with `second`, which also sees the first pass's tags of the words
/// after each word.
pub fn tag(first: &Weights, second: Option<&Weights>, words: &[&str]) -> Vec<usize> {
    let context = Context::new(words);
    let tags = tag_pass(first, &context, None, None);
    match second {
        Some(second) => tag_pass(second, &context, Some(&tags), None),
        None => tags,
    }
}

/// Both passes (the first alone when `second` has no features), with the
/// runner-up of each word (see [`tag_with`]).
pub fn tag_with_doubts(
    first: &Weights,
    second: &Weights,
    words: &[&str],
) -> (Vec<usize>, Vec<u64>) {
    tag_context(first, second, &Context::new(words))
}

/// [`tag_with_doubts`] of the words of `context`.
pub fn tag_context(first: &Weights, second: &Weights, context: &Context) -> (Vec<usize>, Vec<u64>) {
    let mut doubts = Vec::with_capacity(context.len());
    if second.features() == 0 {
        // A tagger of one pass.
        let tags = tag_pass(first, context, None, Some(&mut doubts));
        return (tags, doubts);
    }
    let tags = tag_pass(first, context, None, None);
    let tags = tag_pass(second, context, Some(&tags), Some(&mut doubts));
    (tags, doubts)
}

/// The second pass alone, given the first pass's tags, with each word's
/// doubt: 0 when the best class is well ahead, else the runner-up class and
/// how close it came, in one number.
pub fn tag_with(second: &Weights, words: &[&str], first: &[usize]) -> (Vec<usize>, Vec<u64>) {
    let mut doubts = Vec::with_capacity(words.len());
    let tags = tag_pass(second, &Context::new(words), Some(first), Some(&mut doubts));
    (tags, doubts)
}

/// The doubt of a word whose class sums are `sums` and best class `best`.
fn doubt(sums: &[i32], best: usize) -> u64 {
    if sums.len() < 2 {
        return 0;
    }
    // The best of the others (the first of equals), without branches.
    let mut r = usize::from(best == 0);
    let mut top = sums[r];
    for (c, &v) in sums.iter().enumerate() {
        let better = c != best && v > top;
        r = if better { c } else { r };
        top = if better { v } else { top };
    }
    let margin = i64::from(sums[best]) - i64::from(sums[r]);
    let top = i64::from(sums[best].unsigned_abs().max(1));
    let bucket = match margin * 100 / top {
        0..=4 => 0,
        5..=14 => 1,
        15..=34 => 2,
        _ => return 0,
    };
    (r as u64 + 1) * 4 + bucket
}

fn tag_pass(
    weights: &Weights,
    context: &Context,
    first: Option<&[usize]>,
    mut doubts: Option<&mut Vec<u64>>,
) -> Vec<usize> {
    let mut features = Vec::with_capacity(TEMPLATES + 6);
    let mut sums = vec![0i32; weights.classes()];
    let mut tags = Vec::with_capacity(context.len());
    let (mut prev, mut prev2) = (0u64, 0u64);
    for i in 0..context.len() {
        own_sums(weights, context, i, &mut features, &mut sums);
        features.clear();
        context.context_features(i, prev, prev2, first, &mut features);
        weights.add(&features, &mut sums);
        let t = best(&sums);
        tags.push(t);
        if let Some(d) = doubts.as_deref_mut() {
            d.push(doubt(&sums, t));
        }
        prev2 = prev;
        prev = t as u64 + 1;
    }
    tags
}

/// Class sums by (weights, word).
type SumCache = FastMap<(u64, u64), Box<[i32]>>;

thread_local! {
    /// The sums of the own features of words seen lately, by weights and
    /// word: news repeats its words, and these are a third of the look-ups.
    static OWN_SUMS: RefCell<SumCache> = RefCell::default();
}

/// Sets `sums` to the sums of word `i`'s own features, from the cache when
/// the word was seen lately. The sums are integers, so cached or not they are
/// the same.
fn own_sums(
    weights: &Weights,
    context: &Context,
    i: usize,
    features: &mut Vec<u64>,
    sums: &mut [i32],
) {
    const MAX_WORDS: usize = 1 << 14;
    let key = (weights.id(), context.keys[i]);
    OWN_SUMS.with_borrow_mut(|cache| {
        if let Some(cached) = cache.get(&key) {
            sums.copy_from_slice(cached);
            return;
        }
        sums.fill(0);
        features.clear();
        context.own_features(i, features);
        weights.add(features, sums);
        if cache.len() >= MAX_WORDS {
            cache.clear();
        }
        cache.insert(key, sums.into());
    });
}

/// Trains a tagger on `sentences` (words and gold classes) for `epochs`
/// passes in an order shuffled from `seed`; a second-pass tagger when
/// `first` gives each sentence's first-pass tags.
pub fn train(
    sentences: &[(Vec<&str>, Vec<usize>)],
    first: Option<&[Vec<usize>]>,
    classes: usize,
    epochs: usize,
    seed: u64,
    mut progress: impl FnMut(usize, f64),
) -> Rows {
    let contexts: Vec<Context> = sentences.iter().map(|(w, _)| Context::new(w)).collect();
    let mut trainer = Trainer::new(classes);
    let mut order: Vec<usize> = (0..sentences.len()).collect();
    let mut rng = Rng(seed);
    let mut features = Vec::with_capacity(TEMPLATES);
    let mut scores = vec![0f32; classes];
    for epoch in 0..epochs {
        rng.shuffle(&mut order);
        let (mut right, mut total) = (0usize, 0usize);
        for &s in &order {
            let (context, gold) = (&contexts[s], &sentences[s].1);
            let (mut prev, mut prev2) = (0u64, 0u64);
            for (i, &g) in gold.iter().enumerate() {
                let firsts = first.map(|f| f[s].as_slice());
                context.features(i, prev, prev2, firsts, &mut features);
                trainer.score(&features, &mut scores);
                let guess = best(&scores);
                trainer.update(&features, g, guess);
                trainer.tick();
                right += usize::from(guess == g);
                total += 1;
                prev2 = prev;
                prev = guess as u64 + 1;
            }
        }
        progress(epoch + 1, right as f64 / total.max(1) as f64);
    }
    trainer.averaged()
}
