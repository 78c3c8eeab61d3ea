//! The fast model's weight tables, packed so that a look-up reads one pair
//! of neighbouring cache lines.
//!
//! The fast model the extraction runs spends most of its time waiting on
//! memory for the weights of its features. The shipped model's tables
//! ([`Weights`](super::weights::Weights)) are open-addressing tables of
//! single slots, at most two thirds full, a sparse row reached from its slot
//! through a second array: two reads from memory a feature, the second known
//! only once the first has come. Here features are kept in buckets of one
//! cache line (64 bytes), each holding 16-bit fingerprints of its features
//! and their rows: the whole row in a table of at most three classes (the
//! transitions), up to four `(class, weight)` pairs in a sparse table (the
//! tagger's, the labels'; a longer row is kept whole, apart). A feature has
//! two buckets, side by side, chosen by its key, and is put in the emptier:
//! a look-up asks for both lines at once and compares all their fingerprints
//! without a branch, so the tables can be about three quarters full, and
//! so smaller, without look-ups going further (two choices keep the buckets
//! even) or the processor mispredicting where to look.
//!
//! The keys are the 32-bit keys the model file holds, so a packed table is
//! read from the same file; the keys are kept aside (not read by look-ups)
//! to write the file back byte for byte.

/// Asks the processor to bring `x` into the cache; a hint only.
#[inline(always)]
pub(super) fn prefetch<T>(x: &T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch reads nothing and cannot fault, whatever the address.
    unsafe {
        core::arch::x86_64::_mm_prefetch::<{ core::arch::x86_64::_MM_HINT_T0 }>(
            (x as *const T).cast::<i8>(),
        );
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = x;
}

/// A row: a feature's `(class, weight)` pairs, weights in units of the scale.
pub(super) type Row = Vec<(u8, i16)>;

/// Eight features of a table of at most [`DENSE_CLASSES`] classes (the
/// parser's transitions): their fingerprints (0: empty; slots fill in
/// order) and their weights.
#[derive(Clone, Copy, Default)]
#[repr(C, align(64))]
struct DenseBucket {
    tags: [u16; 8],
    weights: [[i16; DENSE_CLASSES]; 8],
}

/// Tables of this many classes or fewer keep whole rows in their buckets.
const DENSE_CLASSES: usize = 3;

/// Four features of a table of more classes: their fingerprints (0: empty;
/// slots fill in order), the lengths of their rows, and the rows of up to
/// [`INLINE`] pairs (those past the row's end `(0, 0)`); a longer row is
/// kept whole (a weight a class) in [`Packed::wide`], `classes` giving
/// where it starts (little-endian).
#[derive(Clone, Copy, Default)]
#[repr(C, align(64))]
struct SparseBucket {
    tags: [u16; 4],
    lens: [u8; 4],
    classes: [[u8; INLINE]; 4],
    weights: [[i16; INLINE]; 4],
}

/// The longest row kept in its bucket.
const INLINE: usize = 4;

/// How full the tables are made: features a slot, on average. Fuller
/// tables are smaller, but more features would find both their buckets full
/// and go to the next pair, where a look-up follows them.
const DENSE_LOAD: f64 = 0.75;
const SPARSE_LOAD: f64 = 0.65;

/// The buckets of a packed table, two by two.
enum Buckets {
    Dense(Vec<DenseBucket>),
    Sparse(Vec<SparseBucket>),
}

/// A packed table of perceptron weights: feature key to row.
pub(super) struct Packed {
    classes: usize,
    /// Pairs of buckets.
    pairs: usize,
    buckets: Buckets,
    /// Rows longer than [`INLINE`] pairs (sparse tables), whole: the rows of
    /// the most frequent features (the bias, the tag before) are the long
    /// ones, and adding a whole row is one loop the compiler vectorizes, where
    /// adding pairs one by one waits on each sum.
    wide: Vec<i16>,
    /// The key of each slot, bucket by bucket (0: empty), for writing.
    keys: Vec<u32>,
    /// Features whose fingerprint a feature before them on their way already
    /// has, which look-ups never reach: kept for writing only.
    shadowed: Vec<(u32, Row)>,
}

/// The fingerprint a bucket keeps of `key` (never 0).
#[inline(always)]
fn tag_of(key: u32) -> u16 {
    ((key >> 1) as u16).max(1)
}

impl Packed {
    /// A table of `rows` (keys and sparse rows, no key twice) over `classes`
    /// classes.
    pub(super) fn new(classes: usize, rows: Vec<(u32, Row)>) -> Packed {
        let dense = classes <= DENSE_CLASSES;
        let (width, load) = if dense {
            (8, DENSE_LOAD)
        } else {
            (4, SPARSE_LOAD)
        };
        let pairs = ((rows.len() as f64 / (2.0 * width as f64 * load)).ceil() as usize).max(1);
        let mut table = Packed {
            classes,
            pairs,
            buckets: if dense {
                Buckets::Dense(vec![DenseBucket::default(); 2 * pairs])
            } else {
                Buckets::Sparse(vec![SparseBucket::default(); 2 * pairs])
            },
            wide: Vec::new(),
            keys: vec![0; 2 * pairs * width],
            shadowed: Vec::new(),
        };
        for (key, row) in rows {
            table.insert(key, row);
        }
        table
    }

    /// The pair of buckets a key starts from.
    #[inline(always)]
    fn home(&self, key: u32) -> usize {
        ((u64::from(key) * self.pairs as u64) >> 32) as usize
    }

    /// The fingerprints of bucket `b`.
    fn tags(&self, b: usize) -> &[u16] {
        match &self.buckets {
            Buckets::Dense(v) => &v[b].tags,
            Buckets::Sparse(v) => &v[b].tags,
        }
    }

    fn insert(&mut self, key: u32, row: Row) {
        let tag = tag_of(key);
        let mut p = self.home(key);
        // The emptier bucket of the first pair not full on the way, unless
        // the fingerprint is met before.
        let (b, slot) = loop {
            let (a, b) = (self.tags(2 * p), self.tags(2 * p + 1));
            if a.contains(&tag) || b.contains(&tag) {
                self.shadowed.push((key, row));
                return;
            }
            let used = |tags: &[u16]| tags.iter().filter(|&&t| t != 0).count();
            let (ua, ub) = (used(a), used(b));
            if ua.min(ub) < a.len() {
                break if ua <= ub {
                    (2 * p, ua)
                } else {
                    (2 * p + 1, ub)
                };
            }
            p = (p + 1) % self.pairs;
        };
        let width = self.tags(b).len();
        self.keys[b * width + slot] = key;
        match &mut self.buckets {
            Buckets::Dense(v) => {
                let bucket = &mut v[b];
                bucket.tags[slot] = tag;
                for (c, w) in row {
                    bucket.weights[slot][usize::from(c)] = w;
                }
            }
            Buckets::Sparse(v) => {
                let bucket = &mut v[b];
                bucket.tags[slot] = tag;
                bucket.lens[slot] = row.len() as u8;
                if row.len() <= INLINE {
                    for (k, (c, w)) in row.into_iter().enumerate() {
                        bucket.classes[slot][k] = c;
                        bucket.weights[slot][k] = w;
                    }
                } else {
                    let start = self.wide.len();
                    bucket.classes[slot] = (start as u32).to_le_bytes();
                    self.wide.resize(start + self.classes, 0);
                    for (c, w) in row {
                        self.wide[start + usize::from(c)] = w;
                    }
                }
            }
        }
    }

    /// Every feature's key and row, in no order.
    pub(super) fn rows(&self) -> Vec<(u32, Row)> {
        let width = self.keys.len() / (2 * self.pairs);
        let mut out = self.shadowed.clone();
        for (i, &key) in self.keys.iter().enumerate() {
            if key == 0 {
                continue;
            }
            let (b, slot) = (i / width, i % width);
            let row = match &self.buckets {
                Buckets::Dense(v) => (0..self.classes)
                    .filter(|&c| v[b].weights[slot][c] != 0)
                    .map(|c| (c as u8, v[b].weights[slot][c]))
                    .collect(),
                Buckets::Sparse(v) => self.row(&v[b], slot),
            };
            out.push((key, row));
        }
        out
    }

    /// Row `slot` of a sparse bucket.
    fn row(&self, bucket: &SparseBucket, slot: usize) -> Row {
        let len = usize::from(bucket.lens[slot]);
        if len > INLINE {
            let start = u32::from_le_bytes(bucket.classes[slot]) as usize;
            (0..self.classes)
                .filter(|&c| self.wide[start + c] != 0)
                .map(|c| (c as u8, self.wide[start + c]))
                .collect()
        } else {
            (0..len)
                .map(|k| (bucket.classes[slot][k], bucket.weights[slot][k]))
                .collect()
        }
    }

    /// Asks for the buckets of `keys` (at most [`BATCH`]) and gives where
    /// each starts.
    #[inline(always)]
    fn ask<B>(&self, buckets: &[B], keys: &[u32], homes: &mut [usize; BATCH]) {
        for (h, &key) in homes.iter_mut().zip(keys) {
            *h = self.home(key);
            prefetch(&buckets[2 * *h]);
            prefetch(&buckets[2 * *h + 1]);
        }
    }

    /// Adds the rows of `keys` (at most [`BATCH`]) to `sums` (one per
    /// class): the buckets of all of them are asked for first, so the waits
    /// on memory overlap.
    #[inline]
    pub(super) fn add(&self, keys: &[u32], sums: &mut [i32]) {
        match &self.buckets {
            Buckets::Dense(buckets) => self.add_dense(buckets, keys, sums),
            Buckets::Sparse(buckets) => self.add_sparse(buckets, keys, sums),
        }
    }

    /// Adds the row of each of `keys` (at most [`BATCH`]) to its own
    /// block of `sums` (`classes` a key), asking for all of them first.
    pub(super) fn add_each(&self, keys: &[u32], sums: &mut [i32]) {
        let blocks = sums.chunks_mut(self.classes);
        match &self.buckets {
            Buckets::Dense(buckets) => {
                let mut homes = [0usize; BATCH];
                self.ask(buckets, keys, &mut homes);
                for ((&p, &key), block) in homes.iter().zip(keys).zip(blocks) {
                    let w = find_dense(buckets, p, tag_of(key));
                    for (s, w) in block.iter_mut().zip(w) {
                        *s += i32::from(w);
                    }
                }
            }
            Buckets::Sparse(buckets) => {
                for (key, block) in keys.iter().zip(blocks) {
                    self.add_sparse(buckets, std::slice::from_ref(key), block);
                }
            }
        }
    }

    #[inline(never)]
    fn add_dense(&self, buckets: &[DenseBucket], keys: &[u32], sums: &mut [i32]) {
        let mut homes = [0usize; BATCH];
        self.ask(buckets, keys, &mut homes);
        for (&p, &key) in homes.iter().zip(keys) {
            let w = find_dense(buckets, p, tag_of(key));
            for (s, w) in sums.iter_mut().zip(w) {
                *s += i32::from(w);
            }
        }
    }

    #[inline(never)]
    fn add_sparse(&self, buckets: &[SparseBucket], keys: &[u32], sums: &mut [i32]) {
        let mut homes = [0usize; BATCH];
        self.ask(buckets, keys, &mut homes);
        // The whole rows found, added last, when they have come.
        let mut wide = [0usize; BATCH];
        let mut found = 0;
        for (&p, &key) in homes.iter().zip(keys) {
            let (bucket, slot, keep) = find_sparse(buckets, p, tag_of(key));
            if keep != 0 && usize::from(bucket.lens[slot]) > INLINE {
                let start = u32::from_le_bytes(bucket.classes[slot]) as usize;
                prefetch(&self.wide[start]);
                wide[found] = start;
                found += 1;
            } else {
                // All four pairs, zeroed when the feature is absent: a loop
                // of fixed length, no branch to mispredict.
                let (classes, weights) = (&bucket.classes[slot], &bucket.weights[slot]);
                for (&c, &w) in classes.iter().zip(weights) {
                    if let Some(s) = sums.get_mut(usize::from(c)) {
                        *s += i32::from(w & keep);
                    }
                }
            }
        }
        for &start in &wide[..found] {
            let row = &self.wide[start..start + self.classes];
            for (s, &w) in sums.iter_mut().zip(row) {
                *s += i32::from(w);
            }
        }
    }
}

/// The most keys [`Packed::add`] takes at once.
pub(super) const BATCH: usize = 128;

/// The slots of the eight `tags` holding `tag`, as bits (two a slot).
/// Without branches, which the processor could not predict, and in one
/// vector comparison where there is one.
#[inline(always)]
fn matches8(tags: &[u16; 8], tag: u16) -> u32 {
    #[cfg(target_arch = "x86_64")]
    {
        use core::arch::x86_64::{
            _mm_cmpeq_epi16, _mm_loadu_si128, _mm_movemask_epi8, _mm_set1_epi16,
        };
        // SAFETY: reads the 16 bytes of `tags`; SSE2 is part of x86_64.
        unsafe {
            let v = _mm_loadu_si128(tags.as_ptr().cast());
            _mm_movemask_epi8(_mm_cmpeq_epi16(v, _mm_set1_epi16(tag as i16))) as u32
        }
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        let mut m = 0;
        for (i, &t) in tags.iter().enumerate() {
            m |= u32::from(t == tag) * 3 << (2 * i);
        }
        m
    }
}

/// [`matches8`] for four tags.
#[inline(always)]
fn matches4(tags: &[u16; 4], tag: u16) -> u32 {
    #[cfg(target_arch = "x86_64")]
    {
        use core::arch::x86_64::{
            _mm_cmpeq_epi16, _mm_loadl_epi64, _mm_movemask_epi8, _mm_set1_epi16,
        };
        // SAFETY: reads the 8 bytes of `tags`; SSE2 is part of x86_64.
        unsafe {
            let v = _mm_loadl_epi64(tags.as_ptr().cast());
            _mm_movemask_epi8(_mm_cmpeq_epi16(v, _mm_set1_epi16(tag as i16))) as u32 & 0xff
        }
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        let mut m = 0;
        for (i, &t) in tags.iter().enumerate() {
            m |= u32::from(t == tag) * 3 << (2 * i);
        }
        m
    }
}

/// The next pair after `p` of `pairs`.
#[inline(always)]
fn next(p: usize, pairs: usize) -> usize {
    if p + 1 == pairs {
        0
    } else {
        p + 1
    }
}

/// The weights of the feature with fingerprint `tag`, from pair `p` on
/// (zeros when it is absent).
#[inline(always)]
fn find_dense(buckets: &[DenseBucket], mut p: usize, tag: u16) -> [i16; DENSE_CLASSES] {
    loop {
        let (a, b) = (&buckets[2 * p], &buckets[2 * p + 1]);
        let (ma, mb) = (matches8(&a.tags, tag), matches8(&b.tags, tag));
        if ma | mb != 0 || a.tags[7] == 0 || b.tags[7] == 0 {
            let (bucket, m) = if ma != 0 { (a, ma) } else { (b, mb) };
            // The weights of the slot found, or slot 0's zeroed.
            let keep = -i16::from(m != 0);
            return bucket.weights[(m.trailing_zeros() / 2) as usize & 7].map(|w| w & keep);
        }
        p = next(p, buckets.len() / 2);
    }
}

/// The bucket and slot of the feature with fingerprint `tag`, from pair `p`
/// on, and a mask of its weights: all ones when found, else 0 (the slot then
/// any).
#[inline(always)]
fn find_sparse(buckets: &[SparseBucket], mut p: usize, tag: u16) -> (&SparseBucket, usize, i16) {
    loop {
        let (a, b) = (&buckets[2 * p], &buckets[2 * p + 1]);
        let (ma, mb) = (matches4(&a.tags, tag), matches4(&b.tags, tag));
        if ma | mb != 0 || a.tags[3] == 0 || b.tags[3] == 0 {
            let (bucket, m) = if ma != 0 { (a, ma) } else { (b, mb) };
            let slot = (m.trailing_zeros() / 2) as usize & 3;
            return (bucket, slot, -i16::from(m != 0));
        }
        p = next(p, buckets.len() / 2);
    }
}

#[cfg(test)]
mod tests {
    use super::super::weights::{write_rows, Weights};

    /// Random rows over `classes` classes, some long, keyed as a model file
    /// keys them, written as a model file writes them.
    fn table(classes: usize, features: u64) -> Vec<u8> {
        let mut x = 7u64;
        let mut next = move || {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            x >> 33
        };
        let mut rows: Vec<(u32, Vec<(u8, i16)>)> = (0..features)
            .map(|f| {
                let len = if next() % 10 == 0 {
                    classes
                } else {
                    1 + next() as usize % 4
                };
                let mut row: Vec<(u8, i16)> = (0..len)
                    .map(|_| ((next() as usize % classes) as u8, next() as i16 | 1))
                    .collect();
                row.sort_unstable_by_key(|(c, _)| *c);
                row.dedup_by_key(|(c, _)| *c);
                let f = (f * 0x9e37_79b9_7f4a_7c15) | 1;
                ((f >> 32) as u32 ^ f as u32 | 1, row)
            })
            .collect();
        rows.sort_unstable_by_key(|(k, _)| *k);
        rows.dedup_by_key(|(k, _)| *k);
        let mut out = Vec::new();
        write_rows(classes, 1.0, rows, &mut out);
        out
    }

    #[test]
    fn packed_tables_sum_as_the_shipped_ones_and_write_the_same_bytes() {
        for classes in [3, 51] {
            let bytes = table(classes, 20_000);
            let plain = Weights::read(&mut bytes.as_slice()).unwrap();
            let packed = Weights::read(&mut bytes.as_slice()).unwrap().pack();
            let mut written = Vec::new();
            packed.write(&mut written);
            assert!(
                written == bytes,
                "{classes} classes: written back differently"
            );
            // The table's features sum the same, in batches too, but for
            // the rare one whose fingerprint an earlier one on its way has.
            let features: Vec<u64> = (0..20_000u64)
                .map(|f| (f * 0x9e37_79b9_7f4a_7c15) | 1)
                .collect();
            let differ = |f: &u64| {
                let (mut a, mut b) = (vec![0i32; classes], vec![0i32; classes]);
                plain.add(&[*f], &mut a);
                packed.add(&[*f], &mut b);
                a != b
            };
            let (shadowed, same): (Vec<u64>, Vec<u64>) = features.into_iter().partition(differ);
            assert!(shadowed.len() < 20, "{}", shadowed.len());
            for batch in same.chunks(41) {
                let (mut a, mut b) = (vec![0i32; classes], vec![0i32; classes]);
                plain.add(batch, &mut a);
                packed.add(batch, &mut b);
                assert_eq!(a, b);
                let (mut a, mut b) = (vec![0i32; classes * 41], vec![0i32; classes * 41]);
                plain.add_each(batch, &mut a);
                packed.add_each(batch, &mut b);
                assert_eq!(a, b);
            }
            // Others find nothing, but for a rare one whose fingerprint and
            // pair of buckets those of a feature of the table are.
            let found = (20_000..120_000u64)
                .filter(|f| {
                    let mut sums = vec![0i32; classes];
                    packed.add(&[(f * 0x9e37_79b9_7f4a_7c15) | 1], &mut sums);
                    sums.iter().any(|&s| s != 0)
                })
                .count();
            assert!(found < 100, "{found}");
        }
    }
}
