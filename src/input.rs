//! Reading documents: files, directories and standard input; plain text,
//! Markdown and HTML. Bad input is a typed error naming the file and the problem.

use std::path::{Path, PathBuf};

use crate::extract::Document;

/// Why a document could not be read.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    /// The file could not be read.
    #[error("{path}: cannot read: {source}")]
    Io {
        /// The file.
        path: String,
        /// The cause.
        source: std::io::Error,
    },
    /// The file is empty or only whitespace.
    #[error("{path}: empty document (nothing to extract)")]
    Empty {
        /// The file.
        path: String,
    },
    /// The file holds binary data.
    #[error("{path}: binary file (contains NUL bytes), not a text document")]
    Binary {
        /// The file.
        path: String,
    },
    /// The file is not UTF-8.
    #[error("{path}: invalid UTF-8 at byte {offset} (convert it to UTF-8, e.g. with iconv)")]
    InvalidUtf8 {
        /// The file.
        path: String,
        /// Offset of the first bad byte.
        offset: usize,
    },
}

/// The kinds of file kgraph reads, by extension.
const EXTENSIONS: &[&str] = &["txt", "md", "markdown", "html", "htm"];

/// Expands paths: a directory becomes its `.txt`, `.md` and `.html` files
/// (recursively, sorted); files and `-` stay as given.
pub fn expand(paths: &[PathBuf]) -> Result<Vec<PathBuf>, InputError> {
    let mut out = Vec::new();
    for path in paths {
        if path.is_dir() {
            let mut found = Vec::new();
            walk(path, &mut found)?;
            found.sort();
            out.extend(found);
        } else {
            out.push(path.clone());
        }
    }
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), InputError> {
    let io = |source| InputError::Io {
        path: dir.display().to_string(),
        source,
    };
    for entry in std::fs::read_dir(dir).map_err(io)? {
        let path = entry.map_err(io)?.path();
        if path.is_dir() {
            walk(&path, out)?;
        } else if path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
        {
            out.push(path);
        }
    }
    Ok(())
}

/// Reads one document from a file. (Standard input is the command line's to
/// read; it hands the bytes to [`parse`].)
pub fn read(path: &Path) -> Result<Document, InputError> {
    let name = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|source| InputError::Io {
        path: name.clone(),
        source,
    })?;
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    parse(&bytes, &name, &ext)
}

/// Turns bytes into a document; `ext` selects HTML (`html`, `htm`), Markdown
/// (`md`, `markdown`) or plain text (anything else).
pub fn parse(bytes: &[u8], name: &str, ext: &str) -> Result<Document, InputError> {
    if bytes.contains(&0) {
        return Err(InputError::Binary {
            path: name.to_owned(),
        });
    }
    let raw = std::str::from_utf8(bytes).map_err(|e| InputError::InvalidUtf8 {
        path: name.to_owned(),
        offset: e.valid_up_to(),
    })?;
    let raw = raw.strip_prefix('\u{FEFF}').unwrap_or(raw);
    let (text, title) = match ext {
        "html" | "htm" => html_text(raw),
        "md" | "markdown" => (markdown_text(raw), None),
        _ => (raw.to_owned(), None),
    };
    if text.trim().is_empty() {
        return Err(InputError::Empty {
            path: name.to_owned(),
        });
    }
    Ok(Document::new(text, name).with_title(title))
}

/// Markdown to plain text: headings, emphasis, links and images lose their markup.
fn markdown_text(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut in_code = false;
    for line in raw.lines() {
        if line.trim_start().starts_with("```") {
            in_code = !in_code;
            continue;
        }
        if in_code {
            continue;
        }
        let line = line.trim_start_matches('#').trim_start_matches('>').trim();
        let line = line
            .strip_prefix("- ")
            .or_else(|| line.strip_prefix("* "))
            .unwrap_or(line);
        let mut s = String::with_capacity(line.len());
        let mut rest = line;
        // [text](url) -> text, ![alt](url) -> alt
        while let Some(open) = rest.find('[') {
            let Some(close) = rest[open..].find("](").map(|c| open + c) else {
                break;
            };
            let Some(end) = rest[close..].find(')').map(|e| close + e) else {
                break;
            };
            s.push_str(rest[..open].trim_end_matches('!'));
            s.push_str(&rest[open + 1..close]);
            rest = &rest[end + 1..];
        }
        s.push_str(rest);
        out.push_str(&s.replace("**", "").replace("__", "").replace('`', ""));
        out.push('\n');
    }
    out
}

/// Elements whose text is never article text.
const SKIP: &[&str] = &[
    "script", "style", "nav", "header", "footer", "form", "noscript", "aside", "template", "svg",
    "iframe", "button", "select", "figure", "menu", "dialog",
];

/// Words in a class or id that mark boilerplate: navigation, share links,
/// comments, adverts.
const BOILERPLATE: &[&str] = &[
    "nav",
    "menu",
    "share",
    "social",
    "footer",
    "header",
    "comment",
    "related",
    "advert",
    "promo",
    "cookie",
    "breadcrumb",
    "subscribe",
    "newsletter",
    "sidebar",
    "byline-share",
];

