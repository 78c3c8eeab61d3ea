use super::*;
use kgraph_extract::{extract, Document};

pub(super) const BASE: &str = "https://w3id.org/kgraph/id/";

pub(super) fn set(items: &[&str]) -> BTreeSet<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}

/// A profile of `label` in document `doc`, tied to `countries`, in a
/// document naming `doc_countries` and the people or organizations `with`.
pub(super) fn profile(
    doc: &str,
    kind: Kind,
    label: &str,
    countries: &[&str],
    doc_countries: &[&str],
    with: &[&str],
) -> Profile {
    let key = kgraph_extract::entities::key_of(label);
    Profile {
        graph: format!("{BASE}doc/{doc}"),
        local: format!("{BASE}{}/{key}", kind.path()),
        kind,
        key,
        label: label.to_owned(),
        alts: BTreeSet::new(),
        countries: set(countries),
        ids: BTreeSet::new(),
        doc_countries: set(doc_countries),
        neighbours: Arc::new(with.iter().map(|w| format!("{BASE}{w}")).collect()),
    }
}

/// The node each document's entity named `label` is.
pub(super) fn node_of(links: &BTreeMap<String, Vec<Link>>, doc: &str, local: &str) -> String {
    let local = format!("{BASE}{local}");
    links
        .get(&format!("{BASE}doc/{doc}"))
        .and_then(|l| l.iter().find(|l| l.local == local))
        .map_or(local, |l| l.to.clone())
        .trim_start_matches(BASE)
        .to_owned()
}

pub(super) fn resolved(profiles: &[Profile]) -> BTreeMap<String, Vec<Link>> {
    resolve(profiles, &Curation::default(), &Minter::default())
}

#[test]
fn a_lone_surname_joins_the_one_person_of_that_name_in_a_story_of_his_country() {
    let p = [
        profile("a", Kind::Person, "Nicolás Maduro", &["VE"], &["VE"], &[]),
        profile("b", Kind::Person, "Maduro", &[], &["VE", "CO"], &[]),
    ];
    let links = resolved(&p);
    assert_eq!(
        node_of(&links, "b", "person/maduro"),
        "person/nicolas-maduro"
    );
    let link = &links[&format!("{BASE}doc/b")][0];
    assert_eq!(link.rule, "identity:surname");
    assert!(link.evidence.contains("VE"), "{}", link.evidence);
    // The full name's own document is not rewritten.
    assert!(!links.contains_key(&format!("{BASE}doc/a")));
}

#[test]
fn countries_the_documents_merely_share_are_no_tie() {
    // The full name is tied to no country: both stories naming Venezuela
    // is not enough.
    let p = [
        profile("a", Kind::Person, "Nicolás Maduro", &[], &["VE"], &[]),
        profile("b", Kind::Person, "Maduro", &[], &["VE"], &[]),
    ];
    assert_eq!(
        node_of(&resolved(&p), "b", "person/maduro"),
        "person/maduro"
    );
}

#[test]
fn an_ambiguous_or_unsupported_surname_stays_apart() {
    let two = [
        profile("a", Kind::Person, "Nicolás Maduro", &[], &["VE"], &[]),
        profile("c", Kind::Person, "Ricardo Maduro", &[], &["VE"], &[]),
        profile("b", Kind::Person, "Maduro", &[], &["VE"], &[]),
    ];
    assert_eq!(
        node_of(&resolved(&two), "b", "person/maduro"),
        "person/maduro"
    );
    // One candidate, but nothing in common: a story of another country.
    let far = [
        profile("a", Kind::Person, "Nicolás Maduro", &["VE"], &["VE"], &[]),
        profile("b", Kind::Person, "Maduro", &[], &["PT"], &[]),
    ];
    assert_eq!(
        node_of(&resolved(&far), "b", "person/maduro"),
        "person/maduro"
    );
    // A shared co-mentioned entity is context enough.
    let with = [
        profile(
            "a",
            Kind::Person,
            "Nicolás Maduro",
            &[],
            &[],
            &["organization/psuv"],
        ),
        profile(
            "b",
            Kind::Person,
            "Maduro",
            &[],
            &[],
            &["organization/psuv"],
        ),
    ];
    assert_eq!(
        node_of(&resolved(&with), "b", "person/maduro"),
        "person/nicolas-maduro"
    );
    // Tied to different countries: never one.
    let tied = [
        profile("a", Kind::Person, "Nicolás Maduro", &["VE"], &["VE"], &[]),
        profile("b", Kind::Person, "Maduro", &["PT"], &["VE", "PT"], &[]),
    ];
    assert_eq!(
        node_of(&resolved(&tied), "b", "person/maduro"),
        "person/maduro"
    );
}

