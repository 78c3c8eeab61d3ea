//! CoNLL-U treebanks: reading them (for training and scoring) and writing
//! parses.
//!
//! A sentence is its syntactic words (the lines whose ID is a whole number);
//! multiword-token ranges (`1-2`) and empty nodes (`8.1`) are skipped, as the
//! CoNLL 2018 scorer does for the basic tree. `# newdoc id = ...` comments
//! name the document each sentence belongs to.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// One syntactic word of a sentence.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Word {
    /// The word as written (column 2).
    pub form: String,
    /// Its lemma, `_` when unknown.
    pub lemma: String,
    /// Universal part of speech.
    pub upos: String,
    /// Language-specific part of speech (Penn Treebank tags in English).
    pub xpos: String,
    /// The head's position (1-based); 0 for the root.
    pub head: usize,
    /// The dependency relation to the head, with its subtype (`nsubj:pass`).
    pub deprel: String,
    /// The MISC column, `_` when empty.
    pub misc: String,
}

/// A sentence of a treebank.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Tree {
    /// The document (`# newdoc id`) it belongs to, empty if none was named.
    pub doc: String,
    /// Its words, in order.
    pub words: Vec<Word>,
    /// The line (1-based) of its first word, for messages.
    pub line: usize,
}

impl Tree {
    /// The words' forms.
    pub fn forms(&self) -> Vec<&str> {
        self.words.iter().map(|w| w.form.as_str()).collect()
    }
}

/// Why a treebank could not be read.
#[derive(Debug, thiserror::Error)]
pub enum TreebankError {
    /// The file could not be opened or read.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// A line is not valid CoNLL-U.
    #[error("{name}:{line}: {problem}")]
    Line {
        /// The file's name.
        name: String,
        /// The line, 1-based.
        line: usize,
        /// What is wrong with it.
        problem: String,
    },
}

