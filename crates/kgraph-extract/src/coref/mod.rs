//! Coreference: which mentions of a document refer to the same entity. In
//! kgraph these are the pronouns ("she", "its") and nominal mentions ("the
//! minister", "the city") linked to the document's entities, beside the
//! names that `entities` already groups.
//!
//! This module holds the gold side and the scores: [`gold`] reads documents
//! with coreference chains from CoNLL-U in the GUM / CorefUD format, and
//! [`score`] scores predicted chains against them with MUC, B³, CEAF-e and
//! the CoNLL F1, as the CorefUD scorer does. The resolver comes later.

pub mod gold;
pub mod score;
