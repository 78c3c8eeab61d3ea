//! Dates as the spec writes them: ISO 8601 prefixes as far as the text fixes
//! them (`2024-07-28`, `2024-07`, `2024`, `--07-28`, `--07`).

use std::fmt;

/// A calendar date with the parts the text fixed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// Year, if stated.
    pub year: Option<i32>,
    /// Month 1-12, if stated.
    pub month: Option<u8>,
    /// Day 1-31, if stated (only with a month).
    pub day: Option<u8>,
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// The month number of an English month name or abbreviation ("Jan.", "Sept").
pub fn month(word: &str) -> Option<u8> {
    let w = word.trim_end_matches('.').to_lowercase();
    if w.len() < 3 {
        return None;
    }
    let full = MONTHS.iter().position(|m| *m == w);
    let abbrev = || {
        if w == "sept" {
            return Some(8);
        }
        (w.len() == 3 && word.ends_with('.') || w.len() == 3 && w != "may" && w != "mar")
            .then(|| MONTHS.iter().position(|m| m.starts_with(&w)))
            .flatten()
    };
    full.or_else(abbrev).map(|i| i as u8 + 1)
}

/// Is `word` an English weekday name?
pub fn is_weekday(word: &str) -> bool {
    matches!(
        word,
        "Monday" | "Tuesday" | "Wednesday" | "Thursday" | "Friday" | "Saturday" | "Sunday"
    )
}

/// The year a word writes, from 1000 to 2999 ("2018").
pub fn year(word: &str) -> Option<i32> {
    (word.len() == 4 && word.bytes().all(|b| b.is_ascii_digit()))
        .then(|| word.parse().ok())
        .flatten()
        .filter(|y| (1000..=2999).contains(y))
}

fn day(word: &str) -> Option<u8> {
    let digits = word
        .trim_end_matches("st")
        .trim_end_matches("nd")
        .trim_end_matches("rd")
        .trim_end_matches("th");
    (digits.len() <= 2 && !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()))
        .then(|| digits.parse().ok())
        .flatten()
        .filter(|d| (1..=31).contains(d))
}

impl Date {
    /// Parses a date expression from its words: "July 28", "July 28, 2024",
    /// "28 July 2024", "October", "October 2024", "2018". Other words are ignored,
    /// so an event name's words can be passed whole.
    pub fn parse(words: &[&str]) -> Option<Date> {
        let mut date = Date {
            year: None,
            month: None,
            day: None,
        };
        for (i, w) in words.iter().enumerate() {
            if let Some(m) = month(w).filter(|_| date.month.is_none()) {
                // "may" and "march" are verbs too: a month must be capitalized.
                if w.chars().next().is_some_and(char::is_uppercase) {
                    date.month = Some(m);
                    let next = words.get(i + 1).and_then(|w| day(w));
                    let prev = i.checked_sub(1).and_then(|p| day(words[p]));
                    date.day = next.or(prev);
                }
            } else if let Some(y) = year(w).filter(|_| date.year.is_none()) {
                date.year = Some(y);
            }
        }
        (date.year.is_some() || date.month.is_some()).then_some(date)
    }

    /// Gives a year-less date the year that puts it nearest `published`
    /// (spec, annotation decision 12).
    pub fn resolve(self, published: Option<Date>) -> Date {
        match (self.year, self.month, published) {
            (
                None,
                Some(m),
                Some(Date {
                    year: Some(py),
                    month: Some(pm),
                    day: pd,
                }),
            ) => {
                let here = (i32::from(m) * 31 + i32::from(self.day.unwrap_or(15)))
                    - (i32::from(pm) * 31 + i32::from(pd.unwrap_or(15)));
                // More than half a year ahead is last year; more than half behind, next.
                let year = if here > 183 {
                    py - 1
                } else if here < -183 {
                    py + 1
                } else {
                    py
                };
                Date {
                    year: Some(year),
                    ..self
                }
            }
            _ => self,
        }
    }

    /// Parses an ISO form (`2024-07-28`, `2024-07`, `2024`, `--07-28`, `--07`).
    pub fn from_iso(s: &str) -> Option<Date> {
        let num = |p: &str, len: usize| {
            (p.len() == len && p.bytes().all(|b| b.is_ascii_digit()))
                .then(|| p.parse::<i32>().ok())
                .flatten()
        };
        let (year, rest) = match s.strip_prefix("--") {
            Some(rest) => (None, rest),
            None => {
                let (y, rest) = s.split_once('-').unwrap_or((s, ""));
                (Some(num(y, 4)?), rest)
            }
        };
        let mut parts = rest.split('-').filter(|p| !p.is_empty());
        let month = match parts.next() {
            Some(m) => Some(num(m, 2)?),
            None => None,
        };
        let day = match parts.next() {
            Some(d) => Some(num(d, 2)?),
            None => None,
        };
        if parts.next().is_some() || (year.is_none() && month.is_none()) {
            return None;
        }
        let date = Date {
            year,
            month: month.map(|m| m as u8),
            day: day.map(|d| d as u8),
        };
        let valid = date.month.is_none_or(|m| (1..=12).contains(&m))
            && date.day.is_none_or(|d| (1..=31).contains(&d));
        valid.then_some(date)
    }

