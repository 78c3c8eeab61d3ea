//! Coreference scores over a set of documents: MUC (Vilain et al. 1995), B³
//! (Bagga and Baldwin 1998), CEAF-e (Luo 2005, entity-based with the φ4
//! similarity and an exact Kuhn-Munkres assignment) and their mean F1, the
//! CoNLL F1, as the CoNLL-2012 reference scorer (Pradhan et al. 2014) and
//! the CorefUD scorer compute them:
//!
//! - each metric sums its precision and recall numerators and denominators
//!   over the documents (a micro average), then divides;
//! - a predicted mention that matches no gold mention counts as a mention of
//!   its own, in no gold entity (and a gold one no prediction matched, in no
//!   predicted entity), the reference scorer's treatment of twinless
//!   mentions;
//! - [`Matching`] says when a predicted mention is a gold one: the same span
//!   ([`Matching::Exact`]), or the CorefUD scorer's head match
//!   ([`Matching::Head`]);
//! - [`Singletons`] says whether entities of one mention are scored; the
//!   CorefUD scorer drops them by default, from gold and prediction alike,
//!   before matching.
//!
//! A mention span that occurs twice on one side of a document counts once,
//! in the first cluster that has it; a span without a word is ignored.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use serde::Serialize;

use super::gold::Document;

/// A mention to score: the words `first..end` of a document and its head
/// word, numbered across the document. Written to JSON as
/// `[first, end, head]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(into = "[usize; 3]")]
pub struct Span {
    /// The first word.
    pub first: usize,
    /// One past the last word.
    pub end: usize,
    /// The head word.
    pub head: usize,
}

impl From<Span> for [usize; 3] {
    fn from(s: Span) -> Self {
        [s.first, s.end, s.head]
    }
}

/// The mentions of one entity.
pub type Cluster = Vec<Span>;

/// When a predicted mention is taken for a gold one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Matching {
    /// The same span.
    Exact,
    /// The CorefUD scorer's `--match head` (the CRAC 2023 and 2024 shared
    /// tasks' setting): first the mentions with the same span and head;
    /// then, among the mentions left, a predicted mention matches a gold one
    /// with the same head word, one to one, by an assignment that maximizes
    /// the summed share of each gold span that its match covers.
    #[default]
    Head,
}

/// Whether entities of a single mention are scored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Singletons {
    /// Scored (the CorefUD scorer's `--keep-singletons`).
    Keep,
    /// Removed from gold and prediction before matching (the CorefUD
    /// scorer's default, and the CoNLL-2012 data's, which has none).
    #[default]
    Exclude,
}

/// Precision, recall and their harmonic mean.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct Prf {
    /// Precision, 0 when nothing was predicted.
    pub precision: f64,
    /// Recall, 0 when nothing was expected.
    pub recall: f64,
    /// F1, 0 when precision and recall are.
    pub f1: f64,
}

/// The coreference scores of a document set.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct Scores {
    /// MUC: links (Vilain et al. 1995).
    pub muc: Prf,
    /// B³: mentions (Bagga and Baldwin 1998).
    pub b3: Prf,
    /// CEAF-e: entities aligned one to one, φ4 similarity (Luo 2005).
    pub ceafe: Prf,
    /// The CoNLL F1: the mean of the three F1s.
    pub conll: f64,
}

/// A document's gold chains as clusters to score: one a chain, in the order
/// of [`Document::chains`].
pub fn clusters(doc: &Document) -> Vec<Cluster> {
    doc.chains()
        .into_iter()
        .map(|chain| {
            chain
                .into_iter()
                .map(|m| Span {
                    first: m.first,
                    end: m.end,
                    head: m.head,
                })
                .collect()
        })
        .collect()
}

