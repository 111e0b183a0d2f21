//! The citizen side of signals over HTTP against the local stack: routing by competence, questions, the
//! 30-day map and nearby signals.

use serde_json::{Value, json};
use sofia_tests::{TestStack, json as read, unique_email, valid_signal};

fn signal_at(lat: f64, lon: f64, category: &str, signal_type: &str, email: &str) -> Value {
    let mut body = valid_signal(email);
    body["category"] = json!(category);
    body["type"] = json!(signal_type);
    body["location"] = json!({ "lat": lat, "lon": lon });
    body
}

async fn file(stack: &TestStack, body: &Value) -> String {
    let (status, _, registered) = read(stack.post_json("/api/signals", body).await).await;
    assert_eq!(status, 201, "{registered}");
    registered["number"].as_str().unwrap().to_owned()
}

async fn view(stack: &TestStack, number: &str) -> Value {
    let (status, _, view) = read(stack.get(&format!("/api/documents/{number}")).await).await;
    assert_eq!(status, 200, "{view}");
    view
}

#[tokio::test]
async fn signals_are_routed_to_the_competent_unit_by_category_and_district() {
    let stack = TestStack::start().await;
    let email = unique_email("routing");
    // A pothole in Lyulin goes to Lyulin's district administration.
    let pothole = file(&stack, &signal_at(42.715, 23.26, "streets", "pothole", &email)).await;
    let seen = view(&stack, &pothole).await;
    assert_eq!(seen["district"]["id"], "lyulin");
    assert_eq!(seen["unit"]["id"], "district-lyulin");
    assert_eq!(seen["unit"]["name"]["bg"], "Район „Люлин“");
    // Street lighting goes to the directorate wherever it is.
    let lamp = file(&stack, &signal_at(42.675, 23.325, "lighting", "lamp-out", &email)).await;
    let seen = view(&stack, &lamp).await;
    assert_eq!(
        (seen["district"]["id"].as_str(), seen["unit"]["id"].as_str()),
        (Some("lozenets"), Some("dir-infrastructure"))
    );
    // Without a point the district is unknown: the Contact Center distributes it.
    let mut by_address = valid_signal(&email);
    by_address["location"] = json!({ "address": "ул. Оборище 15" });
    let seen = view(&stack, &file(&stack, &by_address).await).await;
    assert!(seen.get("district").is_none());
    assert_eq!(seen["unit"]["id"], "contact-center");
    // The confirmation names the unit.
    let mail = stack.wait_for_mail(&email, 3).await;
    assert!(mail.iter().any(|m| m.body.contains("Район „Люлин“")), "the mail says where the signal went");
    stack.stack.stop().await;
}

#[tokio::test]
async fn a_question_is_filed_tracked_by_number_and_its_text_stays_private() {
    let stack = TestStack::start().await;
    let email = unique_email("question");
    let body = json!({
        "topic": "local-taxes",
        "description": "Как мога да платя данък сгради за апартамента на ул. Цар Симеон 77?",
        "email": email,
        "name": "Петя Георгиева"
    });
    let (status, _, registered) = read(stack.post_json("/api/questions", &body).await).await;
    assert_eq!(status, 201, "{registered}");
    let number = registered["number"].as_str().unwrap();

    let response = stack.get(&format!("/api/documents/{number}")).await;
    let text = response.text().await.unwrap();
    let public: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(public["kind"], "question");
    assert_eq!(public["kind_label"]["bg"], "Искане за информация");
    assert_eq!(public["topic"]["name"]["bg"], "Местни данъци и такси");
    assert_eq!(public["status"], "new");
    assert!(!text.contains("Цар Симеон") && !text.contains("Петя") && !text.contains(&email), "{text}");

    let mail = stack.wait_for_mail(&email, 1).await;
    assert_eq!(mail.len(), 1);
    assert!(mail[0].subject.contains("Искане за информация") && mail[0].subject.contains(number));
    let link = mail[0].links().into_iter().next().unwrap();
    let token = link.split("#token=").nth(1).unwrap();
    let response = stack.get_with_token(&format!("/api/documents/{number}"), token).await;
    let (_, _, own) = read(response).await;
    assert_eq!(own["viewer"], "sender");
    assert!(own["description"].as_str().unwrap().contains("Цар Симеон"));
    assert_eq!(own["sender"]["name"], "Петя Георгиева");

    // Questions never appear on the map.
    let (_, _, map) = read(stack.get("/api/map").await).await;
    assert!(map["features"].as_array().unwrap().is_empty(), "{map}");

    let (status, _, problem) = read(
        stack
            .post_json("/api/questions", &json!({ "topic": "weather", "description": "Ще вали ли утре следобед?" }))
            .await,
    )
    .await;
    assert_eq!((status, problem["errors"][0]["field"].as_str()), (422, Some("topic")));
    stack.stack.stop().await;
}

