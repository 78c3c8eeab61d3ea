//! Gold coreference read from CoNLL-U in the GUM / CorefUD format: each
//! document's words and its mentions, each mention a span of words, the
//! entity it refers to, the entity's type and the mention's head word.
//!
//! The mentions sit in the MISC column as `Entity=`: `(3-person-new-...`
//! opens a mention of entity `3`, `3)` closes the mention of entity 3 opened
//! last, and `(4-place-...)` is a mention of one word. Brackets nest and
//! several stand on one word (`Entity=(3-person-...(4-place-...)`,
//! `Entity=4)3)`). `# global.Entity = GRP-etype-infstat-...` says which field
//! of an opening bracket is the entity type (`etype`; the second field when a
//! file has no such header, as in CorefUD's default `eid-etype-head-other`).
//! Entity IDs are those of the brackets (`12`, `e12`): unique within a
//! document. `# newdoc id = ...` starts a document.
//!
//! Words are the basic words (ID a whole number), numbered 0, 1, 2... across
//! the document, read by [`treebank::parse`] so that they agree with the
//! parser's treebanks. GUM puts no bracket on a multiword-token range (`2-3`)
//! or an empty node (`8.1`); the CorefUD format allows both, so they are
//! carried to the basic words: a bracket on a range opens at the range's
//! first word and closes at its last; one on an empty node opens at the next
//! basic word and closes at the one before, and a mention left with no basic
//! word (a zero pronoun) is dropped. Discontinuous mentions (`e12[1/2]`) are
//! not read.

use std::cmp::Reverse;
use std::path::Path;

use crate::syntax::treebank::{self, TreebankError, Word};

/// A document with its gold coreference.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Document {
    /// Its `# newdoc id`, empty when the file names none.
    pub id: String,
    /// Its basic words in order, numbered 0, 1, 2... across the document.
    /// Each keeps its CoNLL-U head, the head's 1-based position in its
    /// sentence: [`Document::head`] gives the document's numbering.
    pub words: Vec<Word>,
    /// The number of each sentence's first word.
    pub sentences: Vec<usize>,
    /// Its mentions, in order of their first word, a longer one first.
    pub mentions: Vec<Mention>,
    /// Who says each sentence and to whom (`# speaker = ` and
    /// `# addressee = ` before it, as GUM gives the turns of interviews and
    /// hearings), one a sentence; empty names where the file gives none.
    pub turns: Vec<Turn>,
}

/// Who says a sentence, and to whom: the names as the file gives them
/// (GUM's `SilasJWasserstrom`), empty when it does not say.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Turn {
    /// The speaker.
    pub speaker: String,
    /// The addressee.
    pub addressee: String,
}

/// A mention: a span of words that refers to an entity.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Mention {
    /// Its first word, numbered across the document.
    pub first: usize,
    /// One past its last word: the mention is the words `first..end`.
    pub end: usize,
    /// The entity it refers to, as the brackets name it (`12`, `e12`).
    pub entity: String,
    /// The entity's type as the bracket gives it (`person`, `place`...),
    /// empty when the file's layout has no type.
    pub etype: String,
    /// Its head: the first of its words whose syntactic head lies outside
    /// the mention (the root counts as outside).
    pub head: usize,
}

impl Document {
    /// The syntactic head of word `word` numbered across the document,
    /// `None` for a sentence's root (or a word past the end).
    pub fn head(&self, word: usize) -> Option<usize> {
        let w = self.words.get(word)?;
        if w.head == 0 {
            return None;
        }
        let sentence = self.sentences.partition_point(|&s| s <= word);
        let start = self.sentences.get(sentence.checked_sub(1)?)?;
        Some(start + w.head - 1)
    }

    /// The coreference chains: the mentions of each entity in document
    /// order, the entities in the order of their first mention.
    pub fn chains(&self) -> Vec<Vec<&Mention>> {
        let mut chains: Vec<Vec<&Mention>> = Vec::new();
        let mut index = std::collections::HashMap::new();
        for m in &self.mentions {
            let i = *index.entry(m.entity.as_str()).or_insert_with(|| {
                chains.push(Vec::new());
                chains.len() - 1
            });
            chains[i].push(m);
        }
        chains
    }

    /// The first word of `first..end` whose head lies outside it.
    fn head_of(&self, first: usize, end: usize) -> usize {
        (first..end)
            .find(|&w| self.head(w).is_none_or(|h| h < first || h >= end))
            .unwrap_or(first)
    }
}

