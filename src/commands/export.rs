//! `kgraph export`: the whole graph in an RDF format or as DOT.

use std::io::{self, BufWriter, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use kgraph_rdf::dot::{write_dot, Focus};
use kgraph_rdf::export::{facts_only, write_rdf, RdfOutput};
use kgraph_store::Store;

use crate::cli::ExportArgs;
use crate::cli::ExportFormat;

/// Runs `kgraph export`.
pub(crate) fn run(args: ExportArgs) -> Result<ExitCode> {
    let focus = args.focus.map(|name| Focus {
        name,
        depth: args.depth,
    });
    export(
        &args.store.store,
        args.format,
        args.output.as_deref(),
        focus.as_ref(),
        args.no_provenance,
    )
}

fn export(
    store_path: &Path,
    format: ExportFormat,
    output: Option<&Path>,
    focus: Option<&Focus>,
    no_provenance: bool,
) -> Result<ExitCode> {
    if focus.is_some() && !matches!(format, ExportFormat::Dot) {
        bail!("--focus draws a picture: use it with --format dot");
    }
    let store = Store::open_read_only(store_path)?;
    let mut quads = store.document_quads()?;
    if no_provenance {
        quads = facts_only(&quads);
    }
    let writer: Box<dyn Write> = match output {
        Some(path) => Box::new(
            std::fs::File::create(path)
                .with_context(|| format!("cannot write '{}'", path.display()))?,
        ),
        None => Box::new(io::stdout().lock()),
    };
    let mut writer = BufWriter::new(writer);
    let rdf = match format {
        ExportFormat::Turtle => RdfOutput::Turtle,
        ExportFormat::Ntriples => RdfOutput::NTriples,
        ExportFormat::Nquads => RdfOutput::NQuads,
        ExportFormat::Trig => RdfOutput::TriG,
        ExportFormat::Jsonld => RdfOutput::JsonLd,
        ExportFormat::Rdfxml => RdfOutput::RdfXml,
        ExportFormat::Dot => {
            write_dot(&quads, focus, &mut writer)?;
            writer.flush()?;
            return Ok(ExitCode::SUCCESS);
        }
    };
    write_rdf(&quads, rdf, &mut writer)?;
    writer.flush()?;
    Ok(ExitCode::SUCCESS)
}
