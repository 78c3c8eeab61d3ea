//! Token features for the tagger, hashed to 64 bits.
//!
//! Every token gets the same [`TEMPLATES`] features, each the hash of a template
//! number and a value: the word, its neighbours, shapes, prefixes and suffixes,
//! the sentence position and case, what the gazetteers, lexicons and lists
//! of known names ([`crate::names`]) know of it, and its Brown cluster and casing from the word tables
//! (`data/clusters.tsv`, `data/casing.tsv`).
//! Hashing (FNV-1a, fixed) keeps the model free of strings and the same on
//! every machine.

use crate::gazetteer::{Gazetteer, PlaceName};
use crate::names::Names;

/// Features per token.
pub const TEMPLATES: usize = 45;

/// The templates that look at the token's word alone, not at its context
/// (its lower case, shapes, prefixes, suffixes, lexicon class, cluster and
/// casing): for a given word they are the same features in every sentence.
pub const OWN_TEMPLATES: [usize; 16] =
    [1, 6, 7, 12, 13, 14, 15, 16, 22, 30, 31, 32, 33, 36, 37, 38];

/// A 64-bit FNV-1a hash under construction.
#[derive(Clone, Copy)]
struct Fnv(u64);

impl Fnv {
    fn byte(self, b: u8) -> Self {
        Fnv((self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
    }

    fn str(self, s: &str) -> Self {
        // A separator keeps ("ab", "c") apart from ("a", "bc").
        self.str_open(s).byte(0xff)
    }

    /// The bytes of `s` without the separator: more may follow.
    fn str_open(self, s: &str) -> Self {
        s.bytes().fold(self, Fnv::byte)
    }
}

/// What the tagger looks at of one word, with its parts hashed once.
struct Word {
    own: OwnHashes,
    h_gazetteer: u64,
    /// Its place and classes in a known name ([`crate::names`]).
    h_names: u64,
}

/// The hashes of what a word is on its own, whatever its context: its lower
/// case, shapes, lexicon class, prefixes and suffixes of its lower case, its
/// cluster and its casing.
#[derive(Clone, Copy)]
pub(crate) struct OwnHashes {
    pub(crate) h_lower: u64,
    pub(crate) h_shape: u64,
    pub(crate) h_short: u64,
    pub(crate) h_lexical: u64,
    pub(crate) prefix2: u64,
    pub(crate) prefix3: u64,
    pub(crate) suffix2: u64,
    pub(crate) suffix3: u64,
    pub(crate) suffix4: u64,
    /// The word's cluster path cut at 4, 6 and 10 steps, and whole.
    pub(crate) clusters: [u64; 4],
    /// How common the word is, and how often written capitalized.
    pub(crate) casing: [u64; 3],
}

impl OwnHashes {
    fn of(g: &Gazetteer, word: &str) -> Self {
        let lower = word.to_lowercase();
        let (h_shape, h_short) = shape_hashes(word);
        let prefix = |n: usize| {
            let end = lower.char_indices().nth(n).map_or(lower.len(), |(b, _)| b);
            hash(&lower[..end])
        };
        let suffix = |n: usize| {
            let start = lower
                .char_indices()
                .rev()
                .nth(n.saturating_sub(1))
                .map_or(0, |(b, _)| b);
            hash(&lower[start..])
        };
        OwnHashes {
            h_lower: hash(&lower),
            h_shape,
            h_short,
            h_lexical: hash(lexical(g, word, &lower)),
            prefix2: prefix(2),
            prefix3: prefix(3),
            suffix2: suffix(2),
            suffix3: suffix(3),
            suffix4: suffix(4),
            clusters: cluster_hashes(word),
            casing: casing_hashes(&lower, h_short),
        }
    }
}

/// What a word is on its own, from the thread's cache of words seen lately
/// (the parser's word features).
pub(crate) fn own_hashes(word: &str) -> OwnHashes {
    let g = Gazetteer::get();
    OWN_CACHE.with_borrow_mut(|cache| cache.get(word, || OwnHashes::of(g, word)))
}

thread_local! {
    /// Words seen lately and their [`OwnHashes`]: news repeats its words.
    static OWN_CACHE: std::cell::RefCell<super::cache::WordCache<OwnHashes>> =
        std::cell::RefCell::default();
}

/// Brown clusters of English words, `word<TAB>path`, sorted by word (see
/// data/README.md).
const CLUSTERS: &str = include_str!("../../../../data/clusters.tsv");

/// How often words are written capitalized, `lower<TAB>rarity<TAB>title
/// tenths<TAB>upper tenths`, sorted by word (see data/README.md).
const CASING: &str = include_str!("../../../../data/casing.tsv");

/// The rest of `key`'s line in `table`: lines `key<TAB>rest`, sorted by key
/// (byte order). A binary search over the text itself: nothing to build at
/// start-up, no memory beyond the text.
fn sorted_lookup<'t>(table: &'t str, key: &str) -> Option<&'t str> {
    let bytes = table.as_bytes();
    // Both bounds are line starts (or the end).
    let (mut low, mut high) = (0, bytes.len());
    while low < high {
        let mid = low + (high - low) / 2;
        let start = bytes[low..mid]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(low, |p| low + p + 1);
        let end = bytes[start..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(bytes.len(), |p| start + p);
        let (k, rest) = table[start..end].split_once('\t')?;
        match k.cmp(key) {
            std::cmp::Ordering::Equal => return Some(rest),
            std::cmp::Ordering::Less => low = end + 1,
            std::cmp::Ordering::Greater => high = start,
        }
    }
    None
}

/// The word's Brown cluster path (as written, else title-cased, else lower
/// case), if it has one. A path ending in zeros is written without them.
/// Words seen lately are remembered (up to three searches of the sorted
/// list each, otherwise).
pub(crate) fn cluster_path(word: &str) -> Option<&'static str> {
    thread_local! {
        static PATHS: std::cell::RefCell<super::cache::WordCache<Option<&'static str>>> =
            std::cell::RefCell::default();
    }
    PATHS.with_borrow_mut(|cache| {
        cache.get(word, || {
            sorted_lookup(CLUSTERS, word)
                .or_else(|| sorted_lookup(CLUSTERS, &title_case(word)))
                .or_else(|| sorted_lookup(CLUSTERS, &word.to_lowercase()))
        })
    })
}

