//! Partial AWS failures: DynamoDB throttling and transaction conflicts are retried by the SDK with this system's
//! retry policy; when retries run out the client gets 503 with `Retry-After`, and nothing is half-written.
//! A fault-injecting proxy stands between the functions and the emulator's DynamoDB.

use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::Response;
use serde_json::json;
use sofia_tests::{TestStack, demo, json as read, sign_in, unique_email, valid_signal};
use std::sync::{Arc, Mutex};

#[derive(Clone, Copy)]
enum Fault {
    Throttling,
    TransactionConflict,
}

#[derive(Default)]
struct Faults {
    /// Operation (`GetItem`, `TransactWriteItems`), fault, how many more times.
    planned: Mutex<Option<(&'static str, Fault, usize)>>,
    injected: Mutex<usize>,
}

impl Faults {
    fn plan(&self, operation: &'static str, fault: Fault, times: usize) {
        *self.planned.lock().unwrap() = Some((operation, fault, times));
        *self.injected.lock().unwrap() = 0;
    }

    fn clear(&self) {
        *self.planned.lock().unwrap() = None;
    }

    fn injected(&self) -> usize {
        *self.injected.lock().unwrap()
    }

    fn take(&self, target: &str) -> Option<Fault> {
        let mut planned = self.planned.lock().unwrap();
        let (operation, fault, times) = planned.as_mut()?;
        if *times == 0 || target != format!("DynamoDB_20120810.{operation}") {
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
    let target = headers.get("x-amz-target").and_then(|v| v.to_str().ok()).unwrap_or_default();
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

/// A stack whose DynamoDB calls pass through a proxy that injects the planned faults.
async fn stack_behind_faulty_dynamodb() -> (TestStack, Arc<Faults>) {
    let faults = Arc::new(Faults::default());
    let upstream = std::env::var("AWS_ENDPOINT_URL").expect("AWS_ENDPOINT_URL").trim_end_matches('/').to_owned();
    let proxy = Arc::new(Proxy { upstream, http: reqwest::Client::new(), faults: faults.clone() });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let app = axum::Router::new().fallback(forward).with_state(proxy);
    tokio::spawn(async move { axum::serve(listener, app).await });
    (TestStack::start_with(Some(format!("http://{address}"))).await, faults)
}

#[tokio::test]
async fn throttled_reads_are_retried_and_when_retries_run_out_the_answer_is_503_with_retry_after() {
    let (stack, faults) = stack_behind_faulty_dynamodb().await;
    let (status, _, filed) = read(stack.post_json("/api/signals", &valid_signal(&unique_email("faults"))).await).await;
    assert_eq!(status, 201, "{filed}");
    let path = format!("/api/documents/{}", filed["number"].as_str().unwrap());

    // Two throttled attempts: the SDK tries again and the citizen never notices.
    faults.plan("GetItem", Fault::Throttling, 2);
    let (status, view) = stack.get_as(&path, None).await;
    assert_eq!((status, faults.injected()), (200, 2), "{view}");
    assert_eq!(view["number"], filed["number"]);

    // Throttled for good: four attempts (the retry policy), then a clear 503 the client may retry later.
    faults.plan("GetItem", Fault::Throttling, usize::MAX);
    let response = stack.get(&path).await;
    let retry_after = response.headers().get("retry-after").map(|v| v.to_str().unwrap().to_owned());
    let (status, content_type, problem) = read(response).await;
    assert_eq!((status, content_type.as_str()), (503, "application/problem+json"), "{problem}");
    assert_eq!(retry_after.as_deref(), Some("2"));
    assert_eq!(faults.injected(), 4, "the retry policy's attempts");
    assert!(!problem.to_string().contains("ProvisionedThroughput"), "no AWS internals leak: {problem}");

    faults.clear();
    assert_eq!(stack.get_as(&path, None).await.0, 200);
}

#[tokio::test]
async fn transaction_conflicts_are_retried_and_a_filing_that_fails_writes_nothing() {
    let (stack, faults) = stack_behind_faulty_dynamodb().await;
    let email = unique_email("conflicts");
    let (status, _, first) = read(stack.post_json("/api/signals", &valid_signal(&email)).await).await;
    assert_eq!(status, 201, "{first}");
    let number = first["number"].as_str().unwrap().to_owned();

    // A clerk's action meets two conflicting transactions: retried, and it succeeds (not "someone else changed it").
    let operator = sign_in(&stack, demo("operator").email, demo("operator").password).await;
    let (_, view) = stack.get_as(&format!("/api/staff/documents/{number}"), Some(&operator)).await;
    faults.plan("TransactWriteItems", Fault::TransactionConflict, 2);
    let body = json!({ "unit": "district-lozenets", "note": "По компетентност.", "version": view["version"] });
    let (status, moved) = stack.post_as(&format!("/api/staff/documents/{number}/assign"), &body, Some(&operator)).await;
    assert_eq!((status, faults.injected()), (200, 2), "{moved}");
    assert_eq!(moved["unit"], "district-lozenets");

    // Filing while every write is throttled: 503 with Retry-After, and no number is used up.
    faults.plan("TransactWriteItems", Fault::Throttling, usize::MAX);
    let response = stack.post_json("/api/signals", &valid_signal(&email)).await;
    assert!(response.headers().contains_key("retry-after"));
    let (status, _, problem) = read(response).await;
    assert_eq!(status, 503, "{problem}");
    faults.clear();
    let (status, _, next) = read(stack.post_json("/api/signals", &valid_signal(&email)).await).await;
    assert_eq!(status, 201, "{next}");
    let sequence = |n: &serde_json::Value| n.as_str().unwrap()[5..].parse::<u32>().unwrap();
    assert_eq!(sequence(&next["number"]), sequence(&first["number"]) + 1, "the failed filing left no gap");
}
