//! Reading documents: files, directories and standard input; plain text,
//! Markdown and HTML. Bad input is a typed error naming the file and the problem.

use std::path::{Path, PathBuf};

use crate::document::Document;

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
    /// A line of a JSON Lines corpus is not a document.
    #[error("{path}:{line}: {message} (line skipped)")]
    Line {
        /// The corpus file.
        path: String,
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        message: String,
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

/// The kinds of file a directory is read for by default, by extension (each
/// also gzipped: `.txt.gz`). Other files in a directory are skipped and
/// counted, unless their extension is asked for (`--ext md`); a file named
/// on the command line is read whatever its extension.
pub const EXTENSIONS: &[&str] = &["txt", "html", "htm", "jsonl", "ndjson"];

/// JSON Lines corpora, by extension: a document a line.
pub const JSONL_EXTENSIONS: &[&str] = &["jsonl", "ndjson"];

/// N-Quads files (`ingest --nquads`), by extension.
pub const NQUADS_EXTENSIONS: &[&str] = &["nq", "nquads"];

/// The files the inputs name, and what the directories held besides.
#[derive(Debug, Default)]
pub struct Expanded {
    /// Files to read, in order: each given file or `-`, then each directory's
    /// files of the kinds asked for, recursively, sorted.
    pub files: Vec<PathBuf>,
    /// Files of directories not read, by extension ("" for none): how many.
    /// Hidden files and directories (a name starting with `.`) are neither
    /// read nor counted.
    pub skipped: std::collections::BTreeMap<String, usize>,
}

impl Expanded {
    /// "3 files skipped (2 .md, 1 .pdf)", or `None` when none was.
    pub fn skipped_summary(&self) -> Option<String> {
        let total: usize = self.skipped.values().sum();
        (total > 0).then(|| {
            let kinds: Vec<String> = self
                .skipped
                .iter()
                .map(|(ext, n)| match ext.as_str() {
                    "" => format!("{n} without an extension"),
                    ext => format!("{n} .{ext}"),
                })
                .collect();
            format!(
                "{total} file{} in the directories skipped ({})",
                if total == 1 { "" } else { "s" },
                kinds.join(", ")
            )
        })
    }
}

/// Expands paths: a directory becomes its files of the default kinds
/// ([`EXTENSIONS`]) and of `extra` (extensions without the dot), gzipped or
/// not, recursively and sorted; files and `-` stay as given.
pub fn expand(paths: &[PathBuf], extra: &[String]) -> Result<Expanded, InputError> {
    let mut kinds: Vec<String> = EXTENSIONS.iter().map(|e| (*e).to_owned()).collect();
    kinds.extend(
        extra
            .iter()
            .map(|e| e.trim_start_matches('.').to_ascii_lowercase()),
    );
    expand_kinds(paths, &kinds)
}

/// [`expand`] for JSON Lines corpora only: a directory's `.jsonl` and
/// `.ndjson` files.
pub fn expand_jsonl(paths: &[PathBuf]) -> Result<Expanded, InputError> {
    let kinds: Vec<String> = JSONL_EXTENSIONS.iter().map(|e| (*e).to_owned()).collect();
    expand_kinds(paths, &kinds)
}

/// [`expand`] for N-Quads files only: a directory's `.nq` and `.nquads` files.
pub fn expand_nquads(paths: &[PathBuf]) -> Result<Expanded, InputError> {
    let kinds: Vec<String> = NQUADS_EXTENSIONS.iter().map(|e| (*e).to_owned()).collect();
    expand_kinds(paths, &kinds)
}

/// Whether the file at `path` is a JSON Lines corpus by its extension.
pub fn is_jsonl(path: &Path) -> bool {
    JSONL_EXTENSIONS.contains(&extension(path).as_str())
}

fn expand_kinds(paths: &[PathBuf], kinds: &[String]) -> Result<Expanded, InputError> {
    let mut out = Expanded::default();
    for path in paths {
        if path.is_dir() {
            let mut found = Vec::new();
            walk(path, kinds, &mut found, &mut out.skipped)?;
            found.sort();
            out.files.extend(found);
        } else {
            out.files.push(path.clone());
        }
    }
    Ok(out)
}

fn walk(
    dir: &Path,
    kinds: &[String],
    out: &mut Vec<PathBuf>,
    skipped: &mut std::collections::BTreeMap<String, usize>,
) -> Result<(), InputError> {
    let io = |source| InputError::Io {
        path: dir.display().to_string(),
        source,
    };
    for entry in std::fs::read_dir(dir).map_err(io)? {
        let path = entry.map_err(io)?.path();
        if path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with('.'))
        {
            continue;
        }
        if path.is_dir() {
            walk(&path, kinds, out, skipped)?;
        } else {
            let ext = extension(&path);
            if kinds.contains(&ext) {
                out.push(path);
            } else {
                *skipped.entry(ext).or_default() += 1;
            }
        }
    }
    Ok(())
}

