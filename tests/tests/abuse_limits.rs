//! Abuse limits: too many submissions for one e-mail address or from one source in an hour get 429 with
//! `Retry-After`, and the honeypot field that people leave empty refuses bots. The local gateway passes requests
//! as CloudFront and API Gateway do: `sourceIp` is the edge, the viewer's address comes in CloudFront's header.

use sofia_tests::{TestStack, json as read, unique_email, valid_signal};
use std::net::{IpAddr, Ipv4Addr};

/// A client whose connections come from its own loopback address: another citizen, as the gateway sees it.
fn client_at(address: Ipv4Addr) -> reqwest::Client {
    reqwest::Client::builder().local_address(IpAddr::V4(address)).build().unwrap()
}

fn anonymous_signal() -> serde_json::Value {
    let mut signal = valid_signal("x@example.bg");
    signal.as_object_mut().unwrap().remove("email");
    signal
}

#[tokio::test]
async fn one_abuser_behind_the_same_edge_does_not_lock_out_the_city() {
    let stack = TestStack::start().await;
    let abuser = client_at(Ipv4Addr::new(127, 0, 0, 2));
    let citizen = client_at(Ipv4Addr::new(127, 0, 0, 3));
    let file = |client: &reqwest::Client, forged: Option<&str>| {
        let mut request = client.post(stack.url("/api/signals")).json(&anonymous_signal());
        if let Some(address) = forged {
            request = request.header("x-viewer-address", address).header("x-origin-verify", "guessed");
        }
        request.send()
    };
    for _ in 0..100 {
        assert_eq!(file(&abuser, None).await.unwrap().status().as_u16(), 201);
    }
    assert_eq!(file(&abuser, None).await.unwrap().status().as_u16(), 429, "the 101st from one address waits");
    // Naming another address does not help: CloudFront writes the header over what the viewer sent.
    assert_eq!(file(&abuser, Some("198.51.100.7")).await.unwrap().status().as_u16(), 429);
    assert_eq!(file(&citizen, None).await.unwrap().status().as_u16(), 201, "another citizen files as usual");
    stack.stack.stop().await;
}

#[tokio::test]
async fn an_e_mail_address_counts_once_whatever_its_case() {
    let stack = TestStack::start().await;
    let email = unique_email("Case.Probe");
    for i in 0..20 {
        let spelled = if i % 2 == 0 { email.to_uppercase() } else { email.to_lowercase() };
        assert_eq!(stack.post_json("/api/signals", &valid_signal(&spelled)).await.status().as_u16(), 201);
    }
    let (status, _, problem) = read(stack.post_json("/api/signals", &valid_signal(&email.to_lowercase())).await).await;
    assert_eq!((status, problem["type"].as_str()), (429, Some("/problems/too-many-submissions")));
    stack.stack.stop().await;
}

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
