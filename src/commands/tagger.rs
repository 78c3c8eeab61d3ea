//! `kgraph train` and `kgraph tagger-eval`: the statistical tagger.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context, Result};

use crate::cli::StatsFormat;
use crate::cli::{TaggerEvalArgs, TrainArgs};
use crate::output::stdout;
use crate::table::write_table;

/// Runs `kgraph train`.
pub(crate) fn train(args: TrainArgs) -> Result<ExitCode> {
    let options = kgraph_extract::tagger::Options {
        epochs: args.epochs,
        seed: args.seed,
        min_count: args.min_count,
        models: args.models,
    };
    run_train(
        &args.files.corpus,
        &args.files.output,
        &args.files.exclude_doc,
        options,
        &args.test,
    )
}

/// Runs `kgraph tagger-eval`.
pub(crate) fn evaluate(args: TaggerEvalArgs) -> Result<ExitCode> {
    run_evaluate(
        &args.corpus,
        args.model.as_deref(),
        args.format,
        args.show_errors,
    )
}

fn read_corpus(path: &Path) -> Result<Vec<kgraph_extract::tagger::Sentence>> {
    Ok(kgraph_extract::tagger::corpus::read(path)?)
}

fn run_train(
    corpora: &[PathBuf],
    output: &Path,
    exclude: &[String],
    options: kgraph_extract::tagger::Options,
    tests: &[PathBuf],
) -> Result<ExitCode> {
    let mut sentences = Vec::new();
    for path in corpora {
        let read = read_corpus(path)?;
        let before = read.len();
        let kept: Vec<_> = read
            .into_iter()
            .filter(|s| {
                !s.doc
                    .as_deref()
                    .is_some_and(|d| exclude.iter().any(|x| d.starts_with(x.as_str())))
            })
            .collect();
        eprintln!(
            "{}: {} sentences ({} left out)",
            path.display(),
            kept.len(),
            before - kept.len()
        );
        sentences.extend(kept);
    }
    if sentences.is_empty() {
        bail!("no training sentences in the corpora given");
    }
    let started = std::time::Instant::now();
    let model = kgraph_extract::tagger::train(&sentences, options, |e| {
        eprintln!(
            "model {}/{}, epoch {:>2}: token accuracy {:.4} ({:.0} s)",
            e.model,
            options.models,
            e.number,
            e.accuracy,
            started.elapsed().as_secs_f64()
        );
    });
    let bytes = model.to_bytes();
    std::fs::write(output, &bytes)
        .with_context(|| format!("cannot write model '{}'", output.display()))?;
    eprintln!(
        "wrote '{}': {} features, {} bytes, trained in {:.1} s",
        output.display(),
        model.features(),
        bytes.len(),
        started.elapsed().as_secs_f64()
    );
    if !tests.is_empty() {
        let model = kgraph_extract::tagger::Model::from_bytes(&bytes)?;
        let mut out = stdout();
        write_tagger_scores(&mut out, &model, tests, StatsFormat::Table)?;
        out.flush()?;
    }
    Ok(ExitCode::SUCCESS)
}

fn run_evaluate(
    corpora: &[PathBuf],
    model: Option<&Path>,
    format: StatsFormat,
    show_errors: bool,
) -> Result<ExitCode> {
    let loaded;
    let model = match model {
        Some(path) => {
            let bytes = std::fs::read(path)
                .with_context(|| format!("cannot read model '{}'", path.display()))?;
            loaded = kgraph_extract::tagger::Model::from_bytes(&bytes)
                .with_context(|| format!("cannot load model '{}'", path.display()))?;
            &loaded
        }
        None => kgraph_extract::tagger::Model::shipped(),
    };
    if show_errors {
        for path in corpora {
            let sentences = read_corpus(path)?;
            let predicted = kgraph_extract::tagger::predict(model, &sentences);
            for (s, p) in sentences.iter().zip(&predicted) {
                let show = |span: &kgraph_extract::tagger::Span| {
                    format!(
                        "{} {}",
                        span.label.as_str(),
                        s.words[span.first..span.end].join(" ")
                    )
                };
                let missed: Vec<String> = s
                    .spans
                    .iter()
                    .filter(|x| !p.contains(x))
                    .map(show)
                    .collect();
                let spurious: Vec<String> = p
                    .iter()
                    .filter(|x| !s.spans.contains(x))
                    .map(show)
                    .collect();
                if !missed.is_empty() || !spurious.is_empty() {
                    eprintln!("{}", s.words.join(" "));
                    for m in missed {
                        eprintln!("  - {m}");
                    }
                    for m in spurious {
                        eprintln!("  + {m}");
                    }
                }
            }
        }
    }
    let mut out = stdout();
    write_tagger_scores(&mut out, model, corpora, format)?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn write_tagger_scores(
    out: &mut impl Write,
    model: &kgraph_extract::tagger::Model,
    corpora: &[PathBuf],
    format: StatsFormat,
) -> Result<()> {
    let mut json = Vec::new();
    let header = [
        "corpus",
        "label",
        "gold",
        "predicted",
        "correct",
        "P",
        "R",
        "F1",
    ]
    .map(String::from);
    let mut rows = Vec::new();
    for path in corpora {
        let sentences = read_corpus(path)?;
        let (micro, per_label) = kgraph_extract::tagger::evaluate(model, &sentences);
        let name = path.display().to_string();
        let row = |label: &str, s: &kgraph_extract::tagger::Score| {
            vec![
                name.clone(),
                label.to_owned(),
                s.gold.to_string(),
                s.predicted.to_string(),
                s.true_positives.to_string(),
                format!("{:.4}", s.precision()),
                format!("{:.4}", s.recall()),
                format!("{:.4}", s.f1()),
            ]
        };
        let score_json = |s: &kgraph_extract::tagger::Score| {
            serde_json::json!({
                "gold": s.gold, "predicted": s.predicted, "true_positives": s.true_positives,
                "precision": s.precision(), "recall": s.recall(), "f1": s.f1(),
            })
        };
        for (label, s) in &per_label {
            rows.push(row(label.as_str(), s));
        }
        rows.push(row("micro", &micro));
        let labels: serde_json::Map<String, serde_json::Value> = per_label
            .iter()
            .map(|(l, s)| (l.as_str().to_owned(), score_json(s)))
            .collect();
        json.push(serde_json::json!({
            "corpus": name, "sentences": sentences.len(), "micro": score_json(&micro), "labels": labels,
        }));
    }
    match format {
        StatsFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, &json)?;
            writeln!(out)?;
        }
        StatsFormat::Table => write_table(out, &header, &rows)?,
    }
    Ok(())
}
