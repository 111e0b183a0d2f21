//! The public overview (обща представа) of registered problems: counters kept by the stream function on every
//! insert and status change, and the overview assembled from them. Counting happens as deltas, so concurrent
//! changes add up correctly (DynamoDB's atomic `ADD`), and each stream record's deltas are applied once.

use super::calendar::{recent_sofia_days, sofia_day};
use super::catalogue::{Catalogue, Name};
use super::status::Status;
use jiff::Timestamp;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// What the counters need to know about a signal at one moment.
#[derive(Debug, Clone, PartialEq)]
pub struct CountedSignal {
    pub registered_at: Timestamp,
    pub category: String,
    pub district: Option<String>,
    pub status: Status,
    /// Its sender confirmed the fix ("is it fixed?").
    pub confirmed_fixed: bool,
}

/// The partitions counters live in.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Scope {
    AllTime,
    Year(i16),
    /// One Sofia registration day; the 30-day window reads a range of them in one query.
    Day(String),
    /// The public account of units and districts: one month (`yyyy-mm`), all time, and what is open now.
    AccountMonth(String),
    AccountAll,
    AccountNow,
    /// The back office's counts of a unit (or `*`, the whole city): every status, and the open documents by kind,
    /// category, district, channel and assignee.
    Desk(String),
    /// The open documents of a unit by their filing day (`yyyy-mm-dd`), and all of them (`open`): the ageing
    /// report reads the last 180 days and takes the rest from the total, so it reads at most 182 counters.
    Ageing(String),
    /// The staff statistics of one month (`yyyy-mm`): filed per unit and channel, time to first action and to
    /// close per unit and per clerk.
    StaffMonth(String),
    /// The map's cluster counts of one tile and filter on one Sofia registration day (`yyyy-mm-dd`): one item,
    /// whose counters (`<cell>#<status>`) are its attributes, so the 30 days of a tile are one range query.
    MapTile(super::public_map::MapTileKey, String),
}

/// One counter: a scope, a dimension (`category`, `district` or `resolution`), a value, and for the first two
/// the status the signals are in.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CounterKey {
    pub scope: Scope,
    pub name: String,
}

pub const UNKNOWN_DISTRICT: &str = "unknown";
/// Resolutions slower than this are counted in its bucket.
pub const MAX_RESOLUTION_DAYS: i64 = 999;

fn year_of(at: Timestamp) -> i16 {
    at.to_zoned_datetime(super::calendar::sofia_time_zone()).year()
}

fn scopes(signal: &CountedSignal) -> [Scope; 3] {
    [Scope::AllTime, Scope::Year(year_of(signal.registered_at)), Scope::Day(sofia_day(signal.registered_at))]
}

fn contributions(signal: &CountedSignal) -> Vec<CounterKey> {
    let district = signal.district.as_deref().unwrap_or(UNKNOWN_DISTRICT);
    scopes(signal)
        .into_iter()
        .flat_map(|scope| {
            let confirmed = signal
                .confirmed_fixed
                .then(|| CounterKey { scope: scope.clone(), name: format!("confirmed#{}", signal.category) });
            [
                CounterKey {
                    scope: scope.clone(),
                    name: format!("category#{}#{}", signal.category, signal.status.as_str()),
                },
                CounterKey { scope, name: format!("district#{district}#{}", signal.status.as_str()) },
            ]
            .into_iter()
            .chain(confirmed)
        })
        .collect()
}

/// The counter deltas for one change of a signal: `before` is `None` for a new signal, `after` is `None` for
/// a deleted one. `at` is when the change happened (for the days to resolution).
pub fn counter_deltas(
    before: Option<&CountedSignal>,
    after: Option<&CountedSignal>,
    at: Timestamp,
) -> BTreeMap<CounterKey, i64> {
    let mut deltas: BTreeMap<CounterKey, i64> = BTreeMap::new();
    for key in before.map(contributions).unwrap_or_default() {
        *deltas.entry(key).or_default() -= 1;
    }
    for key in after.map(contributions).unwrap_or_default() {
        *deltas.entry(key).or_default() += 1;
    }
    // A resolution is counted when a signal enters a resolved status, by the whole days it took.
    if let Some(after) = after
        && after.status.is_resolved()
        && !before.is_some_and(|b| b.status.is_resolved())
    {
        let days = (at.as_second() - after.registered_at.as_second()).div_euclid(86_400).clamp(0, MAX_RESOLUTION_DAYS);
        deltas
            .insert(CounterKey { scope: Scope::AllTime, name: format!("resolution#{}#{days:03}", after.category) }, 1);
    }
    deltas.retain(|_, delta| *delta != 0);
    deltas
}

