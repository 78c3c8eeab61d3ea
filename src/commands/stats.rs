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
                vec![
                    "documents".to_owned(),
                    String::new(),
                    stats.documents.to_string(),
                ],
                vec![
                    "triples".to_owned(),
                    String::new(),
                    stats.triples.to_string(),
                ],
            ];
            rows.extend(
                stats
                    .entities
                    .iter()
                    .map(|(k, n)| vec!["entities".to_owned(), format!("kg:{k}"), n.to_string()]),
            );
            rows.extend(
                stats
                    .relations
                    .iter()
                    .map(|(k, n)| vec!["relations".to_owned(), format!("kg:{k}"), n.to_string()]),
            );
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
