//! The classifier's candidates and their features.
//!
//! A candidate is an ordered pair of a document's entities whose types some
//! property of [`PROPERTIES`](super::PROPERTIES) admits, and that meet: two
//! mentions in one sentence or in neighbouring ones, or the subject is the
//! document's topic (its first entity, what a Wikipedia introduction or a
//! profile is about), or the object is a country (a place's country is
//! often named sentences away from it). Its features are those of the nearest two mentions
//! (the words between and around them, their order and distance, titles and
//! other entities between), of the two entities (types, lexicon classes,
//! the topic, how many countries the document names), gazetteer knowledge
//! (a city's country) and the rules' own relations on the pair, so a rule
//! is evidence the model weighs.

use std::collections::BTreeSet;

use crate::coref::keys::fnv;
use crate::entities::Entities;
use crate::gazetteer::{Gazetteer, PlaceName};
use crate::relations::types::{Object, Relation};
use crate::schema::EntityType;

use super::classes::{admits_any, MODEL_RULE};

/// An ordered pair of entities to classify.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// The subject entity (index into [`Entities::entities`]).
    pub subject: usize,
    /// The object entity.
    pub object: usize,
    /// The mention of each that the features read (the nearest pair), as
    /// token ranges: the evidence of a relation the model finds.
    pub evidence: Option<(usize, usize)>,
    /// The features, by name.
    pub names: Vec<String>,
    /// Their hashes, in the same order.
    pub hashes: Vec<u64>,
}

/// Words between two mentions read as a sequence when there are at most
/// this many.
const SEQUENCE: usize = 5;
/// Words between two mentions read one by one (the nearest to each side).
const BETWEEN: usize = 8;

fn type_name(t: EntityType) -> &'static str {
    match t {
        EntityType::Person => "PER",
        EntityType::Organization => "ORG",
        EntityType::Country => "CTRY",
        EntityType::Event => "EVT",
        EntityType::Place => "PLC",
    }
}

fn bucket(n: usize) -> &'static str {
    match n {
        0 => "0",
        1 => "1",
        2 => "2",
        3..=4 => "3-4",
        5..=8 => "5-8",
        9..=16 => "9-16",
        _ => "17+",
    }
}

/// The candidates of a document's entities: `rules` are the relations the
/// rules found (those of the model itself are passed over).
pub fn candidates(e: &Entities, rules: &[Relation]) -> Vec<Candidate> {
    let ms = &e.mentions.mentions;
    // Each entity's mentions as (sentence, first, end).
    let spans: Vec<Vec<(usize, usize, usize)>> = e
        .entities
        .iter()
        .map(|x| {
            x.mentions
                .iter()
                .map(|&m| (ms[m].sentence, ms[m].first, ms[m].end))
                .collect()
        })
        .collect();
    let countries = e
        .entities
        .iter()
        .filter(|x| x.kind == EntityType::Country)
        .count();
    // The country named most often (the first of those), and the first named.
    let country_entities =
        || (0..e.entities.len()).filter(|&x| e.entities[x].kind == EntityType::Country);
    let main_country = country_entities().max_by_key(|&x| (spans[x].len(), std::cmp::Reverse(x)));
    let first_country = country_entities().next();
    // The countries that share a sentence with each entity.
    let sentences: Vec<BTreeSet<usize>> = spans
        .iter()
        .map(|m| m.iter().map(|x| x.0).collect())
        .collect();
    let beside: Vec<Vec<usize>> = sentences
        .iter()
        .enumerate()
        .map(|(x, mine)| {
            country_entities()
                .filter(|&c| c != x && !sentences[c].is_disjoint(mine))
                .collect()
        })
        .collect();
    let mut out = Vec::new();
    for s in 0..e.entities.len() {
        for o in 0..e.entities.len() {
            let (st, ot) = (e.entities[s].kind, e.entities[o].kind);
            if s == o || !admits_any(st, ot) {
                continue;
            }
            let near = nearest(&spans[s], &spans[o]);
            let topic = s == 0;
            let meet = near.is_some_and(|(_, _, d, _)| d <= 1);
            if !meet && !topic && ot != EntityType::Country {
                continue;
            }
            let mut f = Builder::default();
            let types = format!("{}>{}", type_name(st), type_name(ot));
            f.add(format!("t={types}"));
            if topic {
                f.add(format!("topic|{types}"));
            }
            if o == 0 {
                f.add(format!("otopic|{types}"));
            }
            if ot == EntityType::Country {
                f.add(format!("countries={}|{types}", bucket(countries)));
                if Some(o) == main_country {
                    f.add(format!("main-country|{types}"));
                }
                if Some(o) == first_country {
                    f.add(format!("first-country|{types}"));
                }
            }
            f.add(format!("smentions={}|{types}", bucket(spans[s].len())));
            f.add(format!("omentions={}|{types}", bucket(spans[o].len())));
            for (x, side) in [(s, "s"), (o, "o")] {
                if let Some(class) = &e.entities[x].class {
                    f.add(format!("{side}class={class}"));
                }
            }
            match gazetteer_country(e, s, o) {
                Some(true) => f.add(format!("gaz-in|{types}")),
                Some(false) => f.add(format!("gaz-other|{types}")),
                None => {}
            }
            if ot == EntityType::Country {
                // Does another country share a sentence with the subject?
                let near = &beside[s];
                let own = near.contains(&o);
                let other = near.iter().any(|&x| x != o);
                f.add(format!(
                    "s-sentence-country={}{}|{types}",
                    u8::from(own),
                    u8::from(other)
                ));
            }
            for r in rules.iter().filter(|r| r.rule != MODEL_RULE) {
                if r.object == Object::Entity(o) && r.subject == s {
                    f.add(format!("rule={}", r.property.as_str()));
                } else if r.object == Object::Entity(s) && r.subject == o {
                    f.add(format!("rule-inv={}", r.property.as_str()));
                }
            }
            let mut evidence = None;
            match near {
                Some(((a, b), (c, d), 0, sentence)) => {
                    evidence = Some((a.min(c), b.max(d)));
                    sentence_features(e, sentence, (a, b), (c, d), &types, &mut f);
                }
                Some((_, _, distance, _)) => {
                    f.add(format!("sd={}|{types}", bucket(distance)));
                }
                None => f.add(format!("sd=none|{types}")),
            }
            out.push(Candidate {
                subject: s,
                object: o,
                evidence,
                hashes: f.hashes,
                names: f.names,
            });
        }
    }
    out
}

