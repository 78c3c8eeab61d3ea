//! The features the resolver scores: those of an anaphor starting a new
//! entity, and those of an anaphor and a candidate antecedent.
//!
//! A feature is a template and its values ("num=sg|pl"); it is hashed to 64
//! bits, and every feature is also conjoined with the anaphor's class (its
//! pronoun group, "NOM-def" for a definite nominal, "PROP" for a name), so
//! that the same evidence can weigh differently for "he" and "the company".
//! The names are kept only when asked for (to explain a link).

use super::mentions::{Animacy, EntityKind, Gender, Kind, Mention, Number};

/// The features of one choice, hashed, and their names when explaining.
#[derive(Debug, Default)]
pub struct Features {
    /// The hashed features.
    pub hashes: Vec<u64>,
    /// Their names, when explaining (in the order of `hashes`).
    pub names: Option<Vec<String>>,
    class: &'static str,
}

/// FNV-1a over the bytes, with a separator after each part.
fn hash(parts: &[&str], seed: u64) -> u64 {
    let mut h = seed ^ 0xcbf2_9ce4_8422_2325;
    for p in parts {
        for &b in p.as_bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        h ^= 0xff;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    // A final mix, so that the low bits depend on every byte.
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^ (h >> 33)
}

impl Features {
    /// Empty features; with `explain`, their names are kept too.
    pub fn new(explain: bool) -> Self {
        Features {
            hashes: Vec::with_capacity(96),
            names: explain.then(Vec::new),
            class: "",
        }
    }

    /// Clears the features, for the anaphor of class `class`.
    pub fn start(&mut self, class: &'static str) {
        self.hashes.clear();
        if let Some(n) = &mut self.names {
            n.clear();
        }
        self.class = class;
    }

    /// Adds the feature `template=values`, alone and with the class.
    pub fn add(&mut self, template: &str, values: &[&str]) {
        let plain = hash(values, hash(&[template], 0));
        self.hashes.push(plain);
        self.hashes.push(hash(&[self.class], plain));
        if let Some(n) = &mut self.names {
            let name = format!("{template}={}", values.join("|"));
            n.push(format!("{name}&{}", self.class));
            n.push(name);
            let len = n.len();
            n.swap(len - 2, len - 1);
        }
    }
}

/// A count in a few buckets.
fn bucket(n: usize) -> &'static str {
    match n {
        0 => "0",
        1 => "1",
        2 => "2",
        3 => "3",
        4..=5 => "4-5",
        6..=10 => "6-10",
        11..=20 => "11-20",
        21..=40 => "21-40",
        _ => "41+",
    }
}

fn number(n: Number) -> &'static str {
    match n {
        Number::Singular => "sg",
        Number::Plural => "pl",
        Number::Unknown => "?",
    }
}

fn gender(g: Gender) -> &'static str {
    match g {
        Gender::Masculine => "m",
        Gender::Feminine => "f",
        Gender::Neuter => "n",
        Gender::Unknown => "?",
    }
}

fn animacy(a: Animacy) -> &'static str {
    match a {
        Animacy::Animate => "anim",
        Animacy::Inanimate => "inan",
        Animacy::Unknown => "?",
    }
}

fn kind(k: Kind) -> &'static str {
    match k {
        Kind::Pronoun => "PRON",
        Kind::Nominal => "NOM",
        Kind::Proper => "PROP",
    }
}

fn person(p: u8) -> &'static str {
    ["-", "1", "2", "3"][usize::from(p.min(3))]
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

/// What is known of an entity (a cluster of mentions) so far.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entity {
    /// Its mentions so far.
    pub size: usize,
    /// The first gender known of its mentions.
    pub gender: Gender,
    /// The first number known.
    pub number: Number,
    /// The first animacy known.
    pub animacy: Animacy,
    /// The type of its first known mention.
    pub kind: Option<EntityKind>,
    /// Does a name refer to it?
    pub named: bool,
    /// The pronoun groups that refer to it, as bits (see [`pronoun_bit`]).
    pub pronouns: u32,
    /// The head words of its names and noun phrases, hashed.
    pub heads: Vec<u64>,
}

/// A bit for each pronoun group.
pub fn pronoun_bit(group: &str) -> u32 {
    let groups = [
        "he", "she", "it", "they", "i", "we", "you", "this", "that", "these", "those",
    ];
    groups
        .iter()
        .position(|g| *g == group)
        .map_or(0, |i| 1 << i)
}

/// A head word's hash, for [`Entity::heads`].
fn head_hash(m: &Mention) -> Option<u64> {
    (m.kind != Kind::Pronoun).then(|| hash(&[&m.head_word], 7))
}

impl Entity {
    /// The entity that `m` starts.
    pub fn of(m: &Mention) -> Self {
        Entity {
            size: 1,
            gender: m.gender,
            number: m.number,
            animacy: m.animacy,
            kind: m.known.map(|(_, k)| k),
            named: m.kind == Kind::Proper,
            pronouns: pronoun_bit(m.pronoun),
            heads: head_hash(m).into_iter().collect(),
        }
    }

