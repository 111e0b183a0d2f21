//! 2. The map of 30 days with 110,000 signals (ten times Sofia's 2025 load), on Amazon's DynamoDB Local (which
//! reports real consumed capacity).
//!
//! The signals are built as the API builds them (the filing parser routes each to its unit and district, the
//! domain registers it, the record builder lays it out) and written with `BatchWriteItem`, with the map's
//! cluster counters the stream would have left for them (the same domain function, `map_deltas`, summed into the
//! same items). The table's stream is switched off first: the stream function would otherwise count 110,000
//! insertions again while the map is measured. Then every kind of request the home map makes — one tile each,
//! at the city's centre — and the whole city in one request are read side by side with a raw single-partition
//! `Query` (one marker tile's 30 days), interleaved.
use crate::Bench;
use crate::stats::{Rng, Row, Samples, Target};
use anyhow::{Context, Result, ensure};
use aws_sdk_dynamodb::types::{AttributeValue, PutRequest, StreamSpecification, WriteRequest};
use flate2::Compression;
use flate2::write::GzEncoder;
use futures::stream::{self, StreamExt, TryStreamExt};
use jiff::{SignedDuration, Timestamp};
use sofia_core::adapters::records::{CELL_INDEX, DocumentRecord};
use sofia_core::adapters::stats::map_tile_items;
use sofia_core::domain::access::{TokenSalt, TokenSecret};
use sofia_core::domain::calendar::sofia_day;
use sofia_core::domain::catalogue::Catalogue;
use sofia_core::domain::districts::Districts;
use sofia_core::domain::document::{Document, Subject};
use sofia_core::domain::filing::{NewSignalRequest, parse_new_signal};
use sofia_core::domain::public_map::{MARKER_TILE_PRECISION, MappedSignal, cell_bounds, geohash_at, map_deltas};
use sofia_core::domain::registry::RegistryNumber;
use sofia_core::domain::status::Status;
use std::collections::{BTreeMap, HashMap};
use std::io::Write;
use std::time::{Duration, Instant};

const SIGNALS: usize = 110_000;
/// Sequences far above what the registry benchmark allocates, so the two never meet.
const FIRST_SEQUENCE: u32 = 300_000;
const ROUNDS: usize = 20;