/// The hashes of the word's cluster path cut at 4, 6 and 10 steps, and
/// whole; `"<none>"` for a word without one.
fn cluster_hashes(word: &str) -> [u64; 4] {
    let found = sorted_lookup(CLUSTERS, word).map(|p| (p, "")).or_else(|| {
        let titled = title_case(word);
        let lower = word.to_lowercase();
        [(titled, "t"), (lower, "l")]
            .into_iter()
            .find_map(|(w, mark)| sorted_lookup(CLUSTERS, &w).map(|p| (p, mark)))
    });
    match found {
        // A path that ends in zeros is written without them (see
        // scripts/make_clusters.py): cut short, it is padded back with zeros,
        // so it still shares its prefix with its siblings.
        Some((path, mark)) => [4, 6, 10, path.len()].map(|n| {
            let cut = &path[..n.min(path.len())];
            let zeros = n.saturating_sub(path.len());
            (0..zeros)
                .fold(Fnv(FNV_OFFSET).str(mark).str_open(cut), |h, _| h.byte(b'0'))
                .byte(0xff)
                .0
        }),
        None => [hash("<none>"); 4],
    }
}

/// The rarity, title and upper-case columns of `lower` in [`CASING`].
fn casing_of(lower: &str) -> Option<(&'static str, &'static str, &'static str)> {
    let mut cols = sorted_lookup(CASING, lower)?.split('\t');
    Some((cols.next()?, cols.next()?, cols.next()?))
}

/// How often, in tenths, the word (in lower case) is written capitalized,
/// if the word tables know it ("song" 1, "smith" 9).
pub(crate) fn capitalized_tenths(lower: &str) -> Option<u8> {
    casing_of(lower)?.1.parse().ok()
}

/// The hashes of what [`CASING`] says of the word: all of it, its title
/// share with the word's short shape, its rarity with the short shape.
fn casing_hashes(lower: &str, short: u64) -> [u64; 3] {
    match casing_of(lower) {
        Some((f, t, u)) => [
            Fnv(FNV_OFFSET).str(f).str(t).str(u).0,
            mix(1, &[hash(t), short]),
            mix(2, &[hash(f), short]),
        ],
        None => [hash("<none>"), mix(1, &[short]), mix(2, &[short])],
    }
}

/// FNV-1a's starting value.
const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

/// The FNV-1a hash of a string.
pub(crate) fn hash(s: &str) -> u64 {
    Fnv(FNV_OFFSET).str(s).0
}

