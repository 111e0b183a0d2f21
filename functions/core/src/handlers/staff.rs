//! The back office: a staff member's view of a document with its whole history, the actions that move it on
//! (one route each), work queues and their counts. Roles come from the caller's Cognito groups.

use super::attachments::attachment_views;
use crate::domain::access::TokenSecret;
use crate::domain::catalogue::Catalogue;
use crate::domain::deadlines::ExtensionGround;
use crate::domain::document::Document;
use crate::domain::photos::{self, PhotoId};
use crate::domain::registry::RegistryNumber;
use crate::domain::status::Status;
use crate::domain::templates::{TemplateRequest, parse_template, template_for};
use crate::domain::text::Description;
use crate::domain::views::Viewer;
use crate::domain::workflow;
use crate::domain::workflow::{Action, NoteText, Staff, WorkflowError, allowed_transitions, apply, is_overdue};
use crate::http::request::{caller, json_body, path_number, path_parameter};
use crate::http::route::Answer;
use crate::http::{Problem, json};
use crate::ports::{Accounts, ApiKeys, CalendarStore, DocumentStore, FileStore, SaveError, Saved, TemplateStore};
use crate::wiring::{Clock, Secret};
use lambda_http::{Request, RequestExt};
use serde::Deserialize;
use serde_json::json;
use std::sync::Arc;

crate::dependencies! {
    /// A document as staff see it.
    pub struct StaffPage {
        documents: Arc<dyn DocumentStore>, files: Arc<dyn FileStore>, catalogue: &'static Catalogue, clock: Clock,
    }
}

crate::dependencies! {
    /// What a staff action on a document needs: the document, the clerk's name for its history, and the calendar
    /// a restarted term is counted on.
    pub struct Desk {
        documents: Arc<dyn DocumentStore>, accounts: Arc<dyn Accounts>, calendar: Arc<dyn CalendarStore>,
        catalogue: &'static Catalogue, clock: Clock,
    }
}

crate::dependencies! {
    /// A status change, whose note may come from a template; a bulk action too (its other actions need only the
    /// desk, an assignment's unit members included).
    pub struct StatusDesk { desk: Desk, templates: Arc<dyn TemplateStore> }
}

crate::dependencies! {
    /// Moderation, which deletes a hidden photo's files.
    pub struct ModerationDesk { desk: Desk, files: Arc<dyn FileStore> }
}

