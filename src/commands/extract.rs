//! `kgraph extract`: the graph of documents, printed; nothing stored.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use kgraph_extract::{extract_with, Date, Settings};
use kgraph_rdf::dot::write_dot;
use kgraph_rdf::export::{sort_quads, write_rdf, RdfOutput};
use kgraph_rdf::Minter;
use oxigraph::model::Quad;

use super::{exit_for, for_each_document, stdout};
use crate::cli::ExtractFormat;

pub(crate) fn cmd_extract(
    paths: &[PathBuf],
    jsonl: bool,
    format: ExtractFormat,
    base: &str,
    published: Option<Date>,
    settings: Settings,
) -> Result<ExitCode> {
    let minter = Minter::new(base);
    let mut out = stdout();
    if let ExtractFormat::Nquads = format {
        // A stateless map: each document's quads (sorted) as soon as it is
        // extracted, so memory holds one document however large the input.
        let failed = for_each_document(paths, jsonl, published, |doc| {
            let quads = kgraph_rdf::rdf::to_quads(&extract_with(&doc, settings), &minter, None);
            write_rdf(&quads, RdfOutput::NQuads, &mut out)?;
            Ok(true)
        })?;
        out.flush()?;
        return Ok(exit_for(failed));
    }
    let mut extractions = Vec::new();
    let failed = for_each_document(paths, jsonl, published, |doc| {
        extractions.push(extract_with(&doc, settings));
        Ok(true)
    })?;
    if let ExtractFormat::Json = format {
        let json: Vec<_> = extractions
            .iter()
            .map(|x| kgraph_rdf::json::to_json(x, &minter))
            .collect();
        let value = if json.len() == 1 {
            serde_json::to_value(&json[0])?
        } else {
            serde_json::to_value(&json)?
        };
        serde_json::to_writer_pretty(&mut out, &value)?;
        writeln!(out)?;
    } else {
        let mut quads: Vec<Quad> = extractions
            .iter()
            .flat_map(|x| kgraph_rdf::rdf::to_quads(x, &minter, None))
            .collect();
        sort_quads(&mut quads);
        let rdf = match format {
            ExtractFormat::Turtle => Some(RdfOutput::Turtle),
            ExtractFormat::Ntriples => Some(RdfOutput::NTriples),
            ExtractFormat::Nquads => Some(RdfOutput::NQuads),
            ExtractFormat::Trig => Some(RdfOutput::TriG),
            ExtractFormat::Jsonld => Some(RdfOutput::JsonLd),
            ExtractFormat::Dot | ExtractFormat::Json => None,
        };
        match rdf {
            Some(rdf) => {
                write_rdf(&quads, rdf, &mut out)?;
            }
            None => {
                write_dot(&quads, None, &mut out)?;
            }
        }
    }
    out.flush()?;
    Ok(exit_for(failed))
}
