//! Training the relation classifier on documents in the gold format.
//!
//! Each document is run through the extraction (default settings), its
//! entities matched to the gold ones as `kgraph eval` matches them, and each
//! candidate pair labelled with the gold property that relates the matched
//! entities, or none. Documents are split by the first number in their name,
//! as Re-DocRED's are numbered: a multiple of 5 is the evaluation fold and
//! is never read; one that leaves 4 is held out to fit the confidence and
//! choose each property's threshold; the others (and names without a
//! number) train the perceptron. Deterministic: the same files and options
//! give the same model.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use crate::eval::{match_entities, predicted, read_gold, ScoredObject};
use crate::extract::{extract_with, Settings};
use crate::metrics::Score;
use crate::schema::{EntityType, Property};
use crate::syntax::weights::{Trainer, Weights};
use crate::tagger::Rng;

use super::classes::{admits, CLASSES, PROPERTIES};
use super::features::{candidates, Candidate};
use super::model::Model;

/// Training choices.
#[derive(Debug, Clone)]
pub struct Options {
    /// Passes over the training candidates.
    pub epochs: usize,
    /// Seed of their order.
    pub seed: u64,
    /// Perceptrons trained (seeds `seed`, `seed + 1`, ...) and averaged.
    pub models: usize,
    /// Weights under this share of the largest are dropped.
    pub prune: f32,
    /// No property's threshold is lower than this.
    pub least_confidence: f32,
    /// A property's threshold keeps the held-out precision at or over this;
    /// a property that cannot is not predicted.
    pub least_precision: f64,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            epochs: 10,
            seed: 2026,
            models: 3,
            prune: 0.01,
            least_confidence: 0.5,
            least_precision: 0.8,
        }
    }
}

/// What a document is used for, by the first number in its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Trains the perceptron.
    Train,
    /// Fits the confidence and the thresholds.
    Tune,
    /// The evaluation fold: never read.
    Fold,
}

/// The role of the document named `name` (see the module's text).
pub fn role(name: &str) -> Role {
    let digits: String = name
        .chars()
        .skip_while(|c| !c.is_ascii_digit())
        .take_while(char::is_ascii_digit)
        .collect();
    match digits.parse::<u64>().map(|n| n % 5) {
        Ok(0) => Role::Fold,
        Ok(4) => Role::Tune,
        _ => Role::Train,
    }
}

/// What is known of a candidate's class.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Label {
    /// Its class (0: no relation): a document annotated for every property.
    Full(usize),
    /// It holds this class; whether it holds others is not known (a
    /// passage annotated for one property).
    Is(usize),
    /// It does not hold this class; the others are not known.
    Not(usize),
}

impl Label {
    /// Is a prediction of `class` right (`None`: not known)?
    pub fn right(self, class: usize) -> Option<bool> {
        match self {
            Label::Full(c) => Some(c == class),
            Label::Is(c) => (c == class).then_some(true),
            Label::Not(c) => (c == class).then_some(false),
        }
    }
}

/// One labelled candidate.
#[derive(Debug, Clone)]
pub struct Example {
    pub(super) hashes: Vec<u64>,
    pub(super) types: (EntityType, EntityType),
    /// What is known of its class.
    pub label: Label,
}

/// A document's labelled candidates, and how many gold relations of each
/// class it holds (found as candidates or not).
#[derive(Debug, Clone, Default)]
pub struct Labelled {
    /// The candidates.
    pub examples: Vec<Example>,
    /// Gold relations per class.
    pub gold: [usize; CLASSES],
}

/// Reads and labels one document (`text`, with its gold file `gold`).
pub fn label(text: &Path, gold: &Path) -> Result<Labelled, crate::eval::GoldError> {
    let (annotation, published) = read_gold(gold)?;
    let doc = crate::input::read(text)?;
    let x = extract_with(&doc.with_published(published), Settings::default());
    let pred = predicted(&x);
    let matched = match_entities(&pred.entities, &annotation.entities);
    let mut gold_classes: HashMap<(usize, usize), usize> = HashMap::new();
    let mut out = Labelled::default();
    for r in &annotation.relations {
        let (Some(k), ScoredObject::Entity(o)) = (PROPERTIES.iter().position(|&p| p == r.p), &r.o)
        else {
            continue;
        };
        out.gold[k + 1] += 1;
        gold_classes.entry((r.s, *o)).or_insert(k + 1);
    }
    let e = &x.relations.entities;
    for c in candidates(e, &x.relations.relations) {
        let class = match (matched.get(&c.subject), matched.get(&c.object)) {
            (Some(&s), Some(&o)) => gold_classes.get(&(s, o)).copied().unwrap_or(0),
            _ => 0,
        };
        out.examples.push(example(&c, e, Label::Full(class)));
    }
    Ok(out)
}

/// The example of candidate `c` of `e` with label `label`.
pub(super) fn example(c: &Candidate, e: &crate::entities::Entities, label: Label) -> Example {
    Example {
        hashes: c.hashes.clone(),
        types: (e.entities[c.subject].kind, e.entities[c.object].kind),
        label,
    }
}

