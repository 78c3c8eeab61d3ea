//! Scoring extraction against gold annotations (spec: "Gold annotation format"
//! and "Scoring"). Reads and validates gold files, runs the same extraction
//! `ingest` runs, matches entities one-to-one, and scores entities, relations
//! (strict and relaxed) and actions, per document and in total.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::dates::Date;
use crate::extract::{Document, Extraction};
use crate::mentions::EntityType;
use crate::relations::{Object, Property};
use crate::text::fold;

/// A problem with a gold file or its article.
#[derive(Debug, thiserror::Error)]
pub enum GoldError {
    /// The file could not be read.
    #[error("{path}: cannot read: {source}")]
    Io {
        /// The file.
        path: String,
        /// The cause.
        source: std::io::Error,
    },
    /// The file is not valid gold JSON.
    #[error("{path}: invalid JSON: {source}")]
    Json {
        /// The file.
        path: String,
        /// The cause.
        source: serde_json::Error,
    },
    /// The file breaks a rule of the gold format.
    #[error("{path}: {problem}")]
    Invalid {
        /// The file.
        path: String,
        /// What is wrong.
        problem: String,
    },
    /// The article could not be read.
    #[error("{0}")]
    Input(#[from] crate::input::InputError),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct GoldFile {
    #[serde(default)]
    doc: Option<String>,
    #[serde(default)]
    published: Option<String>,
    #[serde(default)]
    entities: Vec<GoldEntity>,
    #[serde(default)]
    relations: Vec<GoldRelation>,
    #[serde(default)]
    actions: Vec<GoldAction>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct GoldEntity {
    id: String,
    #[serde(rename = "type")]
    kind: String,
    name: String,
    #[serde(default)]
    aliases: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct GoldRelation {
    s: String,
    p: String,
    o: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct GoldAction {
    #[serde(rename = "type")]
    kind: String,
    agent: String,
    target: String,
    #[serde(default)]
    date: Option<String>,
    #[serde(default)]
    location: Option<String>,
}

/// The action types of the spec.
pub const ACTION_TYPES: &[&str] = &[
    "appoint",
    "arrest",
    "accuse",
    "recognize",
    "elect",
    "defeat",
    "flee",
    "meet",
    "visit",
    "attack",
    "protest",
    "sanction",
    "support",
    "oppose",
    "negotiate",
    "sign",
    "threaten",
    "kill",
    "release",
    "nominate",
    "resign",
    "win",
];

/// An entity as the scorer sees it: a type and names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScoredEntity {
    /// The type.
    pub kind: EntityType,
    /// The canonical name.
    pub name: String,
    /// Other names.
    pub aliases: Vec<String>,
}

/// The object of a relation as the scorer sees it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ScoredObject {
    /// An entity, by index.
    Entity(usize),
    /// A literal (a title or an ISO date form).
    Literal(String),
}

/// A relation as the scorer sees it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ScoredRelation {
    /// Subject entity index.
    pub s: usize,
    /// Property.
    pub p: Property,
    /// Object.
    pub o: ScoredObject,
}

/// An action as the scorer sees it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ScoredAction {
    /// Action type.
    pub kind: String,
    /// Agent entity index.
    pub agent: usize,
    /// Target entity index.
    pub target: usize,
}

/// One side of a comparison: gold or predicted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Annotation {
    /// Entities.
    pub entities: Vec<ScoredEntity>,
    /// Relations.
    pub relations: Vec<ScoredRelation>,
    /// Actions.
    pub actions: Vec<ScoredAction>,
}

/// Counts and the scores they give.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Score {
    /// True positives.
    pub tp: usize,
    /// False positives.
    pub fp: usize,
    /// False negatives.
    pub fn_: usize,
}

