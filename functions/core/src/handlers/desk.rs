//! The back office's one view of everything, search, bulk actions, assignment to a clerk, and the operators'
//! intake of what callers report. Every read is an index query bounded by the page; every action on a
//! document goes through the same checks as a single action (`staff::act_on`).

use super::documents::Registry;
use super::staff::{
    Acted, Desk, StatusBody, StatusDesk, act_on, acting_staff, staff_of, status_action, workflow_problem,
};
use crate::domain::FieldError;
use crate::domain::calendar::sofia_date;
use crate::domain::catalogue::Catalogue;
use crate::domain::desk::{DeskQuery, DeskRow, DeskScope, DeskSort, as_number, to_csv};
use crate::domain::districts::Districts;
use crate::domain::document::Document;
use crate::domain::intake::{IntakeRequest, parse_intake};
use crate::domain::registry::RegistryNumber;
use crate::domain::search::query_terms;
use crate::domain::status::Status;
use crate::domain::workflow::{Action, Staff, UNIT_GROUP_PREFIX, WorkflowError};
use crate::http::request::{json_body, page_of, path_number};
use crate::http::route::Answer;
use crate::http::{Problem, json};
use crate::ports::{Accounts, DeskIndex, DocumentStore};
use crate::wiring::Clock;
use futures::stream::{self, StreamExt};
use lambda_http::{Body, Request, RequestExt, Response};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::Arc;

crate::dependencies! {
    /// The one view: the desk's indexes and the documents (a number typed into the search box).
    pub struct DeskView {
        desk: Arc<dyn DeskIndex>, documents: Arc<dyn DocumentStore>, accounts: Arc<dyn Accounts>,
        catalogue: &'static Catalogue, clock: Clock,
    }
}

crate::dependencies! {
    /// The clerks of a unit.
    pub struct People { accounts: Arc<dyn Accounts>, catalogue: &'static Catalogue }
}

crate::dependencies! {
    /// An operator registering what a caller reports.
    pub struct Intake { registry: Registry }
}

/// A page of a view: its rows and the cursor of the next page.
#[derive(Serialize, schemars::JsonSchema)]
pub struct DeskPage {
    items: Vec<DeskRow>,
    next_cursor: Option<String>,
}

/// `GET /api/staff/documents?unit=&status=&kind=&category=&type=&district=&channel=&assignee=&overdue=&older_than=
/// &sort=&q=&cursor=&limit=&format=`: every document an operator may see (a clerk: their unit's), filtered,
/// sorted by due date or age, searched by number or words, a page at a time; `format=csv` for the same page as
/// CSV, the next page's cursor in `x-next-cursor` (the console follows it to save the whole view as one file).
pub async fn desk_view(deps: Arc<DeskView>, request: Request) -> Answer {
    let staff = staff_of(&request)?;
    let query_string = request.query_string_parameters();
    let param = |name: &str| query_string.first(name);
    let csv = match param("format") {
        None | Some("json") => false,
        Some("csv") => true,
        Some(_) => return Err(Problem::field(400, "format", "invalid", "format is json or csv")),
    };
    let now = deps.clock.now();
    let search = param("q").map(str::trim).filter(|q| !q.is_empty());
    // A search looks in every status unless one is named.
    let param_with_default = |name: &str| match (name, param(name), search) {
        ("status", None, Some(_)) => Some("all"),
        (_, value, _) => value,
    };
    // Another unit's documents are refused outright, as its queue is.
    if let Some(unit) = param("unit")
        && deps.catalogue.unit(unit).is_some()
        && !staff.may_read_queue(unit)
    {
        return Err(workflow_problem(WorkflowError::NotYours));
    }
    // "My work" names the caller by e-mail, which only their profile holds.
    let email = match param("assignee") {
        Some("me") => acting_staff(deps.accounts.as_ref(), &request).await?.1,
        _ => None,
    };
    let query = DeskQuery::parse(param_with_default, &staff, email.as_deref(), deps.catalogue, now)
        .map_err(|errors| Problem { status: 400, ..Problem::validation(errors) })?;
    let (limit, cursor) = page_of(&request, 50, 200)?;
    let (documents, next_cursor) = match search {
        // The followed index holds only what someone follows, most followed first.
        None if query.filter.followed || query.sort == DeskSort::Followers => {
            let unit = match &query.scope {
                DeskScope::Unit(unit) => Some(unit.as_str()),
                DeskScope::City => None,
            };
            let (found, next) = deps.desk.followed_page(unit, cursor, limit).await?;
            (found.into_iter().filter(|d| query.matches(d)).collect(), next)
        }
        None => deps.desk.desk_page(&query, cursor, limit).await?,
        Some(text) => match as_number(text) {
            Some(number) => (number_match(&deps, &staff, &query, number).await?, None),
            None => {
                let terms =
                    query_terms(text).map_err(|error| Problem { status: 400, ..Problem::validation(vec![error]) })?;
                let (found, next) = deps.desk.search_page(&query.scope, &terms, cursor, limit).await?;
                (found.into_iter().filter(|d| query.matches(d)).collect(), next)
            }
        },
    };
    let numbers: Vec<RegistryNumber> = documents.iter().map(|d| d.number).collect();
    let followers = deps.desk.followers(&numbers).await?;
    let items: Vec<DeskRow> = documents
        .iter()
        .map(|d| DeskRow::of(d, followers.get(&d.number).copied().unwrap_or(0), deps.catalogue, now))
        // A search (by words or number) reads the term index, not the followed one: "followed" is checked here.
        .filter(|row| !query.filter.followed || row.followers > 0)
        .collect();
    if csv {
        let mut response = Response::builder()
            .status(200)
            .header("content-type", "text/csv; charset=utf-8")
            .header("content-disposition", "attachment; filename=\"kc-sofia-documents.csv\"")
            .header("x-row-count", items.len());
        if let Some(next) = &next_cursor {
            response = response.header("x-next-cursor", next);
        }
        return Ok(response.body(Body::Text(to_csv(&items))).unwrap_or_else(|_| Problem::internal().into_response()));
    }
    Ok(json(200, &DeskPage { items, next_cursor }))
}

/// The document a number names, if the caller may see it and it is in the view.
async fn number_match(
    deps: &DeskView,
    staff: &Staff,
    query: &DeskQuery,
    number: RegistryNumber,
) -> Result<Vec<Document>, Problem> {
    let found = deps.documents.get(number).await?;
    Ok(found.into_iter().filter(|d| staff.may_handle(d) && query.statuses.contains(&d.status)).collect())
}

#[derive(Deserialize, Default, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct AssigneeBody {
    /// The clerk's e-mail; `null` to take it off anyone.
    assignee: Option<String>,
    version: Option<u64>,
}

