//! Stage 4b, actions: who did what to whom, from one sentence's verb.
//!
//! A verb of the action lexicon links the entity before it (the agent) to the
//! entities after it (the targets, "X and Y" both), or, in the passive ("was
//! recognized by X"), the other way round. Planned and hypothetical actions
//! ("will visit", "may sign", "to meet") are left out; negated ones ("did not
//! sign", "never met", "refused to meet") are kept and marked
//! ([`Action::negated`]), and so are reported ones ("X said Y arrested Z",
//! "according to X": [`Action::reported_by`]): claims, not facts. A date in
//! the verb's clause ("in August") becomes the action's date. Hands on a list
//! of [`Action`]s.

use crate::dates::{self, Date};
use crate::entities::Entities;
use crate::gazetteer::Gazetteer;
use crate::lexicon;
use crate::schema::EntityType;
use crate::syntax::Parses;

/// Who did what to whom.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Action {
    /// The action type (spec: appoint, arrest, accuse, ...).
    pub kind: String,
    /// The entity that acted.
    pub agent: usize,
    /// The entity acted on.
    pub target: usize,
    /// When, as far as the sentence says.
    pub date: Option<Date>,
    /// Index of the verb token.
    pub verb: usize,
    /// The rule that found it.
    pub rule: &'static str,
    /// Does the text say it did not happen ("did not sign", "refused to
    /// meet")?
    pub negated: bool,
    /// The entity the text reports it from ("X said ...", "according to X").
    pub reported_by: Option<usize>,
}