/// One counter as read back: its name within the scope and its value. Day counters carry their day.
#[derive(Debug, Clone, PartialEq)]
pub struct CounterRow {
    pub name: String,
    pub value: i64,
}

#[derive(Debug, Clone, Serialize, PartialEq, schemars::JsonSchema)]
pub struct Count {
    pub id: String,
    pub name: Option<Name>,
    pub total: i64,
    pub open: i64,
    pub resolved: i64,
}

#[derive(Debug, Clone, Serialize, PartialEq, schemars::JsonSchema)]
pub struct PeriodOverview {
    pub total: i64,
    pub open: i64,
    /// Dealt with: in a status where an answer or decision is registered (`Status::is_resolved`: fixed, closed
    /// without a fix, answered, replied, closed, a ЗДОИ decision).
    pub resolved: i64,
    /// resolved ÷ total, 0 when nothing was filed.
    pub resolved_share: f64,
    /// Fixed, as the unit reports it: never mixed with "closed without a fix".
    pub fixed: i64,
    pub closed_without_fix: i64,
    /// fixed ÷ total, 0 when nothing was filed.
    pub fixed_share: f64,
    /// Fixed signals whose senders confirmed the fix when asked.
    pub confirmed_fixed: i64,
    /// confirmed_fixed ÷ fixed, 0 when nothing was fixed.
    pub confirmed_share: f64,
    pub by_status: BTreeMap<String, i64>,
    pub by_category: Vec<Count>,
    pub by_district: Vec<Count>,
}

#[derive(Debug, Clone, Serialize, PartialEq, schemars::JsonSchema)]
pub struct ResolutionTime {
    pub category: String,
    pub name: Option<Name>,
    pub resolved: i64,
    pub median_days: f64,
}

#[derive(Debug, Clone, Serialize, PartialEq, schemars::JsonSchema)]
pub struct Overview {
    pub last_30_days: PeriodOverview,
    pub this_year: PeriodOverview,
    pub all_time: PeriodOverview,
    pub median_days_to_resolution: Vec<ResolutionTime>,
}

fn period(rows: &[CounterRow], catalogue: &Catalogue) -> PeriodOverview {
    let mut by_status: BTreeMap<String, i64> = BTreeMap::new();
    let mut categories: BTreeMap<String, (i64, i64, i64)> = BTreeMap::new();
    let mut districts: BTreeMap<String, (i64, i64, i64)> = BTreeMap::new();
    let mut confirmed_fixed = 0;
    for row in rows {
        if row.name.starts_with("confirmed#") {
            confirmed_fixed += row.value;
            continue;
        }
        let mut parts = row.name.split('#');
        let (Some(dimension), Some(id), Some(status)) = (parts.next(), parts.next(), parts.next()) else { continue };
        let Some(status) = Status::parse(status) else { continue };
        let target = match dimension {
            "category" => {
                *by_status.entry(status.as_str().to_owned()).or_default() += row.value;
                categories.entry(id.to_owned()).or_default()
            }
            "district" => districts.entry(id.to_owned()).or_default(),
            _ => continue,
        };
        target.0 += row.value;
        if status.is_open() {
            target.1 += row.value;
        }
        if status.is_resolved() {
            target.2 += row.value;
        }
    }
    let counts = |map: BTreeMap<String, (i64, i64, i64)>, name: &dyn Fn(&str) -> Option<Name>| -> Vec<Count> {
        let mut counts: Vec<Count> = map
            .into_iter()
            .filter(|(_, (total, _, _))| *total > 0)
            .map(|(id, (total, open, resolved))| Count { name: name(&id), id, total, open, resolved })
            .collect();
        counts.sort_by(|a, b| b.total.cmp(&a.total).then_with(|| a.id.cmp(&b.id)));
        counts
    };
    let by_category = counts(categories, &|id| catalogue.category(id).map(|c| c.name.clone()));
    let by_district = counts(districts, &|id| catalogue.district(id).map(|d| d.name.clone()));
    let total: i64 = by_category.iter().map(|c| c.total).sum();
    let open: i64 = by_category.iter().map(|c| c.open).sum();
    let resolved: i64 = by_category.iter().map(|c| c.resolved).sum();
    by_status.retain(|_, count| *count != 0);
    let fixed = by_status.get(Status::Resolved.as_str()).copied().unwrap_or(0);
    let closed_without_fix = by_status.get(Status::ClosedUnfixed.as_str()).copied().unwrap_or(0);
    let share = |part: i64| if total > 0 { part as f64 / total as f64 } else { 0.0 };
    PeriodOverview {
        total,
        open,
        resolved,
        resolved_share: share(resolved),
        fixed,
        closed_without_fix,
        fixed_share: share(fixed),
        confirmed_fixed,
        confirmed_share: if fixed > 0 { confirmed_fixed as f64 / fixed as f64 } else { 0.0 },
        by_status,
        by_category,
        by_district,
    }
}

