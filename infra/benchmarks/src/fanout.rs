//! 3. Fan-out: one signal with 10,000 subscribers changes status; the change mail mails each subscriber once.
//!
//! The stream function's handler is invoked in-process with the DynamoDB stream record of the change (as the
//! local poller and Lambda deliver it), which gathers the change; then the fan-out the change mail sends a
//! document's gathered changes with (`notify::mail_changes_once`) is timed from the call until it returns (every
//! mail sent). Its throughput is
//! compared with a raw loop of SES `SendEmail` calls of the same mail at the same concurrency
//! (`FANOUT_CONCURRENCY`), run half before and half after it; and, to show what the delivery log costs, with a
//! raw loop that claims each delivery first and then sends. Mails are counted in the emulator's sent mail.

use crate::Bench;
use crate::stats::{Row, Target};
use anyhow::{Context, Result, ensure};
use aws_lambda_events::dynamodb::Event;
use aws_sdk_dynamodb::types::AttributeValue;
use futures::stream::{self, StreamExt};
use sofia_core::adapters::records::DocumentRecord;
use sofia_core::domain::document::Document;
use sofia_core::domain::email::Email;
use sofia_core::domain::mail::{Audience, Dated, OutgoingMail, Update, document_update};
use sofia_core::domain::status::Status;
use sofia_core::domain::subscriptions::Target as Following;
use sofia_core::notify::Notifier;
use std::collections::HashMap;
use std::time::{Duration, Instant};

const SUBSCRIBERS: usize = 10_000;
/// The raw loop sends this many, half before and half after the fan-out.
const RAW_SENDS: usize = 10_000;
/// The claim-then-send loop.
const CLAIMED_SENDS: usize = 4_000;

/// The same bound as the stream function's (`FANOUT_CONCURRENCY`, default 16).
use sofia_core::notify::concurrency;

fn tag() -> String {
    uuid::Uuid::new_v4().simple().to_string()[..8].to_owned()
}

