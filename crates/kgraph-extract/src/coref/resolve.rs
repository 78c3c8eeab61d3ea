//! Resolution: each candidate mention, in document order, chooses an earlier
//! mention to refer to, or none (a new entity), by the model's scores; a
//! link is made only when it beats "new" by more than the model's
//! threshold. The mentions linked form the document's entities.

use std::collections::BTreeMap;

use super::features::{self, Entity, Features};
use super::mentions::{self, EntityKind, Kind, Mention};
use super::model::Model;
use crate::syntax::treebank::Word;

/// A mention the extractor already found: a name, with its type. Known
/// mentions take the place of the names the resolver would detect itself
/// (the detected mention whose head lies in the span), and are antecedents
/// like any other mention.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Known {
    /// The sentence it is in (an index into the sentences given).
    pub sentence: usize,
    /// Its first word in the sentence (0-based).
    pub first: usize,
    /// One past its last word.
    pub end: usize,
    /// Its head word (in `first..end`); the resolver takes the parse's head
    /// of the span when the parse has one.
    pub head: usize,
    /// Its type.
    pub kind: EntityKind,
}

/// Whether an anaphor is a pronoun or a noun phrase.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum LinkKind {
    /// "he", "its", "they": the rule `coref:pronoun`.
    Pronoun,
    /// "the union", "the minister": the rule `coref:nominal`.
    Nominal,
}

/// A span of words in a sentence, with its head word.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Place {
    /// The sentence.
    pub sentence: usize,
    /// The first word (0-based).
    pub first: usize,
    /// One past the last word.
    pub end: usize,
    /// The head word.
    pub head: usize,
}

/// A pronoun or nominal mention linked to an earlier mention.
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    /// The anaphor.
    pub anaphor: Place,
    /// Pronoun or nominal.
    pub kind: LinkKind,
    /// The mention it was linked to.
    pub antecedent: Place,
    /// The known mention the antecedent is, if it is one.
    pub antecedent_known: Option<usize>,
    /// The first known mention of the entity the anaphor joined, if any:
    /// the entity it refers to.
    pub known: Option<usize>,
    /// How sure the resolver is: the logistic function of the margin by
    /// which the link beat a new entity (above 0.5 by construction).
    pub confidence: f32,
    /// The features that weighed most for the link, with their weights
    /// (the link's features minus those of a new entity, largest first).
    pub features: Vec<(String, f32)>,
}

/// The candidate mentions of a document's parsed sentences, with the known
/// mentions put in place of the detected ones they cover (or added).
pub fn mentions_of(sentences: &[Vec<Word>], known: &[Known]) -> Vec<Mention> {
    let mut by_sentence: Vec<Vec<Mention>> = sentences
        .iter()
        .enumerate()
        .map(|(i, words)| mentions::detect(i, words))
        .collect();
    // The detected mentions of each sentence by their head word, in order.
    let mut by_head: Vec<BTreeMap<usize, Vec<usize>>> = vec![BTreeMap::new(); sentences.len()];
    for (s, ms) in by_sentence.iter().enumerate() {
        for (i, m) in ms.iter().enumerate() {
            by_head[s].entry(m.head).or_default().push(i);
        }
    }
    for (index, k) in known.iter().enumerate() {
        let Some(words) = sentences.get(k.sentence) else {
            continue;
        };
        if k.first >= k.end || k.end > words.len() {
            continue;
        }
        let ms = &mut by_sentence[k.sentence];
        // The detected mention headed in the span whose head's governor
        // lies outside it: the span's syntactic head (the first in the
        // sentence's order, when several).
        let found = by_head[k.sentence]
            .range(k.first..k.end)
            .flat_map(|(_, at)| at.iter().copied())
            .filter(|&i| {
                let m = &ms[i];
                m.kind != Kind::Pronoun && m.governor.is_none_or(|g| !(k.first..k.end).contains(&g))
            })
            .min();
        let at = match found {
            Some(i) => i,
            None => {
                let head = k.head.clamp(k.first, k.end - 1);
                ms.push(mentions::span(
                    k.sentence,
                    words,
                    k.first,
                    k.end,
                    head,
                    Kind::Proper,
                ));
                by_head[k.sentence]
                    .entry(head)
                    .or_default()
                    .push(ms.len() - 1);
                ms.len() - 1
            }
        };
        let m = &mut ms[at];
        m.first = k.first;
        m.end = k.end;
        if m.known.is_none() {
            mentions::set_known(m, index, k.kind);
        }
    }
    let mut out: Vec<Mention> = by_sentence.into_iter().flatten().collect();
    out.sort_by_key(|m| (m.sentence, m.first, std::cmp::Reverse(m.end), m.head));
    out
}

