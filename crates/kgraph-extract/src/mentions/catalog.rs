//! The names of a user catalog marked as mentions.

use super::types::{Kind, Mention};
use crate::catalog::Catalog;
use crate::gazetteer::PlaceName;
use crate::schema::EntityType;
use crate::text::{fold, Text};

/// Marks the catalog's names in `text` as mentions of their type: a name
/// that is already a mention takes the entry; one that a longer mention
/// holds is left to it; one that overlaps shorter or crossing mentions
/// replaces them. Names are matched by their folded words, and must be
/// capitalized in the text unless the catalog writes them as the text
/// does. `mentions` stays in text order.
pub(super) fn mark(catalog: &Catalog, text: &Text, mentions: &mut Vec<Mention>) {
    if catalog.entries().is_empty() {
        return;
    }
    let named: Vec<usize> = mentions
        .iter()
        .filter_map(|m| match m.gazetteer {
            Some(PlaceName::Country(c) | PlaceName::Demonym(c)) => Some(c),
            _ => None,
        })
        .collect();
    let folded: Vec<String> = text
        .tokens()
        .iter()
        .enumerate()
        .map(|(i, _)| fold(text.word(i)))
        .collect();
    for (s, sentence) in text.sentences().iter().enumerate() {
        let mut i = sentence.first;
        while i < sentence.end {
            let Some((len, entries)) = catalog.at(text, &folded, i, sentence.end) else {
                i += 1;
                continue;
            };
            let end = i + len;
            let kind = catalog.entries()[entries[0]].kind;
            let entry = match entries.as_slice() {
                [e] => Some(*e),
                _ => {
                    let placed: Vec<usize> = entries
                        .iter()
                        .copied()
                        .filter(|&e| {
                            catalog.entries()[e]
                                .country
                                .is_some_and(|c| named.contains(&c))
                        })
                        .collect();
                    match placed[..] {
                        [e] => Some(e),
                        _ => None,
                    }
                }
            };
            let same_kind = entries.iter().all(|&e| catalog.entries()[e].kind == kind);
            if entry.is_some() || same_kind {
                let kind = entry.map_or(kind, |e| catalog.entries()[e].kind);
                place(mentions, s, i, end, kind, entry);
            }
            i = end;
        }
    }
}

/// Puts a catalog mention of `first..end` into `mentions`.
fn place(
    mentions: &mut Vec<Mention>,
    s: usize,
    first: usize,
    end: usize,
    kind: EntityType,
    entry: Option<usize>,
) {
    if let Some(m) = mentions
        .iter_mut()
        .find(|m| m.first == first && m.end == end)
    {
        m.kind = Kind::Typed(kind);
        m.catalog = entry;
        m.rule = "catalog";
        return;
    }
    let overlaps = |m: &Mention| m.first < end && first < m.end;
    if mentions
        .iter()
        .any(|m| overlaps(m) && m.first <= first && m.end >= end)
    {
        return;
    }
    mentions.retain(|m| !overlaps(m));
    let mut m = Mention::new(s, first, end, Kind::Typed(kind), "catalog");
    m.catalog = entry;
    let at = mentions.partition_point(|x| (x.first, x.end) < (first, end));
    mentions.insert(at, m);
}

#[cfg(test)]
mod tests {
    use crate::catalog::{Catalog, Format};
    use crate::schema::EntityType;
    use crate::{extract_with, Document, Settings};

    fn catalog() -> &'static Catalog {
        let mut c = Catalog::default();
        let errors = c.add_text(
            "name,type,aliases,id,country,description\n\
             Qorvex Holdings,Organization,Qorvex,Q900001,,A holding\n\
             Democratic Party,Organization,,Q29552,US,\n\
             Democratic Party,Organization,,Q1141164,HK,\n\
             Zanele Mbeki-Ondo,Person,Mbeki-Ondo,https://example.org/zmo,ZA,\n\
             ebay,Organization,,Q58024,US,\n",
            Format::Csv,
        );
        assert!(errors.is_empty(), "{errors:?}");
        Box::leak(Box::new(c))
    }

    /// (name, type, id) of each entity of `text`.
    fn linked(text: &str) -> Vec<(String, EntityType, Option<String>)> {
        let settings = Settings {
            catalog: Some(catalog()),
            ..Settings::default()
        };
        let x = extract_with(&Document::new(text, "t"), settings);
        x.relations
            .entities
            .entities
            .iter()
            .map(|e| {
                (
                    e.name.clone(),
                    e.kind,
                    e.catalog.as_ref().map(|c| c.id.clone()),
                )
            })
            .collect()
    }

    #[test]
    fn catalog_names_are_recognized_typed_and_linked() {
        let got = linked("Shares of qorvex fell after Qorvex said the merger was off.");
        assert!(
            got.contains(&(
                "Qorvex Holdings".to_owned(),
                EntityType::Organization,
                Some("http://www.wikidata.org/entity/Q900001".to_owned())
            )),
            "{got:?}"
        );
        // Lower case is no name unless the catalog writes it so.
        let got = linked("She sold it on ebay last week.");
        assert!(
            got.iter().any(|(n, _, id)| n == "ebay"
                && id.as_deref() == Some("http://www.wikidata.org/entity/Q58024")),
            "{got:?}"
        );
    }

    #[test]
    fn a_catalog_event_is_shared_not_its_documents_own() {
        let mut c = Catalog::default();
        let errors = c.add_text(
            "name,type,id\nKorvath Peace Talks,Event,Q900003\n",
            Format::Csv,
        );
        assert!(errors.is_empty(), "{errors:?}");
        let settings = Settings {
            catalog: Some(Box::leak(Box::new(c))),
            ..Settings::default()
        };
        let text = "Delegates met at the Korvath Peace Talks on Monday.";
        let x = extract_with(&Document::new(text, "t"), settings);
        let event = x
            .relations
            .entities
            .entities
            .iter()
            .find(|e| e.kind == EntityType::Event)
            .expect("the event");
        assert_eq!(
            (event.key.as_str(), &event.document),
            ("korvath-peace-talks", &None)
        );
    }

    #[test]
    fn an_alias_and_the_name_are_one_entity_named_by_the_catalog() {
        let got = linked("Zanele Mbeki-Ondo spoke in Pretoria. Later Mbeki-Ondo left.");
        let people: Vec<_> = got.iter().filter(|e| e.1 == EntityType::Person).collect();
        assert_eq!(people.len(), 1, "{got:?}");
        assert_eq!(people[0].2.as_deref(), Some("https://example.org/zmo"));
    }

    #[test]
    fn a_shared_name_is_linked_by_the_country_the_document_names() {
        let id = |text: &str| {
            linked(text)
                .into_iter()
                .find(|e| e.0 == "Democratic Party")
                .and_then(|e| e.2)
        };
        assert_eq!(
            id("In Hong Kong, the Democratic Party lost every seat.").as_deref(),
            Some("http://www.wikidata.org/entity/Q1141164")
        );
        assert_eq!(
            id("The Democratic Party won in the United States on Tuesday.").as_deref(),
            Some("http://www.wikidata.org/entity/Q29552")
        );
        // No country, or both: recognized, linked to neither.
        assert_eq!(id("The Democratic Party met on Tuesday."), None);
    }
}
