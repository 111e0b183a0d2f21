//! The change mail stopped by SES: a mail that could not go out is sent by the next minute's run, and what went
//! out is not sent again.
//! (Its own test binary: it points the functions' SESv2 client at a fault-injecting proxy through the SDK's
//! per-service endpoint variable, which must be set before any stack starts.)

use serde_json::json;
use sofia_tests::fault_proxy::{Fault, stack_with_faulty_ses};
use sofia_tests::{demo, sign_in, signed_in_user, unique_email};

#[tokio::test]
async fn a_change_mail_that_failed_for_one_recipient_is_sent_by_the_next_run_and_nothing_twice() {
    let (stack, faults) = stack_with_faulty_ses().await;
    let sender = unique_email("sender");
    let number = stack.file_signal(&sender).await["number"].as_str().unwrap().to_owned();
    let follower_email = unique_email("follower");
    let follower = signed_in_user(&stack, &follower_email, "Следящ Гражданин").await;
    let path = format!("/api/me/subscriptions/{number}");
    assert_eq!(stack.http.put(stack.url(&path)).bearer_auth(&follower).send().await.unwrap().status().as_u16(), 201);
    assert_eq!(stack.wait_for_mail(&sender, 1).await.len(), 1);

    let operator = sign_in(&stack, demo("operator").email, demo("operator").password).await;
    let (_, view) = stack.get_as(&format!("/api/staff/documents/{number}"), Some(&operator)).await;
    let change = json!({ "status": "forwarded", "note": "Към района", "version": view["version"] });
    let (status, _) = stack.post_as(&format!("/api/staff/documents/{number}/status"), &change, Some(&operator)).await;
    assert_eq!(status, 200);
    stack.wait_for_gathered(&number, 1).await;

    // The follower's mail fails (the SDK's three tries); the sender's went out before it.
    let to_follower: &'static str = Box::leak(format!("[\"{follower_email}\"]").into_boxed_str());
    faults.plan_matching("SendEmail", to_follower, Fault::ServerError, 3);
    let first = stack.run_change_mail_after_window().await;
    assert_eq!((first.documents_mailed, first.left_for_later), (0, 1), "{first:?}");
    assert_eq!(faults.injected(), 3);
    assert_eq!((stack.mail_to(&sender).await.len(), stack.mail_to(&follower_email).await.len()), (2, 0));

    // The next run sends the follower's, and not the sender's again; after it, nothing more.
    let second = stack.run_change_mail_after_window().await;
    assert_eq!((second.documents_mailed, second.left_for_later), (1, 0), "{second:?}");
    let third = stack.run_change_mail_after_window().await;
    assert_eq!(third.documents_mailed, 0, "{third:?}");
    let to_follower = stack.wait_for_mail(&follower_email, 1).await;
    assert_eq!(to_follower.len(), 1);
    assert!(to_follower[0].body.contains("Към района"), "{}", to_follower[0].body);
    assert_eq!(stack.mail_to(&sender).await.len(), 2, "the sender's mail once");
    stack.stack.stop().await;
}