/// The extension that says what a file holds, lowercased, looking through a
/// final `.gz` ("a.txt.gz" is "txt").
fn extension(path: &Path) -> String {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    let name = name.strip_suffix(".gz").unwrap_or(&name);
    name.rsplit_once('.')
        .map(|(_, e)| e.to_owned())
        .unwrap_or_default()
}

fn is_gz(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("gz"))
}

/// Reads a whole text file, gunzipping a `.gz` file on the fly.
pub fn read_text(path: &Path) -> std::io::Result<String> {
    let file = std::fs::File::open(path)?;
    let mut text = String::new();
    if is_gz(path) {
        std::io::Read::read_to_string(&mut flate2::read::MultiGzDecoder::new(file), &mut text)?;
    } else {
        std::io::Read::read_to_string(&mut std::io::BufReader::new(file), &mut text)?;
    }
    Ok(text)
}

/// Opens a file for reading, gunzipping a `.gz` file on the fly.
pub fn open(path: &Path) -> Result<Box<dyn std::io::BufRead>, InputError> {
    let file = std::fs::File::open(path).map_err(|source| InputError::Io {
        path: path.display().to_string(),
        source,
    })?;
    Ok(if is_gz(path) {
        Box::new(std::io::BufReader::new(flate2::read::MultiGzDecoder::new(
            file,
        )))
    } else {
        Box::new(std::io::BufReader::new(file))
    })
}

/// Reads one document from a file (gzipped or not). (Standard input is the
/// command line's to read; it hands the bytes to [`parse`].)
pub fn read(path: &Path) -> Result<Document, InputError> {
    let name = path.display().to_string();
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(&mut open(path)?, &mut bytes).map_err(|source| InputError::Io {
        path: name.clone(),
        source,
    })?;
    parse(&bytes, &name, &extension(path))
}

/// One line of a JSON Lines corpus.
#[derive(serde::Deserialize)]
struct Line {
    text: Option<serde_json::Value>,
    id: Option<serde_json::Value>,
    title: Option<String>,
    url: Option<String>,
    published: Option<String>,
}

/// The documents of a JSON Lines corpus, read line by line: one object a line
/// with "text" and optional "id", "title", "url" and "published"
/// (YYYY-MM-DD). A bad line is an error of its own; the others still come.
/// Blank lines are skipped.
pub fn jsonl<R: std::io::BufRead>(
    reader: R,
    name: &str,
) -> impl Iterator<Item = Result<Document, InputError>> {
    let name = name.to_owned();
    reader.lines().enumerate().filter_map(move |(i, line)| {
        let bad = |message: String| InputError::Line {
            path: name.clone(),
            line: i + 1,
            message,
        };
        let line = match line {
            Ok(l) => l,
            Err(e) => return Some(Err(bad(format!("cannot read: {e}")))),
        };
        if line.trim().is_empty() {
            return None;
        }
        Some(jsonl_document(&line, &name, i + 1).map_err(bad))
    })
}

