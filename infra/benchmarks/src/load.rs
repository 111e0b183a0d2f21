//! 7. A load run, on loopback only and bounded in time: 50 filings a second for 60 s while the map is read 100
//! times a second, on DynamoDB Local. Both are sent on a fixed schedule (open loop: a slow answer does not slow
//! the senders down, as with real citizens), each request with a timeout. Errors are counted, p50/p99 reported,
//! and afterwards the registry book (`GET /api/registry/{year}`) is read to check that every number issued is
//! explained, in order and without holes: filed, or void with its reason (once the filings still under way on
//! the server, whose clients gave up, have ended).
//!
//! The API admits 100 filings an hour from one address: the filings come from 60 loopback addresses
//! (127.0.1.1–60), 50 each, as from 60 citizens.

use crate::Bench;
use crate::stats::{Row, Samples, Target};
use anyhow::{Context, Result, ensure};
use sofia_core::domain::registry::RESERVATION_GRACE;
use std::collections::{BTreeMap, BTreeSet};
use std::net::{IpAddr, Ipv4Addr};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::Mutex;

const FILINGS_PER_SECOND: u64 = 50;
const MAP_READS_PER_SECOND: u64 = 100;
const SECONDS: u64 = 60;
const FILING_ADDRESSES: u8 = 60;
/// A request not answered by then counts as an error (API Gateway gives up after 29 s).
const REQUEST_TIMEOUT: Duration = Duration::from_secs(29);

#[derive(Default)]
struct Outcome {
    samples: Samples,
    errors: BTreeMap<String, usize>,
    numbers: Vec<String>,
}

impl Outcome {
    fn error(&mut self, what: impl Into<String>) {
        *self.errors.entry(what.into()).or_default() += 1;
    }

    fn error_count(&self) -> usize {
        self.errors.values().sum()
    }

    fn error_note(&self) -> String {
        if self.errors.is_empty() {
            return "none".into();
        }
        self.errors.iter().map(|(what, n)| format!("{n} × {what}")).collect::<Vec<_>>().join(", ")
    }
}

fn client(address: Ipv4Addr) -> Result<reqwest::Client> {
    Ok(reqwest::Client::builder()
        .local_address(IpAddr::V4(address))
        .timeout(REQUEST_TIMEOUT)
        .pool_max_idle_per_host(256)
        .build()?)
}

/// Runs `send(i)` for `i` in `0..count`, the `i`-th at `i / per_second` seconds from `start`, each on its own
/// task; waits for all of them.
async fn on_schedule<F, Fut>(start: tokio::time::Instant, per_second: u64, count: u64, send: F)
where
    F: Fn(u64) -> Fut,
    Fut: std::future::Future<Output = ()> + Send + 'static,
{
    let mut tasks = Vec::with_capacity(count as usize);
    for i in 0..count {
        tokio::time::sleep_until(start + Duration::from_micros(i * 1_000_000 / per_second)).await;
        tasks.push(tokio::spawn(send(i)));
    }
    for task in tasks {
        let _ = task.await;
    }
}

