//! The push log: what was sent to each remote, so a later push sends only
//! what changed.

use std::collections::BTreeMap;
use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};

use super::client::content_hash;
use super::error::PushError;

/// What was sent to one remote: graph IRI to content hash. Kept as a file of
/// `IRI TAB HASH` lines, appended to as each graph is sent (`IRI TAB -` when
/// it was deleted), so a push cut short remembers what it finished.
pub struct PushLog {
    path: PathBuf,
    sent: BTreeMap<String, String>,
    file: Option<File>,
}

impl PushLog {
    /// The log of what went to `url`, kept in `dir` (created when first written).
    pub fn open(dir: &Path, url: &str) -> Result<Self, PushError> {
        let name = &content_hash(url.as_bytes())[..16];
        let path = dir.join(format!("{name}.tsv"));
        let log_err = |source| PushError::Log {
            path: path.clone(),
            source,
        };
        let mut sent = BTreeMap::new();
        match File::open(&path) {
            Ok(file) => {
                for line in BufReader::new(file).lines() {
                    let line = line.map_err(log_err)?;
                    if line.starts_with('#') {
                        continue;
                    }
                    let Some((graph, hash)) = line.split_once('\t') else {
                        continue;
                    };
                    if hash == "-" {
                        sent.remove(graph);
                    } else {
                        sent.insert(graph.to_owned(), hash.to_owned());
                    }
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(log_err(e)),
        }
        Ok(PushLog {
            path,
            sent,
            file: None,
        })
    }

    /// Where the log is kept.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The graphs sent and their content hashes.
    pub fn sent(&self) -> &BTreeMap<String, String> {
        &self.sent
    }

    /// Records that `graph` now holds content `hash` remotely (`None`: deleted).
    pub fn record(&mut self, url: &str, graph: &str, hash: Option<&str>) -> Result<(), PushError> {
        let path = self.path.clone();
        let log_err = |source| PushError::Log {
            path: path.clone(),
            source,
        };
        if self.file.is_none() {
            if let Some(dir) = self.path.parent() {
                std::fs::create_dir_all(dir).map_err(log_err)?;
            }
            let fresh = !self.path.exists();
            let mut file = OpenOptions::new()
                .create(true)
                .append(true)
                .open(&self.path)
                .map_err(log_err)?;
            if fresh {
                writeln!(file, "# graphs kgraph pushed to {url}").map_err(log_err)?;
            }
            self.file = Some(file);
        }
        if let Some(file) = self.file.as_mut() {
            writeln!(file, "{graph}\t{}", hash.unwrap_or("-")).map_err(log_err)?;
        }
        match hash {
            Some(h) => self.sent.insert(graph.to_owned(), h.to_owned()),
            None => self.sent.remove(graph),
        };
        Ok(())
    }

    /// Rewrites the log with one line a graph (after a complete push).
    pub fn compact(&mut self, url: &str) -> Result<(), PushError> {
        let log_err = |source| PushError::Log {
            path: self.path.clone(),
            source,
        };
        self.file = None;
        if let Some(dir) = self.path.parent() {
            std::fs::create_dir_all(dir).map_err(log_err)?;
        }
        let tmp = self.path.with_extension("tsv.tmp");
        let mut out = std::io::BufWriter::new(File::create(&tmp).map_err(log_err)?);
        writeln!(out, "# graphs kgraph pushed to {url}").map_err(log_err)?;
        for (graph, hash) in &self.sent {
            writeln!(out, "{graph}\t{hash}").map_err(log_err)?;
        }
        out.into_inner()
            .map_err(|e| log_err(e.into_error()))?
            .sync_all()
            .map_err(log_err)?;
        std::fs::rename(&tmp, &self.path).map_err(log_err)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn push_log_replays_and_compacts() -> Result<(), PushError> {
        let dir = tempfile::tempdir().map_err(|source| PushError::Log {
            path: PathBuf::new(),
            source,
        })?;
        let url = "http://127.0.0.1:1/store";
        let mut log = PushLog::open(dir.path(), url)?;
        assert!(log.sent().is_empty());
        log.record(url, "http://g/1", Some("aa"))?;
        log.record(url, "http://g/2", Some("bb"))?;
        log.record(url, "http://g/1", Some("cc"))?;
        log.record(url, "http://g/2", None)?;
        let again = PushLog::open(dir.path(), url)?;
        assert_eq!(again.sent().len(), 1);
        assert_eq!(again.sent()["http://g/1"], "cc");
        // Another remote has a log of its own.
        assert!(PushLog::open(dir.path(), "http://other/")?
            .sent()
            .is_empty());
        log.compact(url)?;
        let text = std::fs::read_to_string(log.path()).unwrap_or_default();
        assert_eq!(text.lines().count(), 2, "{text}");
        assert_eq!(PushLog::open(dir.path(), url)?.sent(), again.sent());
        Ok(())
    }
}