impl Score {
    /// tp / (tp + fp), 0 when nothing was predicted.
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }
    /// tp / (tp + fn), 0 when nothing was expected.
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }
    /// The harmonic mean of precision and recall.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
    fn add(&mut self, other: Score) {
        self.tp += other.tp;
        self.fp += other.fp;
        self.fn_ += other.fn_;
    }
    /// The JSON form: counts and scores.
    pub fn json(&self) -> serde_json::Value {
        serde_json::json!({
            "tp": self.tp, "fp": self.fp, "fn": self.fn_,
            "precision": round(self.precision()), "recall": round(self.recall()), "f1": round(self.f1()),
        })
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

fn round(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

/// Normalizes a name for comparison: case folded, accents stripped, periods and
/// apostrophes dropped ("U.S." = "US"), other punctuation and whitespace
/// collapsed to single spaces, a leading "the" dropped.
pub fn normalize(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in fold(name).chars() {
        if matches!(c, '.' | '\'' | '’') {
            continue;
        }
        out.push(if c.is_alphanumeric() { c } else { ' ' });
    }
    let words: Vec<&str> = out.split_whitespace().collect();
    let words = match words.first() {
        Some(&"the") => &words[1..],
        _ => &words[..],
    };
    words.join(" ")
}

/// The core types, micro-averaged; Place is scored but not averaged.
pub const CORE_TYPES: [EntityType; 4] = [
    EntityType::Person,
    EntityType::Organization,
    EntityType::Country,
    EntityType::Event,
];

/// All five types in report order.
pub const ALL_TYPES: [EntityType; 5] = [
    EntityType::Person,
    EntityType::Organization,
    EntityType::Country,
    EntityType::Event,
    EntityType::Place,
];

fn entity_type(name: &str) -> Option<EntityType> {
    ALL_TYPES.into_iter().find(|t| t.as_str() == name)
}

/// How well a predicted entity's names match a gold entity's: 3 same canonical
/// name, 2 a name or alias in common, 1 (events) one name is a run of the other
/// ending in the same head word, 0 no match.
fn match_strength(p: &ScoredEntity, g: &ScoredEntity) -> u8 {
    if p.kind != g.kind {
        return 0;
    }
    let names = |e: &ScoredEntity| -> Vec<String> {
        std::iter::once(&e.name)
            .chain(&e.aliases)
            .map(|n| normalize(n))
            .filter(|n| !n.is_empty())
            .collect()
    };
    let (pn, gn) = (names(p), names(g));
    if normalize(&p.name) == normalize(&g.name) && !pn.is_empty() {
        return 3;
    }
    if pn.iter().any(|n| gn.contains(n)) {
        return 2;
    }
    if p.kind == EntityType::Event {
        let contains = |a: &str, b: &str| {
            let (a, b): (Vec<&str>, Vec<&str>) = (a.split(' ').collect(), b.split(' ').collect());
            a.len() > b.len() && a.ends_with(&b)
        };
        if pn
            .iter()
            .any(|a| gn.iter().any(|b| contains(a, b) || contains(b, a)))
        {
            return 1;
        }
    }
    0
}

/// One-to-one entity matching, best match first: predicted index -> gold index.
pub fn match_entities(pred: &[ScoredEntity], gold: &[ScoredEntity]) -> HashMap<usize, usize> {
    let mut pairs: Vec<(u8, usize, usize)> = Vec::new();
    for (pi, p) in pred.iter().enumerate() {
        for (gi, g) in gold.iter().enumerate() {
            let s = match_strength(p, g);
            if s > 0 {
                pairs.push((s, gi, pi));
            }
        }
    }
    pairs.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let (mut used_p, mut used_g) = (HashSet::new(), HashSet::new());
    let mut matched = HashMap::new();
    for (_, gi, pi) in pairs {
        if !used_p.contains(&pi) && !used_g.contains(&gi) {
            used_p.insert(pi);
            used_g.insert(gi);
            matched.insert(pi, gi);
        }
    }
    matched
}

/// Do two literal objects of `p` match? Titles also when one contains the other
/// as whole words; dates when equal.
fn literals_match(p: Property, a: &str, b: &str) -> bool {
    if p == Property::Date {
        return a == b;
    }
    let (a, b) = (normalize(a), normalize(b));
    if a == b {
        return true;
    }
    if p == Property::Position && !a.is_empty() && !b.is_empty() {
        let words = |s: &str| s.split(' ').map(str::to_owned).collect::<Vec<_>>();
        let (wa, wb) = (words(&a), words(&b));
        let contains = |x: &[String], y: &[String]| x.windows(y.len()).any(|w| w == y);
        return contains(&wa, &wb) || contains(&wb, &wa);
    }
    false
}

/// What one document scored, with its errors.
#[derive(Debug, Clone, Default)]
pub struct DocumentScore {
    /// The document's name (gold file stem).
    pub name: String,
    /// Entities per type.
    pub entities: BTreeMap<EntityType, Score>,
    /// Relations per gold/predicted property, strict.
    pub relations: BTreeMap<Property, Score>,
    /// Relations, micro, strict.
    pub relations_micro: Score,
    /// Relations, micro, relaxed.
    pub relations_relaxed: Score,
    /// Actions.
    pub actions: Score,
    /// False positives and negatives, one line each.
    pub errors: Vec<String>,
}

/// Scores `pred` against `gold`.
pub fn score(name: &str, pred: &Annotation, gold: &Annotation) -> DocumentScore {
    let mut out = DocumentScore {
        name: name.to_owned(),
        ..Default::default()
    };
    let matched = match_entities(&pred.entities, &gold.entities);
    let matched_gold: HashSet<usize> = matched.values().copied().collect();
    for t in ALL_TYPES {
        out.entities.insert(t, Score::default());
    }
    for (pi, p) in pred.entities.iter().enumerate() {
        let s = out.entities.entry(p.kind).or_default();
        if matched.contains_key(&pi) {
            s.tp += 1;
        } else {
            s.fp += 1;
            out.errors
                .push(format!("FP entity {} '{}'", p.kind.as_str(), p.name));
        }
    }
    for (gi, g) in gold.entities.iter().enumerate() {
        if !matched_gold.contains(&gi) {
            out.entities.entry(g.kind).or_default().fn_ += 1;
            out.errors
                .push(format!("FN entity {} '{}'", g.kind.as_str(), g.name));
        }
    }

    // Relations: predicted ends mapped into gold terms; unmatched entities stay
    // predicted-only (they can only be false positives).
    #[derive(Clone, PartialEq, Eq, Hash)]
    enum End {
        Gold(usize),
        Pred(usize),
        Literal(String),
    }
    let map_entity = |e: usize| matched.get(&e).map_or(End::Pred(e), |&g| End::Gold(g));
    let mut predicted: Vec<(End, Property, End)> = Vec::new();
    for r in &pred.relations {
        let o = match &r.o {
            ScoredObject::Entity(e) => map_entity(*e),
            ScoredObject::Literal(l) => End::Literal(l.clone()),
        };
        let key = (map_entity(r.s), r.p, o);
        if !predicted.contains(&key) {
            predicted.push(key);
        }
    }
    let gold_rel: Vec<(End, Property, End)> = gold
        .relations
        .iter()
        .map(|r| {
            let o = match &r.o {
                ScoredObject::Entity(e) => End::Gold(*e),
                ScoredObject::Literal(l) => End::Literal(l.clone()),
            };
            (End::Gold(r.s), r.p, o)
        })
        .collect();
    let ends_match = |p: Property, a: &End, b: &End| match (a, b) {
        (End::Gold(x), End::Gold(y)) => x == y,
        (End::Literal(x), End::Literal(y)) => literals_match(p, x, y),
        _ => false,
    };
    let describe_end = |e: &End, pred_side: bool| match e {
        End::Gold(g) => format!("'{}'", gold.entities[*g].name),
        End::Pred(p) if pred_side => format!("'{}'", pred.entities[*p].name),
        End::Pred(_) => String::new(),
        End::Literal(l) => format!("\"{l}\""),
    };
    // Pairs predicted -> gold; exact property first, then (relaxed) sub-property for parent.
    let pair = |relaxed: bool| -> (Vec<Option<usize>>, Vec<bool>) {
        let mut pred_to_gold = vec![None; predicted.len()];
        let mut gold_used = vec![false; gold_rel.len()];
        let passes: &[bool] = if relaxed { &[false, true] } else { &[false] };
        for &parent_pass in passes {
            for (pi, (ps, pp, po)) in predicted.iter().enumerate() {
                if pred_to_gold[pi].is_some() {
                    continue;
                }
                let found = gold_rel.iter().enumerate().find(|(gi, (gs, gp, go))| {
                    let property_ok = if parent_pass {
                        pp.parent() == Some(*gp)
                    } else {
                        pp == gp
                    };
                    !gold_used[*gi]
                        && property_ok
                        && ends_match(*gp, ps, gs)
                        && ends_match(*gp, po, go)
                });
                if let Some((gi, _)) = found {
                    gold_used[gi] = true;
                    pred_to_gold[pi] = Some(gi);
                }
            }
        }
        (pred_to_gold, gold_used)
    };
    let (strict_pairs, strict_gold) = pair(false);
    for (pi, (_, p, _)) in predicted.iter().enumerate() {
        let s = out.relations.entry(*p).or_default();
        if strict_pairs[pi].is_some() {
            s.tp += 1;
            out.relations_micro.tp += 1;
        } else {
            s.fp += 1;
            out.relations_micro.fp += 1;
        }
    }
    for (gi, (_, p, _)) in gold_rel.iter().enumerate() {
        if !strict_gold[gi] {
            out.relations.entry(*p).or_default().fn_ += 1;
            out.relations_micro.fn_ += 1;
        }
    }
    let (relaxed_pairs, relaxed_gold) = pair(true);
    for (pi, (s, p, o)) in predicted.iter().enumerate() {
        if relaxed_pairs[pi].is_some() {
            out.relations_relaxed.tp += 1;
        } else {
            out.relations_relaxed.fp += 1;
            out.errors.push(format!(
                "FP relation {} {} {}",
                describe_end(s, true),
                p.as_str(),
                describe_end(o, true)
            ));
        }
    }
    for (gi, (s, p, o)) in gold_rel.iter().enumerate() {
        if !relaxed_gold[gi] {
            out.relations_relaxed.fn_ += 1;
            out.errors.push(format!(
                "FN relation {} {} {}",
                describe_end(s, false),
                p.as_str(),
                describe_end(o, false)
            ));
        }
    }

    // Actions: type, agent and target must match.
    let mut gold_used = vec![false; gold.actions.len()];
    let mut seen = HashSet::new();
    for a in &pred.actions {
        let key = (a.kind.clone(), map_entity(a.agent), map_entity(a.target));
        if !seen.insert(key.clone()) {
            continue;
        }
        let found = gold.actions.iter().enumerate().find(|(gi, g)| {
            !gold_used[*gi]
                && g.kind == a.kind
                && key.1 == End::Gold(g.agent)
                && key.2 == End::Gold(g.target)
        });
        match found {
            Some((gi, _)) => {
                gold_used[gi] = true;
                out.actions.tp += 1;
            }
            None => {
                out.actions.fp += 1;
                out.errors.push(format!(
                    "FP action {}({}, {})",
                    a.kind,
                    describe_end(&key.1, true),
                    describe_end(&key.2, true)
                ));
            }
        }
    }
    for (gi, g) in gold.actions.iter().enumerate() {
        if !gold_used[gi] {
            out.actions.fn_ += 1;
            out.errors.push(format!(
                "FN action {}({}, {})",
                g.kind,
                describe_end(&End::Gold(g.agent), false),
                describe_end(&End::Gold(g.target), false)
            ));
        }
    }
    out
}

/// Reads and validates a gold file; returns the annotation and its publication date.
pub fn read_gold(path: &Path) -> Result<(Annotation, Option<Date>), GoldError> {
    let name = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|source| GoldError::Io {
        path: name.clone(),
        source,
    })?;
    parse_gold(&bytes, &name)
}

/// Parses and validates gold JSON; `name` names it in errors.
pub fn parse_gold(bytes: &[u8], name: &str) -> Result<(Annotation, Option<Date>), GoldError> {
    let gold: GoldFile = serde_json::from_slice(bytes).map_err(|source| GoldError::Json {
        path: name.to_owned(),
        source,
    })?;
    let invalid = |problem: String| GoldError::Invalid {
        path: name.to_owned(),
        problem,
    };
    let _ = &gold.doc;
    let published = match &gold.published {
        None => None,
        Some(p) => Some(
            Date::from_iso(p)
                .ok_or_else(|| invalid(format!("published '{p}' is not a date (YYYY-MM-DD)")))?,
        ),
    };
    let mut ids: HashMap<&str, usize> = HashMap::new();
    let mut entities = Vec::new();
    for e in &gold.entities {
        let kind = entity_type(&e.kind).ok_or_else(|| {
            invalid(format!("entity '{}' has unknown type '{}' (use Person, Organization, Country, Event or Place)", e.id, e.kind))
        })?;
        if ids.insert(e.id.as_str(), entities.len()).is_some() {
            return Err(invalid(format!("entity id '{}' is used twice", e.id)));
        }
        if e.name.trim().is_empty() {
            return Err(invalid(format!("entity '{}' has an empty name", e.id)));
        }
        entities.push(ScoredEntity {
            kind,
            name: e.name.clone(),
            aliases: e.aliases.clone(),
        });
    }
    let entity = |id: &str, what: &str| {
        ids.get(id).copied().ok_or_else(|| {
            invalid(format!(
                "{what} '{id}' is not an entity id of this file (dangling id)"
            ))
        })
    };
    let mut relations = Vec::new();
    for r in &gold.relations {
        let p = Property::from_name(&r.p).ok_or_else(|| {
            invalid(format!(
                "relation '{} {} {}' has unknown property '{}'",
                r.s, r.p, r.o, r.p
            ))
        })?;
        let s = entity(&r.s, "relation subject")?;
        let o = match p {
            Property::Position => ScoredObject::Literal(r.o.clone()),
            Property::Date => {
                if Date::from_iso(&r.o).is_none() {
                    return Err(invalid(format!("date '{}' of '{}' is not an ISO 8601 form (2024-07-28, 2024-07, 2024, --07-28, --07)", r.o, r.s)));
                }
                ScoredObject::Literal(r.o.clone())
            }
            _ => ScoredObject::Entity(entity(&r.o, "relation object")?),
        };
        relations.push(ScoredRelation { s, p, o });
    }
    let mut actions = Vec::new();
    for a in &gold.actions {
        if !ACTION_TYPES.contains(&a.kind.as_str()) {
            return Err(invalid(format!(
                "action type '{}' is unknown (use one of {})",
                a.kind,
                ACTION_TYPES.join(", ")
            )));
        }
        if let Some(d) = &a.date {
            if Date::from_iso(d).is_none() {
                return Err(invalid(format!(
                    "action date '{d}' is not an ISO 8601 form"
                )));
            }
        }
        if let Some(l) = &a.location {
            entity(l, "action location")?;
        }
        actions.push(ScoredAction {
            kind: a.kind.clone(),
            agent: entity(&a.agent, "action agent")?,
            target: entity(&a.target, "action target")?,
        });
    }
    Ok((
        Annotation {
            entities,
            relations,
            actions,
        },
        published,
    ))
}

/// The scorer's view of an extraction.
pub fn predicted(x: &Extraction) -> Annotation {
    let entities = &x.relations.entities;
    Annotation {
        entities: entities
            .entities
            .iter()
            .map(|e| ScoredEntity {
                kind: e.kind,
                name: e.name.clone(),
                aliases: e.aliases.iter().cloned().collect(),
            })
            .collect(),
        relations: x
            .relations
            .relations
            .iter()
            .map(|r| ScoredRelation {
                s: r.subject,
                p: r.property,
                o: match &r.object {
                    Object::Entity(e) => ScoredObject::Entity(*e),
                    Object::Text(t) => ScoredObject::Literal(t.clone()),
                    Object::Date(d) => ScoredObject::Literal(d.to_string()),
                },
            })
            .collect(),
        actions: x
            .actions
            .iter()
            .map(|a| ScoredAction {
                kind: a.kind.clone(),
                agent: a.agent,
                target: a.target,
            })
            .collect(),
    }
}

/// The whole evaluation of a gold directory.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// One score per document, sorted by name.
    pub documents: Vec<DocumentScore>,
    /// Files that could not be scored, with why.
    pub failures: Vec<String>,
}

