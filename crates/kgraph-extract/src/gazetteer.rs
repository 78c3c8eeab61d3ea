//! Reference data: countries, international organizations, given names,
//! common words and the hand-written lexicons of titles and cue words.
//!
//! The data files live in `data/` (each with its source and license in
//! `data/README.md`) and are compiled into the binary, so kgraph needs no
//! files at run time. This module only parses them; the mention stage uses them.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use crate::lexicon::{FastMap, FastSet};

/// A country of the ISO 3166-1 gazetteer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Country {
    /// ISO 3166-1 alpha-2 code, upper case.
    pub iso2: String,
    /// ISO 3166-1 alpha-3 code.
    pub iso3: String,
    /// Wikidata QID, if known.
    pub qid: Option<String>,
    /// Common English short name ("United States").
    pub name: String,
}

/// A city: a capital, or a GeoNames city of at least 50,000 people.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct City {
    /// The city's name.
    pub name: String,
    /// Index of its country in [`Gazetteer::countries`].
    pub country: usize,
    /// Its GeoNames id, when it comes from GeoNames.
    pub geonames: Option<String>,
    /// Is it its country's capital?
    pub capital: bool,
    /// Its Wikidata QID, for a state, province or territory
    /// (`data/subdivisions.tsv`).
    pub qid: Option<String>,
}

/// An international organization.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IntlOrg {
    /// English name.
    pub name: String,
    /// Wikidata QID, if known.
    pub qid: Option<String>,
    /// Acronyms ("UN", "NATO").
    pub acronyms: Vec<String>,
}

/// How a title relates its holder to the body or country it is of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TitleKind {
    /// The holder leads it (`kg:leaderOf`).
    Leader,
    /// The holder serves in it (`kg:affiliatedWith`).
    Office,
    /// The holder is a member (`kg:memberOf`).
    Member,
}

/// A title from the lexicon.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Title {
    /// The position it names ("Interior Minister", "Senator").
    pub position: String,
    /// What it says about the holder's body.
    pub kind: TitleKind,
}

/// What a surface form in the place gazetteer names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlaceName {
    /// A country by name (index into [`Gazetteer::countries`]).
    Country(usize),
    /// A country by demonym or adjective ("Venezuelan").
    Demonym(usize),
    /// A capital city (index into [`Gazetteer::cities`]).
    City(usize),
    /// An international organization (index into [`Gazetteer::orgs`]).
    Org(usize),
}

/// All reference data, parsed once.
#[derive(Debug)]
pub struct Gazetteer {
    /// Every ISO 3166-1 country.
    pub countries: Vec<Country>,
    /// Capitals.
    pub cities: Vec<City>,
    /// International organizations.
    pub orgs: Vec<IntlOrg>,
    /// Surface form (as written) -> what it names. Case-sensitive.
    pub names: FastMap<String, PlaceName>,
    /// Longest surface form, in words.
    pub max_name_words: usize,
    /// Given names ("Daniel").
    pub given_names: FastSet<String>,
    /// Common lowercase English words, with their usual part of speech (UPOS).
    pub common_words: FastMap<String, String>,
    /// Lowercase title surface -> title.
    pub titles: FastMap<String, Title>,
    /// Longest title, in words.
    pub max_title_words: usize,
    /// The first words of titles, lower case (a quick test before a lookup).
    pub title_first_words: FastSet<String>,
    /// Lowercase head word -> organization class name ("PoliticalParty").
    pub org_cues: FastMap<String, String>,
    /// Lowercase head noun -> event class name ("Election").
    pub event_cues: FastMap<String, String>,
    /// Lowercase words that make an event noun specific.
    pub event_modifiers: FastSet<String>,
    /// Lowercase nouns that make the capitalized word before them an organization.
    pub org_nouns: FastSet<String>,
    /// Lowercase head words that make a name a Place ("bridge", "airport").
    pub place_cues: FastSet<String>,
    /// Verb form -> action type ("appointed" -> "appoint").
    pub action_verbs: FastMap<String, String>,
}

