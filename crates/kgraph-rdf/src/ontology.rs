//! The vocabulary: every IRI kgraph writes is spelled here and nowhere else.
//!
//! One module per namespace, one documented constant per term. The test at the
//! bottom checks that each constant is declared in `ontology/kgraph.ttl`, and
//! that each `kg:` term of the ontology is used here or listed as deliberately
//! unused. Minted resource IRIs (entities, documents, mentions, actions) are
//! built by [`Minter`].

use oxigraph::model::NamedNodeRef;

/// The ontology file, as shipped in the binary and loaded into every new store.
pub const ONTOLOGY_TTL: &str = include_str!("../../../ontology/kgraph.ttl");
/// The SHACL shapes of a valid extraction.
pub const SHAPES_TTL: &str = include_str!("../../../ontology/shapes.ttl");
/// The IRI of the ontology, also the named graph the ontology lives in inside a store.
pub const ONTOLOGY_GRAPH: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("https://w3id.org/kgraph/ontology");
/// The default base of minted resources (`kgr:`).
pub const DEFAULT_BASE: &str = "https://w3id.org/kgraph/id/";

/// The namespace prefixes used when writing Turtle, TriG and JSON-LD.
pub const PREFIXES: &[(&str, &str)] = &[
    ("kg", kg::NS),
    ("wd", wd::NS),
    ("rdf", rdf::NS),
    ("rdfs", rdfs::NS),
    ("owl", owl::NS),
    ("skos", skos::NS),
    ("prov", prov::NS),
    ("nif", nif::NS),
    ("xsd", xsd::NS),
];

/// The prefixes every SPARQL query may use without declaring them, in
/// `kgraph query` and `kgraph serve`'s endpoint: those of [`PREFIXES`], `kgr:`
/// for minted resources under [`DEFAULT_BASE`], `schema:` and `dcterms:`. A
/// query's own `PREFIX` overrides one.
pub const SPARQL_PREFIXES: &[(&str, &str)] = &[
    ("kg", kg::NS),
    ("kgr", DEFAULT_BASE),
    ("wd", wd::NS),
    ("wdt", "http://www.wikidata.org/prop/direct/"),
    ("rdf", rdf::NS),
    ("rdfs", rdfs::NS),
    ("owl", owl::NS),
    ("xsd", xsd::NS),
    ("nif", nif::NS),
    ("prov", prov::NS),
    ("skos", skos::NS),
    ("schema", "https://schema.org/"),
    ("dcterms", "http://purl.org/dc/terms/"),
];

/// `iri` as a prefixed name of [`SPARQL_PREFIXES`] that a query takes back
/// (`kgr:person\/nicolas-maduro`), when its local part can be written as
/// one (longest namespace first).
pub fn sparql_prefixed(iri: &str) -> Option<String> {
    SPARQL_PREFIXES
        .iter()
        .filter(|(_, ns)| iri.starts_with(ns))
        .max_by_key(|(_, ns)| ns.len())
        .and_then(|(prefix, ns)| Some(format!("{prefix}:{}", local_name(&iri[ns.len()..])?)))
}

/// A SPARQL local name (PN_LOCAL) for `local`: its characters as they are,
/// or `\`-escaped where the grammar allows it (`/`, `.` at the end, `#`, …);
/// `None` when one cannot be written.
fn local_name(local: &str) -> Option<String> {
    let mut out = String::with_capacity(local.len() + 4);
    let chars: Vec<char> = local.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let first = i == 0;
        let last = i + 1 == chars.len();
        match c {
            c if c.is_ascii_alphanumeric() || c == '_' || c == ':' => out.push(c),
            '-' if !first => out.push(c),
            '.' if !first && !last => out.push(c),
            '%' if chars.get(i + 1).is_some_and(char::is_ascii_hexdigit)
                && chars.get(i + 2).is_some_and(char::is_ascii_hexdigit) =>
            {
                out.push(c)
            }
            '_' | '~' | '.' | '-' | '!' | '$' | '&' | '\'' | '(' | ')' | '*' | '+' | ',' | ';'
            | '=' | '/' | '?' | '#' | '@' | '%' => {
                out.push('\\');
                out.push(c);
            }
            c if !c.is_ascii() && c.is_alphanumeric() => out.push(c),
            _ => return None,
        }
    }
    Some(out)
}