    /// The XML Schema datatype of this form, as a local name (`date`, `gYearMonth`, ...).
    pub fn xsd_local_name(&self) -> &'static str {
        match (self.year, self.month, self.day) {
            (Some(_), Some(_), Some(_)) => "date",
            (Some(_), Some(_), None) => "gYearMonth",
            (Some(_), None, _) => "gYear",
            (None, Some(_), Some(_)) => "gMonthDay",
            (None, _, _) => "gMonth",
        }
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
fn days_from_civil(y: i32, m: u8, d: u8) -> i64 {
    let y = i64::from(y) - i64::from(m <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of a day count since 1970-01-01.
fn civil_from_days(days: i64) -> (i32, u8, u8) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let month = (if mp < 10 { mp + 3 } else { mp - 9 }) as u8;
    ((yoe + era * 400 + i64::from(month <= 2)) as i32, month, day)
}

const WEEKDAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

impl Date {
    /// The full date of a day count since 1970-01-01 (UTC).
    pub fn from_unix_days(days: i64) -> Date {
        let (year, month, day) = civil_from_days(days);
        Date {
            year: Some(year),
            month: Some(month),
            day: Some(day),
        }
    }

    /// A relative date ("yesterday", "today", "Sunday", "on Tuesday") resolved
    /// against a full publication date: a weekday is the last such day on or
    /// before publication, as news reports what happened.
    pub fn relative(word: &str, published: Option<Date>) -> Option<Date> {
        let Some(Date {
            year: Some(y),
            month: Some(m),
            day: Some(d),
        }) = published
        else {
            return None;
        };
        let today = days_from_civil(y, m, d);
        let day = match word {
            "today" | "Today" => today,
            "yesterday" | "Yesterday" => today - 1,
            w => {
                let target = WEEKDAYS.iter().position(|d| *d == w)? as i64;
                // 1970-01-01 was a Thursday (index 3).
                let weekday = (today + 3).rem_euclid(7);
                today - (weekday - target).rem_euclid(7)
            }
        };
        let (year, month, day) = civil_from_days(day);
        Some(Date {
            year: Some(year),
            month: Some(month),
            day: Some(day),
        })
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.year {
            Some(y) => write!(f, "{y:04}")?,
            None => write!(f, "-")?,
        }
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
            if let Some(d) = self.day {
                write!(f, "-{d:02}")?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_writes_the_spec_forms() {
        let cases: &[(&[&str], &str)] = &[
            (&["July", "28", "presidential", "election"], "--07-28"),
            (&["October", "election"], "--10"),
            (&["election", "sham", "in", "2018"], "2018"),
            (&["October", "2024"], "2024-10"),
            (&["July", "28", ",", "2024"], "2024-07-28"),
            (&["28th", "July", "2024"], "2024-07-28"),
            (&["Sept.", "11"], "--09-11"),
        ];
        for (words, want) in cases {
            assert_eq!(
                Date::parse(words).map(|d| d.to_string()).as_deref(),
                Some(*want),
                "{words:?}"
            );
        }
        assert_eq!(Date::parse(&["they", "may", "go"]), None);
        assert_eq!(Date::parse(&["presidential", "election"]), None);
    }

    #[test]
    fn iso_round_trip_and_datatypes() {
        for (s, dt) in [
            ("2024-07-28", "date"),
            ("2024-07", "gYearMonth"),
            ("2024", "gYear"),
            ("--07-28", "gMonthDay"),
            ("--10", "gMonth"),
        ] {
            let d = Date::from_iso(s).unwrap();
            assert_eq!(d.to_string(), s);
            assert_eq!(d.xsd_local_name(), dt);
        }
        for bad in ["2024-13", "24", "--", "2024-07-28-1", "July"] {
            assert_eq!(Date::from_iso(bad), None, "{bad}");
        }
    }

    #[test]
    fn relative_dates_resolve_against_publication() {
        // 2016-09-09 was a Friday.
        let published = Date::from_iso("2016-09-09");
        let cases = [
            ("Sunday", "2016-09-04"),
            ("Friday", "2016-09-09"),
            ("yesterday", "2016-09-08"),
            ("Saturday", "2016-09-03"),
        ];
        for (w, want) in cases {
            assert_eq!(
                Date::relative(w, published)
                    .map(|d| d.to_string())
                    .as_deref(),
                Some(want),
                "{w}"
            );
        }
        assert_eq!(Date::from_unix_days(0).to_string(), "1970-01-01");
        assert_eq!(Date::from_unix_days(19_723).to_string(), "2024-01-01");
        assert_eq!(Date::relative("Sunday", None), None);
        assert_eq!(Date::relative("Sunday", Date::from_iso("2016-09")), None);
        // Across a year boundary.
        assert_eq!(
            Date::relative("yesterday", Date::from_iso("2024-01-01"))
                .map(|d| d.to_string())
                .as_deref(),
            Some("2023-12-31")
        );
    }

    #[test]
    fn year_less_dates_take_the_nearest_year() {
        let published = Date::from_iso("2024-11-18");
        let cases = [
            ("--07-28", "2024-07-28"),
            ("--01-10", "2025-01-10"),
            ("--10", "2024-10"),
        ];
        for (d, want) in cases {
            assert_eq!(
                Date::from_iso(d).unwrap().resolve(published).to_string(),
                want
            );
        }
        assert_eq!(
            Date::from_iso("--08").unwrap().resolve(None).to_string(),
            "--08"
        );
    }
}
