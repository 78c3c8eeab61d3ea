//! The mistakes people make in SPARQL, found by reading the text before the
//! parser's own account: an empty query, a string or bracket left open, a
//! misspelt keyword, a prefixed name with an unescaped `/`, a `FILTER`
//! without parentheses, a `LIMIT` that is not a number. Each is said where
//! it is, in plain words; what none of them explains is left to the parser.

/// A lexical unit of a query, with where it starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Unit<'a> {
    text: &'a str,
    kind: Kind,
    line: usize,
    column: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A run of name characters: a keyword, a variable, a prefixed name, a
    /// number, a language tag.
    Word,
    /// A string literal.
    Text,
    /// An IRI in angle brackets.
    Iri,
    /// One character of punctuation.
    Mark,
}

/// The keywords and built-in function names of SPARQL 1.1 and 1.2
/// (uppercase), and the `a` of `rdf:type`.
const KEYWORDS: &[&str] = &[
    "A",
    "ABS",
    "ADD",
    "ALL",
    "AS",
    "ASC",
    "ASK",
    "AVG",
    "BASE",
    "BIND",
    "BNODE",
    "BOUND",
    "BY",
    "CEIL",
    "CLEAR",
    "COALESCE",
    "CONCAT",
    "CONSTRUCT",
    "CONTAINS",
    "COPY",
    "COUNT",
    "CREATE",
    "DATA",
    "DATATYPE",
    "DAY",
    "DEFAULT",
    "DELETE",
    "DESC",
    "DESCRIBE",
    "DISTINCT",
    "DROP",
    "ENCODE_FOR_URI",
    "EXISTS",
    "FALSE",
    "FILTER",
    "FLOOR",
    "FROM",
    "GRAPH",
    "GROUP",
    "GROUP_CONCAT",
    "HAVING",
    "HOURS",
    "IF",
    "IN",
    "INSERT",
    "INTO",
    "IRI",
    "ISBLANK",
    "ISIRI",
    "ISLITERAL",
    "ISNUMERIC",
    "ISTRIPLE",
    "ISURI",
    "LANG",
    "LANGDIR",
    "LANGMATCHES",
    "LCASE",
    "LIMIT",
    "LOAD",
    "MAX",
    "MD5",
    "MIN",
    "MINUS",
    "MINUTES",
    "MONTH",
    "MOVE",
    "NAMED",
    "NOT",
    "NOW",
    "OBJECT",
    "OFFSET",
    "OPTIONAL",
    "ORDER",
    "PREDICATE",
    "PREFIX",
    "RAND",
    "REDUCED",
    "REGEX",
    "REPLACE",
    "ROUND",
    "SAMETERM",
    "SAMPLE",
    "SECONDS",
    "SELECT",
    "SEPARATOR",
    "SERVICE",
    "SHA1",
    "SHA256",
    "SHA384",
    "SHA512",
    "SILENT",
    "STR",
    "STRAFTER",
    "STRBEFORE",
    "STRDT",
    "STRENDS",
    "STRLANG",
    "STRLANGDIR",
    "STRLEN",
    "STRSTARTS",
    "STRUUID",
    "SUBJECT",
    "SUBSTR",
    "SUM",
    "TIMEZONE",
    "TO",
    "TRIPLE",
    "TRUE",
    "TZ",
    "UCASE",
    "UNDEF",
    "UNION",
    "URI",
    "USING",
    "UUID",
    "VALUES",
    "VERSION",
    "WHERE",
    "WITH",
    "YEAR",
    "HASLANG",
    "HASLANGDIR",
    "ADJUST",
    "LATERAL",
];

/// The words a query or an update starts with, after its PREFIX and BASE lines.
const FORMS: &[&str] = &[
    "SELECT",
    "CONSTRUCT",
    "ASK",
    "DESCRIBE",
    "INSERT",
    "DELETE",
    "LOAD",
    "CLEAR",
    "CREATE",
    "DROP",
    "COPY",
    "MOVE",
    "ADD",
    "WITH",
    "VERSION",
];

