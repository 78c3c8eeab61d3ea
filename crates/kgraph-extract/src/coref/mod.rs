//! Coreference: which mentions of a document refer to the same entity. In
//! kgraph these are the pronouns ("she", "its") and nominal mentions ("the
//! minister", "the city") linked to the document's entities, beside the
//! names that `entities` already groups.
//!
//! - [`gold`] reads documents with coreference chains from CoNLL-U in the
//!   GUM / CorefUD format, and [`score`] scores predicted chains against
//!   them with MUC, B³, CEAF-e and the CoNLL F1, as the CorefUD scorer does.
//! - [`mentions`] finds the candidate mentions of a parsed sentence;
//!   [`features`] describes a mention starting a new entity or referring to
//!   an earlier one; [`model`] holds the trained weights (shipped in the
//!   program); [`resolve`](mod@resolve) links the mentions; [`train`] trains the model.
//!
//! The entry point for extraction is [`resolve()`]:
//!
//! ```text
//! pub fn resolve(model: &Model, sentences: &[Vec<Word>], known: &[Known]) -> Vec<Link>
//! ```
//!
//! `sentences` are the document's parsed sentences, as
//! [`crate::syntax::Model::parse`] gives them; `known` are the names the
//! extractor found ([`Known`]: sentence, word span, head word, type). Known
//! mentions replace the detected name mentions they cover and are
//! antecedents like any mention. Each [`Link`] says which pronoun or nominal
//! mention (sentence and word span) refers to which earlier mention, the
//! known mention its entity starts with (`known`, when there is one), the
//! kind (`Pronoun` or `Nominal`), a confidence and the features that weighed
//! most. [`Model::shipped`] is the built-in model.
//!
//! The pipeline calls [`join()`]: it resolves the parsed sentences with the
//! entity stage's typed names as the known mentions, and joins each pronoun
//! or noun phrase that reaches one to its entity as a mention (rules
//! `coref:pronoun`, `coref:nominal`), before the relation and action stages.

pub mod agreement;
pub mod features;
pub mod gold;
mod join;
pub mod keys;
pub mod mentions;
pub mod model;
pub mod resolve;
pub mod score;
pub mod train;

pub use join::{join, rule, Joined};
pub use mentions::EntityKind;
pub use model::{Model, ModelError};
pub use resolve::{resolve, resolve_in, Known, Link, LinkKind, Place, Scope};
