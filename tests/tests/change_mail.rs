//! Mail per change, not per click, over HTTP against the local stack: a clerk's quick changes to a signal reach
//! its sender and each subscriber as one mail that lists them all; a change after the window is a second mail; the
//! change mail run again (or the stream's records delivered again) sends nothing twice.

use serde_json::{Value, json};
use sofia_tests::{TestStack, demo, sign_in, signed_in_user, unique_email};

/// A staff action on the document at the version the clerk read.
async fn act(stack: &TestStack, token: &str, number: &str, action: &str, mut body: Value) {
    let path = format!("/api/staff/documents/{number}");
    body["version"] = stack.get_as(&path, Some(token)).await.1["version"].clone();
    let (status, answer) = stack.post_as(&format!("{path}/{action}"), &body, Some(token)).await;
    assert_eq!(status, 200, "{action}: {answer}");
}

#[tokio::test]
async fn three_quick_changes_make_one_mail_per_recipient_and_a_later_change_a_second() {
    let stack = TestStack::start().await;
    let sender = unique_email("sender");
    let number = stack.file_signal(&sender).await["number"].as_str().unwrap().to_owned();
    let operator = sign_in(&stack, demo("operator").email, demo("operator").password).await;
    let follower_email = unique_email("follower");
    let follower = signed_in_user(&stack, &follower_email, "Следящ Гражданин").await;
    let subscribed =
        stack.http.put(stack.url(&format!("/api/me/subscriptions/{number}"))).bearer_auth(&follower).send().await;
    assert_eq!(subscribed.unwrap().status().as_u16(), 201);
    assert_eq!(stack.wait_for_mail(&sender, 1).await.len(), 1, "the confirmation stays immediate");

    // Three clicks within a minute: forwarded with a note, a reply, in progress with a note.
    act(&stack, &operator, &number, "status", json!({ "status": "forwarded", "note": "Първа бележка" })).await;
    act(&stack, &operator, &number, "replies", json!({ "text": "Отговор между промените" })).await;
    act(&stack, &operator, &number, "status", json!({ "status": "in_progress", "note": "Трета бележка" })).await;
    stack.wait_for_gathered(&number, 3).await;
    let too_soon = stack.run_change_mail().await;
    assert_eq!(too_soon.documents_mailed, 0, "nothing is mailed before the window closes");
    assert_eq!((stack.mail_to(&sender).await.len(), stack.mail_to(&follower_email).await.len()), (1, 0));

    let report = stack.send_change_mail(&number, 3).await;
    assert_eq!((report.documents_mailed, report.changes_mailed), (1, 3), "{report:?}");
    let to_sender = stack.wait_for_mail(&sender, 2).await;
    let to_follower = stack.wait_for_mail(&follower_email, 1).await;
    assert_eq!((to_sender.len(), to_follower.len()), (2, 1), "one mail each for three changes");
    for mail in [&to_sender[1], &to_follower[0]] {
        assert!(mail.subject.starts_with(&format!("3 промени по сигнал № {number}")), "{}", mail.subject);
        assert!(mail.subject.contains(&format!("3 changes to signal No. {number}")), "{}", mail.subject);
        let body = &mail.body;
        let (first, reply, third) = (
            body.find("Първа бележка").expect("the first note"),
            body.find("Отговор между промените").expect("the reply"),
            body.find("Трета бележка").expect("the last note"),
        );
        assert!(first < reply && reply < third, "in the order they happened: {body}");
        assert!(body.contains("Насочен към звено") && body.contains("В процес на решаване"), "{body}");
        assert!(body.contains("3 changes, earliest first:"), "and in English: {body}");
    }
    assert!(to_sender[1].body.contains("#token="), "the sender's mail has the access link");
    assert!(!to_follower[0].body.contains("#token="), "a subscriber's never");

    // Run again, and again: nothing more.
    for _ in 0..2 {
        let again = stack.run_change_mail_after_window().await;
        assert_eq!(again.documents_mailed, 0, "{again:?}");
    }

    // A change after the window: a second mail, of that change alone.
    act(&stack, &operator, &number, "replies", json!({ "text": "По-късен отговор" })).await;
    let report = stack.send_change_mail(&number, 1).await;
    assert_eq!((report.documents_mailed, report.changes_mailed), (1, 1), "{report:?}");
    let to_sender = stack.wait_for_mail(&sender, 3).await;
    let to_follower = stack.wait_for_mail(&follower_email, 2).await;
    assert_eq!((to_sender.len(), to_follower.len()), (3, 2));
    assert!(to_follower[1].subject.starts_with(&format!("Отговор по сигнал № {number}")), "{}", to_follower[1].subject);
    assert!(to_follower[1].body.contains("По-късен отговор") && !to_follower[1].body.contains("Първа бележка"));

    stack.run_change_mail_after_window().await;
    tokio::time::sleep(std::time::Duration::from_secs(1)).await;
    assert_eq!((stack.mail_to(&sender).await.len(), stack.mail_to(&follower_email).await.len()), (3, 2));
    stack.stack.stop().await;
}
