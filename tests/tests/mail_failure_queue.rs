//! A record whose mail can never go out does not hold the stream back for ever: after the event source mapping's
//! retries (MaximumRetryAttempts) it goes to the failure queue (DestinationConfig.OnFailure), as Lambda sends it —
//! the shard and sequence numbers to replay — and the next records are handled.
//! (Its own test binary: it points the functions' SESv2 client at a fault-injecting proxy through the SDK's
//! per-service endpoint variable, which must be set before any stack starts.)

use serde_json::Value;
use sofia_tests::fault_proxy::{Fault, stack_with_faulty_ses};
use sofia_tests::{json as read, unique_email, valid_signal};
use std::time::{Duration, Instant};

#[tokio::test]
async fn a_record_that_keeps_failing_goes_to_the_failure_queue_and_the_stream_moves_on() {
    let (stack, faults) = stack_with_faulty_ses().await;
    faults.plan("SendEmail", Fault::ServerError, 10_000);
    let email = unique_email("never");
    stack.file_signal(&email).await;

    let sqs = aws_sdk_sqs::Client::new(&stack.stack.sdk);
    let queue = stack.stack.provisioned.bindings.refs.get("StreamFailures").cloned().expect("the failure queue");
    let deadline = Instant::now() + Duration::from_secs(180);
    let message: Value = loop {
        let received = sqs.receive_message().queue_url(&queue).wait_time_seconds(1).send().await.unwrap();
        if let Some(body) = received.messages().first().and_then(|m| m.body()) {
            break serde_json::from_str(body).unwrap();
        }
        assert!(Instant::now() < deadline, "nothing reached the failure queue");
    };
    assert_eq!(message["requestContext"]["condition"], "RetryAttemptsExhausted", "{message}");
    assert!(message["requestContext"]["approximateInvokeCount"].as_u64().unwrap() > 10, "{message}");
    let batch = &message["DDBStreamBatchInfo"];
    assert!(batch["startSequenceNumber"].is_string() && batch["batchSize"].as_u64().unwrap() >= 1, "{message}");
    assert!(stack.mail_to(&email).await.is_empty());

    // SES is back: the next signal's confirmation goes out; the stream was not held back.
    faults.clear();
    let next = unique_email("next");
    let (status, _, _) = read(stack.post_json("/api/signals", &valid_signal(&next)).await).await;
    assert_eq!(status, 201);
    assert_eq!(stack.wait_for_mail(&next, 1).await.len(), 1);
    stack.stack.stop().await;
}
