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
    assert_eq!(all, [pothole.clone(), lamp.clone()], "signals with a point are the features");
    assert_eq!(cost, (3, 3), "read exactly what it returned (the one by address is counted)");

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

/// The map's total, its markers, and its counts of signals placed by address only (district or "unknown").
async fn map_counts(stack: &TestStack, query: &str) -> (u64, usize, Vec<(String, u64)>) {
    let (status, _, body) = read(stack.get(&format!("/api/map{query}")).await).await;
    assert_eq!(status, 200, "{body}");
    let unplaced = body["unplaced"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| (u["district"].as_str().unwrap_or("unknown").to_owned(), u["count"].as_u64().unwrap()))
        .collect();
    (body["total"].as_u64().unwrap(), body["features"].as_array().unwrap().len(), unplaced)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn signals_placed_by_address_only_are_counted_on_the_map_in_their_district_as_the_overview_counts_them() {
    let stack = TestStack::start().await;
    let email = unique_email("unplaced");
    // Five with a point and one by address with its district: the overview counts six, so must the map.
    for (lat, lon) in [(42.675, 23.325), (42.676, 23.326), (42.715, 23.26), (42.716, 23.261), (42.653, 23.376)] {
        file(&stack, &signal_at(lat, lon, "streets", "pothole", &email)).await;
    }
    let mut by_address = valid_signal(&email);
    by_address["location"] = json!({ "address": "ул. Оборище 15", "district": "oborishte" });
    let oborishte = file(&stack, &by_address).await;
    assert_eq!(view(&stack, &oborishte).await["district"]["id"], "oborishte");

    let (total, features, unplaced) = map_counts(&stack, "").await;
    assert_eq!((total, features), (6, 5), "six signals, five of them with a point");
    assert_eq!(unplaced, [("oborishte".to_owned(), 1)]);
    let (_, _, body) = read(stack.get("/api/map").await).await;
    let [lon, lat] = [&body["unplaced"][0]["coordinates"][0], &body["unplaced"][0]["coordinates"][1]]
        .map(|v| v.as_f64().expect("the count has a point to be shown at"));
    assert!((42.68..42.72).contains(&lat) && (23.32..23.36).contains(&lon), "inside Oborishte: {lat}, {lon}");

    // The overview counts the same six (its counters are kept by the stream: wait for them).
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    let overview_total = loop {
        let (status, _, overview) = read(stack.get("/api/overview").await).await;
        assert_eq!(status, 200, "{overview}");
        let total = overview["last_30_days"]["total"].as_i64().unwrap_or_default();
        if total >= 6 || std::time::Instant::now() > deadline {
            break total;
        }
        tokio::time::sleep(std::time::Duration::from_millis(150)).await;
    };
    assert_eq!(overview_total, total as i64, "the map's total is the overview's");

    // One without a district is counted too, as of no known district; the filters apply to them all.
    let mut nowhere = valid_signal(&email);
    nowhere["location"] = json!({ "address": "до спирката на трамвай 5" });
    file(&stack, &nowhere).await;
    let (total, _, unplaced) = map_counts(&stack, "").await;
    assert_eq!(total, 7);
    assert_eq!(unplaced, [("oborishte".to_owned(), 1), ("unknown".to_owned(), 1)]);
    assert_eq!(map_counts(&stack, "?district=oborishte").await, (1, 0, vec![("oborishte".to_owned(), 1)]));
    assert_eq!(map_counts(&stack, "?category=lighting").await, (0, 0, vec![]));
    assert_eq!(map_counts(&stack, "?status=resolved").await, (0, 0, vec![]));
    // A box around Oborishte's point holds its count; a box elsewhere (Lyulin) does not, nor one of no district.
    let around = format!("?bbox={},{},{},{}", lon - 0.01, lat - 0.01, lon + 0.01, lat + 0.01);
    assert_eq!(map_counts(&stack, &around).await, (1, 0, vec![("oborishte".to_owned(), 1)]));
    assert_eq!(map_counts(&stack, "?bbox=23.25,42.71,23.27,42.72").await, (2, 2, vec![]));
    stack.stack.stop().await;
}