/// Reads a CoNLL-U file with coreference; a name ending in ".gz" is
/// gunzipped.
pub fn read(path: &Path) -> Result<Vec<Document>, TreebankError> {
    let text = crate::input::read_text(path).map_err(|source| TreebankError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    parse(&text, &path.display().to_string())
}

/// Parses CoNLL-U text with coreference (`name` is used in error messages,
/// `NAME:LINE: problem`). The words must be valid for [`treebank::parse`];
/// every mention must close within its document, every closing bracket close
/// an open mention, and every bracket be well formed.
///
/// ```
/// use kgraph_extract::coref::gold;
/// let conllu = "# newdoc id = d1\n\
///     1\tKim\tKim\tPROPN\tNNP\t_\t2\tnsubj\t_\tEntity=(1-person-new)\n\
///     2\tslept\tsleep\tVERB\tVBD\t_\t0\troot\t_\t_\n";
/// let docs = gold::parse(conllu, "d1.conllu").unwrap();
/// assert_eq!(docs[0].mentions[0].etype, "person");
/// ```
pub fn parse(text: &str, name: &str) -> Result<Vec<Document>, TreebankError> {
    let trees = treebank::parse(text, name)?;
    let mut words = trees.into_iter().flat_map(|t| t.words);
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let fail = |line: usize, problem: String| TreebankError::Line {
        name: name.to_owned(),
        line,
        problem,
    };
    let problem = |(line, problem): Problem| fail(line, problem);
    let mut docs = Vec::new();
    let mut reader = Reader {
        etype: Some(1),
        ..Reader::default()
    };
    for (i, raw) in text.lines().enumerate() {
        let number = i + 1;
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        if line.trim().is_empty() {
            continue;
        }
        if let Some(comment) = line.strip_prefix('#') {
            let (key, value) = comment.split_once('=').unwrap_or((comment, ""));
            match key.trim() {
                "newdoc" | "newdoc id" => {
                    if let Some(doc) = reader.finish().map_err(problem)? {
                        docs.push(doc);
                    }
                    value.trim().clone_into(&mut reader.doc.id);
                }
                "speaker" => value.trim().clone_into(&mut reader.turn.speaker),
                "addressee" => value.trim().clone_into(&mut reader.turn.addressee),
                "global.Entity" => {
                    reader.etype = value
                        .trim()
                        .split('-')
                        .position(|f| f == "etype" || f == "entity");
                }
                _ => {}
            }
            continue;
        }
        // treebank::parse has checked the ten columns and the IDs.
        let cols: Vec<&str> = line.split('\t').collect();
        let (id, misc) = (cols[0], cols[cols.len() - 1]);
        let entity = misc
            .split('|')
            .find_map(|kv| kv.strip_prefix("Entity="))
            .map(|value| brackets(value, reader.etype).map_err(|p| fail(number, p)))
            .transpose()?
            .unwrap_or_default();
        if id.contains('.') {
            // An empty node: open at the next basic word, close after the
            // one before.
            let next = reader.doc.words.len();
            reader.apply(&entity, next, next, number).map_err(problem)?;
        } else if let Some((a, b)) = id.split_once('-') {
            let last = match (a.parse::<usize>(), b.parse::<usize>()) {
                (Ok(a), Ok(b)) if a <= b => reader.doc.words.len() + b - a,
                _ if entity.is_empty() => continue,
                _ => return Err(fail(number, format!("multiword range {id:?} is malformed"))),
            };
            reader.range(&entity, last, number).map_err(problem)?;
        } else {
            let word = words.next().ok_or_else(|| {
                fail(
                    number,
                    "a word line the treebank reader did not count".into(),
                )
            })?;
            if id.parse::<usize>() == Ok(1) {
                let n = reader.doc.words.len();
                reader.doc.sentences.push(n);
                let turn = std::mem::take(&mut reader.turn);
                reader.doc.turns.push(turn);
            }
            reader.doc.words.push(word);
            reader.word(&entity, number).map_err(problem)?;
        }
    }
    if let Some(doc) = reader.finish().map_err(problem)? {
        docs.push(doc);
    }
    Ok(docs)
}

/// When the brackets of a word close: with a given end, or after a word to
/// come (those of a multiword range, after its last word).
#[derive(Clone, Copy)]
enum Closing {
    Now(usize),
    After(usize),
}

/// One bracket of an `Entity=` value.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Bracket<'a> {
    /// `(id-etype-...`, or `(id-etype-...)` when `closed` (one word).
    Open {
        entity: &'a str,
        etype: &'a str,
        closed: bool,
    },
    /// `id)`.
    Close(&'a str),
}

/// Splits an `Entity=` value into its brackets; `etype` is the field of the
/// entity type, if the layout has one.
fn brackets(value: &str, etype: Option<usize>) -> Result<Vec<Bracket<'_>>, String> {
    let mut out = Vec::new();
    let mut rest = value;
    if rest.is_empty() {
        return Err("an empty Entity= value".into());
    }
    while !rest.is_empty() {
        let open = rest.starts_with('(');
        let body_start = usize::from(open);
        let stop = rest[body_start..]
            .find(['(', ')'])
            .map_or(rest.len(), |i| body_start + i);
        let body = &rest[body_start..stop];
        let closed = rest[stop..].starts_with(')');
        let id = body.split('-').next().unwrap_or_default();
        check_id(id, value)?;
        if open {
            let fields = || body.split('-');
            out.push(Bracket::Open {
                entity: id,
                etype: etype.and_then(|i| fields().nth(i)).unwrap_or_default(),
                closed,
            });
        } else if closed && id == body {
            out.push(Bracket::Close(id));
        } else {
            return Err(format!(
                "malformed bracket {body:?} in Entity={value} (brackets are '(id-...' and 'id)')"
            ));
        }
        rest = &rest[stop + usize::from(closed)..];
    }
    Ok(out)
}

