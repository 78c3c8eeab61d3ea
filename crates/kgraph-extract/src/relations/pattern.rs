//! What every pattern shares: the entity a mention resolved to, found at a
//! token and filtered by type ([`Finder::at`], [`Finder::ending_at`],
//! [`Finder::each`]), the words around it, and the relations found so far,
//! each kept with its best confidence and the rule that gave it
//! ([`Finder::link`], [`Finder::add`]).

use std::collections::BTreeMap;

use crate::entities::Entities;
use crate::gazetteer::{PlaceName, TitleKind};
use crate::lexicon::FastMap;
use crate::mentions::Mention;
use crate::schema::{EntityType, Property};

use super::types::{Object, Relation};

/// Which entity types a slot of a pattern takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Types(u8);

impl Types {
    /// People.
    pub(super) const PERSON: Types = Types(1);
    /// Organizations.
    pub(super) const ORGANIZATION: Types = Types(2);
    /// Countries.
    pub(super) const COUNTRY: Types = Types(4);
    /// Events.
    pub(super) const EVENT: Types = Types(8);
    /// Places.
    pub(super) const PLACE: Types = Types(16);
    /// Organizations and countries: what a title or a membership is of.
    pub(super) const BODY: Types = Types(2 | 4);
    /// Where something is: a country or a place.
    pub(super) const WHERE: Types = Types(4 | 16);
    /// Any type.
    pub(super) const ANY: Types = Types(31);

    /// These types and `other`'s.
    pub(super) const fn or(self, other: Types) -> Types {
        Types(self.0 | other.0)
    }

    /// Does the slot take `kind`?
    pub(super) fn has(self, kind: EntityType) -> bool {
        let bit = match kind {
            EntityType::Person => 1,
            EntityType::Organization => 2,
            EntityType::Country => 4,
            EntityType::Event => 8,
            EntityType::Place => 16,
        };
        self.0 & bit != 0
    }
}

/// What a slot of a pattern matched: an entity, its type, and the mention it
/// was found by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Found {
    /// Index into [`Entities::entities`].
    pub(super) entity: usize,
    /// Its type.
    pub(super) kind: EntityType,
    /// Index into the mentions.
    pub(super) mention: usize,
}

type Key = (usize, Property, Object);

/// The relation stage's state over one document: the entities, the
/// relations found so far, and where resolved mentions start and end.
pub(super) struct Finder<'a> {
    /// The document's entities (and through them its mentions and text).
    pub(super) e: &'a Entities,
    out: BTreeMap<Key, (f32, &'static str, usize)>,
    /// First token -> the first resolved mention starting there.
    starts: FastMap<usize, usize>,
    /// End token -> the first resolved mention ending there.
    ends: FastMap<usize, usize>,
}

impl<'a> Finder<'a> {
    /// The finder of `entities`, with no relations yet.
    pub(super) fn new(entities: &'a Entities) -> Self {
        let mut starts = FastMap::default();
        let mut ends = FastMap::default();
        for (i, m) in entities.mentions.mentions.iter().enumerate() {
            if entities.of_mention[i].is_some() {
                starts.entry(m.first).or_insert(i);
                ends.entry(m.end).or_insert(i);
            }
        }
        Finder {
            e: entities,
            out: BTreeMap::new(),
            starts,
            ends,
        }
    }

    /// The relations found, sorted and without duplicates.
    pub(super) fn into_relations(self) -> Vec<Relation> {
        self.out
            .into_iter()
            .map(
                |((subject, property, object), (confidence, rule, at))| Relation {
                    subject,
                    property,
                    object,
                    confidence,
                    rule,
                    evidence: Some((at, at + 1)),
                    features: Vec::new(),
                },
            )
            .collect()
    }

    /// Records `subject property object`, stated in the sentence of token
    /// `at`, keeping the highest confidence (and its rule and sentence) when
    /// it was found before. Nothing relates an entity to itself.
    pub(super) fn add(
        &mut self,
        subject: usize,
        property: Property,
        object: Object,
        confidence: f32,
        rule: &'static str,
        at: usize,
    ) {
        if let Object::Entity(o) = object {
            if o == subject {
                return;
            }
        }
        let slot = self
            .out
            .entry((subject, property, object))
            .or_insert((0.0, rule, at));
        if confidence > slot.0 {
            *slot = (confidence, rule, at);
        }
    }

    /// Records `subject property object` between two entities, stated in
    /// the sentence of token `at`.
    pub(super) fn link(
        &mut self,
        subject: usize,
        property: Property,
        object: usize,
        confidence: f32,
        rule: &'static str,
        at: usize,
    ) {
        let object = Object::Entity(object);
        self.add(subject, property, object, confidence, rule, at);
    }