/// A feature: its template and the hashes of its parts, mixed.
pub(crate) fn mix(template: u64, parts: &[u64]) -> u64 {
    parts
        .iter()
        .fold(template.wrapping_mul(0x9e37_79b9_7f4a_7c15), |h, p| {
            (h ^ p).wrapping_mul(0x0100_0000_01b3).rotate_left(23)
        })
}

/// The shape of a character: X for upper case, x for lower, d for digits,
/// the character itself otherwise.
fn shape_char(c: char) -> char {
    if c.is_uppercase() {
        'X'
    } else if c.is_lowercase() {
        'x'
    } else if c.is_numeric() {
        'd'
    } else {
        c
    }
}

/// The shape of a word's first 12 characters ("Xxxxx", "X.X.", "dd-dd").
#[cfg(test)]
fn shape(word: &str) -> String {
    word.chars().take(12).map(shape_char).collect()
}

/// The hashes of a word's shape and of its short shape, as `hash` would give
/// them for `shape` and `short_shape`, without building either.
fn shape_hashes(word: &str) -> (u64, u64) {
    let mut full = Fnv(FNV_OFFSET);
    let mut short = Fnv(FNV_OFFSET);
    let mut last = None;
    let mut buf = [0u8; 4];
    for c in word.chars().take(12).map(shape_char) {
        let bytes = c.encode_utf8(&mut buf).as_bytes();
        full = bytes.iter().fold(full, |h, &b| h.byte(b));
        if last != Some(c) {
            short = bytes.iter().fold(short, |h, &b| h.byte(b));
            last = Some(c);
        }
    }
    (full.byte(0xff).0, short.byte(0xff).0)
}

/// The shape with runs collapsed ("Xx", "X.X.", "d-d").
#[cfg(test)]
fn short_shape(shape: &str) -> String {
    let mut out = String::new();
    for c in shape.chars() {
        if !out.ends_with(c) {
            out.push(c);
        }
    }
    out
}

/// The lexicons' class of a word.
fn lexical(g: &Gazetteer, word: &str, lower: &str) -> &'static str {
    if g.org_cues.contains_key(lower) {
        "org-cue"
    } else if g.event_cues.contains_key(lower) {
        "event-cue"
    } else if g.place_cues.contains(lower) {
        "place-cue"
    } else if g.title_first_words.contains(lower) {
        "title"
    } else if g.given_names.contains(word) {
        "given-name"
    } else if !is_title_case(word) && g.given_names.contains(&title_case(word)) {
        "given-name-lc"
    } else {
        match g.common_pos(lower) {
            Some("NOUN") => "noun",
            Some("VERB") => "verb",
            Some("ADJ") => "adj",
            Some("PROPN") => "propn",
            Some(_) => "function",
            None => "unknown",
        }
    }
}

/// "Malaysia" for "malaysia" or "MALAYSIA".
fn title_case(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map_or_else(String::new, |c| {
        c.to_uppercase()
            .chain(chars.flat_map(char::to_lowercase))
            .collect()
    })
}

/// The longest gazetteer name starting at `i`, as written or title-cased.
fn gazetteer_at(g: &Gazetteer, words: &[&str], i: usize) -> Option<(usize, PlaceName, bool)> {
    let first = words[i];
    if !first.chars().next().is_some_and(char::is_alphabetic) {
        return None;
    }
    // Title-casing is tried for lowercase words that are not ordinary words
    // ("malaysia", "san diego": web text), up to three words.
    let lower = first.chars().all(char::is_lowercase);
    if lower && g.is_common(first) {
        return None;
    }
    let most = if lower { 3 } else { g.max_name_words };
    let max = most.min(words.len() - i);
    let (mut key, mut titled) = (String::new(), String::new());
    let mut best = None;
    for (n, w) in words[i..i + max].iter().enumerate() {
        // No name goes on past punctuation.
        if !w.chars().any(char::is_alphanumeric) {
            break;
        }
        if n > 0 {
            key.push(' ');
            titled.push(' ');
        }
        key.extend(w.chars().map(|c| if c == '’' { '\'' } else { c }));
        if let Some(p) = g.lookup(&key) {
            best = Some((n + 1, p, false));
        } else if lower {
            titled.push_str(&title_case(w));
            if let Some(p) = g.lookup(&titled) {
                best = Some((n + 1, p, true));
            }
            continue;
        }
        if lower {
            titled.push_str(&title_case(w));
        }
    }
    best
}

/// Is the word title-cased already ("Mary")? Then [`title_case`] changes nothing.
fn is_title_case(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(char::is_uppercase) && chars.all(|c| !c.is_uppercase())
}

