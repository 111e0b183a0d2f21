//! The first journey over HTTP against the local stack: file a signal without an account, receive the
//! access link by e-mail, follow it, and see what the public may and may not see.

use sofia_tests::{TestStack, json, unique_email, valid_signal};

#[tokio::test]
async fn an_anonymous_citizen_files_a_signal_and_follows_it_from_the_email() {
    let stack = TestStack::start().await;
    let email = unique_email("ivan");

    let response = stack.post_json("/api/signals", &valid_signal(&email)).await;
    let location = response.headers().get("location").and_then(|v| v.to_str().ok()).map(str::to_owned);
    let (status, _, body) = json(response).await;
    assert_eq!(status, 201, "{body}");
    let number = body["number"].as_str().expect("a registry number").to_owned();
    let year = jiff::Timestamp::now().to_zoned_datetime(jiff::tz::TimeZone::get("Europe/Sofia").unwrap()).year();
    assert_eq!(number, format!("{year}-000001"));
    assert_eq!(location.as_deref(), Some(format!("/api/documents/{number}").as_str()));
    assert!(body["registered_on"].as_str().is_some_and(|d| d.len() == 10 && d.ends_with(&year.to_string())));

    // The stream function e-mails the number, the date and the access link.
    let mail = stack.wait_for_mail(&email, 1).await;
    assert_eq!(mail.len(), 1, "exactly one confirmation");
    let message = &mail[0];
    assert!(message.subject.contains(&number), "{}", message.subject);
    assert!(message.body.contains(body["registered_on"].as_str().unwrap()));
    let link = message.links().into_iter().next().expect("the mail has a link");
    assert_eq!(link, body["follow_url"].as_str().unwrap(), "the mailed link is the one the API returned");
    assert!(link.starts_with(&stack.url(&format!("/track.html?number={number}#token="))), "{link}");
    let token = link.split("#token=").nth(1).expect("token in the fragment");

    // The page behind the link is served.
    let page = stack.http.get(link.split('#').next().unwrap()).send().await.unwrap();
    assert_eq!(page.status().as_u16(), 200);

    // With the token: the sender's view, with their data.
    let response = stack.get_with_token(&format!("/api/documents/{number}"), token).await;
    assert_eq!(response.headers().get("cache-control").and_then(|v| v.to_str().ok()), Some("private, no-store"));
    let (status, _, view) = json(response).await;
    assert_eq!(status, 200);
    assert_eq!(view["viewer"], "sender");
    assert_eq!(view["sender"]["email"], email.as_str());
    assert_eq!(view["sender"]["name"], "Иван Петров");
    assert_eq!(view["status"], "new");
    assert_eq!(view["status_label"]["bg"], "Приет");
    assert_eq!(view["type"]["name"]["bg"], "Дупка в пътното платно");

    // Without it, or with a wrong one: the public view, with nothing about the sender anywhere.
    for headers in [None, Some("wrong-token"), Some(&token[..token.len() - 1])] {
        let mut request = stack.http.get(stack.url(&format!("/api/documents/{number}")));
        if let Some(value) = headers {
            request = request.header("x-access-token", value);
        }
        let text = request.send().await.unwrap().text().await.unwrap();
        let view: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(view["viewer"], "public");
        assert_eq!(view["description"], "Дълбока дупка на платното пред спирката");
        assert!(!text.contains(&email) && !text.contains("Иван") && !text.contains("sender\":"), "{text}");
    }

    // The number can be typed without its leading zeros.
    let short = number.replace("-00000", "-");
    let (status, _, view) = json(stack.get(&format!("/api/documents/{short}")).await).await;
    assert_eq!((status, view["number"].as_str()), (200, Some(number.as_str())));
    stack.stack.stop().await;
}

#[tokio::test]
async fn unknown_and_malformed_numbers_are_problems() {
    let stack = TestStack::start().await;
    let (status, content_type, body) = json(stack.get("/api/documents/2026-999999").await).await;
    assert_eq!((status, content_type.as_str()), (404, "application/problem+json"));
    assert_eq!(body["title"], "Not found");

    let (status, content_type, body) = json(stack.get("/api/documents/not-a-number").await).await;
    assert_eq!((status, content_type.as_str()), (400, "application/problem+json"));
    assert_eq!(body["errors"][0]["field"], "number");

    // A route the template does not define answers as API Gateway does.
    let (status, _, body) = json(stack.get("/api/nothing-here").await).await;
    assert_eq!((status, body["message"].as_str()), (404, Some("Not Found")));
    stack.stack.stop().await;
}

#[tokio::test]
async fn a_signal_without_an_email_gets_its_link_in_the_answer_and_no_mail() {
    let stack = TestStack::start().await;
    let mut body = valid_signal("");
    body["email"] = serde_json::Value::Null;
    let (status, _, registered) = json(stack.post_json("/api/signals", &body).await).await;
    assert_eq!(status, 201, "{registered}");
    let link = registered["follow_url"].as_str().unwrap();
    let token = link.split("#token=").nth(1).unwrap();
    let number = registered["number"].as_str().unwrap();
    let response = stack.get_with_token(&format!("/api/documents/{number}"), token).await;
    let (_, _, view) = json(response).await;
    assert_eq!(view["viewer"], "sender");
    assert!(view["sender"]["email"].is_null());
    stack.stack.stop().await;
}

#[tokio::test]
async fn the_catalogue_serves_the_forms() {
    let stack = TestStack::start().await;
    let (status, _, catalogue) = json(stack.get("/api/catalogue").await).await;
    assert_eq!(status, 200);
    let categories = catalogue["signal_categories"].as_array().expect("categories");
    assert!(categories.len() >= 10);
    let streets = categories.iter().find(|c| c["id"] == "streets").expect("streets");
    assert_eq!(streets["name"]["bg"], "Улици и тротоари");
    assert!(streets["types"].as_array().is_some_and(|t| t.iter().any(|t| t["id"] == "pothole")));
    assert!(catalogue["information_topics"].as_array().is_some_and(|t| !t.is_empty()));
    stack.stack.stop().await;
}

#[tokio::test]
async fn the_sender_is_mailed_at_every_status_change_once() {
    use aws_sdk_dynamodb::types::AttributeValue;
    let stack = TestStack::start().await;
    let email = unique_email("status");
    let (_, _, registered) = json(stack.post_json("/api/signals", &valid_signal(&email)).await).await;
    let number = registered["number"].as_str().unwrap().to_owned();
    assert_eq!(stack.wait_for_mail(&email, 1).await.len(), 1);

    // Written as the staff actions write it: status and version together.
    let set = |status: &'static str| {
        let (stack, number) = (&stack, number.clone());
        async move {
            let values = [(":s", AttributeValue::S(status.into())), (":one", AttributeValue::N("1".into()))];
            stack.update_document(&number, "SET #s = :s ADD version :one", &[("#s", "status")], &values).await;
        }
    };
    set("in_progress").await;
    let mail = stack.wait_for_change_mail(&email, 2).await;
    assert_eq!(mail.len(), 2);
    let update = &mail[1];
    assert!(update.subject.contains(&number) && update.subject.contains("В процес на решаване"), "{}", update.subject);
    assert!(update.body.contains("Приет") && update.body.contains(registered["registered_on"].as_str().unwrap()));
    assert!(update.links()[0].contains("#token="), "the link to follow it");

    // Writing the same status again is not a change: no mail.
    set("in_progress").await;
    set("resolved").await;
    let mail = stack.wait_for_change_mail(&email, 3).await;
    assert_eq!(mail.len(), 3);
    assert!(mail[2].subject.contains("Решен"));
    stack.stack.stop().await;
}