/// The `bbox` of a geohash tile as the site asks for it: a hair inside the tile, so no neighbour is touched.
pub fn tile_bbox(tile: &str) -> Option<String> {
    let (b, _) = cell_bounds(tile)?;
    let hair = 1e-6;
    Some(format!("{},{},{},{}", b[0] + hair, b[1] + hair, b[2] - hair, b[3] - hair))
}

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

    eprintln!("    seeding {SIGNALS} signals and their map counters…");
    let started = Instant::now();
    let (items, counters) = seed_items()?;
    let seeded_counters = counters.len();
    let requests: Vec<Vec<WriteRequest>> = items
        .iter()
        .chain(counters.iter())
        .collect::<Vec<_>>()
        .chunks(25)
        .map(|chunk| {
            chunk
                .iter()
                .map(|item| {
                    WriteRequest::builder()
                        .put_request(PutRequest::builder().set_item(Some((*item).clone())).build().unwrap())
                        .build()
                })
                .collect()
        })
        .collect();
    stream::iter(requests.into_iter().map(|batch| write_batch(bench, &table, batch)))
        .buffer_unordered(8)
        .try_collect::<Vec<()>>()
        .await?;
    eprintln!("    seeded in {:.1} s ({seeded_counters} counter items)", started.elapsed().as_secs_f64());

    let centre = (42.6977, 23.3219);
    let tile_of = |precision: usize| tile_bbox(&geohash_at(centre.0, centre.1, precision)).context("a tile's bounds");
    // The views: the requests the home map makes, a tile of the zoom's band each (bbox a hair inside it), and the
    // whole city in one request (an API client's; the site asks for its tiles one by one).
    let views: Vec<(&str, String)> = vec![
        ("whole city, its 12 tiles in one request", "/api/map?days=30&zoom=12".to_owned()),
        ("city tile (zoom ≤ 12: geohash 4, cells of 5)", format!("/api/map?days=30&zoom=12&bbox={}", tile_of(4)?)),
        ("city tile, one category", format!("/api/map?days=30&zoom=12&category=streets&bbox={}", tile_of(4)?)),
        ("city tile, one district", format!("/api/map?days=30&zoom=12&district=lozenets&bbox={}", tile_of(4)?)),
        ("city tile, resolved only", format!("/api/map?days=30&zoom=12&status=resolved&bbox={}", tile_of(4)?)),
        ("zoom 13–14 tile (geohash 5, cells of 6)", format!("/api/map?days=30&zoom=14&bbox={}", tile_of(5)?)),
        ("zoom 15 tile (geohash 6, cells of 7)", format!("/api/map?days=30&zoom=15&bbox={}", tile_of(6)?)),
        ("zoom ≥ 16 tile: markers (geohash 6)", format!("/api/map?days=30&zoom=16&bbox={}", tile_of(6)?)),
        (
            "zoom ≥ 16 tile: one category's markers",
            format!("/api/map?days=30&zoom=16&category=streets&bbox={}", tile_of(6)?),
        ),
        (
            "zoom ≥ 16 tile: open markers only",
            format!("/api/map?days=30&zoom=16&status=new,registered,forwarded,in_progress&bbox={}", tile_of(6)?),
        ),
    ];
    let marker_tile = geohash_at(centre.0, centre.1, MARKER_TILE_PRECISION);
    let from_day = sofia_day(Timestamp::now() - SignedDuration::from_hours(24 * 29));

    // Warm every view once, then interleave rounds: each view, then the raw Query.
    let mut first = Vec::new();
    for (_, path) in &views {
        first.push(map_once(bench, path).await?);
    }
    let (mut samples, mut raw) = (vec![Samples::default(); views.len()], Samples::default());
    let mut raw_items = 0;
    for round in 0..ROUNDS {
        for (i, (_, path)) in views.iter().enumerate() {
            samples[i].push(map_once(bench, path).await?.elapsed);
        }
        let (elapsed, items) = raw_query(bench, &table, &marker_tile, &from_day).await?;
        raw.push(elapsed);
        raw_items = items;
        if round % 5 == 4 {
            eprintln!("    round {}: raw Query p50 {:.1} ms", round + 1, raw.p50());
        }
    }

    let city = &first[0];
    let mut rows = vec![
        Row::new("2", "signals on the whole-city map ÷ signals of the 30 days", city.total as f64 / SIGNALS as f64, "×", Target::Exactly(1.0))
            .note(format!(
                "{} of {SIGNALS} counted ({} in {} clusters, {} placed by address only, in their districts); nothing is truncated: the answer has no such flag",
                city.total, city.total - city.unplaced, city.returned - city.unplaced_groups, city.unplaced
            )),
        Row::new("2", "whole-city map, gzipped", city.gzipped as f64 / 1024.0, "KB", Target::AtMost(30.0))
            .note(format!("{} clusters and {} district counts: {} B of JSON, {} B gzipped (level 6)", city.returned - city.unplaced_groups, city.unplaced_groups, city.bytes, city.gzipped)),
    ];
    for (i, (name, path)) in views.iter().enumerate() {
        let view = &first[i];
        let (ratio, what) = match view.cells_read {
            Some(cells) => (
                cells as f64 / view.returned.max(1) as f64,
                format!(
                    "{cells} cells read for {} clusters and district counts; {} day items read (one per day and tile), {:.1} capacity units",
                    view.returned, view.items_read, view.capacity
                ),
            ),
            None => (
                view.items_read as f64 / view.returned.max(1) as f64,
                format!(
                    "{} index items read for {} markers, {:.1} capacity units",
                    view.items_read, view.returned, view.capacity
                ),
            ),
        };
        rows.push(
            Row::new("2", format!("map, {name}: read ÷ returned"), ratio, "×", Target::AtMost(1.1))
                .note(format!("{what}; {}", path.split('?').nth(1).unwrap_or_default())),
        );
        rows.push(
            Row::new(
                "2",
                format!("map, {name}: p50 ÷ one partition's Query p50"),
                samples[i].p50() / raw.p50(),
                "×",
                Target::AtMost(2.0),
            )
            .note(format!(
                "p50 {:.1} ms, p99 {:.1} ms over {ROUNDS} runs; {} B answer",
                samples[i].p50(),
                samples[i].p99(),
                view.bytes
            )),
        );
    }
    rows.push(
        Row::new("2", "one partition's Query (the baseline), p50", raw.p50(), "ms", Target::None).note(format!(
            "a raw Query of the centre's marker tile (CellIndex, 30 days): {raw_items} items, all pages; interleaved with the views, {ROUNDS} runs"
        )),
    );
    ensure!(first.iter().all(|v| v.returned > 0), "every view returned something");
    rows.extend(crate::open311::rows(bench).await?);
    rows.retain(|r| !r.value.is_nan());
    Ok(rows)
}

