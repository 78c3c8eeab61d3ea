//! KnowledgeNet (Diffbot; Mesquita et al., EMNLP 2019; CC BY-SA 4.0) as
//! training data: sentences ("passages") of Wikipedia abstracts and web
//! biographies, each annotated exhaustively for one property or more, with
//! the facts of those properties as spans of the passage.
//!
//! Each passage is extracted as a document. A candidate pair whose two
//! entities' mentions cover a fact's subject and object holds the property
//! the fact maps to ([`mapped`]); a pair in a passage annotated for a
//! property, and not a fact of it, does not hold that property; what it
//! holds of the others is not known ([`Label`]). Facts whose ends are not
//! entities the extraction finds (a pronoun subject, most often) label
//! nothing, but count as relations to find.

use std::io::{BufRead, BufReader};
use std::path::Path;

use crate::extract::{extract_with, Settings};
use crate::schema::Property;
use crate::Document;

use super::classes::{admits, PROPERTIES};
use super::features::candidates;
use super::train::{example, Label, Labelled};

/// A fact: its property and the subject's and object's character spans in
/// the passage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fact {
    /// KnowledgeNet's property name.
    pub property: String,
    /// The subject's characters.
    pub subject: (usize, usize),
    /// The object's characters.
    pub object: (usize, usize),
}

/// An annotated passage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Passage {
    /// Its fold (1 to 4).
    pub fold: u8,
    /// Its text.
    pub text: String,
    /// The properties it is annotated for.
    pub properties: Vec<String>,
    /// Their facts.
    pub facts: Vec<Fact>,
}

/// The kgraph property a KnowledgeNet property maps to, and whether its
/// subject and object swap (a company's CEO is the person who leads it);
/// `EMPLOYEE_OR_MEMBER_OF` is `affiliatedWith` (membership of a party is
/// `POLITICAL_AFFILIATION`), `HEADQUARTERS` is `country` where the place
/// is a country. As the dataset's README proposes.
pub fn mapped(property: &str) -> Option<(Property, bool)> {
    Some(match property {
        "NATIONALITY" => (Property::Nationality, false),
        "PLACE_OF_RESIDENCE" => (Property::ResidesIn, false),
        "EMPLOYEE_OR_MEMBER_OF" => (Property::AffiliatedWith, false),
        "POLITICAL_AFFILIATION" => (Property::MemberOf, false),
        "CEO" => (Property::LeaderOf, true),
        "SUBSIDIARY_OF" => (Property::PartOf, false),
        "HEADQUARTERS" => (Property::Country, false),
        _ => return None,
    })
}

/// Why the files could not be read.
#[derive(Debug, thiserror::Error)]
#[error("{file}: line {line}: {problem}")]
pub struct ReadError {
    /// The file.
    pub file: String,
    /// The line (1-based; 0: the file as a whole).
    pub line: usize,
    /// What is wrong.
    pub problem: String,
}

/// The rows of a gzipped TSV file, split on tabs, after its header.
fn rows(path: &Path) -> Result<Vec<Vec<String>>, ReadError> {
    let fail = |line: usize, problem: String| ReadError {
        file: path.display().to_string(),
        line,
        problem,
    };
    let file = std::fs::File::open(path).map_err(|e| fail(0, e.to_string()))?;
    let mut out = Vec::new();
    for (i, line) in BufReader::new(flate2::read::GzDecoder::new(file))
        .lines()
        .enumerate()
    {
        let line = line.map_err(|e| fail(i + 1, e.to_string()))?;
        if i > 0 {
            out.push(line.split('\t').map(str::to_owned).collect());
        }
    }
    Ok(out)
}

/// Reads `annotated_passages.tsv.gz` and `facts.tsv.gz` of the folder `dir`:
/// the passages in the files' order.
pub fn read(dir: &Path) -> Result<Vec<Passage>, ReadError> {
    let passages_file = dir.join("annotated_passages.tsv.gz");
    let facts_file = dir.join("facts.tsv.gz");
    let mut passages: Vec<Passage> = Vec::new();
    let mut at: std::collections::HashMap<(String, String), usize> =
        std::collections::HashMap::new();
    let bad = |file: &Path, line: usize, problem: &str| ReadError {
        file: file.display().to_string(),
        line,
        problem: problem.to_owned(),
    };
    for (i, row) in rows(&passages_file)?.into_iter().enumerate() {
        let [fold, doc, start, _, property, _, text] = row.as_slice() else {
            return Err(bad(&passages_file, i + 2, "not 7 fields"));
        };
        let fold: u8 = fold
            .parse()
            .map_err(|_| bad(&passages_file, i + 2, "fold not a number"))?;
        let key = (doc.clone(), start.clone());
        let k = *at.entry(key).or_insert_with(|| {
            passages.push(Passage {
                fold,
                text: text.clone(),
                properties: Vec::new(),
                facts: Vec::new(),
            });
            passages.len() - 1
        });
        passages[k].properties.push(property.clone());
    }
    for (i, row) in rows(&facts_file)?.into_iter().enumerate() {
        if row.len() < 16 {
            return Err(bad(&facts_file, i + 2, "fewer than 16 fields"));
        }
        let number = |j: usize| -> Result<usize, ReadError> {
            row[j]
                .parse()
                .map_err(|_| bad(&facts_file, i + 2, "an offset is not a number"))
        };
        let Some(&k) = at.get(&(row[1].clone(), row[2].clone())) else {
            return Err(bad(&facts_file, i + 2, "a fact of no annotated passage"));
        };
        passages[k].facts.push(Fact {
            property: row[10].clone(),
            subject: (number(12)?, number(13)?),
            object: (number(14)?, number(15)?),
        });
    }
    Ok(passages)
}

