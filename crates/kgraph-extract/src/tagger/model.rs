//! The tagger's model: BILOU tags, weights, Viterbi decoding and the file format.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use super::corpus::{Label, Span};
use super::features::{self, TEMPLATES};
use crate::gazetteer::Gazetteer;

/// Tags: O, then B, I, L, U for each label.
pub const TAGS: usize = 1 + 4 * Label::ALL.len();

/// The outside tag.
pub const O: u8 = 0;

/// A BILOU position.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Position {
    Begin,
    Inside,
    Last,
    Unit,
}

fn tag(label: Label, position: Position) -> u8 {
    let l = Label::ALL.iter().position(|x| *x == label).unwrap_or(0) as u8;
    1 + 4 * l + position as u8
}

fn split(tag: u8) -> Option<(Label, Position)> {
    let t = tag.checked_sub(1)?;
    let label = *Label::ALL.get(usize::from(t / 4))?;
    let position = [
        Position::Begin,
        Position::Inside,
        Position::Last,
        Position::Unit,
    ][usize::from(t % 4)];
    Some((label, position))
}

/// The BILOU tags of `n` tokens with `spans`.
pub fn encode(spans: &[Span], n: usize) -> Vec<u8> {
    let mut tags = vec![O; n];
    for s in spans.iter().filter(|s| s.first < s.end && s.end <= n) {
        if s.end - s.first == 1 {
            tags[s.first] = tag(s.label, Position::Unit);
            continue;
        }
        tags[s.first] = tag(s.label, Position::Begin);
        for t in &mut tags[s.first + 1..s.end - 1] {
            *t = tag(s.label, Position::Inside);
        }
        tags[s.end - 1] = tag(s.label, Position::Last);
    }
    tags
}

/// The spans of a valid tag sequence (as Viterbi gives).
pub fn decode(tags: &[u8]) -> Vec<Span> {
    let mut spans = Vec::new();
    let mut open = None;
    for (i, &t) in tags.iter().enumerate() {
        match split(t) {
            Some((label, Position::Unit)) => spans.push(Span {
                first: i,
                end: i + 1,
                label,
            }),
            Some((_, Position::Begin)) => open = Some(i),
            Some((label, Position::Last)) => {
                if let Some(first) = open.take() {
                    spans.push(Span {
                        first,
                        end: i + 1,
                        label,
                    });
                }
            }
            Some((_, Position::Inside)) => {}
            None => open = None,
        }
    }
    spans
}

/// `ALLOWED[p][t]`: may tag `t` follow tag `p` (row `TAGS`: the sentence start)?
static ALLOWED: std::sync::LazyLock<[[bool; TAGS]; TAGS + 1]> = std::sync::LazyLock::new(|| {
    let mut table = [[false; TAGS]; TAGS + 1];
    for (p, row) in table.iter_mut().enumerate() {
        let prev = (p < TAGS).then_some(p as u8);
        for (t, cell) in row.iter_mut().enumerate() {
            *cell = allowed_slow(prev, t as u8);
        }
    }
    table
});

/// `PREDECESSORS[t]`: the tags that may come before tag `t`.
static PREDECESSORS: std::sync::LazyLock<Vec<Vec<usize>>> = std::sync::LazyLock::new(|| {
    (0..TAGS)
        .map(|t| (0..TAGS).filter(|&p| ALLOWED[p][t]).collect())
        .collect()
});

/// `SUCCESSORS[p]`: the tags that may come after tag `p`.
static SUCCESSORS: std::sync::LazyLock<Vec<Vec<usize>>> = std::sync::LazyLock::new(|| {
    (0..TAGS)
        .map(|p| (0..TAGS).filter(|&t| ALLOWED[p][t]).collect())
        .collect()
});

/// May tag `next` follow `prev` (`None`: the sentence start)?
fn allowed(prev: Option<u8>, next: u8) -> bool {
    ALLOWED[prev.map_or(TAGS, usize::from)][usize::from(next)]
}

fn allowed_slow(prev: Option<u8>, next: u8) -> bool {
    let open = prev
        .and_then(split)
        .filter(|(_, p)| matches!(p, Position::Begin | Position::Inside));
    match (open, split(next)) {
        (Some((a, _)), Some((b, Position::Inside | Position::Last))) => a == b,
        (Some(_), _) => false,
        (None, Some((_, Position::Inside | Position::Last))) => false,
        (None, _) => true,
    }
}

/// May the sentence end after `tag`?
fn allowed_last(tag: u8) -> bool {
    !matches!(split(tag), Some((_, Position::Begin | Position::Inside)))
}

