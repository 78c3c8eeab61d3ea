//! Training the tagger and the parser from treebanks.
//!
//! The parser learns from the tags the tagger predicts, not the gold ones,
//! so that it meets the same errors when it runs: the training sentences are
//! cut into folds, and each fold is tagged by a tagger trained on the others
//! (jackknifing). Everything is deterministic: the same treebanks and options
//! give a byte-identical model, whatever the machine.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::model::Model;
use super::parser::{self, Example, Parser, Words};
use super::pos;
use super::state::ACTIONS;
use super::treebank::{Tree, Word};
use super::weights::Weights;

/// How to train.
#[derive(Debug, Clone)]
pub struct Options {
    /// Passes over the data for the tagger.
    pub tagger_epochs: usize,
    /// Passes over the data for the parser.
    pub parser_epochs: usize,
    /// Folds for jackknifing the tags the parser learns from.
    pub folds: usize,
    /// Seed of the shuffles and of the exploration.
    pub seed: u64,
    /// Perceptrons trained (seeds `seed`, `seed + 1`, ...) and averaged into
    /// each of the shipped tagger and parser.
    pub models: usize,
    /// Weights smaller than this share of the largest are dropped.
    pub prune: f32,
    /// The same for the parser's weights, when not `prune` (the fast
    /// model's parser is pruned harder than its tagger).
    pub prune_parser: Option<f32>,
    /// Beam width for training the transitions (0: greedy, with the dynamic
    /// oracle).
    pub beam: usize,
    /// The transition templates of a greedy parser:
    /// [`ALL_TEMPLATES`](parser::ALL_TEMPLATES) or
    /// [`FAST_TEMPLATES`](parser::FAST_TEMPLATES) (a beam parser reads them all).
    pub templates: u128,
    /// Tag in two passes (the second sees the first's tags of the next
    /// words), or in one.
    pub second_pass: bool,
}

impl Options {
    /// The fast variant the extraction runs: one tagging pass and a greedy
    /// parser of [`FAST_TEMPLATES`](parser::FAST_TEMPLATES).
    pub fn fast(self) -> Options {
        Options {
            beam: 0,
            templates: parser::FAST_TEMPLATES,
            second_pass: false,
            ..self
        }
    }
}

impl Default for Options {
    fn default() -> Self {
        Options {
            tagger_epochs: 10,
            parser_epochs: 25,
            folds: 4,
            seed: 2026,
            models: 1,
            prune: 0.0,
            prune_parser: None,
            beam: 0,
            templates: parser::ALL_TEMPLATES,
            second_pass: true,
        }
    }
}

/// What training is doing, for a progress report.
#[derive(Debug, Clone, Copy)]
pub enum Progress {
    /// A pass of a tagger: the fold it leaves out (`None`: the final one).
    Tagger {
        /// The fold left out.
        fold: Option<usize>,
        /// The second pass?
        second: bool,
        /// 1-based.
        epoch: usize,
        /// Share of words tagged right before the update.
        accuracy: f64,
    },
    /// A pass of the parser.
    Parser {
        /// Which of the perceptrons, 1-based.
        model: usize,
        /// 1-based.
        epoch: usize,
        /// Share of gold arcs labelled right before the update.
        label_accuracy: f64,
    },
}

/// The classes of `trees`, most frequent first (ties by name), at most 254.
fn classes<'t>(items: impl Iterator<Item = &'t str>) -> Vec<String> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for i in items {
        *counts.entry(i).or_default() += 1;
    }
    let mut sorted: Vec<(&str, usize)> = counts.into_iter().collect();
    sorted.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    sorted
        .into_iter()
        .take(255)
        .map(|(s, _)| s.to_owned())
        .collect()
}

fn tag_name(w: &Word) -> String {
    format!("{}\t{}", w.upos, w.xpos)
}