/// What is wrong with `sparql` as far as its text shows, in one line, or
/// `None` when the text shows nothing wrong.
pub(crate) fn diagnose(sparql: &str) -> Option<String> {
    if sparql.trim().is_empty() {
        return Some("the query is empty".to_owned());
    }
    let units = match units(sparql) {
        Ok(units) => units,
        Err(message) => return Some(message),
    };
    brackets(&units)
        .or_else(|| iris(&units))
        .or_else(|| form(&units))
        .or_else(|| clauses(&units))
        .or_else(|| words(&units))
}

/// The units of `sparql`, comments left out; an error for a string that is
/// not closed.
fn units(sparql: &str) -> Result<Vec<Unit<'_>>, String> {
    let chars: Vec<(usize, char)> = sparql.char_indices().collect();
    let (mut line, mut column) = (1, 1);
    let mut out = Vec::new();
    let mut i = 0;
    // Moves past chars[i..j], keeping the line and column.
    let advance = |from: usize, to: usize, line: &mut usize, column: &mut usize| {
        for &(_, c) in &chars[from..to] {
            if c == '\n' {
                *line += 1;
                *column = 1;
            } else {
                *column += 1;
            }
        }
    };
    let byte = |k: usize| chars.get(k).map_or(sparql.len(), |&(b, _)| b);
    while i < chars.len() {
        let c = chars[i].1;
        let start = i;
        let (at_line, at_column) = (line, column);
        let kind;
        if c.is_whitespace() {
            advance(i, i + 1, &mut line, &mut column);
            i += 1;
            continue;
        } else if c == '#' {
            while i < chars.len() && chars[i].1 != '\n' {
                i += 1;
            }
            advance(start, i, &mut line, &mut column);
            continue;
        } else if c == '"' || c == '\'' {
            let long = chars.get(i + 1).map(|x| x.1) == Some(c)
                && chars.get(i + 2).map(|x| x.1) == Some(c);
            let quote = if long { 3 } else { 1 };
            let mut j = i + quote;
            let closed = loop {
                match chars.get(j).map(|x| x.1) {
                    None => break false,
                    Some('\\') => j += 2,
                    Some('\n') if !long => break false,
                    Some(x)
                        if x == c
                            && (!long
                                || (chars.get(j + 1).map(|y| y.1) == Some(c)
                                    && chars.get(j + 2).map(|y| y.1) == Some(c))) =>
                    {
                        break true
                    }
                    Some(_) => j += 1,
                }
            };
            if !closed {
                return Err(format!(
                    "line {at_line}, column {at_column}: the string that starts here is not closed (with {})",
                    if long { format!("{c}{c}{c}") } else { c.to_string() }
                ));
            }
            i = j + quote;
            kind = Kind::Text;
        } else if let Some(end) = (c == '<').then(|| iri_end(&chars, i)).flatten() {
            i = end;
            kind = Kind::Iri;
        } else if is_name(c) || c == '?' || c == '$' || c == '@' || c == '\\' || c == ':' {
            while i < chars.len() {
                let x = chars[i].1;
                if x == '\\' {
                    i += 2;
                } else if is_name(x) || matches!(x, '?' | '$' | '@' | ':' | '.' | '-' | '%') {
                    // A final period ends the triple, not the name.
                    if x == '.' && !chars.get(i + 1).is_some_and(|y| is_name(y.1)) {
                        break;
                    }
                    i += 1;
                } else {
                    break;
                }
            }
            kind = Kind::Word;
        } else {
            i += 1;
            kind = Kind::Mark;
        }
        let end = i.min(chars.len());
        out.push(Unit {
            text: &sparql[byte(start)..byte(end)],
            kind,
            line: at_line,
            column: at_column,
        });
        advance(start, end, &mut line, &mut column);
    }
    Ok(out)
}

