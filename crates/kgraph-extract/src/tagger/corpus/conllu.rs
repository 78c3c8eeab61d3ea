//! The CoNLL-U reader, turning GUM coreference mentions into NER spans.

use std::collections::HashMap;

use super::layout::{comment_value, format_error, token_columns, update_doc, Block, Format, Line};
use super::types::{CorpusError, Label, Sentence, Span};

/// Where the entity type and identity sit among a bracket's `-` fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct EntityLayout {
    /// Index of the entity type.
    etype: usize,
    /// Index of the identity (Wikipedia title), if the layout has one.
    identity: Option<usize>,
    /// Whether the identity is the last field, so it may contain `-`.
    identity_is_last: bool,
}

impl Default for EntityLayout {
    fn default() -> Self {
        EntityLayout {
            etype: 1,
            identity: Some(7),
            identity_is_last: true,
        }
    }
}

impl EntityLayout {
    /// Reads a `# global.Entity = GRP-etype-...-identity` header.
    pub(super) fn from_header(spec: &str) -> Option<EntityLayout> {
        let fields: Vec<String> = spec.split('-').map(str::to_ascii_lowercase).collect();
        let etype = fields.iter().position(|f| f == "etype")?;
        let identity = fields.iter().position(|f| f == "identity");
        Some(EntityLayout {
            etype,
            identity,
            identity_is_last: identity == Some(fields.len() - 1),
        })
    }

    /// The label and whether the mention carries an identity, from the
    /// body of an opening bracket (after the `(`).
    fn describe(&self, body: &str) -> (Option<Label>, bool) {
        let fields: Vec<&str> = body.split('-').collect();
        let label = fields.get(self.etype).and_then(|t| Label::from_corpus(t));
        let identity = match self.identity {
            Some(i) if self.identity_is_last && i < fields.len() => fields[i..].join("-"),
            Some(i) => fields.get(i).map(|s| s.to_string()).unwrap_or_default(),
            None => String::new(),
        };
        (label, !identity.is_empty() && identity != "_")
    }
}

/// One bracket of an `Entity=` value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Bracket<'a> {
    /// `(body` opens a mention.
    Open(&'a str),
    /// `(body)` is a one-token mention.
    Single(&'a str),
    /// `id)` closes a mention.
    Close(&'a str),
}

/// Splits an `Entity=` value into brackets.
pub(super) fn brackets(value: &str) -> Result<Vec<Bracket<'_>>, String> {
    let mut out = Vec::new();
    let mut rest = value;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix('(') {
            let stop = after.find(['(', ')']).unwrap_or(after.len());
            let body = &after[..stop];
            if after[stop..].starts_with(')') {
                out.push(Bracket::Single(body));
                rest = &after[stop + 1..];
            } else {
                out.push(Bracket::Open(body));
                rest = &after[stop..];
            }
        } else {
            let stop = rest
                .find(')')
                .ok_or_else(|| format!("malformed Entity value {value:?}"))?;
            let id = &rest[..stop];
            if id.contains('(') {
                return Err(format!("malformed Entity value {value:?}"));
            }
            out.push(Bracket::Close(id));
            rest = &rest[stop + 1..];
        }
    }
    Ok(out)
}

/// The id of a bracket body: its first `-` field.
fn mention_id(body: &str) -> &str {
    body.split('-').next().unwrap_or(body)
}

/// A regular token (not a multiword token or an empty node).
struct Token<'a> {
    id: &'a str,
    form: &'a str,
    upos: &'a str,
    head: &'a str,
    deprel: &'a str,
}

/// A mention still waiting for its closing bracket.
struct OpenMention<'a> {
    id: &'a str,
    first: usize,
    line: usize,
    label: Option<Label>,
    identified: bool,
}

/// A closed mention over tokens `[first, end)`.
#[derive(Debug, Clone, Copy)]
struct Mention {
    first: usize,
    end: usize,
    label: Option<Label>,
    identified: bool,
}

