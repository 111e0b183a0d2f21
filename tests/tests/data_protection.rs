//! Data protection: a registered user exports everything held about them as JSON, and deletes their account
//! (with the password again). Their public signal stays, anonymised; their complaint stays with its sender for
//! the record but no longer belongs to a login; their subscriptions end; the login is gone.

use serde_json::json;
use sofia_tests::{TestStack, demo, json as read, sign_in, signed_in_user, unique_email, valid_signal};

#[tokio::test]
async fn a_user_exports_their_data_then_deletes_the_account_and_only_what_the_law_keeps_remains() {
    let stack = TestStack::start().await;
    let email = unique_email("leaving");
    let name = "Мартина Заминаваща";
    let user = signed_in_user(&stack, &email, name).await;

    let mut signal = valid_signal(&email);
    signal.as_object_mut().unwrap().retain(|k, _| !["email", "name"].contains(&k.as_str()));
    let (status, filed) = stack.post_as("/api/me/signals", &signal, Some(&user)).await;
    assert_eq!(status, 201, "{filed}");
    let signal_number = filed["number"].as_str().unwrap().to_owned();
    let complaint =
        json!({ "kind": "complaint", "title": "Жалба за шума", "description": "Шум от строителния обект всяка нощ." });
    let (status, filed) = stack.post_as("/api/me/documents", &complaint, Some(&user)).await;
    assert_eq!(status, 201, "{filed}");
    let complaint_number = filed["number"].as_str().unwrap().to_owned();
    let response = stack
        .http
        .put(stack.url(&format!("/api/me/subscriptions/{signal_number}")))
        .bearer_auth(&user)
        .send()
        .await
        .unwrap();
    assert!(response.status().is_success());
    let response = stack.put_json_as("/api/me/alerts", &json!({ "district": "lozenets" }), &user).await;
    assert!(response.status().is_success());

    // The export: one JSON download with the account, both documents with the sender's data, the subscriptions.
    let response = stack.http.get(stack.url("/api/account/export")).bearer_auth(&user).send().await.unwrap();
    let disposition = response.headers().get("content-disposition").map(|v| v.to_str().unwrap().to_owned());
    assert!(disposition.is_some_and(|d| d.starts_with("attachment;")), "a download");
    let (status, _, export) = read(response).await;
    assert_eq!(status, 200, "{export}");
    assert_eq!(
        (export["account"]["email"].as_str(), export["account"]["name"].as_str()),
        (Some(email.as_str()), Some(name))
    );
    let numbers: Vec<&str> =
        export["documents"].as_array().unwrap().iter().map(|d| d["number"].as_str().unwrap()).collect();
    assert_eq!(numbers.len(), 2, "{export}");
    assert!(numbers.contains(&signal_number.as_str()) && numbers.contains(&complaint_number.as_str()));
    assert!(export["documents"][0]["sender"]["email"] == email.as_str(), "each with what the user sent");
    assert_eq!(export["subscriptions"].as_array().unwrap().len(), 2, "{export}");

    // A wrong password deletes nothing.
    let wrong = delete_account(&stack, &user, "not-mine-123").await;
    let (status, _, problem) = read(wrong).await;
    assert_eq!((status, problem["errors"][0]["field"].as_str()), (422, Some("password")), "{problem}");
    assert_eq!(stack.get_as("/api/me/documents", Some(&user)).await.1["documents"].as_array().unwrap().len(), 2);

    let deleted = delete_account(&stack, &user, "test-password-1").await;
    let (status, _, outcome) = read(deleted).await;
    assert_eq!(status, 200, "{outcome}");
    assert_eq!(
        (
            outcome["documents_anonymised"].as_u64(),
            outcome["documents_kept_for_the_record"].as_u64(),
            outcome["subscriptions_ended"].as_u64()
        ),
        (Some(1), Some(1), Some(2)),
        "{outcome}"
    );

    // The login is gone.
    let (status, _, _) =
        read(stack.post_json("/api/account/login", &json!({ "email": email, "password": "test-password-1" })).await)
            .await;
    assert_eq!(status, 401);

    // The signal is still public, with its content; staff see it without any sender data.
    let (status, public) = stack.get_as(&format!("/api/documents/{signal_number}"), None).await;
    assert_eq!((status, public["description"].as_str()), (200, signal["description"].as_str()));
    let operator = sign_in(&stack, demo("operator").email, demo("operator").password).await;
    let (_, staff_signal) = stack.get_as(&format!("/api/staff/documents/{signal_number}"), Some(&operator)).await;
    let text = staff_signal["document"].to_string();
    assert!(!text.contains(&email) && !text.contains(name), "anonymised: {text}");
    assert!(staff_signal["history"].as_array().unwrap().iter().any(|e| e["change"]["type"] == "account_deleted"));

    // The complaint is kept with its sender, for the record, but belongs to no login any more.
    let (status, staff_complaint) =
        stack.get_as(&format!("/api/staff/documents/{complaint_number}"), Some(&operator)).await;
    assert_eq!(status, 200, "{staff_complaint}");
    assert_eq!(staff_complaint["document"]["sender"]["email"], email.as_str());
    let someone = signed_in_user(&stack, &unique_email("next-owner"), "Друг Потребител").await;
    assert_eq!(stack.get_as(&format!("/api/me/documents/{complaint_number}"), Some(&someone)).await.0, 404);
    stack.stack.stop().await;
}

/// `DELETE /api/account` with the password given again.
async fn delete_account(stack: &TestStack, user: &str, password: &str) -> reqwest::Response {
    let request = stack.http.delete(stack.url("/api/account")).bearer_auth(user);
    request.json(&json!({ "password": password })).send().await.expect("DELETE answered")
}
