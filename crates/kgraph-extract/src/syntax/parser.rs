//! The dependency parser: greedy arc-hybrid parsing (see [`super::state`])
//! scored by an averaged perceptron over hashed features of the stack, the
//! buffer and the dependents found so far (in the manner of Zhang and Nivre
//! 2011), trained with the dynamic oracle and exploration (Goldberg and
//! Nivre 2012). A second perceptron labels each arc as it is made, from the
//! two words, their tags, the dependents they have, and the direction and
//! distance between them.

use crate::tagger::{mix, own_hashes, OwnHashes, Rng};

use super::pos::Rows;
use super::state::{State, ACTIONS, LEFT, NONE, RIGHT, SHIFT};
use super::weights::{Trainer, Weights};

/// What the parser knows of each word: its lower case, tag and clusters.
pub struct Words {
    lower: Vec<u64>,
    tag: Vec<u64>,
    /// The universal part of the tag (UPOS).
    coarse: Vec<u64>,
    /// The tagger's doubt (see `pos::tag_with`).
    doubt: Vec<u64>,
    cluster: Vec<u64>,
    n: usize,
}

const ROOT_WORD: u64 = 0x7200_7400;
const NO_WORD: u64 = 0x6e00_6f00;

impl Words {
    /// `words` with their tags (class numbers of the tagger); `coarse` gives
    /// each class's UPOS as a number (see [`coarse_classes`]).
    pub fn new(words: &[&str], tags: &[usize], coarse: &[u64], doubts: &[u64]) -> Self {
        let own: Vec<OwnHashes> = words.iter().map(|w| own_hashes(w)).collect();
        Words::of(&own, tags, coarse, doubts)
    }

    /// [`Words::new`] of words whose own hashes the tagger has worked out.
    pub(crate) fn of(own: &[OwnHashes], tags: &[usize], coarse: &[u64], doubts: &[u64]) -> Self {
        let n = own.len();
        let mut lower = Vec::with_capacity(n + 2);
        let mut cluster = Vec::with_capacity(n + 2);
        for o in own {
            lower.push(o.h_lower);
            cluster.push(o.clusters[1]);
        }
        let mut tag: Vec<u64> = tags.iter().map(|&t| t as u64 + 2).collect();
        let mut coarse: Vec<u64> = tags
            .iter()
            .map(|&t| coarse.get(t).copied().unwrap_or(2))
            .collect();
        // The root (n) and "no word" (n + 1).
        lower.extend([ROOT_WORD, NO_WORD]);
        cluster.extend([ROOT_WORD, NO_WORD]);
        tag.extend([1, 0]);
        coarse.extend([1, 0]);
        let mut doubt = doubts.to_vec();
        doubt.resize(n, 0);
        doubt.extend([0, 0]);
        Words {
            doubt,
            lower,
            tag,
            coarse,
            cluster,
            n,
        }
    }

    /// Words in the sentence.
    pub fn len(&self) -> usize {
        self.n
    }

    /// No words?
    pub fn is_empty(&self) -> bool {
        self.n == 0
    }

    pub(super) fn at(&self, w: usize) -> usize {
        if w == NONE {
            self.n + 1
        } else {
            w
        }
    }
}

/// The UPOS of each tagger class (`UPOS\tXPOS`), numbered from 2 in order
/// of the names.
pub fn coarse_classes(tags: &[String]) -> Vec<u64> {
    let mut upos: Vec<&str> = tags
        .iter()
        .map(|t| t.split('\t').next().unwrap_or(t))
        .collect();
    upos.sort_unstable();
    upos.dedup();
    tags.iter()
        .map(|t| {
            let u = t.split('\t').next().unwrap_or(t);
            upos.iter().position(|x| *x == u).unwrap_or(0) as u64 + 2
        })
        .collect()
}

/// Distance between two words, bucketed.
fn distance(a: usize, b: usize) -> u64 {
    if a == NONE || b == NONE {
        return 0;
    }
    match a.abs_diff(b) {
        d @ 0..=4 => d as u64 + 1,
        5..=6 => 6,
        7..=10 => 7,
        _ => 8,
    }
}

