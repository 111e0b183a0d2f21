//! `Idempotency-Key`: twenty identical submissions at once file one signal; a repeat returns the first answer;
//! the same key with another body is refused.

use sofia_tests::{TestStack, json as read, unique_email, valid_signal};
use std::collections::BTreeSet;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn twenty_identical_submissions_with_one_key_file_one_signal() {
    let stack = TestStack::start().await;
    let body = valid_signal(&unique_email("double-click"));
    let attempts = (0..20).map(|_| {
        let (stack, body) = (&stack, body.clone());
        async move {
            let response = stack
                .http
                .post(stack.url("/api/signals"))
                .header("idempotency-key", "form-7f3a9c")
                .json(&body)
                .send()
                .await
                .unwrap();
            let (status, _, answer) = read(response).await;
            assert_eq!(status, 201, "{answer}");
            answer["number"].as_str().unwrap().to_owned()
        }
    });
    let numbers: BTreeSet<String> = futures::future::join_all(attempts).await.into_iter().collect();
    assert_eq!(numbers.len(), 1, "one signal: {numbers:?}");
    let number = numbers.into_iter().next().unwrap();
    assert!(number.ends_with("-000001"));

    // Later, the same again: the first answer, marked as a replay.
    let again = stack
        .http
        .post(stack.url("/api/signals"))
        .header("idempotency-key", "form-7f3a9c")
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(again.headers().get("idempotent-replayed").and_then(|v| v.to_str().ok()), Some("true"));
    assert_eq!(read(again).await.2["number"], number.as_str());

    // The same key with another body is refused; nothing is filed.
    let mut other = body.clone();
    other["description"] = serde_json::json!("Съвсем друг проблем на друго място в града");
    let reused = stack
        .http
        .post(stack.url("/api/signals"))
        .header("idempotency-key", "form-7f3a9c")
        .json(&other)
        .send()
        .await
        .unwrap();
    let (status, _, problem) = read(reused).await;
    assert_eq!((status, problem["errors"][0]["code"].as_str()), (422, Some("reused")));
    // The next signal without a key is the second: the twenty attempts made one.
    let (_, _, next) = read(stack.post_json("/api/signals", &other).await).await;
    assert!(next["number"].as_str().unwrap().ends_with("-000002"), "{next}");
    let bad = stack
        .http
        .post(stack.url("/api/signals"))
        .header("idempotency-key", "x".repeat(129))
        .json(&other)
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status().as_u16(), 400);
    stack.stack.stop().await;
}
