//! Polls the table's DynamoDB stream and invokes the stream function with the event Lambda would send,
//! honouring the template's batch size, `ReportBatchItemFailures` and retry limit: a batch that reports a
//! failure is re-delivered from the failed record, as Lambda does.

use crate::template::StreamSubscription;
use anyhow::{Context, Result};
use aws_lambda_events::dynamodb::Event;
use aws_lambda_events::streams::{DynamoDbBatchItemFailure, DynamoDbEventResponse};
use aws_sdk_dynamodbstreams::Client;
use aws_sdk_dynamodbstreams::types::{Record, ShardIteratorType};
use serde_json::{Value, json};
use sofia_core::notify::StreamHandler;
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::watch;

pub struct StreamPoller {
    pub client: Client,
    pub stream_arn: String,
    pub region: String,
    pub subscription: StreamSubscription,
    pub handler: StreamHandler,
    pub deps: Arc<sofia_core::notify::Notifier>,
    /// Where Lambda puts what its retries could not deliver: an SQS client and the queue's URL.
    pub failure_queue: Option<(aws_sdk_sqs::Client, String)>,
    /// While set, the poller reads nothing (what it has not read waits, as a stream keeps it for 24 hours).
    pub paused: Arc<std::sync::atomic::AtomicBool>,
}

struct ShardState {
    /// The last record handed to the function and acknowledged: the checkpoint, as Lambda keeps one.
    checkpoint: Option<String>,
    /// False once the shard is closed and read to its end.
    open: bool,
    /// Records delivered but not yet acknowledged, oldest first.
    pending: Vec<Record>,
    attempts: u32,
}

const IDLE_POLL: Duration = Duration::from_millis(150);
const RETRY_DELAY: Duration = Duration::from_millis(300);

impl StreamPoller {
    pub async fn run(self, mut shutdown: watch::Receiver<bool>) {
        let mut shards: HashMap<String, ShardState> = HashMap::new();
        loop {
            let paused = self.paused.load(std::sync::atomic::Ordering::Relaxed);
            let worked = if paused { Ok(false) } else { self.poll_once(&mut shards).await };
            let worked = match worked {
                Ok(worked) => worked,
                Err(error) => {
                    tracing::warn!(error = %format!("{error:#}"), "stream poll failed");
                    false
                }
            };
            let pause = if worked { Duration::ZERO } else { IDLE_POLL };
            tokio::select! {
                _ = shutdown.changed() => return,
                _ = tokio::time::sleep(pause) => {}
            }
        }
    }

    async fn poll_once(&self, shards: &mut HashMap<String, ShardState>) -> Result<bool> {
        let description =
            self.client.describe_stream().stream_arn(&self.stream_arn).send().await.context("describing the stream")?;
        let listed = description.stream_description().map(|d| d.shards()).unwrap_or_default();
        for shard in listed {
            let Some(id) = shard.shard_id() else { continue };
            shards.entry(id.to_owned()).or_insert_with(|| ShardState {
                checkpoint: None,
                open: true,
                pending: Vec::new(),
                attempts: 0,
            });
        }
        let mut worked = false;
        for (shard_id, state) in shards.iter_mut() {
            if state.pending.is_empty() && state.open {
                // A fresh iterator from the checkpoint on every poll: moto's iterators stop returning records
                // written by concurrent transactions, while positioning by sequence number works on every engine.
                let request = self.client.get_shard_iterator().stream_arn(&self.stream_arn).shard_id(shard_id);
                let request = match &state.checkpoint {
                    Some(sequence) => {
                        request.shard_iterator_type(ShardIteratorType::AfterSequenceNumber).sequence_number(sequence)
                    }
                    None => request.shard_iterator_type(ShardIteratorType::TrimHorizon),
                };
                let Some(iterator) = request.send().await.context("getting a shard iterator")?.shard_iterator else {
                    continue;
                };
                let output = self
                    .client
                    .get_records()
                    .shard_iterator(iterator)
                    .limit(self.subscription.batch_size as i32)
                    .send()
                    .await
                    .context("reading stream records")?;
                state.pending = output.records.unwrap_or_default();
                state.open = output.next_shard_iterator.is_some() || !state.pending.is_empty();
                state.attempts = 0;
            }
            if state.pending.is_empty() {
                continue;
            }
            worked = true;
            self.deliver(shard_id, state).await;
        }
        Ok(worked)
    }

