//! Word lists the rules read, from data files under `data/lexicon/` (each
//! with its source in `data/README.md`), compiled into the binary. A leaf: it
//! imports nothing of kgraph's.

/// Maps and sets of words, looked up for every token: a fast hash (rustc's
/// FxHash) instead of the DoS-resistant default, as the keys are ours.
pub type FastMap<K, V> = rustc_hash::FxHashMap<K, V>;
/// See [`FastMap`].
pub type FastSet<K> = rustc_hash::FxHashSet<K>;