/// The earlier mentions `ms[i]` may refer to, nearest first: the last
/// `window` mentions, and for a noun phrase or name up to five earlier ones
/// sharing its head word. A
/// mention that contains the anaphor's head, or has the same head, is not
/// a candidate.
pub(crate) fn candidates(
    ms: &[Mention],
    i: usize,
    window: usize,
    chains: &Chains,
    out: &mut Vec<usize>,
) {
    out.clear();
    let a = &ms[i];
    let allowed = |j: usize| {
        let c = &ms[j];
        !(c.sentence == a.sentence && (c.head == a.head || (c.first..c.end).contains(&a.head)))
            && !other_speakers(a, c)
            && agrees(a, &chains.entities[chains.entity[j]])
    };
    let start = i.saturating_sub(window);
    out.extend((start..i).rev().filter(|&j| allowed(j)));
    if a.kind != Kind::Pronoun {
        if let Some(earlier) = chains.by_word.get(a.head_word.as_str()) {
            let before = earlier.partition_point(|&j| j < start);
            out.extend(
                earlier[..before]
                    .iter()
                    .rev()
                    .take(5)
                    .copied()
                    .filter(|&j| allowed(j)),
            );
        }
    }
}

/// Are `a` and `c` "I" (or "me", "my") said by two speakers? Then they
/// are two people. (Only where the text gives its turns.)
fn other_speakers(a: &Mention, c: &Mention) -> bool {
    a.pronoun == "i"
        && c.pronoun == "i"
        && a.speech.known()
        && c.speech.known()
        && a.speech.speaker != c.speech.speaker
}

/// Can the pronoun `a` refer to entity `e`? Not when their genders are
/// both known and differ ("he" and "Mary", "she" and a company), nor when
/// "they" meets a person of known gender ("they" and "John Smith"). Other
/// mentions always can.
pub(crate) fn agrees(a: &Mention, e: &Entity) -> bool {
    use super::mentions::Gender;
    if a.kind != Kind::Pronoun || a.person != 3 {
        return true;
    }
    let gendered = |g: Gender| matches!(g, Gender::Masculine | Gender::Feminine);
    match (a.gender, e.gender) {
        (Gender::Unknown, g) => !(a.pronoun == "they" && gendered(g)),
        (_, Gender::Unknown) => true,
        (x, y) => x == y,
    }
}

/// Can `a` refer to entity `e` by animacy? Not "he" or "she" to a place
/// or an organization, nor "it" to a person. (Within a narrowed
/// [`Scope`]: the model was trained to weigh these, and seldom links them.)
fn animate_alike(a: &Mention, e: &Entity) -> bool {
    use super::mentions::Animacy;
    if a.kind != Kind::Pronoun || a.person != 3 {
        return true;
    }
    !matches!(
        (a.animacy, e.animacy),
        (Animacy::Animate, Animacy::Inanimate) | (Animacy::Inanimate, Animacy::Animate)
    )
}

/// The entities built so far while a document's mentions are resolved in
/// order, and the earlier mentions indexed by their words.
pub(crate) struct Chains<'a> {
    /// The entity (the index of its first mention) of each mention.
    pub entity: Vec<usize>,
    /// What is known of each entity, at the index of its first mention.
    pub entities: Vec<Entity>,
    /// Earlier mentions by their words (a name's every word, a noun
    /// phrase's head).
    pub by_word: BTreeMap<&'a str, Vec<usize>>,
}

impl<'a> Chains<'a> {
    /// Each mention of `ms` its own entity; nothing indexed.
    pub fn new(ms: &[Mention]) -> Self {
        Chains {
            entity: (0..ms.len()).collect(),
            entities: ms.iter().map(Entity::of).collect(),
            by_word: BTreeMap::new(),
        }
    }

    /// Puts mention `i` in the entity of the earlier mention `j`.
    pub fn link(&mut self, ms: &[Mention], i: usize, j: usize) {
        let e = self.entity[j];
        self.entity[i] = e;
        self.entities[e].add(&ms[i]);
    }