/// Scores predicted clusters against gold ones: `docs` holds, a document
/// each, the gold clusters and the predicted ones.
///
/// ```
/// use kgraph_extract::coref::score::{score, Matching, Singletons, Span};
/// let m = |first, end| Span { first, end, head: end - 1 };
/// let gold = vec![vec![m(0, 2), m(5, 6), m(9, 10)]];
/// let predicted = vec![vec![m(0, 2), m(5, 6)], vec![m(9, 10)]];
/// let s = score(&[(gold, predicted)], Matching::Exact, Singletons::Exclude);
/// assert_eq!(s.muc.recall, 0.5); // one of the two gold links
/// assert_eq!(s.muc.precision, 1.0); // the one predicted link is right
/// ```
pub fn score(
    docs: &[(Vec<Cluster>, Vec<Cluster>)],
    matching: Matching,
    singletons: Singletons,
) -> Scores {
    let (mut muc, mut b3, mut ceafe) = (Counts::default(), Counts::default(), Counts::default());
    for (gold, predicted) in docs {
        let gold = prepare(gold, singletons);
        let predicted = prepare(predicted, singletons);
        let (key, response) = align(&gold, &predicted, matching);
        let key_of = owners(&key);
        let response_of = owners(&response);
        muc.add_precision(muc_side(&response, &key_of));
        muc.add_recall(muc_side(&key, &response_of));
        b3.add_precision(b3_side(&response, &key_of));
        b3.add_recall(b3_side(&key, &response_of));
        ceafe.add(ceaf_e(&key, &response, &response_of));
    }
    let (muc, b3, ceafe) = (muc.prf(), b3.prf(), ceafe.prf());
    Scores {
        muc,
        b3,
        ceafe,
        conll: (muc.f1 + b3.f1 + ceafe.f1) / 3.0,
    }
}

/// Numerators and denominators summed over documents.
#[derive(Debug, Clone, Copy, Default)]
struct Counts {
    p_num: f64,
    p_den: f64,
    r_num: f64,
    r_den: f64,
}

impl Counts {
    fn add_precision(&mut self, (num, den): (f64, f64)) {
        self.p_num += num;
        self.p_den += den;
    }
    fn add_recall(&mut self, (num, den): (f64, f64)) {
        self.r_num += num;
        self.r_den += den;
    }
    fn add(&mut self, other: Counts) {
        self.add_precision((other.p_num, other.p_den));
        self.add_recall((other.r_num, other.r_den));
    }
    fn prf(&self) -> Prf {
        let ratio = |num: f64, den: f64| if den == 0.0 { 0.0 } else { num / den };
        let (precision, recall) = (ratio(self.p_num, self.p_den), ratio(self.r_num, self.r_den));
        let f1 = if precision + recall == 0.0 {
            0.0
        } else {
            2.0 * precision * recall / (precision + recall)
        };
        Prf {
            precision,
            recall,
            f1,
        }
    }
}

/// A side's clusters as scored: a span once (in its first cluster), no span
/// without a word (`end <= first`), no empty cluster, and no singleton when
/// they are excluded.
fn prepare(clusters: &[Cluster], singletons: Singletons) -> Vec<Cluster> {
    let mut seen = HashSet::new();
    clusters
        .iter()
        .map(|c| {
            c.iter()
                .copied()
                .filter(|s| s.end > s.first && seen.insert((s.first, s.end)))
                .collect::<Cluster>()
        })
        .filter(|c| match singletons {
            Singletons::Keep => !c.is_empty(),
            Singletons::Exclude => c.len() > 1,
        })
        .collect()
}

/// Mentions as numbers: the gold mentions are 0, 1, 2...; a predicted
/// mention takes the number of the gold mention it matches, or a number of
/// its own. Returns the gold and the predicted clusters so numbered.
fn align(
    gold: &[Cluster],
    predicted: &[Cluster],
    matching: Matching,
) -> (Vec<Vec<usize>>, Vec<Vec<usize>>) {
    let gold_spans: Vec<Span> = gold.iter().flatten().copied().collect();
    let predicted_spans: Vec<Span> = predicted.iter().flatten().copied().collect();
    let mut number: Vec<Option<usize>> = vec![None; predicted_spans.len()];
    // The same span (and, matching heads, the same head).
    let key = |s: &Span| match matching {
        Matching::Exact => (s.first, s.end, 0),
        Matching::Head => (s.first, s.end, s.head),
    };
    let by_key: HashMap<_, usize> = gold_spans
        .iter()
        .enumerate()
        .map(|(i, s)| (key(s), i))
        .collect();
    let mut taken = vec![false; gold_spans.len()];
    for (j, s) in predicted_spans.iter().enumerate() {
        if let Some(&i) = by_key.get(&key(s)) {
            if !taken[i] {
                taken[i] = true;
                number[j] = Some(i);
            }
        }
    }
    if matching == Matching::Head {
        match_heads(&gold_spans, &predicted_spans, &mut taken, &mut number);
    }
    let mut gold_numbers = Vec::with_capacity(gold.len());
    let mut next = 0;
    for c in gold {
        gold_numbers.push((next..next + c.len()).collect());
        next += c.len();
    }
    // A predicted mention without a match gets a number past the gold ones.
    let mut numbers = number.into_iter().map(|n| {
        n.unwrap_or_else(|| {
            next += 1;
            next - 1
        })
    });
    let predicted_numbers = predicted
        .iter()
        .map(|c| numbers.by_ref().take(c.len()).collect())
        .collect();
    (gold_numbers, predicted_numbers)
}

