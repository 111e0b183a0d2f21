//! 2. The map of 30 days with 50,000 signals, on Amazon's DynamoDB Local (which reports real consumed capacity).
//!
//! The signals are built as the API builds them (the filing parser routes each to its unit and district, the
//! domain registers it, the record builder lays it out) and written with `BatchWriteItem`. The table's stream is
//! switched off first: the stream function would otherwise count 50,000 insertions into the overview while the
//! map is measured. Then `GET /api/map` is compared with a naive scan of the same data, interleaved.

use crate::Bench;
use crate::stats::{Rng, Row, Samples, Target};
use anyhow::{Context, Result, ensure};
use aws_sdk_dynamodb::types::{AttributeValue, PutRequest, ReturnConsumedCapacity, StreamSpecification, WriteRequest};
use flate2::Compression;
use flate2::write::GzEncoder;
use futures::stream::{self, StreamExt, TryStreamExt};
use jiff::{SignedDuration, Timestamp};
use sofia_core::adapters::records::DocumentRecord;
use sofia_core::domain::access::{TokenSalt, TokenSecret};
use sofia_core::domain::calendar::sofia_day;
use sofia_core::domain::catalogue::Catalogue;
use sofia_core::domain::districts::Districts;
use sofia_core::domain::document::Document;
use sofia_core::domain::filing::{NewSignalRequest, parse_new_signal};
use sofia_core::domain::registry::RegistryNumber;
use sofia_core::domain::status::Status;
use std::collections::HashMap;
use std::io::Write;
use std::time::{Duration, Instant};

const SIGNALS: usize = 50_000;
/// Sequences far above what the registry benchmark allocates, so the two never meet.
const FIRST_SEQUENCE: u32 = 300_000;
const ROUNDS: usize = 4;

pub async fn run(bench: &Bench) -> Result<Vec<Row>> {
    let table = bench.table();
    let dynamodb = &bench.stack.clients.dynamodb();
    dynamodb
        .update_table()
        .table_name(&table)
        .stream_specification(StreamSpecification::builder().stream_enabled(false).build()?)
        .send()
        .await
        .context("switching the table's stream off")?;

    eprintln!("    seeding {SIGNALS} signals…");
    let started = Instant::now();
    let items = seed_items()?;
    let requests: Vec<Vec<WriteRequest>> = items
        .chunks(25)
        .map(|chunk| {
            chunk
                .iter()
                .map(|item| {
                    WriteRequest::builder()
                        .put_request(PutRequest::builder().set_item(Some(item.clone())).build().unwrap())
                        .build()
                })
                .collect()
        })
        .collect();
    stream::iter(requests.into_iter().map(|batch| write_batch(bench, &table, batch)))
        .buffer_unordered(8)
        .try_collect::<Vec<()>>()
        .await?;
    eprintln!("    seeded in {:.1} s", started.elapsed().as_secs_f64());
    // Open311's list on the same signals, before the map's rounds.
    let open311 = crate::open311::rows(bench).await?;

    // Warm the map once, then interleave: the map every round, the scan (slow: it reads the whole table, a
    // page of about 2,000 items at a time) every other round.
    let first = map_once(bench, "/api/map").await?;
    eprintln!("    map: {:.1} s", first.elapsed.as_secs_f64());
    let mut scanned = ScanResult::default();
    let (mut api, mut scan) = (Samples::default(), Samples::default());
    for round in 0..ROUNDS {
        if round % 2 == 0 {
            scanned = scan_once(bench, &table).await?;
            scan.push(scanned.elapsed);
        }
        api.push(map_once(bench, "/api/map").await?.elapsed);
        eprintln!(
            "    round {}: map p50 {:.1} s, scan p50 {:.1} s",
            round + 1,
            api.p50() / 1000.0,
            scan.p50() / 1000.0
        );
    }
    // One category for the last day: an answer under the marker limit.
    let filtered = map_once(bench, "/api/map?days=1&category=streets").await?;

    let mut rows = vec![
        Row::new("2", "30-day map: items read ÷ items returned", first.items_read as f64 / first.returned as f64, "×", Target::AtMost(1.0))
            .note(format!(
                "{} read, {} returned (truncated: {}), {:.1} capacity units; an answer holds at most 5,000 markers, and the days are read newest first until it is full",
                first.items_read, first.returned, first.truncated, first.capacity
            )),
        Row::new("2", "1-day, 1-category map: items read ÷ items returned", filtered.items_read as f64 / filtered.returned.max(1) as f64, "×", Target::AtMost(1.0))
            .note(format!("{} read, {} returned, {:.1} capacity units", filtered.items_read, filtered.returned, filtered.capacity)),
        Row::new("2", "read capacity per 1,000 markers returned (30 days)", first.capacity * 1000.0 / first.returned as f64, "units", Target::None)
            .note(format!("naive scan: {:.1} units for {} items ({:.1} per 1,000)", scanned.capacity, scanned.items, scanned.capacity * 1000.0 / scanned.items.max(1) as f64)),
        Row::new("2", "bytes per marker, gzipped", first.gzipped as f64 / first.returned as f64, "B", Target::AtMost(60.0))
            .note(format!("{} markers: {} B of GeoJSON, {} B gzipped (level 6)", first.returned, first.bytes, first.gzipped)),
        Row::new("2", "map p50 ÷ naive scan p50", api.p50() / scan.p50(), "×", Target::None)
            .note(format!("map p50 {:.0} ms ({} runs), scan p50 {:.0} ms ({} runs), interleaved; the scan reads the whole table", api.p50(), api.len(), scan.p50(), scan.len())),
    ];
    ensure!(filtered.returned > 0, "the filtered map returned markers");
    rows.extend(open311);
    rows.retain(|r| !r.value.is_nan());
    Ok(rows)
}

