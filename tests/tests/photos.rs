//! Photos of a signal over HTTP against the local stack: presigned upload to S3, completion that checks the
//! real type, strips EXIF/GPS and publishes a display size and a thumbnail; every bad upload refused.

use serde_json::{Value, json};
use sofia_core::photo::fixtures::{GPS_LATITUDE_RATIONALS, assert_no_metadata, camera_jpeg, contains, rationals_be};
use sofia_tests::{TestStack, json as read, unique_email, valid_signal};

struct Sender {
    number: String,
    token: String,
}

/// The map zoomed in on where `valid_signal` files (its markers).
const AT_THE_SIGNAL: &str = "/api/map?zoom=17&bbox=23.3214,42.6972,23.3224,42.6982";

async fn file_signal(stack: &TestStack) -> Sender {
    let (status, _, registered) =
        read(stack.post_json("/api/signals", &valid_signal(&unique_email("photo"))).await).await;
    assert_eq!(status, 201);
    let link = registered["follow_url"].as_str().unwrap();
    Sender {
        number: registered["number"].as_str().unwrap().to_owned(),
        token: link.split("#token=").nth(1).unwrap().to_owned(),
    }
}

async fn request_upload(stack: &TestStack, sender: &Sender, token: Option<&str>, body: Value) -> (u16, Value) {
    let mut request = stack.http.post(stack.url(&format!("/api/documents/{}/photos", sender.number))).json(&body);
    if let Some(token) = token {
        request = request.header("x-access-token", token);
    }
    let (status, _, answer) = read(request.send().await.unwrap()).await;
    (status, answer)
}

async fn complete(stack: &TestStack, sender: &Sender, photo_id: &str) -> (u16, Value) {
    let response = stack
        .http
        .post(stack.url(&format!("/api/documents/{}/photos/{photo_id}", sender.number)))
        .header("x-access-token", &sender.token)
        .send()
        .await
        .unwrap();
    let (status, _, answer) = read(response).await;
    (status, answer)
}

/// The whole flow for one file: ask for a URL, PUT the bytes there, complete.
async fn upload(stack: &TestStack, sender: &Sender, content_type: &str, bytes: Vec<u8>) -> (u16, Value) {
    let (status, grant) = request_upload(
        stack,
        sender,
        Some(&sender.token),
        json!({ "content_type": content_type, "size": bytes.len() }),
    )
    .await;
    if status != 201 {
        return (status, grant);
    }
    assert_eq!(grant["upload_method"], "PUT");
    let put = stack
        .http
        .put(grant["upload_url"].as_str().unwrap())
        .header("content-type", grant["upload_headers"]["content-type"].as_str().unwrap())
        .body(bytes)
        .send()
        .await
        .unwrap();
    assert!(put.status().is_success(), "PUT to the presigned URL: {}", put.status());
    complete(stack, sender, grant["photo_id"].as_str().unwrap()).await
}

#[tokio::test]
async fn a_photo_is_published_without_its_exif_and_gps_and_shows_on_the_signal_and_the_map() {
    let stack = TestStack::start().await;
    let sender = file_signal(&stack).await;
    // A phone photo: 1200×800 stored sideways (EXIF orientation 6) with GPS coordinates in its EXIF.
    let original = camera_jpeg(1200, 800, 6);
    assert!(contains(&original, &rationals_be(&GPS_LATITUDE_RATIONALS)), "the fixture carries GPS");

    let (status, photo) = upload(&stack, &sender, "image/jpeg", original).await;
    assert_eq!(status, 200, "{photo}");
    assert_eq!((photo["width"].as_u64(), photo["height"].as_u64()), (Some(800), Some(1200)), "turned upright");

    for url in [photo["url"].as_str().unwrap(), photo["thumbnail_url"].as_str().unwrap()] {
        let response = stack.get(url).await;
        assert_eq!(response.status().as_u16(), 200, "{url}");
        assert_eq!(response.headers().get("content-type").and_then(|v| v.to_str().ok()), Some("image/jpeg"));
        let published = response.bytes().await.unwrap();
        assert_no_metadata(&published); // no EXIF, no GPS, no XMP: re-encoded from pixels
    }

    let (_, _, view) = read(stack.get(&format!("/api/documents/{}", sender.number)).await).await;
    assert_eq!(view["photos"][0]["url"], photo["url"]);
    let (_, _, map) = read(stack.get(AT_THE_SIGNAL).await).await;
    assert_eq!(map["features"][0]["properties"]["thumbnail"], photo["thumbnail_url"], "the marker shows the thumbnail");
    stack.stack.stop().await;
}

