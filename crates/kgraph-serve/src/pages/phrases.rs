//! Statements as short English sentences: a relation between entities
//! ("Lee Cheuk-yan is a member of Labour Party"), a literal fact, an action
//! ("Cabello accused Spain (2024-09-14)"), and the verb forms that tell an
//! action's sentence in a text.

use kgraph_extract::schema::Property;

/// The verb forms the extraction codes as actions, with their type
/// (`data/lexicon/action_verbs.tsv`).
const ACTION_VERBS: &str = include_str!("../../../../data/lexicon/action_verbs.tsv");

/// How a relation reads: `(before, between, after)` around its two ends,
/// and whether the object comes first ("X took part in EVENT").
fn relation_words(p: Property) -> (&'static str, bool) {
    match p {
        Property::Nationality => ("is a national of", false),
        Property::Position => ("holds the position", false),
        Property::AffiliatedWith => ("is affiliated with", false),
        Property::MemberOf => ("is a member of", false),
        Property::LeaderOf => ("leads", false),
        Property::ResidesIn => ("lives in", false),
        Property::Country => ("is in", false),
        Property::Location => ("took place in", false),
        Property::Date => ("took place on", false),
        Property::Participant => ("took part in", true),
        Property::Candidate => ("was a candidate in", true),
        Property::Winner => ("won", true),
        Property::Organizer => ("organized", true),
        Property::PartOf => ("is part of", false),
    }
}

/// The property of a kg: IRI, if it is a relation the extraction writes.
pub(crate) fn property_of(iri: &str) -> Option<Property> {
    Property::ALL
        .into_iter()
        .find(|p| kgraph_rdf::rdf::property_iri(*p).as_str() == iri)
}

/// "S verb O": the relation `p` from `subject` to `object` (both already
/// HTML), the ends in the order the words want.
pub(crate) fn relation(p: Property, subject: &str, object: &str) -> String {
    let (words, object_first) = relation_words(p);
    match p {
        Property::Position => format!("{subject} {words} “{object}”"),
        Property::Date => format!("{subject} {} {object}", date_words(object)),
        _ if object_first => format!("{object} {words} {subject}"),
        _ => format!("{subject} {words} {object}"),
    }
}

/// "on 2024-07-28", "in 2024-07": a full date is a day, anything else a span.
fn date_words(date: &str) -> &'static str {
    let full = date.len() == 10 && date.as_bytes()[4] == b'-' && !date.starts_with("--");
    if full {
        "took place on"
    } else {
        "took place in"
    }
}

/// (past tense, base form) of an action type, with the preposition its
/// target takes.
fn action_words(kind: &str) -> (&'static str, &'static str) {
    match kind {
        "appoint" => ("appointed", "appoint"),
        "arrest" => ("arrested", "arrest"),
        "accuse" => ("accused", "accuse"),
        "recognize" => ("recognized", "recognize"),
        "elect" => ("elected", "elect"),
        "defeat" => ("defeated", "defeat"),
        "flee" => ("fled", "flee"),
        "meet" => ("met", "meet"),
        "visit" => ("visited", "visit"),
        "attack" => ("attacked", "attack"),
        "protest" => ("protested against", "protest against"),
        "sanction" => ("sanctioned", "sanction"),
        "support" => ("supported", "support"),
        "oppose" => ("opposed", "oppose"),
        "negotiate" => ("negotiated with", "negotiate with"),
        "sign" => ("signed with", "sign with"),
        "threaten" => ("threatened", "threaten"),
        "kill" => ("killed", "kill"),
        "release" => ("released", "release"),
        "nominate" => ("nominated", "nominate"),
        "resign" => ("resigned from", "resign from"),
        "win" => ("won against", "win against"),
        _ => ("", ""),
    }
}

/// What an action node says, for its sentence.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct ActionFacts {
    /// `kg:actionType`.
    pub kind: String,
    /// The agent and target, as HTML (links or names).
    pub agent: String,
    pub target: String,
    /// `kg:date`, as written.
    pub date: Option<String>,
    /// `kg:negated true`.
    pub negated: bool,
    /// The entities it is reported by, as HTML.
    pub reported_by: Vec<String>,
}

/// "Cabello accused Spain (2024-09-14)"; "X did not meet Y"; "…, according to Z".
pub(crate) fn action(a: &ActionFacts) -> String {
    let (past, base) = action_words(&a.kind);
    let verb = match (a.negated, past.is_empty()) {
        (false, false) => past.to_owned(),
        (true, false) => format!("did not {base}"),
        // A type this page does not know: its name.
        (false, true) => a.kind.clone(),
        (true, true) => format!("did not {}", a.kind),
    };
    let mut s = format!("{} {verb} {}", a.agent, a.target);
    if !a.reported_by.is_empty() {
        s.push_str(&format!(", according to {}", a.reported_by.join(" and ")));
    }
    if let Some(d) = &a.date {
        s.push_str(&format!(" ({d})"));
    }
    s
}

/// The verb forms of action type `kind`, in lower case (its name among them).
pub(crate) fn verb_forms(kind: &str) -> Vec<&'static str> {
    let mut forms: Vec<&'static str> = ACTION_VERBS
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split_once('\t'))
        .filter(|(_, k)| k.trim() == kind)
        .map(|(form, _)| form.trim())
        .collect();
    let (_, base) = action_words(kind);
    if let Some(word) = base.split(' ').next().filter(|w| !w.is_empty()) {
        forms.push(word);
    }
    forms.sort_unstable();
    forms.dedup();
    forms
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_type_of_the_lexicon_reads_as_a_sentence() {
        let kinds: std::collections::BTreeSet<&str> = ACTION_VERBS
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| l.split_once('\t'))
            .map(|(_, k)| k.trim())
            .collect();
        assert!(kinds.len() >= 20, "{kinds:?}");
        for kind in kinds {
            assert!(!action_words(kind).0.is_empty(), "no words for {kind:?}");
            assert!(verb_forms(kind).len() >= 2, "{kind}");
        }
    }

    #[test]
    fn actions_and_relations_read_as_sentences() {
        let mut a = ActionFacts {
            kind: "accuse".to_owned(),
            agent: "Cabello".to_owned(),
            target: "Spain".to_owned(),
            date: Some("2024-09-14".to_owned()),
            ..ActionFacts::default()
        };
        assert_eq!(action(&a), "Cabello accused Spain (2024-09-14)");
        a.negated = true;
        a.kind = "meet".to_owned();
        a.date = None;
        a.reported_by = vec!["Reuters".to_owned()];
        assert_eq!(
            action(&a),
            "Cabello did not meet Spain, according to Reuters"
        );
        assert_eq!(
            relation(Property::MemberOf, "Lee", "Labour Party"),
            "Lee is a member of Labour Party"
        );
        assert_eq!(
            relation(Property::Winner, "the election", "Lee"),
            "Lee won the election"
        );
        assert_eq!(
            relation(Property::Position, "Lee", "legislator"),
            "Lee holds the position “legislator”"
        );
        assert_eq!(
            relation(Property::Date, "The war", "2015-08-20"),
            "The war took place on 2015-08-20"
        );
        assert_eq!(property_of(kg_member_of()), Some(Property::MemberOf));
    }

    fn kg_member_of() -> &'static str {
        kgraph_rdf::ontology::kg::MEMBER_OF.as_str()
    }
}
