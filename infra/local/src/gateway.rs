//! The local API Gateway and web server: routes each request to the handler `template.yaml` maps to its
//! method and path, as the same API Gateway v2 (HTTP API) event Lambda would receive, with the JWT
//! authorizer where the template puts one. Serves the static site and the developer mailbox too, compressed as the
//! distribution's cache behaviours compress (gzip, and Brotli where the cache policy enables it).

use crate::authorizer::JwtVerifier;
use crate::mailbox;
use crate::template::Route;
use axum::body::{Body as AxumBody, to_bytes};
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, HeaderValue, Request as HttpRequest, StatusCode};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use lambda_http::request::LambdaRequest;
use serde_json::{Value, json};
use std::collections::{BTreeMap, HashMap};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use tower::ServiceExt;
use tower_http::compression::predicate::{Predicate, SizeAbove};
use tower_http::compression::{CompressionLayer, CompressionLevel};
use tower_http::services::ServeDir;

/// API Gateway's own limit on a request payload.
const MAX_PAYLOAD_BYTES: usize = 10 * 1024 * 1024;

pub struct LocalRoute {
    pub route: Route,
    /// The route's handler with its dependencies, built as its Lambda function builds them.
    pub served: Arc<dyn sofia_core::http::route::Serve>,
}

pub struct Gateway {
    pub routes: Vec<LocalRoute>,
    /// Path prefixes CloudFront serves from S3 buckets (e.g. `/media/`), with the local bucket names.
    pub bucket_paths: Vec<(String, String)>,
    pub s3: aws_sdk_s3::Client,
    pub authorizers: HashMap<String, JwtVerifier>,
    pub site_dir: PathBuf,
    pub emulator_endpoint: String,
    /// Headers CloudFront's security policy adds to every answer (from the template).
    pub security_headers: Vec<(String, String)>,
    /// API Gateway's CORS configuration: allowed origins, methods, headers (from the template).
    pub cors: Option<(Vec<String>, String, String)>,
    /// The headers CloudFront adds to every request for the API (the origin secret), evaluated.
    pub origin_headers: Vec<(String, String)>,
    /// The stack's clock and its scheduled functions, which `/_dev/clock` and `/_dev/schedules/…` move and run.
    pub time: Arc<crate::LocalTime>,
    /// CloudFront's cache behaviours as the encodings each compresses with: `(path prefix, encodings)`, the
    /// default behaviour last with prefix `""` (from the template).
    pub compression: Vec<(String, crate::template::Encodings)>,
}

/// What API Gateway sees as `sourceIp` behind CloudFront: an edge server's address, never the citizen's. Locally
/// every request seems to come from this one edge (TEST-NET-1), as a whole city's requests may in AWS.
pub const EDGE_ADDRESS: &str = "192.0.2.1";

/// Matches `/api/signals/{number}` against a concrete path, returning the path parameters.
fn match_path(template: &str, path: &str) -> Option<BTreeMap<String, String>> {
    let mut parameters = BTreeMap::new();
    let mut wanted = template.trim_end_matches('/').split('/');
    let mut given = path.trim_end_matches('/').split('/');
    loop {
        match (wanted.next(), given.next()) {
            (None, None) => return Some(parameters),
            (Some(w), Some(g)) if w.starts_with('{') && w.ends_with('}') && !g.is_empty() => {
                let name = w.trim_start_matches('{').trim_end_matches('}').trim_end_matches('+');
                let value = percent_encoding::percent_decode_str(g).decode_utf8().ok()?.into_owned();
                parameters.insert(name.to_owned(), value);
            }
            (Some(w), Some(g)) if w == g => {}
            _ => return None,
        }
    }
}

fn gateway_message(status: StatusCode, message: &str) -> Response {
    let mut response = (status, axum::Json(json!({ "message": message }))).into_response();
    if status == StatusCode::UNAUTHORIZED {
        response.headers_mut().insert("www-authenticate", HeaderValue::from_static("Bearer"));
    }
    response
}

pub fn router(gateway: Arc<Gateway>) -> axum::Router {
    axum::Router::new()
        .fallback(dispatch_with_headers)
        .layer(CompressionLayer::new().quality(CompressionLevel::Default).compress_when(CloudFrontCompresses))
        .layer(axum::middleware::map_request_with_state(gateway.clone(), as_cloudfront_asks_the_origin))
        .with_state(gateway)
}

