//! Every kind of bad input gets a problem naming what is wrong, and nothing is stored.

use serde_json::{Value, json};
use sofia_tests::{TestStack, json as read, unique_email, valid_signal};

fn with(mut body: Value, pointer: &str, value: Value) -> Value {
    *body.pointer_mut(pointer).expect("pointer exists") = value;
    body
}

#[tokio::test]
async fn bad_signals_are_refused_with_the_field_named_and_nothing_stored() {
    let stack = TestStack::start().await;
    let email = unique_email("bad");
    let good = valid_signal(&email);

    let mut missing = good.clone();
    missing.as_object_mut().unwrap().remove("description");
    let cases: Vec<(&str, Value, &[&str])> = vec![
        ("missing field", missing, &["description"]),
        ("everything missing", json!({}), &["category", "type", "location", "description"]),
        ("unknown category", with(good.clone(), "/category", json!("volcanoes")), &["category"]),
        ("type of another category", with(good.clone(), "/type", json!("lamp-out")), &["type"]),
        (
            "point outside Sofia",
            with(good.clone(), "/location", json!({"lat": 42.1354, "lon": 24.7453})),
            &["location"],
        ),
        ("half a point", with(good.clone(), "/location", json!({"lat": 42.69})), &["location.lon"]),
        ("no point and no address", with(good.clone(), "/location", json!({})), &["location"]),
        ("description too long", with(good.clone(), "/description", json!("я".repeat(4001))), &["description"]),
        ("description too short", with(good.clone(), "/description", json!("дупка")), &["description"]),
        ("invalid e-mail", with(good.clone(), "/email", json!("ivan@")), &["email"]),
        ("wrong type of value", with(good.clone(), "/location/lat", json!("north")), &["location.lat"]),
        (
            "unknown field",
            with(good.clone(), "/name", json!("x"))
                .as_object()
                .cloned()
                .map(|mut o| {
                    o.insert("admin".into(), json!(true));
                    Value::Object(o)
                })
                .unwrap(),
            &["admin"],
        ),
        ("not an object", json!([1, 2, 3]), &["body"]),
    ];
    for (case, body, fields) in cases {
        let (status, content_type, problem) = read(stack.post_json("/api/signals", &body).await).await;
        assert_eq!(status, 422, "{case}: {problem}");
        assert_eq!(content_type, "application/problem+json", "{case}");
        let named: Vec<&str> =
            problem["errors"].as_array().unwrap().iter().filter_map(|e| e["field"].as_str()).collect();
        assert_eq!(named, fields, "{case}: {problem}");
        assert!(problem["title"].is_string() && problem["detail"].is_string(), "{case}");
    }

    let raw_cases = [
        ("malformed JSON", "application/json", "{\"category\": ".to_owned(), 400),
        ("trailing garbage", "application/json", format!("{} x", good), 400),
        ("empty body", "application/json", String::new(), 400),
        ("not JSON at all", "text/plain", "pothole on my street".to_owned(), 415),
        ("oversized body", "application/json", format!("{{\"description\": \"{}\"}}", "a".repeat(70 * 1024)), 413),
    ];
    for (case, content_type, body, expected) in raw_cases {
        let (status, problem_type, problem) = read(stack.post_raw("/api/signals", content_type, body).await).await;
        assert_eq!(status, expected, "{case}: {problem}");
        assert_eq!(problem_type, "application/problem+json", "{case}");
    }

    // Nothing was stored: no mail went out, and the next good signal is the year's first.
    let (status, _, registered) = read(stack.post_json("/api/signals", &good).await).await;
    assert_eq!(status, 201);
    assert!(registered["number"].as_str().unwrap().ends_with("-000001"), "{registered}");
    assert_eq!(stack.wait_for_mail(&email, 1).await.len(), 1);
    stack.stack.stop().await;
}