macro_rules! terms {
    ($ns:literal; $($(#[$doc:meta])* $name:ident = $local:literal;)*) => {
        /// The namespace IRI.
        pub const NS: &str = $ns;
        $(
            $(#[$doc])*
            pub const $name: NamedNodeRef<'static> =
                NamedNodeRef::new_unchecked(concat!($ns, $local));
        )*
        /// Every term of this module, for the ontology test.
        #[cfg(test)]
        pub const ALL: &[NamedNodeRef<'static>] = &[$($name),*];
        /// The constant names of the terms, in the order of [`ALL`].
        #[cfg(test)]
        pub const NAMES: &[&str] = &[$(stringify!($name)),*];
    };
}

/// The kgraph ontology, `kg:`.
pub mod kg {
    use super::NamedNodeRef;
    terms! { "https://w3id.org/kgraph/ontology#";
        /// Superclass of the five entity types.
        ENTITY = "Entity";
        /// A named human.
        PERSON = "Person";
        /// A named organization.
        ORGANIZATION = "Organization";
        /// A sovereign state or widely recognized territory (ISO 3166-1).
        COUNTRY = "Country";
        /// A specific real happening named by a noun phrase.
        EVENT = "Event";
        /// A city or region.
        PLACE = "Place";
        /// A political party.
        POLITICAL_PARTY = "PoliticalParty";
        /// A government body: ministry, agency, court, parliament, army.
        GOVERNMENT_BODY = "GovernmentBody";
        /// A company.
        COMPANY = "Company";
        /// A news or media organization.
        MEDIA_ORGANIZATION = "MediaOrganization";
        /// An international organization.
        INTERNATIONAL_ORGANIZATION = "InternationalOrganization";
        /// An election or referendum.
        ELECTION = "Election";
        /// A protest or demonstration.
        PROTEST = "Protest";
        /// A meeting, summit, conference or congress.
        MEETING = "Meeting";
        /// An attack, plot or coup.
        ATTACK = "Attack";
        /// A war or armed conflict.
        CONFLICT = "Conflict";
        /// An arrest.
        ARREST = "Arrest";
        /// A ceremony or festival.
        CEREMONY = "Ceremony";
        /// A natural or man-made disaster: earthquake, flood, collapse.
        DISASTER = "Disaster";
        /// A trial or court hearing.
        TRIAL = "Trial";
        /// A strike: a stoppage of work.
        STRIKE = "Strike";
        /// A tournament, championship, cup or games.
        TOURNAMENT = "Tournament";
        /// Who did what to whom, from one sentence.
        ACTION = "Action";
        /// A source document.
        DOCUMENT = "Document";
        /// Person -> Country of nationality.
        NATIONALITY = "nationality";
        /// Person -> title held (literal).
        POSITION = "position";
        /// Person -> Organization or Country they serve.
        AFFILIATED_WITH = "affiliatedWith";
        /// Person -> Organization they are a member of.
        MEMBER_OF = "memberOf";
        /// Person -> Organization or Country they lead.
        LEADER_OF = "leaderOf";
        /// Person -> Country or Place of residence.
        RESIDES_IN = "residesIn";
        /// Organization, Event or Place -> Country.
        COUNTRY_PROP = "country";
        /// Event or Action -> Place or Country.
        LOCATION = "location";
        /// Event or Action -> date literal.
        DATE = "date";
        /// Event -> participant.
        PARTICIPANT = "participant";
        /// Election -> candidate.
        CANDIDATE = "candidate";
        /// Event -> winner.
        WINNER = "winner";
        /// Event -> organizer.
        ORGANIZER = "organizer";
        /// Organization -> Organization it is part of.
        PART_OF = "partOf";
        /// Action -> its type (literal).
        ACTION_TYPE = "actionType";
        /// Action -> who acted.
        AGENT = "agent";
        /// Action -> who or what was acted on.
        TARGET = "target";
        /// Action -> true when the text says it did not happen.
        NEGATED = "negated";
        /// Action -> the entity the text reports it from.
        REPORTED_BY = "reportedBy";
        /// Country -> ISO 3166-1 alpha-2 code.
        ISO_CODE = "isoCode";
        /// Document -> title.
        TITLE = "title";
        /// Document -> source path or URL.
        SOURCE = "source";
        /// Document -> publication date.
        PUBLISHED = "published";
        /// Document -> time it was ingested.
        INGESTED_AT = "ingestedAt";
        /// Document -> hex SHA-256 of its text.
        SHA256 = "sha256";
        /// Mention -> the entity it denotes.
        DENOTES = "denotes";
        /// Statement or action -> the rule or model that found it; mention ->
        /// the rule that joined it to its entity (coreference).
        RULE = "rule";
        /// Statement or action -> the sentence that states it.
        STATED_IN = "statedIn";
        /// Entity -> a document that mentions it.
        MENTIONED_IN = "mentionedIn";
        /// Confidence of a statement, in [0, 1].
        CONFIDENCE = "confidence";
        /// A document's entity joined to the node of the same real thing.
        IDENTITY_LINK = "IdentityLink";
        /// Identity link -> the IRI the document alone gave (xsd:anyURI).
        LOCAL_IRI = "localIri";
        /// Identity link -> the node the entity is.
        RESOLVED_TO = "resolvedTo";
        /// Identity link -> the rule that decided (literal).
        IDENTITY_RULE = "identityRule";
        /// Identity link -> why, in words (literal).
        EVIDENCE = "evidence";
        /// Event -> another document's event that is the same happening.
        SAME_EVENT_AS = "sameEventAs";
    }
}

/// RDF, `rdf:`.
pub mod rdf {
    use super::NamedNodeRef;
    terms! { "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
        /// rdf:type.
        TYPE = "type";
        /// A relation's statement (its evidence).
        STATEMENT = "Statement";
        /// Statement -> the relation's subject.
        SUBJECT = "subject";
        /// Statement -> the relation's property.
        PREDICATE = "predicate";
        /// Statement -> the relation's object.
        OBJECT = "object";
    }
}

/// RDF Schema, `rdfs:`.
pub mod rdfs {
    use super::NamedNodeRef;
    terms! { "http://www.w3.org/2000/01/rdf-schema#";
        /// The canonical name.
        LABEL = "label";
        /// A catalog entry's description.
        COMMENT = "comment";
        /// A class's parent class (in the ontology graph).
        SUB_CLASS_OF = "subClassOf";
        /// A property's parent property (in the ontology graph).
        SUB_PROPERTY_OF = "subPropertyOf";
    }
}

/// OWL, `owl:`.
pub mod owl {
    use super::NamedNodeRef;
    terms! { "http://www.w3.org/2002/07/owl#";
        /// Identity with an external item (Wikidata); in the curation
        /// graph, two entities a person said are one.
        SAME_AS = "sameAs";
        /// In the curation graph, two entities a person said are never one.
        DIFFERENT_FROM = "differentFrom";
    }
}

/// SKOS, `skos:`.
pub mod skos {
    use super::NamedNodeRef;
    terms! { "http://www.w3.org/2004/02/skos/core#";
        /// Every other surface form of an entity.
        ALT_LABEL = "altLabel";
    }
}

/// PROV-O, `prov:`.
pub mod prov {
    use super::NamedNodeRef;
    terms! { "http://www.w3.org/ns/prov#";
        /// A provenance entity (documents are).
        ENTITY = "Entity";
    }
}

/// NIF 2.0 core, `nif:`: the mention layer.
pub mod nif {
    use super::NamedNodeRef;
    terms! { "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#";
        /// A span of text.
        STRING = "String";
        /// A span addressed by RFC 5147 character offsets.
        RFC5147_STRING = "RFC5147String";
        /// The whole text of a document.
        CONTEXT = "Context";
        /// A sentence: the span that states a relation or an action.
        SENTENCE = "Sentence";
        /// The text of a context.
        IS_STRING = "isString";
        /// First character offset of a span.
        BEGIN_INDEX = "beginIndex";
        /// Character offset just past a span.
        END_INDEX = "endIndex";
        /// The characters of a span.
        ANCHOR_OF = "anchorOf";
        /// The context a span belongs to.
        REFERENCE_CONTEXT = "referenceContext";
    }
}

/// XML Schema datatypes, `xsd:` (datatypes, declared by XML Schema itself).
pub mod xsd {
    use super::NamedNodeRef;
    /// The namespace IRI.
    pub const NS: &str = "http://www.w3.org/2001/XMLSchema#";
    /// A full date.
    pub const DATE: NamedNodeRef<'static> = oxigraph::model::vocab::xsd::DATE;
    /// A year and month.
    pub const G_YEAR_MONTH: NamedNodeRef<'static> = oxigraph::model::vocab::xsd::G_YEAR_MONTH;
    /// A year.
    pub const G_YEAR: NamedNodeRef<'static> = oxigraph::model::vocab::xsd::G_YEAR;
    /// A month and day.
    pub const G_MONTH_DAY: NamedNodeRef<'static> = oxigraph::model::vocab::xsd::G_MONTH_DAY;
    /// A month.
    pub const G_MONTH: NamedNodeRef<'static> = oxigraph::model::vocab::xsd::G_MONTH;
    /// A timestamp.
    pub const DATE_TIME: NamedNodeRef<'static> = oxigraph::model::vocab::xsd::DATE_TIME;
    /// A decimal.
    pub const DECIMAL: NamedNodeRef<'static> = oxigraph::model::vocab::xsd::DECIMAL;
    /// An integer (character offsets; NIF's xsd:nonNegativeInteger is stored as
    /// xsd:integer by Oxigraph, so kgraph writes that to round-trip unchanged).
    pub const INTEGER: NamedNodeRef<'static> = oxigraph::model::vocab::xsd::INTEGER;
    /// `xsd:anyURI`.
    pub const ANY_URI: NamedNodeRef<'static> = oxigraph::model::vocab::xsd::ANY_URI;
    /// `xsd:boolean` (an action's `kg:negated`).
    pub const BOOLEAN: NamedNodeRef<'static> = oxigraph::model::vocab::xsd::BOOLEAN;
}

/// Wikidata entities, `wd:`.
pub mod wd {
    /// The namespace IRI.
    pub const NS: &str = "http://www.wikidata.org/entity/";
}

/// Mints the IRIs of resources kgraph creates, under a base (`kgr:` by default).
#[derive(Debug, Clone)]
pub struct Minter {
    base: String,
}

impl Default for Minter {
    fn default() -> Self {
        Self {
            base: DEFAULT_BASE.to_owned(),
        }
    }
}

impl Minter {
    /// A minter under `base`, which should end in `/` or `#`.
    pub fn new(base: impl Into<String>) -> Self {
        Self { base: base.into() }
    }

    /// The base IRI.
    pub fn base(&self) -> &str {
        &self.base
    }

    /// An entity IRI: `{base}{kind}/{key}` where kind is `person`, `country`, ...
    pub fn entity(&self, kind: &str, key: &str) -> String {
        format!("{}{kind}/{key}", self.base)
    }

    /// A document IRI: `{base}doc/{id}`.
    pub fn document(&self, id: &str) -> String {
        format!("{}doc/{id}", self.base)
    }

    /// A mention IRI: the document IRI with an RFC 5147 character fragment.
    pub fn mention(&self, doc_id: &str, begin: usize, end: usize) -> String {
        format!("{}doc/{doc_id}#char={begin},{end}", self.base)
    }

    /// The whole-text context of a document (RFC 5147 fragment `char=0,`).
    pub fn context(&self, doc_id: &str, len: usize) -> String {
        format!("{}doc/{doc_id}#char=0,{len}", self.base)
    }

    /// The IRI of an entity that is its document's own (an event not named
    /// and fixed in time): `{base}doc/{id}/{kind}/{key}`.
    pub fn document_entity(&self, doc_id: &str, kind: &str, key: &str) -> String {
        format!("{}doc/{doc_id}/{kind}/{key}", self.base)
    }

    /// A relation's statement IRI: `{base}doc/{id}/statement/{n}`.
    pub fn statement(&self, doc_id: &str, n: usize) -> String {
        format!("{}doc/{doc_id}/statement/{n}", self.base)
    }

    /// An action IRI: `{base}doc/{id}/action/{n}`.
    pub fn action(&self, doc_id: &str, n: usize) -> String {
        format!("{}doc/{doc_id}/action/{n}", self.base)
    }
}

/// The GeoNames feature IRI of a GeoNames id.
pub fn geonames(id: &str) -> String {
    format!("https://sws.geonames.org/{id}/")
}

/// The Wikidata item IRI of a QID such as `Q717`.
pub fn wikidata(qid: &str) -> String {
    format!("{}{qid}", wd::NS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::io::{RdfFormat, RdfParser};
    use oxigraph::model::{NamedOrBlankNode, Term};
    use std::collections::BTreeSet;

    /// kg: terms of the ontology that the code does not write, on purpose:
    /// per-relation confidence comes with the deeper extractor (it is in the
    /// JSON view already), and kg:Entity is only a superclass for queries.
    const DELIBERATELY_UNUSED: &[&str] = &["Entity"];

    fn declared() -> BTreeSet<String> {
        RdfParser::from_format(RdfFormat::Turtle)
            .for_slice(ONTOLOGY_TTL.as_bytes())
            .filter_map(Result::ok)
            .filter(|q| {
                q.predicate == rdf::TYPE.into_owned()
                    && matches!(&q.object, Term::NamedNode(n) if [owl::NS, rdfs::NS, rdf::NS].iter().any(|ns| n.as_str().starts_with(ns)))
            })
            .filter_map(|q| match q.subject {
                NamedOrBlankNode::NamedNode(n) => Some(n.into_string()),
                _ => None,
            })
            .collect()
    }

    fn in_code() -> Vec<NamedNodeRef<'static>> {
        [
            kg::ALL,
            rdf::ALL,
            rdfs::ALL,
            owl::ALL,
            skos::ALL,
            prov::ALL,
            nif::ALL,
        ]
        .concat()
    }

    #[test]
    fn every_constant_is_declared_in_the_ontology() {
        let declared = declared();
        let missing: Vec<_> = in_code()
            .iter()
            .filter(|t| !declared.contains(t.as_str()))
            .map(|t| t.as_str())
            .collect();
        assert!(
            missing.is_empty(),
            "not declared in ontology/kgraph.ttl: {missing:?}"
        );
    }

    /// The crate's source, except this module (src/ and its subdirectories).
    fn other_sources() -> String {
        let mut todo = vec![std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src")];
        let mut all = String::new();
        while let Some(dir) = todo.pop() {
            for entry in std::fs::read_dir(dir).expect("src/") {
                let path = entry.expect("entry").path();
                if path.is_dir() {
                    todo.push(path);
                } else if path.file_name().is_some_and(|n| n != "ontology.rs") {
                    all.push_str(&std::fs::read_to_string(path).expect("read"));
                }
            }
        }
        all
    }

    #[test]
    fn every_ontology_term_is_used_or_deliberately_unused() {
        let sources = other_sources();
        let used: BTreeSet<&str> = kg::ALL
            .iter()
            .zip(kg::NAMES)
            .filter(|(_, name)| sources.contains(&format!("kg::{name}")))
            .map(|(t, _)| t.as_str())
            .collect();
        let mut problems = Vec::new();
        for term in declared().into_iter().filter(|t| t.starts_with(kg::NS)) {
            let local = &term[kg::NS.len()..];
            let unused_on_purpose = DELIBERATELY_UNUSED.contains(&local);
            if used.contains(term.as_str()) == unused_on_purpose {
                problems.push(if unused_on_purpose {
                    format!("{local} is used: take it off DELIBERATELY_UNUSED")
                } else {
                    format!("{local} is declared but never written")
                });
            }
        }
        assert!(problems.is_empty(), "{problems:?}");
    }

    #[test]
    fn shapes_parse() {
        let n = RdfParser::from_format(RdfFormat::Turtle)
            .for_slice(SHAPES_TTL.as_bytes())
            .collect::<Result<Vec<_>, _>>()
            .map(|q| q.len());
        assert!(matches!(n, Ok(n) if n > 20), "{n:?}");
    }
}