/// Per-file reading state carried across sentences.
struct State {
    doc: Option<String>,
    layout: EntityLayout,
}

/// Converts blocks of CoNLL-U lines into sentences.
pub(super) fn sentences(blocks: &[Block<'_>], name: &str) -> Result<Vec<Sentence>, CorpusError> {
    let mut state = State {
        doc: None,
        layout: EntityLayout::default(),
    };
    let mut sentences = Vec::new();
    for block in blocks {
        read_comments(&mut state, &block.comments, name)?;
        if let Some(sentence) = sentence(&state, &block.tokens, name)? {
            sentences.push(sentence);
        }
    }
    Ok(sentences)
}

fn read_comments(state: &mut State, comments: &[Line<'_>], name: &str) -> Result<(), CorpusError> {
    for line in comments {
        update_doc(&mut state.doc, line);
        if let Some(spec) = comment_value(line, "global.Entity") {
            state.layout = EntityLayout::from_header(spec).ok_or_else(|| {
                format_error(name, line.number, "global.Entity header has no etype field")
            })?;
        }
    }
    Ok(())
}

/// Reads one sentence's token lines; `None` when it has no regular token.
fn sentence(
    state: &State,
    lines: &[Line<'_>],
    name: &str,
) -> Result<Option<Sentence>, CorpusError> {
    let mut tokens = Vec::with_capacity(lines.len());
    let mut open: Vec<OpenMention<'_>> = Vec::new();
    let mut mentions = Vec::new();
    for line in lines {
        let columns = token_columns(line, Format::Conllu, name)?;
        if columns[0].contains(['-', '.']) {
            continue;
        }
        let index = tokens.len();
        tokens.push(Token {
            id: columns[0],
            form: columns[1],
            upos: columns[3],
            head: columns[6],
            deprel: columns[7],
        });
        let entity = columns[9]
            .split('|')
            .find_map(|f| f.strip_prefix("Entity="));
        if let Some(value) = entity {
            let found = brackets(value).map_err(|m| format_error(name, line.number, m))?;
            let step = Step {
                layout: &state.layout,
                index,
                line: line.number,
            };
            step.apply(&found, &mut open, &mut mentions)
                .map_err(|m| format_error(name, line.number, m))?;
        }
    }
    if let Some(unclosed) = open.first() {
        return Err(format_error(
            name,
            unclosed.line,
            format!("mention {} is not closed within its sentence", unclosed.id),
        ));
    }
    if tokens.is_empty() {
        return Ok(None);
    }
    Ok(Some(Sentence {
        words: tokens.iter().map(|t| t.form.to_string()).collect(),
        spans: flatten(&tokens, &mentions),
        doc: state.doc.clone(),
    }))
}

/// Applies one token's brackets.
struct Step<'l> {
    layout: &'l EntityLayout,
    index: usize,
    line: usize,
}

impl Step<'_> {
    fn apply<'a>(
        &self,
        found: &[Bracket<'a>],
        open: &mut Vec<OpenMention<'a>>,
        mentions: &mut Vec<Mention>,
    ) -> Result<(), String> {
        for bracket in found {
            match *bracket {
                Bracket::Open(body) => open.push(self.open(body)?),
                Bracket::Single(body) => {
                    let mention = self.open(body)?;
                    mentions.push(Mention {
                        first: self.index,
                        end: self.index + 1,
                        label: mention.label,
                        identified: mention.identified,
                    });
                }
                Bracket::Close(id) => {
                    let at = open
                        .iter()
                        .rposition(|m| m.id == id)
                        .ok_or_else(|| format!("closing bracket {id}) has no open mention"))?;
                    let mention = open.remove(at);
                    mentions.push(Mention {
                        first: mention.first,
                        end: self.index + 1,
                        label: mention.label,
                        identified: mention.identified,
                    });
                }
            }
        }
        Ok(())
    }

    fn open<'a>(&self, body: &'a str) -> Result<OpenMention<'a>, String> {
        let id = mention_id(body);
        if id.is_empty() {
            return Err("entity bracket without an id".to_string());
        }
        let (label, identified) = self.layout.describe(body);
        Ok(OpenMention {
            id,
            first: self.index,
            line: self.line,
            label,
            identified,
        })
    }
}

