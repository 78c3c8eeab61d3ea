//! Hashing for the resolver's features: a template's or value's hash with
//! its text ([`Value`]), and a mention's words hashed once ([`Keys`]).

/// A feature's template or value: its hash, and its text for explaining.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Value<'a> {
    hash: u64,
    text: &'a str,
}

/// FNV-1a over the bytes of `s`, then a final mix, so that the low bits
/// depend on every byte. A `const fn`, so that the templates and fixed
/// values are hashed when the program is compiled.
pub const fn fnv(s: &str) -> u64 {
    let bytes = s.as_bytes();
    let mut h = 0xcbf2_9ce4_8422_2325u64;
    let mut i = 0;
    while i < bytes.len() {
        h ^= bytes[i] as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
        i += 1;
    }
    finish(h)
}

/// The MurmurHash3 finalizer: every bit of `h` reaches every bit.
pub const fn finish(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

/// `h` followed by `v`: order matters ("sg|pl" is not "pl|sg").
pub const fn mix(h: u64, v: u64) -> u64 {
    (h.rotate_left(23) ^ v).wrapping_mul(0x9e37_79b9_7f4a_7c15)
}

impl<'a> Value<'a> {
    /// The value `text`, hashed (at compile time in a `const` context).
    pub const fn of(text: &'a str) -> Self {
        Value {
            hash: fnv(text),
            text,
        }
    }

    /// A value whose text was hashed already (to `hash`, by [`fnv`]).
    pub fn hashed(hash: u64, text: &'a str) -> Self {
        Value { hash, text }
    }

    /// Its hash.
    pub fn hash(self) -> u64 {
        self.hash
    }

    /// Its text.
    pub fn text(self) -> &'a str {
        self.text
    }
}

impl Default for Value<'_> {
    fn default() -> Self {
        Value::of("")
    }
}

/// A template or fixed value, hashed at compile time.
macro_rules! v {
    ($text:literal) => {
        const { $crate::coref::keys::Value::of($text) }
    };
}
pub(crate) use v;

/// `y` or `n`.
pub fn yn(b: bool) -> Value<'static> {
    if b {
        v!("y")
    } else {
        v!("n")
    }
}

/// A mention's words, hashed once when the mention is made.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Keys {
    /// The head word.
    pub head: u64,
    /// The first word.
    pub first: u64,
    /// The head's word cluster.
    pub cluster: u64,
    /// The head's relation.
    pub deprel: u64,
    /// The words (`Mention::words`).
    pub words: Vec<u64>,
    /// Is the head a title or position ("minister", "president")?
    pub title: bool,
    /// The determiner class (`Mention::det`).
    pub det: Value<'static>,
    /// The pronoun group (`Mention::pronoun`).
    pub pronoun: Value<'static>,
    /// The class the features of the mention as an anaphor are conjoined
    /// with (`mentions::class`).
    pub class: Value<'static>,
}

/// Who says a mention's sentence and to whom, hashed (from the
/// [`Turn`](super::gold::Turn) of a CoNLL-U file's `# speaker` and
/// `# addressee`): each name whole, and its words in lower case
/// (`SilasJWasserstrom` is "silas", "wasserstrom"), to meet a mention's head
/// word. All zero and empty when the text does not say, as in news.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Speech {
    /// The speaker's name (0: not given).
    pub speaker: u64,
    /// The addressee's name (0: not given).
    pub addressee: u64,
    /// The words of the speaker's name.
    pub speaker_words: Vec<u64>,
    /// The words of the addressee's name.
    pub addressee_words: Vec<u64>,
}

impl Speech {
    /// The keys of a turn.
    pub fn of(turn: &super::gold::Turn) -> Self {
        let whole = |name: &str| if name.is_empty() { 0 } else { fnv(name) };
        Speech {
            speaker: whole(&turn.speaker),
            addressee: whole(&turn.addressee),
            speaker_words: name_words(&turn.speaker),
            addressee_words: name_words(&turn.addressee),
        }
    }

    /// Is the speaker known?
    pub fn known(&self) -> bool {
        self.speaker != 0
    }
}

/// The words of a name written together (`SilasJWasserstrom`, `Judge`),
/// split before each capital, in lower case, hashed; initials (one letter)
/// left out.
fn name_words(name: &str) -> Vec<u64> {
    let mut words: Vec<String> = Vec::new();
    for c in name.chars() {
        if !c.is_alphanumeric() {
            words.push(String::new());
            continue;
        }
        if c.is_uppercase() || words.is_empty() {
            words.push(String::new());
        }
        if let Some(w) = words.last_mut() {
            w.extend(c.to_lowercase());
        }
    }
    words
        .iter()
        .filter(|w| w.chars().count() > 1)
        .map(|w| fnv(w))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_hash_the_same_at_compile_time_and_at_run_time() {
        let word = String::from("union");
        assert_eq!(v!("union"), Value::of(&word));
        assert_eq!(Value::hashed(fnv(&word), &word), Value::of(&word));
        assert_ne!(v!("union").hash(), v!("unions").hash());
        assert_eq!(yn(true).text(), "y");
    }

    #[test]
    fn a_speaker_name_is_split_into_its_words() {
        let turn = super::super::gold::Turn {
            speaker: "SilasJWasserstrom".into(),
            addressee: String::new(),
        };
        let speech = Speech::of(&turn);
        assert!(speech.known());
        assert_eq!(speech.speaker_words, vec![fnv("silas"), fnv("wasserstrom")]);
        assert_eq!(speech.addressee, 0);
        assert!(speech.addressee_words.is_empty());
        assert_eq!(name_words("Judge"), vec![fnv("judge")]);
        assert_eq!(
            name_words("Dr. Jane Roe"),
            vec![fnv("dr"), fnv("jane"), fnv("roe")]
        );
    }

    #[test]
    fn mixing_keeps_the_order_of_values() {
        let (sg, pl) = (v!("sg").hash(), v!("pl").hash());
        let num = v!("num").hash();
        assert_ne!(mix(mix(num, sg), pl), mix(mix(num, pl), sg));
        assert_ne!(finish(mix(num, sg)), finish(mix(v!("enum").hash(), sg)));
    }
}
