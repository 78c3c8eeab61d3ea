//! The server's index in memory: every entity's names, types and number of
//! documents, and every document's title and date, read from the store once
//! (at start, in the background) and again after an update.
//!
//! It answers the search box (names and aliases, any word's beginning, case
//! and accents aside) without a SPARQL scan, the front page's lists of the
//! most mentioned entities, the paged list of documents, and the names pages
//! show for the IRIs they link to.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use kgraph_extract::fold;
use kgraph_rdf::ontology::{kg, ONTOLOGY_GRAPH};
use kgraph_store::store::{Store, StoreError};
use oxigraph::model::Term;
use oxigraph::sparql::QueryResults;

/// The five core classes, by local name, in the order pages list them.
pub(crate) const CORE: [&str; 5] = ["Person", "Organization", "Country", "Event", "Place"];

/// An entity: a node typed with one of the core classes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Entity {
    /// Its IRI.
    pub iri: String,
    /// Its name: the `rdfs:label` most document graphs give it.
    pub label: String,
    /// Its core class and any subclass, by local name (`Organization`, `PoliticalParty`).
    pub kinds: Vec<String>,
    /// Every label and alternative label, as written.
    pub names: Vec<String>,
    /// The documents that mention it (`kg:mentionedIn`).
    pub documents: usize,
}

impl Entity {
    /// Its core class (`Person`, ...).
    pub fn core(&self) -> &str {
        CORE.iter()
            .find(|c| self.kinds.iter().any(|k| k == *c))
            .copied()
            .unwrap_or("Entity")
    }
}

/// A document: a node typed `kg:Document`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Doc {
    /// Its IRI (and graph name).
    pub iri: String,
    /// Its title (`kg:title`), or its IRI.
    pub title: String,
    /// Its publication date (`kg:published`), as written.
    pub published: Option<String>,
}

/// One page of search results.
#[derive(Debug)]
pub(crate) struct Hits<'a> {
    /// How many entities match in all.
    pub total: usize,
    /// The page asked for, best first.
    pub entities: Vec<&'a Entity>,
}

/// The index.
#[derive(Debug, Default)]
pub(crate) struct Index {
    /// Sorted by IRI.
    entities: Vec<Entity>,
    /// (word of a folded name, entity), sorted.
    words: Vec<(Box<str>, u32)>,
    /// Newest first, then by title and IRI.
    documents: Vec<Doc>,
    /// IRI -> position in `entities` (entities) or `documents` (documents).
    entity_at: HashMap<String, u32>,
    document_at: HashMap<String, u32>,
    /// The classes entities have, with how many have each (see [`Index::kinds`]).
    kinds: Vec<(String, usize)>,
    /// How long it took to build.
    pub built_in: Duration,
}