/// A candidate's features as they are made: each once, with its hash.
#[derive(Default)]
struct Builder {
    names: Vec<String>,
    hashes: Vec<u64>,
}

impl Builder {
    fn add(&mut self, name: String) {
        let h = fnv(&name);
        if !self.hashes.contains(&h) {
            self.hashes.push(h);
            self.names.push(name);
        }
    }
}

/// The nearest two mentions of two entities: their token ranges, how
/// many sentences apart they are (0 in one sentence; the nearest in tokens
/// among those) and the subject's sentence.
#[allow(clippy::type_complexity)]
fn nearest(
    s: &[(usize, usize, usize)],
    o: &[(usize, usize, usize)],
) -> Option<((usize, usize), (usize, usize), usize, usize)> {
    let mut best: Option<((usize, usize), (usize, usize), usize, usize, usize)> = None;
    for &(ss, sf, se) in s {
        for &(os, of, oe) in o {
            let sentences = ss.abs_diff(os);
            let tokens = if se <= of {
                of - se
            } else if oe <= sf {
                sf - oe
            } else {
                continue;
            };
            let key = (sentences, tokens);
            if best.is_none_or(|(_, _, bs, bt, _)| key < (bs, bt)) {
                best = Some(((sf, se), (of, oe), sentences, tokens, ss));
            }
        }
    }
    best.map(|(a, b, s, _, sentence)| (a, b, s, sentence))
}

/// Does the gazetteer place `s` (a city or subdivision it knows) in
/// country `o` (`Some(true)`) or in another (`Some(false)`)?
fn gazetteer_country(e: &Entities, s: usize, o: usize) -> Option<bool> {
    let g = Gazetteer::get();
    let Some(PlaceName::Country(k)) = e.entities[o].gazetteer else {
        return None;
    };
    match e.entities[s].gazetteer {
        Some(PlaceName::City(c)) => Some(g.cities[c].country == k),
        _ => None,
    }
}

