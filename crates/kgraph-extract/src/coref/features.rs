//! The features the resolver scores: those of an anaphor starting a new
//! entity, and those of an anaphor and a candidate antecedent.
//!
//! A feature is a template and its values ("num=sg|pl"); it is hashed to 64
//! bits, and every feature is also conjoined with the anaphor's class (its
//! pronoun group, "NOM-def" for a definite nominal, "PROP" for a name), so
//! that the same evidence can weigh differently for "he" and "the company".
//!
//! A resolver scores tens of candidates for each mention, so nothing here
//! hashes a string per candidate: a mention's words are hashed once, when it
//! is made ([`Mention::keys`]), the templates and fixed values at compile
//! time ([`Value::of`]), and a feature's hash mixes those numbers. The names
//! are kept only when asked for (to explain a link).

use super::keys::{finish, mix, v, yn, Value};
use super::mentions::{Animacy, EntityKind, Gender, Kind, Mention, Number};

/// The features of one choice, hashed, and their names when explaining.
#[derive(Debug, Default)]
pub struct Features {
    /// The hashed features.
    pub hashes: Vec<u64>,
    /// Their names, when explaining (in the order of `hashes`).
    pub names: Option<Vec<String>>,
    class: Value<'static>,
}

impl Features {
    /// Empty features; with `explain`, their names are kept too.
    pub fn new(explain: bool) -> Self {
        Features {
            hashes: Vec::with_capacity(96),
            names: explain.then(Vec::new),
            class: Value::default(),
        }
    }

    /// Clears the features, for the anaphor of class `class`.
    pub fn start(&mut self, class: Value<'static>) {
        self.hashes.clear();
        if let Some(n) = &mut self.names {
            n.clear();
        }
        self.class = class;
    }

    /// Adds the feature `template=values`, alone and with the class.
    pub fn add(&mut self, template: Value, values: &[Value]) {
        let mut h = template.hash();
        for v in values {
            h = mix(h, v.hash());
        }
        let plain = finish(h);
        self.hashes.push(plain);
        self.hashes.push(finish(mix(plain, self.class.hash())));
        if let Some(n) = &mut self.names {
            let texts: Vec<&str> = values.iter().map(|v| v.text()).collect();
            let name = format!("{}={}", template.text(), texts.join("|"));
            n.push(name.clone());
            n.push(format!("{name}&{}", self.class.text()));
        }
    }
}

/// A count in a few buckets.
fn bucket(n: usize) -> Value<'static> {
    match n {
        0 => v!("0"),
        1 => v!("1"),
        2 => v!("2"),
        3 => v!("3"),
        4..=5 => v!("4-5"),
        6..=10 => v!("6-10"),
        11..=20 => v!("11-20"),
        21..=40 => v!("21-40"),
        _ => v!("41+"),
    }
}

fn number(n: Number) -> Value<'static> {
    match n {
        Number::Singular => v!("sg"),
        Number::Plural => v!("pl"),
        Number::Unknown => v!("?"),
    }
}

fn gender(g: Gender) -> Value<'static> {
    match g {
        Gender::Masculine => v!("m"),
        Gender::Feminine => v!("f"),
        Gender::Neuter => v!("n"),
        Gender::Unknown => v!("?"),
    }
}

fn animacy(a: Animacy) -> Value<'static> {
    match a {
        Animacy::Animate => v!("anim"),
        Animacy::Inanimate => v!("inan"),
        Animacy::Unknown => v!("?"),
    }
}

fn kind(k: Kind) -> Value<'static> {
    match k {
        Kind::Pronoun => v!("PRON"),
        Kind::Nominal => v!("NOM"),
        Kind::Proper => v!("PROP"),
    }
}

fn entity_kind(k: Option<EntityKind>) -> Value<'static> {
    match k {
        Some(EntityKind::Person) => v!("person"),
        Some(EntityKind::Organization) => v!("organization"),
        Some(EntityKind::Place) => v!("place"),
        Some(EntityKind::Event) => v!("event"),
        Some(EntityKind::Other) => v!("other"),
        None => v!("-"),
    }
}

