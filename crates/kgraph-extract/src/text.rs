//! Stage 1, text: a document's characters become tokens and sentences.
//!
//! Owns Unicode normalization (NFC), tokenization with byte offsets into the
//! normalized text, and sentence splitting that survives abbreviations and
//! initials ("U.S.", "Gen.", "Christian K. Caruzo"). Hands on a [`Text`].

use unicode_normalization::UnicodeNormalization;

use crate::lexicon;

/// What a token is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// Letters (with inner hyphens, apostrophes and abbreviation periods).
    Word,
    /// Digits (with inner separators: "10,000", "3.5").
    Number,
    /// Anything else, one character.
    Punct,
}

/// A token: a byte range into [`Text::as_str`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// First byte.
    pub start: usize,
    /// Byte just past the token.
    pub end: usize,
    /// Character (Unicode scalar) offset of the first character.
    pub char_start: usize,
    /// Character offset just past the token.
    pub char_end: usize,
    /// What it is made of.
    pub kind: TokenKind,
}

/// A sentence: a range of token indices.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sentence {
    /// Index of the first token.
    pub first: usize,
    /// Index just past the last token.
    pub end: usize,
}

/// The analysed text of one document.
#[derive(Debug, Clone)]
pub struct Text {
    text: String,
    tokens: Vec<Token>,
    sentences: Vec<Sentence>,
    char_len: usize,
}

impl Text {
    /// Normalizes `raw` to NFC and analyses it.
    ///
    /// ```
    /// let text = kgraph_extract::Text::new("Gen. Smith met U.S. envoys. They left.");
    /// assert_eq!(text.sentences().len(), 2);
    /// ```
    pub fn new(raw: &str) -> Self {
        // Invisible format characters go first ("Gonz\u{AD}alez" is one word);
        // offsets are into the normalized text, which the graph keeps.
        let visible: std::borrow::Cow<'_, str> = if raw.chars().any(is_invisible) {
            raw.chars()
                .filter(|c| !is_invisible(*c))
                .collect::<String>()
                .into()
        } else {
            raw.into()
        };
        let text: String = match unicode_normalization::is_nfc_quick(visible.chars()) {
            unicode_normalization::IsNormalized::Yes => visible.into_owned(),
            _ => visible.nfc().collect(),
        };
        let tokens = tokenize(&text);
        let sentences = split_sentences(&text, &tokens);
        let char_len = text.chars().count();
        Self {
            text,
            tokens,
            sentences,
            char_len,
        }
    }

    /// The normalized text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// All tokens in order.
    pub fn tokens(&self) -> &[Token] {
        &self.tokens
    }

    /// All sentences in order.
    pub fn sentences(&self) -> &[Sentence] {
        &self.sentences
    }

    /// The characters of token `i`.
    pub fn word(&self, i: usize) -> &str {
        let t = self.tokens[i];
        &self.text[t.start..t.end]
    }

    /// The text from the start of token `first` to the end of token `last - 1`.
    pub fn span_text(&self, first: usize, end: usize) -> &str {
        &self.text[self.tokens[first].start..self.tokens[end - 1].end]
    }

    /// The character (Unicode scalar) offsets of the tokens `first..end`.
    pub fn char_span(&self, first: usize, end: usize) -> (usize, usize) {
        (self.tokens[first].char_start, self.tokens[end - 1].char_end)
    }

    /// The tokens of the whole sentences that tokens `first..end` fall in,
    /// from the first one's start to the last one's end.
    ///
    /// ```
    /// let text = kgraph_extract::Text::new("He left. Gen. Smith met U.S. envoys. They stayed.");
    /// let (first, end) = text.sentences_around(5, 6);
    /// assert_eq!(text.span_text(first, end), "Gen. Smith met U.S. envoys.");
    /// ```
    pub fn sentences_around(&self, first: usize, end: usize) -> (usize, usize) {
        let of = |i: usize| self.sentences.partition_point(|s| s.end <= i);
        let (a, b) = (of(first), of(end.max(first + 1) - 1));
        match (self.sentences.get(a), self.sentences.get(b)) {
            (Some(a), Some(b)) => (a.first.min(first), b.end.max(end)),
            _ => (first, end),
        }
    }

    /// The length of the text in characters.
    pub fn char_len(&self) -> usize {
        self.char_len
    }
}

/// Folds a name for comparison: NFKD without marks, lower case, curly quotes
/// straightened, whitespace collapsed.
pub fn fold(name: &str) -> String {
    if name.is_ascii() {
        // The common case, without decomposition.
        let mut out = String::with_capacity(name.len());
        for word in name.split_ascii_whitespace() {
            if !out.is_empty() {
                out.push(' ');
            }
            out.extend(word.chars().map(|c| c.to_ascii_lowercase()));
        }
        return out;
    }
    let stripped: String = name
        .nfkd()
        .filter(|c| !matches!(c, '\u{0300}'..='\u{036F}'))
        .map(|c| if c == '’' { '\'' } else { c })
        .collect();
    stripped
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '’'
}

