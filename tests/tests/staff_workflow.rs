//! The back office over HTTP against the local stack: distribution, the state machine, replies, internal
//! notes, duplicates, moderation, optimistic concurrency, queues — and the public/internal split of history.

use serde_json::{Value, json};
use sofia_tests::{TestStack, demo, json as read, sign_in, signed_in_user, unique_email, valid_signal};

struct Desk {
    operator: String,
    lozenets: String,
    citizen_email: String,
}

async fn desk(stack: &TestStack) -> Desk {
    Desk {
        operator: sign_in(stack, demo("operator").email, demo("operator").password).await,
        lozenets: sign_in(stack, demo("lozenets").email, demo("lozenets").password).await,
        citizen_email: unique_email("citizen"),
    }
}

async fn file(stack: &TestStack, email: &str, location: Value) -> (String, String) {
    let mut body = valid_signal(email);
    body["location"] = location;
    let (status, _, registered) = read(stack.post_json("/api/signals", &body).await).await;
    assert_eq!(status, 201);
    let token = registered["follow_url"].as_str().unwrap().split("#token=").nth(1).unwrap().to_owned();
    (registered["number"].as_str().unwrap().to_owned(), token)
}

async fn staff_view(stack: &TestStack, number: &str, token: &str) -> Value {
    let (status, view) = stack.get_as(&format!("/api/staff/documents/{number}"), Some(token)).await;
    assert_eq!(status, 200, "{view}");
    view
}

async fn act(stack: &TestStack, number: &str, action: &str, token: &str, mut body: Value) -> (u16, Value) {
    if body.get("version").is_none() {
        let version = staff_view(stack, number, token).await["version"].clone();
        body["version"] = version;
    }
    stack.post_as(&format!("/api/staff/documents/{number}/{action}"), &body, Some(token)).await
}

#[tokio::test]
async fn a_signal_is_distributed_worked_on_and_resolved_with_history_split_for_the_public() {
    let stack = TestStack::start().await;
    let desk = desk(&stack).await;
    // Filed by address: no district known, so it waits in the Contact Center's queue.
    let (number, token) = file(&stack, &desk.citizen_email, json!({ "address": "ул. Златен рог 20" })).await;
    let (status, queue) = stack.get_as("/api/staff/queues/contact-center?status=new", Some(&desk.operator)).await;
    assert_eq!(status, 200);
    assert!(queue["items"].as_array().unwrap().iter().any(|i| i["number"] == number.as_str()));
    // The unit cannot see it yet.
    assert_eq!(stack.get_as(&format!("/api/staff/documents/{number}"), Some(&desk.lozenets)).await.0, 403);

    let (status, moved) = act(
        &stack,
        &number,
        "assign",
        &desk.operator,
        json!({ "unit": "district-lozenets", "note": "Ул. Златен рог е в район Лозенец." }),
    )
    .await;
    assert_eq!(status, 200, "{moved}");
    assert_eq!((moved["status"].as_str(), moved["unit"].as_str()), (Some("forwarded"), Some("district-lozenets")));
    let (_, queue) = stack.get_as("/api/staff/queues/district-lozenets?status=forwarded", Some(&desk.lozenets)).await;
    assert!(queue["items"].as_array().unwrap().iter().any(|i| i["number"] == number.as_str()));
    // Its tab counts it (the counters the stream keeps).
    stack
        .get_when("/api/staff/counts?unit=district-lozenets", Some(&desk.lozenets), |c| {
            c["counts"]["status"]["forwarded"] == 1
        })
        .await;

    // The unit works it: in progress, an internal note, resolved with a public note.
    assert_eq!(
        act(&stack, &number, "status", &desk.lozenets, json!({ "status": "in_progress", "note": "Екип е изпратен." }))
            .await
            .0,
        200
    );
    assert_eq!(
        act(&stack, &number, "notes", &desk.lozenets, json!({ "text": "Изпълнител: ЕТ Пътстрой, договор 12/2026" }))
            .await
            .0,
        200
    );
    assert_eq!(
        act(&stack, &number, "status", &desk.lozenets, json!({ "status": "resolved", "note": "Дупката е запълнена." }))
            .await
            .0,
        200
    );

    // The state machine refuses what is not a transition, naming the current status, and writes nothing.
    let before = staff_view(&stack, &number, &desk.lozenets).await["version"].clone();
    let (status, problem) =
        act(&stack, &number, "status", &desk.lozenets, json!({ "status": "rejected", "note": "късно" })).await;
    assert_eq!(status, 409, "{problem}");
    assert!(problem["detail"].as_str().unwrap().contains("resolved"));
    assert_eq!(staff_view(&stack, &number, &desk.lozenets).await["version"], before);

    // Staff see everything, with names; the public sees no internal note and no staff names.
    let staff = staff_view(&stack, &number, &desk.operator).await;
    let history = staff["history"].as_array().unwrap();
    assert!(
        history
            .iter()
            .any(|e| e["change"]["type"] == "internal_note" && e["text"].as_str().unwrap().contains("Пътстрой"))
    );
    assert!(history.iter().any(|e| e["actor"]["name"] == demo("lozenets").name), "staff see who acted");
    let response = stack.get(&format!("/api/documents/{number}")).await;
    let text = response.text().await.unwrap();
    let public: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(public["status"], "resolved");
    let changes: Vec<&str> =
        public["history"].as_array().unwrap().iter().map(|e| e["change"]["type"].as_str().unwrap()).collect();
    assert_eq!(changes, ["assigned", "status_changed", "status_changed"]);
    assert!(
        text.contains("Дупката е запълнена.") && !text.contains("Пътстрой") && !text.contains(demo("lozenets").name),
        "{text}"
    );

    // The sender reopens it within 30 days, with the access link.
    let response = stack
        .http
        .post(stack.url(&format!("/api/documents/{number}/reopen")))
        .header("x-access-token", &token)
        .send()
        .await
        .unwrap();
    let (status, _, reopened) = read(response).await;
    assert_eq!((status, reopened["status"].as_str()), (200, Some("in_progress")));
    stack.stack.stop().await;
}