    /// Indexes mention `j` by its words, once it has been resolved.
    pub fn index(&mut self, ms: &'a [Mention], j: usize) {
        let m = &ms[j];
        match m.kind {
            Kind::Pronoun => {}
            Kind::Nominal => self
                .by_word
                .entry(m.head_word.as_str())
                .or_default()
                .push(j),
            Kind::Proper => {
                for w in &m.words {
                    let list = self.by_word.entry(w.as_str()).or_default();
                    if list.last() != Some(&j) {
                        list.push(j);
                    }
                }
            }
        }
    }

    /// The features of each choice of `ms[i]`: a new entity first, then
    /// each candidate in `cands`.
    pub fn choices(
        &self,
        ms: &[Mention],
        i: usize,
        cands: &[usize],
        f: &mut Features,
        out: &mut Vec<Vec<u64>>,
    ) {
        let a = &ms[i];
        out.resize_with(cands.len() + 1, Vec::new);
        features::new_entity(a, self.matches(a), f);
        out[0].clone_from(&f.hashes);
        for (k, &j) in cands.iter().enumerate() {
            self.pair(ms, i, j, f);
            out[k + 1].clone_from(&f.hashes);
        }
    }

    /// Does an earlier mention share `a`'s head word?
    pub fn matches(&self, a: &Mention) -> bool {
        a.kind != Kind::Pronoun && self.by_word.contains_key(a.head_word.as_str())
    }

    /// The features of `ms[i]` referring to what `ms[j]` refers to.
    pub fn pair(&self, ms: &[Mention], i: usize, j: usize, f: &mut Features) {
        let (a, c) = (&ms[i], &ms[j]);
        features::pair(
            a,
            c,
            a.sentence - c.sentence,
            i - j,
            &self.entities[self.entity[j]],
            f,
        );
    }
}

/// What resolution decided for each mention.
#[derive(Debug, Clone)]
pub(crate) struct Decisions {
    /// The mention each links to, if any.
    pub antecedent: Vec<Option<usize>>,
    /// The margin of that link over a new entity.
    pub margin: Vec<f32>,
    /// The entity (the index of its first mention) of each mention.
    pub entity: Vec<usize>,
}

/// How much of a document the resolver decides by its model: by default,
/// every mention; the extraction narrows it to what its graph can use.
#[derive(Debug, Clone, Copy, Default)]
pub struct Scope<'a> {
    /// The extractor's entity of each known mention (in the order of the
    /// known mentions), when it grouped them: a known mention then joins the
    /// last known mention of its group, unscored, or starts an entity. The
    /// names' identity is the extractor's; the resolver adds pronouns and
    /// noun phrases to it. Empty: known mentions are resolved like any.
    pub groups: &'a [usize],
    /// Resolve only the mentions that can refer back to a named entity:
    /// pronouns, and noun phrases with a definite, demonstrative or
    /// possessive determiner ("the union", "this company", "its leader").
    /// Bare and indefinite noun phrases ("officials", "a man") and names
    /// the extractor did not find start entities of their own, unscored;
    /// all remain antecedents.
    pub referring_only: bool,
}

impl Scope<'_> {
    /// Is `m` resolved by the model?
    fn scored(&self, m: &Mention) -> bool {
        if !self.referring_only {
            return true;
        }
        match m.kind {
            Kind::Pronoun => true,
            Kind::Nominal => matches!(m.det, "def" | "dem" | "poss"),
            Kind::Proper => false,
        }
    }

    /// The group of `m`, when the extractor grouped it.
    fn group(&self, m: &Mention) -> Option<usize> {
        self.groups.get(m.known?.0).copied()
    }
}

/// Resolves the mentions `ms` (in document order) with `model`.
pub(crate) fn decide(model: &Model, ms: &[Mention]) -> Decisions {
    decide_in(model, ms, Scope::default())
}

