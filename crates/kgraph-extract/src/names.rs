//! Known names: lists of people, organizations, companies, teams, parties,
//! religions, places, events and popular Wikipedia titles, each name with
//! its classes (`data/names/`, built by `scripts/make_names.py` from the
//! lexicons in `data/names/README.md`, compiled into the binary).
//!
//! A name here is evidence, not a verdict: the tagger reads, for each
//! token, where it stands in the longest known name that starts at a
//! capitalized word and which classes that name has (`B-org+title`,
//! [`crate::tagger`]'s features), and weighs it with the context it learned ("Paris" after "Valeska" is still
//! a person). A leaf: it imports nothing of kgraph's but the fast maps.

use std::sync::OnceLock;

use crate::lexicon::FastMap;

/// The classes a known name may have, in the order of their bits.
pub const CLASSES: [&str; 13] = [
    "country", "party", "team", "company", "org", "religion", "event", "deity", "person", "place",
    "given", "surname", "title",
];

/// The data files, each `name<TAB>class` a line, the name in lower case.
const FILES: [&str; 7] = [
    include_str!("../../../data/names/compromise.tsv"),
    include_str!("../../../data/names/wordnet.tsv"),
    include_str!("../../../data/names/sec-companies.tsv"),
    include_str!("../../../data/names/nba-teams.tsv"),
    include_str!("../../../data/names/holidays.tsv"),
    include_str!("../../../data/names/parties-uk.tsv"),
    include_str!("../../../data/names/wikipedia-titles.tsv"),
];

/// The longest name looked for, in words.
const MAX_WORDS: usize = 6;

/// Every known name, with its classes as bits of [`CLASSES`].
pub struct Names {
    classes: FastMap<&'static str, u16>,
    /// For each word that ends a known name of two words or more (or is a
    /// surname), how many names of each [`Head`] kind it ends: a person's
    /// (a Wikipedia title whose first word is a given name counts as one),
    /// a place's, a body's, an event's, and an untyped title's.
    heads: FastMap<&'static str, [u32; 5]>,
}

/// What the last word of a capitalized name says of it, from the names
/// the lists know ending in that word ([`Names::head`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Head {
    /// Mostly ends places' names ("River", "Peninsula", "Canyon").
    Place,
    /// Mostly ends organizations' names ("Inc", "Media", "Church").
    Body,
    /// Mostly ends events' names ("Day", "Festival").
    Event,
    /// Ends names of other things, seldom a person's ("Drive", "Act", "Zoo").
    Other,
}