/// The parser's feature templates.
pub const TEMPLATES: usize = 103;

/// The templates of the fast parser.
const CORE_TEMPLATES: usize = 41;

/// Of those, the templates of one item alone (see [`items`]).
const ITEM_FEATURES: usize = 17;

/// Every template: the mask of the shipped parser.
pub const ALL_TEMPLATES: u128 = (1 << TEMPLATES) - 1;

/// The templates of the fast parser the extraction runs (41 of the 103):
/// the words, tags and clusters of the first stack and buffer items, their
/// pairs, tag trigrams, the tags of the nearest dependents, distance,
/// valency, the labels of the nearest dependents and coarse tag pairs.
pub const FAST_TEMPLATES: u128 = {
    const KEEP: [usize; CORE_TEMPLATES] = [
        0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24,
        33, 34, 35, 36, 37, 38, 39, 40, 41, 43, 46, 49, 52, 54, 87, 88,
    ];
    let mut mask = 0u128;
    let mut i = 0;
    while i < KEEP.len() {
        mask |= 1 << KEEP[i];
        i += 1;
    }
    mask
};

/// The transition features of state `s`, of the templates in `templates`:
/// [`ALL_TEMPLATES`] or [`FAST_TEMPLATES`].
pub fn features(x: &Words, s: &State, templates: u128, out: &mut Vec<u64>) {
    out.clear();
    for (item, w) in items(s).into_iter().enumerate() {
        item_features(x, x.at(w), item, out);
    }
    pair_features(x, s, templates, out);
}

/// The stack and buffer items some templates read alone, in their order:
/// s0, s1, b0, b1, b2, s2.
pub(super) fn items(s: &State) -> [usize; ITEMS] {
    let (s0, s1, s2) = (s.stack_at(0), s.stack_at(1), s.stack_at(2));
    let (b0, b1, b2) = (s.buffer_at(0), s.buffer_at(1), s.buffer_at(2));
    [s0, s1, b0, b1, b2, s2]
}

/// The items of [`items`].
pub(super) const ITEMS: usize = 6;

/// The templates of each of the [`items`] alone.
pub(super) const ITEM_TEMPLATES: [usize; ITEMS] = [4, 4, 4, 3, 1, 1];

/// The features of the templates of item `item` alone (see [`items`]),
/// word `i` (a position in `x`, the root or "no word" included) being that
/// item: the same in every state, so the fast parser sums them once a word.
pub(super) fn item_features(x: &Words, i: usize, item: usize, out: &mut Vec<u64>) {
    let (w, t, c) = (x.lower[i], x.tag[i], x.cluster[i]);
    match item {
        0 => out.extend([mix(0, &[w]), mix(1, &[t]), mix(2, &[w, t]), mix(3, &[c])]),
        1 => out.extend([mix(4, &[w]), mix(5, &[t]), mix(6, &[w, t]), mix(7, &[c])]),
        2 => out.extend([mix(8, &[w]), mix(9, &[t]), mix(10, &[w, t]), mix(11, &[c])]),
        3 => out.extend([mix(12, &[w]), mix(13, &[t]), mix(14, &[w, t])]),
        4 => out.push(mix(15, &[w, t])),
        _ => out.push(mix(16, &[t])),
    }
}