fn jsonl_document(line: &str, name: &str, number: usize) -> Result<Document, String> {
    let parsed: Line = serde_json::from_str(line).map_err(|e| format!("not a JSON object: {e}"))?;
    let text = match parsed.text {
        Some(serde_json::Value::String(t)) => t,
        Some(_) => return Err("\"text\" is not a string".to_owned()),
        None => return Err("no \"text\"".to_owned()),
    };
    if text.trim().is_empty() {
        return Err("empty \"text\"".to_owned());
    }
    let published = match parsed.published {
        None => None,
        Some(p) => Some(
            crate::dates::Date::from_iso(&p)
                .filter(|d| d.year.is_some())
                .ok_or_else(|| format!("\"published\" '{p}' is not a date (YYYY-MM-DD)"))?,
        ),
    };
    let id = parsed.id.map(|v| match v {
        serde_json::Value::String(s) => s,
        other => other.to_string(),
    });
    let source = parsed
        .url
        .or(id)
        .unwrap_or_else(|| format!("{name}:{number}"));
    Ok(Document::new(text, source)
        .with_title(parsed.title)
        .with_published(published))
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

/// How deep elements may nest before deeper tags are dropped, as Chromium's
/// HTML parser does at the same depth. The HTML5 tree builder looks through
/// the open elements for many tags, so nesting without a bound would take time
/// growing with the square of the depth.
const MAX_HTML_DEPTH: usize = 512;

/// Elements that never have content, and those whose end tag may be left
/// out: neither nests without bound in real pages.
const FLAT_ELEMENTS: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "rt", "rp",
    "thead", "tbody", "tfoot", "colgroup", "caption",
];

/// `raw` with the start and end tags nested deeper than `max` left out (their
/// text kept), in one pass over the markup; `raw` itself when nothing is that
/// deep. Comments, declarations and the text of scripts and styles are
/// passed over without counting.
fn limit_nesting(raw: &str, max: usize) -> std::borrow::Cow<'_, str> {
    let bytes = raw.as_bytes();
    let mut depth = 0usize;
    let mut out: Option<String> = None;
    let (mut i, mut copied) = (0, 0);
    while let Some(lt) = raw[i..].find('<').map(|k| i + k) {
        let rest = &raw[lt..];
        let end_of = |pat: &str| rest.find(pat).map_or(raw.len(), |k| lt + k + pat.len());
        let is_end = rest.starts_with("</");
        let name_start = lt + if is_end { 2 } else { 1 };
        if rest.starts_with("<!--") {
            i = end_of("-->");
            continue;
        }
        if rest.starts_with("<!") || rest.starts_with("<?") {
            i = end_of(">");
            continue;
        }
        if !bytes.get(name_start).is_some_and(u8::is_ascii_alphabetic) {
            i = lt + 1;
            continue;
        }
        let name_len = raw[name_start..]
            .find(|c: char| c.is_ascii_whitespace() || c == '/' || c == '>')
            .unwrap_or(raw.len() - name_start);
        let name = raw[name_start..name_start + name_len].to_ascii_lowercase();
        let tag_end = end_of(">");
        let self_closing = raw[lt..tag_end].ends_with("/>");
        // Scripts and styles are never dropped: their text would become the page's.
        let counted = !FLAT_ELEMENTS.contains(&name.as_str())
            && !matches!(name.as_str(), "script" | "style")
            && !self_closing;
        let too_deep = counted
            && if is_end {
                let deep = depth > max;
                depth = depth.saturating_sub(1);
                deep
            } else {
                depth += 1;
                depth > max
            };
        if too_deep {
            let out = out.get_or_insert_with(|| String::with_capacity(raw.len()));
            out.push_str(&raw[copied..lt]);
            copied = tag_end;
        }
        i = tag_end;
        // The text of a script or style is not markup.
        if !is_end && matches!(name.as_str(), "script" | "style") {
            let close = format!("</{name}");
            let mut k = i;
            i = loop {
                match raw[k..].find("</").map(|x| k + x) {
                    None => break raw.len(),
                    Some(x)
                        if bytes[x..].len() >= close.len()
                            && bytes[x..x + close.len()].eq_ignore_ascii_case(close.as_bytes()) =>
                    {
                        break x
                    }
                    Some(x) => k = x + 2,
                }
            };
        }
    }
    match out {
        None => std::borrow::Cow::Borrowed(raw),
        Some(mut out) => {
            out.push_str(&raw[copied..]);
            std::borrow::Cow::Owned(out)
        }
    }
}

