//! The back office that clears a backlog, over HTTP against the local stack: an operator's intake of a call, one
//! view of everything with every filter, order, page and search, bulk actions across units (the forbidden ones
//! refused per document), and assignment to a clerk.

use serde_json::{Value, json};
use sofia_tests::{TestStack, demo, json as read, sign_in, unique_email, valid_signal};
use std::collections::BTreeSet;
use std::time::{Duration, Instant};

struct Staff {
    operator: String,
    lozenets: String,
    lyulin: String,
}

async fn staff(stack: &TestStack) -> Staff {
    Staff {
        operator: sign_in(stack, demo("operator").email, demo("operator").password).await,
        lozenets: sign_in(stack, demo("lozenets").email, demo("lozenets").password).await,
        lyulin: sign_in(stack, demo("lyulin").email, demo("lyulin").password).await,
    }
}

async fn take_in(stack: &TestStack, operator: &str, body: Value) -> String {
    let (status, taken) = stack.post_as("/api/staff/intake", &body, Some(operator)).await;
    assert_eq!(status, 201, "{taken}");
    taken["number"].as_str().unwrap().to_owned()
}

/// A signal filed on the site in a district (placed by address).
async fn file_in(stack: &TestStack, district: &str, category: &str, kind: &str, description: &str) -> String {
    let mut body = valid_signal(&unique_email("citizen"));
    body["category"] = json!(category);
    body["type"] = json!(kind);
    body["description"] = json!(description);
    body["location"] = json!({ "address": "ул. Тестова 1", "district": district });
    let (status, _, registered) = read(stack.post_json("/api/signals", &body).await).await;
    assert_eq!(status, 201, "{registered}");
    registered["number"].as_str().unwrap().to_owned()
}

/// The numbers a view lists, in its order, every page followed.
async fn view(stack: &TestStack, token: &str, query: &str) -> Vec<String> {
    let mut numbers = Vec::new();
    let mut cursor: Option<String> = None;
    for _ in 0..50 {
        let path = match &cursor {
            None => format!("/api/staff/documents?{query}"),
            Some(cursor) => format!("/api/staff/documents?{query}&cursor={cursor}"),
        };
        let (status, page) = stack.get_as(&path, Some(token)).await;
        assert_eq!(status, 200, "{path}: {page}");
        numbers.extend(page["items"].as_array().unwrap().iter().map(|i| i["number"].as_str().unwrap().to_owned()));
        match page["next_cursor"].as_str() {
            Some(next) => cursor = Some(next.to_owned()),
            None => return numbers,
        }
    }
    panic!("{query}: more than 50 pages");
}

fn set(numbers: &[&String]) -> BTreeSet<String> {
    numbers.iter().map(|n| (*n).clone()).collect()
}

fn as_set(numbers: Vec<String>) -> BTreeSet<String> {
    numbers.into_iter().collect()
}

async fn staff_view(stack: &TestStack, number: &str, token: &str) -> Value {
    let (status, view) = stack.get_as(&format!("/api/staff/documents/{number}"), Some(token)).await;
    assert_eq!(status, 200, "{view}");
    view
}

