//! Stage 2, mentions: spans of text that name something, typed.
//!
//! Finds, sentence by sentence: countries, demonyms, capitals and international
//! organizations from the gazetteer; capitalized name sequences, typed by cue
//! words (titles before a name -> Person; Party, Ministry, Center ... ->
//! Organization; Election, Summit, Cup ... -> Event), first names, speech verbs
//! and acronyms; lowercase event phrases with a specific modifier ("the July 28
//! presidential election", "nationwide protests"); titles; and acronyms defined
//! in brackets. Hands on [`Mentions`]; the entity stage groups them.

use crate::dates::{self, Date};
use crate::gazetteer::{FastSet, Gazetteer, PlaceName, TitleKind};
use crate::text::{Text, TokenKind};

mod combine;
mod events;
mod scan;
mod split;
mod typing;

/// The five entity types of the spec.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub enum EntityType {
    /// A named human.
    Person,
    /// A named organization.
    Organization,
    /// A country (ISO 3166-1).
    Country,
    /// A named happening.
    Event,
    /// A city or region.
    Place,
}

impl EntityType {
    /// The type's name as the spec and gold files write it.
    pub fn as_str(self) -> &'static str {
        match self {
            EntityType::Person => "Person",
            EntityType::Organization => "Organization",
            EntityType::Country => "Country",
            EntityType::Event => "Event",
            EntityType::Place => "Place",
        }
    }
}

/// What a mention names, as far as this stage can tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// One of the five types.
    Typed(EntityType),
    /// A capitalized name with no cue: kept if it resolves to a typed entity.
    Unknown,
}

/// A mention: a token span that names something.
#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    /// First token.
    pub first: usize,
    /// Token just past the mention.
    pub end: usize,
    /// Sentence index.
    pub sentence: usize,
    /// What it names.
    pub kind: Kind,
    /// A subclass name from the lexicons ("PoliticalParty", "Election").
    pub class: Option<String>,
    /// A gazetteer entry it names.
    pub gazetteer: Option<PlaceName>,
    /// For organizations: a country named inside the name.
    pub inner_country: Option<usize>,
    /// For events: the date its words fix.
    pub date: Option<Date>,
    /// For a bare "the election": refers back to a named event.
    pub anaphor: bool,
    /// The mention whose acronym this is, when defined in brackets.
    pub acronym_of: Option<usize>,
    /// The rule or gazetteer that produced it.
    pub rule: &'static str,
}

impl Mention {
    /// A mention of tokens `first..end` in `sentence`, with nothing else known.
    pub fn new(sentence: usize, first: usize, end: usize, kind: Kind, rule: &'static str) -> Self {
        Mention {
            first,
            end,
            sentence,
            kind,
            class: None,
            gazetteer: None,
            inner_country: None,
            date: None,
            anaphor: false,
            acronym_of: None,
            rule,
        }
    }
}

/// A title in the text ("Interior Minister", "president").
#[derive(Debug, Clone, PartialEq)]
pub struct TitleMention {
    /// First token.
    pub first: usize,
    /// Token just past it.
    pub end: usize,
    /// The position it names.
    pub position: String,
    /// How it relates the holder to a body.
    pub kind: TitleKind,
    /// A plural ("councillors X and Y"): every name of the list holds it.
    pub plural: bool,
}

/// The mention stage's output.
#[derive(Debug, Clone)]
pub struct Mentions {
    /// The analysed text.
    pub text: Text,
    /// Entity mentions in text order.
    pub mentions: Vec<Mention>,
    /// Titles in text order.
    pub titles: Vec<TitleMention>,
}

/// Words that join the parts of a capitalized name ("Party of Venezuela").
const CONNECTORS: &[&str] = &[
    "of", "for", "de", "del", "da", "do", "dos", "das", "la", "le", "van", "von", "der", "den",
    "bin", "ibn", "al", "el", "y", "on",
];

/// Verbs of saying that make the name before them a speaker.
const SPEECH_VERBS: &[&str] = &[
    "said",
    "says",
    "told",
    "added",
    "stated",
    "wrote",
    "argued",
    "explained",
    "insisted",
    "noted",
    "replied",
    "warned",
    "claimed",
    "claims",
    "tweeted",
    "recalled",
    "acknowledged",
];

