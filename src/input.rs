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

/// Reads one document from a file, or from standard input for `-`.
pub fn read(path: &Path) -> Result<Document, InputError> {
    let name = path.display().to_string();
    let bytes = if name == "-" {
        let mut buf = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin(), &mut buf).map_err(|source| {
            InputError::Io {
                path: name.clone(),
                source,
            }
        })?;
        buf
    } else {
        std::fs::read(path).map_err(|source| InputError::Io {
            path: name.clone(),
            source,
        })?
    };
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

/// HTML to plain text and title: scripts, styles, navigation, headers, footers
/// and forms dropped; block elements become line breaks; entities decoded.
fn html_text(raw: &str) -> (String, Option<String>) {
    const SKIP: &[&str] = &[
        "script", "style", "nav", "header", "footer", "form", "noscript", "aside", "template",
        "svg",
    ];
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
        "title",
    ];
    let mut out = String::new();
    let mut title: Option<String> = None;
    let mut h1: Option<String> = None;
    let mut skipping: Option<String> = None;
    let mut capture: Option<(String, String)> = None;
    let mut rest = raw;
    while let Some(lt) = rest.find('<') {
        let chunk = decode_entities(&rest[..lt]);
        if skipping.is_none() {
            if let Some((_, buf)) = &mut capture {
                buf.push_str(&chunk);
            }
            if capture.as_ref().is_none_or(|(t, _)| t != "title") {
                out.push_str(&chunk);
            }
        }
        let Some(gt) = rest[lt..].find('>').map(|g| lt + g) else {
            rest = "";
            break;
        };
        let tag = &rest[lt + 1..gt];
        rest = &rest[gt + 1..];
        if tag.starts_with("!--") {
            if let Some(end) = rest.find("-->") {
                rest = &rest[end + 3..];
            }
            continue;
        }
        let closing = tag.starts_with('/');
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        if let Some(s) = &skipping {
            if closing && *s == name {
                skipping = None;
            }
            continue;
        }
        if !closing && SKIP.contains(&name.as_str()) && !tag.ends_with('/') {
            skipping = Some(name);
            continue;
        }
        if matches!(name.as_str(), "title" | "h1") {
            if closing {
                if let Some((t, buf)) = capture.take() {
                    let text = buf.split_whitespace().collect::<Vec<_>>().join(" ");
                    if t == "title" && title.is_none() {
                        title = Some(text);
                    } else if t == "h1" && h1.is_none() {
                        h1 = Some(text);
                    }
                }
            } else {
                capture = Some((name.clone(), String::new()));
            }
        }
        if BLOCK.contains(&name.as_str()) {
            out.push('\n');
        }
    }
    out.push_str(&decode_entities(rest));
    let text = out
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n");
    (text, title.filter(|t| !t.is_empty()).or(h1))
}

fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let end = rest.find(';').filter(|&e| e <= 10);
        let decoded = end.and_then(|e| {
            let name = &rest[1..e];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some(' '),
                "rsquo" => Some('’'),
                "lsquo" => Some('‘'),
                "rdquo" => Some('”'),
                "ldquo" => Some('“'),
                "mdash" => Some('—'),
                "ndash" => Some('–'),
                _ => name
                    .strip_prefix("#x")
                    .or_else(|| name.strip_prefix("#X"))
                    .and_then(|h| u32::from_str_radix(h, 16).ok())
                    .or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()))
                    .and_then(char::from_u32),
            };
            c.map(|c| (c, e))
        });
        match decoded {
            Some((c, e)) => {
                out.push(c);
                rest = &rest[e + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
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
            <footer>Share this</footer></body></html>";
        let doc = parse(html.as_bytes(), "a.html", "html").unwrap();
        assert_eq!(doc.title.as_deref(), Some("Cabello speaks"));
        assert_eq!(doc.text, "Headline\nCabello & Maduro’s allies.");
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
