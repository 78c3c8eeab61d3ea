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
    /// Documents read (and handed out).
    pub(crate) read: usize,
    /// Files of the directories not read, said in a line ("3 files in the
    /// directories skipped (2 .md, 1 .pdf)").
    pub(crate) skipped: Option<String>,
}

impl<F: FnMut(&InputError)> Inputs<F> {
    /// The documents of `paths` (directories walked once, here), reading
    /// directories for their files of the default kinds and of `extensions`.
    pub(crate) fn new(
        paths: &[PathBuf],
        jsonl: bool,
        extensions: &[String],
        published: Option<Date>,
        unreadable: F,
    ) -> Result<Self> {
        let expanded = if jsonl {
            input::expand_jsonl(paths)?
        } else {
            input::expand(paths, extensions)?
        };
        let skipped = expanded.skipped_summary();
        Ok(Inputs {
            files: expanded.files.into_iter(),
            jsonl,
            lines: None,
            published,
            unreadable,
            failed: 0,
            read: 0,
            skipped,
        })
    }

    /// How many documents there are, when that is known without reading
    /// them: the files, unless some are JSON Lines corpora.
    pub(crate) fn files(&self) -> Option<usize> {
        (!self.jsonl && !self.files.as_slice().iter().any(|p| input::is_jsonl(p)))
            .then(|| self.files.len())
    }

    /// Says on standard error what the directories held besides documents
    /// ("kgraph: 2 files in the directories skipped (2 .md); ..."), and,
    /// when no document was read or failed, that there was nothing to
    /// `verb` (a warning; the caller exits 1). Whether there was nothing.
    pub(crate) fn report_skipped(&self, verb: &str) -> bool {
        let ext = "read other kinds with --ext EXT";
        let kinds = input::EXTENSIONS
            .iter()
            .map(|e| format!(".{e}"))
            .collect::<Vec<_>>()
            .join(", ");
        let nothing = self.read == 0 && self.failed == 0;
        match (&self.skipped, nothing) {
            (Some(s), false) => eprintln!("kgraph: {s}; {ext}"),
            (Some(s), true) => eprintln!(
                "kgraph: warning: nothing to {verb}: no {kinds} file in the inputs; {s}; {ext}"
            ),
            (None, true) => {
                eprintln!("kgraph: warning: nothing to {verb}: no {kinds} file in the inputs")
            }
            (None, false) => {}
        }
        nothing
    }

    /// Whether `path` is read as a JSON Lines corpus: all inputs with
    /// `--jsonl`, else a file named `.jsonl` or `.ndjson` (gzipped or not).
    fn corpus(&self, path: &Path) -> bool {
        self.jsonl || (path.as_os_str() != "-" && input::is_jsonl(path))
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
            if !self.corpus(&path) {
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
                    self.read += 1;
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

/// The inputs of `command` (`extract`, `ingest`): `paths`, or standard
/// input (`-`) when none is given and it is a pipe or a file. With none
/// given at a terminal, which would wait for typing, the command's usage is
/// printed and `None` returned (the caller exits 2).
pub(crate) fn paths_or_stdin(paths: Vec<PathBuf>, command: &str) -> Option<Vec<PathBuf>> {
    if !paths.is_empty() {
        return Some(paths);
    }
    if !io::stdin().is_terminal() {
        return Some(vec![PathBuf::from("-")]);
    }
    let mut cli = <crate::cli::Cli as clap::CommandFactory>::command();
    cli.build();
    if let Some(sub) = cli.find_subcommand_mut(command) {
        eprintln!("{}", sub.render_help());
    }
    eprintln!("kgraph: no input: name files or directories, or `-` to read standard input");
    None
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
    for path in input::expand_jsonl(paths).ok()?.files {
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
