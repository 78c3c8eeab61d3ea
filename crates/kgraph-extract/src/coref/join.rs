//! Coreference in the pipeline: the resolver's links from a document's
//! pronouns and noun phrases to the names the entity stage grouped, joined
//! to those entities as mentions (rules `coref:pronoun` and
//! `coref:nominal`), so that the relation and action stages see "he" as the
//! person it refers to.
//!
//! The resolver reads the parsed sentences ([`Parses`]); a sentence left
//! unparsed offers it neither anaphors nor antecedents. A link joins only
//! when it reaches a name the entity stage typed (`Link::known`), and only
//! where no mention stands already.

use super::mentions::EntityKind;
use super::model::Model;
use super::resolve::{resolve_in, Known, Link, LinkKind, Scope};
use crate::entities::Entities;
use crate::mentions::{Kind, Mention};
use crate::schema::EntityType;
use crate::syntax::treebank::Word;
use crate::syntax::Parses;

/// A mention coreference joined to an entity, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Joined {
    /// The mention: an index into the entities' mentions.
    pub mention: usize,
    /// The mention it was linked to, an index likewise (a name of the
    /// entity, or a mention joined before it).
    pub antecedent: Option<usize>,
    /// Pronoun or noun phrase.
    pub kind: LinkKind,
    /// How sure the resolver was (above 0.5).
    pub confidence: f32,
    /// The features that weighed most, with their weights.
    pub features: Vec<(String, f32)>,
}

/// The rule a joined mention is found by.
pub fn rule(kind: LinkKind) -> &'static str {
    match kind {
        LinkKind::Pronoun => "coref:pronoun",
        LinkKind::Nominal => "coref:nominal",
    }
}

fn entity_kind(t: EntityType) -> EntityKind {
    match t {
        EntityType::Person => EntityKind::Person,
        EntityType::Organization => EntityKind::Organization,
        EntityType::Country | EntityType::Place => EntityKind::Place,
        EntityType::Event => EntityKind::Event,
    }
}

