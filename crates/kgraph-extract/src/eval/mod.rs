//! Scoring extraction against gold annotations (spec: "Gold annotation format"
//! and "Scoring"). Reads and validates gold files, runs the same extraction
//! `ingest` runs, matches entities one-to-one, and scores entities, relations
//! (strict and relaxed) and actions, per document and in total.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::extract::{extract_with, Document, Settings};
use crate::schema::{EntityType, Property};

mod gold;

mod scoring;

pub use crate::metrics::Score;
pub use gold::*;
pub use scoring::*;

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
pub fn evaluate(dir: &Path, settings: Settings) -> std::io::Result<Report> {
    evaluate_with(dir, settings, Claims::default())
}

/// [`evaluate`], counting the actions `claims` keeps.
pub fn evaluate_with(dir: &Path, settings: Settings, claims: Claims) -> std::io::Result<Report> {
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
            let x = extract_with(&doc.with_published(published), settings);
            Ok(score(&name, &predicted_with(&x, claims), &annotation))
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