impl Names {
    /// The names built into the program, read once.
    pub fn get() -> &'static Names {
        static NAMES: OnceLock<Names> = OnceLock::new();
        NAMES.get_or_init(|| Names::parse(&FILES))
    }

    /// The names of `files` (each `name<TAB>class` a line).
    pub(crate) fn parse(files: &[&'static str]) -> Names {
        let mut classes: FastMap<&'static str, u16> = FastMap::default();
        for file in files {
            for line in file.lines() {
                let Some((name, class)) = line.split_once('\t') else {
                    continue;
                };
                if let Some(bit) = CLASSES.iter().position(|c| *c == class) {
                    *classes.entry(name).or_default() |= 1 << bit;
                }
            }
        }
        let heads = heads(&classes);
        Names { classes, heads }
    }

    /// What `word` (lower case) says of a name it ends, when the lists
    /// know it as the last word of at least three names of things that are
    /// not people and of four times fewer people's names ("Drive", "Zoo",
    /// "River"; not "Smith", "King", "Hall", "Lake"). The kind is a place,
    /// a body or an event when that kind has two thirds of the typed names
    /// and half of all of them.
    pub fn head(&self, word: &str) -> Option<Head> {
        let [person, place, body, event, other] = *self.heads.get(word)?;
        let things = place + body + event + other;
        if things < 3 || things < 4 * person {
            return None;
        }
        let typed = place + body + event;
        let (kind, most) = [
            (Head::Place, place),
            (Head::Body, body),
            (Head::Event, event),
        ]
        .into_iter()
        .fold(
            (Head::Other, 0),
            |best, (k, n)| if n > best.1 { (k, n) } else { best },
        );
        Some(
            if most >= 2 && 3 * most >= 2 * typed && 2 * most >= things {
                kind
            } else {
                Head::Other
            },
        )
    }

    /// How many known names of people and of other things end in `word`
    /// (lower case): `(people, things)`.
    pub fn head_counts(&self, word: &str) -> (u32, u32) {
        self.heads
            .get(word)
            .map_or((0, 0), |c| (c[0], c[1] + c[2] + c[3] + c[4]))
    }

    /// The classes of `name` (lower case, words separated by one space),
    /// joined by `+` in the order of [`CLASSES`]; `None` when unknown.
    pub fn classes(&self, name: &str) -> Option<String> {
        self.classes.get(name).map(|&bits| joined(bits))
    }

    /// The longest known name at the start of `words` that only a body
    /// has (a team, a party, a company or another organization; not also a
    /// person, a place, a god, a religion or an event): its length in
    /// words, and the class of a party or company. One word is enough for
    /// a team or a party ("Labour"), not for a company or another body
    /// ("Apple", "Target": words first).
    pub fn body_at(&self, words: &[&str]) -> Option<(usize, Option<&'static str>)> {
        let (n, bits) = self.longest(words)?;
        let has = |class: &str| bits & bit(class) != 0;
        let other = [
            "religion", "event", "deity", "person", "place", "given", "surname",
        ];
        let body = ["country", "party", "team", "company", "org"];
        if has("country") || other.iter().any(|c| has(c)) || !body.iter().any(|c| has(c)) {
            return None;
        }
        if n == 1 && !(has("party") || has("team")) {
            return None;
        }
        let class = if has("party") {
            Some("PoliticalParty")
        } else if has("company") && !has("team") {
            Some("Company")
        } else {
            None
        };
        Some((n, class))
    }

    /// Do the lists know `word` (lower case, a whole name) as a body: a
    /// party, a team, a company or another organization ("nasa", "fbi")?
    pub fn is_body(&self, word: &str) -> bool {
        let body = ["party", "team", "company", "org"];
        self.classes
            .get(word)
            .is_some_and(|&bits| body.iter().any(|c| bits & bit(c) != 0))
    }

    /// Do the lists know `words` (a whole name) only as a religion or a god
    /// ("Islam", "Wicca", "Zeus"), besides as a Wikipedia title?
    pub fn religion_or_god(&self, words: &[&str]) -> bool {
        let faith = bit("religion") | bit("deity");
        self.longest(words).is_some_and(|(n, bits)| {
            n == words.len() && bits & faith != 0 && bits & !(faith | bit("title")) == 0
        })
    }

    /// The longest known name at the start of `words`, when the first is
    /// capitalized: its length in words and its classes, joined by `+`
    /// (`team+title`).
    pub fn at(&self, words: &[&str]) -> Option<(usize, String)> {
        self.longest(words).map(|(n, bits)| (n, joined(bits)))
    }

    /// [`Names::at`], with the classes as bits of [`CLASSES`].
    fn longest(&self, words: &[&str]) -> Option<(usize, u16)> {
        if !words
            .first()?
            .chars()
            .next()
            .is_some_and(char::is_uppercase)
        {
            return None;
        }
        let mut key = String::new();
        let mut best = None;
        for (n, w) in words[..words.len().min(MAX_WORDS)].iter().enumerate() {
            if n > 0 {
                key.push(' ');
            }
            key.extend(
                w.chars()
                    .map(|c| if c == '’' { '\'' } else { c })
                    .flat_map(char::to_lowercase),
            );
            if let Some(&bits) = self.classes.get(key.as_str()) {
                best = Some((n + 1, bits));
            }
        }
        best
    }
}

