//! The gold annotation format: reading and validating NAME.gold.json files.

use std::collections::HashMap;
use std::path::Path;

use serde::Deserialize;

use crate::dates::Date;
use crate::schema::{EntityType, Property};

use super::scoring::{
    Annotation, ScoredAction, ScoredEntity, ScoredObject, ScoredRelation, ALL_TYPES,
};

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
pub(super) fn entity_type(name: &str) -> Option<EntityType> {
    ALL_TYPES.into_iter().find(|t| t.as_str() == name)
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