/// The median of a histogram of whole days.
fn median(histogram: &BTreeMap<i64, i64>) -> Option<f64> {
    let count: i64 = histogram.values().sum();
    if count <= 0 {
        return None;
    }
    let value_at = |rank: i64| {
        let mut seen = 0;
        for (days, n) in histogram {
            seen += n;
            if seen > rank {
                return *days as f64;
            }
        }
        0.0
    };
    Some(if count % 2 == 1 { value_at(count / 2) } else { (value_at(count / 2 - 1) + value_at(count / 2)) / 2.0 })
}

/// Assembles the overview from the counters of all time, of this year, and of the days of the last 30.
/// `day_rows` names carry their day first: `2026-11-28#category#streets#new`.
pub fn assemble(
    all_time: &[CounterRow],
    this_year: &[CounterRow],
    day_rows: &[CounterRow],
    now: Timestamp,
    catalogue: &Catalogue,
) -> Overview {
    let window: std::collections::HashSet<String> = recent_sofia_days(now, 30).into_iter().collect();
    let last_30: Vec<CounterRow> = day_rows
        .iter()
        .filter_map(|row| {
            let (day, name) = row.name.split_once('#')?;
            window.contains(day).then(|| CounterRow { name: name.to_owned(), value: row.value })
        })
        .collect();
    let mut histograms: HashMap<String, BTreeMap<i64, i64>> = HashMap::new();
    for row in all_time {
        let mut parts = row.name.split('#');
        if let (Some("resolution"), Some(category), Some(days)) = (parts.next(), parts.next(), parts.next())
            && let Ok(days) = days.parse::<i64>()
        {
            *histograms.entry(category.to_owned()).or_default().entry(days).or_default() += row.value;
        }
    }
    let mut median_days_to_resolution: Vec<ResolutionTime> = histograms
        .into_iter()
        .filter_map(|(category, histogram)| {
            Some(ResolutionTime {
                name: catalogue.category(&category).map(|c| c.name.clone()),
                resolved: histogram.values().sum(),
                median_days: median(&histogram)?,
                category,
            })
        })
        .collect();
    median_days_to_resolution.sort_by(|a, b| a.category.cmp(&b.category));
    Overview {
        last_30_days: period(&last_30, catalogue),
        this_year: period(this_year, catalogue),
        all_time: period(all_time, catalogue),
        median_days_to_resolution,
    }
}