crate::dependencies! {
    pub struct Queues { documents: Arc<dyn DocumentStore>, catalogue: &'static Catalogue, clock: Clock }
}

crate::dependencies! {
    /// The sender reopening a signal, which gets a new term.
    pub struct Reopening {
        documents: Arc<dyn DocumentStore>, calendar: Arc<dyn CalendarStore>, catalogue: &'static Catalogue,
        clock: Clock,
    }
}

crate::dependencies! {
    pub struct Templates { templates: Arc<dyn TemplateStore> }
}

crate::dependencies! {
    pub struct TemplateAdmin { templates: Arc<dyn TemplateStore>, catalogue: &'static Catalogue }
}

crate::dependencies! {
    pub struct StaffAdmin { accounts: Arc<dyn Accounts>, catalogue: &'static Catalogue }
}

crate::dependencies! {
    pub struct KeyAdmin { api_keys: Arc<dyn ApiKeys>, token_secret: Secret<TokenSecret> }
}

pub(crate) fn staff_of(request: &Request) -> Result<Staff, Problem> {
    let caller = caller(request).ok_or_else(Problem::unauthorized)?;
    let name = caller.email.clone().unwrap_or_else(|| caller.sub.clone());
    Staff::from_groups(&caller.sub, &name, &caller.groups)
        .ok_or_else(|| Problem::new(403, "staff-only", "Only staff of the municipality can do this"))
}

pub(crate) fn workflow_problem(error: WorkflowError) -> Problem {
    match error {
        WorkflowError::NotYours => Problem::new(403, "not-your-unit", "This document is not assigned to your unit"),
        WorkflowError::Transition { current, to } => Problem::new(409, "transition", "This change is not allowed now")
            .with_detail(format!("The document is {}; it cannot become {}", current.as_str(), to.as_str())),
        WorkflowError::Field(error) => Problem::validation(vec![error]),
    }
}

/// The document as staff see it: everything the sender sent, the original description if moderated, the whole
/// history with who did what, attachments, whether it is overdue, and what it may become next.
pub async fn staff_document(deps: Arc<StaffPage>, request: Request) -> Answer {
    let staff = staff_of(&request)?;
    let document = deps.documents.get(path_number(&request)?).await?.ok_or_else(|| Problem::not_found("document"))?;
    if !staff.may_handle(&document) {
        return Err(workflow_problem(WorkflowError::NotYours));
    }
    let now = deps.clock.now();
    let mut view = document.view_for(Viewer::Sender, deps.catalogue, now);
    view.attachments = attachment_views(deps.files.as_ref(), document.number, &document.attachments).await?;
    let history = deps.documents.history(document.number).await?;
    Ok(json(
        200,
        &json!({
            "document": view,
            "version": document.version,
            "original_description": document.original_description,
            "hidden_photos": document.hidden_photos,
            "overdue": is_overdue(&document, now),
            "channel": document.channel,
            "assignee": document.assignee,
            "next_statuses": allowed_transitions(document.kind(), document.status),
            "history": history,
        }),
    ))
}

/// Reads the action's body, applies it, saves it if nobody changed the document in between.
/// `files` is where a hidden photo's files are deleted from, for moderation.
async fn act<B: serde::de::DeserializeOwned>(
    desk: &Desk,
    files: Option<&dyn FileStore>,
    request: &Request,
    to_action: impl FnOnce(B, &Document) -> Result<(Action, u64), Problem>,
) -> Answer {
    let (staff, _) = acting_staff(desk.accounts.as_ref(), request).await?;
    let number = path_number(request)?;
    let body: B = json_body(request)?;
    let acted = act_on(desk, files, &staff, number, |document| to_action(body, document)).await?;
    Ok(json(200, &acted))
}

/// The caller as staff, with their name for the history, and their e-mail (lower case), which an assignment
/// names: access tokens carry only the account id.
pub(crate) async fn acting_staff(
    accounts: &dyn Accounts,
    request: &Request,
) -> Result<(Staff, Option<String>), Problem> {
    let mut staff = staff_of(request)?;
    let mut email = None;
    if let Ok(profile) = accounts.profile(&staff.sub).await {
        email = Some(profile.email.to_lowercase());
        staff.name = profile.name.unwrap_or(profile.email);
    }
    Ok((staff, email))
}

/// Applies one action to one document and saves it if nobody changed it in between: what a single action and
/// each document of a bulk action go through alike (unit, version, state machine).
pub(crate) async fn act_on(
    desk: &Desk,
    files: Option<&dyn FileStore>,
    staff: &Staff,
    number: RegistryNumber,
    to_action: impl FnOnce(&Document) -> Result<(Action, u64), Problem>,
) -> Result<Acted, Problem> {
    let document = desk.documents.get(number).await?.ok_or_else(|| Problem::not_found("document"))?;
    // Another unit's document is refused before anything about it (its version) is told.
    if !staff.may_handle(&document) {
        return Err(workflow_problem(WorkflowError::NotYours));
    }
    let (action, version) = to_action(&document)?;
    if version != document.version {
        return Err(stale(document.version));
    }
    // A duplicate names its original, which is written too (linked both ways, in the same transaction).
    let original = match &action {
        Action::MarkDuplicate { of } => desk.documents.get(*of).await?,
        _ => None,
    };
    let calendar = desk.calendar.calendar().await?;
    let applied = apply(&document, &action, original.as_ref(), staff, desk.catalogue, &calendar, desk.clock.now())
        .map_err(workflow_problem)?;
    let (updated, event) = (&applied.document, &applied.event);
    let saved = Saved { document: updated, expected_version: document.version, event };
    let linked_saved = applied.linked.as_ref().zip(original.as_ref()).map(|((linked, event), original)| Saved {
        document: linked,
        expected_version: original.version,
        event,
    });
    match desk.documents.save_action(&saved, linked_saved.as_ref()).await {
        Ok(()) => {}
        Err(SaveError::Stale) => {
            let current = desk.documents.get(number).await?.map(|d| d.version).unwrap_or(document.version);
            return Err(stale(current));
        }
        Err(SaveError::Store(error)) => return Err(error.into()),
    }
    tracing::info!(number = %number, version = updated.version, "staff action saved");
    // A hidden photo leaves the public bucket as well; hiding again retries this if it failed.
    if let (Action::Moderate { hide_photo: Some(photo), .. }, Some(files)) = (&action, files) {
        for key in [photos::display_key(number, photo), photos::thumbnail_key(number, photo)] {
            if let Err(error) = files.unpublish(&key).await {
                tracing::error!(%error, %key, "a hidden photo's file could not be deleted");
                return Err(Problem::unavailable(2)
                    .with_detail("The photo is hidden on every page; its file is not deleted yet. Hide it again."));
            }
        }
    }
    Ok(Acted { number, status: updated.status, unit: Some(updated.unit.clone()), version: updated.version })
}

/// A document after a staff action (or the sender's reopening): where it stands, and its new version.
#[derive(serde::Serialize, schemars::JsonSchema)]
pub struct Acted {
    number: RegistryNumber,
    status: Status,
    #[serde(skip_serializing_if = "Option::is_none")]
    unit: Option<String>,
    version: u64,
}

/// A page of a unit's queue in one status, and the cursor of the next.
#[derive(serde::Serialize, schemars::JsonSchema)]
pub struct Queue {
    unit: String,
    status: Status,
    items: Vec<QueueItem>,
    next_cursor: Option<String>,
}

pub(crate) fn stale(current: u64) -> Problem {
    Problem::new(409, "stale-version", "Someone changed this document in the meantime")
        .with_detail(format!("Reload it: the current version is {current}"))
}

pub(crate) fn note(value: Option<String>, field: &'static str, required: bool) -> Result<Option<NoteText>, Problem> {
    match value.filter(|v| !v.trim().is_empty()) {
        None if required => Err(Problem::field(422, field, "required", format!("{field} is required"))),
        None => Ok(None),
        Some(text) => NoteText::parse(&text)
            .map(Some)
            .map_err(|_| Problem::field(422, field, "too_long", format!("{field} must be at most 4000 characters"))),
    }
}

fn version(value: Option<u64>) -> Result<u64, Problem> {
    value.ok_or_else(|| {
        Problem::field(422, "version", "required", "send the version you read, so no one's change is overwritten")
    })
}

#[derive(Deserialize, Default, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct AssignBody {
    unit: Option<String>,
    note: Option<String>,
    version: Option<u64>,
}

/// `POST /api/staff/documents/{number}/assign`: forward to a unit.
pub async fn assign(deps: Arc<Desk>, request: Request) -> Answer {
    act(&deps, None, &request, |body: AssignBody, _| {
        let unit = body.unit.ok_or_else(|| Problem::field(422, "unit", "required", "unit is required"))?;
        Ok((Action::Assign { unit, note: note(body.note, "note", false)? }, version(body.version)?))
    })
    .await
}

#[derive(Deserialize, Default, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct StatusBody {
    pub(crate) status: Option<String>,
    pub(crate) note: Option<String>,
    /// For `extended` (ЗДОИ): `large_volume` (≤ 10 days) or `third_party` (≤ 14 days).
    pub(crate) extension_ground: Option<String>,
    pub(crate) extension_days: Option<i64>,
    /// For `not_competent` (and ЗДОИ `forwarded_elsewhere`): the body it goes to; the note says where to turn.
    pub(crate) competent_body: Option<String>,
    pub(crate) version: Option<u64>,
}

/// `POST /api/staff/documents/{number}/status`: change the status, with a public note. Ending a signal takes an
/// honest outcome: closing without a fix or refusing needs the reason, "not competent" the body it goes to and
/// where the citizen should turn.
pub async fn change_status(deps: Arc<StatusDesk>, request: Request) -> Answer {
    // Without a note of the clerk's, the template for the category and the new status fills it.
    let templates = deps.templates.templates().await?;
    act(&deps.desk, None, &request, |body: StatusBody, document: &Document| {
        Ok((status_action(&body, document, &templates)?, version(body.version)?))
    })
    .await
}

/// The status change a body asks of a document, its note from the clerk or else from the template for the
/// document's category and the new status.
pub(crate) fn status_action(
    body: &StatusBody,
    document: &Document,
    templates: &[crate::domain::templates::ReplyTemplate],
) -> Result<Action, Problem> {
    let to = body
        .status
        .as_deref()
        .and_then(Status::parse)
        .ok_or_else(|| Problem::field(422, "status", "unknown", "status is one of the document statuses"))?;
    let extension = match (body.extension_ground.as_deref(), body.extension_days) {
        (None, None) => None,
        (Some("large_volume"), Some(days)) => Some((ExtensionGround::LargeVolume, days)),
        (Some("third_party"), Some(days)) => Some((ExtensionGround::ThirdParty, days)),
        _ => {
            return Err(Problem::field(
                422,
                "extension_ground",
                "invalid",
                "large_volume or third_party, with extension_days",
            ));
        }
    };
    let category = match &document.subject {
        crate::domain::document::Subject::Signal { category, .. } => Some(category.as_str()),
        _ => None,
    };
    let competent_body = note(body.competent_body.clone(), "competent_body", false)?;
    let note = match note(body.note.clone(), "note", false)? {
        Some(note) => Some(note),
        None => template_for(templates, category, to).and_then(|t| NoteText::parse(&t.note()).ok()),
    };
    Ok(Action::ChangeStatus { to, note, extension, competent_body })
}

#[derive(Deserialize, Default, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct TextBody {
    text: Option<String>,
    version: Option<u64>,
}

