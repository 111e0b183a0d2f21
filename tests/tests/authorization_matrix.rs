//! The authorization matrix: every route of template.yaml, called by an anonymous visitor, the owner of the
//! documents involved, another registered user, a clerk of the unit the owner's signal is assigned to (Lozenets),
//! a clerk of another unit (Lyulin), an operator and an administrator, each getting exactly what it should.
//! A route added to the template without a row here fails this test.

use local_stack::StackOptions;
use local_stack::template::Template;
use serde_json::{Value, json};
use sofia_tests::{TestStack, demo, json as read, sign_in, signed_in_user, unique_email, valid_signal};
use std::collections::BTreeSet;

const WHO: [&str; 7] = ["anonymous", "owner", "other user", "unit clerk", "other unit clerk", "operator", "admin"];

struct Row {
    method: &'static str,
    /// The route as the template writes it.
    route: &'static str,
    /// The concrete path called.
    path: String,
    body: Option<Value>,
    /// Extra header for every caller (the sender's access token).
    access_token: Option<String>,
    expected: [u16; 7],
}

/// A row whose path is `path`; `route` is the template's method and path ("GET /api/map").
fn row(route: &'static str, path: impl Into<String>, body: Option<Value>, expected: [u16; 7]) -> Row {
    let (method, route) = route.split_once(' ').expect("a route is a method and a path");
    Row { method, route, path: path.into(), body, access_token: None, expected }
}

/// A row that calls the route's own path.
fn at(route: &'static str, body: Option<Value>, expected: [u16; 7]) -> Row {
    row(route, route.split_once(' ').map_or(route, |(_, path)| path), body, expected)
}

/// A row that calls the route on one document (and on a photo or attachment id that does not exist).
fn on(number: &str, route: &'static str, body: Option<Value>, expected: [u16; 7]) -> Row {
    let path = route.split_once(' ').map_or(route, |(_, path)| path);
    let path = path.replace("{number}", number).replace("{photo_id}", PHOTO_ID).replace("{attachment_id}", PHOTO_ID);
    row(route, path, body, expected)
}

/// A staff change of a document at a version it no longer has (999).
fn stale(number: &str, route: &'static str, mut body: Value) -> Row {
    body["version"] = json!(999);
    on(number, route, Some(body), UNIT_CHANGE)
}

const PHOTO_ID: &str = "abcdefghij0123456789";

/// Refused to anonymous callers, `code` for every signed-in one.
fn signed_in(code: u16) -> [u16; 7] {
    [401, code, code, code, code, code, code]
}

/// The owner's own document: `code` for the owner, as never issued for anyone else.
fn owner_only(code: u16) -> [u16; 7] {
    [401, code, 404, 404, 404, 404, 404]
}

fn admin_only(code: u16) -> [u16; 7] {
    [401, 403, 403, 403, 403, 403, code]
}

/// Staff of any unit.
const STAFF: [u16; 7] = [401, 403, 403, 200, 200, 200, 200];
/// The Contact Center's operators and the administrators.
const OPERATORS: [u16; 7] = [401, 403, 403, 403, 403, 200, 200];
/// The Lozenets unit's own queue: its clerk, operators and administrators.
const UNIT_READ: [u16; 7] = [401, 403, 403, 200, 403, 200, 200];
/// A change with a stale version on the Lozenets signal: the unit's clerk, operators and administrators pass the
/// role check and meet the version check (409); everyone else is refused first.
const UNIT_CHANGE: [u16; 7] = [401, 403, 403, 409, 403, 409, 409];

