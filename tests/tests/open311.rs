//! Open311 GeoReport v2 against the local stack, in JSON and XML: an Open311 client lists services, files a
//! request with its api_key and reads it back; the answers carry the spec's fields; errors use its format.

use futures::stream::{self, StreamExt};
use quick_xml::Reader;
use quick_xml::events::Event;
use serde_json::Value;
use sofia_tests::{TestStack, demo, json as read, sign_in, signed_in_user, unique_email, valid_signal};
use std::collections::{BTreeMap, BTreeSet};
use std::net::{IpAddr, Ipv4Addr};

/// The spec's fields of a service and of a service request.
const SERVICE_FIELDS: [&str; 7] =
    ["service_code", "service_name", "description", "metadata", "type", "keywords", "group"];
const REQUEST_FIELDS: [&str; 17] = [
    "service_request_id",
    "status",
    "status_notes",
    "service_name",
    "service_code",
    "description",
    "agency_responsible",
    "service_notice",
    "requested_datetime",
    "updated_datetime",
    "expected_datetime",
    "address",
    "address_id",
    "zipcode",
    "lat",
    "long",
    "media_url",
];

/// The child element names of every `item` element of an XML answer.
fn xml_items(xml: &str, root: &str, item: &str) -> Vec<BTreeSet<String>> {
    let mut reader = Reader::from_str(xml);
    let (mut items, mut path, mut current) = (Vec::new(), Vec::<String>::new(), BTreeSet::new());
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) => {
                let name = e.name().as_ref().to_string();
                if path.len() == 2 {
                    current.insert(name.clone());
                }
                path.push(name);
            }
            Event::Empty(e) => {
                if path.len() == 2 {
                    current.insert(e.name().as_ref().to_string());
                }
            }
            Event::End(_) => {
                let closed = path.pop().unwrap();
                if path.len() == 1 && closed == item {
                    items.push(std::mem::take(&mut current));
                }
            }
            Event::Eof => break,
            _ => {}
        }
        if path.first().is_some_and(|r| r != root) {
            panic!("root is {:?}, not {root}", path[0]);
        }
    }
    items
}

fn fields(list: &[&str]) -> BTreeSet<String> {
    list.iter().map(|f| f.to_string()).collect()
}