    /// The words of the text.
    pub(super) fn word(&self, i: usize) -> &'a str {
        self.e.mentions.text.word(i)
    }

    /// The number of tokens of the text.
    pub(super) fn n_tokens(&self) -> usize {
        self.e.mentions.text.tokens().len()
    }

    /// The mentions of the text, in text order.
    pub(super) fn mentions(&self) -> &'a [Mention] {
        &self.e.mentions.mentions
    }

    /// The entity `mention` resolved to, if it is of `types`.
    pub(super) fn of(&self, mention: usize, types: Types) -> Option<Found> {
        let entity = self.e.of_mention[mention]?;
        let kind = self.e.entities[entity].kind;
        types.has(kind).then_some(Found {
            entity,
            kind,
            mention,
        })
    }

    /// The entity of the first resolved mention starting at token `first`, if
    /// it is of `types`.
    pub(super) fn at(&self, first: usize, types: Types) -> Option<Found> {
        self.of(*self.starts.get(&first)?, types)
    }

    /// The entity of the first resolved mention ending at token `end`, if it
    /// is of `types`.
    pub(super) fn ending_at(&self, end: usize, types: Types) -> Option<Found> {
        self.of(*self.ends.get(&end)?, types)
    }

    /// Every mention resolved to an entity of `types`, in text order.
    pub(super) fn each(&self, types: Types) -> impl Iterator<Item = (Found, &'a Mention)> + 'a {
        let e = self.e;
        e.mentions
            .mentions
            .iter()
            .enumerate()
            .filter_map(move |(m, mention)| {
                let entity = e.of_mention[m]?;
                let kind = e.entities[entity].kind;
                types.has(kind).then_some((
                    Found {
                        entity,
                        kind,
                        mention: m,
                    },
                    mention,
                ))
            })
    }

    /// The entities of `types` of the sentence's mentions that `keep` keeps,
    /// in text order.
    pub(super) fn in_sentence(
        &self,
        sentence: usize,
        types: Types,
        keep: impl Fn(&Mention) -> bool,
    ) -> Vec<usize> {
        self.each(types)
            .filter(|(_, m)| m.sentence == sentence && keep(m))
            .map(|(f, _)| f.entity)
            .collect()
    }

    /// Is `mention` a demonym ("Venezuelan")?
    pub(super) fn is_demonym(&self, mention: usize) -> bool {
        matches!(
            self.e.mentions.mentions[mention].gazetteer,
            Some(PlaceName::Demonym(_))
        )
    }

    /// Is token `i` a possessive ("'s")?
    pub(super) fn is_possessive(&self, i: usize) -> bool {
        matches!(self.word(i), "'s" | "’s" | "'" | "’")
    }

    /// The office relation a title gives towards a body of `kind`.
    pub(super) fn office(title: TitleKind, body: EntityType) -> Property {
        match (title, body) {
            (TitleKind::Leader, _) => Property::LeaderOf,
            (TitleKind::Member, EntityType::Organization) => Property::MemberOf,
            _ => Property::AffiliatedWith,
        }
    }

    /// The nearest mention before token `before`, in the same sentence, of an
    /// entity of `types`: its entity.
    pub(super) fn nearest_before(&self, before: usize, types: Types) -> Option<usize> {
        let mentions = self.mentions();
        let sentence = self.sentence_of(before)?;
        (0..mentions.len())
            .rev()
            .filter(|&m| mentions[m].end <= before && mentions[m].sentence == sentence)
            .find_map(|m| self.of(m, types))
            .map(|f| f.entity)
    }

    /// The sentence index of token `i`.
    pub(super) fn sentence_of(&self, i: usize) -> Option<usize> {
        let sentences = self.e.mentions.text.sentences();
        let s = sentences.partition_point(|s| s.end <= i);
        (s < sentences.len() && sentences[s].first <= i).then_some(s)
    }

    /// Is entity `e` an election?
    pub(super) fn is_election(&self, e: usize) -> bool {
        self.e.entities[e].class.as_deref() == Some("Election")
    }

    /// The election mentioned last before token `before`.
    pub(super) fn recent_election(&self, before: usize) -> Option<usize> {
        let mentions = self.mentions();
        (0..mentions.len())
            .rev()
            .filter(|&m| mentions[m].end <= before)
            .filter_map(|m| self.e.of_mention[m])
            .find(|&e| self.is_election(e))
    }

    /// Is the organization a party or a body people are members of? Parties by
    /// cue word, and bodies known only by an acronym ("DAB", "FTU"), which next to
    /// a person's name are almost always their party or union.
    pub(super) fn is_party(&self, org: usize) -> bool {
        let e = &self.e.entities[org];
        e.class.as_deref() == Some("PoliticalParty")
            || (e.gazetteer.is_none()
                && e.name
                    .chars()
                    .all(|c| c.is_uppercase() || !c.is_alphabetic()))
    }

    /// The document's one election, if it names exactly one.
    pub(super) fn only_election(&self) -> Option<usize> {
        let mut elections = (0..self.e.entities.len()).filter(|&e| self.is_election(e));
        match (elections.next(), elections.next()) {
            (Some(e), None) => Some(e),
            _ => None,
        }
    }
}
