//! `kgraph eval`: extraction scored against gold annotations.

use std::io::{self, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use kgraph_extract::syntax::Parsing;
use kgraph_extract::Settings;

use crate::cli::StatsFormat;
use crate::cli::{EvalArgs, ParseChoice};
use crate::output::{exit_for, stdout};
use crate::table::write_table;

/// Runs `kgraph eval`.
pub(crate) fn run(args: EvalArgs) -> Result<ExitCode> {
    let settings = Settings {
        tagger: !args.no_tagger,
        parse: ParseChoice::or(args.parse, Parsing::Off),
        min_confidence: args.min_confidence,
        ..Settings::default()
    };
    if args.split {
        if !args.gold.is_dir() {
            bail!(
                "'{}' is not a directory of NAME.txt and NAME.gold.json files",
                args.gold.display()
            );
        }
        return super::split::split_eval(&args.gold, args.format, settings, args.show_errors);
    }
    eval(
        &args.gold,
        args.format,
        args.show_errors,
        settings,
        args.claims.into(),
    )
}

fn eval(
    dir: &Path,
    format: StatsFormat,
    show_errors: bool,
    settings: Settings,
    claims: kgraph_extract::eval::Claims,
) -> Result<ExitCode> {
    if !dir.is_dir() {
        bail!(
            "'{}' is not a directory of NAME.txt and NAME.gold.json files",
            dir.display()
        );
    }
    let report = kgraph_extract::eval::evaluate_with(dir, settings, claims)
        .with_context(|| format!("cannot read '{}'", dir.display()))?;
    for failure in &report.failures {
        eprintln!("kgraph: {failure}");
    }
    if report.documents.is_empty() && report.failures.is_empty() {
        bail!("no NAME.gold.json files in '{}'", dir.display());
    }
    let mut out = stdout();
    match format {
        StatsFormat::Json => {
            let mut json = report.json();
            if !show_errors {
                if let Some(docs) = json["documents"].as_array_mut() {
                    for d in docs {
                        if let Some(d) = d.as_object_mut() {
                            d.remove("errors");
                        }
                    }
                }
            }
            serde_json::to_writer_pretty(&mut out, &json)?;
            writeln!(out)?;
        }
        StatsFormat::Table => write_eval_table(&mut out, &report, show_errors)?,
    }
    out.flush()?;
    Ok(exit_for(report.failures.len()))
}

fn score_row(name: &str, s: &kgraph_extract::eval::Score) -> Vec<String> {
    vec![
        name.to_owned(),
        s.tp.to_string(),
        s.fp.to_string(),
        s.fn_.to_string(),
        format!("{:.3}", s.precision()),
        format!("{:.3}", s.recall()),
        format!("{:.3}", s.f1()),
    ]
}

fn write_eval_table(
    out: &mut impl Write,
    report: &kgraph_extract::eval::Report,
    show_errors: bool,
) -> io::Result<()> {
    let header = |first: &str| -> Vec<String> {
        [first, "tp", "fp", "fn", "precision", "recall", "f1"]
            .map(str::to_owned)
            .to_vec()
    };
    let mut rows: Vec<Vec<String>> = report
        .entities()
        .iter()
        .map(|(t, s)| score_row(t.as_str(), s))
        .collect();
    rows.push(score_row(
        "micro (Person, Organization, Country, Event)",
        &report.entities_micro(),
    ));
    write_table(out, &header("entities"), &rows)?;
    writeln!(out)?;
    let mut rows: Vec<Vec<String>> = report
        .relations()
        .iter()
        .map(|(p, s)| score_row(p.as_str(), s))
        .collect();
    let (strict, relaxed) = report.relations_micro();
    rows.push(score_row("micro", &strict));
    rows.push(score_row("micro relaxed", &relaxed));
    write_table(out, &header("relations"), &rows)?;
    writeln!(out)?;
    write_table(
        out,
        &header("actions"),
        &[score_row("all", &report.actions())],
    )?;
    writeln!(out)?;
    let rows: Vec<Vec<String>> = report
        .documents
        .iter()
        .map(|d| {
            let mut m = kgraph_extract::eval::Score::default();
            for t in kgraph_extract::eval::CORE_TYPES {
                let s = d.entities.get(&t).copied().unwrap_or_default();
                m.tp += s.tp;
                m.fp += s.fp;
                m.fn_ += s.fn_;
            }
            vec![
                d.name.clone(),
                format!("{:.3}", m.precision()),
                format!("{:.3}", m.recall()),
                format!("{:.3}", m.f1()),
                format!("{:.3}", d.relations_relaxed.f1()),
                format!("{:.3}", d.actions.f1()),
            ]
        })
        .collect();
    let header = [
        "document",
        "entity P",
        "entity R",
        "entity F1",
        "relation F1 (relaxed)",
        "action F1",
    ]
    .map(str::to_owned);
    write_table(out, &header, &rows)?;
    if show_errors {
        for d in &report.documents {
            writeln!(out, "\n{}:", d.name)?;
            for e in &d.errors {
                writeln!(out, "  {e}")?;
            }
        }
    }
    Ok(())
}