/// Resolves the parsed sentences of `entities`' text and joins each link
/// that reaches an entity to it as a new mention. Mentions stay in text
/// order, so indices into them change: every index the entities keep is
/// renumbered.
pub fn join(model: &Model, entities: &mut Entities, parses: &Parses) -> Vec<Joined> {
    if !model.is_trained() || parses.parsed() == 0 {
        return Vec::new();
    }
    let text = &entities.mentions.text;
    let sentences: Vec<Vec<Word>> = parses
        .sentences
        .iter()
        .map(|words| {
            words
                .iter()
                .flatten()
                .map(|w| Word {
                    form: text.as_str()[w.start..w.end].to_owned(),
                    lemma: String::new(),
                    upos: w.upos.to_owned(),
                    xpos: w.xpos.to_owned(),
                    head: w.head,
                    deprel: w.deprel.to_owned(),
                    misc: String::new(),
                })
                .collect()
        })
        .collect();
    // The words of a token span, in a parsed sentence.
    let words_of = |sentence: usize, first: usize, end: usize| {
        let words = parses.sentences.get(sentence)?.as_ref()?;
        // Words are in text order.
        let a = words.partition_point(|w| w.token < first);
        let b = words.partition_point(|w| w.token < end);
        (a < b).then_some((a, b))
    };
    let mut known = Vec::new();
    let mut known_mention = Vec::new();
    let mut groups = Vec::new();
    for (i, m) in entities.mentions.mentions.iter().enumerate() {
        let Some(e) = entities.of_mention[i] else {
            continue;
        };
        let Some((first, end)) = words_of(m.sentence, m.first, m.end) else {
            continue;
        };
        known.push(Known {
            sentence: m.sentence,
            first,
            end,
            head: end - 1,
            kind: entity_kind(entities.entities[e].kind),
        });
        known_mention.push(i);
        groups.push(e);
    }
    let scope = Scope {
        groups: &groups,
        referring_only: true,
    };
    let links = resolve_in(model, &sentences, &known, scope);

    // New mentions, each with its entity and link.
    let mut added: Vec<(Mention, usize, &Link)> = Vec::new();
    for link in &links {
        let Some(k) = link.known else { continue };
        let Some(entity) = entities.of_mention[known_mention[k]] else {
            continue;
        };
        let place = link.anaphor;
        let Some(words) = parses
            .sentences
            .get(place.sentence)
            .and_then(Option::as_ref)
        else {
            continue;
        };
        let (Some(a), Some(b)) = (words.get(place.first), words.get(place.end.wrapping_sub(1)))
        else {
            continue;
        };
        let (first, end) = (a.token, b.token + 1);
        let overlaps = |m: &Mention| m.first < end && first < m.end;
        if entities.mentions.mentions.iter().any(overlaps)
            || added.iter().any(|(m, _, _)| overlaps(m))
        {
            continue;
        }
        let kind = Kind::Typed(entities.entities[entity].kind);
        let mention = Mention::new(place.sentence, first, end, kind, rule(link.kind));
        added.push((mention, entity, link));
    }
    if added.is_empty() {
        return Vec::new();
    }

    // Every mention in text order, old indices renumbered.
    let old = std::mem::take(&mut entities.mentions.mentions);
    let n_old = old.len();
    let mut all: Vec<(Mention, Option<usize>)> = old
        .into_iter()
        .zip(entities.of_mention.iter().copied())
        .chain(added.iter().map(|(m, e, _)| (m.clone(), Some(*e))))
        .collect();
    let mut order: Vec<usize> = (0..all.len()).collect();
    order.sort_by_key(|&i| (all[i].0.first, all[i].0.end, i));
    let mut new_index = vec![0; all.len()];
    for (to, &from) in order.iter().enumerate() {
        new_index[from] = to;
    }
    let mut slots: Vec<Option<(Mention, Option<usize>)>> = all.drain(..).map(Some).collect();
    let (mentions, of_mention): (Vec<Mention>, Vec<Option<usize>>) = order
        .iter()
        .filter_map(|&i| slots[i].take())
        .map(|(mut m, e)| {
            m.acronym_of = m.acronym_of.map(|a| new_index[a]);
            (m, e)
        })
        .unzip();
    entities.mentions.mentions = mentions;
    entities.of_mention = of_mention;
    for entity in &mut entities.entities {
        for m in &mut entity.mentions {
            *m = new_index[*m];
        }
    }
    for (k, (_, entity, _)) in added.iter().enumerate() {
        entities.entities[*entity]
            .mentions
            .push(new_index[n_old + k]);
    }
    for entity in &mut entities.entities {
        entity.mentions.sort_unstable();
    }

    // The antecedent: the mention that starts on the antecedent's words.
    let at = |sentence: usize, word: usize, entities: &Entities| {
        let token = parses.sentences.get(sentence)?.as_ref()?.get(word)?.token;
        entities
            .mentions
            .mentions
            .iter()
            .position(|m| m.sentence == sentence && m.first <= token && token < m.end)
    };
    added
        .iter()
        .enumerate()
        .map(|(k, (_, _, link))| Joined {
            mention: new_index[n_old + k],
            antecedent: at(link.antecedent.sentence, link.antecedent.head, entities),
            kind: link.kind,
            confidence: link.confidence,
            features: link.features.clone(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::syntax::Parsing;
    use crate::{extract_with, Document, Settings};

    #[test]
    fn joined_mentions_keep_the_entities_consistent() {
        let text = "John Smith resigned on Monday. He had led Acme Corp. since 1990, \
                    and the company thanked him. Mary Jones said she would stay.";
        let settings = Settings {
            parse: Parsing::Needed,
            ..Settings::default()
        };
        let x = extract_with(&Document::new(text, "t"), settings);
        let e = &x.relations.entities;
        let mentions = &e.mentions.mentions;
        // Mentions in text order, each entity's in order and its own.
        assert!(mentions
            .windows(2)
            .all(|w| (w[0].first, w[0].end) <= (w[1].first, w[1].end)));
        for (i, entity) in e.entities.iter().enumerate() {
            assert!(entity.mentions.windows(2).all(|w| w[0] < w[1]));
            assert!(entity.mentions.iter().all(|&m| e.of_mention[m] == Some(i)));
        }
        let said = |m: usize| {
            e.mentions
                .text
                .span_text(mentions[m].first, mentions[m].end)
        };
        let of = |name: &str| e.entities.iter().position(|x| x.name == name);
        let joined: Vec<(&str, Option<usize>, &str)> = x
            .coreference
            .iter()
            .map(|j| {
                (
                    said(j.mention),
                    e.of_mention[j.mention],
                    mentions[j.mention].rule,
                )
            })
            .collect();
        assert!(
            joined.contains(&("He", of("John Smith"), "coref:pronoun")),
            "{joined:?}"
        );
        assert!(
            joined.contains(&("she", of("Mary Jones"), "coref:pronoun")),
            "{joined:?}"
        );
        assert!(
            !joined
                .iter()
                .any(|j| j.0 == "she" && j.1 == of("John Smith")),
            "{joined:?}"
        );
        for j in &x.coreference {
            assert_eq!(mentions[j.mention].rule, super::rule(j.kind));
            let a = j.antecedent.expect("an antecedent");
            assert_eq!(e.of_mention[a], e.of_mention[j.mention]);
            assert!(mentions[a].first < mentions[j.mention].first);
        }
        // No parse, no coreference.
        let plain = extract_with(&Document::new(text, "t"), Settings::default());
        assert!(plain.coreference.is_empty());
        assert!(plain.relations.entities.mentions.mentions.len() < mentions.len());
    }
}