#[tokio::test]
async fn an_open311_client_lists_services_files_a_request_and_reads_it_back_in_json_and_xml() {
    let stack = TestStack::start().await;
    let (status, discovery) = stack.text("/open311/v2/discovery.json").await;
    assert_eq!(status, 200);
    assert!(discovery.contains("GeoReport_v2"));

    let (_, services) = stack.text("/open311/v2/services.json?locale=en").await;
    let services: Vec<Value> = serde_json::from_str(&services).unwrap();
    let pothole = services.iter().find(|s| s["service_code"] == "streets.pothole").expect("a pothole service");
    assert_eq!(pothole.as_object().unwrap().keys().cloned().collect::<BTreeSet<_>>(), fields(&SERVICE_FIELDS));
    assert_eq!(pothole["group"], "Streets and pavements");
    let (_, xml) = stack.text("/open311/v2/services.xml").await;
    let items = xml_items(&xml, "services", "service");
    assert_eq!(items.len(), services.len());
    assert!(items.iter().all(|i| *i == fields(&SERVICE_FIELDS)), "{:?}", items[0]);
    let (status, definition) = stack.text("/open311/v2/services/streets.pothole.json").await;
    assert_eq!(status, 200);
    assert_eq!(serde_json::from_str::<Value>(&definition).unwrap()["attributes"], serde_json::json!([]));
    assert_eq!(stack.text("/open311/v2/services/streets.volcano.json").await.0, 404);

    // Filing needs a key an administrator issued.
    let form = [
        ("service_code", "streets.pothole"),
        ("lat", "42.675"),
        ("long", "23.325"),
        ("description", "Дупка на пешеходната пътека"),
        ("email", "app-user@example.bg"),
        ("first_name", "Иван"),
        ("last_name", "Петров"),
    ];
    let (status, body) = stack.post_form("/open311/v2/requests.json", &form).await;
    assert_eq!(status, 403);
    let errors: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(errors[0]["code"], 403, "the spec's [{{code, description}}]");
    let admin = sign_in(&stack, demo("admin").email, demo("admin").password).await;
    let (status, issued) =
        stack.post_as("/api/admin/open311-keys", &serde_json::json!({ "client": "Sofia app" }), Some(&admin)).await;
    assert_eq!(status, 201);
    let key = issued["api_key"].as_str().unwrap().to_owned();
    let (status, _) =
        stack.post_form("/open311/v2/requests.json", &[&form[..], &[("api_key", "guessed-key")]].concat()).await;
    assert_eq!(status, 403, "a wrong key");
    let (status, body) =
        stack.post_form("/open311/v2/requests.json", &[&form[..], &[("api_key", key.as_str())]].concat()).await;
    assert_eq!(status, 201, "{body}");
    let id = serde_json::from_str::<Value>(&body).unwrap()[0]["service_request_id"].as_str().unwrap().to_owned();
    let (status, token) = stack.text(&format!("/open311/v2/tokens/{id}.json")).await;
    assert_eq!(status, 200);
    assert_eq!(serde_json::from_str::<Value>(&token).unwrap()[0]["service_request_id"], id.as_str());
    assert_eq!(stack.text("/open311/v2/tokens/2026-999999.xml").await.0, 404);

    // Read back, JSON and XML, with exactly the spec's fields (and our extended attributes).
    let (status, body) = stack.text(&format!("/open311/v2/requests/{id}.json")).await;
    assert_eq!(status, 200);
    let request = &serde_json::from_str::<Value>(&body).unwrap()[0];
    let mut expected = fields(&REQUEST_FIELDS);
    expected.insert("extended_attributes".into());
    assert_eq!(request.as_object().unwrap().keys().cloned().collect::<BTreeSet<_>>(), expected);
    assert_eq!(
        (request["status"].as_str(), request["lat"].as_f64(), request["long"].as_f64()),
        (Some("open"), Some(42.675), Some(23.325))
    );
    assert_eq!(request["agency_responsible"], "Район „Лозенец“");
    assert!(!body.contains("app-user@example.bg") && !body.contains("Петров"), "no personal data: {body}");
    let (_, xml) = stack.text(&format!("/open311/v2/requests/{id}.xml")).await;
    assert_eq!(xml_items(&xml, "service_requests", "request"), vec![expected.clone()]);

    // The list: the last 90 days by default, filters, the spec's bounds.
    let (_, list) = stack.text("/open311/v2/requests.json?service_code=streets.pothole&status=open").await;
    assert!(serde_json::from_str::<Vec<Value>>(&list).unwrap().iter().any(|r| r["service_request_id"] == id.as_str()));
    let (_, closed) = stack.text("/open311/v2/requests.json?status=closed").await;
    assert!(serde_json::from_str::<Vec<Value>>(&closed).unwrap().is_empty());
    let (_, by_id) = stack.text(&format!("/open311/v2/requests.xml?service_request_id={id}")).await;
    assert_eq!(xml_items(&by_id, "service_requests", "request").len(), 1);
    for bad in [
        "start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z",
        "start_date=yesterday",
        "service_code=streets.volcano",
        "status=pending",
    ] {
        let (status, body) = stack.text(&format!("/open311/v2/requests.json?{bad}")).await;
        assert_eq!(status, 400, "{bad}");
        assert!(serde_json::from_str::<Value>(&body).unwrap()[0]["description"].is_string());
    }
    let (status, xml) = stack.text("/open311/v2/requests.xml?status=pending").await;
    assert_eq!(status, 400);
    assert_eq!(xml_items(&xml, "errors", "error"), vec![fields(&["code", "description"])]);

    // Bad filings: outside Sofia, unknown service; nothing stored.
    let outside = [
        ("api_key", key.as_str()),
        ("service_code", "streets.pothole"),
        ("lat", "42.1354"),
        ("long", "24.7453"),
        ("description", "Дупка в Пловдив"),
    ];
    assert_eq!(stack.post_form("/open311/v2/requests.json", &outside).await.0, 400);
    let unknown = [
        ("api_key", key.as_str()),
        ("service_code", "streets.volcano"),
        ("address_string", "ул. Шипка 6"),
        ("description", "Вулкан на улицата"),
    ];
    assert_eq!(stack.post_form("/open311/v2/requests.xml", &unknown).await.0, 400);

    // Private kinds never appear.
    let owner = signed_in_user(&stack, &unique_email("private"), "Частно Лице").await;
    let (_, letter) = stack.post_as("/api/me/documents", &serde_json::json!({ "kind": "complaint", "title": "Жалба", "description": "Текст на жалбата срещу района." }), Some(&owner)).await;
    assert_eq!(stack.text(&format!("/open311/v2/requests/{}.json", letter["number"].as_str().unwrap())).await.0, 404);
    let (_, _, all) = read(
        stack
            .get(&format!("/open311/v2/requests.json?service_request_id={}", letter["number"].as_str().unwrap()))
            .await,
    )
    .await;
    assert_eq!(all, serde_json::json!([]));
    stack.stack.stop().await;
}