/// `POST /api/staff/documents/{number}/replies`: a public reply (answers a question; registers the reply to a
/// letter, complaint or proposal).
pub async fn reply(deps: Arc<Desk>, request: Request) -> Answer {
    write_text(&deps, &request, |text| Action::Reply { text }).await
}

/// A reply or a note: the text, required, and the version read.
async fn write_text(desk: &Desk, request: &Request, action: fn(NoteText) -> Action) -> Answer {
    act(desk, None, request, |body: TextBody, _| {
        let text = note(body.text, "text", true)?.ok_or_else(Problem::internal)?;
        Ok((action(text), version(body.version)?))
    })
    .await
}

/// `POST /api/staff/documents/{number}/notes`: an internal note, never shown to citizens.
pub async fn internal_note(deps: Arc<Desk>, request: Request) -> Answer {
    write_text(&deps, &request, |text| Action::InternalNote { text }).await
}

#[derive(Deserialize, Default, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct DuplicateBody {
    of: Option<String>,
    version: Option<u64>,
}

/// `POST /api/staff/documents/{number}/duplicate`: mark as a duplicate of another signal (linked both ways).
pub async fn mark_duplicate(deps: Arc<Desk>, request: Request) -> Answer {
    act(&deps, None, &request, |body: DuplicateBody, _| {
        let of =
            body.of.as_deref().and_then(|n| n.parse().ok()).ok_or_else(|| {
                Problem::field(422, "of", "invalid", "of is the registry number of the original signal")
            })?;
        Ok((Action::MarkDuplicate { of }, version(body.version)?))
    })
    .await
}

