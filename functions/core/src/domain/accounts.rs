//! The public account of every unit and district: what it received, how fast it acknowledged and answered, how
//! its documents ended, and what is open and overdue now. The stream keeps the figures as counters (per month,
//! for all time, and gauges of now) from each change of a document, so the page reads a few partitions at any
//! size and never counts at read time.
//!
//! Whose figure a change is: the unit the document was at when it happened (an answer counts for the unit that
//! gave it), and for signals also the district the problem is in.

use super::catalogue::{Catalogue, Name};
use super::document::Document;
use super::escalation::Step;
use super::overview::{CounterKey, CounterRow, Scope};
use super::status::Status;
use super::workdays::WorkCalendar;
use jiff::civil::Date;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// Working days within which the Contact Center should acknowledge a document.
pub const ACKNOWLEDGE_WORKING_DAYS: u32 = 3;
/// Histograms of working days stop here: slower answers count in this bucket.
const MAX_HISTOGRAM_DAYS: u32 = 250;

/// What the figures need to know about a document at one moment.
#[derive(Debug, Clone, PartialEq)]
pub struct AccountState {
    pub unit: String,
    pub district: Option<String>,
    pub status: Status,
    pub registered_on: Date,
    pub due_on: Option<Date>,
    /// Past its due date by the morning run's record.
    pub overdue: bool,
    pub fixed_confirmed: bool,
}

impl AccountState {
    pub fn of(document: &Document) -> Self {
        Self {
            unit: document.unit.clone(),
            district: document.district.clone(),
            status: document.status,
            registered_on: document.registered_at.to_zoned_datetime(super::calendar::sofia_time_zone()).date(),
            due_on: document.deadline.as_ref().map(|d| d.due_on),
            overdue: document.last_step.is_some_and(|s| s >= Step::Overdue && s != Step::AskIfFixed),
            fixed_confirmed: document.fixed_confirmed == Some(true),
        }
    }

    /// The scopes whose figures this document counts in: its unit, and its district when it has one.
    fn scopes(&self) -> Vec<String> {
        let mut scopes = vec![format!("unit:{}", self.unit)];
        if let Some(district) = &self.district {
            scopes.push(format!("district:{district}"));
        }
        scopes
    }
}

/// The counter deltas of one change of a document on `today`: `before` is `None` for a new document.
pub fn account_deltas(
    before: Option<&AccountState>,
    after: Option<&AccountState>,
    today: Date,
    calendar: &WorkCalendar,
) -> BTreeMap<CounterKey, i64> {
    let mut deltas: BTreeMap<CounterKey, i64> = BTreeMap::new();
    let month = today.strftime("%Y-%m").to_string();
    let mut count = |scopes: &[String], metric: String| {
        for scope in scopes {
            for period in [Scope::AccountMonth(month.clone()), Scope::AccountAll] {
                *deltas.entry(CounterKey { scope: period, name: format!("{scope}#{metric}") }).or_default() += 1;
            }
        }
    };
    if let Some(after) = after {
        match before {
            None => count(&after.scopes(), "received".into()),
            Some(before) if before.unit != after.unit => count(&[format!("unit:{}", after.unit)], "received".into()),
            Some(_) => {}
        }
        if let Some(before) = before {
            let scopes = before.scopes();
            let working_days = calendar.working_days_between(after.registered_on, today).min(MAX_HISTOGRAM_DAYS);
            if before.status == Status::New && after.status != Status::New {
                count(&scopes, "acknowledged".into());
                if working_days <= ACKNOWLEDGE_WORKING_DAYS {
                    count(&scopes, "acknowledged_in_time".into());
                }
            }
            if before.status.is_open() && !after.status.is_open() {
                count(&scopes, "answered".into());
                if after.due_on.is_some_and(|due| today <= due) {
                    count(&scopes, "answered_by_due".into());
                }
                count(&scopes, format!("answer_days#{working_days:03}"));
            }
            if before.status != after.status {
                match after.status {
                    Status::Resolved => {
                        count(&scopes, "fixed".into());
                        count(&scopes, format!("fix_days#{working_days:03}"));
                    }
                    Status::ClosedUnfixed => count(&scopes, "closed_without_fix".into()),
                    Status::NotCompetent | Status::ForwardedElsewhere => count(&scopes, "forwarded_elsewhere".into()),
                    _ => {}
                }
            }
            if after.fixed_confirmed && !before.fixed_confirmed {
                count(&scopes, "confirmed_fixed".into());
            }
        }
    }
    // What is open and overdue now: the document's contribution before the change off, after it on.
    for (state, sign) in [(before, -1), (after, 1)] {
        let Some(state) = state.filter(|s| s.status.is_open()) else { continue };
        for scope in state.scopes() {
            *deltas.entry(CounterKey { scope: Scope::AccountNow, name: format!("{scope}#open") }).or_default() += sign;
            if state.overdue {
                *deltas
                    .entry(CounterKey { scope: Scope::AccountNow, name: format!("{scope}#overdue") })
                    .or_default() += sign;
            }
        }
    }
    deltas.retain(|_, delta| *delta != 0);
    deltas
}

