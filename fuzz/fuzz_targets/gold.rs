//! Arbitrary bytes as a gold annotation file: parsed or refused with an
//! error, never a panic; what parses can be scored against itself.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok((gold, _)) = kgraph_extract::eval::parse_gold(data, "fuzz.gold.json") {
        let s = kgraph_extract::eval::score("fuzz", &gold, &gold);
        // An annotation matches itself: nothing is missed or spurious.
        assert_eq!(s.entities.values().map(|e| e.fn_ + e.fp).sum::<usize>(), 0);
    }
});
