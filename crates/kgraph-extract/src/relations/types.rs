//! What the relation stage hands on: relations with their confidence and
//! rule, and the entities they relate.

use crate::dates::Date;
use crate::entities::Entities;
use crate::schema::Property;

/// The object of a relation.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Object {
    /// An entity (index into [`Entities::entities`]).
    Entity(usize),
    /// A title.
    Text(String),
    /// A date.
    Date(Date),
}

/// A relation between an entity and an entity or a literal.
#[derive(Debug, Clone, PartialEq)]
pub struct Relation {
    /// The subject entity.
    pub subject: usize,
    /// The property.
    pub property: Property,
    /// The object.
    pub object: Object,
    /// How sure the rule is, in [0, 1].
    pub confidence: f32,
    /// The rule that found it.
    pub rule: &'static str,
    /// The tokens that state it, `(first, end)`: the sentences they fall in
    /// are its evidence. A rule gives a token of the sentence it read; the
    /// classifier, the two mentions it read, from the first to the last.
    pub evidence: Option<(usize, usize)>,
    /// For a relation the classifier found ([`super::learned`]), the
    /// features that weighed most, with their weights; empty for a rule's.
    pub features: Vec<(String, f32)>,
}

/// The relation stage's output.
#[derive(Debug, Clone)]
pub struct Relations {
    /// The entities they relate.
    pub entities: Entities,
    /// Relations, sorted and without duplicates.
    pub relations: Vec<Relation>,
}
