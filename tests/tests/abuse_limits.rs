//! Abuse limits: too many submissions for one e-mail address in an hour get 429 with `Retry-After`, and the
//! honeypot field that people leave empty refuses bots.

use sofia_tests::{TestStack, json as read, unique_email, valid_signal};

#[tokio::test]
async fn the_twenty_first_signal_of_an_hour_for_one_address_waits_and_bots_fill_the_honeypot() {
    let stack = TestStack::start().await;
    let email = unique_email("busy");
    for _ in 0..20 {
        assert_eq!(stack.post_json("/api/signals", &valid_signal(&email)).await.status().as_u16(), 201);
    }
    let response = stack.post_json("/api/signals", &valid_signal(&email)).await;
    let retry_after: u32 = response
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .expect("Retry-After");
    let (status, content_type, problem) = read(response).await;
    assert_eq!((status, content_type.as_str()), (429, "application/problem+json"));
    assert!((1..=3600).contains(&retry_after), "{retry_after}");
    assert_eq!(problem["type"], "/problems/too-many-submissions");
    // Another address is not held up.
    assert_eq!(stack.post_json("/api/signals", &valid_signal(&unique_email("calm"))).await.status().as_u16(), 201);

    let mut bot = valid_signal(&unique_email("bot"));
    bot["website"] = serde_json::json!("https://spam.example");
    let (status, _, problem) = read(stack.post_json("/api/signals", &bot).await).await;
    assert_eq!((status, problem["errors"][0]["field"].as_str()), (422, Some("website")));
    stack.stack.stop().await;
}
