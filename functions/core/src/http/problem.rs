//! `application/problem+json` (RFC 9457) responses. Every error a client can cause is one of these, with the
//! status that fits and the fields at fault; internal details never leave the server (they go to the log).

use crate::domain::FieldError;
use lambda_http::{Body, Response};
use serde::Serialize;

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Problem {
    #[serde(rename = "type")]
    pub problem_type: String,
    pub title: String,
    pub status: u16,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
    #[serde(skip)]
    pub retry_after_seconds: Option<u32>,
}

impl Problem {
    pub fn new(status: u16, slug: &str, title: &str) -> Self {
        Self {
            problem_type: format!("/problems/{slug}"),
            title: title.into(),
            status,
            detail: None,
            errors: Vec::new(),
            retry_after_seconds: None,
        }
    }

    pub fn with_detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }

    pub fn validation(errors: Vec<FieldError>) -> Self {
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        let detail = format!("Check these fields: {}", fields.join(", "));
        Self { errors, ..Self::new(422, "validation", "The request has invalid fields").with_detail(detail) }
    }

    pub fn field(status: u16, field: &str, code: &'static str, message: impl Into<String>) -> Self {
        let error = FieldError::new(field, code, message);
        Self { status, ..Self::validation(vec![error]) }
    }

    pub fn not_found(what: &str) -> Self {
        Self::new(404, "not-found", "Not found").with_detail(format!("There is no {what} with this number"))
    }

    pub fn unauthorized() -> Self {
        Self::new(401, "unauthorized", "Sign-in required")
    }

    pub fn internal() -> Self {
        Self::new(500, "internal", "Something went wrong on our side").with_detail("Please try again later")
    }

    pub fn unavailable(retry_after_seconds: u32) -> Self {
        Self {
            retry_after_seconds: Some(retry_after_seconds),
            ..Self::new(503, "unavailable", "The service is busy").with_detail("Please try again in a moment")
        }
    }

    pub fn into_response(self) -> Response<Body> {
        let body = serde_json::to_string(&self).unwrap_or_else(|_| String::from("{\"title\":\"error\"}"));
        let mut builder = Response::builder().status(self.status).header("content-type", "application/problem+json");
        if let Some(seconds) = self.retry_after_seconds {
            builder = builder.header("retry-after", seconds.to_string());
        }
        builder.body(Body::Text(body)).unwrap_or_else(|_| {
            let mut response = Response::new(Body::Empty);
            *response.status_mut() = lambda_http::http::StatusCode::INTERNAL_SERVER_ERROR;
            response
        })
    }
}

/// A file store's failure, as the problem of the request field that carried the file (`photo`, `file`).
pub fn file_problem(field: &'static str, error: crate::ports::FileError) -> Problem {
    match error {
        crate::ports::FileError::TooLarge { max } => {
            Problem::field(422, field, "too_large", format!("the {field} may be at most {max} bytes"))
        }
        crate::ports::FileError::Unavailable(reason) => {
            tracing::error!(reason = %reason, "file store failed");
            Problem::unavailable(2)
        }
    }
}

/// A secret the function could not read (Secrets Manager unavailable): the request can be tried again.
impl From<crate::config::ConfigError> for Problem {
    fn from(error: crate::config::ConfigError) -> Self {
        tracing::error!(error = %error, "configuration not available");
        Problem::unavailable(2)
    }
}

impl From<crate::ports::StoreError> for Problem {
    fn from(error: crate::ports::StoreError) -> Self {
        tracing::error!(error = %error, "document store failed");
        match error {
            crate::ports::StoreError::Unavailable(_) => Problem::unavailable(2),
            crate::ports::StoreError::Corrupt(_) => Problem::internal(),
        }
    }
}

impl From<crate::ports::PageError> for Problem {
    fn from(error: crate::ports::PageError) -> Self {
        match error {
            crate::ports::PageError::InvalidCursor => {
                Problem::field(400, "cursor", "invalid", "the cursor is not one this list gave")
            }
            crate::ports::PageError::Store(error) => error.into(),
        }
    }
}