/// An entity ID is letters, digits and underscores.
fn check_id(id: &str, value: &str) -> Result<(), String> {
    if id.contains('[') {
        return Err(format!(
            "discontinuous mention {id:?} in Entity={value} is not supported"
        ));
    }
    if id.is_empty() || !id.chars().all(|c| c.is_alphanumeric() || c == '_') {
        return Err(format!(
            "malformed entity ID {id:?} in Entity={value} (brackets are '(id-...' and 'id)')"
        ));
    }
    Ok(())
}

/// A mention whose closing bracket is still to come: its place in the
/// document's mentions (which keep the opening order) and its line.
#[derive(Debug)]
struct Open {
    index: usize,
    line: usize,
}

/// A problem and the line it is on.
type Problem = (usize, String);

/// The state of one document while its lines are read.
#[derive(Debug, Default)]
struct Reader {
    /// The document so far (its mentions without heads yet).
    doc: Document,
    /// The field of the entity type in an opening bracket.
    etype: Option<usize>,
    /// Open mentions, the last opened last.
    open: Vec<Open>,
    /// Closing brackets on a multiword range, waiting for its last word:
    /// (that word, the entity, the line).
    pending: Vec<(usize, String, usize)>,
    /// The turn the comments since the last sentence gave.
    turn: Turn,
}

impl Reader {
    /// Applies the brackets of the basic word just pushed, then those of a
    /// multiword range that ends with it.
    fn word(&mut self, brackets: &[Bracket], line: usize) -> Result<(), Problem> {
        let at = self.doc.words.len() - 1;
        self.apply(brackets, at, at + 1, line)?;
        let (due, later) = std::mem::take(&mut self.pending)
            .into_iter()
            .partition(|(w, _, _)| *w == at);
        self.pending = later;
        for (_, entity, line) in due {
            self.close(&entity, at + 1, line)?;
        }
        Ok(())
    }

    /// Brackets on a multiword range whose last word will be `last`: they
    /// open now (the next word is the range's first) and close after `last`.
    fn range(&mut self, brackets: &[Bracket], last: usize, line: usize) -> Result<(), Problem> {
        let first = self.doc.words.len();
        self.brackets(brackets, first, Closing::After(last), line)
    }

    /// Opens the brackets at `first` and closes them with `end` (exclusive).
    fn apply(
        &mut self,
        brackets: &[Bracket],
        first: usize,
        end: usize,
        line: usize,
    ) -> Result<(), Problem> {
        self.brackets(brackets, first, Closing::Now(end), line)
    }

