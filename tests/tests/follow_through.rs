//! Follow-through over HTTP: due dates counted over Bulgaria's calendar and shown with how they were computed,
//! and the morning escalation run on a clock the test moves forward (each reminder once, one digest per unit).

use jiff::civil::{Date, date};
use serde_json::{Value, json};
use sofia_tests::{TestStack, demo, json as read, sign_in, unique_email, valid_signal};

const ESCALATION: &str = "ScheduledEscalationFunction";

/// Moves the stack's clock forward to `day` (Sofia), keeping the time of day.
fn move_to(stack: &TestStack, day: Date) {
    let today = stack.stack.time.clock.now().to_zoned_datetime(jiff::tz::TimeZone::get("Europe/Sofia").unwrap()).date();
    let days = (day - today).get_days();
    assert!(days >= 0, "the clock only moves forward: {today} to {day}");
    stack.stack.time.advance_days(i64::from(days));
}

async fn file_question(stack: &TestStack) -> String {
    let body = json!({ "topic": "other", "description": "Кога се плаща данъкът върху недвижимите имоти?" });
    let (status, _, filed) = read(stack.post_json("/api/questions", &body).await).await;
    assert_eq!(status, 201, "{filed}");
    filed["number"].as_str().unwrap().to_owned()
}

/// The part `pick` takes of the answer of `path`, once `ready` holds of it (the stream keeps the public figures a
/// moment after each change), or as it stands after 30 s.
async fn figures_when(
    stack: &TestStack,
    path: &str,
    pick: impl Fn(Value) -> Value,
    ready: impl Fn(&Value) -> bool,
) -> Value {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    loop {
        let (status, _, answer) = read(stack.get(path).await).await;
        assert_eq!(status, 200, "{answer}");
        let figures = pick(answer);
        if ready(&figures) || std::time::Instant::now() > deadline {
            return figures;
        }
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    }
}

/// The overview's all-time figures once `ready` holds of them.
async fn all_time_overview_when(stack: &TestStack, ready: impl Fn(&Value) -> bool) -> Value {
    figures_when(stack, "/api/overview", |overview| overview["all_time"].clone(), ready).await
}

async fn due_of(stack: &TestStack, number: &str) -> Value {
    let (status, _, view) = read(stack.get(&format!("/api/documents/{number}")).await).await;
    assert_eq!(status, 200, "{view}");
    view["due"].clone()
}

/// The due date of a question filed on `day` (the clock moved there), as its public page shows it.
async fn due_of_question_filed_on(stack: &TestStack, day: Date) -> Value {
    move_to(stack, day);
    let number = file_question(stack).await;
    due_of(stack, &number).await
}