#[tokio::test]
async fn two_clerks_at_once_one_wins_and_the_stale_one_changes_nothing() {
    let stack = TestStack::start().await;
    let desk = desk(&stack).await;
    let (number, _) = file(&stack, &desk.citizen_email, json!({ "lat": 42.675, "lon": 23.325 })).await;
    let version = staff_view(&stack, &number, &desk.operator).await["version"].as_u64().unwrap();
    let first = act(&stack, &number, "status", &desk.operator, json!({ "status": "registered", "version": version }));
    let second =
        act(&stack, &number, "assign", &desk.lozenets, json!({ "unit": "contact-center", "version": version }));
    let second_operator = act(
        &stack,
        &number,
        "status",
        &desk.operator,
        json!({ "status": "rejected", "note": "не е проблем", "version": version }),
    );
    let results = futures::join!(first, second, second_operator);
    let statuses = [results.0.0, results.1.0, results.2.0];
    assert_eq!(statuses.iter().filter(|s| **s == 200).count(), 1, "exactly one wins: {statuses:?}");
    assert!(statuses.iter().all(|s| *s == 200 || *s == 409), "{statuses:?}");
    let after = staff_view(&stack, &number, &desk.operator).await;
    assert_eq!(after["version"].as_u64(), Some(version + 1), "one change, not two");
    assert_eq!(after["history"].as_array().unwrap().len(), 1);
    stack.stack.stop().await;
}

