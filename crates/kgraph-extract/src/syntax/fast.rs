//! The fast model's greedy parse: what [`Parser::parse`] does, with the
//! templates that read one stack or buffer item alone (17 of the 41 fast
//! ones: the word, tag and cluster of s0, s1, b0, ...) summed once a word
//! and sentence, not once a state. A sentence of `n` words takes `2n`
//! states, so those look-ups go from 34 a word to 17 (of the transitions' 82
//! a word, a fifth saved); the sums are integers, so the parse is the same.

use super::parser::{
    best_valid, item_features, items, pair_features, Parser, Words, FAST_TEMPLATES, ITEMS,
    ITEM_TEMPLATES, TEMPLATES,
};
use super::state::{State, ACTIONS};

/// Parses words whose tags are known with a parser of [`FAST_TEMPLATES`]:
/// each word's head (0-based, `n` for the root) and label number.
pub fn parse(parser: &Parser, x: &Words) -> (Vec<usize>, Vec<u8>) {
    debug_assert_eq!(parser.templates, FAST_TEMPLATES);
    // Every word (the root and "no word" too) in every item's place.
    let words = x.len() + 2;
    let mut feats = Vec::with_capacity(words * ITEM_TEMPLATES.iter().sum::<usize>());
    for w in 0..words {
        for item in 0..ITEMS {
            item_features(x, w, item, &mut feats);
        }
    }
    let mut each = vec![0i32; feats.len() * ACTIONS];
    parser.transitions.add_each(&feats, &mut each);
    let mut blocks = each.chunks(ACTIONS);
    let mut item_sums = vec![[0i32; ACTIONS]; words * ITEMS];
    for (k, sums) in item_sums.iter_mut().enumerate() {
        for block in blocks.by_ref().take(ITEM_TEMPLATES[k % ITEMS]) {
            for (s, w) in sums.iter_mut().zip(block) {
                *s += w;
            }
        }
    }

    let mut s = State::new(x.len());
    feats.clear();
    feats.reserve(TEMPLATES);
    let mut label_sums = vec![0i32; parser.labels.classes()];
    while !s.done() {
        let mut sums = [0i32; ACTIONS];
        for (item, w) in items(&s).into_iter().enumerate() {
            for (s, v) in sums.iter_mut().zip(item_sums[x.at(w) * ITEMS + item]) {
                *s += v;
            }
        }
        feats.clear();
        pair_features(x, &s, FAST_TEMPLATES, &mut feats);
        parser.transitions.add(&feats, &mut sums);
        let action = best_valid(&s, &sums);
        let label = parser.label(x, &s, action, &mut feats, &mut label_sums);
        s.apply(action, label);
    }
    (s.heads, s.labels)
}
