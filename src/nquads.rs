//! The N-Quads files `ingest --nquads` loads: files, the `.nq` and `.nquads`
//! files of directories (gzipped or not), and standard input for `-`.
//!
//! Each file is read twice: once to check it whole ([`Shards::check`]),
//! then to load it ([`Shards::load`]), so that a file with a bad line leaves
//! nothing of itself in the store; standard input is kept in a temporary
//! file for the second reading. A document graph in two files is loaded
//! from the last one.

use std::collections::HashMap;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Seek};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use kgraph_extract::input;
use kgraph_rdf::nquads::{Kind, Runs};
use kgraph_rdf::Minter;
use kgraph_store::ingest::MadeGraph;

/// A file to read, twice.
enum Source {
    Path(PathBuf),
    /// Standard input, kept in an unnamed temporary file.
    Spooled(File),
}

/// One input file, checked.
struct Shard {
    /// As messages name it.
    name: String,
    source: Source,
}

impl Shard {
    /// The file from its start (gunzipped if its name ends in `.gz`), or
    /// why not, as a line.
    fn open(&self) -> Result<Box<dyn BufRead>, String> {
        match &self.source {
            Source::Path(path) => input::open(path).map_err(|e| e.to_string()),
            Source::Spooled(file) => {
                let rewound = file.try_clone().and_then(|mut file| {
                    file.rewind()?;
                    Ok(file)
                });
                match rewound {
                    Ok(file) => Ok(Box::new(BufReader::new(file))),
                    Err(e) => Err(format!("{}: cannot read: {e}", self.name)),
                }
            }
        }
    }
}

/// The files of the inputs, checked, and which of them each document graph
/// is loaded from.
pub(crate) struct Shards {
    /// The files found good, in input order.
    shards: Vec<Shard>,
    /// Each document graph of the good files: the index of the last file
    /// that holds it, and the line it begins at there.
    from: HashMap<String, (usize, usize)>,
    minter: Minter,
    /// Files that cannot be loaded: a bad line, or unreadable.
    pub(crate) failed: usize,
    /// Whether the inputs named no file at all.
    no_file: bool,
    /// Files of the directories not read, said in a line.
    skipped: Option<String>,
}

impl Shards {
    /// The files of `paths` (directories walked once), each checked whole:
    /// a problem is told to `report` as `FILE:LINE: what` and the file
    /// left out.
    pub(crate) fn check(paths: &[PathBuf], minter: &Minter, report: impl Fn(&str)) -> Result<Self> {
        let expanded = input::expand_nquads(paths)?;
        let mut shards = Shards {
            shards: Vec::new(),
            from: HashMap::new(),
            minter: minter.clone(),
            failed: 0,
            no_file: expanded.files.is_empty(),
            skipped: expanded.skipped_summary(),
        };
        // Graphs in more than one file: the first seen of them, and how many.
        let mut again: Option<(String, String, String)> = None;
        let mut doubled = 0;
        for path in expanded.files {
            let shard = match spool(&path) {
                Ok(shard) => shard,
                Err(e) => {
                    report(&e);
                    shards.failed += 1;
                    continue;
                }
            };
            let graphs = match check_file(&shard, minter, &report) {
                Some(graphs) => graphs,
                None => {
                    shards.failed += 1;
                    continue;
                }
            };
            let index = shards.shards.len();
            for (graph, line) in graphs {
                if let Some((file, first)) = shards.from.get(&graph) {
                    doubled += 1;
                    if again.is_none() {
                        let before = format!("{}:{first}", shards.shards[*file].name);
                        let here = format!("{}:{line}", shard.name);
                        again = Some((graph.clone(), before, here));
                    }
                }
                shards.from.insert(graph, (index, line));
            }
            shards.shards.push(shard);
        }
        if let Some((graph, before, here)) = again {
            report(&format!(
                "{doubled} document graph(s) in more than one file, each loaded from the \
                 last (<{graph}> at {before} and {here})"
            ));
        }
        Ok(shards)
    }

    /// How many document graphs there are to load.
    pub(crate) fn documents(&self) -> usize {
        self.from.len()
    }

