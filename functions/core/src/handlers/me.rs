use crate::http::request::caller;
use crate::http::{Problem, json};
use crate::services::Services;
use lambda_http::{Body, Request, Response};
use std::sync::Arc;

/// `GET /api/me` (behind the JWT authorizer): who the caller is, as the authorizer verified them.
pub async fn get_me(_services: Arc<Services>, request: Request) -> Response<Body> {
    match caller(&request) {
        Some(caller) => json(200, &caller),
        None => Problem::unauthorized().into_response(),
    }
}
