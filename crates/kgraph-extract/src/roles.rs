//! Who acts and who is acted on, read off a parsed sentence: the subject of
//! an action verb acts on its object ("Police arrested John Doe"); in the
//! passive, the `by` phrase acts on the subject ("John Doe was arrested by
//! police"). The action stage asks this first for a verb of a parsed
//! sentence, and reads the surface when the sentence is not parsed or the
//! tree gives no agent or no target.

use crate::syntax::ParsedWord;

/// A verb's agents and targets (as the caller's entity numbers), and the
/// rule that found them.
pub type Roles = (Vec<usize>, Vec<usize>, &'static str);

/// A parsed sentence with each word's dependents at hand, built once for
/// all the verbs of the sentence (a sentence may run to thousands of words).
pub struct Tree<'a> {
    words: &'a [ParsedWord],
    /// The dependents of word `w` are `deps[starts[w]..starts[w + 1]]`, in
    /// order.
    starts: Vec<usize>,
    deps: Vec<usize>,
}

impl<'a> Tree<'a> {
    /// The tree of the parsed sentence `words`.
    pub fn new(words: &'a [ParsedWord]) -> Self {
        let n = words.len();
        let mut starts = vec![0; n + 2];
        for w in words {
            if (1..=n).contains(&w.head) {
                starts[w.head + 1] += 1;
            }
        }
        for i in 1..starts.len() {
            starts[i] += starts[i - 1];
        }
        let mut next = starts.clone();
        let mut deps = vec![0; starts[n + 1]];
        for (c, w) in words.iter().enumerate() {
            if (1..=n).contains(&w.head) {
                deps[next[w.head]] = c;
                next[w.head] += 1;
            }
        }
        starts.remove(0);
        Tree {
            words,
            starts,
            deps,
        }
    }

    fn children(&self, h: usize) -> &[usize] {
        &self.deps[self.starts[h]..self.starts[h + 1]]
    }