fn tokenize(text: &str) -> Vec<Token> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let at = |i: usize| chars.get(i).map(|&(_, c)| c);
    let offset = |i: usize| chars.get(i).map_or(text.len(), |&(o, _)| o);
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i].1;
        if c.is_whitespace() || c.is_control() || is_invisible(c) {
            i += 1;
            continue;
        }
        let start = i;
        let kind;
        if c.is_alphabetic() {
            kind = TokenKind::Word;
            i += 1;
            loop {
                match at(i) {
                    Some(c) if c.is_alphanumeric() || is_mark(c) => i += 1,
                    // Inner hyphen or apostrophe joins letters ("Anti-Fascist", "O'Brien"),
                    // but a possessive "'s" is a token of its own.
                    Some(c)
                        if (c == '-' || is_apostrophe(c))
                            && at(i + 1).is_some_and(char::is_alphanumeric)
                            && !(is_apostrophe(c)
                                && matches!(at(i + 1), Some('s' | 'S'))
                                && !at(i + 2).is_some_and(char::is_alphanumeric)) =>
                    {
                        i += 2
                    }
                    _ => break,
                }
            }
            // Domain names: "Gawker.com", "bbc.co.uk" are one token.
            while at(i) == Some('.') && {
                let mut j = i + 1;
                while at(j).is_some_and(|c| c.is_ascii_lowercase()) {
                    j += 1;
                }
                let tld: String = chars[i + 1..j].iter().map(|&(_, c)| c).collect();
                lexicon::web_domains().contains(&tld) && !at(j).is_some_and(char::is_alphanumeric)
            } {
                i += 1;
                while at(i).is_some_and(|c| c.is_ascii_lowercase()) {
                    i += 1;
                }
            }
            // Initials and dotted abbreviations: "U.S.", "K.", "Gen.".
            if at(i) == Some('.') {
                let word = &text[offset(start)..offset(i)];
                let single_letter = word.chars().count() == 1 && c.is_uppercase();
                if single_letter {
                    i += 1;
                    // "U.S.", "U.S.A.": letter-period pairs.
                    while at(i).is_some_and(|c| c.is_alphabetic() && c.is_uppercase())
                        && at(i + 1) == Some('.')
                    {
                        i += 2;
                    }
                } else if lexicon::abbreviations().contains(word) {
                    i += 1;
                }
            }
        } else if c.is_ascii_digit() {
            kind = TokenKind::Number;
            i += 1;
            loop {
                match at(i) {
                    Some(c) if c.is_ascii_digit() => i += 1,
                    Some(',' | '.') if at(i + 1).is_some_and(|c| c.is_ascii_digit()) => i += 2,
                    // "2018-era", "75-year-old", "1990s", "28th"
                    Some(c) if c.is_alphabetic() => i += 1,
                    Some('-') if at(i + 1).is_some_and(char::is_alphanumeric) => i += 2,
                    _ => break,
                }
            }
        } else if is_apostrophe(c)
            && matches!(at(i + 1), Some('s' | 'S'))
            && !at(i + 2).is_some_and(char::is_alphanumeric)
        {
            kind = TokenKind::Word;
            i += 2;
        } else {
            kind = TokenKind::Punct;
            i += 1;
        }
        tokens.push(Token {
            start: offset(start),
            end: offset(i),
            char_start: start,
            char_end: i,
            kind,
        });
    }
    tokens
}

fn is_mark(c: char) -> bool {
    // Combining marks left after NFC (rare scripts), kept inside words.
    matches!(c, '\u{0300}'..='\u{036F}')
}

/// Invisible format characters (Unicode category Cf, and variation selectors):
/// zero-width spaces and joiners, bidirectional marks and isolates, the soft
/// hyphen, the byte-order mark. They never separate or form words.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{061C}'
            | '\u{180E}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2069}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FEFF}'
    )
}

