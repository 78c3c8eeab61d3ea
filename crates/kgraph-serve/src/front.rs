//! The pages to start from, all read from the index: the front page (a
//! search box, the most mentioned entities of each class with their counts,
//! the newest documents), the search results (`/search?q=&type=&page=`) and
//! the list of documents, a page at a time (`/documents?page=`).

use crate::config::Config;
use crate::form::param;
use crate::index::{Entity, Index, CORE};
use crate::pages::html::{anchor, class_name, page, short, thousands};
use crate::reply::escape;

/// Entities listed under each class on the front page.
const TOP: usize = 10;
/// Results on a page of search results.
pub(crate) const RESULTS_A_PAGE: usize = 25;
/// Documents on a page of the document list.
pub(crate) const DOCUMENTS_A_PAGE: usize = 100;

/// The search form, `query` and `kind` filled in.
fn search_form(index: &Index, query: &str, kind: Option<&str>) -> String {
    let mut options = String::from("<option value=\"\">any type</option>");
    for (k, n) in index.kinds() {
        options.push_str(&format!(
            "<option value=\"{0}\"{1}>{3} ({2})</option>",
            escape(k),
            if kind == Some(k.as_str()) {
                " selected"
            } else {
                ""
            },
            thousands(*n),
            escape(&class_name(k))
        ));
    }
    format!(
        "<form class=\"search\" action=\"/search\" method=\"get\" role=\"search\">\
         <input type=\"search\" name=\"q\" value=\"{}\" placeholder=\"A name or alias: Maduro, U.S., Labour\" \
         aria-label=\"name\" autofocus> <select name=\"type\" aria-label=\"type\">{options}</select> \
         <button type=\"submit\">Search</button></form>",
        escape(query)
    )
}

/// An entity as a line of a list: its name linked, and how many documents.
fn entity_line(config: &Config, e: &Entity) -> String {
    format!(
        "{} <small>{}</small>",
        anchor(config, &e.iri, &e.label),
        thousands(e.documents)
    )
}

/// The front page.
pub(crate) fn front_page(config: &Config, index: &Index) -> String {
    let mut body = format!(
        "<h1>kgraph</h1><p class=\"muted\">{} documents, {} entities. Search their names, or start from \
         the most mentioned.</p>{}",
        thousands(index.documents().len()),
        thousands(index.entity_count()),
        search_form(index, "", None)
    );
    body.push_str("<h2>Most mentioned <small>(documents)</small></h2><div class=\"columns\">");
    for kind in CORE {
        let top = index.most_mentioned(kind, TOP);
        if top.is_empty() {
            continue;
        }
        body.push_str(&format!(
            "<section class=\"top\" data-type=\"{kind}\"><h3><a href=\"/search?q=&amp;type={kind}\">{kind}</a></h3><ol>"
        ));
        for e in top {
            body.push_str(&format!("<li>{}</li>", entity_line(config, e)));
        }
        body.push_str("</ol></section>");
    }
    body.push_str("</div><h2>Newest documents</h2><ul>");
    for d in index.documents().iter().take(TOP) {
        body.push_str(&format!("<li>{}</li>", document_line(config, d)));
    }
    body.push_str(&format!(
        "</ul><p><a href=\"/documents\">All {} documents</a> · \
         <a href=\"/sparql\">Query with SPARQL</a> · <a href=\"/ontology\">the ontology</a></p>\
         <p class=\"muted\"><small>Names indexed in {:.2} s ({:.1} MB).</small></p>",
        thousands(index.documents().len()),
        index.built_in.as_secs_f64(),
        index.heap_bytes() as f64 / 1e6
    ));
    page("Entities and documents", &body)
}

fn document_line(config: &Config, d: &crate::index::Doc) -> String {
    let date = d
        .published
        .as_deref()
        .map(|p| format!("<small>{}</small> ", escape(p)))
        .unwrap_or_default();
    format!("{date}{}", anchor(config, &d.iri, &short(&d.title, 110)))
}

/// A page number from `params` (1 if none or bad).
fn page_no(params: &[(String, String)]) -> usize {
    param(params, "page")
        .and_then(|p| p.parse().ok())
        .filter(|&p| p >= 1)
        .unwrap_or(1)
}

/// "Results 1–25 of 312 · previous · next", links made by `href`.
fn pager(
    at: usize,
    shown: usize,
    total: usize,
    per_page: usize,
    href: impl Fn(usize) -> String,
) -> String {
    let pages = total.div_ceil(per_page).max(1);
    let page = at / per_page + 1;
    if pages == 1 {
        return String::new();
    }
    let mut s = format!(
        "<p class=\"pager\">{}–{} of {} · page {page} of {}",
        at + 1,
        at + shown,
        thousands(total),
        thousands(pages)
    );
    if page > 1 {
        s.push_str(&format!(
            " · <a href=\"{}\">first</a> · <a href=\"{}\" rel=\"prev\">previous</a>",
            href(1),
            href(page - 1)
        ));
    }
    if page < pages {
        s.push_str(&format!(
            " · <a href=\"{}\" rel=\"next\">next</a> · <a href=\"{}\">last</a>",
            href(page + 1),
            href(pages)
        ));
    }
    s.push_str("</p>");
    s
}