fn is_name(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Where the IRI that starts at `i` ends (past its `>`), when `<` opens one:
/// no space, quote or brace before the `>`.
fn iri_end(chars: &[(usize, char)], i: usize) -> Option<usize> {
    let mut j = i + 1;
    while let Some(&(_, c)) = chars.get(j) {
        match c {
            '>' => return Some(j + 1),
            c if c.is_whitespace() || matches!(c, '"' | '{' | '}' | '<' | '|' | '^' | '`') => {
                return None
            }
            _ => j += 1,
        }
    }
    None
}

/// A bracket that closes nothing, closes another kind, or stays open.
fn brackets(units: &[Unit<'_>]) -> Option<String> {
    let mut open: Vec<&Unit<'_>> = Vec::new();
    for u in units.iter().filter(|u| u.kind == Kind::Mark) {
        match u.text {
            "(" | "{" | "[" => open.push(u),
            ")" | "}" | "]" => {
                let want = match u.text {
                    ")" => "(",
                    "}" => "{",
                    _ => "[",
                };
                match open.pop() {
                    Some(o) if o.text == want => {}
                    Some(o) => {
                        return Some(format!(
                            "line {}, column {}: '{}' closes the '{}' opened at line {}, column {}, which wants '{}'",
                            u.line, u.column, u.text, o.text, o.line, o.column, closer(o.text)
                        ))
                    }
                    None => {
                        return Some(format!(
                            "line {}, column {}: '{}' closes nothing: no '{want}' is open",
                            u.line, u.column, u.text
                        ))
                    }
                }
            }
            _ => {}
        }
    }
    open.first().map(|o| {
        format!(
            "line {}, column {}: the '{}' opened here is not closed: a '{}' is missing",
            o.line,
            o.column,
            o.text,
            closer(o.text)
        )
    })
}

fn closer(open: &str) -> &'static str {
    match open {
        "(" => ")",
        "{" => "}",
        _ => "]",
    }
}

/// A `<` that opens an IRI the text does not close before a space or quote.
fn iris(units: &[Unit<'_>]) -> Option<String> {
    units.windows(2).find_map(|w| {
        let (lt, word) = (&w[0], &w[1]);
        let adjacent = lt.line == word.line && lt.column + 1 == word.column;
        (lt.text == "<"
            && adjacent
            && word.kind == Kind::Word
            && word.text.contains(':')
            && !word.text.starts_with(['?', '$']))
        .then(|| {
            format!(
                "line {}, column {}: the IRI that starts here is not closed with '>' before a space or quote (an IRI holds neither: write %20 for a space)",
                lt.line, lt.column
            )
        })
    })
}

/// The first word after the PREFIX and BASE lines is not a query or update form.
fn form(units: &[Unit<'_>]) -> Option<String> {
    let mut i = 0;
    while let Some(u) = units.get(i) {
        match u.text.to_ascii_uppercase().as_str() {
            "PREFIX" => i += 3,
            "BASE" => i += 2,
            _ => break,
        }
    }
    let u = units.get(i)?;
    if u.kind == Kind::Word && FORMS.contains(&u.text.to_ascii_uppercase().as_str()) {
        return None;
    }
    Some(format!(
        "line {}, column {}: found '{}' where the query starts: a query starts with SELECT, CONSTRUCT, ASK or DESCRIBE (an update with INSERT, DELETE, ...), after its PREFIX lines",
        u.line, u.column, u.text
    ))
}

/// A word that is no keyword, variable, prefixed name, number or language
/// tag; or a prefixed name whose local part goes on after an unescaped `/`.
fn words(units: &[Unit<'_>]) -> Option<String> {
    for (k, u) in units.iter().enumerate() {
        if u.kind != Kind::Word {
            continue;
        }
        let first = u.text.chars().next().unwrap_or(' ');
        let after_tag = k > 0 && units[k - 1].text == "^";
        if matches!(first, '?' | '$' | '@') || first.is_ascii_digit() || after_tag {
            continue;
        }
        if u.text.contains(':') {
            // `kgr:person/x`: the `/` splits the name; a path goes on with
            // another name (`kg:memberOf/rdfs:label`), an IRI or a bracket.
            let next = units.get(k + 2);
            if units.get(k + 1).is_some_and(|s| s.text == "/")
                && next.is_some_and(|n| {
                    n.kind == Kind::Word && !n.text.contains(':') && !n.text.starts_with('?')
                })
            {
                let next = next.map_or("", |n| n.text);
                return Some(format!(
                    "line {}, column {}: '{}/{}' is not one name: a '/' in a prefixed name is written '\\/' ({}\\/{}), or give the full IRI in angle brackets",
                    u.line, u.column, u.text, next, u.text, next
                ));
            }
            continue;
        }
        if !KEYWORDS.contains(&u.text.to_ascii_uppercase().as_str()) {
            return Some(format!(
                "line {}, column {}: '{}' is not a SPARQL keyword, variable (?x), prefixed name (kg:Person) or IRI (<...>)",
                u.line, u.column, u.text
            ));
        }
    }
    None
}

/// `FILTER` without its parentheses, `LIMIT` or `OFFSET` without a number.
fn clauses(units: &[Unit<'_>]) -> Option<String> {
    for (k, u) in units.iter().enumerate() {
        if u.kind != Kind::Word {
            continue;
        }
        let next = units.get(k + 1);
        match u.text.to_ascii_uppercase().as_str() {
            "FILTER"
                if next.is_some_and(|n| n.text.starts_with(['?', '$']) || n.kind == Kind::Text) =>
            {
                return Some(format!(
                    "line {}, column {}: FILTER takes its condition in parentheses: FILTER({} ...)",
                    u.line,
                    u.column,
                    next.map_or("", |n| n.text)
                ))
            }
            "PREFIX" if next.is_some_and(|n| !n.text.ends_with(':')) => {
                return Some(format!(
                    "line {}, column {}: PREFIX takes a name ending in ':' and an IRI: PREFIX {}: <http://...>",
                    u.line,
                    u.column,
                    next.map_or("ex", |n| n.text)
                ))
            }
            "SELECT" => {
                if let Some(said) = unnamed(&units[k + 1..]) {
                    return Some(said);
                }
            }
            _ => {}
        }
        match u.text.to_ascii_uppercase().as_str() {
            "SELECT"
                if next.is_some_and(|n| n.text == "{" || n.text.eq_ignore_ascii_case("WHERE")) =>
            {
                return Some(format!(
                    "line {}, column {}: SELECT names what it returns before WHERE: SELECT ?x ?y, or SELECT *",
                    u.line, u.column
                ))
            }
            "LIMIT" | "OFFSET"
                if !next.is_some_and(|n| n.text.chars().all(|c| c.is_ascii_digit())) =>
            {
                return Some(format!(
                    "line {}, column {}: {} takes a whole number ({} 10), not '{}'",
                    u.line,
                    u.column,
                    u.text.to_ascii_uppercase(),
                    u.text.to_ascii_uppercase(),
                    next.map_or("the end of the query", |n| n.text)
                ))
            }
            _ => {}
        }
    }
    None
}

/// An expression in a SELECT clause (`units`, after SELECT) without its
/// `AS ?name`.
fn unnamed(units: &[Unit<'_>]) -> Option<String> {
    let mut depth = 0;
    let mut open: Option<&Unit<'_>> = None;
    let mut named = false;
    for u in units {
        if depth == 0 && (u.text == "{" || u.text.eq_ignore_ascii_case("WHERE")) {
            return None;
        }
        match u.text {
            "(" => {
                if depth == 0 {
                    open = Some(u);
                    named = false;
                }
                depth += 1;
            }
            ")" => {
                depth -= 1;
                if depth == 0 && !named {
                    let o = open?;
                    return Some(format!(
                        "line {}, column {}: an expression in SELECT is named with AS: (COUNT(?x) AS ?n)",
                        o.line, o.column
                    ));
                }
            }
            t if depth == 1 && t.eq_ignore_ascii_case("AS") => named = true,
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn said(sparql: &str) -> String {
        diagnose(sparql).unwrap_or_else(|| panic!("nothing said of {sparql}"))
    }

    #[test]
    fn valid_queries_get_nothing_said() {
        for q in [
            "SELECT DISTINCT ?n WHERE { ?p a kg:Person ; rdfs:label ?n } ORDER BY ?n LIMIT 10",
            "PREFIX ex: <http://e/> SELECT * WHERE { ?x ex:p \"a # b\"@en . FILTER(?x != <http://e/a>) }",
            "SELECT ?x WHERE { ?x a/rdfs:subClassOf* kg:Entity . ?x kg:memberOf/rdfs:label ?l }",
            "SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE { ?o a kg:Organization } # a comment (\n",
            "ASK { kgr:person\\/donald-trump a kg:Person . FILTER(1 < 2 && 3 > 2) }",
            "SELECT ?d WHERE { ?x kg:date ?d . FILTER(?d > \"2020-01-01\"^^xsd:date) } OFFSET 5",
            "INSERT DATA { <http://e/a> <http://e/p> '''long\nstring''' }",
            "DESCRIBE kgr:x",
        ] {
            assert_eq!(diagnose(q), None, "{q}");
        }
    }

    #[test]
    fn common_mistakes_are_said_where_they_are() {
        assert!(said("").contains("empty"));
        assert!(said("SELCT ?x WHERE { ?x a kg:Person }")
            .starts_with("line 1, column 1: found 'SELCT' where the query starts"));
        let m = said("SELECT ?x WHERE { ?x a kgr:person/donald-trump }");
        assert!(
            m.starts_with("line 1, column 24: 'kgr:person/donald-trump' is not one name"),
            "{m}"
        );
        assert!(m.contains("kgr:person\\/donald-trump"), "{m}");
        let m = said("SELECT ?n WHERE {\n  ?p rdfs:label ?n .\n  FILTER(CONTAINS(?n, \"a\") }");
        assert!(
            m.starts_with("line 3, column 28: '}' closes the '(' opened at line 3, column 9"),
            "{m}"
        );
        let m = said("SELECT ?x WHERE { ?x a ?t ");
        assert!(
            m.starts_with("line 1, column 17: the '{' opened here is not closed"),
            "{m}"
        );
        assert!(said("SELECT ?x WHERE { ?x a ?t . FILTR(?x) }")
            .contains("'FILTR' is not a SPARQL keyword"));
        assert!(said("SELECT ?x WHERE { ?x kg:n ?v . FILTER ?v > 3 }")
            .contains("FILTER takes its condition in parentheses"));
        assert!(
            said("SELECT ?x WHERE { ?x a ?t } LIMIT ten").contains("LIMIT takes a whole number")
        );
        assert!(said("SELECT ?x WHERE { ?x rdfs:label \"abc }")
            .contains("the string that starts here is not closed"));
        assert!(said("SELECT WHERE { ?x a ?t }").contains("SELECT names what it returns"));
        assert!(said("SELECT (COUNT(?x) ?n) WHERE { ?x a ?t }").contains("named with AS"));
        assert!(said("PREFIX ex <http://e/> SELECT * WHERE { ?s ?p ?o }")
            .contains("PREFIX takes a name ending in ':'"));
        assert!(said("SELECT ?x WHERE { ?x a <http://e/a b> }")
            .starts_with("line 1, column 24: the IRI that starts here is not closed"));
        assert!(said("INSRT DATA { <http://e/a> <http://e/p> 1 }").contains("'INSRT'"));
    }
}
