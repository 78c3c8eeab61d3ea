//! The relation classifier's model: the perceptron's weights, the
//! confidence function and the per-property thresholds, read from and
//! written to bytes (`data/relations.model`).

use std::sync::OnceLock;

use crate::schema::{EntityType, Property};
use crate::syntax::weights::{take, take_u32, Weights};

use super::classes::{admits, CLASSES, PROPERTIES};
use super::features::Candidate;

/// A trained classifier.
pub struct Model {
    pub(crate) weights: Weights,
    /// The logistic function of the margin: confidence = 1 / (1 + e^-(a m + b)).
    pub platt: (f32, f32),
    /// The least confidence of a relation of each class (class 0 unused).
    pub thresholds: [f32; CLASSES],
}

/// Why a model file could not be read.
#[derive(Debug, thiserror::Error)]
#[error("not a kgraph relation model (or a damaged one)")]
pub struct ModelError;

const MAGIC: &[u8; 8] = b"KGRELAT1";

/// What the classifier says of a candidate.
#[derive(Debug, Clone, PartialEq)]
pub struct Prediction {
    /// The property.
    pub property: Property,
    /// The confidence, in (0, 1).
    pub confidence: f32,
    /// The margin of the property's score over "no relation".
    pub margin: f32,
}

impl Model {
    /// The model built into the program (`data/relations.model`).
    pub fn shipped() -> &'static Model {
        static MODEL: OnceLock<Model> = OnceLock::new();
        MODEL.get_or_init(|| {
            Model::from_bytes(include_bytes!("../../../../../data/relations.model"))
                .unwrap_or_else(|_| Model::empty())
        })
    }

    /// A model that finds nothing.
    pub fn empty() -> Model {
        Model {
            weights: Weights::combine(CLASSES, &[], 0.0),
            platt: (1.0, 0.0),
            thresholds: [f32::INFINITY; CLASSES],
        }
    }

    /// Is this model trained?
    pub fn is_trained(&self) -> bool {
        self.weights.features() > 0
    }

    /// Features with a weight.
    pub fn features(&self) -> usize {
        self.weights.features()
    }

    /// The scores of each class for these features.
    fn scores(&self, hashes: &[u64]) -> [f32; CLASSES] {
        let mut sums = [0i32; CLASSES];
        self.weights.add(hashes, &mut sums);
        sums.map(|s| s as f32 * self.weights.scale())
    }

    /// The best class the types admit (0: no relation), and its margin over
    /// class 0.
    pub fn classify(&self, hashes: &[u64], s: EntityType, o: EntityType) -> (usize, f32) {
        let scores = self.scores(hashes);
        let mut best = (0, scores[0]);
        for (k, &p) in PROPERTIES.iter().enumerate() {
            if admits(p, s, o) && scores[k + 1] > best.1 {
                best = (k + 1, scores[k + 1]);
            }
        }
        (best.0, best.1 - scores[0])
    }

    /// The confidence of a margin.
    pub fn confidence(&self, margin: f32) -> f32 {
        1.0 / (1.0 + (-(self.platt.0 * margin + self.platt.1)).exp())
    }

    /// The relation the model finds for a candidate, if any clears its
    /// property's threshold.
    pub fn predict(&self, hashes: &[u64], s: EntityType, o: EntityType) -> Option<Prediction> {
        let (class, margin) = self.classify(hashes, s, o);
        if class == 0 {
            return None;
        }
        let confidence = self.confidence(margin);
        (confidence >= self.thresholds[class]).then(|| Prediction {
            property: PROPERTIES[class - 1],
            confidence,
            margin,
        })
    }

    /// The features of `c` that weighed most for `property` against no
    /// relation, with their weights (largest first, at most `n`).
    pub fn explain(&self, c: &Candidate, property: Property, n: usize) -> Vec<(String, f32)> {
        let Some(k) = PROPERTIES.iter().position(|&p| p == property) else {
            return Vec::new();
        };
        let mut top: Vec<(String, f32)> = c
            .names
            .iter()
            .zip(&c.hashes)
            .map(|(name, &h)| {
                let s = self.scores(&[h]);
                (name.clone(), s[k + 1] - s[0])
            })
            .filter(|(_, w)| *w != 0.0)
            .collect();
        top.sort_by(|x, y| y.1.abs().total_cmp(&x.1.abs()).then(x.0.cmp(&y.0)));
        top.truncate(n);
        top
    }

    /// The model as bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = MAGIC.to_vec();
        out.extend((CLASSES as u32).to_le_bytes());
        out.extend(self.platt.0.to_le_bytes());
        out.extend(self.platt.1.to_le_bytes());
        for t in self.thresholds {
            out.extend(t.to_le_bytes());
        }
        self.weights.write(&mut out);
        out
    }

    /// Reads a model written by [`Model::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Model, ModelError> {
        let mut b = bytes;
        if take::<8>(&mut b).as_ref() != Some(MAGIC) {
            return Err(ModelError);
        }
        if take_u32(&mut b) != Some(CLASSES as u32) {
            return Err(ModelError);
        }
        let mut float = || take::<4>(&mut b).map(f32::from_le_bytes).ok_or(ModelError);
        let platt = (float()?, float()?);
        let mut thresholds = [0f32; CLASSES];
        for t in &mut thresholds {
            *t = float()?;
        }
        let weights = Weights::read(&mut b).ok_or(ModelError)?;
        if !b.is_empty()
            || weights.classes() != CLASSES
            || platt.0.is_nan()
            || platt.1.is_nan()
            || thresholds.iter().any(|t| t.is_nan())
        {
            return Err(ModelError);
        }
        Ok(Model {
            weights,
            platt,
            thresholds,
        })
    }
}
