//! Averaged perceptrons over hashed features: the training side (dense rows,
//! averaged at the end) and the shipped side (a compact open-addressing table
//! of quantized, sparse rows).

use crate::lexicon::FastMap;

use super::packed::{self, prefetch, Packed, Row};

/// A multiclass averaged perceptron being trained (Collins 2002), with the
/// lazy averaging trick: `sums` holds `step * delta` so that the average is
/// `w - sums / steps`.
pub struct Trainer {
    classes: usize,
    rows: FastMap<u64, u32>,
    w: Vec<f32>,
    sums: Vec<f64>,
    /// Updates made so far (each a step of the average).
    pub step: u64,
}

impl Trainer {
    /// A perceptron over `classes` classes with no features yet.
    pub fn new(classes: usize) -> Self {
        Trainer {
            classes,
            rows: FastMap::default(),
            w: Vec::new(),
            sums: Vec::new(),
            step: 1,
        }
    }

    /// Adds the current weights of `features` to `scores` (one per class).
    pub fn score(&self, features: &[u64], scores: &mut [f32]) {
        scores.fill(0.0);
        for f in features {
            if let Some(&r) = self.rows.get(f) {
                let start = r as usize * self.classes;
                for (s, w) in scores.iter_mut().zip(&self.w[start..start + self.classes]) {
                    *s += w;
                }
            }
        }
    }

    /// Where feature `f`'s row starts, made (all zeros) the first time.
    fn row(&mut self, f: u64) -> usize {
        let next = self.rows.len() as u32;
        let r = *self.rows.entry(f).or_insert(next);
        if r == next {
            self.w.resize(self.w.len() + self.classes, 0.0);
            self.sums.resize(self.sums.len() + self.classes, 0.0);
        }
        r as usize * self.classes
    }

    /// Moves the weights of `features` towards `good` and away from `bad`.
    pub fn update(&mut self, features: &[u64], good: usize, bad: usize) {
        if good == bad {
            return;
        }
        let step = self.step as f64;
        for &f in features {
            let start = self.row(f);
            self.w[start + good] += 1.0;
            self.sums[start + good] += step;
            self.w[start + bad] -= 1.0;
            self.sums[start + bad] -= step;
        }
    }

    /// Adds `delta` to the weights of `features` for `class`.
    pub fn nudge(&mut self, features: &[u64], class: usize, delta: f32) {
        let step = self.step as f64;
        for &f in features {
            let i = self.row(f) + class;
            self.w[i] += delta;
            self.sums[i] += step * f64::from(delta);
        }
    }

    /// Counts one more example towards the average.
    pub fn tick(&mut self) {
        self.step += 1;
    }

    /// The averaged weights of every feature, sorted by feature.
    pub fn averaged(&self) -> Vec<(u64, Vec<f32>)> {
        let steps = self.step as f64;
        let mut rows: Vec<(u64, Vec<f32>)> = self
            .rows
            .iter()
            .map(|(k, r)| {
                let start = *r as usize * self.classes;
                let row = (start..start + self.classes)
                    .map(|i| (f64::from(self.w[i]) - self.sums[i] / steps) as f32)
                    .collect();
                (*k, row)
            })
            .collect();
        rows.sort_unstable_by_key(|(k, _)| *k);
        rows
    }

    /// The averaged weights, quantized and sparse, ready to ship.
    #[cfg(test)]
    pub fn finish(&self) -> Weights {
        Weights::combine(self.classes, &[self.averaged()], 0.0)
    }
}

impl Weights {
    /// The mean of several perceptrons' averaged weights (each sorted by
    /// feature), quantized to `i16`; weights under `prune` times the largest
    /// are dropped, and features left without any.
    pub fn combine(classes: usize, models: &[Vec<(u64, Vec<f32>)>], prune: f32) -> Weights {
        let mut merged: std::collections::BTreeMap<u64, Vec<f32>> =
            std::collections::BTreeMap::new();
        let share = 1.0 / models.len().max(1) as f32;
        for model in models {
            for (k, row) in model {
                let sum = merged.entry(*k).or_insert_with(|| vec![0.0; classes]);
                for (s, w) in sum.iter_mut().zip(row) {
                    *s += w * share;
                }
            }
        }
        let max = merged.values().flatten().fold(0f32, |m, w| m.max(w.abs()));
        let scale = if max > 0.0 {
            max / f32::from(i16::MAX)
        } else {
            1.0
        };
        let floor = prune * max;
        let rows = merged
            .into_iter()
            .filter_map(|(k, row)| {
                let sparse: Vec<(u8, i16)> = row
                    .iter()
                    .enumerate()
                    .filter(|(_, w)| w.abs() >= floor)
                    .filter_map(|(c, w)| {
                        let q = (w / scale).round() as i16;
                        (q != 0).then_some((c as u8, q))
                    })
                    .collect();
                (!sparse.is_empty()).then_some((k, sparse))
            })
            .collect();
        Weights::build(classes, scale, rows)
    }
}

