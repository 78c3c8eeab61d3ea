//! `kgraph extract`: the graph of documents, printed; nothing stored. The
//! people and organizations of the inputs are resolved across them (see
//! `kgraph_rdf::identity`) unless `--no-resolve` is given.

use std::io::Write;
use std::process::ExitCode;

use anyhow::{bail, Result};
use kgraph_extract::syntax::Parsing;
use kgraph_extract::{extract_with, Document, Extraction, Settings};
use kgraph_rdf::dot::write_dot;
use kgraph_rdf::export::{sort_quads, write_rdf, RdfOutput};
use kgraph_rdf::identity::{resolve_documents, Curation};
use kgraph_rdf::rdf::{to_quads_at, with_parent_properties};
use kgraph_rdf::Minter;
use oxigraph::model::Quad;
use rayon::prelude::*;

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
        jobs,
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
    let pool = match jobs {
        Some(0) => bail!("--jobs must be at least 1"),
        Some(n) => n,
        None => std::thread::available_parallelism().map_or(1, |n| n.get()),
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(pool)
        // The stack extraction had on the main thread.
        .stack_size(8 << 20)
        .thread_name(|i| format!("kgraph-extract-{i}"))
        .build()?;
    let mut out = stdout();
    let Some(paths) = crate::inputs::paths_or_stdin(paths, "extract") else {
        return Ok(ExitCode::from(2));
    };
    let mut inputs = Inputs::new(&paths, jsonl, &ext, published, |e| eprintln!("kgraph: {e}"))?;
    if let ExtractFormat::Conllu = format {
        // Like N-Quads, a stateless map: a document's sentences as it is parsed.
        in_order(
            &pool,
            &mut inputs,
            settings,
            |x| {
                let mut block = String::new();
                let text = &x.relations.entities.mentions.text;
                x.syntax
                    .write_conllu(text, &minter.document(&x.document.id()), &mut block);
                Ok(block.into_bytes())
            },
            |block| out.write_all(&block),
        )?;
        out.flush()?;
        return Ok(finish(&inputs, bad_lines));
    }
    if let (ExtractFormat::Nquads, true) = (format, no_resolve) {
        // A stateless map: each document's quads (sorted), written in input
        // order a chunk at a time, so memory holds a chunk however large the
        // input.
        in_order(
            &pool,
            &mut inputs,
            settings,
            |x| {
                let quads = quads_of(&x, &minter, infer, provenance);
                write_rdf(&quads, RdfOutput::NQuads, Vec::new())
            },
            |nquads| out.write_all(&nquads),
        )?;
        out.flush()?;
        return Ok(finish(&inputs, bad_lines));
    }
    let mut extractions: Vec<Extraction> = Vec::new();
    in_order(&pool, &mut inputs, settings, Ok, |x| {
        extractions.push(x);
        Ok(())
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
        let mut documents: Vec<Vec<Quad>> = pool.install(|| {
            extractions
                .par_iter()
                .map(|x| quads_of(x, &minter, infer, provenance))
                .collect()
        });
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

/// Documents read at a time, extracted on the pool, and handed on in order.
const CHUNK: usize = 64;

/// Extracts the documents of `inputs` on `pool`, a chunk at a time, turns
/// each extraction into `T` there too (`make`), and hands the results to
/// `take` in input order: the output is the same whatever the number of
/// threads.
fn in_order<T: Send>(
    pool: &rayon::ThreadPool,
    inputs: &mut impl Iterator<Item = Document>,
    settings: Settings,
    make: impl Fn(Extraction) -> std::io::Result<T> + Sync,
    mut take: impl FnMut(T) -> std::io::Result<()>,
) -> std::io::Result<()> {
    loop {
        let chunk: Vec<Document> = inputs.by_ref().take(CHUNK).collect();
        if chunk.is_empty() {
            return Ok(());
        }
        let done: Vec<std::io::Result<T>> = pool.install(|| {
            chunk
                .par_iter()
                .map(|doc| make(extract_with(doc, settings)))
                .collect()
        });
        for result in done {
            take(result?)?;
        }
    }
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
