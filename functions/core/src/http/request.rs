//! Reading requests: JSON bodies with every failure named, path parameters, headers, the caller's identity.

use super::Problem;
use crate::domain::FieldError;
use lambda_http::request::RequestContext;
use lambda_http::{Body, Request, RequestExt};
use serde::de::DeserializeOwned;

/// JSON bodies larger than this are refused before parsing.
pub const MAX_JSON_BODY_BYTES: usize = 64 * 1024;

fn body_bytes(request: &Request) -> &[u8] {
    match request.body() {
        Body::Empty => &[],
        Body::Text(text) => text.as_bytes(),
        Body::Binary(bytes) => bytes,
        _ => &[],
    }
}

/// Parses a JSON object body: 413 when too large, 415 when not JSON, 400 when malformed, 422 naming the field when
/// a value has the wrong type or a field is unknown.
pub fn json_body<T: DeserializeOwned>(request: &Request) -> Result<T, Problem> {
    let bytes = body_bytes(request);
    if bytes.len() > MAX_JSON_BODY_BYTES {
        return Err(Problem::new(413, "too-large", "The request body is too large")
            .with_detail(format!("At most {MAX_JSON_BODY_BYTES} bytes are accepted")));
    }
    let content_type = header(request, "content-type").unwrap_or_default().to_ascii_lowercase();
    if !content_type.starts_with("application/json") {
        return Err(Problem::new(415, "unsupported-media-type", "The body must be JSON")
            .with_detail("Send Content-Type: application/json"));
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(Problem::new(400, "malformed", "The request body is empty"));
    }
    // Every body of this API is an object; serde would otherwise accept an array positionally.
    if bytes.iter().find(|b| !b.is_ascii_whitespace()) != Some(&b'{') {
        let value: Result<serde_json::Value, _> = serde_json::from_slice(bytes);
        return Err(match value {
            Ok(_) => Problem::field(422, "body", "invalid", "the body must be a JSON object"),
            Err(error) => malformed(&error),
        });
    }
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let value = serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
        let path = error.path().to_string();
        let inner = error.into_inner();
        if inner.is_data() {
            let field = match unknown_field(&inner) {
                Some(name) if path != name && !path.ends_with(&format!(".{name}")) => join_path(&path, &name),
                _ => path,
            };
            let field = if field == "." { String::from("body") } else { field };
            Problem::validation(vec![FieldError::new(
                field.clone(),
                "invalid",
                format!("{field}: {}", strip_position(&inner)),
            )])
        } else {
            malformed(&inner)
        }
    })?;
    deserializer.end().map_err(|e| malformed(&e))?;
    Ok(value)
}

fn malformed(error: &serde_json::Error) -> Problem {
    Problem::new(400, "malformed", "The request body is not valid JSON").with_detail(error.to_string())
}

/// The name of an unknown field, so the path is sure to end with it.
fn unknown_field(error: &serde_json::Error) -> Option<String> {
    let message = error.to_string();
    let rest = message.strip_prefix("unknown field `")?;
    Some(rest.split('`').next()?.to_owned())
}

fn join_path(parent: &str, name: &str) -> String {
    if parent == "." || parent.is_empty() { name.to_owned() } else { format!("{parent}.{name}") }
}

fn strip_position(error: &serde_json::Error) -> String {
    let message = error.to_string();
    match message.find(" at line ") {
        Some(index) => message[..index].to_owned(),
        None => message,
    }
}

pub fn header(request: &Request, name: &str) -> Option<String> {
    request.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_owned)
}

/// Header CloudFront's viewer-request function sets to the viewer's address (overwriting what a viewer sent).
pub const VIEWER_ADDRESS_HEADER: &str = "x-viewer-address";
/// Header CloudFront adds to every origin request, holding the origin secret.
pub const ORIGIN_VERIFY_HEADER: &str = "x-origin-verify";