#[tokio::test]
async fn duplicates_are_linked_both_ways_and_bad_actions_are_refused() {
    let stack = TestStack::start().await;
    let desk = desk(&stack).await;
    let (original, _) = file(&stack, &desk.citizen_email, json!({ "lat": 42.675, "lon": 23.325 })).await;
    let (copy, _) = file(&stack, &desk.citizen_email, json!({ "lat": 42.6751, "lon": 23.3251 })).await;

    let (status, problem) = act(&stack, &copy, "duplicate", &desk.operator, json!({ "of": copy })).await;
    assert_eq!((status, problem["errors"][0]["code"].as_str()), (422, Some("self")));
    let owner = signed_in_user(&stack, &unique_email("private"), "Частно Лице").await;
    let (_, letter) = stack
        .post_as(
            "/api/me/documents",
            &json!({ "kind": "letter", "title": "Писмо", "description": "Лично писмо до кмета." }),
            Some(&owner),
        )
        .await;
    let (status, _) = act(&stack, &copy, "duplicate", &desk.operator, json!({ "of": letter["number"] })).await;
    assert_eq!(status, 422, "a duplicate of a private document is refused");

    assert_eq!(act(&stack, &copy, "duplicate", &desk.operator, json!({ "of": original })).await.0, 200);
    let (_, copy_view) = stack.get_as(&format!("/api/documents/{copy}"), None).await;
    assert_eq!(
        (copy_view["status"].as_str(), copy_view["duplicate_of"].as_str()),
        (Some("duplicate"), Some(original.as_str()))
    );
    let (_, original_view) = stack.get_as(&format!("/api/documents/{original}"), None).await;
    assert_eq!(original_view["duplicates"], json!([copy]));

    // Marking a duplicate writes the original too: a Lozenets clerk cannot link a signal of Lyulin's.
    let (lyulin_signal, _) = file(&stack, &desk.citizen_email, json!({ "lat": 42.715, "lon": 23.26 })).await;
    let (lozenets_copy, _) = file(&stack, &desk.citizen_email, json!({ "lat": 42.6752, "lon": 23.3252 })).await;
    let before = staff_view(&stack, &lyulin_signal, &desk.operator).await;
    assert_eq!(before["document"]["unit"]["id"], "district-lyulin");
    let (status, problem) =
        act(&stack, &lozenets_copy, "duplicate", &desk.lozenets, json!({ "of": lyulin_signal })).await;
    assert_eq!(
        (status, problem["type"].as_str().map(|t| t.ends_with("not-your-unit"))),
        (403, Some(true)),
        "{problem}"
    );
    let after = staff_view(&stack, &lyulin_signal, &desk.operator).await;
    assert_eq!(
        (&after["version"], &after["document"]["duplicates"]),
        (&before["version"], &before["document"]["duplicates"])
    );
    let (_, copy_view) = stack.get_as(&format!("/api/documents/{lozenets_copy}"), None).await;
    assert_ne!(copy_view["status"], "duplicate", "nothing is half-written");

    // The unit of Lozenets cannot act on a document of the Contact Center's, nor a citizen at all.
    let (number, _) = file(&stack, &desk.citizen_email, json!({ "address": "ул. Витоша 5" })).await;
    assert_eq!(act(&stack, &number, "notes", &desk.operator, json!({ "text": "проверка" })).await.0, 200);
    let version = staff_view(&stack, &number, &desk.operator).await["version"].clone();
    assert_eq!(
        stack
            .post_as(
                &format!("/api/staff/documents/{number}/notes"),
                &json!({ "text": "x", "version": version }),
                Some(&desk.lozenets)
            )
            .await
            .0,
        403
    );
    assert_eq!(
        stack
            .post_as(
                &format!("/api/staff/documents/{number}/notes"),
                &json!({ "text": "x", "version": version }),
                Some(&owner)
            )
            .await
            .0,
        403
    );
    // A note over its limit, a rejection without a reason, an unknown unit.
    let (status, problem) = act(&stack, &number, "notes", &desk.operator, json!({ "text": "я".repeat(4001) })).await;
    assert_eq!((status, problem["errors"][0]["field"].as_str()), (422, Some("text")));
    let (status, problem) = act(&stack, &number, "status", &desk.operator, json!({ "status": "rejected" })).await;
    assert_eq!((status, problem["errors"][0]["field"].as_str()), (422, Some("note")));
    let (status, _) = act(&stack, &number, "assign", &desk.operator, json!({ "unit": "ministry-of-magic" })).await;
    assert_eq!(status, 422);
    stack.stack.stop().await;
}

#[tokio::test]
async fn moderation_hides_personal_data_from_the_public_and_keeps_the_original_for_staff() {
    let stack = TestStack::start().await;
    let desk = desk(&stack).await;
    let mut body = valid_signal(&desk.citizen_email);
    body["description"] = json!("Съседът Петър Петров от ап. 5 (тел. 0888 999 888) изхвърля боклук на тротоара");
    let (_, _, registered) = read(stack.post_json("/api/signals", &body).await).await;
    let number = registered["number"].as_str().unwrap();
    let (status, _) =
        act(&stack, number, "moderate", &desk.operator, json!({ "description": "Съсед изхвърля боклук на тротоара" }))
            .await;
    assert_eq!(status, 200);
    let text = stack.get(&format!("/api/documents/{number}")).await.text().await.unwrap();
    assert!(
        text.contains("Съсед изхвърля боклук") && !text.contains("0888 999 888") && !text.contains("Петров"),
        "{text}"
    );
    let staff = staff_view(&stack, number, &desk.operator).await;
    assert!(staff["original_description"].as_str().unwrap().contains("0888 999 888"));
    assert!(
        staff["history"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["change"]["type"] == "moderated" && e["internal"] == true)
    );
    stack.stack.stop().await;
}