/// One slot of the shipped table: a feature's key (0: empty) and where its
/// row is (`start << 8 | len`).
#[derive(Clone, Copy, Default)]
struct Slot {
    key: u32,
    at: u32,
}

/// One slot of the table of a perceptron of at most [`DENSE`] classes (the
/// parser's transitions): a feature's key (0: empty) and its weights, so a
/// look-up reads one place in memory, not two.
#[derive(Clone, Copy, Default)]
struct Dense {
    key: u32,
    w: [i16; DENSE],
}

/// Perceptrons of this many classes or fewer keep their rows in the slots.
const DENSE: usize = 4;

/// Shipped perceptron weights: an open-addressing table from feature to a
/// sparse row of `(class, weight)` pairs, weights as `i16` times `scale`
/// (or, for a perceptron of few classes, to the whole row).
/// Features are kept as 32-bit keys: with a few hundred thousand features, a
/// feature the model never saw matches one of them about once in ten
/// thousand look-ups, and then adds a small weight.
pub struct Weights {
    /// Unique in the process: what caches of sums are keyed by.
    id: u64,
    classes: usize,
    scale: f32,
    slots: Vec<Slot>,
    /// In place of `slots` and `entries` for a perceptron of few classes.
    dense: Vec<Dense>,
    mask: usize,
    entries: Vec<(u8, i16)>,
    /// In place of all three, the fast model's tables (see [`Weights::pack`]).
    packed: Option<Packed>,
    features: usize,
}

/// A feature's 32-bit key, never 0.
#[inline]
fn key_of(feature: u64) -> u32 {
    ((feature >> 32) as u32 ^ feature as u32) | 1
}

impl Weights {
    fn build(classes: usize, scale: f32, rows: Vec<(u64, Vec<(u8, i16)>)>) -> Self {
        let capacity = (rows.len() + rows.len() / 2).next_power_of_two().max(16);
        let mask = capacity - 1;
        let dense_rows = classes <= DENSE;
        let mut slots = vec![Slot::default(); if dense_rows { 0 } else { capacity }];
        let mut dense = vec![Dense::default(); if dense_rows { capacity } else { 0 }];
        let mut entries = Vec::new();
        let mut features = 0;
        for (k, row) in rows {
            let key = key_of(k);
            let mut i = (key >> 1) as usize & mask;
            let taken = |i: usize| {
                if dense_rows {
                    dense[i].key
                } else {
                    slots[i].key
                }
            };
            while taken(i) != 0 && taken(i) != key {
                i = (i + 1) & mask;
            }
            if taken(i) == key || entries.len() >= 1 << 24 {
                // Two features with one key: the first stays.
                continue;
            }
            if dense_rows {
                let mut w = [0i16; DENSE];
                for (c, v) in row {
                    w[usize::from(c)] = v;
                }
                dense[i] = Dense { key, w };
            } else {
                slots[i] = Slot {
                    key,
                    at: (entries.len() as u32) << 8 | row.len() as u32,
                };
                entries.extend(row);
            }
            features += 1;
        }
        static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        Weights {
            id: NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            classes,
            scale,
            slots,
            dense,
            mask,
            entries,
            packed: None,
            features,
        }
    }

    /// The same weights in a packed table ([`Packed`]): a look-up reads one
    /// cache line. The fast model's tables are packed.
    pub fn pack(self) -> Weights {
        Weights {
            packed: Some(Packed::new(self.classes, self.rows())),
            slots: Vec::new(),
            dense: Vec::new(),
            entries: Vec::new(),
            ..self
        }
    }

