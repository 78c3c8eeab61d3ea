//! `kgraph coref-eval` and `kgraph train-coref`: the coreference resolver.

use std::fmt::Write as _;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use kgraph_extract::coref::score::{Cluster, Scores};
use kgraph_extract::coref::train::{self, Parsed};
use kgraph_extract::coref::{gold, Model};
use kgraph_extract::syntax;

use crate::cli::{CorefEvalArgs, StatsFormat, TrainCorefArgs};
use crate::output::stdout;
use crate::table::write_table;

/// The coreference model at `path` (kept for the rest of the run), or the
/// built-in one.
fn load(path: Option<&Path>) -> Result<&'static Model> {
    let model = match path {
        Some(path) => crate::inputs::model_file(path, Model::from_bytes)?,
        None => Model::shipped(),
    };
    if !model.is_trained() {
        bail!("this kgraph was built without a trained coreference model (data/coref.model); run scripts/train_coref.sh");
    }
    Ok(model)
}

/// The built-in parser.
fn parser() -> Result<&'static syntax::Model> {
    let model = syntax::Model::shipped();
    if !model.is_trained() {
        bail!("this kgraph was built without a trained parser model (data/parser.model); run scripts/train_parser.sh");
    }
    Ok(model)
}

/// Reads the documents of `path` (leaving out those whose id starts with
/// one of `exclude`) and parses them; adds the parsing time to `took`.
fn read_parsed(path: &Path, exclude: &[String], took: &mut Duration) -> Result<Vec<Parsed>> {
    let parser = parser()?;
    let docs = gold::read(path)?;
    let started = Instant::now();
    let parsed = docs
        .into_iter()
        .filter(|d| !exclude.iter().any(|x| d.id.starts_with(x.as_str())))
        .map(|d| train::parse(d, |words| parser.parse(words)))
        .collect();
    *took += started.elapsed();
    Ok(parsed)
}

