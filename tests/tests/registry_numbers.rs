//! Registry numbers are reserved with one atomic counter update and then filed with their document: unique
//! however many submissions race, and the registry book (`GET /api/registry/{year}`) explains every number
//! issued, in order and without holes: filed, or void with the reason.

use serde_json::Value;
use sofia_tests::fault_proxy::{Fault, start_proxy};
use sofia_tests::{TestStack, json, unique_email, valid_signal};
use std::collections::BTreeSet;

fn sequence(number: &str) -> u32 {
    number.split('-').nth(1).unwrap().parse().unwrap()
}

/// The book's lines as (sequence, state).
fn states(book: &[Value]) -> Vec<(u32, String)> {
    book.iter()
        .map(|line| (sequence(line["number"].as_str().unwrap()), line["state"].as_str().unwrap().to_owned()))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_concurrent_submissions_get_fifty_distinct_consecutive_numbers() {
    let stack = TestStack::start().await;
    let submissions = (0..50).map(|i| {
        let stack = &stack;
        async move {
            let (status, _, body) =
                json(stack.post_json("/api/signals", &valid_signal(&unique_email(&format!("race{i}")))).await).await;
            assert_eq!(status, 201, "{body}");
            body["number"].as_str().expect("a number").to_owned()
        }
    });
    let numbers: Vec<String> = futures::future::join_all(submissions).await;
    let sequences: BTreeSet<u32> = numbers.iter().map(|n| sequence(n)).collect();
    assert_eq!(sequences.len(), 50, "all distinct: {numbers:?}");
    assert_eq!(sequences, (1..=50).collect::<BTreeSet<u32>>(), "consecutive from 1, no gaps");

    // Each number opens the document that was filed under it.
    for number in &numbers {
        let (status, _, view) = json(stack.get(&format!("/api/documents/{number}")).await).await;
        assert_eq!((status, view["number"].as_str()), (200, Some(number.as_str())));
    }
    // The registry book lists the fifty, each filed.
    let book = stack.registry_book(&numbers[0]).await;
    assert_eq!(states(&book), (1..=50).map(|n| (n, "filed".to_owned())).collect::<Vec<_>>());
    stack.stack.stop().await;
}

#[tokio::test]
async fn a_number_whose_document_could_not_be_written_is_void_with_its_reason_and_the_next_filing_goes_on() {
    let (proxy, faults) = start_proxy().await;
    let stack = TestStack::start_with(Some(proxy)).await;
    let email = unique_email("void");
    let first = stack.file_signal(&email).await;
    let first = first["number"].as_str().unwrap().to_owned();

    // The number is reserved, then every attempt to write the document (with its `filed` line) fails.
    faults.plan_matching("TransactWriteItems", r#"{"S":"filed"}"#, Fault::ServerError, usize::MAX);
    let response = stack.post_json("/api/signals", &valid_signal(&email)).await;
    assert!(response.headers().contains_key("retry-after"));
    let (status, _, problem) = json(response).await;
    assert_eq!(status, 503, "{problem}");
    assert!(faults.injected() >= 1);
    faults.clear();

    let next = stack.file_signal(&email).await;
    let next = next["number"].as_str().unwrap().to_owned();
    assert_eq!(sequence(&next), sequence(&first) + 2, "the next filing takes the next number");

    let book = stack.registry_book(&first).await;
    assert_eq!(
        states(&book),
        vec![(1, "filed".into()), (2, "void".into()), (3, "filed".into())],
        "every number explained, no hole: {book:?}"
    );
    let void = &book[1];
    assert_eq!(void["reason"], "not-written");
    assert!(void["explanation"]["bg"].as_str().unwrap().contains("не можа да бъде записан"), "{void}");
    assert!(void["explanation"]["en"].as_str().unwrap().contains("could not be written"), "{void}");
    let voided = format!("{}-{:06}", &first[..4], sequence(&first) + 1);
    assert_eq!(json(stack.get(&format!("/api/documents/{voided}")).await).await.0, 404, "no document under it");
    stack.stack.stop().await;
}

#[tokio::test]
async fn the_registry_book_refuses_a_year_or_start_it_cannot_read() {
    let stack = TestStack::start().await;
    for (path, field) in
        [("/api/registry/26", "year"), ("/api/registry/2026?from=0", "from"), ("/api/registry/2026?from=x", "from")]
    {
        let (status, content_type, problem) = json(stack.get(path).await).await;
        assert_eq!((status, content_type.as_str()), (400, "application/problem+json"), "{path}: {problem}");
        assert!(problem.to_string().contains(field), "{path}: {problem}");
    }
    let (status, _, empty) = json(stack.get("/api/registry/2031").await).await;
    assert_eq!((status, empty["issued"].as_u64(), empty["lines"].as_array().map(Vec::len)), (200, Some(0), Some(0)));
    stack.stack.stop().await;
}
