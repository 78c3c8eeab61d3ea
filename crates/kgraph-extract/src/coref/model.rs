//! The shipped resolver: the weights of the mention-ranking perceptron, the
//! margin a link must clear and the candidate window, in one file,
//! `data/coref.model`, embedded in the program.

use std::sync::OnceLock;

use super::mentions::Kind;
use crate::syntax::weights::{take, take_u32, Weights};

/// A trained resolver.
pub struct Model {
    /// The perceptron: one class, the score of a choice.
    pub(crate) weights: Weights,
    /// A link is made only when its score beats starting a new entity by
    /// more than this: one threshold for pronouns, nominal mentions and
    /// names (in the order of [`Kind`]).
    pub thresholds: [f32; 3],
    /// How many earlier mentions an anaphor considers (besides earlier
    /// mentions with its head word).
    pub window: usize,
}

/// Why a model file could not be read.
#[derive(Debug, thiserror::Error)]
#[error("not a kgraph coreference model (or a damaged one)")]
pub struct ModelError;

const MAGIC: &[u8; 8] = b"KGCOREF2";

impl Model {
    /// The model built into the program (`data/coref.model`).
    pub fn shipped() -> &'static Model {
        static MODEL: OnceLock<Model> = OnceLock::new();
        MODEL.get_or_init(|| {
            Model::from_bytes(include_bytes!("../../../../data/coref.model"))
                .unwrap_or_else(|_| Model::empty())
        })
    }

    /// A model that links nothing.
    pub fn empty() -> Model {
        Model {
            weights: Weights::combine(1, &[], 0.0),
            thresholds: [f32::INFINITY; 3],
            window: 0,
        }
    }

    /// Is this model trained?
    pub fn is_trained(&self) -> bool {
        self.weights.features() > 0
    }

    /// The threshold of an anaphor of kind `kind`.
    pub fn threshold(&self, kind: Kind) -> f32 {
        self.thresholds[kind as usize]
    }

    /// Features with a weight.
    pub fn features(&self) -> usize {
        self.weights.features()
    }

    /// The score of a choice with these features.
    pub(crate) fn score(&self, hashes: &[u64]) -> f32 {
        let mut sum = [0i32];
        self.weights.add(hashes, &mut sum);
        sum[0] as f32 * self.weights.scale()
    }

    /// The model as bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = MAGIC.to_vec();
        for t in self.thresholds {
            out.extend(t.to_le_bytes());
        }
        out.extend((self.window as u32).to_le_bytes());
        self.weights.write(&mut out);
        out
    }

    /// Reads a model written by [`Model::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Model, ModelError> {
        let mut b = bytes;
        if take::<8>(&mut b).as_ref() != Some(MAGIC) {
            return Err(ModelError);
        }
        let mut thresholds = [0f32; 3];
        for t in &mut thresholds {
            *t = f32::from_le_bytes(take::<4>(&mut b).ok_or(ModelError)?);
        }
        let window = take_u32(&mut b).ok_or(ModelError)? as usize;
        let weights = Weights::read(&mut b).ok_or(ModelError)?;
        if !b.is_empty()
            || weights.classes() != 1
            || window > 10_000
            || thresholds.iter().any(|t| t.is_nan())
        {
            return Err(ModelError);
        }
        Ok(Model {
            weights,
            thresholds,
            window,
        })
    }
}