#[tokio::test]
async fn a_hidden_photo_leaves_every_public_place_within_minutes() {
    let stack = TestStack::start().await;
    let sender = file_signal(&stack).await;
    let (status, photo) = upload(&stack, &sender, "image/jpeg", camera_jpeg(600, 400, 1)).await;
    assert_eq!(status, 200, "{photo}");
    let files = [photo["url"].as_str().unwrap().to_owned(), photo["thumbnail_url"].as_str().unwrap().to_owned()];
    for url in &files {
        let response = stack.get(url).await;
        let cache = response.headers().get("cache-control").and_then(|v| v.to_str().ok()).unwrap_or_default();
        let max_age: u64 =
            cache.split("max-age=").nth(1).and_then(|v| v.split(',').next()?.trim().parse().ok()).unwrap_or(u64::MAX);
        assert!(max_age <= 300 && !cache.contains("immutable"), "{url} may be cached for {cache:?}");
    }

    let operator =
        sofia_tests::sign_in(&stack, sofia_tests::demo("operator").email, sofia_tests::demo("operator").password).await;
    let number = &sender.number;
    let (_, staff_view) = stack.get_as(&format!("/api/staff/documents/{number}"), Some(&operator)).await;
    let (status, moderated) = stack
        .post_as(
            &format!("/api/staff/documents/{number}/moderate"),
            &json!({ "hide_photo": photo["id"], "version": staff_view["version"] }),
            Some(&operator),
        )
        .await;
    assert_eq!(status, 200, "{moderated}");

    let (_, _, view) = read(stack.get(&format!("/api/documents/{number}")).await).await;
    assert!(view.get("photos").is_none_or(|p| p == &json!([])), "the page: {view}");
    let (_, _, map) = read(stack.get(AT_THE_SIGNAL).await).await;
    let marker = map["features"].as_array().unwrap().iter().find(|f| f["properties"]["number"] == *number).unwrap();
    assert!(marker["properties"]["thumbnail"].is_null(), "the map: {marker}");
    let (_, _, nearby) = read(stack.get("/api/signals/nearby?lat=42.6977&lon=23.3219").await).await;
    assert!(!nearby.to_string().contains(photo["id"].as_str().unwrap()), "nearby: {nearby}");
    let (_, _, open311) = read(stack.get(&format!("/open311/v2/requests/{number}.json")).await).await;
    assert!(open311[0].get("media_url").is_none_or(|m| m.is_null()), "Open311: {open311}");
    for url in &files {
        assert_eq!(stack.get(url).await.status().as_u16(), 404, "{url} is still served");
    }
    stack.stack.stop().await;
}

