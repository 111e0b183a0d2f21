//! What the domain needs from the outside world, as small traits. One AWS adapter each, plus in-memory ones
//! for unit tests.

use crate::domain::document::Document;
use crate::domain::mail::OutgoingMail;
use crate::domain::registry::RegistryNumber;
use async_trait::async_trait;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database could not be reached or kept refusing (throttling, conflicts): worth retrying later.
    #[error("the document store is unavailable: {0}")]
    Unavailable(String),
    /// A stored item does not have the shape this code expects.
    #[error("a stored item is malformed: {0}")]
    Corrupt(String),
}

/// Builds the document once its registry number is known; may be called again if the number was taken.
pub type BuildDocument<'a> = &'a (dyn Fn(RegistryNumber) -> Document + Send + Sync);

#[async_trait]
pub trait DocumentStore: Send + Sync {
    /// Allocates the next registry number of `year` and stores the document built for it, in one transaction,
    /// so numbers are unique and gap-free however many submissions race.
    async fn register(&self, year: u16, build: BuildDocument<'_>) -> Result<Document, StoreError>;

    async fn get(&self, number: RegistryNumber) -> Result<Option<Document>, StoreError>;
}

#[derive(Debug, thiserror::Error)]
pub enum MailError {
    /// The recipient address itself was refused; retrying will not help.
    #[error("the recipient was rejected: {0}")]
    Rejected(String),
    #[error("the mail service is unavailable: {0}")]
    Unavailable(String),
}

#[async_trait]
pub trait Mailer: Send + Sync {
    async fn send(&self, mail: &OutgoingMail) -> Result<(), MailError>;
}
