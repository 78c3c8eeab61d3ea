//! The parse of a document's text, as the extraction pipeline keeps it: the
//! sentences of a [`Text`] split into the words the treebanks use, tagged and
//! parsed, each word with its offsets in the text.
//!
//! The treebanks split what the text's tokens keep whole: contractions
//! ("don't" is "do" + "n't", "they're" is "they" + "'re") and hyphenated
//! words ("75-year-old" is "75", "-", "year", "-", "old"). [`words`] makes
//! that split; each word remembers the token it came from.

use std::fmt::Write as _;

use super::model::Model;
use crate::text::{Text, TokenKind};

/// Which sentences the pipeline parses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Parsing {
    /// None (the default).
    #[default]
    Off,
    /// Those the later stages read: a sentence with a mention, or with a
    /// pronoun coreference resolves.
    Needed,
    /// Every sentence.
    All,
}

/// A word of the text, tagged and attached to its head.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParsedWord {
    /// The text token it is (part of).
    pub token: usize,
    /// First byte in the text.
    pub start: usize,
    /// Byte just past it.
    pub end: usize,
    /// First character (Unicode scalar) offset.
    pub char_start: usize,
    /// Character offset just past it.
    pub char_end: usize,
    /// Universal part of speech.
    pub upos: &'static str,
    /// Penn Treebank tag.
    pub xpos: &'static str,
    /// The head's position in the sentence (1-based); 0 for the root.
    pub head: usize,
    /// The dependency relation to the head (`nsubj:pass`).
    pub deprel: &'static str,
}

/// The parse of one document: for each sentence of its text, its words, or
/// `None` for a sentence left unparsed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Parses {
    /// One entry a sentence of the text, in order.
    pub sentences: Vec<Option<Vec<ParsedWord>>>,
}

impl Parses {
    /// The number of sentences parsed.
    pub fn parsed(&self) -> usize {
        self.sentences.iter().filter(|s| s.is_some()).count()
    }

    /// Appends the parsed sentences to `out` as CoNLL-U, the document's
    /// `# newdoc id` first. Each word's MISC column gives its character
    /// offsets in the text (`TokenRange=start:end`, as UDPipe writes them)
    /// and `SpaceAfter=No` where no space follows it.
    pub fn write_conllu(&self, text: &Text, doc_id: &str, out: &mut String) {
        let _ = writeln!(out, "# newdoc id = {}", one_line(doc_id));
        let raw = text.as_str();
        for (k, words) in self.sentences.iter().enumerate() {
            let Some(words) = words else { continue };
            let (Some(first), Some(last)) = (words.first(), words.last()) else {
                continue;
            };
            let _ = writeln!(out, "# sent_id = {}", k + 1);
            let _ = writeln!(out, "# text = {}", one_line(&raw[first.start..last.end]));
            for (i, w) in words.iter().enumerate() {
                let joined = words.get(i + 1).is_some_and(|next| next.start == w.end);
                let _ = writeln!(
                    out,
                    "{}\t{}\t_\t{}\t{}\t_\t{}\t{}\t_\t{}TokenRange={}:{}",
                    i + 1,
                    one_line(&raw[w.start..w.end]),
                    w.upos,
                    w.xpos,
                    w.head,
                    w.deprel,
                    if joined { "SpaceAfter=No|" } else { "" },
                    w.char_start,
                    w.char_end
                );
            }
            out.push('\n');
        }
    }
}

fn one_line(s: &str) -> String {
    s.replace(['\t', '\n', '\r'], " ")
}

/// The pronouns coreference resolves: a sentence with one is parsed.
pub const PRONOUNS: [&str; 10] = [
    "he", "she", "they", "it", "his", "her", "its", "their", "him", "them",
];

/// A sentence longer than this many words (a table, a list run together) is
/// parsed in pieces of this many, the root of each later piece attached to
/// the first's as `parataxis`: time and memory stay bounded by the piece.
pub const MAX_WORDS: usize = 250;

/// Parses the sentences of `text` for which `wanted` (given the sentence's
/// index) is true, with the beam `beam` (0 or 1: greedy). An untrained
/// `model` parses nothing.
pub fn parse(
    model: &'static Model,
    text: &Text,
    beam: usize,
    mut wanted: impl FnMut(usize) -> bool,
) -> Parses {
    let mut spans = Vec::new();
    let sentences = text
        .sentences()
        .iter()
        .enumerate()
        .map(|(k, sentence)| {
            if !model.is_trained() || !wanted(k) {
                return None;
            }
            spans.clear();
            words(text, sentence.first, sentence.end, &mut spans);
            let raw = text.as_str();
            let forms: Vec<&str> = spans.iter().map(|w| &raw[w.start..w.end]).collect();
            let mut parsed: Vec<ParsedWord> = Vec::with_capacity(spans.len());
            let mut root = None;
            for (piece, words) in forms.chunks(MAX_WORDS).zip(spans.chunks(MAX_WORDS)) {
                let offset = parsed.len();
                for (w, a) in words.iter().zip(model.analyse(piece, beam)) {
                    let (upos, xpos) = model.tag_name(a.tag);
                    let (head, deprel) = match (a.head, root) {
                        // The root of a later piece hangs from the first's.
                        (0, Some(first)) => (first, "parataxis"),
                        (0, None) => {
                            root = Some(parsed.len() + 1);
                            (0, model.label_name(a.label))
                        }
                        (h, _) => (h as usize + offset, model.label_name(a.label)),
                    };
                    parsed.push(ParsedWord {
                        upos,
                        xpos,
                        head,
                        deprel,
                        ..*w
                    });
                }
            }
            Some(parsed)
        })
        .collect();
    Parses { sentences }
}

