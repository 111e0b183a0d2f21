//! Property-based tests of everything that parses request input: arbitrary bodies, query strings, path
//! parameters, coordinates, registry numbers and tokens give a clear 4xx (or a valid result), never a 5xx or a
//! panic.

use lambda_http::request::LambdaRequest;
use lambda_http::{Body, Request};
use proptest::prelude::*;
use serde_json::json;
use sofia_core::domain::catalogue::Catalogue;
use sofia_core::domain::public_map::{MapQuery, NearbyQuery};
use sofia_core::domain::registry::RegistryNumber;
use std::collections::HashMap;

fn request(body: &str, content_type: &str, path_number: &str) -> Request {
    let event = json!({
        "version": "2.0", "routeKey": "POST /api/signals", "rawPath": "/api/signals", "rawQueryString": "",
        "headers": { "content-type": content_type },
        "pathParameters": { "number": path_number },
        "requestContext": { "accountId": "1", "apiId": "a", "domainName": "d", "domainPrefix": "d",
            "http": { "method": "POST", "path": "/api/signals", "protocol": "HTTP/1.1", "sourceIp": "127.0.0.1", "userAgent": "p" },
            "requestId": "r", "routeKey": "POST /api/signals", "stage": "$default", "time": "t", "timeEpoch": 0 },
        "body": body, "isBase64Encoded": false
    });
    serde_json::from_value::<LambdaRequest>(event).expect("event").into()
}

/// JSON values of every shape, to stand in for what clients might send.
fn any_json() -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::from),
        any::<f64>().prop_map(|f| serde_json::Number::from_f64(f)
            .map(serde_json::Value::Number)
            .unwrap_or(serde_json::Value::Null)),
        any::<i64>().prop_map(serde_json::Value::from),
        ".{0,40}".prop_map(serde_json::Value::from),
    ];
    leaf.prop_recursive(3, 24, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(serde_json::Value::from),
            prop::collection::hash_map(
                prop_oneof![
                    Just("category".to_owned()),
                    Just("type".to_owned()),
                    Just("location".to_owned()),
                    Just("lat".to_owned()),
                    Just("lon".to_owned()),
                    Just("description".to_owned()),
                    Just("email".to_owned()),
                    "[a-z]{1,8}"
                ],
                inner,
                0..6
            )
            .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
        ]
    })
}

fn is_client_error(status: u16) -> bool {
    (400..500).contains(&status)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn json_bodies_of_any_shape_are_parsed_or_refused_with_a_named_problem(value in any_json()) {
        let body = value.to_string();
        let parsed = sofia_core::http::request::json_body::<sofia_core::domain::filing::NewSignalRequest>(&request(&body, "application/json", "x"));
        if let Ok(signal) = parsed {
            let _ = sofia_core::domain::filing::parse_new_signal(&signal, Catalogue::builtin(), sofia_core::domain::districts::Districts::builtin());
        } else if let Err(problem) = parsed {
            prop_assert!(is_client_error(problem.status), "{}", problem.status);
        }
    }

    #[test]
    fn arbitrary_bytes_as_a_body_never_panic(body in ".{0,200}", content_type in prop_oneof![Just("application/json".to_owned()), Just("text/plain".to_owned()), "[ -~]{0,20}"]) {
        let parsed = sofia_core::http::request::json_body::<sofia_core::domain::filing::NewSignalRequest>(&request(&body, &content_type, "x"));
        if let Err(problem) = parsed {
            prop_assert!(is_client_error(problem.status));
        }
    }

    #[test]
    fn registry_numbers_parse_only_when_valid(text in ".{0,24}") {
        if let Ok(number) = text.parse::<RegistryNumber>() {
            prop_assert_eq!(number.to_string().parse::<RegistryNumber>(), Ok(number));
        }
    }

    #[test]
    fn query_strings_give_a_query_or_named_field_errors(
        days in ".{0,6}", category in ".{0,12}", status in ".{0,20}", district in ".{0,12}", bbox in ".{0,40}",
        lat in ".{0,12}", lon in ".{0,12}",
    ) {
        let map: HashMap<String, String> = [("days", days), ("category", category), ("status", status), ("district", district), ("bbox", bbox)]
            .into_iter().map(|(k, v)| (k.to_owned(), v)).collect();
        if let Err(errors) = MapQuery::parse(&map, Catalogue::builtin()) {
            prop_assert!(!errors.is_empty() && errors.iter().all(|e| !e.field.is_empty()));
        }
        let near: HashMap<String, String> = [("lat", lat), ("lon", lon)].into_iter().map(|(k, v)| (k.to_owned(), v)).collect();
        if let Err(errors) = NearbyQuery::parse(&near, Catalogue::builtin()) {
            prop_assert!(!errors.is_empty());
        }
    }

    #[test]
    fn coordinates_outside_sofia_or_not_numbers_never_make_a_point(lat in any::<f64>(), lon in any::<f64>()) {
        if let Ok(point) = sofia_core::domain::location::SofiaPoint::new(lat, lon) {
            prop_assert!(sofia_core::domain::location::SOFIA_BOUNDS.contains(point.lat(), point.lon()));
        }
    }

    #[test]
    fn presented_tokens_of_any_form_never_match_by_accident(token in ".{0,200}") {
        let secret = sofia_core::domain::access::TokenSecret::new(vec![7u8; 32]).unwrap();
        let number = RegistryNumber::new(2026, 1).unwrap();
        let salt = sofia_core::domain::access::TokenSalt::from_stored("s".into());
        let hash = secret.access_token(number, &salt).hash();
        if let Some(presented) = sofia_core::domain::access::AccessToken::presented(&token) {
            prop_assert!(!hash.matches(&presented) || presented == secret.access_token(number, &salt));
        }
        prop_assert!(secret.verify("unsubscribe", &token).is_none() || token.contains('.'));
    }
}

#[test]
fn the_body_type_is_what_the_handlers_use() {
    // Body::Text is what API Gateway delivers for JSON; keep the helper above honest.
    assert!(matches!(request("{}", "application/json", "x").body(), Body::Text(_)));
}