impl Report {
    /// Entities per type, summed over documents.
    pub fn entities(&self) -> BTreeMap<EntityType, Score> {
        let mut out: BTreeMap<EntityType, Score> =
            ALL_TYPES.iter().map(|t| (*t, Score::default())).collect();
        for d in &self.documents {
            for (t, s) in &d.entities {
                out.entry(*t).or_default().add(*s);
            }
        }
        out
    }

    /// Micro average over the four core types.
    pub fn entities_micro(&self) -> Score {
        let mut m = Score::default();
        for (t, s) in self.entities() {
            if CORE_TYPES.contains(&t) {
                m.add(s);
            }
        }
        m
    }

    /// Relations per property (strict), summed.
    pub fn relations(&self) -> BTreeMap<Property, Score> {
        let mut out: BTreeMap<Property, Score> = BTreeMap::new();
        for d in &self.documents {
            for (p, s) in &d.relations {
                out.entry(*p).or_default().add(*s);
            }
        }
        out
    }

    /// Relations, micro, strict and relaxed.
    pub fn relations_micro(&self) -> (Score, Score) {
        let (mut strict, mut relaxed) = (Score::default(), Score::default());
        for d in &self.documents {
            strict.add(d.relations_micro);
            relaxed.add(d.relations_relaxed);
        }
        (strict, relaxed)
    }

