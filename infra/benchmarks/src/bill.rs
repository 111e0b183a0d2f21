//! 8. What a signal costs: the measured inputs of the monthly bill (BENCHMARKS.md builds the bill from them).
//!
//! On a stack on Amazon's DynamoDB Local whose functions' clients carry the capacity meter
//! (`local_stack::capacity`), each step of a signal's life is done several times and what it consumed is
//! read per function: the route's own calls, the stream function's work for the change (counters, indexes,
//! mail), and the minute's change mail. Also the mails each step sends (moto's SES) and each request's time
//! on the local stack, which stands in for the Lambda duration of its function. The map's and Open311's
//! read units at ten times the load are section 2's.

use crate::Bench;
use crate::stats::{Row, Samples, Target};
use anyhow::{Context, Result, bail};
use local_stack::capacity::{CapacityMeter, Tally};
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

/// How many times each step is done.
const TIMES: usize = 20;

/// What one step consumed, split by who consumed it.
#[derive(Default)]
struct Spent {
    route: Tally,
    stream: Tally,
    scheduled: Tally,
    mails: usize,
    times: Samples,
}

impl Spent {
    fn add(&mut self, before: &BTreeMap<String, Tally>, after: &BTreeMap<String, Tally>, stream: &str) {
        for (function, tally) in after {
            let spent = tally.since(&before.get(function).copied().unwrap_or_default());
            let into = if function == stream {
                &mut self.stream
            } else if function.contains("ChangeMail") {
                &mut self.scheduled
            } else {
                &mut self.route
            };
            into.calls += spent.calls;
            into.read_units += spent.read_units;
            into.write_units += spent.write_units;
        }
    }

    fn rows(&self, step: &str, n: usize) -> Vec<Row> {
        let per = |x: f64| x / n as f64;
        let mut rows = vec![
            Row::new("8", format!("{step}: route's write units"), per(self.route.write_units), "WRU", Target::None)
                .note(format!(
                    "read units {:.2}; {:.1} DynamoDB calls; request p50 {:.1} ms, p99 {:.1} ms on the local stack",
                    per(self.route.read_units),
                    per(self.route.calls as f64),
                    self.times.p50(),
                    self.times.percentile(99.0)
                )),
            Row::new("8", format!("{step}: stream's write units"), per(self.stream.write_units), "WRU", Target::None)
                .note(format!(
                    "read units {:.2}; {:.1} DynamoDB calls (stream reads by Lambda are free)",
                    per(self.stream.read_units),
                    per(self.stream.calls as f64)
                )),
        ];
        if self.scheduled.calls > 0 {
            rows.push(
                Row::new(
                    "8",
                    format!("{step}: change mail's write units"),
                    per(self.scheduled.write_units),
                    "WRU",
                    Target::None,
                )
                .note(format!(
                    "read units {:.2}; {:.1} DynamoDB calls",
                    per(self.scheduled.read_units),
                    per(self.scheduled.calls as f64)
                )),
            );
        }
        rows.push(Row::new("8", format!("{step}: mails sent"), per(self.mails as f64), "mails", Target::None));
        rows
    }
}

async fn mail_count(bench: &Bench) -> Result<usize> {
    Ok(local_stack::mailbox::sent_mail(&bench.stack.emulator_endpoint).await?.len())
}

/// Waits until the stream function has done nothing for a second: the change's stream work is done.
async fn settle(meter: &CapacityMeter, stream: &str) {
    let mut last = meter.snapshot().get(stream).copied();
    let mut quiet_since = Instant::now();
    let deadline = Instant::now() + Duration::from_secs(60);
    while quiet_since.elapsed() < Duration::from_secs(1) && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(100)).await;
        let now = meter.snapshot().get(stream).copied();
        if now != last {
            last = now;
            quiet_since = Instant::now();
        }
    }
}