/// The best class the types admit under the trainer's current weights.
fn best(t: &Trainer, x: &Example, scores: &mut [f32]) -> usize {
    t.score(&x.hashes, scores);
    let mut best = 0;
    for (k, &p) in PROPERTIES.iter().enumerate() {
        if admits(p, x.types.0, x.types.1) && scores[k + 1] > scores[best] {
            best = k + 1;
        }
    }
    best
}

/// What training reports about the held-out documents.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Training and held-out candidates, and relations among the latter.
    pub candidates: (usize, usize, usize),
    /// Per property: the held-out score at its threshold, and the threshold.
    pub properties: BTreeMap<Property, (Score, f32)>,
}

/// Trains a model on `train` and fits its confidence and thresholds on
/// `tune`.
pub fn train(train: &[Labelled], tune: &[Labelled], options: &Options) -> (Model, Report) {
    let mut examples: Vec<&Example> = train.iter().flat_map(|d| &d.examples).collect();
    let mut perceptrons = Vec::new();
    for m in 0..options.models.max(1) {
        let mut t = Trainer::new(CLASSES);
        let mut rng = Rng(options.seed + m as u64);
        let mut scores = [0f32; CLASSES];
        for _ in 0..options.epochs {
            rng.shuffle(&mut examples);
            for x in &examples {
                let guess = best(&t, x, &mut scores);
                match x.label {
                    Label::Full(class) | Label::Is(class) => t.update(&x.hashes, class, guess),
                    Label::Not(class) if guess == class => t.update(&x.hashes, 0, class),
                    Label::Not(_) => {}
                }
                t.tick();
            }
        }
        perceptrons.push(t.averaged());
    }
    let mut model = Model {
        weights: Weights::combine(CLASSES, &perceptrons, options.prune),
        platt: (1.0, 0.0),
        thresholds: [options.least_confidence; CLASSES],
    };
    // The held-out margins of the predicted relations, right or wrong.
    let mut held: Vec<(usize, f32, bool)> = Vec::new();
    let mut gold = [0usize; CLASSES];
    for d in tune {
        for (g, n) in gold.iter_mut().zip(d.gold) {
            *g += n;
        }
        for x in &d.examples {
            let (class, margin) = model.classify(&x.hashes, x.types.0, x.types.1);
            if let (true, Some(right)) = (class != 0, x.label.right(class)) {
                held.push((class, margin, right));
            }
        }
    }
    model.platt = fit_logistic(&held);
    let mut report = Report {
        candidates: (
            examples.len(),
            tune.iter().map(|d| d.examples.len()).sum(),
            gold.iter().skip(1).sum(),
        ),
        ..Report::default()
    };
    for (k, &p) in PROPERTIES.iter().enumerate() {
        let class = k + 1;
        let mut mine: Vec<(f32, bool)> = held
            .iter()
            .filter(|h| h.0 == class)
            .map(|h| (model.confidence(h.1), h.2))
            .collect();
        mine.sort_by(|a, b| b.0.total_cmp(&a.0));
        // The threshold with the best F1 at or over the least confidence,
        // of those whose precision is high enough: each prediction's
        // confidence in turn, highest first.
        let mut chosen = (Score::default(), f32::INFINITY);
        let mut tp = 0;
        for (i, &(confidence, right)) in mine.iter().enumerate() {
            tp += usize::from(right);
            if confidence < options.least_confidence {
                break;
            }
            if mine.get(i + 1).is_some_and(|n| n.0 == confidence) {
                continue;
            }
            let score = Score {
                tp,
                fp: i + 1 - tp,
                fn_: gold[class].saturating_sub(tp),
            };
            if score.precision() >= options.least_precision && score.f1() > chosen.0.f1() {
                chosen = (score, confidence);
            }
        }
        if chosen.0.tp == 0 {
            chosen.0.fn_ = gold[class];
        }
        model.thresholds[class] = chosen.1;
        report.properties.insert(p, chosen);
    }
    (model, report)
}

/// The model's relations on `docs` scored per property, as far as the
/// labels tell: a prediction whose rightness is not known counts neither
/// way; every gold relation not predicted is missed.
pub fn evaluate(model: &Model, docs: &[Labelled]) -> BTreeMap<Property, Score> {
    let mut scores: BTreeMap<Property, Score> = BTreeMap::new();
    let mut tp = [0usize; CLASSES];
    let mut gold = [0usize; CLASSES];
    for d in docs {
        for (g, n) in gold.iter_mut().zip(d.gold) {
            *g += n;
        }
        for x in &d.examples {
            let Some(p) = model.predict(&x.hashes, x.types.0, x.types.1) else {
                continue;
            };
            let class = 1 + PROPERTIES
                .iter()
                .position(|&q| q == p.property)
                .unwrap_or(0);
            match x.label.right(class) {
                Some(true) => tp[class] += 1,
                Some(false) => scores.entry(p.property).or_default().fp += 1,
                None => {}
            }
        }
    }
    for (k, &p) in PROPERTIES.iter().enumerate() {
        let s = scores.entry(p).or_default();
        s.tp = tp[k + 1];
        s.fn_ = gold[k + 1].saturating_sub(tp[k + 1]);
    }
    scores
}

