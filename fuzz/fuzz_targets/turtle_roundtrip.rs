//! Text through extraction, out as Turtle and back through a Turtle parser:
//! the parsed graph equals the extracted one. CI runs it without
//! AddressSanitizer, as `extract`.
#![no_main]

use std::collections::HashSet;

use kgraph_extract::{extract, Document};
use kgraph_rdf::export::{write_rdf, RdfOutput};
use kgraph_rdf::Minter;
use libfuzzer_sys::fuzz_target;
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::Triple;

/// With `--features mimalloc` (CI, without AddressSanitizer), the
/// allocator `kgraph` runs extraction with.
#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Longer inputs are left to the benches (`benches/pathological.rs`);
/// CI's `-max_len` is this.
const MAX_INPUT: usize = 256;

fuzz_target!(|data: &[u8]| {
    if data.len() > MAX_INPUT {
        return;
    }
    let text = String::from_utf8_lossy(data);
    if text.trim().is_empty() {
        return;
    }
    let doc = Document::new(text.into_owned(), "fuzz");
    let mut quads = kgraph_rdf::rdf::to_quads(&extract(&doc), &Minter::default(), None);
    kgraph_rdf::export::sort_quads(&mut quads);
    let turtle = match write_rdf(&quads, RdfOutput::Turtle, Vec::new()) {
        Ok(t) => t,
        Err(e) => panic!("cannot write Turtle: {e}"),
    };
    // Extraction mints no blank nodes, so the graphs are equal as sets.
    let parsed: HashSet<Triple> = RdfParser::from_format(RdfFormat::Turtle)
        .for_slice(&turtle)
        .map(|t| match t {
            Ok(q) => Triple::from(q),
            Err(e) => panic!(
                "kgraph wrote Turtle its parser refuses: {e}\n{}",
                String::from_utf8_lossy(&turtle)
            ),
        })
        .collect();
    // Turtle holds triples: the union of the graphs, each triple once.
    let extracted: HashSet<Triple> = quads.into_iter().map(Triple::from).collect();
    assert!(
        parsed == extracted,
        "the Turtle read back differs from what was extracted:\n{}",
        String::from_utf8_lossy(&turtle)
    );
});
