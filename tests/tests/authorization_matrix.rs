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

fn row(
    method: &'static str,
    route: &'static str,
    path: impl Into<String>,
    body: Option<Value>,
    expected: [u16; 7],
) -> Row {
    Row { method, route, path: path.into(), body, access_token: None, expected }
}

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
    let photo_id = "abcdefghij0123456789";
    let attachment = json!({ "file_name": "a.pdf", "content_type": "application/pdf", "size": 100 });
    let upload = json!({ "content_type": "image/jpeg", "size": 1000 });

    let mut rows = vec![
        row("GET", "/api/catalogue", "/api/catalogue", None, [200, 200, 200, 200, 200, 200, 200]),
        row("GET", "/api/map", "/api/map", None, [200, 200, 200, 200, 200, 200, 200]),
        row("GET", "/api/feed.atom", "/api/feed.atom", None, [200, 200, 200, 200, 200, 200, 200]),
        row("GET", "/api/overview", "/api/overview", None, [200, 200, 200, 200, 200, 200, 200]),
        row(
            "GET",
            "/api/signals/nearby",
            "/api/signals/nearby?lat=42.69&lon=23.32",
            None,
            [200, 200, 200, 200, 200, 200, 200],
        ),
        row(
            "POST",
            "/api/signals",
            "/api/signals",
            Some(valid_signal(&unique_email("x"))),
            [201, 201, 201, 201, 201, 201, 201],
        ),
        row(
            "POST",
            "/api/questions",
            "/api/questions",
            Some(json!({ "topic": "other", "description": "Въпрос към общината?" })),
            [201, 201, 201, 201, 201, 201, 201],
        ),
        row(
            "POST",
            "/api/me/signals",
            "/api/me/signals",
            Some(signal_body.clone()),
            [401, 201, 201, 201, 201, 201, 201],
        ),
        row(
            "POST",
            "/api/me/questions",
            "/api/me/questions",
            Some(json!({ "topic": "other", "description": "Въпрос към общината?" })),
            [401, 201, 201, 201, 201, 201, 201],
        ),
        row(
            "POST",
            "/api/me/documents",
            "/api/me/documents",
            Some(json!({ "kind": "proposal", "title": "Предложение", "description": "Предлагам пейки в парка." })),
            [401, 201, 201, 201, 201, 201, 201],
        ),
        // Public documents are public to all; a private one does not exist for anyone without its token.
        row(
            "GET",
            "/api/documents/{number}",
            format!("/api/documents/{signal_number}"),
            None,
            [200, 200, 200, 200, 200, 200, 200],
        ),
        row(
            "GET",
            "/api/documents/{number}",
            format!("/api/documents/{letter_number}"),
            None,
            [404, 404, 404, 404, 404, 404, 404],
        ),
        Row {
            access_token: Some(letter_token.clone()),
            ..row(
                "GET",
                "/api/documents/{number}",
                format!("/api/documents/{letter_number}"),
                None,
                [200, 200, 200, 200, 200, 200, 200],
            )
        },
        row("GET", "/api/me/documents", "/api/me/documents", None, [401, 200, 200, 200, 200, 200, 200]),
        row(
            "GET",
            "/api/me/documents/{number}",
            format!("/api/me/documents/{letter_number}"),
            None,
            [401, 200, 404, 404, 404, 404, 404],
        ),
        row(
            "GET",
            "/api/me/documents/{number}",
            format!("/api/me/documents/{signal_number}"),
            None,
            [401, 200, 404, 404, 404, 404, 404],
        ),
        // Photos: only with the signal's access token, whoever is signed in.
        row(
            "POST",
            "/api/documents/{number}/photos",
            format!("/api/documents/{signal_number}/photos"),
            Some(upload.clone()),
            [403, 403, 403, 403, 403, 403, 403],
        ),
        Row {
            access_token: Some(signal_token.clone()),
            ..row(
                "POST",
                "/api/documents/{number}/photos",
                format!("/api/documents/{signal_number}/photos"),
                Some(upload),
                [201, 201, 201, 201, 201, 201, 201],
            )
        },
        row(
            "POST",
            "/api/documents/{number}/photos/{photo_id}",
            format!("/api/documents/{signal_number}/photos/{photo_id}"),
            None,
            [403, 403, 403, 403, 403, 403, 403],
        ),
        Row {
            access_token: Some(signal_token.clone()),
            ..row(
                "POST",
                "/api/documents/{number}/photos/{photo_id}",
                format!("/api/documents/{signal_number}/photos/{photo_id}"),
                None,
                [409, 409, 409, 409, 409, 409, 409],
            )
        },
        // A private document's public routes answer as a number never issued.
        row(
            "POST",
            "/api/documents/{number}/photos",
            format!("/api/documents/{letter_number}/photos"),
            Some(json!({ "content_type": "image/jpeg", "size": 1000 })),
            [404, 404, 404, 404, 404, 404, 404],
        ),
        row(
            "POST",
            "/api/documents/{number}/photos/{photo_id}",
            format!("/api/documents/{letter_number}/photos/{photo_id}"),
            None,
            [404, 404, 404, 404, 404, 404, 404],
        ),
        row(
            "POST",
            "/api/documents/{number}/reopen",
            format!("/api/documents/{letter_number}/reopen"),
            None,
            [404, 404, 404, 404, 404, 404, 404],
        ),
        // Attachments: the owner of the letter only.
        row(
            "POST",
            "/api/me/documents/{number}/attachments",
            format!("/api/me/documents/{letter_number}/attachments"),
            Some(attachment),
            [401, 201, 404, 404, 404, 404, 404],
        ),
        row(
            "POST",
            "/api/me/documents/{number}/attachments/{attachment_id}",
            format!("/api/me/documents/{letter_number}/attachments/{photo_id}"),
            Some(json!({})),
            [401, 409, 404, 404, 404, 404, 404],
        ),
        // The back office: staff only; another unit's clerk is refused before the version is checked; a stale
        // version (999) is refused after the role check.
        row(
            "GET",
            "/api/staff/documents/{number}",
            format!("/api/staff/documents/{letter_number}"),
            None,
            [401, 403, 403, 403, 403, 200, 200],
        ),
        row(
            "POST",
            "/api/staff/documents/{number}/assign",
            format!("/api/staff/documents/{signal_number}/assign"),
            Some(json!({ "unit": "district-lyulin", "version": 999 })),
            [401, 403, 403, 409, 403, 409, 409],
        ),
        row(
            "POST",
            "/api/staff/documents/{number}/status",
            format!("/api/staff/documents/{signal_number}/status"),
            Some(json!({ "status": "registered", "version": 999 })),
            [401, 403, 403, 409, 403, 409, 409],
        ),
        row(
            "POST",
            "/api/staff/documents/{number}/replies",
            format!("/api/staff/documents/{signal_number}/replies"),
            Some(json!({ "text": "Отговор", "version": 999 })),
            [401, 403, 403, 409, 403, 409, 409],
        ),
        row(
            "POST",
            "/api/staff/documents/{number}/notes",
            format!("/api/staff/documents/{signal_number}/notes"),
            Some(json!({ "text": "Бележка", "version": 999 })),
            [401, 403, 403, 409, 403, 409, 409],
        ),
        row(
            "POST",
            "/api/staff/documents/{number}/duplicate",
            format!("/api/staff/documents/{signal_number}/duplicate"),
            Some(json!({ "of": "2026-000001", "version": 999 })),
            [401, 403, 403, 409, 403, 409, 409],
        ),
        row(
            "POST",
            "/api/staff/documents/{number}/moderate",
            format!("/api/staff/documents/{signal_number}/moderate"),
            Some(json!({ "description": "Редактирано описание", "version": 999 })),
            [401, 403, 403, 409, 403, 409, 409],
        ),
        row(
            "GET",
            "/api/staff/queues/{unit}",
            "/api/staff/queues/contact-center",
            None,
            [401, 403, 403, 403, 403, 200, 200],
        ),
        row(
            "GET",
            "/api/staff/queues/{unit}/counts",
            "/api/staff/queues/contact-center/counts",
            None,
            [401, 403, 403, 403, 403, 200, 200],
        ),
        row("GET", "/api/staff/templates", "/api/staff/templates", None, [401, 403, 403, 200, 200, 200, 200]),
        row(
            "GET",
            "/api/staff/queues/{unit}",
            "/api/staff/queues/district-lozenets",
            None,
            [401, 403, 403, 200, 403, 200, 200],
        ),
        row(
            "PUT",
            "/api/admin/templates/{category}/{status}",
            "/api/admin/templates/any/resolved",
            Some(json!({ "text_bg": "Решено.", "text_en": "Resolved." })),
            [401, 403, 403, 403, 403, 403, 200],
        ),
        row(
            "POST",
            "/api/admin/staff",
            "/api/admin/staff",
            Some(json!({ "email": unique_email("clerk"), "name": "Служител", "role": "operators" })),
            [401, 403, 403, 403, 403, 403, 201],
        ),
        // Subscriptions: registered users follow signals (anyone's), not private documents.
        row(
            "PUT",
            "/api/me/subscriptions/{number}",
            format!("/api/me/subscriptions/{signal_number}"),
            None,
            [401, 201, 201, 201, 201, 201, 201],
        ),
        row(
            "PUT",
            "/api/me/subscriptions/{number}",
            format!("/api/me/subscriptions/{letter_number}"),
            None,
            [401, 404, 404, 404, 404, 404, 404],
        ),
        row(
            "DELETE",
            "/api/me/subscriptions/{number}",
            format!("/api/me/subscriptions/{signal_number}"),
            None,
            [401, 200, 200, 200, 200, 200, 200],
        ),
        row(
            "PUT",
            "/api/me/alerts",
            "/api/me/alerts",
            Some(json!({ "district": "lozenets" })),
            [401, 201, 201, 201, 201, 201, 201],
        ),
        row("DELETE", "/api/me/alerts", "/api/me/alerts?district=lozenets", None, [401, 200, 200, 200, 200, 200, 200]),
        row("GET", "/api/me/subscriptions", "/api/me/subscriptions", None, [401, 200, 200, 200, 200, 200, 200]),
        row(
            "POST",
            "/api/unsubscribe",
            "/api/unsubscribe?token=forged.token",
            None,
            [400, 400, 400, 400, 400, 400, 400],
        ),
        // Open311: public reads; filing needs an api_key (403 in the spec's format without one); keys are admins'.
        row("GET", "/open311/v2/{file}", "/open311/v2/services.json", None, [200, 200, 200, 200, 200, 200, 200]),
        row(
            "GET",
            "/open311/v2/services/{file}",
            "/open311/v2/services/streets.pothole.json",
            None,
            [200, 200, 200, 200, 200, 200, 200],
        ),
        row(
            "GET",
            "/open311/v2/requests/{file}",
            format!("/open311/v2/requests/{letter_number}.json"),
            None,
            [404, 404, 404, 404, 404, 404, 404],
        ),
        row("POST", "/open311/v2/{file}", "/open311/v2/requests.json", None, [403, 403, 403, 403, 403, 403, 403]),
        row(
            "GET",
            "/open311/v2/tokens/{file}",
            format!("/open311/v2/tokens/{signal_number}.json"),
            None,
            [200, 200, 200, 200, 200, 200, 200],
        ),
        row(
            "POST",
            "/api/admin/open311-keys",
            "/api/admin/open311-keys",
            Some(json!({ "client": "Test app" })),
            [401, 403, 403, 403, 403, 403, 201],
        ),
        // Reopening is the sender's, with the access token; this signal is not resolved.
        row(
            "POST",
            "/api/documents/{number}/reopen",
            format!("/api/documents/{signal_number}/reopen"),
            None,
            [403, 403, 403, 403, 403, 403, 403],
        ),
        Row {
            access_token: Some(signal_token.clone()),
            ..row(
                "POST",
                "/api/documents/{number}/reopen",
                format!("/api/documents/{signal_number}/reopen"),
                None,
                [409, 409, 409, 409, 409, 409, 409],
            )
        },
        // Accounts.
        row("GET", "/api/me", "/api/me", None, [401, 200, 200, 200, 200, 200, 200]),
        row("GET", "/api/account/profile", "/api/account/profile", None, [401, 200, 200, 200, 200, 200, 200]),
        row("GET", "/api/account/export", "/api/account/export", None, [401, 200, 200, 200, 200, 200, 200]),
        row(
            "DELETE",
            "/api/account",
            "/api/account",
            Some(json!({ "password": "not-the-password-1" })),
            [401, 422, 422, 422, 422, 422, 422],
        ),
        row(
            "PUT",
            "/api/account/profile",
            "/api/account/profile",
            Some(json!({ "name": "Ново Име" })),
            [401, 200, 200, 200, 200, 200, 200],
        ),
        row(
            "POST",
            "/api/account/change-password",
            "/api/account/change-password",
            Some(json!({})),
            [401, 422, 422, 422, 422, 422, 422],
        ),
        row(
            "POST",
            "/api/account/register",
            "/api/account/register",
            Some(json!({})),
            [422, 422, 422, 422, 422, 422, 422],
        ),
        row(
            "POST",
            "/api/account/confirm",
            "/api/account/confirm",
            Some(json!({})),
            [422, 422, 422, 422, 422, 422, 422],
        ),
        row("POST", "/api/account/login", "/api/account/login", Some(json!({})), [422, 422, 422, 422, 422, 422, 422]),
        row(
            "POST",
            "/api/account/refresh",
            "/api/account/refresh",
            Some(json!({ "refresh_token": "forged" })),
            [401, 401, 401, 401, 401, 401, 401],
        ),
        row(
            "POST",
            "/api/account/forgot-password",
            "/api/account/forgot-password",
            Some(json!({ "email": unique_email("n") })),
            [202, 202, 202, 202, 202, 202, 202],
        ),
        row(
            "POST",
            "/api/account/reset-password",
            "/api/account/reset-password",
            Some(json!({})),
            [422, 422, 422, 422, 422, 422, 422],
        ),
    ];
    // Signing out ends the session, so it is called last.
    rows.push(row(
        "POST",
        "/api/account/logout",
        "/api/account/logout",
        Some(json!({})),
        [401, 200, 200, 200, 200, 200, 200],
    ));

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