/// The 50,000 signals: points spread over Sofia, categories and types from the catalogue, registered over the
/// last 29 days, with a mix of statuses; deterministic.
fn seed_items() -> Result<Vec<HashMap<String, AttributeValue>>> {
    let catalogue = Catalogue::builtin();
    let districts = Districts::builtin();
    let secret =
        TokenSecret::new(b"benchmark-secret-of-at-least-32-bytes!".to_vec()).map_err(|_| anyhow::anyhow!("secret"))?;
    let pairs: Vec<(&str, &str)> = catalogue
        .signal_categories
        .iter()
        .flat_map(|c| c.types.iter().map(move |t| (c.id.as_str(), t.id.as_str())))
        .collect();
    let statuses = [Status::New, Status::Registered, Status::Forwarded, Status::InProgress, Status::Resolved];
    let descriptions = [
        "Дълбока дупка на платното пред спирката, опасна за колите и велосипедистите",
        "Не свети уличното осветление на цялата пресечка от няколко вечери",
        "Изхвърлени строителни отпадъци до контейнерите",
        "Паднал клон препречва тротоара",
        "Счупена пейка в градинката",
    ];
    let now = Timestamp::now();
    let mut rng = Rng::new(20_261_130);
    let mut items = Vec::with_capacity(SIGNALS);
    let mut sequence = FIRST_SEQUENCE;
    while items.len() < SIGNALS {
        let (category, signal_type) = pairs[rng.below(pairs.len())];
        let request: NewSignalRequest = serde_json::from_value(serde_json::json!({
            "category": category, "type": signal_type,
            "location": { "lat": 42.62 + rng.unit() * 0.12, "lon": 23.24 + rng.unit() * 0.18 },
            "description": descriptions[rng.below(descriptions.len())],
        }))?;
        // A point outside every district boundary is refused, as the API would.
        let Ok(draft) = parse_new_signal(&request, catalogue, districts) else { continue };
        let registered_at = now - SignedDuration::from_secs((rng.unit() * 29.0 * 86_400.0) as i64);
        let year: u16 = sofia_day(registered_at)[..4].parse()?;
        let number = RegistryNumber::new(year, sequence).map_err(|_| anyhow::anyhow!("registry number"))?;
        sequence += 1;
        let salt = TokenSalt::random();
        let hash = secret.access_token(number, &salt).hash();
        let mut document = Document::register(&draft, number, registered_at, salt, hash);
        document.status = statuses[rng.below(statuses.len())];
        items.push(serde_dynamo::to_item(DocumentRecord::from(&document))?);
    }
    Ok(items)
}