/// Scores of every tag at every token.
pub type Emissions = Vec<[f32; TAGS]>;

/// Transition weights: row `TAGS` is the sentence start.
pub type Transitions = [[f32; TAGS]; TAGS + 1];

/// The best valid tag sequence under `emissions` and `transitions`.
pub fn viterbi(emissions: &[[f32; TAGS]], transitions: &Transitions) -> Vec<u8> {
    let (score, back) = forward(emissions, transitions);
    backtrack(&score, &back)
}

/// The forward Viterbi pass: the best score of a valid sequence ending in each
/// tag at each token (the token's emission included), and the tag before it.
// The tag index addresses several tables at once.
#[allow(clippy::needless_range_loop)]
fn forward(
    emissions: &[[f32; TAGS]],
    transitions: &Transitions,
) -> (Vec<[f32; TAGS]>, Vec<[u8; TAGS]>) {
    let n = emissions.len();
    let mut score = vec![[f32::NEG_INFINITY; TAGS]; n];
    let mut back = vec![[0u8; TAGS]; n];
    if n == 0 {
        return (score, back);
    }
    for t in 0..TAGS {
        if allowed(None, t as u8) {
            score[0][t] = transitions[TAGS][t] + emissions[0][t];
        }
    }
    for i in 1..n {
        for t in 0..TAGS {
            let mut best = (f32::NEG_INFINITY, 0u8);
            for &p in &PREDECESSORS[t] {
                let s = score[i - 1][p] + transitions[p][t];
                if s > best.0 {
                    best = (s, p as u8);
                }
            }
            score[i][t] = best.0 + emissions[i][t];
            back[i][t] = best.1;
        }
    }
    (score, back)
}

/// The best sequence through the forward pass's back pointers.
fn backtrack(score: &[[f32; TAGS]], back: &[[u8; TAGS]]) -> Vec<u8> {
    let n = score.len();
    if n == 0 {
        return Vec::new();
    }
    let mut last = O;
    let mut best = f32::NEG_INFINITY;
    for (t, &s) in score[n - 1].iter().enumerate() {
        if allowed_last(t as u8) && s > best {
            best = s;
            last = t as u8;
        }
    }
    let mut tags = vec![O; n];
    tags[n - 1] = last;
    for i in (1..n).rev() {
        tags[i - 1] = back[i][usize::from(tags[i])];
    }
    tags
}

/// Margins are mapped to confidences by `1 / (1 + exp(-margin / MARGIN_SCALE))`.
const MARGIN_SCALE: f32 = 10.0;

/// For each token, how much better the best tag sequence is than the best one
/// with another tag at that token (max-marginals from a forward and a
/// backward Viterbi pass): 0 for a tie, large when the choice is clear.
#[allow(clippy::needless_range_loop)]
pub fn margins(
    emissions: &[[f32; TAGS]],
    transitions: &Transitions,
    forward: &[[f32; TAGS]],
    tags: &[u8],
) -> Vec<f32> {
    let n = emissions.len();
    let mut backward = vec![[f32::NEG_INFINITY; TAGS]; n];
    for i in (0..n).rev() {
        for t in 0..TAGS {
            backward[i][t] = if i + 1 == n {
                if allowed_last(t as u8) {
                    0.0
                } else {
                    f32::NEG_INFINITY
                }
            } else {
                SUCCESSORS[t]
                    .iter()
                    .map(|&x| transitions[t][x] + emissions[i + 1][x] + backward[i + 1][x])
                    .fold(f32::NEG_INFINITY, f32::max)
            };
        }
    }
    (0..n)
        .map(|i| {
            let chosen = usize::from(tags[i]);
            let best = forward[i][chosen] + backward[i][chosen];
            let other = (0..TAGS)
                .filter(|&t| t != chosen)
                .map(|t| forward[i][t] + backward[i][t])
                .fold(f32::NEG_INFINITY, f32::max);
            (best - other).max(0.0)
        })
        .collect()
}

/// A hasher for keys that are hashes already: it only mixes the bits.
#[derive(Default)]
pub struct PreHashed(u64);

