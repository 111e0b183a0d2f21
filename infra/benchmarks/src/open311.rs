//! 2·. Open311's request list on the map's 50,000 signals (run by the map section, after its seeding): a page of
//! 200 requests against the map's read of 200 markers in the same run, and a deep page (the tenth, reached by the
//! cursor in each page's `Link: rel="next"`) against the first.

use crate::Bench;
use crate::stats::{Row, Target};
use anyhow::{Context, Result, ensure};
use sofia_core::adapters::dynamo::DynamoDocumentStore;
use sofia_core::domain::calendar::recent_sofia_days;
use sofia_core::ports::{PublicIndex, ReadCost};

const PAGE: usize = 200;
const DEEP: usize = 10;

/// What one list answer read, by its `x-read-cost` header, and the path of its next page.
struct Page {
    read: ReadCost,
    returned: usize,
    next: Option<String>,
}

async fn page(bench: &Bench, path: &str) -> Result<Page> {
    let response = bench.http.get(bench.url(path)).send().await?;
    ensure!(response.status().as_u16() == 200, "{path} answered {}", response.status());
    let header = |name: &str| response.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_owned);
    let cost = header("x-read-cost").context("x-read-cost")?;
    let value = |name: &str| -> f64 {
        cost.split(", ")
            .find_map(|p| p.strip_prefix(&format!("{name}=")))
            .and_then(|v| v.parse().ok())
            .unwrap_or(f64::NAN)
    };
    let next = header("link").and_then(|link| {
        let url = link.strip_prefix('<')?.split('>').next()?;
        Some(url[url.find("/open311/")?..].to_owned())
    });
    let read = ReadCost { items_read: value("items-read") as u64, capacity_units: value("capacity-units") };
    let returned = serde_json::from_slice::<Vec<serde_json::Value>>(&response.bytes().await?)?.len();
    Ok(Page { read, returned, next })
}

pub async fn rows(bench: &Bench) -> Result<Vec<Row>> {
    // The map's read of 200 markers: one day's partition of its index, read up to 200 (the densest recent day).
    let index = DynamoDocumentStore::new(bench.stack.clients.dynamodb(), bench.table());
    let mut map = None;
    for day in recent_sofia_days(jiff::Timestamp::now(), 30) {
        let (markers, cost) = index.markers_of_day(&day, None, Some(PAGE)).await?;
        if markers.len() == PAGE {
            map = Some(cost);
            break;
        }
    }
    let map = map.context("a day with 200 markers")?;

    let first = page(bench, &format!("/open311/v2/requests.json?page_size={PAGE}")).await?;
    ensure!(first.returned == PAGE, "the first page holds {PAGE} requests, not {}", first.returned);
    let mut deep = Page { read: first.read, returned: first.returned, next: first.next.clone() };
    for _ in 1..DEEP {
        let next = deep.next.clone().context("a next page")?;
        deep = page(bench, &next).await?;
    }
    ensure!(deep.returned == PAGE, "page {DEEP} holds {PAGE} requests, not {}", deep.returned);

    eprintln!(
        "    Open311: page 1 read {} items ({:.1} units), page {DEEP} {} ({:.1}); the map's 200 markers {} ({:.1})",
        first.read.items_read,
        first.read.capacity_units,
        deep.read.items_read,
        deep.read.capacity_units,
        map.items_read,
        map.capacity_units
    );
    let items = first.read.items_read as f64 / map.items_read as f64;
    let capacity = first.read.capacity_units / map.capacity_units;
    Ok(vec![
        Row::new("2", "Open311 200-request page: items read ÷ the map's read of 200 markers", items, "×", Target::AtMost(1.5))
            .note(format!(
                "{} items read for {} requests; the map: {} index items for {PAGE} markers; one Query of RequestsIndex, nothing read per request",
                first.read.items_read, first.returned, map.items_read
            )),
        Row::new("2", "Open311 200-request page: capacity ÷ the map's read of 200 markers", capacity, "×", Target::None)
            .note(format!(
                "{:.1} units against {:.1}: an index item holds what a request shows (its description above all), a marker a few fields",
                first.read.capacity_units, map.capacity_units
            )),
        Row::new("2", "Open311 page 10 (by cursor): items read ÷ page 1's", deep.read.items_read as f64 / first.read.items_read as f64, "×", Target::AtMost(1.0))
            .note(format!(
                "page {DEEP}: {} items, {:.1} units; page 1: {} items, {:.1} units; earlier pages are not read again",
                deep.read.items_read, deep.read.capacity_units, first.read.items_read, first.read.capacity_units
            )),
    ])
}