#[tokio::test]
async fn every_route_answers_each_kind_of_caller_as_it_should() {
    let stack = TestStack::start().await;
    let owner_email = unique_email("owner");
    let owner = signed_in_user(&stack, &owner_email, "Собственик Тестов").await;
    let other = signed_in_user(&stack, &unique_email("other"), "Друг Тестов").await;
    let staff = sign_in(&stack, demo("operator").email, demo("operator").password).await;
    let clerk = sign_in(&stack, demo("lozenets").email, demo("lozenets").password).await;
    let other_clerk = sign_in(&stack, demo("lyulin").email, demo("lyulin").password).await;
    let admin = sign_in(&stack, demo("admin").email, demo("admin").password).await;
    let tokens = [
        None,
        Some(owner.clone()),
        Some(other.clone()),
        Some(clerk),
        Some(other_clerk),
        Some(staff.clone()),
        Some(admin),
    ];

    // The owner's documents: a signal in Lozenets (public, routed to the district's unit) and a letter (private,
    // with the Contact Center).
    let mut signal_body = valid_signal(&owner_email);
    signal_body.as_object_mut().unwrap().remove("email");
    signal_body["location"] = json!({ "lat": 42.675, "lon": 23.325 });
    let (_, signal) = stack.post_as("/api/me/signals", &signal_body, Some(&owner)).await;
    let signal_number = signal["number"].as_str().unwrap().to_owned();
    let signal_token = signal["follow_url"].as_str().unwrap().split("#token=").nth(1).unwrap().to_owned();
    let letter = json!({ "kind": "letter", "title": "Писмо до района", "description": "Текст на писмото до районната администрация." });
    let (_, letter) = stack.post_as("/api/me/documents", &letter, Some(&owner)).await;
    let letter_number = letter["number"].as_str().unwrap().to_owned();
    let letter_token = letter["follow_url"].as_str().unwrap().split("#token=").nth(1).unwrap().to_owned();
    let attachment = json!({ "file_name": "a.pdf", "content_type": "application/pdf", "size": 100 });
    let upload = json!({ "content_type": "image/jpeg", "size": 1000 });

    let mut rows = vec![
        at("GET /api/catalogue", None, [200; 7]),
        at("GET /api/map", None, [200; 7]),
        at("GET /api/feed.atom", None, [200; 7]),
        at("GET /api/overview", None, [200; 7]),
        at("GET /api/calendar", None, [200; 7]),
        row("GET /api/registry/{year}", "/api/registry/2026", None, [200; 7]),
        at("GET /api/accounts", None, [200; 7]),
        row("GET /api/signals/nearby", "/api/signals/nearby?lat=42.69&lon=23.32", None, [200; 7]),
        at("POST /api/signals", Some(valid_signal(&unique_email("x"))), [201; 7]),
        at("POST /api/questions", Some(json!({ "topic": "other", "description": "Въпрос към общината?" })), [201; 7]),
        at("POST /api/me/signals", Some(signal_body.clone()), signed_in(201)),
        at(
            "POST /api/me/questions",
            Some(json!({ "topic": "other", "description": "Въпрос към общината?" })),
            signed_in(201),
        ),
        at(
            "POST /api/me/documents",
            Some(json!({ "kind": "proposal", "title": "Предложение", "description": "Предлагам пейки в парка." })),
            signed_in(201),
        ),
        // Public documents are public to all; a private one does not exist for anyone without its token.
        on(&signal_number, "GET /api/documents/{number}", None, [200; 7]),
        on(&letter_number, "GET /api/documents/{number}", None, [404; 7]),
        Row {
            access_token: Some(letter_token.clone()),
            ..on(&letter_number, "GET /api/documents/{number}", None, [200; 7])
        },
        at("GET /api/me/documents", None, signed_in(200)),
        on(&letter_number, "GET /api/me/documents/{number}", None, owner_only(200)),
        on(&signal_number, "GET /api/me/documents/{number}", None, owner_only(200)),
        // Photos: only with the signal's access token, whoever is signed in.
        on(&signal_number, "POST /api/documents/{number}/photos", Some(upload.clone()), [403; 7]),
        Row {
            access_token: Some(signal_token.clone()),
            ..on(&signal_number, "POST /api/documents/{number}/photos", Some(upload), [201; 7])
        },
        on(&signal_number, "POST /api/documents/{number}/photos/{photo_id}", None, [403; 7]),
        Row {
            access_token: Some(signal_token.clone()),
            ..on(&signal_number, "POST /api/documents/{number}/photos/{photo_id}", None, [409; 7])
        },
        // A private document's public routes answer as a number never issued.
        on(
            &letter_number,
            "POST /api/documents/{number}/photos",
            Some(json!({ "content_type": "image/jpeg", "size": 1000 })),
            [404; 7],
        ),
        on(&letter_number, "POST /api/documents/{number}/photos/{photo_id}", None, [404; 7]),
        on(&letter_number, "POST /api/documents/{number}/reopen", None, [404; 7]),
        // "Is it fixed?": only with the signed token of that mail; a private document's is never issued.
        on(
            &signal_number,
            "POST /api/documents/{number}/fixed-check",
            Some(json!({ "answer": "fixed", "token": "x.y" })),
            [422; 7],
        ),
        on(
            &letter_number,
            "POST /api/documents/{number}/fixed-check",
            Some(json!({ "answer": "fixed", "token": "x.y" })),
            [404; 7],
        ),
        // Attachments: the owner of the letter only.
        on(&letter_number, "POST /api/me/documents/{number}/attachments", Some(attachment), owner_only(201)),
        on(
            &letter_number,
            "POST /api/me/documents/{number}/attachments/{attachment_id}",
            Some(json!({})),
            owner_only(409),
        ),
        // The back office: staff only; another unit's clerk is refused before the version is checked; a stale
        // version (999) is refused after the role check.
        on(&letter_number, "GET /api/staff/documents/{number}", None, OPERATORS),
        stale(&signal_number, "POST /api/staff/documents/{number}/assign", json!({ "unit": "district-lyulin" })),
        stale(&signal_number, "POST /api/staff/documents/{number}/status", json!({ "status": "registered" })),
        stale(&signal_number, "POST /api/staff/documents/{number}/replies", json!({ "text": "Отговор" })),
        stale(&signal_number, "POST /api/staff/documents/{number}/notes", json!({ "text": "Бележка" })),
        stale(&signal_number, "POST /api/staff/documents/{number}/duplicate", json!({ "of": "2026-000001" })),
        stale(
            &signal_number,
            "POST /api/staff/documents/{number}/moderate",
            json!({ "description": "Редактирано описание" }),
        ),
        row("GET /api/staff/queues/{unit}", "/api/staff/queues/contact-center", None, OPERATORS),
        at("GET /api/staff/templates", None, STAFF),
        // The one view: every clerk sees their own unit's, operators everything; another unit's is refused.
        at("GET /api/staff/documents", None, STAFF),
        row("GET /api/staff/documents", "/api/staff/documents?unit=district-lozenets", None, UNIT_READ),
        row("GET /api/staff/people", "/api/staff/people?unit=district-lozenets", None, UNIT_READ),
        at("GET /api/staff/counts", None, STAFF),
        row("GET /api/staff/counts", "/api/staff/counts?unit=district-lozenets", None, UNIT_READ),
        at("GET /api/staff/statistics", None, STAFF),
        row("GET /api/staff/statistics", "/api/staff/statistics?unit=district-lozenets", None, UNIT_READ),
        stale(&signal_number, "POST /api/staff/documents/{number}/assignee", json!({ "assignee": null })),
        // A bulk action answers per document: the role check refuses citizens, the document check the rest.
        at(
            "POST /api/staff/bulk",
            Some(json!({ "numbers": [signal_number], "versions": { signal_number.as_str(): 1 },
                         "action": "assign_person", "assignee": null })),
            STAFF,
        ),
        at(
            "POST /api/staff/intake",
            Some(json!({ "channel": "phone", "kind": "question", "topic": "local-taxes",
                         "description": "Кога е срокът за данък сгради?" })),
            [401, 403, 403, 403, 403, 201, 201],
        ),
        row("GET /api/staff/queues/{unit}", "/api/staff/queues/district-lozenets", None, UNIT_READ),
        row(
            "PUT /api/admin/templates/{category}/{status}",
            "/api/admin/templates/any/resolved",
            Some(json!({ "text_bg": "Решено.", "text_en": "Resolved." })),
            admin_only(200),
        ),
        at("PUT /api/admin/calendar", Some(json!({ "days_off": [], "working_days": [] })), admin_only(200)),
        at(
            "POST /api/admin/staff",
            Some(json!({ "email": unique_email("clerk"), "name": "Служител", "role": "operators" })),
            admin_only(201),
        ),
        at("GET /api/admin/staff", None, admin_only(200)),
        // Only a staff account is changed: an address nobody on the staff holds is not found, for admins only.
        row(
            "PUT /api/admin/staff/{email}",
            "/api/admin/staff/nobody%40example.bg",
            Some(json!({ "enabled": false })),
            admin_only(404),
        ),
        // Subscriptions: registered users follow signals (anyone's), not private documents.
        on(&signal_number, "PUT /api/me/subscriptions/{number}", None, signed_in(201)),
        on(&letter_number, "PUT /api/me/subscriptions/{number}", None, signed_in(404)),
        on(&signal_number, "DELETE /api/me/subscriptions/{number}", None, signed_in(200)),
        at("PUT /api/me/alerts", Some(json!({ "district": "lozenets" })), signed_in(201)),
        row("DELETE /api/me/alerts", "/api/me/alerts?district=lozenets", None, signed_in(200)),
        at("GET /api/me/subscriptions", None, signed_in(200)),
        row("POST /api/unsubscribe", "/api/unsubscribe?token=forged.token", None, [400; 7]),
        // Open311: public reads; filing needs an api_key (403 in the spec's format without one); keys are admins'.
        row("GET /open311/v2/{file}", "/open311/v2/services.json", None, [200; 7]),
        row("GET /open311/v2/services/{file}", "/open311/v2/services/streets.pothole.json", None, [200; 7]),
        row("GET /open311/v2/requests/{file}", format!("/open311/v2/requests/{letter_number}.json"), None, [404; 7]),
        row("POST /open311/v2/{file}", "/open311/v2/requests.json", None, [403; 7]),
        row("GET /open311/v2/tokens/{file}", format!("/open311/v2/tokens/{signal_number}.json"), None, [200; 7]),
        at("POST /api/admin/open311-keys", Some(json!({ "client": "Test app" })), admin_only(201)),
        // Reopening is the sender's, with the access token; this signal is not resolved.
        on(&signal_number, "POST /api/documents/{number}/reopen", None, [403; 7]),
        Row {
            access_token: Some(signal_token.clone()),
            ..on(&signal_number, "POST /api/documents/{number}/reopen", None, [409; 7])
        },
        // Accounts.
        at("GET /api/me", None, signed_in(200)),
        at("GET /api/account/profile", None, signed_in(200)),
        at("GET /api/account/export", None, signed_in(200)),
        at("DELETE /api/account", Some(json!({ "password": "not-the-password-1" })), signed_in(422)),
        at("PUT /api/account/profile", Some(json!({ "name": "Ново Име" })), signed_in(200)),
        at("POST /api/account/change-password", Some(json!({})), signed_in(422)),
        at("POST /api/account/register", Some(json!({})), [422; 7]),
        at("POST /api/account/confirm", Some(json!({})), [422; 7]),
        at("POST /api/account/login", Some(json!({})), [422; 7]),
        at("POST /api/account/refresh", Some(json!({ "refresh_token": "forged" })), [401; 7]),
        at("POST /api/account/forgot-password", Some(json!({ "email": unique_email("n") })), [202; 7]),
        at("POST /api/account/resend-code", Some(json!({ "email": unique_email("n") })), [202; 7]),
        at("POST /api/account/reset-password", Some(json!({})), [422; 7]),
    ];
    // Signing out ends the session, so it is called last.
    rows.push(at("POST /api/account/logout", Some(json!({})), signed_in(200)));

    let mut failures = Vec::new();
    for row in &rows {
        for (who, token) in WHO.iter().zip(&tokens) {
            let mut request = stack.http.request(row.method.parse().unwrap(), stack.url(&row.path));
            if let Some(token) = token {
                request = request.bearer_auth(token);
            }
            if let Some(access) = &row.access_token {
                request = request.header("x-access-token", access);
            }
            if let Some(body) = &row.body {
                request = request.json(body);
            }
            let (status, _, body) = read(request.send().await.unwrap()).await;
            let expected = row.expected[WHO.iter().position(|w| w == who).unwrap()];
            if status != expected {
                failures.push(format!("{} {} as {who}: {status}, expected {expected}: {body}", row.method, row.path));
            }
        }
    }
    assert!(failures.is_empty(), "{} mismatches:\n{}", failures.len(), failures.join("\n"));

    // What the callers saw of each other: the lists hold only their own documents, the profiles their own data.
    let (_, other_list) = stack.get_as("/api/me/documents", Some(&other)).await;
    assert!(!other_list.to_string().contains(&letter_number));
    let (_, staff_list) = stack.get_as("/api/me/documents", Some(&staff)).await;
    assert!(!staff_list.to_string().contains(&letter_number));
    let (_, public) = stack.get_as(&format!("/api/documents/{signal_number}"), Some(&other)).await;
    assert!(public.get("sender").is_none() && !public.to_string().contains(&owner_email));

    // Every route of the template is in the matrix.
    let template = Template::load(&StackOptions::repository_root().join("template.yaml")).unwrap();
    let routed: BTreeSet<(String, String)> =
        template.routes().unwrap().into_iter().map(|r| (r.method, r.path)).collect();
    let covered: BTreeSet<(String, String)> = rows.iter().map(|r| (r.method.to_owned(), r.route.to_owned())).collect();
    let missing: Vec<_> = routed.difference(&covered).collect();
    assert!(missing.is_empty(), "routes without a row in the matrix: {missing:?}");
    stack.stack.stop().await;
}
