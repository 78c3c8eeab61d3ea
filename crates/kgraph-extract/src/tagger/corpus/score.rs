//! conlleval-style scoring of predicted spans against gold.

use std::collections::BTreeSet;

use super::types::{Label, Span};

/// conlleval-style entity-level exact-span scores.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct Score {
    /// Predicted spans that match a gold span exactly.
    pub true_positives: usize,
    /// Gold spans.
    pub gold: usize,
    /// Predicted spans.
    pub predicted: usize,
}

impl Score {
    /// The same counts as `kgraph eval` keeps them, which computes the scores.
    fn counts(&self) -> crate::metrics::Score {
        crate::metrics::Score {
            tp: self.true_positives,
            fp: self.predicted.saturating_sub(self.true_positives),
            fn_: self.gold.saturating_sub(self.true_positives),
        }
    }

    /// True positives over predicted spans; 0.0 without predictions.
    pub fn precision(&self) -> f64 {
        self.counts().precision()
    }

    /// True positives over gold spans; 0.0 without gold spans.
    pub fn recall(&self) -> f64 {
        self.counts().recall()
    }

    /// Harmonic mean of precision and recall; 0.0 when both are 0.
    pub fn f1(&self) -> f64 {
        self.counts().f1()
    }

    fn add(&mut self, gold: &BTreeSet<Span>, predicted: &BTreeSet<Span>) {
        self.true_positives += gold.intersection(predicted).count();
        self.gold += gold.len();
        self.predicted += predicted.len();
    }
}

/// The distinct spans of one sentence whose label passes `keep`.
fn span_set(spans: Option<&Vec<Span>>, keep: impl Fn(Label) -> bool) -> BTreeSet<Span> {
    spans
        .into_iter()
        .flatten()
        .filter(|s| keep(s.label))
        .copied()
        .collect()
}

/// Scores predicted spans against gold, sentence by sentence; a span counts as
/// correct only with identical first, end and label.
///
/// Returns the micro total over `labels` and one [`Score`] per label in
/// `labels` order. Spans whose label is not in `labels` are ignored on both
/// sides, and duplicate spans within a sentence count once. Both slices should
/// have the same length; a missing sentence on either side counts as empty.
pub fn score(
    gold: &[Vec<Span>],
    predicted: &[Vec<Span>],
    labels: &[Label],
) -> (Score, Vec<(Label, Score)>) {
    let mut total = Score::default();
    let mut per_label: Vec<(Label, Score)> =
        labels.iter().map(|&l| (l, Score::default())).collect();
    for i in 0..gold.len().max(predicted.len()) {
        let (g, p) = (gold.get(i), predicted.get(i));
        total.add(
            &span_set(g, |l| labels.contains(&l)),
            &span_set(p, |l| labels.contains(&l)),
        );
        for (label, score) in &mut per_label {
            let label = *label;
            score.add(&span_set(g, |l| l == label), &span_set(p, |l| l == label));
        }
    }
    (total, per_label)
}
