//! The arguments of the commands that train and score kgraph's models:
//! the name tagger, the tagger and parser, and the coreference resolver.

use std::path::PathBuf;

use super::values::{at_least_one, StatsFormat};

/// The arguments of `kgraph coref-eval`.
#[derive(clap::Args)]
pub(crate) struct CorefEvalArgs {
    /// CoNLL-U files with `Entity=` coreference (.gz read transparently).
    #[arg(long, required = true)]
    pub(crate) corpus: Vec<PathBuf>,
    /// A model file written by `kgraph train-coref` (default: the built-in model).
    #[arg(long)]
    pub(crate) model: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = StatsFormat::Table)]
    pub(crate) format: StatsFormat,
    /// Also write the predicted entities (two mentions or more) as CoNLL-U with
    /// `Entity=` brackets in MISC, beside the predicted parse (all corpora, in
    /// order), for another scorer to read.
    #[arg(long)]
    pub(crate) output: Option<PathBuf>,
    /// Also write the gold and predicted clusters as JSON, to PREFIX.gold.json
    /// and PREFIX.predicted.json (the input of scripts/check_coref_scores.py).
    #[arg(long, value_name = "PREFIX")]
    pub(crate) clusters: Option<PathBuf>,
}

/// The arguments of `kgraph train-coref`.
#[derive(clap::Args)]
pub(crate) struct TrainCorefArgs {
    /// CoNLL-U files with `Entity=` coreference (.gz read transparently), used
    /// in the order given.
    #[arg(long, required = true)]
    pub(crate) corpus: Vec<PathBuf>,
    /// Where to write the model.
    #[arg(long, short)]
    pub(crate) output: PathBuf,
    /// Leave out documents whose id starts with this (repeatable).
    #[arg(long)]
    pub(crate) exclude_doc: Vec<String>,
    /// Development files: the link threshold is chosen on them (else it is 0);
    /// --exclude-doc applies to them too.
    #[arg(long)]
    pub(crate) dev: Vec<PathBuf>,
    /// Passes over the documents.
    #[arg(long, default_value_t = kgraph_extract::coref::train::Options::default().epochs)]
    pub(crate) epochs: usize,
    /// Seed of the document order.
    #[arg(long, default_value_t = kgraph_extract::coref::train::Options::default().seed)]
    pub(crate) seed: u64,
    /// Perceptrons to train (seeds SEED, SEED+1, ...) and average.
    #[arg(long, default_value_t = kgraph_extract::coref::train::Options::default().models)]
    pub(crate) models: usize,
    /// Earlier mentions an anaphor considers (besides those sharing its head word).
    #[arg(long, default_value_t = kgraph_extract::coref::train::Options::default().window)]
    pub(crate) window: usize,
    /// Drop weights smaller than this share of the largest weight.
    #[arg(long, default_value_t = kgraph_extract::coref::train::Options::default().prune)]
    pub(crate) prune: f32,
    /// Training cost of linking a mention that starts a new entity.
    #[arg(long, default_value_t = kgraph_extract::coref::train::Options::default().false_link)]
    pub(crate) false_link: f32,
    /// Training cost of starting a new entity with a mention that has an antecedent.
    #[arg(long, default_value_t = kgraph_extract::coref::train::Options::default().false_new)]
    pub(crate) false_new: f32,
    /// Training cost of linking a mention to the wrong entity.
    #[arg(long, default_value_t = kgraph_extract::coref::train::Options::default().wrong_link)]
    pub(crate) wrong_link: f32,
    /// Folds of the training documents: the thresholds are chosen on the
    /// development files and on each fold, scored by a model trained without it
    /// (1: on the development files only).
    #[arg(long, default_value_t = 5)]
    pub(crate) folds: usize,
    /// The threshold is the highest whose development CoNLL F1 is within this of the best.
    #[arg(long, default_value_t = 0.002)]
    pub(crate) slack: f64,
    /// Score the trained model on these files afterwards.
    #[arg(long)]
    pub(crate) test: Vec<PathBuf>,
}

