//! Subscriptions and the stream fan-out over HTTP against the local stack: every change reaches the sender and
//! every subscriber once, the unsubscribe link works on its own, area alerts announce new signals.

use serde_json::json;
use sofia_tests::{TestStack, demo, json as read, sign_in, signed_in_user, unique_email, valid_signal};

async fn set_status(stack: &TestStack, operator: &str, number: &str, status: &str) {
    let (_, view) = stack.get_as(&format!("/api/staff/documents/{number}"), Some(operator)).await;
    let (code, answer) = stack
        .post_as(
            &format!("/api/staff/documents/{number}/status"),
            &json!({ "status": status, "note": "Бележка към гражданите", "version": view["version"] }),
            Some(operator),
        )
        .await;
    assert_eq!(code, 200, "{answer}");
}

#[tokio::test]
async fn subscribers_hear_of_changes_once_and_leave_with_the_link_alone() {
    let stack = TestStack::start().await;
    let operator = sign_in(&stack, demo("operator").email, demo("operator").password).await;
    let sender_email = unique_email("sender");
    let follower_email = unique_email("follower");
    let follower = signed_in_user(&stack, &follower_email, "Следящ Гражданин").await;
    let (_, _, filed) = read(stack.post_json("/api/signals", &valid_signal(&sender_email)).await).await;
    let number = filed["number"].as_str().unwrap().to_owned();

    let path = format!("/api/me/subscriptions/{number}");
    let first = stack.http.put(stack.url(&path)).bearer_auth(&follower).send().await.unwrap();
    assert_eq!(first.status().as_u16(), 201);
    let again = stack.http.put(stack.url(&path)).bearer_auth(&follower).send().await.unwrap();
    let (status, _, again) = read(again).await;
    assert_eq!((status, again["subscribers"].as_u64()), (200, Some(1)), "subscribing twice is one subscription");
    let (_, public) = stack.get_as(&format!("/api/documents/{number}"), None).await;
    assert_eq!(public["subscribers"], 1);
    let (_, mine) = stack.get_as("/api/me/subscriptions", Some(&follower)).await;
    assert_eq!(mine["subscriptions"][0]["number"], number.as_str());
    assert_eq!(mine["subscriptions"][0]["status"], "new", "each followed signal with its status: {mine}");

    set_status(&stack, &operator, &number, "forwarded").await;
    let to_sender = stack.wait_for_change_mail(&sender_email, 2).await;
    let to_follower = stack.wait_for_mail(&follower_email, 1).await;
    assert_eq!((to_sender.len(), to_follower.len()), (2, 1));
    assert!(to_follower[0].subject.contains("Насочен към звено"));
    assert!(to_follower[0].body.contains("Бележка към гражданите"), "the public note travels with the change");
    assert!(!to_follower[0].body.contains("#token="), "a subscriber never gets the sender's access link");

    // The unsubscribe link works alone: no login. A tampered one changes nothing.
    let link = to_follower[0]
        .links()
        .into_iter()
        .find(|l| l.contains("unsubscribe.html?token="))
        .expect("an unsubscribe link");
    let token = link.split("token=").nth(1).unwrap().to_owned();
    let forged = format!("{}x", token);
    let (status, _, _) =
        read(stack.http.post(stack.url(&format!("/api/unsubscribe?token={forged}"))).send().await.unwrap()).await;
    assert_eq!(status, 400);
    assert_eq!(stack.get_as(&format!("/api/documents/{number}"), None).await.1["subscribers"], 1);
    let (status, _, _) = read(
        stack
            .http
            .post(stack.url(&format!("/api/unsubscribe?token={token}")))
            .body("List-Unsubscribe=One-Click")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(stack.get_as(&format!("/api/documents/{number}"), None).await.1["subscribers"], 0);

    set_status(&stack, &operator, &number, "in_progress").await;
    assert_eq!(stack.wait_for_change_mail(&sender_email, 3).await.len(), 3);
    // One more change the sender hears of: the stream handles records in order, so once its mail is out, the
    // change before it has been handled completely.
    set_status(&stack, &operator, &number, "resolved").await;
    assert_eq!(stack.wait_for_change_mail(&sender_email, 4).await.len(), 4);
    assert_eq!(stack.mail_to(&follower_email).await.len(), 1, "unsubscribed: nothing more");
    stack.stack.stop().await;
}

#[tokio::test]
async fn area_alerts_announce_new_signals_in_the_district() {
    let stack = TestStack::start().await;
    let email = unique_email("alerts");
    let user = signed_in_user(&stack, &email, "Жител на Лозенец").await;
    let (status, _) = stack
        .http
        .put(stack.url("/api/me/alerts"))
        .bearer_auth(&user)
        .json(&json!({ "district": "lozenets" }))
        .send()
        .await
        .map(|r| (r.status().as_u16(), ()))
        .unwrap();
    assert_eq!(status, 201);
    let bad = stack.put_json_as("/api/me/alerts", &json!({}), &user).await;
    assert_eq!(bad.status().as_u16(), 422);

    let mut lozenets = valid_signal(&unique_email("x"));
    lozenets["location"] = json!({ "lat": 42.675, "lon": 23.325 });
    let mut lyulin = valid_signal(&unique_email("y"));
    lyulin["location"] = json!({ "lat": 42.715, "lon": 23.26 });
    let (_, _, in_lyulin) = read(stack.post_json("/api/signals", &lyulin).await).await;
    let in_lyulin = in_lyulin["number"].as_str().unwrap().to_owned();
    let (_, _, filed) = read(stack.post_json("/api/signals", &lozenets).await).await;
    let mail = stack.wait_for_mail(&email, 1).await;
    assert_eq!(mail.len(), 1);
    assert!(mail[0].subject.contains("Лозенец") && mail[0].body.contains(filed["number"].as_str().unwrap()));
    // Another signal in Lozenets: once its alert is out, every record before it has been handled.
    let (_, _, again) = read(stack.post_json("/api/signals", &lozenets).await).await;
    let again = again["number"].as_str().unwrap();
    let mut mail = stack.wait_for_mail(&email, 2).await;
    if !mail.iter().any(|m| m.body.contains(again)) {
        mail = stack.wait_for_mail(&email, 3).await;
    }
    assert!(mail.iter().all(|m| !m.body.contains(&in_lyulin)), "the signal in Lyulin is not announced");
    assert_eq!(mail.len(), 2);
    stack.stack.stop().await;
}

/// Mail goes only to verified addresses: an account whose e-mail was never verified may not follow a signal or
/// set an area alert, and what it files sends no copy to that address.
#[tokio::test]
async fn an_unverified_address_gets_no_mail() {
    use aws_sdk_cognitoidentityprovider::types::AttributeType;
    let stack = TestStack::start().await;
    let email = unique_email("unverified");
    let cognito = aws_sdk_cognitoidentityprovider::Client::new(&stack.stack.sdk);
    let pool = &stack.stack.provisioned.user_pool_id;
    cognito
        .admin_create_user()
        .user_pool_id(pool)
        .username(&email)
        .user_attributes(AttributeType::builder().name("email").value(&email).build().unwrap())
        .message_action(aws_sdk_cognitoidentityprovider::types::MessageActionType::Suppress)
        .send()
        .await
        .unwrap();
    cognito
        .admin_set_user_password()
        .user_pool_id(pool)
        .username(&email)
        .password("test-password-1")
        .permanent(true)
        .send()
        .await
        .unwrap();
    let token = sign_in(&stack, &email, "test-password-1").await;

    let (_, filed) = stack.post_as("/api/me/signals", &valid_signal(&email), Some(&token)).await;
    let number = filed["number"].as_str().expect("filed").to_owned();
    let response =
        stack.http.put(stack.url(&format!("/api/me/subscriptions/{number}"))).bearer_auth(&token).send().await.unwrap();
    let (status, _, problem) = read(response).await;
    assert_eq!((status, problem["errors"][0]["code"].as_str()), (409, Some("email_not_verified")), "{problem}");
    let response = stack.put_json_as("/api/me/alerts", &json!({ "district": "lozenets" }), &token).await;
    assert_eq!(response.status().as_u16(), 409);

    // A verified account's filing is confirmed by mail; this one's is not.
    let verified = unique_email("verified");
    let verified_token = signed_in_user(&stack, &verified, "Потвърден Адрес").await;
    stack.post_as("/api/me/signals", &valid_signal(&verified), Some(&verified_token)).await;
    stack.wait_for_mail(&verified, 1).await;
    assert!(stack.mail_to(&email).await.is_empty(), "no mail to an unverified address");
    stack.stack.stop().await;
}

#[tokio::test]
async fn my_subscriptions_tell_each_signal_apart_by_type_place_and_last_change() {
    let stack = TestStack::start().await;
    let operator = sign_in(&stack, demo("operator").email, demo("operator").password).await;
    let follower = signed_in_user(&stack, &unique_email("apart"), "Следящ Гражданин").await;
    let filed = stack.file_signal(&unique_email("sender")).await;
    let number = filed["number"].as_str().unwrap().to_owned();
    let path = format!("/api/me/subscriptions/{number}");
    assert_eq!(stack.http.put(stack.url(&path)).bearer_auth(&follower).send().await.unwrap().status(), 201);

    // Just filed: what it is, where, and that nothing has happened since it was registered.
    let (status, mine) = stack.get_as("/api/me/subscriptions", Some(&follower)).await;
    assert_eq!(status, 200, "{mine}");
    let item = &mine["subscriptions"][0];
    assert_eq!(item["number"], number.as_str());
    assert_eq!(item["kind"], "signal");
    assert_eq!(item["kind_label"]["bg"], "Сигнал");
    assert_eq!(item["category"]["id"], "streets", "{item}");
    assert!(item["category"]["name"]["bg"].as_str().is_some_and(|n| !n.is_empty()), "{item}");
    assert_eq!(item["signal_type"]["id"], "pothole", "{item}");
    assert!(item["signal_type"]["name"]["en"].as_str().is_some_and(|n| !n.is_empty()), "{item}");
    assert_eq!(item["address"], "бул. Витоша 1");
    assert!(item["district"]["id"].as_str().is_some_and(|d| !d.is_empty()), "the district of its point: {item}");
    assert_eq!(item["last_change"]["change"]["type"], "registered", "{item}");
    assert_eq!(item["last_change"]["on"], item["registered_on"]);

    // A status change is the last change now: when and what, as its public history says it.
    set_status(&stack, &operator, &number, "forwarded").await;
    let (_, mine) = stack.get_as("/api/me/subscriptions", Some(&follower)).await;
    let last = &mine["subscriptions"][0]["last_change"];
    assert_eq!(last["change"]["type"], "status_changed", "{last}");
    assert_eq!(last["change"]["to"], "forwarded", "{last}");
    assert_eq!(last["by"], "municipality", "never a clerk's name: {last}");
    assert!(last["on"].as_str().is_some_and(|d| d.len() == 10 && d.as_bytes()[2] == b'.'), "dd.mm.yyyy: {last}");
    assert!(last.get("actor").is_none() && !last.to_string().contains("Оператор"), "{last}");
    stack.stack.stop().await;
}
