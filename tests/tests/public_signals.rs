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
    assert_eq!((map["total"].as_u64(), map["clusters"].as_array().map(Vec::len)), (Some(0), Some(0)), "{map}");

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

/// The map's answer to `query`, with its read cost.
async fn map(stack: &TestStack, query: &str) -> (Value, (u64, u64)) {
    let response = stack.get(&format!("/api/map{query}")).await;
    assert_eq!(response.status().as_u16(), 200, "{query}");
    let cost = read_cost(&response);
    let (_, _, body) = read(response).await;
    assert_eq!(body["type"], "FeatureCollection");
    assert!(body.get("truncated").is_none(), "nothing is ever truncated: {body}");
    (body, cost)
}

fn numbers(body: &Value) -> Vec<String> {
    let features = body["features"].as_array().unwrap();
    features.iter().map(|f| f["properties"]["number"].as_str().unwrap().to_owned()).collect()
}

/// The map's answer once the stream has counted `total` signals in it (its counters are kept by the stream).
async fn map_when(stack: &TestStack, query: &str, ready: impl Fn(&Value) -> bool) -> (Value, (u64, u64)) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    loop {
        let (body, cost) = map(stack, query).await;
        if ready(&body) || std::time::Instant::now() > deadline {
            return (body, cost);
        }
        tokio::time::sleep(std::time::Duration::from_millis(150)).await;
    }
}

/// The cluster of `body` whose cell holds the point.
fn cluster_at(body: &Value, lat: f64, lon: f64) -> Value {
    let clusters = body["clusters"].as_array().unwrap();
    let holds = |c: &&Value| {
        let b: Vec<f64> = c["bbox"].as_array().unwrap().iter().map(|v| v.as_f64().unwrap()).collect();
        (b[0]..b[2]).contains(&lon) && (b[1]..b[3]).contains(&lat)
    };
    clusters.iter().find(holds).cloned().unwrap_or_else(|| panic!("no cluster at {lat}, {lon}: {body}"))
}

fn bbox_of(cluster: &Value) -> String {
    let b: Vec<String> = cluster["bbox"].as_array().unwrap().iter().map(|v| v.to_string()).collect();
    b.join(",")
}

