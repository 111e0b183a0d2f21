//! The DynamoDB stream function: reads what changed in the table and tells the people concerned.
//!
//! Lambda delivers stream records at least once, in order per item, in batches. A record that fails for a
//! reason worth retrying is reported as the batch's first failure (`ReportBatchItemFailures`), so Lambda
//! re-delivers from it; records after it are not attempted in this invocation, keeping per-item order.

use crate::adapters::records::{DOCUMENT_ENTITY, DocumentRecord};
use crate::domain::document::Document;
use crate::domain::mail::registration_confirmation;
use crate::handlers::signals_follow_link;
use crate::ports::MailError;
use crate::services::Services;
use aws_lambda_events::dynamodb::{Event, EventRecord};
use aws_lambda_events::streams::{DynamoDbBatchItemFailure, DynamoDbEventResponse};

#[derive(Debug, thiserror::Error)]
enum RecordError {
    #[error("mail could not be sent now: {0}")]
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

async fn handle_record(services: &Services, record: &EventRecord) -> Result<(), RecordError> {
    if record.event_name != "INSERT" {
        return Ok(());
    }
    let is_document = matches!(record.change.new_image.get("entity"),
        Some(serde_dynamo::AttributeValue::S(entity)) if entity == DOCUMENT_ENTITY);
    if !is_document {
        return Ok(());
    }
    let document = match serde_dynamo::from_item::<_, DocumentRecord>(record.change.new_image.clone())
        .map_err(|e| e.to_string())
        .and_then(|r| Document::try_from(r).map_err(|e| e.to_string()))
    {
        Ok(document) => document,
        Err(error) => {
            // Retrying cannot repair a malformed item: log it for the operators and move on.
            tracing::error!(event_id = %record.event_id, error = %error, "stream image is not a document");
            return Ok(());
        }
    };
    let Some(to) = document.sender.email.clone() else { return Ok(()) };
    let token = services.config.token_secret.access_token(document.number, &document.token_salt);
    let link = signals_follow_link(&services.config.public_base_url, document.number, &token);
    let mail = registration_confirmation(&document, to, &link, services.catalogue);
    match services.mailer.send(&mail).await {
        Ok(()) => {
            tracing::info!(number = %document.number, "registration confirmation sent");
            Ok(())
        }
        Err(MailError::Rejected(reason)) => {
            tracing::warn!(number = %document.number, reason = %reason, "recipient rejected; not retried");
            Ok(())
        }
        Err(MailError::Unavailable(reason)) => Err(RecordError::Retryable(reason)),
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
