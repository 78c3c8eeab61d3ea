//! What the relation classifier predicts: its classes, the types each
//! property relates, and the properties a subject holds once.

use crate::schema::{EntityType, Property};

/// The rule name of the relations the classifier finds.
pub const MODEL_RULE: &str = "model:relations";

/// The properties the classifier predicts; class `k + 1` is `PROPERTIES[k]`
/// and class 0 is "no relation".
pub const PROPERTIES: [Property; 9] = [
    Property::Nationality,
    Property::AffiliatedWith,
    Property::MemberOf,
    Property::LeaderOf,
    Property::ResidesIn,
    Property::Country,
    Property::Location,
    Property::Participant,
    Property::PartOf,
];

/// Classes: "no relation" and each of [`PROPERTIES`].
pub const CLASSES: usize = PROPERTIES.len() + 1;

/// Does `p` relate a subject of type `s` to an object of type `o`
/// (`docs/graph.md`)?
pub fn admits(p: Property, s: EntityType, o: EntityType) -> bool {
    use EntityType::{Country, Event, Organization, Person, Place};
    match p {
        Property::Nationality => s == Person && o == Country,
        Property::AffiliatedWith | Property::LeaderOf => {
            s == Person && matches!(o, Organization | Country)
        }
        Property::MemberOf => s == Person && o == Organization,
        Property::ResidesIn => s == Person && matches!(o, Country | Place),
        Property::Country => matches!(s, Organization | Event | Place) && o == Country,
        Property::Location => s == Event && matches!(o, Place | Country),
        Property::Participant => s == Event && matches!(o, Person | Organization | Country),
        Property::PartOf => s == Organization && o == Organization,
        _ => false,
    }
}

/// Does a property of [`PROPERTIES`] relate these types?
pub fn admits_any(s: EntityType, o: EntityType) -> bool {
    PROPERTIES.iter().any(|&p| admits(p, s, o))
}

/// Properties a subject holds once in a document: the classifier adds at
/// most one relation of each to a subject (its most confident), and none
/// when the rules found one ("X is a member of the Y party" leaves no room
/// for a second party from a list of names). Others (a person leads or
/// works for several bodies, an event has many participants) hold any
/// number.
pub const FUNCTIONAL: [Property; 6] = [
    Property::Nationality,
    Property::MemberOf,
    Property::ResidesIn,
    Property::Country,
    Property::Location,
    Property::PartOf,
];