/// The rows a store would read back of `scope`, from summed deltas (for tests of the counters).
#[cfg(test)]
pub(crate) fn rows_of(deltas: &BTreeMap<CounterKey, i64>, scope: &Scope) -> Vec<CounterRow> {
    deltas
        .iter()
        .filter(|(k, _)| &k.scope == scope)
        .map(|(k, v)| CounterRow { name: k.name.clone(), value: *v })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signal(status: Status) -> CountedSignal {
        CountedSignal {
            registered_at: "2026-11-20T10:00:00Z".parse().unwrap(),
            category: "streets".into(),
            district: Some("lozenets".into()),
            status,
            confirmed_fixed: false,
        }
    }

    use super::rows_of as rows;

    #[test]
    fn a_new_signal_adds_one_to_each_scope_and_dimension() {
        let at: Timestamp = "2026-11-20T10:00:00Z".parse().unwrap();
        let deltas = counter_deltas(None, Some(&signal(Status::New)), at);
        assert_eq!(deltas.len(), 6);
        assert!(deltas.values().all(|d| *d == 1));
        assert!(deltas.contains_key(&CounterKey {
            scope: Scope::Day("2026-11-20".into()),
            name: "district#lozenets#new".into()
        }));
        assert!(deltas.contains_key(&CounterKey { scope: Scope::Year(2026), name: "category#streets#new".into() }));
    }

    #[test]
    fn a_status_change_moves_counts_and_a_resolution_records_its_days() {
        let at: Timestamp = "2026-11-30T09:00:00Z".parse().unwrap();
        let deltas = counter_deltas(Some(&signal(Status::InProgress)), Some(&signal(Status::Resolved)), at);
        assert_eq!(
            deltas.get(&CounterKey { scope: Scope::AllTime, name: "category#streets#in_progress".into() }),
            Some(&-1)
        );
        assert_eq!(
            deltas.get(&CounterKey { scope: Scope::AllTime, name: "category#streets#resolved".into() }),
            Some(&1)
        );
        assert_eq!(deltas.get(&CounterKey { scope: Scope::AllTime, name: "resolution#streets#009".into() }), Some(&1));
        // Nothing changes when the status does not.
        assert!(counter_deltas(Some(&signal(Status::New)), Some(&signal(Status::New)), at).is_empty());
    }

    #[test]
    fn the_overview_adds_up_and_takes_medians() {
        let now: Timestamp = "2026-11-30T09:00:00Z".parse().unwrap();
        let mut all: BTreeMap<CounterKey, i64> = BTreeMap::new();
        let mut add = |deltas: BTreeMap<CounterKey, i64>| {
            for (k, v) in deltas {
                *all.entry(k).or_default() += v;
            }
        };
        for _ in 0..3 {
            add(counter_deltas(None, Some(&signal(Status::New)), now));
        }
        add(counter_deltas(Some(&signal(Status::New)), Some(&signal(Status::Resolved)), now)); // 9 days
        add(counter_deltas(
            Some(&signal(Status::New)),
            Some(&signal(Status::Resolved)),
            "2026-11-23T10:00:00Z".parse().unwrap(),
        )); // 3 days
        let day_rows: Vec<CounterRow> = all
            .iter()
            .filter_map(|(k, v)| match &k.scope {
                Scope::Day(day) => Some(CounterRow { name: format!("{day}#{}", k.name), value: *v }),
                _ => None,
            })
            .collect();
        let overview = assemble(
            &rows(&all, &Scope::AllTime),
            &rows(&all, &Scope::Year(2026)),
            &day_rows,
            now,
            Catalogue::builtin(),
        );
        for period in [&overview.all_time, &overview.this_year, &overview.last_30_days] {
            assert_eq!((period.total, period.open, period.resolved), (3, 1, 2));
            assert!((period.resolved_share - 2.0 / 3.0).abs() < 1e-9);
            assert_eq!(period.by_category[0].id, "streets");
            assert_eq!(period.by_district[0].name.as_ref().map(|n| n.bg.as_str()), Some("Лозенец"));
            assert_eq!(period.by_status.get("resolved"), Some(&2));
        }
        assert_eq!(overview.median_days_to_resolution[0].median_days, 6.0);
        // Forty days later the signals have left the 30-day window but not the year.
        let later: Timestamp = "2026-12-30T09:00:00Z".parse().unwrap();
        let overview = assemble(
            &rows(&all, &Scope::AllTime),
            &rows(&all, &Scope::Year(2026)),
            &day_rows,
            later,
            Catalogue::builtin(),
        );
        assert_eq!((overview.last_30_days.total, overview.this_year.total), (0, 3));
    }

    #[test]
    fn medians_of_odd_and_even_histograms() {
        assert_eq!(median(&BTreeMap::from([(1, 1), (5, 1), (9, 1)])), Some(5.0));
        assert_eq!(median(&BTreeMap::from([(2, 2), (4, 2)])), Some(3.0));
        assert_eq!(median(&BTreeMap::new()), None);
    }
}
