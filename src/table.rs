//! Tables for people: columns two spaces apart under a header and a rule of
//! dashes, each column as wide as its widest cell as a terminal shows it
//! (comfy-table measures display width, so accented, CJK and emoji names
//! line up), no spaces at the ends of lines.

use std::io::{self, Write};

use comfy_table::{ColumnConstraint, ContentArrangement, ContentLineStyle, Table, TableStyle};

/// Writes `rows` under `header`.
pub(crate) fn write_table(
    out: &mut impl Write,
    header: &[String],
    rows: &[Vec<String>],
) -> io::Result<()> {
    if header.is_empty() {
        // No columns (`SELECT * WHERE {}`): an empty header, rule and rows.
        return (0..rows.len() + 2).try_for_each(|_| writeln!(out));
    }
    let mut table = Table::new();
    table
        .load_style(
            TableStyle::new()
                .header_lines(ContentLineStyle::none().junction(' '))
                .content_lines(ContentLineStyle::none().junction(' ')),
        )
        .set_content_arrangement(ContentArrangement::Disabled)
        .set_header(header.to_vec())
        .add_rows(rows.iter().cloned());
    for column in table.column_iter_mut() {
        column.set_padding((0, 1));
        column.set_constraint(ColumnConstraint::ContentWidth);
    }
    let widths = table.column_max_content_widths();
    let rule: Vec<String> = widths.iter().map(|w| "-".repeat(usize::from(*w))).collect();
    for (i, line) in table.lines().enumerate() {
        writeln!(out, "{}", line.trim_end())?;
        if i == 0 {
            writeln!(out, "{}", rule.join("  "))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_line_up_under_a_rule_by_display_width() {
        let header = ["name".to_owned(), "n".to_owned()];
        let rows = vec![
            vec!["Zürich".to_owned(), "12".to_owned()],
            vec!["東京".to_owned(), "3".to_owned()],
        ];
        let mut out = Vec::new();
        write_table(&mut out, &header, &rows).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(
            text, "name    n\n------  --\nZürich  12\n東京    3\n",
            "{text}"
        );
    }
}