    /// Actions, summed.
    pub fn actions(&self) -> Score {
        let mut s = Score::default();
        for d in &self.documents {
            s.add(d.actions);
        }
        s
    }

    /// The stable JSON report.
    pub fn json(&self) -> serde_json::Value {
        let mut entities = serde_json::Map::new();
        for (t, s) in self.entities() {
            entities.insert(t.as_str().to_owned(), s.json());
        }
        entities.insert("micro".to_owned(), self.entities_micro().json());
        let mut relations = serde_json::Map::new();
        for (p, s) in self.relations() {
            relations.insert(p.as_str().to_owned(), s.json());
        }
        let (strict, relaxed) = self.relations_micro();
        relations.insert("micro".to_owned(), strict.json());
        relations.insert("micro_relaxed".to_owned(), relaxed.json());
        let documents: Vec<serde_json::Value> = self
            .documents
            .iter()
            .map(|d| {
                let mut m = Score::default();
                for (t, s) in &d.entities {
                    if CORE_TYPES.contains(t) {
                        m.add(*s);
                    }
                }
                serde_json::json!({
                    "doc": d.name,
                    "entities": m.json(),
                    "relations_relaxed": d.relations_relaxed.json(),
                    "actions": d.actions.json(),
                    "errors": d.errors,
                })
            })
            .collect();
        serde_json::json!({
            "entities": entities,
            "relations": relations,
            "actions": self.actions().json(),
            "documents": documents,
            "failures": self.failures,
        })
    }
}

