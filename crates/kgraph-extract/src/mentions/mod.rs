//! Stage 2, mentions: spans of text that name something, typed.
//!
//! Finds, sentence by sentence: countries, demonyms, capitals and international
//! organizations from the gazetteer; capitalized name sequences, typed by cue
//! words (titles before a name -> Person; Party, Ministry, Center ... ->
//! Organization; Election, Summit, Cup ... -> Event), first names, speech verbs
//! and acronyms; lowercase event phrases with a specific modifier ("the July 28
//! presidential election", "nationwide protests"); titles; and acronyms defined
//! in brackets. Hands on [`Mentions`]; the entity stage groups them.

use crate::catalog::Catalog;
use crate::tagger::Model;
use crate::text::Text;

mod acronyms;
mod catalog;
mod combine;
mod events;
mod finder;
mod scan;
mod split;
mod types;
mod typing;

pub use types::{Kind, Mention, Mentions, TitleMention};

/// Finds the mentions of `text` by rules and gazetteers alone.
pub fn find(text: Text) -> Mentions {
    find_with(text, None, None)
}

/// Finds the mentions of `text`, with the statistical tagger's spans joined to
/// the rules' by the combination policy (`mentions/combine.rs`) when `tagger` is given,
/// and the names of `catalog` marked as mentions of their type.
pub fn find_with(text: Text, tagger: Option<&Model>, catalog: Option<&Catalog>) -> Mentions {
    let finder = finder::Finder::new(&text);
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
    if let Some(catalog) = catalog {
        catalog::mark(catalog, &text, &mut mentions);
    }
    acronyms::link_acronyms(&text, &mut mentions);
    Mentions {
        text,
        mentions,
        titles,
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
    fn clubs_and_parties_the_name_lists_know_are_organizations() {
        has(
            "Real Madrid beat the Chicago Bulls in Leeds, where Labour won.",
            &[
                ("Real Madrid", "Organization"),
                ("Chicago Bulls", "Organization"),
                ("Labour", "Organization"),
                ("Leeds", "Place"),
            ],
        );
        // A party's name as a modifier is not a mention of the party.
        let got = found("Officials of the Conservative government met in Leeds.");
        assert!(
            !got.iter()
                .any(|(t, k)| t == "Conservative" && k == "Organization"),
            "{got:?}"
        );
    }

    #[test]
    fn junk_names_are_not_made() {
        // A country code before a currency sign is part of the amount.
        for raw in [
            "The board gave a grant of NZ$26 million to the port.",
            "They paid HK $ 5 billion for it.",
        ] {
            let got = found(raw);
            assert!(!got.iter().any(|(t, _)| t == "NZ" || t == "HK"), "{got:?}");
        }
        // An acronym is not a given name in capitals.
        let got = found("Deputies at the LA County jail said the man fled.");
        assert!(!got.iter().any(|(_, k)| k == "Person"), "{got:?}");
        // The pronoun "I" is no name, nor part of one after a word that only
        // starts the sentence; a numeral after a name is.
        for raw in [
            "Prompted I think by the vote, the board resigned.",
            "Frankly I said no to them.",
        ] {
            let got = found(raw);
            assert!(!got.iter().any(|(t, _)| t.contains('I')), "{got:?}");
        }
        has(
            "Elizabeth I ruled for decades.",
            &[("Elizabeth I", "Person")],
        );
        // An ordinary plural before a speech verb is no person.
        let got = found("Analysts said the bank would cut rates. Witnesses told police.");
        assert!(!got.iter().any(|(_, k)| k == "Person"), "{got:?}");
    }

    #[test]
    fn names_ending_in_a_word_that_ends_things_names_are_no_person() {
        let got = found(
            "Marcus Webb lived on Wayne Gretzky Drive and took the children to Columbus Zoo, \
             where Alice Carpenter met Tom Smith of Bell Media.",
        );
        for thing in ["Wayne Gretzky Drive", "Columbus Zoo", "Bell Media"] {
            assert!(
                !got.iter().any(|(t, k)| t == thing && k == "Person"),
                "{thing}: {got:?}"
            );
        }
        // Surnames that are also words stay people's names.
        for person in ["Marcus Webb", "Alice Carpenter", "Tom Smith"] {
            assert!(
                got.contains(&(person.to_owned(), "Person".to_owned())),
                "{person}: {got:?}"
            );
        }
    }

    #[test]
    fn two_capitalized_words_ending_in_an_everyday_word_are_no_person() {
        let got = found("Shoppers filled Crossgates Mall while Jiang Zemin watched.");
        assert!(
            !got.iter()
                .any(|(t, k)| t == "Crossgates Mall" && k == "Person"),
            "{got:?}"
        );
        assert!(
            got.contains(&("Jiang Zemin".to_owned(), "Person".to_owned())),
            "{got:?}"
        );
    }

    #[test]
    fn religions_after_a_city_or_in_are_not_places() {
        let got =
            found("Pilgrims reached Cairo, Islam's great city, and believers in Judaism met.");
        assert!(
            got.contains(&("Cairo".to_owned(), "Place".to_owned())),
            "{got:?}"
        );
        assert!(
            !got.iter()
                .any(|(t, k)| (t == "Islam" || t == "Judaism") && k == "Place"),
            "{got:?}"
        );
    }

    #[test]
    fn names_go_on_past_the_arabic_article() {
        has(
            "Syrian activist Suleiman al-Amr said the shelling went on, and Omar el-Sayed agreed.",
            &[("Suleiman al-Amr", "Person"), ("Omar el-Sayed", "Person")],
        );
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
