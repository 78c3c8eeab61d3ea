//! A corpus of distinct documents made from the bundled Wikinews articles,
//! for tests and benches that need many documents.

#![allow(clippy::expect_used)]

use std::io::Write;
use std::path::Path;

/// Writes `n` JSON Lines documents: article `i % 24` with "Edition i." added,
/// so each text, and so each document graph, is distinct.
pub fn write_editions(n: usize, out: &mut impl Write) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/data/wikinews");
    let mut texts: Vec<String> = std::fs::read_dir(&dir)
        .expect("wikinews")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .map(|p| std::fs::read_to_string(p).expect("readable"))
        .collect();
    texts.sort();
    for i in 0..n {
        let text = format!("{}\n\nEdition {i}.", texts[i % texts.len()]);
        let line = serde_json::json!({ "id": format!("edition-{i}"), "text": text });
        writeln!(out, "{line}").expect("written");
    }
}
