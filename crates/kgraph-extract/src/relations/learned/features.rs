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

use std::collections::{BTreeMap, BTreeSet};

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
    /// The features, by name.
    pub names: Vec<String>,
    /// Their hashes, in the same order.
    pub hashes: Vec<u64>,
    /// The tokens from the first to the last of the two nearest mentions
    /// of the pair, `(first, end)`: the evidence, should the pair be related.
    pub evidence: Option<(usize, usize)>,
}

/// Words between two mentions read as a sequence when there are at most
/// this many.
const SEQUENCE: usize = 5;
/// Words between two mentions read one by one (the nearest to each side).
const BETWEEN: usize = 8;
/// Two mentions further apart than this many tokens do not meet, however
/// long their sentence: a huge "sentence" (a table, a list without stops)
/// makes pairs near each other, not every pair.
const WINDOW: usize = 250;

/// The tokens between a pair's two mentions.
fn gap(p: &Pair) -> usize {
    let ((a, b), (c, d), _, _) = *p;
    if b <= c {
        c - b
    } else {
        a.saturating_sub(d)
    }
}

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
    // The country named most often (the first of those), and the first named.
    let country_entities =
        || (0..e.entities.len()).filter(|&x| e.entities[x].kind == EntityType::Country);
    let countries = country_entities().count();
    let main_country = country_entities().max_by_key(|&x| (spans[x].len(), std::cmp::Reverse(x)));
    let first_country = country_entities().next();
    // The entities named in each sentence.
    let sentence_count = e.mentions.text.sentences().len();
    let mut named: Vec<Vec<usize>> = vec![Vec::new(); sentence_count];
    for (x, mentions) in spans.iter().enumerate() {
        for &(sentence, _, _) in mentions {
            if named[sentence].last() != Some(&x) {
                named[sentence].push(x);
            }
        }
    }
    // The countries that share a sentence with each entity.
    let beside: Vec<BTreeSet<usize>> = spans
        .iter()
        .enumerate()
        .map(|(x, mentions)| {
            mentions
                .iter()
                .flat_map(|m| &named[m.0])
                .copied()
                .filter(|&c| c != x && e.entities[c].kind == EntityType::Country)
                .collect()
        })
        .collect();
    // A country however far is a candidate object; in a document naming
    // more than this many, only the one named most and the first.
    const FAR_COUNTRIES: usize = 16;
    let far: Vec<usize> = if countries <= FAR_COUNTRIES {
        country_entities().collect()
    } else {
        main_country.into_iter().chain(first_country).collect()
    };
    // The rules' relations between two entities, by (subject, object).
    let mut rules_of: BTreeMap<(usize, usize), Vec<&Relation>> = BTreeMap::new();
    for r in rules.iter().filter(|r| r.rule != MODEL_RULE) {
        if let Object::Entity(o) = r.object {
            rules_of.entry((r.subject, o)).or_default().push(r);
        }
    }
    let mut out = Vec::new();
    for s in 0..e.entities.len() {
        // The entities named in the subject's sentences and those next to
        // them, every entity for the topic, and the far countries.
        let mut objects: BTreeSet<usize> = far.iter().copied().collect();
        if s == 0 {
            objects.extend(0..e.entities.len());
        }
        for &(_, first, end) in &spans[s] {
            // Mentions are in text order: those within the window.
            let from = ms.partition_point(|m| m.first + WINDOW < first);
            for (m, x) in ms[from..].iter().zip(&e.of_mention[from..]) {
                if m.first > end + WINDOW {
                    break;
                }
                objects.extend(*x);
            }
        }
        for o in objects {
            let (st, ot) = (e.entities[s].kind, e.entities[o].kind);
            if s == o || !admits_any(st, ot) {
                continue;
            }
            let near = nearest(&spans[s], &spans[o]);
            let topic = s == 0;
            let meet = near.is_some_and(|p| p.2 <= 1 && gap(&p) <= WINDOW);
            if !meet && !topic && !far.contains(&o) {
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
            for &(x, y, inverse) in &[(s, o, false), (o, s, true)] {
                for r in rules_of.get(&(x, y)).into_iter().flatten() {
                    let side = if inverse { "rule-inv" } else { "rule" };
                    f.add(format!("{side}={}", r.property.as_str()));
                }
            }
            match near {
                Some(p @ (subject, object, 0, sentence)) if gap(&p) <= WINDOW => {
                    sentence_features(e, sentence, subject, object, &types, &mut f);
                }
                Some((_, _, distance, _)) => {
                    f.add(format!("sd={}|{types}", bucket(distance)));
                }
                None => f.add(format!("sd=none|{types}")),
            }
            let evidence = near.map(|((sf, se), (of, oe), _, _)| (sf.min(of), se.max(oe)));
            out.push(Candidate {
                subject: s,
                object: o,
                hashes: f.hashes,
                names: f.names,
                evidence,
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

/// Two mentions' token ranges, how many sentences apart they are, and the
/// first one's sentence.
type Nearest = Option<Pair>;

/// Two mentions' token ranges, how many sentences apart, the first's sentence.
type Pair = ((usize, usize), (usize, usize), usize, usize);

/// The nearest two mentions of two entities: their token ranges, how
/// many sentences apart they are (0 in one sentence; the nearest in tokens
/// among those) and the subject's sentence. Both lists are in text order,
/// so for each subject mention only the object mentions just before and
/// just after it can be nearest: time linear in the mentions, not their
/// product.
fn nearest(s: &[(usize, usize, usize)], o: &[(usize, usize, usize)]) -> Nearest {
    // The best pair so far, with its distance in tokens.
    let mut best: Option<(Pair, usize)> = None;
    let mut consider = |(ss, sf, se): (usize, usize, usize),
                        (os, of, oe): (usize, usize, usize)| {
        let sentences = ss.abs_diff(os);
        let tokens = if se <= of {
            of - se
        } else if oe <= sf {
            sf - oe
        } else {
            return;
        };
        if best.is_none_or(|(b, bt)| (sentences, tokens) < (b.2, bt)) {
            best = Some((((sf, se), (of, oe), sentences, ss), tokens));
        }
    };
    for &m in s {
        // The object mentions that start before this one ends, the last of
        // them before it; the first that starts at its end or after.
        let after = o.partition_point(|x| x.1 < m.2);
        if let Some(before) = o[..after].iter().rev().find(|x| x.2 <= m.1) {
            consider(m, *before);
        }
        if let Some(next) = o.get(after) {
            consider(m, *next);
        }
    }
    best.map(|(pair, _)| pair)
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
    let titles = &e.mentions.titles;
    // Titles are in text order: those between start after the left mention.
    let from = titles.partition_point(|t| t.first < left.1);
    for t in titles[from..].iter().take_while(|t| t.first < right.0) {
        if t.end <= right.0 {
            f.add(format!("title-between|{types}"));
            f.add(format!("title={}|{order}", t.position.to_lowercase()));
        }
    }
    // A title just before the subject ("President X").
    let before = titles.partition_point(|t| t.first < s.0);
    if let Some(t) = titles[..before].iter().find(|t| t.end == s.0) {
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
        // Read as two mentions of one sentence.
        assert!(
            c.names.iter().any(|n| n.starts_with("ord=")),
            "{:?}",
            c.names
        );
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
        assert!(
            !far.names.iter().any(|n| n.starts_with("ord=")),
            "{:?}",
            far.names
        );
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
            evidence: None,
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

    /// The nearest pair by trying every pair, as the linear search must find.
    fn nearest_by_every_pair(s: &[(usize, usize, usize)], o: &[(usize, usize, usize)]) -> Nearest {
        let mut best: Option<(Pair, usize)> = None;
        for &(ss, sf, se) in s {
            for &(os, of, oe) in o {
                let tokens = if se <= of {
                    of - se
                } else if oe <= sf {
                    sf - oe
                } else {
                    continue;
                };
                let sentences = ss.abs_diff(os);
                if best.is_none_or(|(b, bt)| (sentences, tokens) < (b.2, bt)) {
                    best = Some((((sf, se), (of, oe), sentences, ss), tokens));
                }
            }
        }
        best.map(|(pair, _)| pair)
    }

    #[test]
    fn the_nearest_mentions_are_found_in_linear_time_as_by_every_pair() {
        let mut rng = crate::tagger::Rng(7);
        for _ in 0..2000 {
            // Mentions in text order, two tokens long, one sentence a 10 tokens.
            let mut list = |n: u64| -> Vec<(usize, usize, usize)> {
                let mut starts: Vec<usize> = (0..(rng.next() % n))
                    .map(|_| (rng.next() % 60) as usize)
                    .collect();
                starts.sort_unstable();
                starts.dedup();
                starts.into_iter().map(|f| (f / 10, f, f + 2)).collect()
            };
            let (s, o) = (list(6), list(6));
            let fast = nearest(&s, &o);
            let slow = nearest_by_every_pair(&s, &o);
            // The same distance in sentences and tokens (which of two
            // equally near pairs is taken may differ).
            let gap = |x: Nearest| {
                x.map(|(a, b, d, _)| (d, if a.1 <= b.0 { b.0 - a.1 } else { a.0 - b.1 }))
            };
            assert_eq!(gap(fast), gap(slow), "{s:?} {o:?}");
        }
    }

    #[test]
    fn a_document_of_many_countries_has_two_far_ones() {
        // Twenty countries, each in its own sentence, and a party named
        // once at the start: far countries are the most named and the first.
        let countries = [
            "France", "Spain", "Kenya", "Chile", "Peru", "Norway", "Japan", "Egypt", "Cuba",
            "Ghana", "Nepal", "Fiji", "Mali", "Chad", "Oman", "Laos", "Iraq", "Togo", "Niger",
            "Qatar",
        ];
        let mut text = "The Labour Party met. It met again. It met once more.".to_owned();
        for c in countries {
            text.push_str(&format!(" Rain fell in {c}."));
        }
        text.push_str(" Rain fell in Qatar.");
        let e = entities(&text);
        let cands = candidates(&e, &[]);
        let far: Vec<&str> = cands
            .iter()
            .filter(|c| named(&e, c).0 == "Labour Party")
            .map(|c| named(&e, c).1)
            .collect();
        // The party is the topic, so every entity is a candidate for it;
        // a later organization would have only the two far countries.
        assert!(far.len() >= 20, "{far:?}");
        let text = format!("{text} The Green Party met. It met again. It met once more.");
        let e = entities(&text);
        let green: Vec<&str> = candidates(&e, &[])
            .iter()
            .filter(|c| named(&e, c).0 == "Green Party")
            .map(|c| e.entities[c.object].name.as_str())
            .collect();
        assert_eq!(green.len(), 2, "{green:?}");
        assert!(
            green.contains(&"France") && green.contains(&"Qatar"),
            "{green:?}"
        );
    }
}
