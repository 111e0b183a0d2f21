//! The public account of every unit and district, as JSON or CSV: a few counter partitions and one key per
//! unit, whatever the number of documents.

use crate::domain::accounts::{PublicAccount, assemble, last_twelve_months};
use crate::domain::calendar::sofia_time_zone;
use crate::domain::catalogue::Catalogue;
use crate::domain::overview::CounterRow;
use crate::domain::overview::Scope;
use crate::http::route::Answer;
use crate::http::{Problem, json};
use crate::ports::{DocumentStore, StatsStore, StoreError};
use crate::wiring::Clock;
use lambda_http::{Body, Request, RequestExt, Response};
use std::collections::BTreeMap;
use std::sync::Arc;

crate::dependencies! {
    pub struct AccountsDeps {
        stats: Arc<dyn StatsStore>, documents: Arc<dyn DocumentStore>, catalogue: &'static Catalogue, clock: Clock,
    }
}

/// `GET /api/accounts[?format=csv]`: for every unit and district, this month, the last twelve months and all
/// time (received, acknowledged within three working days, answered by the due date, fixed, closed without a
/// fix, sent elsewhere, confirmed fixed by citizens, working days to an answer and to a fix), what is open and
/// overdue now with the oldest open item's age, and the monthly trend.
pub async fn get_accounts(deps: Arc<AccountsDeps>, request: Request) -> Answer {
    let csv = match request.query_string_parameters().first("format") {
        None | Some("json") => false,
        Some("csv") => true,
        Some(_) => return Err(Problem::field(400, "format", "invalid", "json or csv")),
    };
    let today = deps.clock.now().to_zoned_datetime(sofia_time_zone()).date();
    let units: Vec<String> = deps.catalogue.units.iter().map(|u| u.id.clone()).collect();
    let oldest = units.iter().map(|unit| {
        let documents = deps.documents.clone();
        let unit = unit.clone();
        async move { documents.oldest_open(&unit).await.map(|at| (unit, at)) }
    });
    let ((month_rows, all_time, now), oldest) =
        futures::try_join!(account_counters(deps.stats.as_ref(), today), futures::future::try_join_all(oldest),)?;
    let oldest_open: BTreeMap<String, jiff::civil::Date> = oldest
        .into_iter()
        .filter_map(|(unit, at)| Some((unit, at?.to_zoned_datetime(sofia_time_zone()).date())))
        .collect();
    let account = assemble(&month_rows, &all_time, &now, &oldest_open, today, deps.catalogue);
    if csv {
        return Ok(csv_answer(&account));
    }
    Ok(json(200, &account))
}

/// The public account's counters as of `today`: each of the last twelve months', all time's and now's, read at
/// once (the page and the nightly open-data export read the same).
pub(crate) async fn account_counters(
    stats: &dyn StatsStore,
    today: jiff::civil::Date,
) -> Result<(Vec<(String, Vec<CounterRow>)>, Vec<CounterRow>, Vec<CounterRow>), StoreError> {
    let months = last_twelve_months(today).into_iter().map(|month| async move {
        stats.counters(&Scope::AccountMonth(month.clone()), None).await.map(|rows| (month, rows))
    });
    futures::try_join!(
        futures::future::try_join_all(months),
        stats.counters(&Scope::AccountAll, None),
        stats.counters(&Scope::AccountNow, None),
    )
}

/// The account as CSV: one row per unit or district and period.
fn csv_answer(account: &PublicAccount) -> Response<Body> {
    Response::builder()
        .status(200)
        .header("content-type", "text/csv; charset=utf-8")
        .header("content-disposition", "inline; filename=\"kc-sofia-accounts.csv\"")
        .body(Body::Text(account.to_csv()))
        .unwrap_or_else(|_| Problem::internal().into_response())
}