/// Relations that attach material to a name without being part of it
/// (appositions, clauses, lists), cut wherever they occur in a mention.
const DETACHED: [&str; 5] = ["appos", "acl", "parataxis", "list", "dislocated"];

/// Relations that hold a name's own tokens together.
const NAME_PARTS: [&str; 3] = ["flat", "compound", "fixed"];

/// The universal part of a relation: "acl" for "acl:relcl".
fn base(deprel: &str) -> &str {
    deprel.split(':').next().unwrap_or(deprel)
}

/// A sentence's tokens with their syntactic heads resolved to indices.
struct Tree<'t, 'a> {
    tokens: &'t [Token<'a>],
    /// The head's index, or `None` for the root and unknown heads.
    heads: Vec<Option<usize>>,
}

impl<'t, 'a> Tree<'t, 'a> {
    fn new(tokens: &'t [Token<'a>]) -> Self {
        let ids: HashMap<&str, usize> = tokens.iter().enumerate().map(|(i, t)| (t.id, i)).collect();
        let heads = tokens.iter().map(|t| ids.get(t.head).copied()).collect();
        Tree { tokens, heads }
    }

    fn upos(&self, i: usize) -> &str {
        self.tokens[i].upos
    }

    fn relation(&self, i: usize) -> &str {
        base(self.tokens[i].deprel)
    }

    /// The mention's head: its first non-punctuation token whose head
    /// lies outside the mention.
    fn head_of(&self, first: usize, end: usize) -> Option<usize> {
        (first..end).find(|&i| {
            let outside = self.heads[i].is_none_or(|h| !(first..end).contains(&h));
            outside && self.upos(i) != "PUNCT"
        })
    }

    /// The flat span of a mention if it is a named one: its head is a
    /// proper noun, or a foreign word (UPOS X) of an identified entity.
    fn named_span(&self, m: &Mention) -> Option<Span> {
        let label = m.label?;
        let head = self.head_of(m.first, m.end)?;
        let named = match self.upos(head) {
            "PROPN" => true,
            "X" => m.identified,
            _ => false,
        };
        if !named {
            return None;
        }
        let (first, end) = Scope::new(self, m, head).name();
        Some(Span { first, end, label })
    }
}

/// One mention of a [`Tree`], for cutting its name out of it.
struct Scope<'s, 't, 'a> {
    tree: &'s Tree<'t, 'a>,
    first: usize,
    end: usize,
    head: usize,
    /// Whether the mention is a person, whose name takes no modifiers.
    person: bool,
    /// Per mention token: whether it belongs to the head's name group
    /// (the head and tokens joined to it by flat, compound or fixed).
    group: Vec<bool>,
}

impl<'s, 't, 'a> Scope<'s, 't, 'a> {
    fn new(tree: &'s Tree<'t, 'a>, m: &Mention, head: usize) -> Self {
        let (first, end) = (m.first, m.end);
        let mut scope = Scope {
            tree,
            first,
            end,
            head,
            person: m.label == Some(Label::Per),
            group: vec![false; end - first],
        };
        scope.group[head - first] = true;
        while let Some(i) = (first..end).find(|&i| scope.joins_group(i)) {
            scope.group[i - first] = true;
        }
        scope
    }

    fn contains(&self, i: usize) -> bool {
        (self.first..self.end).contains(&i)
    }

    /// The head of token `i` if it lies inside the mention.
    fn up(&self, i: usize) -> Option<usize> {
        self.tree.heads[i].filter(|&h| self.contains(h))
    }

    fn in_group(&self, i: usize) -> bool {
        self.group[i - self.first]
    }

    /// Whether token `i` is a name part of a name-group token but not yet
    /// in the group.
    fn joins_group(&self, i: usize) -> bool {
        !self.in_group(i)
            && self.up(i).is_some_and(|h| self.in_group(h))
            && NAME_PARTS.contains(&self.tree.relation(i))
    }