    /// Opens the brackets at `first`; closes them as `closing` says.
    fn brackets(
        &mut self,
        brackets: &[Bracket],
        first: usize,
        closing: Closing,
        line: usize,
    ) -> Result<(), Problem> {
        for b in brackets {
            let closed = match *b {
                Bracket::Open {
                    entity,
                    etype,
                    closed,
                } => {
                    self.open(entity, etype, first, line);
                    closed.then_some(entity)
                }
                Bracket::Close(entity) => Some(entity),
            };
            match (closed, closing) {
                (Some(entity), Closing::Now(end)) => self.close(entity, end, line)?,
                (Some(entity), Closing::After(last)) => {
                    self.pending.push((last, entity.to_owned(), line));
                }
                (None, _) => {}
            }
        }
        Ok(())
    }

    /// Opens a mention at `first`; its end is set when it closes.
    fn open(&mut self, entity: &str, etype: &str, first: usize, line: usize) {
        self.open.push(Open {
            index: self.doc.mentions.len(),
            line,
        });
        self.doc.mentions.push(Mention {
            first,
            end: first,
            entity: entity.to_owned(),
            etype: etype.to_owned(),
            head: 0,
        });
    }

    /// Closes the mention of `entity` opened last; it ends before `end`. A
    /// mention left with no basic word (one on empty nodes only) is dropped
    /// when the document ends.
    fn close(&mut self, entity: &str, end: usize, line: usize) -> Result<(), Problem> {
        let mentions = &mut self.doc.mentions;
        let Some(i) = self
            .open
            .iter()
            .rposition(|o| mentions[o.index].entity == entity)
        else {
            return Err((
                line,
                format!("closing bracket '{entity})' but no mention of entity {entity} is open"),
            ));
        };
        let open = self.open.remove(i);
        let mention = &mut mentions[open.index];
        mention.end = end.max(mention.first);
        Ok(())
    }

