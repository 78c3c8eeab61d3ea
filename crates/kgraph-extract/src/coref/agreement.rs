//! What agreement the resolver reads: a mention's kind, number, gender and
//! animacy, the type the extractor gave it, and the lexicons that tell them
//! (the pronouns, the gender of given names).

use std::sync::OnceLock;

use crate::lexicon::FastMap;

/// What a mention is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// A pronoun: "he", "its", "this".
    Pronoun,
    /// A noun phrase headed by a common noun: "the union".
    Nominal,
    /// A name: "John Smith", "the United Nations".
    Proper,
}

/// Grammatical number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Number {
    /// One.
    Singular,
    /// More than one.
    Plural,
    /// Not known ("you").
    Unknown,
}

/// Gender, as pronouns mark it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Gender {
    /// "he", "John".
    Masculine,
    /// "she", "Mary".
    Feminine,
    /// "it".
    Neuter,
    /// Not known.
    Unknown,
}

/// Whether a mention refers to a person (or animal).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Animacy {
    /// "she", "Mary", a known person.
    Animate,
    /// "it", a known place or organization.
    Inanimate,
    /// Not known.
    Unknown,
}

/// The coarse type of an entity the extractor already found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EntityKind {
    /// A person.
    Person,
    /// A company, party, union, government body...
    Organization,
    /// A country, city, region...
    Place,
    /// An event.
    Event,
    /// Anything else.
    Other,
}

impl EntityKind {
    /// A short name, for features.
    pub fn name(self) -> &'static str {
        match self {
            EntityKind::Person => "person",
            EntityKind::Organization => "organization",
            EntityKind::Place => "place",
            EntityKind::Event => "event",
            EntityKind::Other => "other",
        }
    }
}

/// What a pronoun says: its group, person, number, gender and animacy.
type PronounInfo = (&'static str, u8, Number, Gender, Animacy);

/// The English personal, possessive, reflexive and demonstrative pronouns
/// (`data/lexicon/pronouns.tsv`), any case.
pub fn pronoun(word: &str) -> Option<PronounInfo> {
    static PRONOUNS: OnceLock<FastMap<&'static str, PronounInfo>> = OnceLock::new();
    let table = PRONOUNS.get_or_init(|| {
        include_str!("../../../../data/lexicon/pronouns.tsv")
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .filter_map(|l| {
                let c: Vec<&'static str> = l.split('\t').collect();
                let [form, group, person, number, gender, animacy] = c[..] else {
                    return None;
                };
                let number = match number {
                    "sg" => Number::Singular,
                    "pl" => Number::Plural,
                    _ => Number::Unknown,
                };
                let gender = match gender {
                    "m" => Gender::Masculine,
                    "f" => Gender::Feminine,
                    "n" => Gender::Neuter,
                    _ => Gender::Unknown,
                };
                let animacy = match animacy {
                    "anim" => Animacy::Animate,
                    "inan" => Animacy::Inanimate,
                    _ => Animacy::Unknown,
                };
                Some((form, (group, person.parse().ok()?, number, gender, animacy)))
            })
            .collect()
    });
    if word.len() > 12 {
        return None;
    }
    table.get(word.to_lowercase().as_str()).copied()
}

/// The gender of given names (`data/name_gender.tsv`, from the US SSA
/// baby-name counts by `scripts/make_name_gender.py`).
pub fn name_gender(name: &str) -> Gender {
    static NAMES: OnceLock<FastMap<&'static str, Gender>> = OnceLock::new();
    let names = NAMES.get_or_init(|| {
        include_str!("../../../../data/name_gender.tsv")
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| l.split_once('\t'))
            .map(|(name, g)| {
                let g = if g == "f" {
                    Gender::Feminine
                } else {
                    Gender::Masculine
                };
                (name, g)
            })
            .collect()
    });
    names.get(name).copied().unwrap_or(Gender::Unknown)
}
