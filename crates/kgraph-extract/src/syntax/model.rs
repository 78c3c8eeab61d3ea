//! The shipped model: the tagger's and the parser's weights in one file,
//! `data/parser.model`, embedded in the program.

use std::sync::OnceLock;

use super::eval::{ParseScore, Tally};
use super::parser::{coarse_classes, Parser, Words, ALL_TEMPLATES, FAST_TEMPLATES};
use super::pos;
use super::treebank::{Tree, Word};
use super::weights::{self, read_names, take, write_names, Weights};

/// The tagger and parser, with the names of their classes.
pub struct Model {
    /// The tagger's classes, `UPOS\tXPOS`.
    pub(super) tags: Vec<String>,
    pub(super) tagger: Weights,
    /// The second pass, which sees the first pass's tags of the next words.
    pub(super) second: Weights,
    pub(super) parser: Parser,
    /// The UPOS of each tag class, for the parser.
    pub(super) coarse: Vec<u64>,
    /// The beam the parser was trained with and parses with (0: greedy).
    pub(super) beam: usize,
}

/// One word's analysis by [`Model::analyse`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Analysis {
    /// Its tag class: [`Model::tag_name`] gives its UPOS and XPOS.
    pub tag: u8,
    /// Its head's position (1-based); 0 for the root.
    pub head: u32,
    /// Its relation to the head: [`Model::label_name`] names it.
    pub label: u8,
}

/// Why a model file could not be read.
#[derive(Debug, thiserror::Error)]
#[error("not a kgraph parser model (or a damaged one)")]
pub struct ModelError;

const MAGIC: &[u8; 8] = b"KGPARSE2";
/// A model whose parser reads some of the templates: the mask follows.
const MAGIC_MASKED: &[u8; 8] = b"KGPARSE3";

