//! Stage 6, store: the embedded, persistent Oxigraph store (RocksDB on disk).
//!
//! One named graph per document, the ontology in a graph of its own, each
//! document written all or nothing (a failed document leaves nothing behind),
//! and SPARQL over the union of the graphs.

use std::collections::BTreeMap;
use std::path::Path;
use std::path::PathBuf;

use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{
    GraphName, GraphNameRef, NamedNode, NamedNodeRef, NamedOrBlankNode, Quad, Term,
};
use oxigraph::sparql::{CancellationToken, QueryResults, SparqlEvaluator};

use kgraph_rdf::ontology::{self, kg, rdf, rdfs};

use crate::disk::{lower_compaction_priority, note_writer, remove_unfinished_bulk_files};
use crate::error::open_error;
pub use crate::error::StoreError;

/// Graphs a query runs over, as the SPARQL Protocol names them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Dataset {
    /// The graphs whose union is the default graph.
    pub default_graphs: Vec<NamedNode>,
    /// The graphs GRAPH can name.
    pub named_graphs: Vec<NamedNode>,
}

/// A kgraph store. Clones share the same open store.
#[derive(Clone)]
pub struct Store {
    inner: oxigraph::store::Store,
    /// The directory of a store open for writing, where the bulk loader
    /// writes its files.
    writing: Option<PathBuf>,
}

/// Counts of what a store holds.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Stats {
    /// Document graphs.
    pub documents: u64,
    /// Triples in document graphs (the ontology graph not counted), each
    /// graph's summed: a triple that three documents state counts three times.
    pub triples: u64,
    /// Distinct triples of the document graphs: what `kgraph export` writes
    /// in a triple format (Turtle, N-Triples), the union of the graphs.
    pub distinct_triples: u64,
    /// Distinct entities per kg class (local name).
    pub entities: BTreeMap<String, u64>,
    /// Distinct statements per kg property (local name), as stated: a
    /// `kg:memberOf` counts under `kg:affiliatedWith` only when ingest wrote
    /// it there too (`--infer`).
    pub relations: BTreeMap<String, u64>,
    /// The parent in the ontology (`rdfs:subClassOf`, `rdfs:subPropertyOf`)
    /// of each class and property counted that has a kg one (local names).
    pub parents: BTreeMap<String, String>,
}

/// A document graph in the store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredDocument {
    /// The document IRI (its graph name).
    pub iri: String,
    /// Where it was read from.
    pub source: Option<String>,
}

/// The shipped ontology, as quads in its graph.
pub fn ontology_quads() -> Result<Vec<Quad>, StoreError> {
    let mut quads: Vec<Quad> = RdfParser::from_format(RdfFormat::Turtle)
        .with_default_graph(ontology::ONTOLOGY_GRAPH)
        .for_slice(ontology::ONTOLOGY_TTL.as_bytes())
        .collect::<Result<_, _>>()
        .map_err(|e| oxigraph::store::StorageError::Other(Box::new(e)))?;
    kgraph_rdf::rdf::sort_quads(&mut quads);
    Ok(quads)
}