/// Fits confidence = 1 / (1 + e^-(a m + b)) to margins `m` labelled right
/// or wrong, by gradient descent on the log loss (a fixed number of steps,
/// so deterministic).
fn fit_logistic(held: &[(usize, f32, bool)]) -> (f32, f32) {
    if held.is_empty() {
        return (1.0, 0.0);
    }
    let scale = held
        .iter()
        .map(|h| h.1.abs())
        .fold(0f32, f32::max)
        .max(1e-6) as f64;
    let (mut a, mut b) = (1.0f64, 0.0f64);
    let n = held.len() as f64;
    for _ in 0..2000 {
        let (mut ga, mut gb) = (0.0, 0.0);
        for &(_, m, right) in held {
            let x = f64::from(m) / scale;
            let p = 1.0 / (1.0 + (-(a * x + b)).exp());
            let err = p - f64::from(u8::from(right));
            ga += err * x;
            gb += err;
        }
        a -= 0.5 * ga / n;
        b -= 0.5 * gb / n;
    }
    ((a / scale) as f32, b as f32)
}

/// A document's text and gold file.
pub type Pair = (PathBuf, PathBuf);

/// The documents of `dirs` (each NAME.txt with a NAME.gold.json) by role,
/// the evaluation fold left out: (train, tune).
pub fn split(dirs: &[PathBuf]) -> std::io::Result<(Vec<Pair>, Vec<Pair>)> {
    let (mut train, mut tune) = (Vec::new(), Vec::new());
    for dir in dirs {
        for (text, gold) in crate::eval::gold_pairs(dir)? {
            let name = gold
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default()
                .to_owned();
            match role(&name) {
                Role::Train => train.push((text, gold)),
                Role::Tune => tune.push((text, gold)),
                Role::Fold => {}
            }
        }
    }
    Ok((train, tune))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_split_by_their_number() {
        assert_eq!(role("rd-dev-000-willi-schneider.gold.json"), Role::Fold);
        assert_eq!(role("rd-dev-495-war.gold.json"), Role::Fold);
        assert_eq!(role("rd-dev-004-x.gold.json"), Role::Tune);
        assert_eq!(role("rd-dev-001-ross-alger.gold.json"), Role::Train);
        assert_eq!(role("my-article.gold.json"), Role::Train);
    }

    fn ex(features: &[u64], class: usize) -> Example {
        Example {
            hashes: features.to_vec(),
            types: (EntityType::Place, EntityType::Country),
            label: Label::Full(class),
        }
    }

    #[test]
    fn training_learns_a_feature_and_picks_thresholds_on_held_out_documents() {
        let country = 1 + PROPERTIES
            .iter()
            .position(|&p| p == Property::Country)
            .unwrap();
        let doc = |n: usize| Labelled {
            examples: (0..n)
                .flat_map(|i| [ex(&[1, 10 + i as u64], country), ex(&[2, 10 + i as u64], 0)])
                .collect(),
            gold: {
                let mut g = [0; CLASSES];
                g[country] = n;
                g
            },
        };
        let options = Options::default();
        let (model, report) = train(&[doc(20)], &[doc(5)], &options);
        let candidate = |f: u64| Candidate {
            subject: 0,
            object: 0,
            names: vec![format!("f{f}")],
            hashes: vec![f],
            evidence: None,
        };
        let (s, o) = (EntityType::Place, EntityType::Country);
        assert_eq!(model.classify(&candidate(1).hashes, s, o).0, country);
        assert_eq!(model.classify(&candidate(2).hashes, s, o).0, 0);
        // No property relates two people: the types rule every class out.
        let person = EntityType::Person;
        assert_eq!(model.classify(&candidate(1).hashes, person, person).0, 0);
        let p = model
            .predict(&candidate(1).hashes, s, o)
            .expect("a relation");
        assert_eq!(p.property, Property::Country);
        assert!(p.confidence >= model.thresholds[country]);
        let (score, threshold) = report.properties[&Property::Country];
        assert_eq!((score.tp, score.fp, score.fn_), (5, 0, 0));
        assert!(threshold >= options.least_confidence);
        // A property never predicted on the held-out documents is off.
        assert!(report.properties[&Property::Nationality].1.is_infinite());
        assert_eq!(
            model.explain(&candidate(1), Property::Country, 3)[0].0,
            "f1"
        );
        // Deterministic.
        let (again, _) = train(&[doc(20)], &[doc(5)], &options);
        assert_eq!(again.to_bytes(), model.to_bytes());
    }

    #[test]
    fn the_logistic_fit_orders_margins() {
        let held: Vec<(usize, f32, bool)> = (0..40)
            .map(|i| (1, i as f32 - 20.0, i > 22 || i % 7 == 0))
            .collect();
        let (a, b) = fit_logistic(&held);
        let p = |m: f32| 1.0 / (1.0 + (-(a * m + b)).exp());
        assert!(a > 0.0);
        assert!(p(15.0) > 0.8 && p(-15.0) < 0.3, "{a} {b}");
    }
}
