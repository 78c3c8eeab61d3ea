//! The graph as a picture: Graphviz DOT built on petgraph.
//!
//! A node per entity (label = name, with its position and date literals; shape
//! and colour by type), a labelled edge per relation between entities, a dashed
//! edge per action (agent -> target, labelled with the action type), and a
//! legend. Documents, mentions and the ontology are not drawn. Nodes and edges
//! are written in sorted order, so the same graph gives the same bytes.

use std::collections::{BTreeMap, BTreeSet, HashMap, VecDeque};
use std::io::Write;

use oxigraph::model::{Quad, Term};
use petgraph::graph::{DiGraph, NodeIndex};

use crate::ontology::{kg, rdf, rdfs};
use kgraph_extract::fold;
use kgraph_extract::schema::Property;

/// A neighbourhood to draw instead of the whole graph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Focus {
    /// The name (label or alias, case- and accent-insensitive) of the centre entity.
    pub name: String,
    /// How many edges away from it to go.
    pub depth: usize,
}

/// What a focus that names no entity gets.
#[derive(Debug, thiserror::Error)]
pub enum DotError {
    /// No entity has that name.
    #[error("no entity named '{0}' in the graph (names are matched case- and accent-insensitively against labels and alternative labels)")]
    UnknownFocus(String),
    /// Writing failed.
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

#[derive(Debug, Clone)]
struct Node {
    iri: String,
    kind: &'static str,
    label: String,
    names: BTreeSet<String>,
    facts: BTreeSet<String>,
}

const STYLES: &[(&str, &str, &str)] = &[
    ("Person", "ellipse", "#fde0c5"),
    ("Organization", "box", "#c6dbef"),
    ("Country", "doubleoctagon", "#c7e9c0"),
    ("Event", "diamond", "#fcbba1"),
    ("Place", "house", "#e5d8bd"),
];

fn kind_of(t: &Term) -> Option<&'static str> {
    let Term::NamedNode(n) = t else { return None };
    [
        (kg::PERSON, "Person"),
        (kg::ORGANIZATION, "Organization"),
        (kg::COUNTRY, "Country"),
        (kg::EVENT, "Event"),
        (kg::PLACE, "Place"),
    ]
    .into_iter()
    .find(|(c, _)| n.as_ref() == *c)
    .map(|(_, k)| k)
}

