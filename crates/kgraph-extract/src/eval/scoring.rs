//! Scoring one document: entities matched one-to-one by type and name,
//! relations strict and relaxed, actions.

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::extract::Extraction;
use crate::metrics::Score;
use crate::relations::Object;
use crate::schema::{EntityType, Property};
use crate::text::fold;

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
/// How well a predicted entity's names match a gold entity's: 3 same canonical
/// name, 2 a name or alias in common, 1 (events) one name is a run of the other
/// ending in the same head word, 0 no match.
pub(super) fn match_strength(p: &ScoredEntity, g: &ScoredEntity) -> u8 {
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
pub(super) fn literals_match(p: Property, a: &str, b: &str) -> bool {
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
/// Which actions the scorer counts as predicted, of those the text does not
/// simply assert (the gold lists what happened).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Claims {
    /// Negated actions left out ("did not sign"), reported ones kept.
    #[default]
    Asserted,
    /// Every action, negated ones too.
    All,
    /// Negated and reported ones left out ("Y arrested Z, X said").
    Direct,
}

/// The scorer's view of an extraction, negated actions left out.
pub fn predicted(x: &Extraction) -> Annotation {
    predicted_with(x, Claims::Asserted)
}

/// The scorer's view of an extraction, the actions that `claims` keeps.
pub fn predicted_with(x: &Extraction, claims: Claims) -> Annotation {
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
            .filter(|a| match claims {
                Claims::Asserted => !a.negated,
                Claims::All => true,
                Claims::Direct => !a.negated && a.reported_by.is_none(),
            })
            .map(|a| ScoredAction {
                kind: a.kind.clone(),
                agent: a.agent,
                target: a.target,
            })
            .collect(),
    }
}
