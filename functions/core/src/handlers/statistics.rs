//! Staff statistics and the desk's counts, from counters the stream keeps and the open index's keys: no request
//! counts documents one by one, and none scans.

use super::staff::{staff_of, workflow_problem};
use crate::domain::catalogue::Catalogue;
use crate::domain::desk_figures::{CITY, DeskCounts, StaffMonth, ageing_bands, ageing_from};
use crate::domain::overview::Scope;
use crate::domain::workflow::{Staff, WorkflowError};
use crate::http::route::Answer;
use crate::http::{Problem, json};
use crate::ports::StatsStore;
use crate::wiring::Clock;
use lambda_http::{Body, Request, RequestExt, Response};
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::Arc;

crate::dependencies! {
    /// The desk's counters.
    pub struct DeskFigures { stats: Arc<dyn StatsStore>, catalogue: &'static Catalogue }
}

crate::dependencies! {
    /// A month's counters and the units' ageing counters.
    pub struct StaffFigures { stats: Arc<dyn StatsStore>, catalogue: &'static Catalogue, clock: Clock }
}

/// The unit the query names, if the caller may see it; or the caller's default (operators: the whole city).
fn scope_of(request: &Request, staff: &Staff, catalogue: &Catalogue) -> Result<Option<String>, Problem> {
    let query = request.query_string_parameters();
    match query.first("unit") {
        Some(unit) if catalogue.unit(unit).is_none() => Err(Problem::field(400, "unit", "unknown", "unknown unit")),
        Some(unit) if !staff.may_read_queue(unit) => Err(workflow_problem(WorkflowError::NotYours)),
        Some(unit) => Ok(Some(unit.to_owned())),
        None if staff.is_operator() => Ok(None),
        None => Ok(staff.units().next().map(str::to_owned)),
    }
}

/// What the console's status tabs and filters show: counters the stream keeps, one Query of their partition.
#[derive(Serialize, schemars::JsonSchema)]
pub struct DeskFiguresAnswer {
    /// The unit counted; none for the whole city.
    unit: Option<String>,
    counts: DeskCounts,
}

/// `GET /api/staff/counts?unit=`: how many documents are in each status, and of the open ones how many of each
/// kind, category, type, unit, district, channel and assignee: what the console shows on each tab and beside each filter.
pub async fn desk_counts(deps: Arc<DeskFigures>, request: Request) -> Answer {
    let staff = staff_of(&request)?;
    let unit = scope_of(&request, &staff, deps.catalogue)?;
    let scope = Scope::Desk(unit.clone().unwrap_or_else(|| CITY.to_owned()));
    let rows = deps.stats.counters(&scope, None).await?;
    Ok(json(200, &DeskFiguresAnswer { unit, counts: DeskCounts::of(&rows) }))
}

/// A month's staff statistics, with what is open now by age.
#[derive(Serialize, schemars::JsonSchema)]
pub struct Statistics {
    #[serde(flatten)]
    month: StaffMonth,
    /// Open now, per unit, by days since filing (`0-7`, `8-30`, `31-90`, `91-180`, `181+`).
    ageing: BTreeMap<String, BTreeMap<String, u64>>,
}

/// `GET /api/staff/statistics?month=yyyy-mm&unit=&format=csv`: per unit, what was filed and by which channel,
/// the time to the first action and to the close (per clerk too, for operators), and the ageing of what is open.
pub async fn statistics(deps: Arc<StaffFigures>, request: Request) -> Answer {
    let staff = staff_of(&request)?;
    let unit = scope_of(&request, &staff, deps.catalogue)?;
    let query = request.query_string_parameters();
    let now = deps.clock.now().to_zoned_datetime(crate::domain::calendar::sofia_time_zone());
    let month = match query.first("month") {
        None => now.strftime("%Y-%m").to_string(),
        Some(month) if is_month(month) => month.to_owned(),
        Some(_) => return Err(Problem::field(400, "month", "invalid", "month is yyyy-mm")),
    };
    let csv = match query.first("format") {
        None | Some("json") => false,
        Some("csv") => true,
        Some(_) => return Err(Problem::field(400, "format", "invalid", "format is json or csv")),
    };
    let units: Vec<String> = match &unit {
        Some(unit) => vec![unit.clone()],
        None => deps.catalogue.units.iter().map(|u| u.id.clone()).collect(),
    };
    let rows = deps.stats.counters(&Scope::StaffMonth(month.clone()), None).await?;
    // A clerk sees their unit's figures; the per-clerk lines and channels are the operators'.
    let figures = StaffMonth::of(&month, &rows, unit.as_ref().map(|_| units.as_slice()));
    let today = now.date();
    let from = ageing_from(today);
    let scopes: Vec<Scope> = units.iter().map(|u| Scope::Ageing(u.clone())).collect();
    let counted = futures::future::try_join_all(scopes.iter().map(|s| deps.stats.counters(s, Some(&from)))).await?;
    let mut ageing = BTreeMap::new();
    for (unit, rows) in units.iter().zip(counted) {
        let bands = ageing_bands(&rows, today);
        if bands.values().any(|n| *n > 0) || units.len() == 1 {
            ageing.insert(unit.clone(), bands);
        }
    }
    let statistics = Statistics { month: figures, ageing };
    if csv {
        return Ok(Response::builder()
            .status(200)
            .header("content-type", "text/csv; charset=utf-8")
            .header("content-disposition", format!("attachment; filename=\"kc-sofia-statistics-{month}.csv\""))
            .body(Body::Text(to_csv(&statistics)))
            .unwrap_or_else(|_| Problem::internal().into_response()));
    }
    Ok(json(200, &statistics))
}

fn is_month(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() == 7
        && bytes[4] == b'-'
        && bytes.iter().enumerate().all(|(i, b)| i == 4 || b.is_ascii_digit())
        && matches!(text[5..].parse::<u8>(), Ok(1..=12))
}

/// One row per unit or clerk and measure, then the ageing bands per unit.
fn to_csv(statistics: &Statistics) -> String {
    use crate::domain::accounts::quoted;
    let month = &statistics.month;
    let mut out = String::from("\u{feff}month,by,who,measure,count,mean_hours\n");
    let mut line = |by: &str, who: &str, measure: &str, count: i64, mean: Option<i64>| {
        let fields = [
            month.month.clone(),
            by.into(),
            who.into(),
            measure.into(),
            count.to_string(),
            mean.map(|m| m.to_string()).unwrap_or_default(),
        ];
        out.push_str(&fields.iter().map(|f| quoted(f)).collect::<Vec<_>>().join(","));
        out.push('\n');
    };
    for (by, table) in [("unit", &month.units), ("clerk", &month.clerks)] {
        for (measure, rows) in table {
            for (who, timed) in rows {
                line(by, who, measure, timed.count, timed.mean_hours);
            }
        }
    }
    for (channel, count) in &month.channels {
        line("channel", channel, "filed", *count, None);
    }
    for (unit, bands) in &statistics.ageing {
        for (band, count) in bands {
            line("unit", unit, &format!("open_{band}_days"), i64::try_from(*count).unwrap_or(i64::MAX), None);
        }
    }
    out
}
