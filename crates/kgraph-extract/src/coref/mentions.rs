//! Candidate mentions read off a parsed sentence: pronouns (`he`, `its`,
//! `this` standing alone), and noun phrases headed by a noun or a proper
//! noun, with the agreement the resolver compares: number, gender, animacy
//! and person.
//!
//! A mention is its head word and the head's subtree, trimmed of punctuation
//! at its edges. A proper name is one mention ("John Smith": the `flat` and
//! `compound` proper nouns belong to their head's mention). A coordination
//! ("John and Mary") is a plural mention of its own besides its first
//! conjunct. Relative and interrogative pronouns (`who`, `which`) are not
//! mentions; neither are determiners ("the", "this" before a noun).

use super::agreement::{name_gender, pronoun};
pub use super::agreement::{Animacy, EntityKind, Gender, Kind, Number};
use super::keys::{fnv, Keys, Speech, Value};
use crate::syntax::treebank::Word;

/// A candidate mention.
#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    /// The sentence it is in.
    pub sentence: usize,
    /// Its first word in the sentence (0-based).
    pub first: usize,
    /// One past its last word.
    pub end: usize,
    /// Its head word in the sentence.
    pub head: usize,
    /// Pronoun, nominal or name.
    pub kind: Kind,
    /// Its number.
    pub number: Number,
    /// Its gender.
    pub gender: Gender,
    /// Its animacy.
    pub animacy: Animacy,
    /// 1, 2 or 3 for a pronoun of that person; 0 otherwise.
    pub person: u8,
    /// For a pronoun, its lemma-like group ("he" for he, him, his, himself).
    pub pronoun: &'static str,
    /// The head word in lower case.
    pub head_word: String,
    /// The mention's first word in lower case.
    pub first_word: String,
    /// Its words up to the head, in lower case, without determiners,
    /// possessives and punctuation ("the union 's leader" -> "union leader").
    pub words: Vec<String>,
    /// The head word's Brown cluster path cut at 6 steps, padded with
    /// zeros ("" when it has none).
    pub cluster: String,
    /// The determiner class: "def", "indef", "dem", "poss", "quant" or "none".
    pub det: &'static str,
    /// The head's relation, without its subtype ("nsubj").
    pub deprel: String,
    /// The head's governor in the sentence, `None` for the root.
    pub governor: Option<usize>,
    /// The type the extractor gave it, with the index of its [`Known`]
    /// mention.
    ///
    /// [`Known`]: super::resolve::Known
    pub known: Option<(usize, EntityKind)>,
    /// Its words hashed, for the features.
    pub keys: Keys,
    /// Who says its sentence and to whom, when the text says ([`set_speech`]).
    pub speech: Speech,
}

/// Gives each mention of `ms` the turn of its sentence (`turns`, one a
/// sentence): who says it, and to whom.
pub fn set_speech(ms: &mut [Mention], turns: &[super::gold::Turn]) {
    let speech: Vec<Speech> = turns.iter().map(Speech::of).collect();
    for m in ms {
        if let Some(s) = speech.get(m.sentence) {
            m.speech.clone_from(s);
        }
    }
}

/// The relation without its subtype.
fn coarse(deprel: &str) -> &str {
    deprel.split(':').next().unwrap_or(deprel)
}

/// Relations of a clause, not of a noun phrase: a predicate noun's
/// ("Norton was a citizen of San Francisco") subject, copula, auxiliaries,
/// objects and clausal dependents are no part of its mention.
fn clausal(rel: &str) -> bool {
    matches!(
        rel,
        "nsubj"
            | "csubj"
            | "cop"
            | "aux"
            | "mark"
            | "advcl"
            | "parataxis"
            | "obl"
            | "obj"
            | "iobj"
            | "ccomp"
            | "xcomp"
            | "discourse"
            | "vocative"
            | "expl"
            | "dislocated"
            | "reparandum"
            | "orphan"
    )
}

/// Punctuation and coordinating conjunctions, which a mention does not
/// start or end with ("and the party").
fn is_edge(w: &Word) -> bool {
    w.upos == "PUNCT" || w.upos == "CCONJ"
}