fn person(p: u8) -> Value<'static> {
    match p {
        0 => v!("-"),
        1 => v!("1"),
        2 => v!("2"),
        _ => v!("3"),
    }
}

/// A mention's word, with the hash its keys hold.
fn word(hash: u64, text: &str) -> Value<'_> {
    Value::hashed(hash, text)
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
    /// The head words of its names and noun phrases ([`super::keys::Keys::head`]).
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

/// The key of a name's or noun phrase's head word, for [`Entity::heads`].
fn head_key(m: &Mention) -> Option<u64> {
    (m.kind != Kind::Pronoun).then_some(m.keys.head)
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
            heads: head_key(m).into_iter().collect(),
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
        if let Some(h) = head_key(m) {
            if !self.heads.contains(&h) && self.heads.len() < 16 {
                self.heads.push(h);
            }
        }
    }
}

/// The features of `a` starting a new entity; `matches` says whether an
/// earlier mention has its head word.
pub fn new_entity(a: &Mention, matches: bool, f: &mut Features) {
    let k = &a.keys;
    f.start(k.class);
    f.add(v!("new"), &[]);
    f.add(v!("new.kind"), &[kind(a.kind)]);
    f.add(v!("new.head"), &[word(k.head, &a.head_word)]);
    f.add(v!("new.cl"), &[word(k.cluster, &a.cluster)]);
    f.add(v!("new.first"), &[word(k.first, &a.first_word)]);
    f.add(v!("new.dep"), &[word(k.deprel, &a.deprel)]);
    f.add(v!("new.len"), &[bucket(a.end - a.first)]);
    f.add(v!("new.num"), &[number(a.number)]);
    f.add(v!("new.match"), &[yn(matches)]);
    f.add(v!("new.title"), &[yn(k.title)]);
    if a.known.is_some() {
        f.add(v!("new.type"), &[entity_kind(a.known.map(|(_, k)| k))]);
    }
    if a.speech.known() && matches!(a.person, 1 | 2) {
        f.add(v!("new.turn"), &[person(a.person)]);
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
    let (ka, kc) = (&a.keys, &c.keys);
    f.start(ka.class);
    let dist = bucket(sentences);
    f.add(v!("dist.s"), &[dist]);
    f.add(v!("dist.m"), &[bucket(mentions)]);
    f.add(v!("ckind"), &[kind(c.kind)]);
    f.add(v!("ckind.dist"), &[kind(c.kind), dist]);
    f.add(v!("num"), &[number(a.number), number(c.number)]);
    f.add(v!("enum"), &[number(a.number), number(e.number)]);
    f.add(v!("gen"), &[gender(a.gender), gender(c.gender)]);
    f.add(v!("egen"), &[gender(a.gender), gender(e.gender)]);
    f.add(v!("anim"), &[animacy(a.animacy), animacy(e.animacy)]);
    f.add(v!("ctype"), &[entity_kind(e.kind)]);
    f.add(v!("esize"), &[bucket(e.size)]);
    f.add(v!("enamed"), &[yn(e.named)]);
    let (adep, cdep) = (word(ka.deprel, &a.deprel), word(kc.deprel, &c.deprel));
    f.add(v!("dep"), &[adep, cdep]);
    f.add(v!("cdep"), &[cdep]);
    f.add(v!("cdet"), &[kc.det]);
    if a.kind == Kind::Pronoun || c.kind == Kind::Pronoun {
        f.add(v!("pers"), &[person(a.person), person(c.person)]);
        f.add(v!("pron"), &[ka.pronoun, kc.pronoun]);
    }
    if (a.speech.known() || c.speech.known())
        && [a.person, c.person].iter().any(|p| matches!(p, 1 | 2))
    {
        speech(a, c, f);
    }
    if a.kind == Kind::Pronoun {
        let seen = e.pronouns & pronoun_bit(a.pronoun) != 0;
        f.add(v!("epron"), &[yn(seen), dist]);
    } else {
        let seen = e.heads.contains(&ka.head);
        f.add(v!("ehead"), &[yn(seen), kind(c.kind)]);
    }
    let head_match = ka.head == kc.head;
    let exact = ka.words == kc.words;
    f.add(v!("head"), &[yn(head_match)]);
    f.add(v!("head.dist"), &[yn(head_match), dist, kc.det]);
    f.add(v!("exact"), &[yn(exact)]);
    let (ahead, chead) = (word(ka.head, &a.head_word), word(kc.head, &c.head_word));
    if a.kind != Kind::Pronoun && c.kind != Kind::Pronoun {
        let contains = kc.words.contains(&ka.head) || ka.words.contains(&kc.head);
        f.add(v!("contains"), &[yn(contains)]);
        let shared = ka.words.iter().filter(|w| kc.words.contains(w)).count();
        f.add(v!("shared"), &[bucket(shared)]);
        // Words of the anaphor's that the antecedent lacks ("the new
        // president" after "the president").
        let extra = ka.words.len() - shared;
        f.add(v!("extra"), &[bucket(extra), yn(head_match)]);
        f.add(v!("heads"), &[ahead, chead]);
        // Is the head noun one for the entity's type ("the city" a
        // place, "the company" an organization, not a person)?
        if e.kind.is_some() && a.kind == Kind::Nominal {
            let ekind = entity_kind(e.kind);
            f.add(v!("htype"), &[ahead, ekind]);
            f.add(v!("cltype"), &[word(ka.cluster, &a.cluster), ekind]);
        }
        if ka.title {
            f.add(v!("title"), &[kind(c.kind), animacy(e.animacy)]);
        }
    }
    f.add(v!("chead"), &[chead]);
    // Word clusters generalize the head words: people, places, bodies.
    let ccl = word(kc.cluster, &c.cluster);
    f.add(v!("ccl"), &[ccl]);
    if a.kind != Kind::Pronoun {
        f.add(v!("cls"), &[word(ka.cluster, &a.cluster), ccl]);
    }
    f.add(v!("cfirst"), &[word(kc.first, &c.first_word)]);
    if sentences == 0 {
        // Within a sentence: apposition, and sharing a governor ("John
        // saw him": rarely coreferent, but "John hurt himself").
        let appos = a.deprel == "appos" && a.governor == Some(c.head);
        f.add(v!("appos"), &[yn(appos)]);
        let sibling = a.governor.is_some() && a.governor == c.governor;
        f.add(v!("sibling"), &[yn(sibling), adep, cdep]);
    }
}

/// The features of who says `a` and `c`, and to whom, where the text gives
/// turns (interviews, hearings): "I" and "I" of one speaker, "you" and the
/// "I" of the one it is said to, "I" and the speaker's name ("I" said by
/// `SilasJWasserstrom` and "Wasserstrom").
fn speech(a: &Mention, c: &Mention, f: &mut Features) {
    let (sa, sc) = (&a.speech, &c.speech);
    let relation = if !sa.known() || !sc.known() {
        v!("?")
    } else if sa.speaker == sc.speaker {
        v!("same")
    } else if sa.addressee == sc.speaker {
        v!("to")
    } else if sc.addressee == sa.speaker {
        v!("from")
    } else {
        v!("other")
    };
    f.add(v!("spk"), &[relation, person(a.person), person(c.person)]);
    // A name or noun of the speaker's or addressee's name.
    let named = |speech: &super::keys::Speech, head: u64| {
        [
            yn(speech.speaker_words.contains(&head)),
            yn(speech.addressee_words.contains(&head)),
        ]
    };
    if c.kind != Kind::Pronoun && matches!(a.person, 1 | 2) {
        let [s, t] = named(sa, c.keys.head);
        f.add(v!("spk.name"), &[s, t, person(a.person)]);
    }
    if a.kind != Kind::Pronoun && matches!(c.person, 1 | 2) {
        let [s, t] = named(sc, a.keys.head);
        f.add(v!("spk.cname"), &[s, t, person(c.person)]);
    }
}
