//! Arbitrary bytes as a JSON Lines corpus or an HTML page, read as the
//! CLI reads them and every document read taken through extraction into
//! RDF: no panic, no hang, and each document's quads in its own graph.
//! CI runs it without AddressSanitizer, as `extract`.
#![no_main]

use kgraph_extract::{extract_with, Document, Settings};
use kgraph_rdf::Minter;
use libfuzzer_sys::fuzz_target;
use oxigraph::model::GraphName;

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
    // The first byte picks the reader, as the file's extension would.
    let Some((&kind, bytes)) = data.split_first() else {
        return;
    };
    let documents: Vec<Document> = if kind & 1 == 0 {
        kgraph_extract::input::jsonl(bytes, "fuzz.jsonl")
            .filter_map(Result::ok)
            .take(4)
            .collect()
    } else {
        kgraph_extract::input::parse(bytes, "fuzz.html", "html")
            .ok()
            .into_iter()
            .collect()
    };
    let minter = Minter::default();
    for doc in &documents {
        let x = extract_with(doc, Settings::default());
        let graph = kgraph_rdf::rdf::document_iri(&minter, &x);
        let quads = kgraph_rdf::rdf::to_quads(&x, &minter, None);
        assert!(!quads.is_empty(), "a document without quads");
        assert!(
            quads
                .iter()
                .all(|q| q.graph_name == GraphName::NamedNode(graph.clone())),
            "a quad outside its document's graph"
        );
    }
});