/// The words of a name for matching: folded (case and accents aside),
/// periods and apostrophes dropped ("U.S." is "us"), split at everything
/// else that is not a letter or digit.
pub(crate) fn words(name: &str) -> Vec<String> {
    fold(name)
        .chars()
        .filter(|c| !matches!(c, '.' | '\'' | '’'))
        .collect::<String>()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Calls `each` with the values of `vars` (None if unbound) in each row
/// of a SELECT query, as the rows come.
fn each_row(
    store: &Store,
    query: &str,
    vars: [&str; 2],
    mut each: impl FnMut(Option<&Term>, Option<&Term>),
) -> Result<(), StoreError> {
    if let QueryResults::Solutions(solutions) = store.query(query)? {
        for s in solutions {
            let s = s?;
            each(s.get(vars[0]), s.get(vars[1]));
        }
    }
    Ok(())
}

fn iri(t: Option<&Term>) -> Option<&str> {
    match t {
        Some(Term::NamedNode(n)) => Some(n.as_str()),
        _ => None,
    }
}

fn literal(t: Option<&Term>) -> Option<&str> {
    match t {
        Some(Term::Literal(l)) => Some(l.value()),
        _ => None,
    }
}

impl Index {
    /// Reads the index from `store`: five queries, each a pattern of one
    /// predicate (the union of the graphs repeats a node's triples once a
    /// document; the counting is left to the store).
    pub fn build(store: &Store) -> Result<Self, StoreError> {
        let started = Instant::now();
        // Entities and their classes: the core classes and their subclasses,
        // as the ontology graph says.
        let mut entities: HashMap<String, Entity> = HashMap::new();
        each_row(
            store,
            &format!(
                "SELECT DISTINCT ?e ?t WHERE {{ GRAPH <{}> {{ ?t rdfs:subClassOf* kg:Entity }} ?e a ?t }}",
                ONTOLOGY_GRAPH.as_str()
            ),
            ["e", "t"],
            |e, t| {
                let (Some(e), Some(t)) = (iri(e), iri(t)) else {
                    return;
                };
                let Some(kind) = t.strip_prefix(kg::NS).filter(|k| *k != "Entity") else {
                    return;
                };
                let entity = entities.entry(e.to_owned()).or_insert_with(|| Entity {
                    iri: e.to_owned(),
                    label: String::new(),
                    kinds: Vec::new(),
                    names: Vec::new(),
                    documents: 0,
                });
                entity.kinds.push(kind.to_owned());
            },
        )?;
        // Labels, each with the number of graphs that give it: the most
        // given is the name (then the shorter, then the first in order).
        let mut best: HashMap<String, (usize, String)> = HashMap::new();
        if let QueryResults::Solutions(solutions) = store
            .query("SELECT ?e ?l (COUNT(*) AS ?n) WHERE { ?e rdfs:label ?l } GROUP BY ?e ?l")?
        {
            for s in solutions {
                let s = s?;
                let (Some(e), Some(l)) = (iri(s.get("e")), literal(s.get("l"))) else {
                    continue;
                };
                let Some(entity) = entities.get_mut(e) else {
                    continue;
                };
                let n: usize = literal(s.get("n"))
                    .and_then(|n| n.parse().ok())
                    .unwrap_or(0);
                entity.names.push(l.to_owned());
                let slot = best.entry(e.to_owned()).or_insert((0, String::new()));
                let better = slot.1.is_empty()
                    || n > slot.0
                    || (n == slot.0 && (l.len(), l) < (slot.1.len(), slot.1.as_str()));
                if better {
                    *slot = (n, l.to_owned());
                }
            }
        }
        each_row(
            store,
            "SELECT DISTINCT ?e ?l WHERE { ?e skos:altLabel ?l }",
            ["e", "l"],
            |e, l| {
                if let (Some(e), Some(l)) = (iri(e), literal(l)) {
                    if let Some(entity) = entities.get_mut(e) {
                        entity.names.push(l.to_owned());
                    }
                }
            },
        )?;
        each_row(
            store,
            "SELECT ?e (COUNT(*) AS ?n) WHERE { ?e kg:mentionedIn ?d } GROUP BY ?e",
            ["e", "n"],
            |e, n| {
                if let (Some(e), Some(n)) = (iri(e), literal(n)) {
                    if let Some(entity) = entities.get_mut(e) {
                        entity.documents = n.parse().unwrap_or(0);
                    }
                }
            },
        )?;
        let mut entities: Vec<Entity> = entities
            .into_values()
            .map(|mut e| {
                e.label = best
                    .remove(&e.iri)
                    .map_or_else(|| e.iri.clone(), |(_, l)| l);
                // The core class first, then the subclasses by name.
                e.kinds
                    .sort_by_key(|k| (!CORE.contains(&k.as_str()), k.clone()));
                e.kinds.dedup();
                e.names.sort();
                e.names.dedup();
                e
            })
            .collect();
        entities.sort_by(|a, b| a.iri.cmp(&b.iri));
        let mut by_word: Vec<(Box<str>, u32)> = Vec::new();
        for (i, e) in entities.iter().enumerate() {
            for name in &e.names {
                by_word.extend(words(name).into_iter().map(|w| (w.into(), i as u32)));
            }
        }
        by_word.sort();
        by_word.dedup();
        let documents = Self::read_documents(store)?;
        Ok(Index {
            kinds: Self::count_kinds(&entities),
            entity_at: entities
                .iter()
                .enumerate()
                .map(|(i, e)| (e.iri.clone(), i as u32))
                .collect(),
            document_at: documents
                .iter()
                .enumerate()
                .map(|(i, d)| (d.iri.clone(), i as u32))
                .collect(),
            entities,
            words: by_word,
            documents,
            built_in: started.elapsed(),
        })
    }

    /// The documents (the nodes with a title and a source), newest first,
    /// then by title and IRI.
    fn read_documents(store: &Store) -> Result<Vec<Doc>, StoreError> {
        let mut documents: HashMap<String, Doc> = HashMap::new();
        each_row(
            store,
            "SELECT ?d ?t WHERE { ?d kg:title ?t }",
            ["d", "t"],
            |d, t| {
                if let (Some(d), Some(t)) = (iri(d), literal(t)) {
                    documents.entry(d.to_owned()).or_insert_with(|| Doc {
                        iri: d.to_owned(),
                        title: t.to_owned(),
                        published: None,
                    });
                }
            },
        )?;
        each_row(
            store,
            "SELECT ?d ?p WHERE { ?d kg:published ?p }",
            ["d", "p"],
            |d, p| {
                if let (Some(doc), Some(p)) =
                    (iri(d).and_then(|d| documents.get_mut(d)), literal(p))
                {
                    doc.published = Some(p.to_owned());
                }
            },
        )?;
        let mut documents: Vec<Doc> = documents.into_values().collect();
        documents.sort_by(|a, b| {
            b.published
                .cmp(&a.published)
                .then_with(|| a.title.cmp(&b.title))
                .then_with(|| a.iri.cmp(&b.iri))
        });
        Ok(documents)
    }

    /// The entity with this IRI.
    pub fn entity(&self, iri: &str) -> Option<&Entity> {
        self.entity_at.get(iri).map(|&i| &self.entities[i as usize])
    }

    /// The document with this IRI.
    pub fn document(&self, iri: &str) -> Option<&Doc> {
        self.document_at
            .get(iri)
            .map(|&i| &self.documents[i as usize])
    }

    /// Where the document with this IRI is in [`Self::documents`].
    pub fn document_rank(&self, iri: &str) -> Option<usize> {
        self.document_at.get(iri).map(|&i| i as usize)
    }

    /// The name of an entity or the title of a document.
    pub fn label(&self, iri: &str) -> Option<&str> {
        self.entity(iri)
            .map(|e| e.label.as_str())
            .or_else(|| self.document(iri).map(|d| d.title.as_str()))
    }

    /// The documents, newest first.
    pub fn documents(&self) -> &[Doc] {
        &self.documents
    }

    /// About how many bytes of memory the index takes: its strings, its
    /// vectors and its maps (the allocator's own overhead aside).
    pub fn heap_bytes(&self) -> usize {
        use std::mem::size_of;
        let strings = |v: &[String]| {
            v.iter()
                .map(|s| s.capacity() + size_of::<String>())
                .sum::<usize>()
        };
        let entities: usize = self
            .entities
            .iter()
            .map(|e| {
                size_of::<Entity>()
                    + e.iri.capacity()
                    + e.label.capacity()
                    + strings(&e.kinds)
                    + strings(&e.names)
            })
            .sum();
        let words: usize = self
            .words
            .iter()
            .map(|(w, _)| w.len() + size_of::<(Box<str>, u32)>())
            .sum();
        let documents: usize = self
            .documents
            .iter()
            .map(|d| {
                size_of::<Doc>()
                    + d.iri.capacity()
                    + d.title.capacity()
                    + d.published.as_ref().map_or(0, String::capacity)
            })
            .sum();
        let map = |m: &HashMap<String, u32>| {
            m.capacity() * (size_of::<(String, u32)>() + 1)
                + m.keys().map(String::capacity).sum::<usize>()
        };
        entities + words + documents + map(&self.entity_at) + map(&self.document_at)
    }

    /// How many entities the index holds.
    pub fn entity_count(&self) -> usize {
        self.entities.len()
    }

    /// The classes entities have, by local name, with how many entities
    /// have each: the core classes first, then the subclasses by name.
    pub fn kinds(&self) -> &[(String, usize)] {
        &self.kinds
    }

    /// [`Index::kinds`], counted once when the index is built.
    fn count_kinds(entities: &[Entity]) -> Vec<(String, usize)> {
        let mut counts: HashMap<&str, usize> = HashMap::new();
        for e in entities {
            for k in &e.kinds {
                *counts.entry(k).or_default() += 1;
            }
        }
        let mut out: Vec<(String, usize)> =
            counts.into_iter().map(|(k, n)| (k.to_owned(), n)).collect();
        let rank = |k: &str| CORE.iter().position(|c| *c == k).unwrap_or(CORE.len());
        out.sort_by(|a, b| (rank(&a.0), &a.0).cmp(&(rank(&b.0), &b.0)));
        out
    }

    /// The `n` entities of class `kind` mentioned in the most documents.
    pub fn most_mentioned(&self, kind: &str, n: usize) -> Vec<&Entity> {
        let mut of_kind: Vec<&Entity> = self
            .entities
            .iter()
            .filter(|e| e.kinds.iter().any(|k| k == kind))
            .collect();
        of_kind.sort_by(|a, b| {
            b.documents
                .cmp(&a.documents)
                .then_with(|| a.label.cmp(&b.label))
                .then_with(|| a.iri.cmp(&b.iri))
        });
        of_kind.truncate(n);
        of_kind
    }

    /// The entities one of whose names has, for each word of `query`, a
    /// word that begins with it; of class `kind` if given. Best first: a
    /// name equal to the query, then one that begins with it, then the
    /// others; then the most documents, the name, the IRI. `limit` of them
    /// from `offset`.
    pub fn search(&self, query: &str, kind: Option<&str>, offset: usize, limit: usize) -> Hits<'_> {
        let wanted = words(query);
        if wanted.is_empty() {
            return Hits {
                total: 0,
                entities: Vec::new(),
            };
        }
        // The entities with a word beginning with each query word: start
        // from the query word with the fewest.
        let range = |w: &str| {
            let from = self.words.partition_point(|(x, _)| x.as_ref() < w);
            let to = from + self.words[from..].partition_point(|(x, _)| x.starts_with(w));
            from..to
        };
        let Some(narrowest) = wanted.iter().map(|w| range(w)).min_by_key(|r| r.len()) else {
            return Hits {
                total: 0,
                entities: Vec::new(),
            };
        };
        let mut candidates: Vec<u32> = self.words[narrowest].iter().map(|(_, e)| *e).collect();
        candidates.sort_unstable();
        candidates.dedup();
        let joined = wanted.join(" ");
        let mut found: Vec<(u8, &Entity)> = candidates
            .into_iter()
            .map(|i| &self.entities[i as usize])
            .filter(|e| kind.is_none_or(|k| e.kinds.iter().any(|x| x == k)))
            .filter_map(|e| {
                e.names
                    .iter()
                    .filter_map(|name| {
                        let have = words(name);
                        let all = wanted
                            .iter()
                            .all(|w| have.iter().any(|h| h.starts_with(w.as_str())));
                        let whole = have.join(" ");
                        all.then(|| {
                            if whole == joined {
                                0
                            } else if whole.starts_with(&joined) {
                                1
                            } else {
                                2
                            }
                        })
                    })
                    .min()
                    .map(|rank| (rank, e))
            })
            .collect();
        found.sort_by(|(ra, a), (rb, b)| {
            ra.cmp(rb)
                .then_with(|| b.documents.cmp(&a.documents))
                .then_with(|| a.label.cmp(&b.label))
                .then_with(|| a.iri.cmp(&b.iri))
        });
        Hits {
            total: found.len(),
            entities: found
                .into_iter()
                .skip(offset)
                .take(limit)
                .map(|(_, e)| e)
                .collect(),
        }
    }
}

