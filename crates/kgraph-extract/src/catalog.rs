//! User catalogs: known people, organizations, events and places, each with
//! a name, aliases and an id (a Wikidata QID or any IRI), read from CSV, TSV
//! or JSON Lines (`--catalog FILE`).
//!
//! A catalog does two things in extraction: its names and aliases are
//! recognized in the text as mentions of their type (`mentions::find_with`), and
//! an entity one of whose mentions is a catalog name is that entry: its
//! canonical name and key are the entry's name, and the graph says it is the
//! entry's id (`owl:sameAs`). A form several entries share is decided by
//! their countries: the one entry whose country the document names; with
//! none or several, the name is still recognized but linked to no entry.
//!
//! ```text
//! name,type,aliases,id,country,description
//! Nicolás Maduro,Person,Maduro|Nicolas Maduro,Q57413,VE,President of Venezuela
//! Democratic Party,Organization,,Q29552,US,
//! Democratic Party,Organization,,Q1141164,HK,
//! ```
//!
//! A line that cannot be read is reported with its number ([`LineError`])
//! and the others load.

use crate::gazetteer::{Gazetteer, PlaceName};
use crate::lexicon::FastMap;
use crate::schema::EntityType;
use crate::text::{fold, Text};

/// The Wikidata entity namespace, the base of a bare QID.
pub const WIKIDATA: &str = "http://www.wikidata.org/entity/";

/// One catalog entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The canonical name.
    pub name: String,
    /// Its type (not `Country`: countries are built in).
    pub kind: EntityType,
    /// Other names it goes by.
    pub aliases: Vec<String>,
    /// Its IRI: `http://www.wikidata.org/entity/Q…` for a QID.
    pub id: String,
    /// The country it belongs to (index into [`Gazetteer::countries`]).
    pub country: Option<usize>,
    /// A short description.
    pub description: Option<String>,
}

/// What an entity takes from the catalog entry it was linked to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// The entry's IRI.
    pub id: String,
    /// The entry's name.
    pub name: String,
    /// The entry's description.
    pub description: Option<String>,
}

impl From<&Entry> for Link {
    fn from(e: &Entry) -> Self {
        Link {
            id: e.id.clone(),
            name: e.name.clone(),
            description: e.description.clone(),
        }
    }
}

/// A line of a catalog file that could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineError {
    /// Its number, from 1.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for LineError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

/// The formats a catalog is read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Comma-separated, with a header line.
    Csv,
    /// Tab-separated, with a header line.
    Tsv,
    /// One JSON object a line.
    Jsonl,
}

impl Format {
    /// The format a file's extension names (`.csv`, `.tsv`, `.jsonl`,
    /// `.ndjson`).
    pub fn of_path(path: &std::path::Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "csv" => Some(Format::Csv),
            "tsv" | "tab" => Some(Format::Tsv),
            "jsonl" | "ndjson" => Some(Format::Jsonl),
            _ => None,
        }
    }
}

/// Entries and the index of their names' words.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Catalog {
    entries: Vec<Entry>,
    /// Folded first word → (the folded words of a name, its entry), longest
    /// names first.
    by_first: FastMap<String, Vec<(Vec<String>, usize)>>,
}

/// One row before it is checked.
#[derive(Default)]
struct Row {
    name: String,
    kind: String,
    aliases: Vec<String>,
    id: String,
    country: String,
    description: String,
}

impl Catalog {
    /// The entries, in the order they were read.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// Reads a catalog file; the format is the extension's. Lines that
    /// cannot be read are returned, the others loaded.
    pub fn read(&mut self, path: &std::path::Path) -> Result<Vec<LineError>, String> {
        let format = Format::of_path(path).ok_or_else(|| {
            "a catalog is .csv, .tsv or .jsonl (one JSON object a line)".to_owned()
        })?;
        let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read it: {e}"))?;
        Ok(self.add_text(&text, format))
    }

    /// Adds the entries of `text` in `format`; returns the lines that could
    /// not be read.
    pub fn add_text(&mut self, text: &str, format: Format) -> Vec<LineError> {
        let mut errors = Vec::new();
        let rows = match format {
            Format::Jsonl => json_rows(text, &mut errors),
            Format::Csv => delimited_rows(text, b',', &mut errors),
            Format::Tsv => delimited_rows(text, b'\t', &mut errors),
        };
        for (line, row) in rows {
            match entry(row) {
                Ok(e) => self.push(e),
                Err(message) => errors.push(LineError { line, message }),
            }
        }
        errors.sort_by_key(|e| e.line);
        errors
    }