/// The median and 90th percentile of a histogram of working days.
#[derive(Debug, Clone, Default, PartialEq, Serialize, schemars::JsonSchema)]
pub struct WorkingDays {
    pub median: Option<u32>,
    pub p90: Option<u32>,
}

fn percentile(histogram: &BTreeMap<u32, i64>, share: f64) -> Option<u32> {
    let count: i64 = histogram.values().sum();
    if count <= 0 {
        return None;
    }
    // The smallest value at or below which `share` of the answers fall.
    let rank = ((count as f64) * share).ceil().max(1.0) as i64;
    let mut seen = 0;
    histogram.iter().find_map(|(days, n)| {
        seen += n;
        (seen >= rank).then_some(*days)
    })
}

/// One period's figures of one unit or district.
#[derive(Debug, Clone, Default, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Figures {
    pub received: i64,
    pub acknowledged: i64,
    /// Acknowledged within [`ACKNOWLEDGE_WORKING_DAYS`] working days of registration.
    pub acknowledged_in_time: i64,
    pub answered: i64,
    pub answered_by_due: i64,
    pub fixed: i64,
    pub closed_without_fix: i64,
    pub forwarded_elsewhere: i64,
    pub confirmed_fixed: i64,
    /// Working days from registration to an answer, and to a fix.
    pub days_to_answer: WorkingDays,
    pub days_to_fix: WorkingDays,
}

impl Figures {
    fn add(
        &mut self,
        metric: &str,
        value: i64,
        answer_days: &mut BTreeMap<u32, i64>,
        fix_days: &mut BTreeMap<u32, i64>,
    ) {
        if let Some(days) = metric.strip_prefix("answer_days#").and_then(|d| d.parse().ok()) {
            *answer_days.entry(days).or_default() += value;
            return;
        }
        if let Some(days) = metric.strip_prefix("fix_days#").and_then(|d| d.parse().ok()) {
            *fix_days.entry(days).or_default() += value;
            return;
        }
        let field = match metric {
            "received" => &mut self.received,
            "acknowledged" => &mut self.acknowledged,
            "acknowledged_in_time" => &mut self.acknowledged_in_time,
            "answered" => &mut self.answered,
            "answered_by_due" => &mut self.answered_by_due,
            "fixed" => &mut self.fixed,
            "closed_without_fix" => &mut self.closed_without_fix,
            "forwarded_elsewhere" => &mut self.forwarded_elsewhere,
            "confirmed_fixed" => &mut self.confirmed_fixed,
            _ => return,
        };
        *field += value;
    }
}

/// The figures of every scope in a set of counter rows (`unit:<id>#<metric>`).
fn figures_by_scope(rows: &[&CounterRow]) -> BTreeMap<String, Figures> {
    let mut figures: BTreeMap<String, Figures> = BTreeMap::new();
    let mut histograms: BTreeMap<String, (BTreeMap<u32, i64>, BTreeMap<u32, i64>)> = BTreeMap::new();
    for row in rows {
        let Some((scope, metric)) = row.name.split_once('#') else { continue };
        let (answer_days, fix_days) = histograms.entry(scope.to_owned()).or_default();
        figures.entry(scope.to_owned()).or_default().add(metric, row.value, answer_days, fix_days);
    }
    for (scope, (answer_days, fix_days)) in histograms {
        if let Some(figures) = figures.get_mut(&scope) {
            figures.days_to_answer =
                WorkingDays { median: percentile(&answer_days, 0.5), p90: percentile(&answer_days, 0.9) };
            figures.days_to_fix = WorkingDays { median: percentile(&fix_days, 0.5), p90: percentile(&fix_days, 0.9) };
        }
    }
    figures
}

/// One month of a unit's trend.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct MonthFigures {
    /// `yyyy-mm`.
    pub month: String,
    pub received: i64,
    pub answered: i64,
    pub answered_by_due: i64,
    pub fixed: i64,
}