/// Trains a model on `trees`.
pub fn train(trees: &[Tree], options: &Options, progress: impl Fn(Progress) + Sync) -> Model {
    let tag_names: Vec<String> = {
        let names: Vec<String> = trees
            .iter()
            .flat_map(|t| t.words.iter().map(tag_name))
            .collect();
        classes(names.iter().map(String::as_str))
    };
    let tag_index: HashMap<&str, usize> = tag_names
        .iter()
        .enumerate()
        .map(|(i, n)| (n.as_str(), i))
        .collect();
    let mut label_names = classes(
        trees
            .iter()
            .flat_map(|t| t.words.iter().map(|w| w.deprel.as_str())),
    );
    if !label_names.iter().any(|l| l == "root") {
        label_names.push("root".to_owned());
    }
    let label_index: HashMap<&str, usize> = label_names
        .iter()
        .enumerate()
        .map(|(i, n)| (n.as_str(), i))
        .collect();

    let sentences: Vec<(Vec<&str>, Vec<usize>)> = trees
        .iter()
        .map(|t| {
            let gold = t
                .words
                .iter()
                .map(|w| tag_index.get(tag_name(w).as_str()).copied().unwrap_or(0))
                .collect();
            (t.forms(), gold)
        })
        .collect();
    let folds = options.folds.max(2);
    let classes = tag_names.len();
    // A tagger trained on the sentences outside `fold` (all: `None`); a
    // second-pass one when `first` gives the first pass's tags.
    let tagger_of = |fold: Option<usize>, seed: u64, first: Option<&[Vec<usize>]>| {
        let inside = |i: &usize| fold.is_none_or(|f| i % folds != f);
        let chosen: Vec<(Vec<&str>, Vec<usize>)> = sentences
            .iter()
            .enumerate()
            .filter(|(i, _)| inside(i))
            .map(|(_, s)| s.clone())
            .collect();
        let firsts: Option<Vec<Vec<usize>>> = first.map(|f| {
            f.iter()
                .enumerate()
                .filter(|(i, _)| inside(i))
                .map(|(_, t)| t.clone())
                .collect()
        });
        pos::train(
            &chosen,
            firsts.as_deref(),
            classes,
            options.tagger_epochs,
            seed,
            |epoch, accuracy| {
                progress(Progress::Tagger {
                    fold,
                    second: first.is_some(),
                    epoch,
                    accuracy,
                })
            },
        )
    };
    // Each fold tagged by taggers that did not see it: first pass, then
    // second pass (which learns from the first pass's jackknifed tags).
    let fold_ids: Vec<usize> = (0..folds).collect();
    let no_second = Weights::combine(classes, &[], 0.0);
    let jackknife = |first: Option<&[Vec<usize>]>| {
        let mut predicted: Vec<Vec<usize>> = vec![Vec::new(); sentences.len()];
        let mut doubts: Vec<Vec<u64>> = vec![Vec::new(); sentences.len()];
        let taggers = in_pairs(&fold_ids, |f| tagger_of(Some(f), options.seed, first));
        for (f, rows) in fold_ids.iter().zip(taggers) {
            let weights = Weights::combine(classes, &[rows], 0.0);
            for (i, (words, _)) in sentences
                .iter()
                .enumerate()
                .filter(|(i, _)| i % folds == *f)
            {
                (predicted[i], doubts[i]) = match first {
                    Some(tags) => pos::tag_with(&weights, words, &tags[i]),
                    None => pos::tag_with_doubts(&weights, &no_second, words),
                };
            }
        }
        (predicted, doubts)
    };
    let (first_tags, first_doubts) = jackknife(None);
    let (predicted, doubts) = if options.second_pass {
        jackknife(Some(&first_tags))
    } else {
        (first_tags.clone(), first_doubts)
    };
    let seeds: Vec<u64> = (0..options.models.max(1) as u64)
        .map(|k| options.seed + k)
        .collect();
    let tagger = Weights::combine(
        classes,
        &in_pairs(&seeds, |seed| tagger_of(None, seed, None)),
        options.prune,
    );
    let second = if options.second_pass {
        Weights::combine(
            classes,
            &in_pairs(&seeds, |seed| tagger_of(None, seed, Some(&first_tags))),
            options.prune,
        )
    } else {
        no_second
    };
    let templates = if options.beam > 0 {
        parser::ALL_TEMPLATES
    } else {
        options.templates
    };

    let coarse = parser::coarse_classes(&tag_names);
    let examples: Vec<Example> = trees
        .iter()
        .zip(predicted.iter().zip(&doubts))
        .map(|(t, (tags, doubts))| {
            let n = t.words.len();
            Example {
                words: Words::new(&t.forms(), tags, &coarse, doubts),
                heads: t
                    .words
                    .iter()
                    .map(|w| if w.head == 0 { n } else { w.head - 1 })
                    .collect(),
                labels: t
                    .words
                    .iter()
                    .map(|w| label_index.get(w.deprel.as_str()).copied().unwrap_or(0) as u8)
                    .collect(),
            }
        })
        .collect();
    let runs = in_pairs(&seeds, |seed| {
        let report = |epoch, label_accuracy| {
            progress(Progress::Parser {
                model: (seed - options.seed) as usize + 1,
                epoch,
                label_accuracy,
            })
        };
        if options.beam > 0 {
            super::beam::train(
                &examples,
                &label_names,
                options.parser_epochs,
                seed,
                options.beam,
                report,
            )
        } else {
            parser::train(
                &examples,
                &label_names,
                options.parser_epochs,
                seed,
                templates,
                report,
            )
        }
    });
    let (moves, labels): (Vec<_>, Vec<_>) = runs.into_iter().unzip();
    let prune_parser = options.prune_parser.unwrap_or(options.prune);
    let root = label_names.iter().position(|l| l == "root").unwrap_or(0) as u8;
    Model {
        beam: options.beam,
        coarse,
        tags: tag_names,
        tagger,
        second,
        parser: Parser {
            transitions: Weights::combine(ACTIONS, &moves, prune_parser),
            labels: Weights::combine(label_names.len(), &labels, prune_parser),
            label_names,
            root,
            templates,
        },
    }
    .packed_if_fast()
}