#[tokio::test]
async fn forged_truncated_oversized_unauthorised_and_sixth_photos_are_refused() {
    let stack = TestStack::start().await;
    let sender = file_signal(&stack).await;
    let jpeg = camera_jpeg(64, 48, 1);

    // Only the sender, with the token of this signal.
    let body = json!({ "content_type": "image/jpeg", "size": 1000 });
    assert_eq!(request_upload(&stack, &sender, None, body.clone()).await.0, 403);
    assert_eq!(request_upload(&stack, &sender, Some("not-the-token"), body.clone()).await.0, 403);
    let other = file_signal(&stack).await;
    assert_eq!(
        request_upload(&stack, &sender, Some(&other.token), body.clone()).await.0,
        403,
        "another signal's token"
    );

    // Declared types and sizes outside the limits never get a URL.
    let (status, problem) =
        request_upload(&stack, &sender, Some(&sender.token), json!({ "content_type": "image/heic", "size": 1000 }))
            .await;
    assert_eq!((status, problem["errors"][0]["code"].as_str()), (422, Some("unsupported_type")));
    let (status, problem) = request_upload(
        &stack,
        &sender,
        Some(&sender.token),
        json!({ "content_type": "image/jpeg", "size": 10 * 1024 * 1024 + 1 }),
    )
    .await;
    assert_eq!((status, problem["errors"][0]["code"].as_str()), (422, Some("too_large")));

    // A PDF declared as JPEG, and half a JPEG: checked by their bytes, refused, nothing attached.
    let (status, problem) = upload(&stack, &sender, "image/jpeg", b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n".to_vec()).await;
    assert_eq!((status, problem["errors"][0]["code"].as_str()), (422, Some("unsupported_type")), "{problem}");
    let (status, problem) = upload(&stack, &sender, "image/jpeg", jpeg[..jpeg.len() / 2].to_vec()).await;
    assert_eq!((status, problem["errors"][0]["code"].as_str()), (422, Some("corrupt")), "{problem}");
    // Completing a photo that was never uploaded.
    let (status, grant) = request_upload(&stack, &sender, Some(&sender.token), body.clone()).await;
    assert_eq!(status, 201);
    let (status, problem) = complete(&stack, &sender, grant["photo_id"].as_str().unwrap()).await;
    assert_eq!((status, problem["errors"][0]["code"].as_str()), (409, Some("upload_missing")));
    let (_, _, view) = read(stack.get(&format!("/api/documents/{}", sender.number)).await).await;
    assert!(view.get("photos").is_none(), "nothing attached: {view}");

    // Five photos fit; a sixth does not.
    for _ in 0..5 {
        assert_eq!(upload(&stack, &sender, "image/jpeg", jpeg.clone()).await.0, 200);
    }
    let (status, problem) = request_upload(&stack, &sender, Some(&sender.token), body).await;
    assert_eq!((status, problem["errors"][0]["code"].as_str()), (409, Some("too_many_photos")));
    let (_, _, view) = read(stack.get(&format!("/api/documents/{}", sender.number)).await).await;
    assert_eq!(view["photos"].as_array().unwrap().len(), 5);

    // Questions take no photos.
    let (_, _, question) = read(
        stack
            .post_json("/api/questions", &json!({ "topic": "other", "description": "Въпрос без снимки, моля." }))
            .await,
    )
    .await;
    let asker = Sender {
        number: question["number"].as_str().unwrap().to_owned(),
        token: question["follow_url"].as_str().unwrap().split("#token=").nth(1).unwrap().to_owned(),
    };
    let (status, _) =
        request_upload(&stack, &asker, Some(&asker.token.clone()), json!({ "content_type": "image/jpeg", "size": 10 }))
            .await;
    assert_eq!(status, 409);
    stack.stack.stop().await;
}

/// An upload whose completion call never comes is removed by the uploads bucket's lifecycle rule: the URL a
/// sender gets points under the prefix the rule expires after a day.
#[tokio::test]
async fn an_upload_never_completed_falls_under_the_buckets_expiry_rule() {
    let stack = TestStack::start().await;
    let sender = file_signal(&stack).await;
    let (status, grant) =
        request_upload(&stack, &sender, Some(&sender.token), json!({ "content_type": "image/jpeg", "size": 1000 }))
            .await;
    assert_eq!(status, 201, "{grant}");
    let url = url::Url::parse(grant["upload_url"].as_str().unwrap()).unwrap();
    let (bucket, key) = url.path().trim_start_matches('/').split_once('/').unwrap();
    let s3 = aws_sdk_s3::Client::from_conf(
        aws_sdk_s3::config::Builder::from(&stack.stack.sdk).force_path_style(true).build(),
    );
    let rules = s3.get_bucket_lifecycle_configuration().bucket(bucket).send().await.expect("the bucket has rules");
    let expiring = rules.rules().iter().find(|rule| {
        let prefix = rule.filter().and_then(|f| f.prefix()).unwrap_or_default();
        rule.status().as_str() == "Enabled" && !prefix.is_empty() && key.starts_with(prefix)
    });
    let expiring = expiring.unwrap_or_else(|| panic!("no enabled rule covers {key}: {:?}", rules.rules()));
    assert_eq!(expiring.expiration().and_then(|e| e.days()), Some(1));
    stack.stack.stop().await;
}