/// The head match among the mentions left unmatched: for each head word,
/// its gold and predicted mentions are assigned one to one so that the
/// covered shares of the gold spans add up to the most; the mentions are
/// taken in document order (by first word, then end), as the CorefUD scorer
/// sorts them.
fn match_heads(
    gold: &[Span],
    predicted: &[Span],
    taken: &mut [bool],
    number: &mut [Option<usize>],
) {
    let mut by_head: BTreeMap<usize, (Vec<usize>, Vec<usize>)> = BTreeMap::new();
    for (i, s) in gold.iter().enumerate().filter(|(i, _)| !taken[*i]) {
        by_head.entry(s.head).or_default().0.push(i);
    }
    for (j, s) in predicted
        .iter()
        .enumerate()
        .filter(|(j, _)| number[*j].is_none())
    {
        if let Some(group) = by_head.get_mut(&s.head) {
            group.1.push(j);
        }
    }
    for (mut rows, mut cols) in by_head.into_values() {
        if cols.is_empty() {
            continue;
        }
        rows.sort_by_key(|&i| (gold[i].first, gold[i].end));
        cols.sort_by_key(|&j| (predicted[j].first, predicted[j].end));
        let weights: Vec<Vec<f64>> = rows
            .iter()
            .map(|&i| {
                let g = gold[i];
                cols.iter()
                    .map(|&j| {
                        let p = predicted[j];
                        let common = g.end.min(p.end).saturating_sub(g.first.max(p.first));
                        common as f64 / (g.end - g.first) as f64
                    })
                    .collect()
            })
            .collect();
        for (r, c) in assignment(&weights).into_iter().enumerate() {
            if let Some(c) = c.filter(|&c| weights[r][c] > 0.0) {
                taken[rows[r]] = true;
                number[cols[c]] = Some(rows[r]);
            }
        }
    }
}

/// For each mention number, the cluster that holds it.
fn owners(clusters: &[Vec<usize>]) -> HashMap<usize, usize> {
    clusters
        .iter()
        .enumerate()
        .flat_map(|(k, c)| c.iter().map(move |&m| (m, k)))
        .collect()
}

/// How the other side's clusters cut a cluster of this side: the size of
/// each piece the other side has, in the order they are first met, and the
/// number of mentions the other side lacks.
fn pieces(cluster: &[usize], other: &HashMap<usize, usize>) -> (Vec<usize>, usize) {
    let mut sizes: Vec<usize> = Vec::new();
    let mut index: HashMap<usize, usize> = HashMap::new();
    let mut lacking = 0;
    for m in cluster {
        match other.get(m) {
            Some(&k) => {
                let i = *index.entry(k).or_insert_with(|| {
                    sizes.push(0);
                    sizes.len() - 1
                });
                sizes[i] += 1;
            }
            None => lacking += 1,
        }
    }
    (sizes, lacking)
}

/// MUC's numerator and denominator for one side (recall for gold, precision
/// for the prediction): Σ |C| - |p(C)| over Σ |C| - 1, where p(C) is the
/// partition of C by the other side, a mention it lacks a part alone.
fn muc_side(clusters: &[Vec<usize>], other: &HashMap<usize, usize>) -> (f64, f64) {
    clusters.iter().fold((0.0, 0.0), |(num, den), c| {
        let (parts, lacking) = pieces(c, other);
        let n = c.len() as f64;
        (num + n - (parts.len() + lacking) as f64, den + n - 1.0)
    })
}