    /// The roles of the verb at text token `verb`; `entity_at` gives the
    /// entity (an actor) of the mention covering a text token, if any.
    /// `None` when the token is not a verb in the parse (the caller then
    /// reads the surface). A verb without a subject of its own takes that
    /// of the verb it is conjoined to ("arrived and met X") or, in a
    /// relative clause, the noun the clause modifies ("X, who fled Y"). A
    /// subject or object is the mention of its head word, else of its
    /// apposition ("the union's leader, John Doe"), with its conjuncts ("X
    /// and Y").
    pub fn roles(&self, verb: usize, entity_at: impl Fn(usize) -> Option<usize>) -> Option<Roles> {
        let words = self.words;
        // Words are in text order: the verb's first word.
        let at = words.partition_point(|w| w.token < verb);
        if words
            .get(at)
            .is_none_or(|w| w.token != verb || w.upos != "VERB")
        {
            return None;
        }
        let child = |h: usize, rel: &str| {
            self.children(h)
                .iter()
                .copied()
                .find(|&c| words[c].deprel == rel)
        };
        let governor = |w: usize| words[w].head.checked_sub(1).filter(|&g| g < words.len());
        // The entities a dependent names: its own, its apposition's, its
        // conjuncts'.
        let entities_of = |d: Option<usize>| -> Vec<usize> {
            let Some(d) = d else { return Vec::new() };
            let mut out = Vec::new();
            let conjuncts = self
                .children(d)
                .iter()
                .copied()
                .filter(|&c| words[c].deprel == "conj");
            for x in std::iter::once(d).chain(conjuncts) {
                let e = entity_at(words[x].token)
                    .or_else(|| child(x, "appos").and_then(|a| entity_at(words[a].token)));
                if let Some(e) = e.filter(|e| !out.contains(e)) {
                    out.push(e);
                }
            }
            out
        };
        let relative = |w: usize| words[w].xpos.starts_with('W') || words[w].upos == "PRON";
        // The subject: the verb's own, else its governor's when conjoined, else
        // the noun a relative clause modifies.
        let mut subject = child(at, "nsubj");
        let mut passive_subject = child(at, "nsubj:pass");
        if subject.is_none() && passive_subject.is_none() && words[at].deprel == "conj" {
            if let Some(g) = governor(at) {
                subject = child(g, "nsubj");
                passive_subject = child(g, "nsubj:pass");
            }
        }
        if words[at].deprel == "acl:relcl" {
            let noun = governor(at);
            match (subject, passive_subject) {
                (Some(s), _) if relative(s) && entity_at(words[s].token).is_none() => {
                    subject = noun
                }
                (_, Some(s)) if relative(s) && entity_at(words[s].token).is_none() => {
                    passive_subject = noun
                }
                _ => {}
            }
        }
        if passive_subject.is_some() {
            let agents = entities_of(child(at, "obl:agent"));
            let targets = entities_of(passive_subject);
            return Some((agents, targets, "passive-subject-agent"));
        }
        let agents = entities_of(subject);
        let targets = entities_of(child(at, "obj"));
        Some((agents, targets, "subject-verb-object"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    type Row = (&'static str, &'static str, usize, &'static str);

    /// The roles of word `verb` of the sentence (`form upos head deprel`
    /// rows, one token a word; upos `WP` for a relative pronoun), with the
    /// entities at the words `named` (each word its own entity number).
    fn roles_of(rows: &[Row], verb: usize, named: &[usize]) -> Option<Roles> {
        let words: Vec<ParsedWord> = rows
            .iter()
            .enumerate()
            .map(|(i, &(_, upos, head, deprel))| ParsedWord {
                token: i,
                start: 0,
                end: 0,
                char_start: 0,
                char_end: 0,
                upos: if upos == "WP" { "PRON" } else { upos },
                xpos: if upos == "WP" { "WP" } else { "_" },
                head,
                deprel,
            })
            .collect();
        Tree::new(&words).roles(verb, |t| named.contains(&t).then_some(t))
    }

    #[test]
    fn subject_acts_on_object_and_the_passive_turns_round() {
        // "Police in Paris arrested Doe and Roe ."
        let s = [
            ("Police", "NOUN", 4, "nsubj"),
            ("in", "ADP", 3, "case"),
            ("Paris", "PROPN", 1, "nmod"),
            ("arrested", "VERB", 0, "root"),
            ("Doe", "PROPN", 4, "obj"),
            ("and", "CCONJ", 7, "cc"),
            ("Roe", "PROPN", 5, "conj"),
            (".", "PUNCT", 4, "punct"),
        ];
        // Paris is not the subject; both conjuncts are targets.
        assert_eq!(
            roles_of(&s, 3, &[2, 4, 6]),
            Some((vec![], vec![4, 6], "subject-verb-object"))
        );
        // "Doe was arrested by Smith ."
        let s = [
            ("Doe", "PROPN", 3, "nsubj:pass"),
            ("was", "AUX", 3, "aux:pass"),
            ("arrested", "VERB", 0, "root"),
            ("by", "ADP", 5, "case"),
            ("Smith", "PROPN", 3, "obl:agent"),
            (".", "PUNCT", 3, "punct"),
        ];
        assert_eq!(
            roles_of(&s, 2, &[0, 4]),
            Some((vec![4], vec![0], "passive-subject-agent"))
        );
        // Not a verb in the parse: the caller reads the surface.
        assert_eq!(roles_of(&s, 1, &[0, 4]), None);
    }

    #[test]
    fn relative_clauses_conjuncts_and_appositions_find_the_subject() {
        // "Doe , who fled Spain , met the leader , Roe ."
        let s = [
            ("Doe", "PROPN", 7, "nsubj"),
            (",", "PUNCT", 4, "punct"),
            ("who", "WP", 4, "nsubj"),
            ("fled", "VERB", 1, "acl:relcl"),
            ("Spain", "PROPN", 4, "obj"),
            (",", "PUNCT", 4, "punct"),
            ("met", "VERB", 0, "root"),
            ("the", "DET", 9, "det"),
            ("leader", "NOUN", 7, "obj"),
            (",", "PUNCT", 11, "punct"),
            ("Roe", "PROPN", 9, "appos"),
            (".", "PUNCT", 7, "punct"),
        ];
        let named = [0, 4, 10];
        assert_eq!(
            roles_of(&s, 3, &named),
            Some((vec![0], vec![4], "subject-verb-object"))
        );
        assert_eq!(
            roles_of(&s, 6, &named),
            Some((vec![0], vec![10], "subject-verb-object"))
        );
        // "Doe arrived and met Roe ."
        let s = [
            ("Doe", "PROPN", 2, "nsubj"),
            ("arrived", "VERB", 0, "root"),
            ("and", "CCONJ", 4, "cc"),
            ("met", "VERB", 2, "conj"),
            ("Roe", "PROPN", 4, "obj"),
            (".", "PUNCT", 2, "punct"),
        ];
        assert_eq!(
            roles_of(&s, 3, &[0, 4]),
            Some((vec![0], vec![4], "subject-verb-object"))
        );
    }

    #[test]
    fn the_action_stage_reads_the_parse_of_a_parsed_sentence() {
        use crate::syntax::Parsing;
        let text =
            "Minister Diosdado Cabello has accused the United States and Spain of plotting. \
                    Edmundo González was recognized by the United States.";
        let doc = crate::Document::new(text, "t");
        let of = |settings: crate::Settings| {
            let x = crate::extract_with(&doc, settings);
            let name = |e: usize| x.relations.entities.entities[e].name.clone();
            let mut got: Vec<(String, String, String, &str)> = x
                .actions
                .iter()
                .map(|a| (a.kind.clone(), name(a.agent), name(a.target), a.rule))
                .collect();
            got.sort();
            got
        };
        let parsed = of(crate::Settings {
            parse: Parsing::Needed,
            ..crate::Settings::default()
        });
        let accuse = |t: &str| {
            (
                "accuse".to_owned(),
                "Diosdado Cabello".to_owned(),
                t.to_owned(),
                "subject-verb-object",
            )
        };
        assert!(parsed.contains(&accuse("United States")), "{parsed:?}");
        assert!(parsed.contains(&accuse("Spain")), "{parsed:?}");
        let recognize = (
            "recognize".to_owned(),
            "United States".to_owned(),
            "Edmundo González".to_owned(),
            "passive-subject-agent",
        );
        assert!(parsed.contains(&recognize), "{parsed:?}");
        // Unparsed, the words around the verb give the same actions.
        let surface: Vec<_> = of(crate::Settings::default())
            .into_iter()
            .map(|(k, a, t, _)| (k, a, t))
            .collect();
        let parsed: Vec<_> = parsed.into_iter().map(|(k, a, t, _)| (k, a, t)).collect();
        assert_eq!(surface, parsed);
    }
}