#[tokio::test]
async fn due_dates_count_over_a_weekend_a_worked_saturday_and_a_holiday() {
    let stack = TestStack::start().await;
    let admin = sign_in(&stack, demo("admin").email, demo("admin").password).await;

    // The government declares Saturday 6 February 2027 a working day; a weekday cannot be "worked", a Saturday
    // cannot be "off", and a date that is not one is refused, each naming the field and writing nothing.
    let worked = json!({ "days_off": [], "working_days": [{ "date": "2027-02-06", "note": "РМС № 1 от 2026" }] });
    let (status, _, saved) = read(stack.put_json_as("/api/admin/calendar", &worked, &admin).await).await;
    assert_eq!(status, 200, "{saved}");
    for (bad, field) in [
        (json!({ "days_off": [], "working_days": [{ "date": "2027-02-05", "note": "" }] }), "working_days"),
        (json!({ "days_off": [{ "date": "2027-02-06", "note": "" }], "working_days": [] }), "days_off"),
        (json!({ "days_off": [{ "date": "2027-02-30", "note": "" }], "working_days": [] }), "days_off[0].date"),
    ] {
        let answer = stack.put_json_as("/api/admin/calendar", &bad, &admin).await;
        let content_type = answer.headers()["content-type"].to_str().unwrap().to_owned();
        let (status, _, problem) = read(answer).await;
        assert!(status == 422 || status == 400, "{bad}: {status} {problem}");
        assert_eq!(content_type, "application/problem+json");
        assert_eq!(problem["errors"][0]["field"], field, "{problem}");
    }
    let (_, _, calendar) = read(stack.get("/api/calendar?year=2027").await).await;
    assert_eq!(calendar["working_days"][0]["date"], "2027-02-06", "the refused edits changed nothing: {calendar}");
    let days_off: Vec<&str> =
        calendar["days_off"].as_array().unwrap().iter().map(|d| d["date"].as_str().unwrap()).collect();
    for day in ["2027-01-01", "2027-03-03", "2027-04-30", "2027-05-03", "2027-05-24", "2027-12-27", "2027-12-28"] {
        assert!(days_off.contains(&day), "{day} is a day off in 2027: {days_off:?}");
    }

    // Filed on Saturday 16 January 2027: 14 days end on Saturday the 30th, so the answer is due on Monday.
    let due = due_of_question_filed_on(&stack, date(2027, 1, 16)).await;
    assert_eq!(due["date"], "2027-02-01", "{due}");
    assert_eq!(due["counted_from"], "2027-01-16");
    let explanation = due["explanation"]["bg"].as_str().unwrap();
    assert!(explanation.starts_with("14 дни от 16.01.2027"), "{explanation}");
    assert!(
        explanation.contains("30.01.2027 е почивен ден, затова срокът изтича в следващия работен ден"),
        "{explanation}"
    );
    assert!(due["explanation"]["en"].as_str().unwrap().contains("so the term ends on the next working day"));

    // Filed a week later: the 14 days end on the worked Saturday, which is the due date itself.
    let due = due_of_question_filed_on(&stack, date(2027, 1, 23)).await;
    assert_eq!(due["date"], "2027-02-06", "{due}");
    assert!(!due["explanation"]["bg"].as_str().unwrap().contains("следващия работен ден"), "{due}");

    // Filed on 10 December 2027: the 14 days end on Christmas Eve; 25–26 December fall on the weekend, so the
    // 27th and 28th are off too (Labour Code art. 154(2)), and the answer is due on the 29th.
    let due = due_of_question_filed_on(&stack, date(2027, 12, 10)).await;
    assert_eq!(due["date"], "2027-12-29", "{due}");
    assert_eq!(due["standing"], "on_time");
    let explanation = due["explanation"]["bg"].as_str().unwrap();
    assert!(explanation.contains("24.12.2027 е официален празник (Бъдни вечер)"), "{explanation}");
    stack.stack.stop().await;
}

/// The digests to `address` that name `number`.
async fn digests_naming(stack: &TestStack, address: &str, number: &str) -> Vec<String> {
    // The demo staff's mailboxes are shared by the tests' stacks on one emulator, and each stack numbers from 1:
    // a digest is this stack's when it links to this stack's console.
    let console = stack.url("/staff.html");
    stack
        .mail_to(address)
        .await
        .into_iter()
        .map(|m| format!("{}\n{}", m.subject, m.body))
        .filter(|text| text.contains(number) && text.contains(&console))
        .collect()
}

