//! A SPARQL syntax error in one line of plain words: where (line and
//! column), and what was expected there, in place of the parser's list of
//! Unicode ranges.

use kgraph_rdf::ontology::SPARQL_PREFIXES;

/// The one-line message for the parser's error `raw` on `sparql`: an
/// undeclared prefix as the parser finds it, else a mistake its text shows
/// ([`crate::sparql_lint`]), else where the parser stopped and what it
/// expected there.
pub(crate) fn plain(sparql: &str, raw: &str) -> String {
    // A word of the query quoted in the message may hold a line break (a
    // long string): the message stays one line.
    explain(sparql, raw).replace(['\n', '\r'], " ")
}

fn explain(sparql: &str, raw: &str) -> String {
    let Some((line, column, expected)) = located(raw) else {
        return crate::sparql_lint::diagnose(sparql)
            .unwrap_or_else(|| raw.split_whitespace().collect::<Vec<_>>().join(" "));
    };
    let offset = offset_of(sparql, line, column);
    let items = items(expected);
    if items
        .iter()
        .any(|i| matches!(i, Item::Message(m) if *m == "Prefix not found"))
    {
        if let Some((prefix, start)) = prefix_before(sparql, offset) {
            let (line, column) = line_column(sparql, start);
            let known: Vec<&str> = SPARQL_PREFIXES.iter().map(|(p, _)| *p).collect();
            return format!(
                "line {line}, column {column}: the prefix '{prefix}:' is not declared (add PREFIX {prefix}: <IRI> before the query; declared already: {})",
                known.join(", ")
            );
        }
    }
    if let Some(said) = crate::sparql_lint::diagnose(sparql) {
        return said;
    }
    let mut words: Vec<String> = items
        .iter()
        .filter_map(|i| match i {
            Item::Token(t) => Some(format!("'{t}'")),
            Item::Message(m) => Some((*m).to_owned()),
            Item::Class => None,
        })
        .collect();
    words.dedup();
    let expected = match words.len() {
        0 => "something else".to_owned(),
        1 => words.remove(0),
        n if n > 10 => format!("one of {} …", words[..10].join(" ")),
        _ => format!("one of {}", words.join(" ")),
    };
    let rest = &sparql[offset.min(sparql.len())..];
    let found = match rest.split_whitespace().next() {
        None => "the query ends".to_owned(),
        Some(word) => {
            let word: String = word.chars().take(24).collect();
            format!("found '{word}'")
        }
    };
    format!("line {line}, column {column}: {found}, where the parser expected {expected}")
}

/// What the parser expected: a token, a character class, or a message.
enum Item<'a> {
    Token(&'a str),
    Class,
    Message(&'a str),
}

/// Line, column and the expected set of "error at L:C: expected …".
fn located(raw: &str) -> Option<(usize, usize, &str)> {
    let rest = raw.strip_prefix("error at ")?;
    let (at, rest) = rest.split_once(": ")?;
    let (line, column) = at.split_once(':')?;
    let expected = rest.strip_prefix("expected ")?;
    // The parser's error names its cause once more after a second ": error at".
    let expected = expected.split(": error at ").next().unwrap_or(expected);
    let expected = expected.strip_prefix("one of ").unwrap_or(expected);
    Some((line.parse().ok()?, column.parse().ok()?, expected))
}

/// The items of an expected set: `"x"` tokens, `[…]` classes and plain
/// messages, comma-separated.
fn items(set: &str) -> Vec<Item<'_>> {
    let mut out = Vec::new();
    let bytes = set.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b' ' | b',' => i += 1,
            b'"' => {
                let start = i + 1;
                let mut j = start;
                while j < bytes.len() && !(bytes[j] == b'"' && bytes[j - 1] != b'\\') {
                    j += 1;
                }
                out.push(Item::Token(&set[start..j.min(set.len())]));
                i = j + 1;
            }
            b'[' => {
                // To the closing bracket outside quotes ('[' and ']' can be quoted).
                let mut quoted = false;
                let mut j = i + 1;
                while j < bytes.len() && (quoted || bytes[j] != b']') {
                    if bytes[j] == b'\'' && bytes[j - 1] != b'\\' {
                        quoted = !quoted;
                    }
                    j += 1;
                }
                out.push(Item::Class);
                i = j + 1;
            }
            _ => {
                let end = set[i..].find(", ").map_or(set.len(), |e| i + e);
                out.push(Item::Message(set[i..end].trim()));
                i = end;
            }
        }
    }
    out
}

/// The byte offset of 1-based `line` and `column` (in characters).
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    text[start.min(text.len())..]
        .char_indices()
        .nth(column.saturating_sub(1))
        .map_or(text.len(), |(i, _)| start + i)
}

/// The 1-based line and column of byte `offset`.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// The prefix of the prefixed name that ends at `offset`, and where the
/// name starts.
fn prefix_before(text: &str, offset: usize) -> Option<(&str, usize)> {
    let before = &text[..offset.min(text.len())];
    let start = before
        .rfind(|c: char| c.is_whitespace() || "(){},;^/|!<>=".contains(c))
        .map_or(0, |i| i + 1);
    let name = &before[start..];
    let (prefix, _) = name.split_once(':')?;
    (!prefix.is_empty() || name.starts_with(':')).then_some((prefix, start))
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::sparql::SparqlEvaluator;

    fn message(sparql: &str) -> String {
        let e = SparqlEvaluator::new()
            .parse_query(sparql)
            .err()
            .expect("an invalid query");
        plain(sparql, &e.to_string())
    }

    #[test]
    fn an_undeclared_prefix_is_named_with_where_it_starts() {
        let m = message("SELECT ?p WHERE {\n  ?p a foo:Person }");
        assert!(
            m.starts_with("line 2, column 8: the prefix 'foo:' is not declared"),
            "{m}"
        );
        assert!(!m.contains('\n') && !m.contains("\\u{"), "{m}");
    }

    #[test]
    fn what_the_text_does_not_show_is_where_the_parser_stopped() {
        // A bracket left open is found in the text.
        let m = message("SELECT ?p WHERE { ?p a ?t ");
        assert!(
            m.starts_with("line 1, column 17: the '{' opened here is not closed"),
            "{m}"
        );
        // ORDER without BY: the parser's account, in one line.
        let m = message("SELECT ?p WHERE { ?p a ?t } ORDER ?p");
        assert!(
            m.starts_with("line 1, column 37: the query ends, where the parser expected BY"),
            "{m}"
        );
        assert!(!m.contains('\n') && !m.contains("\\u{"), "{m}");
    }
}
