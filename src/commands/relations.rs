//! `kgraph train-relations`: the relation classifier.

use std::process::ExitCode;
use std::time::Instant;

use anyhow::{bail, Context, Result};
use kgraph_extract::metrics::Score;
use kgraph_extract::relations::learned::knowledgenet;
use kgraph_extract::relations::learned::train::{self, Label, Labelled, Options};
use kgraph_extract::schema::Property;

use crate::cli::TrainRelationsArgs;

/// Runs `kgraph train-relations`.
pub(crate) fn train(args: TrainRelationsArgs) -> Result<ExitCode> {
    let started = Instant::now();
    let (train_docs, tune_docs) =
        train::split(&args.gold).context("cannot read the gold directories")?;
    if train_docs.is_empty() || tune_docs.is_empty() {
        bail!(
            "{} training and {} held-out documents: both are needed (the held-out ones are those whose number leaves 4 divided by 5)",
            train_docs.len(),
            tune_docs.len()
        );
    }
    let read = |docs: &[train::Pair]| -> Result<Vec<Labelled>> {
        docs.iter()
            .map(|(text, gold)| train::label(text, gold).map_err(anyhow::Error::from))
            .collect()
    };
    let (mut train_set, mut tune_set) = (read(&train_docs)?, read(&tune_docs)?);
    eprintln!(
        "{} training and {} held-out documents read and extracted in {:.1} s",
        train_set.len(),
        tune_set.len(),
        started.elapsed().as_secs_f64()
    );
    let mut scored = Vec::new();
    if let Some(dir) = &args.knowledgenet {
        let passages = knowledgenet::read(dir)?;
        let (mut train_n, mut tune_n) = (0, 0);
        for p in &passages {
            match (p.fold, args.knowledgenet_train) {
                (4, _) => scored.push(knowledgenet::label(p)),
                (1 | 2, true) => {
                    train_set.push(knowledgenet::label(p));
                    train_n += 1;
                }
                (3, true) => {
                    tune_set.push(knowledgenet::label(p));
                    tune_n += 1;
                }
                _ => {}
            }
        }
        eprintln!(
            "KnowledgeNet: {train_n} passages train, {tune_n} held out, {} scored (fold 4); {:.1} s",
            scored.len(),
            started.elapsed().as_secs_f64()
        );
    }
    let options = Options {
        epochs: args.epochs,
        seed: args.seed,
        models: args.models,
        prune: args.prune,
        least_confidence: args.least_confidence,
        least_precision: args.least_precision,
    };
    let (model, report) = train::train(&train_set, &tune_set, &options);
    let mut reachable = [0usize; kgraph_extract::relations::learned::CLASSES];
    let mut gold = [0usize; kgraph_extract::relations::learned::CLASSES];
    for d in &tune_set {
        for x in &d.examples {
            match x.label {
                Label::Full(c) | Label::Is(c) => reachable[c] += 1,
                Label::Not(_) => {}
            }
        }
        for (g, n) in gold.iter_mut().zip(d.gold) {
            *g += n;
        }
    }
    eprintln!(
        "held-out gold relations per class, and those a candidate carries: {gold:?} {reachable:?}"
    );
    let (train_n, tune_n, gold_n) = report.candidates;
    eprintln!(
        "candidates: {train_n} training, {tune_n} held out (held-out gold relations: {gold_n}); {} features; confidence 1/(1+e^-({:.4} m {:+.4}))",
        model.features(),
        model.platt.0,
        model.platt.1
    );
    eprintln!("held out, the model alone, at each property's threshold:");
    eprintln!(
        "{:<16} {:>4} {:>4} {:>4} {:>9} {:>6} {:>6} {:>9}",
        "property", "tp", "fp", "fn", "precision", "recall", "f1", "threshold"
    );
    for (p, (s, t)) in &report.properties {
        let threshold = if t.is_finite() {
            format!("{t:.3}")
        } else {
            "off".to_owned()
        };
        eprintln!("{} {threshold:>9}", row(*p, s));
    }
    if !scored.is_empty() {
        eprintln!("KnowledgeNet fold 4, the model alone (a prediction on a pair its passage was not annotated for is not counted):");
        for (p, s) in train::evaluate(&model, &scored) {
            if s.tp + s.fp + s.fn_ > 0 {
                eprintln!("{}", row(p, &s));
            }
        }
    }
    std::fs::write(&args.output, model.to_bytes())
        .with_context(|| format!("{}: cannot write", args.output.display()))?;
    eprintln!(
        "wrote {} in {:.1} s",
        args.output.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}

/// A property's counts and scores, as a row of the tables above.
fn row(p: Property, s: &Score) -> String {
    format!(
        "{:<16} {:>4} {:>4} {:>4} {:>9.3} {:>6.3} {:>6.3}",
        p.as_str(),
        s.tp,
        s.fp,
        s.fn_,
        s.precision(),
        s.recall(),
        s.f1()
    )
}
