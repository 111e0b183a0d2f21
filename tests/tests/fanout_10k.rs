//! A popular signal: 10,000 subscribers are each notified exactly once (counted in the emulator's sent mail) by the
//! change mail.
//! In a test binary of its own, so the load does not slow the other tests' mail. DynamoDB is Amazon's DynamoDB
//! Local here: the fan-out claims deliveries a hundred per transaction, and moto serialises every call behind one
//! lock, which at 10,000 subscriptions says more about moto than about the fan-out.

use serde_json::json;
use sofia_core::domain::subscriptions::Target;
use sofia_tests::{TestStack, demo, json as read, sign_in, unique_email, valid_signal};
use std::collections::HashMap;
use std::time::{Duration, Instant};

async fn set_status(stack: &TestStack, operator: &str, number: &str, status: &str) {
    let (_, view) = stack.get_as(&format!("/api/staff/documents/{number}"), Some(operator)).await;
    let (code, answer) = stack
        .post_as(
            &format!("/api/staff/documents/{number}/status"),
            &json!({ "status": status, "version": view["version"] }),
            Some(operator),
        )
        .await;
    assert_eq!(code, 200, "{answer}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn ten_thousand_subscribers_are_each_notified_exactly_once() {
    const SUBSCRIBERS: usize = 10_000;
    let dynamodb_local = std::env::var("DYNAMODB_LOCAL_ENDPOINT")
        .expect("DYNAMODB_LOCAL_ENDPOINT is not set: run the tests with infra/test");
    let stack = TestStack::start_with(Some(dynamodb_local)).await;
    let operator = sign_in(&stack, demo("operator").email, demo("operator").password).await;
    let (_, _, filed) = read(stack.post_json("/api/signals", &valid_signal(&unique_email("popular"))).await).await;
    let number = filed["number"].as_str().unwrap().to_owned();

    // Ten thousand subscriptions, written as the subscribe route writes them (that many accounts would only slow
    // the test); their addresses share a domain of this test's own.
    let domain = format!("fan{}.example.bg", &uuid::Uuid::new_v4().simple().to_string()[..8]);
    let table = stack.stack.provisioned.tables.get("Table").unwrap().clone();
    let target = Target::Document(number.parse().unwrap());
    local_stack::seed::subscribers(&stack.stack.clients.dynamodb(), &table, &target, SUBSCRIBERS, &domain)
        .await
        .unwrap();

    set_status(&stack, &operator, &number, "forwarded").await;
    let started = Instant::now();
    // The change mail's run, once the change's window is over: what it cannot send within its time it hands on
    // to the stream, which sends the rest.
    let report = stack.send_change_mail(&number, 1).await;
    assert_eq!(report.changes_mailed, 1, "{report:?}");
    let deadline = started + Duration::from_secs(600);
    // The emulator's mailbox is read rarely: dumping 10,000 mails holds its lock and would slow the sending.
    let mut pause = Duration::from_secs(20);
    let counts = loop {
        tokio::time::sleep(pause).await;
        pause = Duration::from_secs(10);
        let mail = local_stack::mailbox::sent_mail(&stack.stack.emulator_endpoint).await.unwrap();
        let mut counts: HashMap<String, usize> = HashMap::new();
        for message in mail.iter().filter(|m| m.destinations.to.iter().any(|t| t.ends_with(&domain))) {
            *counts.entry(message.destinations.to[0].clone()).or_default() += 1;
        }
        if counts.len() >= SUBSCRIBERS || Instant::now() > deadline {
            break counts;
        }
    };
    eprintln!("{} subscribers notified in {:?}", counts.len(), started.elapsed());
    assert_eq!(counts.len(), SUBSCRIBERS, "every subscriber");
    assert!(counts.values().all(|n| *n == 1), "exactly once each");
    let emulator = stack.stack.emulator_endpoint.clone();
    stack.stack.stop().await;
    // Ten thousand mails make every later read of the emulator's mailbox slow; test binaries run one at a time,
    // so clearing the emulator here touches nothing else.
    reqwest::Client::new().post(format!("{emulator}/moto-api/reset")).send().await.expect("moto resets");
}