#[tokio::test]
async fn the_map_clusters_the_city_and_its_cells_open_into_markers_reading_only_what_it_returns() {
    let stack = TestStack::start().await;
    let email = unique_email("map");
    let pothole = file(&stack, &signal_at(42.675, 23.325, "streets", "pothole", &email)).await;
    let lamp = file(&stack, &signal_at(42.715, 23.26, "lighting", "lamp-out", &email)).await;
    let mut by_address = valid_signal(&email);
    by_address["location"] = json!({ "address": "ул. Оборище 15" });
    file(&stack, &by_address).await;

    // The whole city (the map's first view): clusters, one per cell with signals, and the one by address counted.
    let (city, cost) = map_when(&stack, "", |b| b["total"] == 3).await;
    assert_eq!((city["kind"].as_str(), city["total"].as_u64()), (Some("clusters"), Some(3)), "{city}");
    let clusters = city["clusters"].as_array().unwrap();
    assert_eq!(clusters.len(), 2, "{city}");
    assert_eq!(cluster_at(&city, 42.675, 23.325)["open"], 1);
    assert_eq!(city["unplaced"][0]["count"], 1);
    assert!(cost.0 * 10 <= cost.1 * 11, "read ÷ returned ≤ 1.1: {cost:?}");

    // The category's clusters are exact (counters per category).
    let (lighting, _) = map(&stack, "?category=lighting&days=7").await;
    assert_eq!(lighting["clusters"].as_array().unwrap().len(), 1, "{lighting}");
    assert_eq!(cluster_at(&lighting, 42.715, 23.26)["total"], 1);

    // Opening the pothole's cluster, cell by cell, until the map shows markers: its marker.
    let mut cell = cluster_at(&city, 42.675, 23.325);
    for zoom in [13, 15] {
        let (body, cost) = map(&stack, &format!("?zoom={zoom}&bbox={}", bbox_of(&cell))).await;
        assert_eq!(body["kind"], "clusters", "zoom {zoom}: {body}");
        assert!(cost.0 <= cost.1, "zoom {zoom}: read ÷ returned {cost:?}");
        cell = cluster_at(&body, 42.675, 23.325);
        assert_eq!(cell["total"], 1, "zoom {zoom}: {body}");
    }
    let (body, cost) = map(&stack, &format!("?zoom=16&bbox={}", bbox_of(&cell))).await;
    assert_eq!(body["kind"], "markers");
    assert_eq!(numbers(&body), [pothole.clone()]);
    assert_eq!(cost, (1, 1), "the tile's markers, read once each");

    // A marker carries what the map needs and opens the signal's public view.
    let feature = &body["features"][0];
    assert_eq!(feature["geometry"]["coordinates"], json!([23.325, 42.675]));
    assert_eq!(feature["properties"]["type"], "pothole");
    assert_eq!(view(&stack, feature["properties"]["number"].as_str().unwrap()).await["number"], pothole.as_str());
    // The filters apply to markers too.
    let lyulin = "?zoom=17&bbox=23.259,42.714,23.261,42.716";
    assert_eq!(numbers(&map(&stack, lyulin).await.0), [lamp.clone()]);
    assert!(numbers(&map(&stack, &format!("{lyulin}&category=streets")).await.0).is_empty());
    let (lighting, cost) = map(&stack, &format!("{lyulin}&category=lighting")).await;
    assert_eq!((numbers(&lighting), cost), (vec![lamp.clone()], (1, 1)), "a category's markers: only they are read");
    assert!(numbers(&map(&stack, &format!("{lyulin}&status=resolved")).await.0).is_empty());
    let (open, cost) = map(&stack, &format!("{lyulin}&status=new,registered,forwarded,in_progress")).await;
    assert_eq!((numbers(&open), cost), (vec![lamp.clone()], (1, 1)), "the open markers: only they are read");
    assert!(numbers(&map(&stack, &format!("{lyulin}&district=lozenets")).await.0).is_empty());
    assert_eq!(numbers(&map(&stack, &format!("{lyulin}&district=lyulin&status=new")).await.0), [lamp.clone()]);

    // The answers are cacheable: a tile's answer changes only as signals come.
    let response = stack.get("/api/map?zoom=12").await;
    assert_eq!(response.headers()["cache-control"], "public, max-age=60");

    for (bad, field) in [
        ("?days=31", "days"),
        ("?days=0", "days"),
        ("?category=volcanoes", "category"),
        ("?status=lost", "status"),
        ("?district=atlantis", "district"),
        ("?bbox=23.4,42.6,23.3,42.7", "bbox"),
        ("?bbox=1,2", "bbox"),
        ("?zoom=21", "zoom"),
        ("?zoom=close", "zoom"),
        // The whole city at a marker zoom is more tiles than one answer covers: zoom out or ask for less.
        ("?zoom=16&bbox=23.05,42.45,23.65,42.9", "bbox"),
    ] {
        let (status, content_type, problem) = read(stack.get(&format!("/api/map{bad}")).await).await;
        assert_eq!((status, content_type.as_str()), (400, "application/problem+json"), "{bad}: {problem}");
        assert_eq!(problem["errors"][0]["field"], field, "{bad}: {problem}");
    }
    stack.stack.stop().await;
}

async fn set_status(stack: &TestStack, number: &str, status: &str) {
    use aws_sdk_dynamodb::types::AttributeValue;
    let values = [(":status", AttributeValue::S(status.into())), (":one", AttributeValue::N("1".into()))];
    let expression = "SET #status = :status ADD version :one";
    stack.update_document(number, expression, &[("#status", "status")], &values).await;
}