#[tokio::test]
async fn queues_flag_overdue_signals_soonest_due_first() {
    let stack = TestStack::start().await;
    let desk = desk(&stack).await;
    let (old, _) = file(&stack, &desk.citizen_email, json!({ "address": "ул. Първа 1" })).await;
    // Twenty days later (streets: a 14-day target), another signal comes in.
    stack.stack.time.advance_days(20);
    let (fresh, _) = file(&stack, &desk.citizen_email, json!({ "address": "ул. Втора 2" })).await;
    let (_, queue) = stack.get_as("/api/staff/queues/contact-center?status=new", Some(&desk.operator)).await;
    let items = queue["items"].as_array().unwrap();
    assert_eq!(items[0]["number"], old.as_str(), "soonest due first");
    assert_eq!(items[0]["overdue"], true);
    let fresh_item = items.iter().find(|i| i["number"] == fresh.as_str()).unwrap();
    assert_eq!(fresh_item["overdue"], false);
    assert_eq!(
        stack.get_as("/api/staff/queues/district-lyulin", Some(&desk.lozenets)).await.0,
        403,
        "another unit's queue"
    );
    assert_eq!(stack.get_as("/api/staff/queues/atlantis", Some(&desk.operator)).await.0, 400);
    stack.stack.stop().await;
}

#[tokio::test]
async fn a_question_is_answered_and_an_access_request_runs_its_legal_course() {
    let stack = TestStack::start().await;
    let desk = desk(&stack).await;
    let (_, _, question) = read(stack.post_json("/api/questions", &json!({ "topic": "local-taxes", "description": "Кога е срокът за плащане?", "email": desk.citizen_email })).await).await;
    let number = question["number"].as_str().unwrap();
    let (status, answered) =
        act(&stack, number, "replies", &desk.operator, json!({ "text": "До 30 юни с 5% отстъпка." })).await;
    assert_eq!((status, answered["status"].as_str()), (200, Some("answered")));
    let (_, public) = stack.get_as(&format!("/api/documents/{number}"), None).await;
    assert_eq!(public["history"][0]["text"], "До 30 юни с 5% отстъпка.");

    let email = unique_email("zdoi");
    let requester = signed_in_user(&stack, &email, "Заявител Тестов").await;
    let (_, request) = stack.post_as("/api/me/documents", &json!({ "kind": "access_request", "title": "Разходи за осветление", "description": "Моля за данни за разходите за улично осветление през 2025 г." }), Some(&requester)).await;
    let number = request["number"].as_str().unwrap();
    assert_eq!(act(&stack, number, "status", &desk.operator, json!({ "status": "registered" })).await.0, 200);
    let (status, problem) = act(
        &stack,
        number,
        "status",
        &desk.operator,
        json!({ "status": "extended", "extension_ground": "large_volume", "extension_days": 11 }),
    )
    .await;
    assert_eq!(
        (status, problem["errors"][0]["field"].as_str()),
        (422, Some("extension")),
        "at most 10 days for a large volume"
    );
    assert_eq!(act(&stack, number, "status", &desk.operator, json!({ "status": "extended", "extension_ground": "large_volume", "extension_days": 10, "note": "Голям обем" })).await.0, 200);
    let (_, own) = stack.get_as(&format!("/api/me/documents/{number}"), Some(&requester)).await;
    let registered: jiff::civil::Date = sofia_tests::sofia_date_of(&own["registered_at"]);
    let due = registered.checked_add(jiff::Span::new().days(24)).unwrap().strftime("%Y-%m-%d").to_string();
    assert_eq!(own["due"]["date"].as_str(), Some(due.as_str()), "14 days + 10");
    let (status, problem) = act(&stack, number, "status", &desk.operator, json!({ "status": "access_refused" })).await;
    assert_eq!(
        (status, problem["errors"][0]["field"].as_str()),
        (422, Some("note")),
        "a refusal needs its legal ground"
    );
    assert_eq!(
        act(
            &stack,
            number,
            "status",
            &desk.operator,
            json!({ "status": "access_refused", "note": "чл. 37, ал. 1, т. 2 ЗДОИ" })
        )
        .await
        .0,
        200
    );
    // Every change reached the requester: the confirmation, then one mail listing registered, extended, refused.
    stack.send_change_mail(number, 3).await;
    let mail = stack.wait_for_mail(&email, 2).await;
    assert_eq!(mail.len(), 2);
    assert!(mail[1].subject.starts_with("3 промени по"), "{}", mail[1].subject);
    let told = &mail[1].body;
    let order = ["→ Регистриран.", "→ Удължен срок.", "→ Отказан достъп."].map(|s| told.find(s).expect(s));
    assert!(order[0] < order[1] && order[1] < order[2], "every change, in order: {told}");
    stack.stack.stop().await;
}

