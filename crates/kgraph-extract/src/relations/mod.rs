//! Stage 4, relations: what the text says about the entities.
//!
//! Sentence-local patterns over mentions and titles: titles before a name
//! ("Venezuelan Interior Minister X", "Venezuela's interior minister X"),
//! appositions after it ("X, the president of Y"; "X, of the Y party"),
//! demonyms before a name ("Venezuelan writer X"), "X is a Venezuelan ...",
//! countries of organizations, places and events, events' dates, "organized
//! by", "held in", "lives in exile in", "ran against", "was declared the
//! winner". Hands on [`Relations`].

use crate::dates::Date;
use crate::entities::Entities;

mod appositions;
mod bodies;
mod competitions;
mod countries;
mod demonyms;
mod elections;
mod events;
pub mod learned;
mod pattern;
mod residence;
mod titles;
mod types;

pub use types::{Object, Relation, Relations};

/// Finds the relations among `entities`; `published` resolves year-less dates.
pub fn find(entities: Entities, published: Option<Date>) -> Relations {
    let mut found = pattern::Finder::new(&entities);
    found.titles();
    found.appositions();
    found.demonyms_before_names();
    found.countries();
    found.events(published);
    found.organizers();
    found.residence();
    found.person_of_body();
    found.elections();
    found.competitors();
    let mut relations = found.into_relations();
    learned::add(learned::Model::shipped(), &entities, &mut relations);
    Relations {
        entities,
        relations,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Text;

    /// The relations of `raw` as (subject, property, object) names.
    fn relations(raw: &str) -> Vec<(String, &'static str, String)> {
        let e = crate::entities::resolve(crate::mentions::find(Text::new(raw)));
        let r = find(e, Date::from_iso("2024-11-18"));
        let name = |i: usize| r.entities.entities[i].name.clone();
        r.relations
            .iter()
            .map(|x| {
                let o = match &x.object {
                    Object::Entity(o) => name(*o),
                    Object::Text(t) => t.clone(),
                    Object::Date(d) => d.to_string(),
                };
                (name(x.subject), x.property.as_str(), o)
            })
            .collect()
    }

    #[test]
    fn patterns() {
        type Triple<'a> = (&'a str, &'a str, &'a str);
        let cases: &[(&str, &[Triple])] = &[
            (
                "Venezuelan Interior Minister Diosdado Cabello spoke.",
                &[
                    ("Diosdado Cabello", "position", "Interior Minister"),
                    ("Diosdado Cabello", "nationality", "Venezuela"),
                    ("Diosdado Cabello", "affiliatedWith", "Venezuela"),
                ],
            ),
            ("Georgia's President Salome Zourabichvili spoke.", &[("Salome Zourabichvili", "leaderOf", "Georgia")]),
            (
                "Italy's Minister of Education Stefania Giannini met President of Italy Sergio Mattarella.",
                &[
                    ("Stefania Giannini", "position", "Minister"),
                    ("Stefania Giannini", "affiliatedWith", "Italy"),
                    ("Sergio Mattarella", "leaderOf", "Italy"),
                ],
            ),
            (
                "Daniel Chapo, of the ruling Front for the Liberation of Mozambique party, won.",
                &[("Daniel Chapo", "memberOf", "Front for the Liberation of Mozambique")],
            ),
            ("Christian K. Caruzo is a Venezuelan writer.", &[("Christian K. Caruzo", "nationality", "Venezuela")]),
            (
                "Edmundo González fled and lives in exile in Spain.",
                &[("Edmundo González", "residesIn", "Spain")],
            ),
            (
                "Fernando Cheung of the Labour Party was elected. DAB's Ben Chan and DAB's Gary Chan were re-elected.",
                &[("Fernando Cheung", "memberOf", "Labour Party"), ("Ben Chan", "memberOf", "DAB")],
            ),
            (
                "The July 28 presidential election was held. Nicolás Maduro ran against Edmundo González.",
                &[
                    ("July 28 presidential election", "date", "2024-07-28"),
                    ("July 28 presidential election", "candidate", "Nicolás Maduro"),
                    ("July 28 presidential election", "candidate", "Edmundo González"),
                ],
            ),
            (
                "After the October election, Daniel Chapo was declared the winner.",
                &[("October election", "winner", "Daniel Chapo"), ("October election", "date", "2024-10")],
            ),
            (
                "Shells fell in Yeoncheon, South Korea. Venezuela's National Electoral Center (CNE) met.",
                &[("Yeoncheon", "country", "South Korea"), ("National Electoral Center", "country", "Venezuela")],
            ),
            (
                "In Venezuela, an event was organized by the ruling United Socialist Party of Venezuela (PSUV) in Caracas.",
                &[
                    ("United Socialist Party of Venezuela", "country", "Venezuela"),
                    ("Caracas", "country", "Venezuela"),
                ],
            ),
        ];
        for (raw, want) in cases {
            let got = relations(raw);
            for (s, p, o) in *want {
                assert!(
                    got.iter().any(|(gs, gp, go)| gs == s && gp == p && go == o),
                    "{s} {p} {o} not found in {raw:?}: {got:?}"
                );
            }
        }
    }

    #[test]
    fn events_take_date_and_place_from_their_clause() {
        // Published 2024-11-18, a Monday.
        let got = relations("The Venezuelan presidential election was held on Sunday in Caracas.");
        for want in [
            ("presidential election", "date", "2024-11-17"),
            ("presidential election", "location", "Caracas"),
        ] {
            assert!(
                got.iter()
                    .any(|(s, p, o)| s.ends_with(want.0) && *p == want.1 && o == want.2),
                "{want:?} not in {got:?}"
            );
        }
        let got = relations("The first meeting is set to take place in Christchurch on May 16.\nTuesday, May 7, 2015");
        assert!(
            got.iter()
                .any(|(_, p, o)| *p == "date" && o == "2025-05-16"),
            "{got:?}"
        );
        assert!(
            got.iter()
                .all(|(_, p, o)| !(*p == "date" && o.starts_with("2015"))),
            "the next line is another sentence: {got:?}"
        );
    }

    #[test]
    fn competitors_take_part_in_the_competition() {
        let got = relations(
            "On day five of the 2018 FIFA World Cup, Sweden defeated South Korea and England beat Tunisia. \
             The Afghan team and teams from Gabon and Syria watched.",
        );
        for c in ["Sweden", "South Korea", "Afghanistan", "Gabon", "Syria"] {
            assert!(
                got.iter().any(|(_, p, o)| *p == "participant" && o == c),
                "{c} not in {got:?}"
            );
        }
    }

    #[test]
    fn plural_titles_go_to_every_name_of_the_list() {
        let got = relations(
            "Pro-Beijing councillors Ann Chiang of DAB and Priscilla Leung of BPA were re-elected.",
        );
        for p in ["Ann Chiang", "Priscilla Leung"] {
            assert!(
                got.iter()
                    .any(|(s, r, o)| s == p && *r == "position" && o == "Councillor"),
                "{p}: {got:?}"
            );
        }
    }

    #[test]
    fn possessives_give_the_office_but_not_nationality() {
        let got = relations("Venezuela's interior minister Diosdado Cabello spoke.");
        assert!(
            got.iter()
                .any(|(_, p, o)| *p == "affiliatedWith" && o == "Venezuela"),
            "{got:?}"
        );
        assert!(got.iter().all(|(_, p, _)| *p != "nationality"), "{got:?}");
    }
}
