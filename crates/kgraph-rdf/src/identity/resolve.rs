//! The decision: which node each profile is, in two steps.
//!
//! 1. **Same id, same name** (`nodes.rs`). Profiles that share an id
//!    (`owl:sameAs`) are one node; profiles of one kind and one key (the
//!    slug of the name) are one node, unless their ids or the countries
//!    they are tied to tell them apart ("Democratic Party" of HK,
//!    "Democratic Party" of US), each then its own node keyed `{key}-{qid}`
//!    or `{key}-{iso}`.
//! 2. **Other names.** A profile whose name is a short form joins the one
//!    node whose name it is short for, when there is exactly one, the two
//!    are not tied to different countries, something ties them (a country
//!    one is tied to and the other's document names, or a person or
//!    organization both documents name), and the profile's document
//!    does not name that node too (inside a document, resolution kept them
//!    apart): a surname or other part of one person's name
//!    (`identity:surname`, `identity:name-part`); a two-word name written
//!    the other way round (`identity:name-order`, towards the node of more
//!    documents); a name spelled another way ("Zelenskyy", "Zelensky":
//!    `identity:spelling`, the same towards); an acronym another document defined for an organization
//!    (`identity:acronym`) or, failing that, the initials of one
//!    organization's name of three capitalized words or more
//!    (`identity:initials`); "Labour" or "the
//!    Conservatives" for the one "Labour Party" or "Conservative Party"
//!    (`identity:party-name`). A profile and a node with different ids
//!    never join.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use kgraph_extract::entities::slug;

use super::curation::Curation;
use super::nodes::{same_name, words, Node, Step1};
use super::types::{EventProfile, Kind, Link, Profile, SAME_EVENT};
use crate::ontology::Minter;

/// "PSUV", "CNE", "AT&T": two to eight capitals, digits or `&`.
fn acronym(name: &str) -> bool {
    (2..=8).contains(&name.len())
        && name.bytes().filter(u8::is_ascii_uppercase).count() >= 2
        && name
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'&')
}

/// The initials of a name's capitalized words ("National Electoral
/// Council" → "NEC"), for names of three such words or more.
fn initials(name: &str) -> Option<String> {
    let caps: String = name
        .split_whitespace()
        .filter_map(|w| w.chars().next().filter(|c| c.is_uppercase()))
        .collect();
    (caps.chars().count() >= 3).then_some(caps)
}

/// A name word's spelling across transliterations: "kh" → "h", "ph" → "f",
/// "ck" → "k", "dh" → "d", "ou" → "u", "y" → "i", "q" → "k", "w" → "v",
/// doubled letters once ("Zelenskyy", "Zelenskiy", "Zelensky" →
/// "zelenski"; "Kadhafi", "Qaddafi" → "kadafi").
pub(super) fn spelling(word: &str) -> String {
    let w = word
        .replace("kh", "h")
        .replace("ph", "f")
        .replace("ck", "k")
        .replace("dh", "d")
        .replace("ou", "u");
    let mut out = String::with_capacity(w.len());
    for c in w.chars() {
        let c = match c {
            'y' => 'i',
            'q' => 'k',
            'w' => 'v',
            c => c,
        };
        if !out.ends_with(c) {
            out.push(c);
        }
    }
    out
}

/// The spelling of a name's words, joined.
fn spelled(words: &[String]) -> String {
    let w: Vec<String> = words.iter().map(|w| spelling(w)).collect();
    w.join("-")
}

/// Words that are no part of a person's name met alone.
const PARTICLES: &[&str] = &[
    "da", "de", "del", "der", "di", "do", "dos", "du", "el", "la", "le", "van", "von", "bin", "al",
    "jr", "sr", "ii", "iii",
];