/// The transition features of state `s` but those of [`item_features`],
/// appended to `out`.
pub(super) fn pair_features(x: &Words, s: &State, templates: u128, out: &mut Vec<u64>) {
    let [s0, s1, b0, b1, b2, s2] = items(s);
    let kids = |w: usize| (w != NONE).then(|| s.children[w]);
    let child = |w: usize, side: usize, k: usize| {
        kids(w).map_or(NONE, |c| if side == 0 { c.left[k] } else { c.right[k] })
    };
    let (s0l, s0l2, s0r, s0r2) = (
        child(s0, 0, 0),
        child(s0, 0, 1),
        child(s0, 1, 0),
        child(s0, 1, 1),
    );
    let (s1l, s1r, b0l, b0l2) = (
        child(s1, 0, 0),
        child(s1, 1, 0),
        child(b0, 0, 0),
        child(b0, 0, 1),
    );
    let w = |i: usize| x.lower[x.at(i)];
    let t = |i: usize| x.tag[x.at(i)];
    let c = |i: usize| x.cluster[x.at(i)];
    let u = |i: usize| x.coarse[x.at(i)];
    let o = |i: usize| x.doubt[x.at(i)];
    let l = |i: usize| {
        if i == NONE || i >= s.n {
            0
        } else {
            u64::from(s.labels[i]) + 1
        }
    };
    let count = |w: usize, side: usize| kids(w).map_or(9, |c| u64::from(c.counts[side].min(6)));
    let set = |w: usize, side: usize| kids(w).map_or(0, |c| c.labels[side]);
    let d01 = distance(s0, b0);
    let before = |i: usize| {
        if i == NONE || i == 0 || i > s.n {
            NONE
        } else {
            i - 1
        }
    };
    let after = |i: usize| {
        if i == NONE || i + 1 >= s.n {
            NONE
        } else {
            i + 1
        }
    };
    let d = |k: u64, parts: &[u64]| mix(k, parts);
    // The rest of the fast parser's templates (FAST_TEMPLATES), then the
    // others.
    let core: [u64; CORE_TEMPLATES - ITEM_FEATURES] = [
        d(17, &[w(s0), t(s0), w(b0), t(b0)]),
        d(18, &[w(s0), t(s0), w(b0)]),
        d(19, &[w(s0), w(b0), t(b0)]),
        d(20, &[w(s0), t(s0), t(b0)]),
        d(21, &[t(s0), w(b0), t(b0)]),
        d(22, &[w(s0), w(b0)]),
        d(23, &[t(s0), t(b0)]),
        d(24, &[t(b0), t(b1)]),
        d(33, &[t(b0), t(b1), t(b2)]),
        d(34, &[t(s0), t(b0), t(b1)]),
        d(35, &[t(s1), t(s0), t(b0)]),
        d(36, &[t(s2), t(s1), t(s0)]),
        d(37, &[t(s0), t(s0l), t(b0)]),
        d(38, &[t(s0), t(s0r), t(b0)]),
        d(39, &[t(s0), t(b0), t(b0l)]),
        d(40, &[t(s1), t(s1r), t(s0)]),
        d(41, &[t(s1), t(s1l), t(s0)]),
        d(43, &[t(s0), d01]),
        d(46, &[t(s0), t(b0), d01]),
        d(49, &[t(s0), count(s0, 0), count(s0, 1)]),
        d(52, &[t(s0), l(s0l), l(s0r)]),
        d(54, &[t(b0), l(b0l), l(b0l2)]),
        d(87, &[u(s0), u(b0)]),
        d(88, &[u(s0), u(b0), u(b1)]),
    ];
    out.extend_from_slice(&core);
    if templates == FAST_TEMPLATES {
        return;
    }
    let rest: [u64; TEMPLATES - CORE_TEMPLATES] = [
        d(25, &[w(s0), w(s1)]),
        d(26, &[t(s0), t(s1)]),
        d(27, &[w(s0), t(s0), t(s1)]),
        d(28, &[t(s0), w(s1), t(s1)]),
        d(29, &[c(s0), c(b0)]),
        d(30, &[c(s0), t(b0)]),
        d(31, &[t(s0), c(b0)]),
        d(32, &[c(s0), c(s1)]),
        d(42, &[w(s0), d01]),
        d(44, &[w(b0), d01]),
        d(45, &[t(b0), d01]),
        d(47, &[t(s1), t(s0), distance(s1, s0)]),
        d(48, &[w(s0), count(s0, 0), count(s0, 1)]),
        d(50, &[w(b0), t(b0), count(b0, 0)]),
        d(51, &[t(s1), count(s1, 1)]),
        d(53, &[w(s0), l(s0l), l(s0r)]),
        d(55, &[t(s1), l(s1r), l(s1l)]),
        d(56, &[t(s0), set(s0, 0), set(s0, 1)]),
        d(57, &[t(b0), set(b0, 0)]),
        d(58, &[t(s0), t(s0l), t(s0l2)]),
        d(59, &[t(s0), t(s0r), t(s0r2)]),
        d(60, &[t(b0), t(b0l), t(b0l2)]),
        d(61, &[w(s0), t(s0), w(s1), t(s1), t(b0)]),
        d(62, &[w(s0l)]),
        d(63, &[t(s0l)]),
        d(64, &[l(s0l)]),
        d(65, &[w(s0r)]),
        d(66, &[t(s0r)]),
        d(67, &[l(s0r)]),
        d(68, &[w(b0l)]),
        d(69, &[t(b0l)]),
        d(70, &[l(b0l)]),
        d(71, &[w(s0l2), l(s0l2)]),
        d(72, &[w(s0r2), l(s0r2)]),
        d(73, &[w(b0l2), l(b0l2)]),
        d(74, &[w(s1r), t(s1r)]),
        d(75, &[l(s1r)]),
        d(76, &[w(s0), set(s0, 0)]),
        d(77, &[w(s0), set(s0, 1)]),
        d(78, &[w(b0), set(b0, 0)]),
        d(79, &[w(s1), t(s1), t(b0)]),
        d(80, &[t(s1), w(b0)]),
        d(81, &[w(s1), w(b0)]),
        d(82, &[w(s2), t(s2)]),
        d(83, &[t(before(b0)), t(b0)]),
        d(84, &[t(s0), t(after(s0))]),
        d(85, &[t(s0), t(after(s0)), t(before(b0)), t(b0)]),
        d(86, &[c(s1), c(s0), c(b0)]),
        d(89, &[u(s1), u(s0), u(b0)]),
        d(90, &[u(s0), w(b0)]),
        d(91, &[w(s0), u(b0)]),
        d(92, &[u(s0), u(s0l), u(b0)]),
        d(93, &[u(s0), u(s0r), u(b0)]),
        d(94, &[u(s1), u(s1r), u(s0)]),
        d(95, &[u(s0), u(b0), d01]),
        d(96, &[u(b0), u(b1), u(b2)]),
        d(97, &[u(s2), u(s1), u(s0)]),
        d(98, &[u(s0), u(b0), u(b0l)]),
        d(99, &[t(s0), o(s0)]),
        d(100, &[t(b0), o(b0)]),
        d(101, &[t(s0), o(s0), t(b0), o(b0)]),
        d(102, &[t(b0), o(b0), t(b1), o(b1)]),
    ];
    out.extend_from_slice(&rest);
}