fn read_cost(response: &reqwest::Response) -> (u64, u64) {
    let header = response.headers().get("x-read-cost").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    let value = |name: &str| -> u64 {
        header
            .split(", ")
            .find_map(|part| part.strip_prefix(&format!("{name}=")))
            .and_then(|v| v.parse().ok())
            .unwrap_or(u64::MAX)
    };
    (value("items-read"), value("items-returned"))
}

async fn map(stack: &TestStack, query: &str) -> (Vec<String>, (u64, u64)) {
    let response = stack.get(&format!("/api/map{query}")).await;
    assert_eq!(response.status().as_u16(), 200, "{query}");
    let cost = read_cost(&response);
    let (_, _, body) = read(response).await;
    assert_eq!(body["type"], "FeatureCollection");
    let numbers = body["features"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["properties"]["number"].as_str().unwrap().to_owned())
        .collect();
    (numbers, cost)
}

#[tokio::test]
async fn the_map_shows_public_signals_with_a_point_and_reads_only_what_it_returns() {
    let stack = TestStack::start().await;
    let email = unique_email("map");
    let pothole = file(&stack, &signal_at(42.675, 23.325, "streets", "pothole", &email)).await;
    let lamp = file(&stack, &signal_at(42.715, 23.26, "lighting", "lamp-out", &email)).await;
    let mut by_address = valid_signal(&email);
    by_address["location"] = json!({ "address": "ул. Оборище 15" });
    file(&stack, &by_address).await;

    let (mut all, cost) = map(&stack, "").await;
    all.sort();
    assert_eq!(all, [pothole.clone(), lamp.clone()], "signals with a point, nothing else");
    assert_eq!(cost, (2, 2), "read exactly what it returned");

    let (lighting, cost) = map(&stack, "?category=lighting&days=7").await;
    assert_eq!(lighting, [lamp.clone()]);
    assert_eq!(cost, (1, 1), "the category is part of the index key: nothing else is read");

    assert_eq!(map(&stack, "?district=lozenets").await.0, [pothole.clone()]);
    assert_eq!(map(&stack, "?bbox=23.30,42.66,23.35,42.69").await.0, [pothole.clone()]);
    assert_eq!(map(&stack, "?status=new").await.0.len(), 2);

    // A marker carries what the map needs and opens the signal's public view.
    let (_, _, body) = read(stack.get("/api/map?category=streets").await).await;
    let feature = &body["features"][0];
    assert_eq!(feature["geometry"]["coordinates"], json!([23.325, 42.675]));
    assert_eq!(feature["properties"]["type"], "pothole");
    assert_eq!(view(&stack, feature["properties"]["number"].as_str().unwrap()).await["number"], pothole.as_str());

    for bad in [
        "?days=31",
        "?days=0",
        "?category=volcanoes",
        "?status=lost",
        "?district=atlantis",
        "?bbox=23.4,42.6,23.3,42.7",
        "?bbox=1,2",
    ] {
        let (status, content_type, problem) = read(stack.get(&format!("/api/map{bad}")).await).await;
        assert_eq!((status, content_type.as_str()), (400, "application/problem+json"), "{bad}: {problem}");
        assert!(problem["errors"][0]["field"].is_string(), "{bad}");
    }
    stack.stack.stop().await;
}

#[tokio::test]
async fn nearby_offers_open_signals_within_250_metres() {
    let stack = TestStack::start().await;
    let email = unique_email("nearby");
    let pothole = file(&stack, &signal_at(42.6750, 23.3250, "streets", "pothole", &email)).await;
    file(&stack, &signal_at(42.6800, 23.3250, "streets", "pothole", &email)).await; // ~550 m away

    let (status, _, found) = read(stack.get("/api/signals/nearby?lat=42.6759&lon=23.3250").await).await;
    assert_eq!(status, 200, "{found}");
    let signals = found["signals"].as_array().unwrap();
    assert_eq!(signals.len(), 1, "{found}");
    assert_eq!(signals[0]["number"], pothole.as_str());
    assert!((90..=110).contains(&signals[0]["distance_m"].as_u64().unwrap()), "{found}");

    let (_, _, found) = read(stack.get("/api/signals/nearby?lat=42.6759&lon=23.3250&category=lighting").await).await;
    assert!(found["signals"].as_array().unwrap().is_empty(), "other categories are left out when one is asked");

    for bad in ["?lat=42.67", "?lat=north&lon=23.3", "?lat=41.0&lon=23.3", "?lat=42.67&lon=23.3&category=x"] {
        let (status, _, problem) = read(stack.get(&format!("/api/signals/nearby{bad}")).await).await;
        assert_eq!(status, 400, "{bad}: {problem}");
    }
    stack.stack.stop().await;
}
