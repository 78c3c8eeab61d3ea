//! The types of identity resolution: what is known of a document's person
//! or organization ([`Profile`]), and what is decided of it ([`Link`]).

use std::collections::BTreeSet;
use std::sync::Arc;

/// The rule of the links that say two documents' events are one happening
/// (`kg:sameEventAs`), which rewrite no IRI.
pub const SAME_EVENT: &str = "identity:same-event";

/// The kinds of entity resolved across documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// `kg:Person`, IRIs `{base}person/…`.
    Person,
    /// `kg:Organization`, IRIs `{base}organization/…`.
    Organization,
}

impl Kind {
    /// The path segment of the kind in minted IRIs.
    pub fn path(self) -> &'static str {
        match self {
            Kind::Person => "person",
            Kind::Organization => "organization",
        }
    }
}

/// What resolution knows of one person or organization of one document.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Profile {
    /// The document's graph IRI.
    pub graph: String,
    /// The IRI the document alone gives it.
    pub local: String,
    /// Person or organization.
    pub kind: Kind,
    /// The key of `local`: what follows `{base}{kind}/`.
    pub key: String,
    /// Its `rdfs:label` in the document.
    pub label: String,
    /// Its `skos:altLabel`s in the document (surnames, acronyms).
    pub alts: BTreeSet<String>,
    /// ISO codes of the countries it is tied to in the document: a
    /// person's nationality and the countries it serves or leads (also
    /// through an organization of a country), an organization's
    /// `kg:country`.
    pub countries: BTreeSet<String>,
    /// Its `owl:sameAs` targets (a catalog's or the gazetteer's Wikidata
    /// item, any IRI a catalog gives).
    pub ids: BTreeSet<String>,
    /// ISO codes of every country its document names.
    pub doc_countries: BTreeSet<String>,
    /// The document's IRIs of the people and organizations it names (this
    /// one among them), shared by the profiles of one document.
    pub neighbours: Arc<BTreeSet<String>>,
}

/// One document entity's node, when it is not the document's own IRI.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Link {
    /// The IRI the document alone gives the entity.
    pub local: String,
    /// The node it is.
    pub to: String,
    /// The rule that decided (`identity:surname`, …).
    pub rule: String,
    /// Why, in words.
    pub evidence: String,
}

impl std::fmt::Display for Kind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.path())
    }
}

/// What resolution knows of an event that is its document's own.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct EventProfile {
    /// The document's graph IRI.
    pub graph: String,
    /// The event's IRI (under the document's).
    pub iri: String,
    /// Its classes (`kg:Event` and the subclass).
    pub classes: BTreeSet<String>,
    /// Its `kg:date`, as written ("2024-07-28"); empty when it has none.
    pub date: String,
    /// Its `kg:location`s and `kg:country`.
    pub places: BTreeSet<String>,
    /// The document's IRIs of its participants, candidates, winners and
    /// organizers.
    pub participants: BTreeSet<String>,
}