/// B³'s numerator and denominator for one side: Σ over clusters C and the
/// other side's clusters O of |C ∩ O|² / |C|, over Σ |C|. A mention the
/// other side lacks earns nothing.
fn b3_side(clusters: &[Vec<usize>], other: &HashMap<usize, usize>) -> (f64, f64) {
    clusters.iter().fold((0.0, 0.0), |(num, den), c| {
        let n = c.len() as f64;
        let sum: f64 = pieces(c, other)
            .0
            .into_iter()
            .map(|p| {
                let p = p as f64;
                p * p / n
            })
            .sum();
        (num + sum, den + n)
    })
}

/// CEAF-e's counts: the best one-to-one alignment of gold and predicted
/// entities under φ4(K, R) = 2|K ∩ R| / (|K| + |R|), its total over the
/// number of predicted entities (precision) and of gold ones (recall).
fn ceaf_e(
    key: &[Vec<usize>],
    response: &[Vec<usize>],
    response_of: &HashMap<usize, usize>,
) -> Counts {
    // Only entities that share a mention can be aligned with profit.
    let mut common: BTreeMap<(usize, usize), usize> = BTreeMap::new();
    for (k, c) in key.iter().enumerate() {
        for m in c {
            if let Some(&r) = response_of.get(m) {
                *common.entry((k, r)).or_default() += 1;
            }
        }
    }
    let rows: BTreeSet<usize> = common.keys().map(|&(k, _)| k).collect();
    let cols: BTreeSet<usize> = common.keys().map(|&(_, r)| r).collect();
    let weights: Vec<Vec<f64>> = rows
        .iter()
        .map(|&k| {
            cols.iter()
                .map(|&r| {
                    let n = common.get(&(k, r)).copied().unwrap_or(0) as f64;
                    2.0 * n / (key[k].len() + response[r].len()) as f64
                })
                .collect()
        })
        .collect();
    let total: f64 = assignment(&weights)
        .into_iter()
        .enumerate()
        .filter_map(|(r, c)| c.map(|c| weights[r][c]))
        .sum();
    Counts {
        p_num: total,
        p_den: response.len() as f64,
        r_num: total,
        r_den: key.len() as f64,
    }
}

