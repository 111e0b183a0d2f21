//! The DynamoDB stream function: reads what changed in the table and tells the people concerned.
//!
//! Lambda delivers stream records at least once, in order per item, in batches. A record that fails for a
//! reason worth retrying is reported as the batch's first failure (`ReportBatchItemFailures`), so Lambda
//! re-delivers from it; records after it are not attempted in this invocation, keeping per-item order.

use crate::adapters::records::{DOCUMENT_ENTITY, DocumentRecord};
use crate::domain::document::{Document, Subject};
use crate::domain::overview::{CountedSignal, counter_deltas};
use jiff::Timestamp;
use crate::domain::mail::{Audience, OutgoingMail, Update, document_update, registration_confirmation};
use sha2::Digest;
use crate::handlers::signals_follow_link;
use crate::ports::MailError;
use crate::services::Services;
use aws_lambda_events::dynamodb::{Event, EventRecord};
use aws_lambda_events::streams::{DynamoDbBatchItemFailure, DynamoDbEventResponse};

#[derive(Debug, thiserror::Error)]
enum RecordError {
    #[error("worth retrying: {0}")]
    Retryable(String),
}

/// Handles one batch and reports the first record to retry, if any.
pub async fn handle_batch(services: &Services, event: Event) -> DynamoDbEventResponse {
    let mut response = DynamoDbEventResponse::default();
    for record in event.records {
        if let Err(error) = handle_record(services, &record).await {
            tracing::warn!(event_id = %record.event_id, error = %error, "stream record will be retried");
            let mut failure = DynamoDbBatchItemFailure::default();
            failure.item_identifier = record.change.sequence_number.clone();
            response.batch_item_failures.push(failure);
            break;
        }
    }
    response
}

/// The document in a stream image, if the image is one (counters, markers and the like are not).
fn document_of(image: &serde_dynamo::Item, event_id: &str) -> Option<Document> {
    let is_document = matches!(image.get("entity"), Some(serde_dynamo::AttributeValue::S(entity)) if entity == DOCUMENT_ENTITY);
    if !is_document {
        return None;
    }
    match serde_dynamo::from_item::<_, DocumentRecord>(image.clone())
        .map_err(|e| e.to_string())
        .and_then(|r| Document::try_from(r).map_err(|e| e.to_string()))
    {
        Ok(document) => Some(document),
        Err(error) => {
            // Retrying cannot repair a malformed item: log it for the operators and move on.
            tracing::error!(event_id = %event_id, error = %error, "stream image is not a valid document");
            None
        }
    }
}

/// What the overview counts of a document: public signals only.
fn counted(document: &Document) -> Option<CountedSignal> {
    match &document.subject {
        Subject::Signal { category, .. } => Some(CountedSignal {
            registered_at: document.registered_at,
            category: category.clone(),
            district: document.district.clone(),
            status: document.status,
        }),
        Subject::Question { .. } | Subject::Written { .. } => None,
    }
}

async fn handle_record(services: &Services, record: &EventRecord) -> Result<(), RecordError> {
    let before = document_of(&record.change.old_image, &record.event_id);
    let after = document_of(&record.change.new_image, &record.event_id);
    if before.is_none() && after.is_none() {
        return Ok(());
    }

    // The overview's counters, once per record however often it is delivered.
    let at = Timestamp::from_second(record.change.approximate_creation_date_time.timestamp()).unwrap_or_else(|_| Timestamp::now());
    let deltas = counter_deltas(before.as_ref().and_then(counted).as_ref(), after.as_ref().and_then(counted).as_ref(), at);
    if !deltas.is_empty() {
        services.stats.apply_once(&record.event_id, &deltas).await.map_err(|e| RecordError::Retryable(e.to_string()))?;
    }

    let Some(document) = after else { return Ok(()) };
    let Some(to) = document.sender.email.clone() else { return Ok(()) };
    let token = services.config.token_secret.access_token(document.number, &document.token_salt);
    let link = signals_follow_link(&services.config.public_base_url, document.number, &token);
    let mail = match before {
        // A new document: the sender's confirmation with the number, the date and the access link.
        None => registration_confirmation(&document, to, &link, services.catalogue),
        // A status change: the sender hears of every one.
        Some(before) if before.status != document.status => document_update(
            &document,
            &Update::Status { from: before.status, note: None },
            to,
            &Audience::Sender { follow_link: &link },
            services.catalogue,
        ),
        Some(_) => return Ok(()),
    };
    deliver_once(services, &record.event_id, &mail).await
}

/// Sends a mail once per stream record and recipient, however often the record is delivered: the delivery
/// is claimed first, and given back if sending failed so that the retry sends it.
async fn deliver_once(services: &Services, event_id: &str, mail: &OutgoingMail) -> Result<(), RecordError> {
    // The recipient is hashed: no addresses in keys or logs.
    let recipient = hex::encode(&sha2::Sha256::digest(mail.to.as_str().as_bytes())[..12]);
    let delivery = format!("{event_id}#{recipient}");
    let retry = |e: crate::ports::StoreError| RecordError::Retryable(e.to_string());
    if !services.deliveries.claim(&delivery).await.map_err(retry)? {
        tracing::info!(event_id, "already sent; not sent again");
        return Ok(());
    }
    match services.mailer.send(mail).await {
        Ok(()) => {
            tracing::info!(event_id, "mail sent");
            Ok(())
        }
        Err(MailError::Rejected(reason)) => {
            tracing::warn!(event_id, reason = %reason, "recipient rejected; not retried");
            Ok(())
        }
        Err(MailError::Unavailable(reason)) => {
            services.deliveries.release(&delivery).await.map_err(retry)?;
            Err(RecordError::Retryable(reason))
        }
    }
}

/// What the stream binary's `main` does.
pub async fn run_lambda() -> Result<(), lambda_runtime::Error> {
    crate::init_logging();
    let services = Services::from_lambda_environment().await?;
    let services = &services;
    lambda_runtime::run(lambda_runtime::service_fn(move |event: lambda_runtime::LambdaEvent<Event>| async move {
        Ok::<_, std::convert::Infallible>(handle_batch(services, event.payload).await)
    }))
    .await
}

pub type StreamResponseFuture<'a> = std::pin::Pin<Box<dyn std::future::Future<Output = DynamoDbEventResponse> + Send + 'a>>;
pub type StreamHandler = for<'a> fn(&'a Services, Event) -> StreamResponseFuture<'a>;

/// The stream handler of the Lambda binary `name`, as `template.yaml` refers to it.
pub fn by_binary(name: &str) -> Option<StreamHandler> {
    match name {
        "stream-notify" => Some(|services, event| Box::pin(handle_batch(services, event))),
        _ => None,
    }
}