/// Reads a CoNLL-U file; a name ending in ".gz" is gunzipped.
pub fn read(path: &Path) -> Result<Vec<Tree>, TreebankError> {
    let text = crate::input::read_text(path).map_err(|source| TreebankError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    parse(&text, &path.display().to_string())
}

/// Parses CoNLL-U text (`name` is used in error messages). Every word line
/// must have ten tab-separated columns, IDs must count 1, 2, 3... within a
/// sentence, and heads must point at a word of the sentence or 0.
pub fn parse(text: &str, name: &str) -> Result<Vec<Tree>, TreebankError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut trees = Vec::new();
    let mut doc = String::new();
    let mut current = Tree::default();
    let mut head_lines = Vec::new();
    let fail = |line: usize, problem: String| TreebankError::Line {
        name: name.to_owned(),
        line,
        problem,
    };
    let mut finish = |current: &mut Tree, head_lines: &mut Vec<usize>| {
        let tree = std::mem::take(current);
        let n = tree.words.len();
        if let Some((w, line)) = tree
            .words
            .iter()
            .zip(head_lines.iter())
            .find(|(w, _)| w.head > n)
        {
            return Err(fail(
                *line,
                format!("head {} is past the sentence's {n} words", w.head),
            ));
        }
        head_lines.clear();
        if n > 0 {
            trees.push(tree);
        }
        Ok(())
    };
    for (i, raw) in text.lines().enumerate() {
        let number = i + 1;
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        if line.trim().is_empty() {
            finish(&mut current, &mut head_lines)?;
            continue;
        }
        if let Some(comment) = line.strip_prefix('#') {
            if let Some((key, value)) = comment.split_once('=') {
                if key.trim() == "newdoc id" {
                    value.trim().clone_into(&mut doc);
                }
            }
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() != 10 {
            return Err(fail(
                number,
                format!(
                    "a word line has 10 tab-separated columns, this one {}",
                    cols.len()
                ),
            ));
        }
        let id = cols[0];
        if id.contains('-') || id.contains('.') {
            continue;
        }
        let expected = current.words.len() + 1;
        if id.parse::<usize>().ok() != Some(expected) {
            return Err(fail(
                number,
                format!("word ID {id:?} where {expected} was due"),
            ));
        }
        let head = cols[6]
            .parse::<usize>()
            .map_err(|_| fail(number, format!("head {:?} is not a number", cols[6])))?;
        if current.words.is_empty() {
            current.line = number;
            current.doc.clone_from(&doc);
        }
        current.words.push(Word {
            form: cols[1].to_owned(),
            lemma: cols[2].to_owned(),
            upos: cols[3].to_owned(),
            xpos: cols[4].to_owned(),
            head,
            deprel: cols[7].to_owned(),
            misc: cols[9].to_owned(),
        });
        head_lines.push(number);
    }
    finish(&mut current, &mut head_lines)?;
    Ok(trees)
}

/// Writes `words` as one CoNLL-U sentence (with a `# text` comment when
/// `text` is given), ending with the blank line.
pub fn write_sentence(out: &mut String, sent_id: &str, text: Option<&str>, words: &[Word]) {
    let _ = writeln!(out, "# sent_id = {sent_id}");
    if let Some(text) = text {
        let _ = writeln!(out, "# text = {}", text.replace('\n', " "));
    }
    for (i, w) in words.iter().enumerate() {
        let or_blank = |s: &str| {
            if s.is_empty() {
                "_".to_owned()
            } else {
                s.replace(['\t', '\n'], " ")
            }
        };
        let _ = writeln!(
            out,
            "{}\t{}\t{}\t{}\t{}\t_\t{}\t{}\t_\t{}",
            i + 1,
            or_blank(&w.form),
            or_blank(&w.lemma),
            or_blank(&w.upos),
            or_blank(&w.xpos),
            w.head,
            or_blank(&w.deprel),
            or_blank(&w.misc),
        );
    }
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "# newdoc id = d1\n# text = It rains.\n1\tIt\tit\tPRON\tPRP\t_\t2\texpl\t_\t_\n2-3\train.\t_\t_\t_\t_\t_\t_\t_\t_\n2\train\train\tVERB\tVBZ\t_\t0\troot\t_\t_\n3\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_\n\n1\tYes\tyes\tINTJ\tUH\t_\t0\troot\t_\t_\n";

    #[test]
    fn reads_words_documents_and_skips_ranges() {
        let trees = parse(SAMPLE, "s.conllu").unwrap();
        assert_eq!(trees.len(), 2);
        assert_eq!(trees[0].forms(), ["It", "rain", "."]);
        assert_eq!(trees[0].words[0].head, 2);
        assert_eq!(trees[0].words[0].deprel, "expl");
        assert_eq!(trees[1].doc, "d1");
        assert_eq!(trees[1].line, 8);
    }

    #[test]
    fn broken_lines_are_named_with_their_number() {
        let broken = SAMPLE.replace("2\train\train\tVERB", "2\train\tVERB");
        let e = parse(&broken, "s.conllu").unwrap_err().to_string();
        assert_eq!(
            e,
            "s.conllu:5: a word line has 10 tab-separated columns, this one 9"
        );
        let bad_head = SAMPLE.replace("\t2\tpunct", "\t9\tpunct");
        let e = parse(&bad_head, "s.conllu").unwrap_err().to_string();
        assert_eq!(e, "s.conllu:6: head 9 is past the sentence's 3 words");
        let skipped = SAMPLE.replace("3\t.\t.", "4\t.\t.");
        let e = parse(&skipped, "s.conllu").unwrap_err().to_string();
        assert_eq!(e, "s.conllu:6: word ID \"4\" where 3 was due");
    }

    #[test]
    fn written_sentences_read_back() {
        let trees = parse(SAMPLE, "s").unwrap();
        let mut out = String::new();
        write_sentence(&mut out, "1", Some("It rain."), &trees[0].words);
        let back = parse(&out, "out").unwrap();
        assert_eq!(back[0].words, trees[0].words);
    }
}