/// A maximum-weight one-to-one assignment of rows to columns (the
/// Kuhn-Munkres or Hungarian algorithm, with potentials: O(n² m) for n rows
/// and m columns, n ≤ m, transposed otherwise). Returns each row's column,
/// `None` for a row left over when there are more rows than columns. The
/// weights must be finite; every row has the same length.
fn assignment(weights: &[Vec<f64>]) -> Vec<Option<usize>> {
    let rows = weights.len();
    let cols = weights.first().map_or(0, Vec::len);
    if rows == 0 || cols == 0 {
        return vec![None; rows];
    }
    if rows > cols {
        let transposed: Vec<Vec<f64>> = (0..cols)
            .map(|c| (0..rows).map(|r| weights[r][c]).collect())
            .collect();
        let mut out = vec![None; rows];
        for (c, r) in assignment(&transposed).into_iter().enumerate() {
            if let Some(r) = r {
                out[r] = Some(c);
            }
        }
        return out;
    }
    // Minimum cost with cost = -weight, 1-based with a dummy column 0:
    // u and v are the potentials, owner[j] the row of column j, way[j] the
    // column before j on the augmenting path.
    let cost = |i: usize, j: usize| -weights[i - 1][j - 1];
    let mut u = vec![0.0; rows + 1];
    let mut v = vec![0.0; cols + 1];
    let mut owner = vec![0usize; cols + 1];
    let mut way = vec![0usize; cols + 1];
    for i in 1..=rows {
        owner[0] = i;
        let mut j0 = 0;
        let mut min = vec![f64::INFINITY; cols + 1];
        let mut used = vec![false; cols + 1];
        loop {
            used[j0] = true;
            let i0 = owner[j0];
            let mut delta = f64::INFINITY;
            let mut j1 = 0;
            for j in 1..=cols {
                if !used[j] {
                    let reduced = cost(i0, j) - u[i0] - v[j];
                    if reduced < min[j] {
                        min[j] = reduced;
                        way[j] = j0;
                    }
                    if min[j] < delta {
                        delta = min[j];
                        j1 = j;
                    }
                }
            }
            for j in 0..=cols {
                if used[j] {
                    u[owner[j]] += delta;
                    v[j] -= delta;
                } else {
                    min[j] -= delta;
                }
            }
            j0 = j1;
            if owner[j0] == 0 {
                break;
            }
        }
        while j0 != 0 {
            let j1 = way[j0];
            owner[j0] = owner[j1];
            j0 = j1;
        }
    }
    let mut out = vec![None; rows];
    for j in 1..=cols {
        if owner[j] != 0 {
            out[owner[j] - 1] = Some(j - 1);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One-word mentions, named by their word.
    fn c(words: &[usize]) -> Cluster {
        words
            .iter()
            .map(|&w| Span {
                first: w,
                end: w + 1,
                head: w,
            })
            .collect()
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-12
    }

    fn assert_prf(got: Prf, precision: f64, recall: f64, f1: f64) {
        assert!(
            close(got.precision, precision) && close(got.recall, recall) && close(got.f1, f1),
            "{got:?}, expected P {precision} R {recall} F {f1}"
        );
    }

    /// The example of Pradhan et al. (2014), "Scoring coreference
    /// partitions of predicted mentions: a reference implementation",
    /// section 3: key {a b c} {d e f g}, response {a b} {c d} {f g h i}
    /// (e is missed, h and i are invented).
    #[test]
    fn pradhan_2014_example() {
        let (a, b, cc, d, e, f, g, h, i) = (0, 1, 2, 3, 4, 5, 6, 7, 8);
        let key = vec![c(&[a, b, cc]), c(&[d, e, f, g])];
        let response = vec![c(&[a, b]), c(&[cc, d]), c(&[f, g, h, i])];
        let s = score(&[(key, response)], Matching::Exact, Singletons::Keep);
        // MUC recall: {a b c} is cut into {a b} {c}: 3 - 2 = 1; {d e f g}
        // into {d} {e} {f g}: 4 - 3 = 1; over (3 - 1) + (4 - 1): 2/5.
        // Precision: {a b} 2 - 1 = 1, {c d} 2 - 2 = 0, {f g h i} into
        // {f g} {h} {i}: 4 - 3 = 1; over 1 + 1 + 3: 2/5. F 2/5.
        assert_prf(s.muc, 0.4, 0.4, 0.4);
        // B³ recall: (2²/3 + 1²/3 + 1²/4 + 2²/4) / 7 = (5/3 + 5/4) / 7
        // = 35/84 = 5/12 (e earns nothing). Precision: (2²/2 + 1²/2 + 1²/2
        // + 2²/4) / 8 = 4/8 = 1/2. F = 2 (5/12)(1/2) / (11/12) = 5/11.
        assert_prf(s.b3, 0.5, 5.0 / 12.0, 5.0 / 11.0);
        // CEAF-e: φ4({a b c}, {a b}) = 2·2/5 = 0.8, φ4({a b c}, {c d}) =
        // 2/5, φ4({d e f g}, {c d}) = 2/6, φ4({d e f g}, {f g h i}) = 4/8.
        // The best alignment: 0.8 + 0.5 = 1.3; recall 1.3/2 = 0.65,
        // precision 1.3/3, F 2·1.3/5 = 0.52.
        assert_prf(s.ceafe, 1.3 / 3.0, 0.65, 0.52);
        assert!(close(s.conll, (0.4 + 5.0 / 11.0 + 0.52) / 3.0));
        // The paper's table: MUC 40.00, B³ 41.67 / 50.00 / 45.45, CEAF-e
        // 65.00 / 43.33 / 52.00.
        let pct = |x: f64| (x * 10_000.0).round() / 100.0;
        assert_eq!(
            [pct(s.b3.recall), pct(s.b3.f1), pct(s.ceafe.precision)],
            [41.67, 45.45, 43.33]
        );
    }

    /// Vilain et al. (1995): key {A B C D}, response {A B} {C D}: recall
    /// (4 - 2)/(4 - 1) = 2/3, precision (1 + 1)/(1 + 1) = 1.
    #[test]
    fn vilain_1995_muc() {
        let s = score(
            &[(vec![c(&[0, 1, 2, 3])], vec![c(&[0, 1]), c(&[2, 3])])],
            Matching::Exact,
            Singletons::Exclude,
        );
        assert_prf(s.muc, 1.0, 2.0 / 3.0, 0.8);
        // B³: recall (2²/4 + 2²/4)/4 = 1/2, precision 1. CEAF-e: φ4 of
        // either pair 2·2/6 = 2/3; recall 2/3 over 1, precision over 2.
        assert_prf(s.b3, 1.0, 0.5, 2.0 / 3.0);
        assert_prf(s.ceafe, 1.0 / 3.0, 2.0 / 3.0, 4.0 / 9.0);
    }

    #[test]
    fn a_perfect_prediction_scores_one_and_an_empty_one_zero() {
        let gold = vec![c(&[0, 3, 7]), c(&[1, 2]), c(&[5])];
        for singletons in [Singletons::Keep, Singletons::Exclude] {
            for matching in [Matching::Exact, Matching::Head] {
                let s = score(&[(gold.clone(), gold.clone())], matching, singletons);
                for prf in [s.muc, s.b3, s.ceafe] {
                    assert_prf(prf, 1.0, 1.0, 1.0);
                }
                assert!(close(s.conll, 1.0));
                let s = score(&[(gold.clone(), Vec::new())], matching, singletons);
                assert_eq!(s, Scores::default());
            }
        }
        assert_eq!(
            score(&[], Matching::Head, Singletons::Exclude),
            Scores::default()
        );
    }

    #[test]
    fn singletons_are_removed_from_both_sides_when_excluded() {
        // Gold {0 1} {2}; predicted all three apart.
        let docs = [(vec![c(&[0, 1]), c(&[2])], vec![c(&[0]), c(&[1]), c(&[2])])];
        // Excluded: nothing is predicted, and {2} is not expected.
        let s = score(&docs, Matching::Exact, Singletons::Exclude);
        assert_eq!(s, Scores::default());
        // Kept: MUC has no right link (0/1) and predicts none (0/0). B³
        // recall (1/2 + 1/2 + 1)/3 = 2/3, precision 3/3. CEAF-e: {0 1}
        // with {0} (2/3) and {2} with {2} (1): recall (5/3)/2, precision
        // (5/3)/3, F 2(5/3)/5 = 2/3.
        let s = score(&docs, Matching::Exact, Singletons::Keep);
        assert_prf(s.muc, 0.0, 0.0, 0.0);
        assert_prf(s.b3, 1.0, 2.0 / 3.0, 0.8);
        assert_prf(s.ceafe, 5.0 / 9.0, 5.0 / 6.0, 2.0 / 3.0);
    }

    #[test]
    fn documents_are_micro_averaged() {
        // Document 1: MUC recall 1/1 ({0 1} found); document 2: 0/3 (a
        // chain of four split into singletons, precision 0/0). Micro:
        // recall 1/4, precision 1/1 (a mean of documents would say 1/2).
        let docs = [
            (vec![c(&[0, 1])], vec![c(&[0, 1])]),
            (
                vec![c(&[0, 1, 2, 3])],
                vec![c(&[0]), c(&[1]), c(&[2]), c(&[3])],
            ),
        ];
        let s = score(&docs, Matching::Exact, Singletons::Keep);
        assert_prf(s.muc, 1.0, 0.25, 0.4);
        // B³ recall: (1 + 1 + 4·1/4)/6 = 1/2; precision (2 + 4)/6 = 1.
        assert_prf(s.b3, 1.0, 0.5, 2.0 / 3.0);
    }

    fn span(first: usize, end: usize, head: usize) -> Span {
        Span { first, end, head }
    }

    #[test]
    fn head_matching_takes_a_predicted_mention_for_the_gold_one_with_its_head() {
        // "the old man" (head "man") and "he"; predicted "old man" and "he".
        let gold = vec![vec![span(0, 3, 2), span(5, 6, 5)]];
        let predicted = vec![vec![span(1, 3, 2), span(5, 6, 5)]];
        let docs = [(gold, predicted)];
        let head = score(&docs, Matching::Head, Singletons::Exclude);
        assert!(close(head.conll, 1.0));
        let exact = score(&docs, Matching::Exact, Singletons::Exclude);
        assert_prf(exact.muc, 0.0, 0.0, 0.0);
        // B³: only "he" is found, 1²/2 of its entity's two mentions, on
        // either side: (1/2)/2.
        assert_prf(exact.b3, 0.25, 0.25, 0.25);
    }

    #[test]
    fn head_matching_is_one_to_one_and_prefers_the_larger_share() {
        // Two gold mentions share head 2: [0, 3) in one entity, [2, 3) in
        // another. The predicted [1, 3) covers 2/3 of the first and all of
        // the second: it is taken for [2, 3), and [0, 3) stays unmatched.
        let gold = vec![
            vec![span(0, 3, 2), span(7, 8, 7)],
            vec![span(2, 3, 2), span(9, 10, 9)],
        ];
        let predicted = vec![
            vec![span(1, 3, 2), span(7, 8, 7)],
            vec![span(2, 3, 2), span(9, 10, 9)],
        ];
        let s = score(
            &[(gold.clone(), predicted)],
            Matching::Head,
            Singletons::Exclude,
        );
        // The exact [2, 3) comes first and takes the gold [2, 3); then the
        // predicted [1, 3) is left to the gold [0, 3): a perfect match.
        assert!(close(s.conll, 1.0));
        // With no exact twin, the larger share wins: [1, 3) is taken for
        // [2, 3), so the predicted {[1, 3) [9, 10)} is right (MUC precision
        // 1/1) and finds one of the two gold links.
        let predicted = vec![vec![span(1, 3, 2), span(9, 10, 9)]];
        let s = score(&[(gold, predicted)], Matching::Head, Singletons::Exclude);
        assert_prf(s.muc, 1.0, 0.5, 2.0 / 3.0);
    }

    #[test]
    fn a_span_counts_once_on_each_side() {
        let mut gold = vec![c(&[0, 1]), c(&[1, 2])];
        gold[1].push(span(4, 4, 4));
        assert_eq!(prepare(&gold, Singletons::Keep), [c(&[0, 1]), c(&[2])]);
        assert_eq!(prepare(&gold, Singletons::Exclude), [c(&[0, 1])]);
    }

    #[test]
    fn the_assignment_is_the_best_one() {
        // Every permutation of small matrices, from a fixed pseudo-random
        // sequence.
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % 7) as f64 / 7.0
        };
        fn best(w: &[Vec<f64>], row: usize, used: &mut Vec<bool>) -> f64 {
            if row == w.len() {
                return 0.0;
            }
            let mut top = best(w, row + 1, used); // the row left out
            for c in 0..used.len() {
                if !used[c] {
                    used[c] = true;
                    top = top.max(w[row][c] + best(w, row + 1, used));
                    used[c] = false;
                }
            }
            top
        }
        for rows in 1..=5 {
            for cols in 1..=5 {
                for _ in 0..20 {
                    let w: Vec<Vec<f64>> = (0..rows)
                        .map(|_| (0..cols).map(|_| next()).collect())
                        .collect();
                    let a = assignment(&w);
                    let mut seen = HashSet::new();
                    assert!(a.iter().flatten().all(|&c| seen.insert(c)), "one to one");
                    assert_eq!(a.iter().flatten().count(), rows.min(cols));
                    let total: f64 = a
                        .iter()
                        .enumerate()
                        .filter_map(|(r, c)| c.map(|c| w[r][c]))
                        .sum();
                    assert!(close(total, best(&w, 0, &mut vec![false; cols])), "{w:?}");
                }
            }
        }
        assert_eq!(assignment(&[]), Vec::<Option<usize>>::new());
    }

    #[test]
    fn gold_chains_become_clusters_and_spans_write_as_triples() {
        let text = "# newdoc id = d\n\
            1\tShe\t_\tPRON\t_\t_\t2\tnsubj\t_\tEntity=(1-person)\n\
            2\tsaw\t_\tVERB\t_\t_\t0\troot\t_\t_\n\
            3\therself\t_\tPRON\t_\t_\t2\tobj\t_\tEntity=(1-person)\n";
        let doc = &super::super::gold::parse(text, "t").unwrap()[0];
        let clusters = clusters(doc);
        assert_eq!(clusters, [vec![span(0, 1, 0), span(2, 3, 2)]]);
        assert_eq!(
            serde_json::to_string(&clusters).unwrap(),
            "[[[0,1,0],[2,3,2]]]"
        );
        let s = score(
            &[(clusters.clone(), clusters)],
            Matching::Head,
            Singletons::Exclude,
        );
        let json = serde_json::to_value(s).unwrap();
        assert_eq!(json["muc"]["f1"], 1.0);
        assert_eq!(json["conll"], 1.0);
    }
}
