use crate::domain::FieldError;
use crate::domain::abuse;
use crate::domain::access::{AccessToken, TokenSalt, TokenSecret, follow_link};
use crate::domain::calendar::{registry_year, sofia_date, sofia_time_zone};
use crate::domain::catalogue::Catalogue;
use crate::domain::districts::Districts;
use crate::domain::document::{Document, Draft};
use crate::domain::filing::{NewQuestionRequest, NewSignalRequest, URGENT, parse_new_question, parse_new_signal};
use crate::domain::filing::{NewWrittenRequest, parse_new_written};
use crate::domain::registry::RegistryNumber;
use crate::domain::status::Status;
use crate::domain::views::{DocumentView, Viewer};
use crate::http::idempotency::SecretInAnswer;
use crate::http::request::{caller, header, json_body, path_number};
use crate::http::route::Answer;
use crate::http::{Problem, json};
use crate::ports::{Accounts, CalendarStore, DocumentStore, FileStore, RateLimiter, Subscriptions};
use crate::wiring::{Clock, Secret, Site, Viewers};
use jiff::Timestamp;
use lambda_http::Request;
use serde::Serialize;
use std::sync::Arc;

crate::dependencies! {
    /// Registering a document: the store that numbers it, the secret of its access link, and the catalogue and
    /// calendar its due date is computed on.
    pub struct Registry {
        documents: Arc<dyn DocumentStore>, calendar: Arc<dyn CalendarStore>, token_secret: Secret<TokenSecret>,
        catalogue: &'static Catalogue, clock: Clock,
    }
}

crate::dependencies! {
    /// Filing a document, with or without an account (`accounts` reads a signed-in sender's profile).
    pub struct Filing {
        registry: Registry, accounts: Arc<dyn Accounts>, rate_limits: Arc<dyn RateLimiter>, site: Site,
        viewers: Viewers,
    }
}

crate::dependencies! {
    /// A document's page: public, or the sender's with the access token (`files` links their attachments).
    pub struct DocumentPage {
        documents: Arc<dyn DocumentStore>, subscriptions: Arc<dyn Subscriptions>, files: Arc<dyn FileStore>,
        catalogue: &'static Catalogue, clock: Clock,
    }
}

