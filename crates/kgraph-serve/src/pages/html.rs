//! What every page shares: the frame and its style, links to IRIs named as
//! the index names them, short titles, lists cut to a length.

use oxigraph::model::{NamedOrBlankNode, Quad, Term};

use crate::config::Config;
use crate::index::Index;
use crate::reply::escape;
use kgraph_rdf::ontology;

/// A page: `body` in the frame, with a search box in the bar.
pub(crate) fn page(title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{} · kgraph</title><style>{STYLE}</style></head><body>\
         <nav><a href=\"/\"><b>kgraph</b></a> <a href=\"/documents\">documents</a> \
         <a href=\"/sparql\">SPARQL</a>\
         <form action=\"/search\" method=\"get\"><input type=\"search\" name=\"q\" \
         placeholder=\"Search names\" aria-label=\"Search names\"></form></nav>\n{body}\n</body></html>\n",
        escape(title),
    )
}

const STYLE: &str = "body{font-family:system-ui,sans-serif;max-width:70em;margin:1em auto;padding:0 1em;color:#222;line-height:1.4}\
a{color:#1a4f8b}nav{display:flex;gap:1em;align-items:center;border-bottom:1px solid #ddd;padding-bottom:.5em;margin-bottom:1em}\
nav form{margin-left:auto}table{border-collapse:collapse}td,th{border-bottom:1px solid #ddd;padding:.2em .6em;text-align:left;vertical-align:top}\
mark{background:#ffe58a}.types,.muted,small{color:#555}.snippet{margin:.3em 0 .3em 1em}.doc{white-space:pre-wrap;line-height:1.5}\
.facts li{margin:.2em 0}.group h3{font-size:1em;margin:.8em 0 .2em}.evidence{font-size:1.15em;border-left:4px solid #ffe58a;padding:.3em .8em}\
.legend{display:flex;flex-wrap:wrap;gap:.4em 1.2em;font-size:.85em;color:#444;margin:.3em 0}.legend i{display:inline-block;width:1.6em;height:.9em;border:1px solid #888;vertical-align:middle;margin-right:.3em}\
.legend i.action{border:0;border-top:2px dashed #7a0177;height:0}.picture svg{max-width:100%;height:auto}\
.columns{display:grid;grid-template-columns:repeat(auto-fill,minmax(14em,1fr));gap:0 2em}.columns ol{padding-left:1.5em}\
input[type=search]{font-size:1em;padding:.25em .4em;min-width:16em}select,button{font-size:1em}";

/// The path `iri` is served at here, if it is minted under the base.
pub(crate) fn local_href(config: &Config, iri: &str) -> Option<String> {
    iri.strip_prefix(config.base.as_str())
        .map(|rest| format!("{}{}", config.base_path(), rest))
}

/// `<a href=...>text</a>` to `iri`: its page here when it is minted under
/// the base, else the IRI itself.
pub(crate) fn anchor(config: &Config, iri: &str, text: &str) -> String {
    let href = local_href(config, iri).unwrap_or_else(|| iri.to_owned());
    format!("<a href=\"{}\">{}</a>", escape(&href), escape(text))
}

/// A short name for an IRI: a prefixed name, or the IRI.
pub(crate) fn compact(iri: &str) -> String {
    ontology::PREFIXES
        .iter()
        .find_map(|(p, ns)| iri.strip_prefix(ns).map(|local| format!("{p}:{local}")))
        .unwrap_or_else(|| iri.to_owned())
}

/// What to call `iri`: its name or title in the index, else a prefixed name.
pub(crate) fn name_of(index: &Index, iri: &str) -> String {
    index
        .label(iri)
        .map_or_else(|| compact(iri), |l| short(l, 90))
}

/// `text` cut at a word boundary to at most `max` characters, with "…".
pub(crate) fn short(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let cut: String = text.chars().take(max).collect();
    let at = cut.rfind(' ').filter(|&i| i > max / 2).unwrap_or(cut.len());
    format!("{}…", cut[..at].trim_end_matches([',', ';', ':', ' ']))
}

/// The triples of `quads`, each once, in order.
pub(crate) fn dedup(quads: &[Quad]) -> Vec<Quad> {
    let mut seen = std::collections::BTreeSet::new();
    quads
        .iter()
        .filter(|q| {
            seen.insert((
                q.subject.to_string(),
                q.predicate.to_string(),
                q.object.to_string(),
            ))
        })
        .cloned()
        .collect()
}

/// The IRI of a subject, if it is one.
pub(crate) fn subject_iri(q: &Quad) -> Option<&str> {
    match &q.subject {
        NamedOrBlankNode::NamedNode(n) => Some(n.as_str()),
        NamedOrBlankNode::BlankNode(_) => None,
    }
}

/// The IRI of an object, if it is one.
pub(crate) fn object_iri(q: &Quad) -> Option<&str> {
    match &q.object {
        Term::NamedNode(n) => Some(n.as_str()),
        _ => None,
    }
}

/// The value of the first literal `p` in `quads`.
pub(crate) fn literal_of(quads: &[Quad], p: oxigraph::model::NamedNodeRef<'_>) -> Option<String> {
    quads
        .iter()
        .find_map(|q| match (q.predicate.as_ref() == p, &q.object) {
            (true, Term::Literal(l)) => Some(l.value().to_owned()),
            _ => None,
        })
}

/// A list of `items` as `<li>`s, the first `max` of them, and a line
/// saying how many more there are.
pub(crate) fn list(class: &str, items: &[String], max: usize) -> String {
    if items.is_empty() {
        return "<p class=\"muted\">None.</p>".to_owned();
    }
    let mut s = format!("<ul class=\"{class}\">");
    for item in items.iter().take(max) {
        s.push_str(&format!("<li>{item}</li>"));
    }
    s.push_str("</ul>");
    if items.len() > max {
        s.push_str(&format!(
            "<p class=\"muted\">… and {} more.</p>",
            items.len() - max
        ));
    }
    s
}

/// "PoliticalParty" -> "Political party".
pub(crate) fn class_name(k: &str) -> String {
    let mut out = String::new();
    for (i, c) in k.chars().enumerate() {
        if c.is_uppercase() && i > 0 {
            out.push(' ');
            out.extend(c.to_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// "1,234".
pub(crate) fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_titles_and_thousands() {
        assert_eq!(
            short("Hundreds dead in Hajj stampede", 40),
            "Hundreds dead in Hajj stampede"
        );
        assert_eq!(
            short(
                "North Korea puts military in 'quasi-state of war', says agency",
                30
            ),
            "North Korea puts military in…"
        );
        assert_eq!(class_name("PoliticalParty"), "Political party");
        assert_eq!(class_name("Person"), "Person");
        assert_eq!(thousands(7), "7");
        assert_eq!(thousands(20_000), "20,000");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }
}
