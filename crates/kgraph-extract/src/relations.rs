//! Stage 4, relations: what the text says about the entities.
//!
//! Sentence-local patterns over mentions and titles: titles before a name
//! ("Venezuelan Interior Minister X", "Venezuela's interior minister X"),
//! appositions after it ("X, the president of Y"; "X, of the Y party"),
//! demonyms before a name ("Venezuelan writer X"), "X is a Venezuelan ...",
//! countries of organizations, places and events, events' dates, "organized
//! by", "held in", "lives in exile in", "ran against", "was declared the
//! winner". Hands on [`Relations`].

use std::collections::BTreeMap;

use crate::gazetteer::FastMap;

use crate::dates::Date;
use crate::entities::Entities;
use crate::gazetteer::{Gazetteer, PlaceName, TitleKind};
use crate::mentions::{EntityType, TitleMention};

/// The properties of the spec's relations table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Property {
    /// Person -> Country.
    Nationality,
    /// Person -> title.
    Position,
    /// Person -> Organization or Country.
    AffiliatedWith,
    /// Person -> Organization.
    MemberOf,
    /// Person -> Organization or Country.
    LeaderOf,
    /// Person -> Country or Place.
    ResidesIn,
    /// Organization, Event or Place -> Country.
    Country,
    /// Event -> Place or Country.
    Location,
    /// Event -> date.
    Date,
    /// Event -> participant.
    Participant,
    /// Election -> candidate.
    Candidate,
    /// Event -> winner.
    Winner,
    /// Event -> organizer.
    Organizer,
    /// Organization -> Organization.
    PartOf,
}

impl Property {
    /// Every property.
    pub const ALL: [Property; 14] = [
        Property::Nationality,
        Property::Position,
        Property::AffiliatedWith,
        Property::MemberOf,
        Property::LeaderOf,
        Property::ResidesIn,
        Property::Country,
        Property::Location,
        Property::Date,
        Property::Participant,
        Property::Candidate,
        Property::Winner,
        Property::Organizer,
        Property::PartOf,
    ];

    /// The name the spec and gold files use ("nationality", "memberOf").
    pub fn as_str(self) -> &'static str {
        match self {
            Property::Nationality => "nationality",
            Property::Position => "position",
            Property::AffiliatedWith => "affiliatedWith",
            Property::MemberOf => "memberOf",
            Property::LeaderOf => "leaderOf",
            Property::ResidesIn => "residesIn",
            Property::Country => "country",
            Property::Location => "location",
            Property::Date => "date",
            Property::Participant => "participant",
            Property::Candidate => "candidate",
            Property::Winner => "winner",
            Property::Organizer => "organizer",
            Property::PartOf => "partOf",
        }
    }

    /// The property of the spec named `name`.
    pub fn from_name(name: &str) -> Option<Property> {
        Property::ALL.into_iter().find(|p| p.as_str() == name)
    }

    /// The parent property in the ontology (memberOf -> affiliatedWith).
    pub fn parent(self) -> Option<Property> {
        match self {
            Property::MemberOf | Property::LeaderOf => Some(Property::AffiliatedWith),
            Property::Candidate | Property::Winner => Some(Property::Participant),
            _ => None,
        }
    }
}

/// The object of a relation.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Object {
    /// An entity (index into [`Entities::entities`]).
    Entity(usize),
    /// A title.
    Text(String),
    /// A date.
    Date(Date),
}

/// A relation between an entity and an entity or a literal.
#[derive(Debug, Clone, PartialEq)]
pub struct Relation {
    /// The subject entity.
    pub subject: usize,
    /// The property.
    pub property: Property,
    /// The object.
    pub object: Object,
    /// How sure the rule is, in [0, 1].
    pub confidence: f32,
    /// The rule that found it.
    pub rule: &'static str,
}

/// The relation stage's output.
#[derive(Debug, Clone)]
pub struct Relations {
    /// The entities they relate.
    pub entities: Entities,
    /// Relations, sorted and without duplicates.
    pub relations: Vec<Relation>,
}

/// Finds the relations among `entities`; `published` resolves year-less dates.
pub fn find(entities: Entities, published: Option<Date>) -> Relations {
    let mut starts = FastMap::default();
    let mut ends = FastMap::default();
    for (i, m) in entities.mentions.mentions.iter().enumerate() {
        if entities.of_mention[i].is_some() {
            starts.entry(m.first).or_insert(i);
            ends.entry(m.end).or_insert(i);
        }
    }
    let mut found = Finder {
        e: &entities,
        out: BTreeMap::new(),
        starts,
        ends,
    };
    found.titles();
    found.appositions();
    found.demonyms_before_names();
    found.countries();
    found.events(published);
    found.residence();
    found.person_of_body();
    found.elections();
    found.competitors();
    let relations = found
        .out
        .into_iter()
        .map(
            |((subject, property, object), (confidence, rule))| Relation {
                subject,
                property,
                object,
                confidence,
                rule,
            },
        )
        .collect();
    Relations {
        entities,
        relations,
    }
}

type Key = (usize, Property, Object);

struct Finder<'a> {
    e: &'a Entities,
    out: BTreeMap<Key, (f32, &'static str)>,
    /// First token -> the first resolved mention starting there.
    starts: FastMap<usize, usize>,
    /// End token -> the first resolved mention ending there.
    ends: FastMap<usize, usize>,
}

