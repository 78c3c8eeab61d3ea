//! Identity across the store's documents: the people and organizations of
//! every document graph resolved to one node each (`kgraph_rdf::identity`),
//! and the graphs whose decision changed rewritten.

use std::collections::{BTreeSet, HashSet};

use kgraph_rdf::identity::{resolve_all, rewrite, Curation, Link, Reader, PREDICATES, TYPES};
use kgraph_rdf::ontology::{kg, rdf};
use kgraph_rdf::rdf::sort_quads;
use kgraph_rdf::Minter;
use oxigraph::model::{NamedNode, Quad};

use crate::store::{Store, StoreError};

/// Graphs rewritten in one transaction (two in unit tests, so that a few
/// documents make several).
const REWRITE_BATCH: usize = if cfg!(test) { 2 } else { 512 };

/// The quads of graph `g` that going from the links `current` to `desired`
/// changes, and what they become: those of the entities whose IRI changes,
/// and the identity records.
fn changes(
    inner: &oxigraph::store::Store,
    g: &str,
    current: &[Link],
    desired: &[Link],
    minter: &Minter,
) -> Result<(Vec<Quad>, Vec<Quad>), StoreError> {
    let graph = NamedNode::new_unchecked(g);
    fn node_of<'a>(links: &'a [Link], l: &'a str) -> &'a str {
        links
            .iter()
            .find(|c| c.local == l)
            .map_or(l, |c| c.to.as_str())
    }
    let now = |l| node_of(current, l);
    let next = |l| node_of(desired, l);
    let mut touched: BTreeSet<String> = BTreeSet::new();
    for l in current.iter().chain(desired).map(|l| l.local.as_str()) {
        if now(l) != next(l) {
            touched.insert(now(l).to_owned());
        }
        let path = l.strip_prefix(minter.base()).unwrap_or(l);
        touched.insert(format!("{g}/identity/{path}"));
    }
    let mut old: HashSet<Quad> = HashSet::new();
    let same = Some(kg::SAME_EVENT_AS);
    for q in inner.quads_for_pattern(None, same, None, Some(graph.as_ref().into())) {
        old.insert(q?);
    }
    for iri in &touched {
        let node = NamedNode::new_unchecked(iri.as_str());
        let graph = Some(graph.as_ref().into());
        for q in inner.quads_for_pattern(Some(node.as_ref().into()), None, None, graph) {
            old.insert(q?);
        }
        for q in inner.quads_for_pattern(None, None, Some(node.as_ref().into()), graph) {
            old.insert(q?);
        }
    }
    let mut old: Vec<Quad> = old.into_iter().collect();
    sort_quads(&mut old);
    // The records among them give back the document's own IRIs.
    let new = rewrite(old.clone(), g, desired, minter);
    Ok((old, new))
}

/// The quads of a graph that a resolution removes, and those it adds.
type Change = (Vec<Quad>, Vec<Quad>);

/// What a resolution did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Resolved {
    /// Document graphs rewritten.
    pub rewritten: usize,
    /// Identity links in the store after it.
    pub links: usize,
}

impl Store {
    /// Resolves the people and organizations of every document graph across
    /// the store and rewrites the graphs whose links changed, each in one
    /// transaction. The result depends only on the set of documents, so it
    /// is the same whatever order they came in; run again, it changes
    /// nothing. Stopped part way, the next run finishes the work. With
    /// `jobs` above 1, the quads a batch of graphs changes are read on a
    /// second thread while the batch before is written.
    pub fn resolve_identity(&self, minter: &Minter, jobs: usize) -> Result<Resolved, StoreError> {
        let inner = self.oxigraph();
        let mut reader = Reader::new(minter);
        for class in TYPES {
            for q in inner.quads_for_pattern(None, Some(rdf::TYPE), Some((*class).into()), None) {
                reader.add(q?.as_ref());
            }
        }
        for p in PREDICATES {
            for q in inner.quads_for_pattern(None, Some(*p), None, None) {
                reader.add(q?.as_ref());
            }
        }
        self.resolve_read(&mut reader, minter, jobs)
    }

    /// Does the store hold a document graph?
    pub fn has_documents(&self, minter: &Minter) -> Result<bool, StoreError> {
        let curation = Curation::graph(minter);
        for g in self.oxigraph().named_graphs() {
            let g = g?;
            if g != kgraph_rdf::ontology::ONTOLOGY_GRAPH.into() && g != curation.as_ref().into() {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// Keeps `curation` in the store (its graph `{base}curation`), in place
    /// of what was there; resolution obeys it from the next run on.
    pub fn set_curation(&self, curation: &Curation, minter: &Minter) -> Result<(), StoreError> {
        self.replace_graph(Curation::graph(minter).as_ref(), &curation.quads(minter))
    }

    /// [`Store::resolve_identity`] with what `reader` read of every document
    /// graph of the store (the quads an ingest into an empty store wrote,
    /// say), not reading them again.
    pub fn resolve_read(
        &self,
        reader: &mut Reader<'_>,
        minter: &Minter,
        jobs: usize,
    ) -> Result<Resolved, StoreError> {
        let inner = self.oxigraph();
        let curation = Curation::graph(minter);
        for q in inner.quads_for_pattern(None, None, None, Some(curation.as_ref().into())) {
            reader.add(q?.as_ref());
        }
        let current = reader.links();
        let desired = resolve_all(reader, minter);
        let none: Vec<Link> = Vec::new();
        let graphs: Vec<&String> = current
            .keys()
            .chain(desired.keys())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .filter(|g| current.get(*g).unwrap_or(&none) != desired.get(*g).unwrap_or(&none))
            .collect();
        let batches: Vec<&[&String]> = graphs.chunks(REWRITE_BATCH).collect();
        // What each graph of a batch changes, read from the store.
        let read = |batch: &[&String]| -> Result<Vec<Change>, StoreError> {
            batch
                .iter()
                .map(|g| {
                    let now = current.get(*g).unwrap_or(&none);
                    changes(inner, g, now, desired.get(*g).unwrap_or(&none), minter)
                })
                .collect()
        };
        std::thread::scope(|scope| -> Result<(), StoreError> {
            let mut next = batches.first().map(|batch| read(batch));
            for i in 0.. {
                let Some(batch) = next.take() else {
                    break;
                };
                let batch = batch?;
                // The graphs of different batches are apart: reading the
                // next batch's does not see this one's writes.
                let following = batches.get(i + 1).copied();
                let ahead = following
                    .filter(|_| jobs > 1)
                    .map(|b| scope.spawn(move || read(b)));
                let mut transaction = inner.start_transaction()?;
                for (old, new) in &batch {
                    for q in old {
                        transaction.remove(q);
                    }
                    transaction.extend(new.iter().map(Quad::as_ref));
                }
                transaction.commit()?;
                next = match ahead {
                    Some(thread) => Some(
                        thread
                            .join()
                            .unwrap_or_else(|e| std::panic::resume_unwind(e)),
                    ),
                    None => following.map(read),
                };
            }
            Ok(())
        })?;
        let rewritten = graphs.len();
        Ok(Resolved {
            rewritten,
            links: desired.values().map(Vec::len).sum(),
        })
    }
}