#[test]
fn one_name_of_two_countries_is_two_organizations() {
    let p = [
        profile(
            "hk",
            Kind::Organization,
            "Democratic Party",
            &["HK"],
            &["HK", "CN"],
            &[],
        ),
        profile(
            "us",
            Kind::Organization,
            "Democratic Party",
            &["US"],
            &["US"],
            &[],
        ),
        profile(
            "us2",
            Kind::Organization,
            "Democratic Party",
            &[],
            &["US"],
            &[],
        ),
        profile(
            "none",
            Kind::Organization,
            "Democratic Party",
            &[],
            &[],
            &[],
        ),
    ];
    let links = resolved(&p);
    let local = "organization/democratic-party";
    assert_eq!(
        node_of(&links, "hk", local),
        "organization/democratic-party-hk"
    );
    assert_eq!(
        node_of(&links, "us", local),
        "organization/democratic-party-us"
    );
    assert_eq!(
        node_of(&links, "us2", local),
        "organization/democratic-party-us"
    );
    // Nothing says which: it stays apart from both.
    assert_eq!(node_of(&links, "none", local), local);
    let hk = &links[&format!("{BASE}doc/hk")][0];
    assert_eq!(hk.rule, "identity:country");
    assert!(hk.evidence.contains("HK, US"), "{}", hk.evidence);
}

#[test]
fn one_country_or_none_keeps_the_plain_name() {
    let p = [
        profile(
            "a",
            Kind::Organization,
            "Labour Party",
            &["GB"],
            &["GB"],
            &[],
        ),
        profile("b", Kind::Organization, "Labour Party", &[], &[], &[]),
        profile(
            "c",
            Kind::Organization,
            "Labour Party",
            &[],
            &["GB", "FR"],
            &[],
        ),
    ];
    assert!(resolved(&p).is_empty());
    // A document of other countries only keeps its organization apart.
    let q = [
        profile(
            "a",
            Kind::Organization,
            "Labour Party",
            &["GB"],
            &["GB"],
            &[],
        ),
        profile("d", Kind::Organization, "Labour Party", &[], &["NZ"], &[]),
    ];
    let links = resolved(&q);
    assert_eq!(
        node_of(&links, "a", "organization/labour-party"),
        "organization/labour-party-gb"
    );
    assert_eq!(
        node_of(&links, "d", "organization/labour-party"),
        "organization/labour-party"
    );
}

#[test]
fn acronyms_party_names_and_name_order() {
    let mut psuv = profile(
        "a",
        Kind::Organization,
        "United Socialist Party of Venezuela",
        &["VE"],
        &["VE"],
        &[],
    );
    psuv.alts = set(&["PSUV"]);
    let p = [
        psuv,
        profile("b", Kind::Organization, "PSUV", &[], &["VE"], &[]),
        profile(
            "c",
            Kind::Organization,
            "National Electoral Council",
            &["VE"],
            &["VE"],
            &[],
        ),
        profile("d", Kind::Organization, "NEC", &[], &["VE"], &[]),
        profile(
            "e",
            Kind::Organization,
            "Conservative Party",
            &["GB"],
            &["GB"],
            &[],
        ),
        profile("f", Kind::Organization, "Conservatives", &[], &["GB"], &[]),
        profile("g", Kind::Person, "Fumio Kishida", &["JP"], &["JP"], &[]),
        profile("h", Kind::Person, "Fumio Kishida", &["JP"], &["JP"], &[]),
        profile("i", Kind::Person, "Kishida Fumio", &[], &["JP"], &[]),
        // Two letters are too few for initials.
        profile("j", Kind::Organization, "Home Depot", &["US"], &["US"], &[]),
        profile("k", Kind::Organization, "HD", &[], &["US"], &[]),
    ];
    let links = resolved(&p);
    let rule = |doc: &str| links[&format!("{BASE}doc/{doc}")][0].rule.clone();
    assert_eq!(
        node_of(&links, "b", "organization/psuv"),
        "organization/united-socialist-party-of-venezuela"
    );
    assert_eq!(rule("b"), "identity:acronym");
    assert_eq!(
        node_of(&links, "d", "organization/nec"),
        "organization/national-electoral-council"
    );
    assert_eq!(rule("d"), "identity:initials");
    assert_eq!(
        node_of(&links, "f", "organization/conservatives"),
        "organization/conservative-party"
    );
    assert_eq!(rule("f"), "identity:party-name");
    assert_eq!(
        node_of(&links, "i", "person/kishida-fumio"),
        "person/fumio-kishida"
    );
    assert_eq!(rule("i"), "identity:name-order");
    assert!(!links.contains_key(&format!("{BASE}doc/g")));
    assert_eq!(node_of(&links, "k", "organization/hd"), "organization/hd");
}

#[test]
fn two_entities_of_one_document_never_become_one() {
    let p = [
        profile("a", Kind::Person, "Nicolás Maduro", &[], &["VE"], &[]),
        profile("a", Kind::Person, "Maduro", &[], &["VE"], &[]),
    ];
    assert!(resolved(&p).is_empty());
}