impl Hasher for PreHashed {
    fn finish(&self) -> u64 {
        self.0.wrapping_mul(0x9e37_79b9_7f4a_7c15).rotate_left(29)
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) ^ u64::from(b);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// A map from feature hash to row.
pub type FeatureMap<V> = HashMap<u64, V, BuildHasherDefault<PreHashed>>;

/// A trained tagger.
#[derive(Debug, Clone)]
pub struct Model {
    /// Which model this is, for the caches of [`Self::emissions_of`]: unique
    /// to each model made in this process (a clone has the same weights).
    id: u64,
    /// The `TAGS` weights of each kept feature as multiples of `scale`, kept
    /// in the map itself so a lookup touches memory once, and as i16 so the
    /// table is small enough to stay in the CPU's cache.
    rows: FeatureMap<[i16; TAGS]>,
    /// What one unit of a row weighs.
    scale: f32,
    /// Tag-to-tag weights.
    transitions: Transitions,
}

impl PartialEq for Model {
    fn eq(&self, other: &Self) -> bool {
        self.rows == other.rows
            && self.scale == other.scale
            && self.transitions == other.transitions
    }
}

/// Which templates are a word's own ([`features::OWN_TEMPLATES`]), by template.
const IS_OWN: [bool; TEMPLATES] = {
    let mut own = [false; TEMPLATES];
    let mut i = 0;
    while i < features::OWN_TEMPLATES.len() {
        own[features::OWN_TEMPLATES[i]] = true;
        i += 1;
    }
    own
};

/// A new model's [`Model::id`].
fn next_id() -> u64 {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

/// A span the tagger found, with its confidence.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Tagged {
    /// The span.
    pub span: Span,
    /// From the smallest max-marginal margin over its tokens (see `margins`),
    /// squashed into 0.5..1: a ranking, not a calibrated probability.
    pub confidence: f32,
}

/// A model file that cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    /// Not a kgraph tagger model.
    #[error("not a kgraph tagger model (bad header)")]
    Header,
    /// Written for other features.
    #[error("the model was trained with {0} features a token, this kgraph uses {TEMPLATES}: retrain it with 'kgraph train'")]
    Templates(u32),
    /// Cut short.
    #[error("the model file is truncated")]
    Truncated,
}

const MAGIC: &[u8; 8] = b"KGTAGv1\n";

/// A weight as a multiple of `scale`.
fn quantize(w: f32, scale: f32) -> i16 {
    (w / scale).round().clamp(-32767.0, 32767.0) as i16
}

/// The weight a multiple of `scale` stands for.
fn dequantize(q: i16, scale: f32) -> f32 {
    f32::from(q) * scale
}

/// Weights are stored as i16 times this factor's inverse.
fn scale_of(weights: &[[f32; TAGS]], transitions: &Transitions) -> f32 {
    let max = weights
        .iter()
        .flatten()
        .chain(transitions.iter().flatten())
        .fold(0f32, |m, w| m.max(w.abs()));
    if max == 0.0 {
        1.0
    } else {
        max / f32::from(i16::MAX)
    }
}

struct Reader<'a>(&'a [u8]);

impl Reader<'_> {
    fn take<const N: usize>(&mut self) -> Result<[u8; N], ModelError> {
        let (head, rest) = self
            .0
            .split_first_chunk::<N>()
            .ok_or(ModelError::Truncated)?;
        self.0 = rest;
        Ok(*head)
    }
    fn u32(&mut self) -> Result<u32, ModelError> {
        self.take().map(u32::from_le_bytes)
    }
    fn i16(&mut self) -> Result<i16, ModelError> {
        self.take().map(i16::from_le_bytes)
    }
}

impl Model {
    /// A model from its rows and weights.
    pub fn new(features: Vec<(u64, [f32; TAGS])>, transitions: Transitions) -> Self {
        let weights: Vec<[f32; TAGS]> = features.iter().map(|(_, w)| *w).collect();
        let scale = scale_of(&weights, &transitions);
        let rows = features
            .into_iter()
            .map(|(hash, w)| (hash, w.map(|w| quantize(w, scale))))
            .collect();
        let transitions = transitions.map(|row| row.map(|w| dequantize(quantize(w, scale), scale)));
        Model {
            id: next_id(),
            rows,
            scale,
            transitions,
        }
    }