    async fn deliver(&self, shard_id: &str, state: &mut ShardState) {
        // Lambda's filter criteria: records that match no pattern are dropped without invoking the function.
        let batch_last = state.pending.last().and_then(sequence_of);
        let (matching, _filtered_out): (Vec<Record>, Vec<Record>) =
            std::mem::take(&mut state.pending).into_iter().partition(|record| {
                self.subscription.filters.is_empty()
                    || record_json(record, &self.stream_arn, &self.region).is_ok_and(|json| {
                        self.subscription.filters.iter().any(|pattern| matches_pattern(pattern, &json))
                    })
            });
        if matching.is_empty() {
            // Everything was filtered out: the checkpoint moves past it.
            state.checkpoint = batch_last.or(state.checkpoint.take());
            return;
        }
        state.pending = matching;
        let event = match lambda_event(&state.pending, &self.stream_arn, &self.region) {
            Ok(event) => event,
            Err(error) => {
                tracing::error!(error = %format!("{error:#}"), "could not build the stream event; records skipped");
                state.checkpoint = state.pending.last().and_then(sequence_of);
                state.pending.clear();
                return;
            }
        };
        let started = std::time::Instant::now();
        let deadline = started + Duration::from_secs(self.subscription.timeout_seconds);
        // Lambda stops the function at its timeout: the whole batch counts as failed and is delivered again.
        let timeout = Duration::from_secs(self.subscription.timeout_seconds);
        let response = match tokio::time::timeout(timeout, (self.handler)(&self.deps, event, Some(deadline))).await {
            Ok(response) => response,
            Err(_) => {
                tracing::warn!(function = %self.subscription.function, "stream function timed out; batch retried");
                let mut failure = DynamoDbBatchItemFailure::default();
                failure.item_identifier = state.pending.first().and_then(sequence_of);
                let mut response = DynamoDbEventResponse::default();
                response.batch_item_failures.push(failure);
                response
            }
        };
        tracing::debug!(
            records = state.pending.len(),
            elapsed_ms = started.elapsed().as_millis() as u64,
            failures = response.batch_item_failures.len(),
            "stream batch handled"
        );
        let failed_at = response
            .batch_item_failures
            .iter()
            .filter_map(|f| f.item_identifier.as_deref())
            .filter_map(|sequence| {
                state.pending.iter().position(|r| r.dynamodb().and_then(|d| d.sequence_number()) == Some(sequence))
            })
            .min();
        let Some(index) = failed_at.filter(|_| self.subscription.report_batch_item_failures) else {
            state.checkpoint = batch_last;
            state.pending.clear();
            return;
        };
        if index > 0 {
            state.checkpoint = sequence_of(&state.pending[index - 1]);
        }
        state.pending.drain(..index);
        state.attempts += 1;
        if state.attempts > self.subscription.maximum_retry_attempts {
            tracing::error!(records = state.pending.len(), function = %self.subscription.function,
                "retries exhausted; records go to the on-failure destination");
            self.send_to_failure_queue(shard_id, state).await;
            state.checkpoint = state.pending.last().and_then(sequence_of);
            state.pending.clear();
            return;
        }
        tokio::time::sleep(RETRY_DELAY).await;
    }
}

