//! A name typed by its words and context: cue words, given names, titles,
//! acronyms, prepositions of place, verbs of saying.

use crate::dates::{self, Date};
use crate::gazetteer::PlaceName;
use crate::names::{Head, Names};
use crate::schema::EntityType;
use crate::text::TokenKind;

use crate::lexicon;

use super::finder::{adjectival, is_acronym, is_capitalized, mission_code, mission_series, Finder};
use super::types::{Kind, Mention};

impl Finder<'_> {
    /// Where a person's name starts at the end of the run `i..end` that an
    /// organization's cue word opens: two plain names after the cue ("Refugee
    /// Council Enver Solomon"), shown to be a person's by a given name, a verb of
    /// saying after them, or the surname standing alone elsewhere in the text
    /// ("Jafari said").
    pub(super) fn person_after_body(&self, i: usize, end: usize) -> Option<usize> {
        let k = end.checked_sub(2)?;
        let plain = |x: usize| {
            let w = self.word(x);
            is_capitalized(w)
                && !is_acronym(w)
                && !self.g.is_common(w)
                && self.cue(x).is_none()
                && !self.g.place_cues.contains(&w.to_lowercase())
                && self.g.lookup(&self.key(x, x + 1)).is_none()
                && w.chars().all(|c| c.is_alphabetic() || c == '-')
        };
        if k < i + 2 || !plain(k) || !plain(k + 1) {
            return None;
        }
        // The cue word is the last word before the name ("Council", "Relations"
        // after "Council on").
        let cued = self.cue(k - 1).is_some()
            || (i..k - 1).any(|x| {
                self.cue(x).is_some() && lexicon::name_connectors().contains(self.word(x + 1))
            });
        if !cued || lexicon::name_connectors().contains(self.word(k - 1)) {
            return None;
        }
        let tokens = self.text.tokens().len();
        let speaks = end < tokens && lexicon::speech_verbs().contains(self.word(end));
        let alone_elsewhere = || {
            self.lone_names
                .get_or_init(|| {
                    (0..tokens)
                        .filter(|&x| {
                            self.is_cap_word(x)
                                && !(x > 0 && self.is_cap_word(x - 1))
                                && !(x + 1 < tokens && self.is_cap_word(x + 1))
                        })
                        .map(|x| self.text.word(x))
                        .collect()
                })
                .contains(self.word(k + 1))
        };
        (self.is_given_name(self.word(k)) || speaks || alone_elsewhere()).then_some(k)
    }

    /// Types a capitalized name by its words and context.
    pub(super) fn typed_chunk(&self, s: usize, first: usize, end: usize, titled: bool) -> Mention {
        let words: Vec<&str> = (first..end).map(|i| self.word(i)).collect();
        // The head is the last word before the first connector ("Party" in
        // "United Socialist Party of Venezuela"), else the last word.
        let head_end = (first..end)
            .find(|&i| i > first && lexicon::name_connectors().contains(self.word(i)))
            .unwrap_or(end);
        let inner_country = (first..end).find_map(|i| match self.gazetteer_at(i, end) {
            Some((_, PlaceName::Country(c) | PlaceName::Demonym(c))) => Some(c),
            _ => None,
        });
        let cue = (first..head_end)
            .rev()
            .find_map(|i| self.cue(i))
            .filter(|_| !titled);
        let event_prefixed = lexicon::event_prefixes().contains(words[0]);
        let typed = |kind, class: &str, rule| Mention {
            class: Some(class.to_owned()),
            rule,
            ..self.mention(s, first, end, Kind::Typed(kind))
        };
        let date = Date::parse(&words);
        let lowered = |i: usize| self.word(i).to_lowercase();
        // "Group F", "Section B": a cue word and a letter is a label, not a name.
        if words.len() == 2
            && cue.is_some()
            && words[1].len() == 1
            && words[1].chars().all(char::is_uppercase)
        {
            return Mention {
                rule: "generic",
                ..self.mention(s, first, end, Kind::Unknown)
            };
        }
        if words.len() == 1
            && mission_code(words[0]).is_some_and(|x| {
                self.mission_series
                    .get_or_init(|| mission_series(self.text))
                    .contains(&x)
            })
        {
            return Mention {
                class: Some("Event".to_owned()),
                rule: "mission-code",
                ..self.mention(s, first, end, Kind::Typed(EntityType::Event))
            };
        }
        // A cue word alone is a generic reference ("the Army", "the Court").
        if words.len() == 1
            && !titled
            && (cue.is_some() || self.g.place_cues.contains(&lowered(first)))
        {
            return Mention {
                rule: "generic",
                ..self.mention(s, first, end, Kind::Unknown)
            };
        }
        // "Jamarat Bridge", "Washington Dulles International Airport".
        // "Kennedy Space Center", "Metro Toronto Convention Centre": a venue.
        let venue = head_end - first >= 3
            && self.g.place_cues.contains(&format!(
                "{} {}",
                lowered(head_end - 2),
                lowered(head_end - 1)
            ));
        if !titled && (venue || self.g.place_cues.contains(&lowered(head_end - 1))) {
            return Mention {
                inner_country,
                rule: "cue:place",
                ..self.mention(s, first, end, Kind::Typed(EntityType::Place))
            };
        }
        match cue {
            Some((EntityType::Event, class))
                if event_prefixed
                    || !self
                        .g
                        .org_cues
                        .contains_key(&self.word(head_end - 1).to_lowercase()) =>
            {
                return self.with_year_before(Mention {
                    date,
                    ..typed(EntityType::Event, class, "cue:event")
                });
            }
            Some((_, _)) => {
                let head = self.word(head_end - 1).to_lowercase();
                let class = self
                    .g
                    .org_cues
                    .get(&head)
                    .or_else(|| {
                        (first..head_end)
                            .rev()
                            .find_map(|i| self.g.org_cues.get(&self.word(i).to_lowercase()))
                    })
                    .map_or("Organization", |c| c.as_str());
                if event_prefixed && self.g.event_cues.contains_key(&head) {
                    let class = self.g.event_cues.get(&head).map_or("Event", String::as_str);
                    return self.with_year_before(Mention {
                        date,
                        ..typed(EntityType::Event, class, "cue:event")
                    });
                }
                return Mention {
                    inner_country,
                    ..typed(EntityType::Organization, class, "cue:organization")
                };
            }
            None => {}
        }
        // A name whose last word ends the lists' names of places, bodies
        // or other things and seldom a person's ("Columbus Zoo", "Wayne
        // Gretzky Drive", "Bell Media"; not "Smith", "Hall"): no person by
        // its first name or its capitals.
        let head = (!titled && words.len() >= 2)
            .then(|| self.name_head(words[words.len() - 1]))
            .flatten();
        let person = |rule| Mention {
            rule,
            ..self.mention(s, first, end, Kind::Typed(EntityType::Person))
        };
        if titled || self.lowercase_title_before(first) {
            return person("title-before-name");
        }
        if words.len() >= 2 && self.is_given_name(words[0]) && head.is_none() {
            return person("given-name");
        }
        // A website by its domain ("Gawker.com", "Secunia.com").
        if words.len() == 1 && words[0].contains('.') && words[0].chars().any(char::is_lowercase) {
            return Mention {
                rule: "domain-name",
                ..self.mention(s, first, end, Kind::Typed(EntityType::Organization))
            };
        }
        if words.len() == 1 && is_acronym(words[0]) {
            // In a spot organizations take ("Frederick Fung of ADPL", "FTU's Alice
            // Mak", "the NWSC said"), an acronym is an organization even if used once.
            let n = self.text.tokens().len();
            // Or one of three letters or more that the lists of known names
            // know as a body ("NASA", "FBI"; not "SC").
            let known =
                || words[0].chars().count() >= 3 && Names::get().is_body(&words[0].to_lowercase());
            let in_context = (first > 0
                && matches!(
                    self.word(first - 1),
                    "of" | "from" | "by" | "at" | "the" | "with"
                ))
                || known()
                || (end < n
                    && (matches!(self.word(end), "'s" | "’s")
                        || lexicon::speech_verbs().contains(self.word(end))));
            return Mention {
                rule: if in_context {
                    "acronym-in-context"
                } else {
                    "acronym"
                },
                ..self.mention(s, first, end, Kind::Typed(EntityType::Organization))
            };
        }
        // "Yonhap news agency", "Facebook co-founder Mark Zuckerberg": a name right
        // before an organization noun or a title and a name is an organization's.
        let n = self.text.tokens().len();
        let single_ok = words.len() == 1 && !self.g.is_common(words[0]) && !adjectival(words[0]);
        if (single_ok || words.len() == 2)
            && matches!(
                self.g.common_pos(words[0]),
                None | Some("NOUN" | "ADJ" | "PROPN")
            )
        {
            let mut k = end;
            while k < n
                && k < end + 2
                && self.g.common_pos(self.word(k)) == Some("NOUN")
                && !self.g.org_nouns.contains(self.word(k))
                && self.title_at(k, n).is_none()
            {
                k += 1;
            }
            let org_noun = k < n && self.g.org_nouns.contains(self.word(k));
            let title_then_name = k < n
                && self
                    .title_at(k, n)
                    .is_some_and(|(t_end, _)| t_end < n && is_capitalized(self.word(t_end)));
            if org_noun || title_then_name {
                return Mention {
                    rule: if org_noun {
                        "name-then-org-noun"
                    } else {
                        "name-then-title"
                    },
                    ..self.mention(s, first, end, Kind::Typed(EntityType::Organization))
                };
            }
        }
        // "Mwangi Okello, 75, a former diplomat": an age between commas.
        let tokens = self.text.tokens();
        let aged = end + 2 < tokens.len()
            && self.word(end) == ","
            && tokens[end + 1].kind == TokenKind::Number
            && self
                .word(end + 1)
                .parse::<u8>()
                .is_ok_and(|age| (1..=120).contains(&age))
            && self.word(end + 2) == ",";
        if aged && words.len() <= 4 && words.iter().all(|w| !is_acronym(w)) {
            return person("age-apposition");
        }
        // "in Texas", "near Kowloon East"; "Irving, Texas".
        let after_preposition =
            first > 0 && lexicon::place_prepositions().contains(self.word(first - 1));
        let after_city = first >= 2
            && self.word(first - 1) == ","
            && matches!(
                self.g.lookup(self.word(first - 2)),
                Some(PlaceName::City(_))
            );
        // Languages, religions and doctrines follow "in" too ("in English",
        // "in Islam", "in Scientology"), and a comma after a city ("Mecca,
        // Islam's holiest site"): not places. A religion or god is known by
        // its suffix or by the lists of known names.
        let doctrine = (words.len() == 1
            && lexicon::doctrine_suffixes().ends(&words[0].to_lowercase()))
            || crate::names::Names::get().religion_or_god(&words);
        // "Kowloon East", "New Territories West", "Western Australia": a compass
        // word makes a region.
        let compass = words.len() >= 2
            && (lexicon::compass_last().contains(words[words.len() - 1])
                || lexicon::compass_first().contains(words[0]));
        if compass && words.iter().all(|w| !is_acronym(w)) {
            return Mention {
                inner_country: (first..end).find_map(|i| match self.gazetteer_at(i, end) {
                    Some((_, PlaceName::Country(c))) => Some(c),
                    _ => None,
                }),
                rule: "compass-region",
                ..self.mention(s, first, end, Kind::Typed(EntityType::Place))
            };
        }
        if words.len() <= 3
            && (after_preposition || after_city)
            && !doctrine
            && !words.iter().any(|w| is_acronym(w))
        {
            return Mention {
                rule: if after_city {
                    "city-comma-region"
                } else {
                    "after-preposition"
                },
                ..self.mention(s, first, end, Kind::Typed(EntityType::Place))
            };
        }
        let next = self.text.tokens().get(end).map(|_| self.word(end));
        // Contractions ("I'm", "We'll") are not names.
        let contraction = words.iter().any(|w| {
            w.rsplit_once(['\'', '’'])
                .is_some_and(|(_, tail)| matches!(tail, "m" | "ve" | "ll" | "re" | "d" | "t"))
        });
        if contraction {
            return Mention {
                rule: "contraction",
                ..self.mention(s, first, end, Kind::Unknown)
            };
        }
        // Not one ordinary word ("Analysts said", "Witnesses told").
        let ordinary_word = words.len() == 1 && self.ordinary(words[0]);
        if words.len() <= 3
            && next.is_some_and(|n| lexicon::speech_verbs().contains(n))
            && head.is_none()
            && !ordinary_word
        {
            return person("speech-verb");
        }
        // Two or three capitalized words with no cue, none of them an ordinary
        // English word, not a known place: in news, almost always a person's name
        // ("Cheng Chung-tai", "Baggio Leung"; not "White House", "Star Wars").
        let plain = words.iter().all(|w| {
            w.chars().next().is_some_and(char::is_uppercase)
                && !is_acronym(w)
                && !self.g.is_common(w)
                && w.chars()
                    .all(|c| c.is_alphabetic() || c == '-' || c == '\'' || c == '’' || c == '.')
        });
        // Nor when the last word is one English writes in lower case four
        // times in five or more ("Woodpecker Song", "Crossgates Mall"): a
        // surname seldom is ("Rice" 3 tenths capitalized, "Smith" 9).
        if (2..=3).contains(&words.len())
            && plain
            && !words.last().is_some_and(|w| self.ordinary(w))
            && head.is_none()
        {
            return person("capitalized-name");
        }
        // Left to the tagger to type (typing it by its last word as the
        // lists do scored lower: docs/extraction.md).
        if head.is_some() {
            return Mention {
                rule: "name-head",
                ..self.mention(s, first, end, Kind::Unknown)
            };
        }
        Mention {
            rule: "capitalized",
            ..self.mention(s, first, end, Kind::Unknown)
        }
    }

    /// What the last word of a name says of it ([`Names::head`]); also a
    /// word that ends no person's name the lists know, some other thing's,
    /// and that English writes in lower case half the time or more
    /// ("Proclamation", "Expedition").
    fn name_head(&self, last: &str) -> Option<Head> {
        let names = Names::get();
        let lower = last.to_lowercase();
        names.head(&lower).or_else(|| {
            let (people, things) = names.head_counts(&lower);
            (people == 0
                && things >= 2
                && crate::tagger::capitalized_tenths(&lower).is_some_and(|t| t <= 5))
            .then_some(Head::Other)
        })
    }

    /// A named event with the year written before it ("the 2018 World
    /// Cup"): the year joins the name and dates it.
    fn with_year_before(&self, m: Mention) -> Mention {
        let Some(k) = m.first.checked_sub(1) else {
            return m;
        };
        if self.text.tokens()[k].kind != TokenKind::Number || dates::year(self.word(k)).is_none() {
            return m;
        }
        Mention {
            first: k,
            date: m.date.or_else(|| Date::parse(&[self.word(k)])),
            ..m
        }
    }
}