/// What CloudFront does with a viewer's `Accept-Encoding`: keeps `br` and `gzip` where the path's cache behaviour
/// compresses with them, and drops everything else (a behaviour that does not compress gets no header at all).
/// The developer pages under `/_dev/` are no part of the distribution and are never compressed.
async fn as_cloudfront_asks_the_origin(
    State(gateway): State<Arc<Gateway>>,
    mut request: HttpRequest<AxumBody>,
) -> HttpRequest<AxumBody> {
    let path = request.uri().path();
    let encodings = if path.starts_with("/_dev/") {
        crate::template::Encodings::default()
    } else {
        gateway
            .compression
            .iter()
            .find(|(prefix, _)| path.starts_with(prefix.as_str()))
            .map(|(_, e)| *e)
            .unwrap_or_default()
    };
    let asked = request
        .headers()
        .get_all("accept-encoding")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect::<Vec<_>>()
        .join(",");
    let kept = asked
        .split(',')
        .map(str::trim)
        .filter(|coding| {
            let name = coding.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
            (name == "gzip" && encodings.gzip) || (name == "br" && encodings.br)
        })
        .collect::<Vec<_>>()
        .join(", ");
    request.headers_mut().remove("accept-encoding");
    if let Ok(value) = HeaderValue::from_str(&kept)
        && !kept.is_empty()
    {
        request.headers_mut().insert("accept-encoding", value);
    }
    request
}

/// Content types CloudFront compresses (AWS's "File types that CloudFront compresses").
const COMPRESSED_TYPES: [&str; 45] = [
    "application/dash+xml",
    "application/eot",
    "application/font",
    "application/font-sfnt",
    "application/javascript",
    "application/json",
    "application/opentype",
    "application/otf",
    "application/pkcs7-mime",
    "application/protobuf",
    "application/rss+xml",
    "application/truetype",
    "application/ttf",
    "application/vnd.apple.mpegurl",
    "application/vnd.ms-fontobject",
    "application/xhtml+xml",
    "application/xml",
    "application/x-font-opentype",
    "application/x-font-truetype",
    "application/x-font-ttf",
    "application/x-httpd-cgi",
    "application/x-javascript",
    "application/x-mpegurl",
    "application/x-opentype",
    "application/x-otf",
    "application/x-perl",
    "application/x-ttf",
    "font/eot",
    "font/opentype",
    "font/otf",
    "font/ttf",
    "image/svg+xml",
    "text/css",
    "text/csv",
    "text/html",
    "text/javascript",
    "text/js",
    "text/plain",
    "text/richtext",
    "text/tab-separated-values",
    "text/xml",
    "text/x-component",
    "text/x-java-source",
    "text/x-script",
    "vnd.apple.mpegurl",
];

/// CloudFront compresses an answer of one of its types whose length it knows, between 1,000 and 10,000,000 bytes.
#[derive(Clone, Copy)]
struct CloudFrontCompresses;

impl Predicate for CloudFrontCompresses {
    fn should_compress<B: axum::body::HttpBody>(&self, response: &axum::http::Response<B>) -> bool {
        let media_type = response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .map(|v| v.trim().to_ascii_lowercase())
            .unwrap_or_default();
        let length = response.body().size_hint().exact().or_else(|| {
            response.headers().get("content-length").and_then(|v| v.to_str().ok()).and_then(|v| v.parse().ok())
        });
        COMPRESSED_TYPES.contains(&media_type.as_str())
            && length.is_some_and(|n| n <= 10_000_000)
            && SizeAbove::new(1_000).should_compress(response)
    }
}

/// What CloudFront and API Gateway add around every answer: the security headers, and CORS for the site's
/// origin only.
async fn dispatch_with_headers(
    State(gateway): State<Arc<Gateway>>,
    peer: ConnectInfo<SocketAddr>,
    request: HttpRequest<AxumBody>,
) -> Response {
    let origin = request.headers().get("origin").and_then(|v| v.to_str().ok()).map(str::to_owned);
    let preflight = request.method() == axum::http::Method::OPTIONS
        && request.headers().contains_key("access-control-request-method");
    let allowed = gateway.cors.as_ref().filter(|(origins, _, _)| origin.as_ref().is_some_and(|o| origins.contains(o)));
    let mut response = if preflight {
        StatusCode::NO_CONTENT.into_response()
    } else {
        dispatch(State(gateway.clone()), peer, request).await
    };
    let headers = response.headers_mut();
    for (name, value) in &gateway.security_headers {
        if let (Ok(name), Ok(value)) =
            (axum::http::HeaderName::from_bytes(name.as_bytes()), HeaderValue::from_str(value))
        {
            headers.entry(name).or_insert(value);
        }
    }
    if let (Some((_, methods, allow_headers)), Some(origin)) = (allowed, origin)
        && let Ok(origin) = HeaderValue::from_str(&origin)
    {
        headers.insert("access-control-allow-origin", origin);
        headers.append("vary", HeaderValue::from_static("origin"));
        if preflight {
            if let Ok(methods) = HeaderValue::from_str(methods) {
                headers.insert("access-control-allow-methods", methods);
            }
            if let Ok(allow) = HeaderValue::from_str(allow_headers) {
                headers.insert("access-control-allow-headers", allow);
            }
        }
    }
    response
}

