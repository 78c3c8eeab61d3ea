//! A capitalized run split into names: leading modifiers (titles,
//! demonyms, honorifics) off, bodies and their office holders apart.

use crate::gazetteer::PlaceName;
use crate::schema::EntityType;

use crate::lexicon;

use super::finder::{adjectival, currency_code, is_acronym, is_capitalized, Finder};
use super::types::{Kind, Mention, TitleMention};

impl Finder<'_> {
    #[allow(clippy::too_many_arguments)]
    /// Splits and types the capitalized run `i..end`. Work is kept on an explicit
    /// to-do list, not the call stack, so no input can nest it deeply.
    pub(super) fn chunk(
        &self,
        s: usize,
        i: usize,
        end: usize,
        sentence_start: bool,
        mentions: &mut Vec<Mention>,
        titles: &mut Vec<TitleMention>,
    ) {
        let mut todo = vec![(i, end, sentence_start)];
        while let Some((i, end, sentence_start)) = todo.pop() {
            self.chunk_step(s, i, end, sentence_start, mentions, titles, &mut todo);
        }
    }

    /// One step of [`Self::chunk`]: types what it can of `i..end` and leaves the
    /// parts still to split on `todo`.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn chunk_step(
        &self,
        s: usize,
        mut i: usize,
        end: usize,
        sentence_start: bool,
        mentions: &mut Vec<Mention>,
        titles: &mut Vec<TitleMention>,
        todo: &mut Vec<(usize, usize, bool)>,
    ) {
        // A country's code before a currency sign is part of an amount
        // ("NZ$26 million", "HK $ 5"), not a name.
        if currency_code(self.text, i, end) {
            return;
        }
        // A name that the lists of known names give to a body alone ("Real
        // Madrid", "Manchester United", "Labour"): an organization, whatever
        // places or common words it holds. Not where the other rules know
        // better: a name with a cue word ("Democratic Party": its class) or
        // one the gazetteer has ("United Nations": its identity); nor an
        // acronym or a word alone that modifies a noun ("PC", "the
        // Conservative government").
        let words: Vec<&str> = (i..end).map(|k| self.word(k)).collect();
        let modifies = |k: usize| {
            k < self.text.tokens().len()
                && !is_capitalized(self.word(k))
                && self.g.common_pos(self.word(k)) == Some("NOUN")
        };
        let known = crate::names::Names::get()
            .body_at(&words)
            .filter(|&(n, _)| {
                !(i..i + n).any(|k| self.cue(k).is_some())
                    && self
                        .gazetteer_at(i, end)
                        .is_none_or(|(g_end, _)| g_end < i + n)
                    && (n > 1 || !(is_acronym(words[0]) || adjectival(words[0]) || modifies(i + 1)))
            });
        if let Some((n, class)) = known {
            mentions.push(Mention {
                class: class.map(str::to_owned),
                rule: "known-name",
                ..self.mention(s, i, i + n, Kind::Typed(EntityType::Organization))
            });
            if i + n < end {
                todo.push((i + n, end, false));
            }
            return;
        }
        // A sentence-initial common word is not part of a name ("According to",
        // "Here", "The"), unless it is a noun or adjective that a longer name goes
        // on from ("World Congress of ...", "National Electoral Center").
        if sentence_start && i < end {
            let w = self.word(i);
            let droppable = match self.g.common_pos(w) {
                // An adjective-like word the lexicon lacks ("Nonpartisan",
                // "Pan-democrat") before a two- or three-word name.
                None => {
                    let lower = w.to_lowercase();
                    let adjectival = lexicon::adjective_like_suffixes().ends(&lower)
                        || lower.split_once('-').is_some_and(|(_, b)| !b.is_empty());
                    adjectival
                        && w.len() > 6
                        && (3..=4).contains(&(end - i))
                        && !self.is_given_name(w)
                }
                // "Sensitive Canadian document", "Nonpartisan Paul Tse": an
                // ordinary word before a known name or a given name is not part of it.
                Some(pos @ ("NOUN" | "ADJ")) => {
                    end - i == 1
                        || lexicon::name_initial().contains(w)
                        || (pos == "ADJ" && self.gazetteer_at(i + 1, end).is_some())
                        || (self.is_given_name(self.word(i + 1)) && end - i <= 4)
                }
                Some(_) => true,
            };
            if droppable
                && !self.g.given_names.contains(w)
                && self.gazetteer_at(i, end).is_none()
                && self.title_at(i, end).is_none()
            {
                let mut next = i + 1;
                while next < end && lexicon::name_connectors().contains(self.word(next)) {
                    next += 1;
                }
                return todo.push((next, end, false));
            }
        }
        if i >= end {
            return;
        }
        // Leading modifiers: countries, demonyms and titles ("Venezuelan Interior
        // Minister", "U.S. Secretary of State"), honorifics.
        let mut titled = false;
        let mut the_name = false;
        loop {
            if i >= end {
                return;
            }
            if lexicon::honorifics().contains(self.word(i)) {
                titled = true;
                i += 1;
                continue;
            }
            // "The Church of Scientology" is "Church of Scientology"; a name with
            // "The" is never a person's ("The Velvet Underground").
            if self.word(i) == "The" && i + 1 < end {
                i += 1;
                the_name = true;
                continue;
            }
            // "Team Estonia": a national team is its country (spec, decision 3).
            if self.word(i) == "Team" {
                if let Some((g_end, place @ PlaceName::Country(_))) = self.gazetteer_at(i + 1, end)
                {
                    if g_end == end {
                        return mentions.push(self.gazetteer_mention(s, i + 1, end, place));
                    }
                }
            }
            if let Some((title_end, title)) = self.title_at(i, end) {
                // "Director of the National Iodine Nutrition Study": the title is
                // of a body, and the body is a name of its own.
                if title_end < end && lexicon::name_connectors().contains(self.word(title_end)) {
                    titles.push(TitleMention {
                        first: i,
                        end: title_end,
                        position: title.position.clone(),
                        kind: title.kind,
                        plural: self.plural_title(i, title_end),
                    });
                    let mut tail = title_end;
                    while tail < end
                        && (lexicon::name_connectors().contains(self.word(tail))
                            || self.word(tail) == "the")
                    {
                        tail += 1;
                    }
                    // "Minister of Education Stefania Giannini", "Governor of
                    // Washington Chris Gregoire": the body, then its office holder.
                    let holder = (tail + 1..end).find(|&k| {
                        (self.is_given_name(self.word(k))
                            || lexicon::honorifics().contains(self.word(k)))
                            && (2..=4).contains(&(end - k))
                    });
                    if let Some(k) = holder {
                        todo.push((tail, k, false));
                        let mut name = k;
                        while name < end && lexicon::honorifics().contains(self.word(name)) {
                            name += 1;
                        }
                        if name < end {
                            mentions.push(self.typed_chunk(s, name, end, true));
                        }
                        return;
                    }
                    return todo.push((tail, end, false));
                }
                // A title is a modifier only when a name follows it.
                if title_end < end {
                    titles.push(TitleMention {
                        first: i,
                        end: title_end,
                        position: title.position.clone(),
                        kind: title.kind,
                        plural: self.plural_title(i, title_end),
                    });
                    titled = true;
                    i = title_end;
                    continue;
                }
            }
            match self.gazetteer_at(i, end) {
                Some((g_end, place)) if g_end == end && self.place_fits(i, g_end, place) => {
                    return mentions.push(self.gazetteer_mention(s, i, g_end, place));
                }
                Some((g_end, place @ (PlaceName::Country(_) | PlaceName::Demonym(_))))
                    if !titled
                        && !self.name_continues_with_connector(g_end, end)
                        && !(g_end..end).any(|k| {
                            self.g.org_cues.contains_key(&self.word(k).to_lowercase())
                        }) =>
                {
                    mentions.push(self.gazetteer_mention(s, i, g_end, place));
                    i = g_end;
                    continue;
                }
                _ => {}
            }
            break;
        }
        // "Colorado State University of the US": a body, then its country.
        if end - i >= 4 && self.word(end - 2) != "of" {
            let the = (i + 1..end - 1)
                .rev()
                .find(|&k| self.word(k) == "of" && self.word(k + 1) == "the");
            if let Some(of) = the {
                let country = self.gazetteer_at(of + 2, end).filter(|(g_end, place)| {
                    *g_end == end && matches!(place, PlaceName::Country(_))
                });
                let body_cue =
                    (i..of).any(|x| self.g.org_cues.contains_key(&self.word(x).to_lowercase()));
                if let (Some((_, place)), true) = (country, body_cue) {
                    mentions.push(self.typed_chunk(s, i, of, titled));
                    mentions.push(self.gazetteer_mention(s, of + 2, end, place));
                    return;
                }
            }
        }
        // "Museum of Flight CEO Bonnie Dunbar", "State Department Spokesperson": an
        // organization, then a title (and its holder).
        let org_then_title = (i + 1..end).find(|&k| {
            is_capitalized(self.word(k))
                && self.title_at(k, end).is_some()
                && (i..k).any(|x| self.g.org_cues.contains_key(&self.word(x).to_lowercase()))
                && !lexicon::name_connectors().contains(self.word(k - 1))
        });
        if let Some(k) = org_then_title {
            mentions.push(self.typed_chunk(s, i, k, titled));
            return todo.push((k, end, false));
        }
        // "CEO of the Refugee Council Enver Solomon told", "director of the Council
        // on ... Relations Alia Salem said": a body, then the name of a person.
        if let Some(k) = self.person_after_body(i, end) {
            mentions.push(self.typed_chunk(s, i, k, titled));
            mentions.push(Mention {
                rule: "name-after-body",
                ..self.mention(s, k, end, Kind::Typed(EntityType::Person))
            });
            return;
        }
        // "Lee Cheuk-yan of the Labour Party", "Kim Jong-un of North Korea": a name
        // with no cue before "of" is a name of its own, and so is what follows.
        let head_end = (i + 1..end).find(|&k| matches!(self.word(k), "of" | "for"));
        if let Some(head_end) = head_end {
            if (i..head_end).all(|k| self.cue(k).is_none()) {
                mentions.push(self.typed_chunk(s, i, head_end, titled));
                let mut tail = head_end;
                while tail < end
                    && (lexicon::name_connectors().contains(self.word(tail))
                        || self.word(tail) == "the")
                {
                    tail += 1;
                }
                return todo.push((tail, end, false));
            }
        }
        // "the Monti government", "the Trump administration": a named cabinet is
        // an organization (a country's government is the country).
        let tokens = self.text.tokens().len();
        if !titled
            && end < tokens
            && end - i <= 2
            && lexicon::cabinet_nouns().contains(self.word(end))
            && (i..end).all(|x| {
                let w = self.word(x);
                is_capitalized(w) && !is_acronym(w) && !self.g.is_common(w) && !adjectival(w)
            })
            && self.gazetteer_at(i, end).is_none()
        {
            return mentions.push(Mention {
                class: Some("GovernmentBody".to_owned()),
                rule: "named-government",
                ..self.mention(s, i, end + 1, Kind::Typed(EntityType::Organization))
            });
        }
        let mut m = self.typed_chunk(s, i, end, titled);
        // "The Velvet Underground": a capitalized "The" before a name that
        // would be guessed a person, or a thing by its last word, names a body.
        if the_name
            && (m.kind == Kind::Typed(EntityType::Person)
                && matches!(m.rule, "capitalized-name" | "given-name")
                || m.kind == Kind::Unknown && m.rule == "name-head")
        {
            m.kind = Kind::Typed(EntityType::Organization);
            m.rule = "the-name";
        }
        mentions.push(m);
    }
}
