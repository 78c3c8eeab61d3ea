//! Word lists the rules read, from data files under `data/lexicon/` (each
//! with its source in `data/README.md`), compiled into the binary. A file is
//! a list of words (or phrases), one a line, or a table of words and the role
//! each plays (`WORD<TAB>ROLE`); `#` starts a comment line. Each list below
//! is read once, the first time it is asked for. A leaf: it imports nothing
//! of kgraph's.
//!
//! The gazetteers and the lexicons with more columns (titles, cue words,
//! action verbs) are [`crate::gazetteer`]'s.

use std::sync::OnceLock;

/// Maps and sets of words, looked up for every token: a fast hash (rustc's
/// FxHash) instead of the DoS-resistant default, as the keys are ours.
pub type FastMap<K, V> = rustc_hash::FxHashMap<K, V>;
/// See [`FastMap`].
pub type FastSet<K> = rustc_hash::FxHashSet<K>;

/// A word list: words or phrases, as the data file writes them.
#[derive(Debug, Default)]
pub struct Words {
    /// In file order.
    words: Vec<&'static str>,
    set: FastSet<&'static str>,
}

impl Words {
    /// The words of `data` (a list file, or with `role`, the rows of a table
    /// file with that role).
    fn parse(data: &'static str, role: Option<&str>) -> Words {
        let mut list = Words::default();
        for line in data.lines() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let (word, row_role) = match line.split_once('\t') {
                Some((word, rest)) => (word, Some(rest.trim())),
                None => (line.trim_end(), None),
            };
            if row_role == role && list.set.insert(word) {
                list.words.push(word);
            }
        }
        list
    }

    /// Is `word` in the list (as written)?
    pub fn contains(&self, word: &str) -> bool {
        self.set.contains(word)
    }

    /// Does `word` end with one of the list's entries?
    pub fn ends(&self, word: &str) -> bool {
        self.words.iter().any(|w| word.ends_with(w))
    }

    /// The entries in file order.
    pub fn iter(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.words.iter().copied()
    }

    /// How many entries there are.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// Is the list empty?
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }
}

/// `None`, or the role given.
macro_rules! role {
    () => {
        None
    };
    ($role:literal) => {
        Some($role)
    };
}