    fn push(&mut self, entry: Entry) {
        let n = self.entries.len();
        let mut forms: Vec<Vec<String>> = std::iter::once(&entry.name)
            .chain(&entry.aliases)
            .map(|f| words(f))
            .filter(|w| !w.is_empty())
            .collect();
        forms.sort();
        forms.dedup();
        for form in forms {
            let slot = self.by_first.entry(form[0].clone()).or_default();
            slot.push((form, n));
            slot.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.1.cmp(&b.1)));
        }
        self.entries.push(entry);
    }

    /// The longest catalog name at token `i` (before `end`), with every
    /// entry that has it.
    pub(crate) fn at(
        &self,
        text: &Text,
        folded: &[String],
        i: usize,
        end: usize,
    ) -> Option<(usize, Vec<usize>)> {
        let candidates = self.by_first.get(&folded[i])?;
        let mut best: Option<(usize, Vec<usize>)> = None;
        for (form, e) in candidates {
            let n = form.len();
            if best.as_ref().is_some_and(|(len, _)| *len > n) {
                break;
            }
            if i + n > end || folded[i..i + n] != form[..] {
                continue;
            }
            let written = text.span_text(i, i + n);
            let capital = written
                .chars()
                .next()
                .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit());
            let exact = std::iter::once(&self.entries[*e].name)
                .chain(&self.entries[*e].aliases)
                .any(|f| f == written);
            if !capital && !exact {
                continue;
            }
            match &mut best {
                Some((_, entries)) => {
                    if !entries.contains(e) {
                        entries.push(*e);
                    }
                }
                None => best = Some((n, vec![*e])),
            }
        }
        best
    }
}

/// The folded words of a name, as the text's tokenizer cuts them.
fn words(name: &str) -> Vec<String> {
    let text = Text::new(name);
    (0..text.tokens().len())
        .map(|i| fold(text.word(i)))
        .collect()
}

/// Checks a row and makes it an entry.
fn entry(row: Row) -> Result<Entry, String> {
    let name = row.name.trim().to_owned();
    if name.is_empty() {
        return Err("the name is empty".to_owned());
    }
    let kind = match row.kind.trim().to_ascii_lowercase().as_str() {
        "person" | "per" => EntityType::Person,
        "organization" | "organisation" | "org" => EntityType::Organization,
        "event" => EntityType::Event,
        "place" | "location" | "loc" | "city" => EntityType::Place,
        "country" => return Err("type Country: countries are built in (ISO 3166-1)".to_owned()),
        "" => return Err("the type is empty (Person, Organization, Event or Place)".to_owned()),
        other => {
            return Err(format!(
                "unknown type '{other}' (Person, Organization, Event or Place)"
            ))
        }
    };
    let id = iri(row.id.trim())?;
    let country = match row.country.trim() {
        "" => None,
        c => Some(country(c).ok_or_else(|| {
            format!("unknown country '{c}' (an ISO 3166-1 code or a country's name)")
        })?),
    };
    let mut aliases: Vec<String> = row
        .aliases
        .iter()
        .map(|a| a.trim().to_owned())
        .filter(|a| !a.is_empty() && *a != name)
        .collect();
    aliases.sort();
    aliases.dedup();
    let description = Some(row.description.trim().to_owned()).filter(|d| !d.is_empty());
    Ok(Entry {
        name,
        kind,
        aliases,
        id,
        country,
        description,
    })
}

/// A QID (`Q57413`, `wd:Q57413`) as its Wikidata IRI, or an absolute IRI as it is.
fn iri(id: &str) -> Result<String, String> {
    if id.is_empty() {
        return Err("the id is empty (a Wikidata QID such as Q57413, or an IRI)".to_owned());
    }
    let qid = id.strip_prefix("wd:").unwrap_or(id);
    if qid.len() > 1
        && qid.starts_with('Q')
        && qid[1..].bytes().all(|b| b.is_ascii_digit())
        && !qid[1..].starts_with('0')
    {
        return Ok(format!("{WIKIDATA}{qid}"));
    }
    let scheme = id.split_once(':').map(|(s, _)| s).unwrap_or_default();
    let scheme_ok = scheme
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    let chars_ok = !id
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || "<>\"{}|\\^`".contains(c));
    if scheme_ok && chars_ok && id.len() > scheme.len() + 1 {
        Ok(id.to_owned())
    } else {
        Err(format!(
            "bad id '{id}': not a Wikidata QID (Q57413) nor an absolute IRI"
        ))
    }
}

/// A country by ISO 3166-1 code (alpha-2 or alpha-3) or name.
fn country(c: &str) -> Option<usize> {
    let g = Gazetteer::get();
    if let Some(n) = g
        .countries
        .iter()
        .position(|x| x.iso2.eq_ignore_ascii_case(c) || x.iso3.eq_ignore_ascii_case(c))
    {
        return Some(n);
    }
    match g.lookup(c) {
        Some(PlaceName::Country(n)) => Some(n),
        _ => None,
    }
}

