//! HTTP glue shared by the route handlers: problem responses, body parsing, the authorizer's claims.

pub mod idempotency;
pub mod problem;
pub mod request;
pub mod route;

pub use problem::Problem;

use lambda_http::{Body, Response};
use serde::Serialize;

pub const JSON: &str = "application/json";

/// A JSON response. Serialising our own view types cannot fail; if it ever did, the client gets a 500
/// problem rather than a panic.
pub fn json<T: Serialize>(status: u16, value: &T) -> Response<Body> {
    match serde_json::to_string(value) {
        Ok(text) => Response::builder()
            .status(status)
            .header("content-type", JSON)
            .body(Body::Text(text))
            .unwrap_or_else(|_| Problem::internal().into_response()),
        Err(_) => Problem::internal().into_response(),
    }
}
