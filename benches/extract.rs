//! Extraction throughput and memory, printed as figures (not a timed test).
//!
//! `cargo bench --bench extract` runs the whole extraction (`kgraph_extract::extract`,
//! what `ingest` runs before the store), with the tagger and without it, on one core over real article text:
//! the documents of `$KGRAPH_BENCH_CORPUS` (a directory of .txt files), else the
//! Wikinews articles in tests/data, cycled until the corpus reaches the size
//! asked. It prints MB/s and documents/s at 2.5, 5, 10 and 20 MB, and the peak
//! resident memory after each, so a growing footprint would show.

// A bench is a program whose output is its figures.
#![allow(clippy::print_stdout)]

use std::time::Instant;

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

fn main() {
    let docs = corpus();
    // Warm up: the gazetteer loads once.
    let _ = kgraph_extract::extract(&kgraph_extract::Document::new(docs[0].clone(), "warm-up"));
    for tagger in [true, false] {
        println!(
            "\n{}",
            if tagger {
                "with the tagger (the default):"
            } else {
                "rules and gazetteers only (--no-tagger):"
            }
        );
        run(
            &docs,
            kgraph_extract::Settings {
                tagger,
                ..Default::default()
            },
        );
    }
}

fn run(docs: &[String], settings: kgraph_extract::Settings) {
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
