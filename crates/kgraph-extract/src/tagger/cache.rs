//! A bounded per-thread cache of what the tagger worked out about words.

use crate::lexicon::FastMap;

/// What a thread has worked out lately about words, by word: for values that
/// depend on the word alone, so a value is the same whether it comes from
/// here or is computed again. Bounded: full, it starts again.
pub(super) struct WordCache<V> {
    map: FastMap<Box<str>, V>,
}

impl<V: Copy> WordCache<V> {
    /// Words kept before the cache starts again, which bounds its memory.
    const MAX_WORDS: usize = 1 << 16;

    /// The value of `word`, from `compute` the first time.
    pub(super) fn get(&mut self, word: &str, compute: impl FnOnce() -> V) -> V {
        if let Some(v) = self.map.get(word) {
            return *v;
        }
        if self.map.len() >= Self::MAX_WORDS {
            self.map.clear();
        }
        let v = compute();
        self.map.insert(word.into(), v);
        v
    }

    pub(super) fn clear(&mut self) {
        self.map.clear();
    }
}

impl<V> Default for WordCache<V> {
    fn default() -> Self {
        WordCache {
            map: FastMap::default(),
        }
    }
}
