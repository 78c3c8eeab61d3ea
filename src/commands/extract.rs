//! `kgraph extract`: the graph of documents, printed; nothing stored. The
//! people and organizations of the inputs are resolved across them (see
//! `kgraph_rdf::identity`) unless `--no-resolve` is given.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;
use kgraph_extract::syntax::Parsing;
use kgraph_extract::{extract_with, Settings};
use kgraph_rdf::dot::write_dot;
use kgraph_rdf::export::{sort_quads, write_rdf, RdfOutput};
use kgraph_rdf::identity::{resolve_documents, Curation};
use kgraph_rdf::rdf::{to_quads_at, with_parent_properties};
use kgraph_rdf::Minter;
use oxigraph::model::Quad;

use crate::cli::{ExtractArgs, ExtractFormat, ParseChoice, ProvenanceChoice};
use crate::inputs::Inputs;
use crate::output::{exit_for, stdout};

/// Runs `kgraph extract`.
pub(crate) fn run(args: ExtractArgs) -> Result<ExitCode> {
    let ExtractArgs {
        paths,
        ext,
        format,
        base,
        published,
        no_tagger,
        parse,
        min_confidence,
        jsonl,
        no_resolve,
        infer,
        provenance,
        catalog,
        curation,
    } = args;
    let (catalog, mut bad_lines) = super::catalog::load(&catalog)?;
    let minter = Minter::new(base);
    let curation = match &curation {
        Some(path) => {
            let (curation, bad) = super::catalog::curation(path, &minter)?;
            bad_lines += bad;
            curation
        }
        None => Curation::default(),
    };
    let settings = Settings {
        tagger: !no_tagger,
        parse: ParseChoice::or(
            parse,
            if format == ExtractFormat::Conllu {
                Parsing::All
            } else {
                Parsing::Off
            },
        ),
        catalog,
        min_confidence,
        ..Settings::default()
    };
    let mut out = stdout();
    let Some(paths) = crate::inputs::paths_or_stdin(paths, "extract") else {
        return Ok(ExitCode::from(2));
    };
    let mut inputs = Inputs::new(&paths, jsonl, &ext, published, |e| eprintln!("kgraph: {e}"))?;
    if let ExtractFormat::Conllu = format {
        // Like N-Quads, a stateless map: a document's sentences as it is parsed.
        let mut block = String::new();
        for doc in &mut inputs {
            let x = extract_with(&doc, settings);
            block.clear();
            let text = &x.relations.entities.mentions.text;
            x.syntax
                .write_conllu(text, &minter.document(&x.document.id()), &mut block);
            out.write_all(block.as_bytes())?;
        }
        out.flush()?;
        return Ok(finish(&inputs, bad_lines));
    }
    if let (ExtractFormat::Nquads, true) = (format, no_resolve) {
        // A stateless map: each document's quads (sorted) as soon as it is
        // extracted, so memory holds one document however large the input.
        for doc in &mut inputs {
            let quads = quads_of(&extract_with(&doc, settings), &minter, infer, provenance);
            write_rdf(&quads, RdfOutput::NQuads, &mut out)?;
        }
        out.flush()?;
        return Ok(finish(&inputs, bad_lines));
    }
    let extractions: Vec<_> = (&mut inputs)
        .map(|doc| extract_with(&doc, settings))
        .collect();
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
        let mut documents: Vec<Vec<Quad>> = extractions
            .iter()
            .map(|x| quads_of(x, &minter, infer, provenance))
            .collect();
        if !no_resolve {
            documents = resolve_documents(documents, &minter, &curation);
        }
        if let ExtractFormat::Nquads = format {
            // Document by document, in input order, as without resolution.
            for quads in &documents {
                write_rdf(quads, RdfOutput::NQuads, &mut out)?;
            }
            out.flush()?;
            return Ok(finish(&inputs, bad_lines));
        }
        let mut quads: Vec<Quad> = documents.into_iter().flatten().collect();
        sort_quads(&mut quads);
        let rdf = match format {
            ExtractFormat::Turtle => Some(RdfOutput::Turtle),
            ExtractFormat::Ntriples => Some(RdfOutput::NTriples),
            ExtractFormat::Nquads => Some(RdfOutput::NQuads),
            ExtractFormat::Trig => Some(RdfOutput::TriG),
            ExtractFormat::Jsonld => Some(RdfOutput::JsonLd),
            ExtractFormat::Dot | ExtractFormat::Json | ExtractFormat::Conllu => None,
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
    Ok(finish(&inputs, bad_lines))
}

/// A document's quads, with `--infer` its relations' parent properties too,
/// at the `--provenance` level asked for.
fn quads_of(
    x: &kgraph_extract::Extraction,
    minter: &Minter,
    infer: bool,
    provenance: ProvenanceChoice,
) -> Vec<Quad> {
    let quads = to_quads_at(x, minter, None, provenance.into());
    match infer {
        true => with_parent_properties(quads),
        false => quads,
    }
}

/// The exit code once the inputs are read: 1 when a document or a catalog
/// line failed, or when there was no document at all.
fn finish<F: FnMut(&kgraph_extract::input::InputError)>(
    inputs: &Inputs<F>,
    bad_lines: usize,
) -> ExitCode {
    let nothing = inputs.report_skipped("extract");
    exit_for(inputs.failed + bad_lines + usize::from(nothing))
}
