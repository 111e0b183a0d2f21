//! The back office's figures, kept by the stream as counters so that no request counts documents: how many are
//! in each status and, of the open ones, of each kind, category, type, unit, district, channel and assignee (per unit and
//! for the whole city); and per month, what was filed by which channel, how long the first action and the
//! close took, per unit and per clerk; and the open documents of each unit by filing day, from which the ageing
//! report takes its bands (ages move with the clock, filing days do not).

use super::document::{Document, Subject};
use super::overview::{CounterKey, Scope};
use jiff::Timestamp;
use serde::Serialize;
use std::collections::BTreeMap;

/// The whole city's desk counters.
pub const CITY: &str = "*";
/// The name an unassigned document counts under.
pub const NOBODY: &str = "-";

fn facets(document: &Document) -> Vec<String> {
    let mut names = vec![format!("status#{}", document.status.as_str())];
    if document.status.is_open() {
        names.push(format!("open#kind#{}", document.kind().as_str()));
        if let Subject::Signal { category, signal_type, .. } = &document.subject {
            names.push(format!("open#category#{category}"));
            names.push(format!("open#type#{signal_type}"));
        }
        names.push(format!("open#unit#{}", document.unit));
        names.push(format!("open#district#{}", document.district.as_deref().unwrap_or(NOBODY)));
        names.push(format!("open#channel#{}", document.channel.as_str()));
        names.push(format!("open#assignee#{}", document.assignee.as_deref().unwrap_or(NOBODY)));
    }
    names
}

fn add(deltas: &mut BTreeMap<CounterKey, i64>, scope: Scope, name: String, delta: i64) {
    *deltas.entry(CounterKey { scope, name }).or_default() += delta;
}

/// The ageing counter's name for all of a unit's open documents (after every `yyyy-mm-dd`).
const ALL_OPEN: &str = "open";

/// The desk counters a change moves: out of what the document was, into what it is (units and the city), and
/// its unit's open documents by filing day.
pub fn desk_deltas(before: Option<&Document>, after: Option<&Document>) -> BTreeMap<CounterKey, i64> {
    let mut deltas = BTreeMap::new();
    for (document, sign) in [(before, -1), (after, 1)] {
        let Some(document) = document else { continue };
        for name in facets(document) {
            for scope in [Scope::Desk(document.unit.clone()), Scope::Desk(CITY.into())] {
                add(&mut deltas, scope, name.clone(), sign);
            }
        }
        if document.status.is_open() {
            let filed = sofia_day(document.registered_at).to_string();
            add(&mut deltas, Scope::Ageing(document.unit.clone()), filed, sign);
            add(&mut deltas, Scope::Ageing(document.unit.clone()), ALL_OPEN.into(), sign);
        }
    }
    deltas.retain(|_, delta| *delta != 0);
    deltas
}

fn sofia_day(at: Timestamp) -> jiff::civil::Date {
    at.to_zoned_datetime(super::calendar::sofia_time_zone()).date()
}

fn month_of(at: Timestamp) -> String {
    at.to_zoned_datetime(super::calendar::sofia_time_zone()).strftime("%Y-%m").to_string()
}

fn hours_between(from: Timestamp, to: Timestamp) -> i64 {
    (to.as_second() - from.as_second()).max(0) / 3600
}

/// The month's staff statistics a change moves, at `at`: a filing (unit, channel), the first action (unit,
/// clerk, hours since filing) and a close (unit, clerk it was assigned to, hours since filing).
pub fn staff_deltas(before: Option<&Document>, after: Option<&Document>, at: Timestamp) -> BTreeMap<CounterKey, i64> {
    let mut deltas = BTreeMap::new();
    let Some(document) = after else { return deltas };
    let scope = Scope::StaffMonth(month_of(at));
    let mut count = |name: String, hours: Option<i64>| {
        add(&mut deltas, scope.clone(), format!("{name}#count"), 1);
        if let Some(hours) = hours {
            add(&mut deltas, scope.clone(), format!("{name}#hours"), hours);
        }
    };
    match before {
        None => {
            count(format!("filed#unit#{}", document.unit), None);
            count(format!("filed#channel#{}", document.channel.as_str()), None);
        }
        Some(before) => {
            if let (None, Some(first)) = (before.first_action_at, document.first_action_at) {
                let hours = hours_between(document.registered_at, first);
                count(format!("first_action#unit#{}", document.unit), Some(hours));
                let clerk = document.first_action_by.as_deref().unwrap_or(NOBODY);
                count(format!("first_action#clerk#{clerk}"), Some(hours));
            }
            if before.status.is_open() && !document.status.is_open() {
                let hours = hours_between(document.registered_at, at);
                count(format!("closed#unit#{}", document.unit), Some(hours));
                count(format!("closed#clerk#{}", document.assignee.as_deref().unwrap_or(NOBODY)), Some(hours));
            }
        }
    }
    deltas
}