impl StreamPoller {
    /// What Lambda sends the on-failure destination for a batch whose retries are exhausted: not the records but
    /// where they are in the stream, to replay them from there within the stream's 24 hours.
    async fn send_to_failure_queue(&self, shard_id: &str, state: &ShardState) {
        let Some((sqs, url)) = &self.failure_queue else { return };
        let first = state.pending.first().and_then(sequence_of);
        let last = state.pending.last().and_then(sequence_of);
        let now = jiff::Timestamp::now().to_string();
        let message = json!({
            "requestContext": {
                "requestId": uuid::Uuid::new_v4().to_string(),
                "functionArn": format!("arn:aws:lambda:{}:123456789012:function:{}", self.region, self.subscription.function),
                "condition": "RetryAttemptsExhausted",
                "approximateInvokeCount": state.attempts,
            },
            "responseContext": { "statusCode": 200, "executedVersion": "$LATEST", "functionError": null },
            "version": "1.0",
            "timestamp": now,
            "DDBStreamBatchInfo": {
                "shardId": shard_id,
                "startSequenceNumber": first,
                "endSequenceNumber": last,
                "approximateArrivalOfFirstRecord": now,
                "approximateArrivalOfLastRecord": now,
                "batchSize": state.pending.len(),
                "streamArn": self.stream_arn,
            },
        });
        if let Err(error) = sqs.send_message().queue_url(url).message_body(message.to_string()).send().await {
            tracing::error!(error = %aws_sdk_sqs::error::DisplayErrorContext(&error), "failure queue not written");
        }
    }
}

/// Lambda's event filter matching, for the patterns the template uses: objects match key by key, a list of
/// values matches if the record's value is one of them.
pub fn matches_pattern(pattern: &Value, record: &Value) -> bool {
    match pattern {
        Value::Object(fields) => {
            fields.iter().all(|(key, wanted)| record.get(key).is_some_and(|value| matches_pattern(wanted, value)))
        }
        Value::Array(options) => options.iter().any(|option| option == record),
        other => other == record,
    }
}

fn sequence_of(record: &Record) -> Option<String> {
    record.dynamodb().and_then(|d| d.sequence_number()).map(str::to_owned)
}

/// The DynamoDB stream event Lambda delivers for these records.
pub fn lambda_event(records: &[Record], stream_arn: &str, region: &str) -> Result<Event> {
    let records: Vec<Value> =
        records.iter().map(|record| record_json(record, stream_arn, region)).collect::<Result<_>>()?;
    Ok(serde_json::from_value(json!({ "Records": records }))?)
}

pub fn record_json(record: &Record, stream_arn: &str, region: &str) -> Result<Value> {
    let change = record.dynamodb().context("record without dynamodb")?;
    let image = |map: Option<&HashMap<String, aws_sdk_dynamodbstreams::types::AttributeValue>>| -> Result<Value> {
        let item: serde_dynamo::Item = map.cloned().unwrap_or_default().into();
        Ok(serde_json::to_value(item)?)
    };
    let mut dynamodb = json!({
        "ApproximateCreationDateTime": change.approximate_creation_date_time().map(|t| t.secs()).unwrap_or_default(),
        "Keys": image(change.keys.as_ref())?,
        "SequenceNumber": change.sequence_number(),
        "SizeBytes": change.size_bytes().unwrap_or_default(),
        "StreamViewType": change.stream_view_type().map(|v| v.as_str()).unwrap_or("NEW_AND_OLD_IMAGES"),
    });
    if change.new_image.is_some() {
        dynamodb["NewImage"] = image(change.new_image.as_ref())?;
    }
    if change.old_image.is_some() {
        dynamodb["OldImage"] = image(change.old_image.as_ref())?;
    }
    Ok(json!({
        "eventID": record.event_id(),
        "eventName": record.event_name().map(|n| n.as_str()),
        "eventVersion": record.event_version().unwrap_or("1.1"),
        "eventSource": "aws:dynamodb",
        "awsRegion": region,
        "dynamodb": dynamodb,
        "eventSourceARN": stream_arn,
    }))
}
