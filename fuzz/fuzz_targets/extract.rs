//! Arbitrary bytes as a file of each kind kgraph reads (plain text, HTML,
//! Markdown), through extraction and into RDF: no panic, no hang. The first
//! byte also says whether every sentence is parsed (and so coreference
//! runs), as with `--parse all`.
#![no_main]

use kgraph_extract::syntax::Parsing;
use kgraph_extract::{extract_with, Settings};
use kgraph_rdf::Minter;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The first byte picks the kind of file, as its extension would.
    let Some((&kind, bytes)) = data.split_first() else {
        return;
    };
    let ext = ["txt", "html", "md"][usize::from(kind) % 3];
    let settings = Settings {
        parse: if kind & 0x80 != 0 {
            Parsing::All
        } else {
            Parsing::Off
        },
        ..Settings::default()
    };
    // Undecodable bytes are refused with an error, which is fine; what
    // decodes is extracted as the CLI would.
    if let Ok(doc) = kgraph_extract::input::parse(bytes, "fuzz", ext) {
        let x = extract_with(&doc, settings);
        let _ = kgraph_rdf::rdf::to_quads(&x, &Minter::default(), Some("2026-01-01T00:00:00Z"));
    }
});
