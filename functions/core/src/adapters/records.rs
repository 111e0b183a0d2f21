//! How documents are laid out in the single DynamoDB table. Shared by the store adapter and the stream
//! function, which reads the same items from stream images.

use crate::domain::access::{TokenHash, TokenSalt};
use crate::domain::document::{Document, DocumentKind, Sender, Status};
use crate::domain::email::Email;
use crate::domain::location::{Location, SofiaPoint};
use crate::domain::registry::RegistryNumber;
use crate::domain::text::{Address, Description, PersonName};
use crate::ports::StoreError;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

pub const DOCUMENT_SK: &str = "META";
pub const REGISTRY_SK: &str = "REGISTRY";

pub fn document_pk(number: RegistryNumber) -> String {
    format!("DOC#{number}")
}

pub fn counter_pk(year: u16) -> String {
    format!("COUNTER#{year}")
}

/// The document item (`PK = DOC#<number>`, `SK = META`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocumentRecord {
    #[serde(rename = "PK")]
    pub pk: String,
    #[serde(rename = "SK")]
    pub sk: String,
    pub entity: String,
    pub number: String,
    pub kind: String,
    pub registered_at: String,
    pub category: String,
    pub signal_type: String,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub lat: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub lon: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub address: Option<String>,
    pub description: String,
    pub status: String,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub sender_email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub sender_name: Option<String>,
    pub token_salt: String,
    pub token_hash: String,
    pub version: u64,
}

pub const DOCUMENT_ENTITY: &str = "document";

impl From<&Document> for DocumentRecord {
    fn from(document: &Document) -> Self {
        Self {
            pk: document_pk(document.number),
            sk: DOCUMENT_SK.into(),
            entity: DOCUMENT_ENTITY.into(),
            number: document.number.to_string(),
            kind: document.kind.as_str().into(),
            registered_at: document.registered_at.to_string(),
            category: document.category.clone(),
            signal_type: document.signal_type.clone(),
            lat: document.location.point().map(SofiaPoint::lat),
            lon: document.location.point().map(SofiaPoint::lon),
            address: document.location.address().map(str::to_owned),
            description: document.description.as_str().into(),
            status: document.status.as_str().into(),
            sender_email: document.sender.email.as_ref().map(|e| e.as_str().to_owned()),
            sender_name: document.sender.name.as_ref().map(|n| n.as_str().to_owned()),
            token_salt: document.token_salt.as_str().into(),
            token_hash: document.token_hash.as_str().into(),
            version: document.version,
        }
    }
}

impl TryFrom<DocumentRecord> for Document {
    type Error = StoreError;

    fn try_from(record: DocumentRecord) -> Result<Self, StoreError> {
        let corrupt = |what: &str| StoreError::Corrupt(format!("{} in {}", what, record.pk));
        let point = match (record.lat, record.lon) {
            (Some(lat), Some(lon)) => Some(SofiaPoint::new(lat, lon).map_err(|_| corrupt("point"))?),
            _ => None,
        };
        let address = record.address.as_deref().map(Address::parse).transpose().map_err(|_| corrupt("address"))?;
        Ok(Document {
            number: record.number.parse().map_err(|_| corrupt("number"))?,
            registered_at: record.registered_at.parse::<Timestamp>().map_err(|_| corrupt("registered_at"))?,
            kind: DocumentKind::parse(&record.kind).ok_or_else(|| corrupt("kind"))?,
            category: record.category.clone(),
            signal_type: record.signal_type.clone(),
            location: Location::new(point, address).ok_or_else(|| corrupt("location"))?,
            description: Description::parse(&record.description).map_err(|_| corrupt("description"))?,
            status: Status::parse(&record.status).ok_or_else(|| corrupt("status"))?,
            sender: Sender {
                email: record.sender_email.as_deref().map(Email::parse).transpose().map_err(|_| corrupt("sender_email"))?,
                name: record.sender_name.as_deref().map(PersonName::parse).transpose().map_err(|_| corrupt("sender_name"))?,
            },
            token_salt: TokenSalt::from_stored(record.token_salt.clone()),
            token_hash: TokenHash::from_stored(record.token_hash.clone()),
            version: record.version,
        })
    }
}

/// True for the keys of a document item, whatever else the table holds.
pub fn is_document_key(pk: &str, sk: &str) -> bool {
    pk.starts_with("DOC#") && sk == DOCUMENT_SK
}