/// Declares one function per word list: `name = "file"` for a list file,
/// `name = "file" / "role"` for the rows of a table file with that role.
macro_rules! lists {
    ($($(#[$doc:meta])* $name:ident = $file:literal $(/ $role:literal)?;)*) => {
        $(
            $(#[$doc])*
            pub fn $name() -> &'static Words {
                static LIST: OnceLock<Words> = OnceLock::new();
                LIST.get_or_init(|| {
                    Words::parse(
                        include_str!(concat!("../../../data/lexicon/", $file)),
                        role!($($role)?),
                    )
                })
            }
        )*

        /// Every list, with its file and role, for the tests.
        #[cfg(test)]
        const ALL: &[(&str, Option<&str>, fn() -> &'static Words)] =
            &[$(($file, role!($($role)?), $name)),*];
    };
}

lists! {
    /// Words whose final period does not end a sentence ("Gen.", "Jan.").
    abbreviations = "abbreviations.txt";
    /// Capitalized function words that start sentences and are never part of
    /// a name.
    sentence_starters = "function_words.tsv" / "sentence-starter";
    /// Domains that make "Gawker.com" one token.
    web_domains = "web_domains.txt";
    /// Words that join the parts of a capitalized name ("Party of Venezuela").
    name_connectors = "function_words.tsv" / "name-connector";
    /// Prepositions after which an uncued name is a place ("in Texas").
    place_prepositions = "function_words.tsv" / "place-preposition";
    /// Prepositions after which a city whose name is also a word counts.
    city_prepositions = "function_words.tsv" / "city-preposition";
    /// Words before a verb that make an action planned or hypothetical.
    unrealized = "function_words.tsv" / "unrealized";
    /// Words before a verb that negate the action ("did not sign").
    negations = "function_words.tsv" / "negation";
    /// Honorifics dropped from names ("Mr.", "Professor").
    honorifics = "honorifics.txt";
    /// Words between a title and what it is of ("former", "acting").
    before_title = "modifiers.tsv" / "before-title";
    /// Words before the title in an apposition ("X, the former president").
    in_apposition = "modifiers.tsv" / "in-apposition";
    /// Sentence-initial words that are not part of the name after them.
    name_initial = "modifiers.tsv" / "name-initial";
    /// First words that make a congress or forum a happening, not a body.
    event_prefixes = "modifiers.tsv" / "event-prefix";
    /// Compass words that make a region first in a name ("Western").
    compass_first = "modifiers.tsv" / "compass-first";
    /// Compass words that make a region last in a name ("East").
    compass_last = "modifiers.tsv" / "compass-last";
    /// Endings of adjectives and demonyms ("-ian", "-ist").
    adjectival_suffixes = "suffixes.tsv" / "adjectival";
    /// Endings of sentence-initial modifiers the common-word list lacks.
    adjective_like_suffixes = "suffixes.tsv" / "adjective-like";
    /// Endings of languages, religions and doctrines ("-ism", "-ology").
    doctrine_suffixes = "suffixes.tsv" / "doctrine";
    /// Verbs of saying that make the name before them a speaker.
    speech_verbs = "verbs.tsv" / "say";
    /// Verbs of residence ("lives in").
    residence_verbs = "verbs.tsv" / "reside";
    /// Verbs that introduce an event's organizer with "by".
    organizer_verbs = "verbs.tsv" / "organize";
    /// Verbs of candidacy with "against" ("ran against").
    candidacy_verbs = "verbs.tsv" / "run";
    /// Verbs of a match result ("defeated").
    result_verbs = "verbs.tsv" / "result";
    /// Verbs of a match result with "with" ("drew with").
    result_with_verbs = "verbs.tsv" / "result-with";
    /// Verbs of a seat won, with "seat" soon after ("won a seat").
    seat_won_verbs = "verbs.tsv" / "seat-won";
    /// Verbs of a seat lost, with "seat" soon after ("lost his seat").
    seat_lost_verbs = "verbs.tsv" / "seat-lost";
    /// Verbs of winning an election without "seat" ("was elected").
    elected_verbs = "verbs.tsv" / "elected";
    /// Verbs of receiving support ("received support from").
    receive_verbs = "verbs.tsv" / "receive";
    /// Verbs that negate the action of the verb after "to" ("refused to sign").
    refusal_verbs = "verbs.tsv" / "refuse";
    /// Bodies that take their subject with "on" ("Council on ...").
    subject_bodies = "nouns.tsv" / "subject-body";
    /// Nouns that make a named cabinet ("the Monti government").
    cabinet_nouns = "nouns.tsv" / "cabinet";
    /// Nouns of a country's team ("the Afghan team").
    team_nouns = "nouns.tsv" / "team";
    /// Words of a competition's name ("Cup", "Championship").
    competition_words = "nouns.tsv" / "competition";
    /// Nouns of support ("received support from").
    support_nouns = "nouns.tsv" / "support";
    /// The first words of ships' and spacecraft's names ("USS", "Space Shuttle").
    vessel_prefixes = "vessel_prefixes.txt";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_and_tables_parse_with_comments_roles_and_phrases() {
        let data = "# a comment\nsaid\tsay\nwon\tseat-won\n\nwon\treceive\nsays\tsay\n";
        let say = Words::parse(data, Some("say"));
        assert_eq!(say.iter().collect::<Vec<_>>(), ["said", "says"]);
        assert!(say.contains("said") && !say.contains("won") && !say.contains("Said"));
        assert!(Words::parse(data, Some("receive")).contains("won"));
        let list = Words::parse("# c\nUSS\nSpace Shuttle\n", None);
        assert_eq!(list.iter().collect::<Vec<_>>(), ["USS", "Space Shuttle"]);
        let suffixes = Words::parse("ian\tadj\nist\tadj\n", Some("adj"));
        assert!(suffixes.ends("brazilian") && !suffixes.ends("brazil"));
    }

    #[test]
    fn every_list_has_words_and_every_row_a_role_the_code_reads() {
        for (file, role, list) in ALL {
            assert!(!list().is_empty(), "{file} has no words for role {role:?}");
        }
        let files: std::collections::BTreeSet<&str> = ALL.iter().map(|(f, _, _)| *f).collect();
        for file in files {
            let data = std::fs::read_to_string(format!(
                "{}/../../data/lexicon/{file}",
                env!("CARGO_MANIFEST_DIR")
            ))
            .unwrap();
            for line in data
                .lines()
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
            {
                let role = line.split_once('\t').map(|(_, r)| r);
                assert!(
                    ALL.iter().any(|(f, r, _)| *f == file && *r == role),
                    "{file}: no list reads the row {line:?}"
                );
            }
        }
    }
}