/// The candidate mentions of a parsed sentence (`words` as
/// [`crate::syntax::Model::parse`] gives them), in order of their first
/// word, a longer one first.
pub fn detect(sentence: usize, words: &[Word]) -> Vec<Mention> {
    let n = words.len();
    let governor: Vec<Option<usize>> = words
        .iter()
        .map(|w| (w.head > 0 && w.head <= n).then(|| w.head - 1))
        .collect();
    // Each word's dependents: those of `h` are `deps[starts[h]..starts[h + 1]]`.
    let mut starts = vec![0; n + 1];
    for g in governor.iter().flatten() {
        starts[g + 1] += 1;
    }
    for i in 1..=n {
        starts[i] += starts[i - 1];
    }
    let mut deps = vec![0; starts[n]];
    let mut next = starts.clone();
    for (c, g) in governor.iter().enumerate() {
        if let Some(g) = *g {
            deps[next[g]] = c;
            next[g] += 1;
        }
    }
    let dependents = |h: usize| deps[starts[h]..starts[h + 1]].iter().copied();
    // The span of each word's subtree, children before their governors (a
    // word on a cycle, which no root reaches, keeps its own span): linear,
    // however long the sentence.
    let mut left: Vec<usize> = (0..n).collect();
    let mut right: Vec<usize> = (0..n).collect();
    let mut order: Vec<usize> = (0..n).filter(|&i| governor[i].is_none()).collect();
    let mut k = 0;
    while k < order.len() {
        order.extend(dependents(order[k]));
        k += 1;
    }
    for &c in order.iter().rev() {
        if let Some(g) = governor[c] {
            left[g] = left[g].min(left[c]);
            right[g] = right[g].max(right[c]);
        }
    }
    let mut out = Vec::new();
    for (h, w) in words.iter().enumerate() {
        let rel = coarse(&w.deprel);
        let gov_upos = governor[h].map_or("", |g| words[g].upos.as_str());
        let kind = match w.upos.as_str() {
            "PRON" if w.xpos.starts_with("PRP") || pronoun(&w.form).is_some() => {
                if w.xpos.starts_with('W') || pronoun(&w.form).is_none() {
                    continue;
                }
                Kind::Pronoun
            }
            "DET" if rel != "det" && rel != "predet" && pronoun(&w.form).is_some() => Kind::Pronoun,
            "PROPN" => {
                if matches!(rel, "flat" | "fixed" | "goeswith")
                    || (rel == "compound" && gov_upos == "PROPN")
                {
                    continue;
                }
                Kind::Proper
            }
            "NUM" if !matches!(rel, "nummod" | "compound" | "flat" | "fixed") => Kind::Nominal,
            "NOUN" => {
                if matches!(rel, "flat" | "fixed" | "goeswith") {
                    continue;
                }
                Kind::Nominal
            }
            _ => continue,
        };
        let (first, end) = if kind == Kind::Pronoun {
            (h, h + 1)
        } else {
            // The head and its noun-phrase dependents with their subtrees;
            // not a predicate noun's subject, copula or clausal dependents.
            let (mut l, mut r) = (h, h);
            for c in dependents(h) {
                if !clausal(coarse(&words[c].deprel)) {
                    l = l.min(left[c]);
                    r = r.max(right[c]);
                }
            }
            trim(words, l, r + 1)
        };
        let has_conj =
            kind != Kind::Pronoun && dependents(h).any(|c| coarse(&words[c].deprel) == "conj");
        let mut m = mention(sentence, words, governor[h], first, end, h, kind);
        if has_conj {
            // The coordination, then the first conjunct alone: its words
            // up to the first coordinating conjunction or conjunct.
            let mut group = m.clone();
            group.number = Number::Plural;
            group.gender = Gender::Unknown;
            out.push(group);
            let mut stop = dependents(h)
                .filter(|&c| c > h && c < end && coarse(&words[c].deprel) == "conj")
                .map(|c| left[c])
                .min()
                .unwrap_or(end);
            while stop > h + 1 && matches!(words[stop - 1].upos.as_str(), "CCONJ" | "PUNCT") {
                stop -= 1;
            }
            let (f, e) = trim(words, first, stop);
            m = mention(sentence, words, governor[h], f, e.max(h + 1), h, kind);
        }
        out.push(m);
    }
    out.sort_by_key(|m| (m.first, std::cmp::Reverse(m.end), m.head));
    out
}

/// The mention of the words `first..end` of a parsed sentence, headed by
/// `head` (a name the extractor found, say).
pub fn span(
    sentence: usize,
    words: &[Word],
    first: usize,
    end: usize,
    head: usize,
    kind: Kind,
) -> Mention {
    let n = words.len();
    let governor = words
        .get(head)
        .and_then(|w| (w.head > 0 && w.head <= n).then(|| w.head - 1));
    mention(sentence, words, governor, first, end, head, kind)
}