/// A node's id: the bare IRI.
fn id_of(t: &Term) -> String {
    match t {
        Term::NamedNode(n) => n.as_str().to_owned(),
        other => other.to_string(),
    }
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Writes the entities and relations in `quads` as a DOT digraph.
pub fn write_dot<W: Write>(quads: &[Quad], focus: Option<&Focus>, mut w: W) -> Result<W, DotError> {
    let property_names: HashMap<String, &'static str> = Property::ALL
        .iter()
        .map(|p| (crate::rdf::property_iri(*p).as_str().to_owned(), p.as_str()))
        .collect();
    // Entities: anything typed with a core class.
    let mut nodes: BTreeMap<String, Node> = BTreeMap::new();
    for q in quads {
        if q.predicate.as_ref() == rdf::TYPE {
            if let Some(kind) = kind_of(&q.object) {
                let iri = id_of(&q.subject.clone().into());
                nodes.entry(iri.clone()).or_insert(Node {
                    iri,
                    kind,
                    label: String::new(),
                    names: BTreeSet::new(),
                    facts: BTreeSet::new(),
                });
            }
        }
    }
    // Edges: (from, label, to, is an action).
    let mut edges: BTreeSet<(String, String, String, bool)> = BTreeSet::new();
    // Actions: agent, target, type.
    // Agent, target, type, and whether the text says it did not happen.
    type Slots = (Option<String>, Option<String>, Option<String>, bool);
    let mut actions: BTreeMap<String, Slots> = BTreeMap::new();
    for q in quads {
        let subject = id_of(&q.subject.clone().into());
        let p = q.predicate.as_ref();
        if p == kg::AGENT || p == kg::TARGET || p == kg::ACTION_TYPE || p == kg::NEGATED {
            let slots = actions.entry(subject).or_default();
            match &q.object {
                Term::Literal(l) if p == kg::ACTION_TYPE => slots.2 = Some(l.value().to_owned()),
                Term::Literal(l) if p == kg::NEGATED => slots.3 = l.value() == "true",
                o if p == kg::AGENT => slots.0 = Some(id_of(o)),
                o => slots.1 = Some(id_of(o)),
            }
            continue;
        }
        let Some(node) = nodes.get_mut(&subject) else {
            continue;
        };
        let Term::Literal(l) = &q.object else {
            if let Some(p) = property_names.get(q.predicate.as_str()) {
                edges.insert((subject, (*p).to_owned(), id_of(&q.object), false));
            }
            continue;
        };
        if q.predicate.as_ref() == rdfs::LABEL {
            node.label = l.value().to_owned();
            node.names.insert(fold(l.value()));
        } else if q.predicate.as_ref() == crate::ontology::skos::ALT_LABEL {
            node.names.insert(fold(l.value()));
        } else if let Some(p) = property_names.get(q.predicate.as_str()) {
            node.facts.insert(format!("{p}: {}", l.value()));
        }
    }
    for (agent, target, kind, negated) in actions.into_values() {
        if let (Some(a), Some(t), Some(k)) = (agent, target, kind) {
            // A negated action is drawn as what did not happen.
            let k = if negated { format!("not {k}") } else { k };
            edges.insert((a, k, t, true));
        }
    }
    edges.retain(|(s, _, o, _)| nodes.contains_key(s) && nodes.contains_key(o));

    // The graph, in sorted order: nodes by (kind, label, iri), edges as sorted above.
    let mut order: Vec<&Node> = nodes.values().collect();
    order.sort_by(|a, b| (a.kind, &a.label, &a.iri).cmp(&(b.kind, &b.label, &b.iri)));
    let mut graph: DiGraph<&Node, (&str, bool)> = DiGraph::new();
    let index: HashMap<&str, NodeIndex> = order
        .iter()
        .map(|n| (n.iri.as_str(), graph.add_node(*n)))
        .collect();
    for (s, label, o, action) in &edges {
        graph.add_edge(
            index[s.as_str()],
            index[o.as_str()],
            (label.as_str(), *action),
        );
    }

    let keep: BTreeSet<NodeIndex> = match focus {
        None => graph.node_indices().collect(),
        Some(f) => neighbourhood(&graph, f)?,
    };

    writeln!(w, "digraph kgraph {{")?;
    writeln!(
        w,
        "  graph [rankdir=LR, fontname=\"Helvetica\", overlap=false];"
    )?;
    writeln!(w, "  node [fontname=\"Helvetica\", style=filled];")?;
    writeln!(w, "  edge [fontname=\"Helvetica\", fontsize=10];")?;
    writeln!(w, "  subgraph cluster_legend {{")?;
    writeln!(
        w,
        "    label=\"Legend (solid arrow: relation; dashed arrow: action)\";"
    )?;
    for (kind, shape, colour) in STYLES {
        writeln!(
            w,
            "    \"legend:{kind}\" [label=\"{kind}\", shape={shape}, fillcolor=\"{colour}\"];"
        )?;
    }
    writeln!(w, "  }}")?;
    for i in graph.node_indices().filter(|i| keep.contains(i)) {
        let n = graph[i];
        let (_, shape, colour) = STYLES
            .iter()
            .find(|(k, _, _)| *k == n.kind)
            .copied()
            .unwrap_or(STYLES[0]);
        let mut label = n.label.clone();
        for fact in &n.facts {
            label.push('\n');
            label.push_str(fact);
        }
        writeln!(
            w,
            "  \"{}\" [label=\"{}\", shape={shape}, fillcolor=\"{colour}\"];",
            escape(&n.iri),
            escape(&label)
        )?;
    }
    for e in graph.edge_indices() {
        let Some((s, o)) = graph.edge_endpoints(e) else {
            continue;
        };
        if keep.contains(&s) && keep.contains(&o) {
            let (label, action) = graph[e];
            writeln!(
                w,
                "  \"{}\" -> \"{}\" [label=\"{}\"{}];",
                escape(&graph[s].iri),
                escape(&graph[o].iri),
                escape(label),
                if action {
                    ", style=dashed, color=\"#7a0177\", fontcolor=\"#7a0177\""
                } else {
                    ""
                }
            )?;
        }
    }
    writeln!(w, "}}")?;
    Ok(w)
}

/// The nodes within `focus.depth` edges (either direction) of the named entity.
fn neighbourhood(
    graph: &DiGraph<&Node, (&str, bool)>,
    focus: &Focus,
) -> Result<BTreeSet<NodeIndex>, DotError> {
    let wanted = fold(&focus.name);
    let starts: Vec<NodeIndex> = graph
        .node_indices()
        .filter(|&i| graph[i].names.contains(&wanted))
        .collect();
    if starts.is_empty() {
        return Err(DotError::UnknownFocus(focus.name.clone()));
    }
    let mut seen: BTreeSet<NodeIndex> = starts.iter().copied().collect();
    let mut queue: VecDeque<(NodeIndex, usize)> = starts.into_iter().map(|i| (i, 0)).collect();
    while let Some((i, d)) = queue.pop_front() {
        if d == focus.depth {
            continue;
        }
        for n in graph.neighbors_undirected(i) {
            if seen.insert(n) {
                queue.push_back((n, d + 1));
            }
        }
    }
    Ok(seen)
}