async fn dispatch(
    State(gateway): State<Arc<Gateway>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    request: HttpRequest<AxumBody>,
) -> Response {
    let path = request.uri().path().to_owned();
    if path == "/_dev/mail.css" {
        return mailbox::stylesheet();
    }
    if path == "/_dev/mail" {
        return mailbox::page(&gateway.emulator_endpoint).await;
    }
    if path == "/_dev/totp" {
        // The emulator's authenticator code now, for the demo operator and admin (and the tests' browsers).
        return (
            [("content-type", "text/plain; charset=utf-8"), ("cache-control", "no-store")],
            crate::totp::local_code(),
        )
            .into_response();
    }
    if let Some(answer) = crate::local_time_request(&gateway.time, &path, request.uri().query()).await {
        return answer;
    }
    if let Some((_, bucket)) = gateway.bucket_paths.iter().find(|(prefix, _)| path.starts_with(prefix.as_str())) {
        return serve_object(&gateway.s3, bucket, path.trim_start_matches('/')).await;
    }
    let method = request.method().as_str().to_ascii_uppercase();
    let matched = gateway.routes.iter().find_map(|r| {
        (r.route.method == method || r.route.method == "ANY")
            .then(|| match_path(&r.route.path, &path).map(|p| (r, p)))
            .flatten()
    });
    let Some((local, path_parameters)) = matched else {
        if path.starts_with("/api/") {
            return gateway_message(StatusCode::NOT_FOUND, "Not Found");
        }
        return serve_site(&gateway, request).await;
    };
    let (mut parts, body) = request.into_parts();
    as_cloudfront_passes_it(&gateway, &mut parts.headers, peer);
    let Ok(body) = to_bytes(body, MAX_PAYLOAD_BYTES).await else {
        return gateway_message(StatusCode::PAYLOAD_TOO_LARGE, "Request Entity Too Large");
    };
    let mut claims = None;
    if let Some(name) = &local.route.authorizer {
        let Some(verifier) = gateway.authorizers.get(name) else {
            return gateway_message(StatusCode::INTERNAL_SERVER_ERROR, "Internal Server Error");
        };
        let authorization = parts.headers.get("authorization").and_then(|v| v.to_str().ok());
        match verifier.verify(authorization).await {
            Ok(verified) => claims = Some(verified),
            Err(error) => {
                tracing::info!(route = %local.route.path, error = %error, "authorizer refused the request");
                return gateway_message(StatusCode::UNAUTHORIZED, "Unauthorized");
            }
        }
    }
    let event = api_gateway_event(&local.route, &parts, &path_parameters, &body, EDGE_ADDRESS, claims.as_ref());
    let lambda_request: LambdaRequest = match serde_json::from_value(event) {
        Ok(request) => request,
        Err(error) => {
            tracing::error!(error = %error, "could not build the API Gateway event");
            return gateway_message(StatusCode::INTERNAL_SERVER_ERROR, "Internal Server Error");
        }
    };
    let response = local.served.call(lambda_request.into()).await;
    into_axum(response)
}

/// What CloudFront does to a request for the API: its viewer-request function writes the viewer's address over
/// whatever the viewer sent under that name, and the origin's custom headers (the origin secret) are set.
fn as_cloudfront_passes_it(gateway: &Gateway, headers: &mut HeaderMap, viewer: SocketAddr) {
    if let Ok(address) = HeaderValue::from_str(&viewer.ip().to_string()) {
        headers.insert(sofia_core::http::request::VIEWER_ADDRESS_HEADER, address);
    }
    for (name, value) in &gateway.origin_headers {
        if let (Ok(name), Ok(value)) =
            (axum::http::HeaderName::from_bytes(name.as_bytes()), HeaderValue::from_str(value))
        {
            headers.insert(name, value);
        }
    }
}