/// HTML to plain text and title, with a real HTML5 parser (html5ever through
/// scraper): the text of `<article>` (or `<main>`, or `<body>`), without
/// scripts, styles, navigation, headers, footers, forms and elements whose
/// class or id marks boilerplate; block elements end lines. The title is the
/// `<title>`, else the first `<h1>`.
fn html_text(raw: &str) -> (String, Option<String>) {
    let html = scraper::Html::parse_document(&limit_nesting(raw, MAX_HTML_DEPTH));
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
    #[test]
    fn markup_nested_past_the_limit_loses_its_deeper_tags_but_not_its_text() {
        let nested = |depth: usize| {
            let mut s = String::from("<body><p>Top.</p>");
            for i in 0..depth {
                s.push_str(&format!("<div class=\"x\">{i} "));
            }
            s.push_str("<!-- <div> --><script>if (a <div) {}</script>Deep.");
            s.push_str(&"</div>".repeat(depth));
            s.push_str("<p>End.</p></body>");
            s
        };
        let shallow = nested(7);
        assert!(matches!(
            super::limit_nesting(&shallow, 8),
            std::borrow::Cow::Borrowed(_)
        ));
        let deep = nested(20);
        let limited = super::limit_nesting(&deep, 8);
        // body and 7 divs are kept, the 13 divs below them and their ends go
        // (the comment and the script keep theirs).
        assert_eq!(limited.matches("<div").count(), 7 + 2, "{limited}");
        assert_eq!(limited.matches("</div>").count(), 7, "{limited}");
        for i in 0..20 {
            assert!(limited.contains(&format!("{i} ")), "{limited}");
        }
        assert!(limited.contains("Deep.") && limited.contains("<p>End.</p></body>"));
        let (text, _) = super::html_text(&nested(2_000));
        let lines: Vec<&str> = text.lines().collect();
        // Lines for the divs kept; the text of the deeper ones on one line.
        assert_eq!(lines[..3], ["Top.", "0", "1"]);
        assert_eq!(lines.len(), 513, "{:?}", &lines[505..]);
        let words: Vec<&str> = lines[511].split(' ').collect();
        assert_eq!(words.len(), 2_000 - 510 + 1, "{:?}", &words[..5]);
        assert_eq!(lines[512], "End.");
    }

    use super::*;

    #[test]
    fn jsonl_lines_are_documents_or_named_errors() {
        let corpus = "{\"text\": \"A.\", \"url\": \"u\", \"title\": \"T\"}\n\n[1]\n{\"text\": \"B.\", \"id\": 7, \"published\": \"2020-02-03\"}\n";
        let read: Vec<_> = jsonl(corpus.as_bytes(), "c.jsonl").collect();
        assert_eq!(read.len(), 3, "the blank line is skipped");
        let a = read[0].as_ref().unwrap();
        assert_eq!(
            (a.text.as_str(), a.source.as_str(), a.title.as_deref()),
            ("A.", "u", Some("T"))
        );
        let e = read[1].as_ref().unwrap_err().to_string();
        assert!(e.starts_with("c.jsonl:3: not a JSON object"), "{e}");
        let b = read[2].as_ref().unwrap();
        assert_eq!(b.source, "7");
        assert_eq!(
            b.published.map(|d| d.to_string()).as_deref(),
            Some("2020-02-03")
        );
        assert_eq!(extension(Path::new("x/a.TXT.gz")), "txt");
        assert_eq!(extension(Path::new("news.jsonl")), "jsonl");
    }

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
