//! Which events are one node across documents: an event named and fixed in
//! time ("the 2018 World Cup", "the 2024 Venezuelan presidential election")
//! is shared by every article about it; any other ("the first meeting",
//! "the presidential election", "nationwide protests") is its document's
//! own, so that two stories' meetings or three countries' elections never
//! become one node.
//!
//! A shared event's key is its year (in its name, else of its `kg:date`),
//! the ISO code of its country when the document gives one (in its name or
//! by `kg:country`), and the slug of the rest of its name: "2024 Venezuelan presidential election" and, in a
//! Venezuelan story, "2024 presidential election" are both
//! `2024-ve-presidential-election`, and so is "the presidential election"
//! dated July 28, 2024 there. Without a country an event is shared
//! only when its name is a proper one (a capitalized word besides the
//! year): "2018 World Cup" is `2018-world-cup`. An event linked to a
//! catalog entry is shared, keyed by the entry's name.

use crate::dates;
use crate::entities::{key_of, Entity};
use crate::gazetteer::{Gazetteer, PlaceName};
use crate::relations::{Object, Relations};
use crate::schema::{EntityType, Property};

/// Scopes the events of one document: each event not named and fixed in
/// time gets `document` (the document's id) as its scope; the others get
/// their shared key.
pub fn events(relations: &mut Relations, document: &str) {
    let g = Gazetteer::get();
    let entities = &relations.entities.entities;
    let facts: Vec<(Option<String>, Option<i32>)> = (0..entities.len())
        .map(|e| {
            let of = || relations.relations.iter().filter(move |r| r.subject == e);
            let country = of().find_map(|r| match r.object {
                Object::Entity(o)
                    if r.property == Property::Country
                        && entities[o].kind == EntityType::Country =>
                {
                    Some(entities[o].key.clone())
                }
                _ => None,
            });
            let year = of().find_map(|r| match &r.object {
                Object::Date(d) if r.property == Property::Date => d.year,
                _ => None,
            });
            (country, year)
        })
        .collect();
    for (entity, (country, year)) in relations.entities.entities.iter_mut().zip(facts) {
        // A catalog's event is the entry's, named by it.
        if entity.kind != EntityType::Event || entity.catalog.is_some() {
            continue;
        }
        match shared_key(g, entity, country, year) {
            Some(key) => entity.key = key,
            None => entity.document = Some(document.to_owned()),
        }
    }
}

/// The key an event shares with other documents, if it is named and fixed
/// in time: see the module's documentation.
fn shared_key(
    g: &Gazetteer,
    event: &Entity,
    country: Option<String>,
    dated: Option<i32>,
) -> Option<String> {
    let words: Vec<&str> = event.name.split_whitespace().collect();
    let year = match words.iter().find_map(|w| dates::year(w)) {
        Some(y) => y,
        None => dated?,
    };
    // The ISO code of the country a word names ("Venezuela's", "Venezuelan").
    let country_of = |w: &str| {
        let w = w
            .strip_suffix("'s")
            .or_else(|| w.strip_suffix("’s"))
            .unwrap_or(w);
        match g.lookup(w) {
            Some(PlaceName::Country(c) | PlaceName::Demonym(c)) => {
                Some(g.countries[c].iso2.clone())
            }
            _ => None,
        }
    };
    let in_name = words.iter().find_map(|w| country_of(w));
    let rest: Vec<&str> = words
        .iter()
        .copied()
        .filter(|w| dates::year(w).is_none() && country_of(w).is_none())
        .collect();
    let proper = rest
        .iter()
        .any(|w| w.chars().next().is_some_and(char::is_uppercase));
    match in_name.or(country) {
        Some(iso) => Some(key_of(&format!("{year} {iso} {}", rest.join(" ")))),
        None if proper => Some(key_of(&format!("{year} {}", rest.join(" ")))),
        None => None,
    }
}

#[cfg(test)]
mod tests {
    use crate::extract::{extract, Document};
    use crate::schema::EntityType;

    /// The events of `text`: (name, key, scoped to the document).
    fn events(text: &str) -> Vec<(String, String, bool)> {
        let doc = Document::new(text, "test");
        extract(&doc)
            .relations
            .entities
            .entities
            .iter()
            .filter(|e| e.kind == EntityType::Event)
            .map(|e| (e.name.clone(), e.key.clone(), e.document.is_some()))
            .collect()
    }

    #[test]
    fn named_events_fixed_in_time_are_shared_others_are_the_documents() {
        let got = events(
            "Venezuela held the 2024 Venezuelan presidential election on July 28. \
             France won the 2018 World Cup. Workers held nationwide protests in Caracas.",
        );
        let find = |name: &str| {
            got.iter()
                .find(|(n, _, _)| n == name)
                .unwrap_or_else(|| panic!("{name} not in {got:?}"))
        };
        let election = find("2024 Venezuelan presidential election");
        assert_eq!(election.1, "2024-ve-presidential-election");
        assert!(!election.2);
        let cup = find("2018 World Cup");
        assert_eq!(cup.1, "2018-world-cup");
        assert!(!cup.2);
        assert!(find("nationwide protests").2, "{got:?}");
        // The same election by its country: one key.
        let got = events("Venezuela's 2024 presidential election was disputed.");
        assert!(
            got.iter()
                .any(|(_, k, scoped)| k == "2024-ve-presidential-election" && !scoped),
            "{got:?}"
        );
        // A year without a country or a proper name is no identity.
        let got = events("Turnout in the 2024 presidential election rose.");
        assert!(got.iter().all(|(_, _, scoped)| *scoped), "{got:?}");
    }
}