/// The API Gateway HTTP API (payload format 2.0) event for a request.
pub fn api_gateway_event(
    route: &Route,
    parts: &axum::http::request::Parts,
    path_parameters: &BTreeMap<String, String>,
    body: &[u8],
    source_ip: &str,
    claims: Option<&HashMap<String, String>>,
) -> Value {
    let mut headers: BTreeMap<String, String> = BTreeMap::new();
    let mut cookies = Vec::new();
    for (name, value) in &parts.headers {
        let Ok(value) = value.to_str() else { continue };
        if name == "cookie" {
            cookies.extend(value.split(';').map(|c| c.trim().to_owned()));
            continue;
        }
        headers
            .entry(name.as_str().to_owned())
            .and_modify(|v| {
                v.push(',');
                v.push_str(value)
            })
            .or_insert_with(|| value.to_owned());
    }
    let raw_query = parts.uri.query().unwrap_or_default().to_owned();
    let mut query: BTreeMap<String, String> = BTreeMap::new();
    for (name, value) in url_pairs(&raw_query) {
        query
            .entry(name)
            .and_modify(|v| {
                v.push(',');
                v.push_str(&value)
            })
            .or_insert(value);
    }
    let (body, is_base64) = match std::str::from_utf8(body) {
        Ok(text) => (text.to_owned(), false),
        Err(_) => (STANDARD.encode(body), true),
    };
    let now = jiff::Timestamp::now();
    let route_key = format!("{} {}", route.method, route.path);
    let mut context = json!({
        "accountId": "123456789012",
        "apiId": "local",
        "domainName": header_text(&parts.headers, "host"),
        "domainPrefix": "local",
        "http": {
            "method": parts.method.as_str(),
            "path": parts.uri.path(),
            "protocol": format!("{:?}", parts.version),
            "sourceIp": source_ip,
            "userAgent": header_text(&parts.headers, "user-agent"),
        },
        "requestId": uuid::Uuid::new_v4().to_string(),
        "routeKey": route_key,
        "stage": "$default",
        "time": now.strftime("%d/%b/%Y:%H:%M:%S %z").to_string(),
        "timeEpoch": now.as_millisecond(),
    });
    if let Some(claims) = claims {
        context["authorizer"] = json!({ "jwt": { "claims": claims, "scopes": null } });
    }
    let mut event = json!({
        "version": "2.0",
        "routeKey": route_key,
        "rawPath": parts.uri.path(),
        "rawQueryString": raw_query,
        "headers": headers,
        "requestContext": context,
        "isBase64Encoded": is_base64,
    });
    if !cookies.is_empty() {
        event["cookies"] = json!(cookies);
    }
    if !query.is_empty() {
        event["queryStringParameters"] = json!(query);
    }
    if !path_parameters.is_empty() {
        event["pathParameters"] = json!(path_parameters);
    }
    if !body.is_empty() {
        event["body"] = json!(body);
    }
    event
}

fn header_text(headers: &HeaderMap, name: &str) -> String {
    headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned()
}

fn url_pairs(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            let decode =
                |s: &str| percent_encoding::percent_decode_str(&s.replace('+', " ")).decode_utf8_lossy().into_owned();
            (decode(name), decode(value))
        })
        .collect()
}

fn into_axum(response: lambda_http::Response<lambda_http::Body>) -> Response {
    let (parts, body) = response.into_parts();
    let bytes = match body {
        lambda_http::Body::Text(text) => text.into_bytes(),
        lambda_http::Body::Binary(bytes) => bytes,
        _ => Vec::new(),
    };
    let mut out = Response::new(AxumBody::from(bytes));
    *out.status_mut() = parts.status;
    *out.headers_mut() = parts.headers;
    out
}

/// What CloudFront does for a path it serves from a bucket: the object under the same key, or 404.
async fn serve_object(s3: &aws_sdk_s3::Client, bucket: &str, key: &str) -> Response {
    let Ok(object) = s3.get_object().bucket(bucket).key(key).send().await else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let content_type = object.content_type().unwrap_or("application/octet-stream").to_owned();
    let cache_control = object.cache_control().map(str::to_owned);
    let Ok(bytes) = object.body.collect().await.map(|b| b.into_bytes()) else {
        return StatusCode::BAD_GATEWAY.into_response();
    };
    let mut response = Response::new(AxumBody::from(bytes));
    if let Ok(value) = HeaderValue::from_str(&content_type) {
        response.headers_mut().insert("content-type", value);
    }
    if let Some(value) = cache_control.and_then(|c| HeaderValue::from_str(&c).ok()) {
        response.headers_mut().insert("cache-control", value);
    }
    response
}

async fn serve_site(gateway: &Gateway, request: HttpRequest<AxumBody>) -> Response {
    let service = ServeDir::new(&gateway.site_dir).append_index_html_on_directories(true);
    match service.oneshot(request).await {
        Ok(response) => response.map(AxumBody::new).into_response(),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_templates_match_and_capture_parameters() {
        let captured = match_path("/api/signals/{number}", "/api/signals/2026-000001").unwrap();
        assert_eq!(captured.get("number").map(String::as_str), Some("2026-000001"));
        assert!(match_path("/api/signals/{number}", "/api/signals").is_none());
        assert!(match_path("/api/signals/{number}", "/api/signals/1/extra").is_none());
        assert!(match_path("/api/signals", "/api/signals").unwrap().is_empty());
    }
}
