//! Pathological input, at 1x, 10x and 100x its size: time and peak heap of
//! reading and extracting it into RDF, so time or memory that grows faster
//! than the input shows as a rising per-MB figure (printed, not a timed test).
//!
//! `cargo bench --bench pathological` (add a case's name to run only the
//! cases whose name contains it). The 100x sizes are those the reliability
//! issue names: a 50 MB file with no newline, 100,000 capitalized words in
//! a row, HTML nested 100,000 deep, a document of 10,000 repeated sentences,
//! 100,000 one-line documents; and text full of control characters,
//! zero-width and bidirectional marks, and emoji. And for the parser (which
//! reads every sentence here, `--parse all`): one sentence of 5,000 words
//! (500,000 at 100x), one word repeated 10,000 times (a million), and a
//! table of numbers of 1,000 rows (100,000).

// A bench is a program whose output is its figures.
#![allow(clippy::print_stdout, clippy::unwrap_used, clippy::expect_used)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use kgraph_extract::syntax::Parsing;
use kgraph_extract::{extract_with, Settings};
use kgraph_rdf::Minter;

/// The system allocator, counting the bytes in use and their peak.
struct Counting;

static IN_USE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's layout goes to the system allocator unchanged.
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let now = IN_USE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` was allocated above with this layout.
        unsafe { System.dealloc(ptr, layout) };
        IN_USE.fetch_sub(layout.size(), Ordering::Relaxed);
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// A deterministic stream of words (xorshift), so runs compare.
struct Words(u64);

impl Words {
    fn next(&mut self) -> &'static str {
        const WORDS: &[&str] = &[
            "the",
            "minister",
            "said",
            "on",
            "monday",
            "that",
            "talks",
            "with",
            "rebels",
            "in",
            "the",
            "north",
            "would",
            "resume",
            "after",
            "an",
            "election",
            "council",
            "vote",
            "police",
            "army",
            "party",
            "leader",
            "president",
            "bank",
            "union",
            "summit",
        ];
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        WORDS[(self.0 % WORDS.len() as u64) as usize]
    }

    fn capitalized(&mut self) -> String {
        let w = self.next();
        let mut c = w.chars();
        c.next()
            .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
            .unwrap_or_default()
    }
}

const SENTENCE: &str = "Venezuelan Interior Minister Diosdado Cabello met United Nations envoy Michelle Bachelet in Caracas on Monday. ";

/// The cases: a name, and the input at a scale (1, 10 or 100) as a file's
/// bytes with its extension, or as JSON Lines.
enum Input {
    File(Vec<u8>, &'static str),
    Jsonl(Vec<u8>),
}

fn no_newline(scale: usize) -> Input {
    // 500 KB at 1x: words and spaces, one line, no sentence end.
    let mut w = Words(1);
    let mut s = String::new();
    while s.len() < 500_000 * scale {
        s.push_str(w.next());
        s.push(' ');
    }
    Input::File(s.into_bytes(), "txt")
}

fn capitalized(scale: usize) -> Input {
    let mut w = Words(2);
    let words: Vec<String> = (0..1_000 * scale).map(|_| w.capitalized()).collect();
    Input::File(words.join(" ").into_bytes(), "txt")
}

fn nested_html(scale: usize) -> Input {
    let depth = 1_000 * scale;
    let mut s = String::from("<html><body>");
    for i in 0..depth {
        s.push_str(if i % 2 == 0 { "<div>" } else { "<span>" });
        if i % 100 == 0 {
            s.push_str(SENTENCE);
        }
    }
    for i in (0..depth).rev() {
        s.push_str(if i % 2 == 0 { "</div>" } else { "</span>" });
    }
    s.push_str("</body></html>");
    Input::File(s.into_bytes(), "html")
}

fn control_characters(scale: usize) -> Input {
    // Every control character but NUL (a binary file) between the words.
    let mut s = String::new();
    for i in 0..1_000 * scale {
        s.push_str(SENTENCE);
        s.push(char::from(1 + (i % 31) as u8));
        s.push('\u{7f}');
        s.push('\u{85}');
    }
    Input::File(s.into_bytes(), "txt")
}

fn invisible_marks(scale: usize) -> Input {
    // Zero-width and bidirectional marks inside and between names.
    const MARKS: &[char] = &[
        '\u{200b}', '\u{200c}', '\u{200d}', '\u{2060}', '\u{feff}', '\u{200e}', '\u{200f}',
        '\u{202a}', '\u{202b}', '\u{202c}', '\u{202d}', '\u{202e}', '\u{2066}', '\u{2067}',
        '\u{2068}', '\u{2069}',
    ];
    let mut s = String::new();
    for i in 0..1_000 * scale {
        for (j, c) in SENTENCE.chars().enumerate() {
            s.push(c);
            if (i + j) % 7 == 0 {
                s.push(MARKS[(i + j) % MARKS.len()]);
            }
        }
    }
    Input::File(s.into_bytes(), "txt")
}

fn emoji(scale: usize) -> Input {
    const EMOJI: &[&str] = &["😀", "🇺🇸", "👩‍👩‍👧‍👦", "🏳️‍🌈", "👍🏽", "🔥", "∑", "𝔘𝔫𝔦𝔬𝔫"];
    let mut s = String::new();
    for i in 0..1_000 * scale {
        s.push_str(SENTENCE);
        s.push_str(EMOJI[i % EMOJI.len()]);
        s.push_str(EMOJI[(i + 3) % EMOJI.len()]);
        s.push(' ');
    }
    Input::File(s.into_bytes(), "txt")
}

fn repeated_sentences(scale: usize) -> Input {
    Input::File(SENTENCE.repeat(100 * scale).into_bytes(), "txt")
}

fn long_sentence(scale: usize) -> Input {
    // One sentence of 5,000 words at 1x (commas, no period but the last).
    let mut w = Words(3);
    let mut s = String::new();
    for i in 0..5_000 * scale {
        s.push_str(w.next());
        s.push_str(if i % 9 == 8 { ", " } else { " " });
    }
    s.push('.');
    Input::File(s.into_bytes(), "txt")
}

fn one_word(scale: usize) -> Input {
    Input::File("buffalo ".repeat(10_000 * scale).into_bytes(), "txt")
}

fn number_table(scale: usize) -> Input {
    // Rows of figures with a capitalized label, as a pasted table.
    let mut s = String::new();
    for i in 0..1_000 * scale {
        s.push_str(&format!(
            "Row {i} {} {}.{} {},{:03} -{} {}%\n",
            i * 7 % 1000,
            i % 97,
            i % 10,
            i % 50,
            i % 1000,
            i % 13,
            i % 100
        ));
    }
    Input::File(s.into_bytes(), "txt")
}

fn one_line_documents(scale: usize) -> Input {
    let mut s = String::new();
    for i in 0..1_000 * scale {
        s.push_str(&format!(
            "{{\"id\":\"d{i}\",\"text\":\"President Joe Biden met Angela Merkel in Berlin on day {i}.\"}}\n"
        ));
    }
    Input::Jsonl(s.into_bytes())
}

/// Reads and extracts `input`, parsing every sentence: documents and quads
/// made.
fn run(input: &Input) -> (usize, usize) {
    let minter = Minter::default();
    let settings = Settings {
        parse: Parsing::All,
        ..Settings::default()
    };
    let quads = |doc: &kgraph_extract::Document| {
        let x = extract_with(doc, settings);
        kgraph_rdf::rdf::to_quads(&x, &minter, Some("2026-01-01T00:00:00Z")).len()
    };
    match input {
        Input::File(bytes, ext) => {
            let doc = kgraph_extract::input::parse(bytes, "bench", ext).expect("a document");
            (1, quads(&doc))
        }
        Input::Jsonl(bytes) => kgraph_extract::input::jsonl(&bytes[..], "bench.jsonl")
            .map(|d| quads(&d.expect("a document")))
            .fold((0, 0), |(d, q), n| (d + 1, q + n)),
    }
}

fn main() {
    let only = std::env::args()
        .skip(1)
        .find(|a| !a.starts_with('-'))
        .unwrap_or_default();
    type Case = (&'static str, fn(usize) -> Input);
    let cases: &[Case] = &[
        ("no-newline", no_newline),
        ("capitalized-words", capitalized),
        ("nested-html", nested_html),
        ("control-characters", control_characters),
        ("zero-width-and-bidi", invisible_marks),
        ("emoji", emoji),
        ("repeated-sentences", repeated_sentences),
        ("one-line-documents", one_line_documents),
        ("long-sentence", long_sentence),
        ("one-word-repeated", one_word),
        ("number-table", number_table),
    ];
    // The lexicons and the tagger load on first use: not part of any case.
    run(&repeated_sentences(1));
    println!(
        "{:<20} {:>5} {:>10} {:>9} {:>9} {:>10} {:>11} {:>9}",
        "case", "scale", "input MB", "docs", "quads", "seconds", "s per MB", "peak MB"
    );
    for (name, make) in cases.iter().filter(|(n, _)| n.contains(&only)) {
        for scale in [1, 10, 100] {
            let input = make(scale);
            let size = match &input {
                Input::File(b, _) | Input::Jsonl(b) => b.len(),
            };
            let base = IN_USE.load(Ordering::Relaxed);
            PEAK.store(base, Ordering::Relaxed);
            let started = Instant::now();
            let (docs, quads) = run(&input);
            let seconds = started.elapsed().as_secs_f64();
            let peak = PEAK.load(Ordering::Relaxed).saturating_sub(base);
            let mb = size as f64 / 1e6;
            println!(
                "{name:<20} {scale:>4}x {mb:>10.2} {docs:>9} {quads:>9} {seconds:>10.3} {:>11.3} {:>9.1}",
                seconds / mb,
                peak as f64 / 1e6
            );
        }
    }
}