/// The aliases of a cell: `|`-separated.
fn split_aliases(cell: &str) -> Vec<String> {
    cell.split('|').map(str::to_owned).collect()
}

/// The columns a header may name.
const COLUMNS: &[&str] = &["name", "type", "aliases", "id", "country", "description"];

/// The rows of a CSV or TSV file with a header line, by line number.
fn delimited_rows(text: &str, delimiter: u8, errors: &mut Vec<LineError>) -> Vec<(usize, Row)> {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .quoting(delimiter == b',')
        .from_reader(text.as_bytes());
    let header: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(|c| c.trim().to_ascii_lowercase()).collect(),
        Err(e) => {
            errors.push(LineError {
                line: 1,
                message: format!("the header cannot be read: {e}"),
            });
            return Vec::new();
        }
    };
    let column = |name: &str| header.iter().position(|c| c == name);
    for required in ["name", "type", "id"] {
        if column(required).is_none() {
            errors.push(LineError {
                line: 1,
                message: format!(
                    "the header has no '{required}' column (it names: {})",
                    COLUMNS.join(", ")
                ),
            });
            return Vec::new();
        }
    }
    let mut rows = Vec::new();
    let mut record = csv::StringRecord::new();
    loop {
        let line = reader.position().line() as usize;
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let line = record.position().map_or(line, |p| p.line() as usize);
                if record.iter().all(|c| c.trim().is_empty()) {
                    continue;
                }
                if record.len() > header.len() {
                    errors.push(LineError {
                        line,
                        message: format!(
                            "{} fields where the header has {}",
                            record.len(),
                            header.len()
                        ),
                    });
                    continue;
                }
                let cell = |name: &str| {
                    column(name)
                        .and_then(|c| record.get(c))
                        .unwrap_or_default()
                        .to_owned()
                };
                rows.push((
                    line,
                    Row {
                        name: cell("name"),
                        kind: cell("type"),
                        aliases: split_aliases(&cell("aliases")),
                        id: cell("id"),
                        country: cell("country"),
                        description: cell("description"),
                    },
                ));
            }
            Err(e) => {
                errors.push(LineError {
                    line,
                    message: format!("cannot be read: {e}"),
                });
                if !matches!(e.kind(), csv::ErrorKind::Utf8 { .. }) {
                    break;
                }
            }
        }
    }
    rows
}

