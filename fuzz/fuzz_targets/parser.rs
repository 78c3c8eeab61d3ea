//! Arbitrary bytes as text through the part-of-speech tagger and the
//! dependency parser, as `kgraph parse` runs them: split into sentences and
//! the treebanks' words, tagged, parsed and written as CoNLL-U. The first
//! byte picks the model and the beam: the fast model greedy (as extraction
//! runs it) or with a beam, or the shipped model. Each sentence's parse must
//! be a tree: one root, every other word's head a word of the sentence, no
//! cycle. No panic, no hang.
//!
//! The parser's weight tables are read through `unsafe` code
//! (`syntax/packed.rs`: prefetches and vector comparisons), so this target
//! is the one CI runs with AddressSanitizer, on short inputs (a sentence or
//! two; see `.ci/run`); `extract` runs the same parser without it.
#![no_main]

use kgraph_extract::syntax::{self, Model};
use kgraph_extract::Text;
use libfuzzer_sys::fuzz_target;

/// A sentence, as `extract` (which parses inputs of this bound without
/// AddressSanitizer); longer inputs are left to the benches
/// (`benches/pathological.rs`). CI's `-max_len` is this.
const MAX_INPUT: usize = 128;

fuzz_target!(|data: &[u8]| {
    if data.len() > MAX_INPUT {
        return;
    }
    let Some((&mode, bytes)) = data.split_first() else {
        return;
    };
    // Every input reaches the parser: what is not UTF-8 is replaced.
    let raw = String::from_utf8_lossy(bytes);
    let (model, beam) = match mode % 4 {
        0 | 1 => (Model::fast(), 1),
        2 => (Model::fast(), 2 + usize::from(mode / 4 % 4)),
        _ => (Model::shipped(), 1 + usize::from(mode / 4 % 2)),
    };
    let text = Text::new(&raw);
    let parses = syntax::parse(model, &text, beam, |_| true);
    assert_eq!(parses.sentences.len(), text.sentences().len());
    for words in parses.sentences.iter().flatten() {
        let n = words.len();
        assert_eq!(
            words.iter().filter(|w| w.head == 0).count(),
            usize::from(n > 0),
            "not one root: {words:?}"
        );
        for (i, w) in words.iter().enumerate() {
            assert!(
                w.head <= n && w.head != i + 1,
                "head {} of word {}",
                w.head,
                i + 1
            );
            assert!(text
                .as_str()
                .get(w.start..w.end)
                .is_some_and(|s| !s.is_empty()));
            // Up the heads, the root comes within n steps.
            let mut at = i + 1;
            for _ in 0..n {
                if at == 0 {
                    break;
                }
                at = words[at - 1].head;
            }
            assert_eq!(at, 0, "a cycle through word {}: {words:?}", i + 1);
        }
    }
    let mut conllu = String::new();
    parses.write_conllu(&text, "fuzz", &mut conllu);
    assert_eq!(
        conllu
            .lines()
            .filter(|l| l.starts_with("# sent_id"))
            .count(),
        parses.parsed()
    );
});
