//! Document graphs read back from N-Quads, as `kgraph extract --format
//! nquads` (and `kgraph export --format nquads`) writes them: each
//! document's quads in its named graph, the graph's quads together.
//!
//! [`Runs`] reads a stream a line at a time (memory holds one graph's
//! quads, and the names of the graphs read so far, to tell a graph that
//! comes back) and hands out each graph's quads, checked: every quad in a
//! named graph, every graph a document graph under the base (or the ontology
//! or curation graph, told apart), no graph's quads in two runs. The first
//! problem ends the stream, with its line.

use std::collections::HashMap;
use std::io::BufRead;

use oxigraph::model::{GraphName, NamedNode, Quad};
use oxttl::nquads::LowLevelNQuadsParser;
use oxttl::NQuadsParser;

use crate::identity::Curation;
use crate::ontology::{Minter, ONTOLOGY_GRAPH};

/// What is wrong at a line of the stream (or why it could not be read).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct Error {
    /// 1-based line number.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

/// What a graph of the stream is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A document's graph (`{base}doc/…`).
    Document,
    /// The ontology's graph ([`ONTOLOGY_GRAPH`]).
    Ontology,
    /// The curation graph of resolution ([`Curation::graph`]).
    Curation,
}

/// The quads of one graph, as they came together in the stream.
#[derive(Debug, Clone)]
pub struct Run {
    /// The graph.
    pub graph: NamedNode,
    /// What it is.
    pub kind: Kind,
    /// The line of its first quad.
    pub line: usize,
    /// Its quads, in the order read.
    pub quads: Vec<Quad>,
}

/// The quads of an N-Quads stream with their lines, parsed a line at a time.
struct Quads<R> {
    reader: R,
    parser: LowLevelNQuadsParser,
    /// Lines read.
    line: usize,
    buffer: Vec<u8>,
    ended: bool,
}

impl<R: BufRead> Quads<R> {
    fn next(&mut self) -> Option<Result<(usize, Quad), Error>> {
        loop {
            if let Some(parsed) = self.parser.parse_next() {
                // A quad comes out as its line is fed. An error may come
                // out later (an unclosed string is known so once a quote
                // is found further on) but is placed at its line, except one
                // at the end of a line, placed at the start of the next.
                return Some(match parsed {
                    Ok(quad) => Ok((self.line, quad)),
                    Err(e) => {
                        let at = e.location().start;
                        Err(match usize::try_from(at.line) {
                            Ok(l) if l < self.line => Error {
                                line: l + 1,
                                message: format!("{} (column {})", e.message(), at.column + 1),
                            },
                            _ => Error {
                                line: self.line.max(1),
                                message: format!("{} (at the end of the line)", e.message()),
                            },
                        })
                    }
                });
            }
            if self.ended {
                return None;
            }
            self.buffer.clear();
            match self.reader.read_until(b'\n', &mut self.buffer) {
                Ok(0) => {
                    self.parser.end();
                    self.ended = true;
                }
                Ok(_) => {
                    self.line += 1;
                    self.parser.extend_from_slice(&self.buffer);
                }
                Err(e) => {
                    self.ended = true;
                    return Some(Err(Error {
                        line: self.line + 1,
                        message: format!("cannot read: {e}"),
                    }));
                }
            }
        }
    }
}

/// The graphs of an N-Quads stream, a [`Run`] each, checked; the first
/// problem is the last item.
pub struct Runs<R> {
    quads: Quads<R>,
    /// The first quad of the next run, read with the run before.
    next: Option<(usize, Quad)>,
    /// The prefix of document graph IRIs, `{base}doc/`.
    documents: String,
    curation: NamedNode,
    /// The graphs read so far: their first and last lines.
    seen: HashMap<String, (usize, usize)>,
    failed: bool,
}

impl<R: BufRead> Runs<R> {
    /// The graphs of `reader`, of documents minted under `minter`'s base.
    pub fn new(reader: R, minter: &Minter) -> Self {
        Self {
            quads: Quads {
                reader,
                parser: NQuadsParser::new().low_level(),
                line: 0,
                buffer: Vec::new(),
                ended: false,
            },
            next: None,
            documents: minter.document(""),
            curation: Curation::graph(minter),
            seen: HashMap::new(),
            failed: false,
        }
    }

    /// What the graph named at `line` is, or why it cannot be loaded.
    fn kind(&self, name: &GraphName, line: usize) -> Result<(NamedNode, Kind), Error> {
        let error = |message: String| Err(Error { line, message });
        let graph = match name {
            GraphName::NamedNode(g) => g,
            GraphName::DefaultGraph => {
                return error(
                    "a quad in the default graph: each quad must be in its document's \
                     named graph, as `kgraph extract --format nquads` writes them"
                        .to_owned(),
                )
            }
            GraphName::BlankNode(b) => {
                return error(format!(
                    "a graph named by the blank node {b}: a document graph is named by \
                     its document's IRI"
                ))
            }
        };
        let kind = if graph.as_ref() == ONTOLOGY_GRAPH {
            Kind::Ontology
        } else if *graph == self.curation {
            Kind::Curation
        } else if graph.as_str().len() > self.documents.len()
            && graph.as_str().starts_with(&self.documents)
        {
            Kind::Document
        } else {
            return error(format!(
                "{graph} is not a document graph (<{}…>): extracted with another \
                 --base? give ingest the same one",
                self.documents
            ));
        };
        if let Some((first, last)) = self.seen.get(graph.as_str()) {
            return error(format!(
                "the quads of {graph} again, after other graphs (lines {first} to {last}): \
                 a graph's quads must come together, as `kgraph extract` and \
                 `kgraph export` write them"
            ));
        }
        Ok((graph.clone(), kind))
    }