    /// This table's number, unique in the process.
    pub fn id(&self) -> u64 {
        self.id
    }

    /// Classes scored.
    pub fn classes(&self) -> usize {
        self.classes
    }

    /// Features with a weight.
    pub fn features(&self) -> usize {
        self.features
    }

    /// Sums the rows of `features` into `sums` (one per class, in units of
    /// the scale).
    ///
    /// The table is larger than the processor's caches, so the time goes to
    /// waiting on memory: the slots of a batch of features are asked for
    /// ahead of use, then their rows, so the waits overlap.
    #[inline]
    pub fn add(&self, features: &[u64], sums: &mut [i32]) {
        const BATCH: usize = 128;
        if let Some(packed) = &self.packed {
            let mut keys = [0u32; packed::BATCH];
            for chunk in features.chunks(packed::BATCH) {
                for (k, &f) in keys.iter_mut().zip(chunk) {
                    *k = key_of(f);
                }
                packed.add(&keys[..chunk.len()], sums);
            }
            return;
        }
        if !self.dense.is_empty() {
            return self.add_dense(features, sums);
        }
        for chunk in features.chunks(BATCH) {
            let mut keys = [0u32; BATCH];
            for (k, &f) in keys.iter_mut().zip(chunk) {
                *k = key_of(f);
                prefetch(&self.slots[(*k >> 1) as usize & self.mask]);
            }
            let mut rows = [(0usize, 0usize); BATCH];
            let mut found = 0;
            for &key in &keys[..chunk.len()] {
                let mut i = (key >> 1) as usize & self.mask;
                loop {
                    let slot = self.slots[i];
                    if slot.key == key {
                        let start = (slot.at >> 8) as usize;
                        prefetch(&self.entries[start]);
                        rows[found] = (start, (slot.at & 0xff) as usize);
                        found += 1;
                        break;
                    }
                    if slot.key == 0 {
                        break;
                    }
                    i = (i + 1) & self.mask;
                }
            }
            for &(start, len) in &rows[..found] {
                for &(c, w) in &self.entries[start..start + len] {
                    sums[usize::from(c)] += i32::from(w);
                }
            }
        }
    }

    /// Adds the row of each of `features` to its own block of `sums`
    /// ([`Weights::classes`] a feature), asking for them ahead of use.
    pub fn add_each(&self, features: &[u64], sums: &mut [i32]) {
        let Some(packed) = &self.packed else {
            for (&f, block) in features.iter().zip(sums.chunks_mut(self.classes)) {
                self.add(&[f], block);
            }
            return;
        };
        let mut keys = [0u32; packed::BATCH];
        for (chunk, blocks) in features
            .chunks(packed::BATCH)
            .zip(sums.chunks_mut(packed::BATCH * self.classes))
        {
            for (k, &f) in keys.iter_mut().zip(chunk) {
                *k = key_of(f);
            }
            packed.add_each(&keys[..chunk.len()], blocks);
        }
    }

    /// [`Weights::add`] for rows kept in the slots.
    fn add_dense(&self, features: &[u64], sums: &mut [i32]) {
        const BATCH: usize = 128;
        for chunk in features.chunks(BATCH) {
            let mut keys = [0u32; BATCH];
            for (k, &f) in keys.iter_mut().zip(chunk) {
                *k = key_of(f);
                prefetch(&self.dense[(*k >> 1) as usize & self.mask]);
            }
            for &key in &keys[..chunk.len()] {
                let mut i = (key >> 1) as usize & self.mask;
                loop {
                    let slot = &self.dense[i];
                    if slot.key == key {
                        for (s, &w) in sums.iter_mut().zip(&slot.w) {
                            *s += i32::from(w);
                        }
                        break;
                    }
                    if slot.key == 0 {
                        break;
                    }
                    i = (i + 1) & self.mask;
                }
            }
        }
    }

    /// The scale of the sums `add` gives.
    pub fn scale(&self) -> f32 {
        self.scale
    }

    /// Every feature's key and row, in no order.
    fn rows(&self) -> Vec<(u32, Row)> {
        if let Some(packed) = &self.packed {
            return packed.rows();
        }
        self.slots
            .iter()
            .filter(|s| s.key != 0)
            .map(|s| {
                let (start, len) = ((s.at >> 8) as usize, (s.at & 0xff) as usize);
                (s.key, self.entries[start..start + len].to_vec())
            })
            .chain(self.dense.iter().filter(|s| s.key != 0).map(|s| {
                let row = (0..self.classes)
                    .filter(|&c| s.w[c] != 0)
                    .map(|c| (c as u8, s.w[c]))
                    .collect();
                (s.key, row)
            }))
            .collect()
    }

