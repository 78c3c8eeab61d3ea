//! Beam search over arc-hybrid transitions with a globally trained
//! perceptron (Zhang and Clark 2008; Zhang and Nivre 2011): the `k` best
//! partial parses are kept at every step, scored by the sum of their
//! actions' scores, and training updates on the whole action sequence when
//! the gold one falls out of the beam (early update, Collins and Roark 2004).
//! Arcs are labelled as they are made, by the greedy labeller.

use crate::tagger::Rng;

use super::parser::{features, Example, LabelTrainer, Parser, Words, ALL_TEMPLATES, TEMPLATES};
use super::pos::Rows;
use super::state::{State, ACTIONS, LEFT, RIGHT, SHIFT};
use super::weights::Trainer;

/// A partial parse in the beam.
#[derive(Clone)]
struct Item {
    state: State,
    score: f64,
    actions: Vec<u8>,
}

/// Parses with a beam of `k`.
pub fn parse(parser: &Parser, x: &Words, k: usize) -> (Vec<usize>, Vec<u8>) {
    let mut beam = vec![Item {
        state: State::new(x.len()),
        score: 0.0,
        actions: Vec::new(),
    }];
    let mut feats = Vec::with_capacity(TEMPLATES);
    let mut label_sums = vec![0i32; parser.labels.classes()];
    let scale = f64::from(parser.transitions.scale());
    while !beam.iter().all(|i| i.state.done()) {
        let mut candidates = Vec::with_capacity(beam.len() * ACTIONS);
        for (b, item) in beam.iter().enumerate() {
            if item.state.done() {
                candidates.push((item.score, b, None));
                continue;
            }
            features(x, &item.state, parser.templates, &mut feats);
            let mut sums = [0i32; ACTIONS];
            parser.transitions.add(&feats, &mut sums);
            for a in [SHIFT, LEFT, RIGHT] {
                if item.state.valid(a) {
                    candidates.push((item.score + f64::from(sums[a]) * scale, b, Some(a)));
                }
            }
        }
        beam = best(candidates, k)
            .into_iter()
            .map(|(score, b, action)| {
                let mut item = beam[b].clone();
                if let Some(a) = action {
                    let label = parser.label(x, &item.state, a, &mut feats, &mut label_sums);
                    item.state.apply(a, label);
                    item.actions.push(a as u8);
                }
                item.score = score;
                item
            })
            .collect();
    }
    let top = beam.swap_remove(0);
    (top.state.heads, top.state.labels)
}

/// The `k` best candidates, best first; ties go to the earlier item and action.
fn best(
    mut candidates: Vec<(f64, usize, Option<usize>)>,
    k: usize,
) -> Vec<(f64, usize, Option<usize>)> {
    candidates.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    candidates.truncate(k);
    candidates
}

/// The gold action sequence of a projective tree (`None` for a tree the
/// transitions cannot build).
fn oracle(heads: &[usize]) -> Option<Vec<usize>> {
    let mut s = State::new(heads.len());
    let mut actions = Vec::new();
    while !s.done() {
        let a = [LEFT, RIGHT, SHIFT]
            .into_iter()
            .find(|&a| s.valid(a) && s.cost(a, heads) == 0)?;
        s.apply(a, 0);
        actions.push(a);
    }
    (s.heads == heads).then_some(actions)
}

