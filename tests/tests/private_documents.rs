//! Letters, complaints, proposals and ЗДОИ requests (registered users only, never public), sender data from
//! the profile, and "My signals".

use serde_json::json;
use sofia_tests::{TestStack, signed_in_user, unique_email, valid_signal};

#[tokio::test]
async fn a_complaint_is_its_senders_alone_and_carries_the_profiles_data() {
    let stack = TestStack::start().await;
    let email = unique_email("complainant");
    let owner = signed_in_user(&stack, &email, "Георги Димитров").await;
    let other = signed_in_user(&stack, &unique_email("other"), "Друг Потребител").await;

    let complaint = json!({
        "kind": "complaint", "title": "Неизпълнен ремонт на ул. Шипка",
        "description": "Подадох сигнал преди три месеца, но ремонтът не е извършен. Моля за проверка.",
        "addressee": "district-oborishte"
    });
    assert_eq!(stack.post_as("/api/me/documents", &complaint, None).await.0, 401, "registration is required");
    let (status, registered) = stack.post_as("/api/me/documents", &complaint, Some(&owner)).await;
    assert_eq!(status, 201, "{registered}");
    let number = registered["number"].as_str().unwrap();

    // Its sender sees it in full, with the data of the profile.
    let (status, own) = stack.get_as(&format!("/api/me/documents/{number}"), Some(&owner)).await;
    assert_eq!(status, 200, "{own}");
    assert_eq!(own["kind"], "complaint");
    assert_eq!(own["title"], "Неизпълнен ремонт на ул. Шипка");
    assert_eq!(own["unit"]["id"], "district-oborishte");
    assert_eq!(
        (own["sender"]["email"].as_str(), own["sender"]["name"].as_str()),
        (Some(email.as_str()), Some("Георги Димитров"))
    );
    assert_eq!(own["sender"]["phone"], "+359888000111");

    // Nobody else can tell it exists: the same 404 as a number never issued.
    let (_, never_issued) = stack.get_as("/api/documents/2026-999999", None).await;
    for bearer in [None, Some(other.as_str())] {
        let (status, body) = stack.get_as(&format!("/api/documents/{number}"), bearer).await;
        assert_eq!((status, &body), (404, &never_issued));
    }
    assert_eq!(stack.get_as(&format!("/api/me/documents/{number}"), Some(&other)).await.0, 404);
    let (_, map) = stack.get_as("/api/map", None).await;
    assert!(map["features"].as_array().unwrap().is_empty());

    // The confirmation went to the profile's address, and its link opens the complaint.
    let mail = stack.wait_for_mail(&email, 1).await;
    assert_eq!(mail.len(), 1);
    assert!(mail[0].subject.contains("Жалба"), "{}", mail[0].subject);
    let token = mail[0].links()[0].split("#token=").nth(1).unwrap().to_owned();
    let response = stack.get_with_token(&format!("/api/documents/{number}"), &token).await;
    assert_eq!(response.status().as_u16(), 200);

    for (body, field) in [
        (json!({ "kind": "petition", "title": "abc", "description": "десет знака" }), "kind"),
        (json!({ "kind": "letter", "title": "x", "description": "десет знака и още" }), "title"),
        (json!({ "kind": "letter", "title": "Писмо", "description": "x" }), "description"),
        (
            json!({ "kind": "letter", "title": "Писмо", "description": "десет знака и още", "addressee": "nowhere" }),
            "addressee",
        ),
    ] {
        let (status, problem) = stack.post_as("/api/me/documents", &body, Some(&owner)).await;
        assert_eq!((status, problem["errors"][0]["field"].as_str()), (422, Some(field)), "{problem}");
    }
    stack.stack.stop().await;
}