/// The clerks of a document's unit (e-mails, lower case), read once per unit.
async fn members(accounts: &dyn Accounts, unit: &str) -> Result<Vec<String>, Problem> {
    let emails = accounts.members_of(&format!("{UNIT_GROUP_PREFIX}{unit}")).await.map_err(|error| {
        tracing::error!(%error, "unit members could not be read");
        Problem::unavailable(2)
    })?;
    Ok(emails.into_iter().map(|e| e.to_lowercase()).collect())
}

/// The assignment of `assignee` (an e-mail, `me`, or none) to a document of a unit whose clerks are `members`.
fn assignment(assignee: Option<&str>, me: Option<&str>, members: &[String]) -> Result<Action, Problem> {
    let assignee = match assignee.map(str::trim).filter(|a| !a.is_empty()) {
        None => None,
        Some("me") => Some(me.ok_or_else(Problem::unauthorized)?.to_owned()),
        Some(email) => Some(email.to_lowercase()),
    };
    if let Some(email) = &assignee
        && !members.contains(email)
    {
        return Err(Problem::field(
            422,
            "assignee",
            "not_in_unit",
            "the assignee must be a clerk of the document's unit",
        ));
    }
    Ok(Action::AssignPerson { assignee })
}

/// `POST /api/staff/documents/{number}/assignee` `{assignee, version}`: names the clerk of the unit who works on
/// it (or nobody); recorded in the history, for staff only.
pub async fn assign_person(deps: Arc<Desk>, request: Request) -> Answer {
    let (staff, me) = acting_staff(deps.accounts.as_ref(), &request).await?;
    let number = path_number(&request)?;
    let body: AssigneeBody = json_body(&request)?;
    let document = deps.documents.get(number).await?.ok_or_else(|| Problem::not_found("document"))?;
    if !staff.may_handle(&document) {
        return Err(workflow_problem(WorkflowError::NotYours));
    }
    let members = members(deps.accounts.as_ref(), &document.unit).await?;
    let version = body.version.ok_or_else(|| {
        Problem::field(422, "version", "required", "send the version you read, so no one's change is overwritten")
    })?;
    let action = assignment(body.assignee.as_deref(), me.as_deref(), &members)?;
    let acted = act_on(&deps, None, &staff, number, |_| Ok((action, version))).await?;
    Ok(json(200, &acted))
}

