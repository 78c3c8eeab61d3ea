//! Arbitrary bytes as a file of each kind kgraph reads (plain text, HTML,
//! Markdown), through extraction and into RDF: no panic, no hang.
#![no_main]

use kgraph_extract::extract;
use kgraph_rdf::Minter;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The first byte picks the kind of file, as its extension would.
    let Some((&kind, bytes)) = data.split_first() else {
        return;
    };
    let ext = ["txt", "html", "md"][usize::from(kind) % 3];
    // Undecodable bytes are refused with an error, which is fine; what
    // decodes is extracted as the CLI would.
    if let Ok(doc) = kgraph_extract::input::parse(bytes, "fuzz", ext) {
        let x = extract(&doc);
        let _ = kgraph_rdf::rdf::to_quads(&x, &Minter::default(), Some("2026-01-01T00:00:00Z"));
    }
});