#[tokio::test]
async fn the_morning_run_reminds_each_unit_once_in_one_digest_and_escalates_what_is_overdue() {
    let stack = TestStack::start().await;
    // Monday 1 March 2027: two pothole signals in Lozenets and one in Lyulin (potholes: 14 days, due the 15th).
    move_to(&stack, date(2027, 3, 1));
    let mut numbers = Vec::new();
    for point in [
        json!({ "lat": 42.675, "lon": 23.325 }),
        json!({ "lat": 42.676, "lon": 23.326 }),
        json!({ "lat": 42.715, "lon": 23.26 }),
    ] {
        let mut signal = valid_signal(&unique_email("citizen"));
        signal["location"] = point;
        let (status, _, filed) = read(stack.post_json("/api/signals", &signal).await).await;
        assert_eq!(status, 201, "{filed}");
        numbers.push(filed["number"].as_str().unwrap().to_owned());
    }
    let (lozenets_a, lozenets_b, lyulin) = (&numbers[0], &numbers[1], &numbers[2]);
    assert_eq!(due_of(&stack, lozenets_a).await["date"], "2027-03-15");
    let run = || async { stack.stack.time.run_schedule(ESCALATION).await.expect("the run") };

    // Nothing is due before half the term.
    move_to(&stack, date(2027, 3, 5));
    assert_eq!(run().await.steps_taken, 0);

    // Half the term (the 8th): each unit's staff get one digest listing their unit's signals, and only theirs.
    move_to(&stack, date(2027, 3, 8));
    let report = run().await;
    assert_eq!(report.steps_taken, 3, "{report:?}");
    for address in [demo("lozenets").email, "head-lozenets@kc.sofia.bg"] {
        let digests = digests_naming(&stack, address, lozenets_a).await;
        assert_eq!(digests.len(), 1, "{address}: {digests:?}");
        assert!(digests[0].contains(lozenets_b.as_str()), "one digest lists both: {}", digests[0]);
        assert!(!digests[0].contains(lyulin.as_str()), "another unit's signal is not theirs: {}", digests[0]);
        assert!(digests[0].contains("Изтече половината от срока"), "{}", digests[0]);
    }
    assert_eq!(digests_naming(&stack, demo("lyulin").email, lyulin).await.len(), 1);
    assert!(digests_naming(&stack, demo("lyulin").email, lozenets_a).await.is_empty());
    // The step is public in the signal's history.
    let (_, _, view) = read(stack.get(&format!("/api/documents/{lozenets_a}")).await).await;
    let steps: Vec<&Value> =
        view["history"].as_array().unwrap().iter().filter(|e| e["change"]["type"] == "reminded").collect();
    assert_eq!(steps.len(), 1, "{view}");
    assert_eq!((steps[0]["change"]["step"].as_str(), steps[0]["by"].as_str()), (Some("half_term"), Some("system")));

    // A second run the same morning sends nothing again.
    let again = run().await;
    assert_eq!((again.steps_taken, again.mails_sent), (0, 0), "{again:?}");
    assert_eq!(digests_naming(&stack, demo("lozenets").email, lozenets_a).await.len(), 1);

    // Five working days after the due date (the 22nd), the operators and the head of Lozenets are told; the
    // signal is overdue on its page.
    move_to(&stack, date(2027, 3, 22));
    let report = run().await;
    assert_eq!(report.steps_taken, 3, "a run late takes only the latest step: {report:?}");
    let escalated = digests_naming(&stack, demo("operator").email, lozenets_a).await;
    assert_eq!(escalated.len(), 1, "{escalated:?}");
    assert!(escalated[0].contains("Просрочен"), "{}", escalated[0]);
    assert_eq!(digests_naming(&stack, "head-lozenets@kc.sofia.bg", lozenets_a).await.len(), 2);
    assert_eq!(
        digests_naming(&stack, demo("lozenets").email, lozenets_a).await.len(),
        1,
        "clerks got the reminder only"
    );
    let due = due_of(&stack, lozenets_a).await;
    assert_eq!((due["overdue"].as_bool(), due["standing"].as_str()), (Some(true), Some("overdue")), "{due}");

    // Twenty working days after the due date it is long overdue.
    move_to(&stack, date(2027, 4, 14));
    assert_eq!(due_of(&stack, lozenets_a).await["standing"], "long_overdue");
    stack.stack.stop().await;
}

async fn staff_version(stack: &TestStack, number: &str, token: &str) -> Value {
    let (status, view) = stack.get_as(&format!("/api/staff/documents/{number}"), Some(token)).await;
    assert_eq!(status, 200, "{view}");
    view["version"].clone()
}

/// A staff status change with the document's current version.
async fn change_status(stack: &TestStack, number: &str, token: &str, mut body: Value) -> (u16, Value) {
    body["version"] = staff_version(stack, number, token).await;
    stack.post_as(&format!("/api/staff/documents/{number}/status"), &body, Some(token)).await
}