#[tokio::test]
async fn an_operator_takes_a_call_reads_out_the_number_and_the_caller_gets_the_link() {
    let stack = TestStack::start().await;
    let staff = staff(&stack).await;
    let caller = unique_email("caller");
    let (status, taken) = stack
        .post_as(
            "/api/staff/intake",
            &json!({
                "channel": "phone",
                "kind": "signal",
                "category": "streets",
                "type": "pothole",
                "location": { "address": "бул. Черни връх 40", "district": "lozenets" },
                "description": "Дълбока дупка в крайната лента, обадила се по телефона",
                "name": "Мария Петрова",
                "phone": "0888 123 456",
                "email": caller,
            }),
            Some(&staff.operator),
        )
        .await;
    assert_eq!(status, 201, "{taken}");
    let number = taken["number"].as_str().unwrap().to_owned();
    assert!(number.starts_with("20"), "a registry number to read out: {number}");
    assert_eq!(taken["channel"], "phone");
    assert_eq!(taken["mailed"], true);
    assert!(taken["due"]["date"].is_string(), "the due date, to tell the caller: {taken}");

    // The caller gets the usual mail with the number and the access link.
    let mail = stack.wait_for_mail(&caller, 1).await;
    assert_eq!(mail.len(), 1, "one confirmation to the caller");
    assert!(mail[0].body.contains(&number) && mail[0].body.contains("#token="), "{}", mail[0].body);

    // Staff see the caller and the channel; the public sees neither.
    let view = staff_view(&stack, &number, &staff.lozenets).await;
    assert_eq!(view["channel"], "phone");
    assert_eq!(view["document"]["sender"]["name"], "Мария Петрова");
    assert_eq!(view["document"]["sender"]["phone"], "+359888123456");
    let (_, public) = stack.get_as(&format!("/api/documents/{number}"), None).await;
    let public = public.to_string();
    assert!(!public.contains("Мария") && !public.contains("0888") && !public.contains(&caller), "{public}");
    assert_eq!(view["document"]["unit"]["id"], "district-lozenets", "routed as a filed signal would be");

    // A letter, complaint, proposal or ЗДОИ request taken by phone needs the caller's name and an address (postal
    // or e-mail) to answer to: refused with both fields named, each once; given them, it is registered.
    let named = |problem: &Value| -> Vec<String> {
        let errors = problem["errors"].as_array().cloned().unwrap_or_default();
        errors.iter().map(|e| e["field"].as_str().unwrap_or_default().to_owned()).collect()
    };
    for kind in ["letter", "complaint", "proposal", "access_request"] {
        let call = json!({ "channel": "phone", "kind": kind, "title": "Молба",
                           "description": "Моля за копие от договора за ремонт на ул. Шипка." });
        let (status, problem) = stack.post_as("/api/staff/intake", &call, Some(&staff.operator)).await;
        assert_eq!(
            (status, named(&problem)),
            (422, vec!["name".to_owned(), "address".to_owned()]),
            "{kind}: {problem}"
        );
        let mut too_long = call.clone();
        too_long["name"] = json!("Мария Иванова");
        too_long["address"] = json!("ул. Шипка ".repeat(40));
        let (status, problem) = stack.post_as("/api/staff/intake", &too_long, Some(&staff.operator)).await;
        assert_eq!((status, named(&problem)), (422, vec!["address".to_owned()]), "{kind}: {problem}");
        let mut identified = call;
        identified["name"] = json!("Мария Иванова");
        identified["address"] = json!("ул. Шипка 6, София");
        let (status, taken) = stack.post_as("/api/staff/intake", &identified, Some(&staff.operator)).await;
        assert_eq!(status, 201, "{kind}: {taken}");
    }
    let (status, problem) = stack
        .post_as(
            "/api/staff/intake",
            &json!({ "channel": "fax", "kind": "question", "topic": "local-taxes", "description": "Кога се плаща данъкът?" }),
            Some(&staff.operator),
        )
        .await;
    assert_eq!((status, problem["errors"][0]["field"].as_str()), (422, Some("channel")), "{problem}");
    // Only operators take documents in.
    let (status, _) = stack
        .post_as(
            "/api/staff/intake",
            &json!({ "channel": "phone", "kind": "question", "topic": "local-taxes", "description": "Кога се плаща данъкът?" }),
            Some(&staff.lozenets),
        )
        .await;
    assert_eq!(status, 403);
}