/// The labeller's feature templates.
pub const LABEL_TEMPLATES: usize = 28;

/// The features for labelling the arc `head -> dep` in state `s`.
pub fn label_features(x: &Words, s: &State, head: usize, dep: usize, out: &mut Vec<u64>) {
    out.clear();
    let w = |i: usize| x.lower[x.at(i)];
    let t = |i: usize| x.tag[x.at(i)];
    let c = |i: usize| x.cluster[x.at(i)];
    let left = u64::from(dep < head) + 1;
    let dist = distance(head, dep);
    let dk = s.children[dep];
    let hk = s.children[head];
    let l = |i: usize| {
        if i == NONE {
            0
        } else {
            u64::from(s.labels[i]) + 1
        }
    };
    let before = if dep == 0 { NONE } else { dep - 1 };
    let after = if dep + 1 < s.n { dep + 1 } else { NONE };
    let d = |k: u64, parts: &[u64]| mix(100 + k, parts);
    let f: [u64; LABEL_TEMPLATES] = [
        d(0, &[left]),
        d(1, &[w(dep), left]),
        d(2, &[t(dep), left]),
        d(3, &[w(dep), t(dep)]),
        d(4, &[c(dep), left]),
        d(5, &[w(head), left]),
        d(6, &[t(head), left]),
        d(7, &[c(head), left]),
        d(8, &[t(dep), t(head), left]),
        d(9, &[w(dep), t(head), left]),
        d(10, &[t(dep), w(head), left]),
        d(11, &[w(dep), w(head), left]),
        d(12, &[t(dep), t(head), left, dist]),
        d(13, &[c(dep), c(head), left]),
        d(14, &[t(dep), l(dk.left[0]), w(dk.left[0])]),
        d(15, &[t(dep), l(dk.right[0])]),
        d(16, &[t(dep), dk.labels[0]]),
        d(17, &[t(dep), dk.labels[1]]),
        d(18, &[t(dep), t(head), hk.labels[0], left]),
        d(19, &[t(dep), t(head), hk.labels[1], left]),
        d(20, &[t(dep), t(before)]),
        d(21, &[t(dep), t(after)]),
        d(22, &[t(dep), w(dk.left[0]), w(dk.left[1])]),
        d(
            23,
            &[
                t(dep),
                t(head),
                u64::from(dk.counts[0]),
                u64::from(dk.counts[1]),
            ],
        ),
        d(24, &[w(dep), w(before)]),
        d(25, &[t(dep), t(head), w(dk.left[0])]),
        d(26, &[t(dep), t(head), l(hk.left[0]), l(hk.right[0]), left]),
        d(27, &[w(head), t(dep), hk.labels[0], left]),
    ];
    out.extend_from_slice(&f);
}

