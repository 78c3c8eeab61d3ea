//! Step 1 of the decision: the nodes that profiles of one name, or of one
//! id, make.
//!
//! Profiles that share an id (an `owl:sameAs` target: a catalog's or the
//! gazetteer's Wikidata item) are one node, keyed by the least of their
//! keys (`identity:same-id`). Then profiles of one kind and one key are one
//! node, unless ids or the countries they are tied to tell them apart: each
//! id is a side of its own, and profiles tied to countries join the side
//! that shares a country (with two ids to join, neither); sides of
//! profiles with no id form by shared country ("Democratic Party" of HK,
//! "Democratic Party" of US). With two sides or more, each is its own node
//! keyed `{key}-{qid}` (`identity:id`) or `{key}-{iso}`
//! (`identity:country`). A profile tied to no country joins the one side
//! its document's countries point to; with none to point to it stays on
//! the plain key (precision first). With only one side, a person joins it,
//! and an organization unless its document names countries and none of the
//! side's.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use kgraph_extract::entities::slug;

use super::types::{Kind, Profile};

/// A node of step 1.
pub(super) struct Node<'p> {
    pub kind: Kind,
    /// Its key: the profiles' key, or `{key}-{qid}`, `{key}-{iso}` when
    /// told apart.
    pub key: String,
    /// The rule that gave it a key of its own.
    pub rule: &'static str,
    /// Why it has a key of its own, when told apart.
    pub apart: String,
    /// The longest of its labels (then the first in order).
    pub label: &'p str,
    pub words: Vec<String>,
    pub docs: BTreeSet<&'p str>,
    pub countries: BTreeSet<&'p str>,
    pub alts: BTreeSet<&'p str>,
    /// Its profiles' ids.
    pub ids: BTreeSet<&'p str>,
    /// Its profiles.
    pub members: Vec<usize>,
}

/// What step 1 decides.
pub(super) struct Step1<'p> {
    pub nodes: Vec<Node<'p>>,
    /// The node of each profile.
    pub node_of: Vec<usize>,
    /// The profiles tied to no country that joined a side by their
    /// document's countries.
    pub by_country: BTreeSet<usize>,
    /// The profiles keyed by another profile's key because they share an
    /// id, with the evidence.
    pub same_id: BTreeMap<usize, String>,
}

/// The slugs of a name's words.
pub(super) fn words(name: &str) -> Vec<String> {
    name.split_whitespace()
        .map(slug)
        .filter(|w| !w.is_empty())
        .collect()
}

/// A side of a key: an id's profiles, or profiles tied to countries.
struct Side<'p> {
    countries: BTreeSet<&'p str>,
    members: Vec<usize>,
    id: Option<&'p str>,
}

