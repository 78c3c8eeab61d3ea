//! The house rules of the source tree (docs/architecture.md), checked on the
//! sources themselves:
//!
//! - no source file over 600 lines, its test module aside;
//! - no import cycle between source files: a file's imports are its `use`
//!   paths and the `crate::`, `super::` and child-module paths it names,
//!   each taken to the file of the deepest module it names;
//! - each crate depends only on the crates before it, and the extraction
//!   depends on no RDF or store crate.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The layers, in order: each may depend only on those before it.
const LAYERS: &[&str] = &[
    "kgraph-extract",
    "kgraph-rdf",
    "kgraph-store",
    "kgraph-serve",
    "kgraph",
];

/// The longest a source file may be, its test module aside.
const MAX_LINES: usize = 600;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Each crate's name and source directory.
fn crates() -> Vec<(String, PathBuf)> {
    let mut out = vec![("kgraph".to_owned(), root().join("src"))];
    for entry in std::fs::read_dir(root().join("crates")).unwrap() {
        let dir = entry.unwrap().path();
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        out.push((name, dir.join("src")));
    }
    out.sort();
    out
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The text before the file's test module (`#[cfg(test)]` then `mod tests`).
fn without_tests(text: &str) -> &str {
    let mut at = 0;
    while let Some(i) = text[at..].find("#[cfg(test)]") {
        let start = at + i;
        let rest = text[start + "#[cfg(test)]".len()..].trim_start();
        if rest.starts_with("mod tests") && text[..start].ends_with('\n') {
            return &text[..start];
        }
        at = start + 1;
    }
    text
}

/// The code without comments and string contents.
fn code_only(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '/' if chars.peek() == Some(&'/') => {
                for c in chars.by_ref() {
                    if c == '\n' {
                        out.push('\n');
                        break;
                    }
                }
            }
            '"' => {
                out.push('"');
                while let Some(c) = chars.next() {
                    match c {
                        '\\' => {
                            chars.next();
                        }
                        '"' => break,
                        _ => {}
                    }
                }
                out.push('"');
            }
            // A char literal ('"', '{') is skipped; a lifetime ('a) is kept.
            '\'' => {
                let mut look = chars.clone();
                let first = look.next();
                let literal = match first {
                    Some('\\') => true,
                    Some(_) => look.next() == Some('\''),
                    None => false,
                };
                if literal {
                    for c in chars.by_ref() {
                        if c == '\'' {
                            break;
                        }
                    }
                    out.push_str("' '");
                } else {
                    out.push('\'');
                }
            }
            _ => out.push(c),
        }
    }
    out
}

/// The module path of a file under its crate's `src` ([] for the root).
fn module_of(src: &Path, file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(src).unwrap().with_extension("");
    let mut parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    if parts == ["lib"] || parts == ["main"] {
        parts.clear();
    }
    parts
}

/// The file of a module, if it is a file.
fn file_of(src: &Path, module: &[String]) -> Option<PathBuf> {
    if module.is_empty() {
        return ["lib.rs", "main.rs"]
            .iter()
            .map(|f| src.join(f))
            .find(|p| p.exists());
    }
    let base = module.iter().fold(src.to_path_buf(), |p, m| p.join(m));
    [base.with_extension("rs"), base.join("mod.rs")]
        .into_iter()
        .find(|p| p.exists())
}

/// The file of the deepest module `path` names.
fn deepest(src: &Path, path: &[String]) -> Option<PathBuf> {
    let mut best = file_of(src, &[]);
    for n in 1..=path.len() {
        match file_of(src, &path[..n]) {
            Some(f) => best = Some(f),
            None => break,
        }
    }
    best
}

/// Expands a `use` tree ("a::{b, c::{d}}") into its paths.
fn expand_use(tree: &str) -> Vec<String> {
    let tree = tree
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace(", ", ",")
        .replace("{ ", "{")
        .replace(" }", "}")
        .replace(",}", "}");
    fn expand(prefix: &str, tree: &str, out: &mut Vec<String>) {
        let Some(open) = tree.find('{') else {
            out.push(format!("{prefix}{tree}"));
            return;
        };
        let head = &tree[..open];
        let inner = &tree[open + 1..tree.len().saturating_sub(1)];
        let (mut depth, mut start) = (0, 0);
        for (i, c) in inner.char_indices() {
            match c {
                '{' => depth += 1,
                '}' => depth -= 1,
                ',' if depth == 0 => {
                    expand(&format!("{prefix}{head}"), &inner[start..i], out);
                    start = i + 1;
                }
                _ => {}
            }
        }
        if start < inner.len() {
            expand(&format!("{prefix}{head}"), &inner[start..], out);
        }
    }
    let mut out = Vec::new();
    expand("", &tree, &mut out);
    out
}