pub async fn run(bench: &Bench, engine: &str) -> Result<Vec<Row>> {
    let function = bench.template.stream_subscriptions()?.first().context("a stream function")?.function.clone();
    let services = bench.notifier(&function).await?;
    let table = bench.table();
    let dynamodb = &bench.stack.clients.dynamodb();

    let body = serde_json::json!({
        "category": "streets", "type": "pothole",
        "location": { "lat": 42.6977, "lon": 23.3219, "address": "бул. Витоша 1" },
        "description": "Популярен сигнал: дупка, която всички следят",
        "email": format!("bench.fanout.{}@example.bg", tag()),
    });
    let filed: serde_json::Value =
        bench.http.post(bench.url("/api/signals")).json(&body).send().await?.error_for_status()?.json().await?;
    let number = filed["number"].as_str().context("a number")?.to_owned();

    // Ten thousand subscriptions, written as the subscribe route writes them.
    let domain = format!("fan{}.example.bg", tag());
    let target = Following::Document(number.parse().context("a registry number")?);
    local_stack::seed::subscribers(&dynamodb, &table, &target, SUBSCRIBERS, &domain).await?;

    // The stream record of the status change: the stored document before, and after with the new status.
    let stored = dynamodb
        .get_item()
        .table_name(&table)
        .key("PK", AttributeValue::S(format!("DOC#{number}")))
        .key("SK", AttributeValue::S("META".into()))
        .consistent_read(true)
        .send()
        .await?
        .item
        .context("the filed document")?;
    let mut changed = stored.clone();
    changed.insert("status".into(), AttributeValue::S(Status::Forwarded.as_str().into()));
    let event = stream_event(&stored, &changed)?;

    // A subscriber's mail about this change, as the function writes it; the raw loops send copies of it.
    let record: DocumentRecord = serde_dynamo::from_item(changed.clone())?;
    let document = Document::try_from(record)?;
    let base = &services.site.base_url;
    let (page, unsubscribe, one_click) = (
        format!("{base}/track.html?number={number}"),
        format!("{base}/unsubscribe.html?token=x"),
        format!("{base}/api/unsubscribe?token=x"),
    );
    let changes = vec![Dated {
        at: jiff::Timestamp::now(),
        update: Update::Status { from: Status::New, to: Status::Forwarded, note: None },
    }];
    let sample = document_update(
        &document,
        &changes,
        Email::parse(&format!("sample@{domain}")).map_err(|_| anyhow::anyhow!("address"))?,
        &Audience::Subscriber { page_link: &page, unsubscribe_link: &unsubscribe, one_click_link: &one_click },
        services.catalogue,
    );

    // From here the stack's stream poller waits: every claim and confirmation is a stream record, and on this
    // machine the poller's reads of them take DynamoDB Local's CPU from the claims, where on AWS Lambda reads the
    // stream on AWS's machines (and drops them by the template's filter before any invocation).
    bench.stack.streams_paused.store(true, std::sync::atomic::Ordering::Relaxed);
    // DynamoDB Local is a JVM that compiles its hot paths as they run: an unmeasured claim-then-send loop first
    // (the claims and the sends the fan-out makes), so the figure does not depend on what ran before it.
    eprintln!("    warming DynamoDB Local's claims and moto's sends…");
    claimed_sends(&services, &sample, &format!("warm{}.example.bg", tag())).await?;

    let raw_domain = format!("raw{}.example.bg", tag());
    let first_raw = raw_sends(&services, &sample, &raw_domain, 0, RAW_SENDS / 2).await?;

    eprintln!("    fan-out to {SUBSCRIBERS} subscribers…");
    let response = sofia_core::notify::handle_batch(&services, event).await;
    ensure!(response.batch_item_failures.is_empty(), "the stream reported a failure");
    let post = services.post().await.map_err(|e| anyhow::anyhow!("the token secret: {e}"))?;
    let started = Instant::now();
    let origin = format!("bench-changes-{}", tag());
    sofia_core::notify::mail_changes_once(&post, &document, &origin, changes, None)
        .await
        .map_err(|e| anyhow::anyhow!("the fan-out failed: {e}"))?;
    let fanned = started.elapsed();

    let second_raw = raw_sends(&services, &sample, &raw_domain, RAW_SENDS / 2, RAW_SENDS).await?;
    let claimed_domain = format!("claim{}.example.bg", tag());
    let claimed = claimed_sends(&services, &sample, &claimed_domain).await?;
    bench.stack.streams_paused.store(false, std::sync::atomic::Ordering::Relaxed);

    let mail = local_stack::mailbox::sent_mail(&bench.stack.emulator_endpoint).await?;
    let mut per_subscriber: HashMap<&str, usize> = HashMap::new();
    let mut raw_count = 0;
    for message in &mail {
        for to in &message.destinations.to {
            if to.ends_with(&format!("@{domain}")) {
                *per_subscriber.entry(to.as_str()).or_default() += 1;
            } else if to.ends_with(&format!("@{raw_domain}")) {
                raw_count += 1;
            }
        }
    }
    let sent: usize = per_subscriber.values().sum();
    let once_each = per_subscriber.len() == SUBSCRIBERS && per_subscriber.values().all(|n| *n == 1);
    ensure!(raw_count == RAW_SENDS, "the raw loop sent {raw_count} of {RAW_SENDS}");

    let fan_rate = SUBSCRIBERS as f64 / fanned.as_secs_f64();
    let raw_rate = RAW_SENDS as f64 / (first_raw + second_raw).as_secs_f64();
    let claimed_rate = CLAIMED_SENDS as f64 / claimed.as_secs_f64();
    let c = concurrency();
    Ok(vec![
        Row::new("3", format!("e-mails sent ÷ subscribers ({engine})"), sent as f64 / SUBSCRIBERS as f64, "", Target::Exactly(1.0))
            .note(format!("{sent} mails to {} of {SUBSCRIBERS} subscribers; each exactly once: {once_each}", per_subscriber.len())),
        Row::new("3", format!("fan-out throughput ÷ raw SES send loop ({engine})"), fan_rate / raw_rate, "×", Target::AtLeast(0.9)).note(format!(
            "concurrency {c}; fan-out {fan_rate:.0} mails/s ({SUBSCRIBERS} in {:.1} s), raw SendEmail {raw_rate:.0}/s; deliveries are claimed in the log a hundred per transaction, then sent",
            fanned.as_secs_f64()
        )),
        Row::new("3", format!("fan-out throughput ÷ raw claim-then-send loop ({engine})"), fan_rate / claimed_rate, "×", Target::None)
            .note(format!("the same two calls per mail done raw: {claimed_rate:.0}/s; what reading the list and writing the mails add")),
    ])
}