/// Does the word look like an adjective or a demonym ("Localist", "Brazilian",
/// "English", "Socialist")? Such a word alone does not name an organization.
fn adjectival(word: &str) -> bool {
    let w = word.to_lowercase();
    ["ish", "ese", "ian", "ean", "ist", "ic", "an", "al"]
        .iter()
        .any(|x| w.ends_with(x))
}

/// Prepositions of place: an uncued name after one is a place ("in Texas").
const LOCATIVES: &[&str] = &["in", "near", "outside", "across", "throughout", "around"];

/// Honorifics dropped from names ("Mr.", "Professor").
pub const HONORIFICS: &[&str] = &[
    "Mr.",
    "Mrs.",
    "Ms.",
    "Dr.",
    "Mr",
    "Mrs",
    "Ms",
    "Dr",
    "Sir",
    "Dame",
    "Professor",
    "Prof.",
];

/// Prefixes that make a congress, conference or forum a happening, not a body.
const EVENT_PREFIXES: &[&str] = &["World", "International", "Global", "Annual", "Summit"];

/// Finds the mentions of `text` by rules and gazetteers alone.
pub fn find(text: Text) -> Mentions {
    find_with(text, None)
}

/// Finds the mentions of `text`, with the statistical tagger's spans joined to
/// the rules' by the policy of [`combine`] when `tagger` is given.
pub fn find_with(text: Text, tagger: Option<&crate::tagger::Model>) -> Mentions {
    let finder = Finder {
        g: Gazetteer::get(),
        text: &text,
        mission_series: std::cell::OnceCell::new(),
        lone_names: std::cell::OnceCell::new(),
    };
    let mut mentions = Vec::new();
    let mut titles = Vec::new();
    for (s, sentence) in text.sentences().iter().enumerate() {
        finder.sentence(s, sentence.first, sentence.end, &mut mentions, &mut titles);
    }
    mentions.sort_by_key(|m| (m.first, m.end));
    if let Some(model) = tagger {
        let tagged = combine::tag_text(model, &text, &mentions, &titles);
        combine::combine(&text, &mut mentions, &titles, &tagged);
    }
    link_acronyms(&text, &mut mentions);
    Mentions {
        text,
        mentions,
        titles,
    }
}

struct Finder<'a> {
    g: &'static Gazetteer,
    text: &'a Text,
    /// The series of the mission codes in the text ("STS" of "STS-135"),
    /// found when first needed.
    mission_series: std::cell::OnceCell<Vec<&'a str>>,
    /// Capitalized words that stand alone in the text, with no capitalized
    /// word beside them ("Jafari said"), found when first needed.
    lone_names: std::cell::OnceCell<FastSet<&'a str>>,
}

/// Is `word` a mission or flight code ("STS-135", "CRS-21")? Its series if so.
fn mission_code(word: &str) -> Option<&str> {
    let (series, number) = word.split_once('-')?;
    ((2..=5).contains(&series.len())
        && series.chars().all(|c| c.is_ascii_uppercase())
        && (1..=4).contains(&number.len())
        && number.chars().all(|c| c.is_ascii_digit()))
    .then_some(series)
}

/// The series of the codes that a sentence with "mission" in it names ("its
/// final mission, STS-135"): every code of such a series in the text is a
/// mission, an event ("launch on STS-134").
fn mission_series(text: &Text) -> Vec<&str> {
    let mut series: Vec<&str> = Vec::new();
    for sentence in text.sentences() {
        let words = (sentence.first..sentence.end).map(|i| text.word(i));
        if !words.clone().any(|w| matches!(w, "mission" | "missions")) {
            continue;
        }
        for s in words.filter_map(mission_code) {
            if !series.contains(&s) {
                series.push(s);
            }
        }
    }
    series
}

