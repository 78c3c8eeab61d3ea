//! The values options take: output formats, `--parse`, dates, counts.

use clap::ValueEnum;
use kgraph_extract::Date;

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub(crate) enum ExtractFormat {
    Turtle,
    Ntriples,
    Nquads,
    Trig,
    Jsonld,
    Dot,
    Json,
    /// The parse, as CoNLL-U.
    Conllu,
}

/// Which actions `eval` counts (`--claims`).
#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub(crate) enum ClaimsChoice {
    Asserted,
    All,
    Direct,
}

impl From<ClaimsChoice> for kgraph_extract::eval::Claims {
    fn from(c: ClaimsChoice) -> Self {
        match c {
            ClaimsChoice::Asserted => Self::Asserted,
            ClaimsChoice::All => Self::All,
            ClaimsChoice::Direct => Self::Direct,
        }
    }
}

/// Which sentences to parse (`--parse`).
#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub(crate) enum ParseChoice {
    None,
    Needed,
    All,
}

impl ParseChoice {
    /// The extraction's setting: `choice`, or else `default`.
    pub(crate) fn or(
        choice: Option<ParseChoice>,
        default: kgraph_extract::syntax::Parsing,
    ) -> kgraph_extract::syntax::Parsing {
        use kgraph_extract::syntax::Parsing;
        match choice {
            Some(ParseChoice::None) => Parsing::Off,
            Some(ParseChoice::Needed) => Parsing::Needed,
            Some(ParseChoice::All) => Parsing::All,
            None => default,
        }
    }
}

/// `--provenance`: how much evidence a document's graph keeps.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ProvenanceChoice {
    /// And every mention of every entity with its offsets (NIF).
    Mentions,
    /// Each relation and action with its rule, confidence and sentence.
    Statements,
    /// The facts and the document graph: no text, statements or mentions.
    None,
}

impl From<ProvenanceChoice> for kgraph_rdf::export::Provenance {
    fn from(choice: ProvenanceChoice) -> Self {
        match choice {
            ProvenanceChoice::Mentions => kgraph_rdf::export::Provenance::Mentions,
            ProvenanceChoice::Statements => kgraph_rdf::export::Provenance::Statements,
            ProvenanceChoice::None => kgraph_rdf::export::Provenance::None,
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum ExportFormat {
    Turtle,
    Ntriples,
    Nquads,
    Trig,
    Jsonld,
    Rdfxml,
    Dot,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub(crate) enum QueryFormat {
    Table,
    Csv,
    Tsv,
    Json,
    Xml,
    Turtle,
    Ntriples,
}

#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum EntitiesFormat {
    Table,
    Json,
    Csv,
}

#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum StatsFormat {
    Table,
    Json,
}

pub(crate) fn parse_date(s: &str) -> Result<Date, String> {
    Date::from_iso(s)
        .filter(|d| d.year.is_some())
        .ok_or_else(|| format!("'{s}' is not a date (use YYYY-MM-DD, YYYY-MM or YYYY)"))
}

/// A confidence: a number from 0 to 1.
pub(crate) fn parse_confidence(s: &str) -> Result<f32, String> {
    match s.parse::<f32>() {
        Ok(p) if (0.0..=1.0).contains(&p) => Ok(p),
        _ => Err(format!("'{s}' is not a confidence (a number from 0 to 1)")),
    }
}

/// A count of one or more.
pub(crate) fn at_least_one(s: &str) -> Result<usize, String> {
    match s.parse::<usize>() {
        Ok(0) => Err("must be 1 or more".to_owned()),
        Ok(n) => Ok(n),
        Err(e) => Err(e.to_string()),
    }
}