#[tokio::test]
async fn a_signal_ends_with_an_honest_outcome_that_the_public_figures_count_apart() {
    let stack = TestStack::start().await;
    let operator = sign_in(&stack, demo("operator").email, demo("operator").password).await;
    let sender = unique_email("sender");
    let mut numbers = Vec::new();
    for _ in 0..5 {
        let (status, _, filed) = read(stack.post_json("/api/signals", &valid_signal(&sender)).await).await;
        assert_eq!(status, 201, "{filed}");
        let number = filed["number"].as_str().unwrap().to_owned();
        let (status, moved) = change_status(&stack, &number, &operator, json!({ "status": "forwarded" })).await;
        assert_eq!(status, 200, "{moved}");
        numbers.push(number);
    }
    let (fixed, unfixed, elsewhere, refused, duplicate) =
        (&numbers[0], &numbers[1], &numbers[2], &numbers[3], &numbers[4]);

    // Each outcome needs what makes it honest; a refused change writes nothing.
    for (number, body, field) in [
        (unfixed, json!({ "status": "closed_unfixed" }), "note"),
        (refused, json!({ "status": "rejected" }), "note"),
        (elsewhere, json!({ "status": "not_competent", "note": "Обърнете се към СДВР на 112." }), "competent_body"),
        (fixed, json!({ "status": "resolved", "competent_body": "СДВР" }), "competent_body"),
    ] {
        let before = staff_version(&stack, number, &operator).await;
        let (status, problem) = change_status(&stack, number, &operator, body.clone()).await;
        assert_eq!(status, 422, "{body}: {problem}");
        assert_eq!(problem["errors"][0]["field"], field, "{problem}");
        assert_eq!(staff_version(&stack, number, &operator).await, before, "nothing written");
    }

    let (status, _) = change_status(&stack, fixed, &operator, json!({ "status": "resolved" })).await;
    assert_eq!(status, 200);
    let reason = "Теренът е частен; собственикът е уведомен.";
    let (status, _) =
        change_status(&stack, unfixed, &operator, json!({ "status": "closed_unfixed", "note": reason })).await;
    assert_eq!(status, 200);
    let (status, _) = change_status(
        &stack,
        elsewhere,
        &operator,
        json!({ "status": "not_competent", "competent_body": "СДВР", "note": "Обърнете се към СДВР на 112." }),
    )
    .await;
    assert_eq!(status, 200);

    let (status, _) =
        change_status(&stack, refused, &operator, json!({ "status": "rejected", "note": "Не е сигнал." })).await;
    assert_eq!(status, 200);
    let version = staff_version(&stack, duplicate, &operator).await;
    let (status, marked) = stack
        .post_as(
            &format!("/api/staff/documents/{duplicate}/duplicate"),
            &json!({ "of": fixed, "version": version }),
            Some(&operator),
        )
        .await;
    assert_eq!(status, 200, "{marked}");

    // The public page says how each ended.
    let outcome = |number: &str| {
        let stack = &stack;
        let number = number.to_owned();
        async move { read(stack.get(&format!("/api/documents/{number}")).await).await.2["outcome"].clone() }
    };
    assert_eq!(outcome(fixed).await["type"], "fixed");
    let closed = outcome(unfixed).await;
    assert_eq!((closed["type"].as_str(), closed["reason"].as_str()), (Some("closed_without_fix"), Some(reason)));
    assert!(closed["text"]["bg"].as_str().unwrap().starts_with("Приключен без отстраняване"), "{closed}");
    let sent = outcome(elsewhere).await;
    assert_eq!((sent["type"].as_str(), sent["body"].as_str()), (Some("not_competent"), Some("СДВР")), "{sent}");
    assert_eq!(outcome(refused).await["type"], "refused");
    let duplicated = outcome(duplicate).await;
    assert_eq!((duplicated["type"].as_str(), duplicated["of"].as_str()), (Some("duplicate"), Some(fixed.as_str())));

    // The sender is told where it went and where to turn.
    let told = |mail: &local_stack::mailbox::SentMail| {
        mail.body.contains(elsewhere.as_str()) && mail.body.contains("СДВР") && mail.body.contains("112")
    };
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while !stack.mail_to(&sender).await.iter().any(told) && std::time::Instant::now() < deadline {
        // Changes are mailed together once their window is over, by the minute's change mail.
        stack.run_change_mail_after_window().await;
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    }
    assert!(stack.mail_to(&sender).await.iter().any(told), "the sender is told where it went");

    // The public figures count "fixed" and "closed without a fix" apart, and archiving keeps the difference.
    let (status, _) = change_status(&stack, fixed, &operator, json!({ "status": "closed" })).await;
    assert_eq!(status, 200);
    let overview = all_time_overview_when(&stack, |all| {
        all["fixed"] == 1
            && all["closed_without_fix"] == 1
            && all["by_status"]["rejected"] == 1
            && all["by_status"]["duplicate"] == 1
    })
    .await;
    assert_eq!((overview["fixed"].as_i64(), overview["closed_without_fix"].as_i64()), (Some(1), Some(1)), "{overview}");
    assert_eq!(overview["by_status"]["not_competent"], 1, "{overview}");
    assert_eq!(
        (overview["by_status"]["rejected"].as_i64(), overview["by_status"]["duplicate"].as_i64()),
        (Some(1), Some(1)),
        "{overview}"
    );
    stack.stack.stop().await;
}