/// The shipped parser: transition and label weights, and label names.
pub struct Parser {
    /// Scores SHIFT, LEFT and RIGHT.
    pub transitions: Weights,
    /// Scores labels.
    pub labels: Weights,
    /// The labels' names; the root's is `root`.
    pub label_names: Vec<String>,
    /// The number of `root`.
    pub root: u8,
    /// The transition templates it reads (a bit a template).
    pub templates: u128,
}

impl Parser {
    /// Parses words whose tags are known: each word's head (0-based, `n`
    /// for the root) and label number.
    pub fn parse(&self, x: &Words) -> (Vec<usize>, Vec<u8>) {
        let mut s = State::new(x.n);
        let mut feats = Vec::with_capacity(TEMPLATES);
        let mut sums = [0i32; ACTIONS];
        let mut label_sums = vec![0i32; self.labels.classes()];
        while !s.done() {
            features(x, &s, self.templates, &mut feats);
            sums.fill(0);
            self.transitions.add(&feats, &mut sums);
            let action = best_valid(&s, &sums);
            let label = self.label(x, &s, action, &mut feats, &mut label_sums);
            s.apply(action, label);
        }
        (s.heads, s.labels)
    }

    pub(super) fn label(
        &self,
        x: &Words,
        s: &State,
        action: usize,
        features: &mut Vec<u64>,
        sums: &mut [i32],
    ) -> u8 {
        match s.arc(action) {
            Some((head, _)) if head == s.n => self.root,
            Some((head, dep)) => {
                label_features(x, s, head, dep, features);
                sums.fill(0);
                self.labels.add(features, sums);
                best_label(sums, self.root)
            }
            None => 0,
        }
    }
}

/// The best valid action by `sums`.
pub(super) fn best_valid<T: PartialOrd + Copy>(s: &State, sums: &[T]) -> usize {
    let mut best = None;
    for a in [SHIFT, LEFT, RIGHT] {
        if s.valid(a) && best.is_none_or(|b: usize| sums[a] > sums[b]) {
            best = Some(a);
        }
    }
    best.unwrap_or(SHIFT)
}

/// The best label but `root` (only the root's dependent has that).
pub(super) fn best_label<T: PartialOrd + Copy>(sums: &[T], root: u8) -> u8 {
    let mut best = usize::from(root == 0);
    for (c, v) in sums.iter().enumerate() {
        if c != usize::from(root) && *v > sums[best] {
            best = c;
        }
    }
    best as u8
}

/// A sentence to learn from: its words as the parser sees them (with
/// predicted tags), gold heads (`n` for the root) and gold labels.
pub struct Example {
    /// The words.
    pub words: Words,
    /// Gold heads.
    pub heads: Vec<usize>,
    /// Gold label numbers.
    pub labels: Vec<u8>,
}

