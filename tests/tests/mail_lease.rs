//! A mail whose sending was cut off is never lost: Lambda stops the stream function at its timeout while SES
//! has not answered; the delivery's claim is a lease that the function never confirmed, so a later delivery of
//! the record takes it over once it runs out and sends the mail, once.
//! (Its own test binary: it points the functions' SESv2 client at a fault-injecting proxy through the SDK's
//! per-service endpoint variable, which must be set before any stack starts.)

use sofia_tests::fault_proxy::{Fault, start_proxy};
use sofia_tests::{TestStack, unique_email};
use std::time::Duration;

#[tokio::test]
async fn a_send_cut_off_by_the_timeout_is_sent_by_a_later_delivery() {
    let (proxy, faults) = start_proxy().await;
    // SAFETY: this test binary has this one test; nothing else reads the environment concurrently.
    unsafe { std::env::set_var("AWS_ENDPOINT_URL_SESV2", &proxy) };
    let stack = TestStack::start_with_stream_timeout(Duration::from_secs(3)).await;
    // The first send hangs past the function's timeout and never reaches SES.
    faults.plan("SendEmail", Fault::Hang(Duration::from_secs(5)), 1);
    let email = unique_email("cut-off");
    let filed = stack.file_signal(&email).await;

    let mail = stack.wait_for_mail(&email, 1).await;
    assert_eq!(faults.injected(), 1, "the first send was cut off");
    assert_eq!(mail.len(), 1, "the confirmation went out after the lease ran out");
    assert!(mail[0].subject.contains(filed["number"].as_str().unwrap()), "{}", mail[0].subject);
    tokio::time::sleep(Duration::from_secs(8)).await;
    assert_eq!(stack.mail_to(&email).await.len(), 1, "and only once");
    stack.stack.stop().await;
}
