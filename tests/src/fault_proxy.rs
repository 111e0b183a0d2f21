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
}

#[derive(Default)]
pub struct Faults {
    /// Operation (`GetItem`, `TransactWriteItems`, `SendEmail`), fault, how many more times.
    planned: Mutex<Option<(&'static str, Fault, usize)>>,
    injected: Mutex<usize>,
}

impl Faults {
    pub fn plan(&self, operation: &'static str, fault: Fault, times: usize) {
        *self.planned.lock().unwrap() = Some((operation, fault, times));
        *self.injected.lock().unwrap() = 0;
    }

    pub fn clear(&self) {
        *self.planned.lock().unwrap() = None;
    }

    pub fn injected(&self) -> usize {
        *self.injected.lock().unwrap()
    }

    fn take(&self, target: &str) -> Option<Fault> {
        let mut planned = self.planned.lock().unwrap();
        let (operation, fault, times) = planned.as_mut()?;
        if *times == 0 || target != *operation {
            return None;
        }
        *times -= 1;
        *self.injected.lock().unwrap() += 1;
        Some(*fault)
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
        Fault::ServerError => {
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
    if let Some(fault) = proxy.faults.take(target) {
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