/// The most documents one bulk action takes.
const BULK_MAX: usize = 100;
/// Documents a bulk action works on at once.
const BULK_AT_ONCE: usize = 8;

#[derive(Deserialize, Default, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct BulkBody {
    /// Registry numbers, at most 100.
    numbers: Option<Vec<String>>,
    /// `assign` (forward to `unit`), `assign_person` (`assignee`) or `status` (`status`, with `note` or the
    /// template, and what that status needs).
    action: Option<String>,
    unit: Option<String>,
    assignee: Option<String>,
    note: Option<String>,
    status: Option<String>,
    extension_ground: Option<String>,
    extension_days: Option<i64>,
    competent_body: Option<String>,
    /// The version read of each document (by number), as the clerk saw it: a document changed since, or
    /// without its version, is refused, not overwritten.
    versions: Option<BTreeMap<String, u64>>,
}

/// What a bulk action did to one document, or why not.
#[derive(Serialize, schemars::JsonSchema)]
pub struct BulkResult {
    number: String,
    done: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    acted: Option<Acted>,
    #[serde(skip_serializing_if = "Option::is_none")]
    problem: Option<Problem>,
}

#[derive(Serialize, schemars::JsonSchema)]
pub struct BulkAnswer {
    done: usize,
    refused: usize,
    results: Vec<BulkResult>,
}

enum BulkAction {
    Assign { unit: String, note: Option<String> },
    AssignPerson { assignee: Option<String> },
    Status(StatusBody),
}

/// `POST /api/staff/bulk`: one action on many documents. Each is checked as a single action would be (unit,
/// version, state machine); the answer says per document what was done or why not.
pub async fn bulk(deps: Arc<StatusDesk>, request: Request) -> Answer {
    let (staff, me) = acting_staff(deps.desk.accounts.as_ref(), &request).await?;
    let body: BulkBody = json_body(&request)?;
    let mut errors = Vec::new();
    let numbers = body.numbers.clone().unwrap_or_default();
    if numbers.is_empty() || numbers.len() > BULK_MAX {
        errors.push(FieldError::new("numbers", "out_of_range", format!("1 to {BULK_MAX} registry numbers")));
    }
    let action = match body.action.as_deref() {
        Some("assign") => match body.unit.clone() {
            Some(unit) => Some(BulkAction::Assign { unit, note: body.note.clone() }),
            None => {
                errors.push(FieldError::new("unit", "required", "name the unit to forward to"));
                None
            }
        },
        Some("assign_person") => Some(BulkAction::AssignPerson { assignee: body.assignee.clone() }),
        Some("status") => Some(BulkAction::Status(StatusBody {
            status: body.status.clone(),
            note: body.note.clone(),
            extension_ground: body.extension_ground.clone(),
            extension_days: body.extension_days,
            competent_body: body.competent_body.clone(),
            version: None,
        })),
        _ => {
            errors.push(FieldError::new("action", "unknown", "action is assign, assign_person or status"));
            None
        }
    };
    if body.versions.is_none() {
        errors.push(FieldError::new("versions", "required", "the version read of each document, by number"));
    }
    let (Some(action), true) = (action, errors.is_empty()) else { return Err(Problem::validation(errors)) };
    let templates = match &action {
        BulkAction::Status(_) => deps.templates.templates().await?,
        _ => Vec::new(),
    };
    let versions = body.versions.unwrap_or_default();
    let mut unique = Vec::new();
    for number in numbers {
        if !unique.contains(&number) {
            unique.push(number);
        }
    }
    let (desk, action, templates, staff, me, versions) = (&deps.desk, &action, &templates, &staff, &me, &versions);
    let results: Vec<BulkResult> = stream::iter(unique)
        .map(|text| async move {
            let outcome = match text.parse::<RegistryNumber>() {
                Err(_) => Err(Problem::field(422, "numbers", "invalid", format!("{text:?} is not a registry number"))),
                Ok(number) => match versions.get(&text) {
                    Some(version) => one_of_bulk(desk, staff, number, action, templates, me.as_deref(), *version).await,
                    None => Err(Problem::field(422, "versions", "required", format!("no version read of {text}"))),
                },
            };
            match outcome {
                Ok(acted) => BulkResult { number: text, done: true, acted: Some(acted), problem: None },
                Err(problem) => BulkResult { number: text, done: false, acted: None, problem: Some(problem) },
            }
        })
        .buffered(BULK_AT_ONCE)
        .collect()
        .await;
    let done = results.iter().filter(|r| r.done).count();
    Ok(json(200, &BulkAnswer { done, refused: results.len() - done, results }))
}

