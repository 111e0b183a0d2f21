//! 1. API overhead: `GET /api/documents/{number}` through the local gateway (API Gateway v2 event, handler,
//! adapters) against raw SDK calls for the same item on the same emulator, at the same concurrency, interleaved.
//!
//! Two raw baselines: one `GetItem` of the document (what the issue names), and the one call the route makes
//! (a `Query` of the document's partition from its subscriber counter to the document item, which also returns
//! its history), which isolates what the gateway and the handler add.

use crate::Bench;
use crate::stats::{Row, Samples, Target};
use anyhow::{Result, ensure};
use aws_sdk_dynamodb::types::AttributeValue;
use std::time::Instant;

const WORKERS: usize = 4;
const ROUNDS_PER_WORKER: usize = 150;
const WARM_UP: usize = 20;

#[derive(Clone, Copy)]
enum Kind {
    Api,
    RawGetItem,
    RawSameQuery,
}

pub async fn run(bench: &Bench) -> Result<Vec<Row>> {
    let body = serde_json::json!({
        "category": "streets", "type": "pothole",
        "location": { "lat": 42.6977, "lon": 23.3219, "address": "бул. Витоша 1" },
        "description": "Дълбока дупка на платното пред спирката",
        "email": format!("bench.api.{}@example.bg", &uuid::Uuid::new_v4().simple().to_string()[..8]),
    });
    let filed: serde_json::Value =
        bench.http.post(bench.url("/api/signals")).json(&body).send().await?.error_for_status()?.json().await?;
    let number = filed["number"].as_str().unwrap_or_default().to_owned();
    let table = bench.table();

    let one = |kind: Kind| {
        let (number, table) = (number.clone(), table.clone());
        async move {
            let started = Instant::now();
            match kind {
                Kind::Api => {
                    let response = bench.http.get(bench.url(&format!("/api/documents/{number}"))).send().await?;
                    ensure!(response.status().as_u16() == 200, "GET answered {}", response.status());
                    response.bytes().await?;
                }
                Kind::RawGetItem => {
                    get_document(bench, &table, &number).await?;
                }
                Kind::RawSameQuery => {
                    let output = bench
                        .stack
                        .clients
                        .dynamodb()
                        .query()
                        .table_name(&table)
                        .key_condition_expression("PK = :pk AND SK BETWEEN :first AND :last")
                        .expression_attribute_values(":pk", AttributeValue::S(format!("DOC#{number}")))
                        .expression_attribute_values(":first", AttributeValue::S("COUNT#".into()))
                        .expression_attribute_values(":last", AttributeValue::S("META".into()))
                        .send()
                        .await?;
                    ensure!(output.count() >= 1, "the document is there");
                }
            }
            anyhow::Ok(started.elapsed())
        }
    };

    for _ in 0..WARM_UP {
        for kind in [Kind::Api, Kind::RawGetItem, Kind::RawSameQuery] {
            one(kind).await?;
        }
    }
    // Each worker runs the three kinds in turn, rotating which goes first, so all see the same load.
    let workers = (0..WORKERS).map(|worker| {
        let one = &one;
        async move {
            let (mut api, mut raw, mut same) = (Samples::default(), Samples::default(), Samples::default());
            for round in 0..ROUNDS_PER_WORKER {
                let kinds = [Kind::Api, Kind::RawGetItem, Kind::RawSameQuery];
                for k in 0..3 {
                    let kind = kinds[(round + worker + k) % 3];
                    let elapsed = one(kind).await?;
                    match kind {
                        Kind::Api => api.push(elapsed),
                        Kind::RawGetItem => raw.push(elapsed),
                        Kind::RawSameQuery => same.push(elapsed),
                    }
                }
            }
            anyhow::Ok((api, raw, same))
        }
    });
    let (mut api, mut raw, mut same) = (Samples::default(), Samples::default(), Samples::default());
    for result in futures::future::join_all(workers).await {
        let (a, r, s) = result?;
        api.0.extend(a.0);
        raw.0.extend(r.0);
        same.0.extend(s.0);
    }
    let context = format!(
        "{} requests each, {WORKERS} concurrent, interleaved; moto; API p50 {:.2} ms, p99 {:.2} ms; GetItem p50 {:.2} ms, p99 {:.2} ms",
        api.len(),
        api.p50(),
        api.p99(),
        raw.p50(),
        raw.p99()
    );
    Ok(vec![
        Row::new("1", "API ÷ one raw GetItem, p50", api.p50() / raw.p50(), "×", Target::AtMost(1.10)).note(context),
        Row::new("1", "API ÷ one raw GetItem, p99", api.p99() / raw.p99(), "×", Target::AtMost(1.10))
            .note("the route makes one call: a Query of the document's partition (counter, history, document)"),
        Row::new("1", "API ÷ the route's raw Query, p50", api.p50() / same.p50(), "×", Target::AtMost(1.10)).note(
            format!(
                "the same Query raw: p50 {:.2} ms, p99 {:.2} ms; what the gateway and the handler add",
                same.p50(),
                same.p99()
            ),
        ),
        Row::new("1", "API ÷ the route's raw Query, p99", api.p99() / same.p99(), "×", Target::AtMost(1.10)),
    ])
}

async fn get_document(bench: &Bench, table: &str, number: &str) -> Result<()> {
    let output = bench
        .stack
        .clients
        .dynamodb()
        .get_item()
        .table_name(table)
        .key("PK", AttributeValue::S(format!("DOC#{number}")))
        .key("SK", AttributeValue::S("META".into()))
        .send()
        .await?;
    ensure!(output.item.is_some(), "the document is there");
    Ok(())
}