/// BILOU positions of the names `at` finds in `words`: `at(i)` gives the
/// length and the label of the longest name starting at word `i`, and each
/// word of it gets `B-label`, `I-label`, `L-label` or `U-label` (`-`
/// outside names).
fn span_tags(
    words: &[&str],
    mut at: impl FnMut(usize) -> Option<(usize, String)>,
) -> Vec<std::borrow::Cow<'static, str>> {
    let mut tags = vec![std::borrow::Cow::Borrowed("-"); words.len()];
    let mut i = 0;
    while i < words.len() {
        let Some((n, label)) = at(i) else {
            i += 1;
            continue;
        };
        for (k, tag) in tags[i..i + n].iter_mut().enumerate() {
            let pos = match (k, n) {
                (_, 1) => "U",
                (0, _) => "B",
                (k, n) if k + 1 == n => "L",
                _ => "I",
            };
            *tag = format!("{pos}-{label}").into();
        }
        i += n;
    }
    tags
}

/// BILOU positions of the longest gazetteer names in `words`.
fn gazetteer_tags(g: &Gazetteer, words: &[&str]) -> Vec<std::borrow::Cow<'static, str>> {
    span_tags(words, |i| {
        let (n, place, titled) = gazetteer_at(g, words, i)?;
        let case = if titled { "-lc" } else { "" };
        let kind = match place {
            PlaceName::Country(_) => "country",
            PlaceName::Demonym(_) => "demonym",
            PlaceName::City(_) => "city",
            PlaceName::Org(_) => "org",
        };
        Some((n, format!("{kind}{case}")))
    })
}

/// BILOU positions of the longest known names ([`Names`]) in `words`, with
/// their classes (`B-team+title`).
fn known_name_tags(names: &Names, words: &[&str]) -> Vec<std::borrow::Cow<'static, str>> {
    span_tags(words, |i| names.at(&words[i..]))
}

/// The features of every token of a sentence: `TEMPLATES` hashes a token, flat.
pub fn sentence(g: &Gazetteer, words: &[&str]) -> Vec<u64> {
    let gazetteer = gazetteer_tags(g, words);
    let names = known_name_tags(Names::get(), words);
    let info: Vec<Word> = OWN_CACHE.with_borrow_mut(|cache| {
        words
            .iter()
            .zip(gazetteer)
            .zip(names)
            .map(|((w, gazetteer), names)| Word {
                own: cache.get(w, || OwnHashes::of(g, w)),
                h_gazetteer: hash(&gazetteer),
                h_names: hash(&names),
            })
            .collect()
    });
    let case = hash(sentence_case(words));
    let mut out = Vec::with_capacity(words.len() * TEMPLATES);
    for i in 0..info.len() {
        token(&info, i, case, &mut out);
    }
    out
}

/// How the sentence is written: "upper" (mostly capitals), "lower" (no
/// capitals at all), "title" (most words capitalized: a headline) or "mixed".
fn sentence_case(words: &[&str]) -> &'static str {
    // Counted over the words with a letter.
    let (mut counted, mut upper, mut capitalized, mut lower) = (0, 0, 0, 0);
    for w in words {
        let mut letters = w.chars().filter(|c| c.is_alphabetic());
        let Some(first) = letters.clone().next() else {
            continue;
        };
        counted += 1;
        if letters.clone().all(char::is_uppercase) && letters.nth(1).is_some() {
            upper += 1;
        } else if first.is_uppercase() {
            capitalized += 1;
        } else {
            lower += 1;
        }
    }
    if counted < 3 {
        "mixed"
    } else if upper * 10 >= counted * 7 {
        "upper"
    } else if lower == counted {
        "lower"
    } else if capitalized * 10 >= counted * 7 {
        "title"
    } else {
        "mixed"
    }
}