/// The public account of one unit or district.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct ScopeAccount {
    /// `unit` or `district`.
    pub kind: &'static str,
    pub id: String,
    pub name: Option<Name>,
    pub this_month: Figures,
    pub last_12_months: Figures,
    pub all_time: Figures,
    pub open_now: i64,
    pub overdue_now: i64,
    /// Days since the oldest open document of a unit was registered.
    pub oldest_open_days: Option<i64>,
    /// The last twelve months, oldest first.
    pub trend: Vec<MonthFigures>,
}

/// Every unit's and district's account.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct PublicAccount {
    /// The months the figures cover, `yyyy-mm`, oldest first (the last is this month).
    pub months: Vec<String>,
    pub accounts: Vec<ScopeAccount>,
}

/// The twelve months ending with `today`'s, oldest first.
pub fn last_twelve_months(today: Date) -> Vec<String> {
    (0..12)
        .rev()
        .filter_map(|back| today.checked_sub(jiff::Span::new().months(back)).ok())
        .map(|d| d.strftime("%Y-%m").to_string())
        .collect()
}

/// The account from the counters: `months` holds each of the twelve months' rows (oldest first), `all_time` and
/// `now` theirs; `oldest_open` the registration day of each unit's oldest open document.
pub fn assemble(
    months: &[(String, Vec<CounterRow>)],
    all_time: &[CounterRow],
    now: &[CounterRow],
    oldest_open: &BTreeMap<String, Date>,
    today: Date,
    catalogue: &Catalogue,
) -> PublicAccount {
    let month_figures: Vec<(String, BTreeMap<String, Figures>)> = months
        .iter()
        .map(|(month, rows)| (month.clone(), figures_by_scope(&rows.iter().collect::<Vec<_>>())))
        .collect();
    let twelve = figures_by_scope(&months.iter().flat_map(|(_, rows)| rows).collect::<Vec<_>>());
    let all = figures_by_scope(&all_time.iter().collect::<Vec<_>>());
    let mut gauges: BTreeMap<String, (i64, i64)> = BTreeMap::new();
    for row in now {
        let Some((scope, metric)) = row.name.split_once('#') else { continue };
        let gauge = gauges.entry(scope.to_owned()).or_default();
        match metric {
            "open" => gauge.0 += row.value,
            "overdue" => gauge.1 += row.value,
            _ => {}
        }
    }
    let scopes: BTreeSet<String> = catalogue
        .units
        .iter()
        .map(|u| format!("unit:{}", u.id))
        .chain(catalogue.districts.iter().map(|d| format!("district:{}", d.id)))
        .collect();
    let accounts = scopes
        .into_iter()
        .filter_map(|scope| {
            let (kind, id) = scope.split_once(':')?;
            let (kind, name) = match kind {
                "unit" => ("unit", catalogue.unit(id).map(|u| u.name.clone())),
                _ => ("district", catalogue.district(id).map(|d| d.name.clone())),
            };
            let (open_now, overdue_now) = gauges.get(&scope).copied().unwrap_or_default();
            Some(ScopeAccount {
                kind,
                id: id.to_owned(),
                name,
                this_month: month_figures.last().and_then(|(_, f)| f.get(&scope)).cloned().unwrap_or_default(),
                last_12_months: twelve.get(&scope).cloned().unwrap_or_default(),
                all_time: all.get(&scope).cloned().unwrap_or_default(),
                open_now,
                overdue_now,
                oldest_open_days: oldest_open
                    .get(id)
                    .filter(|_| kind == "unit")
                    .map(|day| (today - *day).get_days().into()),
                trend: month_figures
                    .iter()
                    .map(|(month, figures)| {
                        let f = figures.get(&scope).cloned().unwrap_or_default();
                        MonthFigures {
                            month: month.clone(),
                            received: f.received,
                            answered: f.answered,
                            answered_by_due: f.answered_by_due,
                            fixed: f.fixed,
                        }
                    })
                    .collect(),
            })
        })
        .collect();
    PublicAccount { months: months.iter().map(|(m, _)| m.clone()).collect(), accounts }
}

/// A text field of a CSV row, quoted (RFC 4180).
pub(crate) fn quoted(text: &str) -> String {
    format!("\"{}\"", text.replace('"', "\"\""))
}

