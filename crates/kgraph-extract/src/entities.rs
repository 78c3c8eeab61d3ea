//! Stage 3, entities: mentions grouped into the entities of one document.
//!
//! Resolves, inside a document: surname -> full name; acronym <-> expansion;
//! accents and case; a bare "the election" -> the one named election; gazetteer
//! hits -> their country, capital or organization. Picks one canonical name per
//! entity (the longest full proper name; the gazetteer name for countries) and
//! the key its IRI is minted from. Hands on [`Entities`].

use std::collections::BTreeSet;

use crate::lexicon::{self, FastMap, FastSet};

use crate::catalog::Catalog;
use crate::gazetteer::{Gazetteer, PlaceName};
use crate::mentions::{Kind, Mention, Mentions};
use crate::schema::EntityType;
use crate::text::fold;

/// An entity of one document.
#[derive(Debug, Clone, PartialEq)]
pub struct Entity {
    /// Its type.
    pub kind: EntityType,
    /// A subclass from the lexicons ("PoliticalParty", "Election").
    pub class: Option<String>,
    /// The canonical name.
    pub name: String,
    /// Every other surface form seen.
    pub aliases: BTreeSet<String>,
    /// Indices into [`Mentions::mentions`], in text order.
    pub mentions: Vec<usize>,
    /// The gazetteer entry, for countries, capitals and international organizations.
    pub gazetteer: Option<PlaceName>,
    /// The key its IRI is minted from: the ISO code of a country, else a slug.
    pub key: String,
    /// The id of the document its IRI is scoped to: an event that is not
    /// named and fixed in time is its document's own ([`crate::scope`]).
    pub document: Option<String>,
    /// The rule or gazetteer that typed it (of its first typed mention).
    pub rule: &'static str,
    /// The catalog entry it is, when one of its mentions names one.
    pub catalog: Option<crate::catalog::Link>,
}

/// The entity stage's output.
#[derive(Debug, Clone)]
pub struct Entities {
    /// The mentions they were built from.
    pub mentions: Mentions,
    /// Entities, in order of first mention.
    pub entities: Vec<Entity>,
    /// For each mention, its entity (None for a mention that resolved to nothing).
    pub of_mention: Vec<Option<usize>>,
}

/// The URL-safe key of a name: folded, ASCII letters and digits, hyphens between words.
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in fold(name).chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') && c != '\'' && c != '.' {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_owned()
}