/// The token of the "is it fixed?" mail to `address` about `number`, once the stream has sent it.
async fn fixed_check_token(stack: &TestStack, address: &str, number: &str) -> String {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    loop {
        let asked = stack
            .mail_to(address)
            .await
            .into_iter()
            .find(|m| m.subject.contains("Отстранен ли е") && m.subject.contains(number));
        if let Some(mail) = asked {
            assert!(mail.body.contains("answer=fixed") && mail.body.contains("answer=not_fixed"), "{}", mail.body);
            let after = mail.body.split("#token=").nth(1).expect("a link with a token");
            return after.chars().take_while(|c| c.is_ascii_alphanumeric() || "-_.".contains(*c)).collect();
        }
        assert!(std::time::Instant::now() < deadline, "no \"is it fixed?\" mail to {address}");
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    }
}

#[tokio::test]
async fn two_weeks_after_a_fix_the_sender_is_asked_and_answers_with_one_click() {
    let stack = TestStack::start().await;
    let operator = sign_in(&stack, demo("operator").email, demo("operator").password).await;
    move_to(&stack, date(2027, 6, 1));
    let (confirming, doubting) = (unique_email("confirms"), unique_email("doubts"));
    let mut numbers = Vec::new();
    for sender in [&confirming, &doubting] {
        let (status, _, filed) = read(stack.post_json("/api/signals", &valid_signal(sender)).await).await;
        assert_eq!(status, 201, "{filed}");
        let number = filed["number"].as_str().unwrap().to_owned();
        for step in ["forwarded", "resolved"] {
            let (status, moved) = change_status(&stack, &number, &operator, json!({ "status": step })).await;
            assert_eq!(status, 200, "{moved}");
        }
        numbers.push(number);
    }
    let run = || async { stack.stack.time.run_schedule(ESCALATION).await.expect("the run") };
    // Not before fourteen days.
    move_to(&stack, date(2027, 6, 14));
    run().await;
    move_to(&stack, date(2027, 6, 15));
    let report = run().await;
    assert_eq!(report.steps_taken, 2, "{report:?}");
    assert_eq!(run().await.steps_taken, 0, "asked once");

    // "Fixed": confirmed, once; a forged token answers nothing.
    let token = fixed_check_token(&stack, &confirming, &numbers[0]).await;
    let path = format!("/api/documents/{}/fixed-check", numbers[0]);
    let (status, problem) =
        stack.post_as(&path, &json!({ "answer": "fixed", "token": format!("{token}x") }), None).await;
    assert_eq!((status, problem["errors"][0]["field"].as_str()), (422, Some("token")), "{problem}");
    let (status, answered) = stack.post_as(&path, &json!({ "answer": "fixed", "token": token }), None).await;
    assert_eq!((status, answered["status"].as_str()), (200, Some("resolved")), "{answered}");
    let (status, again) = stack.post_as(&path, &json!({ "answer": "not_fixed", "token": token }), None).await;
    assert_eq!(status, 409, "one answer per mail: {again}");

    // "Not fixed": back in the unit's queue with a new term from today, in public.
    let token = fixed_check_token(&stack, &doubting, &numbers[1]).await;
    let path = format!("/api/documents/{}/fixed-check", numbers[1]);
    let (status, answered) = stack.post_as(&path, &json!({ "answer": "not_fixed", "token": token }), None).await;
    assert_eq!((status, answered["status"].as_str()), (200, Some("in_progress")), "{answered}");
    let (_, _, view) = read(stack.get(&format!("/api/documents/{}", numbers[1])).await).await;
    assert_eq!(view["due"]["counted_from"], "2027-06-15", "{view}");
    assert!(
        view["history"].as_array().unwrap().iter().any(|e| e["change"]["type"] == "not_fixed" && e["by"] == "sender")
    );
    let unit = view["unit"]["id"].as_str().unwrap();
    let (_, queue) = stack.get_as(&format!("/api/staff/queues/{unit}?status=in_progress"), Some(&operator)).await;
    assert!(queue["items"].as_array().unwrap().iter().any(|i| i["number"] == numbers[1].as_str()), "{queue}");

    // The share confirmed by citizens is a public figure.
    let all = all_time_overview_when(&stack, |all| all["confirmed_fixed"] == 1 && all["fixed"] == 1).await;
    assert_eq!((all["confirmed_fixed"].as_i64(), all["fixed"].as_i64()), (Some(1), Some(1)), "{all}");
    assert_eq!(all["confirmed_share"].as_f64(), Some(1.0));
    stack.stack.stop().await;
}

