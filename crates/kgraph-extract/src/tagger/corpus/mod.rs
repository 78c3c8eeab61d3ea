//! Training and test corpora for the tagger, and conlleval-style scoring.
//!
//! Three on-disk formats are read, told apart by the first token line:
//!
//! - **CoNLL-U** (10 columns) with GUM-style coreference brackets in MISC
//!   (`Entity=(12-person-...`). Mentions of a person, place, organization or
//!   event whose syntactic head is a proper noun become flat NER spans: each
//!   is cut down to its name proper (no leading determiner or lowercase
//!   modifier, apposition, relative clause, coordinated name, set-off or
//!   locative phrase, person's `of` phrase, possessive `'s`), and the
//!   outermost of overlapping names is kept. The Wikipedia identity alone does
//!   not make a mention a name: GUM puts it on every mention of the entity,
//!   pronouns and descriptions included.
//! - **UNER IOB2** (5 columns: index, token, tag, `-`, annotator) with `#`
//!   comment lines.
//! - **CrossNER** (2 columns: token, tag) without comment lines.
//!
//! Sentences are separated by blank lines. Corpus entity types are mapped to
//! [`Label`] with [`Label::from_corpus`]; other types are dropped.

use std::path::Path;

/// Reads a corpus file, detecting its format from its content; a name ending
/// in ".gz" is gunzipped transparently.
pub fn read(path: &Path) -> Result<Vec<Sentence>, CorpusError> {
    let text = crate::input::read_text(path).map_err(|source| CorpusError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    parse(&text, &path.display().to_string())
}

/// Parses a corpus already in memory, detecting its format from its content
/// (`name` is used in error messages).
pub fn parse(text: &str, name: &str) -> Result<Vec<Sentence>, CorpusError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lines: Vec<Line<'_>> = text
        .lines()
        .enumerate()
        .map(|(i, text)| Line {
            number: i + 1,
            text: text.strip_suffix('\r').unwrap_or(text),
        })
        .collect();
    let Some(format) = detect(&lines, name)? else {
        return Ok(Vec::new());
    };
    let blocks = split_blocks(&lines, format != Format::CrossNer);
    match format {
        Format::Conllu => conllu::sentences(&blocks, name),
        Format::Uner => iob::sentences(&blocks, name, Format::Uner),
        Format::CrossNer => iob::sentences(&blocks, name, Format::CrossNer),
    }
}

mod conllu;
mod iob;
mod layout;
mod score;
mod types;

