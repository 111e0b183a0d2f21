//! The working-day calendar due dates are counted on: a public read of a year, and the administrators' edit of
//! the government's changes (moved days off, working Saturdays).

use crate::domain::FieldError;
use crate::domain::workdays::{CalendarChanges, ChangedDay, DayOffView};
use crate::http::route::Answer;
use crate::http::{Problem, json};
use crate::ports::CalendarStore;
use crate::wiring::Clock;
use lambda_http::{Request, RequestExt};
use serde::Serialize;
use std::sync::Arc;

crate::dependencies! {
    pub struct Calendar { calendar: Arc<dyn CalendarStore>, clock: Clock }
}

/// A year of the calendar: the weekdays that are not working days (and why), the weekend days that are, and the
/// changes the administrators keep.
#[derive(Serialize, schemars::JsonSchema)]
pub struct CalendarAnswer {
    year: i16,
    days_off: Vec<DayOffView>,
    working_days: Vec<ChangedDay>,
    changes: CalendarChanges,
}

/// `GET /api/calendar?year=`: the working-day calendar of a year (this year by default).
pub async fn get_calendar(deps: Arc<Calendar>, request: Request) -> Answer {
    let this_year = deps.clock.now().to_zoned_datetime(crate::domain::calendar::sofia_time_zone()).year();
    let year = match request.query_string_parameters().first("year") {
        None => this_year,
        Some(text) => text
            .parse::<i16>()
            .ok()
            .filter(|y| (2020..=2100).contains(y))
            .ok_or_else(|| Problem::field(400, "year", "invalid", "a year from 2020 to 2100"))?,
    };
    let calendar = deps.calendar.calendar().await?;
    let (days_off, working_days) = calendar.year(year);
    Ok(json(200, &CalendarAnswer { year, days_off, working_days, changes: calendar.changes().clone() }))
}

/// `PUT /api/admin/calendar` (admins): replaces the government's changes. Every date is checked (a day off must
/// be a weekday, a working day a Saturday or Sunday, none twice); a bad one refuses the whole edit.
pub async fn save_calendar(deps: Arc<Calendar>, request: Request) -> Answer {
    super::staff::admin_of(&request)?;
    let changes: CalendarChanges = crate::http::request::json_body(&request)?;
    let changes = changes.validated().map_err(|(field, error)| {
        Problem::validation(vec![FieldError::new(field, "invalid_date", error.to_string())])
    })?;
    deps.calendar.save_changes(&changes).await?;
    let calendar = deps.calendar.calendar().await?;
    let year = deps.clock.now().to_zoned_datetime(crate::domain::calendar::sofia_time_zone()).year();
    let (days_off, working_days) = calendar.year(year);
    Ok(json(200, &CalendarAnswer { year, days_off, working_days, changes }))
}