impl<'a> Finder<'a> {
    fn add(
        &mut self,
        subject: usize,
        property: Property,
        object: Object,
        confidence: f32,
        rule: &'static str,
    ) {
        if let Object::Entity(o) = object {
            if o == subject {
                return;
            }
        }
        let slot = self
            .out
            .entry((subject, property, object))
            .or_insert((0.0, rule));
        if confidence > slot.0 {
            *slot = (confidence, rule);
        }
    }

    fn word(&self, i: usize) -> &'a str {
        self.e.mentions.text.word(i)
    }

    fn n_tokens(&self) -> usize {
        self.e.mentions.text.tokens().len()
    }

    /// The mention (index) that covers exactly `first..end`, or ends at `end`.
    /// The first resolved mention ending at token `end`.
    fn mention_ending_at(&self, end: usize) -> Option<usize> {
        self.ends.get(&end).copied()
    }

    /// The first resolved mention starting at token `first`.
    fn mention_starting_at(&self, first: usize) -> Option<usize> {
        self.starts.get(&first).copied()
    }

    fn entity_kind(&self, mention: usize) -> Option<(usize, EntityType)> {
        let e = self.e.of_mention[mention]?;
        Some((e, self.e.entities[e].kind))
    }

    fn is_demonym(&self, mention: usize) -> bool {
        matches!(
            self.e.mentions.mentions[mention].gazetteer,
            Some(PlaceName::Demonym(_))
        )
    }

    fn is_possessive(&self, i: usize) -> bool {
        matches!(self.word(i), "'s" | "’s" | "'" | "’")
    }

    /// The office relation a title gives towards a body of `kind`.
    fn office(title: TitleKind, body: EntityType) -> Property {
        match (title, body) {
            (TitleKind::Leader, _) => Property::LeaderOf,
            (TitleKind::Member, EntityType::Organization) => Property::MemberOf,
            _ => Property::AffiliatedWith,
        }
    }

    /// A title before a person's name, and what stands before the title.
    fn titles(&mut self) {
        let titles: Vec<TitleMention> = self.e.mentions.titles.clone();
        for t in &titles {
            // "Minister of Education Stefania Giannini": the body after "of", then
            // the holder. Honorifics may sit between the title and the name.
            let mut start = t.end;
            let mut body_after = None;
            if start + 1 < self.n_tokens() && self.word(start) == "of" {
                let at = if self.word(start + 1) == "the" {
                    start + 2
                } else {
                    start + 1
                };
                let holder = (at + 1..(at + 5).min(self.n_tokens())).find(|&k| {
                    self.mention_starting_at(k)
                        .and_then(|m| self.entity_kind(m))
                        .is_some_and(|(_, kind)| kind == EntityType::Person)
                });
                if let Some(k) = holder {
                    body_after = self.mention_starting_at(at);
                    start = k;
                }
            }
            while start < self.n_tokens() && crate::mentions::HONORIFICS.contains(&self.word(start))
            {
                start += 1;
            }
            let Some(p) = self.mention_starting_at(start) else {
                continue;
            };
            let Some((person, EntityType::Person)) = self.entity_kind(p) else {
                continue;
            };
            self.add(
                person,
                Property::Position,
                Object::Text(t.position.clone()),
                0.9,
                "title-before-name",
            );
            if t.plural {
                // "councillors Ann Chiang of DAB and Priscilla Leung of BPA": every
                // person of the list holds the title.
                let mut k = self.e.mentions.mentions[p].end;
                while k < self.n_tokens() {
                    if matches!(self.word(k), "," | "and" | "of" | "the" | "from") {
                        k += 1;
                        continue;
                    }
                    let Some(m) = self.mention_starting_at(k) else {
                        break;
                    };
                    if let Some((other, EntityType::Person)) = self.entity_kind(m) {
                        self.add(
                            other,
                            Property::Position,
                            Object::Text(t.position.clone()),
                            0.75,
                            "plural-title-list",
                        );
                    }
                    k = self.e.mentions.mentions[m].end;
                }
            }
            if let Some((body, kind @ (EntityType::Organization | EntityType::Country))) =
                body_after.and_then(|b| self.entity_kind(b))
            {
                self.add(
                    person,
                    Self::office(t.kind, kind),
                    Object::Entity(body),
                    0.8,
                    "title-of-body-before-name",
                );
            }
            // What the title is of: "Venezuelan", "Venezuela's", "U.S.", "PSUV".
            let mut before = t.first;
            while before > 0
                && matches!(
                    self.word(before - 1),
                    "former" | "Former" | "then" | "outgoing" | "acting" | "deputy"
                )
            {
                before -= 1;
            }
            let possessive = before > 0 && self.is_possessive(before - 1);
            let body_end = if possessive { before - 1 } else { before };
            let Some(b) = self.mention_ending_at(body_end) else {
                continue;
            };
            let Some((body, kind)) = self.entity_kind(b) else {
                continue;
            };
            if !matches!(kind, EntityType::Country | EntityType::Organization) {
                continue;
            }
            self.add(
                person,
                Self::office(t.kind, kind),
                Object::Entity(body),
                0.85,
                "title-of-body",
            );
            if kind == EntityType::Country && self.is_demonym(b) && !possessive {
                self.add(
                    person,
                    Property::Nationality,
                    Object::Entity(body),
                    0.9,
                    "demonym-title",
                );
            }
        }
    }

    /// "X, the president of Y," / "X, a Venezuelan diplomat," / "X, of the Y party,".
    fn appositions(&mut self) {
        let mentions = &self.e.mentions.mentions;
        for (p, m) in mentions.iter().enumerate() {
            let Some((person, EntityType::Person)) = self.entity_kind(p) else {
                continue;
            };
            let mut i = m.end;
            if i >= self.n_tokens() || self.word(i) != "," {
                continue;
            }
            i += 1;
            let clause_end = (i..self.n_tokens())
                .find(|&k| matches!(self.word(k), "," | "." | ";" | "—" | ")"))
                .unwrap_or(self.n_tokens())
                .min(i + 12);
            // "X, of the Y party": membership.
            if i < clause_end && self.word(i) == "of" {
                if let Some(o) = (i + 1..clause_end).find_map(|k| self.mention_starting_at(k)) {
                    if let Some((org, EntityType::Organization)) = self.entity_kind(o) {
                        self.add(
                            person,
                            Property::MemberOf,
                            Object::Entity(org),
                            0.75,
                            "apposition-of",
                        );
                    }
                }
                continue;
            }
            // "X, (the|a|an) (former) (Demonym) Title (of|for) (the) Body"
            let mut k = i;
            if k < clause_end && matches!(self.word(k), "the" | "a" | "an") {
                k += 1;
            }
            if k < clause_end && matches!(self.word(k), "former" | "then" | "outgoing" | "current")
            {
                k += 1;
            }
            let mut demonym = None;
            if let Some(d) = self.mention_starting_at(k).filter(|&d| self.is_demonym(d)) {
                demonym = self.entity_kind(d).map(|(e, _)| e);
                k = mentions[d].end;
            }
            if let Some(c) = demonym {
                self.add(
                    person,
                    Property::Nationality,
                    Object::Entity(c),
                    0.8,
                    "apposition-demonym",
                );
            }
            let Some(t) = self
                .e
                .mentions
                .titles
                .iter()
                .find(|t| t.first == k && t.end <= clause_end)
                .cloned()
            else {
                continue;
            };
            self.add(
                person,
                Property::Position,
                Object::Text(t.position.clone()),
                0.8,
                "apposition-title",
            );
            let mut b = t.end;
            if b < clause_end && matches!(self.word(b), "of" | "for" | "at" | "in") {
                b += 1;
                if b < clause_end && self.word(b) == "the" {
                    b += 1;
                }
                if let Some(o) = self.mention_starting_at(b) {
                    if let Some((body, kind @ (EntityType::Organization | EntityType::Country))) =
                        self.entity_kind(o)
                    {
                        self.add(
                            person,
                            Self::office(t.kind, kind),
                            Object::Entity(body),
                            0.8,
                            "apposition-title-of",
                        );
                    }
                }
            } else if let Some(c) = demonym {
                self.add(
                    person,
                    Self::office(t.kind, EntityType::Country),
                    Object::Entity(c),
                    0.7,
                    "apposition-demonym-title",
                );
            }
        }
    }

    /// "Venezuelan writer Christian K. Caruzo"; "Caruzo is a Venezuelan writer".
    fn demonyms_before_names(&mut self) {
        let mentions = &self.e.mentions.mentions;
        for (d, m) in mentions.iter().enumerate() {
            if !self.is_demonym(d) {
                continue;
            }
            let Some((country, _)) = self.entity_kind(d) else {
                continue;
            };
            // Up to two lowercase words, then a person.
            for gap in 0..=2 {
                let k = m.end + gap;
                if k >= self.n_tokens()
                    || (gap > 0 && !self.word(k - 1).chars().all(char::is_lowercase))
                {
                    break;
                }
                if let Some(p) = self.mention_starting_at(k) {
                    if let Some((person, EntityType::Person)) = self.entity_kind(p) {
                        self.add(
                            person,
                            Property::Nationality,
                            Object::Entity(country),
                            0.8,
                            "demonym-before-name",
                        );
                    }
                    break;
                }
            }
            // "X is a Venezuelan ..." / "X, a Venezuelan ..."
            if m.first >= 3
                && matches!(self.word(m.first - 1), "a" | "an")
                && matches!(self.word(m.first - 2), "is" | "was" | ",")
            {
                if let Some(p) = self.mention_ending_at(m.first - 2) {
                    if let Some((person, EntityType::Person)) = self.entity_kind(p) {
                        self.add(
                            person,
                            Property::Nationality,
                            Object::Entity(country),
                            0.8,
                            "copula-demonym",
                        );
                    }
                }
            }
        }
    }

    /// Countries of organizations, places and events.
    fn countries(&mut self) {
        let g = Gazetteer::get();
        let country_entity = |e: &Entities, iso: usize| {
            e.entities.iter().position(|x| {
                matches!(x.gazetteer, Some(PlaceName::Country(c) | PlaceName::Demonym(c)) if c == iso)
            })
        };
        let mentions = &self.e.mentions.mentions;
        for (idx, m) in mentions.iter().enumerate() {
            let Some((subject, kind)) = self.entity_kind(idx) else {
                continue;
            };
            match kind {
                EntityType::Organization | EntityType::Event => {
                    if let Some(c) = m.inner_country.and_then(|c| country_entity(self.e, c)) {
                        self.add(
                            subject,
                            Property::Country,
                            Object::Entity(c),
                            0.8,
                            "country-in-name",
                        );
                    }
                    // "Venezuela's National Electoral Center", "the Venezuelan opposition".
                    let mut before = m.first;
                    let possessive = before > 0 && self.is_possessive(before - 1);
                    if possessive {
                        before -= 1;
                    }
                    if let Some(c) = self.mention_ending_at(before) {
                        if let Some((country, EntityType::Country)) = self.entity_kind(c) {
                            self.add(
                                subject,
                                Property::Country,
                                Object::Entity(country),
                                0.8,
                                "country-modifier",
                            );
                        }
                    }
                }
                EntityType::Place => {
                    // A capital's country is common knowledge; another city's only
                    // when the text says it (spec, annotation decision 11).
                    if let Some(PlaceName::City(c)) = m.gazetteer {
                        if g.cities[c].capital {
                            if let Some(country) = country_entity(self.e, g.cities[c].country) {
                                self.add(
                                    subject,
                                    Property::Country,
                                    Object::Entity(country),
                                    0.7,
                                    "gazetteer:capital",
                                );
                            }
                        }
                    }
                    // "Kanata, Canada", "Yeoncheon in South Korea", "Italy's Tuscany".
                    let mut k = m.end;
                    if k + 1 < self.n_tokens() && matches!(self.word(k), "," | "in") {
                        k += 1;
                        if let Some((country, EntityType::Country)) = self
                            .mention_starting_at(k)
                            .and_then(|c| self.entity_kind(c))
                        {
                            self.add(
                                subject,
                                Property::Country,
                                Object::Entity(country),
                                0.7,
                                "place-comma-country",
                            );
                        }
                    }
                    if m.first >= 2 && self.is_possessive(m.first - 1) {
                        if let Some((country, EntityType::Country)) = self
                            .mention_ending_at(m.first - 1)
                            .and_then(|c| self.entity_kind(c))
                        {
                            self.add(
                                subject,
                                Property::Country,
                                Object::Entity(country),
                                0.7,
                                "country-possessive-place",
                            );
                        }
                    }
                }
                _ => {}
            }
        }
    }

    /// Events' dates, places, countries and organizers.
    fn events(&mut self, published: Option<Date>) {
        let mentions = &self.e.mentions.mentions;
        for (idx, m) in mentions.iter().enumerate() {
            let Some((event, EntityType::Event)) = self.entity_kind(idx) else {
                continue;
            };
            if let Some(date) = m.date {
                self.add(
                    event,
                    Property::Date,
                    Object::Date(date.resolve(published)),
                    0.8,
                    "date-in-name",
                );
            }
            // In the event's clause: "was held on Sunday in Caracas", "in Mozambique",
            // "set to take place in Christchurch on May 16".
            let sentence_end = self.e.mentions.text.sentences()[m.sentence].end;
            // At most 15 tokens on: looking no further keeps a sentence of
            // any length linear.
            let limit = sentence_end.min(m.end + 15);
            let clause_end = (m.end..limit)
                .find(|&k| matches!(self.word(k), ";" | "?" | "!"))
                .unwrap_or(limit);
            let (mut placed, mut dated) = (false, m.date.is_some());
            let mut k = m.end;
            while k < clause_end {
                // Another event's clause starts: stop.
                if k > m.end
                    && matches!(
                        self.mention_starting_at(k)
                            .and_then(|x| self.entity_kind(x)),
                        Some((_, EntityType::Event))
                    )
                {
                    break;
                }
                let w = self.word(k);
                if !placed && matches!(w, "in" | "at") && k + 1 < clause_end {
                    let at = if self.word(k + 1) == "the" {
                        k + 2
                    } else {
                        k + 1
                    };
                    match self
                        .mention_starting_at(at)
                        .and_then(|o| self.entity_kind(o))
                    {
                        Some((c, EntityType::Country)) => {
                            self.add(
                                event,
                                Property::Country,
                                Object::Entity(c),
                                0.7,
                                "event-in-country",
                            );
                            placed = true;
                        }
                        Some((p, EntityType::Place)) => {
                            self.add(
                                event,
                                Property::Location,
                                Object::Entity(p),
                                0.7,
                                "event-in-place",
                            );
                            placed = true;
                        }
                        _ => {}
                    }
                }
                if !dated {
                    let words: Vec<&str> =
                        (k..(k + 4).min(clause_end)).map(|x| self.word(x)).collect();
                    let date =
                        if crate::dates::month(w).is_some() && w.starts_with(char::is_uppercase) {
                            Date::parse(&words).map(|d| d.resolve(published))
                        } else if matches!(w, "on" | "last" | "this") || k == m.end {
                            let next = if matches!(w, "on" | "last" | "this") {
                                self.word((k + 1).min(clause_end - 1))
                            } else {
                                w
                            };
                            Date::relative(next, published)
                        } else {
                            None
                        };
                    if let Some(date) = date {
                        self.add(
                            event,
                            Property::Date,
                            Object::Date(date),
                            0.7,
                            "event-clause-date",
                        );
                        dated = true;
                    }
                }
                k += 1;
            }
        }
        // "... organized by the ruling X (ACR) in Caracas": the nearest event before
        // it in the sentence.
        for i in 0..self.n_tokens().saturating_sub(1) {
            if !matches!(
                self.word(i),
                "organized" | "organised" | "hosted" | "sponsored"
            ) || self.word(i + 1) != "by"
            {
                continue;
            }
            let sentence = mentions.iter().find(|m| m.first > i).map(|m| m.sentence);
            let event = mentions
                .iter()
                .enumerate()
                .filter(|(x, m)| {
                    m.end <= i
                        && Some(m.sentence) == sentence
                        && matches!(self.entity_kind(*x), Some((_, EntityType::Event)))
                })
                .filter_map(|(x, _)| self.entity_kind(x))
                .map(|(e, _)| e)
                .next_back();
            let Some(event) = event else { continue };
            let Some(o) =
                (i + 2..(i + 7).min(self.n_tokens())).find_map(|k| self.mention_starting_at(k))
            else {
                continue;
            };
            let Some((org, EntityType::Organization | EntityType::Person)) = self.entity_kind(o)
            else {
                continue;
            };
            self.add(
                event,
                Property::Organizer,
                Object::Entity(org),
                0.75,
                "organized-by",
            );
            // Skip the organizer and a bracketed acronym, then "in Place".
            let mut k = mentions[o].end;
            if k < self.n_tokens() && self.word(k) == "(" {
                k = (k..self.n_tokens())
                    .find(|&x| self.word(x) == ")")
                    .map_or(k, |x| x + 1);
            }
            if k + 1 < self.n_tokens() && self.word(k) == "in" {
                if let Some(p) = self.mention_starting_at(k + 1) {
                    if let Some((place, EntityType::Place | EntityType::Country)) =
                        self.entity_kind(p)
                    {
                        self.add(
                            event,
                            Property::Location,
                            Object::Entity(place),
                            0.7,
                            "organized-in",
                        );
                    }
                }
            }
        }
    }

    /// The nearest mention before token `before`, in the same sentence, of an entity of `kind`.
    fn nearest_before(&self, before: usize, kind: EntityType) -> Option<usize> {
        let mentions = &self.e.mentions.mentions;
        let sentence = self.sentence_of(before)?;
        (0..mentions.len())
            .rev()
            .filter(|&m| mentions[m].end <= before && mentions[m].sentence == sentence)
            .find_map(|m| {
                self.entity_kind(m)
                    .filter(|(_, k)| *k == kind)
                    .map(|(e, _)| e)
            })
    }

    /// The sentence index of token `i`.
    fn sentence_of(&self, i: usize) -> Option<usize> {
        let sentences = self.e.mentions.text.sentences();
        let s = sentences.partition_point(|s| s.end <= i);
        (s < sentences.len() && sentences[s].first <= i).then_some(s)
    }

    /// The election mentioned last before token `before`.
    fn recent_election(&self, before: usize) -> Option<usize> {
        let mentions = &self.e.mentions.mentions;
        (0..mentions.len())
            .rev()
            .filter(|&m| mentions[m].end <= before)
            .filter_map(|m| self.e.of_mention[m])
            .find(|&e| self.e.entities[e].class.as_deref() == Some("Election"))
    }

    /// Is the organization a party or a body people are members of? Parties by
    /// cue word, and bodies known only by an acronym ("DAB", "FTU"), which next to
    /// a person's name are almost always their party or union.
    fn is_party(&self, org: usize) -> bool {
        let e = &self.e.entities[org];
        e.class.as_deref() == Some("PoliticalParty")
            || (e.gazetteer.is_none()
                && e.name
                    .chars()
                    .all(|c| c.is_uppercase() || !c.is_alphabetic()))
    }

    /// The document's one election, if it names exactly one.
    fn only_election(&self) -> Option<usize> {
        let mut elections = self
            .e
            .entities
            .iter()
            .enumerate()
            .filter(|(_, e)| e.class.as_deref() == Some("Election"));
        match (elections.next(), elections.next()) {
            (Some((e, _)), None) => Some(e),
            _ => None,
        }
    }

    /// "X lives in exile in Spain", "X, who is based in Caracas".
    fn residence(&mut self) {
        for i in 0..self.n_tokens() {
            if !matches!(
                self.word(i),
                "lives"
                    | "lived"
                    | "living"
                    | "resides"
                    | "resided"
                    | "residing"
                    | "based"
                    | "settled"
            ) {
                continue;
            }
            let mut k = i + 1;
            if k + 1 < self.n_tokens() && self.word(k) == "in" && self.word(k + 1) == "exile" {
                k += 2;
            }
            if k + 1 >= self.n_tokens() || self.word(k) != "in" {
                continue;
            }
            let Some(o) = self.mention_starting_at(k + 1) else {
                continue;
            };
            let Some((place, EntityType::Country | EntityType::Place)) = self.entity_kind(o) else {
                continue;
            };
            if let Some(person) = self.nearest_before(i, EntityType::Person) {
                self.add(
                    person,
                    Property::ResidesIn,
                    Object::Entity(place),
                    0.7,
                    "lives-in",
                );
            }
        }
    }

    /// Candidates and winners: "X ran against Y", "X was declared the winner",
    /// "X won the October election".
    fn elections(&mut self) {
        let mentions = &self.e.mentions.mentions;
        for i in 0..self.n_tokens().saturating_sub(1) {
            let (w, next) = (self.word(i), self.word(i + 1));
            if matches!(w, "ran" | "runs" | "running" | "run") && next == "against" {
                let Some(election) = self.recent_election(i) else {
                    continue;
                };
                let Some(sentence) = self.sentence_of(i) else {
                    continue;
                };
                if let Some(agent) = self.nearest_before(i, EntityType::Person) {
                    self.add(
                        election,
                        Property::Candidate,
                        Object::Entity(agent),
                        0.7,
                        "ran-against",
                    );
                }
                let rivals: Vec<usize> = (0..mentions.len())
                    .filter(|&m| mentions[m].first > i && mentions[m].sentence == sentence)
                    .filter_map(|m| self.entity_kind(m))
                    .filter(|(_, k)| *k == EntityType::Person)
                    .map(|(e, _)| e)
                    .collect();
                for rival in rivals {
                    self.add(
                        election,
                        Property::Candidate,
                        Object::Entity(rival),
                        0.65,
                        "ran-against",
                    );
                }
            }
            let declared_winner = w == "declared"
                && (next == "winner"
                    || (next == "the" && i + 2 < self.n_tokens() && self.word(i + 2) == "winner"));
            let won_election = w == "won"
                && (i + 1..(i + 4).min(self.n_tokens()))
                    .find_map(|k| self.mention_starting_at(k))
                    .is_some_and(|m| {
                        self.e.of_mention[m].is_some_and(|e| {
                            self.e.entities[e].class.as_deref() == Some("Election")
                        })
                    });
            // "X won a seat", "X was elected", "X was re-elected", "X lost his seat".
            let seat = matches!(
                w,
                "won" | "elected" | "re-elected" | "lost" | "retained" | "unseated" | "defeated"
            ) && (i + 3 < self.n_tokens()
                && (i + 1..i + 4).any(|k| matches!(self.word(k), "seat" | "seats"))
                || matches!(w, "elected" | "re-elected"));
            if seat && !declared_winner && !won_election {
                let Some(election) = self.recent_election(i).or_else(|| self.only_election())
                else {
                    continue;
                };
                let Some(sentence) = self.sentence_of(i) else {
                    continue;
                };
                // Every person of the sentence before the verb ran ("X was elected"),
                // and after it too for "elected were X and Y"; they won unless they lost.
                let after_too = matches!(w, "elected" | "re-elected");
                let people: Vec<usize> = (0..mentions.len())
                    .filter(|&m| {
                        (mentions[m].end <= i || after_too) && mentions[m].sentence == sentence
                    })
                    .filter_map(|m| self.entity_kind(m))
                    .filter(|(_, k)| *k == EntityType::Person)
                    .map(|(e, _)| e)
                    .collect();
                for person in people {
                    self.add(
                        election,
                        Property::Candidate,
                        Object::Entity(person),
                        0.6,
                        "won-seat",
                    );
                    if w != "lost" && w != "unseated" {
                        self.add(
                            election,
                            Property::Winner,
                            Object::Entity(person),
                            0.6,
                            "won-seat",
                        );
                    }
                }
                continue;
            }
            if declared_winner || won_election {
                let Some(winner) = self.nearest_before(i, EntityType::Person) else {
                    continue;
                };
                let election = if won_election {
                    (i + 1..(i + 4).min(self.n_tokens()))
                        .find_map(|k| self.mention_starting_at(k))
                        .and_then(|m| self.e.of_mention[m])
                } else {
                    self.recent_election(i)
                };
                let Some(election) = election else { continue };
                self.add(
                    election,
                    Property::Winner,
                    Object::Entity(winner),
                    0.7,
                    "declared-winner",
                );
                self.add(
                    election,
                    Property::Candidate,
                    Object::Entity(winner),
                    0.65,
                    "declared-winner",
                );
            }
        }
    }

    /// "Lee Cheuk-yan of the Labour Party", "Amneh Jafari of the University of
    /// Texas", "Ben Chan (DAB)": a person's party or body right after the name.
    fn person_of_body(&mut self) {
        let mentions = &self.e.mentions.mentions;
        for (p, m) in mentions.iter().enumerate() {
            let Some((person, EntityType::Person)) = self.entity_kind(p) else {
                continue;
            };
            let mut k = m.end;
            let bracketed = k < self.n_tokens() && self.word(k) == "(";
            if bracketed {
                k += 1;
            } else if k < self.n_tokens() && matches!(self.word(k), "of" | "from") {
                k += 1;
                if k < self.n_tokens() && self.word(k) == "the" {
                    k += 1;
                }
            } else {
                continue;
            }
            let Some(o) = self.mention_starting_at(k) else {
                continue;
            };
            let Some((body, EntityType::Organization)) = self.entity_kind(o) else {
                continue;
            };
            if bracketed
                && !(mentions[o].end < self.n_tokens() && self.word(mentions[o].end) == ")")
            {
                continue;
            }
            let party = self.is_party(body)
                || (mentions[o].end < self.n_tokens() && self.word(mentions[o].end) == "party");
            let property = if party || bracketed {
                Property::MemberOf
            } else {
                Property::AffiliatedWith
            };
            self.add(
                person,
                property,
                Object::Entity(body),
                0.7,
                if bracketed {
                    "person-bracketed-body"
                } else {
                    "person-of-body"
                },
            );
        }
        // "DAB's Ben Chan", "New People Party's Michael Tien": a party's member.
        for (o, m) in mentions.iter().enumerate() {
            let Some((body, EntityType::Organization)) = self.entity_kind(o) else {
                continue;
            };
            if m.end >= self.n_tokens() || !self.is_possessive(m.end) {
                continue;
            }
            let Some(p) = self.mention_starting_at(m.end + 1) else {
                continue;
            };
            let Some((person, EntityType::Person)) = self.entity_kind(p) else {
                continue;
            };
            let property = if self.is_party(body) {
                Property::MemberOf
            } else {
                Property::AffiliatedWith
            };
            self.add(
                person,
                property,
                Object::Entity(body),
                0.65,
                "body-possessive-person",
            );
        }
    }

    /// The document's main competition: the most mentioned event whose head is a
    /// competition word ("World Cup", "Robot Olympics", "Google Science Fair").
    fn main_competition(&self) -> Option<usize> {
        const COMPETITION: &[&str] = &[
            "cup",
            "games",
            "olympics",
            "championship",
            "championships",
            "tournament",
            "competition",
            "challenge",
            "league",
            "fair",
            "expo",
            "contest",
            "race",
            "open",
        ];
        let text = &self.e.mentions.text;
        self.e
            .entities
            .iter()
            .enumerate()
            .filter(|(_, e)| e.kind == EntityType::Event)
            .filter(|(_, e)| {
                e.mentions.iter().any(|&m| {
                    let mm = &self.e.mentions.mentions[m];
                    (mm.first..mm.end)
                        .any(|k| COMPETITION.contains(&text.word(k).to_lowercase().as_str()))
                })
            })
            .max_by_key(|(i, e)| (e.mentions.len(), std::cmp::Reverse(*i)))
            .map(|(i, _)| i)
    }

    /// Who took part in the document's competition: the sides of a result
    /// ("Sweden defeated South Korea", "England beat Tunisia", "drew with") and
    /// teams named by country ("the Afghan team", "teams from Gabon and Syria").
    fn competitors(&mut self) {
        let Some(event) = self.main_competition() else {
            return;
        };
        let mentions = &self.e.mentions.mentions;
        let side = |f: &Self, m: usize| {
            f.entity_kind(m)
                .filter(|(_, k)| {
                    matches!(
                        k,
                        EntityType::Country | EntityType::Organization | EntityType::Person
                    )
                })
                .map(|(e, _)| e)
        };
        for i in 1..self.n_tokens().saturating_sub(1) {
            let w = self.word(i);
            let result = matches!(
                w,
                "defeated" | "beat" | "beats" | "defeats" | "edged" | "thrashed"
            ) || (matches!(w, "drew" | "tied") && self.word(i + 1) == "with");
            if result {
                let before = (0..mentions.len())
                    .rev()
                    .find(|&m| mentions[m].end == i)
                    .and_then(|m| side(self, m));
                let at = if self.word(i + 1) == "with" {
                    i + 2
                } else {
                    i + 1
                };
                let after = self.mention_starting_at(at).and_then(|m| side(self, m));
                for e in before.into_iter().chain(after) {
                    self.add(
                        event,
                        Property::Participant,
                        Object::Entity(e),
                        0.6,
                        "competition-result",
                    );
                }
            }
            // "the Afghan team", "teams from Gabon, Syria and Yemen".
            if matches!(w, "team" | "teams" | "squad" | "side") {
                if let Some((c, EntityType::Country)) = (0..mentions.len())
                    .rev()
                    .find(|&m| mentions[m].end == i)
                    .and_then(|m| self.entity_kind(m))
                {
                    self.add(
                        event,
                        Property::Participant,
                        Object::Entity(c),
                        0.6,
                        "country-team",
                    );
                }
                if self.word(i + 1) == "from" {
                    let mut k = i + 2;
                    while k < self.n_tokens() {
                        match self
                            .mention_starting_at(k)
                            .and_then(|m| self.entity_kind(m).map(|e| (m, e)))
                        {
                            Some((m, (c, EntityType::Country))) => {
                                self.add(
                                    event,
                                    Property::Participant,
                                    Object::Entity(c),
                                    0.6,
                                    "teams-from",
                                );
                                k = mentions[m].end;
                            }
                            _ if matches!(self.word(k), "," | "and") => k += 1,
                            _ => break,
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Text;

    /// The relations of `raw` as (subject, property, object) names.
    fn relations(raw: &str) -> Vec<(String, &'static str, String)> {
        let e = crate::entities::resolve(crate::mentions::find(Text::new(raw)));
        let r = find(e, Date::from_iso("2024-11-18"));
        let name = |i: usize| r.entities.entities[i].name.clone();
        r.relations
            .iter()
            .map(|x| {
                let o = match &x.object {
                    Object::Entity(o) => name(*o),
                    Object::Text(t) => t.clone(),
                    Object::Date(d) => d.to_string(),
                };
                (name(x.subject), x.property.as_str(), o)
            })
            .collect()
    }

    #[test]
    fn patterns() {
        type Triple<'a> = (&'a str, &'a str, &'a str);
        let cases: &[(&str, &[Triple])] = &[
            (
                "Venezuelan Interior Minister Diosdado Cabello spoke.",
                &[
                    ("Diosdado Cabello", "position", "Interior Minister"),
                    ("Diosdado Cabello", "nationality", "Venezuela"),
                    ("Diosdado Cabello", "affiliatedWith", "Venezuela"),
                ],
            ),
            ("Georgia's President Salome Zourabichvili spoke.", &[("Salome Zourabichvili", "leaderOf", "Georgia")]),
            (
                "Italy's Minister of Education Stefania Giannini met President of Italy Sergio Mattarella.",
                &[
                    ("Stefania Giannini", "position", "Minister"),
                    ("Stefania Giannini", "affiliatedWith", "Italy"),
                    ("Sergio Mattarella", "leaderOf", "Italy"),
                ],
            ),
            (
                "Daniel Chapo, of the ruling Front for the Liberation of Mozambique party, won.",
                &[("Daniel Chapo", "memberOf", "Front for the Liberation of Mozambique")],
            ),
            ("Christian K. Caruzo is a Venezuelan writer.", &[("Christian K. Caruzo", "nationality", "Venezuela")]),
            (
                "Edmundo González fled and lives in exile in Spain.",
                &[("Edmundo González", "residesIn", "Spain")],
            ),
            (
                "Fernando Cheung of the Labour Party was elected. DAB's Ben Chan and DAB's Gary Chan were re-elected.",
                &[("Fernando Cheung", "memberOf", "Labour Party"), ("Ben Chan", "memberOf", "DAB")],
            ),
            (
                "The July 28 presidential election was held. Nicolás Maduro ran against Edmundo González.",
                &[
                    ("July 28 presidential election", "date", "2024-07-28"),
                    ("July 28 presidential election", "candidate", "Nicolás Maduro"),
                    ("July 28 presidential election", "candidate", "Edmundo González"),
                ],
            ),
            (
                "After the October election, Daniel Chapo was declared the winner.",
                &[("October election", "winner", "Daniel Chapo"), ("October election", "date", "2024-10")],
            ),
            (
                "Shells fell in Yeoncheon, South Korea. Venezuela's National Electoral Center (CNE) met.",
                &[("Yeoncheon", "country", "South Korea"), ("National Electoral Center", "country", "Venezuela")],
            ),
            (
                "In Venezuela, an event was organized by the ruling United Socialist Party of Venezuela (PSUV) in Caracas.",
                &[
                    ("United Socialist Party of Venezuela", "country", "Venezuela"),
                    ("Caracas", "country", "Venezuela"),
                ],
            ),
        ];
        for (raw, want) in cases {
            let got = relations(raw);
            for (s, p, o) in *want {
                assert!(
                    got.iter().any(|(gs, gp, go)| gs == s && gp == p && go == o),
                    "{s} {p} {o} not found in {raw:?}: {got:?}"
                );
            }
        }
    }

    #[test]
    fn events_take_date_and_place_from_their_clause() {
        // Published 2024-11-18, a Monday.
        let got = relations("The Venezuelan presidential election was held on Sunday in Caracas.");
        for want in [
            ("presidential election", "date", "2024-11-17"),
            ("presidential election", "location", "Caracas"),
        ] {
            assert!(
                got.iter()
                    .any(|(s, p, o)| s.ends_with(want.0) && *p == want.1 && o == want.2),
                "{want:?} not in {got:?}"
            );
        }
        let got = relations("The first meeting is set to take place in Christchurch on May 16.\nTuesday, May 7, 2015");
        assert!(
            got.iter()
                .any(|(_, p, o)| *p == "date" && o == "2025-05-16"),
            "{got:?}"
        );
        assert!(
            got.iter()
                .all(|(_, p, o)| !(*p == "date" && o.starts_with("2015"))),
            "the next line is another sentence: {got:?}"
        );
    }

    #[test]
    fn competitors_take_part_in_the_competition() {
        let got = relations(
            "On day five of the 2018 FIFA World Cup, Sweden defeated South Korea and England beat Tunisia. \
             The Afghan team and teams from Gabon and Syria watched.",
        );
        for c in ["Sweden", "South Korea", "Afghanistan", "Gabon", "Syria"] {
            assert!(
                got.iter().any(|(_, p, o)| *p == "participant" && o == c),
                "{c} not in {got:?}"
            );
        }
    }

    #[test]
    fn plural_titles_go_to_every_name_of_the_list() {
        let got = relations(
            "Pro-Beijing councillors Ann Chiang of DAB and Priscilla Leung of BPA were re-elected.",
        );
        for p in ["Ann Chiang", "Priscilla Leung"] {
            assert!(
                got.iter()
                    .any(|(s, r, o)| s == p && *r == "position" && o == "Councillor"),
                "{p}: {got:?}"
            );
        }
    }

    #[test]
    fn possessives_give_the_office_but_not_nationality() {
        let got = relations("Venezuela's interior minister Diosdado Cabello spoke.");
        assert!(
            got.iter()
                .any(|(_, p, o)| *p == "affiliatedWith" && o == "Venezuela"),
            "{got:?}"
        );
        assert!(got.iter().all(|(_, p, _)| *p != "nationality"), "{got:?}");
    }
}
