//! Acronyms defined in brackets: "United Socialist Party of Venezuela
//! (PSUV)" makes "PSUV" a mention of what it abbreviates.

use super::finder::is_acronym;
use super::types::{Kind, Mention};
use crate::text::Text;

/// "United Socialist Party of Venezuela (PSUV)": the bracketed acronym names the
/// mention before it.
pub(super) fn link_acronyms(text: &Text, mentions: &mut [Mention]) {
    for a in 1..mentions.len() {
        let (before, after) = mentions.split_at_mut(a);
        let m = &mut after[0];
        let prev = &before[a - 1];
        let bracketed = m.first >= 1
            && m.end - m.first == 1
            && text.word(m.first - 1) == "("
            && text
                .tokens()
                .get(m.end)
                .is_some_and(|_| text.word(m.end) == ")")
            && prev.end + 1 == m.first;
        if bracketed && is_acronym(text.word(m.first)) && prev.kind != Kind::Unknown {
            m.kind = prev.kind;
            m.class.clone_from(&prev.class);
            m.acronym_of = Some(a - 1);
            m.rule = "acronym-in-brackets";
        }
    }
}