/// The desk's counts as the console shows them next to each filter.
#[derive(Debug, Clone, Default, Serialize, PartialEq, schemars::JsonSchema)]
pub struct DeskCounts {
    /// Every status, the decided ones too.
    pub status: BTreeMap<String, i64>,
    /// Of the open documents: by `kind`, `category`, `type`, `unit`, `district`, `channel` and `assignee` (`-`:
    /// none). The filters that move with the clock (overdue, age) or with followers have no count.
    pub open: BTreeMap<String, BTreeMap<String, i64>>,
}

impl DeskCounts {
    pub fn of(rows: &[super::overview::CounterRow]) -> Self {
        let mut counts = Self::default();
        // A counter below zero (a document counted out that was never counted in) shows as none.
        for row in rows.iter().filter(|r| r.value > 0) {
            let mut parts = row.name.splitn(3, '#');
            match (parts.next(), parts.next(), parts.next()) {
                (Some("status"), Some(status), None) => {
                    counts.status.insert(status.to_owned(), row.value);
                }
                (Some("open"), Some(facet), Some(value)) => {
                    counts.open.entry(facet.to_owned()).or_default().insert(value.to_owned(), row.value);
                }
                _ => {}
            }
        }
        counts
    }
}

/// One line of the month's statistics: how many, and the mean in hours when timed.
#[derive(Debug, Clone, Default, Serialize, PartialEq, schemars::JsonSchema)]
pub struct Timed {
    pub count: i64,
    pub mean_hours: Option<i64>,
}

/// A month's staff statistics: per unit, per clerk, per channel.
#[derive(Debug, Clone, Default, Serialize, PartialEq, schemars::JsonSchema)]
pub struct StaffMonth {
    pub month: String,
    /// `filed`, `first_action`, `closed` → unit → figures.
    pub units: BTreeMap<String, BTreeMap<String, Timed>>,
    /// `first_action`, `closed` → clerk → figures.
    pub clerks: BTreeMap<String, BTreeMap<String, Timed>>,
    /// Filed per channel.
    pub channels: BTreeMap<String, i64>,
}

impl StaffMonth {
    /// The month's figures from its counters; only `units` (when given) are kept.
    pub fn of(month: &str, rows: &[super::overview::CounterRow], units: Option<&[String]>) -> Self {
        let mut sums: BTreeMap<(String, String, String), (i64, i64)> = BTreeMap::new();
        for row in rows {
            let parts: Vec<&str> = row.name.split('#').collect();
            let [measure, by, who, field] = parts.as_slice() else { continue };
            let entry = sums.entry(((*measure).into(), (*by).into(), (*who).into())).or_default();
            match *field {
                "count" => entry.0 += row.value,
                "hours" => entry.1 += row.value,
                _ => {}
            }
        }
        let mut figures = Self { month: month.to_owned(), ..Self::default() };
        for ((measure, by, who), (count, hours)) in sums {
            let timed = Timed { count, mean_hours: (measure != "filed" && count > 0).then(|| hours / count) };
            match by.as_str() {
                "unit" if units.is_none_or(|u| u.contains(&who)) => {
                    figures.units.entry(measure).or_default().insert(who, timed);
                }
                "clerk" if units.is_none() => {
                    figures.clerks.entry(measure).or_default().insert(who, timed);
                }
                "channel" if units.is_none() => {
                    figures.channels.insert(who, count);
                }
                _ => {}
            }
        }
        figures
    }
}

/// The ageing bands of open documents, in days since filing: up to 7, 30, 90, 180, and older.
pub const AGE_BANDS: [(&str, i64); 5] = [("0-7", 7), ("8-30", 30), ("31-90", 90), ("91-180", 180), ("181+", i64::MAX)];

/// The band of an open document filed `days` ago.
pub fn age_band(days: i64) -> &'static str {
    AGE_BANDS.iter().find(|(_, upto)| days <= *upto).map_or("181+", |(name, _)| name)
}

/// The first filing day the ageing report reads on `today`: the older days are the oldest band's, taken as what
/// is left of the total.
pub fn ageing_from(today: jiff::civil::Date) -> String {
    today.saturating_sub(jiff::Span::new().days(AGE_BANDS[3].1)).to_string()
}