pub async fn run(bench: &Bench, meter: &CapacityMeter) -> Result<Vec<Row>> {
    let stream = bench
        .template
        .stream_subscriptions()?
        .into_iter()
        .next()
        .map(|subscription| subscription.function)
        .context("the stream function")?;
    let change_mail = bench.stack.time.change_mail_functions().next().context("the change mail function")?.to_owned();
    let mut rows = Vec::new();

    // Filing: a signal with the sender's e-mail (the confirmation with the access link goes out).
    let mut filing = Spent::default();
    let mut numbers = Vec::new();
    for i in 0..TIMES {
        let (before, mails) = (meter.snapshot(), mail_count(bench).await?);
        let started = Instant::now();
        let answer = bench
            .http
            .post(bench.url("/api/signals"))
            .json(&serde_json::json!({
                "category": "streets", "type": "pothole",
                "location": { "lat": 42.6977 + i as f64 * 0.001, "lon": 23.3219, "address": "бул. Витоша 1" },
                "description": format!("Сигнал № {i} за сметката — дупка на платното"),
                "email": format!("bill-{i}@example.bg"), "name": "Иван Петров",
            }))
            .send()
            .await?;
        filing.times.push(started.elapsed());
        if answer.status() != 201 {
            bail!("filing answered {}", answer.status());
        }
        let body: serde_json::Value = answer.json().await?;
        numbers.push(body["number"].as_str().context("a number")?.to_owned());
        settle(meter, &stream).await;
        filing.add(&before, &meter.snapshot(), &stream);
        filing.mails += mail_count(bench).await? - mails;
    }
    rows.extend(filing.rows("filing a signal (POST /api/signals, with e-mail)", TIMES));

    // A signal's public page.
    let mut page = Spent::default();
    for number in &numbers {
        let before = meter.snapshot();
        let started = Instant::now();
        let answer = bench.http.get(bench.url(&format!("/api/documents/{number}"))).send().await?;
        page.times.push(started.elapsed());
        if answer.status() != 200 {
            bail!("the signal's page answered {}", answer.status());
        }
        page.add(&before, &meter.snapshot(), &stream);
    }
    rows.extend(page.rows("a signal's page (GET /api/documents/{number})", TIMES));

    // A status change by an operator, mailed to the sender by the minute's change mail.
    let operator = local_stack::demo("operator");
    let login = |body: serde_json::Value| bench.http.post(bench.url("/api/account/login")).json(&body).send();
    let mut tokens: serde_json::Value =
        login(serde_json::json!({ "email": operator.email, "password": operator.password })).await?.json().await?;
    if tokens["mfa"] == "code_required" {
        let answer = serde_json::json!({
            "email": operator.email, "session": tokens["session"], "code": local_stack::totp::local_code(),
        });
        tokens = login(answer).await?.json().await?;
    }
    let token = tokens["access_token"].as_str().context("the operator's access token")?.to_owned();
    let mut change = Spent::default();
    for number in &numbers {
        let view: serde_json::Value = bench
            .http
            .get(bench.url(&format!("/api/staff/documents/{number}")))
            .bearer_auth(&token)
            .send()
            .await?
            .json()
            .await?;
        let (before, mails) = (meter.snapshot(), mail_count(bench).await?);
        let started = Instant::now();
        let answer = bench
            .http
            .post(bench.url(&format!("/api/staff/documents/{number}/status")))
            .bearer_auth(&token)
            .json(&serde_json::json!({
                "status": "registered", "note": "Приет и насочен за проверка.", "version": view["version"],
            }))
            .send()
            .await?;
        change.times.push(started.elapsed());
        if answer.status() != 200 {
            bail!("the status change answered {}: {}", answer.status(), answer.text().await.unwrap_or_default());
        }
        settle(meter, &stream).await;
        let later = bench.stack.time.clock.now() + sofia_core::change_mail::WINDOW + jiff::SignedDuration::from_mins(1);
        bench.stack.time.run_change_mail_at(&change_mail, later).await?;
        change.add(&before, &meter.snapshot(), &stream);
        change.mails += mail_count(bench).await? - mails;
    }
    rows.extend(change.rows("a status change (POST …/status, mailed to the sender)", TIMES));
    Ok(rows)
}