/// Which node each profile of `profiles` (in any order) is, as the links of
/// the profiles whose node is not their document's own IRI, by graph.
pub fn resolve(
    profiles: &[Profile],
    curation: &Curation,
    minter: &Minter,
) -> BTreeMap<String, Vec<Link>> {
    let mut sorted: Vec<&Profile> = profiles.iter().collect();
    fn id(p: &Profile) -> (&str, &str, Kind) {
        (&p.graph, &p.local, p.kind)
    }
    sorted.sort_by(|a, b| id(a).cmp(&id(b)));
    sorted.dedup_by(|a, b| id(a) == id(b));
    let profiles = sorted.as_slice();
    let Step1 {
        nodes,
        node_of,
        by_country,
        same_id,
    } = same_name(profiles);
    let mut edges = other_names(profiles, &nodes, &node_of);
    curate(profiles, &nodes, &node_of, curation, minter, &mut edges);
    let mut out: BTreeMap<String, Vec<Link>> = BTreeMap::new();
    for (i, p) in profiles.iter().enumerate() {
        let (node, rule, evidence) = match edges.get(&i) {
            Some((t, rule, evidence)) => (*t, *rule, evidence.clone()),
            None => match same_id.get(&i) {
                Some(evidence) => (node_of[i], "identity:same-id", evidence.clone()),
                None => {
                    let via = if by_country.contains(&i) {
                        ", through a country its document names"
                    } else {
                        ""
                    };
                    let n = &nodes[node_of[i]];
                    (node_of[i], n.rule, format!("{}{via}", n.apart))
                }
            },
        };
        let to = minter.entity(p.kind.path(), &nodes[node].key);
        if to != p.local {
            out.entry(p.graph.clone()).or_default().push(Link {
                local: p.local.clone(),
                to,
                rule: rule.to_owned(),
                evidence,
            });
        }
    }
    for links in out.values_mut() {
        links.sort();
    }
    out
}