/// The rows of a JSON Lines file, by line number.
fn json_rows(text: &str, errors: &mut Vec<LineError>) -> Vec<(usize, Row)> {
    let mut rows = Vec::new();
    for (n, raw) in text.lines().enumerate() {
        let line = n + 1;
        if raw.trim().is_empty() {
            continue;
        }
        let value: serde_json::Value = match serde_json::from_str(raw) {
            Ok(v) => v,
            Err(e) => {
                errors.push(LineError {
                    line,
                    message: format!("not JSON: {e}"),
                });
                continue;
            }
        };
        let Some(object) = value.as_object() else {
            errors.push(LineError {
                line,
                message: "not a JSON object".to_owned(),
            });
            continue;
        };
        let mut bad = None;
        let mut text_of = |key: &str| match object.get(key) {
            None | Some(serde_json::Value::Null) => String::new(),
            Some(serde_json::Value::String(s)) => s.clone(),
            Some(_) => {
                bad.get_or_insert_with(|| format!("'{key}' is not a string"));
                String::new()
            }
        };
        let name = text_of("name");
        let kind = text_of("type");
        let id = text_of("id");
        let country = text_of("country");
        let description = text_of("description");
        let aliases = match object.get("aliases") {
            None | Some(serde_json::Value::Null) => Vec::new(),
            Some(serde_json::Value::String(s)) => split_aliases(s),
            Some(serde_json::Value::Array(items)) => items
                .iter()
                .filter_map(|a| match a.as_str() {
                    Some(s) => Some(s.to_owned()),
                    None => {
                        bad.get_or_insert_with(|| "'aliases' holds a non-string".to_owned());
                        None
                    }
                })
                .collect(),
            Some(_) => {
                bad.get_or_insert_with(|| {
                    "'aliases' is neither a list of strings nor a string".to_owned()
                });
                Vec::new()
            }
        };
        if let Some(message) = bad {
            errors.push(LineError { line, message });
            continue;
        }
        rows.push((
            line,
            Row {
                name,
                kind,
                aliases,
                id,
                country,
                description,
            },
        ));
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    const CSV: &str = "name,type,aliases,id,country,description\n\
        Nicolás Maduro,Person,Maduro|Nicolas Maduro,Q57413,VE,President of Venezuela\n\
        Democratic Party,Organization,,Q29552,US,\n\
        Democratic Party,Organization,,Q1141164,HK,\n\
        \"Acme, Inc.\",organisation,Acme,https://example.org/acme,,\"A maker of \"\"everything\"\"\"\n";

    #[test]
    fn csv_rows_become_entries_with_iris_and_countries() {
        let mut c = Catalog::default();
        assert_eq!(c.add_text(CSV, Format::Csv), vec![]);
        let e = c.entries();
        assert_eq!(e.len(), 4);
        assert_eq!(e[0].name, "Nicolás Maduro");
        assert_eq!(e[0].kind, EntityType::Person);
        assert_eq!(e[0].aliases, vec!["Maduro", "Nicolas Maduro"]);
        assert_eq!(e[0].id, "http://www.wikidata.org/entity/Q57413");
        let g = Gazetteer::get();
        assert_eq!(
            e[0].country.map(|c| g.countries[c].iso2.as_str()),
            Some("VE")
        );
        assert_eq!(
            e[2].country.map(|c| g.countries[c].iso2.as_str()),
            Some("HK")
        );
        assert_eq!(e[3].name, "Acme, Inc.");
        assert_eq!(e[3].kind, EntityType::Organization);
        assert_eq!(e[3].id, "https://example.org/acme");
        assert_eq!(
            e[3].description.as_deref(),
            Some("A maker of \"everything\"")
        );
    }

    #[test]
    fn tsv_and_jsonl_read_the_same_entry() {
        let tsv = "id\tname\ttype\taliases\nQ57413\tNicolás Maduro\tPerson\tMaduro\n";
        let jsonl = r#"{"name": "Nicolás Maduro", "type": "Person", "aliases": ["Maduro"], "id": "wd:Q57413"}"#;
        let (mut a, mut b) = (Catalog::default(), Catalog::default());
        assert_eq!(a.add_text(tsv, Format::Tsv), vec![]);
        assert_eq!(b.add_text(jsonl, Format::Jsonl), vec![]);
        assert_eq!(a.entries(), b.entries());
        assert_eq!(a.entries()[0].aliases, vec!["Maduro"]);
    }

    #[test]
    fn bad_lines_are_named_and_the_others_load() {
        let csv = "name,type,id,country\n\
            Good One,Person,Q1,\n\
            ,Person,Q2,\n\
            Bad Type,Planet,Q3,\n\
            Bad Id,Person,not an id,\n\
            Bad Country,Person,Q4,Atlantis\n\
            No Countries,Country,Q5,\n\
            Too,Many,Q6,VE,extra\n\
            Good Two,Organization,https://example.org/2,FR\n";
        let mut c = Catalog::default();
        let errors = c.add_text(csv, Format::Csv);
        let lines: Vec<usize> = errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, vec![3, 4, 5, 6, 7, 8], "{errors:?}");
        assert!(
            errors[1].message.contains("unknown type 'planet'"),
            "{}",
            errors[1]
        );
        assert!(errors[2]
            .to_string()
            .starts_with("line 5: bad id 'not an id'"));
        assert!(errors[3].message.contains("Atlantis"));
        let names: Vec<&str> = c.entries().iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names, vec!["Good One", "Good Two"]);

        let jsonl = "{\"name\": \"A B\", \"type\": \"Person\", \"id\": \"Q7\"}\n\nnot json\n[1]\n{\"name\": 3, \"type\": \"Person\", \"id\": \"Q8\"}\n";
        let mut c = Catalog::default();
        let errors = c.add_text(jsonl, Format::Jsonl);
        let lines: Vec<usize> = errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, vec![3, 4, 5], "{errors:?}");
        assert_eq!(c.entries().len(), 1);

        let mut c = Catalog::default();
        let errors = c.add_text("label,kind\nX,Person\n", Format::Csv);
        assert_eq!(errors.len(), 1);
        assert!(
            errors[0].message.contains("no 'name' column"),
            "{}",
            errors[0]
        );
    }

    #[test]
    fn ids_are_qids_or_absolute_iris() {
        assert_eq!(
            iri("Q42").as_deref(),
            Ok("http://www.wikidata.org/entity/Q42")
        );
        assert_eq!(
            iri("wd:Q42").as_deref(),
            Ok("http://www.wikidata.org/entity/Q42")
        );
        assert_eq!(iri("urn:isbn:123").as_deref(), Ok("urn:isbn:123"));
        for bad in ["Q", "Q042", "42", "acme", "http://x y", "", "1http://x"] {
            assert!(iri(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_format_is_the_extension() {
        use std::path::Path;
        assert_eq!(Format::of_path(Path::new("a/b.CSV")), Some(Format::Csv));
        assert_eq!(Format::of_path(Path::new("b.tsv")), Some(Format::Tsv));
        assert_eq!(Format::of_path(Path::new("b.jsonl")), Some(Format::Jsonl));
        assert_eq!(Format::of_path(Path::new("b.json")), None);
        assert_eq!(Format::of_path(Path::new("b")), None);
    }
}