/// [`decide`] within `scope`.
pub(crate) fn decide_in(model: &Model, ms: &[Mention], scope: Scope) -> Decisions {
    let n = ms.len();
    let mut d = Decisions {
        antecedent: vec![None; n],
        margin: vec![0.0; n],
        entity: Vec::new(),
    };
    let mut chains = Chains::new(ms);
    let mut f = Features::new(false);
    let mut cands = Vec::new();
    // The last mention of each group of known mentions.
    let mut last_of_group: BTreeMap<usize, usize> = BTreeMap::new();
    for i in 0..n {
        if let Some(g) = scope.group(&ms[i]) {
            if let Some(j) = last_of_group.insert(g, i) {
                d.antecedent[i] = Some(j);
                d.margin[i] = f32::INFINITY;
                chains.link(ms, i, j);
            }
            chains.index(ms, i);
            continue;
        }
        if scope.scored(&ms[i]) {
            candidates(ms, i, model.window, &chains, &mut cands);
            if scope.referring_only {
                cands.retain(|&j| animate_alike(&ms[i], &chains.entities[chains.entity[j]]));
            }
        } else {
            cands.clear();
        }
        if !cands.is_empty() {
            // Each choice scored as its features are made.
            features::new_entity(&ms[i], chains.matches(&ms[i]), &mut f);
            let new = model.score(&f.hashes);
            let mut best: Option<(usize, f32)> = None;
            for &j in &cands {
                chains.pair(ms, i, j, &mut f);
                let s = model.score(&f.hashes);
                if best.is_none_or(|(_, b)| s > b) {
                    best = Some((j, s));
                }
            }
            if let Some((j, s)) = best {
                d.margin[i] = s - new;
                if s - new > model.threshold(ms[i].kind) {
                    d.antecedent[i] = Some(j);
                    chains.link(ms, i, j);
                }
            }
        }
        chains.index(ms, i);
    }
    d.entity = chains.entity;
    d
}

/// The entities of `ms` as `decide` grouped them: each a list of mention
/// indices, in document order, those of two or more mentions only.
pub(crate) fn chains(d: &Decisions) -> Vec<Vec<usize>> {
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (i, &e) in d.entity.iter().enumerate() {
        groups.entry(e).or_default().push(i);
    }
    groups.into_values().filter(|g| g.len() > 1).collect()
}

fn place(m: &Mention) -> Place {
    Place {
        sentence: m.sentence,
        first: m.first,
        end: m.end,
        head: m.head,
    }
}

/// Resolves the pronouns and nominal mentions of a document: `sentences`
/// are its parsed sentences (as [`crate::syntax::Model::parse`] gives
/// them), `known` the names the extractor found. Returns a link for each
/// pronoun or nominal mention the resolver linked, in document order.
pub fn resolve(model: &Model, sentences: &[Vec<Word>], known: &[Known]) -> Vec<Link> {
    resolve_in(model, sentences, known, Scope::default())
}

/// [`resolve`] within `scope`: the links the model made (none for the known
/// mentions `scope` groups; and when it groups them, only the links that
/// reach one).
pub fn resolve_in(
    model: &Model,
    sentences: &[Vec<Word>],
    known: &[Known],
    scope: Scope,
) -> Vec<Link> {
    let ms = mentions_of(sentences, known);
    let d = decide_in(model, &ms, scope);
    // The first known mention of each entity.
    let mut entity_known: BTreeMap<usize, usize> = BTreeMap::new();
    for (i, m) in ms.iter().enumerate() {
        if let Some((k, _)) = m.known {
            entity_known.entry(d.entity[i]).or_insert(k);
        }
    }
    let mut links = Vec::new();
    let mut chains = Chains::new(&ms);
    let mut f = Features::new(true);
    for (i, a) in ms.iter().enumerate() {
        let antecedent = d.antecedent[i];
        // A link the model made; when the scope groups the known mentions,
        // one that reaches them (the others are of no use to the caller).
        let wanted = d.margin[i].is_finite()
            && (scope.groups.is_empty() || entity_known.contains_key(&d.entity[i]));
        if let (Some(j), Kind::Pronoun | Kind::Nominal, true) = (antecedent, a.kind, wanted) {
            // The features, named: the link's minus a new entity's.
            let mut weights: BTreeMap<String, f32> = BTreeMap::new();
            features::new_entity(a, chains.matches(a), &mut f);
            for (h, name) in f.hashes.iter().zip(f.names.iter().flatten()) {
                *weights.entry(name.clone()).or_default() -= model.score(&[*h]);
            }
            chains.pair(&ms, i, j, &mut f);
            for (h, name) in f.hashes.iter().zip(f.names.iter().flatten()) {
                *weights.entry(name.clone()).or_default() += model.score(&[*h]);
            }
            let mut top: Vec<(String, f32)> =
                weights.into_iter().filter(|(_, w)| *w != 0.0).collect();
            top.sort_by(|x, y| y.1.abs().total_cmp(&x.1.abs()).then(x.0.cmp(&y.0)));
            top.truncate(6);
            let c = &ms[j];
            links.push(Link {
                anaphor: place(a),
                kind: if a.kind == Kind::Pronoun {
                    LinkKind::Pronoun
                } else {
                    LinkKind::Nominal
                },
                antecedent: place(c),
                antecedent_known: c.known.map(|(k, _)| k),
                known: entity_known.get(&d.entity[i]).copied(),
                confidence: 1.0 / (1.0 + (-d.margin[i]).exp()),
                features: top,
            });
        }
        if let Some(j) = antecedent {
            chains.link(&ms, i, j);
        }
        chains.index(&ms, i);
    }
    links
}