impl Model {
    /// The model built into the program (`data/parser.model`).
    pub fn shipped() -> &'static Model {
        static MODEL: OnceLock<Model> = OnceLock::new();
        MODEL.get_or_init(|| {
            // The build embeds the file `kgraph train-parser` wrote; a test
            // checks that it reads and parses.
            Model::from_bytes(include_bytes!("../../../../data/parser.model"))
                .unwrap_or_else(|_| Model::empty())
        })
    }

    /// The fast model built into the program (`data/parser-fast.model`),
    /// the one the extraction runs: one tagging pass and a greedy parser of
    /// 41 templates; the shipped model when this one is missing.
    pub fn fast() -> &'static Model {
        static MODEL: OnceLock<Option<Model>> = OnceLock::new();
        MODEL
            .get_or_init(|| {
                Model::from_bytes(include_bytes!("../../../../data/parser-fast.model"))
                    .ok()
                    .filter(Model::is_trained)
            })
            .as_ref()
            .unwrap_or_else(Model::shipped)
    }

    /// A model that knows nothing (see [`Model::is_trained`]).
    pub fn empty() -> Model {
        let nothing = || Weights::combine(0, &[], 0.0);
        Model {
            tags: Vec::new(),
            tagger: nothing(),
            second: nothing(),
            coarse: Vec::new(),
            beam: 0,
            parser: Parser {
                transitions: nothing(),
                labels: nothing(),
                label_names: Vec::new(),
                root: 0,
                templates: ALL_TEMPLATES,
            },
        }
    }

    /// Does this model parse (is it trained)?
    pub fn is_trained(&self) -> bool {
        !self.tags.is_empty() && self.parser.label_names.len() > 1
    }

    /// The model as bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        let masked = self.parser.templates != ALL_TEMPLATES;
        let mut out = if masked { MAGIC_MASKED } else { MAGIC }.to_vec();
        write_names(&self.tags, &mut out);
        self.tagger.write(&mut out);
        self.second.write(&mut out);
        write_names(&self.parser.label_names, &mut out);
        self.parser.transitions.write(&mut out);
        self.parser.labels.write(&mut out);
        out.extend((self.beam as u32).to_le_bytes());
        if masked {
            out.extend(self.parser.templates.to_le_bytes());
        }
        out
    }

    /// Reads a model written by [`Model::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Model, ModelError> {
        let mut b = bytes;
        let masked = match take::<8>(&mut b) {
            Some(magic) if &magic == MAGIC => false,
            Some(magic) if &magic == MAGIC_MASKED => true,
            _ => return Err(ModelError),
        };
        let tags = read_names(&mut b).ok_or(ModelError)?;
        let tagger = Weights::read(&mut b).ok_or(ModelError)?;
        let second = Weights::read(&mut b).ok_or(ModelError)?;
        let label_names = read_names(&mut b).ok_or(ModelError)?;
        let transitions = Weights::read(&mut b).ok_or(ModelError)?;
        let labels = Weights::read(&mut b).ok_or(ModelError)?;
        let beam = weights::take_u32(&mut b).ok_or(ModelError)? as usize;
        let templates = if masked {
            u128::from_le_bytes(take::<16>(&mut b).ok_or(ModelError)?)
        } else {
            ALL_TEMPLATES
        };
        if !b.is_empty()
            || (templates != ALL_TEMPLATES && templates != FAST_TEMPLATES)
            || tagger.classes() != tags.len()
            || second.classes() != tags.len()
            || labels.classes() != label_names.len()
            || label_names.len() > 255
            || tags.len() > 255
            || beam > 256
        {
            return Err(ModelError);
        }
        let root = label_names.iter().position(|l| l == "root").unwrap_or(0) as u8;
        let model = Model {
            beam,
            coarse: coarse_classes(&tags),
            tags,
            tagger,
            second,
            parser: Parser {
                transitions,
                labels,
                label_names,
                root,
                templates,
            },
        };
        Ok(model.packed_if_fast())
    }

    /// The model with its tables packed ([`Weights::pack`]) when it is a
    /// fast one (a greedy parser of [`FAST_TEMPLATES`]): the fast model is
    /// the one whose speed counts, and packing changes no weight.
    pub(super) fn packed_if_fast(self) -> Model {
        if self.parser.templates != FAST_TEMPLATES {
            return self;
        }
        Model {
            tagger: self.tagger.pack(),
            second: self.second.pack(),
            parser: Parser {
                transitions: self.parser.transitions.pack(),
                labels: self.parser.labels.pack(),
                ..self.parser
            },
            ..self
        }
    }

    /// Features with a weight: the tagger's, the transitions', the labels'.
    pub fn features(&self) -> [usize; 3] {
        [
            self.tagger.features() + self.second.features(),
            self.parser.transitions.features(),
            self.parser.labels.features(),
        ]
    }

    /// Tags and parses `words`: one [`Word`] each, with UPOS, XPOS, head
    /// (1-based, 0 for the root) and relation. The lemma is left `_`.
    pub fn parse(&self, words: &[&str]) -> Vec<Word> {
        self.parse_with(words, self.beam)
    }

    /// The beam the model was trained with (0: greedy).
    pub fn beam(&self) -> usize {
        self.beam
    }

    /// Tags and parses `words` with a beam of `beam` states (0 or 1: greedy).
    /// A narrower beam than the model's trades accuracy for speed.
    pub fn parse_with(&self, words: &[&str], beam: usize) -> Vec<Word> {
        self.analyse(words, beam)
            .into_iter()
            .zip(words)
            .map(|(a, form)| {
                let (upos, xpos) = self.tag_name(a.tag);
                Word {
                    form: (*form).to_owned(),
                    lemma: "_".to_owned(),
                    upos: upos.to_owned(),
                    xpos: xpos.to_owned(),
                    head: a.head as usize,
                    deprel: self.label_name(a.label).to_owned(),
                    misc: "_".to_owned(),
                }
            })
            .collect()
    }

    /// Tags and parses `words` with a beam of `beam` states (0 or 1: greedy),
    /// giving each word's tag, head and relation as numbers: what
    /// [`Model::parse_with`] gives without a string for each.
    pub fn analyse(&self, words: &[&str], beam: usize) -> Vec<Analysis> {
        if words.is_empty() {
            return Vec::new();
        }
        let context = pos::Context::new(words);
        let (tags, doubts) = pos::tag_context(&self.tagger, &self.second, &context);
        let x = Words::of(context.own(), &tags, &self.coarse, &doubts);
        let (heads, labels) = if beam > 1 {
            super::beam::parse(&self.parser, &x, beam)
        } else if self.parser.templates == FAST_TEMPLATES {
            super::fast::parse(&self.parser, &x)
        } else {
            self.parser.parse(&x)
        };
        let n = words.len();
        (0..n)
            .map(|i| Analysis {
                tag: tags[i] as u8,
                head: if heads[i] >= n {
                    0
                } else {
                    heads[i] as u32 + 1
                },
                label: labels[i],
            })
            .collect()
    }

    /// The UPOS and XPOS of tag class `tag` (`X`, `_` for one the model lacks).
    pub fn tag_name(&self, tag: u8) -> (&str, &str) {
        self.tags
            .get(usize::from(tag))
            .and_then(|t| t.split_once('\t'))
            .unwrap_or(("X", "_"))
    }

    /// The dependency relation `label` names (`dep` for one the model lacks).
    pub fn label_name(&self, label: u8) -> &str {
        self.parser
            .label_names
            .get(usize::from(label))
            .map_or("dep", String::as_str)
    }

    /// Parses every sentence of `gold` on its words and scores the result.
    pub fn evaluate(&self, gold: &[Tree]) -> ParseScore {
        let mut tally = Tally::default();
        for tree in gold {
            let parsed = self.parse(&tree.forms());
            tally.add(&tree.words, &parsed);
        }
        tally.score()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_model_reads_and_parses() {
        let bytes = include_bytes!("../../../../data/parser.model");
        let model = Model::from_bytes(bytes).unwrap();
        assert!(model.is_trained());
        assert!(
            model.features().iter().all(|&n| n > 10_000),
            "{:?}",
            model.features()
        );
        assert!(!Model::empty().is_trained());
        let words = ["The", "minister", "resigned", "."];
        let parsed = Model::shipped().parse(&words);
        let heads: Vec<usize> = parsed.iter().map(|w| w.head).collect();
        assert_eq!(heads, [2, 3, 0, 3]);
        assert_eq!(parsed[1].deprel, "nsubj");
        assert_eq!(parsed[1].upos, "NOUN");
        assert_eq!(
            Model::from_bytes(&model.to_bytes()).unwrap().to_bytes(),
            bytes.to_vec()
        );
    }

    #[test]
    fn the_fast_model_reads_parses_and_is_the_one_the_extraction_runs() {
        let bytes = include_bytes!("../../../../data/parser-fast.model");
        let model = Model::from_bytes(bytes).unwrap();
        assert!(model.is_trained());
        assert_eq!(model.to_bytes(), bytes.to_vec());
        assert_eq!(model.parser.templates, FAST_TEMPLATES);
        assert!(!std::ptr::eq(Model::fast(), Model::shipped()));
        let parsed = Model::fast().parse(&["The", "minister", "resigned", "."]);
        assert_eq!(
            parsed.iter().map(|w| w.head).collect::<Vec<_>>(),
            [2, 3, 0, 3]
        );
        assert_eq!(parsed[1].deprel, "nsubj");
    }
}
