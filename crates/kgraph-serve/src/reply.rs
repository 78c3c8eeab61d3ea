//! An answer before it goes on the wire, and the text helpers pages and answers share.

use oxigraph::model::Term;

/// An answer before it goes on the wire.
pub(crate) struct Reply {
    pub(crate) status: u16,
    pub(crate) content_type: &'static str,
    pub(crate) headers: Vec<(&'static str, String)>,
    pub(crate) body: Vec<u8>,
}

impl Reply {
    /// An answer with `status`, of `content_type`.
    pub(crate) fn new(status: u16, content_type: &'static str, body: impl Into<Vec<u8>>) -> Self {
        Reply {
            status,
            content_type,
            headers: Vec::new(),
            body: body.into(),
        }
    }

    /// A plain-text answer: `message` and a line break.
    pub(crate) fn text(status: u16, message: impl Into<String>) -> Self {
        let mut m = message.into();
        m.push('\n');
        Reply::new(status, "text/plain; charset=utf-8", m)
    }
}

/// Escapes text for HTML.
pub fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The term's IRI or literal value, for pages.
pub(crate) fn term_text(t: &Term) -> String {
    match t {
        Term::NamedNode(n) => n.as_str().to_owned(),
        Term::Literal(l) => l.value().to_owned(),
        other => other.to_string(),
    }
}