    fn fail(&mut self, e: Error) -> Option<Result<Run, Error>> {
        self.failed = true;
        self.next = None;
        Some(Err(e))
    }
}

impl<R: BufRead> Iterator for Runs<R> {
    type Item = Result<Run, Error>;

    fn next(&mut self) -> Option<Result<Run, Error>> {
        if self.failed {
            return None;
        }
        let (line, first) = match self.next.take().map(Ok).or_else(|| self.quads.next()) {
            None => return None,
            Some(Err(e)) => return self.fail(e),
            Some(Ok(q)) => q,
        };
        let (graph, kind) = match self.kind(&first.graph_name, line) {
            Ok(k) => k,
            Err(e) => return self.fail(e),
        };
        let mut run = Run {
            graph,
            kind,
            line,
            quads: vec![first],
        };
        let mut last = line;
        loop {
            match self.quads.next() {
                None => break,
                Some(Err(e)) => return self.fail(e),
                Some(Ok((l, q))) => {
                    if q.graph_name != GraphName::NamedNode(run.graph.clone()) {
                        self.next = Some((l, q));
                        break;
                    }
                    last = l;
                    run.quads.push(q);
                }
            }
        }
        self.seen
            .insert(run.graph.as_str().to_owned(), (run.line, last));
        Some(Ok(run))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "https://w3id.org/kgraph/id/doc/";

    fn runs(text: &str) -> Vec<Result<(String, Kind, usize, usize), Error>> {
        Runs::new(text.as_bytes(), &Minter::default())
            .map(|r| r.map(|r| (r.graph.into_string(), r.kind, r.line, r.quads.len())))
            .collect()
    }

    fn quad(s: &str, graph: &str) -> String {
        format!("<http://e.org/{s}> <http://e.org/p> \"o\" <{graph}> .\n")
    }

    #[test]
    fn graphs_come_a_run_each_with_their_first_line() {
        let (a, b) = (format!("{DOC}a"), format!("{DOC}b"));
        let text = [
            quad("x", &a),
            "# a comment\n".to_owned(),
            quad("y", &a),
            quad("x", &b),
            quad("o", ONTOLOGY_GRAPH.as_str()),
        ]
        .concat();
        assert_eq!(
            runs(&text),
            [
                Ok((a, Kind::Document, 1, 2)),
                Ok((b, Kind::Document, 4, 1)),
                Ok((ONTOLOGY_GRAPH.as_str().to_owned(), Kind::Ontology, 5, 1)),
            ]
        );
        // The last line without its end of line.
        assert_eq!(runs(quad("x", &format!("{DOC}a")).trim_end()).len(), 1);
    }

    #[test]
    fn problems_name_their_line_and_end_the_stream() {
        let a = format!("{DOC}a");
        let first = |text: String| match runs(&text).into_iter().find_map(Result::err) {
            Some(e) => (e.line, e.message),
            None => panic!("no error in {text}"),
        };
        // No dot.
        let bad = format!("<http://e.org/s> <http://e.org/p> \"o\" <{a}>\n");
        let (line, message) = first([quad("x", &a), bad.clone(), quad("y", &a)].concat());
        assert_eq!(line, 2, "{message}");
        assert!(
            message.contains("dot (at the end of the line)"),
            "{message}"
        );
        let unended = "<http://e.org/s> <http://e.org/p> \"o <http://e.org/g> .\n";
        let (line, message) = first([quad("x", &a), unended.to_owned()].concat());
        assert_eq!(line, 2, "{message}");
        assert!(message.ends_with("(column 35)"), "{message}");
        // Known so only once a quote is found on a line further on.
        let text = [
            quad("x", &a),
            "<http://e.org/s> <http://e.org/p> \"o\n".to_owned(),
            quad("y", &a),
        ];
        let (line, message) = first(text.concat());
        assert_eq!(line, 2, "{message}");
        let (line, message) = first([quad("x", &a), "<a> <b> <c> .\n".to_owned()].concat());
        assert_eq!(line, 2, "{message}");
        let default = "<http://e.org/s> <http://e.org/p> \"o\" .\n".to_owned();
        let (line, message) = first([quad("x", &a), default].concat());
        assert_eq!(line, 2);
        assert!(message.contains("default graph"), "{message}");
        let (line, message) = first(quad("x", "http://e.org/g"));
        assert_eq!(line, 1);
        assert!(message.contains("--base"), "{message}");
        let b = format!("{DOC}b");
        let split = [quad("x", &a), quad("y", &a), quad("x", &b), quad("z", &a)].concat();
        let (line, message) = first(split);
        assert_eq!(line, 4);
        assert!(message.contains("lines 1 to 2"), "{message}");
        // Nothing after the first problem.
        let text = [bad, quad("x", &a)].concat();
        assert_eq!(runs(&text).len(), 1);
    }
}