async fn one_of_bulk(
    desk: &Desk,
    staff: &Staff,
    number: RegistryNumber,
    action: &BulkAction,
    templates: &[crate::domain::templates::ReplyTemplate],
    me: Option<&str>,
    version: u64,
) -> Result<Acted, Problem> {
    // An assignment names a clerk of the document's own unit: its members are read for it.
    let members = match action {
        BulkAction::AssignPerson { .. } => {
            let document = desk.documents.get(number).await?.ok_or_else(|| Problem::not_found("document"))?;
            if !staff.may_handle(&document) {
                return Err(workflow_problem(WorkflowError::NotYours));
            }
            members(desk.accounts.as_ref(), &document.unit).await?
        }
        _ => Vec::new(),
    };
    act_on(desk, None, staff, number, |document| {
        let action = match action {
            BulkAction::Assign { unit, note } => {
                Action::Assign { unit: unit.clone(), note: super::staff::note(note.clone(), "note", false)? }
            }
            BulkAction::AssignPerson { assignee } => assignment(assignee.as_deref(), me, &members)?,
            BulkAction::Status(body) => status_action(body, document, templates)?,
        };
        Ok((action, version))
    })
    .await
}

/// `GET /api/staff/people?unit=`: the clerks of a unit (their e-mails), for assignment.
pub async fn people(deps: Arc<People>, request: Request) -> Answer {
    let staff = staff_of(&request)?;
    let query = request.query_string_parameters();
    let unit = query
        .first("unit")
        .filter(|u| deps.catalogue.unit(u).is_some())
        .ok_or_else(|| Problem::field(400, "unit", "unknown", "unknown unit"))?;
    if !staff.may_read_queue(unit) {
        return Err(workflow_problem(WorkflowError::NotYours));
    }
    let mut people = members(deps.accounts.as_ref(), unit).await?;
    people.sort();
    Ok(json(200, &serde_json::json!({ "unit": unit, "people": people })))
}

/// What an operator reads out to the caller: the number and the date, and when the answer is due.
#[derive(Serialize, schemars::JsonSchema)]
pub struct TakenIn {
    number: RegistryNumber,
    registered_on: String,
    status: Status,
    channel: crate::domain::intake::Channel,
    due: Option<crate::domain::views::DueView>,
    /// Whether the caller gets the usual mail with the access link (an e-mail was given).
    mailed: bool,
}

/// `POST /api/staff/intake` (operators): any kind of document taken on the phone line, by e-mail, at the
/// counter or by post, on the caller's behalf. The caller's data is the sender's, never public; given an
/// e-mail, the caller gets the usual mail with the access link.
pub async fn intake(deps: Arc<Intake>, request: Request) -> Answer {
    let staff = staff_of(&request)?;
    if !staff.is_operator() {
        return Err(Problem::new(403, "operators-only", "Only the Contact Center's operators take documents in"));
    }
    let body: IntakeRequest = json_body(&request)?;
    let (draft, channel) =
        parse_intake(&body, deps.registry.catalogue, Districts::builtin()).map_err(Problem::validation)?;
    let mailed = draft.sender.email.is_some();
    let document = deps.registry.register(draft).await?;
    tracing::info!(number = %document.number, channel = channel.as_str(), "taken in by an operator");
    let taken = TakenIn {
        number: document.number,
        registered_on: sofia_date(document.registered_at),
        status: document.status,
        channel,
        due: document.due(deps.registry.clock.now()),
        mailed,
    };
    let mut response = json(201, &taken);
    if let Ok(location) = format!("/api/staff/documents/{}", document.number).parse() {
        response.headers_mut().insert("location", location);
    }
    Ok(response)
}
