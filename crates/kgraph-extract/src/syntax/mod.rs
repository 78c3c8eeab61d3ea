//! Syntax: a part-of-speech tagger and a dependency parser producing
//! Universal Dependencies trees.
//!
//! Both are averaged perceptrons over hashed features, trained by
//! `kgraph train-parser` (see `scripts/train_parser.sh`) on UD English-EWT
//! and GUM, and shipped inside the binary ([`Model::shipped`]):
//!
//! - [`pos`]: greedy left-to-right tagging with (UPOS, XPOS) pairs as classes;
//! - [`state`]: the arc-hybrid transition system and its dynamic oracle;
//! - [`parser`]: the transition and label perceptrons, greedy parsing and its
//!   training with the dynamic oracle;
//! - [`beam`]: beam search and its global training (the shipped parser);
//! - `fast`: the fast model's greedy parse, the templates of one stack or
//!   buffer item summed once a word; `packed`: its weight tables, packed so
//!   that a look-up reads one pair of cache lines;
//! - [`parse()`]: a document's [`Text`](crate::Text) split into the
//!   treebanks' words and parsed, sentence by sentence ([`Parses`]), as the
//!   extraction pipeline keeps it;
//! - [`treebank`]: reading and writing CoNLL-U; [`eval`]: UPOS, UAS and LAS
//!   as the CoNLL 2018 shared task scores them.

pub mod beam;
mod document;
pub mod eval;
mod fast;
mod model;
mod packed;
pub mod parser;
pub mod pos;
pub mod state;
pub mod train;
pub mod treebank;
pub(crate) mod weights;

pub use document::{parse, words, ParsedWord, Parses, Parsing, PRONOUNS};
pub use eval::{ParseScore, Tally};
pub use model::{Analysis, Model, ModelError};
pub use train::{train, Options, Progress};
pub use treebank::{Tree, TreebankError, Word};
