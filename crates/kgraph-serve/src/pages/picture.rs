//! Pictures: quads drawn by Graphviz (`dot -Tsvg`) from kgraph's DOT, inline
//! in the page. The DOT's legend (every class, taller than a small graph) is
//! taken out of the drawing and shown under it as one line of HTML, with
//! only the classes drawn.

use std::io::Write;
use std::process::{Command, Stdio};

use oxigraph::model::Quad;

use crate::reply::escape;

/// `quads` (entities with their types and labels, relations, actions) as
/// an inline SVG with its legend, or a note saying why there is none.
pub(crate) fn draw(quads: &[Quad]) -> String {
    let dot = match kgraph_rdf::dot::write_dot(quads, None, Vec::new()) {
        Ok(dot) => String::from_utf8_lossy(&dot).into_owned(),
        Err(e) => {
            return format!(
                "<p class=\"muted\">No picture: {}.</p>",
                escape(&e.to_string())
            )
        }
    };
    let (dot, legend) = split_legend(&dot);
    if !dot.contains(" -> ") && dot.matches("fillcolor=").count() < 2 {
        return "<p class=\"muted\">No picture: nothing links to it.</p>".to_owned();
    }
    match render(&dot) {
        Ok(svg) => format!("<div class=\"picture\">{svg}</div>{legend}"),
        Err(why) => format!("<p class=\"muted\">No picture: {why}.</p>"),
    }
}

/// The DOT without its legend cluster, and the legend as HTML: a swatch
/// for each class a node of the drawing has, and the action arrow if one
/// is drawn.
fn split_legend(dot: &str) -> (String, String) {
    let mut kept = String::new();
    let mut classes: Vec<(String, String)> = Vec::new();
    let mut in_legend = false;
    for line in dot.lines() {
        let t = line.trim();
        if t.starts_with("subgraph cluster_legend") {
            in_legend = true;
            continue;
        }
        if in_legend {
            if t == "}" {
                in_legend = false;
            } else if let Some(rest) = t.strip_prefix("\"legend:") {
                let name = rest.split('"').next().unwrap_or_default().to_owned();
                let colour = rest
                    .split("fillcolor=\"")
                    .nth(1)
                    .and_then(|c| c.split('"').next())
                    .unwrap_or_default()
                    .to_owned();
                classes.push((name, colour));
            }
            continue;
        }
        kept.push_str(line);
        kept.push('\n');
    }
    let mut legend = String::from("<div class=\"legend\">");
    for (name, colour) in &classes {
        let drawn = kept
            .lines()
            .any(|l| !l.contains(" -> ") && l.contains(&format!("fillcolor=\"{colour}\"")));
        if drawn {
            legend.push_str(&format!(
                "<span><i style=\"background:{}\"></i>{}</span>",
                escape(colour),
                escape(name)
            ));
        }
    }
    if kept.contains("style=dashed") {
        legend.push_str("<span><i class=\"action\"></i>action</span>");
    }
    if kept
        .lines()
        .any(|l| l.contains(" -> ") && !l.contains("style=dashed"))
    {
        legend.push_str("<span><i class=\"action\" style=\"border-top-style:solid;border-color:#333\"></i>relation</span>");
    }
    legend.push_str("</div>");
    (kept, legend)
}

/// The SVG Graphviz draws for `dot`, without its XML prologue.
fn render(dot: &str) -> Result<String, &'static str> {
    let mut child = Command::new("dot")
        .arg("-Tsvg")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|_| "Graphviz (<code>dot</code>) is not installed on the server")?;
    if let Some(mut stdin) = child.stdin.take() {
        let _ = stdin.write_all(dot.as_bytes());
    }
    match child.wait_with_output() {
        Ok(out) if out.status.success() => {
            let svg = String::from_utf8_lossy(&out.stdout);
            svg.find("<svg")
                .map(|i| svg[i..].to_owned())
                .ok_or("Graphviz drew nothing")
        }
        _ => Err("Graphviz failed to draw it"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_legend_leaves_the_drawing_and_names_only_what_is_drawn() {
        let dot = "digraph kgraph {\n  subgraph cluster_legend {\n    label=\"Legend\";\n    \
                   \"legend:Person\" [label=\"Person\", shape=ellipse, fillcolor=\"#fde0c5\"];\n    \
                   \"legend:Country\" [label=\"Country\", shape=doubleoctagon, fillcolor=\"#c7e9c0\"];\n  }\n  \
                   \"a\" [label=\"A\", shape=ellipse, fillcolor=\"#fde0c5\"];\n  \
                   \"b\" [label=\"B\", shape=ellipse, fillcolor=\"#fde0c5\"];\n  \
                   \"a\" -> \"b\" [label=\"meet\", style=dashed];\n}\n";
        let (kept, legend) = split_legend(dot);
        assert!(!kept.contains("legend"), "{kept}");
        assert!(kept.contains("\"a\" -> \"b\""));
        assert!(
            legend.contains("Person") && legend.contains(">action<"),
            "{legend}"
        );
        assert!(
            !legend.contains("Country") && !legend.contains("relation"),
            "{legend}"
        );
    }
}