/// Where the request came from, for the abuse limits: the viewer's address only when the request carries
/// CloudFront's origin secret, API Gateway's `sourceIp` otherwise.
/// A list's page: `limit` (1 to `max`, `default` when absent) and the opaque `cursor` of the page before.
pub fn page_of(request: &Request, default: usize, max: usize) -> Result<(usize, Option<&str>), Problem> {
    use lambda_http::RequestExt;
    let query = request.query_string_parameters_ref();
    let limit = match query.and_then(|q| q.first("limit")) {
        None => default,
        Some(value) => value
            .parse::<usize>()
            .ok()
            .filter(|n| (1..=max).contains(n))
            .ok_or_else(|| Problem::field(400, "limit", "out_of_range", format!("limit is 1 to {max}")))?,
    };
    let cursor = query.and_then(|q| q.first("cursor")).filter(|c| !c.is_empty() && c.len() <= 2048);
    Ok((limit, cursor))
}

pub fn source(request: &Request, origin_secret: Option<&str>) -> Option<crate::domain::abuse::Source> {
    use sha2::{Digest, Sha256};
    let presented = header(request, ORIGIN_VERIFY_HEADER);
    // Compared as digests, so the time taken says nothing about how much of the secret matched.
    let through_cloudfront = match (presented, origin_secret) {
        (Some(presented), Some(secret)) => Sha256::digest(presented.as_bytes()) == Sha256::digest(secret.as_bytes()),
        _ => false,
    };
    let viewer = header(request, VIEWER_ADDRESS_HEADER);
    let source_ip = match request.request_context_ref() {
        Some(RequestContext::ApiGatewayV2(context)) => context.http.source_ip.clone(),
        _ => None,
    };
    crate::domain::abuse::Source::of(crate::domain::abuse::Origin {
        viewer_address: viewer.as_deref(),
        through_cloudfront,
        source_ip: source_ip.as_deref(),
    })
}

pub fn path_parameter(request: &Request, name: &str) -> Option<String> {
    request.path_parameters_ref().and_then(|p| p.first(name)).map(str::to_owned)
}

/// The `{number}` of the path, or a 400 naming it.
pub fn path_number(request: &Request) -> Result<crate::domain::registry::RegistryNumber, Problem> {
    path_parameter(request, "number")
        .and_then(|n| n.parse().ok())
        .ok_or_else(|| Problem::field(400, "number", "invalid", "a registry number looks like 2026-000123"))
}

/// The query string, one value per name.
pub fn query_map(request: &Request) -> std::collections::HashMap<String, String> {
    request
        .query_string_parameters_ref()
        .map(|p| p.iter().map(|(k, v)| (k.to_owned(), v.to_owned())).collect())
        .unwrap_or_default()
}

/// The signed-in caller, as API Gateway's JWT authorizer verified and passed them. Never read from the body.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
pub struct Caller {
    pub sub: String,
    pub email: Option<String>,
    pub groups: Vec<String>,
}

pub fn caller(request: &Request) -> Option<Caller> {
    let RequestContext::ApiGatewayV2(context) = request.request_context_ref()? else { return None };
    let claims = &context.authorizer.as_ref()?.jwt.as_ref()?.claims;
    // API Gateway's JWT authorizer admits a Cognito ID token too (its `aud` is the client): only an access token,
    // which logout and revocation end, stands for a caller.
    if claims.get("token_use").map(String::as_str) != Some("access") {
        return None;
    }
    let sub = claims.get("sub").filter(|s| !s.is_empty())?.clone();
    Some(Caller {
        sub,
        email: claims.get("email").cloned(),
        groups: claims.get("cognito:groups").map(|g| parse_groups(g)).unwrap_or_default(),
    })
}

/// API Gateway renders a JWT array claim as `[a b c]`.
fn parse_groups(value: &str) -> Vec<String> {
    value
        .trim_matches(|c| c == '[' || c == ']')
        .split([' ', ','])
        .filter(|g| !g.is_empty())
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_claim_is_read_in_api_gateway_form() {
        assert_eq!(parse_groups("[staff operators]"), ["staff", "operators"]);
        assert!(parse_groups("[]").is_empty());
    }
}