/// Finds the actions of one document; `published` resolves year-less dates.
/// In a sentence of `parses`, the parse says who acts on whom
/// ([`crate::roles`]); elsewhere the words around the verb do.
pub fn find(entities: &Entities, parses: &Parses, published: Option<Date>) -> Vec<Action> {
    let g = Gazetteer::get();
    let text = &entities.mentions.text;
    let mentions = &entities.mentions.mentions;
    // An actor: a person, organization or country, but not a demonym that only
    // modifies a noun ("seven American nationals": the nationals are the actors).
    let actor = |m: usize| {
        let modifier = matches!(
            mentions[m].gazetteer,
            Some(crate::gazetteer::PlaceName::Demonym(_))
        ) && mentions[m].end < text.tokens().len()
            && text.word(mentions[m].end).chars().all(char::is_lowercase);
        entities.of_mention[m].filter(|&e| {
            !modifier
                && matches!(
                    entities.entities[e].kind,
                    EntityType::Person | EntityType::Organization | EntityType::Country
                )
        })
    };
    // Tokens inside a relative clause (", who fled Venezuela ... Spain,"): their
    // mentions are not the subject of the main verb.
    let mut relative = vec![false; text.tokens().len()];
    for i in 1..text.tokens().len() {
        if text.word(i - 1) == "," && matches!(text.word(i), "who" | "which" | "whose") {
            let mut k = i;
            while k < text.tokens().len() && !matches!(text.word(k), "," | "." | ";") {
                relative[k] = true;
                k += 1;
            }
        }
    }
    // A subject: an actor that is not the object of a preposition ("Wong of FTU")
    // and not inside a relative clause.
    let subject_actor = |m: usize| {
        let in_pp = mentions[m].first > 0
            && matches!(
                text.word(mentions[m].first - 1),
                "of" | "from" | "for" | "with" | "in" | "by"
            );
        actor(m).filter(|_| !in_pp && !relative[mentions[m].first])
    };
    let mut actions = Vec::new();
    for (index, sentence) in text.sentences().iter().enumerate() {
        let parsed = parses.sentences.get(index).and_then(Option::as_ref);
        // The tree, made at the sentence's first action verb.
        let mut tree = None;
        // Mentions are sorted by their first token.
        let from = mentions.partition_point(|m| m.first < sentence.first);
        let to = mentions.partition_point(|m| m.first < sentence.end);
        let in_sentence: Vec<usize> = (from..to)
            .filter(|&m| mentions[m].end <= sentence.end)
            .collect();
        for v in sentence.first..sentence.end {
            // A verb of the lexicon, or its base form after a negation ("did
            // not meet": the form "meets" is the lexicon's).
            let base = || {
                let w = text.word(v);
                g.action_verbs
                    .get(&format!("{w}s"))
                    .or_else(|| g.action_verbs.get(&format!("{w}es")))
            };
            let (kind, bare) = match g.action_verbs.get(text.word(v)) {
                Some(kind) => (kind, false),
                None => match base() {
                    Some(kind)
                        if v > sentence.first && {
                            let w = text.word(v - 1);
                            negates(w) || w == "to"
                        } =>
                    {
                        (kind, true)
                    }
                    _ => continue,
                },
            };
            // The verb must not be inside a name.
            if in_sentence
                .iter()
                .any(|&m| mentions[m].first <= v && v < mentions[m].end)
            {
                continue;
            }
            let before = |k: usize| (k > sentence.first).then(|| text.word(k - 1));
            // Auxiliaries, adverbs and negations between the subject and the verb.
            let mut aux = v;
            let mut negated = false;
            while let Some(w) = before(aux) {
                let negation = negates(w);
                if !(negation || auxiliary(w)) {
                    break;
                }
                negated |= negation;
                aux -= 1;
            }
            if before(aux) == Some("to")
                && aux >= sentence.first + 2
                && lexicon::refusal_verbs().contains(text.word(aux - 2))
            {
                // "refused to sign": negated; the subject is before the refusal.
                negated = true;
                aux -= 2;
                while before(aux).is_some_and(auxiliary) {
                    aux -= 1;
                }
            } else if before(aux).is_some_and(|w| lexicon::unrealized().contains(w) || modal(w))
                || (aux..v).any(|k| lexicon::unrealized().contains(text.word(k)))
            {
                continue;
            }
            if bare && !negated {
                continue;
            }
            let passive = (aux..v)
                .any(|k| matches!(text.word(k), "was" | "were" | "been" | "is" | "are" | "be"));
            // The clause: from the verb to the next strong punctuation.
            let clause_end = (v + 1..sentence.end)
                .find(|&k| matches!(text.word(k), "." | ";" | ":" | "?" | "!" | "—"))
                .unwrap_or(sentence.end);
            // Entities right after the verb, "X and Y" both.
            let after: Vec<usize> = {
                let mut out = Vec::new();
                let mut k = v + 1;
                let mut gap = 0;
                while k < clause_end && gap <= 6 {
                    if let Some(&m) = in_sentence.iter().find(|&&m| mentions[m].first == k) {
                        // ", Reuters said": the speaker, not a target.
                        let speaker = mentions[m].end < clause_end
                            && lexicon::speech_verbs().contains(text.word(mentions[m].end));
                        if speaker && !out.is_empty() {
                            break;
                        }
                        if let Some(e) = actor(m) {
                            out.push(e);
                            k = mentions[m].end;
                            gap = 0;
                            if k < clause_end
                                && matches!(text.word(k), "and" | ",")
                                && out.len() < 4
                            {
                                k += 1;
                                continue;
                            }
                            break;
                        }
                        k = mentions[m].end;
                    } else {
                        if matches!(text.word(k), "," | "(" | "“" | "\"") && !out.is_empty() {
                            break;
                        }
                        k += 1;
                    }
                    gap += 1;
                }
                out
            };
            // The nearest entity before the verb (the subject).
            // In a relative clause ("X, which attacked Y", "X, who fled Z"), the
            // agent is what stands before ", who"; elsewhere the nearest subject.
            let subject = if relative[v] {
                let mut r = v;
                while r > 0 && relative[r - 1] {
                    r -= 1;
                }
                // r is the relative pronoun; r - 1 the comma before it.
                in_sentence
                    .iter()
                    .find(|&&m| r >= 1 && mentions[m].end == r - 1)
                    .and_then(|&m| actor(m))
            } else {
                in_sentence
                    .iter()
                    .rev()
                    .filter(|&&m| mentions[m].end <= aux)
                    .find_map(|&m| subject_actor(m))
            };
            // The date: the first date expression in the clause after the verb.
            let date = {
                let words: Vec<&str> = (v + 1..clause_end).map(|k| text.word(k)).collect();
                let month_at = words
                    .iter()
                    .position(|w| dates::month(w).is_some() && w.starts_with(char::is_uppercase));
                month_at
                    .and_then(|p| Date::parse(&words[p..(p + 3).min(words.len())]))
                    .map(|d| d.resolve(published))
            };
            // The parse, when there is one: the mention of a token, its actor.
            let entity_at = |t: usize| {
                in_sentence
                    .iter()
                    .find(|&&m| mentions[m].first <= t && t < mentions[m].end)
                    .and_then(|&m| actor(m))
            };
            if tree.is_none() {
                tree = parsed.map(|words| crate::roles::Tree::new(words));
            }
            let (agents, targets, rule) = if let Some(r) = tree
                .as_ref()
                .and_then(|t| t.roles(v, entity_at))
                .filter(|(agents, targets, _)| !agents.is_empty() && !targets.is_empty())
            {
                r
            } else if passive {
                // "X was recognized ... by Y": Y acted on X.
                // "by" in the verb's own clause (not after ", while ...").
                let by = (v + 1..clause_end)
                    .take_while(|&k| !matches!(text.word(k), "," | "while" | "whereas" | "but"))
                    .find(|&k| text.word(k) == "by");
                let agent = by.and_then(|b| {
                    in_sentence
                        .iter()
                        // "by several nations — including the United States"
                        .filter(|&&m| mentions[m].first > b && mentions[m].first <= b + 8)
                        .find_map(|&m| actor(m))
                });
                let target = in_sentence
                    .iter()
                    .rev()
                    .filter(|&&m| mentions[m].end <= aux)
                    .find_map(|&m| subject_actor(m));
                (
                    agent.into_iter().collect::<Vec<_>>(),
                    target.into_iter().collect::<Vec<_>>(),
                    "passive-verb",
                )
            } else {
                (subject.into_iter().collect(), after, "active-verb")
            };
            let reported_by = reporter(entities, sentence, &in_sentence, v, &actor);
            for &agent in &agents {
                for &target in &targets {
                    if agent != target {
                        actions.push(Action {
                            kind: kind.clone(),
                            agent,
                            target,
                            date,
                            verb: v,
                            rule,
                            negated,
                            reported_by,
                        });
                    }
                }
            }
        }
    }
    // "X received support from Y (to Z)": Y (and Z) supported X.
    for sentence in text.sentences() {
        for v in sentence.first..sentence.end.saturating_sub(2) {
            if !lexicon::receive_verbs().contains(text.word(v)) {
                continue;
            }
            let Some(noun) = (v + 1..(v + 4).min(sentence.end))
                .find(|&k| lexicon::support_nouns().contains(text.word(k)))
            else {
                continue;
            };
            let Some(from) = (noun + 1..(noun + 8).min(sentence.end))
                .find(|&k| matches!(text.word(k), "from" | "of"))
            else {
                continue;
            };
            let target = (0..mentions.len())
                .rev()
                .filter(|&m| mentions[m].end <= v && mentions[m].first >= sentence.first)
                .find_map(&subject_actor);
            let clause_end = (from + 1..sentence.end)
                .find(|&k| matches!(text.word(k), "." | ";"))
                .unwrap_or(sentence.end);
            let agents: Vec<usize> = (0..mentions.len())
                .filter(|&m| mentions[m].first > from && mentions[m].end <= clause_end)
                .filter_map(&actor)
                .collect();
            if let Some(target) = target {
                for agent in agents.into_iter().filter(|&a| a != target) {
                    actions.push(Action {
                        kind: "support".to_owned(),
                        agent,
                        target,
                        date: None,
                        verb: noun,
                        rule: "received-support-from",
                        negated: false,
                        reported_by: None,
                    });
                }
            }
        }
    }
    actions.sort();
    actions.dedup_by(|a, b| {
        a.kind == b.kind && a.agent == b.agent && a.target == b.target && a.date == b.date
    });
    actions
}