    /// The model built into this binary.
    pub fn shipped() -> &'static Model {
        static MODEL: std::sync::OnceLock<Model> = std::sync::OnceLock::new();
        MODEL.get_or_init(|| {
            // The build embeds the file that `kgraph train` wrote; a test checks
            // that it reads.
            Model::from_bytes(include_bytes!("../../../../data/tagger.model"))
                .unwrap_or_else(|_| Model::new(Vec::new(), [[0.0; TAGS]; TAGS + 1]))
        })
    }

    /// How many features it keeps.
    pub fn features(&self) -> usize {
        self.rows.len()
    }

    /// The scores of every tag at every token, from the features.
    pub fn emissions(&self, features: &[u64]) -> Emissions {
        features
            .chunks_exact(TEMPLATES)
            .map(|token| {
                let mut sums = [0i32; TAGS];
                self.add_rows(&mut sums, token.iter());
                self.scores(&sums)
            })
            .collect()
    }

    /// Adds the rows of `features` to `sums`, in units of `scale`. Integer sums
    /// are exact, so they do not depend on the order of the features.
    fn add_rows<'f>(&self, sums: &mut [i32; TAGS], features: impl Iterator<Item = &'f u64>) {
        for f in features {
            if let Some(row) = self.rows.get(f) {
                for (s, &w) in sums.iter_mut().zip(row) {
                    *s += i32::from(w);
                }
            }
        }
    }

    /// Tag scores from sums in units of `scale`.
    fn scores(&self, sums: &[i32; TAGS]) -> [f32; TAGS] {
        sums.map(|s| s as f32 * self.scale)
    }

    /// [`Self::emissions`] for the tokens `words`, with the sums of each word's
    /// own features ([`features::OWN_TEMPLATES`]) kept for the words seen
    /// lately on this thread, the same whether a word's sums are found there
    /// or computed.
    fn emissions_of(&self, words: &[&str], features: &[u64]) -> Emissions {
        thread_local! {
            /// The model the sums are of, and the sums by word.
            static OWN_SUMS: std::cell::RefCell<(u64, super::cache::WordCache<[i32; TAGS]>)> =
                std::cell::RefCell::default();
        }
        OWN_SUMS.with_borrow_mut(|(model, cache)| {
            // The sums are this model's.
            if *model != self.id {
                cache.clear();
                *model = self.id;
            }
            words
                .iter()
                .zip(features.chunks_exact(TEMPLATES))
                .map(|(&word, token)| {
                    let mut sums = cache.get(word, || {
                        let mut sums = [0i32; TAGS];
                        self.add_rows(
                            &mut sums,
                            features::OWN_TEMPLATES.iter().map(|&t| &token[t]),
                        );
                        sums
                    });
                    self.add_rows(
                        &mut sums,
                        token
                            .iter()
                            .zip(IS_OWN)
                            .filter(|(_, own)| !own)
                            .map(|(f, _)| f),
                    );
                    self.scores(&sums)
                })
                .collect()
        })
    }

    /// The size of one step of the i16 weights.
    #[cfg(test)]
    pub(crate) fn scale(&self) -> f32 {
        self.scale
    }

    /// The transition weights.
    pub fn transitions(&self) -> &Transitions {
        &self.transitions
    }

    /// Tags one sentence.
    pub fn tag(&self, words: &[&str]) -> Vec<Tagged> {
        let features = features::sentence(Gazetteer::get(), words);
        let emissions = self.emissions_of(words, &features);
        let (score, back) = forward(&emissions, &self.transitions);
        let tags = backtrack(&score, &back);
        let spans = decode(&tags);
        if spans.is_empty() {
            return Vec::new();
        }
        let margins = margins(&emissions, &self.transitions, &score, &tags);
        spans
            .into_iter()
            .map(|span| {
                let margin = margins[span.first..span.end]
                    .iter()
                    .fold(f32::INFINITY, |m, &x| m.min(x));
                Tagged {
                    span,
                    confidence: 1.0 / (1.0 + (-margin / MARGIN_SCALE).exp()),
                }
            })
            .collect()
    }

    /// The model as bytes: a header, the transitions, then the features in hash
    /// order, each with its non-zero weights, as i16 under one scale.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut rows: Vec<(&u64, &[i16; TAGS])> = self.rows.iter().collect();
        rows.sort_unstable_by_key(|(h, _)| **h);
        let scale = self.scale;
        let q = |w: f32| quantize(w, scale);
        let mut out = Vec::new();
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&(TEMPLATES as u32).to_le_bytes());
        out.extend_from_slice(&scale.to_le_bytes());
        for w in self.transitions.iter().flatten() {
            out.extend_from_slice(&q(*w).to_le_bytes());
        }
        let kept: Vec<(u64, Vec<(u8, i16)>)> = rows
            .into_iter()
            .map(|(hash, w)| {
                let hash = *hash;
                let nonzero = (0..TAGS)
                    .map(|t| (t as u8, w[t]))
                    .filter(|(_, v)| *v != 0)
                    .collect();
                (hash, nonzero)
            })
            .filter(|(_, nonzero): &(u64, Vec<(u8, i16)>)| !nonzero.is_empty())
            .collect();
        out.extend_from_slice(&(kept.len() as u32).to_le_bytes());
        for (hash, nonzero) in kept {
            out.extend_from_slice(&hash.to_le_bytes());
            out.push(nonzero.len() as u8);
            for (t, v) in nonzero {
                out.push(t);
                out.extend_from_slice(&v.to_le_bytes());
            }
        }
        out
    }

    /// Reads what [`Self::to_bytes`] wrote.
    pub fn from_bytes(bytes: &[u8]) -> Result<Model, ModelError> {
        let mut r = Reader(bytes);
        if &r.take::<8>()? != MAGIC {
            return Err(ModelError::Header);
        }
        let templates = r.u32()?;
        if templates as usize != TEMPLATES {
            return Err(ModelError::Templates(templates));
        }
        let scale = f32::from_le_bytes(r.take()?);
        let mut transitions = [[0f32; TAGS]; TAGS + 1];
        for w in transitions.iter_mut().flatten() {
            *w = dequantize(r.i16()?, scale);
        }
        let n = r.u32()? as usize;
        let mut rows = FeatureMap::default();
        rows.reserve(n.min(bytes.len() / 9));
        for _ in 0..n {
            let hash = u64::from_le_bytes(r.take()?);
            let count = r.take::<1>()?[0];
            let mut w = [0i16; TAGS];
            for _ in 0..count {
                let t = usize::from(r.take::<1>()?[0]);
                *w.get_mut(t).ok_or(ModelError::Truncated)? = r.i16()?;
            }
            rows.insert(hash, w);
        }
        if !r.0.is_empty() {
            return Err(ModelError::Truncated);
        }
        Ok(Model {
            id: next_id(),
            rows,
            scale,
            transitions,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(first: usize, end: usize, label: Label) -> Span {
        Span { first, end, label }
    }

    #[test]
    fn bilou_round_trip() {
        let spans = vec![
            span(0, 2, Label::Per),
            span(3, 4, Label::Loc),
            span(5, 8, Label::Org),
        ];
        let tags = encode(&spans, 9);
        assert_eq!(tags.len(), 9);
        assert_eq!(decode(&tags), spans);
    }

    #[test]
    fn viterbi_keeps_tags_valid() {
        // Emissions that favour "I-PER" alone, which no valid sequence has.
        let inside = tag(Label::Per, Position::Inside);
        let mut e = [0f32; TAGS];
        e[usize::from(inside)] = 5.0;
        let tags = viterbi(&[e, e, e], &[[0.0; TAGS]; TAGS + 1]);
        assert!(allowed(None, tags[0]));
        assert!(tags.windows(2).all(|w| allowed(Some(w[0]), w[1])));
        assert!(allowed_last(tags[2]));
        // B I L is valid and takes the two inside points it can.
        assert_eq!(decode(&tags), vec![span(0, 3, Label::Per)]);
    }

    #[test]
    fn cached_word_sums_give_the_plain_emissions() {
        let model = Model::shipped();
        let words = [
            "Venezuelan",
            "Interior",
            "Minister",
            "Diosdado",
            "Cabello",
            "said",
            "the",
            "the",
            ".",
        ];
        let features = features::sentence(Gazetteer::get(), &words);
        let plain = model.emissions(&features);
        assert_eq!(model.emissions_of(&words, &features), plain);
        // Again, from the cache.
        assert_eq!(model.emissions_of(&words, &features), plain);
        // Another model does not take the shipped model's sums.
        let other = Model::new(vec![(features[1], [1.0; TAGS])], [[0.0; TAGS]; TAGS + 1]);
        let e = other.emissions_of(&words, &features);
        assert_eq!(e, other.emissions(&features));
        assert_ne!(e, plain);
        assert_eq!(model.emissions_of(&words, &features), plain);
    }

    #[test]
    fn bytes_round_trip_and_bad_files() {
        let mut w = [0f32; TAGS];
        w[3] = 1.5;
        w[7] = -0.25;
        let mut t = [[0f32; TAGS]; TAGS + 1];
        t[TAGS][1] = 0.75;
        let m = Model::new(vec![(42, w), (7, [0.0; TAGS])], t);
        let bytes = m.to_bytes();
        let back = Model::from_bytes(&bytes).unwrap();
        // The all-zero row is dropped; the rest survives quantization closely.
        assert_eq!(back.features(), 1);
        let e = back.emissions(&[42; TEMPLATES]);
        assert!((e[0][3] - 1.5 * TEMPLATES as f32).abs() < 0.01);
        assert!((back.transitions()[TAGS][1] - 0.75).abs() < 0.001);
        assert_eq!(back.to_bytes(), bytes);
        assert!(matches!(
            Model::from_bytes(b"nonsense"),
            Err(ModelError::Header)
        ));
        assert!(matches!(
            Model::from_bytes(&bytes[..bytes.len() - 1]),
            Err(ModelError::Truncated)
        ));
    }
}