/// Lozenets' unit account, once `ready` holds of it (the stream keeps the figures a moment after each change:
/// the test waits for them before it moves the clock on, as days would pass between changes).
async fn lozenets_account_when(stack: &TestStack, ready: impl Fn(&Value) -> bool) -> Value {
    let unit_of = |account: Value| {
        let accounts = account["accounts"].as_array().cloned().unwrap_or_default();
        accounts.into_iter().find(|a| a["kind"] == "unit" && a["id"] == "district-lozenets").unwrap_or_default()
    };
    figures_when(stack, "/api/accounts", unit_of, ready).await
}

#[tokio::test]
async fn every_unit_has_a_public_account_kept_by_the_stream_as_json_and_csv() {
    let stack = TestStack::start().await;
    let operator = sign_in(&stack, demo("operator").email, demo("operator").password).await;
    // Monday 1 March 2027: two signals in Lozenets (potholes: due on the 15th).
    move_to(&stack, date(2027, 3, 1));
    let mut numbers = Vec::new();
    for point in [json!({ "lat": 42.675, "lon": 23.325 }), json!({ "lat": 42.676, "lon": 23.326 })] {
        let mut signal = valid_signal(&unique_email("citizen"));
        signal["location"] = point;
        let (status, _, filed) = read(stack.post_json("/api/signals", &signal).await).await;
        assert_eq!(status, 201, "{filed}");
        numbers.push(filed["number"].as_str().unwrap().to_owned());
    }
    lozenets_account_when(&stack, |unit| unit["this_month"]["received"] == 2).await;
    // Acknowledged the next day; one fixed on the 10th, before its due date; the other left to go overdue.
    move_to(&stack, date(2027, 3, 2));
    for number in &numbers {
        let (status, moved) = change_status(&stack, number, &operator, json!({ "status": "forwarded" })).await;
        assert_eq!(status, 200, "{moved}");
    }
    lozenets_account_when(&stack, |unit| unit["this_month"]["acknowledged"] == 2).await;
    move_to(&stack, date(2027, 3, 10));
    let (status, _) = change_status(&stack, &numbers[0], &operator, json!({ "status": "resolved" })).await;
    assert_eq!(status, 200);
    lozenets_account_when(&stack, |unit| unit["this_month"]["fixed"] == 1).await;
    move_to(&stack, date(2027, 3, 16));
    stack.stack.time.run_schedule(ESCALATION).await.expect("the run");
    let unit = lozenets_account_when(&stack, |unit| unit["overdue_now"] == 1).await;

    let month = &unit["this_month"];
    assert_eq!(
        (month["received"].as_i64(), month["acknowledged"].as_i64(), month["acknowledged_in_time"].as_i64()),
        (Some(2), Some(2), Some(2)),
        "{unit}"
    );
    assert_eq!(
        (month["answered"].as_i64(), month["answered_by_due"].as_i64(), month["fixed"].as_i64()),
        (Some(1), Some(1), Some(1)),
        "{unit}"
    );
    // Filed on the 1st, fixed on the 10th (the 3rd is a holiday): 6 working days.
    assert_eq!(month["days_to_fix"]["median"], 6, "{unit}");
    assert_eq!(
        (unit["open_now"].as_i64(), unit["overdue_now"].as_i64(), unit["oldest_open_days"].as_i64()),
        (Some(1), Some(1), Some(15)),
        "{unit}"
    );
    assert_eq!(unit["all_time"]["fixed"], 1);
    let trend = unit["trend"].as_array().unwrap();
    assert_eq!(
        (trend.len(), trend[11]["month"].as_str(), trend[11]["received"].as_i64()),
        (12, Some("2027-03"), Some(2))
    );
    let district = read(stack.get("/api/accounts").await).await.2["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["kind"] == "district" && a["id"] == "lozenets")
        .cloned()
        .unwrap();
    assert_eq!(district["this_month"]["received"], 2, "{district}");

    let answer = stack.get("/api/accounts?format=csv").await;
    assert_eq!(answer.headers()["content-type"], "text/csv; charset=utf-8");
    let csv = answer.text().await.unwrap();
    assert!(csv.starts_with("kind,id,name_bg,name_en,period,received,"), "{csv}");
    let row = csv
        .lines()
        .find(|l| l.starts_with("unit,\"district-lozenets\",") && l.contains(",this_month,"))
        .expect("a row for the unit this month");
    assert!(row.contains("\"Район „Лозенец“\",\"Lozenets District\",this_month,2,2,2,1,1,1,"), "{row}");
    assert_eq!(stack.get("/api/accounts?format=xls").await.status(), 400);
    stack.stack.stop().await;
}