/// Pushes the `TEMPLATES` features of token `i`.
/// `case` is the hash of the sentence's [`sentence_case`].
fn token(info: &[Word], i: usize, case: u64, out: &mut Vec<u64>) {
    let none = hash("<none>");
    let at = |d: isize| -> Option<&Word> { i.checked_add_signed(d).and_then(|k| info.get(k)) };
    let lower = |d| at(d).map_or(none, |w: &Word| w.own.h_lower);
    let short = |d| at(d).map_or(none, |w: &Word| w.own.h_short);
    let lex = |d| at(d).map_or(none, |w: &Word| w.own.h_lexical);
    let gaz = |d| at(d).map_or(none, |w: &Word| w.h_gazetteer);
    let known = |d| at(d).map_or(none, |w: &Word| w.h_names);
    let cluster = |d| at(d).map_or(none, |w: &Word| w.own.clusters[3]);
    let own = &info[i].own;
    let position = hash(match i {
        0 => "first",
        _ if i + 1 == info.len() => "last",
        _ => "inner",
    });
    let (lw, sw, xw, gw) = (own.h_lower, own.h_short, own.h_lexical, info[i].h_gazetteer);
    let features: [u64; TEMPLATES] = [
        mix(0, &[]),
        mix(1, &[lw]),
        mix(2, &[lower(-1)]),
        mix(3, &[lower(1)]),
        mix(4, &[lower(-2)]),
        mix(5, &[lower(2)]),
        mix(6, &[own.h_shape]),
        mix(7, &[sw]),
        mix(8, &[short(-1)]),
        mix(9, &[short(1)]),
        mix(10, &[short(-1), sw]),
        mix(11, &[sw, short(1)]),
        mix(12, &[own.prefix2]),
        mix(13, &[own.prefix3]),
        mix(14, &[own.suffix2]),
        mix(15, &[own.suffix3]),
        mix(16, &[own.suffix4]),
        mix(17, &[position, sw]),
        mix(18, &[lower(-1), lw]),
        mix(19, &[lw, lower(1)]),
        mix(20, &[lower(-1), sw]),
        mix(21, &[sw, lower(1)]),
        mix(22, &[xw]),
        mix(23, &[lex(-1)]),
        mix(24, &[lex(1)]),
        mix(25, &[lex(-1), xw, lex(1)]),
        mix(26, &[gw]),
        mix(27, &[gaz(-1), gw, gaz(1)]),
        mix(28, &[short(-2), short(-1), sw]),
        mix(29, &[sw, lex(1), lower(2)]),
        mix(30, &[own.clusters[0]]),
        mix(31, &[own.clusters[1]]),
        mix(32, &[own.clusters[2]]),
        mix(33, &[own.clusters[3]]),
        mix(34, &[cluster(-1)]),
        mix(35, &[cluster(1)]),
        mix(36, &[own.casing[0]]),
        mix(37, &[own.casing[1]]),
        mix(38, &[own.casing[2]]),
        mix(39, &[case, sw]),
        mix(40, &[case, own.casing[0]]),
        mix(41, &[case, own.clusters[3]]),
        mix(42, &[known(0)]),
        mix(43, &[known(-1), known(0), known(1)]),
        mix(44, &[known(0), lower(-1)]),
    ];
    out.extend_from_slice(&features);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_longest_name_from_a_capitalized_word_is_tagged() {
        let names = Names::parse(&["chicago\tplace\nchicago bulls\tteam\nreuters\tcompany\n"]);
        let words = [
            "The", "Chicago", "Bulls", "beat", "reuters", "and", "CHICAGO",
        ];
        let tags = known_name_tags(&names, &words);
        assert_eq!(
            tags,
            ["-", "B-team", "L-team", "-", "-", "-", "U-place"].map(std::borrow::Cow::Borrowed)
        );
    }

    #[test]
    fn own_templates_do_not_look_at_the_context() {
        let g = Gazetteer::get();
        let a = sentence(g, &["Cabello", "said", "so", "."]);
        let b = sentence(
            g,
            &["Yesterday", ",", "Mr", "Cabello", "of", "Caracas", "left"],
        );
        let (a, b) = (&a[..TEMPLATES], &b[3 * TEMPLATES..4 * TEMPLATES]);
        for t in OWN_TEMPLATES {
            assert_eq!(a[t], b[t], "template {t}");
        }
        // The contexts differ: the previous word's template (2) tells them apart.
        assert_ne!(a[2], b[2]);
    }

    #[test]
    fn shape_hashes_are_the_hashes_of_the_shapes() {
        for w in [
            "Maduro",
            "U.S.",
            "2018",
            "dd--ÉÉé",
            "",
            "Nicolás-Maduro-Moros-2024",
            "😀x",
        ] {
            let s = shape(w);
            assert_eq!(shape_hashes(w), (hash(&s), hash(&short_shape(&s))), "{w}");
        }
    }

    #[test]
    fn shapes() {
        assert_eq!(shape("Maduro"), "Xxxxxx");
        assert_eq!(short_shape(&shape("Maduro")), "Xx");
        assert_eq!(short_shape(&shape("U.S.")), "X.X.");
        assert_eq!(short_shape(&shape("2018")), "d");
    }

    #[test]
    fn every_token_gets_every_template_and_context_matters() {
        let g = Gazetteer::get();
        let a = sentence(g, &["Nicolás", "Maduro", "visited", "Caracas", "."]);
        assert_eq!(a.len(), 5 * TEMPLATES);
        let b = sentence(g, &["Nicolás", "Maduro", "visited", "Lima", "."]);
        // "Nicolás" sees two words to its right, not three; "Maduro" sees both.
        assert_eq!(a[..TEMPLATES], b[..TEMPLATES]);
        assert_ne!(a[TEMPLATES..2 * TEMPLATES], b[TEMPLATES..2 * TEMPLATES]);
    }

    #[test]
    fn clusters_group_words_of_a_kind_and_keep_their_case() {
        let [paris, chicago, apple] = ["Paris", "Chicago", "Apple"].map(cluster_hashes);
        // Paris and Chicago share the top ten steps of their paths, not the whole.
        assert_eq!(paris[..3], chicago[..3]);
        assert_ne!(paris[3], chicago[3]);
        assert_ne!(paris[3], apple[3]);
        let none = [hash("<none>"); 4];
        assert_eq!(cluster_hashes("Zqxvbw"), none);
        // A word without a cluster of its own takes its title case's
        // ("ABORTION": "Abortion", not "abortion"), marked as borrowed.
        let path = sorted_lookup(CLUSTERS, "Abortion").unwrap();
        assert_ne!(sorted_lookup(CLUSTERS, "abortion"), Some(path));
        assert_eq!(sorted_lookup(CLUSTERS, "ABORTION"), None);
        let borrowed = |mark: &str, path: &str, n: usize| {
            Fnv(FNV_OFFSET).str(mark).str(&path[..n.min(path.len())]).0
        };
        let caps = cluster_hashes("ABORTION");
        assert_eq!(caps[3], borrowed("t", path, usize::MAX));
        assert_eq!(caps[2], borrowed("t", path, 10));
        assert_ne!(caps, cluster_hashes("Abortion"));
    }

    #[test]
    fn short_paths_are_padded_to_their_prefix_length() {
        // "011" cut at four steps is "0110", the same as its sibling "0110...".
        let h = |s: &str| Fnv(FNV_OFFSET).str("").str(s).0;
        let short = (0..1).fold(Fnv(FNV_OFFSET).str("").str_open("011"), |h, _| h.byte(b'0'));
        assert_eq!(short.byte(0xff).0, h("0110"));
        let (word, path) = CLUSTERS
            .lines()
            .filter_map(|l| l.split_once('\t'))
            .find(|(_, p)| p.len() < 4)
            .expect("a path shorter than four steps");
        let padded = format!("{path:0<4}");
        assert_eq!(cluster_hashes(word)[0], h(&padded));
        assert_eq!(cluster_hashes(word)[3], h(path));
    }

    #[test]
    fn casing_tells_names_from_words() {
        let (_, short) = shape_hashes("Xx");
        let [obama, according, nasa] =
            ["obama", "according", "nasa"].map(|w| casing_hashes(w, short));
        assert_ne!(obama[0], according[0]);
        assert_ne!(obama[0], nasa[0]);
        assert_eq!(casing_hashes("zqxvbw", short)[0], hash("<none>"));
        // The rows the features come from.
        assert_eq!(casing_of("obama"), Some(("10", "9", "0")));
        assert_eq!(casing_of("nasa").map(|r| r.2), Some("9"));
    }

    #[test]
    fn sentence_case() {
        assert_eq!(
            super::sentence_case(&["THE", "PRESIDENT", "SAID", "NO", "."]),
            "upper"
        );
        assert_eq!(super::sentence_case(&["i", "went", "to", "paris"]), "lower");
        assert_eq!(
            super::sentence_case(&["Obama", "Visits", "Paris", "Today"]),
            "title"
        );
        assert_eq!(
            super::sentence_case(&["Obama", "visited", "Paris", "."]),
            "mixed"
        );
        assert_eq!(super::sentence_case(&["Hi", "!"]), "mixed");
    }

    #[test]
    fn gazetteer_positions() {
        let g = Gazetteer::get();
        let tags = gazetteer_tags(g, &["in", "South", "Korea", "and", "Caracas"]);
        assert_eq!(tags, ["-", "B-country", "L-country", "-", "U-city"]);
    }
}