/// The signals: three in four in the city's dense core, the rest anywhere in the municipality (a point outside
/// every district is refused, as the API would); categories and types from the catalogue, registered over the
/// last 29 days, with a mix of statuses; one in twenty placed by address only, in a district; deterministic.
/// With them, the map's counter items the stream would have left.
fn seed_items() -> Result<(Vec<HashMap<String, AttributeValue>>, Vec<HashMap<String, AttributeValue>>)> {
    let catalogue = Catalogue::builtin();
    let districts = Districts::builtin();
    let district_ids: Vec<&str> = districts.ids().collect();
    let secret =
        TokenSecret::new(b"benchmark-secret-of-at-least-32-bytes!".to_vec()).map_err(|_| anyhow::anyhow!("secret"))?;
    let pairs: Vec<(&str, &str)> = catalogue
        .signal_categories
        .iter()
        .flat_map(|c| c.types.iter().map(move |t| (c.id.as_str(), t.id.as_str())))
        .collect();
    let statuses =
        [Status::New, Status::Registered, Status::Forwarded, Status::InProgress, Status::Resolved, Status::Closed];
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
    let mut deltas = BTreeMap::new();
    let mut sequence = FIRST_SEQUENCE;
    while items.len() < SIGNALS {
        let (category, signal_type) = pairs[rng.below(pairs.len())];
        let location = if rng.below(20) == 0 {
            let district = district_ids[rng.below(district_ids.len())];
            serde_json::json!({ "address": "ул. Тестова 1", "district": district })
        } else if rng.below(4) == 0 {
            serde_json::json!({ "lat": 42.45 + rng.unit() * 0.45, "lon": 23.05 + rng.unit() * 0.6 })
        } else {
            serde_json::json!({ "lat": 42.64 + rng.unit() * 0.11, "lon": 23.25 + rng.unit() * 0.15 })
        };
        let request: NewSignalRequest = serde_json::from_value(serde_json::json!({
            "category": category, "type": signal_type, "location": location,
            "description": descriptions[rng.below(descriptions.len())],
        }))?;
        let Ok(draft) = parse_new_signal(&request, catalogue, districts) else { continue };
        let registered_at = now - SignedDuration::from_secs((rng.unit() * 29.0 * 86_400.0) as i64);
        let year: u16 = sofia_day(registered_at)[..4].parse()?;
        let number = RegistryNumber::new(year, sequence).map_err(|_| anyhow::anyhow!("registry number"))?;
        sequence += 1;
        let salt = TokenSalt::random();
        let hash = secret.access_token(number, &salt).hash();
        let mut document = Document::register(&draft, number, registered_at, salt, hash);
        document.status = statuses[rng.below(statuses.len())];
        if let Subject::Signal { category, location, .. } = &document.subject {
            let mapped = MappedSignal {
                registered_at,
                category: category.clone(),
                district: document.district.clone(),
                status: document.status,
                point: location.point(),
            };
            for (key, delta) in map_deltas(None, Some(&mapped), districts) {
                *deltas.entry(key).or_insert(0) += delta;
            }
        }
        items.push(serde_dynamo::to_item(DocumentRecord::from(&document))?);
    }
    Ok((items, map_tile_items(&deltas)))
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
    /// At cluster zooms: the cells whose counters were read.
    cells_read: Option<u64>,
    /// Clusters, markers or district counts.
    returned: usize,
    total: u64,
    unplaced: u64,
    unplaced_groups: usize,
    capacity: f64,
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
    let value = |name: &str| -> Option<f64> {
        cost.split(", ").find_map(|p| p.strip_prefix(&format!("{name}="))).and_then(|v| v.parse().ok())
    };
    let map: serde_json::Value = serde_json::from_slice(&body)?;
    ensure!(map.get("truncated").is_none(), "{path}: an answer with a truncation flag");
    let unplaced = map["unplaced"].as_array().cloned().unwrap_or_default();
    let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
    encoder.write_all(&body)?;
    let gzipped = encoder.finish()?.len();
    Ok(MapResult {
        elapsed,
        items_read: value("items-read").unwrap_or(f64::NAN) as u64,
        cells_read: value("cells-read").map(|c| c as u64),
        returned: value("items-returned").unwrap_or(f64::NAN) as usize,
        total: map["total"].as_u64().unwrap_or_default(),
        unplaced: unplaced.iter().filter_map(|u| u["count"].as_u64()).sum(),
        unplaced_groups: unplaced.len(),
        capacity: value("capacity-units").unwrap_or(f64::NAN),
        bytes: body.len(),
        gzipped,
    })
}

/// The baseline: one partition of the cell index (a marker tile's 30 days) read raw, every page.
async fn raw_query(bench: &Bench, table: &str, tile: &str, from_day: &str) -> Result<(Duration, usize)> {
    let started = Instant::now();
    let mut items = 0;
    let mut start: Option<HashMap<String, AttributeValue>> = None;
    loop {
        let output = bench
            .stack
            .clients
            .dynamodb()
            .query()
            .table_name(table)
            .index_name(CELL_INDEX)
            .key_condition_expression("cell_pk = :tile AND cell_sk >= :from")
            .expression_attribute_values(":tile", AttributeValue::S(tile.to_owned()))
            .expression_attribute_values(":from", AttributeValue::S(from_day.to_owned()))
            .set_exclusive_start_key(start.take())
            .send()
            .await?;
        items += output.items().len();
        match output.last_evaluated_key {
            Some(key) if !key.is_empty() => start = Some(key),
            _ => return Ok((started.elapsed(), items)),
        }
    }
}
