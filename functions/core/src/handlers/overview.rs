use crate::domain::calendar::recent_sofia_days;
use crate::domain::catalogue::Catalogue;
use crate::domain::overview::{Scope, assemble};
use crate::http::json;
use crate::http::route::Answer;
use crate::ports::StatsStore;
use crate::wiring::Clock;
use lambda_http::Request;
use std::sync::Arc;

crate::dependencies! {
    pub struct OverviewDeps { stats: Arc<dyn StatsStore>, catalogue: &'static Catalogue, clock: Clock }
}

/// `GET /api/overview`: counts by category, district and status for the last 30 days, this year and all
/// time, the share resolved, and the median days to resolution per category. Three queries of counters the
/// stream function keeps; nothing is counted at read time.
pub async fn get_overview(deps: Arc<OverviewDeps>, _request: Request) -> Answer {
    let now = deps.clock.now();
    let first_day = recent_sofia_days(now, 30).pop().unwrap_or_default();
    let year = now.to_zoned_datetime(crate::domain::calendar::sofia_time_zone()).year();
    let (all_scope, year_scope, day_scope) = (Scope::AllTime, Scope::Year(year), Scope::Day(first_day.clone()));
    let (all_time, this_year, days) = futures::try_join!(
        deps.stats.counters(&all_scope, None),
        deps.stats.counters(&year_scope, None),
        deps.stats.counters(&day_scope, Some(&first_day)),
    )?;
    let overview = assemble(&all_time, &this_year, &days, now, deps.catalogue);
    Ok(json(200, &overview))
}