/// XML 1.0's `Char` production: anything else makes the whole document malformed for every client.
fn allowed_in_xml(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

#[tokio::test]
async fn characters_xml_forbids_never_reach_a_request_list_and_names_stay_on_one_line() {
    let stack = TestStack::start().await;
    let mut signal = sofia_tests::valid_signal(&unique_email("xml"));
    signal["description"] = Value::from("Дупка\u{FFFE} на платното\u{FFFF} пред спирката");
    signal["name"] = Value::from("Иван\r\nПетров");
    let (status, _, filed) = read(stack.post_json("/api/signals", &signal).await).await;
    assert_eq!(status, 201, "{filed}");
    let number = filed["number"].as_str().unwrap().to_owned();

    for path in [format!("/open311/v2/requests/{number}.xml"), "/open311/v2/requests.xml".to_owned()] {
        let (status, xml) = stack.text(&path).await;
        assert_eq!(status, 200);
        let forbidden: Vec<char> = xml.chars().filter(|c| !allowed_in_xml(*c)).collect();
        assert!(forbidden.is_empty(), "{path} holds characters XML forbids: {forbidden:?}");
    }
    let (_, json) = stack.text(&format!("/open311/v2/requests/{number}.json")).await;
    let requests: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(requests[0]["description"], "Дупка на платното пред спирката");

    let operator = sign_in(&stack, demo("operator").email, demo("operator").password).await;
    let (_, view) = stack.get_as(&format!("/api/staff/documents/{number}"), Some(&operator)).await;
    assert_eq!(view["document"]["sender"]["name"], "Иван Петров", "{view}");
    stack.stack.stop().await;
}

/// One page of a request list: the requests, the path of the next page (`Link: <…>; rel="next"`), and the items
/// the answer says it read (`x-read-cost`).
async fn list_page(stack: &TestStack, path: &str) -> (Vec<Value>, Option<String>, u64) {
    let response = stack.get(path).await;
    assert_eq!(response.status().as_u16(), 200, "{path}");
    let next = response.headers().get("link").map(|link| {
        let link = link.to_str().unwrap();
        assert!(link.ends_with(">; rel=\"next\""), "{link}");
        let url = &link[1..link.find('>').unwrap()];
        url[url.find("/open311/").expect("a path under /open311/")..].to_owned()
    });
    let cost = response.headers()["x-read-cost"].to_str().unwrap().to_owned();
    let read = cost
        .split(", ")
        .find_map(|p| p.strip_prefix("items-read="))
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("x-read-cost: {cost}"));
    (serde_json::from_str(&response.text().await.unwrap()).unwrap(), next, read)
}

