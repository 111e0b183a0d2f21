use crate::http::request::caller;
use crate::http::route::Answer;
use crate::http::{Problem, json};
use lambda_http::Request;
use std::sync::Arc;

crate::dependencies! {
    /// Nothing: the authorizer's claims are in the request.
    pub struct NoDeps {

    }
}

/// `GET /api/me` (behind the JWT authorizer): who the caller is, as the authorizer verified them.
pub async fn get_me(_deps: Arc<NoDeps>, request: Request) -> Answer {
    let caller = caller(&request).ok_or_else(Problem::unauthorized)?;
    Ok(json(200, &caller))
}
