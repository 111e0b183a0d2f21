//! A fault-injecting proxy between the functions and the emulator: passes every request through, except the
//! planned faults (throttling, transaction conflicts, server errors) for a named operation, a number of times.

use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::Response;
use serde_json::json;
use std::sync::{Arc, Mutex};

#[derive(Clone, Copy)]
pub enum Fault {
    /// DynamoDB's ProvisionedThroughputExceededException.
    Throttling,
    /// A TransactWriteItems cancelled by another transaction on the same items.
    TransactionConflict,
    /// An internal error of the service (HTTP 500).
    ServerError,
    /// No answer for this long, then a 500; the request never reaches the service (a caller stopped meanwhile
    /// leaves nothing done).
    Hang(std::time::Duration),
}

/// The plan and what it injected so far, under one lock.
#[derive(Default)]
pub struct Faults(Mutex<FaultState>);

#[derive(Default)]
struct FaultState {
    planned: Option<Plan>,
    injected: usize,
}

struct Plan {
    /// `GetItem`, `Query`, `TransactWriteItems`, `SendEmail`, …
    operation: &'static str,
    /// Only requests whose body contains this (empty: every request of the operation).
    body_contains: &'static str,
    fault: Fault,
    /// How many more times.
    times: usize,
}

impl Faults {
    pub fn plan(&self, operation: &'static str, fault: Fault, times: usize) {
        self.plan_matching(operation, "", fault, times);
    }

    /// As [`Faults::plan`], for the requests of the operation whose body contains `body_contains` (say, a key
    /// prefix), so that other work on the same table (the stream function's) is left alone.
    pub fn plan_matching(&self, operation: &'static str, body_contains: &'static str, fault: Fault, times: usize) {
        *self.0.lock().unwrap() =
            FaultState { planned: Some(Plan { operation, body_contains, fault, times }), injected: 0 };
    }

    pub fn clear(&self) {
        self.0.lock().unwrap().planned = None;
    }

    pub fn injected(&self) -> usize {
        self.0.lock().unwrap().injected
    }

    fn take(&self, target: &str, body: &[u8]) -> Option<Fault> {
        let mut state = self.0.lock().unwrap();
        let plan = state.planned.as_mut()?;
        let matches = plan.body_contains.is_empty()
            || body.windows(plan.body_contains.len()).any(|w| w == plan.body_contains.as_bytes());
        if plan.times == 0 || target != plan.operation || !matches {
            return None;
        }
        plan.times -= 1;
        let fault = plan.fault;
        state.injected += 1;
        Some(fault)
    }
}

struct Proxy {
    upstream: String,
    http: reqwest::Client,
    faults: Arc<Faults>,
}

fn error_response(fault: Fault) -> Response {
    let body = match fault {
        Fault::Throttling => json!({
            "__type": "com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException",
            "message": "The level of configured provisioned throughput for the table was exceeded."
        }),
        Fault::TransactionConflict => json!({
            "__type": "com.amazonaws.dynamodb.v20120810#TransactionCanceledException",
            "Message": "Transaction cancelled, please refer cancellation reasons for specific reasons [TransactionConflict, None]",
            "CancellationReasons": [
                { "Code": "TransactionConflict", "Message": "Transaction is ongoing for the item" },
                { "Code": "None" }
            ]
        }),
        Fault::ServerError | Fault::Hang(_) => {
            return Response::builder()
                .status(StatusCode::INTERNAL_SERVER_ERROR)
                .header("content-type", "application/json")
                .header("x-amzn-errortype", "InternalFailure")
                .body(Body::from(json!({ "message": "Internal failure" }).to_string()))
                .unwrap();
        }
    };
    Response::builder()
        .status(StatusCode::BAD_REQUEST)
        .header("content-type", "application/x-amz-json-1.0")
        .body(Body::from(body.to_string()))
        .unwrap()
}

async fn forward(
    State(proxy): State<Arc<Proxy>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    // JSON protocols name the operation in a header (DynamoDB_20120810.GetItem); SESv2 is REST.
    let target = match headers.get("x-amz-target").and_then(|v| v.to_str().ok()) {
        Some(target) => target.rsplit('.').next().unwrap_or_default(),
        None if uri.path().ends_with("/outbound-emails") => "SendEmail",
        None => "",
    };
    if let Some(fault) = proxy.faults.take(target, &body) {
        if let Fault::Hang(duration) = fault {
            tokio::time::sleep(duration).await;
            return error_response(Fault::ServerError);
        }
        return error_response(fault);
    }
    let path = uri.path_and_query().map(|p| p.as_str()).unwrap_or("/");
    let mut request = proxy.http.request(method, format!("{}{path}", proxy.upstream)).body(body);
    for (name, value) in &headers {
        if name != "host" && name != "content-length" {
            request = request.header(name, value);
        }
    }
    let answer = request.send().await.expect("the emulator answers");
    let mut response = Response::builder().status(answer.status().as_u16());
    for (name, value) in answer.headers() {
        if name != "content-length" && name != "transfer-encoding" {
            response = response.header(name, value);
        }
    }
    response.body(Body::from(answer.bytes().await.expect("a body"))).unwrap()
}

/// Starts a proxy in front of the emulator named by `AWS_ENDPOINT_URL`; returns its URL and its fault plan.
pub async fn start_proxy() -> (String, Arc<Faults>) {
    let faults = Arc::new(Faults::default());
    let upstream = std::env::var("AWS_ENDPOINT_URL").expect("AWS_ENDPOINT_URL").trim_end_matches('/').to_owned();
    let proxy = Arc::new(Proxy { upstream, http: reqwest::Client::new(), faults: faults.clone() });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let app = axum::Router::new().fallback(forward).with_state(proxy);
    tokio::spawn(async move { axum::serve(listener, app).await });
    (format!("http://{address}"), faults)
}

/// A stack whose SES calls go through a fault proxy (set before the stack builds its clients), and the faults to
/// plan. For a test binary of one test: it sets the process's environment.
pub async fn stack_with_faulty_ses() -> (crate::TestStack, Arc<Faults>) {
    let (proxy, faults) = start_proxy().await;
    // SAFETY: each test binary that calls this has this one test; nothing else reads the environment concurrently.
    unsafe { std::env::set_var("AWS_ENDPOINT_URL_SESV2", &proxy) };
    (crate::TestStack::start().await, faults)
}
