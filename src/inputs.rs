//! The documents a command reads: files, the files of directories, JSON
//! Lines corpora, and standard input for `-`.

use std::io::{self, BufRead, IsTerminal};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use kgraph_extract::input::{self, InputError};
use kgraph_extract::{Date, Document};

/// The documents of the inputs, one at a time, each with its own publication
/// date or else the one given. A document that cannot be read is handed to
/// `unreadable` (which reports it), counted, and the others still come.
pub(crate) struct Inputs<F: FnMut(&InputError)> {
    files: std::vec::IntoIter<PathBuf>,
    /// Each input is a JSON Lines corpus.
    jsonl: bool,
    /// The documents of the corpus being read.
    lines: Option<Box<dyn Iterator<Item = Result<Document, InputError>>>>,
    published: Option<Date>,
    unreadable: F,
    /// Documents that could not be read.
    pub(crate) failed: usize,
}

impl<F: FnMut(&InputError)> Inputs<F> {
    /// The documents of `paths` (directories walked once, here).
    pub(crate) fn new(
        paths: &[PathBuf],
        jsonl: bool,
        published: Option<Date>,
        unreadable: F,
    ) -> Result<Self> {
        let files = if jsonl {
            input::expand_jsonl(paths)?
        } else {
            input::expand(paths)?
        };
        Ok(Inputs {
            files: files.into_iter(),
            jsonl,
            lines: None,
            published,
            unreadable,
            failed: 0,
        })
    }

    /// How many documents there are, when that is known without reading
    /// them: the files, unless they are JSON Lines corpora.
    pub(crate) fn files(&self) -> Option<usize> {
        (!self.jsonl).then(|| self.files.len())
    }

    /// The next document or failure, before reporting.
    fn next_read(&mut self) -> Option<Result<Document, InputError>> {
        loop {
            if let Some(lines) = &mut self.lines {
                match lines.next() {
                    Some(doc) => return Some(doc),
                    None => self.lines = None,
                }
            }
            let path = self.files.next()?;
            if !self.jsonl {
                return Some(read_input(&path));
            }
            let reader: Box<dyn BufRead> = if path.as_os_str() == "-" {
                Box::new(io::stdin().lock())
            } else {
                match input::open(&path) {
                    Ok(r) => r,
                    Err(e) => return Some(Err(e)),
                }
            };
            self.lines = Some(Box::new(input::jsonl(reader, &path.display().to_string())));
        }
    }
}

impl<F: FnMut(&InputError)> Iterator for Inputs<F> {
    type Item = Document;

    fn next(&mut self) -> Option<Document> {
        loop {
            match self.next_read()? {
                Ok(doc) => {
                    let published = doc.published.or(self.published);
                    return Some(doc.with_published(published));
                }
                Err(e) => {
                    (self.unreadable)(&e);
                    self.failed += 1;
                }
            }
        }
    }
}

/// Reads one input: a file, or standard input for `-`.
pub(crate) fn read_input(path: &Path) -> Result<Document, InputError> {
    if path.as_os_str() != "-" {
        return input::read(path);
    }
    let mut bytes = Vec::new();
    io::Read::read_to_end(&mut io::stdin().lock(), &mut bytes).map_err(|source| {
        InputError::Io {
            path: "-".to_owned(),
            source,
        }
    })?;
    input::parse(&bytes, "-", "txt")
}

/// The documents in JSON Lines corpora (their non-blank lines), for the
/// progress line's total and time left: counted on a terminal only, and not
/// for standard input, which can be read once.
pub(crate) fn jsonl_total(paths: &[PathBuf]) -> Option<usize> {
    if !io::stderr().is_terminal() || paths.iter().any(|p| p.as_os_str() == "-") {
        return None;
    }
    let mut total = 0;
    for path in input::expand_jsonl(paths).ok()? {
        let reader = input::open(&path).ok()?;
        total += reader
            .split(b'\n')
            .map_while(Result::ok)
            .filter(|line| line.iter().any(|b| !b.is_ascii_whitespace()))
            .count();
    }
    Some(total)
}

/// The model file at `path`, read by `from_bytes`, kept for the rest of the run.
pub(crate) fn model_file<M, E>(
    path: &std::path::Path,
    from_bytes: impl FnOnce(&[u8]) -> Result<M, E>,
) -> Result<&'static M>
where
    E: std::error::Error + Send + Sync + 'static,
{
    let bytes =
        std::fs::read(path).with_context(|| format!("cannot read model '{}'", path.display()))?;
    let model =
        from_bytes(&bytes).with_context(|| format!("cannot load model '{}'", path.display()))?;
    Ok(Box::leak(Box::new(model)))
}