const COUNTRIES: &str = include_str!("../../../data/countries.tsv");
const INTL_ORGS: &str = include_str!("../../../data/intl_orgs.tsv");
const CITIES: &str = include_str!("../../../data/cities.tsv");
const SUBDIVISIONS: &str = include_str!("../../../data/subdivisions.tsv");
const GIVEN_NAMES: &str = include_str!("../../../data/given_names.txt");
const COMMON_WORDS: &str = include_str!("../../../data/common_words.txt");
const TITLES: &str = include_str!("../../../data/lexicon/titles.tsv");
const ORG_CUES: &str = include_str!("../../../data/lexicon/org_cues.tsv");
const EVENT_CUES: &str = include_str!("../../../data/lexicon/event_cues.tsv");
const EVENT_MODIFIERS: &str = include_str!("../../../data/lexicon/event_modifiers.txt");
const ACTION_VERBS: &str = include_str!("../../../data/lexicon/action_verbs.tsv");
const PLACE_CUES: &str = include_str!("../../../data/lexicon/place_cues.txt");
const ORG_NOUNS: &str = include_str!("../../../data/lexicon/org_nouns.txt");

/// Data lines of a file: no comments, no blank lines, no header.
fn rows(data: &'static str, header: bool) -> impl Iterator<Item = Vec<&'static str>> {
    data.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .skip(usize::from(header))
        .map(|l| l.split('\t').collect())
}

fn list(cell: Option<&&'static str>) -> impl Iterator<Item = &'static str> {
    cell.copied()
        .unwrap_or("")
        .split('|')
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

impl Gazetteer {
    /// The shared gazetteer built from the embedded data files.
    pub fn get() -> &'static Gazetteer {
        static GAZETTEER: OnceLock<Gazetteer> = OnceLock::new();
        GAZETTEER.get_or_init(Gazetteer::load)
    }

    fn load() -> Self {
        let mut g = Gazetteer {
            countries: Vec::new(),
            cities: Vec::new(),
            orgs: Vec::new(),
            names: FastMap::default(),
            max_name_words: 1,
            given_names: rows(GIVEN_NAMES, false).map(|r| r[0].to_owned()).collect(),
            common_words: rows(COMMON_WORDS, false)
                .map(|r| (r[0].to_owned(), r.get(1).unwrap_or(&"X").to_string()))
                .collect(),
            titles: FastMap::default(),
            max_title_words: 1,
            title_first_words: FastSet::default(),
            org_cues: rows(ORG_CUES, false)
                .map(|r| {
                    (
                        r[0].to_owned(),
                        r.get(1).unwrap_or(&"Organization").to_string(),
                    )
                })
                .collect(),
            event_cues: rows(EVENT_CUES, false)
                .map(|r| (r[0].to_owned(), r.get(1).unwrap_or(&"Event").to_string()))
                .collect(),
            event_modifiers: rows(EVENT_MODIFIERS, false)
                .map(|r| r[0].to_owned())
                .collect(),
            place_cues: rows(PLACE_CUES, false).map(|r| r[0].to_owned()).collect(),
            org_nouns: rows(ORG_NOUNS, false).map(|r| r[0].to_owned()).collect(),
            action_verbs: rows(ACTION_VERBS, false)
                .filter_map(|r| Some((r[0].to_owned(), r.get(1)?.to_string())))
                .collect(),
        };
        for r in rows(TITLES, false) {
            let kind = match r.get(2).copied() {
                Some("leader") => TitleKind::Leader,
                Some("member") => TitleKind::Member,
                _ => TitleKind::Office,
            };
            g.max_title_words = g.max_title_words.max(Self::key_and_words(r[0]).1);
            if let Some(first) = r[0].split([' ', '-']).next() {
                g.title_first_words.insert(first.to_owned());
            }
            g.titles.insert(
                r[0].to_owned(),
                Title {
                    position: r.get(1).unwrap_or(&r[0]).to_string(),
                    kind,
                },
            );
        }
        // Names are entered in order of strength: a country's own names first, so a
        // city or organization sharing a name ("Djibouti", "Kuwait") stays the country.
        let mut demonyms = Vec::new();
        let mut capitals = Vec::new();
        for r in rows(COUNTRIES, true) {
            let index = g.countries.len();
            g.countries.push(Country {
                iso2: r[0].to_owned(),
                iso3: r[1].to_owned(),
                qid: Some(r[2]).filter(|q| !q.is_empty()).map(str::to_owned),
                name: r[3].to_owned(),
            });
            g.add_name(r[3], PlaceName::Country(index));
            for name in list(r.get(4)) {
                g.add_name(name, PlaceName::Country(index));
            }
            demonyms.extend(list(r.get(5)).map(|d| (d, index)));
            capitals.extend(list(r.get(6)).map(|c| (c, index)));
        }
        for (demonym, index) in demonyms {
            g.add_name(demonym, PlaceName::Demonym(index));
        }
        for r in rows(INTL_ORGS, true) {
            let index = g.orgs.len();
            g.orgs.push(IntlOrg {
                name: r[1].to_owned(),
                qid: Some(r[0]).filter(|q| !q.is_empty()).map(str::to_owned),
                acronyms: list(r.get(2)).map(str::to_owned).collect(),
            });
            g.add_name(r[1], PlaceName::Org(index));
            for name in list(r.get(2)).chain(list(r.get(3))) {
                g.add_name(name, PlaceName::Org(index));
            }
            // "U.N.", "E.U.": the dotted form of an all-capital acronym.
            for acronym in list(r.get(2)) {
                if (2..=5).contains(&acronym.len())
                    && acronym.chars().all(|c| c.is_ascii_uppercase())
                {
                    let dotted: String = acronym.chars().flat_map(|c| [c, '.']).collect();
                    g.add_name(&dotted, PlaceName::Org(index));
                }
            }
        }
        for (capital, country) in capitals {
            let index = g.cities.len();
            g.cities.push(City {
                name: capital.to_owned(),
                country,
                geonames: None,
                capital: true,
                qid: None,
            });
            g.add_name(capital, PlaceName::City(index));
        }
        let iso: HashMap<String, usize> = g
            .countries
            .iter()
            .enumerate()
            .map(|(i, c)| (c.iso2.clone(), i))
            .collect();
        // The cities of fewer than a million people: a state or province of
        // the same name is the likelier one.
        let mut lesser: HashSet<usize> = HashSet::new();
        for r in rows(CITIES, true) {
            let Some(&country) = r.get(1).and_then(|c| iso.get(*c)) else {
                continue;
            };

            let geonames = r.get(3).map(|id| id.to_string());
            // A capital already entered gets its GeoNames id.
            if let Some(&PlaceName::City(c)) = g.names.get(&Self::key(r[0])) {
                if g.cities[c].country == country {
                    g.cities[c].geonames = geonames;
                    continue;
                }
            }
            let index = g.cities.len();
            // A capital under another name ("Washington", "Washington
            // D.C.") is not a lesser city.
            let small = r
                .get(2)
                .and_then(|p| p.parse::<u64>().ok())
                .is_some_and(|p| p < 1_000_000);
            let capital = || {
                list(r.get(4)).any(|n| {
                    matches!(g.names.get(&Self::key(n)), Some(&PlaceName::City(c)) if g.cities[c].capital)
                })
            };
            if small && !capital() {
                lesser.insert(index);
            }
            g.cities.push(City {
                name: r[0].to_owned(),
                country,
                geonames,
                capital: false,
                qid: None,
            });
            g.add_name(r[0], PlaceName::City(index));
            for name in list(r.get(4)) {
                g.add_name(name, PlaceName::City(index));
            }
        }
        // States, provinces and territories, after the countries and
        // cities, which keep a name they share ("Georgia", "Washington",
        // "New York"), unless the city is neither a capital nor of a million
        // people ("Ontario" is the province, not the Californian city).
        for r in rows(SUBDIVISIONS, true) {
            let Some(&country) = r.get(1).and_then(|c| iso.get(*c)) else {
                continue;
            };
            let key = Self::key(r[0]);
            if let Some(&PlaceName::City(c)) = g.names.get(&key) {
                if !g.cities[c].capital && lesser.contains(&c) {
                    g.names.remove(&key);
                }
            }
            let index = g.cities.len();
            g.cities.push(City {
                name: r[0].to_owned(),
                country,
                geonames: None,
                capital: false,
                qid: r.get(2).map(|q| q.to_string()),
            });
            g.add_name(r[0], PlaceName::City(index));
        }
        g
    }

    fn add_name(&mut self, name: &str, what: PlaceName) {
        let (key, words) = Self::key_and_words(name);
        if key.is_empty() || self.names.contains_key(&key) {
            return;
        }
        self.max_name_words = self.max_name_words.max(words);
        self.names.insert(key, what);
    }

    /// The lookup key of a surface form: its tokens joined by single spaces,
    /// with curly apostrophes made straight.
    pub fn key(surface: &str) -> String {
        Self::key_and_words(surface).0
    }

    fn key_and_words(surface: &str) -> (String, usize) {
        let text = crate::text::Text::new(surface);
        let words: Vec<String> = (0..text.tokens().len())
            .map(|i| text.word(i).replace('’', "'"))
            .collect();
        (words.join(" "), words.len())
    }

    /// What `surface` names, if anything. Plural demonyms ("Venezuelans") count.
    pub fn lookup(&self, surface: &str) -> Option<PlaceName> {
        if let Some(&hit) = self.names.get(surface) {
            return Some(hit);
        }
        let singular = surface.strip_suffix('s')?;
        match self.names.get(singular) {
            Some(&PlaceName::Demonym(c)) => Some(PlaceName::Demonym(c)),
            _ => None,
        }
    }

    /// Is `word` (as written) a common lowercase English word?
    pub fn is_common(&self, word: &str) -> bool {
        self.common_words.contains_key(&word.to_lowercase())
    }

    /// The usual part of speech (UPOS) of a common word.
    pub fn common_pos(&self, word: &str) -> Option<&str> {
        self.common_words
            .get(&word.to_lowercase())
            .map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn country_of(surface: &str) -> Option<&'static str> {
        let g = Gazetteer::get();
        match g.lookup(surface)? {
            PlaceName::Country(i) | PlaceName::Demonym(i) => Some(g.countries[i].iso2.as_str()),
            PlaceName::City(i) => Some(g.countries[g.cities[i].country].iso2.as_str()),
            PlaceName::Org(_) => None,
        }
    }

    #[test]
    fn every_iso_country_is_there_with_a_qid() {
        let g = Gazetteer::get();
        assert!(g.countries.len() >= 249, "{}", g.countries.len());
        let with_qid = g.countries.iter().filter(|c| c.qid.is_some()).count();
        assert!(with_qid >= 245, "{with_qid}");
    }

    #[test]
    fn names_short_forms_demonyms_and_capitals() {
        let cases = [
            ("Venezuela", Some("VE")),
            ("Venezuelan", Some("VE")),
            ("Venezuelans", Some("VE")),
            ("U.S.", Some("US")),
            ("United States", Some("US")),
            ("American", Some("US")),
            ("Mozambican", Some("MZ")),
            ("Emirati", Some("AE")),
            ("UK", Some("GB")),
            ("Caracas", Some("VE")),
            ("Los Angeles", Some("US")),
            ("Mecca", Some("SA")),
            ("Toronto", Some("CA")),
            ("Spain", Some("ES")),
            ("Cabello", None),
            ("IN", None),
        ];
        for (surface, want) in cases {
            assert_eq!(country_of(surface), want, "{surface}");
        }
    }

    #[test]
    fn states_and_provinces_have_their_qid_and_yield_to_big_cities_and_countries() {
        let g = Gazetteer::get();
        let qid = |name: &str| match g.lookup(name) {
            Some(PlaceName::City(c)) => g.cities[c].qid.clone(),
            other => panic!("{name}: {other:?}"),
        };
        assert_eq!(qid("Bavaria").as_deref(), Some("Q980"));
        assert_eq!(qid("Texas").as_deref(), Some("Q1439"));
        // The province, not the Californian city of 180,000.
        assert_eq!(qid("Ontario").as_deref(), Some("Q1904"));
        // A city of millions and a capital keep their names; so does a country.
        assert_eq!(qid("New York"), None);
        assert_eq!(qid("Washington"), None);
        assert!(matches!(g.lookup("Georgia"), Some(PlaceName::Country(_))));
    }

    #[test]
    fn lexicons_load() {
        let g = Gazetteer::get();
        assert_eq!(g.titles["interior minister"].position, "Interior Minister");
        assert_eq!(g.titles["president"].kind, TitleKind::Leader);
        assert_eq!(g.org_cues["party"], "PoliticalParty");
        assert_eq!(g.event_cues["election"], "Election");
        assert!(g.given_names.contains("Daniel"));
        assert_eq!(g.action_verbs["appointed"], "appoint");
        assert!(g.is_common("According"));
        assert!(!g.is_common("Maduro"));
    }
}
