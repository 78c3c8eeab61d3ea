//! Extraction throughput and memory, printed as figures (not a timed test).
//!
//! `cargo bench --bench extract` runs the whole extraction (`kgraph_extract::extract`,
//! what `ingest` runs before the store) on one core over real article text:
//! with the parser on the sentences later stages need (`--parse needed`),
//! as `ingest` runs by default (the tagger, no parser), and with rules and
//! gazetteers alone. The text is the documents of `$KGRAPH_BENCH_CORPUS` (a
//! directory of .txt files), else the Wikinews articles in tests/data, cycled
//! until the corpus reaches the size asked. It prints MB/s and documents/s at
//! 2.5, 5, 10 and 20 MB, and the peak resident memory after each, so a
//! growing footprint would show.
//!
//! Then, when a Python with spaCy and its model can be run
//! (`$KGRAPH_BENCH_PYTHON`, default `python3`; `$KGRAPH_SPACY_MODEL`, default
//! `en_core_web_sm`), it times spaCy's full pipeline (tagger, parser, NER and
//! the rest) on one thread over the first 0.5 MB of the same documents
//! (`scripts/spacy_bench.py`), kgraph with the parser on the same text, and
//! prints the ratio of their speeds.

// A bench is a program whose output is its figures.
#![allow(clippy::print_stdout, clippy::expect_used)]

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use kgraph_extract::syntax::Parsing;
use kgraph_extract::Settings;

// The allocator the `kgraph` program runs with: the store's.
use kgraph_store as _;

mod common;

fn corpus() -> Vec<String> {
    let (docs, dir) = common::read_corpus();
    println!(
        "corpus: {} documents, {:.1} KB, from {}",
        docs.len(),
        docs.iter().map(String::len).sum::<usize>() as f64 / 1e3,
        dir.display()
    );
    docs
}

/// Peak resident set size of this process, in MB (Linux; 0 elsewhere).
fn peak_rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

/// The whole pipeline with the parser on the sentences later stages read.
fn parsing() -> Settings {
    Settings {
        parse: Parsing::Needed,
        ..Settings::default()
    }
}

fn main() {
    let docs = corpus();
    // Warm up: the gazetteer and the models load once.
    let warm_up = kgraph_extract::Document::new(docs[0].clone(), "warm-up");
    let _ = kgraph_extract::extract_with(&warm_up, parsing());
    let runs = [
        (
            "with the parser on the needed sentences (--parse needed):",
            parsing(),
        ),
        ("with the tagger (the default):", Settings::default()),
        (
            "rules and gazetteers only (--no-tagger):",
            Settings {
                tagger: false,
                ..Settings::default()
            },
        ),
    ];
    for (title, settings) in runs {
        println!("\n{title}");
        run(&docs, settings);
    }
    against_spacy(&docs);
}

/// Times spaCy's full pipeline and kgraph's on the same 0.5 MB of text.
fn against_spacy(docs: &[String]) {
    let python = std::env::var("KGRAPH_BENCH_PYTHON").unwrap_or_else(|_| "python3".to_owned());
    let model = std::env::var("KGRAPH_SPACY_MODEL").unwrap_or_else(|_| "en_core_web_sm".to_owned());
    let mut sample = Vec::new();
    let mut bytes = 0;
    for text in docs.iter().cycle() {
        if bytes >= 500_000 {
            break;
        }
        bytes += text.len();
        sample.push(text.as_str());
    }
    let mb = bytes as f64 / 1e6;
    let dir = tempfile::tempdir().expect("a temporary directory");
    let file = dir.path().join("sample.jsonl");
    let lines: Vec<String> = sample
        .iter()
        .map(|t| serde_json::to_string(t).expect("a string serializes"))
        .collect();
    std::fs::write(&file, lines.join("\n")).expect("the sample is written");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/spacy_bench.py");
    println!("\nagainst spaCy ({model}, its full pipeline, one thread), on {mb:.2} MB:");
    let spacy_secs = match Command::new(&python)
        .arg(&script)
        .arg(&model)
        .arg(&file)
        .output()
    {
        Ok(out) if out.status.success() => String::from_utf8_lossy(&out.stdout)
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse::<f64>().ok()),
        Ok(out) => {
            let err = String::from_utf8_lossy(&out.stderr);
            println!(
                "  skipped: {python} cannot run spaCy's {model} ({}); set KGRAPH_BENCH_PYTHON and KGRAPH_SPACY_MODEL",
                err.lines().last().unwrap_or("no message")
            );
            return;
        }
        Err(e) => {
            println!("  skipped: cannot run {python}: {e}");
            return;
        }
    };
    let Some(spacy_secs) = spacy_secs else {
        println!("  skipped: scripts/spacy_bench.py printed no time");
        return;
    };
    let start = Instant::now();
    for (i, text) in sample.iter().enumerate() {
        let doc = kgraph_extract::Document::new((*text).to_owned(), format!("doc-{i}"));
        let _ = kgraph_extract::extract_with(&doc, parsing());
    }
    let ours = start.elapsed().as_secs_f64();
    println!(
        "  spaCy:  {spacy_secs:>8.3} s  {:>8.3} MB/s",
        mb / spacy_secs
    );
    println!(
        "  kgraph: {ours:>8.3} s  {:>8.3} MB/s (with the parser)",
        mb / ours
    );
    println!("  kgraph is {:.1}x spaCy's speed", spacy_secs / ours);
}

fn run(docs: &[String], settings: Settings) {
    println!(
        "{:>8}  {:>7}  {:>8}  {:>8}  {:>9}  {:>12}",
        "MB", "docs", "seconds", "MB/s", "docs/s", "peak RSS MB"
    );
    for target_mb in [2.5, 5.0, 10.0, 20.0] {
        let target = (target_mb * 1e6) as usize;
        let (mut bytes, mut n, mut entities) = (0usize, 0usize, 0usize);
        let start = Instant::now();
        for (i, text) in docs.iter().cycle().enumerate() {
            if bytes >= target {
                break;
            }
            let doc = kgraph_extract::Document::new(text.clone(), format!("doc-{i}"));
            let x = kgraph_extract::extract_with(&doc, settings);
            entities += x.relations.entities.entities.len();
            bytes += text.len();
            n += 1;
        }
        let secs = start.elapsed().as_secs_f64();
        println!(
            "{:>8.1}  {:>7}  {:>8.3}  {:>8.2}  {:>9.0}  {:>12.1}",
            bytes as f64 / 1e6,
            n,
            secs,
            bytes as f64 / 1e6 / secs,
            n as f64 / secs,
            peak_rss_mb()
        );
        assert!(entities > 0);
    }
}