    /// The document graphs, file by file, each once; a file that changed
    /// since it was checked is told to `report` (and counted).
    pub(crate) fn load<F: FnMut(&str)>(&self, report: F) -> Loading<'_, F> {
        Loading {
            shards: self,
            next: 0,
            runs: None,
            report,
            failed: 0,
        }
    }

    /// Says on standard error what the directories held besides N-Quads
    /// files, and, when nothing was loaded or failed, that there was nothing
    /// to ingest (a warning; the caller exits 1). Whether there was nothing.
    pub(crate) fn report_skipped(&self) -> bool {
        let kinds: Vec<String> = input::NQUADS_EXTENSIONS
            .iter()
            .map(|e| format!(".{e}"))
            .collect();
        if let Some(s) = &self.skipped {
            let kinds = kinds.join(" and ");
            eprintln!("kgraph: {s}; --nquads reads {kinds} files (gzipped or not)");
        }
        let nothing = self.from.is_empty() && self.failed == 0;
        if nothing && self.no_file {
            let kinds = kinds.join(" or ");
            eprintln!("kgraph: warning: nothing to ingest: no {kinds} file in the inputs");
        } else if nothing {
            eprintln!("kgraph: warning: nothing to ingest: no document graph in the files");
        }
        nothing
    }
}

/// The input at `path`, ready to be read twice: standard input is copied
/// to a temporary file. Why not, as a line.
fn spool(path: &Path) -> Result<Shard, String> {
    let name = path.display().to_string();
    if path.as_os_str() != "-" {
        return Ok(Shard {
            name,
            source: Source::Path(path.to_owned()),
        });
    }
    let copy = || -> Result<File> {
        let mut file = tempfile::tempfile().context("cannot make a temporary file")?;
        io::copy(&mut io::stdin().lock(), &mut file).context("cannot keep it")?;
        Ok(file)
    };
    match copy() {
        Ok(file) => Ok(Shard {
            name,
            source: Source::Spooled(file),
        }),
        Err(e) => Err(format!("-: cannot read standard input: {e:#}")),
    }
}

/// The document graphs of a file and their first lines, or `None` when it
/// cannot be loaded (told to `report`, as are the graphs not loaded).
fn check_file(
    shard: &Shard,
    minter: &Minter,
    report: &impl Fn(&str),
) -> Option<Vec<(String, usize)>> {
    let name = &shard.name;
    let reader = match shard.open() {
        Ok(reader) => reader,
        Err(e) => {
            report(&e);
            return None;
        }
    };
    let mut graphs = Vec::new();
    for run in Runs::new(reader, minter) {
        match run {
            Ok(run) => match run.kind {
                Kind::Document => graphs.push((run.graph.into_string(), run.line)),
                Kind::Ontology => report(&format!(
                    "{name}:{}: the ontology graph skipped: the store keeps its own",
                    run.line
                )),
                Kind::Curation => report(&format!(
                    "{name}:{}: the curation graph skipped: give the store a curation \
                     with --curation FILE",
                    run.line
                )),
            },
            Err(e) => {
                report(&format!(
                    "{name}:{}: {}; the file is not loaded",
                    e.line, e.message
                ));
                return None;
            }
        }
    }
    Some(graphs)
}

/// The document graphs of the files checked, as the ingest takes them.
pub(crate) struct Loading<'a, F: FnMut(&str)> {
    shards: &'a Shards,
    /// The index of the next file to open.
    next: usize,
    /// The file being read, and its index.
    runs: Option<(usize, Runs<Box<dyn BufRead>>)>,
    report: F,
    /// Files that failed the second reading (changed since the check).
    pub(crate) failed: usize,
}

impl<F: FnMut(&str)> Iterator for Loading<'_, F> {
    type Item = MadeGraph;

    fn next(&mut self) -> Option<MadeGraph> {
        loop {
            if let Some((index, runs)) = &mut self.runs {
                let index = *index;
                let shard = &self.shards.shards[index];
                match runs.next() {
                    None => self.runs = None,
                    Some(Ok(run)) => {
                        let from = self.shards.from.get(run.graph.as_str());
                        let loaded = from.is_some_and(|(file, _)| *file == index);
                        if run.kind == Kind::Document && loaded {
                            return Some(MadeGraph {
                                source: format!("{}:{}", shard.name, run.line),
                                graph: run.graph,
                                quads: run.quads,
                            });
                        }
                    }
                    Some(Err(e)) => {
                        (self.report)(&format!(
                            "{}:{}: {} (the file changed after it was checked: the graphs \
                             before this line went in)",
                            shard.name, e.line, e.message
                        ));
                        self.failed += 1;
                        self.runs = None;
                    }
                }
                continue;
            }
            let shard = self.shards.shards.get(self.next)?;
            match shard.open() {
                Ok(reader) => {
                    self.runs = Some((self.next, Runs::new(reader, &self.shards.minter)));
                }
                Err(e) => {
                    (self.report)(&e);
                    self.failed += 1;
                }
            }
            self.next += 1;
        }
    }
}