/// `/search?q=&type=&page=`: the entities with a name or alias whose words
/// begin with the query's, of the type asked for; without a query, the
/// type's entities, most mentioned first.
/// A type that is none of the index's is an error (the page says which
/// types there are).
pub(crate) fn search_page(
    config: &Config,
    index: &Index,
    params: &[(String, String)],
) -> Result<String, String> {
    let query = param(params, "q").unwrap_or_default();
    let kind = match param(params, "type").filter(|k| !k.trim().is_empty()) {
        None => None,
        Some(asked) => Some(kind_named(index, &asked).ok_or_else(|| {
            let known: Vec<&str> = index.kinds().iter().map(|(k, _)| k.as_str()).collect();
            page(
                "No such type",
                &format!(
                    "<h1>No such type</h1><p>“{}” is not a type of this graph's entities. The types are: {}.</p>",
                    escape(&asked),
                    escape(&known.join(", "))
                ),
            )
        })?),
    };
    let page_no = page_no(params);
    let at = (page_no - 1) * RESULTS_A_PAGE;
    let (total, found): (usize, Vec<&Entity>) = if query.trim().is_empty() {
        match &kind {
            Some(k) => {
                let all = index.most_mentioned(k, usize::MAX);
                (
                    all.len(),
                    all.into_iter().skip(at).take(RESULTS_A_PAGE).collect(),
                )
            }
            None => (0, Vec::new()),
        }
    } else {
        let hits = index.search(&query, kind.as_deref(), at, RESULTS_A_PAGE);
        (hits.total, hits.entities)
    };
    let what = match (&kind, query.trim().is_empty()) {
        (Some(k), true) => format!("{k}: {} entities", thousands(total)),
        (kind, _) => format!(
            "{} {} match “{}”{}",
            thousands(total),
            if total == 1 { "entity" } else { "entities" },
            escape(&query),
            kind.as_ref()
                .map(|k| format!(" among {}", escape(k)))
                .unwrap_or_default()
        ),
    };
    let mut body = format!(
        "<h1>Search</h1>{}<p id=\"count\">{what}</p><ol class=\"results\" start=\"{}\">",
        search_form(index, &query, kind.as_deref()),
        at + 1
    );
    for e in &found {
        let others: Vec<String> = e
            .names
            .iter()
            .filter(|n| **n != e.label)
            .take(4)
            .map(|n| escape(n))
            .collect();
        body.push_str(&format!(
            "<li data-type=\"{}\">{} <small>{} · {} document{}{}</small></li>",
            escape(e.core()),
            anchor(config, &e.iri, &e.label),
            escape(
                &e.kinds
                    .iter()
                    .map(|k| class_name(k))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            thousands(e.documents),
            if e.documents == 1 { "" } else { "s" },
            if others.is_empty() {
                String::new()
            } else {
                format!(" · also {}", others.join(", "))
            }
        ));
    }
    body.push_str("</ol>");
    let q = crate::form::percent_encode(&query);
    let k = crate::form::percent_encode(kind.as_deref().unwrap_or(""));
    body.push_str(&pager(at, found.len(), total, RESULTS_A_PAGE, |p| {
        format!("/search?q={q}&amp;type={k}&amp;page={p}")
    }));
    Ok(page(&format!("Search: {query}"), &body))
}

/// The index's type `asked` names: its class name, or that name in words
/// ("Political party", "political-party", "kg:PoliticalParty"), whatever
/// the case.
fn kind_named(index: &Index, asked: &str) -> Option<String> {
    let squeeze = |k: &str| -> String {
        k.trim_start_matches("kg:")
            .chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    let wanted = squeeze(asked);
    index
        .kinds()
        .iter()
        .map(|(k, _)| k)
        .find(|k| squeeze(k) == wanted)
        .cloned()
}

/// `/documents?page=`: every document, newest first, a page at a time.
pub(crate) fn documents_page(
    config: &Config,
    index: &Index,
    params: &[(String, String)],
) -> String {
    let docs = index.documents();
    let pages = docs.len().div_ceil(DOCUMENTS_A_PAGE).max(1);
    let page_no = page_no(params).min(pages);
    let at = (page_no - 1) * DOCUMENTS_A_PAGE;
    let shown = &docs[at.min(docs.len())..(at + DOCUMENTS_A_PAGE).min(docs.len())];
    let mut body = format!(
        "<h1>Documents</h1><p class=\"muted\">{} documents, newest first, then by title.</p><ol class=\"documents\" start=\"{}\">",
        thousands(docs.len()),
        at + 1
    );
    for d in shown {
        body.push_str(&format!("<li>{}</li>", document_line(config, d)));
    }
    body.push_str("</ol>");
    body.push_str(&pager(at, shown.len(), docs.len(), DOCUMENTS_A_PAGE, |p| {
        format!("/documents?page={p}")
    }));
    page("Documents", &body)
}