/// Extracts a passage and labels its candidates.
pub fn label(p: &Passage) -> Labelled {
    let x = extract_with(&Document::new(&p.text, "-"), Settings::default());
    let e = &x.relations.entities;
    let text = &e.mentions.text;
    // Each entity's mentions as character spans.
    let spans: Vec<Vec<(usize, usize)>> = e
        .entities
        .iter()
        .map(|x| {
            x.mentions
                .iter()
                .map(|&m| {
                    let m = &e.mentions.mentions[m];
                    text.char_span(m.first, m.end)
                })
                .collect()
        })
        .collect();
    let covers = |entity: usize, span: (usize, usize)| {
        spans[entity].iter().any(|&(a, b)| a < span.1 && span.0 < b)
    };
    let class_of = |p: Property| 1 + PROPERTIES.iter().position(|&q| q == p).unwrap_or(0);
    let mut out = Labelled::default();
    for f in &p.facts {
        if let Some((property, _)) = mapped(&f.property) {
            if property != Property::Country || names_a_country(&p.text, f.object) {
                out.gold[class_of(property)] += 1;
            }
        }
    }
    // A headquarters is not all a body's country is ("an American company"
    // based in London): its facts are positives only.
    let annotated: Vec<Property> = p
        .properties
        .iter()
        .filter_map(|q| mapped(q).map(|m| m.0))
        .filter(|&q| q != Property::Country)
        .collect();
    for c in candidates(e, &x.relations.relations) {
        let (st, ot) = (e.entities[c.subject].kind, e.entities[c.object].kind);
        let fact = p.facts.iter().find_map(|f| {
            let (property, swap) = mapped(&f.property)?;
            let (s, o) = if swap {
                (f.object, f.subject)
            } else {
                (f.subject, f.object)
            };
            (admits(property, st, ot) && covers(c.subject, s) && covers(c.object, o))
                .then_some(property)
        });
        match fact {
            Some(property) => out
                .examples
                .push(example(&c, e, Label::Is(class_of(property)))),
            None => {
                for &property in &annotated {
                    if admits(property, st, ot) {
                        out.examples
                            .push(example(&c, e, Label::Not(class_of(property))));
                    }
                }
            }
        }
    }
    out
}

/// Do the characters `span` of `text` name a country (or its people)?
fn names_a_country(text: &str, span: (usize, usize)) -> bool {
    let name: String = text.chars().skip(span.0).take(span.1 - span.0).collect();
    matches!(
        crate::gazetteer::Gazetteer::get().lookup(&name),
        Some(crate::gazetteer::PlaceName::Country(_) | crate::gazetteer::PlaceName::Demonym(_))
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fact_labels_its_pair_and_the_passage_labels_the_others() {
        let text = "Anna Berg, a member of the Green Party, met Peter Holm of the Labour Party.";
        let span = |s: &str| {
            let start = text.find(s).unwrap();
            (start, start + s.len())
        };
        let p = Passage {
            fold: 1,
            text: text.to_owned(),
            properties: vec!["POLITICAL_AFFILIATION".to_owned()],
            facts: vec![Fact {
                property: "POLITICAL_AFFILIATION".to_owned(),
                subject: span("Anna Berg"),
                object: span("Green Party"),
            }],
        };
        let l = label(&p);
        let member = 1 + PROPERTIES
            .iter()
            .position(|&q| q == Property::MemberOf)
            .unwrap();
        assert_eq!(l.gold[member], 1);
        assert!(l.examples.iter().any(|x| x.label == Label::Is(member)));
        // Anna Berg and the Labour Party, Peter Holm and the Green Party, ...
        assert!(l.examples.iter().any(|x| x.label == Label::Not(member)));
        assert!(l
            .examples
            .iter()
            .all(|x| matches!(x.label, Label::Is(c) | Label::Not(c) if c == member)));
    }

    #[test]
    fn properties_map_as_the_dataset_proposes() {
        assert_eq!(mapped("CEO"), Some((Property::LeaderOf, true)));
        assert_eq!(mapped("NATIONALITY"), Some((Property::Nationality, false)));
        assert_eq!(mapped("SPOUSE"), None);
    }
}