#[tokio::test]
async fn a_status_change_moves_a_signal_from_open_to_resolved_in_its_cluster() {
    let stack = TestStack::start().await;
    let email = unique_email("map-status");
    let first = file(&stack, &signal_at(42.675, 23.325, "streets", "pothole", &email)).await;
    file(&stack, &signal_at(42.6751, 23.3251, "streets", "pothole", &email)).await;
    let (city, _) = map_when(&stack, "", |b| b["total"] == 2).await;
    let split = |c: &Value| (c["total"].as_u64(), c["open"].as_u64(), c["resolved"].as_u64(), c["closed"].as_u64());
    assert_eq!(split(&cluster_at(&city, 42.675, 23.325)), (Some(2), Some(2), Some(0), Some(0)), "{city}");

    set_status(&stack, &first, "resolved").await;
    let (city, _) = map_when(&stack, "", |b| cluster_at(b, 42.675, 23.325)["resolved"] == 1).await;
    assert_eq!(split(&cluster_at(&city, 42.675, 23.325)), (Some(2), Some(1), Some(1), Some(0)), "{city}");
    // The status filter is exact on clusters: per status counters.
    let (open, _) = map(&stack, "?status=new,registered,forwarded,in_progress").await;
    assert_eq!(split(&cluster_at(&open, 42.675, 23.325)), (Some(1), Some(1), Some(0), Some(0)), "{open}");
    let (resolved, _) = map(&stack, "?status=resolved&zoom=14&bbox=23.32,42.67,23.33,42.68").await;
    assert_eq!(resolved["total"], 1, "{resolved}");
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

/// The map's total, the signals with a point it shows (in clusters or as markers), and its counts of signals
/// placed by address only (district or "unknown").
async fn map_counts(stack: &TestStack, query: &str) -> (u64, u64, Vec<(String, u64)>) {
    let (body, _) = map(stack, query).await;
    let unplaced = body["unplaced"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| (u["district"].as_str().unwrap_or("unknown").to_owned(), u["count"].as_u64().unwrap()))
        .collect();
    let in_clusters: u64 = body["clusters"].as_array().unwrap().iter().map(|c| c["total"].as_u64().unwrap()).sum();
    (body["total"].as_u64().unwrap(), in_clusters + body["features"].as_array().unwrap().len() as u64, unplaced)
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

    let (body, _) = map_when(&stack, "", |b| b["total"] == 6).await;
    let placed: u64 = body["clusters"].as_array().unwrap().iter().map(|c| c["total"].as_u64().unwrap()).sum();
    assert_eq!((body["total"].as_u64(), placed), (Some(6), 5), "six signals, five of them with a point: {body}");
    assert_eq!(map_counts(&stack, "").await.2, [("oborishte".to_owned(), 1)]);
    let [lon, lat] = [&body["unplaced"][0]["coordinates"][0], &body["unplaced"][0]["coordinates"][1]]
        .map(|v| v.as_f64().expect("the count has a point to be shown at"));
    assert!((42.68..42.72).contains(&lat) && (23.32..23.36).contains(&lon), "inside Oborishte: {lat}, {lon}");

    // The overview counts the same six: the clusters and the district counts sum to its 30-day total.
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
    assert_eq!(overview_total, 6, "the map's total is the overview's");

    // One without a district is counted too, as of no known district; the filters apply to them all.
    let mut nowhere = valid_signal(&email);
    nowhere["location"] = json!({ "address": "до спирката на трамвай 5" });
    file(&stack, &nowhere).await;
    let (body, _) = map_when(&stack, "", |b| b["total"] == 7).await;
    assert_eq!(body["total"], 7);
    assert_eq!(map_counts(&stack, "").await.2, [("oborishte".to_owned(), 1), ("unknown".to_owned(), 1)]);
    assert_eq!(map_counts(&stack, "?district=oborishte").await, (1, 0, vec![("oborishte".to_owned(), 1)]));
    assert_eq!(map_counts(&stack, "?district=lyulin").await, (2, 2, vec![]));
    assert_eq!(map_counts(&stack, "?category=lighting").await, (0, 0, vec![]));
    assert_eq!(map_counts(&stack, "?status=resolved").await, (0, 0, vec![]));
    // Zoomed in on Oborishte's point: its count is in that tile's answer; zoomed in on Lyulin, two markers.
    let around = format!("?zoom=17&bbox={},{},{},{}", lon - 0.001, lat - 0.001, lon + 0.001, lat + 0.001);
    assert_eq!(map_counts(&stack, &around).await, (1, 0, vec![("oborishte".to_owned(), 1)]));
    assert_eq!(map_counts(&stack, "?zoom=16&bbox=23.255,42.712,23.265,42.718").await, (2, 2, vec![]));
    stack.stack.stop().await;
}