/// Step 2: the profiles that join another node, with the rule and evidence.
fn other_names(
    profiles: &[&Profile],
    nodes: &[Node<'_>],
    node_of: &[usize],
) -> BTreeMap<usize, (usize, &'static str, String)> {
    // Indexes of the nodes by the short forms of their names.
    let mut parts: HashMap<String, BTreeSet<usize>> = HashMap::new();
    let mut spellings: HashMap<String, BTreeSet<usize>> = HashMap::new();
    let mut reversed: HashMap<(&str, &str), BTreeSet<usize>> = HashMap::new();
    let mut acronyms: HashMap<&str, BTreeSet<usize>> = HashMap::new();
    let mut caps: HashMap<String, BTreeSet<usize>> = HashMap::new();
    let mut keys: HashMap<String, BTreeSet<usize>> = HashMap::new();
    for (n, node) in nodes.iter().enumerate() {
        match node.kind {
            Kind::Person if node.words.len() >= 2 => {
                for w in &node.words[1..] {
                    if !PARTICLES.contains(&w.as_str()) {
                        parts.entry(spelling(w)).or_default().insert(n);
                    }
                }
                spellings.entry(spelled(&node.words)).or_default().insert(n);
                if let [a, b] = node.words.as_slice() {
                    reversed.entry((a, b)).or_default().insert(n);
                }
            }
            Kind::Person => {}
            Kind::Organization => {
                for a in node.alts.iter().filter(|a| acronym(a)) {
                    acronyms.entry(a).or_default().insert(n);
                }
                if let Some(c) = initials(node.label) {
                    caps.entry(c).or_default().insert(n);
                }
                keys.entry(slug(node.label)).or_default().insert(n);
            }
        }
    }
    let mut edges: BTreeMap<usize, (usize, &'static str, String)> = BTreeMap::new();
    for (i, p) in profiles.iter().enumerate() {
        let own = node_of[i];
        let w = words(&p.label);
        let others = |set: Option<&BTreeSet<usize>>| -> Vec<usize> {
            set.into_iter()
                .flatten()
                .copied()
                .filter(|&n| n != own)
                .collect()
        };
        let (cands, rule) = match p.kind {
            Kind::Person => match w.as_slice() {
                [one] => {
                    let mut c = others(parts.get(&spelling(one)));
                    // Spellings of one name are one candidate: the node
                    // they join.
                    if c.len() > 1
                        && c.iter()
                            .all(|&n| spelled(&nodes[n].words) == spelled(&nodes[c[0]].words))
                    {
                        let best = c.iter().copied().max_by(|&x, &y| {
                            let (x, y) = (&nodes[x], &nodes[y]);
                            (x.docs.len(), &y.key).cmp(&(y.docs.len(), &x.key))
                        });
                        c = best.into_iter().collect();
                    }
                    let last = c.len() == 1
                        && nodes[c[0]].words.last().map(|l| spelling(l)) == Some(spelling(one));
                    (
                        c,
                        if last {
                            "identity:surname"
                        } else {
                            "identity:name-part"
                        },
                    )
                }
                [] => continue,
                _ => {
                    // Towards the node of more documents (then the less key).
                    let toward = |c: Vec<usize>| -> Vec<usize> {
                        c.into_iter()
                            .filter(|&t| {
                                let (t, o) = (&nodes[t], &nodes[own]);
                                (t.docs.len(), &o.key) > (o.docs.len(), &t.key)
                            })
                            .collect()
                    };
                    let order = match w.as_slice() {
                        [a, b] => toward(others(reversed.get(&(b.as_str(), a.as_str())))),
                        _ => Vec::new(),
                    };
                    if order.is_empty() {
                        (
                            toward(others(spellings.get(&spelled(&w)))),
                            "identity:spelling",
                        )
                    } else {
                        (order, "identity:name-order")
                    }
                }
            },
            Kind::Organization if acronym(&p.label) => {
                let c = others(acronyms.get(p.label.as_str()));
                if c.is_empty() {
                    (others(caps.get(&p.label)), "identity:initials")
                } else {
                    (c, "identity:acronym")
                }
            }
            Kind::Organization if !w.iter().any(|w| w == "party") => {
                let key = w.join("-");
                let single = key.strip_suffix('s').map(str::to_owned);
                let mut c = others(keys.get(&format!("{key}-party")));
                if let Some(s) = single {
                    c.extend(others(keys.get(&format!("{s}-party"))));
                }
                c.sort_unstable();
                c.dedup();
                (c, "identity:party-name")
            }
            Kind::Organization => continue,
        };
        let [t] = cands.as_slice() else {
            continue;
        };
        let target = &nodes[*t];
        if target.docs.contains(p.graph.as_str()) {
            continue;
        }
        // Different ids are different things.
        if !p.ids.is_empty()
            && !target.ids.is_empty()
            && p.ids.iter().all(|i| !target.ids.contains(i.as_str()))
        {
            continue;
        }
        let conflict = !p.countries.is_empty()
            && !target.countries.is_empty()
            && p.countries
                .iter()
                .all(|c| !target.countries.contains(c.as_str()));
        if conflict {
            continue;
        }
        let members = || target.members.iter().map(|&m| profiles[m]);
        // A country one side is tied to and the other's document names (a
        // country the documents merely share says little of a node of
        // many documents).
        let countries: BTreeSet<&str> = p
            .doc_countries
            .iter()
            .map(String::as_str)
            .filter(|c| target.countries.contains(c))
            .chain(
                p.countries
                    .iter()
                    .map(String::as_str)
                    .filter(|c| members().any(|m| m.doc_countries.contains(*c))),
            )
            .collect();
        let countries: Vec<&str> = countries.into_iter().collect();
        // A person or organization both documents name, besides the two.
        let mut shared: BTreeSet<&str> = BTreeSet::new();
        for m in members() {
            shared.extend(
                p.neighbours
                    .intersection(&m.neighbours)
                    .map(String::as_str)
                    .filter(|n| *n != p.local && *n != m.local),
            );
        }
        let shared: Vec<&str> = shared.into_iter().collect();
        if countries.is_empty() && shared.is_empty() {
            continue;
        }
        let mut context = Vec::new();
        if !countries.is_empty() {
            context.push(format!("countries {}", countries.join(", ")));
        }
        if !shared.is_empty() {
            let names: Vec<&str> = shared
                .iter()
                .take(3)
                .map(|n| n.rsplit('/').next().unwrap_or(n))
                .collect();
            context.push(format!("co-mentioned {}", names.join(", ")));
        }
        let form = match rule {
            "identity:surname" => "the surname of",
            "identity:name-part" => "a part of the name of",
            "identity:name-order" => "the name, in the other order, of",
            "identity:spelling" => "the name, spelled another way, of",
            "identity:acronym" => "an acronym defined for",
            "identity:initials" => "the initials of",
            _ => "a short name of",
        };
        let evidence = format!(
            "\"{}\" is {form} one {} only, \"{}\" ({} document{}); shared: {}",
            p.label,
            p.kind,
            target.label,
            target.docs.len(),
            if target.docs.len() == 1 { "" } else { "s" },
            context.join("; ")
        );
        edges.insert(i, (*t, rule, evidence));
    }
    // Two entities of one document never become one node.
    let mut per: BTreeMap<(&str, usize), usize> = BTreeMap::new();
    for (&i, (t, _, _)) in &edges {
        *per.entry((profiles[i].graph.as_str(), *t)).or_default() += 1;
    }
    edges.retain(|&i, (t, _, _)| per[&(profiles[i].graph.as_str(), *t)] == 1);
    edges
}

/// Two documents' own events that are one happening: the same classes, the
/// same full date, a place and a participant in common (the participants as
/// resolved by `links`). Each gets a link to the other, with the rule
/// [`SAME_EVENT`]: `kg:sameEventAs` in its graph. No IRI changes.
pub fn same_events(
    events: &[EventProfile],
    links: &BTreeMap<String, Vec<Link>>,
) -> BTreeMap<String, Vec<Link>> {
    let node = |graph: &str, local: &str| -> String {
        links
            .get(graph)
            .and_then(|l| l.iter().find(|l| l.local == local))
            .map_or(local, |l| l.to.as_str())
            .to_owned()
    };
    /// An event with its participants' nodes.
    type Resolved<'e> = (&'e EventProfile, BTreeSet<String>);
    let mut groups: BTreeMap<(&BTreeSet<String>, &str), Vec<Resolved<'_>>> = BTreeMap::new();
    for e in events {
        // A full date only: "2024" or "--07-28" fixes too little.
        if e.date.len() != 10 || e.date.starts_with('-') || e.places.is_empty() {
            continue;
        }
        let people = e.participants.iter().map(|p| node(&e.graph, p)).collect();
        groups
            .entry((&e.classes, &e.date))
            .or_default()
            .push((e, people));
    }
    let mut out: BTreeMap<String, Vec<Link>> = BTreeMap::new();
    for group in groups.values() {
        for (i, (a, pa)) in group.iter().enumerate() {
            for (b, pb) in &group[i + 1..] {
                if a.graph == b.graph || a.places.is_disjoint(&b.places) || pa.is_disjoint(pb) {
                    continue;
                }
                for (x, y) in [(a, b), (b, a)] {
                    out.entry(x.graph.clone()).or_default().push(Link {
                        local: x.iri.clone(),
                        to: y.iri.clone(),
                        rule: SAME_EVENT.to_owned(),
                        evidence: String::new(),
                    });
                }
            }
        }
    }
    for l in out.values_mut() {
        l.sort();
        l.dedup();
    }
    out
}

/// Applies what a person said: no edge between two entities said to be
/// different (by a profile's own IRI or its node's), and an edge to the
/// node of an entity said to be the same (`identity:curation`).
fn curate(
    profiles: &[&Profile],
    nodes: &[Node<'_>],
    node_of: &[usize],
    curation: &Curation,
    minter: &Minter,
    edges: &mut BTreeMap<usize, (usize, &'static str, String)>,
) {
    if curation.same.is_empty() && curation.different.is_empty() {
        return;
    }
    let iri = |n: usize| minter.entity(nodes[n].kind.path(), &nodes[n].key);
    // The node each IRI names: a node's own, or a profile's local one.
    let mut node_by_iri: HashMap<String, usize> = HashMap::new();
    for (i, p) in profiles.iter().enumerate() {
        node_by_iri.entry(p.local.clone()).or_insert(node_of[i]);
    }
    for n in 0..nodes.len() {
        node_by_iri.insert(iri(n), n);
    }
    let said = |i: usize, t: usize, pairs: &BTreeSet<(String, String)>| {
        pairs.iter().any(|(a, b)| {
            let is = |x: &str, n: usize, local: Option<&str>| {
                node_by_iri.get(x) == Some(&n) || local == Some(x)
            };
            let local = Some(profiles[i].local.as_str());
            (is(a, node_of[i], local) && is(b, t, None))
                || (is(b, node_of[i], local) && is(a, t, None))
        })
    };
    edges.retain(|&i, (t, _, _)| !said(i, *t, &curation.different));
    let mut wanted: BTreeSet<usize> = BTreeSet::new();
    for (a, b) in &curation.same {
        wanted.extend(node_by_iri.get(a));
        wanted.extend(node_by_iri.get(b));
    }
    for i in 0..profiles.len() {
        let p = profiles[i];
        let target = wanted
            .iter()
            .copied()
            .filter(|&t| t != node_of[i] && nodes[t].kind == p.kind)
            .find(|&t| said(i, t, &curation.same));
        if let Some(t) = target {
            if nodes[t].docs.contains(p.graph.as_str()) {
                continue;
            }
            let evidence = format!("a person said \"{}\" is the same as {}", p.label, iri(t));
            edges.insert(i, (t, "identity:curation", evidence));
        }
    }
}