#[tokio::test]
async fn one_view_filters_orders_pages_and_searches_everything() {
    let stack = TestStack::start().await;
    let staff = staff(&stack).await;
    let op = staff.operator.as_str();
    let pothole = take_in(
        &stack,
        op,
        json!({ "channel": "phone", "kind": "signal", "category": "streets", "type": "pothole",
                "location": { "address": "ул. Краище 3", "district": "lozenets" },
                "description": "Дупките на улицата са опасни за колоездачи" }),
    )
    .await;
    let tree =
        file_in(&stack, "lozenets", "greenery", "dangerous-tree", "Счупен клон виси над детската площадка").await;
    let pavement =
        file_in(&stack, "lyulin", "streets", "pavement", "Разбит тротоар пред блок 512 на бул. Царица Йоанна").await;
    let question = take_in(
        &stack,
        op,
        json!({ "channel": "email", "kind": "question", "topic": "local-taxes",
                "description": "Кога е срокът за отстъпка за данък сгради?" }),
    )
    .await;
    let letter = take_in(
        &stack,
        op,
        json!({ "channel": "post", "kind": "letter", "title": "Молба за ремонт на читалище",
                "description": "Читалището в квартала има нужда от нов покрив.", "name": "Петър Георгиев",
                "address": "ул. Родопи 5, София" }),
    )
    .await;
    let all = set(&[&pothole, &tree, &pavement, &question, &letter]);

    assert_eq!(as_set(view(&stack, op, "").await), all, "operators see the whole city, open by default");
    assert_eq!(as_set(view(&stack, op, "kind=signal").await), set(&[&pothole, &tree, &pavement]));
    assert_eq!(as_set(view(&stack, op, "category=streets").await), set(&[&pothole, &pavement]));
    assert_eq!(view(&stack, op, "type=dangerous-tree").await, [tree.clone()]);
    assert_eq!(as_set(view(&stack, op, "district=lozenets").await), set(&[&pothole, &tree]));
    assert_eq!(view(&stack, op, "unit=district-lyulin").await, [pavement.clone()]);
    assert_eq!(view(&stack, op, "channel=phone").await, [pothole.clone()]);
    assert_eq!(view(&stack, op, "channel=post").await, [letter.clone()]);
    assert_eq!(as_set(view(&stack, op, "channel=web").await), set(&[&tree, &pavement]));
    assert_eq!(as_set(view(&stack, op, "status=new").await), all);
    assert!(view(&stack, op, "status=decided").await.is_empty());
    assert!(view(&stack, op, "overdue=true").await.is_empty());
    assert!(view(&stack, op, "older_than=3").await.is_empty());
    // Filed in this order; by due date, soonest first.
    assert_eq!(view(&stack, op, "sort=age").await, [&pothole, &tree, &pavement, &question, &letter].map(|n| n.clone()));
    let (_, page) = stack.get_as("/api/staff/documents?sort=due", Some(op)).await;
    let due: Vec<&str> = page["items"].as_array().unwrap().iter().map(|i| i["due"]["date"].as_str().unwrap()).collect();
    assert_eq!(due.len(), 5);
    assert!(due.windows(2).all(|w| w[0] <= w[1]), "{due:?}");
    // Pages of two, followed by their cursors, list everything once.
    let paged = view(&stack, op, "sort=age&limit=2").await;
    assert_eq!(paged, [&pothole, &tree, &pavement, &question, &letter].map(|n| n.clone()));
    // So does the CSV, whose next page's cursor is a header: the console joins the pages into one file.
    let mut csv_rows = Vec::new();
    let mut cursor = String::new();
    loop {
        let path = format!("/api/staff/documents?format=csv&sort=age&limit=2{cursor}");
        let response = stack.http.get(stack.url(&path)).bearer_auth(op).send().await.unwrap();
        let next = response.headers().get("x-next-cursor").map(|v| v.to_str().unwrap().to_owned());
        let count: usize = response.headers()["x-row-count"].to_str().unwrap().parse().unwrap();
        let text = response.text().await.unwrap();
        let lines: Vec<String> = text.lines().skip(1).map(str::to_owned).collect();
        assert_eq!(lines.len(), count, "{text}");
        csv_rows.extend(lines);
        match next {
            Some(next) => cursor = format!("&cursor={next}"),
            None => break,
        }
    }
    let in_csv: Vec<&String> = [&pothole, &tree, &pavement, &question, &letter]
        .into_iter()
        .filter(|n| csv_rows.iter().any(|r| r.contains(n.as_str())))
        .collect();
    assert_eq!((csv_rows.len(), in_csv.len()), (5, 5), "{csv_rows:?}");

    // A decided document leaves the open view and shows under its status and under "decided".
    let version = staff_view(&stack, &tree, op).await["version"].clone();
    let (status, _) = stack
        .post_as(
            &format!("/api/staff/documents/{tree}/status"),
            &json!({ "status": "rejected", "note": "Дървото е в частен имот.", "version": version }),
            Some(op),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(view(&stack, op, "status=rejected").await, [tree.clone()]);
    assert_eq!(view(&stack, op, "status=decided").await, [tree.clone()]);
    assert!(!view(&stack, op, "").await.contains(&tree));
    assert!(view(&stack, op, "status=all").await.contains(&tree));

    // A clerk sees their unit's documents only, and cannot ask for another unit's.
    assert_eq!(view(&stack, &staff.lozenets, "").await, [pothole.clone()]);
    assert_eq!(view(&stack, &staff.lyulin, "").await, [pavement.clone()]);
    let (status, _) = stack.get_as("/api/staff/documents?unit=district-lyulin", Some(&staff.lozenets)).await;
    assert_eq!(status, 403);

    // Bad parameters are named; a bad cursor is refused.
    let (status, problem) = stack.get_as("/api/staff/documents?status=lost&kind=poem&older_than=x", Some(op)).await;
    assert_eq!(status, 400, "{problem}");
    let fields: BTreeSet<&str> =
        problem["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, BTreeSet::from(["status", "kind", "older_than"]));
    assert_eq!(stack.get_as("/api/staff/documents?cursor=bm90LWEtY3Vyc29y", Some(op)).await.0, 400);

    // The same view as CSV, a row per document.
    let response = stack
        .http
        .get(stack.url("/api/staff/documents?kind=signal&status=all&format=csv"))
        .bearer_auth(op)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    assert!(response.headers()["content-type"].to_str().unwrap().starts_with("text/csv"));
    let csv = response.text().await.unwrap();
    assert_eq!(csv.lines().count(), 4, "a header and three signals:\n{csv}");
    assert!(csv.contains(&pavement) && csv.contains("Разбит тротоар"), "{csv}");

    // Search: by words in any of their forms (the stream indexes what is filed), and by number.
    let search = |query: &'static str, token: String| {
        let stack = &stack;
        async move {
            let path = format!("/api/staff/documents?q={}", urlencoding(query));
            let deadline = Instant::now() + Duration::from_secs(20);
            loop {
                let (status, page) = stack.get_as(&path, Some(&token)).await;
                assert_eq!(status, 200, "{page}");
                let found: Vec<String> = page["items"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|i| i["number"].as_str().unwrap().to_owned())
                    .collect();
                if !found.is_empty() || Instant::now() > deadline {
                    return found;
                }
                tokio::time::sleep(Duration::from_millis(300)).await;
            }
        }
    };
    assert_eq!(search("дупка", op.to_owned()).await, [pothole.clone()]);
    assert_eq!(search("счупени клони", op.to_owned()).await, [tree.clone()], "decided documents are searched too");
    assert_eq!(search("ТРОТОАРА 512", op.to_owned()).await, [pavement.clone()]);
    assert_eq!(search("читалището", op.to_owned()).await, [letter.clone()]);
    assert_eq!(search("Краище", op.to_owned()).await, [pothole.clone()], "by the address alone");
    assert_eq!(search("молба", op.to_owned()).await, [letter.clone()], "by the title alone");
    let by_number = format!("/api/staff/documents?q={question}");
    let (_, page) = stack.get_as(&by_number, Some(op)).await;
    assert_eq!(page["items"][0]["number"], question.as_str());
    assert!(search("Йоанна", staff.lozenets.clone()).await.is_empty(), "another unit's signal is not found");
    // Any query is an answer or a 4xx naming q.
    for bad in ["%21%21%21", &"я".repeat(300)] {
        let (status, problem) = stack.get_as(&format!("/api/staff/documents?q={bad}"), Some(op)).await;
        assert_eq!((status, problem["errors"][0]["field"].as_str()), (400, Some("q")), "{problem}");
    }
    let (status, page) = stack.get_as("/api/staff/documents?q=%27%20OR%201%3D1%20--", Some(op)).await;
    assert_eq!((status, page["items"].as_array().map(Vec::len)), (200, Some(0)));

    // A month passes: every open document is overdue (the rejected one is decided, so not), all older than 3 days.
    stack.stack.time.advance_days(30);
    assert_eq!(as_set(view(&stack, op, "overdue=true").await), set(&[&pothole, &pavement, &question, &letter]));
    assert!(view(&stack, op, "overdue=true&status=all").await.iter().all(|n| n != &tree));
    assert_eq!(as_set(view(&stack, op, "older_than=3").await), set(&[&pothole, &pavement, &question, &letter]));
    let (_, page) = stack.get_as(&format!("/api/staff/documents?q={letter}"), Some(op)).await;
    assert!(page["items"][0]["days_overdue"].as_i64().unwrap() > 0, "{page}");
}

fn urlencoding(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// A bulk action's body: the action, the numbers, and each registry number's version as the operator reads it
/// now (what the clerk's view showed).
async fn bulk_body(stack: &TestStack, operator: &str, numbers: &[Value], action: Value) -> Value {
    let mut versions = serde_json::Map::new();
    for number in numbers
        .iter()
        .filter_map(Value::as_str)
        .filter(|n| n.parse::<sofia_core::domain::registry::RegistryNumber>().is_ok())
    {
        versions.insert(number.to_owned(), staff_view(stack, number, operator).await["version"].clone());
    }
    let mut body = action;
    body["numbers"] = json!(numbers);
    body["versions"] = Value::Object(versions);
    body
}

#[tokio::test]
async fn a_bulk_action_does_what_it_may_and_says_per_document_why_not() {
    let stack = TestStack::start().await;
    let staff = staff(&stack).await;
    let mut ours = Vec::new();
    for i in 0..3 {
        ours.push(
            file_in(&stack, "lozenets", "streets", "pothole", &format!("Дупка номер {i} на ул. Бяла черква")).await,
        );
    }
    let theirs = file_in(&stack, "lyulin", "streets", "pothole", "Дупка в Люлин пред блок 300").await;
    let mut numbers: Vec<Value> = ours.iter().map(|n| json!(n)).collect();
    numbers.push(json!(theirs));
    numbers.push(json!("not-a-number"));

    let op = staff.operator.as_str();
    let registered = json!({ "action": "status", "status": "registered", "note": "Приет за проверка." });
    let (status, answer) = stack
        .post_as("/api/staff/bulk", &bulk_body(&stack, op, &numbers, registered).await, Some(&staff.lozenets))
        .await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!((answer["done"].as_u64(), answer["refused"].as_u64()), (Some(3), Some(2)), "{answer}");
    let results = answer["results"].as_array().unwrap();
    for (result, number) in results.iter().zip(&ours) {
        assert_eq!((result["number"].as_str(), result["done"].as_bool()), (Some(number.as_str()), Some(true)));
        assert_eq!(result["acted"]["status"], "registered");
    }
    assert_eq!(results[3]["problem"]["status"], 403, "another unit's: {}", results[3]);
    assert_eq!(results[4]["problem"]["errors"][0]["field"], "numbers");
    // Nothing happened to the other unit's signal; the public note reached each of ours.
    assert_eq!(staff_view(&stack, &theirs, &staff.operator).await["document"]["status"], "new");
    let (_, public) = stack.get_as(&format!("/api/documents/{}", ours[0]), None).await;
    assert!(public.to_string().contains("Приет за проверка."), "{public}");

    // A transition the state machine refuses is refused for that document only.
    let answered = json!({ "action": "status", "status": "answered" });
    let (_, answer) = stack
        .post_as("/api/staff/bulk", &bulk_body(&stack, op, &[json!(ours[0])], answered).await, Some(&staff.lozenets))
        .await;
    assert_eq!(answer["results"][0]["problem"]["status"], 409, "{answer}");

    // A document changed since the clerk read it is refused, not overwritten; one whose version was not sent too.
    let ours_numbers: Vec<Value> = ours.iter().map(|n| json!(n)).collect();
    let spare = file_in(&stack, "lozenets", "streets", "pothole", "Дупка на ул. Бяла черква 20").await;
    let three = [json!(ours[0]), json!(ours[1]), json!(spare)];
    let mut stale = bulk_body(&stack, op, &three, json!({ "action": "status", "status": "registered" })).await;
    stale["versions"][ours[0].as_str()] = json!(1);
    stale["versions"].as_object_mut().unwrap().remove(ours[1].as_str());
    let (_, answer) = stack.post_as("/api/staff/bulk", &stale, Some(&staff.lozenets)).await;
    assert_eq!(answer["results"][0]["problem"]["type"], "/problems/stale-version", "{answer}");
    assert_eq!(answer["results"][1]["problem"]["errors"][0]["field"], "versions", "{answer}");
    assert_eq!((answer["results"][2]["done"].as_bool(), answer["done"].as_u64()), (Some(true), Some(1)), "{answer}");
    assert_eq!(staff_view(&stack, &ours[0], op).await["document"]["status"], "registered");

    // Assigned to the clerk at once: their work.
    let mine = json!({ "action": "assign_person", "assignee": "me" });
    let (_, answer) = stack
        .post_as("/api/staff/bulk", &bulk_body(&stack, op, &ours_numbers, mine).await, Some(&staff.lozenets))
        .await;
    assert_eq!(answer["done"], 3, "{answer}");
    assert_eq!(as_set(view(&stack, &staff.lozenets, "assignee=me").await), set(&ours.iter().collect::<Vec<_>>()));
    // Someone who is not a clerk of the unit cannot be named.
    let other = json!({ "action": "assign_person", "assignee": demo("lyulin").email });
    let (_, answer) = stack
        .post_as("/api/staff/bulk", &bulk_body(&stack, op, &[json!(ours[0])], other).await, Some(&staff.lozenets))
        .await;
    assert_eq!(answer["results"][0]["problem"]["errors"][0]["code"], "not_in_unit", "{answer}");

    // Forwarded at once: a unit's clerk may hand its own back to the Contact Center, not another unit's, and not
    // to another unit; the operator routes anywhere.
    let back = json!({ "action": "assign", "unit": "contact-center", "note": "Не е на район Лозенец." });
    let both = [json!(ours[2]), json!(theirs)];
    let (_, answer) =
        stack.post_as("/api/staff/bulk", &bulk_body(&stack, op, &both, back).await, Some(&staff.lozenets)).await;
    assert_eq!(
        (answer["results"][0]["done"].as_bool(), answer["results"][1]["problem"]["status"].as_u64()),
        (Some(true), Some(403)),
        "{answer}"
    );
    assert_eq!(staff_view(&stack, &ours[2], op).await["document"]["unit"]["id"], "contact-center");
    assert_eq!(staff_view(&stack, &theirs, op).await["document"]["unit"]["id"], "district-lyulin");
    let sideways = json!({ "action": "assign", "unit": "district-lyulin" });
    let (_, answer) = stack
        .post_as(
            "/api/staff/bulk",
            &bulk_body(&stack, op, &[json!(ours[1])], sideways.clone()).await,
            Some(&staff.lozenets),
        )
        .await;
    assert_eq!(answer["results"][0]["done"], false, "a unit forwards only to the Contact Center: {answer}");
    let (_, answer) =
        stack.post_as("/api/staff/bulk", &bulk_body(&stack, op, &[json!(ours[2])], sideways).await, Some(op)).await;
    assert_eq!(answer["done"], 1, "{answer}");
    assert_eq!(staff_view(&stack, &ours[2], op).await["document"]["unit"]["id"], "district-lyulin");

    // The request itself is checked first.
    let (status, problem) =
        stack.post_as("/api/staff/bulk", &json!({ "numbers": [], "action": "dance" }), Some(&staff.lozenets)).await;
    assert_eq!(status, 422);
    let fields: BTreeSet<&str> =
        problem["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, BTreeSet::from(["numbers", "action", "versions"]));
}

#[tokio::test]
async fn an_assignment_is_in_the_staff_history_not_the_public_one() {
    let stack = TestStack::start().await;
    let staff = staff(&stack).await;
    let number = file_in(&stack, "lozenets", "streets", "pothole", "Дупка на ъгъла на ул. Златен рог").await;
    let version = staff_view(&stack, &number, &staff.lozenets).await["version"].clone();
    let (status, acted) = stack
        .post_as(
            &format!("/api/staff/documents/{number}/assignee"),
            &json!({ "assignee": demo("lozenets").email, "version": version }),
            Some(&staff.lozenets),
        )
        .await;
    assert_eq!(status, 200, "{acted}");
    let view = staff_view(&stack, &number, &staff.operator).await;
    assert_eq!(view["assignee"], demo("lozenets").email.to_lowercase());
    assert!(
        view["history"].as_array().unwrap().iter().any(|e| e["change"]["type"] == "assigned_to"),
        "{}",
        view["history"]
    );
    let (_, public) = stack.get_as(&format!("/api/documents/{number}"), None).await;
    assert!(!public.to_string().contains("assigned_to"), "{public}");
    // The row says who has it.
    let (_, page) = stack.get_as("/api/staff/documents?assignee=me", Some(&staff.lozenets)).await;
    assert_eq!(page["items"][0]["assignee"], demo("lozenets").email.to_lowercase());
    // Another unit's clerk cannot be named; a stale version is refused.
    let version = view["version"].clone();
    let (status, problem) = stack
        .post_as(
            &format!("/api/staff/documents/{number}/assignee"),
            &json!({ "assignee": demo("lyulin").email, "version": version }),
            Some(&staff.lozenets),
        )
        .await;
    assert_eq!((status, problem["errors"][0]["field"].as_str()), (422, Some("assignee")), "{problem}");
    let (status, _) = stack
        .post_as(
            &format!("/api/staff/documents/{number}/assignee"),
            &json!({ "assignee": null, "version": 1 }),
            Some(&staff.lozenets),
        )
        .await;
    assert_eq!(status, 409);
    // The clerks a document can be given to.
    let (status, people) = stack.get_as("/api/staff/people?unit=district-lozenets", Some(&staff.lozenets)).await;
    assert_eq!(status, 200);
    assert!(people["people"].as_array().unwrap().iter().any(|p| p == &json!(demo("lozenets").email.to_lowercase())));
}

/// Polls `path` until `ready` holds of its answer (the stream keeps the counters a moment after a change).
#[tokio::test]
async fn counts_per_filter_and_staff_statistics_come_from_counters() {
    let stack = TestStack::start().await;
    let staff = staff(&stack).await;
    let op = staff.operator.as_str();
    let mut phoned = Vec::new();
    for street in ["ул. Кричим 2", "ул. Кричим 4"] {
        phoned.push(
            take_in(
                &stack,
                op,
                json!({ "channel": "phone", "kind": "signal", "category": "streets", "type": "pothole",
                        "location": { "address": street, "district": "lozenets" },
                        "description": "Дупка на платното, съобщена по телефона" }),
            )
            .await,
        );
    }
    take_in(
        &stack,
        op,
        json!({ "channel": "email", "kind": "question", "topic": "local-taxes", "description": "Как се плаща данък?" }),
    )
    .await;
    file_in(&stack, "lyulin", "streets", "pavement", "Разбит тротоар до спирката на бул. Джавахарлал Неру").await;

    // Counts per filter, for the whole city and for a unit.
    let city = stack.get_when("/api/staff/counts", Some(op), |b| b["counts"]["status"]["new"] == 4).await;
    assert_eq!(city["counts"]["open"]["channel"]["phone"], 2, "{city}");
    assert_eq!(city["counts"]["open"]["district"]["lozenets"], 2);
    assert_eq!(city["counts"]["open"]["kind"]["signal"], 3);
    assert_eq!(city["counts"]["open"]["category"]["streets"], 3);
    assert_eq!(
        (city["counts"]["open"]["type"]["pothole"].as_i64(), city["counts"]["open"]["type"]["pavement"].as_i64()),
        (Some(2), Some(1)),
        "{city}"
    );
    assert_eq!(city["counts"]["open"]["unit"]["district-lozenets"], 2, "{city}");
    let unit = stack.get_when("/api/staff/counts", Some(&staff.lozenets), |b| b["counts"]["status"]["new"] == 2).await;
    assert_eq!(unit["unit"], "district-lozenets");

    // The clerk acts on one (the first action), takes it, and closes it.
    let number = &phoned[0];
    let version = staff_view(&stack, number, &staff.lozenets).await["version"].clone();
    let (status, _) = stack
        .post_as(
            &format!("/api/staff/documents/{number}/assignee"),
            &json!({ "assignee": "me", "version": version }),
            Some(&staff.lozenets),
        )
        .await;
    assert_eq!(status, 200);
    let version = staff_view(&stack, number, &staff.lozenets).await["version"].clone();
    let (status, _) = stack
        .post_as(
            &format!("/api/staff/documents/{number}/status"),
            &json!({ "status": "rejected", "note": "Не е общинска улица.", "version": version }),
            Some(&staff.lozenets),
        )
        .await;
    assert_eq!(status, 200);
    let unit =
        stack.get_when("/api/staff/counts", Some(&staff.lozenets), |b| b["counts"]["status"]["rejected"] == 1).await;
    assert_eq!(unit["counts"]["status"]["new"], 1, "{unit}");

    let statistics = stack
        .get_when("/api/staff/statistics", Some(op), |b| b["units"]["closed"]["district-lozenets"]["count"] == 1)
        .await;
    assert_eq!(statistics["units"]["filed"]["district-lozenets"]["count"], 2, "{statistics}");
    assert_eq!(statistics["units"]["first_action"]["district-lozenets"]["count"], 1);
    assert!(statistics["units"]["first_action"]["district-lozenets"]["mean_hours"].is_number());
    assert_eq!(statistics["channels"]["phone"], 2);
    assert_eq!(statistics["channels"]["web"], 1);
    let clerk = demo("lozenets").email.to_lowercase();
    assert_eq!(statistics["clerks"]["closed"][clerk.as_str()]["count"], 1, "{statistics}");
    assert_eq!(statistics["ageing"]["district-lozenets"]["0-7"], 1, "one still open: {statistics}");
    // A clerk sees their unit's lines, not other clerks'.
    let (_, own) = stack.get_as("/api/staff/statistics", Some(&staff.lozenets)).await;
    assert!(own["clerks"].as_object().is_none_or(|c| c.is_empty()), "{own}");
    assert!(own["units"]["filed"].get("district-lyulin").is_none(), "{own}");
    // As CSV, and a bad month named.
    let response = stack.http.get(stack.url("/api/staff/statistics?format=csv")).bearer_auth(op).send().await.unwrap();
    let csv = response.text().await.unwrap();
    assert!(csv.contains("first_action") && csv.contains("open_0-7_days"), "{csv}");
    let (status, problem) = stack.get_as("/api/staff/statistics?month=2026-13", Some(op)).await;
    assert_eq!((status, problem["errors"][0]["field"].as_str()), (400, Some("month")));

    // The open one ages with the clock: it leaves its band for the next ones, and past 180 days it is counted
    // as what is left of the unit's open total.
    for (days, band) in [(40, "31-90"), (150, "181+")] {
        stack.stack.time.advance_days(days);
        let (_, later) = stack.get_as("/api/staff/statistics", Some(&staff.lozenets)).await;
        let bands = &later["ageing"]["district-lozenets"];
        assert_eq!(bands[band], 1, "{band} after {days} more days: {later}");
        let open: u64 = bands.as_object().unwrap().values().map(|n| n.as_u64().unwrap()).sum();
        assert_eq!(open, 1, "counted once: {later}");
    }
}

#[tokio::test]
async fn the_most_followed_come_first_and_only_followed_ones_when_asked() {
    let stack = TestStack::start().await;
    let staff = staff(&stack).await;
    let quiet = file_in(&stack, "lozenets", "streets", "pothole", "Дупка, която никой не следи").await;
    let popular = file_in(&stack, "lozenets", "streets", "pothole", "Дупка, която следят двама съседи").await;
    let followed = file_in(&stack, "lyulin", "streets", "pothole", "Дупка в Люлин, която следи един").await;
    for (number, people) in [(&popular, 2), (&followed, 1)] {
        for i in 0..people {
            let token = sofia_tests::signed_in_user(&stack, &unique_email("neighbour"), &format!("Съсед {i}")).await;
            let response = stack
                .http
                .put(stack.url(&format!("/api/me/subscriptions/{number}")))
                .bearer_auth(&token)
                .send()
                .await
                .unwrap();
            assert_eq!(response.status().as_u16(), 201);
        }
    }
    let page = stack
        .get_when("/api/staff/documents?sort=followers", Some(&staff.operator), |b| {
            b["items"].as_array().is_some_and(|i| i.len() == 2 && i[0]["followers"] == 2)
        })
        .await;
    let numbers: Vec<&str> = page["items"].as_array().unwrap().iter().map(|i| i["number"].as_str().unwrap()).collect();
    assert_eq!(numbers, [popular.as_str(), followed.as_str()], "most followed first, none unfollowed");
    assert!(!numbers.contains(&quiet.as_str()));
    // A unit's followed ones; the rows say how many follow.
    let (_, own) = stack.get_as("/api/staff/documents?followed=true", Some(&staff.lozenets)).await;
    assert_eq!(own["items"].as_array().unwrap().len(), 1, "{own}");
    assert_eq!(
        (own["items"][0]["number"].as_str(), own["items"][0]["followers"].as_u64()),
        (Some(popular.as_str()), Some(2))
    );
    // Forwarded to Lyulin, it is followed there, not in Lozenets any more.
    let forward = json!({ "action": "assign", "unit": "district-lyulin" });
    let body = bulk_body(&stack, &staff.operator, &[json!(popular)], forward).await;
    assert_eq!(stack.post_as("/api/staff/bulk", &body, Some(&staff.operator)).await.1["done"], 1);
    let has =
        |page: &Value, number: &str| page["items"].as_array().is_some_and(|i| i.iter().any(|r| r["number"] == number));
    stack.get_when("/api/staff/documents?followed=true", Some(&staff.lyulin), |b| has(b, &popular)).await;
    let ours = stack.get_when("/api/staff/documents?followed=true", Some(&staff.lozenets), |b| !has(b, &popular)).await;
    assert!(ours["items"].as_array().unwrap().is_empty(), "Lozenets follows nothing now: {ours}");
    assert!(ours["next_cursor"].is_null(), "{ours}");
    // A search with "followed only" keeps to the followed ones too (it reads the term index, not the followed one).
    let path = format!("/api/staff/documents?q={}&followed=true", urlencoding("дупка"));
    let found =
        stack.get_when(&path, Some(&staff.operator), |b| b["items"].as_array().is_some_and(|i| !i.is_empty())).await;
    let numbers: Vec<&str> = found["items"].as_array().unwrap().iter().map(|i| i["number"].as_str().unwrap()).collect();
    assert!(numbers.contains(&popular.as_str()) && !numbers.contains(&quiet.as_str()), "{found}");
}
