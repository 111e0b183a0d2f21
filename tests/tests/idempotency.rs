//! `Idempotency-Key`: twenty identical submissions at once file one signal; a repeat returns the first answer;
//! the same key with another body is refused.

use sofia_tests::{TestStack, demo, json as read, sign_in, unique_email, valid_signal};
use std::collections::BTreeSet;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn twenty_identical_submissions_with_one_key_file_one_signal() {
    let stack = TestStack::start().await;
    let body = valid_signal(&unique_email("double-click"));
    let attempts = (0..20).map(|_| {
        let (stack, body) = (&stack, body.clone());
        async move {
            let response = stack.post_json_with_key("/api/signals", "form-7f3a9c", &body).await;
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
    let again = stack.post_json_with_key("/api/signals", "form-7f3a9c", &body).await;
    assert_eq!(again.headers().get("idempotent-replayed").and_then(|v| v.to_str().ok()), Some("true"));
    assert_eq!(read(again).await.2["number"], number.as_str());

    // The same key with another body is refused; nothing is filed.
    let mut other = body.clone();
    other["description"] = serde_json::json!("Съвсем друг проблем на друго място в града");
    let reused = stack.post_json_with_key("/api/signals", "form-7f3a9c", &other).await;
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

/// Beyond filing: a clerk's double-clicked reply is written once, and the second click gets the first answer.
#[tokio::test]
async fn a_repeated_reply_is_written_once() {
    let stack = TestStack::start().await;
    let question = serde_json::json!({
        "topic": "local-taxes", "description": "Кога е срокът за плащане на данъка?", "email": unique_email("reply-once")
    });
    let (_, _, filed) = read(stack.post_json("/api/questions", &question).await).await;
    let number = filed["number"].as_str().unwrap();
    let operator = sign_in(&stack, demo("operator").email, demo("operator").password).await;
    let (_, staff_view) = stack.get_as(&format!("/api/staff/documents/{number}"), Some(&operator)).await;
    let reply = serde_json::json!({ "text": "До 30 юни с 5% отстъпка.", "version": staff_view["version"] });
    let mut answers = Vec::new();
    for _ in 0..2 {
        let response = stack
            .http
            .post(stack.url(&format!("/api/staff/documents/{number}/replies")))
            .bearer_auth(&operator)
            .header("idempotency-key", "reply-button-1")
            .json(&reply)
            .send()
            .await
            .unwrap();
        let replayed = response.headers().contains_key("idempotent-replayed");
        let (status, _, body) = read(response).await;
        answers.push((status, replayed, body));
    }
    assert_eq!((answers[0].0, answers[0].1), (200, false), "{}", answers[0].2);
    assert_eq!((answers[1].0, answers[1].1), (200, true), "{}", answers[1].2);
    let (_, view) = stack.get_as(&format!("/api/documents/{number}"), None).await;
    let replies = view["history"].as_array().unwrap().iter().filter(|e| e["text"] == reply["text"]).count();
    assert_eq!(replies, 1, "{view}");
    stack.stack.stop().await;
}

/// Every idempotency record, as stored: what someone who can read the table sees.
async fn idempotency_records(stack: &TestStack) -> String {
    let table = stack.stack.provisioned.tables.values().next().unwrap().clone();
    let items = stack.stack.clients.dynamodb().scan().table_name(table).send().await.unwrap();
    let records: Vec<String> = items
        .items()
        .iter()
        .filter(|item| item.get("PK").and_then(|pk| pk.as_s().ok()).is_some_and(|pk| pk.starts_with("IDEMP#")))
        .map(|item| format!("{item:?}"))
        .collect();
    assert!(!records.is_empty(), "the requests left idempotency records");
    records.join("\n")
}

#[tokio::test]
async fn a_replay_answers_with_the_secret_that_the_stored_record_never_held() {
    let stack = TestStack::start().await;
    let post = |path: &str, body: serde_json::Value, key: &str, bearer: Option<String>| {
        let mut request = stack.http.post(stack.url(path)).header("idempotency-key", key).json(&body);
        if let Some(token) = bearer {
            request = request.bearer_auth(token);
        }
        request.send()
    };
    // A filing's access link.
    let body = valid_signal(&unique_email("secret"));
    let (status, _, first) = read(post("/api/signals", body.clone(), "filing-1", None).await.unwrap()).await;
    assert_eq!(status, 201, "{first}");
    let token = first["follow_url"].as_str().unwrap().split("#token=").nth(1).unwrap().to_owned();
    let replay = post("/api/signals", body, "filing-1", None).await.unwrap();
    assert_eq!(replay.headers().get("idempotent-replayed").and_then(|v| v.to_str().ok()), Some("true"));
    assert_eq!(read(replay).await.2["follow_url"], first["follow_url"], "the same link, token and all");

    // An Open311 API key, shown once.
    let admin = sign_in(&stack, demo("admin").email, demo("admin").password).await;
    let request = serde_json::json!({ "client": "Приложение" });
    let (status, _, issued) =
        read(post("/api/admin/open311-keys", request.clone(), "key-1", Some(admin.clone())).await.unwrap()).await;
    assert_eq!(status, 201, "{issued}");
    let key = issued["api_key"].as_str().unwrap().to_owned();
    let (_, _, again) = read(post("/api/admin/open311-keys", request, "key-1", Some(admin)).await.unwrap()).await;
    assert_eq!(again["api_key"], key.as_str());

    let records = idempotency_records(&stack).await;
    assert!(!records.contains(&token), "a stored record holds an access token: {records}");
    assert!(!records.contains(&key), "a stored record holds an API key: {records}");
    stack.stack.stop().await;
}