/// A unit's open documents by age band on `today`, from its ageing counters since [`ageing_from`].
pub fn ageing_bands(rows: &[super::overview::CounterRow], today: jiff::civil::Date) -> BTreeMap<String, u64> {
    let mut bands: BTreeMap<String, u64> = AGE_BANDS.iter().map(|(name, _)| ((*name).to_owned(), 0)).collect();
    let mut total = 0;
    let mut banded = 0;
    for row in rows.iter().filter(|r| r.value > 0) {
        let count = row.value.unsigned_abs();
        if row.name == ALL_OPEN {
            total = count;
        } else if let Ok(filed) = row.name.parse::<jiff::civil::Date>() {
            let days = (today - filed).get_days().max(0);
            *bands.entry(age_band(days.into()).to_owned()).or_default() += count;
            banded += count;
        }
    }
    *bands.entry(AGE_BANDS[4].0.to_owned()).or_default() += total.saturating_sub(banded);
    bands
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::document::sample_signal;
    use crate::domain::status::Status;

    fn named(deltas: &BTreeMap<CounterKey, i64>, scope: &Scope) -> BTreeMap<String, i64> {
        deltas.iter().filter(|(k, _)| &k.scope == scope).map(|(k, v)| (k.name.clone(), *v)).collect()
    }

    #[test]
    fn a_status_change_moves_its_status_and_closing_takes_it_out_of_the_open_facets() {
        let before = sample_signal("district-lozenets");
        let mut after = before.clone();
        after.status = Status::Registered;
        let unit = Scope::Desk("district-lozenets".into());
        assert_eq!(
            named(&desk_deltas(Some(&before), Some(&after)), &unit),
            BTreeMap::from([("status#new".into(), -1), ("status#registered".into(), 1)])
        );
        after.status = Status::Rejected;
        let closed = desk_deltas(Some(&before), Some(&after));
        assert_eq!(named(&closed, &Scope::Desk(CITY.into())).get("open#category#streets"), Some(&-1));
    }

    #[test]
    fn the_ageing_bands_count_the_last_180_days_by_filing_day_and_the_rest_from_the_open_total() {
        let filed = sample_signal("district-lozenets");
        let unit = Scope::Ageing("district-lozenets".into());
        let opened = named(&desk_deltas(None, Some(&filed)), &unit);
        let day = sofia_day(filed.registered_at);
        assert_eq!(opened, BTreeMap::from([(day.to_string(), 1), ("open".into(), 1)]));
        let mut closed = filed.clone();
        closed.status = crate::domain::status::Status::Rejected;
        assert_eq!(named(&desk_deltas(Some(&filed), Some(&closed)), &unit).values().sum::<i64>(), -2);

        let row = |name: &str, value| crate::domain::overview::CounterRow { name: name.into(), value };
        let today = jiff::civil::date(2026, 12, 6);
        assert_eq!(ageing_from(today), "2026-06-09");
        // Two filed today, one 8 days ago, one 180 days ago; three more open from before the window.
        let rows = [row("2026-12-06", 2), row("2026-11-28", 1), row("2026-06-09", 1), row("open", 7)];
        let bands = ageing_bands(&rows, today);
        let expected = [("0-7", 2), ("8-30", 1), ("31-90", 0), ("91-180", 1), ("181+", 3)];
        assert_eq!(bands, expected.iter().map(|(b, n)| ((*b).to_owned(), *n)).collect());
    }

    #[test]
    fn the_first_action_and_the_close_are_timed_per_unit_and_clerk() {
        let filed = sample_signal("district-lozenets");
        let at = filed.registered_at.checked_add(jiff::SignedDuration::from_hours(5)).unwrap();
        let mut acted = filed.clone();
        acted.first_action_at = Some(at);
        acted.first_action_by = Some("Служител".into());
        let first = named(&staff_deltas(Some(&filed), Some(&acted), at), &Scope::StaffMonth("2026-11".into()));
        assert_eq!(first.get("first_action#unit#district-lozenets#hours"), Some(&5));
        assert_eq!(first.get("first_action#clerk#Служител#count"), Some(&1));
        let rows: Vec<_> = first
            .iter()
            .map(|(name, value)| crate::domain::overview::CounterRow { name: name.clone(), value: *value })
            .collect();
        let month = StaffMonth::of("2026-11", &rows, None);
        assert_eq!(month.units["first_action"]["district-lozenets"], Timed { count: 1, mean_hours: Some(5) });
    }

    #[test]
    fn bands_cover_every_age() {
        assert_eq!(
            [0, 7, 8, 31, 180, 181, 5000].map(age_band),
            ["0-7", "0-7", "8-30", "31-90", "91-180", "181+", "181+"]
        );
    }
}