pub async fn run(bench: &Bench) -> Result<Vec<Row>> {
    let filers: Vec<reqwest::Client> =
        (0..FILING_ADDRESSES).map(|i| client(Ipv4Addr::new(127, 0, 1, 1 + i))).collect::<Result<_>>()?;
    let reader = client(Ipv4Addr::new(127, 0, 2, 1))?;
    let filings = Arc::new(Mutex::new(Outcome::default()));
    let reads = Arc::new(Mutex::new(Outcome::default()));
    // The map is read as the home page reads it: the city's tiles at its opening zoom, one request each.
    let city = sofia_core::domain::location::SOFIA_BOUNDS;
    let tiles = sofia_core::domain::public_map::tiles_covering(&city, 4, 64).unwrap_or_default();
    let map_urls: Vec<String> = tiles
        .iter()
        .filter_map(|tile| Some(bench.url(&format!("/api/map?days=30&zoom=12&bbox={}", crate::map::tile_bbox(tile)?))))
        .collect();
    anyhow::ensure!(!map_urls.is_empty(), "no map tiles cover the city");
    let filing_url = bench.url("/api/signals");
    let categories =
        [("streets", "pothole"), ("lighting", "lamp-out"), ("waste", "illegal-dump"), ("greenery", "grass")];

    let start = tokio::time::Instant::now() + Duration::from_millis(200);
    let file = on_schedule(start, FILINGS_PER_SECOND, FILINGS_PER_SECOND * SECONDS, |i| {
        let client = filers[i as usize % filers.len()].clone();
        let (category, signal_type) = categories[i as usize % categories.len()];
        // No e-mail: 3,000 confirmation mails would measure the mail emulator.
        let body = serde_json::json!({
            "category": category, "type": signal_type,
            "location": { "lat": 42.64 + (i % 200) as f64 * 0.0004, "lon": 23.28 + (i / 200) as f64 * 0.004 },
            "description": format!("Сигнал под натоварване № {i} — load run"),
        });
        let (url, outcome) = (filing_url.clone(), filings.clone());
        async move {
            let started = Instant::now();
            let answer =
                client.post(&url).header("idempotency-key", uuid::Uuid::new_v4().to_string()).json(&body).send().await;
            let mut outcome = outcome.lock().await;
            match answer {
                Ok(response) if response.status().as_u16() == 201 => {
                    let answer: serde_json::Value = match response.json().await {
                        Ok(answer) => answer,
                        Err(_) => return outcome.error("unreadable 201"),
                    };
                    outcome.samples.push(started.elapsed());
                    match answer["number"].as_str() {
                        Some(number) => outcome.numbers.push(number.to_owned()),
                        None => outcome.error("201 without a number"),
                    }
                }
                Ok(response) => outcome.error(response.status().as_u16().to_string()),
                Err(error) if error.is_timeout() => outcome.error("timeout"),
                Err(_) => outcome.error("connection"),
            }
        }
    });
    let read = on_schedule(start, MAP_READS_PER_SECOND, MAP_READS_PER_SECOND * SECONDS, |i| {
        let url = map_urls[i as usize % map_urls.len()].clone();
        let (client, outcome) = (reader.clone(), reads.clone());
        async move {
            let started = Instant::now();
            let answer = client.get(&url).send().await;
            let answer = match answer {
                Ok(response) if response.status().is_success() => response.bytes().await.map(|_| ()),
                Ok(response) => {
                    return outcome.lock().await.error(response.status().as_u16().to_string());
                }
                Err(error) => Err(error),
            };
            let mut outcome = outcome.lock().await;
            match answer {
                Ok(()) => outcome.samples.push(started.elapsed()),
                Err(error) if error.is_timeout() => outcome.error("timeout"),
                Err(_) => outcome.error("connection"),
            }
        }
    });
    let began = Instant::now();
    tokio::join!(file, read);
    let elapsed = began.elapsed();

    let filings = Arc::try_unwrap(filings).ok().context("filings still running")?.into_inner();
    let reads = Arc::try_unwrap(reads).ok().context("reads still running")?.into_inner();
    ensure!(!filings.numbers.is_empty(), "no filing succeeded: {}", filings.error_note());

    // The registry book after the run: a line for every number issued, each explained. A line `reserved` is a
    // filing still under way on the server (its client may have given up): read again until none is, or until
    // the book's grace has passed and it has recorded the abandoned ones void.
    let year = filings.numbers[0].split('-').next().context("a number")?.to_owned();
    let settling = Instant::now();
    let settle_limit = RESERVATION_GRACE.unsigned_abs() + Duration::from_secs(60);
    let mut reserved_at_first = None;
    let (book, issued) = loop {
        let (book, issued) = read_book(bench, &year).await?;
        let reserved = book.iter().filter(|(_, state, _)| state == "reserved").count();
        reserved_at_first.get_or_insert(reserved);
        if reserved == 0 || settling.elapsed() > settle_limit {
            break (book, issued);
        }
        tokio::time::sleep(Duration::from_secs(10)).await;
    };
    let settled = format!(
        "{} reserved when the run ended, the book read again until none was ({:.0} s)",
        reserved_at_first.unwrap_or_default(),
        settling.elapsed().as_secs_f64()
    );
    let sequences: Vec<u32> = book.iter().map(|(n, _, _)| *n).collect();
    let gap_free = sequences.iter().copied().eq(1..=issued);
    let mut states: BTreeMap<String, usize> = BTreeMap::new();
    for (_, state, reason) in &book {
        let key = match reason {
            Some(reason) => format!("{state} ({reason})"),
            None => state.clone(),
        };
        *states.entry(key).or_default() += 1;
    }
    let filed: BTreeSet<u32> = book.iter().filter(|(_, state, _)| state == "filed").map(|(n, _, _)| *n).collect();
    let answered: BTreeSet<u32> = filings.numbers.iter().filter_map(|n| n.split('-').nth(1)?.parse().ok()).collect();
    let every_answer_filed = answered.len() == filings.numbers.len() && answered.is_subset(&filed);
    let unexplained = book.iter().filter(|(_, state, _)| state != "filed" && state != "void").count();
    let states_note = states.iter().map(|(s, n)| format!("{n} {s}")).collect::<Vec<_>>().join(", ");

    let planned_filings = (FILINGS_PER_SECOND * SECONDS) as usize;
    let planned_reads = (MAP_READS_PER_SECOND * SECONDS) as usize;
    Ok(vec![
        Row::new(
            "7",
            "filings answered 201 ÷ sent (50/s for 60 s)",
            filings.samples.len() as f64 / planned_filings as f64,
            "",
            Target::Exactly(1.0),
        )
        .note(format!(
            "{} of {planned_filings} in {:.1} s; errors: {}",
            filings.samples.len(),
            elapsed.as_secs_f64(),
            filings.error_note()
        )),
        Row::new("7", "filing errors", filings.error_count() as f64, "", Target::Exactly(0.0)),
        Row::new("7", "filing latency p50", filings.samples.p50(), "ms", Target::None).note(format!(
            "p99 {:.0} ms; POST /api/signals from {FILING_ADDRESSES} loopback addresses, open loop",
            filings.samples.p99()
        )),
        Row::new("7", "filing latency p99", filings.samples.p99(), "ms", Target::None),
        Row::new(
            "7",
            "map reads answered ÷ sent (100/s for 60 s)",
            reads.samples.len() as f64 / planned_reads as f64,
            "",
            Target::Exactly(1.0),
        )
        .note(format!("{} of {planned_reads}; errors: {}", reads.samples.len(), reads.error_note())),
        Row::new("7", "map read errors", reads.error_count() as f64, "", Target::Exactly(0.0)),
        Row::new("7", "map read latency p50", reads.samples.p50(), "ms", Target::None).note(format!(
            "p99 {:.0} ms; GET /api/map, the city's tiles at zoom 12 one by one as the home page asks them, while the filings land",
            reads.samples.p99()
        )),
        Row::new("7", "map read latency p99", reads.samples.p99(), "ms", Target::None),
        Row::new(
            "7",
            "registry book after the run: numbers in order, no holes",
            if gap_free { 1.0 } else { 0.0 },
            "",
            Target::Exactly(1.0),
        )
        .note(format!("{issued} numbers issued this year in the run's stack: {states_note}; {settled}")),
        Row::new("7", "numbers not explained (neither filed nor void)", unexplained as f64, "", Target::Exactly(0.0))
            .note(format!(
                "every number answered 201 is filed in the book: {}",
                if every_answer_filed { "yes" } else { "NO" }
            )),
    ])
}

/// Every line of a year's book: (sequence, state, void reason), and how many numbers the year has issued.
pub async fn read_book(bench: &Bench, year: &str) -> Result<(Vec<(u32, String, Option<String>)>, u32)> {
    let mut lines = Vec::new();
    let mut issued = 0;
    let mut path = Some(format!("/api/registry/{year}"));
    while let Some(page) = path {
        let response = bench.http.get(bench.url(&page)).send().await?;
        ensure!(response.status().is_success(), "{page} answered {}", response.status());
        let answer: serde_json::Value = response.json().await?;
        issued = answer["issued"].as_u64().context("issued")? as u32;
        for line in answer["lines"].as_array().context("lines")? {
            let sequence = line["number"].as_str().and_then(|n| n.split('-').nth(1)?.parse().ok()).context("number")?;
            let state = line["state"].as_str().context("state")?.to_owned();
            lines.push((sequence, state, line["reason"].as_str().map(str::to_owned)));
        }
        path = answer["next"].as_str().map(str::to_owned);
    }
    Ok((lines, issued))
}