/// The `a::b::c` paths in `code` that start with `crate`, `super` or
/// `self`, with where they are.
fn relative_paths(code: &str) -> Vec<(String, usize)> {
    let bytes = code.as_bytes();
    let mut out = Vec::new();
    for start in ["crate::", "super::", "self::"] {
        let mut at = 0;
        while let Some(i) = code[at..].find(start) {
            let begin = at + i;
            at = begin + start.len();
            if begin > 0 && (bytes[begin - 1].is_ascii_alphanumeric() || bytes[begin - 1] == b'_') {
                continue;
            }
            let end = code[begin..]
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == ':'))
                .map_or(code.len(), |e| begin + e);
            out.push((code[begin..end].trim_end_matches(':').to_owned(), begin));
        }
    }
    out
}

/// The files each file imports.
fn imports() -> BTreeMap<PathBuf, BTreeSet<PathBuf>> {
    let mut graph = BTreeMap::new();
    for (_, src) in crates() {
        let mut files = Vec::new();
        rust_files(&src, &mut files);
        for file in files {
            let module = module_of(&src, &file);
            let text = std::fs::read_to_string(&file).unwrap();
            let code = code_only(without_tests(&text));
            let children: Vec<String> = code
                .lines()
                .filter_map(|l| {
                    let l = l.trim();
                    let l = l.strip_prefix("pub(crate) ").unwrap_or(l);
                    let l = l.strip_prefix("pub ").unwrap_or(l);
                    l.strip_prefix("mod ")?.strip_suffix(';').map(str::to_owned)
                })
                .collect();
            // Inline modules (`mod kg { ... }`): their spans and names.
            let inline: Vec<(usize, usize, String)> = code
                .match_indices("mod ")
                .filter_map(|(i, _)| {
                    let rest = &code[i + 4..];
                    let name_end = rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))?;
                    let after = rest[name_end..].trim_start();
                    if !after.starts_with('{') || name_end == 0 {
                        return None;
                    }
                    let open = i + 4 + rest.len() - after.len();
                    let mut depth = 0;
                    let close = code[open..].char_indices().find_map(|(k, c)| {
                        match c {
                            '{' => depth += 1,
                            '}' => depth -= 1,
                            _ => {}
                        }
                        (depth == 0).then_some(open + k)
                    })?;
                    Some((open, close, rest[..name_end].to_owned()))
                })
                .collect();
            let module_at = |at: usize| -> Vec<String> {
                let mut m = module.clone();
                m.extend(
                    inline
                        .iter()
                        .filter(|(a, b, _)| *a <= at && at <= *b)
                        .map(|(_, _, n)| n.clone()),
                );
                m
            };
            let mut paths: Vec<(String, usize)> = Vec::new();
            let bytes = code.as_bytes();
            for (i, _) in code.match_indices("use ") {
                let word_start =
                    i == 0 || !(bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'_');
                if let (true, Some(end)) = (word_start, code[i..].find(';')) {
                    paths.extend(
                        expand_use(&code[i + 4..i + end])
                            .into_iter()
                            .map(|p| (p, i)),
                    );
                }
            }
            paths.extend(relative_paths(&code));
            for child in &children {
                if code.contains(&format!("{child}::")) {
                    paths.push((format!("self::{child}"), 0));
                }
            }
            let mut targets = BTreeSet::new();
            for (p, at) in paths {
                let module = module_at(at);
                let p = p.split(" as ").next().unwrap_or_default();
                let parts: Vec<String> = p
                    .split("::")
                    .filter(|s| !s.is_empty())
                    .map(str::to_owned)
                    .collect();
                let Some(first) = parts.first() else { continue };
                let target = match first.as_str() {
                    "crate" => deepest(&src, &parts[1..]),
                    "super" => {
                        let ups = parts.iter().take_while(|p| *p == "super").count();
                        let base = &module[..module.len().saturating_sub(ups)];
                        let rest: Vec<String> =
                            parts[ups..].iter().filter(|p| *p != "*").cloned().collect();
                        deepest(&src, &[base, &rest].concat())
                    }
                    "self" => deepest(&src, &[&module, &parts[1..]].concat()),
                    c if children.iter().any(|x| x == c) => {
                        deepest(&src, &[&module, &parts[..]].concat())
                    }
                    _ => None,
                };
                if let Some(t) = target.filter(|t| *t != file) {
                    targets.insert(t);
                }
            }
            graph.insert(file, targets);
        }
    }
    graph
}