/// Files `count` signals through the public form, from several loopback addresses (each a citizen, as the
/// gateway sees it, within the hourly limit per source), each with its own e-mail address.
async fn file_many(stack: &TestStack, count: usize) -> BTreeSet<String> {
    let clients: Vec<reqwest::Client> = (4..8)
        .map(|last| {
            let address = IpAddr::V4(Ipv4Addr::new(127, 0, 0, last));
            reqwest::Client::builder().local_address(address).build().unwrap()
        })
        .collect();
    stream::iter(0..count)
        .map(|i| {
            let (client, url) = (&clients[i % clients.len()], stack.url("/api/signals"));
            async move {
                let response = client.post(url).json(&valid_signal(&unique_email(&format!("many{i}")))).send().await;
                let (status, _, filed) = read(response.expect("POST answered")).await;
                assert_eq!(status, 201, "{filed}");
                filed["number"].as_str().unwrap().to_owned()
            }
        })
        .buffer_unordered(16)
        .collect()
        .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn paging_through_two_hundred_requests_with_the_cursor_lists_each_once_reading_only_its_page() {
    let stack = TestStack::start().await;
    let filed = file_many(&stack, 200).await;
    assert_eq!(filed.len(), 200);

    // One page of 200: one read of 200 index items.
    let (all, next, read) = list_page(&stack, "/open311/v2/requests.json?page_size=200").await;
    let ids: BTreeSet<String> = all.iter().map(|r| r["service_request_id"].as_str().unwrap().to_owned()).collect();
    assert_eq!(ids, filed, "every request, once");
    assert_eq!(read, 200, "a page of 200 reads 200 items");
    assert!(all.iter().all(|r| r["updated_datetime"] == r["requested_datetime"] && r["lat"].is_f64()));
    let requested: Vec<&str> = all.iter().map(|r| r["requested_datetime"].as_str().unwrap()).collect();
    assert!(requested.windows(2).all(|w| w[0] >= w[1]), "newest first");
    assert!(next.is_some(), "a full page links the next one");

    // Pages of 30 followed by their cursors: each request once, every page (the seventh too) reads its 30.
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let mut path = Some("/open311/v2/requests.json?page_size=30&status=open".to_owned());
    let mut pages = 0;
    while let Some(page) = path.take() {
        let (requests, next, read) = list_page(&stack, &page).await;
        assert!(read <= 30, "page {} read {read} items", pages + 1);
        for request in requests {
            *seen.entry(request["service_request_id"].as_str().unwrap().to_owned()).or_default() += 1;
        }
        path = next;
        pages += 1;
        assert!(pages <= 8, "the cursor ends");
    }
    assert_eq!(seen.keys().cloned().collect::<BTreeSet<_>>(), filed);
    assert!(seen.values().all(|n| *n == 1), "each once: {seen:?}");
    // The XML list links its next page in XML, numbered.
    let response = stack.get("/open311/v2/requests.xml?page_size=100").await;
    let link = response.headers()["link"].to_str().unwrap().to_owned();
    assert_eq!(response.headers()["access-control-expose-headers"], "link, x-read-cost", "readable cross-origin");
    assert!(
        link.contains("/open311/v2/requests.xml?") && link.contains("page=2") && link.contains("cursor="),
        "{link}"
    );
    assert_eq!(xml_items(&response.text().await.unwrap(), "service_requests", "request").len(), 100);

    // `page` past the first needs the cursor; a made-up cursor is refused, naming it.
    for (bad, named) in [("page=2", "page"), ("cursor=AAAA", "cursor"), ("updated_after=now", "updated_after")] {
        let (status, body) = stack.text(&format!("/open311/v2/requests.json?{bad}")).await;
        assert_eq!(status, 400, "{bad}");
        let description = serde_json::from_str::<Value>(&body).unwrap()[0]["description"].as_str().unwrap().to_owned();
        assert!(description.contains(named), "{bad}: {description}");
    }
    stack.stack.stop().await;
}

#[tokio::test]
async fn a_client_polling_for_changes_reads_only_what_changed_with_its_public_history() {
    let stack = TestStack::start().await;
    let (changed, untouched) =
        (stack.file_signal(&unique_email("poll-a")).await, stack.file_signal(&unique_email("poll-b")).await);
    let (changed, untouched) = (changed["number"].as_str().unwrap(), untouched["number"].as_str().unwrap());
    let (both, _, _) = list_page(&stack, "/open311/v2/requests.json").await;
    assert_eq!(both.len(), 2);
    let since = stack.stack.time.clock.now();

    // A minute later the municipality answers one of them, with a public note and an internal one.
    stack.stack.time.advance_minutes(1);
    let operator = sign_in(&stack, demo("operator").email, demo("operator").password).await;
    let (_, view) = stack.get_as(&format!("/api/staff/documents/{changed}"), Some(&operator)).await;
    let (status, body) = stack
        .post_as(
            &format!("/api/staff/documents/{changed}/status"),
            &serde_json::json!({ "status": "rejected", "note": "Не е в обхвата на общината.", "version": view["version"] }),
            Some(&operator),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let (_, view) = stack.get_as(&format!("/api/staff/documents/{changed}"), Some(&operator)).await;
    let (status, body) = stack
        .post_as(
            &format!("/api/staff/documents/{changed}/notes"),
            &serde_json::json!({ "text": "Вътрешно: проверено от Оператор Демо", "version": view["version"] }),
            Some(&operator),
        )
        .await;
    assert_eq!(status, 200, "{body}");

    let (changes, next, read) =
        list_page(&stack, &format!("/open311/v2/requests.json?updated_after={since}&extensions=true")).await;
    let ids: Vec<&str> = changes.iter().map(|r| r["service_request_id"].as_str().unwrap()).collect();
    assert_eq!(ids, [changed], "only what changed after {since}");
    assert_eq!((next, read), (None, 1), "reading only the changed one");
    let request = &changes[0];
    assert_eq!(
        (request["status"].as_str(), request["status_notes"].as_str()),
        (Some("closed"), Some("Не е в обхвата на общината."))
    );
    assert!(request["updated_datetime"].as_str() > request["requested_datetime"].as_str());
    let notes = request["extended_attributes"]["notes"].as_array().expect("notes with extensions=true");
    assert_eq!(notes.len(), 1, "the public events only: {notes:?}");
    assert_eq!(notes[0]["change"]["type"], "status_changed");
    assert_eq!(notes[0]["text"], "Не е в обхвата на общината.");
    assert_eq!(notes[0]["by"], "municipality");
    let text = serde_json::to_string(&changes).unwrap();
    assert!(
        !text.contains("Оператор") && !text.contains("Вътрешно") && !text.contains(demo("operator").email),
        "{text}"
    );

    // Without extensions no notes; the single request shows the same; the XML list is well-formed with notes.
    let (plain, _, _) = list_page(&stack, &format!("/open311/v2/requests.json?updated_before={since}")).await;
    assert_eq!(plain.iter().map(|r| r["service_request_id"].as_str().unwrap()).collect::<Vec<_>>(), [untouched]);
    assert!(plain[0]["extended_attributes"].get("notes").is_none());
    let (_, single) = stack.text(&format!("/open311/v2/requests/{changed}.json?extensions=true")).await;
    assert_eq!(
        serde_json::from_str::<Value>(&single).unwrap()[0]["extended_attributes"]["notes"],
        serde_json::json!(notes)
    );
    let (status, xml) = stack.text(&format!("/open311/v2/requests.xml?updated_after={since}&extensions=true")).await;
    assert_eq!(status, 200);
    assert_eq!(xml_items(&xml, "service_requests", "request").len(), 1);
    stack.stack.stop().await;
}