/// Counts, for each word that ends a known name, the names of each kind it
/// ends (the `heads` of [`Names`]).
fn heads(classes: &FastMap<&'static str, u16>) -> FastMap<&'static str, [u32; 5]> {
    let any = |bits: u16, of: &[&str]| of.iter().any(|c| bits & bit(c) != 0);
    let mut heads: FastMap<&'static str, [u32; 5]> = FastMap::default();
    for (&name, &bits) in classes {
        let (Some((first, _)), Some((_, last))) = (name.split_once(' '), name.rsplit_once(' '))
        else {
            if bits & bit("surname") != 0 {
                heads.entry(name).or_default()[0] += 1;
            }
            continue;
        };
        let given = || classes.get(first).is_some_and(|&b| b & bit("given") != 0);
        let kind = if any(bits, &["person", "deity"]) {
            0
        } else if any(bits, &["place", "country"]) {
            1
        } else if any(bits, &["org", "company", "team", "party", "religion"]) {
            2
        } else if any(bits, &["event"]) {
            3
        } else if given() {
            0
        } else if any(bits, &["title"]) {
            4
        } else {
            continue;
        };
        heads.entry(last).or_default()[kind] += 1;
    }
    heads
}

/// The bit of a class.
fn bit(class: &str) -> u16 {
    CLASSES
        .iter()
        .position(|c| *c == class)
        .map_or(0, |b| 1 << b)
}

/// The classes of `bits`, joined by `+` in the order of [`CLASSES`].
fn joined(bits: u16) -> String {
    let names: Vec<&str> = CLASSES
        .iter()
        .enumerate()
        .filter(|(bit, _)| bits & (1 << bit) != 0)
        .map(|(_, c)| *c)
        .collect();
    names.join("+")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_carry_the_classes_of_every_list() {
        let names = Names::parse(&["zeus\tdeity\nchicago bulls\tteam\n", "zeus\ttitle\n"]);
        assert_eq!(names.classes("zeus").as_deref(), Some("deity+title"));
        assert_eq!(names.classes("chicago bulls").as_deref(), Some("team"));
        assert_eq!(names.classes("chicago"), None);
    }

    #[test]
    fn bodies_are_names_only_a_body_has() {
        let names = Names::parse(&[
            "real madrid\torg\nlabour\tparty\napple\tcompany\nford motor\tcompany\n\
             jordan\tcountry\njordan\tteam\nunion pacific\tcompany\nunion pacific\tplace\n",
        ]);
        assert_eq!(names.body_at(&["Real", "Madrid", "won"]), Some((2, None)));
        assert_eq!(
            names.body_at(&["Labour", "won"]),
            Some((1, Some("PoliticalParty")))
        );
        assert_eq!(
            names.body_at(&["Ford", "Motor"]),
            Some((2, Some("Company")))
        );
        // One word is not enough for a company; a country or a place is not a body.
        assert_eq!(names.body_at(&["Apple", "said"]), None);
        assert_eq!(names.body_at(&["Jordan"]), None);
        assert_eq!(names.body_at(&["Union", "Pacific"]), None);
        // Lower case is not a name.
        assert_eq!(names.body_at(&["labour", "costs"]), None);
    }

    #[test]
    fn last_words_tell_things_from_people() {
        let names = Names::parse(&[
            "ganges river\tplace\nniger river\tplace\nred river\tplace\nriver phoenix\tperson\n\
             acme media\tcompany\nfox media\tcompany\nbell media\tcompany\n\
             patriot act\ttitle\nclean air act\ttitle\nhatch act\ttitle\n\
             john smith\tperson\nadam smith\tperson\nsmith river\tplace\n\
             anna ross\ttitle\nanna\tgiven\nbetsy ross\ttitle\nbetsy\tgiven\n\
             ross sea\tplace\nross ice shelf\tplace\nross\tsurname\n",
        ]);
        assert_eq!(names.head("river"), Some(Head::Place));
        assert_eq!(names.head("media"), Some(Head::Body));
        assert_eq!(names.head("act"), Some(Head::Other));
        // Mostly people's ("Smith"), or a given name before it ("Betsy Ross").
        assert_eq!(names.head("smith"), None);
        assert_eq!(names.head_counts("ross"), (3, 0));
        assert_eq!(names.head("ross"), None);
        assert_eq!(names.head("unknown"), None);
        // The built-in lists know streets, zoos and laws.
        let names = Names::get();
        for word in ["drive", "zoo", "act", "river"] {
            assert!(names.head(word).is_some(), "{word}");
        }
        for word in ["smith", "king", "hall"] {
            assert_eq!(names.head(word), None, "{word}");
        }
    }

    #[test]
    fn religions_and_gods_are_told_apart() {
        let names = Names::parse(&[
            "islam\treligion\nislam\ttitle\nzeus\tdeity\nchristianity\torg\n\
             christianity\treligion\njudas\tperson\njudas\tdeity\n",
        ]);
        assert!(names.religion_or_god(&["Islam"]));
        assert!(names.religion_or_god(&["Zeus"]));
        // Also a body, or a person: not only a faith.
        assert!(!names.religion_or_god(&["Christianity"]));
        assert!(!names.religion_or_god(&["Judas"]));
        assert!(!names.religion_or_god(&["Islam", "Today"]));
    }

    #[test]
    fn the_built_in_lists_know_teams_religions_gods_and_parties() {
        let names = Names::get();
        for (name, class) in [
            ("chicago bulls", "team"),
            ("buddhism", "religion"),
            ("zeus", "deity"),
            ("labour", "party"),
        ] {
            let got = names.classes(name).unwrap_or_default();
            assert!(got.split('+').any(|c| c == class), "{name}: {got}");
        }
    }
}