#[tokio::test]
async fn my_signals_lists_everything_the_user_filed_newest_first_page_by_page() {
    let stack = TestStack::start().await;
    let email = unique_email("mine");
    let owner = signed_in_user(&stack, &email, "Анна Колева").await;
    let other = signed_in_user(&stack, &unique_email("someone"), "Някой Друг").await;

    // A signal filed signed in needs no e-mail in the form: the profile's is used.
    let mut signal = valid_signal("");
    signal.as_object_mut().unwrap().remove("email");
    signal.as_object_mut().unwrap().remove("name");
    let (status, first) = stack.post_as("/api/me/signals", &signal, Some(&owner)).await;
    assert_eq!(status, 201, "{first}");
    let (status, _) = stack
        .post_as(
            "/api/me/questions",
            &json!({ "topic": "local-taxes", "description": "Кога е срокът за данък сгради?" }),
            Some(&owner),
        )
        .await;
    assert_eq!(status, 201);
    let letter =
        json!({ "kind": "letter", "title": "Благодарност", "description": "Благодаря за бързо поправената лампа." });
    assert_eq!(stack.post_as("/api/me/documents", &letter, Some(&owner)).await.0, 201);
    let access = json!({ "kind": "access_request", "title": "Договори за зимно поддържане", "description": "Моля за копия на договорите за зимно поддържане за 2026 г." });
    let (status, zdoi) = stack.post_as("/api/me/documents", &access, Some(&owner)).await;
    assert_eq!(status, 201);
    // An anonymous signal is nobody's.
    assert_eq!(stack.post_json("/api/signals", &valid_signal(&unique_email("anon"))).await.status().as_u16(), 201);

    let (status, page) = stack.get_as("/api/me/documents?limit=3", Some(&owner)).await;
    assert_eq!(status, 200, "{page}");
    let kinds: Vec<&str> = page["documents"].as_array().unwrap().iter().map(|d| d["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["access_request", "letter", "question"], "newest first");
    let zdoi_entry = &page["documents"][0];
    assert_eq!(zdoi_entry["number"], zdoi["number"]);
    assert_eq!(zdoi_entry["answered"], false);
    let registered: jiff::civil::Date = sofia_tests::sofia_date_of(&zdoi_entry["registered_at"]);
    // 14 days, moved to the next working day when they end on a day off.
    let calendar = sofia_core::domain::workdays::WorkCalendar::default();
    let due = calendar.on_or_after(registered.checked_add(jiff::Span::new().days(14)).unwrap()).to_string();
    assert_eq!(
        (zdoi_entry["due"]["date"].as_str(), zdoi_entry["due"]["overdue"].as_bool()),
        (Some(due.as_str()), Some(false)),
        "ЗДОИ: 14 days"
    );

    let cursor = page["next_cursor"].as_str().expect("a next page");
    let (status, rest) = stack.get_as(&format!("/api/me/documents?limit=3&cursor={cursor}"), Some(&owner)).await;
    assert_eq!(status, 200);
    let rest = rest["documents"].as_array().unwrap();
    assert_eq!(rest.len(), 1);
    assert_eq!(rest[0]["number"], first["number"]);

    // The confirmation of the signal filed without an e-mail went to the profile's address.
    assert_eq!(stack.wait_for_mail(&email, 4).await.len(), 4);

    // Another user sees none of it, and cannot page into it with this user's cursor.
    let (_, theirs) = stack.get_as("/api/me/documents", Some(&other)).await;
    assert!(theirs["documents"].as_array().unwrap().is_empty());
    assert_eq!(stack.get_as(&format!("/api/me/documents?cursor={cursor}"), Some(&other)).await.0, 400);
    assert_eq!(stack.get_as("/api/me/documents?cursor=garbage", Some(&owner)).await.0, 400);
    assert_eq!(stack.get_as("/api/me/documents?limit=0", Some(&owner)).await.0, 400);
    assert_eq!(stack.get_as("/api/me/documents", None).await.0, 401);
    stack.stack.stop().await;
}

#[tokio::test]
async fn attachments_are_checked_by_their_bytes_and_reach_only_their_owner() {
    let stack = TestStack::start().await;
    let owner = signed_in_user(&stack, &unique_email("attach"), "Иван Иванов").await;
    let other = signed_in_user(&stack, &unique_email("intruder"), "Чужд Човек").await;
    let letter = json!({ "kind": "access_request", "title": "Копие от договор", "description": "Моля за копие от договора за почистване на район Оборище." });
    let (_, registered) = stack.post_as("/api/me/documents", &letter, Some(&owner)).await;
    let number = registered["number"].as_str().unwrap();
    let pdf = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<<>>\n%%EOF\n".to_vec();

    let attach = |bytes: Vec<u8>, declared: &'static str, name: &'static str| {
        let stack = &stack;
        let owner = owner.clone();
        async move {
            let path = format!("/api/me/documents/{number}/attachments");
            let (status, grant) = stack
                .post_as(
                    &path,
                    &json!({ "file_name": name, "content_type": declared, "size": bytes.len() }),
                    Some(&owner),
                )
                .await;
            if status != 201 {
                return (status, grant);
            }
            let put = stack
                .http
                .put(grant["upload_url"].as_str().unwrap())
                .header("content-type", declared)
                .body(bytes)
                .send()
                .await
                .unwrap();
            assert!(put.status().is_success());
            let id = grant["attachment_id"].as_str().unwrap();
            stack.post_as(&format!("{path}/{id}"), &json!({ "file_name": name }), Some(&owner)).await
        }
    };

    let (status, attached) = attach(pdf.clone(), "application/pdf", "заявление.pdf").await;
    assert_eq!(status, 200, "{attached}");
    assert_eq!(attached["file_name"], "заявление.pdf");
    // The owner's view links it for a few minutes; the link serves the very bytes.
    let (_, own) = stack.get_as(&format!("/api/me/documents/{number}"), Some(&owner)).await;
    let link = own["attachments"][0]["download_url"].as_str().expect("a download link");
    assert_eq!(stack.http.get(link).send().await.unwrap().bytes().await.unwrap().to_vec(), pdf);

    // An executable declared as a PDF is refused by its bytes; nothing attached.
    let (status, problem) =
        attach(b"MZ\x90\x00\x03\x00\x00\x00 this program".to_vec(), "application/pdf", "invoice.pdf").await;
    assert_eq!((status, problem["errors"][0]["code"].as_str()), (422, Some("unsupported_type")));
    let (status, problem) = attach(pdf.clone(), "application/x-msdownload", "a.exe").await;
    assert_eq!((status, problem["errors"][0]["code"].as_str()), (422, Some("unsupported_type")));

    // Someone else can neither attach nor see.
    let path = format!("/api/me/documents/{number}/attachments");
    assert_eq!(
        stack
            .post_as(
                &path,
                &json!({ "file_name": "x.pdf", "content_type": "application/pdf", "size": 10 }),
                Some(&other)
            )
            .await
            .0,
        404
    );
    assert_eq!(
        stack
            .post_as(&path, &json!({ "file_name": "x.pdf", "content_type": "application/pdf", "size": 10 }), None)
            .await
            .0,
        401
    );
    let (_, own) = stack.get_as(&format!("/api/me/documents/{number}"), Some(&owner)).await;
    assert_eq!(own["attachments"].as_array().unwrap().len(), 1);
    stack.stack.stop().await;
}