/// An auxiliary or adverb between a subject and its verb ("has", "was",
/// "did", "also", "quickly").
fn auxiliary(w: &str) -> bool {
    matches!(
        w,
        "has"
            | "have"
            | "had"
            | "been"
            | "was"
            | "were"
            | "is"
            | "are"
            | "be"
            | "being"
            | "did"
            | "does"
            | "do"
            | "also"
            | "then"
    ) || (w.len() > 4 && w.ends_with("ly"))
}

/// A negation before a verb: "not", "never", or a negated auxiliary that
/// is not a modal ("didn't", "hasn't"; not "won't", "can't").
fn negates(w: &str) -> bool {
    lexicon::negations().contains(w) || ((w.ends_with("n't") || w.ends_with("n’t")) && !modal(w))
}

/// A negated modal, which makes the action hypothetical ("won't", "can't",
/// "wouldn't").
fn modal(w: &str) -> bool {
    let stem = w.trim_end_matches("n't").trim_end_matches("n’t");
    stem != w
        && matches!(
            stem.to_lowercase().as_str(),
            "wo" | "ca" | "would" | "could" | "should" | "might" | "must" | "shall" | "may"
        )
}

/// Who the sentence reports the action of verb `v` from: the actor just
/// before or just after a verb of saying ("X said", "said X", "X told"),
/// or after "according to", elsewhere in the sentence. The nearest such
/// verb to `v` decides.
fn reporter(
    entities: &Entities,
    sentence: &crate::text::Sentence,
    in_sentence: &[usize],
    v: usize,
    actor: &impl Fn(usize) -> Option<usize>,
) -> Option<usize> {
    let text = &entities.mentions.text;
    let mentions = &entities.mentions.mentions;
    // The mention at token `k`, or after a "the" there.
    let starting = |k: usize| {
        let k = if k < sentence.end && text.word(k) == "the" {
            k + 1
        } else {
            k
        };
        in_sentence.iter().find(|&&m| mentions[m].first == k)
    };
    let mut best: Option<(usize, usize)> = None;
    for s in sentence.first..sentence.end {
        if s == v {
            continue;
        }
        let w = text.word(s);
        let speaker = if lexicon::speech_verbs().contains(w) {
            // "X said" (also "X has said"), else "said X".
            let mut k = s;
            while k > 0 && matches!(text.word(k - 1), "has" | "have" | "had") {
                k -= 1;
            }
            in_sentence
                .iter()
                .find(|&&m| mentions[m].end == k)
                .or_else(|| starting(s + 1))
        } else if w.eq_ignore_ascii_case("according")
            && s + 1 < sentence.end
            && text.word(s + 1) == "to"
        {
            starting(s + 2)
        } else {
            None
        };
        if let Some(e) = speaker.and_then(|&m| actor(m)) {
            let distance = s.abs_diff(v);
            if best.is_none_or(|(d, _)| distance < d) {
                best = Some((distance, e));
            }
        }
    }
    best.map(|(_, e)| e)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Text;

    fn actions(raw: &str) -> Vec<(String, String, String, Option<String>)> {
        let e = crate::entities::resolve(crate::mentions::find(Text::new(raw)));
        find(&e, &Parses::default(), None)
            .into_iter()
            .map(|a| {
                (
                    a.kind,
                    e.entities[a.agent].name.clone(),
                    e.entities[a.target].name.clone(),
                    a.date.map(|d| d.to_string()),
                )
            })
            .collect()
    }

    fn has(raw: &str, kind: &str, agent: &str, target: &str, date: Option<&str>) {
        let got = actions(raw);
        assert!(
            got.iter()
                .any(|(k, a, t, d)| k == kind && a == agent && t == target && d.as_deref() == date),
            "{kind}({agent}, {target}, {date:?}) not in {got:?}"
        );
    }

    #[test]
    fn active_passive_and_coordinated_targets() {
        let raw =
            "President Nicolás Maduro appointed Daniel Cabello the interior minister in August.";
        has(
            raw,
            "appoint",
            "Nicolás Maduro",
            "Daniel Cabello",
            Some("--08"),
        );
        let raw = "Minister Diosdado Cabello has accused the United States and Spain of plotting.";
        has(raw, "accuse", "Diosdado Cabello", "United States", None);
        has(raw, "accuse", "Diosdado Cabello", "Spain", None);
        let raw = "Edmundo González has been recognized as president-elect by the United States.";
        has(raw, "recognize", "United States", "Edmundo González", None);
        let raw = "Edmundo González fled Venezuela in late September.";
        has(raw, "flee", "Edmundo González", "Venezuela", Some("--09"));
    }

    #[test]
    fn support_received_and_relative_clauses() {
        let raw = "Ahmed Mohamed received support from President Barack Obama to Facebook creator Mark Zuckerberg.";
        has(raw, "support", "Barack Obama", "Ahmed Mohamed", None);
        has(raw, "support", "Mark Zuckerberg", "Ahmed Mohamed", None);
        let raw = "Edmundo González, who fled Venezuela and lives in Spain, has been recognized by the United States.";
        has(raw, "recognize", "United States", "Edmundo González", None);
        has(raw, "flee", "Edmundo González", "Venezuela", None);
        let raw = "Pro-Beijing Starry Lee was successfully elected, while Wong Kwok-hing of FTU was defeated by James To.";
        let got = actions(raw);
        assert!(
            got.iter()
                .all(|(k, _, t, _)| !(k == "elect" && t == "Starry Lee")),
            "{got:?}"
        );
    }

    #[test]
    fn planned_actions_are_left_out() {
        assert!(actions("President Joe Biden will visit Mexico.").is_empty());
        assert!(actions("President Joe Biden may visit Mexico.").is_empty());
        assert!(actions("President Joe Biden won't visit Mexico.").is_empty());
        assert!(actions("President Joe Biden wants to visit Mexico.").is_empty());
    }

    /// Each action of `raw` as (type, agent, target, negated, reported by).
    fn claims(raw: &str) -> Vec<(String, String, String, bool, Option<String>)> {
        let e = crate::entities::resolve(crate::mentions::find(Text::new(raw)));
        let name = |i: usize| e.entities[i].name.clone();
        find(&e, &Parses::default(), None)
            .into_iter()
            .map(|a| {
                (
                    a.kind,
                    name(a.agent),
                    name(a.target),
                    a.negated,
                    a.reported_by.map(name),
                )
            })
            .collect()
    }

    #[test]
    fn negated_actions_are_kept_and_marked() {
        let negated = |raw: &str, kind: &str| {
            let found = claims(raw);
            assert!(
                found
                    .iter()
                    .any(|(k, a, t, n, _)| k == kind && a == "Joe Biden" && t == "Mexico" && *n),
                "{raw}: {found:?}"
            );
        };
        negated("President Joe Biden did not visit Mexico.", "visit");
        negated("President Joe Biden didn't visit Mexico.", "visit");
        negated("President Joe Biden has never visited Mexico.", "visit");
        negated(
            "President Joe Biden refused to sign the deal with Mexico.",
            "sign",
        );
        // Asserted ones are not.
        let met = claims("Joe Biden met Emmanuel Macron.");
        assert_eq!(met.len(), 1);
        assert!(!met[0].3 && met[0].4.is_none(), "{met:?}");
        // A base form is an action only after a negation.
        assert!(claims("Joe Biden and Emmanuel Macron meet Mexico.").is_empty());
    }

    #[test]
    fn reported_actions_name_who_reports_them() {
        let reported = |raw: &str, by: &str| {
            let found = claims(raw);
            assert!(
                found.iter().any(|(k, a, t, _, r)| k == "attack"
                    && a == "Russia"
                    && t == "Ukraine"
                    && r.as_deref() == Some(by)),
                "{raw}: {found:?}"
            );
            // The speaker is no target.
            assert!(found.iter().all(|(_, _, t, _, _)| t != by), "{found:?}");
        };
        reported(
            "The United Nations said Russia attacked Ukraine.",
            "United Nations",
        );
        reported(
            "Russia attacked Ukraine, the United Nations said.",
            "United Nations",
        );
        reported(
            "According to the United Nations, Russia attacked Ukraine.",
            "United Nations",
        );
        let direct = claims("Russia attacked Ukraine.");
        assert!(direct.iter().all(|c| c.4.is_none()), "{direct:?}");
    }
}