/// `run` of each item, two at a time on threads, in the items' order.
fn in_pairs<I: Copy + Send + Sync, T: Send>(items: &[I], run: impl Fn(I) -> T + Sync) -> Vec<T> {
    let mut out = Vec::with_capacity(items.len());
    for pair in items.chunks(2) {
        let run = &run;
        out.extend(std::thread::scope(|scope| {
            let handles: Vec<_> = pair.iter().map(|&i| scope.spawn(move || run(i))).collect();
            handles
                .into_iter()
                .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
                .collect::<Vec<T>>()
        }));
    }
    out
}

/// The trees of `trees` whose document does not start with any of `exclude`,
/// and the documents left out.
pub fn without_documents(trees: Vec<Tree>, exclude: &[String]) -> (Vec<Tree>, BTreeSet<String>) {
    let mut left_out = BTreeSet::new();
    let kept = trees
        .into_iter()
        .filter(|t| {
            let out = exclude.iter().any(|p| t.doc.starts_with(p.as_str()));
            if out {
                left_out.insert(t.doc.clone());
            }
            !out
        })
        .collect();
    (kept, left_out)
}

#[cfg(test)]
mod tests {
    use super::super::treebank;
    use super::*;

    const TOY: &str = "1\tdogs\t_\tNOUN\tNNS\t_\t2\tnsubj\t_\t_\n2\tbark\t_\tVERB\tVBP\t_\t0\troot\t_\t_\n3\t.\t_\tPUNCT\t.\t_\t2\tpunct\t_\t_\n\n1\tcats\t_\tNOUN\tNNS\t_\t2\tnsubj\t_\t_\n2\tsleep\t_\tVERB\tVBP\t_\t0\troot\t_\t_\n3\tsoundly\t_\tADV\tRB\t_\t2\tadvmod\t_\t_\n4\t.\t_\tPUNCT\t.\t_\t2\tpunct\t_\t_\n\n";

    #[test]
    fn training_is_deterministic_and_learns_its_data() {
        let trees = treebank::parse(&TOY.repeat(6), "toy").unwrap();
        let options = Options {
            tagger_epochs: 5,
            parser_epochs: 5,
            ..Options::default()
        };
        let a = train(&trees, &options, |_| {});
        let b = train(&trees, &options, |_| {});
        assert_eq!(a.to_bytes(), b.to_bytes());
        let back = Model::from_bytes(&a.to_bytes()).unwrap();
        let score = back.evaluate(&trees);
        assert!(score.upos > 0.99 && score.las > 0.99, "{score:?}");
        let parsed = back.parse(&["dogs", "sleep", "."]);
        assert_eq!(parsed.iter().map(|w| w.head).collect::<Vec<_>>(), [2, 0, 2]);
        assert_eq!(parsed[0].deprel, "nsubj");
        assert!(Model::from_bytes(&a.to_bytes()[..20]).is_err());
    }

    #[test]
    fn a_beam_trained_model_learns_its_data_and_keeps_its_beam() {
        let trees = treebank::parse(&TOY.repeat(6), "toy").unwrap();
        let options = Options {
            tagger_epochs: 5,
            parser_epochs: 5,
            beam: 4,
            ..Options::default()
        };
        let model = train(&trees, &options, |_| {});
        let back = Model::from_bytes(&model.to_bytes()).unwrap();
        assert_eq!(back.beam, 4);
        let score = back.evaluate(&trees);
        assert!(score.uas > 0.99 && score.las > 0.99, "{score:?}");
    }

    #[test]
    fn the_fast_variant_tags_in_one_pass_and_reads_fewer_templates() {
        let trees = treebank::parse(&TOY.repeat(6), "toy").unwrap();
        let options = Options {
            tagger_epochs: 5,
            parser_epochs: 5,
            beam: 8,
            ..Options::default()
        }
        .fast();
        let model = train(&trees, &options, |_| {});
        assert_eq!(model.to_bytes(), train(&trees, &options, |_| {}).to_bytes());
        let back = Model::from_bytes(&model.to_bytes()).unwrap();
        assert_eq!(back.beam, 0);
        assert_eq!(back.second.features(), 0);
        assert_eq!(back.parser.templates, parser::FAST_TEMPLATES);
        assert_eq!(back.to_bytes(), model.to_bytes());
        let score = back.evaluate(&trees);
        assert!(score.upos > 0.99 && score.las > 0.99, "{score:?}");
        // A mask that is neither of the two is refused.
        let mut bytes = model.to_bytes();
        let at = bytes.len() - 16;
        bytes[at] ^= 0x80;
        assert!(Model::from_bytes(&bytes).is_err());
    }

    #[test]
    fn documents_are_left_out_by_prefix() {
        let mut trees = treebank::parse(TOY, "toy").unwrap();
        trees[1].doc = "GUM_news_x".into();
        let (kept, out) = without_documents(trees, &["GUM_news_".to_owned()]);
        assert_eq!(kept.len(), 1);
        assert_eq!(out.into_iter().collect::<Vec<_>>(), ["GUM_news_x"]);
    }
}