/// The IRI key of a name: its slug, or, for a name with no ASCII letter or
/// digit ("Путин"), its folded form percent-encoded, so that different names
/// never share a key.
pub fn key_of(name: &str) -> String {
    let slug = slug(name);
    if !slug.is_empty() {
        return slug;
    }
    let mut out = String::new();
    for b in fold(name).replace(' ', "-").bytes() {
        if b.is_ascii_alphanumeric() || b == b'-' {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Groups mentions into entities.
pub fn resolve(mentions: Mentions) -> Entities {
    resolve_with(mentions, None)
}

/// Groups mentions into entities; a mention of an entry of `catalog` gives
/// its entity the entry's name, key and id.
pub fn resolve_with(mentions: Mentions, catalog: Option<&Catalog>) -> Entities {
    let g = Gazetteer::get();
    let entry = |m: &Mention| Some(&catalog?.entries()[m.catalog?]);
    let text = &mentions.text;
    let surface = |m: &Mention| text.span_text(m.first, m.end).to_owned();
    let mut entities: Vec<Entity> = Vec::new();
    let mut of_mention: Vec<Option<usize>> = vec![None; mentions.mentions.len()];
    let mut by_key: FastMap<(EntityType, String), usize> = FastMap::default();

    let mut add =
        |entities: &mut Vec<Entity>, m: &Mention, idx: usize, kind: EntityType, key: String| {
            let e = *by_key.entry((kind, key.clone())).or_insert_with(|| {
                entities.push(Entity {
                    kind,
                    class: None,
                    name: String::new(),
                    aliases: BTreeSet::new(),
                    mentions: Vec::new(),
                    gazetteer: m.gazetteer,
                    key,
                    document: None,
                    rule: m.rule,
                    catalog: None,
                });
                entities.len() - 1
            });
            let entity = &mut entities[e];
            entity.mentions.push(idx);
            if entity.class.is_none() {
                entity.class.clone_from(&m.class);
            }
            e
        };

    // The last words of the longer organization names: the same word alone
    // ("the Bulls" after "Chicago Bulls", "United" after "Manchester United")
    // is a short form, left to pass 2; not a cue word ("Party", "Council"),
    // which any body of its kind ends with.
    let org_lasts: FastSet<String> = mentions
        .mentions
        .iter()
        .filter(|m| m.kind == Kind::Typed(EntityType::Organization) && m.end - m.first > 1)
        .map(|m| fold(text.word(m.end - 1)))
        .collect();
    let org_short_form = |m: &Mention| {
        m.end - m.first == 1
            && m.gazetteer.is_none()
            && !by_acronym(m.rule)
            && !g.org_cues.contains_key(&text.word(m.first).to_lowercase())
            && org_lasts.contains(&fold(text.word(m.first)))
    };

    // The last words of people's full names, with the first mention that
    // has each: a city's name alone after it is that person's surname
    // ("Valeska Paris ... Paris said"), unless a preposition or a comma
    // places it ("in Paris", "from Paris", "Paris, Texas"), or a capitalized
    // word follows it ("Paris Saint-Germain").
    let mut person_lasts: FastMap<String, usize> = FastMap::default();
    for (idx, m) in mentions.mentions.iter().enumerate() {
        if m.kind == Kind::Typed(EntityType::Person) && m.end - m.first > 1 {
            person_lasts
                .entry(fold(text.word(m.end - 1)))
                .or_insert(idx);
        }
    }
    let surname_not_city = |idx: usize, m: &Mention| {
        let tokens = text.tokens().len();
        let before = (m.first > 0).then(|| text.word(m.first - 1).to_lowercase());
        let after = (m.end < tokens).then(|| text.word(m.end));
        matches!(
            m.gazetteer,
            Some(PlaceName::City(_) | PlaceName::Country(_))
        ) && m.end - m.first == 1
            && person_lasts
                .get(&fold(text.word(m.first)))
                .is_some_and(|&x| x < idx)
            && !before.is_some_and(|w| {
                lexicon::place_prepositions().contains(w.as_str())
                    || lexicon::city_prepositions().contains(w.as_str())
                    || matches!(w.as_str(), "of" | "the" | ",")
            })
            && !after.is_some_and(|w| w == "," || w.chars().next().is_some_and(char::is_uppercase))
    };

    // Pass 1: gazetteer hits and full names; acronyms join what they abbreviate.
    for (idx, m) in mentions.mentions.iter().enumerate() {
        let Kind::Typed(kind) = m.kind else { continue };
        if m.anaphor {
            continue;
        }
        if let Some(of) = m.acronym_of {
            if let Some(e) = of_mention[of] {
                entities[e].mentions.push(idx);
                of_mention[idx] = Some(e);
                continue;
            }
        }
        if surname_not_city(idx, m) {
            continue;
        }
        let key = match (entry(m), m.gazetteer) {
            (Some(e), _) => key_of(&e.name),
            (None, gazetteer) => match gazetteer {
                Some(PlaceName::Country(c) | PlaceName::Demonym(c)) => g.countries[c].iso2.clone(),
                Some(PlaceName::City(c)) => slug(&g.cities[c].name),
                Some(PlaceName::Org(o)) => slug(&g.orgs[o].name),
                None if kind == EntityType::Person && m.end - m.first == 1 => continue,
                None if kind == EntityType::Organization && org_short_form(m) => continue,
                None if by_acronym(m.rule) => continue,
                // A single word placed by its preposition alone may be a surname
                // ("in Warhol's work"): pass 2 tries people first.
                None if matches!(m.rule, "after-preposition" | "city-comma-region")
                    && m.end - m.first == 1 =>
                {
                    continue
                }
                None => key_of(&surface(m)),
            },
        };
        if key.is_empty() {
            continue;
        }
        of_mention[idx] = Some(add(&mut entities, m, idx, kind, key));
    }

    // Each mention's words, folded once; and indexes from a last word or a whole
    // name to the entities that have it, so resolution stays linear.
    let folded: Vec<Vec<String>> = mentions
        .mentions
        .iter()
        .map(|m| (m.first..m.end).map(|i| fold(text.word(i))).collect())
        .collect();
    let mut by_last: FastMap<(EntityType, String), Vec<usize>> = FastMap::default();
    let mut by_name: FastMap<(EntityType, String), Vec<usize>> = FastMap::default();
    let index = |by_last: &mut FastMap<(EntityType, String), Vec<usize>>,
                 by_name: &mut FastMap<(EntityType, String), Vec<usize>>,
                 kind: EntityType,
                 x: usize,
                 e: usize| {
        if let Some(last) = folded[x].last() {
            let slot = by_last.entry((kind, last.clone())).or_default();
            if !slot.contains(&e) {
                slot.push(e);
            }
        }
        let slot = by_name.entry((kind, folded[x].join(" "))).or_default();
        if !slot.contains(&e) {
            slot.push(e);
        }
    };
    for (e, entity) in entities.iter().enumerate() {
        for &x in &entity.mentions {
            index(&mut by_last, &mut by_name, entity.kind, x, e);
        }
    }

    // Pass 2: short forms. A single name joins the one person whose name ends with
    // it ("Cabello" -> "Diosdado Cabello"), unless it is an acronym (a surname is
    // not: "DAB" does not join a "Pro-Beijing DAB" taken for a person); an acronym
    // joins the organization it was defined for; an unknown capitalized name joins
    // whatever it matches.
    for (idx, m) in mentions.mentions.iter().enumerate() {
        if of_mention[idx].is_some() || m.anaphor {
            continue;
        }
        let words = &folded[idx];
        let Some(last) = words.last() else { continue };
        let whole = words.join(" ");
        let mut candidates: Vec<usize> = Vec::new();
        let acronym = by_acronym(m.rule);
        for &e in by_last
            .get(&(EntityType::Person, last.clone()))
            .into_iter()
            .flatten()
            .filter(|_| !acronym)
        {
            let longer = entities[e]
                .mentions
                .iter()
                .any(|&x| folded[x].len() > words.len() && folded[x].ends_with(words));
            if longer && !candidates.contains(&e) {
                candidates.push(e);
            }
        }
        for &e in by_name
            .get(&(EntityType::Organization, whole))
            .into_iter()
            .flatten()
        {
            if !candidates.contains(&e) {
                candidates.push(e);
            }
        }
        if org_short_form(m)
            && matches!(
                m.kind,
                Kind::Typed(EntityType::Organization) | Kind::Unknown
            )
        {
            for &e in by_last
                .get(&(EntityType::Organization, last.clone()))
                .into_iter()
                .flatten()
            {
                let longer = entities[e]
                    .mentions
                    .iter()
                    .any(|&x| folded[x].len() > 1 && folded[x].ends_with(words));
                if longer && !candidates.contains(&e) {
                    candidates.push(e);
                }
            }
        }
        candidates.sort_unstable();
        // Several people share the surname: the one the text names most so far
        // (the story's main character), then the one named last.
        let chosen = match candidates[..] {
            [e] => Some(e),
            [] => None,
            _ => candidates.iter().copied().max_by_key(|&e| {
                let before: Vec<usize> = entities[e]
                    .mentions
                    .iter()
                    .copied()
                    .filter(|&x| x < idx)
                    .collect();
                (before.len(), before.last().copied())
            }),
        };
        if let Some(e) = chosen {
            entities[e].mentions.push(idx);
            of_mention[idx] = Some(e);
            index(&mut by_last, &mut by_name, entities[e].kind, idx, e);
        } else if candidates.is_empty() {
            if let Kind::Typed(kind) = m.kind {
                let e = add(&mut entities, m, idx, kind, key_of(&surface(m)));
                of_mention[idx] = Some(e);
                index(&mut by_last, &mut by_name, kind, idx, e);
            }
        }
    }

    // Pass 3: events. A shorter event name that is a run of a longer one ending
    // in the same head ("presidential election" in "July 28 presidential election")
    // joins it; a bare "the election" joins the one event with that head.
    // Longer names first, so that "Taipei lantern festival" has joined "Taipei
    // City Lantern Festival" before "Lantern Festival" looks for its event.
    let mut by_length: Vec<usize> = (0..mentions.mentions.len()).collect();
    by_length.sort_by_key(|&x| std::cmp::Reverse(folded[x].len()));
    for idx in by_length {
        let m = &mentions.mentions[idx];
        if m.kind != Kind::Typed(EntityType::Event) {
            continue;
        }
        let words = &folded[idx];
        let Some(head) = words.last() else { continue };
        let candidates: Vec<usize> = by_last
            .get(&(EntityType::Event, head.clone()))
            .into_iter()
            .flatten()
            .copied()
            .filter(|&e| {
                Some(e) != of_mention[idx]
                    && entities[e].mentions.iter().any(|&x| {
                        let other = &folded[x];
                        other.len() > words.len()
                            && other.last() == words.last()
                            && is_subsequence(words, other)
                    })
            })
            .collect();
        if let [e] = candidates[..] {
            if let Some(old) = of_mention[idx] {
                entities[old].mentions.retain(|&x| x != idx);
            }
            entities[e].mentions.push(idx);
            of_mention[idx] = Some(e);
        }
    }

    // Pass 4: a bare event reference that joined no named event by its last
    // word joins the one event whose name has the word elsewhere ("the
    // battle" -> "Battle of Midway").
    let mut unnamed: FastMap<&str, Vec<usize>> = FastMap::default();
    for (idx, m) in mentions.mentions.iter().enumerate() {
        if m.anaphor && m.kind == Kind::Typed(EntityType::Event) && of_mention[idx].is_none() {
            if let Some(head) = folded[idx].last() {
                unnamed.entry(head.as_str()).or_default().push(idx);
            }
        }
    }
    let mut unnamed: Vec<(&str, Vec<usize>)> = unnamed.into_iter().collect();
    unnamed.sort_unstable();
    for (head, refs) in unnamed {
        let named: Vec<usize> = (0..entities.len())
            .filter(|&e| {
                entities[e].kind == EntityType::Event
                    && entities[e]
                        .mentions
                        .iter()
                        .any(|&x| folded[x].iter().any(|w| w == head))
            })
            .collect();
        if let [e] = named[..] {
            for &x in &refs {
                of_mention[x] = Some(e);
            }
            entities[e].mentions.extend_from_slice(&refs);
        }
    }

    // Canonical names and aliases.
    for entity in &mut entities {
        entity.mentions.sort_unstable();
        let forms: Vec<(String, bool)> = entity
            .mentions
            .iter()
            .map(|&x| {
                let m = &mentions.mentions[x];
                (
                    surface(m),
                    m.acronym_of.is_some() || (m.end - m.first == 1 && by_acronym(m.rule)),
                )
            })
            .collect();
        entity.name = match entity.gazetteer {
            Some(PlaceName::Country(c) | PlaceName::Demonym(c)) => g.countries[c].name.clone(),
            Some(PlaceName::Org(o)) => g.orgs[o].name.clone(),
            _ => forms
                .iter()
                .filter(|(_, acronym)| !acronym)
                .map(|(f, _)| f.clone())
                .max_by_key(|f| (f.chars().count(), std::cmp::Reverse(f.clone())))
                .or_else(|| forms.first().map(|(f, _)| f.clone()))
                .unwrap_or_default(),
        };
        if entity.gazetteer.is_none() {
            entity.key = key_of(&entity.name);
        }
        // A catalog entry wins over the text's name and its slug.
        if let Some(e) = entity
            .mentions
            .iter()
            .find_map(|&x| entry(&mentions.mentions[x]))
        {
            entity.name.clone_from(&e.name);
            entity.key = key_of(&e.name);
            entity.catalog = Some(e.into());
        }
        entity.aliases = forms
            .into_iter()
            .map(|(f, _)| f)
            .filter(|f| *f != entity.name)
            .collect();
    }
    // Drop entities left with no mentions (their events merged away), and
    // acronyms the text never defines and uses only once ("VIP", "GMT"): an
    // organization's acronym is defined in brackets, known to the gazetteer, or
    // used again.
    let keep: Vec<bool> = entities
        .iter()
        .map(|e| {
            let rules: Vec<&str> = e
                .mentions
                .iter()
                .map(|&x| mentions.mentions[x].rule)
                .collect();
            let undefined_acronym = e.gazetteer.is_none() && rules.iter().all(|r| by_acronym(r));
            let in_context = rules.contains(&"acronym-in-context");
            let odd = e.name.chars().any(|c| c.is_ascii_digit()) || is_roman_numeral(&e.name);
            !e.mentions.is_empty()
                && !(undefined_acronym && (odd || (e.mentions.len() < 2 && !in_context)))
        })
        .collect();
    let mut renumber = Vec::with_capacity(entities.len());
    let mut next = 0;
    for k in &keep {
        renumber.push(if *k { next } else { usize::MAX });
        next += usize::from(*k);
    }
    let entities: Vec<Entity> = entities
        .into_iter()
        .zip(&keep)
        .filter(|(_, k)| **k)
        .map(|(e, _)| e)
        .collect();
    let of_mention = of_mention
        .into_iter()
        .map(|e| e.map(|e| renumber[e]).filter(|&e| e != usize::MAX))
        .collect();
    Entities {
        mentions,
        entities,
        of_mention,
    }
}

/// Did the rule `rule` find an acronym ("acronym", "acronym-in-context")?
fn by_acronym(rule: &str) -> bool {
    matches!(rule, "acronym" | "acronym-in-context")
}

/// Are `short`'s words all in `long`, in order ("taipei lantern festival" in
/// "taipei city lantern festival")?
fn is_subsequence(short: &[String], long: &[String]) -> bool {
    let mut rest = long.iter();
    short.iter().all(|w| rest.any(|x| x == w))
}

/// "XVII", "IV": Roman numerals look like acronyms.
fn is_roman_numeral(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| matches!(c, 'I' | 'V' | 'X' | 'L' | 'C' | 'D' | 'M'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Text;

    /// The entities of `raw` (type, name, aliases), by the rules and the
    /// `tagger` if given.
    fn entities_with(
        raw: &str,
        tagger: Option<&crate::tagger::Model>,
    ) -> Vec<(EntityType, String, Vec<String>)> {
        let e = resolve(crate::mentions::find_with(Text::new(raw), tagger, None));
        e.entities
            .iter()
            .map(|x| (x.kind, x.name.clone(), x.aliases.iter().cloned().collect()))
            .collect()
    }

    fn entities(raw: &str) -> Vec<(EntityType, String, Vec<String>)> {
        entities_with(raw, None)
    }

    /// [`entities`], with the shipped tagger's names joined to the rules'.
    fn tagged_entities(raw: &str) -> Vec<(EntityType, String, Vec<String>)> {
        entities_with(raw, Some(crate::tagger::Model::shipped()))
    }

    #[test]
    fn a_currency_code_is_no_country_for_the_tagger_either() {
        for raw in [
            "The driver was released on US$ 20,000 bail on Thursday.",
            "The firm paid NZ$26 million for the port.",
        ] {
            let got = tagged_entities(raw);
            assert!(
                !got.iter().any(|(k, _, _)| *k == EntityType::Country),
                "{got:?}"
            );
        }
    }

    #[test]
    fn names_without_ascii_letters_keep_distinct_keys() {
        assert_eq!(key_of("Путин"), "%D0%BF%D1%83%D1%82%D0%B8%D0%BD");
        assert_ne!(key_of("Путин"), key_of("Медведев"));
        let got = entities("Владимир Путин said hi. Дмитрий Медведев said no.");
        let people = got
            .iter()
            .filter(|(k, _, _)| *k == EntityType::Person)
            .count();
        assert_eq!(people, 2, "{got:?}");
    }

    #[test]
    fn slugs_and_folding() {
        assert_eq!(slug("Nicolás Maduro"), "nicolas-maduro");
        assert_eq!(
            slug("United Socialist Party of Venezuela"),
            "united-socialist-party-of-venezuela"
        );
        assert_eq!(slug("Christian K. Caruzo"), "christian-k-caruzo");
        assert_eq!(slug("O’Brien"), "obrien");
        assert_eq!(fold("  GONZÁLEZ  Edmundo"), "gonzalez edmundo");
    }

    #[test]
    fn surnames_acronyms_and_demonyms_resolve() {
        let got = entities(
            "Venezuelan Interior Minister Diosdado Cabello met the United Socialist Party of Venezuela (PSUV). \
             Cabello said the PSUV and Venezuela agree. Edmundo González fled. Gonzalez said no.",
        );
        let find = |name: &str| {
            got.iter()
                .find(|(_, n, _)| n == name)
                .unwrap_or_else(|| panic!("{name} not in {got:?}"))
        };
        assert_eq!(find("Diosdado Cabello").2, ["Cabello"]);
        assert_eq!(find("United Socialist Party of Venezuela").2, ["PSUV"]);
        assert_eq!(find("Venezuela").2, ["Venezuelan"]);
        assert_eq!(find("Venezuela").0, EntityType::Country);
        assert_eq!(find("Edmundo González").2, ["Gonzalez"]);
        assert_eq!(
            got.iter()
                .filter(|(k, _, _)| *k == EntityType::Person)
                .count(),
            2,
            "{got:?}"
        );
    }

    #[test]
    fn a_city_named_alone_after_a_person_of_that_surname_is_the_person() {
        let got = tagged_entities(
            "Former member Marta Paris spoke to reporters on Monday. Paris said she had \
             left the group in 2009. A court in Paris will hear the case.",
        );
        let find = |name: &str| {
            got.iter()
                .find(|(_, n, _)| n == name)
                .unwrap_or_else(|| panic!("{name} not in {got:?}"))
        };
        assert_eq!(find("Marta Paris").2, ["Paris"], "{got:?}");
        // "in Paris" is still the city.
        assert_eq!(find("Paris").0, EntityType::Place, "{got:?}");
        // A country's name too ("Jordan").
        let got = tagged_entities(
            "Michael Jordan praised the deal on Friday. Jordan said he would invest.",
        );
        assert!(
            got.iter().any(|(k, n, a)| *k == EntityType::Person
                && n == "Michael Jordan"
                && a == &["Jordan"]),
            "{got:?}"
        );
        assert!(
            !got.iter().any(|(k, _, _)| *k == EntityType::Country),
            "{got:?}"
        );
        // Without the person, the city stays a city.
        let got = tagged_entities("Paris said it would host the games. Officials met in Lyon.");
        assert!(
            got.iter()
                .any(|(k, n, _)| *k == EntityType::Place && n == "Paris"),
            "{got:?}"
        );
    }

    #[test]
    fn an_organizations_last_word_alone_is_its_short_form() {
        let got = entities(
            "Chicago Bulls coach Billy Donovan spoke. The Bulls lost, and the Ministry of \
             Health and the Ministry of Defence met.",
        );
        let bulls: Vec<_> = got.iter().filter(|(_, n, _)| n.contains("Bulls")).collect();
        assert_eq!(bulls.len(), 1, "{got:?}");
        assert_eq!(bulls[0].2, ["Bulls"], "{got:?}");
        // A cue word is no short form: two ministries stay two.
        let ministries = got
            .iter()
            .filter(|(_, n, _)| n.starts_with("Ministry"))
            .count();
        assert_eq!(ministries, 2, "{got:?}");
        // A place is not an organization's short form.
        let indiana =
            entities("He studied at the University of Southern Indiana in Evansville, Indiana.");
        assert!(
            indiana
                .iter()
                .any(|(k, n, _)| *k == EntityType::Place && n == "Indiana"),
            "{indiana:?}"
        );
    }

    #[test]
    fn acronyms_do_not_join_people_by_their_last_word() {
        let got = entities(
            "Reporter Joe ABC arrived. ABC said the ABC union agreed. Smith said ABC won.",
        );
        let abc = got.iter().find(|(_, n, _)| n == "ABC");
        assert!(
            abc.is_some_and(|(k, _, _)| *k == EntityType::Organization),
            "{got:?}"
        );
        let joe = got.iter().find(|(_, n, _)| n == "Joe ABC");
        assert!(
            joe.is_some_and(|(_, _, aliases)| aliases.is_empty()),
            "{got:?}"
        );
    }

    #[test]
    fn undefined_acronyms_need_a_second_use() {
        let got = entities(
            "The VIP guests met NASA staff. NASA said the IE6 and XVII teams won. IE6 lost.",
        );
        let names: Vec<&str> = got.iter().map(|(_, n, _)| n.as_str()).collect();
        assert!(names.contains(&"NASA"), "{names:?}");
        for dropped in ["VIP", "IE6", "XVII"] {
            assert!(!names.contains(&dropped), "{dropped} in {names:?}");
        }
        // Once is enough for an acronym the lists know as a body.
        let got = entities("Engineers at NASA delayed it. Later NASA agreed, and XJQ did not.");
        let names: Vec<&str> = got.iter().map(|(_, n, _)| n.as_str()).collect();
        assert_eq!(names, ["NASA"]);
    }

    #[test]
    fn event_names_with_words_left_out_join_the_full_name() {
        let got = entities(
            "The Kyoto City Lantern Festival opened. The Kyoto lantern festival drew crowds. \
             The Lantern Festival ends on Sunday, and the festival will return.",
        );
        let events: Vec<_> = got
            .iter()
            .filter(|(k, _, _)| *k == EntityType::Event)
            .collect();
        assert_eq!(events.len(), 1, "{got:?}");
        assert_eq!(events[0].1, "Kyoto City Lantern Festival");
    }

    #[test]
    fn event_short_forms_join_the_named_event() {
        let got = entities(
            "Maduro won the July 28 presidential election. The presidential election was a sham, \
             and the election was disputed.",
        );
        let events: Vec<_> = got
            .iter()
            .filter(|(k, _, _)| *k == EntityType::Event)
            .collect();
        assert_eq!(events.len(), 1, "{got:?}");
        assert_eq!(events[0].1, "July 28 presidential election");
    }

    #[test]
    fn a_bare_event_reference_joins_the_one_event_named_with_its_word() {
        let got = entities(
            "The Battle of Midway began on June 4, 1942. The battle ended three days later.",
        );
        let events: Vec<_> = got
            .iter()
            .filter(|(k, _, _)| *k == EntityType::Event)
            .collect();
        assert_eq!(events.len(), 1, "{got:?}");
        assert_eq!(events[0].1, "Battle of Midway", "{got:?}");
        assert_eq!(events[0].2, ["battle"], "{got:?}");
        // Two events with the word: no guess.
        let got = entities(
            "The Battle of Midway followed the Battle of the Coral Sea. The battle was short.",
        );
        assert!(
            got.iter().all(|(_, _, aliases)| aliases.is_empty()),
            "{got:?}"
        );
    }
}
