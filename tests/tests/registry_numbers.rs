//! Registry numbers are allocated in the same transaction as the document: unique and gap-free however
//! many submissions race.

use sofia_tests::{TestStack, json, unique_email, valid_signal};
use std::collections::BTreeSet;

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
    let sequences: BTreeSet<u32> = numbers.iter().map(|n| n.split('-').nth(1).unwrap().parse().unwrap()).collect();
    assert_eq!(sequences.len(), 50, "all distinct: {numbers:?}");
    assert_eq!(sequences, (1..=50).collect::<BTreeSet<u32>>(), "consecutive from 1, no gaps");

    // Each number opens the document that was filed under it.
    for number in &numbers {
        let (status, _, view) = json(stack.get(&format!("/api/documents/{number}")).await).await;
        assert_eq!((status, view["number"].as_str()), (200, Some(number.as_str())));
    }
    stack.stack.stop().await;
}
