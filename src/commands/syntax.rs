//! `kgraph parse`, `kgraph parser-eval` and `kgraph train-parser`: the
//! part-of-speech tagger and dependency parser.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use kgraph_extract::syntax::{self, treebank, Model, ParseScore};

use crate::cli::{ParseArgs, ParserEvalArgs, StatsFormat, TrainParserArgs};
use crate::output::stdout;
use crate::table::write_table;

/// Runs `kgraph parse`: the input's sentences as CoNLL-U, as `extract
/// --format conllu` prints them.
pub(crate) fn parse(args: ParseArgs) -> Result<ExitCode> {
    let document = crate::inputs::read_input(&args.input)?;
    let model = load(args.model.as_deref(), args.fast)?;
    let beam = args.beam.unwrap_or(model.beam());
    let text = kgraph_extract::Text::new(&document.text);
    let parses = syntax::parse(model, &text, beam, |_| true);
    let mut out = stdout();
    let mut block = String::new();
    parses.write_conllu(&text, &document.id(), &mut block);
    out.write_all(block.as_bytes())?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// The model at `path` (kept for the rest of the run), or the built-in one
/// (the fast one if `fast`).
fn load(path: Option<&Path>, fast: bool) -> Result<&'static Model> {
    let model = match path {
        Some(path) => crate::inputs::model_file(path, Model::from_bytes)?,
        None if fast => Model::fast(),
        None => Model::shipped(),
    };
    if !model.is_trained() {
        bail!("this kgraph was built without a trained parser model (data/parser.model); run scripts/train_parser.sh");
    }
    Ok(model)
}

/// Runs `kgraph parser-eval`.
pub(crate) fn evaluate(args: ParserEvalArgs) -> Result<ExitCode> {
    let model = load(args.model.as_deref(), args.fast)?;
    let beam = args.beam.unwrap_or(model.beam());
    let mut scores = Vec::new();
    let mut parses = String::new();
    for path in &args.corpus {
        let trees = treebank::read(path)?;
        let mut tally = syntax::Tally::default();
        for (k, tree) in trees.iter().enumerate() {
            let parsed = model.parse_with(&tree.forms(), beam);
            tally.add(&tree.words, &parsed);
            if args.output.is_some() {
                treebank::write_sentence(&mut parses, &(k + 1).to_string(), None, &parsed);
            }
        }
        scores.push((path.clone(), tally.score()));
    }
    if let Some(path) = &args.output {
        std::fs::write(path, parses)
            .with_context(|| format!("cannot write '{}'", path.display()))?;
    }
    let mut out = stdout();
    write_scores(&mut out, &scores, args.format)?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn write_scores(
    out: &mut impl Write,
    scores: &[(PathBuf, ParseScore)],
    format: StatsFormat,
) -> Result<()> {
    match format {
        StatsFormat::Json => {
            let json: Vec<serde_json::Value> = scores
                .iter()
                .map(|(path, s)| {
                    serde_json::json!({
                        "corpus": path.display().to_string(), "sentences": s.sentences, "words": s.words,
                        "upos": s.upos, "xpos": s.xpos, "uas": s.uas, "las": s.las,
                    })
                })
                .collect();
            crate::output::write_scores_json(&mut *out, &json)?;
        }
        StatsFormat::Table => {
            let header =
                ["corpus", "sentences", "words", "UPOS", "XPOS", "UAS", "LAS"].map(String::from);
            let rows: Vec<Vec<String>> = scores
                .iter()
                .map(|(path, s)| {
                    vec![
                        path.display().to_string(),
                        s.sentences.to_string(),
                        s.words.to_string(),
                        format!("{:.4}", s.upos),
                        format!("{:.4}", s.xpos),
                        format!("{:.4}", s.uas),
                        format!("{:.4}", s.las),
                    ]
                })
                .collect();
            write_table(out, &header, &rows)?;
        }
    }
    Ok(())
}

/// Runs `kgraph train-parser`.
pub(crate) fn train(args: TrainParserArgs) -> Result<ExitCode> {
    let mut trees = Vec::new();
    for path in &args.files.corpus {
        let read = treebank::read(path)?;
        let before = read.len();
        let (kept, left_out) = syntax::train::without_documents(read, &args.files.exclude_doc);
        eprintln!(
            "{}: {} sentences ({} left out, of {} documents)",
            path.display(),
            kept.len(),
            before - kept.len(),
            left_out.len()
        );
        trees.extend(kept);
    }
    if trees.is_empty() {
        bail!("no training sentences in the corpora given");
    }
    let mut options = syntax::Options {
        tagger_epochs: args.tagger_epochs,
        parser_epochs: args.parser_epochs,
        folds: args.folds,
        seed: args.seed,
        models: args.models,
        prune: args.prune,
        prune_parser: args.prune_parser,
        beam: args.beam,
        ..syntax::Options::default()
    };
    if args.fast {
        options = options.fast();
    }
    let started = std::time::Instant::now();
    let model = syntax::train(&trees, &options, |p| {
        let at = started.elapsed().as_secs_f64();
        match p {
            syntax::Progress::Tagger {
                fold,
                second,
                epoch,
                accuracy,
            } => {
                let pass = if second {
                    "second-pass tagger"
                } else {
                    "tagger"
                };
                let which = fold.map_or(format!("final {pass}"), |f| {
                    format!("{pass} without fold {}", f + 1)
                });
                eprintln!("{which}, epoch {epoch:>2}: accuracy {accuracy:.4} ({at:.0} s)");
            }
            syntax::Progress::Parser {
                model,
                epoch,
                label_accuracy,
            } => {
                eprintln!("parser {model}, epoch {epoch:>2}: label accuracy {label_accuracy:.4} ({at:.0} s)");
            }
        }
    });
    let bytes = model.to_bytes();
    std::fs::write(&args.files.output, &bytes)
        .with_context(|| format!("cannot write model '{}'", args.files.output.display()))?;
    let [t, p, l] = model.features();
    eprintln!(
        "wrote '{}': {t} tagger, {p} transition and {l} label features, {} bytes, trained in {:.1} s",
        args.files.output.display(),
        bytes.len(),
        started.elapsed().as_secs_f64()
    );
    if !args.test.is_empty() {
        let mut scores = Vec::new();
        for path in &args.test {
            scores.push((path.clone(), model.evaluate(&treebank::read(path)?)));
        }
        let mut out = stdout();
        write_scores(&mut out, &scores, StatsFormat::Table)?;
        out.flush()?;
    }
    Ok(ExitCode::SUCCESS)
}