    /// Ends the document: every mention must be closed. Returns it unless
    /// it has no word, with each mention's head found and the mentions
    /// sorted; the reader keeps the file's layout for the next document.
    fn finish(&mut self) -> Result<Option<Document>, Problem> {
        if let Some(open) = self.open.first() {
            return Err((
                open.line,
                format!(
                    "the mention of entity {} opened here is not closed by the end of document {:?}",
                    self.doc.mentions[open.index].entity, self.doc.id
                ),
            ));
        }
        let mut doc = std::mem::take(&mut self.doc);
        self.pending.clear();
        self.turn = Turn::default();
        if doc.words.is_empty() {
            return Ok(None);
        }
        doc.mentions.retain(|m| m.end > m.first);
        let heads: Vec<usize> = doc
            .mentions
            .iter()
            .map(|m| doc.head_of(m.first, m.end))
            .collect();
        for (m, head) in doc.mentions.iter_mut().zip(heads) {
            m.head = head;
        }
        doc.mentions.sort_by_key(|m| (m.first, Reverse(m.end)));
        Ok(Some(doc))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A word line: ID, form, head, relation and MISC.
    fn w(id: &str, form: &str, head: usize, deprel: &str, misc: &str) -> String {
        format!("{id}\t{form}\t_\tX\t_\t_\t{head}\t{deprel}\t_\t{misc}\n")
    }

    const HEADER: &str =
        "# global.Entity = GRP-etype-infstat-salience-centering-minspan-link-identity\n";

    /// Two sentences after GUM_academic_discrimination: nested mentions,
    /// two closing brackets on one word, a chain of two mentions.
    fn sample() -> String {
        [
            "# newdoc id = d1\n".to_owned(),
            HEADER.to_owned(),
            "# sent_id = d1-1\n".to_owned(),
            w(
                "1",
                "The",
                2,
                "det",
                "Entity=(1-abstract-new-s____-cf1-2-sgl",
            ),
            w("2", "prevalence", 0, "root", "_"),
            w("3", "of", 4, "case", "_"),
            w(
                "4",
                "discrimination",
                2,
                "nmod",
                "Entity=(2-abstract-new-sssss-cf4-1-coref)|MSeg=x",
            ),
            w("5", "in", 7, "case", "_"),
            w(
                "6",
                "contemporary",
                7,
                "amod",
                "Entity=(3-place-new-nnnnn-cf2-2-sgl-United_States",
            ),
            w("7", "America", 2, "nmod", "Entity=3)1)|SpaceAfter=No"),
            w("8", ".", 2, "punct", "_"),
            "\n# sent_id = d1-2\n".to_owned(),
            w(
                "1",
                "It",
                2,
                "nsubj",
                "Entity=(2-abstract-giv:act-sssss-cf1-1-coref)",
            ),
            w("2", "matters", 0, "root", "_"),
            "\n".to_owned(),
        ]
        .concat()
    }

    fn spans(doc: &Document) -> Vec<(usize, usize, &str, &str, usize)> {
        doc.mentions
            .iter()
            .map(|m| (m.first, m.end, m.entity.as_str(), m.etype.as_str(), m.head))
            .collect()
    }

    #[test]
    fn reads_nested_mentions_and_brackets_on_one_word() {
        let docs = parse(&sample(), "s.conllu").unwrap();
        assert_eq!(docs.len(), 1);
        let d = &docs[0];
        assert_eq!(d.id, "d1");
        assert_eq!(d.words.len(), 10);
        assert_eq!(d.sentences, [0, 8]);
        assert_eq!(d.words[8].form, "It");
        assert_eq!(
            spans(d),
            [
                // "The prevalence ... America": "prevalence" is the root.
                (0, 7, "1", "abstract", 1),
                (3, 4, "2", "abstract", 3),
                // "contemporary America": "America" hangs on "prevalence".
                (5, 7, "3", "place", 6),
                (8, 9, "2", "abstract", 8),
            ]
        );
        let chains: Vec<Vec<usize>> = d
            .chains()
            .iter()
            .map(|c| c.iter().map(|m| m.first).collect())
            .collect();
        assert_eq!(chains, [vec![0], vec![3, 8], vec![5]]);
    }

    #[test]
    fn heads_are_numbered_across_the_document() {
        let d = &parse(&sample(), "s").unwrap()[0];
        assert_eq!(d.head(0), Some(1));
        assert_eq!(d.head(1), None);
        assert_eq!(d.head(8), Some(9)); // "It" -> "matters", sentence 2
        assert_eq!(d.head(9), None);
        assert_eq!(d.head(10), None);
        // "prevalence of": both words' heads are outside; the first wins.
        assert_eq!(d.head_of(1, 3), 1);
        // "of discrimination": "of" hangs on "discrimination".
        assert_eq!(d.head_of(2, 4), 3);
    }

    #[test]
    fn opening_and_one_word_brackets_on_one_word_and_nested_same_entity() {
        let text = [
            "# newdoc id = d2\n".to_owned(),
            HEADER.to_owned(),
            w("1", "a", 2, "x", "Entity=(5-person-new(6-place-new-sgl)"),
            w("2", "b", 0, "root", "Entity=5)"),
            w("3", "c", 2, "x", "Entity=(7-object-new(8-event-new"),
            w("4", "d", 3, "x", "Entity=8)7)"),
            w("5", "e", 2, "x", "Entity=(9-time-new(9-time-giv"),
            w("6", "f", 5, "x", "Entity=9)"),
            w("7", "g", 5, "x", "Entity=9)"),
        ]
        .concat();
        let d = &parse(&text, "s").unwrap()[0];
        assert_eq!(
            spans(d),
            [
                (0, 2, "5", "person", 1),
                (0, 1, "6", "place", 0),
                // Two mentions on the same words, in bracket order.
                (2, 4, "7", "object", 2),
                (2, 4, "8", "event", 2),
                // "9)" closes the mention of 9 opened last.
                (4, 7, "9", "time", 4),
                (4, 6, "9", "time", 4),
            ]
        );
    }

    #[test]
    fn documents_start_at_newdoc_and_without_header_the_type_is_field_two() {
        let text = [
            "# newdoc id = a\n".to_owned(),
            w("1", "x", 0, "root", "Entity=(e1-person-1-)"),
            "\n# newdoc id = b\n".to_owned(),
            "# global.Entity = eid-infstat-etype\n".to_owned(),
            w("1", "y", 0, "root", "Entity=(e1-new-place)"),
            "\n".to_owned(),
        ]
        .concat();
        let docs = parse(&text, "s").unwrap();
        let ids: Vec<&str> = docs.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, ["a", "b"]);
        assert_eq!(spans(&docs[0]), [(0, 1, "e1", "person", 0)]);
        assert_eq!(spans(&docs[1]), [(0, 1, "e1", "place", 0)]);
    }

