//! Arbitrary bytes as a JSON Lines corpus: every line is a document or an
//! error naming its line, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let lines = data.iter().filter(|&&b| b == b'\n').count() + 1;
    for item in kgraph_extract::input::jsonl(data, "fuzz.jsonl") {
        match item {
            Ok(doc) => assert!(!doc.text.trim().is_empty(), "a document without text"),
            Err(kgraph_extract::input::InputError::Line { line, .. }) => {
                assert!(line >= 1 && line <= lines, "line {line} of {lines}")
            }
            Err(e) => panic!("not a line error: {e}"),
        }
    }
});