/// The NAME.txt / NAME.gold.json pairs of a directory, sorted.
pub fn gold_pairs(dir: &Path) -> std::io::Result<Vec<(PathBuf, PathBuf)>> {
    let mut pairs = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        if let Some(stem) = name.strip_suffix(".gold.json") {
            pairs.push((dir.join(format!("{stem}.txt")), path.clone()));
        }
    }
    pairs.sort();
    Ok(pairs)
}

/// Evaluates every NAME.txt with a NAME.gold.json in `dir`.
pub fn evaluate(dir: &Path, settings: crate::Settings) -> std::io::Result<Report> {
    let mut report = Report::default();
    for (text, gold) in gold_pairs(dir)? {
        let name = gold
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(|n| n.strip_suffix(".gold.json"))
            .unwrap_or_default()
            .to_owned();
        let result = read_gold(&gold).and_then(|(annotation, published)| {
            let doc: Document = crate::input::read(&text)?;
            let x = crate::extract_with(&doc.with_published(published), settings);
            Ok(score(&name, &predicted(&x), &annotation))
        });
        match result {
            Ok(s) => report.documents.push(s),
            Err(e) => report.failures.push(e.to_string()),
        }
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ent(kind: EntityType, name: &str, aliases: &[&str]) -> ScoredEntity {
        ScoredEntity {
            kind,
            name: name.to_owned(),
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
        }
    }
    use EntityType::{Country, Event, Organization, Person};

    #[test]
    fn names_normalize() {
        let cases = [
            ("The United States", "united states"),
            ("U.S.", "us"),
            ("Nicolás  Maduro", "nicolas maduro"),
            ("Anti-Fascist  Youth", "anti fascist youth"),
            ("O’Brien", "obrien"),
            ("“World Congress”", "world congress"),
        ];
        for (raw, want) in cases {
            assert_eq!(normalize(raw), want, "{raw}");
        }
    }

    #[test]
    fn exact_alias_accent_and_case_matches() {
        let gold = [
            ent(Person, "Nicolás Maduro", &["Maduro"]),
            ent(Country, "United States", &["U.S.", "American"]),
        ];
        let pred = [
            ent(Person, "MADURO", &[]),
            ent(Country, "the United States", &[]),
        ];
        let m = match_entities(&pred, &gold);
        assert_eq!(m.get(&0), Some(&0));
        assert_eq!(m.get(&1), Some(&1));
        // Same name, other type: no match.
        assert!(match_entities(&[ent(Organization, "Maduro", &[])], &gold).is_empty());
    }

    #[test]
    fn matching_is_one_to_one_best_first() {
        // Two predictions compete for one gold: the exact canonical name wins.
        let gold = [ent(Person, "Diosdado Cabello", &["Cabello"])];
        let pred = [
            ent(Person, "Cabello", &[]),
            ent(Person, "Diosdado Cabello", &[]),
        ];
        let m = match_entities(&pred, &gold);
        assert_eq!(m.len(), 1);
        assert_eq!(m.get(&1), Some(&0));
        let s = score(
            "d",
            &Annotation {
                entities: pred.to_vec(),
                ..Default::default()
            },
            &Annotation {
                entities: gold.to_vec(),
                ..Default::default()
            },
        );
        assert_eq!(
            s.entities[&Person],
            Score {
                tp: 1,
                fp: 1,
                fn_: 0
            }
        );
    }

    #[test]
    fn events_match_by_contained_run_with_the_same_head() {
        let gold = [ent(Event, "July 28 presidential election", &[])];
        assert_eq!(
            match_entities(&[ent(Event, "presidential election", &[])], &gold).len(),
            1
        );
        assert!(
            match_entities(&[ent(Event, "presidential election campaign", &[])], &gold).is_empty()
        );
        assert!(match_entities(&[ent(Event, "July 28", &[])], &gold).is_empty());
        // Only events.
        let org = [ent(Organization, "National Electoral Center", &[])];
        assert!(match_entities(&[ent(Organization, "Electoral Center", &[])], &org).is_empty());
    }

    fn rel(s: usize, p: Property, o: ScoredObject) -> ScoredRelation {
        ScoredRelation { s, p, o }
    }

    #[test]
    fn relations_strict_relaxed_positions_and_dates() {
        let entities = vec![
            ent(Person, "Daniel Chapo", &[]),
            ent(Organization, "Frelimo", &[]),
            ent(Event, "October election", &[]),
        ];
        let gold = Annotation {
            entities: entities.clone(),
            relations: vec![
                rel(0, Property::AffiliatedWith, ScoredObject::Entity(1)),
                rel(
                    0,
                    Property::Position,
                    ScoredObject::Literal("Interior Minister".into()),
                ),
                rel(2, Property::Date, ScoredObject::Literal("--10".into())),
                rel(2, Property::Winner, ScoredObject::Entity(0)),
            ],
            actions: vec![],
        };
        let pred = Annotation {
            entities,
            relations: vec![
                rel(0, Property::MemberOf, ScoredObject::Entity(1)),
                rel(
                    0,
                    Property::Position,
                    ScoredObject::Literal("Minister".into()),
                ),
                rel(
                    0,
                    Property::Position,
                    ScoredObject::Literal("Minister".into()),
                ),
                rel(2, Property::Date, ScoredObject::Literal("2024-10".into())),
                rel(2, Property::Participant, ScoredObject::Entity(0)),
            ],
            actions: vec![],
        };
        let s = score("d", &pred, &gold);
        // Strict: only the position (whole-word containment); the duplicate counts once.
        assert_eq!(
            s.relations_micro,
            Score {
                tp: 1,
                fp: 3,
                fn_: 3
            }
        );
        // Relaxed: memberOf counts for affiliatedWith; a parent never counts for a child.
        assert_eq!(
            s.relations_relaxed,
            Score {
                tp: 2,
                fp: 2,
                fn_: 2
            }
        );
        assert_eq!(
            s.relations[&Property::MemberOf],
            Score {
                tp: 0,
                fp: 1,
                fn_: 0
            }
        );
        assert_eq!(
            s.relations[&Property::AffiliatedWith],
            Score {
                tp: 0,
                fp: 0,
                fn_: 1
            }
        );
        assert!(!literals_match(
            Property::Position,
            "Minister of State",
            "State Minister"
        ));
        assert!(literals_match(Property::Date, "--07-28", "--07-28"));
        assert!(!literals_match(Property::Date, "2024-07-28", "--07-28"));
    }

    #[test]
    fn relations_need_matched_ends() {
        let gold = Annotation {
            entities: vec![ent(Person, "A B", &[]), ent(Country, "Spain", &[])],
            relations: vec![rel(0, Property::ResidesIn, ScoredObject::Entity(1))],
            actions: vec![],
        };
        let pred = Annotation {
            entities: vec![ent(Person, "C D", &[]), ent(Country, "Spain", &[])],
            relations: vec![rel(0, Property::ResidesIn, ScoredObject::Entity(1))],
            actions: vec![],
        };
        assert_eq!(
            score("d", &pred, &gold).relations_relaxed,
            Score {
                tp: 0,
                fp: 1,
                fn_: 1
            }
        );
    }

    #[test]
    fn actions_need_type_agent_and_target() {
        let entities = vec![
            ent(Person, "Nicolás Maduro", &["Maduro"]),
            ent(Person, "Diosdado Cabello", &["Cabello"]),
        ];
        let act = |kind: &str, agent, target| ScoredAction {
            kind: kind.into(),
            agent,
            target,
        };
        let gold = Annotation {
            entities: entities.clone(),
            relations: vec![],
            actions: vec![act("appoint", 0, 1)],
        };
        let pred = Annotation {
            entities,
            relations: vec![],
            actions: vec![
                act("appoint", 0, 1),
                act("appoint", 0, 1),
                act("appoint", 1, 0),
                act("accuse", 0, 1),
            ],
        };
        assert_eq!(
            score("d", &pred, &gold).actions,
            Score {
                tp: 1,
                fp: 2,
                fn_: 0
            }
        );
    }

    #[test]
    fn gold_files_are_validated() {
        let bad = |json: &str| {
            parse_gold(json.as_bytes(), "x.gold.json")
                .unwrap_err()
                .to_string()
        };
        assert!(bad("{").starts_with("x.gold.json: invalid JSON"));
        assert!(
            bad(r#"{"entities":[{"id":"e1","type":"Thing","name":"X"}]}"#)
                .contains("unknown type 'Thing'")
        );
        assert!(bad(r#"{"entities":[{"id":"e1","type":"Person","name":"X"}],"relations":[{"s":"e1","p":"likes","o":"e1"}]}"#)
            .contains("unknown property 'likes'"));
        assert!(bad(r#"{"entities":[{"id":"e1","type":"Person","name":"X"}],"relations":[{"s":"e1","p":"nationality","o":"e9"}]}"#)
            .contains("'e9' is not an entity id"));
        assert!(bad(r#"{"entities":[{"id":"e1","type":"Event","name":"X"}],"relations":[{"s":"e1","p":"date","o":"July"}]}"#)
            .contains("date 'July'"));
        assert!(
            bad(r#"{"actions":[{"type":"hug","agent":"e1","target":"e2"}]}"#)
                .contains("action type 'hug'")
        );
        let (ok, published) = parse_gold(
            br#"{"doc":"d","published":"2024-11-18","entities":[{"id":"e1","type":"Person","name":"X"}],"relations":[{"s":"e1","p":"position","o":"e7"}]}"#,
            "ok",
        )
        .unwrap();
        assert_eq!(
            published.map(|d| d.to_string()).as_deref(),
            Some("2024-11-18")
        );
        assert_eq!(
            ok.relations[0].o,
            ScoredObject::Literal("e7".into()),
            "a position is always a literal"
        );
    }
}