use layout::{detect, split_blocks, Format, Line};
pub use score::{score, Score};
pub use types::{CorpusError, Label, Sentence, Span};

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn span(first: usize, end: usize, label: Label) -> Span {
        Span { first, end, label }
    }

    fn words(sentence: &Sentence) -> Vec<&str> {
        sentence.words.iter().map(String::as_str).collect()
    }

    #[test]
    fn labels_map_corpus_types() {
        assert_eq!(Label::from_corpus("Politician"), Some(Label::Per));
        assert_eq!(Label::from_corpus("PER"), Some(Label::Per));
        assert_eq!(Label::from_corpus("politicalparty"), Some(Label::Org));
        assert_eq!(Label::from_corpus("organization"), Some(Label::Org));
        assert_eq!(Label::from_corpus("GPE"), Some(Label::Loc));
        assert_eq!(Label::from_corpus("place"), Some(Label::Loc));
        assert_eq!(Label::from_corpus("election"), Some(Label::Event));
        for dropped in ["misc", "OTH", "time", "abstract", "object", "O", ""] {
            assert_eq!(Label::from_corpus(dropped), None, "{dropped}");
        }
        let names: Vec<&str> = Label::ALL.iter().map(|l| l.as_str()).collect();
        assert_eq!(names, ["PER", "ORG", "LOC", "EVENT"]);
    }

    const UNER: &str = "# newdoc id = doc-a\n\
# sent_id = doc-a-0001\n\
# text = What is this Miramar ?\n\
1\tWhat\tO\t-\t-\n\
2\tis\tO\t-\t-\n\
3\tNew\tB-LOC\t-\tstephen\n\
4\tYork\tI-LOC\t-\tstephen\n\
5\tJohn\tI-PER\t-\tstephen\n\
6\tSmith\tI-PER\t-\tstephen\n\
7\tIraqi\tB-OTH\t-\tstephen\n\
8\tUN\tB-ORG\t-\tstephen\n\
9\tAgency\tB-ORG\t-\tstephen\n\
\n\
# sent_id = doc-a-0002\n\
1\tHi\tO\t-\t-\n\
\n\
# newdoc id = doc-b\n\
# sent_id = doc-b-0001\n\
1\tParis\tB-LOC\t-\t-";

    #[test]
    fn uner_iob2() {
        let sentences = parse(UNER, "uner").unwrap();
        assert_eq!(sentences.len(), 3);
        let first = &sentences[0];
        assert_eq!(words(first)[..4], ["What", "is", "New", "York"]);
        assert_eq!(first.doc.as_deref(), Some("doc-a"));
        assert_eq!(
            first.spans,
            [
                span(2, 4, Label::Loc),
                span(4, 6, Label::Per), // I- without B- starts a span
                span(7, 8, Label::Org),
                span(8, 9, Label::Org),
            ]
        );
        assert_eq!(sentences[1].doc.as_deref(), Some("doc-a"));
        assert!(sentences[1].spans.is_empty());
        // The final sentence has no trailing blank line.
        assert_eq!(sentences[2].doc.as_deref(), Some("doc-b"));
        assert_eq!(sentences[2].spans, [span(0, 1, Label::Loc)]);
    }

    #[test]
    fn uner_without_newdoc_has_no_doc() {
        let sentences = parse("# sent_id = x\n1\tHi\tO\t-\t-\n", "uner").unwrap();
        assert_eq!(sentences.len(), 1);
        assert_eq!(sentences[0].doc, None);
    }

    #[test]
    fn wrong_column_count_names_the_line() {
        let text = "# sent_id = x\n1\tHi\tO\t-\t-\n2\tthere\tO\n";
        match parse(text, "bad.iob2") {
            Err(CorpusError::Format {
                path,
                line,
                message,
            }) => {
                assert_eq!(path, "bad.iob2");
                assert_eq!(line, 3);
                assert!(message.contains("expected 5"), "{message}");
            }
            other => panic!("expected a format error, got {other:?}"),
        }
        let err = parse("a\tb\tc\n", "x").unwrap_err();
        assert!(err.to_string().starts_with("x:1: "), "{err}");
    }

    #[test]
    fn bad_tag_is_a_format_error() {
        let err = parse("Hi\tX-PER\n", "c.txt").unwrap_err();
        assert!(matches!(err, CorpusError::Format { line: 1, .. }), "{err}");
    }

    const CROSSNER: &str = "At\tO\nthe\tO\n2001\tB-election\nItalian\tI-election\n\
election\tI-election\nthe\tO\nGreens\tB-misc\nformed\tO\nThe\tB-politicalparty\n\
Sunflower\tI-politicalparty\n.\tO\n\n\n#\tO\nObama\tB-politician\nmet\tO\n\
Merkel\tB-person\nin\tO\nFrance\tB-country\nand\tO\nthe\tO\nUN\tB-organisation\n\
at\tO\nCOP\tB-event\n21\tI-event\n.\tO\n";

    #[test]
    fn crossner() {
        let sentences = parse(CROSSNER, "crossner").unwrap();
        assert_eq!(sentences.len(), 2);
        assert_eq!(
            sentences[0].spans,
            [span(2, 5, Label::Event), span(8, 10, Label::Org)]
        );
        assert_eq!(sentences[0].doc, None);
        // A "#" token is a token, not a comment.
        assert_eq!(words(&sentences[1])[..2], ["#", "Obama"]);
        assert_eq!(
            sentences[1].spans,
            [
                span(1, 2, Label::Per),
                span(3, 4, Label::Per),
                span(5, 6, Label::Loc),
                span(8, 9, Label::Org),
                span(10, 12, Label::Event),
            ]
        );
    }

    #[test]
    fn crossner_i_of_another_type_starts_a_span() {
        let sentences = parse("A\tB-politician\nB\tI-person\nC\tI-misc\n", "c").unwrap();
        assert_eq!(
            sentences[0].spans,
            [span(0, 1, Label::Per), span(1, 2, Label::Per)]
        );
    }

    #[test]
    fn blank_lines_and_empty_input() {
        assert!(parse("", "e").unwrap().is_empty());
        assert!(parse("\n\n# only a comment\n", "e").unwrap().is_empty());
        let sentences = parse("\n\na\tO\r\nb\tO\r\n\r\n\r\nc\tO", "crlf").unwrap();
        assert_eq!(sentences.len(), 2);
        assert_eq!(words(&sentences[0]), ["a", "b"]);
    }

    /// Builds CoNLL-U text from rows of "ID FORM UPOS HEAD DEPREL MISC"
    /// (space-separated); blank and `#` lines are kept as they are.
    fn conllu(rows: &str) -> String {
        let mut out = String::new();
        for row in rows.lines().map(str::trim) {
            let f: Vec<&str> = row.split_whitespace().collect();
            if row.is_empty() || row.starts_with('#') {
                out.push_str(row);
            } else {
                let [id, form, upos, head, deprel, misc] = f[..] else {
                    panic!("bad fixture row {row:?}");
                };
                out.push_str(&format!(
                    "{id}\t{form}\t_\t{upos}\t_\t_\t{head}\t{deprel}\t_\t{misc}"
                ));
            }
            out.push('\n');
        }
        out
    }

    /// Three GUM-style sentences with nested, reused, one-token, pronoun and
    /// descriptive mentions, a multiword token and an empty node.
    fn gum_fixture() -> String {
        conllu(
            "# newdoc id = GUM_news_test
            # global.Entity = GRP-etype-infstat-salience-centering-minspan-link-identity
            # sent_id = GUM_news_test-1
            1 The DET 2 det Entity=(1-organization-new-nnnnn-cf3-3-sgl-University_of_Portsmouth
            2 University PROPN 8 nsubj _
            3 of ADP 4 case _
            4 Portsmouth PROPN 2 nmod Entity=(2-place-new-nnnnn-cf4-3-sgl-Portsmouth
            5 , PUNCT 7 punct _
            6 United VERB 7 amod Entity=(3-place-new-nnnnn-cf5-1,2-coref-United_Kingdom
            7 Kingdom PROPN 4 appos Entity=3)2)1)
            8 hired VERB 0 root _
            9-10 Dr.Smith _ _ _ _
            9 Dr. PROPN 10 compound Entity=(4-person-new-nnnnn-cf1-2-coref
            10 Smith PROPN 8 obj Entity=4)
            10.1 hired VERB _ _ _
            11 . PUNCT 8 punct _

            # sent_id = GUM_news_test-2
            1 the DET 2 det Entity=(5-person-new-nnnnn-cf1-2-coref-Emmanuel_Macron
            2 president NOUN 5 nsubj _
            3 of ADP 4 case _
            4 France PROPN 2 nmod Entity=(6-place-giv-nnnnn-cf2-1-coref-France)5)
            5 met VERB 0 root _
            6 him PRON 5 obj Entity=(7-person-giv-nnnnn-cf1-1-coref-Boris_Johnson)
            7 in ADP 9 case _
            8 the DET 9 det Entity=(6-place-new-nnnnn-cf3-2-sgl
            9 Ritz PROPN 5 obl Entity=6)|SpaceAfter=No

            # newdoc id = GUM_bio_x
            # sent_id = GUM_bio_x-1
            1 Tuesday PROPN 0 root Entity=(8-time-new-nnnnn-cf1-1-sgl)",
        )
    }

    #[test]
    fn gum_conllu_nested_mentions() {
        let sentences = parse(&gum_fixture(), "gum").unwrap();
        assert_eq!(sentences.len(), 3);
        let first = &sentences[0];
        assert_eq!(first.doc.as_deref(), Some("GUM_news_test"));
        // The multiword token and the empty node are skipped.
        assert_eq!(words(first).len(), 11);
        assert_eq!(words(first)[8], "Dr.");
        // The organization loses its DET and its apposition, which frees the
        // nested "United Kingdom"; "Portsmouth" stays inside the organization.
        assert_eq!(
            first.spans,
            [
                span(1, 4, Label::Org),
                span(5, 7, Label::Loc),
                span(8, 10, Label::Per)
            ]
        );
        // "the president of France" and "him" carry identities but are not
        // names; "the Ritz" reuses id 6 and loses its DET.
        let second = &sentences[1];
        assert_eq!(
            second.spans,
            [span(3, 4, Label::Loc), span(8, 9, Label::Loc)]
        );
        assert_eq!(sentences[1].doc.as_deref(), Some("GUM_news_test"));
        assert_eq!(sentences[2].doc.as_deref(), Some("GUM_bio_x"));
        assert!(sentences[2].spans.is_empty(), "time is not a label");
    }

    #[test]
    fn gum_names_lose_clauses_and_coordinations() {
        let text = conllu(
            "1 Jacob PROPN 6 nsubj Entity=(1-person-new-x-y-1-coref-Jacob_Bernoulli
            2 Bernoulli PROPN 1 flat _
            3 , PUNCT 4 punct _
            4 who PRON 5 nsubj _
            5 taught VERB 1 acl:relcl Entity=1)
            6 met VERB 0 root _
            7 North PROPN 6 obj Entity=(2-person-new-x-y-1-coref(3-person-new-x-y-1-coref-Douglass_North)
            8 and CCONJ 9 cc _
            9 Coase PROPN 7 conj Entity=(4-person-new-x-y-1-coref-Ronald_Coase)2)
            10 in ADP 11 case _
            11 Paris PROPN 6 obl Entity=(5-place-new-x-y-1-sgl)",
        );
        let sentences = parse(&text, "gum").unwrap();
        assert_eq!(
            sentences[0].spans,
            [
                span(0, 2, Label::Per),
                span(6, 7, Label::Per),
                span(8, 9, Label::Per),
                span(10, 11, Label::Loc)
            ]
        );
    }

    #[test]
    fn gum_nested_same_id_closes_innermost() {
        let text = conllu(
            "1 Anna PROPN 0 root Entity=(1-person-new-x-y-1-coref(1-person-giv-x-y-1-coref
            2 Lee PROPN 1 flat Entity=1)
            3 Smith PROPN 1 flat Entity=1)",
        );
        let sentences = parse(&text, "gum").unwrap();
        assert_eq!(sentences[0].spans, [span(0, 3, Label::Per)]);
        assert_eq!(sentences[0].doc, None);
    }

    #[test]
    fn gum_bracket_errors() {
        let err = parse(&conllu("1 x PROPN 0 root Entity=3)"), "gum").unwrap_err();
        assert!(matches!(err, CorpusError::Format { line: 1, .. }), "{err}");
        let unclosed = conllu(
            "1 x PROPN 0 root _
            2 y PROPN 1 flat Entity=(3-person-new",
        );
        let err = parse(&unclosed, "gum").unwrap_err();
        assert!(matches!(err, CorpusError::Format { line: 2, .. }), "{err}");
    }

    #[test]
    fn entity_brackets_and_layout() {
        use conllu::{brackets, Bracket, EntityLayout};
        assert_eq!(
            brackets("(4-abstract-x(5-object-y)4)3)").unwrap(),
            [
                Bracket::Open("4-abstract-x"),
                Bracket::Single("5-object-y"),
                Bracket::Close("4"),
                Bracket::Close("3"),
            ]
        );
        assert_eq!(brackets("").unwrap(), []);
        assert!(brackets("12").is_err());
        assert!(brackets("1(2-x)").is_err());
        assert!(EntityLayout::from_header("GRP-etype-infstat-identity").is_some());
        assert!(EntityLayout::from_header("GRP-infstat").is_none());
    }

    #[test]
    fn identity_with_hyphens_and_other_layouts() {
        // Identity is the last field, so it may hold hyphens; a foreign-word
        // (X) head counts as a name only with an identity.
        let text = conllu(
            "# global.Entity = GRP-infstat-etype-identity
            1 Gwadloup X 0 root Entity=(1-new-place-Guadeloupe-x)
            2 Mary NOUN 1 dep Entity=(2-new-person-Mary-Ann_Evans)
            3 Sinn X 1 dep Entity=(3-new-organization)",
        );
        let sentences = parse(&text, "gum").unwrap();
        assert_eq!(sentences[0].spans, [span(0, 1, Label::Loc)]);
    }

    #[test]
    fn gz_round_trip() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("corpus.conllu.gz");
        let mut encoder = flate2::write::GzEncoder::new(
            std::fs::File::create(&path).unwrap(),
            flate2::Compression::default(),
        );
        encoder.write_all(gum_fixture().as_bytes()).unwrap();
        encoder.finish().unwrap();
        let from_gz = read(&path).unwrap();
        assert_eq!(from_gz, parse(&gum_fixture(), "gum").unwrap());

        let plain = dir.path().join("dev.txt");
        std::fs::write(&plain, CROSSNER).unwrap();
        assert_eq!(read(&plain).unwrap().len(), 2);

        let missing = dir.path().join("missing.iob2");
        let err = read(&missing).unwrap_err();
        assert!(matches!(err, CorpusError::Io { .. }));
        assert!(err.to_string().contains("missing.iob2"), "{err}");
    }

    #[test]
    fn scores() {
        let gold = vec![
            vec![
                span(0, 2, Label::Per),
                span(3, 4, Label::Loc),
                span(5, 6, Label::Event),
            ],
            vec![span(0, 1, Label::Org)],
        ];
        let predicted = vec![
            vec![
                span(0, 2, Label::Per),
                span(3, 4, Label::Org),
                span(5, 6, Label::Event),
            ],
            vec![span(0, 2, Label::Org)],
        ];
        let labels = [Label::Per, Label::Org, Label::Loc];
        let (total, per_label) = score(&gold, &predicted, &labels);
        // EVENT is ignored on both sides.
        assert_eq!(
            total,
            Score {
                true_positives: 1,
                gold: 3,
                predicted: 3
            }
        );
        assert!((total.f1() - 1.0 / 3.0).abs() < 1e-12);
        let labels_out: Vec<Label> = per_label.iter().map(|(l, _)| *l).collect();
        assert_eq!(labels_out, labels);
        assert_eq!(
            per_label[0].1,
            Score {
                true_positives: 1,
                gold: 1,
                predicted: 1
            }
        );
        assert_eq!(per_label[1].1.true_positives, 0);
        assert_eq!(per_label[1].1.gold, 1);
        assert_eq!(per_label[1].1.predicted, 2);
        assert_eq!(per_label[2].1.recall(), 0.0);
        assert_eq!(per_label[2].1.precision(), 0.0);
    }

    #[test]
    fn score_edge_cases() {
        let empty = Score::default();
        assert_eq!(
            (empty.precision(), empty.recall(), empty.f1()),
            (0.0, 0.0, 0.0)
        );
        let s = Score {
            true_positives: 3,
            gold: 4,
            predicted: 6,
        };
        assert!((s.precision() - 0.5).abs() < 1e-12);
        assert!((s.recall() - 0.75).abs() < 1e-12);
        assert!((s.f1() - 0.6).abs() < 1e-12);
        // Duplicates count once; a missing sentence counts as empty.
        let gold = vec![vec![span(0, 1, Label::Per)]];
        let predicted = vec![
            vec![span(0, 1, Label::Per), span(0, 1, Label::Per)],
            vec![span(0, 1, Label::Loc)],
        ];
        let (total, _) = score(&gold, &predicted, &Label::ALL);
        assert_eq!(
            total,
            Score {
                true_positives: 1,
                gold: 1,
                predicted: 2
            }
        );
    }
}