    #[test]
    fn each_sentence_has_the_turn_its_comments_give() {
        let text = [
            "# newdoc id = a\n".to_owned(),
            "# sent_id = a-1\n# speaker = SilasJWasserstrom\n# addressee = Wikinews\n".to_owned(),
            w("1", "I", 0, "root", "_"),
            "\n# sent_id = a-2\n".to_owned(),
            w("1", "Yes", 0, "root", "_"),
            "\n# sent_id = a-3\n# speaker = Wikinews\n".to_owned(),
            w("1", "You", 0, "root", "_"),
            "\n# newdoc id = b\n".to_owned(),
            w("1", "x", 0, "root", "_"),
            "\n".to_owned(),
        ]
        .concat();
        let docs = parse(&text, "s").unwrap();
        let turn = |speaker: &str, addressee: &str| Turn {
            speaker: speaker.into(),
            addressee: addressee.into(),
        };
        assert_eq!(
            docs[0].turns,
            [
                turn("SilasJWasserstrom", "Wikinews"),
                Turn::default(),
                turn("Wikinews", "")
            ]
        );
        assert_eq!(docs[1].turns, [Turn::default()]);
    }

    #[test]
    fn brackets_on_ranges_and_empty_nodes_move_to_basic_words() {
        let text = [
            HEADER.to_owned(),
            w("1", "Kim", 4, "nsubj", "Entity=(1-person-new"),
            w("2-3", "wasn't", 0, "_", "Entity=1)(2-event-new)"),
            w("2", "was", 4, "aux", "_"),
            w("3", "n't", 4, "advmod", "_"),
            w("4", "there", 0, "root", "_"),
            w("4.1", "_", 0, "_", "Entity=(3-person-new)"),
            w("5", "then", 4, "advmod", "_"),
        ]
        .concat()
        .replace("\t0\t_\tEntity=(3", "\t_\t_\tEntity=(3");
        let d = &parse(&text, "s").unwrap()[0];
        assert_eq!(d.id, "");
        // "Kim wasn't" ends with the range's last word; the range's own
        // mention covers "was n't"; the empty node's mention has no word.
        assert_eq!(
            spans(d),
            [(0, 3, "1", "person", 0), (1, 3, "2", "event", 1)]
        );
    }

    #[test]
    fn problems_are_named_with_file_and_line() {
        let error = |text: &str| parse(text, "g.conllu").unwrap_err().to_string();
        // Line 4 opens "The prevalence...", which closes on line 10.
        let unclosed = sample().replace("Entity=3)1)", "Entity=3)");
        assert_eq!(
            error(&unclosed),
            "g.conllu:4: the mention of entity 1 opened here is not closed by the end of document \"d1\""
        );
        let before_next = format!(
            "{unclosed}# newdoc id = d2\n{}",
            w("1", "x", 0, "root", "_")
        );
        assert_eq!(error(&before_next), error(&unclosed));
        let stray = sample().replace("Entity=3)1)", "Entity=3)1)4)");
        assert_eq!(
            error(&stray),
            "g.conllu:10: closing bracket '4)' but no mention of entity 4 is open"
        );
        let malformed = sample().replace("Entity=3)1)", "Entity=3)1");
        assert_eq!(
            error(&malformed),
            "g.conllu:10: malformed bracket \"1\" in Entity=3)1 (brackets are '(id-...' and 'id)')"
        );
        let no_id = sample().replace("Entity=(2-abstract-giv", "Entity=(-abstract-giv");
        assert!(error(&no_id).starts_with("g.conllu:14: malformed entity ID \"\""));
        let split = sample().replace("Entity=(2-abstract-giv", "Entity=(2[1/2]-abstract-giv");
        assert!(error(&split).starts_with("g.conllu:14: discontinuous mention \"2[1/2]\""));
        // Word problems are the treebank reader's.
        let bad_head = sample().replace("\t7\tamod", "\t12\tamod");
        assert_eq!(
            error(&bad_head),
            "g.conllu:9: head 12 is past the sentence's 8 words"
        );
    }

    #[test]
    fn reads_gzipped_files() {
        use std::io::Write;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.conllu.gz");
        let mut gz = flate2::write::GzEncoder::new(
            std::fs::File::create(&path).unwrap(),
            flate2::Compression::default(),
        );
        gz.write_all(sample().as_bytes()).unwrap();
        gz.finish().unwrap();
        let docs = read(&path).unwrap();
        assert_eq!(docs, parse(&sample(), "other name").unwrap());
        let missing = read(&dir.path().join("none.conllu")).unwrap_err();
        assert!(matches!(missing, TreebankError::Io { .. }));
    }
}