#[derive(Deserialize, Default, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct ModerateBody {
    description: Option<String>,
    hide_photo: Option<String>,
    version: Option<u64>,
}

/// `POST /api/staff/documents/{number}/moderate`: edit the public description (to remove personal data) or
/// hide a photo; the original stays for staff and the edit is recorded.
pub async fn moderate(deps: Arc<ModerationDesk>, request: Request) -> Answer {
    act(&deps.desk, Some(deps.files.as_ref()), &request, |body: ModerateBody, _| {
        let description =
            match body.description {
                None => None,
                Some(text) => Some(Description::parse(&text).map_err(|_| {
                    Problem::field(422, "description", "invalid", "description is 10 to 4000 characters")
                })?),
            };
        let hide_photo = match body.hide_photo {
            None => None,
            Some(id) => Some(
                PhotoId::parse(&id).ok_or_else(|| Problem::field(422, "hide_photo", "invalid", "not a photo id"))?,
            ),
        };
        Ok((Action::Moderate { description, hide_photo }, version(body.version)?))
    })
    .await
}

#[derive(serde::Serialize, schemars::JsonSchema)]
pub struct QueueItem {
    #[serde(flatten)]
    summary: crate::domain::views::DocumentSummary,
    unit: String,
    overdue: bool,
    version: u64,
}

