//! The relation classifier: a multiclass averaged perceptron over the
//! features of pairs of entities ([`features`]), trained on Re-DocRED's
//! documents in the gold format ([`train`], `scripts/train_relations.sh`;
//! KnowledgeNet's passages can be scored and trained on, [`knowledgenet`])
//! and shipped in the program (`data/relations.model`).
//!
//! It runs after the rules and sees their relations as features. A pair it
//! classifies as one of [`PROPERTIES`] becomes a relation with the rule
//! [`MODEL_RULE`], a confidence (the margin over "no relation", through a
//! logistic function fitted on held-out documents) and the features that
//! weighed most, unless the confidence is under that property's threshold
//! (chosen on the same held-out documents) or the rules found it already.

pub mod classes;
pub mod features;
pub mod knowledgenet;
mod model;
pub mod train;

use std::collections::{BTreeMap, BTreeSet};

use crate::entities::Entities;
use crate::relations::types::{Object, Relation};
use crate::schema::Property;

pub use classes::{admits, admits_any, CLASSES, FUNCTIONAL, MODEL_RULE, PROPERTIES};
pub use features::{candidates, Candidate};
pub use model::{Model, ModelError, Prediction};

/// How many features explain a relation in the output.
const EXPLAINED: usize = 6;

/// Adds the relations `model` finds among `entities` to `relations` (the
/// rules' relations, which it reads as features), then sorts them.
pub fn add(model: &Model, entities: &Entities, relations: &mut Vec<Relation>) {
    if !model.is_trained() {
        return;
    }
    // What the rules found: pairs related, and each subject's properties.
    let mut related: BTreeSet<(usize, usize)> = BTreeSet::new();
    let mut held: BTreeSet<(usize, Property)> = BTreeSet::new();
    for r in relations.iter() {
        if let Object::Entity(o) = r.object {
            related.insert((r.subject, o));
        }
        held.insert((r.subject, r.property));
    }
    // The best prediction of each subject and property (and object, for a
    // property that is not functional).
    let mut best: BTreeMap<(usize, Property, usize), (Prediction, Candidate)> = BTreeMap::new();
    for c in candidates(entities, relations) {
        let (s, o) = (
            entities.entities[c.subject].kind,
            entities.entities[c.object].kind,
        );
        let Some(p) = model.predict(&c.hashes, s, o) else {
            continue;
        };
        let functional = FUNCTIONAL.contains(&p.property);
        if related.contains(&(c.subject, c.object))
            || (functional && held.contains(&(c.subject, p.property)))
        {
            continue;
        }
        let key = (
            c.subject,
            p.property,
            if functional { usize::MAX } else { c.object },
        );
        if best
            .get(&key)
            .is_none_or(|(q, _)| p.confidence > q.confidence)
        {
            best.insert(key, (p, c));
        }
    }
    relations.extend(best.into_values().map(|(p, c)| Relation {
        subject: c.subject,
        property: p.property,
        object: Object::Entity(c.object),
        confidence: p.confidence,
        rule: MODEL_RULE,
        evidence: c.evidence,
        features: model.explain(&c, p.property, EXPLAINED),
    }));
    relations.sort_by(|a, b| {
        (a.subject, a.property, &a.object).cmp(&(b.subject, b.property, &b.object))
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::EntityType;
    use crate::text::Text;

    #[test]
    fn properties_take_the_types_the_schema_gives_them() {
        use EntityType::{Country, Event, Organization, Person, Place};
        assert!(admits(Property::Nationality, Person, Country));
        assert!(!admits(Property::Nationality, Organization, Country));
        assert!(admits(Property::Country, Place, Country));
        assert!(!admits(Property::Country, Person, Country));
        assert!(admits(Property::Participant, Event, Organization));
        assert!(!admits(Property::Date, Event, Place));
        assert!(admits_any(Person, Organization));
        assert!(!admits_any(Person, Person));
        assert!(!admits_any(Country, Place));
    }

    #[test]
    fn the_shipped_model_reads_back_and_damage_is_refused() {
        let model = Model::shipped();
        assert!(model.is_trained());
        // Country is predicted; the thresholds are those training chose.
        let country = 1 + PROPERTIES
            .iter()
            .position(|&p| p == Property::Country)
            .unwrap();
        assert!(model.thresholds[country] >= 0.5 && model.thresholds[country] < 1.0);
        let bytes = model.to_bytes();
        let back = Model::from_bytes(&bytes).expect("reads back");
        assert_eq!(back.to_bytes(), bytes);
        assert!(Model::from_bytes(&bytes[..bytes.len() - 1]).is_err());
        assert!(Model::from_bytes(b"KGRELAT0").is_err());
        assert!(!Model::empty().is_trained());
    }

    #[test]
    fn the_empty_model_adds_nothing() {
        let e = crate::entities::resolve(crate::mentions::find(Text::new(
            "Namur is a city. It lies in Belgium.",
        )));
        let mut relations = Vec::new();
        add(&Model::empty(), &e, &mut relations);
        assert!(relations.is_empty());
        add(Model::shipped(), &e, &mut relations);
        assert!(relations.iter().all(|r| r.rule == MODEL_RULE));
    }
}
