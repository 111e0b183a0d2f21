use crate::http::json;
use crate::services::Services;
use lambda_http::{Body, Request, Response};
use std::sync::Arc;

/// `GET /api/catalogue`: categories and types of signals and the information topics, for the forms.
pub async fn get_catalogue(services: Arc<Services>, _request: Request) -> Response<Body> {
    let mut response = json(200, services.catalogue);
    if let Ok(value) = "public, max-age=300".parse() {
        response.headers_mut().insert("cache-control", value);
    }
    response
}
