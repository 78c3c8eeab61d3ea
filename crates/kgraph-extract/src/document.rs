//! A source document: its text, where it came from, its title and date, and
//! the id its IRIs are minted from.

use sha2::{Digest, Sha256};

use crate::dates::Date;

/// A source document: its text and what is known about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// The text, exactly as read.
    pub text: String,
    /// Where it came from: a path, a URL or `-` for standard input.
    pub source: String,
    /// Its title, if known (else the first line is used).
    pub title: Option<String>,
    /// Its publication date, if known.
    pub published: Option<Date>,
}

impl Document {
    /// A document with `text` read from `source`.
    pub fn new(text: impl Into<String>, source: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            source: source.into(),
            title: None,
            published: None,
        }
    }

    /// Sets the publication date.
    pub fn with_published(mut self, published: Option<Date>) -> Self {
        self.published = published;
        self
    }

    /// Sets the title.
    pub fn with_title(mut self, title: Option<String>) -> Self {
        self.title = title;
        self
    }

    /// The hex SHA-256 of the text.
    pub fn sha256(&self) -> String {
        hex(&Sha256::digest(self.text.as_bytes()))
    }

    /// The document's id: the first 16 hex digits of the SHA-256 of its text.
    pub fn id(&self) -> String {
        hex(&Sha256::digest(self.text.as_bytes())[..8])
    }

    /// The title, or else the first non-empty line: whole when it is short
    /// (a headline), else cut at a word boundary to at most about
    /// 80 characters, with an ellipsis.
    pub fn display_title(&self) -> Option<String> {
        self.title.clone().or_else(|| {
            self.text
                .lines()
                .map(str::trim)
                .find(|l| !l.is_empty())
                .map(short_title)
        })
    }
}

/// `bytes` in lowercase hex, two digits a byte. Written digit by digit: the
/// ids are made several times a document, and a `format!` a byte made them
/// a third of the time a short document takes.
fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(2 * bytes.len());
    for &b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 15)]));
    }
    out
}

/// How long a title taken from the text may be, in characters.
pub const TITLE_CHARS: usize = 80;

/// `line` as a title: itself when at most [`TITLE_CHARS`] characters, else
/// its words up to that length (a word longer than half of it is cut), its
/// trailing punctuation dropped, and "…".
fn short_title(line: &str) -> String {
    if line.chars().count() <= TITLE_CHARS {
        return line.to_owned();
    }
    // The byte offset after TITLE_CHARS characters.
    let limit = line
        .char_indices()
        .nth(TITLE_CHARS)
        .map_or(line.len(), |(i, _)| i);
    let next_is_space = line[limit..].starts_with(char::is_whitespace);
    let cut = if next_is_space {
        limit
    } else {
        match line[..limit].rfind(char::is_whitespace) {
            Some(space) if line[..space].chars().count() >= TITLE_CHARS / 2 => space,
            _ => limit,
        }
    };
    let kept = line[..cut].trim_end_matches(|c: char| {
        c.is_whitespace() || matches!(c, ',' | ';' | ':' | '-' | '–' | '—' | '(' | '"' | '\'')
    });
    format!("{kept}…")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_title_from_the_text_is_cut_at_a_word_with_an_ellipsis() {
        let headline = "North Korea puts military in 'quasi-state of war'";
        let doc = Document::new(format!("{headline}\nFriday.\nMore text."), "a.txt");
        assert_eq!(doc.display_title().as_deref(), Some(headline));

        let sentence = "The spokesman said that the ministry manipulates the results of \
                        the census, according to three officials who spoke on condition of anonymity.";
        let doc = Document::new(sentence, "b.txt");
        let title = doc.display_title().unwrap();
        assert_eq!(
            title,
            "The spokesman said that the ministry manipulates the results of the census…"
        );
        assert!(title.chars().count() <= TITLE_CHARS + 1, "{title}");
        // Every word of the title is a whole word of the sentence.
        let words: Vec<&str> = sentence
            .split_whitespace()
            .map(|w| w.trim_end_matches(|c: char| c.is_ascii_punctuation()))
            .collect();
        for w in title.trim_end_matches('…').split_whitespace() {
            assert!(words.contains(&w), "'{w}' is cut");
        }

        // One word longer than the limit is cut inside itself.
        let long = "x".repeat(200);
        let doc = Document::new(long, "c.txt");
        assert_eq!(
            doc.display_title().unwrap().chars().count(),
            TITLE_CHARS + 1
        );
    }

    #[test]
    fn the_id_is_the_start_of_the_hex_sha256() {
        let doc = Document::new("abc", "a.txt");
        assert_eq!(
            doc.sha256(),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(doc.id(), "ba7816bf8f01cfea");
    }
}