    /// Whether `i` lies in the subtree of `node` within the mention.
    fn descends(&self, i: usize, node: usize) -> bool {
        let mut at = i;
        for _ in self.first..self.end {
            if at == node {
                return true;
            }
            match self.up(at) {
                Some(h) => at = h,
                None => return false,
            }
        }
        false
    }

    /// Whether the subtree of `node` opens with punctuation, as in
    /// ", in the Netherlands" or "`[3]`".
    fn opens_with_punct(&self, node: usize) -> bool {
        (self.first..node)
            .find(|&i| self.descends(i, node))
            .is_some_and(|i| self.tree.upos(i) == "PUNCT")
    }

    /// Whether `node` is a locative phrase ("in New York", "at Stanford").
    fn is_locative(&self, node: usize) -> bool {
        (self.first..self.end).any(|i| {
            self.up(i) == Some(node)
                && self.tree.relation(i) == "case"
                && matches!(self.tree.tokens[i].form, "in" | "at")
        })
    }

    /// Whether the edge from `node` up to `up` leaves the name: an
    /// apposition, clause or list anywhere, and on the name itself a
    /// conjunct, a set-off phrase or a locative, or for a person any
    /// nominal modifier ("James To of the Democratic Party").
    fn cuts(&self, node: usize, up: usize) -> bool {
        let relation = self.tree.relation(node);
        if DETACHED.contains(&relation) {
            return true;
        }
        self.in_group(up)
            && (relation == "conj"
                || self.opens_with_punct(node)
                || (relation == "nmod" && (self.person || self.is_locative(node))))
    }

    /// Whether token `i` hangs from the head without a cut edge.
    fn in_core(&self, i: usize) -> bool {
        let mut node = i;
        for _ in self.first..self.end {
            if node == self.head {
                return true;
            }
            match self.up(node) {
                Some(up) if !self.cuts(node, up) => node = up,
                _ => return false,
            }
        }
        false
    }

    /// Whether a token before the head is a determiner, punctuation or a
    /// lowercase modifier ("the", "fashion designer Halston").
    fn is_leading_modifier(&self, i: usize) -> bool {
        matches!(self.tree.upos(i), "PUNCT" | "DET")
            || self.tree.tokens[i]
                .form
                .chars()
                .next()
                .is_some_and(char::is_lowercase)
    }

    /// The name proper: the contiguous run of core tokens around the head,
    /// without edge punctuation, leading determiners and lowercase
    /// modifiers, or a trailing possessive clitic.
    fn name(&self) -> (usize, usize) {
        let head = self.head;
        let mut start = head;
        while start > self.first && self.in_core(start - 1) {
            start -= 1;
        }
        let mut stop = head + 1;
        while stop < self.end && self.in_core(stop) {
            stop += 1;
        }
        while start < head && self.is_leading_modifier(start) {
            start += 1;
        }
        while stop > head + 1
            && (self.tree.upos(stop - 1) == "PUNCT" || self.tree.relation(stop - 1) == "case")
        {
            stop -= 1;
        }
        (start, stop)
    }
}

/// Turns mentions into flat NER spans: the name proper of every named
/// mention, keeping the outermost of overlapping names. Cutting names
/// before the overlap check frees names that sat in an outer mention's
/// apposition or coordination ("Portsmouth, United Kingdom").
fn flatten(tokens: &[Token<'_>], mentions: &[Mention]) -> Vec<Span> {
    let tree = Tree::new(tokens);
    let mut named: Vec<Span> = mentions.iter().filter_map(|m| tree.named_span(m)).collect();
    // Outermost first: by start, longer first.
    named.sort_by_key(|s| (s.first, std::cmp::Reverse(s.end), s.label));
    let mut spans: Vec<Span> = Vec::new();
    for span in named {
        if spans.last().is_none_or(|last| span.first >= last.end) {
            spans.push(span);
        }
    }
    spans
}