/// Trains the transitions with a beam of `k` and the labeller along the gold
/// sequences, for `epochs` passes.
pub fn train(
    examples: &[Example],
    label_names: &[String],
    epochs: usize,
    seed: u64,
    k: usize,
    mut progress: impl FnMut(usize, f64),
) -> (Rows, Rows) {
    let root = label_names.iter().position(|l| l == "root").unwrap_or(0) as u8;
    let mut moves = Trainer::new(ACTIONS);
    let mut labeller = LabelTrainer::new(label_names);
    let mut rng = Rng(seed);
    let golds: Vec<Option<Vec<usize>>> = examples.iter().map(|e| oracle(&e.heads)).collect();
    let mut order: Vec<usize> = (0..examples.len())
        .filter(|&i| golds[i].is_some())
        .collect();
    let mut feats = Vec::with_capacity(TEMPLATES);
    for epoch in 0..epochs {
        rng.shuffle(&mut order);
        let mut full = 0usize;
        for &e in &order {
            let (ex, gold) = (&examples[e], golds[e].as_deref().unwrap_or(&[]));
            // The labeller learns along the gold sequence, with gold labels.
            let mut s = State::new(ex.words.len());
            for &a in gold {
                let (guessed, gold) =
                    labeller.label(&ex.words, &s, a, |_, dep| Some(ex.labels[dep]));
                s.apply(a, gold.unwrap_or(guessed));
            }
            // The transitions: beam search until the gold prefix falls out.
            let mut beam = vec![Item {
                state: State::new(ex.words.len()),
                score: 0.0,
                actions: Vec::new(),
            }];
            let mut step = 0;
            let mut violation = None;
            while step < gold.len() {
                let mut candidates = Vec::new();
                for (b, item) in beam.iter().enumerate() {
                    features(&ex.words, &item.state, ALL_TEMPLATES, &mut feats);
                    let mut scores = [0f32; ACTIONS];
                    moves.score(&feats, &mut scores);
                    for a in [SHIFT, LEFT, RIGHT] {
                        if item.state.valid(a) {
                            candidates.push((item.score + f64::from(scores[a]), b, Some(a)));
                        }
                    }
                }
                let kept = best(candidates, k);
                let gold_prefix = |b: usize, a: usize| {
                    beam[b].actions.len() == step
                        && beam[b]
                            .actions
                            .iter()
                            .map(|&x| usize::from(x))
                            .eq(gold[..step].iter().copied())
                        && a == gold[step]
                };
                let gold_kept = kept
                    .iter()
                    .any(|&(_, b, a)| a.is_some_and(|a| gold_prefix(b, a)));
                let next: Vec<Item> = kept
                    .into_iter()
                    .map(|(score, b, action)| {
                        let mut item = beam[b].clone();
                        if let Some(a) = action {
                            let (label, _) = labeller.label(&ex.words, &item.state, a, |_, _| None);
                            item.state.apply(a, label);
                            item.actions.push(a as u8);
                        }
                        item.score = score;
                        item
                    })
                    .collect();
                step += 1;
                beam = next;
                if !gold_kept {
                    violation = Some(step);
                    break;
                }
            }
            let best_item = &beam[0];
            let wrong = violation.is_some()
                || best_item
                    .actions
                    .iter()
                    .map(|&x| usize::from(x))
                    .ne(gold.iter().copied());
            if wrong {
                let upto = violation.unwrap_or(gold.len());
                // Replay both sequences, +1 along the gold one, -1 along the best.
                replay(
                    &ex.words,
                    &gold[..upto],
                    &ex.labels,
                    root,
                    &mut moves,
                    1.0,
                    &mut feats,
                );
                let predicted: Vec<usize> =
                    best_item.actions.iter().map(|&x| usize::from(x)).collect();
                replay(
                    &ex.words,
                    &predicted,
                    &best_item.state.labels,
                    root,
                    &mut moves,
                    -1.0,
                    &mut feats,
                );
            } else {
                full += 1;
            }
            moves.tick();
        }
        progress(epoch + 1, full as f64 / order.len().max(1) as f64);
    }
    (moves.averaged(), labeller.averaged())
}

/// Walks `actions` from the start, nudging each action's features by
/// `delta`; each arc gets its dependent's label in `labels`.
fn replay(
    words: &Words,
    actions: &[usize],
    labels: &[u8],
    root: u8,
    moves: &mut Trainer,
    delta: f32,
    feats: &mut Vec<u64>,
) {
    let mut s = State::new(words.len());
    for &a in actions {
        features(words, &s, ALL_TEMPLATES, feats);
        moves.nudge(feats, a, delta);
        let label = match s.arc(a) {
            Some((head, _)) if head == s.n => root,
            Some((_, dep)) => labels[dep],
            None => 0,
        };
        s.apply(a, label);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_oracle_builds_projective_trees_and_refuses_crossing_ones() {
        // "Acme officials met the minister in Paris ." (root = 8).
        let gold = [1, 2, 8, 4, 2, 6, 2, 2];
        let actions = oracle(&gold).unwrap();
        assert_eq!(actions.len(), 2 * gold.len());
        let mut s = State::new(gold.len());
        for a in actions {
            s.apply(a, 0);
        }
        assert_eq!(s.heads, gold);
        // 0 -> 2 and 1 -> 3 cross.
        assert!(oracle(&[2, 3, 4, 2]).is_none());
    }

    #[test]
    fn the_beam_keeps_the_best_candidates_in_a_fixed_order() {
        let kept = best(
            vec![
                (1.0, 0, Some(SHIFT)),
                (3.0, 1, Some(LEFT)),
                (3.0, 0, Some(RIGHT)),
                (2.0, 1, None),
            ],
            3,
        );
        assert_eq!(
            kept,
            [(3.0, 0, Some(RIGHT)), (3.0, 1, Some(LEFT)), (2.0, 1, None)]
        );
    }
}
