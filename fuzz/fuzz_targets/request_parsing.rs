//! Whatever a client sends — JSON bodies, query strings, path segments, tokens — turns into a domain value or
//! named field errors, never a panic. The first byte picks the parser, the rest is its input.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sofia_core::domain::account::{ProfileRequest, RegisterRequest, parse_profile_update, parse_registration};
use sofia_core::domain::catalogue::Catalogue;
use sofia_core::domain::districts::Districts;
use sofia_core::domain::filing::{
    NewQuestionRequest, NewSignalRequest, NewWrittenRequest, parse_new_question, parse_new_signal, parse_new_written,
};
use sofia_core::domain::open311::parse_request_query;
use sofia_core::domain::public_map::{MapQuery, NearbyQuery};
use sofia_core::domain::registry::RegistryNumber;
use sofia_core::domain::subscriptions::parse_area;
use std::collections::HashMap;

/// A refusal must name its fields.
fn named<T>(result: Result<T, Vec<sofia_core::domain::FieldError>>) {
    if let Err(errors) = result {
        assert!(!errors.is_empty() && errors.iter().all(|e| !e.field.is_empty()), "unnamed errors");
    }
}

fn query(input: &[u8]) -> HashMap<String, String> {
    url::form_urlencoded::parse(input).into_owned().collect()
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, input)) = data.split_first() else { return };
    let catalogue = Catalogue::builtin();
    match selector % 8 {
        0 => {
            if let Ok(body) = serde_json::from_slice::<NewSignalRequest>(input) {
                named(parse_new_signal(&body, catalogue, Districts::builtin()));
            }
        }
        1 => {
            if let Ok(body) = serde_json::from_slice::<NewQuestionRequest>(input) {
                named(parse_new_question(&body, catalogue));
            }
        }
        2 => {
            if let Ok(body) = serde_json::from_slice::<NewWrittenRequest>(input) {
                named(parse_new_written(&body, catalogue));
            }
        }
        3 => {
            if let Ok(body) = serde_json::from_slice::<RegisterRequest>(input) {
                named(parse_registration(&body));
            }
            if let Ok(body) = serde_json::from_slice::<ProfileRequest>(input) {
                named(parse_profile_update(&body));
            }
        }
        4 => {
            let query = query(input);
            named(MapQuery::parse(&query, catalogue));
            let _ = NearbyQuery::parse(&query, catalogue);
        }
        5 => {
            let _ = parse_request_query(&query(input), catalogue, jiff::Timestamp::UNIX_EPOCH);
        }
        6 => {
            let query = query(input);
            named(parse_area(query.get("district").map(String::as_str), query.get("category").map(String::as_str), catalogue));
        }
        _ => {
            if let Ok(text) = std::str::from_utf8(input) {
                if let Ok(number) = text.parse::<RegistryNumber>() {
                    assert_eq!(number.to_string().parse::<RegistryNumber>(), Ok(number));
                }
                let _ = sofia_core::domain::account::Phone::parse(text);
                let _ = sofia_core::domain::access::AccessToken::presented(text);
            }
        }
    }
});