#[tokio::test]
async fn admins_keep_reply_templates_that_fill_the_public_note_and_create_staff_accounts() {
    let stack = TestStack::start().await;
    let desk = desk(&stack).await;
    let admin = sign_in(&stack, demo("admin").email, demo("admin").password).await;
    let template = json!({ "text_bg": "Проблемът е отстранен. Благодарим Ви!", "text_en": "The problem has been fixed. Thank you!" });
    assert_eq!(
        stack
            .http
            .put(stack.url("/api/admin/templates/streets/resolved"))
            .bearer_auth(&desk.operator)
            .json(&template)
            .send()
            .await
            .unwrap()
            .status()
            .as_u16(),
        403,
        "operators do not edit templates"
    );
    let saved = stack
        .http
        .put(stack.url("/api/admin/templates/streets/resolved"))
        .bearer_auth(&admin)
        .json(&template)
        .send()
        .await
        .unwrap();
    assert_eq!(saved.status().as_u16(), 200);
    let bad = stack.put_json_as("/api/admin/templates/volcanoes/erupted", &json!({}), &admin).await;
    assert_eq!(bad.status().as_u16(), 422);
    let (_, listed) = stack.get_as("/api/staff/templates", Some(&desk.operator)).await;
    assert_eq!(listed["templates"][0]["text_en"], "The problem has been fixed. Thank you!");

    let (number, _) = file(&stack, &desk.citizen_email, json!({ "lat": 42.675, "lon": 23.325 })).await;
    assert_eq!(act(&stack, &number, "status", &desk.operator, json!({ "status": "forwarded" })).await.0, 200);
    assert_eq!(act(&stack, &number, "status", &desk.operator, json!({ "status": "resolved" })).await.0, 200);
    let (_, public) = stack.get_as(&format!("/api/documents/{number}"), None).await;
    let last = public["history"].as_array().unwrap().last().unwrap().clone();
    assert!(last["text"].as_str().unwrap().starts_with("Проблемът е отстранен."), "{last}");

    // A new clerk for Lyulin: invited by Cognito, in the unit's group.
    let email = unique_email("clerk");
    let (status, created) = stack
        .post_as(
            "/api/admin/staff",
            &json!({ "email": email, "name": "Нов Служител", "role": "unit-district-lyulin" }),
            Some(&admin),
        )
        .await;
    assert_eq!(status, 201, "{created}");
    let (status, problem) = stack
        .post_as("/api/admin/staff", &json!({ "email": email, "name": "Х", "role": "unit-atlantis" }), Some(&admin))
        .await;
    assert_eq!((status, problem["errors"][0]["field"].as_str()), (422, Some("role")));
    let cognito = aws_sdk_cognitoidentityprovider::Client::new(&stack.stack.sdk);
    let groups = cognito
        .admin_list_groups_for_user()
        .user_pool_id(&stack.stack.provisioned.user_pool_id)
        .username(&email)
        .send()
        .await
        .unwrap();
    assert_eq!(groups.groups().iter().filter_map(|g| g.group_name()).collect::<Vec<_>>(), ["unit-district-lyulin"]);
    stack.stack.stop().await;
}
