//! Urgent categories and types (life, health, security, emergencies) are not for the Contact Center: the catalogue
//! says whom to call, and every way of filing refuses them with 422 naming the field, writing nothing.

use serde_json::{Value, json};
use sofia_tests::{TestStack, demo, json as read, sign_in, signed_in_user, unique_email, valid_signal};

fn urgent_signal(email: &str, category: &str, signal_type: &str) -> Value {
    let mut body = valid_signal(email);
    body["category"] = json!(category);
    body["type"] = json!(signal_type);
    body["description"] = json!("Бликаща вода залива кръстовището, асфалтът пропада");
    body
}

fn fields_and_codes(problem: &Value) -> Vec<(String, String)> {
    problem["errors"]
        .as_array()
        .expect("an errors list")
        .iter()
        .map(|e| {
            (e["field"].as_str().unwrap_or_default().to_owned(), e["code"].as_str().unwrap_or_default().to_owned())
        })
        .collect()
}

#[tokio::test]
async fn urgent_types_are_marked_in_the_catalogue_and_refused_everywhere_with_nothing_registered() {
    let stack = TestStack::start().await;

    // The catalogue is the one source: the site reads the urgency from it.
    let (status, _, catalogue) = read(stack.get("/api/catalogue").await).await;
    assert_eq!(status, 200);
    let type_of = |category: &str, id: &str| -> Value {
        let category = catalogue["signal_categories"].as_array().unwrap().iter().find(|c| c["id"] == category).unwrap();
        category["types"].as_array().unwrap().iter().find(|t| t["id"] == id).cloned().unwrap()
    };
    let burst = type_of("water", "main-burst");
    assert_eq!(burst["urgent"]["phone"], "0800 121 21", "{burst}");
    assert!(burst["urgent"]["service"]["bg"].as_str().unwrap().contains("Софийска вода"));
    assert!(!burst["urgent"]["service"]["en"].as_str().unwrap().is_empty());
    assert_eq!(type_of("construction", "falling-elements")["urgent"]["phone"], "112");
    assert!(type_of("water", "leak").get("urgent").is_none(), "a leak is an ordinary signal");

    // Anonymous filing: 422 problem+json naming the type, the detail saying whom to call.
    let email = unique_email("urgent");
    for (category, signal_type, number) in
        [("water", "main-burst", "0800 121 21"), ("construction", "falling-elements", "112")]
    {
        let (status, content_type, problem) =
            read(stack.post_json("/api/signals", &urgent_signal(&email, category, signal_type)).await).await;
        assert_eq!(status, 422, "{category}.{signal_type}: {problem}");
        assert_eq!(content_type, "application/problem+json");
        assert_eq!(fields_and_codes(&problem), [("type".to_owned(), "urgent".to_owned())], "{problem}");
        let detail = problem["detail"].as_str().unwrap();
        assert!(detail.contains(&format!("call {number}")), "{detail}");
    }
    // With an Idempotency-Key, as the site sends it: refused the same.
    let (status, _, _) =
        read(stack.post_json_with_key("/api/signals", "urgent-1", &urgent_signal(&email, "water", "main-burst")).await)
            .await;
    assert_eq!(status, 422);

    // Signed in, through /api/me/signals: the same.
    let citizen = signed_in_user(&stack, &unique_email("urgent-me"), "Спешна Гражданка").await;
    let (status, problem) =
        stack.post_as("/api/me/signals", &urgent_signal(&email, "water", "main-burst"), Some(&citizen)).await;
    assert_eq!(status, 422, "{problem}");
    assert_eq!(fields_and_codes(&problem), [("type".to_owned(), "urgent".to_owned())]);

    // Open311: not offered as a service, and a client that posts it anyway is told whom to call.
    let (_, services) = stack.text("/open311/v2/services.json").await;
    let codes: Vec<String> = serde_json::from_str::<Vec<Value>>(&services)
        .unwrap()
        .iter()
        .filter_map(|s| s["service_code"].as_str().map(str::to_owned))
        .collect();
    assert!(codes.contains(&"water.leak".to_owned()));
    assert!(
        !codes.contains(&"water.main-burst".to_owned()) && !codes.contains(&"construction.falling-elements".to_owned())
    );
    let (_, xml) = stack.text("/open311/v2/services.xml").await;
    assert!(!xml.contains("water.main-burst"));
    let (status, definition) = stack.text("/open311/v2/services/water.main-burst.json").await;
    assert_eq!(status, 404);
    assert!(definition.contains("0800 121 21"), "{definition}");

    let admin = sign_in(&stack, demo("admin").email, demo("admin").password).await;
    let (status, issued) =
        stack.post_as("/api/admin/open311-keys", &json!({ "client": "Urgent app" }), Some(&admin)).await;
    assert_eq!(status, 201);
    let key = issued["api_key"].as_str().unwrap();
    for (file, code) in [("requests.json", "water.main-burst"), ("requests.xml", "construction.falling-elements")] {
        let form = [
            ("api_key", key),
            ("service_code", code),
            ("lat", "42.675"),
            ("long", "23.325"),
            ("description", "Бликаща вода на кръстовището"),
            ("email", email.as_str()),
        ];
        let (status, body) = stack.post_form(&format!("/open311/v2/{file}"), &form).await;
        assert_eq!(status, 422, "{code}: {body}");
        assert!(body.contains("service_code") && body.contains("urgent") && body.contains("call"), "{body}");
    }
    let (_, body) = stack
        .post_form(
            "/open311/v2/requests.json",
            &[("api_key", key), ("service_code", "water.main-burst"), ("address_string", "ул. Шипка 6")],
        )
        .await;
    let errors: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(errors[0]["code"], 422, "the spec's [{{code, description}}]: {body}");
    assert!(errors[0]["description"].as_str().unwrap().contains("0800 121 21"));

    // Nothing was registered: the map shows nothing, no mail went out, and the next good signal is the year's first.
    let (_, _, map) = read(stack.get("/api/map").await).await;
    assert_eq!(map["features"], json!([]), "{map}");
    let (status, _, registered) = read(stack.post_json("/api/signals", &valid_signal(&email)).await).await;
    assert_eq!(status, 201, "{registered}");
    assert!(registered["number"].as_str().unwrap().ends_with("-000001"), "{registered}");
    assert_eq!(stack.wait_for_mail(&email, 1).await.len(), 1, "the one mail is the good signal's");
    stack.stack.stop().await;
}