/// The arguments of `kgraph parse`.
#[derive(clap::Args)]
pub(crate) struct ParseArgs {
    /// The text to parse (plain text, HTML or Markdown), or - for standard input.
    pub(crate) input: PathBuf,
    /// A model file written by `kgraph train-parser` (default: the built-in model).
    #[arg(long)]
    pub(crate) model: Option<PathBuf>,
    /// Parse with a beam of this many states (1: greedy; default: the
    /// model's own, 8 for the built-in model). Narrower is faster and less accurate.
    #[arg(long)]
    pub(crate) beam: Option<usize>,
    /// Use the built-in fast model, the one `extract` parses with (one
    /// tagging pass, a greedy parser of 41 templates).
    #[arg(long, conflicts_with = "model")]
    pub(crate) fast: bool,
}

/// The arguments of `kgraph parser-eval`.
#[derive(clap::Args)]
pub(crate) struct ParserEvalArgs {
    /// CoNLL-U files to score on (.gz read transparently).
    #[arg(long, required = true)]
    pub(crate) corpus: Vec<PathBuf>,
    /// A model file written by `kgraph train-parser` (default: the built-in model).
    #[arg(long)]
    pub(crate) model: Option<PathBuf>,
    /// Parse with a beam of this many states (1: greedy; default: the
    /// model's own, 8 for the built-in model). Narrower is faster and less accurate.
    #[arg(long)]
    pub(crate) beam: Option<usize>,
    /// Use the built-in fast model, the one `extract` parses with (one
    /// tagging pass, a greedy parser of 41 templates).
    #[arg(long, conflicts_with = "model")]
    pub(crate) fast: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = StatsFormat::Table)]
    pub(crate) format: StatsFormat,
    /// Also write the parses, as CoNLL-U, to this file (all corpora, in order),
    /// for scoring with another scorer or reading the errors.
    #[arg(long)]
    pub(crate) output: Option<PathBuf>,
}

/// What a training command reads and writes.
#[derive(clap::Args)]
pub(crate) struct TrainingFiles {
    /// Training files (.gz read transparently), used in the order given:
    /// CoNLL-U treebanks for `train-parser`; IOB2 or CoNLL-U with GUM's
    /// entities for `train` (docs/cli.md).
    #[arg(long, required = true)]
    pub(crate) corpus: Vec<PathBuf>,
    /// Where to write the model.
    #[arg(long, short)]
    pub(crate) output: PathBuf,
    /// Leave out sentences of documents whose id starts with this (repeatable).
    #[arg(long)]
    pub(crate) exclude_doc: Vec<String>,
}

/// The arguments of `kgraph train-parser`.
#[derive(clap::Args)]
pub(crate) struct TrainParserArgs {
    #[command(flatten)]
    pub(crate) files: TrainingFiles,
    /// Passes over the data for the tagger.
    #[arg(long, default_value_t = kgraph_extract::syntax::Options::default().tagger_epochs)]
    pub(crate) tagger_epochs: usize,
    /// Passes over the data for the parser.
    #[arg(long, default_value_t = kgraph_extract::syntax::Options::default().parser_epochs)]
    pub(crate) parser_epochs: usize,
    /// Folds for jackknifing the tags the parser learns from.
    #[arg(long, default_value_t = kgraph_extract::syntax::Options::default().folds)]
    pub(crate) folds: usize,
    /// Seed of the sentence order and the exploration.
    #[arg(long, default_value_t = kgraph_extract::syntax::Options::default().seed)]
    pub(crate) seed: u64,
    /// Perceptrons to train (seeds SEED, SEED+1, ...) and average into the
    /// tagger and into the parser.
    #[arg(long, default_value_t = kgraph_extract::syntax::Options::default().models)]
    pub(crate) models: usize,
    /// Drop weights smaller than this share of the largest weight.
    #[arg(long, default_value_t = kgraph_extract::syntax::Options::default().prune)]
    pub(crate) prune: f32,
    /// Drop the parser's weights (transitions and labels) smaller than this
    /// share of their largest instead (default: --prune).
    #[arg(long)]
    pub(crate) prune_parser: Option<f32>,
    /// Train the transitions with beam search of this width (0: greedy, with
    /// the dynamic oracle).
    #[arg(long, default_value_t = kgraph_extract::syntax::Options::default().beam)]
    pub(crate) beam: usize,
    /// Train the fast variant the extraction runs: one tagging pass and a
    /// greedy parser of 41 of the 103 templates (overrides --beam).
    #[arg(long)]
    pub(crate) fast: bool,
    /// Score the trained model on these treebanks afterwards.
    #[arg(long)]
    pub(crate) test: Vec<PathBuf>,
}

