//! The scan of a sentence: capitalized runs, where they end, what joins
//! them, and the gazetteer, title and cue look-ups the other rules share.

use crate::gazetteer::PlaceName;

use crate::lexicon;

use super::finder::{is_acronym, Finder};
use super::types::{Mention, TitleMention};

impl Finder<'_> {
    pub(super) fn sentence(
        &self,
        s: usize,
        first: usize,
        end: usize,
        mentions: &mut Vec<Mention>,
        titles: &mut Vec<TitleMention>,
    ) {
        let mut i = first;
        while i < end {
            if self.is_cap_word(i) || is_acronym(self.word(i)) {
                let chunk_end = self.chunk_end(i, end);
                self.chunk(
                    s,
                    i,
                    chunk_end,
                    i == first || self.opens(i),
                    mentions,
                    titles,
                );
                i = chunk_end;
            } else {
                if let Some((title_end, title)) = self.title_at(i, end) {
                    titles.push(TitleMention {
                        first: i,
                        end: title_end,
                        position: title.position.clone(),
                        kind: title.kind,
                        plural: self.plural_title(i, title_end),
                    });
                }
                if let Some(m) = self.event_phrase(s, i, first) {
                    mentions.push(m);
                }
                i += 1;
            }
        }
    }

    /// The end of the capitalized sequence starting at `i`.
    pub(super) fn chunk_end(&self, i: usize, end: usize) -> usize {
        // No name is longer than this; a longer run is several names, and the cap
        // keeps the work on one run bounded.
        const MAX_NAME: usize = 16;
        let end = end.min(i + MAX_NAME);
        let mut j = i + 1;
        let mut has_cue = self.cue(i).is_some();
        loop {
            if j < end && (self.is_cap_word(j) || is_acronym(self.word(j))) {
                has_cue |= self.cue(j).is_some();
                j += 1;
                continue;
            }
            // Connectors, then a capitalized word: "Party of Venezuela", "Front for the
            // Liberation", "Council on American-Islamic Relations".
            let mut k = j;
            while k < end && self.joins(i, j, k) {
                k += 1;
            }
            if k > j && k < end && self.is_cap_word(k) {
                if matches!(self.word(j), "and" | "&") && !self.and_joins(i, j, k, end, has_cue) {
                    return j;
                }
                j = k;
                continue;
            }
            if self.campus(i, j, end) {
                j += 2;
                continue;
            }
            return j;
        }
    }

    /// Does a comma and a city at `j` name the campus of the university `i..j`
    /// ("University of Arkansas, Fayetteville")?
    pub(super) fn campus(&self, i: usize, j: usize, end: usize) -> bool {
        j + 1 < end
            && self.word(j) == ","
            && i + 2 < j
            && self.word(i).eq_ignore_ascii_case("university")
            && self.word(i + 1) == "of"
            && self.is_cap_word(j + 1)
            && matches!(
                self.g.lookup(&self.key(j + 1, j + 2)),
                Some(PlaceName::City(_))
            )
            && (j + 2 >= end
                || match self.word(j + 2) {
                    // A list of places ("University of Iowa, Ames, Des Moines and ...")
                    // is not a campus.
                    "," => {
                        j + 3 < end
                            && !self.is_cap_word(j + 3)
                            && !matches!(self.word(j + 3), "and" | "or")
                    }
                    "and" | "or" => false,
                    _ => !self.is_cap_word(j + 2),
                })
    }

    /// Does token `k` (after the name `i..j`) connect it to more of the name?
    pub(super) fn joins(&self, i: usize, j: usize, k: usize) -> bool {
        let w = self.word(k);
        match w {
            // "on" only after a body that takes a subject ("Council on ...").
            "on" => k == j && lexicon::subject_bodies().contains(&self.word(k - 1).to_lowercase()),
            "the" => k > j && matches!(self.word(k - 1), "of" | "for"),
            // "University of North Carolina at Greensboro".
            // (but not "Museum of Art at Northwestern University": a body at a body)
            "at" => {
                let mut r = k + 1;
                while r < self.text.tokens().len() && self.is_cap_word(r) {
                    r += 1;
                }
                let lowered = |x: usize| self.word(x).to_lowercase();
                k == j
                    && (i..j).any(|x| self.word(x) == "of")
                    && (i..j).any(|x| self.g.org_cues.contains_key(&lowered(x)))
                    && !(k + 1..r).any(|x| {
                        self.g.org_cues.contains_key(&lowered(x))
                            || self.g.place_cues.contains(&lowered(x))
                    })
            }
            "and" | "&" => k == j && j > i,
            _ => lexicon::name_connectors().contains(w),
        }
    }

    /// May "and" (at `j`) join the name `i..j` to the capitalized run from `k`?
    /// Inside a name that "of" opened ("World Congress of Anti-Fascist Youth and
    /// Students"), or when only the run after it has the head ("Aviation & Space
    /// Museum", "Space and Rocket Center"); not for two names ("Civic Party and
    /// Democratic Party", "Claudia Mo and Wong Pik-wan").
    pub(super) fn and_joins(
        &self,
        i: usize,
        j: usize,
        k: usize,
        end: usize,
        left_cue: bool,
    ) -> bool {
        let mut r = k;
        while r < end && self.is_cap_word(r) {
            r += 1;
        }
        let goes_on = r < end && lexicon::name_connectors().contains(self.word(r));
        let right_cue = (k..r).any(|x| self.cue(x).is_some());
        let of_opened = (i..j).any(|x| matches!(self.word(x), "of" | "for"));
        // "Laura & John Arnold Foundation", "Mary & Leigh Block Museum of Art":
        // a given name, and then the name of a body named for two people.
        let left = if self.word(i) == "The" { i + 1 } else { i };
        if j == left + 1 && self.is_given_name(self.word(left)) && right_cue {
            return true;
        }
        // "Tang Teaching Museum and Art Gallery": a named body and a second
        // head of ordinary words (not "Civic Party and Democratic Party").
        let head = |x: usize| self.word(x).to_lowercase();
        if left_cue
            && right_cue
            && !goes_on
            && (i..j).any(|x| self.cue(x).is_none() && !self.g.is_common(self.word(x)))
            && (k..r).all(|x| self.g.is_common(self.word(x)) || self.cue(x).is_some())
            && head(j - 1) != head(r - 1)
            && self.cue(r - 1).is_some()
        {
            return true;
        }
        if goes_on || self.is_given_name(self.word(k)) {
            return false;
        }
        (left_cue && of_opened && !right_cue) || (!left_cue && right_cue)
    }
}