/// Elements that end a line of text.
const BLOCK: &[&str] = &[
    "p",
    "div",
    "br",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "tr",
    "article",
    "section",
    "blockquote",
    "main",
    "pre",
    "dd",
    "dt",
    "table",
    "ul",
    "ol",
];

/// HTML to plain text and title, with a real HTML5 parser (html5ever through
/// scraper): the text of `<article>` (or `<main>`, or `<body>`), without
/// scripts, styles, navigation, headers, footers, forms and elements whose
/// class or id marks boilerplate; block elements end lines. The title is the
/// `<title>`, else the first `<h1>`.
fn html_text(raw: &str) -> (String, Option<String>) {
    let html = scraper::Html::parse_document(raw);
    let select = |css: &str| {
        scraper::Selector::parse(css)
            .ok()
            .and_then(|s| html.select(&s).next())
    };
    let squash = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let title = select("title")
        .map(|t| squash(&t.text().collect::<String>()))
        .filter(|t| !t.is_empty())
        .or_else(|| select("h1").map(|t| squash(&t.text().collect::<String>())))
        .filter(|t| !t.is_empty());
    let root = select("article")
        .or_else(|| select("main"))
        .or_else(|| select("body"))
        .unwrap_or_else(|| html.root_element());
    let mut out = String::new();
    collect_text(root, &mut out);
    let text = out
        .lines()
        .map(squash)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n");
    (text, title)
}

/// Appends the text under `root`, depth first with an explicit stack, so deeply
/// nested markup cannot overflow the call stack.
fn collect_text(root: scraper::ElementRef<'_>, out: &mut String) {
    enum Step<'a> {
        Enter(ego_tree::NodeRef<'a, scraper::Node>),
        LineEnd,
    }
    let mut stack = vec![Step::Enter(*root)];
    while let Some(step) = stack.pop() {
        let node = match step {
            Step::LineEnd => {
                out.push('\n');
                continue;
            }
            Step::Enter(node) => node,
        };
        match node.value() {
            scraper::Node::Text(t) => out.push_str(t),
            scraper::Node::Element(el) => {
                let name = el.name();
                let marked = el
                    .attr("class")
                    .into_iter()
                    .chain(el.attr("id"))
                    .flat_map(|v| v.split(|c: char| c.is_whitespace() || c == '-' || c == '_'))
                    .any(|w| BOILERPLATE.contains(&w.to_ascii_lowercase().as_str()));
                if SKIP.contains(&name)
                    || marked
                    || el.attr("hidden").is_some()
                    || el.attr("aria-hidden") == Some("true")
                {
                    continue;
                }
                let block = BLOCK.contains(&name);
                if block {
                    out.push('\n');
                    stack.push(Step::LineEnd);
                }
                let children: Vec<_> = node.children().collect();
                stack.extend(children.into_iter().rev().map(Step::Enter));
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_bytes_are_named_errors() {
        let e = parse(b"ok \xff\xfe", "a.txt", "txt")
            .unwrap_err()
            .to_string();
        assert_eq!(
            e,
            "a.txt: invalid UTF-8 at byte 3 (convert it to UTF-8, e.g. with iconv)"
        );
        assert!(matches!(
            parse(b"a\0b", "b.bin", ""),
            Err(InputError::Binary { .. })
        ));
        assert!(matches!(
            parse(b" \n\t", "c.txt", "txt"),
            Err(InputError::Empty { .. })
        ));
    }

    #[test]
    fn html_drops_boilerplate_and_finds_the_title() {
        let html = "<html><head><title>Cabello speaks</title><script>var x='Nope';</script></head>\
            <body><nav><a href=/>Home</a></nav><h1>Headline</h1><p>Cabello &amp; Maduro&#8217;s allies.</p>\
            <div class=\"share-links\"><a>Share on Facebook</a></div>\
            <footer>Share this</footer></body></html>";
        let doc = parse(html.as_bytes(), "a.html", "html").unwrap();
        assert_eq!(doc.title.as_deref(), Some("Cabello speaks"));
        assert_eq!(doc.text, "Headline\nCabello & Maduro’s allies.");
    }

    #[test]
    fn html_prefers_the_article_and_survives_broken_markup() {
        let html = "<body><div id=menu>Home | World</div><article><h1>Title here</h1>\
            <p>First <b>bold</b> paragraph<p>Second, unclosed<br>line</article><p>Comments: 3";
        let doc = parse(html.as_bytes(), "b.html", "html").unwrap();
        assert_eq!(doc.title.as_deref(), Some("Title here"));
        assert_eq!(
            doc.text,
            "Title here\nFirst bold paragraph\nSecond, unclosed\nline"
        );
        // Deep nesting is no problem for the parser.
        let deep = format!(
            "{}<p>Deep text.</p>{}",
            "<div>".repeat(10_000),
            "</div>".repeat(10_000)
        );
        assert_eq!(
            parse(deep.as_bytes(), "c.html", "html").unwrap().text,
            "Deep text."
        );
    }

    #[test]
    fn markdown_loses_its_markup() {
        let doc = parse(
            b"# Title\n\nSome **bold** [link](http://x) text.\n",
            "a.md",
            "md",
        )
        .unwrap();
        assert_eq!(doc.text, "Title\n\nSome bold link text.\n");
    }
}