#[test]
fn the_decision_does_not_depend_on_the_order_of_the_profiles() {
    let mut p = vec![
        profile(
            "hk",
            Kind::Organization,
            "Democratic Party",
            &["HK"],
            &["HK"],
            &[],
        ),
        profile(
            "us",
            Kind::Organization,
            "Democratic Party",
            &["US"],
            &["US"],
            &[],
        ),
        profile("a", Kind::Person, "Nicolás Maduro", &["VE"], &["VE"], &[]),
        profile("b", Kind::Person, "Maduro", &[], &["VE"], &[]),
    ];
    let forward = resolved(&p);
    p.reverse();
    assert_eq!(resolved(&p), forward);
    p.swap(0, 2);
    assert_eq!(resolved(&p), forward);
}

/// The quads of an article, as `extract` writes them.
fn quads_of(text: &str) -> Vec<Quad> {
    crate::rdf::to_quads(
        &extract(&Document::new(text, "-")),
        &Minter::default(),
        None,
    )
}

#[test]
fn rewriting_is_undone_and_redone_exactly_and_profiles_read_the_same() {
    let minter = Minter::default();
    let a = quads_of("Venezuelan President Nicolás Maduro spoke in Caracas on Monday.");
    let b = quads_of(
        "President Maduro of Venezuela met the opposition leader in Caracas on Tuesday. \
         Maduro said talks would go on.",
    );
    let read = |docs: &[&Vec<Quad>]| {
        let mut r = Reader::new(&minter);
        for q in docs.iter().copied().flatten() {
            r.add(q.as_ref());
        }
        r
    };
    let before = read(&[&a, &b]);
    let links = resolve(&before.profiles(), &Curation::default(), &minter);
    let graph = b[0]
        .graph_name
        .to_string()
        .trim_matches(['<', '>'])
        .to_owned();
    let l = links.get(&graph).expect("the surname joins the full name");
    assert_eq!(l[0].to, format!("{BASE}person/nicolas-maduro"));
    let once = rewrite(b.clone(), &graph, l, &minter);
    assert!(once.iter().any(
        |q| q.object.to_string() == format!("<{BASE}person/nicolas-maduro>")
            && q.predicate == kg::DENOTES
    ));
    assert!(!once
        .iter()
        .any(|q| q.subject.to_string() == format!("<{BASE}person/maduro>")));
    // The rewritten graph reads as the document's own.
    let after = read(&[&a, &once]);
    assert_eq!(after.profiles(), before.profiles());
    assert_eq!(after.links().get(&graph), Some(l));
    // Rewriting again changes nothing; with no links, the original is back.
    assert_eq!(rewrite(once.clone(), &graph, l, &minter), once);
    let mut original = b.clone();
    sort_quads(&mut original);
    assert_eq!(rewrite(once, &graph, &[], &minter), original);
}

#[test]
fn curation_lines_read_with_their_errors_numbered() {
    let text =
        "# notes\n\nsame kgr:person/maduro <https://w3id.org/kgraph/id/person/nicolas-maduro>\n\
                different\tkgr:organization\\/a\tkgr:organization/b\n\
                same kgr:person/x\n\
                maybe kgr:person/x kgr:person/y\n\
                same kgr:person/x kgr:person/x\n\
                same not an-iri kgr:person/y\n";
    let (c, errors) = Curation::parse(text, &Minter::default());
    assert!(c.same_as(
        &format!("{BASE}person/nicolas-maduro"),
        &format!("{BASE}person/maduro")
    ));
    assert!(c.different(
        &format!("{BASE}organization/b"),
        &format!("{BASE}organization/a")
    ));
    assert_eq!(c.same.len(), 1);
    assert_eq!(errors.len(), 4, "{errors:?}");
    assert!(errors[0].starts_with("line 5:"), "{errors:?}");
    assert!(errors[1].starts_with("line 6:") && errors[1].contains("'maybe'"));
    assert!(errors[2].starts_with("line 7:") && errors[2].contains("one IRI"));
    assert!(errors[3].starts_with("line 8:"));
    // Kept as quads of the curation graph, and read back the same.
    let minter = Minter::default();
    let mut reader = Reader::new(&minter);
    for q in c.quads(&minter) {
        reader.add(q.as_ref());
    }
    assert_eq!(reader.curation(), &c);
}

#[test]
fn curation_overrides_the_rules() {
    let p = [
        profile("a", Kind::Person, "Nicolás Maduro", &["VE"], &["VE"], &[]),
        profile("b", Kind::Person, "Maduro", &[], &["VE"], &[]),
        profile("c", Kind::Person, "Nico", &[], &["VE"], &[]),
    ];
    let minter = Minter::default();
    let text = "different kgr:person/maduro kgr:person/nicolas-maduro\nsame kgr:person/nico kgr:person/nicolas-maduro\n";
    let (c, errors) = Curation::parse(text, &minter);
    assert!(errors.is_empty());
    let links = resolve(&p, &c, &minter);
    assert_eq!(node_of(&links, "b", "person/maduro"), "person/maduro");
    assert_eq!(node_of(&links, "c", "person/nico"), "person/nicolas-maduro");
    assert_eq!(links[&format!("{BASE}doc/c")][0].rule, "identity:curation");
}