/// The unit named in the path, when the caller is staff who may read its queue.
fn readable_queue(catalogue: &Catalogue, request: &Request) -> Result<String, Problem> {
    let staff = staff_of(request)?;
    let unit = path_parameter(request, "unit")
        .filter(|u| catalogue.unit(u).is_some())
        .ok_or_else(|| Problem::field(400, "unit", "unknown", "unknown unit"))?;
    if !staff.may_read_queue(&unit) {
        return Err(workflow_problem(WorkflowError::NotYours));
    }
    Ok(unit)
}

/// `GET /api/staff/queues/{unit}?status=&cursor=&limit=`: a unit's work queue in one status, soonest due first
/// (then oldest), with overdue items flagged. The Contact Center's own queue (`contact-center`) is what still needs distributing.
pub async fn queue(deps: Arc<Queues>, request: Request) -> Answer {
    let unit = readable_queue(deps.catalogue, &request)?;
    let query = request.query_string_parameters();
    let status = match query.first("status") {
        None => Status::New,
        Some(value) => {
            Status::parse(value).ok_or_else(|| Problem::field(400, "status", "unknown", "unknown status"))?
        }
    };
    let (limit, cursor) = crate::http::request::page_of(&request, 50, 200)?;
    let (documents, next) = deps.documents.queue(&unit, status, cursor, limit).await?;
    let now = deps.clock.now();
    let items: Vec<QueueItem> = documents
        .iter()
        .map(|d| QueueItem {
            summary: d.summary(now),
            unit: d.unit.clone(),
            overdue: is_overdue(d, now),
            version: d.version,
        })
        .collect();
    Ok(json(200, &Queue { unit, status, items, next_cursor: next }))
}

/// `POST /api/documents/{number}/reopen` (the sender, with the access token): reopens a resolved signal within
/// 30 days of its resolution.
pub async fn reopen(deps: Arc<Reopening>, request: Request) -> Answer {
    let number = path_number(&request)?;
    let document = deps.documents.get(number).await?.ok_or_else(|| Problem::not_found("document"))?;
    let token = crate::http::request::header(&request, super::documents::ACCESS_TOKEN_HEADER)
        .and_then(|t| crate::domain::access::AccessToken::presented(&t));
    if !token.is_some_and(|t| document.token_hash.matches(&t)) {
        // A private document answers as a number never issued: nobody learns that it exists.
        if !document.kind().is_public() {
            return Err(Problem::not_found("document"));
        }
        return Err(Problem::new(403, "forbidden", "Only the sender can reopen a signal"));
    }
    let calendar = deps.calendar.calendar().await?;
    let (updated, event) =
        workflow::reopen_by_sender(&document, deps.catalogue, &calendar, deps.clock.now()).map_err(workflow_problem)?;
    let saved = Saved { document: &updated, expected_version: document.version, event: &event };
    deps.documents.save_action(&saved, None).await.map_err(|e| match e {
        SaveError::Stale => stale(document.version + 1),
        SaveError::Store(error) => error.into(),
    })?;
    Ok(json(200, &Acted { number, status: updated.status, unit: None, version: updated.version }))
}

pub(crate) fn admin_of(request: &Request) -> Result<Staff, Problem> {
    let staff = staff_of(request)?;
    if !staff.is_admin() {
        return Err(Problem::new(403, "admins-only", "Only administrators can do this"));
    }
    Ok(staff)
}

