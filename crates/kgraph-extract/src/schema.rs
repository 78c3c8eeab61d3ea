//! The graph's vocabulary as the extraction knows it: the five entity types
//! and the properties of relations (their IRIs are kgraph-rdf's). A leaf: it
//! imports nothing of kgraph's.

/// The five entity types of the spec.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub enum EntityType {
    /// A named human.
    Person,
    /// A named organization.
    Organization,
    /// A country (ISO 3166-1).
    Country,
    /// A named happening.
    Event,
    /// A city or region.
    Place,
}

impl EntityType {
    /// The type's name as the spec and gold files write it.
    pub fn as_str(self) -> &'static str {
        match self {
            EntityType::Person => "Person",
            EntityType::Organization => "Organization",
            EntityType::Country => "Country",
            EntityType::Event => "Event",
            EntityType::Place => "Place",
        }
    }
}

/// The properties of the spec's relations table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Property {
    /// Person -> Country.
    Nationality,
    /// Person -> title.
    Position,
    /// Person -> Organization or Country.
    AffiliatedWith,
    /// Person -> Organization.
    MemberOf,
    /// Person -> Organization or Country.
    LeaderOf,
    /// Person -> Country or Place.
    ResidesIn,
    /// Organization, Event or Place -> Country.
    Country,
    /// Event -> Place or Country.
    Location,
    /// Event -> date.
    Date,
    /// Event -> participant.
    Participant,
    /// Election -> candidate.
    Candidate,
    /// Event -> winner.
    Winner,
    /// Event -> organizer.
    Organizer,
    /// Organization -> Organization.
    PartOf,
}

impl Property {
    /// Every property.
    pub const ALL: [Property; 14] = [
        Property::Nationality,
        Property::Position,
        Property::AffiliatedWith,
        Property::MemberOf,
        Property::LeaderOf,
        Property::ResidesIn,
        Property::Country,
        Property::Location,
        Property::Date,
        Property::Participant,
        Property::Candidate,
        Property::Winner,
        Property::Organizer,
        Property::PartOf,
    ];

    /// The name the spec and gold files use ("nationality", "memberOf").
    pub fn as_str(self) -> &'static str {
        match self {
            Property::Nationality => "nationality",
            Property::Position => "position",
            Property::AffiliatedWith => "affiliatedWith",
            Property::MemberOf => "memberOf",
            Property::LeaderOf => "leaderOf",
            Property::ResidesIn => "residesIn",
            Property::Country => "country",
            Property::Location => "location",
            Property::Date => "date",
            Property::Participant => "participant",
            Property::Candidate => "candidate",
            Property::Winner => "winner",
            Property::Organizer => "organizer",
            Property::PartOf => "partOf",
        }
    }

    /// The property of the spec named `name`.
    pub fn from_name(name: &str) -> Option<Property> {
        Property::ALL.into_iter().find(|p| p.as_str() == name)
    }

    /// The parent property in the ontology (memberOf -> affiliatedWith).
    pub fn parent(self) -> Option<Property> {
        match self {
            Property::MemberOf | Property::LeaderOf => Some(Property::AffiliatedWith),
            Property::Candidate | Property::Winner => Some(Property::Participant),
            _ => None,
        }
    }
}