/// The index of a store, built when first needed (the server asks for it
/// at start, in the background) and again after the store changes.
pub(crate) struct Names {
    store: Store,
    current: Mutex<Option<Arc<Index>>>,
}

impl Names {
    /// No index yet.
    pub fn new(store: Store) -> Self {
        Names {
            store,
            current: Mutex::new(None),
        }
    }

    /// The index, built now if there is none (callers meanwhile wait).
    pub fn get(&self) -> Result<Arc<Index>, StoreError> {
        let mut current = self.current.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(index) = current.as_ref() {
            return Ok(Arc::clone(index));
        }
        let index = Arc::new(Index::build(&self.store)?);
        *current = Some(Arc::clone(&index));
        Ok(index)
    }

    /// Forgets the index: the store changed.
    pub fn invalidate(&self) {
        *self.current.lock().unwrap_or_else(PoisonError::into_inner) = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_fold_case_accents_periods_and_apostrophes() {
        for (name, want) in [
            ("Nicolás Maduro", vec!["nicolas", "maduro"]),
            ("U.S.", vec!["us"]),
            ("O’Brien-Smith", vec!["obrien", "smith"]),
            ("  ", vec![]),
        ] {
            assert_eq!(words(name), want, "{name}");
        }
    }

    fn entity(iri: &str, label: &str, kind: &str, names: &[&str], documents: usize) -> Entity {
        Entity {
            iri: iri.to_owned(),
            label: label.to_owned(),
            kinds: vec![kind.to_owned()],
            names: names.iter().map(|n| (*n).to_owned()).collect(),
            documents,
        }
    }

    fn index(entities: Vec<Entity>) -> Index {
        let mut by_word = Vec::new();
        for (i, e) in entities.iter().enumerate() {
            for n in &e.names {
                by_word.extend(words(n).into_iter().map(|w| (w.into(), i as u32)));
            }
        }
        by_word.sort();
        by_word.dedup();
        Index {
            entity_at: entities
                .iter()
                .enumerate()
                .map(|(i, e)| (e.iri.clone(), i as u32))
                .collect(),
            entities,
            words: by_word,
            ..Index::default()
        }
    }

    #[test]
    fn search_matches_word_beginnings_of_any_name_best_first() {
        let ix = index(vec![
            entity(
                "a",
                "Nicolás Maduro",
                "Person",
                &["Nicolás Maduro", "Maduro"],
                3,
            ),
            entity("b", "Maduro Ltd", "Organization", &["Maduro Ltd"], 9),
            entity("c", "Madurai", "Place", &["Madurai"], 1),
            entity(
                "d",
                "United States",
                "Country",
                &["United States", "U.S."],
                50,
            ),
        ]);
        let iris = |q: &str, kind: Option<&str>| -> Vec<String> {
            ix.search(q, kind, 0, 10)
                .entities
                .iter()
                .map(|e| e.iri.clone())
                .collect()
        };
        // An alias equal to the query first, then the most documents.
        assert_eq!(iris("maduro", None), ["a", "b"]);
        assert_eq!(iris("MADUR", None), ["b", "a", "c"]);
        assert_eq!(iris("nico madu", None), ["a"]);
        assert_eq!(iris("madu", Some("Place")), ["c"]);
        assert_eq!(iris("us", None), ["d"]);
        assert_eq!(iris("zzz", None), Vec::<String>::new());
        assert_eq!(iris("", None), Vec::<String>::new());
        let page = ix.search("madur", None, 1, 1);
        assert_eq!((page.total, page.entities[0].iri.as_str()), (3, "a"));
    }
}
