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
/// the rules' by the policy of [`crate::tagger::combine`] when `tagger` is given.
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
        let tagged = crate::tagger::combine::tag_text(model, &text, &mentions, &titles);
        crate::tagger::combine::combine(&text, &mut mentions, &titles, &tagged);
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

impl Finder<'_> {
    fn word(&self, i: usize) -> &str {
        self.text.word(i)
    }

    fn is_cap_word(&self, i: usize) -> bool {
        let t = self.text.tokens()[i];
        let w = self.word(i);
        t.kind == TokenKind::Word
            && is_capitalized(w)
            && dates::month(w).is_none_or(|_| w.len() <= 2)
            && !dates::is_weekday(w)
    }

    fn key(&self, first: usize, end: usize) -> String {
        (first..end)
            .map(|i| self.word(i).replace('’', "'"))
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// The longest gazetteer name starting at `i` and ending by `end`.
    fn gazetteer_at(&self, i: usize, end: usize) -> Option<(usize, PlaceName)> {
        if i >= end || !is_capitalized(self.word(i)) {
            return None;
        }
        let max = self.g.max_name_words.min(end - i);
        // The key of `i..i + max` once; the shorter keys are its prefixes.
        let key = self.key(i, i + max);
        let mut ends = Vec::with_capacity(max);
        let mut at = 0;
        for n in 0..max {
            // As `key` writes it: "’" (3 bytes) as "'" (1).
            let w = self.word(i + n);
            at += w.len() - 2 * w.matches('’').count();
            ends.push(at);
            at += 1;
        }
        (1..=max)
            .rev()
            .filter(|n| is_capitalized(self.word(i + n - 1)))
            .find_map(|n| self.g.lookup(&key[..ends[n - 1]]).map(|p| (i + n, p)))
    }

    /// The longest title starting at `i` and ending by `end`.
    fn title_at(&self, i: usize, end: usize) -> Option<(usize, &'static crate::gazetteer::Title)> {
        let word = self.word(i);
        let first: std::borrow::Cow<str> = if word.chars().any(char::is_uppercase) {
            word.to_lowercase().into()
        } else {
            word.into()
        };
        let stem = first.split('-').next().unwrap_or(&first);
        let known = |w: &str| self.g.title_first_words.contains(w);
        if !known(stem) && !stem.strip_suffix('s').is_some_and(known) {
            return None;
        }
        let max = self.g.max_title_words.min(end - i);
        (1..=max).rev().find_map(|n| {
            let key = self.key(i, i + n).to_lowercase();
            // Plurals too: "councillors Ann Chiang and Priscilla Leung".
            self.g
                .titles
                .get(&key)
                .or_else(|| key.strip_suffix('s').and_then(|k| self.g.titles.get(k)))
                .map(|t| (i + n, t))
        })
    }

    /// Is the title at `first..end` a plural ("councillors")?
    fn plural_title(&self, first: usize, end: usize) -> bool {
        let key = self.key(first, end).to_lowercase();
        !self.g.titles.contains_key(&key) && key.ends_with('s')
    }

    fn sentence(
        &self,
        s: usize,
        first: usize,
        end: usize,
        mentions: &mut Vec<Mention>,
        titles: &mut Vec<TitleMention>,
    ) {
        let mut i = first;
        while i < end {
            if self.is_cap_word(i) || is_acronym(self.word(i)) {
                let chunk_end = self.chunk_end(i, end);
                self.chunk(
                    s,
                    i,
                    chunk_end,
                    i == first || self.opens(i),
                    mentions,
                    titles,
                );
                i = chunk_end;
            } else {
                if let Some((title_end, title)) = self.title_at(i, end) {
                    titles.push(TitleMention {
                        first: i,
                        end: title_end,
                        position: title.position.clone(),
                        kind: title.kind,
                        plural: self.plural_title(i, title_end),
                    });
                }
                if let Some(m) = self.event_phrase(s, i, first) {
                    mentions.push(m);
                }
                i += 1;
            }
        }
    }

    /// Is token `i` the first word after an opening quote or bracket?
    fn opens(&self, i: usize) -> bool {
        i > 0 && matches!(self.word(i - 1), "“" | "\"" | "‘" | "(" | "[" | "—" | ":")
    }

    /// The end of the capitalized sequence starting at `i`.
    fn chunk_end(&self, i: usize, end: usize) -> usize {
        // No name is longer than this; a longer run is several names, and the cap
        // keeps the work on one run bounded.
        const MAX_NAME: usize = 16;
        let end = end.min(i + MAX_NAME);
        let mut j = i + 1;
        let mut has_cue = self.cue(i).is_some();
        loop {
            if j < end && (self.is_cap_word(j) || is_acronym(self.word(j))) {
                has_cue |= self.cue(j).is_some();
                j += 1;
                continue;
            }
            // Connectors, then a capitalized word: "Party of Venezuela", "Front for the
            // Liberation", "Council on American-Islamic Relations".
            let mut k = j;
            while k < end && self.joins(i, j, k) {
                k += 1;
            }
            if k > j && k < end && self.is_cap_word(k) {
                if matches!(self.word(j), "and" | "&") && !self.and_joins(i, j, k, end, has_cue) {
                    return j;
                }
                j = k;
                continue;
            }
            if self.campus(i, j, end) {
                j += 2;
                continue;
            }
            return j;
        }
    }

    /// Does a comma and a city at `j` name the campus of the university `i..j`
    /// ("University of Arkansas, Fayetteville")?
    fn campus(&self, i: usize, j: usize, end: usize) -> bool {
        j + 1 < end
            && self.word(j) == ","
            && i + 2 < j
            && self.word(i).eq_ignore_ascii_case("university")
            && self.word(i + 1) == "of"
            && self.is_cap_word(j + 1)
            && matches!(
                self.g.lookup(&self.key(j + 1, j + 2)),
                Some(PlaceName::City(_))
            )
            && (j + 2 >= end
                || match self.word(j + 2) {
                    // A list of places ("University of Iowa, Ames, Des Moines and ...")
                    // is not a campus.
                    "," => {
                        j + 3 < end
                            && !self.is_cap_word(j + 3)
                            && !matches!(self.word(j + 3), "and" | "or")
                    }
                    "and" | "or" => false,
                    _ => !self.is_cap_word(j + 2),
                })
    }

    /// Does token `k` (after the name `i..j`) connect it to more of the name?
    fn joins(&self, i: usize, j: usize, k: usize) -> bool {
        let w = self.word(k);
        match w {
            // "on" only after a body that takes a subject ("Council on ...").
            "on" => {
                k == j
                    && matches!(
                        self.word(k - 1).to_lowercase().as_str(),
                        "council" | "committee" | "commission" | "conference" | "forum" | "panel"
                    )
            }
            "the" => k > j && matches!(self.word(k - 1), "of" | "for"),
            // "University of North Carolina at Greensboro".
            // (but not "Museum of Art at Northwestern University": a body at a body)
            "at" => {
                let mut r = k + 1;
                while r < self.text.tokens().len() && self.is_cap_word(r) {
                    r += 1;
                }
                let lowered = |x: usize| self.word(x).to_lowercase();
                k == j
                    && (i..j).any(|x| self.word(x) == "of")
                    && (i..j).any(|x| self.g.org_cues.contains_key(&lowered(x)))
                    && !(k + 1..r).any(|x| {
                        self.g.org_cues.contains_key(&lowered(x))
                            || self.g.place_cues.contains(&lowered(x))
                    })
            }
            "and" | "&" => k == j && j > i,
            _ => CONNECTORS.contains(&w),
        }
    }

    /// May "and" (at `j`) join the name `i..j` to the capitalized run from `k`?
    /// Inside a name that "of" opened ("World Congress of Anti-Fascist Youth and
    /// Students"), or when only the run after it has the head ("Aviation & Space
    /// Museum", "Space and Rocket Center"); not for two names ("Civic Party and
    /// Democratic Party", "Claudia Mo and Wong Pik-wan").
    fn and_joins(&self, i: usize, j: usize, k: usize, end: usize, left_cue: bool) -> bool {
        let mut r = k;
        while r < end && self.is_cap_word(r) {
            r += 1;
        }
        let goes_on = r < end && CONNECTORS.contains(&self.word(r));
        let right_cue = (k..r).any(|x| self.cue(x).is_some());
        let of_opened = (i..j).any(|x| matches!(self.word(x), "of" | "for"));
        // "Laura & John Arnold Foundation", "Mary & Leigh Block Museum of Art":
        // a given name, and then the name of a body named for two people.
        let left = if self.word(i) == "The" { i + 1 } else { i };
        if j == left + 1 && self.is_given_name(self.word(left)) && right_cue {
            return true;
        }
        // "Tang Teaching Museum and Art Gallery": a named body and a second
        // head of ordinary words (not "Civic Party and Democratic Party").
        let head = |x: usize| self.word(x).to_lowercase();
        if left_cue
            && right_cue
            && !goes_on
            && (i..j).any(|x| self.cue(x).is_none() && !self.g.is_common(self.word(x)))
            && (k..r).all(|x| self.g.is_common(self.word(x)) || self.cue(x).is_some())
            && head(j - 1) != head(r - 1)
            && self.cue(r - 1).is_some()
        {
            return true;
        }
        if goes_on || self.is_given_name(self.word(k)) {
            return false;
        }
        (left_cue && of_opened && !right_cue) || (!left_cue && right_cue)
    }

    /// The organization or event class a capitalized word cues, if any.
    fn cue(&self, i: usize) -> Option<(EntityType, &'static str)> {
        let w = self.word(i).to_lowercase();
        if let Some(c) = self.g.event_cues.get(&w) {
            return Some((EntityType::Event, c.as_str()));
        }
        self.g
            .org_cues
            .get(&w)
            .map(|c| (EntityType::Organization, c.as_str()))
    }

    #[allow(clippy::too_many_arguments)]
    /// Splits and types the capitalized run `i..end`. Work is kept on an explicit
    /// to-do list, not the call stack, so no input can nest it deeply.
    fn chunk(
        &self,
        s: usize,
        i: usize,
        end: usize,
        sentence_start: bool,
        mentions: &mut Vec<Mention>,
        titles: &mut Vec<TitleMention>,
    ) {
        let mut todo = vec![(i, end, sentence_start)];
        while let Some((i, end, sentence_start)) = todo.pop() {
            self.chunk_step(s, i, end, sentence_start, mentions, titles, &mut todo);
        }
    }

    /// One step of [`Self::chunk`]: types what it can of `i..end` and leaves the
    /// parts still to split on `todo`.
    #[allow(clippy::too_many_arguments)]
    fn chunk_step(
        &self,
        s: usize,
        mut i: usize,
        end: usize,
        sentence_start: bool,
        mentions: &mut Vec<Mention>,
        titles: &mut Vec<TitleMention>,
        todo: &mut Vec<(usize, usize, bool)>,
    ) {
        // A sentence-initial common word is not part of a name ("According to",
        // "Here", "The"), unless it is a noun or adjective that a longer name goes
        // on from ("World Congress of ...", "National Electoral Center").
        if sentence_start && i < end {
            let w = self.word(i);
            let droppable = match self.g.common_pos(w) {
                // An adjective-like word the lexicon lacks ("Nonpartisan",
                // "Pan-democrat") before a two- or three-word name.
                None => {
                    let lower = w.to_lowercase();
                    let adjectival = ["an", "ist", "ic", "al", "ive", "ous", "crat", "ite"]
                        .iter()
                        .any(|x| lower.ends_with(x))
                        || lower.split_once('-').is_some_and(|(_, b)| !b.is_empty());
                    adjectival
                        && w.len() > 6
                        && (3..=4).contains(&(end - i))
                        && !self.is_given_name(w)
                }
                // "Sensitive Canadian document", "Nonpartisan Paul Tse": an
                // ordinary word before a known name or a given name is not part of it.
                Some(pos @ ("NOUN" | "ADJ")) => {
                    end - i == 1
                        || matches!(w, "Former" | "Then" | "Late")
                        || (pos == "ADJ" && self.gazetteer_at(i + 1, end).is_some())
                        || (self.is_given_name(self.word(i + 1)) && end - i <= 4)
                }
                Some(_) => true,
            };
            if droppable
                && !self.g.given_names.contains(w)
                && self.gazetteer_at(i, end).is_none()
                && self.title_at(i, end).is_none()
            {
                let mut next = i + 1;
                while next < end && CONNECTORS.contains(&self.word(next)) {
                    next += 1;
                }
                return todo.push((next, end, false));
            }
        }
        if i >= end {
            return;
        }
        // Leading modifiers: countries, demonyms and titles ("Venezuelan Interior
        // Minister", "U.S. Secretary of State"), honorifics.
        let mut titled = false;
        let mut the_name = false;
        loop {
            if i >= end {
                return;
            }
            if HONORIFICS.contains(&self.word(i)) {
                titled = true;
                i += 1;
                continue;
            }
            // "The Church of Scientology" is "Church of Scientology"; a name with
            // "The" is never a person's ("The Velvet Underground").
            if self.word(i) == "The" && i + 1 < end {
                i += 1;
                the_name = true;
                continue;
            }
            // "Team Estonia": a national team is its country (spec, decision 3).
            if self.word(i) == "Team" {
                if let Some((g_end, place @ PlaceName::Country(_))) = self.gazetteer_at(i + 1, end)
                {
                    if g_end == end {
                        return mentions.push(self.gazetteer_mention(s, i + 1, end, place));
                    }
                }
            }
            if let Some((title_end, title)) = self.title_at(i, end) {
                // "Director of the National Iodine Nutrition Study": the title is
                // of a body, and the body is a name of its own.
                if title_end < end && CONNECTORS.contains(&self.word(title_end)) {
                    titles.push(TitleMention {
                        first: i,
                        end: title_end,
                        position: title.position.clone(),
                        kind: title.kind,
                        plural: self.plural_title(i, title_end),
                    });
                    let mut tail = title_end;
                    while tail < end
                        && (CONNECTORS.contains(&self.word(tail)) || self.word(tail) == "the")
                    {
                        tail += 1;
                    }
                    // "Minister of Education Stefania Giannini", "Governor of
                    // Washington Chris Gregoire": the body, then its office holder.
                    let holder = (tail + 1..end).find(|&k| {
                        (self.is_given_name(self.word(k)) || HONORIFICS.contains(&self.word(k)))
                            && (2..=4).contains(&(end - k))
                    });
                    if let Some(k) = holder {
                        todo.push((tail, k, false));
                        let mut name = k;
                        while name < end && HONORIFICS.contains(&self.word(name)) {
                            name += 1;
                        }
                        if name < end {
                            mentions.push(self.typed_chunk(s, name, end, true));
                        }
                        return;
                    }
                    return todo.push((tail, end, false));
                }
                // A title is a modifier only when a name follows it.
                if title_end < end {
                    titles.push(TitleMention {
                        first: i,
                        end: title_end,
                        position: title.position.clone(),
                        kind: title.kind,
                        plural: self.plural_title(i, title_end),
                    });
                    titled = true;
                    i = title_end;
                    continue;
                }
            }
            match self.gazetteer_at(i, end) {
                Some((g_end, place)) if g_end == end && self.place_fits(i, g_end, place) => {
                    return mentions.push(self.gazetteer_mention(s, i, g_end, place));
                }
                Some((g_end, place @ (PlaceName::Country(_) | PlaceName::Demonym(_))))
                    if !titled
                        && !self.name_continues_with_connector(g_end, end)
                        && !(g_end..end).any(|k| {
                            self.g.org_cues.contains_key(&self.word(k).to_lowercase())
                        }) =>
                {
                    mentions.push(self.gazetteer_mention(s, i, g_end, place));
                    i = g_end;
                    continue;
                }
                _ => {}
            }
            break;
        }
        // "Colorado State University of the US": a body, then its country.
        if end - i >= 4 && self.word(end - 2) != "of" {
            let the = (i + 1..end - 1)
                .rev()
                .find(|&k| self.word(k) == "of" && self.word(k + 1) == "the");
            if let Some(of) = the {
                let country = self.gazetteer_at(of + 2, end).filter(|(g_end, place)| {
                    *g_end == end && matches!(place, PlaceName::Country(_))
                });
                let body_cue =
                    (i..of).any(|x| self.g.org_cues.contains_key(&self.word(x).to_lowercase()));
                if let (Some((_, place)), true) = (country, body_cue) {
                    mentions.push(self.typed_chunk(s, i, of, titled));
                    mentions.push(self.gazetteer_mention(s, of + 2, end, place));
                    return;
                }
            }
        }
        // "Museum of Flight CEO Bonnie Dunbar", "State Department Spokesperson": an
        // organization, then a title (and its holder).
        let org_then_title = (i + 1..end).find(|&k| {
            is_capitalized(self.word(k))
                && self.title_at(k, end).is_some()
                && (i..k).any(|x| self.g.org_cues.contains_key(&self.word(x).to_lowercase()))
                && !CONNECTORS.contains(&self.word(k - 1))
        });
        if let Some(k) = org_then_title {
            mentions.push(self.typed_chunk(s, i, k, titled));
            return todo.push((k, end, false));
        }
        // "CEO of the Refugee Council Enver Solomon told", "director of the Council
        // on ... Relations Alia Salem said": a body, then the name of a person.
        if let Some(k) = self.person_after_body(i, end) {
            mentions.push(self.typed_chunk(s, i, k, titled));
            mentions.push(Mention {
                rule: "name-after-body",
                ..self.mention(s, k, end, Kind::Typed(EntityType::Person))
            });
            return;
        }
        // "Lee Cheuk-yan of the Labour Party", "Kim Jong-un of North Korea": a name
        // with no cue before "of" is a name of its own, and so is what follows.
        let head_end = (i + 1..end).find(|&k| matches!(self.word(k), "of" | "for"));
        if let Some(head_end) = head_end {
            if (i..head_end).all(|k| self.cue(k).is_none()) {
                mentions.push(self.typed_chunk(s, i, head_end, titled));
                let mut tail = head_end;
                while tail < end
                    && (CONNECTORS.contains(&self.word(tail)) || self.word(tail) == "the")
                {
                    tail += 1;
                }
                return todo.push((tail, end, false));
            }
        }
        // "the Monti government", "the Trump administration": a named cabinet is
        // an organization (a country's government is the country).
        let tokens = self.text.tokens().len();
        if !titled
            && end < tokens
            && end - i <= 2
            && matches!(self.word(end), "government" | "administration" | "cabinet")
            && (i..end).all(|x| {
                let w = self.word(x);
                is_capitalized(w) && !is_acronym(w) && !self.g.is_common(w) && !adjectival(w)
            })
            && self.gazetteer_at(i, end).is_none()
        {
            return mentions.push(Mention {
                class: Some("GovernmentBody".to_owned()),
                rule: "named-government",
                ..self.mention(s, i, end + 1, Kind::Typed(EntityType::Organization))
            });
        }
        let mut m = self.typed_chunk(s, i, end, titled);
        if the_name
            && m.kind == Kind::Typed(EntityType::Person)
            && matches!(m.rule, "capitalized-name" | "given-name")
        {
            m.kind = Kind::Typed(EntityType::Organization);
            m.rule = "the-name";
        }
        mentions.push(m);
    }

    /// Where a person's name starts at the end of the run `i..end` that an
    /// organization's cue word opens: two plain names after the cue ("Refugee
    /// Council Enver Solomon"), shown to be a person's by a given name, a verb of
    /// saying after them, or the surname standing alone elsewhere in the text
    /// ("Jafari said").
    fn person_after_body(&self, i: usize, end: usize) -> Option<usize> {
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
            || (i..k - 1).any(|x| self.cue(x).is_some() && CONNECTORS.contains(&self.word(x + 1)));
        if !cued || CONNECTORS.contains(&self.word(k - 1)) {
            return None;
        }
        let tokens = self.text.tokens().len();
        let speaks = end < tokens && SPEECH_VERBS.contains(&self.word(end));
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

    /// A city whose name is also an ordinary word or a given name ("Mobile",
    /// "Florence") counts only after a preposition of place ("in Florence").
    fn place_fits(&self, first: usize, end: usize, place: PlaceName) -> bool {
        let PlaceName::City(c) = place else {
            return true;
        };
        if self.g.cities[c].capital || end - first > 1 {
            return true;
        }
        let w = self.word(first);
        let ambiguous = self.g.is_common(w) || self.g.given_names.contains(w);
        !ambiguous
            || (first > 0
                && matches!(
                    self.word(first - 1),
                    "in" | "at" | "from" | "near" | "to" | "outside"
                ))
    }

    /// "Republic of Korea" style names: a gazetteer match followed by "of" inside the chunk.
    fn name_continues_with_connector(&self, g_end: usize, end: usize) -> bool {
        g_end < end && CONNECTORS.contains(&self.word(g_end))
    }

    fn gazetteer_mention(&self, s: usize, first: usize, end: usize, place: PlaceName) -> Mention {
        let (kind, class, rule) = match place {
            PlaceName::Country(_) => (EntityType::Country, None, "gazetteer:country"),
            PlaceName::Demonym(_) => (EntityType::Country, None, "gazetteer:demonym"),
            PlaceName::City(c) if self.g.cities[c].capital => {
                (EntityType::Place, None, "gazetteer:capital")
            }
            PlaceName::City(_) => (EntityType::Place, None, "gazetteer:city"),
            PlaceName::Org(_) => (
                EntityType::Organization,
                Some("InternationalOrganization".to_owned()),
                "gazetteer:international-organization",
            ),
        };
        Mention {
            class,
            gazetteer: Some(place),
            rule,
            ..self.mention(s, first, end, Kind::Typed(kind))
        }
    }

    fn mention(&self, sentence: usize, first: usize, end: usize, kind: Kind) -> Mention {
        Mention::new(sentence, first, end, kind, "")
    }

    /// Types a capitalized name by its words and context.
    fn typed_chunk(&self, s: usize, first: usize, end: usize, titled: bool) -> Mention {
        let words: Vec<&str> = (first..end).map(|i| self.word(i)).collect();
        // The head is the last word before the first connector ("Party" in
        // "United Socialist Party of Venezuela"), else the last word.
        let head_end = (first..end)
            .find(|&i| i > first && CONNECTORS.contains(&self.word(i)))
            .unwrap_or(end);
        let inner_country = (first..end).find_map(|i| match self.gazetteer_at(i, end) {
            Some((_, PlaceName::Country(c) | PlaceName::Demonym(c))) => Some(c),
            _ => None,
        });
        let cue = (first..head_end)
            .rev()
            .find_map(|i| self.cue(i))
            .filter(|_| !titled);
        let event_prefixed = EVENT_PREFIXES.contains(&words[0]);
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
                return Mention {
                    date,
                    ..typed(EntityType::Event, class, "cue:event")
                };
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
                    return Mention {
                        date,
                        ..typed(EntityType::Event, class, "cue:event")
                    };
                }
                return Mention {
                    inner_country,
                    ..typed(EntityType::Organization, class, "cue:organization")
                };
            }
            None => {}
        }
        let person = |rule| Mention {
            rule,
            ..self.mention(s, first, end, Kind::Typed(EntityType::Person))
        };
        if titled || self.lowercase_title_before(first) {
            return person("title-before-name");
        }
        if words.len() >= 2 && self.is_given_name(words[0]) {
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
            let in_context = (first > 0
                && matches!(
                    self.word(first - 1),
                    "of" | "from" | "by" | "at" | "the" | "with"
                ))
                || (end < n
                    && (matches!(self.word(end), "'s" | "’s")
                        || SPEECH_VERBS.contains(&self.word(end))));
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
        let after_preposition = first > 0 && LOCATIVES.contains(&self.word(first - 1));
        let after_city = first >= 2
            && self.word(first - 1) == ","
            && matches!(
                self.g.lookup(self.word(first - 2)),
                Some(PlaceName::City(_))
            );
        // Languages, religions and doctrines follow "in" too ("in English",
        // "in Islam", "in Scientology"): not places.
        let doctrine = words.len() == 1 && {
            let w = words[0].to_lowercase();
            ["ish", "ese", "ic", "ism", "ology", "ity"]
                .iter()
                .any(|x| w.ends_with(x))
        };
        // "Kowloon East", "New Territories West", "Western Australia": a compass
        // word makes a region.
        let compass = words.len() >= 2
            && (matches!(words[words.len() - 1], "East" | "West" | "North" | "South")
                || matches!(
                    words[0],
                    "Western" | "Eastern" | "Northern" | "Southern" | "Central"
                ));
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
        if words.len() <= 3 && next.is_some_and(|n| SPEECH_VERBS.contains(&n)) {
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
        if (2..=3).contains(&words.len()) && plain {
            return person("capitalized-name");
        }
        Mention {
            rule: "capitalized",
            ..self.mention(s, first, end, Kind::Unknown)
        }
    }

    /// Is `word` a given name, with or without its accents ("Nicolás")?
    fn is_given_name(&self, word: &str) -> bool {
        self.g.given_names.contains(word) || {
            let folded = crate::text::fold(word);
            let mut chars = folded.chars();
            chars.next().is_some_and(|c| {
                let title_case: String = c.to_uppercase().chain(chars).collect();
                self.g.given_names.contains(&title_case)
            })
        }
    }

    /// Does a lowercase title end just before token `first` ("dictator Nicolás
    /// Maduro", "president Joe Biden")?
    fn lowercase_title_before(&self, first: usize) -> bool {
        (1..=self.g.max_title_words.min(first)).any(|n| {
            let start = first - n;
            self.word(start)
                .chars()
                .next()
                .is_some_and(char::is_lowercase)
                && self
                    .title_at(start, first)
                    .is_some_and(|(end, _)| end == first)
        })
    }

    /// A lowercase event noun with specific modifiers before it: "the July 28
    /// presidential election", "nationwide protests", "the October election".
    /// A bare "the election" becomes an anaphor.
    fn event_phrase(&self, s: usize, i: usize, sentence_first: usize) -> Option<Mention> {
        let head = self.word(i);
        if !head.chars().all(|c| c.is_lowercase() || c == '-') {
            return None;
        }
        let class = self.g.event_cues.get(head)?;
        // Not when a noun follows ("election results", "protest leaders").
        if i + 1 < self.text.tokens().len() {
            let w = self.word(i + 1);
            if w.chars().all(char::is_lowercase) && self.g.common_pos(w) == Some("NOUN") {
                return None;
            }
        }
        let mut first = i;
        // "Mecca crane collapse", "Paris climate conference": a name, an
        // ordinary noun, the event noun.
        if i > sentence_first + 2
            && matches!(self.g.common_pos(self.word(i - 1)), None | Some("NOUN"))
            && self.word(i - 1).chars().all(char::is_lowercase)
            && !self.g.event_modifiers.contains(self.word(i - 1))
            && self.is_cap_word(i - 2)
            && !self.g.is_common(self.word(i - 2))
            && !self.opens(i - 2)
        {
            first = i - 1;
        }
        while first > sentence_first {
            let w = self.word(first - 1);
            let t = self.text.tokens()[first - 1];
            // Names modify events too ("Hajj stampede", "Chinese New Year
            // celebrations"), but not a capitalized word that only starts the sentence.
            let name = t.kind == TokenKind::Word
                && is_capitalized(w)
                && match self.g.common_pos(w) {
                    None => true,
                    Some("NOUN" | "ADJ" | "PROPN") => {
                        first - 1 > sentence_first && !self.opens(first - 1)
                    }
                    Some(_) => false,
                }
                && dates::month(w).is_none();
            // "#MeToo movement": a hashtag names a movement.
            let hashtag = t.kind == TokenKind::Word
                && first - 1 > sentence_first
                && self.word(first - 2) == "#"
                && first == i;
            let modifier = name
                || hashtag
                || self.g.event_modifiers.contains(&w.to_lowercase())
                || dates::month(w).is_some() && is_capitalized(w)
                || (t.kind == TokenKind::Number && (Date::parse(&[w]).is_some() || w.len() <= 2))
                || (self.g.event_cues.contains_key(w) && first == i);
            if !modifier {
                break;
            }
            first -= 1;
            if hashtag {
                first -= 1;
                break;
            }
        }
        let determiner = first > sentence_first && matches!(self.word(first - 1), "the" | "The");
        let words: Vec<&str> = (first..=i).map(|k| self.word(k)).collect();
        if first == i {
            // Bare noun: only "the election" as a reference to a named one.
            return determiner.then(|| Mention {
                class: Some(class.clone()),
                anaphor: true,
                rule: "event-anaphor",
                ..self.mention(s, i, i + 1, Kind::Typed(EntityType::Event))
            });
        }
        Some(Mention {
            class: Some(class.clone()),
            date: Date::parse(&words),
            rule: "event-phrase",
            ..self.mention(s, first, i + 1, Kind::Typed(EntityType::Event))
        })
    }
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
