//! The line layout the three formats share: numbered lines, the format told
//! from the first token line, blank-line blocks, columns, comments and IOB2 tags.

use super::types::CorpusError;

/// One numbered line of the input.
#[derive(Debug, Clone, Copy)]
pub(super) struct Line<'a> {
    /// 1-based line number.
    pub(super) number: usize,
    /// The text without its line ending.
    pub(super) text: &'a str,
}

impl<'a> Line<'a> {
    /// The tab-separated columns.
    pub(super) fn columns(&self) -> Vec<&'a str> {
        self.text.split('\t').collect()
    }

    pub(super) fn is_blank(&self) -> bool {
        self.text.trim().is_empty()
    }
}

/// The supported corpus formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Format {
    /// CoNLL-U with GUM entity brackets: 10 columns.
    Conllu,
    /// UNER IOB2: 5 columns.
    Uner,
    /// CrossNER: 2 columns, no comments.
    CrossNer,
}

impl Format {
    pub(super) fn columns(self) -> usize {
        match self {
            Format::Conllu => 10,
            Format::Uner => 5,
            Format::CrossNer => 2,
        }
    }

    pub(super) fn describe(self) -> &'static str {
        match self {
            Format::Conllu => "CoNLL-U",
            Format::Uner => "UNER IOB2",
            Format::CrossNer => "CrossNER",
        }
    }
}

pub(super) fn format_error(name: &str, line: usize, message: impl Into<String>) -> CorpusError {
    CorpusError::Format {
        path: name.to_string(),
        line,
        message: message.into(),
    }
}

/// Whether a CrossNER line (`token<TAB>tag`) holds a well-formed tag; used to
/// tell a `#` token from a comment line.
pub(super) fn is_crossner_token_line(line: &Line<'_>) -> bool {
    match line.columns().as_slice() {
        [_, tag] => parse_tag(tag).is_ok(),
        _ => false,
    }
}

/// Detects the format from the first non-comment, non-blank line; `None` for
/// input without any such line.
pub(super) fn detect(lines: &[Line<'_>], name: &str) -> Result<Option<Format>, CorpusError> {
    let first = lines.iter().find(|line| {
        !line.is_blank() && (!line.text.starts_with('#') || is_crossner_token_line(line))
    });
    let Some(line) = first else {
        return Ok(None);
    };
    match line.columns().len() {
        10 => Ok(Some(Format::Conllu)),
        5 => Ok(Some(Format::Uner)),
        2 => Ok(Some(Format::CrossNer)),
        n => Err(format_error(
            name,
            line.number,
            format!("cannot detect the format from a line of {n} tab-separated columns (expected 10, 5 or 2)"),
        )),
    }
}

/// The lines of one blank-line-separated block.
#[derive(Debug, Default)]
pub(super) struct Block<'a> {
    /// `#` comment lines.
    pub(super) comments: Vec<Line<'a>>,
    /// Token lines.
    pub(super) tokens: Vec<Line<'a>>,
}

/// Splits lines into blocks at blank lines; with `comments`, lines starting
/// with `#` are comments, otherwise every non-blank line is a token line.
pub(super) fn split_blocks<'a>(lines: &[Line<'a>], comments: bool) -> Vec<Block<'a>> {
    let mut blocks = Vec::new();
    let mut current = Block::default();
    for line in lines {
        if line.is_blank() {
            if !current.comments.is_empty() || !current.tokens.is_empty() {
                blocks.push(std::mem::take(&mut current));
            }
        } else if comments && line.text.starts_with('#') {
            current.comments.push(*line);
        } else {
            current.tokens.push(*line);
        }
    }
    if !current.comments.is_empty() || !current.tokens.is_empty() {
        blocks.push(current);
    }
    blocks
}

/// Splits a token line into exactly the format's number of columns.
pub(super) fn token_columns<'a>(
    line: &Line<'a>,
    format: Format,
    name: &str,
) -> Result<Vec<&'a str>, CorpusError> {
    let columns = line.columns();
    if columns.len() == format.columns() {
        Ok(columns)
    } else {
        Err(format_error(
            name,
            line.number,
            format!(
                "expected {} tab-separated columns for {}, found {}",
                format.columns(),
                format.describe(),
                columns.len()
            ),
        ))
    }
}

/// The text of a comment line after `#`, trimmed.
pub(super) fn comment_body<'a>(line: &Line<'a>) -> &'a str {
    line.text.trim_start_matches('#').trim()
}

/// The value of a `key = value` comment, if the comment has that key.
pub(super) fn comment_value<'a>(line: &Line<'a>, key: &str) -> Option<&'a str> {
    let rest = comment_body(line).strip_prefix(key)?;
    if rest.is_empty() {
        return Some("");
    }
    if !rest.starts_with([' ', '\t', '=']) {
        return None;
    }
    let rest = rest.trim_start();
    Some(rest.strip_prefix('=').unwrap_or(rest).trim())
}

/// Updates the current document from a `# newdoc` or `# newdoc id = X` comment.
pub(super) fn update_doc(doc: &mut Option<String>, line: &Line<'_>) {
    if let Some(value) = comment_value(line, "newdoc") {
        let id = value.strip_prefix("id").map(|rest| rest.trim_start());
        *doc = id
            .map(|rest| rest.strip_prefix('=').unwrap_or(rest).trim())
            .filter(|id| !id.is_empty())
            .map(str::to_string);
    }
}

/// One IOB2 tag: outside, or a begin/inside marker with its raw type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Tag<'a> {
    Outside,
    Begin(&'a str),
    Inside(&'a str),
}

pub(super) fn parse_tag(tag: &str) -> Result<Tag<'_>, String> {
    if tag == "O" {
        return Ok(Tag::Outside);
    }
    let (marker, kind) = tag
        .split_once('-')
        .ok_or_else(|| format!("invalid IOB2 tag {tag:?}"))?;
    if kind.is_empty() {
        return Err(format!("IOB2 tag {tag:?} has no type"));
    }
    match marker {
        "B" => Ok(Tag::Begin(kind)),
        "I" => Ok(Tag::Inside(kind)),
        _ => Err(format!("invalid IOB2 tag {tag:?}")),
    }
}