/// The labeller being trained, with its scratch space: what greedy and beam
/// training share.
pub(super) struct LabelTrainer {
    trainer: Trainer,
    root: u8,
    feats: Vec<u64>,
    scores: Vec<f32>,
}

impl LabelTrainer {
    pub(super) fn new(label_names: &[String]) -> Self {
        LabelTrainer {
            trainer: Trainer::new(label_names.len()),
            root: label_names.iter().position(|l| l == "root").unwrap_or(0) as u8,
            feats: Vec::with_capacity(LABEL_TEMPLATES),
            scores: vec![0.0; label_names.len()],
        }
    }

    /// The label of the arc `action` makes in `s` (`root` for the root's
    /// arc, 0 for a shift): the best by the current weights. When `gold`
    /// gives the gold label of the arc `(head, dep)`, the labeller first
    /// learns from it. Gives the label guessed and that gold label.
    pub(super) fn label(
        &mut self,
        x: &Words,
        s: &State,
        action: usize,
        gold: impl FnOnce(usize, usize) -> Option<u8>,
    ) -> (u8, Option<u8>) {
        match s.arc(action) {
            Some((head, _)) if head == s.n => (self.root, None),
            Some((head, dep)) => {
                label_features(x, s, head, dep, &mut self.feats);
                self.trainer.score(&self.feats, &mut self.scores);
                let guessed = best_label(&self.scores, self.root);
                let gold = gold(head, dep);
                if let Some(g) = gold {
                    self.trainer
                        .update(&self.feats, usize::from(g), usize::from(guessed));
                    self.trainer.tick();
                }
                (guessed, gold)
            }
            None => (0, None),
        }
    }

    pub(super) fn averaged(self) -> Rows {
        self.trainer.averaged()
    }
}

/// Trains the parser for `epochs` passes: the first follows the oracle, later
/// ones follow the model's own choice nine times in ten. Gives the averaged
/// weights of the transitions and of the labels.
pub fn train(
    examples: &[Example],
    label_names: &[String],
    epochs: usize,
    seed: u64,
    templates: u128,
    mut progress: impl FnMut(usize, f64),
) -> (Rows, Rows) {
    let mut moves = Trainer::new(ACTIONS);
    let mut labeller = LabelTrainer::new(label_names);
    let mut rng = Rng(seed);
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut feats = Vec::with_capacity(TEMPLATES);
    let mut scores = [0f32; ACTIONS];
    for epoch in 0..epochs {
        rng.shuffle(&mut order);
        let (mut right, mut total) = (0usize, 0usize);
        for &e in &order {
            let ex = &examples[e];
            let mut s = State::new(ex.words.n);
            while !s.done() {
                features(&ex.words, &s, templates, &mut feats);
                moves.score(&feats, &mut scores);
                let guess = best_valid(&s, &scores);
                let costs = [SHIFT, LEFT, RIGHT].map(|a| s.valid(a).then(|| s.cost(a, &ex.heads)));
                let least = costs.iter().flatten().min().copied().unwrap_or(0);
                let mut gold = None;
                for a in [SHIFT, LEFT, RIGHT] {
                    if costs[a] == Some(least) && gold.is_none_or(|g: usize| scores[a] > scores[g])
                    {
                        gold = Some(a);
                    }
                }
                let gold = gold.unwrap_or(guess);
                if costs[guess] != Some(least) {
                    moves.update(&feats, gold, guess);
                }
                moves.tick();
                let explore = epoch > 0 && !rng.next().is_multiple_of(10);
                let action = if explore { guess } else { gold };
                let (label, gold) = labeller.label(&ex.words, &s, action, |head, dep| {
                    (ex.heads[dep] == head).then(|| ex.labels[dep])
                });
                if let Some(g) = gold {
                    right += usize::from(label == g);
                    total += 1;
                }
                s.apply(action, label);
            }
        }
        progress(epoch + 1, right as f64 / total.max(1) as f64);
    }
    (moves.averaged(), labeller.averaged())
}
