//! The public overview: counters kept by the stream function on every insert and status change, read with
//! three queries. Status changes are written straight to the table here, as the staff actions will write
//! them, so the test exercises exactly the stream path that keeps the counts.

use aws_sdk_dynamodb::types::AttributeValue;
use serde_json::{Value, json};
use sofia_tests::{TestStack, json as read, unique_email, valid_signal};
use std::time::{Duration, Instant};

async fn file(stack: &TestStack, category: &str, signal_type: &str, location: Value) -> String {
    let mut body = valid_signal(&unique_email("overview"));
    body["category"] = json!(category);
    body["type"] = json!(signal_type);
    body["location"] = location;
    let (status, _, registered) = read(stack.post_json("/api/signals", &body).await).await;
    assert_eq!(status, 201, "{registered}");
    registered["number"].as_str().unwrap().to_owned()
}

async fn set_status(stack: &TestStack, number: &str, status: &str) {
    let values = [(":status", AttributeValue::S(status.into())), (":one", AttributeValue::N("1".into()))];
    let expression = "SET #status = :status ADD version :one";
    stack.update_document(number, expression, &[("#status", "status")], &values).await;
}

/// Polls the overview until `ready` holds (the stream is asynchronous), for up to 60 s.
async fn overview_when(stack: &TestStack, ready: impl Fn(&Value) -> bool) -> Value {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let (status, _, overview) = read(stack.get("/api/overview").await).await;
        assert_eq!(status, 200, "{overview}");
        if ready(&overview) || Instant::now() > deadline {
            return overview;
        }
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
}

fn count(list: &Value, id: &str, field: &str) -> i64 {
    list.as_array().unwrap().iter().find(|c| c["id"] == id).map(|c| c[field].as_i64().unwrap()).unwrap_or(0)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_overview_counts_filings_and_status_changes_by_category_district_and_status() {
    let stack = TestStack::start().await;
    let lozenets = json!({ "lat": 42.675, "lon": 23.325 });
    let lyulin = json!({ "lat": 42.715, "lon": 23.26 });
    let a = file(&stack, "streets", "pothole", lozenets.clone()).await;
    let b = file(&stack, "streets", "pavement", lozenets.clone()).await;
    let c = file(&stack, "lighting", "lamp-out", lyulin).await;
    let d = file(&stack, "streets", "pothole", json!({ "address": "ул. Оборище 15" })).await;
    // A question is not a registered problem: it is not counted.
    let (status, _, _) = read(
        stack
            .post_json(
                "/api/questions",
                &json!({ "topic": "local-taxes", "description": "Как се плаща данък сгради?" }),
            )
            .await,
    )
    .await;
    assert_eq!(status, 201);

    let overview = overview_when(&stack, |o| {
        ["last_30_days", "this_year", "all_time"].iter().all(|period| o[*period]["total"] == 4)
    })
    .await;
    for period in ["last_30_days", "this_year", "all_time"] {
        let p = &overview[period];
        assert_eq!(
            (p["total"].as_i64(), p["open"].as_i64(), p["resolved"].as_i64()),
            (Some(4), Some(4), Some(0)),
            "{period}: {p}"
        );
        assert_eq!(p["by_status"]["new"], 4);
        assert_eq!(count(&p["by_category"], "streets", "total"), 3);
        assert_eq!(count(&p["by_category"], "lighting", "total"), 1);
        assert_eq!(count(&p["by_district"], "lozenets", "total"), 2);
        assert_eq!(count(&p["by_district"], "lyulin", "total"), 1);
        assert_eq!(count(&p["by_district"], "unknown", "total"), 1, "no point, no district");
    }

    // Status changes, two of them at the same moment.
    tokio::join!(
        set_status(&stack, &a, "resolved"),
        set_status(&stack, &b, "in_progress"),
        set_status(&stack, &c, "resolved")
    );
    set_status(&stack, &d, "rejected").await;
    let overview = overview_when(&stack, |o| {
        o["all_time"]["by_status"] == json!({ "in_progress": 1, "rejected": 1, "resolved": 2 })
            && o["last_30_days"]["resolved"] == 2
    })
    .await;
    let p = &overview["all_time"];
    assert_eq!((p["total"].as_i64(), p["open"].as_i64(), p["resolved"].as_i64()), (Some(4), Some(1), Some(2)), "{p}");
    assert_eq!(p["resolved_share"], 0.5);
    assert_eq!(p["by_status"], json!({ "in_progress": 1, "rejected": 1, "resolved": 2 }));
    assert_eq!(count(&p["by_category"], "streets", "resolved"), 1);
    assert_eq!(count(&p["by_category"], "streets", "open"), 1);
    assert_eq!(count(&p["by_district"], "lyulin", "resolved"), 1);
    assert_eq!(overview["last_30_days"]["resolved"], 2);
    let medians = overview["median_days_to_resolution"].as_array().unwrap();
    assert_eq!(medians.len(), 2, "{medians:?}");
    assert!(
        medians.iter().all(|m| m["median_days"] == 0.0 && m["resolved"] == 1),
        "resolved the same day: {medians:?}"
    );
    assert_eq!(medians.iter().find(|m| m["category"] == "streets").unwrap()["name"]["bg"], "Улици и тротоари");
    stack.stack.stop().await;
}
