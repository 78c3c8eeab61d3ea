//! The helpers every pattern shares: the mention that starts or ends at a
//! token, its entity and type, and adding a relation with its confidence and rule.

use std::collections::BTreeMap;

use crate::entities::Entities;
use crate::gazetteer::{PlaceName, TitleKind};
use crate::lexicon::FastMap;
use crate::schema::{EntityType, Property};

use super::types::{Object, Relation};

pub(super) type Key = (usize, Property, Object);

/// The relation stage's state over one document: the entities, the
/// relations found so far, and where resolved mentions start and end.
pub(super) struct Finder<'a> {
    pub(super) e: &'a Entities,
    out: BTreeMap<Key, (f32, &'static str)>,
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
                |((subject, property, object), (confidence, rule))| Relation {
                    subject,
                    property,
                    object,
                    confidence,
                    rule,
                },
            )
            .collect()
    }

    pub(super) fn add(
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

    pub(super) fn word(&self, i: usize) -> &'a str {
        self.e.mentions.text.word(i)
    }

    pub(super) fn n_tokens(&self) -> usize {
        self.e.mentions.text.tokens().len()
    }

    /// The mention (index) that covers exactly `first..end`, or ends at `end`.
    /// The first resolved mention ending at token `end`.
    pub(super) fn mention_ending_at(&self, end: usize) -> Option<usize> {
        self.ends.get(&end).copied()
    }

    /// The first resolved mention starting at token `first`.
    pub(super) fn mention_starting_at(&self, first: usize) -> Option<usize> {
        self.starts.get(&first).copied()
    }

    pub(super) fn entity_kind(&self, mention: usize) -> Option<(usize, EntityType)> {
        let e = self.e.of_mention[mention]?;
        Some((e, self.e.entities[e].kind))
    }

    pub(super) fn is_demonym(&self, mention: usize) -> bool {
        matches!(
            self.e.mentions.mentions[mention].gazetteer,
            Some(PlaceName::Demonym(_))
        )
    }

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
    /// The nearest mention before token `before`, in the same sentence, of an entity of `kind`.
    pub(super) fn nearest_before(&self, before: usize, kind: EntityType) -> Option<usize> {
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
    pub(super) fn sentence_of(&self, i: usize) -> Option<usize> {
        let sentences = self.e.mentions.text.sentences();
        let s = sentences.partition_point(|s| s.end <= i);
        (s < sentences.len() && sentences[s].first <= i).then_some(s)
    }

    /// The election mentioned last before token `before`.
    pub(super) fn recent_election(&self, before: usize) -> Option<usize> {
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
}
