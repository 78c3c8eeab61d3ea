//! A statistical named-entity tagger for the names no rule has seen.
//!
//! An averaged structured perceptron (Collins 2002) over BILOU tags for PER,
//! ORG, LOC and EVENT, with first-order Viterbi decoding and hashed features
//! (word, neighbours, shapes, affixes, sentence position, gazetteer and lexicon
//! membership). `kgraph train` builds it from UNER, GUM and CrossNER corpora;
//! the shipped model is embedded in the binary ([`Model::shipped`]). The
//! mention stage combines its spans with the rules' (see
//! [`crate::mentions`]).

mod cache;
pub mod corpus;
pub(crate) mod features;
pub(crate) use features::{capitalized_tenths, hash, mix, own_hashes, OwnHashes};
mod model;
mod train;

pub use corpus::{Label, Score, Sentence, Span};
pub use model::{Model, ModelError, Tagged};
pub(crate) use train::Rng;
pub use train::{train, Epoch, Options};

/// Tags every sentence of a corpus with `model`: the predicted spans, sentence
/// by sentence.
pub fn predict(model: &Model, sentences: &[Sentence]) -> Vec<Vec<Span>> {
    sentences
        .iter()
        .map(|s| {
            let words: Vec<&str> = s.words.iter().map(String::as_str).collect();
            model.tag(&words).into_iter().map(|t| t.span).collect()
        })
        .collect()
}

/// Scores `model` on a corpus: micro over PER, ORG and LOC (and EVENT when the
/// corpus has any), and per label.
pub fn evaluate(model: &Model, sentences: &[Sentence]) -> (Score, Vec<(Label, Score)>) {
    let gold: Vec<Vec<Span>> = sentences.iter().map(|s| s.spans.clone()).collect();
    let predicted = predict(model, sentences);
    let has_events = gold.iter().flatten().any(|s| s.label == Label::Event);
    let labels: &[Label] = if has_events {
        &Label::ALL
    } else {
        &[Label::Per, Label::Org, Label::Loc]
    };
    corpus::score(&gold, &predicted, labels)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_model_loads_and_tags_a_known_sentence() {
        let bytes = include_bytes!("../../../../data/tagger.model");
        let model = Model::from_bytes(bytes).unwrap();
        assert!(model.features() > 50_000, "{} features", model.features());
        assert_eq!(Model::shipped().features(), model.features());
        let words = [
            "Opposition",
            "leader",
            "María",
            "Corina",
            "Machado",
            "spoke",
            "to",
            "reporters",
            "in",
            "Caracas",
            "on",
            "Monday",
            ".",
        ];
        let found: Vec<(Label, String)> = model
            .tag(&words)
            .into_iter()
            .map(|t| (t.span.label, words[t.span.first..t.span.end].join(" ")))
            .collect();
        assert!(
            found.contains(&(Label::Per, "María Corina Machado".to_owned())),
            "{found:?}"
        );
        assert!(
            found.contains(&(Label::Loc, "Caracas".to_owned())),
            "{found:?}"
        );
        assert!(model
            .tag(&words)
            .iter()
            .all(|t| (0.5..=1.0).contains(&t.confidence)));
    }
}
