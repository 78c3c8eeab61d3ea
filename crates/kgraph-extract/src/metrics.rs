//! Counts of true and false positives and false negatives, and the
//! precision, recall and F1 they give. A leaf: it imports nothing of kgraph's.

/// Counts and the scores they give.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Score {
    /// True positives.
    pub tp: usize,
    /// False positives.
    pub fp: usize,
    /// False negatives.
    pub fn_: usize,
}

impl Score {
    /// tp / (tp + fp), 0 when nothing was predicted.
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }
    /// tp / (tp + fn), 0 when nothing was expected.
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }
    /// The harmonic mean of precision and recall.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
    pub(crate) fn add(&mut self, other: Score) {
        self.tp += other.tp;
        self.fp += other.fp;
        self.fn_ += other.fn_;
    }
    /// The JSON form: counts and scores.
    pub fn json(&self) -> serde_json::Value {
        serde_json::json!({
            "tp": self.tp, "fp": self.fp, "fn": self.fn_,
            "precision": round(self.precision()), "recall": round(self.recall()), "f1": round(self.f1()),
        })
    }
}

pub(super) fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

pub(super) fn round(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}