async fn write_batch(bench: &Bench, table: &str, mut batch: Vec<WriteRequest>) -> Result<()> {
    for attempt in 0..20 {
        let output = bench.stack.clients.dynamodb().batch_write_item().request_items(table, batch).send().await?;
        match output.unprocessed_items.and_then(|mut u| u.remove(table)) {
            Some(rest) if !rest.is_empty() => {
                batch = rest;
                tokio::time::sleep(Duration::from_millis(50 * (attempt + 1))).await;
            }
            _ => return Ok(()),
        }
    }
    anyhow::bail!("BatchWriteItem left items unprocessed after 20 attempts")
}

#[derive(Default)]
struct MapResult {
    elapsed: Duration,
    items_read: u64,
    returned: usize,
    capacity: f64,
    truncated: bool,
    bytes: usize,
    gzipped: usize,
}

async fn map_once(bench: &Bench, path: &str) -> Result<MapResult> {
    let started = Instant::now();
    let response = bench.http.get(bench.url(path)).send().await?;
    ensure!(response.status().as_u16() == 200, "{path} answered {}", response.status());
    let cost = response.headers().get("x-read-cost").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    let body = response.bytes().await?;
    let elapsed = started.elapsed();
    let value = |name: &str| -> f64 {
        cost.split(", ")
            .find_map(|p| p.strip_prefix(&format!("{name}=")))
            .and_then(|v| v.parse().ok())
            .unwrap_or(f64::NAN)
    };
    let map: serde_json::Value = serde_json::from_slice(&body)?;
    let returned = map["features"].as_array().map(Vec::len).unwrap_or(0);
    let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
    encoder.write_all(&body)?;
    let gzipped = encoder.finish()?.len();
    Ok(MapResult {
        elapsed,
        items_read: value("items-read") as u64,
        returned,
        capacity: value("capacity-units"),
        truncated: map["truncated"].as_bool().unwrap_or(false),
        bytes: body.len(),
        gzipped,
    })
}

#[derive(Default)]
struct ScanResult {
    elapsed: Duration,
    items: usize,
    capacity: f64,
}

/// What a map without its index would do: scan the table for the signals of the last 30 days.
async fn scan_once(bench: &Bench, table: &str) -> Result<ScanResult> {
    let since = sofia_day(Timestamp::now() - SignedDuration::from_hours(24 * 29));
    let started = Instant::now();
    let mut result = ScanResult::default();
    let mut start: Option<HashMap<String, AttributeValue>> = None;
    loop {
        let output = bench
            .stack
            .clients
            .dynamodb()
            .scan()
            .table_name(table)
            .filter_expression("entity = :document AND map_day >= :since")
            .expression_attribute_values(":document", AttributeValue::S("document".into()))
            .expression_attribute_values(":since", AttributeValue::S(since.clone()))
            .set_exclusive_start_key(start.take())
            .return_consumed_capacity(ReturnConsumedCapacity::Total)
            .send()
            .await?;
        result.items += output.items().len();
        result.capacity += output.consumed_capacity().and_then(|c| c.capacity_units()).unwrap_or_default();
        match output.last_evaluated_key {
            Some(key) if !key.is_empty() => start = Some(key),
            _ => break,
        }
    }
    result.elapsed = started.elapsed();
    Ok(result)
}
