//! Partial AWS failures: DynamoDB throttling and transaction conflicts are retried by the SDK with this system's
//! retry policy; when retries run out the client gets 503 with `Retry-After`, and nothing is half-written.
//! A fault-injecting proxy stands between the functions and the emulator's DynamoDB.

use serde_json::json;
use sofia_tests::fault_proxy::{Fault, Faults, start_proxy};
use sofia_tests::{TestStack, demo, json as read, sign_in, unique_email, valid_signal};
use std::sync::Arc;

/// A stack whose DynamoDB calls pass through a proxy that injects the planned faults.
async fn stack_behind_faulty_dynamodb() -> (TestStack, Arc<Faults>) {
    let (url, faults) = start_proxy().await;
    (TestStack::start_with(Some(url)).await, faults)
}

#[tokio::test]
async fn throttled_reads_are_retried_and_when_retries_run_out_the_answer_is_503_with_retry_after() {
    let (stack, faults) = stack_behind_faulty_dynamodb().await;
    let (status, _, filed) = read(stack.post_json("/api/signals", &valid_signal(&unique_email("faults"))).await).await;
    assert_eq!(status, 201, "{filed}");
    let path = format!("/api/documents/{}", filed["number"].as_str().unwrap());

    // Two throttled attempts: the SDK tries again and the citizen never notices. (The public view is one
    // Query of the document's partition.)
    faults.plan_matching("Query", "COUNT#", Fault::Throttling, 2);
    let (status, view) = stack.get_as(&path, None).await;
    assert_eq!((status, faults.injected()), (200, 2), "{view}");
    assert_eq!(view["number"], filed["number"]);

    // Throttled for good: three attempts (the retry policy), then a clear 503 the client may retry later.
    faults.plan_matching("Query", "COUNT#", Fault::Throttling, usize::MAX);
    let response = stack.get(&path).await;
    let retry_after = response.headers().get("retry-after").map(|v| v.to_str().unwrap().to_owned());
    let (status, content_type, problem) = read(response).await;
    assert_eq!((status, content_type.as_str()), (503, "application/problem+json"), "{problem}");
    assert_eq!(retry_after.as_deref(), Some("2"));
    assert_eq!(faults.injected(), 3, "the retry policy's attempts");
    assert!(!problem.to_string().contains("ProvisionedThroughput"), "no AWS internals leak: {problem}");

    faults.clear();
    assert_eq!(stack.get_as(&path, None).await.0, 200);
}

#[tokio::test]
async fn transaction_conflicts_are_retried_and_a_filing_that_fails_writes_nothing() {
    let (stack, faults) = stack_behind_faulty_dynamodb().await;
    let email = unique_email("conflicts");
    let first = stack.file_signal(&email).await;
    let number = first["number"].as_str().unwrap().to_owned();

    // A clerk's action meets two conflicting transactions: retried, and it succeeds (not "someone else changed it").
    let operator = sign_in(&stack, demo("operator").email, demo("operator").password).await;
    let (_, view) = stack.get_as(&format!("/api/staff/documents/{number}"), Some(&operator)).await;
    faults.plan("TransactWriteItems", Fault::TransactionConflict, 2);
    let body = json!({ "unit": "district-lozenets", "note": "По компетентност.", "version": view["version"] });
    let (status, moved) = stack.post_as(&format!("/api/staff/documents/{number}/assign"), &body, Some(&operator)).await;
    assert_eq!((status, faults.injected()), (200, 2), "{moved}");
    assert_eq!(moved["unit"], "district-lozenets");

    // Filing while every transaction is throttled: the number is reserved, but neither the document nor the
    // number's void line can be written (as if the function had died there): 503 with Retry-After.
    faults.plan("TransactWriteItems", Fault::Throttling, usize::MAX);
    let response = stack.post_json("/api/signals", &valid_signal(&email)).await;
    assert!(response.headers().contains_key("retry-after"));
    let (status, _, problem) = read(response).await;
    assert_eq!(status, 503, "{problem}");
    faults.clear();
    let next = stack.file_signal(&email).await;
    let sequence = |n: &serde_json::Value| n.as_str().unwrap()[5..].parse::<u32>().unwrap();
    assert_eq!(sequence(&next["number"]), sequence(&first["number"]) + 2, "the next filing takes the next number");
    // The registry book explains the number between them: reserved while its filing might still be under way,
    // void (abandoned) once minutes have passed; never a hole.
    let state_of_failed = |book: Vec<serde_json::Value>| {
        let line = book.into_iter().find(|l| sequence(&l["number"]) == sequence(&first["number"]) + 1).unwrap();
        (line["state"].as_str().unwrap().to_owned(), line["reason"].clone())
    };
    let book = stack.registry_book(first["number"].as_str().unwrap()).await;
    assert_eq!(book.len() as u32, sequence(&next["number"]), "a line for every number issued");
    assert_eq!(state_of_failed(book), ("reserved".to_owned(), serde_json::Value::Null));
    stack.stack.time.advance_minutes(6);
    let book = stack.registry_book(first["number"].as_str().unwrap()).await;
    assert_eq!(state_of_failed(book), ("void".to_owned(), json!("abandoned")));
    assert_eq!(sequence(&stack.file_signal(&email).await["number"]), sequence(&next["number"]) + 1);
}
