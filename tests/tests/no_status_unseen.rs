//! No document can be in a status that no view shows: for every kind, every status its state machine can reach is
//! walked over HTTP, and the document is then found in its unit's queue of that status (and counted there), and in
//! the back office's one view of that status, for the city and for its unit.

use serde_json::{Value, json};
use sofia_core::domain::kind::DocumentKind;
use sofia_core::domain::status::Status;
use sofia_core::domain::workflow::allowed_transitions;
use sofia_tests::{TestStack, demo, sign_in, signed_in_user, unique_email, valid_signal};
use std::collections::{BTreeMap, VecDeque};

/// The shortest way from `new` to every status a kind can reach (duplicates are marked by their own action, so
/// `duplicate` is reached from where that action may start).
fn paths(kind: DocumentKind) -> BTreeMap<Status, Vec<Status>> {
    let mut found = BTreeMap::from([(Status::New, Vec::new())]);
    let mut queue = VecDeque::from([Status::New]);
    while let Some(from) = queue.pop_front() {
        for to in allowed_transitions(kind, from) {
            if !found.contains_key(to) {
                let mut path = found[&from].clone();
                path.push(*to);
                found.insert(*to, path);
                queue.push_back(*to);
            }
        }
    }
    found
}

/// What a move to `to` must carry: the reason, the body it goes to, the extension's ground.
fn status_body(to: Status) -> Value {
    let mut body = json!({ "status": to.as_str(), "note": "Основание за промяната." });
    match to {
        Status::NotCompetent | Status::ForwardedElsewhere => {
            body["competent_body"] = json!("Министерство на вътрешните работи")
        }
        Status::Extended => {
            body["extension_ground"] = json!("large_volume");
            body["extension_days"] = json!(5);
        }
        _ => {}
    }
    body
}

async fn file(stack: &TestStack, kind: DocumentKind, citizen: &str) -> String {
    let (status, filed) = match kind {
        DocumentKind::Signal => stack.post_as("/api/signals", &valid_signal(&unique_email("s")), None).await,
        DocumentKind::Question => {
            let body = json!({ "topic": "other", "description": "Кога се плаща данъкът върху сградите?" });
            stack.post_as("/api/questions", &body, None).await
        }
        written => {
            let body = json!({ "kind": written.as_str(), "title": "Заглавие", "description": "Текст на документа до общината." });
            stack.post_as("/api/me/documents", &body, Some(citizen)).await
        }
    };
    assert_eq!(status, 201, "{kind:?}: {filed}");
    filed["number"].as_str().unwrap().to_owned()
}

async fn staff_view(stack: &TestStack, number: &str, operator: &str) -> Value {
    let (status, view) = stack.get_as(&format!("/api/staff/documents/{number}"), Some(operator)).await;
    assert_eq!(status, 200, "{view}");
    view
}

/// Files a document of `kind`, moves it along `path` to `target`, and finds it in its unit's queue and counts.
async fn walk(
    stack: &TestStack,
    operator: &str,
    original: &str,
    citizen: &str,
    kind: DocumentKind,
    target: Status,
    path: &[Status],
) {
    let number = file(stack, kind, citizen).await;
    for step in path {
        let version = staff_view(stack, &number, operator).await["version"].clone();
        let (action, mut body) = match step {
            Status::Duplicate => ("duplicate", json!({ "of": original })),
            to => ("status", status_body(*to)),
        };
        body["version"] = version;
        let (status, answer) =
            stack.post_as(&format!("/api/staff/documents/{number}/{action}"), &body, Some(operator)).await;
        assert_eq!(status, 200, "{kind:?} {path:?} at {step:?}: {answer}");
    }
    let view = staff_view(stack, &number, operator).await;
    assert_eq!(view["document"]["status"], target.as_str(), "{kind:?} {path:?}");
    let unit = view["document"]["unit"]["id"].as_str().unwrap().to_owned();
    let (status, queue) =
        stack.get_as(&format!("/api/staff/queues/{unit}?status={}&limit=200", target.as_str()), Some(operator)).await;
    assert_eq!(status, 200, "{queue}");
    assert!(
        queue["items"].as_array().unwrap().iter().any(|i| i["number"] == number.as_str()),
        "{kind:?} in {target:?} is in no view: {queue}"
    );
    // The one view lists it under its status, for the whole city and for its unit.
    for scope in [String::new(), format!("&unit={unit}")] {
        let path = format!("/api/staff/documents?status={}{scope}&limit=200", target.as_str());
        let (status, view) = stack.get_as(&path, Some(operator)).await;
        assert_eq!(status, 200, "{view}");
        assert!(
            view["items"].as_array().unwrap().iter().any(|i| i["number"] == number.as_str()),
            "{kind:?} in {target:?} is not in the one view {path}: {view}"
        );
    }
    // Its unit's tab for the status counts it (the counters the stream keeps).
    stack
        .get_when(&format!("/api/staff/counts?unit={unit}"), Some(operator), |c| {
            c["counts"]["status"][target.as_str()].as_u64().unwrap_or(0) >= 1
        })
        .await;
}

#[tokio::test]
async fn every_status_of_every_kind_is_in_a_queue_that_shows_it() {
    let stack = TestStack::start().await;
    let operator = sign_in(&stack, demo("operator").email, demo("operator").password).await;
    let original = file(&stack, DocumentKind::Signal, "").await;
    // Each kind walked at once: its documents are its own.
    let walks = DocumentKind::all().map(|kind| {
        let (stack, operator, original) = (&stack, &operator, &original);
        async move {
            // A citizen per kind: one e-mail files at most 20 documents an hour.
            let citizen = signed_in_user(stack, &unique_email("citizen"), "Гражданин Тестов").await;
            let mut walked = 0;
            for (target, path) in paths(kind) {
                walk(stack, operator, original, &citizen, kind, target, &path).await;
                walked += 1;
            }
            walked
        }
    });
    let walked: usize = futures::future::join_all(walks).await.into_iter().sum();
    assert!(walked >= 30, "every reachable status of every kind ({walked})");
    stack.stack.stop().await;
}
