//! In-memory adapters for unit tests of handlers and the domain. Never the only test of a feature: the
//! integration tests run the same handlers on the AWS adapters against the emulator.

use crate::domain::document::Document;
use crate::domain::mail::OutgoingMail;
use crate::domain::registry::RegistryNumber;
use crate::ports::{BuildDocument, DocumentStore, MailError, Mailer, StoreError};
use async_trait::async_trait;
use std::collections::BTreeMap;
use std::sync::Mutex;

#[derive(Default)]
pub struct MemoryDocumentStore {
    documents: Mutex<BTreeMap<RegistryNumber, Document>>,
}

#[async_trait]
impl DocumentStore for MemoryDocumentStore {
    async fn register(&self, year: u16, build: BuildDocument<'_>) -> Result<Document, StoreError> {
        let mut documents = self.documents.lock().map_err(|_| StoreError::Unavailable("poisoned".into()))?;
        let last = documents.keys().filter(|n| n.year() == year).map(|n| n.sequence()).max().unwrap_or(0);
        let number = RegistryNumber::new(year, last + 1).map_err(|_| StoreError::Unavailable("sequence exhausted".into()))?;
        let document = build(number);
        documents.insert(number, document.clone());
        Ok(document)
    }

    async fn get(&self, number: RegistryNumber) -> Result<Option<Document>, StoreError> {
        let documents = self.documents.lock().map_err(|_| StoreError::Unavailable("poisoned".into()))?;
        Ok(documents.get(&number).cloned())
    }
}

#[derive(Default)]
pub struct MemoryMailer {
    pub sent: Mutex<Vec<OutgoingMail>>,
}

#[async_trait]
impl Mailer for MemoryMailer {
    async fn send(&self, mail: &OutgoingMail) -> Result<(), MailError> {
        self.sent.lock().map_err(|_| MailError::Unavailable("poisoned".into()))?.push(mail.clone());
        Ok(())
    }
}

impl MemoryDocumentStore {
    /// Any stored document, for tests that check nothing was stored.
    pub async fn get_any(&self) -> Option<Document> {
        self.documents.lock().ok()?.values().next().cloned()
    }
}
