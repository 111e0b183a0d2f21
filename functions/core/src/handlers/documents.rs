use crate::domain::access::{AccessToken, TokenSalt};
use crate::domain::districts::Districts;
use crate::domain::document::{Document, Draft, Status, Viewer, registry_year, sofia_date};
use crate::domain::filing::{NewQuestionRequest, NewSignalRequest, parse_new_question, parse_new_signal};
use crate::domain::registry::RegistryNumber;
use crate::http::request::{header, json_body, path_parameter};
use crate::http::{Problem, json};
use crate::services::Services;
use jiff::Timestamp;
use lambda_http::{Body, Request, Response};
use serde::Serialize;
use std::sync::Arc;

/// The header a sender's page uses to present the access token from its link.
pub const ACCESS_TOKEN_HEADER: &str = "x-access-token";

/// The link that opens a document with its access token. The token travels in the fragment, which browsers
/// never send to servers, so it stays out of access logs and `Referer` headers.
pub fn follow_link(base_url: &str, number: RegistryNumber, token: &AccessToken) -> String {
    format!("{base_url}/track.html?number={number}#token={}", token.as_str())
}

#[derive(Serialize)]
struct Registered {
    number: RegistryNumber,
    registered_at: Timestamp,
    registered_on: String,
    status: Status,
    /// Also e-mailed when an address was given; shown on the confirmation page so nobody is left without it.
    follow_url: String,
}

/// `POST /api/signals`: files a signal, with or without an account.
pub async fn create_signal(services: Arc<Services>, request: Request) -> Response<Body> {
    match try_create_signal(&services, &request).await {
        Ok(response) => response,
        Err(problem) => problem.into_response(),
    }
}

async fn try_create_signal(services: &Services, request: &Request) -> Result<Response<Body>, Problem> {
    let body: NewSignalRequest = json_body(request)?;
    let draft = parse_new_signal(&body, services.catalogue, Districts::builtin()).map_err(Problem::validation)?;
    register(services, &draft).await
}

/// `POST /api/questions`: files a request for information, with or without an account.
pub async fn create_question(services: Arc<Services>, request: Request) -> Response<Body> {
    match try_create_question(&services, &request).await {
        Ok(response) => response,
        Err(problem) => problem.into_response(),
    }
}

async fn try_create_question(services: &Services, request: &Request) -> Result<Response<Body>, Problem> {
    let body: NewQuestionRequest = json_body(request)?;
    let draft = parse_new_question(&body, services.catalogue).map_err(Problem::validation)?;
    register(services, &draft).await
}

/// Registers a validated draft under the next registry number and answers 201 with the number, the date
/// and the follow link.
async fn register(services: &Services, draft: &Draft) -> Result<Response<Body>, Problem> {
    let now = Timestamp::now();
    let salt = TokenSalt::random();
    let secret = &services.config.token_secret;
    let build = |number: RegistryNumber| {
        Document::register(draft, number, now, salt.clone(), secret.access_token(number, &salt).hash())
    };
    let document = services.documents.register(registry_year(now), &build).await?;
    tracing::info!(number = %document.number, kind = document.kind().as_str(), unit = %document.unit, "document registered");
    let token = secret.access_token(document.number, &document.token_salt);
    let body = Registered {
        number: document.number,
        registered_at: document.registered_at,
        registered_on: sofia_date(document.registered_at),
        status: document.status,
        follow_url: follow_link(&services.config.public_base_url, document.number, &token),
    };
    let mut response = json(201, &body);
    if let Ok(location) = format!("/api/documents/{}", document.number).parse() {
        response.headers_mut().insert("location", location);
    }
    Ok(response)
}

/// `GET /api/documents/{number}`: any public document (signal or question) by its registry number, whatever
/// its age: the public view, or the sender's view with a valid `X-Access-Token`.
pub async fn get_document(services: Arc<Services>, request: Request) -> Response<Body> {
    match try_get_document(&services, &request).await {
        Ok(response) => response,
        Err(problem) => problem.into_response(),
    }
}

async fn try_get_document(services: &Services, request: &Request) -> Result<Response<Body>, Problem> {
    let number: RegistryNumber = path_parameter(request, "number")
        .and_then(|n| n.parse().ok())
        .ok_or_else(|| Problem::field(400, "number", "invalid", "a registry number looks like 2026-000123"))?;
    let document = services.documents.get(number).await?.ok_or_else(|| Problem::not_found("document"))?;
    let presented = header(request, ACCESS_TOKEN_HEADER).and_then(|t| AccessToken::presented(&t));
    let viewer = match presented {
        Some(token) if document.token_hash.matches(&token) => Viewer::Sender,
        _ => Viewer::Public,
    };
    let mut response = json(200, &document.view_for(viewer, services.catalogue));
    // The sender's view carries personal data: never cache it. Both vary by the token header.
    let cache = if viewer == Viewer::Sender { "private, no-store" } else { "public, max-age=15" };
    if let Ok(value) = cache.parse() {
        response.headers_mut().insert("cache-control", value);
    }
    if let Ok(value) = ACCESS_TOKEN_HEADER.parse() {
        response.headers_mut().insert("vary", value);
    }
    Ok(response)
}