/// A MODIFY stream record with these images, in the shape Lambda delivers.
fn stream_event(old: &HashMap<String, AttributeValue>, new: &HashMap<String, AttributeValue>) -> Result<Event> {
    let image = |item: &HashMap<String, AttributeValue>| -> Result<serde_json::Value> {
        let item: serde_dynamo::Item = item.clone().into();
        Ok(serde_json::to_value(item)?)
    };
    let keys: HashMap<String, AttributeValue> =
        new.iter().filter(|(k, _)| *k == "PK" || *k == "SK").map(|(k, v)| (k.clone(), v.clone())).collect();
    let event = serde_json::json!({ "Records": [{
        "eventID": format!("bench-{}", uuid::Uuid::new_v4().simple()),
        "eventName": "MODIFY",
        "eventVersion": "1.1",
        "eventSource": "aws:dynamodb",
        "awsRegion": "us-east-1",
        "dynamodb": {
            "ApproximateCreationDateTime": jiff::Timestamp::now().as_second(),
            "Keys": image(&keys)?,
            "NewImage": image(new)?,
            "OldImage": image(old)?,
            "SequenceNumber": "1",
            "SizeBytes": 1000,
            "StreamViewType": "NEW_AND_OLD_IMAGES",
        },
        "eventSourceARN": "arn:aws:dynamodb:us-east-1:123456789012:table/bench/stream/2026-01-01T00:00:00.000",
    }]});
    Ok(serde_json::from_value(event)?)
}

fn addressed(sample: &OutgoingMail, address: String) -> Result<OutgoingMail> {
    let mut mail = sample.clone();
    mail.to = Email::parse(&address).map_err(|_| anyhow::anyhow!("address {address}"))?;
    Ok(mail)
}

/// SES `SendEmail` of the sample mail to `from..to` addresses, `concurrency()` at a time.
async fn raw_sends(
    services: &Notifier,
    sample: &OutgoingMail,
    domain: &str,
    from: usize,
    to: usize,
) -> Result<Duration> {
    let mails: Vec<OutgoingMail> =
        (from..to).map(|i| addressed(sample, format!("r{i:05}@{domain}"))).collect::<Result<_>>()?;
    let started = Instant::now();
    let results: Vec<_> = stream::iter(mails.iter().map(|mail| services.mailer.send(mail)))
        .buffer_unordered(concurrency())
        .collect()
        .await;
    let elapsed = started.elapsed();
    ensure!(results.iter().all(Result::is_ok), "a raw send failed");
    Ok(elapsed)
}

/// The delivery-log claim (a conditional write), the send and the confirmation, per mail, `concurrency()` at a time.
async fn claimed_sends(services: &Notifier, sample: &OutgoingMail, domain: &str) -> Result<Duration> {
    let mails: Vec<OutgoingMail> =
        (0..CLAIMED_SENDS).map(|i| addressed(sample, format!("c{i:05}@{domain}"))).collect::<Result<_>>()?;
    let origin = format!("bench-claim-{}", tag());
    let started = Instant::now();
    let results: Vec<Result<()>> = stream::iter(mails.iter().map(|mail| {
        let origin = &origin;
        async move {
            let delivery = format!("{origin}#{}", mail.to.as_str());
            let lease_until = jiff::Timestamp::now().as_millisecond() + 60_000;
            let claimed = services.deliveries.claim(&delivery, lease_until).await?;
            ensure!(claimed == sofia_core::ports::Claim::Mine, "claimed once");
            services.mailer.send(mail).await.map_err(|e| anyhow::anyhow!("{e:?}"))?;
            services.deliveries.confirm(&delivery).await?;
            Ok(())
        }
    }))
    .buffer_unordered(concurrency())
    .collect()
    .await;
    let elapsed = started.elapsed();
    for result in results {
        result?;
    }
    Ok(elapsed)
}