/// `first..end` without punctuation or conjunctions at its edges, nor the
/// prepositions and subordinators that lead it ("of the Netherlands" is the
/// mention "the Netherlands").
fn trim(words: &[Word], mut first: usize, mut end: usize) -> (usize, usize) {
    while first + 1 < end
        && (is_edge(&words[first]) || matches!(words[first].upos.as_str(), "ADP" | "SCONJ"))
    {
        first += 1;
    }
    while end > first + 1 && is_edge(&words[end - 1]) {
        end -= 1;
    }
    (first, end)
}

/// The mention of `first..end` headed by `head`.
fn mention(
    sentence: usize,
    words: &[Word],
    governor: Option<usize>,
    first: usize,
    end: usize,
    head: usize,
    kind: Kind,
) -> Mention {
    let w = &words[head];
    let lower = |i: usize| words[i].form.to_lowercase();
    let mut m = Mention {
        sentence,
        first,
        end,
        head,
        kind,
        number: Number::Unknown,
        gender: Gender::Unknown,
        animacy: Animacy::Unknown,
        person: 0,
        pronoun: "",
        head_word: lower(head),
        first_word: lower(first),
        words: Vec::new(),
        det: "none",
        cluster: crate::tagger::features::cluster_path(&w.form)
            .map(|p| format!("{:0<6}", &p[..p.len().min(6)]))
            .unwrap_or_default(),
        deprel: coarse(&w.deprel).to_owned(),
        governor,
        known: None,
        keys: Keys::default(),
        speech: Speech::default(),
    };
    if kind == Kind::Pronoun {
        if let Some((group, person, number, gender, animacy)) = pronoun(&w.form) {
            m.pronoun = group;
            m.person = person;
            m.number = number;
            m.gender = gender;
            m.animacy = animacy;
        }
        m.words.push(m.head_word.clone());
        m.keys = keys_of(&m);
        return m;
    }
    m.number = match w.xpos.as_str() {
        "NNS" | "NNPS" => Number::Plural,
        "NN" | "NNP" => Number::Singular,
        _ => Number::Unknown,
    };
    // A name's words run on past its head ("John Smith", head "John").
    let mut last = head.min(end.saturating_sub(1));
    if kind == Kind::Proper {
        while last + 1 < end && words[last + 1].upos == "PROPN" {
            last += 1;
        }
    }
    for (i, x) in words.iter().enumerate().take(last + 1).skip(first) {
        match x.upos.as_str() {
            "DET" if i < head => {
                if m.det == "none" {
                    m.det = match x.form.to_lowercase().as_str() {
                        "the" => "def",
                        "a" | "an" => "indef",
                        "this" | "that" | "these" | "those" => "dem",
                        _ => "quant",
                    };
                }
            }
            "PRON" if i < head => {
                if m.det == "none" {
                    m.det = "poss";
                }
            }
            "PUNCT" | "PART" | "ADP" | "CCONJ" => {}
            _ => m.words.push(lower(i)),
        }
        if kind == Kind::Proper && m.gender == Gender::Unknown && x.upos == "PROPN" {
            m.gender = name_gender(&x.form);
        }
    }
    if m.gender != Gender::Unknown {
        m.animacy = Animacy::Animate;
    }
    m.keys = keys_of(&m);
    m
}

/// The class a mention's features are conjoined with.
pub fn class(m: &Mention) -> &'static str {
    match m.kind {
        Kind::Pronoun => m.pronoun,
        Kind::Proper => "PROP",
        Kind::Nominal => match m.det {
            "def" => "NOM-def",
            "indef" => "NOM-indef",
            "dem" => "NOM-dem",
            "poss" => "NOM-poss",
            "quant" => "NOM-quant",
            _ => "NOM-none",
        },
    }
}

/// The keys of `m`'s words and classes.
fn keys_of(m: &Mention) -> Keys {
    Keys {
        head: fnv(&m.head_word),
        first: fnv(&m.first_word),
        cluster: fnv(&m.cluster),
        deprel: fnv(&m.deprel),
        words: m.words.iter().map(|w| fnv(w)).collect(),
        title: m.kind == Kind::Nominal
            && crate::gazetteer::Gazetteer::get()
                .titles
                .contains_key(&m.head_word),
        det: Value::of(m.det),
        pronoun: Value::of(m.pronoun),
        class: Value::of(class(m)),
    }
}