/// The arguments of `kgraph train`.
#[derive(clap::Args)]
pub(crate) struct TrainArgs {
    #[command(flatten)]
    pub(crate) files: TrainingFiles,
    /// Passes over the data.
    #[arg(long, default_value_t = kgraph_extract::tagger::Options::default().epochs)]
    pub(crate) epochs: usize,
    /// Seed of the sentence order.
    #[arg(long, default_value_t = kgraph_extract::tagger::Options::default().seed)]
    pub(crate) seed: u64,
    /// Drop features seen fewer times than this.
    #[arg(long, default_value_t = kgraph_extract::tagger::Options::default().min_count)]
    pub(crate) min_count: usize,
    /// Perceptrons to train (seeds SEED, SEED+1, ...) and average into the model.
    #[arg(long, default_value_t = kgraph_extract::tagger::Options::default().models,
          value_parser = at_least_one)]
    pub(crate) models: usize,
    /// Score the trained model on these corpora afterwards.
    #[arg(long)]
    pub(crate) test: Vec<PathBuf>,
}

/// The arguments of `kgraph tagger-eval`.
#[derive(clap::Args)]
pub(crate) struct TaggerEvalArgs {
    /// Corpus files to score on.
    #[arg(long, required = true)]
    pub(crate) corpus: Vec<PathBuf>,
    /// A model file written by `kgraph train` (default: the built-in model).
    #[arg(long)]
    pub(crate) model: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = StatsFormat::Table)]
    pub(crate) format: StatsFormat,
    /// Print each sentence the tagger got wrong to standard error, with the
    /// missed (-) and spurious (+) spans.
    #[arg(long)]
    pub(crate) show_errors: bool,
}

/// The arguments of `kgraph train-relations`.
#[derive(clap::Args)]
pub(crate) struct TrainRelationsArgs {
    /// Directories of NAME.txt and NAME.gold.json (Re-DocRED's converted gold):
    /// a document whose name's first number is a multiple of 5 is never read
    /// (the evaluation fold), one that leaves 4 fits the confidence and the
    /// thresholds, the others train.
    #[arg(long, required = true)]
    pub(crate) gold: Vec<PathBuf>,
    /// Where to write the model.
    #[arg(long, short)]
    pub(crate) output: PathBuf,
    /// A folder with KnowledgeNet's annotated_passages.tsv.gz and
    /// facts.tsv.gz: the model is scored on its fold 4 afterwards.
    #[arg(long, value_name = "DIR")]
    pub(crate) knowledgenet: Option<PathBuf>,
    /// With --knowledgenet, also train on its folds 1 and 2 and hold out
    /// fold 3 with the held-out documents.
    #[arg(long, requires = "knowledgenet")]
    pub(crate) knowledgenet_train: bool,
    /// Passes over the training candidates.
    #[arg(long, default_value_t = kgraph_extract::relations::learned::train::Options::default().epochs)]
    pub(crate) epochs: usize,
    /// Seed of their order.
    #[arg(long, default_value_t = kgraph_extract::relations::learned::train::Options::default().seed)]
    pub(crate) seed: u64,
    /// Perceptrons trained (seeds SEED, SEED+1, ...) and averaged.
    #[arg(long, default_value_t = kgraph_extract::relations::learned::train::Options::default().models)]
    pub(crate) models: usize,
    /// Drop weights smaller than this share of the largest weight.
    #[arg(long, default_value_t = kgraph_extract::relations::learned::train::Options::default().prune)]
    pub(crate) prune: f32,
    /// No property's confidence threshold is lower than this.
    #[arg(long, default_value_t = kgraph_extract::relations::learned::train::Options::default().least_confidence)]
    pub(crate) least_confidence: f32,
    /// Each property's threshold keeps its held-out precision at or over
    /// this; a property that cannot is not predicted.
    #[arg(long, default_value_t = kgraph_extract::relations::learned::train::Options::default().least_precision)]
    pub(crate) least_precision: f64,
}