/// Appends the treebank words of tokens `first..end` of `text` to `out`,
/// untagged (tags `_`, head 0, relation `dep`).
pub fn words(text: &Text, first: usize, end: usize, out: &mut Vec<ParsedWord>) {
    let raw = text.as_str();
    for (k, token) in text.tokens()[first..end].iter().enumerate() {
        let mut push = |start: usize, stop: usize| {
            let before = raw[token.start..start].chars().count();
            let len = raw[start..stop].chars().count();
            out.push(ParsedWord {
                token: first + k,
                start,
                end: stop,
                char_start: token.char_start + before,
                char_end: token.char_start + before + len,
                upos: "_",
                xpos: "_",
                head: 0,
                deprel: "dep",
            });
        };
        let word = &raw[token.start..token.end];
        if token.kind == TokenKind::Punct || word.len() < 3 {
            push(token.start, token.end);
            continue;
        }
        // Hyphens split ("75-year-old"), then each part loses a contraction.
        let mut at = token.start;
        for part in word.split_inclusive('-') {
            let (body, hyphen) = match part.strip_suffix('-') {
                Some(body) if !body.is_empty() => (body, true),
                _ => (part, false),
            };
            let cut = contraction(body);
            if cut > 0 && cut < body.len() {
                push(at, at + cut);
                push(at + cut, at + body.len());
            } else if !body.is_empty() {
                push(at, at + body.len());
            }
            if hyphen {
                push(at + body.len(), at + part.len());
            }
            at += part.len();
        }
    }
}

/// Where a contraction starts in `word` ("do|n't", "they|'re"), or 0.
fn contraction(word: &str) -> usize {
    let lower = word.to_lowercase();
    if lower.len() != word.len() {
        return 0;
    }
    for suffix in ["n't", "n\u{2019}t"] {
        if lower.ends_with(suffix) && lower.len() > suffix.len() {
            return word.len() - suffix.len();
        }
    }
    for apostrophe in ['\'', '\u{2019}'] {
        if let Some(at) = lower.rfind(apostrophe) {
            if matches!(
                &lower[at + apostrophe.len_utf8()..],
                "re" | "ve" | "ll" | "d" | "m"
            ) {
                return at;
            }
        }
    }
    0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(raw: &str) -> Vec<String> {
        let text = Text::new(raw);
        let mut out = Vec::new();
        words(&text, 0, text.tokens().len(), &mut out);
        out.iter().map(|w| raw[w.start..w.end].to_owned()).collect()
    }

    #[test]
    fn words_split_as_the_treebanks_do() {
        assert_eq!(
            split("They don't know the 75-year-old man's plan; we're sure I'd go."),
            [
                "They", "do", "n't", "know", "the", "75", "-", "year", "-", "old", "man", "'s",
                "plan", ";", "we", "'re", "sure", "I", "'d", "go", "."
            ]
        );
        assert_eq!(
            split("can\u{2019}t U.S. co-op"),
            ["ca", "n\u{2019}t", "U.S.", "co", "-", "op"]
        );
    }

    #[test]
    fn a_parse_keeps_offsets_and_writes_conllu() {
        let raw = "Police arrested him.\nThe weather was fine.";
        let text = Text::new(raw);
        let parses = parse(Model::shipped(), &text, 1, |k| k == 0);
        assert_eq!(parses.parsed(), 1);
        let words = parses.sentences[0].as_ref().unwrap();
        let forms: Vec<&str> = words.iter().map(|w| &raw[w.start..w.end]).collect();
        assert_eq!(forms, ["Police", "arrested", "him", "."]);
        assert_eq!((words[2].char_start, words[2].char_end), (16, 19));
        assert_eq!((words[0].deprel, words[0].head), ("nsubj", 2));
        assert_eq!((words[2].deprel, words[2].head), ("obj", 2));
        assert_eq!(words[1].upos, "VERB");
        let mut out = String::new();
        parses.write_conllu(&text, "doc 1", &mut out);
        assert_eq!(
            out.lines().take(4).collect::<Vec<_>>(),
            [
                "# newdoc id = doc 1",
                "# sent_id = 1",
                "# text = Police arrested him.",
                "1\tPolice\t_\tNOUN\tNNS\t_\t2\tnsubj\t_\tTokenRange=0:6",
            ]
        );
        assert!(
            out.contains("3\thim\t_\tPRON\tPRP\t_\t2\tobj\t_\tSpaceAfter=No|TokenRange=16:19\n")
        );
        assert!(!out.contains("weather"));
    }

    #[test]
    fn a_sentence_too_long_is_parsed_in_pieces_with_one_root() {
        let raw = "the minister said that ".repeat(200);
        let text = Text::new(&raw);
        assert_eq!(text.sentences().len(), 1);
        let parses = parse(Model::fast(), &text, 1, |_| true);
        let words = parses.sentences[0].as_ref().unwrap();
        assert_eq!(words.len(), 800);
        assert_eq!(words.iter().filter(|w| w.head == 0).count(), 1);
        assert!(words.iter().all(|w| w.head <= words.len()));
        let root = words.iter().position(|w| w.head == 0).unwrap() + 1;
        assert!(root <= MAX_WORDS);
        let joined: Vec<usize> = (0..words.len())
            .filter(|&i| words[i].deprel == "parataxis" && words[i].head == root)
            .collect();
        assert!(joined.len() >= 3, "{joined:?}");
        // Each piece's words point inside their piece, or to the first root.
        for (i, w) in words.iter().enumerate() {
            let piece = i / MAX_WORDS;
            assert!(
                w.head == 0 || w.head == root || (w.head - 1) / MAX_WORDS == piece,
                "{i}"
            );
        }
    }
}
