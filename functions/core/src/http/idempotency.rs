//! `Idempotency-Key` for creating requests: the same key and body within 24 hours return the first answer and
//! create nothing; the same key with another body is refused. Double clicks and client retries file once.

use super::Problem;
use super::request::{caller, header};
use crate::ports::{Begun, IdempotencyStore};
use lambda_http::{Body, Request, Response};
use sha2::{Digest, Sha256};
use std::future::Future;
use std::time::Duration;

pub const HEADER: &str = "idempotency-key";

/// A secret in a creating route's answer (an access link's token, a new API key), which the handler names with
/// this response extension: the record keeps the answer with [`SECRET_MARK`] in its place, and a replay derives
/// the secret again from what the answer kept, so the table never holds it.
#[derive(Debug, Clone)]
pub struct SecretInAnswer(pub String);

/// What stands in a stored answer where its secret was.
pub const SECRET_MARK: &str = "{{secret-left-out}}";

/// How long a repeated request waits for the first one to finish.
const WAIT_STEPS: u32 = 100;
const STEP: Duration = Duration::from_millis(100);

fn body_bytes(request: &Request) -> &[u8] {
    match request.body() {
        Body::Text(text) => text.as_bytes(),
        Body::Binary(bytes) => bytes,
        _ => &[],
    }
}

fn stored(status: u16, body: String, location: Option<String>) -> Response<Body> {
    let content_type = if status >= 400 { "application/problem+json" } else { "application/json" };
    let mut builder =
        Response::builder().status(status).header("content-type", content_type).header("idempotent-replayed", "true");
    if let Some(location) = location {
        builder = builder.header("location", location);
    }
    builder.body(Body::Text(body)).unwrap_or_else(|_| Problem::internal().into_response())
}

/// Runs `handler` once per idempotency key (scoped to the route and the caller), answering repeats from the
/// record; `rederive` derives again the secret a stored answer left out, from what the answer kept (its number,
/// its key id). Without the header the request is simply handled.
pub async fn once<F, Fut, R, RFut>(
    store: &dyn IdempotencyStore,
    request: Request,
    route: &str,
    handler: F,
    rederive: Option<R>,
) -> Response<Body>
where
    F: FnOnce(Request) -> Fut,
    Fut: Future<Output = Response<Body>>,
    R: FnOnce(serde_json::Value) -> RFut,
    RFut: Future<Output = Result<String, Problem>>,
{
    let Some(key) = header(&request, HEADER) else { return handler(request).await };
    if key.is_empty() || key.len() > 128 || !key.bytes().all(|b| b.is_ascii_graphic()) {
        return Problem::field(
            400,
            "Idempotency-Key",
            "invalid",
            "an Idempotency-Key is 1 to 128 visible ASCII characters",
        )
        .into_response();
    }
    let scope = caller(&request).map(|c| c.sub).unwrap_or_else(|| "anonymous".into());
    let id = hex::encode(Sha256::digest(format!("{route}\n{scope}\n{key}").as_bytes()));
    let body_hash = hex::encode(Sha256::digest(body_bytes(&request)));
    let mut handler = Some(handler);
    let mut request = Some(request);
    for _ in 0..WAIT_STEPS {
        let begun = match store.begin(&id, &body_hash).await {
            Ok(begun) => begun,
            Err(error) => return Problem::from(error).into_response(),
        };
        match begun {
            Begun::First => {
                let (Some(handler), Some(request)) = (handler.take(), request.take()) else {
                    return Problem::internal().into_response();
                };
                let response = handler(request).await;
                let status = response.status().as_u16();
                let result = if status < 500 {
                    let mut body = match response.body() {
                        Body::Text(text) => text.clone(),
                        _ => String::new(),
                    };
                    if let Some(SecretInAnswer(secret)) = response.extensions().get::<SecretInAnswer>()
                        && !secret.is_empty()
                    {
                        body = body.replace(secret.as_str(), SECRET_MARK);
                    }
                    let location = response.headers().get("location").and_then(|v| v.to_str().ok()).map(str::to_owned);
                    store.finish(&id, status, &body, location.as_deref()).await
                } else {
                    store.abandon(&id).await
                };
                if let Err(error) = result {
                    tracing::warn!(error = %error, "idempotency record not updated");
                }
                return response;
            }
            Begun::Answered { status, body, location } => {
                return match restore(body, rederive).await {
                    Ok(body) => stored(status, body, location),
                    Err(problem) => problem.into_response(),
                };
            }
            Begun::OtherBody => {
                return Problem::field(
                    422,
                    "Idempotency-Key",
                    "reused",
                    "this Idempotency-Key was used with another request",
                )
                .into_response();
            }
            Begun::InProgress => tokio::time::sleep(STEP).await,
        }
    }
    Problem {
        retry_after_seconds: Some(1),
        ..Problem::new(409, "in-progress", "The first request with this Idempotency-Key is still running")
    }
    .into_response()
}

/// The stored answer with its secret derived again, when one was left out.
async fn restore<R, RFut>(body: String, rederive: Option<R>) -> Result<String, Problem>
where
    R: FnOnce(serde_json::Value) -> RFut,
    RFut: Future<Output = Result<String, Problem>>,
{
    if !body.contains(SECRET_MARK) {
        return Ok(body);
    }
    let Some(rederive) = rederive else {
        tracing::error!("a stored answer left a secret out, and this route cannot derive it again");
        return Err(Problem::internal());
    };
    let kept: serde_json::Value = serde_json::from_str(&body).map_err(|_| Problem::internal())?;
    let secret = rederive(kept).await?;
    Ok(body.replace(SECRET_MARK, &secret))
}