/// A cycle of `graph`, if it has one.
fn cycle(graph: &BTreeMap<PathBuf, BTreeSet<PathBuf>>) -> Option<Vec<PathBuf>> {
    // 0: not seen, 1: on the path, 2: done.
    let mut state: BTreeMap<&PathBuf, u8> = BTreeMap::new();
    let mut path: Vec<&PathBuf> = Vec::new();
    fn visit<'a>(
        v: &'a PathBuf,
        graph: &'a BTreeMap<PathBuf, BTreeSet<PathBuf>>,
        state: &mut BTreeMap<&'a PathBuf, u8>,
        path: &mut Vec<&'a PathBuf>,
    ) -> Option<Vec<PathBuf>> {
        state.insert(v, 1);
        path.push(v);
        for w in graph.get(v).into_iter().flatten() {
            match state.get(w).copied().unwrap_or(0) {
                1 => {
                    let from = path.iter().position(|p| *p == w).unwrap_or(0);
                    return Some(path[from..].iter().map(|p| (*p).clone()).collect());
                }
                0 => {
                    if let Some(c) = visit(w, graph, state, path) {
                        return Some(c);
                    }
                }
                _ => {}
            }
        }
        path.pop();
        state.insert(v, 2);
        None
    }
    for v in graph.keys() {
        if state.get(v).copied().unwrap_or(0) == 0 {
            if let Some(c) = visit(v, graph, &mut state, &mut path) {
                return Some(c);
            }
        }
    }
    None
}

#[test]
fn no_source_file_is_over_600_lines_its_tests_aside() {
    let mut long = Vec::new();
    for (_, src) in crates() {
        let mut files = Vec::new();
        rust_files(&src, &mut files);
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap();
            let lines = without_tests(&text).lines().count();
            if lines > MAX_LINES {
                long.push(format!("{} ({lines} lines)", file.display()));
            }
        }
    }
    assert!(long.is_empty(), "over {MAX_LINES} lines: {long:?}");
}

#[test]
fn no_source_file_imports_itself_through_others() {
    let graph = imports();
    assert!(graph.len() > 50, "only {} files read", graph.len());
    // The reading finds the imports that a cycle would be made of.
    let mentions = root().join("crates/kgraph-extract/src/mentions");
    let scan = &graph[&mentions.join("scan.rs")];
    assert!(scan.contains(&mentions.join("finder.rs")), "{scan:?}");
    assert!(scan.contains(&mentions.join("types.rs")), "{scan:?}");
    let mod_rs = &graph[&mentions.join("mod.rs")];
    assert!(mod_rs.contains(&mentions.join("combine.rs")), "{mod_rs:?}");
    if let Some(c) = cycle(&graph) {
        let names: Vec<String> = c
            .iter()
            .map(|p| p.strip_prefix(root()).unwrap_or(p).display().to_string())
            .collect();
        panic!("an import cycle: {}", names.join(" -> "));
    }
}

#[test]
fn a_cycle_is_found_when_there_is_one() {
    let (a, b, c) = (PathBuf::from("a"), PathBuf::from("b"), PathBuf::from("c"));
    let mut graph = BTreeMap::from([
        (a.clone(), BTreeSet::from([b.clone()])),
        (b.clone(), BTreeSet::from([c.clone()])),
        (c.clone(), BTreeSet::new()),
    ]);
    assert_eq!(cycle(&graph), None);
    graph.get_mut(&c).unwrap().insert(a.clone());
    assert_eq!(cycle(&graph), Some(vec![a, b, c]));
    assert_eq!(
        expand_use("crate::{a::{b, c}, d as e}"),
        ["crate::a::b", "crate::a::c", "crate::d as e"]
    );
}

/// The `kgraph*` crates a package depends on (normal dependencies), and
/// whether it depends on Oxigraph.
fn dependencies(manifest: &Path) -> (Vec<String>, bool) {
    let text = std::fs::read_to_string(manifest).unwrap();
    let mut section = String::new();
    let (mut kgraph, mut oxigraph) = (Vec::new(), false);
    for line in text.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            section = line.to_owned();
            continue;
        }
        if section != "[dependencies]" {
            continue;
        }
        let name = line.split(['=', '.', ' ']).next().unwrap_or_default();
        if name.starts_with("kgraph") {
            kgraph.push(name.to_owned());
        }
        oxigraph |= name.starts_with("oxigraph") || name.starts_with("oxrocksdb");
    }
    (kgraph, oxigraph)
}

#[test]
fn each_crate_depends_only_on_the_layers_before_it() {
    let mut seen = 0;
    for (name, src) in crates() {
        let manifest = src.parent().unwrap().join("Cargo.toml");
        let (deps, oxigraph) = dependencies(&manifest);
        if name == "kgraph-testkit" {
            assert!(deps.is_empty(), "the testkit depends on {deps:?}");
            continue;
        }
        let at = LAYERS
            .iter()
            .position(|l| *l == name)
            .unwrap_or_else(|| panic!("{name} is in no layer"));
        for dep in &deps {
            let dep_at = LAYERS.iter().position(|l| l == dep);
            assert!(
                dep_at.is_some_and(|d| d < at),
                "{name} depends on {dep}, which is not before it"
            );
        }
        if name == "kgraph-extract" {
            assert!(!oxigraph, "kgraph-extract depends on Oxigraph");
        }
        seen += 1;
    }
    assert_eq!(seen, LAYERS.len());
}