/// Marks `m` as the extractor's known mention number `index`, of type
/// `kind`: a known person takes the gender of its given name; a place, an
/// organization or an event is inanimate and neuter.
pub fn set_known(m: &mut Mention, index: usize, kind: EntityKind) {
    m.known = Some((index, kind));
    match kind {
        EntityKind::Person => m.animacy = Animacy::Animate,
        EntityKind::Organization | EntityKind::Place | EntityKind::Event => {
            m.animacy = Animacy::Inanimate;
            m.gender = Gender::Neuter;
        }
        EntityKind::Other => {}
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A parsed sentence from `(form, upos, xpos, head, deprel)` rows.
    pub(crate) fn sentence(rows: &[(&str, &str, &str, usize, &str)]) -> Vec<Word> {
        rows.iter()
            .map(|&(form, upos, xpos, head, deprel)| Word {
                form: form.into(),
                lemma: "_".into(),
                upos: upos.into(),
                xpos: xpos.into(),
                head,
                deprel: deprel.into(),
                misc: "_".into(),
            })
            .collect()
    }

    #[test]
    fn names_nouns_and_pronouns_are_mentions() {
        // "John Smith said his union and the party agreed ."
        let s = sentence(&[
            ("John", "PROPN", "NNP", 3, "nsubj"),
            ("Smith", "PROPN", "NNP", 1, "flat"),
            ("said", "VERB", "VBD", 0, "root"),
            ("his", "PRON", "PRP$", 5, "nmod:poss"),
            ("union", "NOUN", "NN", 9, "nsubj"),
            ("and", "CCONJ", "CC", 8, "cc"),
            ("the", "DET", "DT", 8, "det"),
            ("party", "NOUN", "NN", 5, "conj"),
            ("agreed", "VERB", "VBD", 3, "ccomp"),
            (".", "PUNCT", ".", 3, "punct"),
        ]);
        let ms = detect(0, &s);
        let spans: Vec<(usize, usize, usize, Kind, Number)> = ms
            .iter()
            .map(|m| (m.first, m.end, m.head, m.kind, m.number))
            .collect();
        assert_eq!(
            spans,
            [
                (0, 2, 0, Kind::Proper, Number::Singular),
                (3, 8, 4, Kind::Nominal, Number::Plural),
                (3, 5, 4, Kind::Nominal, Number::Singular),
                (3, 4, 3, Kind::Pronoun, Number::Singular),
                (6, 8, 7, Kind::Nominal, Number::Singular),
            ]
        );
        assert_eq!(ms[0].gender, Gender::Masculine);
        assert_eq!(ms[0].animacy, Animacy::Animate);
        assert_eq!(ms[0].words, ["john", "smith"]);
        assert_eq!(ms[3].pronoun, "he");
        assert_eq!(ms[4].det, "def");
        assert_eq!(ms[4].words, ["party"]);
    }

    #[test]
    fn relative_pronouns_and_determiners_are_not_mentions() {
        let s = sentence(&[
            ("people", "NOUN", "NNS", 0, "root"),
            ("who", "PRON", "WP", 3, "nsubj"),
            ("left", "VERB", "VBD", 1, "acl:relcl"),
            ("this", "DET", "DT", 5, "det"),
            ("place", "NOUN", "NN", 3, "obj"),
        ]);
        let heads: Vec<usize> = detect(0, &s).iter().map(|m| m.head).collect();
        assert_eq!(heads, [0, 4]);
    }

    #[test]
    fn pronouns_come_from_the_lexicon() {
        assert_eq!(
            pronoun("Him"),
            Some((
                "he",
                3,
                Number::Singular,
                Gender::Masculine,
                Animacy::Animate
            ))
        );
        assert_eq!(
            pronoun("THEIR").map(|p| (p.0, p.2)),
            Some(("they", Number::Plural))
        );
        assert_eq!(pronoun("you").map(|p| p.1), Some(2));
        assert_eq!(pronoun("who"), None);
        assert_eq!(pronoun("the"), None);
    }

    #[test]
    fn names_have_the_gender_of_their_given_name() {
        assert_eq!(name_gender("Mary"), Gender::Feminine);
        assert_eq!(name_gender("John"), Gender::Masculine);
        assert_eq!(name_gender("Zzyzx"), Gender::Unknown);
    }
}