    /// Appends the weights to `out`.
    pub fn write(&self, out: &mut Vec<u8>) {
        write_rows(self.classes, self.scale, self.rows(), out);
    }

    /// Reads weights written by [`Weights::write`] from `bytes`, advancing it.
    pub fn read(bytes: &mut &[u8]) -> Option<Weights> {
        let classes = take_u32(bytes)? as usize;
        let scale = f32::from_le_bytes(take::<4>(bytes)?);
        let n = take_u32(bytes)? as usize;
        let mut rows = Vec::with_capacity(n);
        for _ in 0..n {
            let key = u64::from(u32::from_le_bytes(take::<4>(bytes)?));
            let len = take::<1>(bytes)?[0];
            let mut row = Vec::with_capacity(usize::from(len));
            for _ in 0..len {
                let [c, a, b] = take::<3>(bytes)?;
                if usize::from(c) >= classes {
                    return None;
                }
                row.push((c, i16::from_le_bytes([a, b])));
            }
            rows.push((key, row));
        }
        Some(Weights::build(classes, scale, rows))
    }
}

/// The next `N` bytes.
pub fn take<const N: usize>(bytes: &mut &[u8]) -> Option<[u8; N]> {
    let (head, rest) = bytes.split_first_chunk::<N>()?;
    *bytes = rest;
    Some(*head)
}

/// The next little-endian `u32`.
pub fn take_u32(bytes: &mut &[u8]) -> Option<u32> {
    take::<4>(bytes).map(u32::from_le_bytes)
}

/// Class names, written as a count and NUL-terminated strings.
pub fn write_names(names: &[String], out: &mut Vec<u8>) {
    out.extend((names.len() as u32).to_le_bytes());
    for n in names {
        out.extend(n.as_bytes());
        out.push(0);
    }
}

/// Reads names written by [`write_names`].
pub fn read_names(bytes: &mut &[u8]) -> Option<Vec<String>> {
    let n = take_u32(bytes)? as usize;
    let mut names = Vec::with_capacity(n.min(1024));
    for _ in 0..n {
        let end = bytes.iter().position(|&b| b == 0)?;
        names.push(std::str::from_utf8(&bytes[..end]).ok()?.to_owned());
        *bytes = &bytes[end + 1..];
    }
    Some(names)
}

/// Appends a table of `classes` classes, weights scaled by `scale`, in the
/// file's format (what [`Weights::read`] reads): the rows sorted by key.
pub(crate) fn write_rows(classes: usize, scale: f32, mut rows: Vec<(u32, Row)>, out: &mut Vec<u8>) {
    rows.sort_unstable_by_key(|(k, _)| *k);
    out.extend((classes as u32).to_le_bytes());
    out.extend(scale.to_le_bytes());
    out.extend((rows.len() as u32).to_le_bytes());
    for (k, row) in rows {
        out.extend(k.to_le_bytes());
        out.push(row.len() as u8);
        for (c, w) in row {
            out.push(c);
            out.extend(w.to_le_bytes());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trained_weights_ship_and_read_back() {
        let mut t = Trainer::new(3);
        for _ in 0..10 {
            t.update(&[11, 12], 2, 0);
            t.tick();
            t.update(&[13], 1, 2);
            t.tick();
        }
        let w = t.finish();
        let mut sums = [0i32; 3];
        w.add(&[11], &mut sums);
        assert!(sums[2] > 0 && sums[0] < 0 && sums[1] == 0, "{sums:?}");
        let mut bytes = Vec::new();
        w.write(&mut bytes);
        let back = Weights::read(&mut bytes.as_slice()).unwrap();
        for f in [11, 12, 13, 99] {
            let (mut a, mut b) = ([0i32; 3], [0i32; 3]);
            w.add(&[f], &mut a);
            back.add(&[f], &mut b);
            assert_eq!(a, b);
        }
        assert!(Weights::read(&mut &bytes[..bytes.len() - 1]).is_none());
    }
}
