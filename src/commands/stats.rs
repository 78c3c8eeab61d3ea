//! `kgraph stats`: what the store holds.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use anyhow::Result;
use kgraph_store::Store;

use crate::cli::StatsArgs;
use crate::cli::StatsFormat;
use crate::output::stdout;
use crate::table::write_table;

/// Runs `kgraph stats`.
pub(crate) fn run(args: StatsArgs) -> Result<ExitCode> {
    stats(&args.store.store, args.format)
}

fn stats(store_path: &Path, format: StatsFormat) -> Result<ExitCode> {
    let store = Store::open_read_only(store_path)?;
    let stats = store.stats()?;
    let mut out = stdout();
    match format {
        StatsFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &stats)?;
            writeln!(out)?;
        }
        StatsFormat::Table => {
            let mut rows = vec![
                row("documents", "", stats.documents),
                row("triples", "each document's, summed", stats.triples),
                row(
                    "triples",
                    "distinct (as export writes them)",
                    stats.distinct_triples,
                ),
            ];
            for (what, counts) in [
                ("entities", &stats.entities),
                ("relations", &stats.relations),
            ] {
                // A parent with no statement of its own is listed (with 0) so
                // that its children stand under it.
                let mut counts = counts.clone();
                for (child, parent) in &stats.parents {
                    if counts.contains_key(child) {
                        counts.entry(parent.clone()).or_insert(0);
                    }
                }
                let roots: Vec<String> = counts
                    .keys()
                    .filter(|k| {
                        stats
                            .parents
                            .get(*k)
                            .is_none_or(|p| !counts.contains_key(p))
                    })
                    .cloned()
                    .collect();
                for root in &roots {
                    tree(&mut rows, what, root, 0, &counts, &stats.parents);
                }
            }
            write_table(
                &mut out,
                &["what".into(), "kind".into(), "count".into()],
                &rows,
            )?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn row(what: &str, kind: &str, count: u64) -> Vec<String> {
    vec![what.to_owned(), kind.to_owned(), count.to_string()]
}

/// `kind`'s row, then its children's in the ontology, each indented under
/// its parent.
fn tree(
    rows: &mut Vec<Vec<String>>,
    what: &str,
    kind: &str,
    depth: usize,
    counts: &std::collections::BTreeMap<String, u64>,
    parents: &std::collections::BTreeMap<String, String>,
) {
    let n = counts.get(kind).copied().unwrap_or(0);
    rows.push(row(what, &format!("{}kg:{kind}", "  ".repeat(depth)), n));
    for child in parents.iter().filter(|(_, p)| *p == kind).map(|(c, _)| c) {
        if counts.contains_key(child) && depth < 8 {
            tree(rows, what, child, depth + 1, counts, parents);
        }
    }
}