    /// Adds mention `m` to the entity.
    pub fn add(&mut self, m: &Mention) {
        self.size += 1;
        if self.gender == Gender::Unknown {
            self.gender = m.gender;
        }
        if self.number == Number::Unknown {
            self.number = m.number;
        }
        if self.animacy == Animacy::Unknown {
            self.animacy = m.animacy;
        }
        if self.kind.is_none() {
            self.kind = m.known.map(|(_, k)| k);
        }
        self.named |= m.kind == Kind::Proper;
        self.pronouns |= pronoun_bit(m.pronoun);
        if let Some(h) = head_hash(m) {
            if !self.heads.contains(&h) && self.heads.len() < 16 {
                self.heads.push(h);
            }
        }
    }
}

/// Is the head word of `m` a title or position ("minister", "president")?
fn is_title(m: &Mention) -> bool {
    m.kind == Kind::Nominal
        && crate::gazetteer::Gazetteer::get()
            .titles
            .contains_key(&m.head_word)
}

/// The features of `a` starting a new entity; `matches` says whether an
/// earlier mention has its head word.
pub fn new_entity(a: &Mention, matches: bool, f: &mut Features) {
    f.start(class(a));
    f.add("new", &[]);
    f.add("new.kind", &[kind(a.kind)]);
    f.add("new.head", &[&a.head_word]);
    f.add("new.cl", &[&a.cluster]);
    f.add("new.first", &[&a.first_word]);
    f.add("new.dep", &[&a.deprel]);
    f.add("new.len", &[bucket(a.end - a.first)]);
    f.add("new.num", &[number(a.number)]);
    f.add("new.match", &[if matches { "y" } else { "n" }]);
    f.add("new.title", &[if is_title(a) { "y" } else { "n" }]);
    if let Some((_, k)) = a.known {
        f.add("new.type", &[k.name()]);
    }
}

/// The features of `a` referring to what `c` refers to: `sentences` and
/// `mentions` are how far apart they are, `e` is `c`'s entity so far.
pub fn pair(
    a: &Mention,
    c: &Mention,
    sentences: usize,
    mentions: usize,
    e: &Entity,
    f: &mut Features,
) {
    f.start(class(a));
    f.add("dist.s", &[bucket(sentences)]);
    f.add("dist.m", &[bucket(mentions)]);
    f.add("ckind", &[kind(c.kind)]);
    f.add("ckind.dist", &[kind(c.kind), bucket(sentences)]);
    f.add("num", &[number(a.number), number(c.number)]);
    f.add("enum", &[number(a.number), number(e.number)]);
    f.add("gen", &[gender(a.gender), gender(c.gender)]);
    f.add("egen", &[gender(a.gender), gender(e.gender)]);
    f.add("anim", &[animacy(a.animacy), animacy(e.animacy)]);
    f.add("ctype", &[e.kind.map_or("-", EntityKind::name)]);
    f.add("esize", &[bucket(e.size)]);
    f.add("enamed", &[if e.named { "y" } else { "n" }]);
    f.add("dep", &[&a.deprel, &c.deprel]);
    f.add("cdep", &[&c.deprel]);
    f.add("cdet", &[c.det]);
    if a.kind == Kind::Pronoun || c.kind == Kind::Pronoun {
        f.add("pers", &[person(a.person), person(c.person)]);
        f.add("pron", &[a.pronoun, c.pronoun]);
    }
    if a.kind == Kind::Pronoun {
        let seen = e.pronouns & pronoun_bit(a.pronoun) != 0;
        f.add("epron", &[if seen { "y" } else { "n" }, bucket(sentences)]);
    } else {
        let seen = head_hash(a).is_some_and(|h| e.heads.contains(&h));
        f.add("ehead", &[if seen { "y" } else { "n" }, kind(c.kind)]);
    }
    let head_match = a.head_word == c.head_word;
    let exact = a.words == c.words;
    f.add("head", &[if head_match { "y" } else { "n" }]);
    f.add(
        "head.dist",
        &[if head_match { "y" } else { "n" }, bucket(sentences), c.det],
    );
    f.add("exact", &[if exact { "y" } else { "n" }]);
    if a.kind != Kind::Pronoun && c.kind != Kind::Pronoun {
        let contains = c.words.contains(&a.head_word) || a.words.contains(&c.head_word);
        f.add("contains", &[if contains { "y" } else { "n" }]);
        let shared = a.words.iter().filter(|w| c.words.contains(w)).count();
        f.add("shared", &[bucket(shared)]);
        // Words of the anaphor's that the antecedent lacks ("the new
        // president" after "the president").
        let extra = a.words.iter().filter(|w| !c.words.contains(w)).count();
        f.add(
            "extra",
            &[bucket(extra), if head_match { "y" } else { "n" }],
        );
        f.add("heads", &[&a.head_word, &c.head_word]);
        if is_title(a) {
            f.add("title", &[kind(c.kind), animacy(e.animacy)]);
        }
    }
    f.add("chead", &[&c.head_word]);
    // Word clusters generalize the head words: people, places, bodies.
    f.add("ccl", &[&c.cluster]);
    if a.kind != Kind::Pronoun {
        f.add("cls", &[&a.cluster, &c.cluster]);
    }
    f.add("cfirst", &[&c.first_word]);
    if sentences == 0 {
        // Within a sentence: apposition, and sharing a governor ("John
        // saw him": rarely coreferent, but "John hurt himself").
        let appos = a.deprel == "appos" && a.governor == Some(c.head);
        f.add("appos", &[if appos { "y" } else { "n" }]);
        let sibling = a.governor.is_some() && a.governor == c.governor;
        f.add(
            "sibling",
            &[if sibling { "y" } else { "n" }, &a.deprel, &c.deprel],
        );
    }
}