/// The predicted entities of a parsed document, for scoring: each a list
/// of mentions (as places), those of two or more mentions only, in the
/// order of their first mention.
pub fn entities(model: &Model, sentences: &[Vec<Word>], known: &[Known]) -> Vec<Vec<Place>> {
    entities_of(model, &mentions_of(sentences, known))
}

/// [`entities`] of the mentions `ms` (as [`mentions_of`] gives them).
pub fn entities_of(model: &Model, ms: &[Mention]) -> Vec<Vec<Place>> {
    let d = decide(model, ms);
    chains(&d)
        .into_iter()
        .map(|g| g.into_iter().map(|i| place(&ms[i])).collect())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The sentences of `text` (words split on spaces, one sentence a
    /// line), parsed by the shipped parser.
    fn parsed(text: &str) -> Vec<Vec<Word>> {
        let parser = crate::syntax::Model::shipped();
        text.lines()
            .map(|l| parser.parse(&l.split(' ').collect::<Vec<_>>()))
            .collect()
    }

    fn person(sentence: usize, first: usize, end: usize) -> Known {
        Known {
            sentence,
            first,
            end,
            head: first,
            kind: EntityKind::Person,
        }
    }

    /// The link from the word `(sentence, word)`, if any.
    fn link_of(links: &[Link], sentence: usize, word: usize) -> Option<&Link> {
        links
            .iter()
            .find(|l| l.anaphor.sentence == sentence && l.anaphor.head == word)
    }

    #[test]
    fn a_pronoun_links_to_the_person_named_before() {
        let model = Model::shipped();
        assert!(model.is_trained());
        let s = parsed("John Smith arrived in Paris on Monday .\nHe said the talks went well .");
        let links = resolve(model, &s, &[person(0, 0, 2)]);
        let he = link_of(&links, 1, 0).expect("'He' is linked");
        assert_eq!(he.kind, LinkKind::Pronoun);
        assert_eq!(he.known, Some(0));
        assert_eq!((he.antecedent.first, he.antecedent.end), (0, 2));
        assert!(he.confidence > 0.5 && he.confidence <= 1.0);
        assert!(!he.features.is_empty());
        // The features are named and sorted by weight, largest first.
        let weights: Vec<f32> = he.features.iter().map(|(_, w)| w.abs()).collect();
        assert!(weights.windows(2).all(|w| w[0] >= w[1]), "{weights:?}");
    }

    #[test]
    fn gender_and_number_must_agree() {
        let model = Model::shipped();
        // "Mary Jones" is a woman's name: "He" is not her.
        let s = parsed("Mary Jones arrived in Paris on Monday .\nHe said the talks went well .");
        let links = resolve(model, &s, &[person(0, 0, 2)]);
        assert!(
            link_of(&links, 1, 0).is_none_or(|l| l.known != Some(0)),
            "{links:?}"
        );
        // "They" is plural: not one person.
        let s = parsed("John Smith arrived in Paris on Monday .\nThey said the talks went well .");
        let links = resolve(model, &s, &[person(0, 0, 2)]);
        assert!(
            link_of(&links, 1, 0).is_none_or(|l| l.known != Some(0)),
            "{links:?}"
        );
    }

    #[test]
    fn who_speaks_decides_whom_i_and_you_refer_to() {
        use super::super::gold::Turn;
        use super::super::mentions::set_speech;
        let model = Model::shipped();
        let s = parsed("I grew up in Ohio .\nI moved to Texas later .\nYou did ?");
        let turn = |speaker: &str, addressee: &str| Turn {
            speaker: speaker.into(),
            addressee: addressee.into(),
        };
        // The entity of the mention headed by the first word of each
        // sentence, when the turns are `turns`.
        let entities = |turns: &[Turn]| {
            let mut ms = mentions_of(&s, &[]);
            set_speech(&mut ms, turns);
            let d = decide(model, &ms);
            let at = |sentence: usize| {
                ms.iter()
                    .position(|m| m.sentence == sentence && m.head == 0)
                    .unwrap()
            };
            [d.entity[at(0)], d.entity[at(1)], d.entity[at(2)]]
        };
        // One speaker: the two "I" are one person.
        let one = turn("JaneRoe", "Wikinews");
        let [a, b, _] = entities(&[one.clone(), one.clone(), turn("Wikinews", "JaneRoe")]);
        assert_eq!(a, b);
        // The interviewer's "I" is not the one interviewed, whose "you" it
        // is.
        let other = turn("Wikinews", "JaneRoe");
        let [a, b, c] = entities(&[one.clone(), other, one]);
        assert_ne!(a, b);
        assert_eq!(b, c, "'You' said to Wikinews is the 'I' Wikinews said");
        // Without turns, as in news, "I" is "I".
        let [a, b, _] = entities(&[]);
        assert_eq!(a, b);
    }

    #[test]
    fn known_mentions_replace_detected_names() {
        let s = parsed("Acme Corp hired John Smith .");
        let org = Known {
            sentence: 0,
            first: 0,
            end: 2,
            head: 1,
            kind: EntityKind::Organization,
        };
        let ms = mentions_of(&s, &[org, person(0, 3, 5)]);
        let names: Vec<(usize, usize, (usize, EntityKind))> = ms
            .iter()
            .filter_map(|m| Some((m.first, m.end, m.known?)))
            .collect();
        assert_eq!(
            names,
            [
                (0, 2, (0, EntityKind::Organization)),
                (3, 5, (1, EntityKind::Person))
            ]
        );
        // A known mention out of range is ignored.
        let ms2 = mentions_of(&s, &[person(3, 0, 1), person(0, 4, 9)]);
        assert!(ms2.iter().all(|m| m.known.is_none()));
    }

    #[test]
    fn the_model_reads_back_and_empty_input_gives_no_links() {
        let model = Model::shipped();
        let back = Model::from_bytes(&model.to_bytes()).unwrap();
        assert_eq!(back.thresholds, model.thresholds);
        assert_eq!(back.features(), model.features());
        assert!(Model::from_bytes(b"KGCOREF2").is_err());
        assert!(resolve(model, &[], &[]).is_empty());
        assert!(resolve(&Model::empty(), &parsed("He left ."), &[]).is_empty());
    }

    #[test]
    fn a_narrowed_scope_keeps_the_extractors_names_and_skips_bare_nouns() {
        let model = Model::shipped();
        let s = parsed(
            "John Smith met Smith Jones in Paris .\nSmith said officials and a man left .\nHe said the talks went well .",
        );
        // The extractor found three names: "John Smith", "Smith Jones" and
        // "Smith", and says the third is the first.
        let known = [person(0, 0, 2), person(0, 3, 5), person(1, 0, 1)];
        let groups = [0, 1, 0];
        let scope = Scope {
            groups: &groups,
            referring_only: true,
        };
        let ms = mentions_of(&s, &known);
        let d = decide_in(model, &ms, scope);
        let at = |sentence: usize, head: usize| {
            ms.iter()
                .position(|m| m.sentence == sentence && m.head == head)
                .unwrap()
        };
        // "Smith" joins the group it was given, unscored.
        assert_eq!(d.antecedent[at(1, 0)], Some(at(0, 0)));
        assert_eq!(d.margin[at(1, 0)], f32::INFINITY);
        // Bare and indefinite nouns are not resolved.
        for head in [2, 5] {
            assert_eq!(d.antecedent[at(1, head)], None);
            assert_eq!(d.margin[at(1, head)], 0.0);
        }
        // The links given are the model's, to the known names.
        let links = resolve_in(model, &s, &known, scope);
        assert!(links.iter().all(|l| l.known.is_some()), "{links:?}");
        assert!(link_of(&links, 1, 0).is_none());
    }
}