fn split_sentences(text: &str, tokens: &[Token]) -> Vec<Sentence> {
    let mut sentences = Vec::new();
    let mut first = 0;
    let mut i = 0;
    while i < tokens.len() {
        let t = tokens[i];
        let word = &text[t.start..t.end];
        let mut end_here = false;
        // A line break is a paragraph break: always a boundary.
        if let Some(next) = tokens.get(i + 1) {
            if text[t.end..next.start].contains('\n') {
                end_here = true;
            }
        }
        // A period swallowed by an abbreviation ends a sentence when a word that
        // only starts sentences follows ("in Washington D.C. The president").
        let terminal = matches!(word, "." | "!" | "?" | "…")
            || (word.len() > 2
                && word.ends_with('.')
                && tokens
                    .get(i + 1)
                    .is_some_and(|n| lexicon::sentence_starters().contains(&text[n.start..n.end])));
        if terminal && !end_here {
            // Closing quotes and brackets stay with the sentence they close.
            let mut j = i + 1;
            while tokens
                .get(j)
                .is_some_and(|n| is_closer(&text[n.start..n.end]) && n.start == tokens[j - 1].end)
            {
                j += 1;
            }
            match tokens.get(j) {
                None => {}
                Some(next) => {
                    let gap = &text[tokens[j - 1].end..next.start];
                    let next_word = &text[next.start..next.end];
                    let starts_upper = next_word
                        .chars()
                        .next()
                        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit() || is_opener(c));
                    if !gap.is_empty() && starts_upper {
                        i = j - 1;
                        end_here = true;
                    }
                }
            }
        }
        if end_here {
            sentences.push(Sentence { first, end: i + 1 });
            first = i + 1;
        }
        i += 1;
    }
    if first < tokens.len() {
        sentences.push(Sentence {
            first,
            end: tokens.len(),
        });
    }
    sentences
}

fn is_closer(s: &str) -> bool {
    matches!(s, "\"" | "'" | "”" | "’" | ")" | "]" | "»")
}

fn is_opener(c: char) -> bool {
    matches!(c, '"' | '“' | '‘' | '(' | '[' | '«' | '\'')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &Text) -> Vec<&str> {
        (0..text.tokens().len()).map(|i| text.word(i)).collect()
    }

    fn sentences(raw: &str) -> Vec<String> {
        let text = Text::new(raw);
        text.sentences()
            .iter()
            .map(|s| text.span_text(s.first, s.end).to_owned())
            .collect()
    }

    #[test]
    fn tokens_keep_abbreviations_initials_and_possessives() {
        let text = Text::new(
            "Christian K. Caruzo of the U.S. met Gen. Ruiz, Maduro’s ally's anti-fascist friend.",
        );
        assert_eq!(
            words(&text),
            [
                "Christian",
                "K.",
                "Caruzo",
                "of",
                "the",
                "U.S.",
                "met",
                "Gen.",
                "Ruiz",
                ",",
                "Maduro",
                "’s",
                "ally",
                "'s",
                "anti-fascist",
                "friend",
                "."
            ]
        );
    }

    #[test]
    fn domain_names_are_one_token() {
        let text = Text::new("Gawker.com and bbc.co.uk said. Then it ended.com");
        assert_eq!(
            words(&text)[..4],
            ["Gawker.com", "and", "bbc.co.uk", "said"]
        );
        assert_eq!(text.sentences().len(), 2);
    }

    #[test]
    fn numbers_and_offsets() {
        let text = Text::new("A $10-million bounty since 2020, 75-year-old González.");
        assert_eq!(
            words(&text),
            [
                "A",
                "$",
                "10-million",
                "bounty",
                "since",
                "2020",
                ",",
                "75-year-old",
                "González",
                "."
            ]
        );
        let i = 8;
        assert_eq!(
            &text.as_str()[text.tokens()[i].start..text.tokens()[i].end],
            "González"
        );
        assert_eq!(text.char_span(i, i + 1), (45, 53));
        assert_eq!(text.char_len(), 54);
    }

    #[test]
    fn sentences_survive_abbreviations_quotes_and_lines() {
        let cases: &[(&str, &[&str])] = &[
            (
                "Gen. Smith left. He came back.",
                &["Gen. Smith left.", "He came back."],
            ),
            (
                "The U.S. Army said so. Jan. 10 is the date.",
                &["The U.S. Army said so.", "Jan. 10 is the date."],
            ),
            (
                "He said “it is over.” Then he left.",
                &["He said “it is over.”", "Then he left."],
            ),
            (
                "Title line\nFirst sentence. Second one?",
                &["Title line", "First sentence.", "Second one?"],
            ),
            (
                "Christian K. Caruzo is a writer.",
                &["Christian K. Caruzo is a writer."],
            ),
            (
                "It costs 3.5 dollars. (Really.) Yes.",
                &["It costs 3.5 dollars.", "(Really.)", "Yes."],
            ),
        ];
        for (raw, want) in cases {
            assert_eq!(&sentences(raw), want, "{raw}");
        }
    }

    #[test]
    fn normalizes_to_nfc_and_skips_invisible_characters() {
        let text = Text::new("Gonza\u{301}lez\u{200B} said");
        assert_eq!(words(&text), ["González", "said"]);
        let text = Text::new("Gonz\u{AD}alez \u{2066}said\u{2069}");
        assert_eq!(words(&text), ["Gonzalez", "said"]);
    }
}
