//! Arbitrary bytes as a file of each kind kgraph reads (plain text, HTML,
//! Markdown), through extraction and into RDF: no panic, no hang. The first
//! byte also says which sentences are parsed (and so what coreference
//! sees): none, those `--parse needed` parses, or every one (`--parse all`).
//!
//! Inputs are a news sentence long (at most [`MAX_INPUT`] bytes): what
//! takes time on long inputs is measured by `benches/pathological.rs`. CI
//! runs this target without AddressSanitizer (the `parser` target runs the
//! parser's `unsafe` code with it).
#![no_main]

use kgraph_extract::syntax::Parsing;
use kgraph_extract::{extract_with, Settings};
use kgraph_rdf::Minter;
use libfuzzer_sys::fuzz_target;

/// With `--features mimalloc` (CI, without AddressSanitizer), the
/// allocator `kgraph` runs extraction with.
#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The median sentence of the bundled Wikinews articles is 128 bytes; longer
/// inputs are left to the benches. CI's `-max_len` is this.
const MAX_INPUT: usize = 128;

fuzz_target!(|data: &[u8]| {
    if data.len() > MAX_INPUT {
        return;
    }
    // The first byte picks the kind of file, as its extension would, and
    // with its top two bits the sentences parsed.
    let Some((&kind, bytes)) = data.split_first() else {
        return;
    };
    let ext = ["txt", "html", "md"][usize::from(kind) % 3];
    let settings = Settings {
        parse: match kind >> 6 {
            0 | 1 => Parsing::Off,
            2 => Parsing::Needed,
            _ => Parsing::All,
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
