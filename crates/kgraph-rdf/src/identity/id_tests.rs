//! Resolution by ids (`owl:sameAs`) and by spelling.

use super::tests::{node_of, profile, resolved, BASE};
use super::*;

/// `p` with the id `id` (an `owl:sameAs` target).
fn with_id(mut p: Profile, id: &str) -> Profile {
    p.ids.insert(format!("http://www.wikidata.org/entity/{id}"));
    p
}

#[test]
fn one_id_is_one_node_whatever_the_names() {
    let p = [
        with_id(
            profile(
                "a",
                Kind::Organization,
                "United Socialist Party of Venezuela",
                &["VE"],
                &["VE"],
                &[],
            ),
            "Q1133335",
        ),
        with_id(
            profile("b", Kind::Organization, "PSUV", &[], &[], &[]),
            "Q1133335",
        ),
        profile("c", Kind::Organization, "PSUV", &[], &[], &[]),
    ];
    let links = resolved(&p);
    // The least key keeps its node; the other id's profile joins it, and so
    // does the profile of that key with no id.
    assert_eq!(
        node_of(
            &links,
            "a",
            "organization/united-socialist-party-of-venezuela"
        ),
        "organization/psuv"
    );
    assert_eq!(
        node_of(&links, "b", "organization/psuv"),
        "organization/psuv"
    );
    assert_eq!(
        node_of(&links, "c", "organization/psuv"),
        "organization/psuv"
    );
    let link = &links[&format!("{BASE}doc/a")][0];
    assert_eq!(link.rule, "identity:same-id");
    assert!(link.evidence.contains("Q1133335"), "{}", link.evidence);
}

#[test]
fn two_ids_of_one_name_are_two_nodes_and_countries_pick_one() {
    let p = [
        with_id(
            profile(
                "a",
                Kind::Organization,
                "Democratic Party",
                &["US"],
                &["US"],
                &[],
            ),
            "Q29552",
        ),
        with_id(
            profile(
                "b",
                Kind::Organization,
                "Democratic Party",
                &[],
                &["HK"],
                &[],
            ),
            "Q1141164",
        ),
        profile(
            "c",
            Kind::Organization,
            "Democratic Party",
            &["US"],
            &["US"],
            &[],
        ),
        profile("d", Kind::Organization, "Democratic Party", &[], &[], &[]),
    ];
    let links = resolved(&p);
    assert_eq!(
        node_of(&links, "a", "organization/democratic-party"),
        "organization/democratic-party-q29552"
    );
    assert_eq!(
        node_of(&links, "b", "organization/democratic-party"),
        "organization/democratic-party-q1141164"
    );
    // Tied to the US: the US id's node; tied to nothing and naming no
    // country: the plain name, neither.
    assert_eq!(
        node_of(&links, "c", "organization/democratic-party"),
        "organization/democratic-party-q29552"
    );
    assert_eq!(
        node_of(&links, "d", "organization/democratic-party"),
        "organization/democratic-party"
    );
    assert_eq!(links[&format!("{BASE}doc/a")][0].rule, "identity:id");
    // A short form does not join a node of another id.
    let q = [
        with_id(
            profile("a", Kind::Person, "Nicolás Maduro", &["VE"], &["VE"], &[]),
            "Q57413",
        ),
        with_id(
            profile("b", Kind::Person, "Maduro", &[], &["VE"], &[]),
            "Q999",
        ),
    ];
    assert_eq!(
        node_of(&resolved(&q), "b", "person/maduro"),
        "person/maduro"
    );
}

#[test]
fn transliterations_join_the_one_person_of_that_spelling() {
    let p = [
        profile(
            "a",
            Kind::Person,
            "Volodymyr Zelensky",
            &["UA"],
            &["UA"],
            &[],
        ),
        profile(
            "b",
            Kind::Person,
            "Volodymyr Zelenskyy",
            &["UA"],
            &["UA"],
            &[],
        ),
        profile(
            "c",
            Kind::Person,
            "Volodymyr Zelensky",
            &["UA"],
            &["UA"],
            &[],
        ),
        profile("d", Kind::Person, "Zelenskiy", &[], &["UA"], &[]),
        profile("e", Kind::Person, "Maria Lopez", &["MX"], &["MX"], &[]),
        profile("f", Kind::Person, "Mario Lopez", &["MX"], &["MX"], &[]),
    ];
    let links = resolved(&p);
    assert_eq!(
        node_of(&links, "b", "person/volodymyr-zelenskyy"),
        "person/volodymyr-zelensky"
    );
    assert_eq!(links[&format!("{BASE}doc/b")][0].rule, "identity:spelling");
    assert_eq!(
        node_of(&links, "d", "person/zelenskiy"),
        "person/volodymyr-zelensky"
    );
    assert_eq!(links[&format!("{BASE}doc/d")][0].rule, "identity:surname");
    // Another vowel is another name.
    assert_eq!(
        node_of(&links, "f", "person/mario-lopez"),
        "person/mario-lopez"
    );
    assert_eq!(resolve::spelling("kadhafi"), resolve::spelling("qaddafi"));
}
