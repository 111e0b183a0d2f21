//! SES failing never loses a notification: while every send fails, the stream function reports the record as
//! failed and the stream delivers it again; once SES is back the mail goes out, exactly once.
//! (Its own test binary: it points the functions' SESv2 client at a fault-injecting proxy through the SDK's
//! per-service endpoint variable, which must be set before any stack starts.)

use sofia_tests::fault_proxy::{Fault, stack_with_faulty_ses};
use sofia_tests::unique_email;
use std::time::Duration;

#[tokio::test]
async fn a_confirmation_is_sent_once_after_ses_fails_for_a_while() {
    let (stack, faults) = stack_with_faulty_ses().await;
    // Four stream deliveries' worth of failing sends (the SDK tries each send three times), then SES recovers.
    faults.plan("SendEmail", Fault::ServerError, 12);
    let email = unique_email("ses-down");
    let filed = stack.file_signal(&email).await;

    let mail = stack.wait_for_mail(&email, 1).await;
    assert_eq!(faults.injected(), 12, "every planned failure was met before the mail went out");
    assert_eq!(mail.len(), 1, "the confirmation arrived after SES recovered");
    assert!(mail[0].subject.contains(filed["number"].as_str().unwrap()), "{}", mail[0].subject);
    // And only once: a later look finds no second copy.
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert_eq!(stack.mail_to(&email).await.len(), 1);
    stack.stack.stop().await;
}
