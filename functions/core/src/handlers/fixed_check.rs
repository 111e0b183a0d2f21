//! The sender's answer to "is it fixed?", from the links of that mail.

use crate::domain::access::TokenSecret;
use crate::domain::catalogue::Catalogue;
use crate::domain::fixed_check::{FixedAnswer, FixedCheckError, answer, field_error};
use crate::http::request::{json_body, path_number};
use crate::http::route::Answer;
use crate::http::{Problem, json};
use crate::ports::{CalendarStore, DocumentStore, SaveError, Saved};
use crate::wiring::{Clock, Secret};
use lambda_http::Request;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

crate::dependencies! {
    /// The answer: the signal, the secret that signed the mail's links, the calendar a new term is counted on.
    pub struct FixedCheck {
        documents: Arc<dyn DocumentStore>, calendar: Arc<dyn CalendarStore>, token_secret: Secret<TokenSecret>,
        catalogue: &'static Catalogue, clock: Clock,
    }
}

#[derive(Deserialize, Default, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct FixedCheckBody {
    answer: Option<FixedAnswer>,
    /// The token of the mail's link.
    token: Option<String>,
}

/// What the answer did.
#[derive(Serialize, schemars::JsonSchema)]
pub struct Answered {
    number: crate::domain::registry::RegistryNumber,
    answer: FixedAnswer,
    status: crate::domain::status::Status,
}

/// `POST /api/documents/{number}/fixed-check`: "fixed" confirms the signal's fix; "not fixed" sends it back to
/// the unit with a new term. Each mail answers once.
pub async fn answer_fixed_check(deps: Arc<FixedCheck>, request: Request) -> Answer {
    let number = path_number(&request)?;
    let body: FixedCheckBody = json_body(&request)?;
    let given = body.answer.ok_or_else(|| Problem::field(422, "answer", "required", "fixed or not_fixed"))?;
    let token = body.token.ok_or_else(|| Problem::field(422, "token", "required", "the token of the mail's link"))?;
    let document = deps.documents.get(number).await?.ok_or_else(|| Problem::not_found("document"))?;
    // A private document answers as a number never issued.
    if !document.kind().is_public() {
        return Err(Problem::not_found("document"));
    }
    let calendar = deps.calendar.calendar().await?;
    let (updated, event) =
        answer(&document, given, &token, deps.token_secret.get().await?, deps.catalogue, &calendar, deps.clock.now())
            .map_err(|error| {
            let status = if error == FixedCheckError::NotAsked { 409 } else { 422 };
            Problem { status, ..Problem::validation(vec![field_error(&error)]) }
        })?;
    let saved = Saved { document: &updated, expected_version: document.version, event: &event };
    deps.documents.save_action(&saved, None).await.map_err(|error| match error {
        SaveError::Stale => Problem::new(409, "conflict", "The signal changed meanwhile; open the link again"),
        SaveError::Store(error) => error.into(),
    })?;
    Ok(json(200, &Answered { number, answer: given, status: updated.status }))
}
