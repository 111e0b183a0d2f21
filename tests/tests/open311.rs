//! Open311 GeoReport v2 against the local stack, in JSON and XML: an Open311 client lists services, files a
//! request with its api_key and reads it back; the answers carry the spec's fields; errors use its format.

use quick_xml::Reader;
use quick_xml::events::Event;
use serde_json::Value;
use sofia_tests::{TestStack, demo, json as read, sign_in, signed_in_user, unique_email};
use std::collections::BTreeSet;

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