/// `GET /api/staff/templates`: the reply templates, for the console to offer.
pub async fn list_templates(deps: Arc<Templates>, request: Request) -> Answer {
    staff_of(&request)?;
    Ok(json(200, &json!({ "templates": deps.templates.templates().await? })))
}

/// `PUT /api/admin/templates/{category}/{status}` (admins): the public note for a category (or `any`) and status.
pub async fn save_template(deps: Arc<TemplateAdmin>, request: Request) -> Answer {
    admin_of(&request)?;
    let category = path_parameter(&request, "category").unwrap_or_default();
    let status = path_parameter(&request, "status").unwrap_or_default();
    let body: TemplateRequest = json_body(&request)?;
    let template = parse_template(&category, &status, &body, deps.catalogue).map_err(Problem::validation)?;
    deps.templates.save_template(&template).await?;
    Ok(json(200, &template))
}

#[derive(Deserialize, Default, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct StaffAccountBody {
    email: Option<String>,
    name: Option<String>,
    /// `operators`, `admins`, or `unit-<unit id>`.
    role: Option<String>,
}

/// `POST /api/admin/staff` (admins): creates a staff account in a role; Cognito e-mails the invitation.
pub async fn create_staff_account(deps: Arc<StaffAdmin>, request: Request) -> Answer {
    admin_of(&request)?;
    let body: StaffAccountBody = json_body(&request)?;
    let mut errors = Vec::new();
    let email = crate::domain::account::parse_email("email", body.email.as_deref(), &mut errors);
    let name = body.name.as_deref().and_then(|n| crate::domain::text::PersonName::parse(n).ok());
    if name.is_none() {
        errors.push(crate::domain::FieldError::new("name", "required", "name is required"));
    }
    let role = body.role.unwrap_or_default();
    if !workflow::is_staff_group(&role, deps.catalogue) {
        errors.push(crate::domain::FieldError::new("role", "unknown", "operators, admins or unit-<unit id>"));
    }
    let (Some(email), Some(name)) = (email, name) else { return Err(Problem::validation(errors)) };
    if !errors.is_empty() {
        return Err(Problem::validation(errors));
    }
    deps.accounts.create_staff(email.as_str(), name.as_str(), &role).await.map_err(|error| match error {
        crate::ports::AccountError::AlreadyExists => Problem::field(
            409,
            "email",
            "account_exists",
            "an account with this e-mail exists already; a staff account is always a new login, so \
             choose another address (a role is never added to an existing account)",
        ),
        error => {
            tracing::error!(error = %error, "staff account not created");
            Problem::unavailable(5)
        }
    })?;
    Ok(json(201, &json!({ "email": email.as_str(), "role": role })))
}

#[derive(Deserialize, Default, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct ApiKeyBody {
    client: Option<String>,
}

/// `POST /api/admin/open311-keys` (admins) `{client}`: a new Open311 API key, shown once; only its hash is kept.
pub async fn issue_api_key(deps: Arc<KeyAdmin>, request: Request) -> Answer {
    admin_of(&request)?;
    let body: ApiKeyBody = json_body(&request)?;
    let client = body
        .client
        .as_deref()
        .and_then(|c| crate::domain::text::PersonName::parse(c).ok())
        .ok_or_else(|| Problem::field(422, "client", "required", "name the client the key is for"))?;
    // The key is derived from a random id, so a replay can answer with it again without a stored copy.
    let key_id = crate::domain::access::TokenSalt::random().as_str().to_owned();
    let key = deps.token_secret.get().await?.api_key(&key_id);
    deps.api_keys.issue(client.as_str(), &key).await?;
    let mut response = json(201, &json!({ "client": client.as_str(), "key_id": key_id, "api_key": key }));
    response.extensions_mut().insert(crate::http::idempotency::SecretInAnswer(key));
    Ok(response)
}

/// A replayed issue's API key, derived again from its id.
pub(crate) async fn api_key_again(deps: Arc<KeyAdmin>, kept: serde_json::Value) -> Result<String, Problem> {
    let key_id = kept.get("key_id").and_then(|k| k.as_str()).ok_or_else(Problem::internal)?;
    Ok(deps.token_secret.get().await?.api_key(key_id))
}