crate::dependencies! {
    /// The caller's own documents.
    pub struct OwnDocuments { documents: Arc<dyn DocumentStore>, catalogue: &'static Catalogue, clock: Clock }
}

crate::dependencies! {
    /// One of the caller's own documents, with links to its attachments.
    pub struct OwnDocument {
        documents: Arc<dyn DocumentStore>, files: Arc<dyn FileStore>, catalogue: &'static Catalogue, clock: Clock,
    }
}

/// The header a sender's page uses to present the access token from its link.
pub const ACCESS_TOKEN_HEADER: &str = "x-access-token";

/// A registered document: its number, date and status, and the link to follow it.
#[derive(Serialize, schemars::JsonSchema)]
pub struct Registered {
    number: RegistryNumber,
    #[schemars(with = "String")]
    registered_at: Timestamp,
    registered_on: String,
    status: Status,
    /// Also e-mailed when an address was given; shown on the confirmation page so nobody is left without it.
    follow_url: String,
}

/// `POST /api/signals`: files a signal, with or without an account.
pub async fn create_signal(deps: Arc<Filing>, request: Request) -> Answer {
    let body: NewSignalRequest = json_body(&request)?;
    let draft = parse_new_signal(&body, deps.registry.catalogue, Districts::builtin()).map_err(refused_signal)?;
    file(&deps, &request, draft).await
}

/// A signal's field errors as 422; for an urgent category or type the detail says whom to call instead.
fn refused_signal(errors: Vec<FieldError>) -> Problem {
    let urgent = errors.iter().find(|e| e.code == URGENT).map(|e| e.message.clone());
    let problem = Problem::validation(errors);
    match urgent {
        Some(advice) => problem.with_detail(advice),
        None => problem,
    }
}

/// A validated draft: the caller's if signed in, within the submission limits, registered.
async fn file(deps: &Filing, request: &Request, draft: Draft) -> Answer {
    let draft = signed_in(deps.accounts.as_ref(), request, draft).await?;
    limit_submissions(deps, request, &draft).await?;
    register(deps, draft).await
}

/// `POST /api/questions`: files a request for information, with or without an account.
pub async fn create_question(deps: Arc<Filing>, request: Request) -> Answer {
    let body: NewQuestionRequest = json_body(&request)?;
    let draft = parse_new_question(&body, deps.registry.catalogue).map_err(Problem::validation)?;
    file(&deps, &request, draft).await
}

/// Abuse limits: too many submissions from one source or for one e-mail address in an hour get 429 with
/// `Retry-After`. The counters expire with their hour.
async fn limit_submissions(deps: &Filing, request: &Request, draft: &Draft) -> Result<(), Problem> {
    let source = deps.viewers.source(request).await?;
    let email = draft.sender.email.as_ref().map(|e| e.as_str());
    enforce_limits(deps.rate_limits.as_ref(), abuse::limits(source.as_ref(), email, None)).await
}

/// Adds one to each counter; the first over its limit refuses the submission.
pub(crate) async fn enforce_limits(rate_limits: &dyn RateLimiter, limits: Vec<(String, u32)>) -> Result<(), Problem> {
    for (client, limit) in limits {
        if let Some(retry_after) = rate_limits.hit(&client, limit, abuse::WINDOW_SECONDS).await? {
            return Err(Problem {
                retry_after_seconds: Some(retry_after),
                ..Problem::new(429, "too-many-submissions", "Too many submissions; please try again later")
                    .with_detail(format!("Try again in {} minutes", retry_after.div_ceil(60)))
            });
        }
    }
    Ok(())
}

/// On the routes behind the authorizer (`/api/me/...`) the draft becomes the caller's, with the sender data
/// from their profile; on the anonymous routes it stays as filed.
async fn signed_in(accounts: &dyn Accounts, request: &Request, draft: Draft) -> Result<Draft, Problem> {
    let Some(caller) = caller(request) else { return Ok(draft) };
    let profile = accounts.profile(&caller.sub).await.map_err(|error| {
        tracing::error!(error = %error, "profile could not be read");
        Problem::unavailable(2)
    })?;
    Ok(draft.filed_by(&profile))
}

/// `POST /api/me/documents` (signed in): a letter, complaint, proposal or ЗДОИ request. Never public.
pub async fn create_written(deps: Arc<Filing>, request: Request) -> Answer {
    if caller(&request).is_none() {
        return Err(Problem::unauthorized());
    }
    let body: NewWrittenRequest = json_body(&request)?;
    let draft = parse_new_written(&body, deps.registry.catalogue).map_err(Problem::validation)?;
    file(&deps, &request, draft).await
}

impl Registry {
    /// Registers a validated draft under the next registry number, with its due date.
    pub(crate) async fn register(&self, draft: Draft) -> Result<Document, Problem> {
        let draft = &draft;
        let now = self.clock.now();
        let calendar = self.calendar.calendar().await?;
        let today = now.to_zoned_datetime(sofia_time_zone()).date();
        let salt = TokenSalt::random();
        let secret = self.token_secret.get().await?;
        let build = |number: RegistryNumber| {
            Document::register(draft, number, now, salt.clone(), secret.access_token(number, &salt).hash())
                .with_deadline_from(today, self.catalogue, &calendar)
        };
        let document = self.documents.register(registry_year(now), now, &build).await?;
        tracing::info!(number = %document.number, kind = document.kind().as_str(), unit = %document.unit, "document registered");
        Ok(document)
    }
}

/// Registers a validated draft under the next registry number and answers 201 with the number, the date
/// and the follow link.
async fn register(deps: &Filing, draft: Draft) -> Answer {
    let document = deps.registry.register(draft).await?;
    let token = deps.registry.token_secret.get().await?.access_token(document.number, &document.token_salt);
    let body = Registered {
        number: document.number,
        registered_at: document.registered_at,
        registered_on: sofia_date(document.registered_at),
        status: document.status,
        follow_url: follow_link(&deps.site.base_url, document.number, &token),
    };
    let mut response = json(201, &body);
    if let Ok(location) = format!("/api/documents/{}", document.number).parse() {
        response.headers_mut().insert("location", location);
    }
    response.extensions_mut().insert(SecretInAnswer(token.as_str().to_owned()));
    Ok(response)
}

/// A replayed filing's access token, derived again from the document's salt: the idempotency record keeps the
/// answer without it.
pub(crate) async fn access_token_again(deps: Arc<Filing>, kept: serde_json::Value) -> Result<String, Problem> {
    let number: RegistryNumber =
        kept.get("number").and_then(|n| n.as_str()).and_then(|n| n.parse().ok()).ok_or_else(Problem::internal)?;
    let registry = &deps.registry;
    let document = registry.documents.get(number).await?.ok_or_else(Problem::internal)?;
    Ok(registry.token_secret.get().await?.access_token(number, &document.token_salt).as_str().to_owned())
}

/// `GET /api/documents/{number}`: any public document (signal or question) by its registry number, whatever
/// its age: the public view, or the sender's view with a valid `X-Access-Token`.
pub async fn get_document(deps: Arc<DocumentPage>, request: Request) -> Answer {
    let number: RegistryNumber = path_number(&request)?;
    let page = deps.documents.page(number).await?.ok_or_else(|| Problem::not_found("document"))?;
    let document = page.document;
    let presented = header(&request, ACCESS_TOKEN_HEADER).and_then(|t| AccessToken::presented(&t));
    let viewer = match presented {
        Some(token) if document.token_hash.matches(&token) => Viewer::Sender,
        // A letter, complaint, proposal or ЗДОИ request does not exist for anyone else.
        _ if !document.kind().is_public() => return Err(Problem::not_found("document")),
        _ => Viewer::Public,
    };
    let mut view = document.view_for(viewer, deps.catalogue, deps.clock.now());
    view.public.history = page.history.iter().filter_map(|e| e.public()).collect();
    if document.kind() == crate::domain::kind::DocumentKind::Signal {
        view.public.subscribers = Some(match page.subscribers {
            Some(count) => count,
            None => deps.subscriptions.subscriber_count(document.number).await?,
        });
    }
    if viewer == Viewer::Sender {
        view.attachments =
            super::attachments::attachment_views(deps.files.as_ref(), document.number, &document.attachments).await?;
    }
    let mut response = json(200, &view);
    // The sender's view carries personal data: never cache it (the public view is cached as the route says).
    // Both vary by the token header.
    if viewer == Viewer::Sender
        && let Ok(value) = "private, no-store".parse()
    {
        response.headers_mut().insert("cache-control", value);
    }
    if let Ok(value) = ACCESS_TOKEN_HEADER.parse() {
        response.headers_mut().insert("vary", value);
    }
    Ok(response)
}

#[derive(Serialize, schemars::JsonSchema)]
pub struct MyDocument {
    #[serde(flatten)]
    summary: crate::domain::views::DocumentSummary,
    /// The subject line, type or topic, in both languages.
    about: crate::domain::catalogue::Name,
    /// Whether the municipality has registered an answer.
    answered: bool,
}

fn about(document: &Document, catalogue: &Catalogue) -> crate::domain::catalogue::Name {
    use crate::domain::catalogue::Name;
    use crate::domain::document::Subject;
    match &document.subject {
        Subject::Signal { category, signal_type, .. } => catalogue
            .category(category)
            .and_then(|c| c.signal_type(signal_type))
            .map(|t| t.name.clone())
            .unwrap_or_else(|| Name { bg: signal_type.clone(), en: signal_type.clone() }),
        Subject::Question { topic } => catalogue
            .topic(topic)
            .map(|t| t.name.clone())
            .unwrap_or_else(|| Name { bg: topic.clone(), en: topic.clone() }),
        Subject::Written { title, .. } => Name { bg: title.clone(), en: title.clone() },
    }
}

/// `GET /api/me/documents?cursor=&limit=` (signed in): "My signals" — everything the caller filed, of every
/// kind, newest first, a page at a time, from the owner index.
pub async fn my_documents(deps: Arc<OwnDocuments>, request: Request) -> Answer {
    let caller = caller(&request).ok_or_else(Problem::unauthorized)?;
    let (limit, cursor) = crate::http::request::page_of(&request, 20, 100)?;
    let (documents, next) = deps.documents.owned_by(&caller.sub, cursor, limit).await?;
    let now = deps.clock.now();
    let items: Vec<MyDocument> = documents
        .iter()
        .map(|d| MyDocument {
            summary: d.summary(now),
            about: about(d, deps.catalogue),
            answered: d.status.is_resolved(),
        })
        .collect();
    Ok(json(200, &MyDocuments { documents: items, next_cursor: next }))
}

/// A page of the caller's documents, and the cursor of the next.
#[derive(Serialize, schemars::JsonSchema)]
pub struct MyDocuments {
    documents: Vec<MyDocument>,
    next_cursor: Option<String>,
}

/// What the account that filed a document sees of it: everything it sent, the public history, its attachments.
pub(crate) async fn owner_view(
    documents: &dyn DocumentStore,
    files: &dyn FileStore,
    catalogue: &Catalogue,
    document: &Document,
    now: Timestamp,
) -> Result<DocumentView, Problem> {
    let mut view = document.view_for(Viewer::Sender, catalogue, now);
    view.public.history = documents.history(document.number).await?.iter().filter_map(|e| e.public()).collect();
    view.attachments = super::attachments::attachment_views(files, document.number, &document.attachments).await?;
    Ok(view)
}

/// `GET /api/me/documents/{number}` (signed in): one of the caller's own documents, with everything they
/// sent. Someone else's number answers 404, as a number that does not exist.
pub async fn my_document(deps: Arc<OwnDocument>, request: Request) -> Answer {
    let caller = caller(&request).ok_or_else(Problem::unauthorized)?;
    let number: RegistryNumber = path_number(&request)?;
    let document = deps
        .documents
        .get(number)
        .await?
        .filter(|d| d.owner.as_deref() == Some(caller.sub.as_str()))
        .ok_or_else(|| Problem::not_found("document"))?;
    Ok(json(
        200,
        &owner_view(deps.documents.as_ref(), deps.files.as_ref(), deps.catalogue, &document, deps.clock.now()).await?,
    ))
}