pub(crate) fn number(value: Option<impl ToString>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

impl PublicAccount {
    /// The account as CSV (RFC 4180): one row per unit or district and period.
    pub fn to_csv(&self) -> String {
        let account = self;
        let mut text = String::from(
            "kind,id,name_bg,name_en,period,received,acknowledged,acknowledged_within_3_working_days,answered,\
             answered_by_due,fixed,closed_without_fix,forwarded_elsewhere,confirmed_fixed,median_working_days_to_answer,\
             p90_working_days_to_answer,median_working_days_to_fix,p90_working_days_to_fix,open_now,overdue_now,\
             oldest_open_days\r\n",
        );
        for scope in &account.accounts {
            let (name_bg, name_en) = scope.name.as_ref().map(|n| (n.bg.as_str(), n.en.as_str())).unwrap_or_default();
            let periods: [(&str, &Figures); 3] = [
                ("this_month", &scope.this_month),
                ("last_12_months", &scope.last_12_months),
                ("all_time", &scope.all_time),
            ];
            for (period, f) in periods {
                let cells = [
                    scope.kind.to_owned(),
                    quoted(&scope.id),
                    quoted(name_bg),
                    quoted(name_en),
                    period.to_owned(),
                    f.received.to_string(),
                    f.acknowledged.to_string(),
                    f.acknowledged_in_time.to_string(),
                    f.answered.to_string(),
                    f.answered_by_due.to_string(),
                    f.fixed.to_string(),
                    f.closed_without_fix.to_string(),
                    f.forwarded_elsewhere.to_string(),
                    f.confirmed_fixed.to_string(),
                    number(f.days_to_answer.median),
                    number(f.days_to_answer.p90),
                    number(f.days_to_fix.median),
                    number(f.days_to_fix.p90),
                    scope.open_now.to_string(),
                    scope.overdue_now.to_string(),
                    number(scope.oldest_open_days),
                ];
                text.push_str(&cells.join(","));
                text.push_str("\r\n");
            }
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn state(status: Status) -> AccountState {
        AccountState {
            unit: "district-lozenets".into(),
            district: Some("lozenets".into()),
            status,
            registered_on: date(2026, 12, 1),
            due_on: Some(date(2026, 12, 15)),
            overdue: false,
            fixed_confirmed: false,
        }
    }

    use crate::domain::overview::rows_of as rows;

    #[test]
    fn a_documents_life_counts_once_in_its_unit_and_district() {
        let calendar = WorkCalendar::default();
        let mut all: BTreeMap<CounterKey, i64> = BTreeMap::new();
        let mut apply = |deltas: BTreeMap<CounterKey, i64>| {
            for (k, v) in deltas {
                *all.entry(k).or_default() += v;
            }
        };
        let new = state(Status::New);
        apply(account_deltas(None, Some(&new), date(2026, 12, 1), &calendar));
        // Acknowledged on Thursday the 3rd: within 3 working days.
        let forwarded = state(Status::Forwarded);
        apply(account_deltas(Some(&new), Some(&forwarded), date(2026, 12, 3), &calendar));
        let mut overdue = forwarded.clone();
        overdue.overdue = true;
        apply(account_deltas(Some(&forwarded), Some(&overdue), date(2026, 12, 16), &calendar));
        // Fixed on the 17th: after the due date.
        let fixed = state(Status::Resolved);
        apply(account_deltas(Some(&overdue), Some(&fixed), date(2026, 12, 17), &calendar));
        let account = assemble(
            &[("2026-12".into(), rows(&all, &Scope::AccountMonth("2026-12".into())))],
            &rows(&all, &Scope::AccountAll),
            &rows(&all, &Scope::AccountNow),
            &BTreeMap::new(),
            date(2026, 12, 20),
            Catalogue::builtin(),
        );
        let lozenets = account.accounts.iter().find(|a| a.id == "district-lozenets").unwrap();
        let f = &lozenets.all_time;
        assert_eq!((f.received, f.acknowledged, f.acknowledged_in_time), (1, 1, 1));
        assert_eq!((f.answered, f.answered_by_due, f.fixed), (1, 0, 1), "answered late");
        assert_eq!(f.days_to_fix, WorkingDays { median: Some(12), p90: Some(12) });
        assert_eq!((lozenets.open_now, lozenets.overdue_now), (0, 0), "gauges back to zero once decided");
        assert_eq!(lozenets.this_month, *f);
        let district = account.accounts.iter().find(|a| a.kind == "district" && a.id == "lozenets").unwrap();
        assert_eq!(district.all_time.fixed, 1);
    }

    #[test]
    fn percentiles_of_a_histogram() {
        let histogram = BTreeMap::from([(1, 5), (3, 4), (20, 1)]);
        assert_eq!((percentile(&histogram, 0.5), percentile(&histogram, 0.9)), (Some(1), Some(3)));
        assert_eq!(percentile(&BTreeMap::new(), 0.5), None);
    }
}