impl Store {
    /// Opens the store at `path` for writing, creating it (with the ontology
    /// graph) when it does not exist.
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        // A new store is one directory: a mistyped path is not made whole.
        let parent = path.parent().filter(|p| !p.as_os_str().is_empty());
        if let Some(parent) = parent.filter(|p| !path.exists() && !p.is_dir()) {
            return Err(StoreError::NoParent {
                path: path.to_owned(),
                parent: parent.to_owned(),
            });
        }
        let inner = oxigraph::store::Store::open(path).map_err(|e| open_error(path, e))?;
        lower_compaction_priority();
        note_writer(path);
        remove_unfinished_bulk_files(path);
        let store = Self {
            inner,
            writing: Some(path.to_owned()),
        };
        store.ensure_ontology()?;
        Ok(store)
    }

    /// Opens an existing store for reading only.
    pub fn open_read_only(path: &Path) -> Result<Self, StoreError> {
        if !path.join("CURRENT").exists() {
            return Err(StoreError::Missing {
                path: path.to_owned(),
            });
        }
        let inner =
            oxigraph::store::Store::open_read_only(path).map_err(|e| open_error(path, e))?;
        Ok(Self {
            inner,
            writing: None,
        })
    }

    /// A store in memory, for tests and `extract`.
    pub fn in_memory() -> Result<Self, StoreError> {
        let store = Self {
            inner: oxigraph::store::Store::new()?,
            writing: None,
        };
        store.ensure_ontology()?;
        Ok(store)
    }

    /// Loads the shipped ontology into its graph, replacing an older version.
    fn ensure_ontology(&self) -> Result<(), StoreError> {
        let quads = ontology_quads()?;
        let graph = GraphNameRef::NamedNode(ontology::ONTOLOGY_GRAPH);
        let stored = self
            .inner
            .quads_for_pattern(None, None, None, Some(graph))
            .count();
        // Blank nodes (OWL lists) get new labels each parse: the graph is
        // current when it has as many quads and all the others.
        let current = stored == quads.len()
            && quads
                .iter()
                .filter(|q| !q.subject.is_blank_node() && !q.object.is_blank_node())
                .all(|q| self.inner.contains(q).unwrap_or(false));
        if !current {
            self.replace_graph(ontology::ONTOLOGY_GRAPH, &quads)?;
        }
        Ok(())
    }

    /// The Oxigraph store underneath.
    pub(crate) fn oxigraph(&self) -> &oxigraph::store::Store {
        &self.inner
    }

    /// Replaces the named graph `graph` with `quads`, in one transaction.
    pub fn replace_graph(&self, graph: NamedNodeRef<'_>, quads: &[Quad]) -> Result<(), StoreError> {
        let mut transaction = self.inner.start_transaction()?;
        transaction.clear_graph(graph)?;
        transaction.insert_named_graph(graph);
        transaction.extend(quads.iter().map(Quad::as_ref));
        transaction.commit()?;
        Ok(())
    }

    /// Writes document graphs, each replacing any graph of its name, each
    /// document all or nothing; the result of each, in order.
    ///
    /// Graphs new to the store go through Oxigraph's bulk loader in one commit,
    /// which RocksDB makes atomic (the sorted files of every index are ingested
    /// at once): several times faster than a transaction a document, and the
    /// quads move into it rather than being copied. Graphs already in the store
    /// are replaced in a transaction each. Should the bulk commit fail (a full
    /// disk, say), none of its documents is in the store and each has the
    /// error. A graph named twice ends as the later document, as if they were
    /// written in turn.
    pub fn write_documents(
        &self,
        mut docs: Vec<(NamedNode, Vec<Quad>)>,
    ) -> Vec<Result<(), StoreError>> {
        let mut results: Vec<Result<(), StoreError>> = docs.iter().map(|_| Ok(())).collect();
        let mut last = std::collections::HashMap::new();
        for (i, (graph, _)) in docs.iter().enumerate() {
            last.insert(graph.as_str(), i);
        }
        let mut fresh = Vec::new();
        for (i, (graph, quads)) in docs.iter().enumerate() {
            if last.get(graph.as_str()) != Some(&i) {
                continue;
            }
            match self.inner.contains_named_graph(graph) {
                Ok(false) => fresh.push(i),
                Ok(true) => results[i] = self.replace_graph(graph.as_ref(), quads),
                Err(e) => results[i] = Err(e.into()),
            }
        }
        if fresh.is_empty() {
            return results;
        }
        let mut loader = self.inner.bulk_loader().with_num_threads(1);
        let loaded = loader
            .load_quads(fresh.iter().flat_map(|&i| std::mem::take(&mut docs[i].1)))
            .and_then(|()| loader.commit());
        if let Err(e) = loaded {
            // The files of the load that failed are of no use.
            if let Some(path) = &self.writing {
                remove_unfinished_bulk_files(path);
            }
            let message = e.to_string();
            for i in fresh {
                results[i] =
                    Err(oxigraph::store::StorageError::Other(message.clone().into()).into());
            }
        }
        results
    }

    /// Is there a graph named `graph`?
    pub fn has_graph(&self, graph: NamedNodeRef<'_>) -> Result<bool, StoreError> {
        Ok(self.inner.contains_named_graph(graph)?)
    }

    /// Removes a document graph; tells whether it was there.
    pub fn remove_graph(&self, graph: NamedNodeRef<'_>) -> Result<bool, StoreError> {
        if graph == ontology::ONTOLOGY_GRAPH || !self.inner.contains_named_graph(graph)? {
            return Ok(false);
        }
        self.inner.remove_named_graph(graph)?;
        Ok(true)
    }

    /// The document graphs, sorted by IRI.
    pub fn documents(&self) -> Result<Vec<StoredDocument>, StoreError> {
        let mut documents = Vec::new();
        for g in self.inner.named_graphs() {
            let NamedOrBlankNode::NamedNode(g) = g? else {
                continue;
            };
            if g.as_ref() == ontology::ONTOLOGY_GRAPH {
                continue;
            }
            let source = self
                .inner
                .quads_for_pattern(
                    Some(g.as_ref().into()),
                    Some(kg::SOURCE),
                    None,
                    Some(g.as_ref().into()),
                )
                .next()
                .transpose()?
                .and_then(|q| match q.object {
                    Term::Literal(l) => Some(l.value().to_owned()),
                    _ => None,
                });
            documents.push(StoredDocument {
                iri: g.into_string(),
                source,
            });
        }
        documents.sort_by(|a, b| a.iri.cmp(&b.iri));
        Ok(documents)
    }

    /// Every quad of the document graphs (not the ontology), sorted.
    pub fn document_quads(&self) -> Result<Vec<Quad>, StoreError> {
        let mut quads = Vec::new();
        for doc in self.documents()? {
            let g = NamedNode::new_unchecked(doc.iri);
            for q in self
                .inner
                .quads_for_pattern(None, None, None, Some(g.as_ref().into()))
            {
                quads.push(q?);
            }
        }
        kgraph_rdf::rdf::sort_quads(&mut quads);
        Ok(quads)
    }

    /// Runs a SPARQL query. Without FROM or FROM NAMED, the default graph is the
    /// union of all graphs (the documents and the ontology).
    pub fn query(&self, sparql: &str) -> Result<QueryResults<'static>, StoreError> {
        self.query_with(sparql, None)
    }

    /// Runs a SPARQL query that `cancel` can stop (see [`Self::query`]).
    pub fn query_with(
        &self,
        sparql: &str,
        cancel: Option<CancellationToken>,
    ) -> Result<QueryResults<'static>, StoreError> {
        self.query_in(sparql, cancel, &Dataset::default())
    }

    /// Runs a SPARQL query over `dataset` when it names graphs (as the SPARQL
    /// Protocol's `default-graph-uri` and `named-graph-uri` do, overriding the
    /// query's FROM and FROM NAMED), that `cancel` can stop.
    pub fn query_in(
        &self,
        sparql: &str,
        cancel: Option<CancellationToken>,
        dataset: &Dataset,
    ) -> Result<QueryResults<'static>, StoreError> {
        let mut prepared = SparqlEvaluator::new();
        if let Some(token) = cancel {
            prepared = prepared.with_cancellation_token(token);
        }
        for (prefix, iri) in ontology::SPARQL_PREFIXES {
            prepared = prepared
                .with_prefix(*prefix, *iri)
                .map_err(|e| oxigraph::store::StorageError::Other(Box::new(e)))?;
        }
        let mut prepared = prepared
            .parse_query(sparql)
            .map_err(|e| StoreError::syntax(sparql, &e, "query"))?;
        if !dataset.default_graphs.is_empty() || !dataset.named_graphs.is_empty() {
            let d = prepared.dataset_mut();
            d.set_default_graph(
                dataset
                    .default_graphs
                    .iter()
                    .cloned()
                    .map(GraphName::NamedNode)
                    .collect(),
            );
            d.set_available_named_graphs(
                dataset
                    .named_graphs
                    .iter()
                    .cloned()
                    .map(NamedOrBlankNode::NamedNode)
                    .collect(),
            );
        } else if prepared.dataset().is_default_dataset() {
            prepared.dataset_mut().set_default_graph_as_union();
        }
        Ok(prepared.on_store(&self.inner).execute()?)
    }

    /// Runs a SPARQL 1.1 Update.
    pub fn update(&self, sparql: &str) -> Result<(), StoreError> {
        let mut prepared = SparqlEvaluator::new();
        for (prefix, iri) in ontology::SPARQL_PREFIXES {
            prepared = prepared
                .with_prefix(*prefix, *iri)
                .map_err(|e| oxigraph::store::StorageError::Other(Box::new(e)))?;
        }
        prepared
            .parse_update(sparql)
            .map_err(|e| StoreError::syntax(sparql, &e, "update"))?
            .on_store(&self.inner)
            .execute()
            .map_err(|e| StoreError::Update(e.to_string()))
    }

    /// The quads of one named graph, or of all graphs for `None`, sorted.
    pub fn graph_quads(&self, graph: Option<NamedNodeRef<'_>>) -> Result<Vec<Quad>, StoreError> {
        let mut quads = Vec::new();
        for q in self
            .inner
            .quads_for_pattern(None, None, None, graph.map(Into::into))
        {
            quads.push(q?);
        }
        kgraph_rdf::rdf::sort_quads(&mut quads);
        Ok(quads)
    }

    /// The quads, in every graph, with `node` as subject.
    pub fn quads_from(&self, node: NamedNodeRef<'_>) -> Result<Vec<Quad>, StoreError> {
        let mut quads = Vec::new();
        for q in self
            .inner
            .quads_for_pattern(Some(node.into()), None, None, None)
        {
            quads.push(q?);
        }
        Ok(quads)
    }

    /// The quads, in every graph, with `node` as subject and as object.
    pub fn quads_about(
        &self,
        node: NamedNodeRef<'_>,
    ) -> Result<(Vec<Quad>, Vec<Quad>), StoreError> {
        let mut outgoing = Vec::new();
        for q in self
            .inner
            .quads_for_pattern(Some(node.into()), None, None, None)
        {
            outgoing.push(q?);
        }
        let mut incoming = Vec::new();
        for q in self
            .inner
            .quads_for_pattern(None, None, Some(node.into()), None)
        {
            incoming.push(q?);
        }
        kgraph_rdf::rdf::sort_quads(&mut outgoing);
        kgraph_rdf::rdf::sort_quads(&mut incoming);
        Ok((outgoing, incoming))
    }

    /// Number of quads in one graph.
    pub fn graph_len(&self, graph: NamedNodeRef<'_>) -> Result<usize, StoreError> {
        let mut n = 0;
        for q in self
            .inner
            .quads_for_pattern(None, None, None, Some(graph.into()))
        {
            q?;
            n += 1;
        }
        Ok(n)
    }

    /// Counts of documents, triples, entities per type and relations per property.
    pub fn stats(&self) -> Result<Stats, StoreError> {
        // A document graph has its source; the curation graph, say, has not.
        let documents: Vec<StoredDocument> = self
            .documents()?
            .into_iter()
            .filter(|d| d.source.is_some())
            .collect();
        let mut triples = 0;
        // A 64-bit hash a triple: two distinct triples of a store share one
        // with a chance of about n²/2⁶⁵ (10⁻⁶ at ten million triples).
        let mut distinct = std::collections::HashSet::new();
        for d in &documents {
            let g = NamedNode::new_unchecked(d.iri.clone());
            for q in self
                .inner
                .quads_for_pattern(None, None, None, Some(g.as_ref().into()))
            {
                let q = q?;
                let mut h = std::hash::DefaultHasher::new();
                std::hash::Hash::hash(&(&q.subject, &q.predicate, &q.object), &mut h);
                distinct.insert(std::hash::Hasher::finish(&h));
                triples += 1;
            }
        }
        let kg_ns = kg::NS;
        let count = |query: &str| -> Result<BTreeMap<String, u64>, StoreError> {
            let mut out = BTreeMap::new();
            if let QueryResults::Solutions(solutions) = self.query(query)? {
                for s in solutions {
                    let s = s?;
                    let (Some(Term::NamedNode(k)), Some(Term::Literal(n))) =
                        (s.get("k"), s.get("n"))
                    else {
                        continue;
                    };
                    let name = k
                        .as_str()
                        .strip_prefix(kg_ns)
                        .unwrap_or(k.as_str())
                        .to_owned();
                    out.insert(name, n.value().parse().unwrap_or(0));
                }
            }
            Ok(out)
        };
        let onto = ontology::ONTOLOGY_GRAPH.as_str();
        let entities = count(&format!(
            "SELECT ?k (COUNT(DISTINCT ?e) AS ?n) WHERE {{ GRAPH ?g {{ ?e <{}> ?k }} FILTER(?g != <{onto}> && STRSTARTS(STR(?k), \"{kg_ns}\") && ?k NOT IN (<{}>, <{}>, <{}>)) }} GROUP BY ?k ORDER BY ?k",
            rdf::TYPE.as_str(),
            kg::DOCUMENT.as_str(),
            kg::ACTION.as_str(),
            kg::IDENTITY_LINK.as_str(),
        ))?;
        let relations = count(&format!(
            "SELECT ?k (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT ?s ?k ?o WHERE {{ GRAPH ?g {{ ?s ?k ?o }} FILTER(?g != <{onto}> && ?k IN ({})) }} }} GROUP BY ?k ORDER BY ?k",
            kgraph_rdf::rdf::property_iris()
                .map(|p| format!("<{}>", p.as_str()))
                .collect::<Vec<_>>()
                .join(", ")
        ))?;
        let mut parents = BTreeMap::new();
        let query = format!(
            "SELECT ?k ?n WHERE {{ GRAPH <{onto}> {{ ?k <{}>|<{}> ?parent }} FILTER(STRSTARTS(STR(?k), \"{kg_ns}\") && STRSTARTS(STR(?parent), \"{kg_ns}\")) BIND(STR(?parent) AS ?n) }}",
            rdfs::SUB_CLASS_OF.as_str(),
            rdfs::SUB_PROPERTY_OF.as_str(),
        );
        if let QueryResults::Solutions(solutions) = self.query(&query)? {
            for s in solutions {
                let s = s?;
                if let (Some(Term::NamedNode(k)), Some(Term::Literal(parent))) =
                    (s.get("k"), s.get("n"))
                {
                    let local = |iri: &str| iri.strip_prefix(kg_ns).unwrap_or(iri).to_owned();
                    parents.insert(local(k.as_str()), local(parent.value()));
                }
            }
        }
        parents.retain(|k, p| {
            (entities.contains_key(k) || relations.contains_key(k)) && p != "Entity"
        });
        Ok(Stats {
            documents: documents.len() as u64,
            triples,
            distinct_triples: distinct.len() as u64,
            entities,
            relations,
            parents,
        })
    }

    /// Flushes writes to disk.
    pub fn flush(&self) -> Result<(), StoreError> {
        Ok(self.inner.flush()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::once;
    use oxigraph::model::Literal;

    fn doc(graph: &str, names: &[&str]) -> (NamedNode, Vec<Quad>) {
        let g = NamedNode::new_unchecked(graph);
        let quads = names
            .iter()
            .map(|n| {
                Quad::new(
                    NamedNode::new_unchecked(format!("http://example.org/{n}")),
                    oxigraph::model::vocab::rdfs::LABEL,
                    Literal::new_simple_literal(*n),
                    g.clone(),
                )
            })
            .collect();
        (g, quads)
    }

    fn labels(store: &Store, graph: &str) -> Vec<String> {
        let mut out: Vec<String> = store
            .graph_quads(Some(NamedNodeRef::new_unchecked(graph)))
            .unwrap_or_default()
            .into_iter()
            .map(|q| q.object.to_string())
            .collect();
        out.sort();
        out
    }

    #[test]
    fn open_errors_say_the_cause_once() -> Result<(), std::io::Error> {
        assert_eq!(once("IO error: x: y: IO error: x: y"), "IO error: x: y");
        assert_eq!(once("IO error: x"), "IO error: x");
        // RocksDB's own error: a file where the store's directory would be.
        let dir = tempfile::tempdir()?;
        let file = dir.path().join("file");
        std::fs::write(&file, "x")?;
        let text = Store::open(&file)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        let start = format!("cannot open store '{}': IO error: ", file.display());
        assert!(text.starts_with(&start), "{text}");
        assert_eq!(text.matches("IO error").count(), 1, "{text}");
        // A missing parent is named, and nothing is created.
        let deep = dir.path().join("missing/kgraph/db");
        let text = Store::open(&deep)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(
            text.ends_with(&format!(
                "its parent directory '{}' does not exist",
                dir.path().join("missing/kgraph").display()
            )),
            "{text}"
        );
        assert!(!dir.path().join("missing").exists());
        Ok(())
    }

    #[test]
    fn write_documents_bulk_loads_new_graphs_and_replaces_old_ones() -> Result<(), StoreError> {
        let dir = tempfile::tempdir().map_err(|e| StoreError::Update(e.to_string()))?;
        let store = Store::open(dir.path())?;
        let results = store.write_documents(vec![
            doc("http://example.org/g1", &["a", "b"]),
            doc("http://example.org/g2", &["c"]),
        ]);
        assert!(results.iter().all(Result::is_ok));
        assert_eq!(labels(&store, "http://example.org/g1"), ["\"a\"", "\"b\""]);
        // g1 again (already stored: replaced, not merged), g3 new, and g3 twice
        // in one batch: the later one wins.
        let results = store.write_documents(vec![
            doc("http://example.org/g1", &["z"]),
            doc("http://example.org/g3", &["x"]),
            doc("http://example.org/g3", &["y"]),
        ]);
        assert_eq!(results.len(), 3);
        assert!(results.iter().all(Result::is_ok));
        assert_eq!(labels(&store, "http://example.org/g1"), ["\"z\""]);
        assert_eq!(labels(&store, "http://example.org/g2"), ["\"c\""]);
        assert_eq!(labels(&store, "http://example.org/g3"), ["\"y\""]);
        let documents: Vec<String> = store.documents()?.into_iter().map(|d| d.iri).collect();
        assert_eq!(
            documents,
            [
                "http://example.org/g1",
                "http://example.org/g2",
                "http://example.org/g3"
            ]
        );
        // Still there after reopening.
        drop(store);
        let store = Store::open_read_only(dir.path())?;
        assert_eq!(labels(&store, "http://example.org/g3"), ["\"y\""]);
        Ok(())
    }
}