/// The features of two mentions in sentence `sentence`: `s` the subject's
/// token range, `o` the object's.
fn sentence_features(
    e: &Entities,
    sentence: usize,
    s: (usize, usize),
    o: (usize, usize),
    types: &str,
    f: &mut Builder,
) {
    let text = &e.mentions.text;
    let word = |i: usize| text.word(i).to_lowercase();
    let (order, left, right) = if s.0 < o.0 {
        ("so", s, o)
    } else {
        ("os", o, s)
    };
    let gap = right.0 - left.1;
    f.add(format!("ord={order}|{types}"));
    f.add(format!("gap={}|{order}|{types}", bucket(gap)));
    let between: Vec<String> = (left.1..right.0).map(word).collect();
    if gap <= SEQUENCE {
        f.add(format!("seq={}|{order}|{types}", between.join("_")));
        f.add(format!("seq={}|{order}", between.join("_")));
    }
    if let (Some(first), Some(last)) = (between.first(), between.last()) {
        f.add(format!("b1={first}|{order}|{types}"));
        f.add(format!("bl={last}|{order}|{types}"));
    }
    let near: Vec<&String> = if between.len() <= BETWEEN {
        between.iter().collect()
    } else {
        let half = BETWEEN / 2;
        between[..half]
            .iter()
            .chain(&between[between.len() - half..])
            .collect()
    };
    for w in near {
        f.add(format!("bw={w}|{order}"));
        f.add(format!("bw={w}|{order}|{types}"));
    }
    let sentence = &text.sentences()[sentence];
    if left.0 > sentence.first {
        f.add(format!("pre={}|{order}|{types}", word(left.0 - 1)));
    } else {
        f.add(format!("pre=^|{order}|{types}"));
    }
    if right.1 < sentence.end {
        f.add(format!("post={}|{order}|{types}", word(right.1)));
    }
    // Other entities' mentions and titles between the two.
    let mut others = 0;
    let ms = &e.mentions.mentions;
    // Mentions are in text order: those between start after the left one.
    let from = ms.partition_point(|m| m.first < left.1);
    for (m, x) in ms[from..].iter().zip(&e.of_mention[from..]) {
        if m.first >= right.0 {
            break;
        }
        if let Some(x) = x {
            if m.end <= right.0 {
                others += 1;
                f.add(format!(
                    "between-type={}|{order}",
                    type_name(e.entities[*x].kind)
                ));
            }
        }
    }
    f.add(format!("others={}|{order}|{types}", bucket(others)));
    for t in &e.mentions.titles {
        if t.first >= left.1 && t.end <= right.0 {
            f.add(format!("title-between|{types}"));
            f.add(format!("title={}|{order}", t.position.to_lowercase()));
        }
    }
    // A title just before the subject ("President X").
    if let Some(t) = e.mentions.titles.iter().find(|t| t.end == s.0) {
        f.add(format!("title-before-s={}", t.position.to_lowercase()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Text;

    fn entities(text: &str) -> Entities {
        crate::entities::resolve(crate::mentions::find(Text::new(text)))
    }

    fn named<'a>(e: &'a Entities, c: &Candidate) -> (&'a str, &'a str) {
        (
            e.entities[c.subject].name.as_str(),
            e.entities[c.object].name.as_str(),
        )
    }

    #[test]
    fn pairs_in_a_sentence_read_the_words_between() {
        let e = entities("The Labour Party won seats in Norway. Oslo is a city.");
        let cands = candidates(&e, &[]);
        let c = cands
            .iter()
            .find(|c| named(&e, c) == ("Labour Party", "Norway"))
            .expect("the party and its country");
        assert!(
            c.names.contains(&"seq=won_seats_in|so|ORG>CTRY".to_owned()),
            "{:?}",
            c.names
        );
        assert!(c.names.contains(&"t=ORG>CTRY".to_owned()));
        assert!(c.names.contains(&"topic|ORG>CTRY".to_owned()));
        assert_eq!(c.hashes.len(), c.names.len());
        assert!(c.evidence.is_some());
        // No property relates a country to a party.
        assert!(!cands
            .iter()
            .any(|c| named(&e, c) == ("Norway", "Labour Party")));
    }

    #[test]
    fn a_country_is_a_candidate_however_far_and_people_only_near() {
        let text = "Anna Berg founded the Green Party. It grew fast. \
Many joined it. Later it opened offices. Its members met in Sweden. \
Peter Holm spoke.";
        let e = entities(text);
        let cands = candidates(&e, &[]);
        let pairs: Vec<(&str, &str)> = cands.iter().map(|c| named(&e, c)).collect();
        // The party meets Sweden four sentences on.
        let far = cands
            .iter()
            .find(|c| named(&e, c) == ("Green Party", "Sweden"))
            .expect("a far country");
        assert!(far.evidence.is_none());
        assert!(
            far.names.iter().any(|n| n.starts_with("sd=3-4")),
            "{:?}",
            far.names
        );
        // Peter Holm meets the party neither in a sentence nor next to it,
        // and is not the document's topic.
        assert!(!pairs.contains(&("Peter Holm", "Green Party")), "{pairs:?}");
        assert!(pairs.contains(&("Anna Berg", "Green Party")), "{pairs:?}");
    }

    #[test]
    fn the_rules_relations_are_features() {
        let e = entities("The Labour Party won seats in Norway.");
        let (s, o) = (
            e.entities
                .iter()
                .position(|x| x.name == "Labour Party")
                .unwrap(),
            e.entities.iter().position(|x| x.name == "Norway").unwrap(),
        );
        let rule = Relation {
            subject: s,
            property: crate::schema::Property::Country,
            object: Object::Entity(o),
            confidence: 0.9,
            rule: "country-of",
            features: Vec::new(),
        };
        let cands = candidates(&e, &[rule]);
        let c = cands
            .iter()
            .find(|c| c.subject == s && c.object == o)
            .unwrap();
        assert!(
            c.names.contains(&"rule=country".to_owned()),
            "{:?}",
            c.names
        );
    }
}
