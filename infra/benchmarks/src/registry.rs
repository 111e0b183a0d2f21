//! 4. Registry numbers: 200 concurrent submissions through the API get 200 distinct, consecutive numbers, at
//! (target) 0.8 × or more the throughput of filing one at a time; the registry book (`GET /api/registry/{year}`)
//! then explains every number issued, in order and without holes.
//!
//! The API allows 100 submissions an hour from one address: the submissions come from four loopback addresses
//! (127.0.0.11–14), 50 each, as from four clients.

use crate::Bench;
use crate::stats::{Row, Target};
use anyhow::{Context, Result, ensure};
use std::collections::BTreeSet;
use std::net::{IpAddr, Ipv4Addr};
use std::time::Instant;

const SUBMISSIONS: usize = 200;
const CLIENTS: u8 = 4;
const SEQUENTIAL: usize = 30;

pub async fn run(bench: &Bench, engine: &'static str) -> Result<Vec<Row>> {
    let clients: Vec<reqwest::Client> = (0..CLIENTS)
        .map(|i| {
            reqwest::Client::builder()
                .local_address(IpAddr::V4(Ipv4Addr::new(127, 0, 0, 11 + i)))
                .pool_max_idle_per_host(64)
                .build()
        })
        .collect::<Result<_, _>>()?;
    let categories =
        [("streets", "pothole"), ("lighting", "lamp-out"), ("waste", "illegal-dump"), ("greenery", "grass")];
    let started = Instant::now();
    let submissions = (0..SUBMISSIONS).map(|i| {
        let client = &clients[i % clients.len()];
        let (category, signal_type) = categories[i % categories.len()];
        // No e-mail: 200 confirmation mails would only load the emulator while it is being measured.
        let body = serde_json::json!({
            "category": category, "type": signal_type,
            "location": { "lat": 42.64 + (i as f64) * 0.0004, "lon": 23.28 + (i as f64) * 0.0003 },
            "description": format!("Сигнал за измерване № {i} — registry benchmark"),
        });
        // As a client should: one Idempotency-Key per filing, and a 503 retried after its Retry-After.
        let key = uuid::Uuid::new_v4().to_string();
        async move {
            let mut busy = 0;
            loop {
                let response =
                    client.post(bench.url("/api/signals")).header("idempotency-key", &key).json(&body).send().await?;
                let status = response.status().as_u16();
                let retry_after: u64 = response
                    .headers()
                    .get("retry-after")
                    .and_then(|v| v.to_str().ok())
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(1);
                let answer: serde_json::Value = response.json().await?;
                if status == 503 && busy < 20 {
                    busy += 1;
                    tokio::time::sleep(std::time::Duration::from_secs(retry_after.min(5))).await;
                    continue;
                }
                ensure!(status == 201, "submission answered {status}: {answer}");
                let number = answer["number"].as_str().context("a number")?;
                let sequence: u32 = number.split('-').nth(1).context("NNNN-SEQ")?.parse()?;
                return anyhow::Ok((sequence, busy, number[..4].to_owned()));
            }
        }
    });
    let results = futures::future::join_all(submissions).await;
    let elapsed = started.elapsed();
    let answers: Vec<(u32, usize, String)> = results.into_iter().collect::<Result<_>>()?;
    let sequences: Vec<u32> = answers.iter().map(|(s, _, _)| *s).collect();
    let busy: usize = answers.iter().map(|(_, b, _)| b).sum();
    let delayed = answers.iter().filter(|(_, b, _)| *b > 0).count();
    let year = answers.first().map(|(_, _, year)| year.clone()).context("no filing")?;
    let distinct: BTreeSet<u32> = sequences.iter().copied().collect();
    let (first, last) = (distinct.first().copied().unwrap_or(0), distinct.last().copied().unwrap_or(0));
    let consecutive = distinct.len() == SUBMISSIONS && (last - first) as usize + 1 == SUBMISSIONS;
    let per_second = SUBMISSIONS as f64 / elapsed.as_secs_f64();

    // The same filings one at a time, for comparison: what the registry does without contention.
    let single =
        reqwest::Client::builder().local_address(IpAddr::V4(Ipv4Addr::new(127, 0, 0, 10 + CLIENTS + 1))).build()?;
    let started = Instant::now();
    for i in 0..SEQUENTIAL {
        let body = serde_json::json!({
            "category": "streets", "type": "pothole",
            "location": { "lat": 42.70 + (i as f64) * 0.0004, "lon": 23.30 },
            "description": format!("Сигнал за измерване № {i} — one at a time"),
        });
        let response = single.post(bench.url("/api/signals")).json(&body).send().await?;
        ensure!(response.status().as_u16() == 201, "sequential filing answered {}", response.status());
    }
    let sequential = SEQUENTIAL as f64 / started.elapsed().as_secs_f64();
    let (book, issued) = crate::load::read_book(bench, &year).await?;
    let in_order = book.iter().map(|(n, _, _)| *n).eq(1..=issued);
    let void = book.iter().filter(|(_, state, _)| state == "void").count();
    let unexplained = book.iter().filter(|(_, state, _)| state != "filed" && state != "void").count();
    Ok(vec![
        Row::new("4", format!("distinct numbers of {SUBMISSIONS} concurrent submissions ({engine})"), distinct.len() as f64, "", Target::Exactly(SUBMISSIONS as f64))
            .note(format!("numbers {first}…{last}; {delayed} filings first answered 503 (busy) and were retried after Retry-After, {busy} 503s in all")),
        Row::new("4", format!("numbers consecutive, no gaps ({engine})"), if consecutive { 1.0 } else { 0.0 }, "", Target::Exactly(1.0))
            .note("1 = yes"),
        Row::new("4", format!("registry throughput ({engine})"), per_second, "filings/s", Target::None)
            .note(format!("{SUBMISSIONS} in {:.1} s; each filing reserves its number with one atomic ADD on the counter, then writes its document with its line of the registry book in one transaction: no filing waits for another", elapsed.as_secs_f64())),
        Row::new("4", format!("registry throughput, 200 at once ÷ one at a time ({engine})"), per_second / sequential, "×", Target::AtLeast(0.8))
            .note(format!("one at a time: {sequential:.1} filings/s ({SEQUENTIAL} filings)")),
        Row::new("4", format!("numbers the registry book leaves unexplained ({engine})"), unexplained as f64, "", Target::Exactly(0.0))
            .note(format!("{issued} issued, {} lines, in order without holes: {}; {void} void", book.len(), if in_order { "yes" } else { "NO" })),
    ])
}