fn is_capitalized(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

fn is_acronym(word: &str) -> bool {
    let (mut letters, mut upper) = (0, 0);
    for c in word.chars().filter(|c| *c != '.' && *c != '&') {
        if c.is_uppercase() {
            upper += 1;
        } else if !c.is_ascii_digit() {
            return false;
        }
        letters += 1;
        if letters > 8 {
            return false;
        }
    }
    letters >= 2 && upper >= 2
}

/// "United Socialist Party of Venezuela (PSUV)": the bracketed acronym names the
/// mention before it.
fn link_acronyms(text: &Text, mentions: &mut [Mention]) {
    for a in 1..mentions.len() {
        let (before, after) = mentions.split_at_mut(a);
        let m = &mut after[0];
        let prev = &before[a - 1];
        let bracketed = m.first >= 1
            && m.end - m.first == 1
            && text.word(m.first - 1) == "("
            && text
                .tokens()
                .get(m.end)
                .is_some_and(|_| text.word(m.end) == ")")
            && prev.end + 1 == m.first;
        if bracketed && is_acronym(text.word(m.first)) && prev.kind != Kind::Unknown {
            m.kind = prev.kind;
            m.class.clone_from(&prev.class);
            m.acronym_of = Some(a - 1);
            m.rule = "acronym-in-brackets";
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(raw: &str) -> Vec<(String, String)> {
        let m = find(Text::new(raw));
        m.mentions
            .iter()
            .map(|x| {
                let kind = match x.kind {
                    Kind::Typed(t) => t.as_str().to_owned(),
                    Kind::Unknown => "?".to_owned(),
                };
                (m.text.span_text(x.first, x.end).to_owned(), kind)
            })
            .collect()
    }

    fn has(raw: &str, want: &[(&str, &str)]) {
        let got = found(raw);
        for (text, kind) in want {
            assert!(
                got.iter().any(|(t, k)| t == text && k == kind),
                "{text} as {kind} not in {got:?}"
            );
        }
    }

    #[test]
    fn titled_names_with_demonyms() {
        let raw = "Venezuelan Interior Minister Diosdado Cabello claimed it.";
        has(
            raw,
            &[("Venezuelan", "Country"), ("Diosdado Cabello", "Person")],
        );
        let titles = find(Text::new(raw)).titles;
        assert_eq!(titles[0].position, "Interior Minister");
    }

    #[test]
    fn organizations_by_cue_and_acronym() {
        has(
            "It was organized by the ruling United Socialist Party of Venezuela (PSUV) in Caracas.",
            &[
                ("United Socialist Party of Venezuela", "Organization"),
                ("PSUV", "Organization"),
                ("Caracas", "Place"),
            ],
        );
        has(
            "Venezuela’s National Electoral Center (CNE) proclaimed Maduro.",
            &[
                ("Venezuela", "Country"),
                ("National Electoral Center", "Organization"),
                ("CNE", "Organization"),
            ],
        );
        has(
            "Daniel Chapo, of the decades-long ruling far-left Front for the Liberation of Mozambique party, won.",
            &[("Daniel Chapo", "Person"), ("Front for the Liberation of Mozambique", "Organization")],
        );
    }

    #[test]
    fn events_named_and_lowercase() {
        has(
            "He spoke at the “World Congress of Anti-Fascist Youth and Students,” an event.",
            &[("World Congress of Anti-Fascist Youth and Students", "Event")],
        );
        has(
            "They manipulated the fraudulent July 28 presidential election, leading to nationwide protests.",
            &[("July 28 presidential election", "Event"), ("nationwide protests", "Event")],
        );
        let generic = found("Here there will not be an election anywhere.");
        assert!(generic.iter().all(|(_, k)| k != "Event"), "{generic:?}");
    }

    #[test]
    fn places_by_cue_preposition_and_city_comma_region() {
        has(
            "Pilgrims crowded the Jamarat Bridge near Mecca, and flew from Irving, Texas, to stay in Tasmania.",
            &[("Jamarat Bridge", "Place"), ("Mecca", "Place"), ("Irving", "Place"), ("Texas", "Place"), ("Tasmania", "Place")],
        );
    }

    #[test]
    fn country_words_stay_in_organization_names_and_titles_split_off() {
        has(
            "The Greek Ministry of Culture and the U.S. Department of Agriculture agreed.",
            &[
                ("Greek Ministry of Culture", "Organization"),
                ("U.S. Department of Agriculture", "Organization"),
            ],
        );
        has(
            "The Museum of Flight CEO Bonnie Dunbar spoke.",
            &[
                ("Museum of Flight", "Organization"),
                ("Bonnie Dunbar", "Person"),
            ],
        );
        let generic = found("He told the Court that the Army had left.");
        assert!(generic.iter().all(|(_, k)| k == "?"), "{generic:?}");
    }

    #[test]
    fn names_joined_by_and_and_organizations_by_context() {
        has(
            "They visited the Evergreen Aviation & Space Museum and the U.S. Space and Rocket Center.",
            &[("Evergreen Aviation & Space Museum", "Organization"), ("U.S. Space and Rocket Center", "Organization")],
        );
        has(
            "Claudia Mo of the Civic Party and Wong Pik-wan of the Democratic Party won.",
            &[
                ("Civic Party", "Organization"),
                ("Wong Pik-wan", "Person"),
                ("Democratic Party", "Organization"),
            ],
        );
        has(
            "According to Yonhap news agency, Facebook co-founder Mark Zuckerberg left.",
            &[
                ("Yonhap", "Organization"),
                ("Facebook", "Organization"),
                ("Mark Zuckerberg", "Person"),
            ],
        );
        let got = found("They landed at the Kennedy Space Center on Tuesday.");
        assert!(
            got.iter().any(|(t, _)| t == "Kennedy Space Center"),
            "{got:?}"
        );
    }

    #[test]
    fn sentence_initial_words_contractions_and_split_names() {
        has(
            "Sensitive Canadian document found",
            &[("Canadian", "Country")],
        );
        has(
            "Environment Canada spokesperson Julie Hahn said so.",
            &[
                ("Environment Canada", "Organization"),
                ("Julie Hahn", "Person"),
            ],
        );
        has(
            "Lydia Buchtmann for Food Standards Australia said so.",
            &[("Lydia Buchtmann", "Person")],
        );
        let got = found("\"I'm fine,\" said Paul Dewar.");
        assert!(got.iter().all(|(t, k)| t != "I'm" || k == "?"), "{got:?}");
    }

    #[test]
    fn regions_by_compass_words_and_no_languages_as_places() {
        has(
            "Votes in Kowloon West and Western Australia were counted.",
            &[("Kowloon West", "Place"), ("Western Australia", "Place")],
        );
        let got = found("The text was written in English and in Scientology terms.");
        assert!(got.iter().all(|(_, k)| k != "Place"), "{got:?}");
        has(
            "Nonpartisan Paul Tse was re-elected.",
            &[("Paul Tse", "Person")],
        );
        has(
            "Pan-democrat Lam Cheuk-ting won.",
            &[("Lam Cheuk-ting", "Person")],
        );
    }

    #[test]
    fn teams_labels_and_adjectives_are_not_organizations() {
        has(
            "Team Estonia finished in Group F behind the U.N. team.",
            &[("Estonia", "Country"), ("U.N.", "Organization")],
        );
        let got = found(
            "Team Estonia finished in Group F. The Localist group and the English website agreed.",
        );
        assert!(
            got.iter().all(|(t, k)| !(k == "Organization"
                && (t == "Group F" || t == "Localist" || t == "English"))),
            "{got:?}"
        );
    }

    #[test]
    fn the_is_dropped_from_names_and_makes_them_no_persons() {
        has(
            "Fans of The Velvet Underground met at The Church of Scientology.",
            &[
                ("Velvet Underground", "Organization"),
                ("Church of Scientology", "Organization"),
            ],
        );
    }

    #[test]
    fn bodies_with_their_place_and_country() {
        has(
            "Works went to the University of North Carolina at Greensboro and Colorado State University of the US.",
            &[
                ("University of North Carolina at Greensboro", "Organization"),
                ("Colorado State University", "Organization"),
                ("US", "Country"),
            ],
        );
        has(
            "The Bank of America reported.",
            &[("Bank of America", "Organization")],
        );
    }

    #[test]
    fn a_long_run_of_names_joined_by_of_does_not_overflow_the_stack() {
        // Regression: splitting at "of" recursed once per "of", and 12,000 of them
        // in one sentence aborted the process.
        let raw = "Zorblat of Quaxle of ".repeat(20_000);
        let m = find(Text::new(&raw));
        assert!(m.mentions.len() < 50_000);
    }

    #[test]
    fn an_age_between_commas_makes_a_person() {
        has(
            "Okonkwo, 75, a former diplomat, lives in Lagos. Adaeze Nwosu, 41, agreed.",
            &[("Okonkwo", "Person"), ("Adaeze Nwosu", "Person")],
        );
        let list = found("Cities such as Lagos, 12, and Abuja grew.");
        assert!(list.iter().all(|(_, k)| k != "Person"), "{list:?}");
    }

    #[test]
    fn a_cue_word_that_ends_the_text_is_no_trouble() {
        // "Team" looks for a country after it, where the text has ended.
        let got = found("Fans cheered for the Team");
        assert!(got.iter().all(|(t, k)| t != "Team" || k == "?"), "{got:?}");
    }

    #[test]
    fn a_person_named_right_after_a_body_is_split_off() {
        has(
            "Director of the Refugee Action Council Maria Okafor told reporters it was late.",
            &[
                ("Refugee Action Council", "Organization"),
                ("Maria Okafor", "Person"),
            ],
        );
        // No given name and no verb of saying: the surname alone elsewhere decides.
        has(
            "A researcher at the Marine Biology Institute Oluwaseun Adeyemi heard of it. \
             Adeyemi said it was late.",
            &[
                ("Marine Biology Institute", "Organization"),
                ("Oluwaseun Adeyemi", "Person"),
            ],
        );
        has(
            "She works at the Marine Biology Institute Research Station.",
            &[("Marine Biology Institute Research Station", "Place")],
        );
    }

    #[test]
    fn venues_cabinets_municipalities_and_campuses() {
        has(
            "The probe went from the Goddard Space Flight Center to the Vancouver Convention Centre.",
            &[
                ("Goddard Space Flight Center", "Place"),
                ("Vancouver Convention Centre", "Place"),
            ],
        );
        has(
            "Reforms passed by the Draghi government were opposed by the Municipality of Ravenna.",
            &[
                ("Draghi government", "Organization"),
                ("Municipality of Ravenna", "Organization"),
            ],
        );
        let cabinet = found("The Conservative government fell.");
        assert!(
            cabinet.iter().all(|(t, _)| t != "Conservative government"),
            "{cabinet:?}"
        );
        has(
            "Researchers at the University of Wisconsin, Madison found a new species.",
            &[("University of Wisconsin, Madison", "Organization")],
        );
        let list = found("Teams from the University of Iowa, Ames, and Chicago met.");
        assert!(
            list.iter().all(|(t, _)| !t.contains("Iowa, Ames")),
            "{list:?}"
        );
    }

    #[test]
    fn and_joins_bodies_named_for_two_people_and_two_heads() {
        has(
            "The Laura & John Arnold Foundation funded the Ashmolean Museum and Art Gallery.",
            &[
                ("Laura & John Arnold Foundation", "Organization"),
                ("Ashmolean Museum and Art Gallery", "Organization"),
            ],
        );
        has(
            "The Civic Party and Democratic Party agreed.",
            &[
                ("Civic Party", "Organization"),
                ("Democratic Party", "Organization"),
            ],
        );
    }

    #[test]
    fn hashtags_noun_compounds_and_mission_codes_make_events() {
        has(
            "Supporters of the #FreeTheNine movement marched. Dozens died in the Lagos bridge collapse.",
            &[
                ("#FreeTheNine movement", "Event"),
                ("Lagos bridge collapse", "Event"),
            ],
        );
        has(
            "The crew flew on CRS-21, a cargo mission. CRS-22 will launch in June.",
            &[("CRS-21", "Event"), ("CRS-22", "Event")],
        );
        let no_mission = found("The F-35 and the CRS-21 flew in June.");
        assert!(
            no_mission.iter().all(|(_, k)| k != "Event"),
            "{no_mission:?}"
        );
    }

    #[test]
    fn names_modify_event_nouns() {
        has(
            "Hundreds died in the Hajj stampede during the Chinese New Year celebrations.",
            &[
                ("Hajj stampede", "Event"),
                ("Chinese New Year celebrations", "Event"),
            ],
        );
        has(
            "They set the first meeting for May.",
            &[("first meeting", "Event")],
        );
        let results = found("The election results were late.");
        assert!(results.iter().all(|(_, k)| k != "Event"), "{results:?}");
    }

    #[test]
    fn countries_by_short_form_and_sentence_initial_words() {
        has(
            "According to Cabello, U.S. authorities and the United States want him.",
            &[("U.S.", "Country"), ("United States", "Country")],
        );
        let got = found("According to Cabello, it works.");
        assert!(got.iter().all(|(t, _)| t != "According"), "{got:?}");
    }
}