/// The key each profile is grouped by and its id (the least of the ids it
/// shares, through other profiles too), and the profiles whose key an id
/// changed.
fn ids<'p>(
    profiles: &[&'p Profile],
) -> (Vec<&'p str>, Vec<Option<&'p str>>, BTreeMap<usize, String>) {
    fn root(parent: &mut [usize], mut x: usize) -> usize {
        while parent[x] != x {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        x
    }
    let mut parent: Vec<usize> = (0..profiles.len()).collect();
    let mut first: HashMap<(Kind, &str), usize> = HashMap::new();
    for (i, p) in profiles.iter().enumerate() {
        for id in &p.ids {
            let j = *first.entry((p.kind, id.as_str())).or_insert(i);
            let (a, b) = (root(&mut parent, i), root(&mut parent, j));
            parent[a.max(b)] = a.min(b);
        }
    }
    let mut components: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (i, p) in profiles.iter().enumerate() {
        if !p.ids.is_empty() {
            components.entry(root(&mut parent, i)).or_default().push(i);
        }
    }
    let mut keys: Vec<&str> = profiles.iter().map(|p| p.key.as_str()).collect();
    let mut id_of = vec![None; profiles.len()];
    let mut changed = BTreeMap::new();
    for members in components.values() {
        let Some(&keeper) = members
            .iter()
            .min_by(|&&a, &&b| profiles[a].key.cmp(&profiles[b].key))
        else {
            continue;
        };
        let id = members
            .iter()
            .flat_map(|&m| profiles[m].ids.iter())
            .min()
            .map(String::as_str);
        for &m in members {
            let p = profiles[m];
            if p.key != profiles[keeper].key {
                let shared = p
                    .ids
                    .iter()
                    .find(|i| {
                        members
                            .iter()
                            .any(|&o| o != m && profiles[o].ids.contains(*i))
                    })
                    .map_or("", String::as_str);
                changed.insert(
                    m,
                    format!(
                        "\"{}\" and \"{}\" are one {}: {shared}",
                        p.label, profiles[keeper].label, p.kind
                    ),
                );
            }
            keys[m] = profiles[keeper].key.as_str();
            id_of[m] = id;
        }
    }
    (keys, id_of, changed)
}

/// The key suffix of an id: a QID in lower case, else the slug of the
/// IRI's last segment.
fn id_suffix(id: &str) -> String {
    let last = id
        .rsplit(['/', '#', ':'])
        .find(|s| !s.is_empty())
        .unwrap_or(id);
    let s = slug(last);
    if s.is_empty() {
        slug(id)
    } else {
        s
    }
}

/// Step 1: the nodes and the node of each profile.
pub(super) fn same_name<'p>(profiles: &[&'p Profile]) -> Step1<'p> {
    let (keys, id_of, same_id) = ids(profiles);
    let mut groups: BTreeMap<(Kind, &str), Vec<usize>> = BTreeMap::new();
    for (i, p) in profiles.iter().enumerate() {
        groups.entry((p.kind, keys[i])).or_default().push(i);
    }
    let mut nodes: Vec<Node<'p>> = Vec::new();
    let mut node_of = vec![usize::MAX; profiles.len()];
    let mut by_country = BTreeSet::new();
    let tied = |i: usize| -> BTreeSet<&'p str> {
        profiles[i].countries.iter().map(String::as_str).collect()
    };
    for ((kind, key), members) in groups {
        // The sides: each id's profiles, then the profiles tied to
        // countries, by shared country.
        let mut sided: Vec<Side<'p>> = Vec::new();
        for &i in &members {
            let Some(id) = id_of[i] else { continue };
            match sided.iter_mut().find(|s| s.id == Some(id)) {
                Some(side) => {
                    side.members.push(i);
                    side.countries.extend(tied(i));
                }
                None => sided.push(Side {
                    countries: tied(i),
                    members: vec![i],
                    id: Some(id),
                }),
            }
        }
        let mut loose = Vec::new();
        for &i in &members {
            let countries = tied(i);
            if id_of[i].is_some() || countries.is_empty() {
                continue;
            }
            let (meet, mut rest): (Vec<_>, Vec<_>) = std::mem::take(&mut sided)
                .into_iter()
                .partition(|s| !s.countries.is_disjoint(&countries));
            if meet.iter().filter(|s| s.id.is_some()).count() > 1 {
                loose.push(i);
                rest.extend(meet);
            } else {
                let mut side = Side {
                    countries,
                    members: vec![i],
                    id: None,
                };
                for s in meet {
                    side.countries.extend(s.countries);
                    side.members.extend(s.members);
                    side.id = side.id.or(s.id);
                }
                side.members.sort_unstable();
                rest.push(side);
            }
            rest.sort_by_key(|s| s.members[0]);
            sided = rest;
        }
        let mut parts: Vec<Vec<usize>> = sided.iter().map(|s| s.members.clone()).collect();
        for &i in &members {
            let p = &profiles[i];
            if id_of[i].is_some() || !p.countries.is_empty() {
                continue;
            }
            let meets: Vec<usize> = (0..sided.len())
                .filter(|&g| {
                    sided[g]
                        .countries
                        .iter()
                        .any(|c| p.doc_countries.contains(*c))
                })
                .collect();
            let joins = match (sided.len(), meets.as_slice()) {
                (0, _) => None,
                (_, [g]) => {
                    by_country.insert(i);
                    Some(*g)
                }
                (1, []) if kind == Kind::Person || p.doc_countries.is_empty() => Some(0),
                _ => None,
            };
            match joins {
                Some(g) => parts[g].push(i),
                None => loose.push(i),
            }
        }
        loose.sort_unstable();
        let told_apart = parts.len() + usize::from(!loose.is_empty()) > 1;
        if !told_apart {
            by_country.retain(|i| !members.contains(i));
        }
        // An id names its side; else the country most of its profiles are
        // tied to.
        let names: Vec<(String, &'static str)> = sided
            .iter()
            .zip(&parts)
            .map(|(side, part)| {
                if let Some(id) = side.id {
                    return (id.to_owned(), "identity:id");
                }
                let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
                for &i in part {
                    for c in &profiles[i].countries {
                        *counts.entry(c).or_default() += 1;
                    }
                }
                let iso = counts
                    .iter()
                    .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
                    .map_or(String::new(), |(c, _)| (*c).to_owned());
                (iso, "identity:country")
            })
            .collect();
        let label = &profiles[members[0]].label;
        let all: Vec<&str> = names.iter().map(|(n, _)| n.as_str()).collect();
        let all = all.join(", ");
        let kinds = match kind {
            Kind::Person => "people",
            Kind::Organization => "organizations",
        };
        if !loose.is_empty() {
            parts.push(std::mem::take(&mut loose));
        }
        for (g, part) in parts.iter().enumerate() {
            let (key, rule, apart) = match names.get(g) {
                Some((id, rule @ "identity:id")) if told_apart => (
                    format!("{key}-{}", id_suffix(id)),
                    *rule,
                    format!("\"{label}\" names {kinds} told apart by their ids and countries ({all}); this one is {id}"),
                ),
                Some((iso, rule)) if told_apart => (
                    format!("{key}-{}", iso.to_lowercase()),
                    *rule,
                    format!("\"{label}\" names {kinds} told apart by their ids and the countries they are tied to ({all}); this one is tied to {iso}"),
                ),
                _ => (key.to_owned(), "identity:country", String::new()),
            };
            for &i in part {
                node_of[i] = nodes.len();
            }
            nodes.push(node(profiles, kind, key, rule, apart, part));
        }
    }
    Step1 {
        nodes,
        node_of,
        by_country,
        same_id,
    }
}

fn node<'p>(
    profiles: &[&'p Profile],
    kind: Kind,
    key: String,
    rule: &'static str,
    apart: String,
    part: &[usize],
) -> Node<'p> {
    let label = part
        .iter()
        .map(|&i| profiles[i].label.as_str())
        .max_by(|a, b| {
            a.split_whitespace()
                .count()
                .cmp(&b.split_whitespace().count())
                .then(b.cmp(a))
        })
        .unwrap_or_default();
    let mut n = Node {
        kind,
        key,
        rule,
        apart,
        label,
        words: words(label),
        docs: BTreeSet::new(),
        countries: BTreeSet::new(),
        alts: BTreeSet::new(),
        ids: BTreeSet::new(),
        members: part.to_vec(),
    };
    for &i in part {
        let p = &profiles[i];
        n.docs.insert(&p.graph);
        n.countries.extend(p.countries.iter().map(String::as_str));
        n.alts.extend(p.alts.iter().map(String::as_str));
        n.ids.extend(p.ids.iter().map(String::as_str));
    }
    n
}
