use crate::domain::document::recent_sofia_days;
use crate::domain::overview::{Scope, assemble};
use crate::http::{Problem, json};
use crate::services::Services;
use jiff::Timestamp;
use lambda_http::{Body, Request, Response};
use std::sync::Arc;

/// `GET /api/overview`: counts by category, district and status for the last 30 days, this year and all
/// time, the share resolved, and the median days to resolution per category. Three queries of counters the
/// stream function keeps; nothing is counted at read time.
pub async fn get_overview(services: Arc<Services>, _request: Request) -> Response<Body> {
    match try_get_overview(&services).await {
        Ok(response) => response,
        Err(problem) => problem.into_response(),
    }
}

async fn try_get_overview(services: &Services) -> Result<Response<Body>, Problem> {
    let now = Timestamp::now();
    let first_day = recent_sofia_days(now, 30).pop().unwrap_or_default();
    let year = now.to_zoned_datetime(crate::domain::document::sofia_time_zone()).year();
    let (all_scope, year_scope, day_scope) = (Scope::AllTime, Scope::Year(year), Scope::Day(first_day.clone()));
    let (all_time, this_year, days) = futures::try_join!(
        services.stats.counters(&all_scope, None),
        services.stats.counters(&year_scope, None),
        services.stats.counters(&day_scope, Some(&first_day)),
    )?;
    let overview = assemble(&all_time, &this_year, &days, now, services.catalogue);
    let mut response = json(200, &overview);
    if let Ok(value) = "public, max-age=60".parse() {
        response.headers_mut().insert("cache-control", value);
    }
    Ok(response)
}