/// Runs `kgraph coref-eval`.
pub(crate) fn evaluate(args: CorefEvalArgs) -> Result<ExitCode> {
    let model = load(args.model.as_deref())?;
    let mut results = Vec::new();
    let mut conllu = String::new();
    let (mut gold_all, mut predicted_all) = (Vec::new(), Vec::new());
    for path in &args.corpus {
        let mut parsing = Duration::ZERO;
        let docs = read_parsed(path, &[], &mut parsing)?;
        let started = Instant::now();
        let pairs = train::predict(model, &docs);
        let resolving = started.elapsed();
        let words: usize = docs.iter().map(|d| d.gold.words.len()).sum();
        eprintln!(
            "{}: {} documents, {words} words: parsed in {:.2} s, resolved in {:.3} s ({:.0} words/s)",
            path.display(),
            docs.len(),
            parsing.as_secs_f64(),
            resolving.as_secs_f64(),
            words as f64 / resolving.as_secs_f64().max(1e-9)
        );
        let scores = kgraph_extract::coref::score::score(
            &pairs,
            kgraph_extract::coref::score::Matching::Head,
            kgraph_extract::coref::score::Singletons::Exclude,
        );
        if args.output.is_some() {
            for (doc, (_, predicted)) in docs.iter().zip(&pairs) {
                write_document(&mut conllu, doc, predicted);
            }
        }
        for (gold, predicted) in pairs {
            gold_all.push(gold);
            predicted_all.push(predicted);
        }
        results.push((path.clone(), docs.len(), scores));
    }
    if let Some(path) = &args.output {
        std::fs::write(path, conllu)
            .with_context(|| format!("cannot write '{}'", path.display()))?;
    }
    if let Some(prefix) = &args.clusters {
        for (suffix, clusters) in [("gold", &gold_all), ("predicted", &predicted_all)] {
            let path = PathBuf::from(format!("{}.{suffix}.json", prefix.display()));
            std::fs::write(&path, serde_json::to_string(clusters)?)
                .with_context(|| format!("cannot write '{}'", path.display()))?;
        }
    }
    let mut out = stdout();
    write_scores(&mut out, &results, args.format)?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// Writes a parsed document as CoNLL-U, with its predicted entities as
/// `Entity=` brackets (`eid-etype-head-other` layout, the head the
/// mention's 1-based word) and each sentence's `# speaker` and
/// `# addressee` where the corpus gave them.
fn write_document(out: &mut String, doc: &Parsed, predicted: &[Cluster]) {
    let id = &doc.gold.id;
    let _ = writeln!(out, "# newdoc id = {id}");
    let _ = writeln!(out, "# global.Entity = eid-etype-head-other");
    // Brackets opening and closing at each word of the document.
    let n = doc.gold.words.len();
    let mut opens: Vec<Vec<(usize, String)>> = vec![Vec::new(); n];
    let mut closes: Vec<Vec<(usize, String)>> = vec![Vec::new(); n];
    for (e, cluster) in predicted.iter().enumerate() {
        for m in cluster {
            let name = format!("e{}", e + 1);
            let head = m.head - m.first + 1;
            if m.end == m.first + 1 {
                opens[m.first].push((1, format!("({name}--{head})")));
            } else {
                opens[m.first].push((m.end - m.first, format!("({name}--{head}")));
                closes[m.end - 1].push((m.first, format!("{name})")));
            }
        }
    }
    for (k, words) in doc.sentences.iter().enumerate() {
        let start = doc.gold.sentences[k];
        let mut words = words.clone();
        for (i, w) in words.iter_mut().enumerate() {
            let at = start + i;
            // Longer mentions open first; the mention opened last closes
            // first.
            opens[at].sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
            closes[at].sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
            let brackets: String = opens[at]
                .iter()
                .chain(&closes[at])
                .map(|(_, b)| b.as_str())
                .collect();
            w.misc = if brackets.is_empty() {
                "_".into()
            } else {
                format!("Entity={brackets}")
            };
        }
        // Who says it, as read: the resolver reads it back the same.
        if let Some(turn) = doc.gold.turns.get(k) {
            for (key, name) in [("speaker", &turn.speaker), ("addressee", &turn.addressee)] {
                if !name.is_empty() {
                    let _ = writeln!(out, "# {key} = {name}");
                }
            }
        }
        syntax::treebank::write_sentence(out, &format!("{id}-{}", k + 1), None, &words);
    }
}

fn write_scores(
    out: &mut impl Write,
    results: &[(PathBuf, usize, Scores)],
    format: StatsFormat,
) -> Result<()> {
    match format {
        StatsFormat::Json => {
            let json: Vec<serde_json::Value> = results
                .iter()
                .map(|(path, documents, s)| {
                    serde_json::json!({
                        "corpus": path.display().to_string(),
                        "documents": documents,
                        "matching": "head",
                        "singletons": "excluded",
                        "muc": s.muc, "b3": s.b3, "ceafe": s.ceafe, "conll": s.conll,
                    })
                })
                .collect();
            crate::output::write_scores_json(&mut *out, &json)?;
        }
        StatsFormat::Table => {
            for (k, (path, documents, s)) in results.iter().enumerate() {
                if k > 0 {
                    writeln!(out)?;
                }
                writeln!(
                    out,
                    "{}: {documents} documents; head matching, singletons excluded (as the CorefUD scorer's defaults)",
                    path.display()
                )?;
                let header = ["metric", "precision", "recall", "F1"].map(String::from);
                let row = |name: &str, p: &kgraph_extract::coref::score::Prf| {
                    vec![
                        name.to_owned(),
                        format!("{:.4}", p.precision),
                        format!("{:.4}", p.recall),
                        format!("{:.4}", p.f1),
                    ]
                };
                let mut rows = vec![
                    row("MUC", &s.muc),
                    row("B3", &s.b3),
                    row("CEAF-e", &s.ceafe),
                ];
                rows.push(vec![
                    "CoNLL".into(),
                    String::new(),
                    String::new(),
                    format!("{:.4}", s.conll),
                ]);
                write_table(out, &header, &rows)?;
            }
        }
    }
    Ok(())
}

/// Runs `kgraph train-coref`.
pub(crate) fn train(args: TrainCorefArgs) -> Result<ExitCode> {
    let started = Instant::now();
    let mut parsing = Duration::ZERO;
    let mut docs = Vec::new();
    for path in &args.corpus {
        let read = read_parsed(path, &args.exclude_doc, &mut parsing)?;
        eprintln!("{}: {} documents", path.display(), read.len());
        docs.extend(read);
    }
    if docs.is_empty() {
        bail!("no training documents in the corpora given");
    }
    let mut dev = Vec::new();
    for path in &args.dev {
        dev.extend(read_parsed(path, &args.exclude_doc, &mut parsing)?);
    }
    eprintln!("parsed in {:.1} s", parsing.as_secs_f64());
    let options = train::Options {
        epochs: args.epochs,
        seed: args.seed,
        models: args.models,
        window: args.window,
        prune: args.prune,
        false_link: args.false_link,
        false_new: args.false_new,
        wrong_link: args.wrong_link,
    };
    let mut model = train::train(&docs, &options, |p| {
        eprintln!(
            "epoch {:>2}: choices right {:.4} ({:.0} s)",
            p.epoch,
            p.accuracy,
            started.elapsed().as_secs_f64()
        );
    });
    if !dev.is_empty() || args.folds > 1 {
        if !dev.is_empty() {
            let (found, total, missed) = train::mention_recall(&dev);
            eprintln!("dev mentions of entities of 2+ with a candidate: {found} of {total}; missed: {missed:?}");
        }
        // Models trained without one fold of the training documents each,
        // scored on that fold, beside the model scored on the dev documents.
        let folds = args.folds.max(1);
        let mut held: Vec<Vec<usize>> = vec![Vec::new(); folds];
        for i in 0..docs.len() {
            held[i % folds].push(i);
        }
        let mut fold_docs: Vec<Vec<Parsed>> = Vec::new();
        let mut fold_models = Vec::new();
        if folds > 1 {
            let one = train::Options {
                models: 1,
                ..options.clone()
            };
            for (f, ids) in held.iter().enumerate() {
                let copy = |i: usize| Parsed {
                    gold: docs[i].gold.clone(),
                    sentences: docs[i].sentences.clone(),
                };
                let kept: Vec<Parsed> = (0..docs.len())
                    .filter(|i| i % folds != f)
                    .map(copy)
                    .collect();
                fold_models.push(train::train(&kept, &one, |_| {}));
                fold_docs.push(ids.iter().map(|&i| copy(i)).collect());
                eprintln!(
                    "fold {}: trained on {} documents ({:.0} s)",
                    f + 1,
                    kept.len(),
                    started.elapsed().as_secs_f64()
                );
            }
        }
        let trained = std::mem::replace(&mut model, Model::empty());
        let mut sets: Vec<(Model, &[Parsed])> = vec![(trained, &dev)];
        for (m, h) in fold_models.into_iter().zip(&fold_docs) {
            sets.push((m, h));
        }
        let (chosen, tried) = train::choose_thresholds(&mut sets, args.slack);
        for (t, s) in tried {
            eprintln!(
                "thresholds {t:>8.3?}: MUC {:.4} B3 {:.4} CEAF-e {:.4} CoNLL {:.4} (MUC P {:.4} R {:.4})",
                s.muc.f1, s.b3.f1, s.ceafe.f1, s.conll, s.muc.precision, s.muc.recall
            );
        }
        model = sets.swap_remove(0).0;
        model.thresholds = chosen;
        eprintln!(
            "thresholds chosen (pronouns, nominal mentions, names): {:.3?}",
            model.thresholds
        );
    }
    if !dev.is_empty() {
        eprintln!(
            "dev decisions by anaphor class: anaphoric [right, new, wrong], not [new, linked]"
        );
        for (class, [r, n, w, nn, nl]) in train::decisions(&model, &dev) {
            eprintln!("  {class:<10} [{r:>4} {n:>4} {w:>4}]  [{nn:>5} {nl:>4}]");
        }
    }
    let bytes = model.to_bytes();
    std::fs::write(&args.output, &bytes)
        .with_context(|| format!("cannot write model '{}'", args.output.display()))?;
    eprintln!(
        "wrote '{}': {} features, {} bytes, in {:.1} s",
        args.output.display(),
        model.features(),
        bytes.len(),
        started.elapsed().as_secs_f64()
    );
    if !args.test.is_empty() {
        let mut results = Vec::new();
        for path in &args.test {
            let docs = read_parsed(path, &[], &mut parsing)?;
            let scores = train::evaluate(&model, &docs);
            results.push((path.clone(), docs.len(), scores));
        }
        let mut out = stdout();
        write_scores(&mut out, &results, StatsFormat::Table)?;
        out.flush()?;
    }
    Ok(ExitCode::SUCCESS)
}
