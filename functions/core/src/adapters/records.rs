//! How documents are laid out in the single DynamoDB table. Shared by the store adapter and the stream
//! function, which reads the same items from stream images.

use crate::domain::access::{TokenHash, TokenSalt};
use crate::domain::account::Phone;
use crate::domain::attachments::AttachmentRef;
use crate::domain::calendar::sofia_day;
use crate::domain::districts::Districts;
use crate::domain::document::{Document, PublicUpdate, Sender, Subject};
use crate::domain::email::Email;
use crate::domain::kind::DocumentKind;
use crate::domain::location::{InvalidPoint, Location, SofiaPoint};
use crate::domain::open311::{self, RequestFacts};
use crate::domain::photos::PhotoRef;
use crate::domain::public_map::{MARKER_TILE_PRECISION, Marker, counted_at, geohash_at, tone_of};
use crate::domain::registry::RegistryNumber;
use crate::domain::status::Status;
use crate::domain::subscriptions::Target;
use crate::domain::text::{Address, Description, PersonName};
use crate::ports::StoreError;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

/// The table's indexes (template.yaml defines them).
pub const OWNER_INDEX: &str = "OwnerIndex";
pub const QUEUE_INDEX: &str = "QueueIndex";
pub const QUEUE_AGE_INDEX: &str = "QueueAgeIndex";
pub const CITY_INDEX: &str = "CityIndex";
pub const CITY_AGE_INDEX: &str = "CityAgeIndex";
/// An account's documents and subscriptions, newest first.
pub(crate) const OWNER_PAGES: super::PagedIndex =
    super::PagedIndex { name: OWNER_INDEX, partition_key: "owner_pk", sort_key: "owner_sk" };
/// A unit's queue in one status, oldest first.
pub(crate) const QUEUE_PAGES: super::PagedIndex =
    super::PagedIndex { name: QUEUE_INDEX, partition_key: "queue_pk", sort_key: "queue_sk" };
pub const MAP_INDEX: &str = "MapIndex";
pub const STEP_INDEX: &str = "StepIndex";
pub const OPEN_INDEX: &str = "OpenIndex";
pub const NEAR_INDEX: &str = "NearIndex";
pub const CELL_INDEX: &str = "CellIndex";
pub const CELL_CATEGORY_INDEX: &str = "CellCategoryIndex";
pub const CELL_TONE_INDEX: &str = "CellToneIndex";
/// Open311's request lists: public signals by registration (`RequestsIndex`) and by their last public change
/// (`UpdatesIndex`), partitioned by UTC month, with what a service request shows projected into them.
pub const REQUESTS_INDEX: &str = "RequestsIndex";
pub const UPDATES_INDEX: &str = "UpdatesIndex";

pub const DOCUMENT_SK: &str = "META";
pub const REGISTRY_SK: &str = "REGISTRY";
/// A document's subscriber counter. It sorts before the history (`EVT#…`) and the document (`META`), and the
/// subscriptions (`SUB#…`) sort after them, so one `Query` of `SK BETWEEN COUNT# AND META` reads what the
/// document's page shows and none of its (possibly thousands of) subscriptions.
pub const SUBSCRIBER_COUNT_SK: &str = "COUNT#SUBSCRIBERS";
/// The first sort key of a document's page (see [`SUBSCRIBER_COUNT_SK`]).
pub const PAGE_FIRST_SK: &str = "COUNT#";

pub fn document_pk(number: RegistryNumber) -> String {
    format!("DOC#{number}")
}

/// The number of the document whose partition `pk` is.
pub fn number_of_pk(pk: &str) -> Option<RegistryNumber> {
    pk.strip_prefix("DOC#")?.parse().ok()
}

/// The partition a subscription target's subscribers live under: the document's own, or the area's.
pub fn subscribers_pk(target: &Target) -> String {
    match target {
        Target::Document(number) => document_pk(*number),
        Target::Area { district, category } => {
            format!("AREA#{}#{}", district.as_deref().unwrap_or("*"), category.as_deref().unwrap_or("*"))
        }
    }
}

/// The target whose subscribers live under `pk`.
pub fn target_of_pk(pk: &str) -> Option<Target> {
    if let Some(number) = number_of_pk(pk) {
        return Some(Target::Document(number));
    }
    let (district, category) = pk.strip_prefix("AREA#")?.split_once('#')?;
    let part = |p: &str| (p != "*").then(|| p.to_owned());
    Some(Target::Area { district: part(district), category: part(category) })
}

/// The work queue's partition of a unit and status.
pub fn queue_pk(unit: &str, status: Status) -> String {
    format!("QUEUE#{unit}#{}", status.as_str())
}

/// The whole city's partition of a status.
pub fn city_pk(status: Status) -> String {
    format!("CITY#{}", status.as_str())
}

/// The work queue's order: due date first (a suspended term last), then the oldest.
pub fn queue_sk(document: &Document) -> String {
    let due = document.deadline.as_ref().map_or_else(|| "9999-12-31".to_owned(), |d| d.due_on.to_string());
    format!("{due}#{}#{}", document.registered_at, document.number)
}

/// Open documents by the day of their next due-date step.
pub(crate) const STEP_PAGES: super::PagedIndex =
    super::PagedIndex { name: STEP_INDEX, partition_key: "step_pk", sort_key: "step_sk" };

/// The digest lines of a day (`DIGEST#<yyyy-mm-dd>`), one item per unit, step and document.
pub fn digest_pk(day: jiff::civil::Date) -> String {
    format!("DIGEST#{day}")
}

/// A digest line as stored: kept 90 days (the run mails it within a week; the rest is for the record).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DigestRecord {
    #[serde(rename = "PK")]
    pub pk: String,
    #[serde(rename = "SK")]
    pub sk: String,
    pub entity: String,
    pub line: crate::domain::escalation::DigestLine,
    pub expires_at: i64,
}

impl From<&crate::domain::escalation::DigestLine> for DigestRecord {
    fn from(line: &crate::domain::escalation::DigestLine) -> Self {
        let expires = line.day.checked_add(jiff::Span::new().days(90)).unwrap_or(line.day);
        Self {
            pk: digest_pk(line.day),
            sk: format!("{}#{}#{}", line.unit, line.step.as_str(), line.number),
            entity: "digest_line".into(),
            line: line.clone(),
            expires_at: jiff::tz::TimeZone::UTC
                .to_ambiguous_zoned_datetime(expires.at(0, 0, 0, 0))
                .compatible()
                .map(|z| z.timestamp().as_second())
                .unwrap_or(0),
        }
    }
}

/// The step index's partition of a day: the open documents whose next due-date step falls on it.
pub fn step_pk(on: jiff::civil::Date) -> String {
    format!("STEP#{on}")
}

/// The open index's partition of a unit.
pub fn open_pk(unit: &str) -> String {
    format!("OPEN#{unit}")
}

/// The owner index's partition of an account.
pub fn owner_pk(sub: &str) -> String {
    format!("USER#{sub}")
}

pub fn counter_pk(year: u16) -> String {
    format!("COUNTER#{year}")
}

/// The registry book of a year: a line per number issued (`filed` or `void`), sorted by number.
pub fn registry_pk(year: u16) -> String {
    format!("REGISTRY#{year}")
}

/// Geohash precision of the map index's sort key (~5 m cells): fine enough to order markers spatially.
pub const MAP_GEOHASH_PRECISION: usize = 9;
/// Geohash precision of the nearby index's partitions (~1.2 km × 0.6 km): a cell and its eight neighbours
/// cover every point within 250 m of any point in the centre cell.
pub const NEAR_GEOHASH_PRECISION: usize = 6;

/// What Open311's list indexes (`RequestsIndex`, `UpdatesIndex`) project of a document item (template.yaml's
/// `NonKeyAttributes`): a service request as their items hold it besides the keys. The document item flattens it
/// in, so both read and write these attributes through this one struct.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RequestRecord {
    pub number: String,
    pub registered_at: String,
    /// A signal's category and type (absent for other kinds).
    #[serde(default)]
    pub category: Option<String>,
    #[serde(default)]
    pub signal_type: Option<String>,
    #[serde(default)]
    pub lat: Option<f64>,
    #[serde(default)]
    pub lon: Option<f64>,
    #[serde(default)]
    pub address: Option<String>,
    pub description: String,
    pub status: String,
    pub unit: String,
    #[serde(default)]
    pub district: Option<String>,
    /// The due date, projected into the map index too for the markers' labels.
    #[serde(default)]
    pub due_on: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub photos: Vec<PhotoRef>,
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub hidden_photos: Vec<String>,
    /// The last public change (Open311's `updated_datetime`, `status_notes`): absent until the first one.
    #[serde(default)]
    pub public_updated_at: Option<String>,
    #[serde(default)]
    pub status_notes: Option<String>,
}

impl From<&Document> for RequestRecord {
    fn from(document: &Document) -> Self {
        let (category, signal_type, location) = match &document.subject {
            Subject::Signal { category, signal_type, location } => {
                (Some(category.clone()), Some(signal_type.clone()), Some(location))
            }
            Subject::Question { .. } | Subject::Written { .. } => (None, None, None),
        };
        let point = location.and_then(Location::point);
        Self {
            number: document.number.to_string(),
            registered_at: document.registered_at.to_string(),
            category,
            signal_type,
            lat: point.map(|p| p.lat()),
            lon: point.map(|p| p.lon()),
            address: location.and_then(Location::address).map(str::to_owned),
            description: document.description.as_str().into(),
            status: document.status.as_str().into(),
            unit: document.unit.clone(),
            district: document.district.clone(),
            due_on: document.deadline.as_ref().map(|d| d.due_on.to_string()),
            photos: document.photos.clone(),
            hidden_photos: document.hidden_photos.iter().map(|p| p.as_str().to_owned()).collect(),
            public_updated_at: document.public_update.as_ref().map(|u| u.at.to_string()),
            status_notes: document.public_update.as_ref().and_then(|u| u.note.clone()),
        }
    }
}

impl RequestRecord {
    fn point(&self) -> Result<Option<SofiaPoint>, InvalidPoint> {
        stored_point(self.lat, self.lon)
    }
}

/// The point stored as `lat` and `lon`, when both are.
fn stored_point(lat: Option<f64>, lon: Option<f64>) -> Result<Option<SofiaPoint>, InvalidPoint> {
    lat.zip(lon).map(|(lat, lon)| SofiaPoint::new(lat, lon)).transpose()
}

impl TryFrom<RequestRecord> for RequestFacts {
    type Error = StoreError;

    fn try_from(record: RequestRecord) -> Result<Self, StoreError> {
        let corrupt =
            |what: &str| StoreError::Corrupt(format!("{what} in the request index item of {}", record.number));
        let registered_at: Timestamp = record.registered_at.parse().map_err(|_| corrupt("registered_at"))?;
        Ok(RequestFacts {
            number: record.number.parse().map_err(|_| corrupt("number"))?,
            registered_at,
            point: record.point().map_err(|_| corrupt("point"))?,
            category: record.category.ok_or_else(|| corrupt("category"))?,
            signal_type: record.signal_type.ok_or_else(|| corrupt("signal_type"))?,
            address: record.address,
            description: record.description,
            status: Status::parse(&record.status).ok_or_else(|| corrupt("status"))?,
            unit: record.unit,
            district: record.district,
            due_on: record.due_on.as_deref().and_then(|d| d.parse().ok()),
            photo: record.photos.into_iter().find(|p| !record.hidden_photos.iter().any(|h| h == p.id.as_str())),
            updated_at: match record.public_updated_at {
                Some(at) => at.parse().map_err(|_| corrupt("public_updated_at"))?,
                None => registered_at,
            },
            status_notes: record.status_notes,
        })
    }
}

/// The document item (`PK = DOC#<number>`, `SK = META`), with the attributes of the indexes it appears in:
/// the map index (`map_day`, `map_cell`) and the nearby index (`near_cell`, `near_sk`), for signals with a point.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocumentRecord {
    #[serde(rename = "PK")]
    pub pk: String,
    #[serde(rename = "SK")]
    pub sk: String,
    pub entity: String,
    /// What Open311's list indexes project of it: its number, dates, subject, place, status, unit and photos.
    #[serde(flatten)]
    pub projected: RequestRecord,
    pub kind: String,
    #[serde(default)]
    pub topic: Option<String>,
    #[serde(default)]
    pub sender_email: Option<String>,
    #[serde(default)]
    pub sender_name: Option<String>,
    #[serde(default)]
    pub sender_phone: Option<String>,
    #[serde(default)]
    pub sender_address: Option<String>,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub addressee: Option<String>,
    /// The account that filed it; with `owner_pk`/`owner_sk` (the owner index) for "My signals".
    #[serde(default)]
    pub owner: Option<String>,
    #[serde(default)]
    pub owner_pk: Option<String>,
    #[serde(default)]
    pub owner_sk: Option<String>,
    pub token_salt: String,
    pub token_hash: String,
    pub version: u64,
    /// The ids of `photos`, for the condition that attaches a photo only once.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub photo_ids: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub attachments: Vec<AttachmentRef>,
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub attachment_ids: Vec<String>,
    /// The first photo's thumbnail, projected into the map index for the markers.
    #[serde(default)]
    pub thumbnail: Option<String>,
    #[serde(default)]
    pub resolved_at: Option<String>,
    #[serde(default)]
    pub clock_started_on: Option<String>,
    #[serde(default)]
    pub clock_extension_days: Option<i64>,
    #[serde(default)]
    pub clarification_due: Option<String>,
    #[serde(default)]
    pub deadline: Option<crate::domain::deadlines::Deadline>,
    #[serde(default)]
    pub last_step: Option<crate::domain::escalation::Step>,
    #[serde(default)]
    pub outcome: Option<crate::domain::outcome::Outcome>,
    #[serde(default)]
    pub fixed_confirmed: Option<bool>,
    /// The due date's next step (`StepIndex`): `STEP#<yyyy-mm-dd>`, for open documents only.
    #[serde(default)]
    pub step_pk: Option<String>,
    #[serde(default)]
    pub step_sk: Option<String>,
    /// Open documents per unit, oldest first (`OpenIndex`, keys only): the public account's oldest open item.
    #[serde(default)]
    pub open_pk: Option<String>,
    #[serde(default)]
    pub open_sk: Option<String>,
    /// The day it becomes long overdue, projected into the map index with `due_on` for the markers' labels.
    #[serde(default)]
    pub long_overdue_on: Option<String>,
    #[serde(default)]
    pub duplicate_of: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub duplicates: Vec<String>,
    #[serde(default)]
    pub original_description: Option<String>,
    /// The work queue (`QueueIndex`): `QUEUE#<unit>#<status>`, soonest due first; by age (`QueueAgeIndex`,
    /// `age_sk`) oldest first.
    #[serde(default)]
    pub queue_pk: String,
    #[serde(default)]
    pub queue_sk: String,
    /// The whole city's view of a status (`CityIndex` by due date, `CityAgeIndex` by age): `CITY#<status>`.
    #[serde(default)]
    pub city_pk: Option<String>,
    #[serde(default)]
    pub age_sk: Option<String>,
    /// How it reached the municipality (`web` when absent: documents filed before channels were kept).
    #[serde(default)]
    pub channel: Option<String>,
    #[serde(default)]
    pub assignee: Option<String>,
    #[serde(default)]
    pub first_action_at: Option<String>,
    #[serde(default)]
    pub first_action_by: Option<String>,
    #[serde(default)]
    pub map_day: Option<String>,
    #[serde(default)]
    pub map_cell: Option<String>,
    #[serde(default)]
    pub near_cell: Option<String>,
    #[serde(default)]
    pub near_sk: Option<String>,
    /// The map's marker tile (`cell_pk`, a geohash of `MARKER_TILE_PRECISION` of where the map counts the signal)
    /// and `<day>#<number>` in it (`cell_sk`): a tile's 30 days are one range query of the `CellIndex`.
    #[serde(default)]
    pub cell_pk: Option<String>,
    #[serde(default)]
    pub cell_sk: Option<String>,
    /// The same tile for one category (`<tile>#<category>`, `CellCategoryIndex`): a category's markers are read
    /// without reading the others'.
    #[serde(default)]
    pub cell_category_pk: Option<String>,
    /// The same tile for one tone of status (`<tile>#<open|resolved|closed>`, `CellToneIndex`): the open or the
    /// resolved markers without reading the others.
    #[serde(default)]
    pub cell_tone_pk: Option<String>,
    /// Open311's lists (`RequestsIndex`, `UpdatesIndex`), signals only: the UTC month, and the time and number.
    #[serde(default)]
    pub requests_month: Option<String>,
    #[serde(default)]
    pub requests_sk: Option<String>,
    #[serde(default)]
    pub updates_month: Option<String>,
    #[serde(default)]
    pub updates_sk: Option<String>,
}

pub const DOCUMENT_ENTITY: &str = "document";

/// The Sofia calendar day as the map index keys it: `2026-11-28`.
pub fn map_day(at: Timestamp) -> String {
    sofia_day(at)
}

pub fn geohash_of(point: SofiaPoint, precision: usize) -> String {
    geohash::encode(geohash::Coord { x: point.lon(), y: point.lat() }, precision).unwrap_or_default()
}

impl From<&Document> for DocumentRecord {
    fn from(document: &Document) -> Self {
        let mut record = Self {
            pk: document_pk(document.number),
            sk: DOCUMENT_SK.into(),
            entity: DOCUMENT_ENTITY.into(),
            projected: RequestRecord::from(document),
            kind: document.kind().as_str().into(),
            topic: None,
            sender_email: document.sender.email.as_ref().map(|e| e.as_str().to_owned()),
            sender_name: document.sender.name.as_ref().map(|n| n.as_str().to_owned()),
            sender_phone: document.sender.phone.as_ref().map(|p| p.as_str().to_owned()),
            sender_address: document.sender.address.as_ref().map(|a| a.as_str().to_owned()),
            title: None,
            addressee: None,
            owner: document.owner.clone(),
            resolved_at: document.resolved_at.map(|t| t.to_string()),
            clock_started_on: document.access_clock.map(|c| c.started_on.to_string()),
            clock_extension_days: document.access_clock.map(|c| c.extension_days),
            clarification_due: document.access_clock.and_then(|c| c.clarification_due).map(|d| d.to_string()),
            deadline: document.deadline.clone(),
            last_step: document.last_step,
            outcome: document.outcome.clone(),
            fixed_confirmed: document.fixed_confirmed,
            step_pk: document.next_step().map(|(_, on)| step_pk(on)),
            step_sk: document.next_step().map(|_| document.number.to_string()),
            open_pk: document.status.is_open().then(|| open_pk(&document.unit)),
            open_sk: document.status.is_open().then(|| format!("{}#{}", document.registered_at, document.number)),
            long_overdue_on: document.deadline.as_ref().map(|d| d.long_overdue_on.to_string()),
            duplicate_of: document.duplicate_of.map(|n| n.to_string()),
            duplicates: document.duplicates.iter().map(|n| n.to_string()).collect(),
            original_description: document.original_description.clone(),
            queue_pk: queue_pk(&document.unit, document.status),
            queue_sk: queue_sk(document),
            city_pk: Some(city_pk(document.status)),
            age_sk: Some(format!("{}#{}", document.registered_at, document.number)),
            channel: Some(document.channel.as_str().to_owned()),
            assignee: document.assignee.clone(),
            first_action_at: document.first_action_at.map(|t| t.to_string()),
            first_action_by: document.first_action_by.clone(),
            owner_pk: document.owner.as_ref().map(|sub| owner_pk(sub)),
            owner_sk: document.owner.as_ref().map(|_| format!("{}#{}", document.registered_at, document.number)),
            token_salt: document.token_salt.as_str().into(),
            token_hash: document.token_hash.as_str().into(),
            version: document.version,
            photo_ids: document.photos.iter().map(|p| p.id.as_str().to_owned()).collect(),
            thumbnail: document.public_photos().next().map(|p| p.view(document.number).thumbnail_url),
            attachments: document.attachments.clone(),
            attachment_ids: document.attachments.iter().map(|a| a.id.as_str().to_owned()).collect(),
            map_day: None,
            map_cell: None,
            near_cell: None,
            near_sk: None,
            cell_pk: None,
            cell_sk: None,
            cell_category_pk: None,
            cell_tone_pk: None,
            requests_month: None,
            requests_sk: None,
            updates_month: None,
            updates_sk: None,
        };
        match &document.subject {
            Subject::Signal { category, location, .. } => {
                // Signals are public: they go on the map (one placed by address only is counted in its district
                // there, its cell `~`, after every geohash) and, with a point, can be found nearby.
                let cell = location.point().map(|p| geohash_of(p, MAP_GEOHASH_PRECISION));
                let (registered, updated) = (
                    open311::list_key(document.registered_at, document.number),
                    open311::list_key(document.updated_at(), document.number),
                );
                record.requests_month = Some(open311::list_month(&registered).to_owned());
                record.requests_sk = Some(registered);
                record.updates_month = Some(open311::list_month(&updated).to_owned());
                record.updates_sk = Some(updated);
                record.map_day = Some(map_day(document.registered_at));
                record.map_cell = Some(format!("{category}#{}#{}", cell.as_deref().unwrap_or("~"), document.number));
                let (lat, lon) = counted_at(location.point(), document.district.as_deref(), Districts::builtin());
                let tile = geohash_at(lat, lon, MARKER_TILE_PRECISION);
                record.cell_category_pk = Some(format!("{tile}#{category}"));
                record.cell_tone_pk = Some(format!("{tile}#{}", tone_of(document.status)));
                record.cell_pk = Some(tile);
                record.cell_sk = Some(format!("{}#{}", map_day(document.registered_at), document.number));
                if let Some(point) = location.point() {
                    record.near_cell = Some(geohash_of(point, NEAR_GEOHASH_PRECISION));
                    record.near_sk = Some(format!("{}#{}", document.registered_at, document.number));
                }
            }
            Subject::Question { topic } => record.topic = Some(topic.clone()),
            Subject::Written { title, addressee, .. } => {
                record.title = Some(title.clone());
                record.addressee = addressee.clone();
            }
        }
        record
    }
}

impl TryFrom<DocumentRecord> for Document {
    type Error = StoreError;

    fn try_from(record: DocumentRecord) -> Result<Self, StoreError> {
        let corrupt = |what: &str| StoreError::Corrupt(format!("{} in {}", what, record.pk));
        let projected = &record.projected;
        let kind = DocumentKind::parse(&record.kind).ok_or_else(|| corrupt("kind"))?;
        let subject = match kind {
            DocumentKind::Signal => {
                let point = projected.point().map_err(|_| corrupt("point"))?;
                let address =
                    projected.address.as_deref().map(Address::parse).transpose().map_err(|_| corrupt("address"))?;
                Subject::Signal {
                    category: projected.category.clone().ok_or_else(|| corrupt("category"))?,
                    signal_type: projected.signal_type.clone().ok_or_else(|| corrupt("signal_type"))?,
                    location: Location::new(point, address).ok_or_else(|| corrupt("location"))?,
                }
            }
            DocumentKind::Question => {
                Subject::Question { topic: record.topic.clone().ok_or_else(|| corrupt("topic"))? }
            }
            written => Subject::Written {
                kind: written,
                title: record.title.clone().ok_or_else(|| corrupt("title"))?,
                addressee: record.addressee.clone(),
            },
        };
        let description = if kind.is_public() {
            Description::parse(&projected.description).map_err(|_| corrupt("description"))?
        } else {
            Description::parse_unbounded(&projected.description)
        };
        Ok(Document {
            number: projected.number.parse().map_err(|_| corrupt("number"))?,
            registered_at: projected.registered_at.parse::<Timestamp>().map_err(|_| corrupt("registered_at"))?,
            subject,
            description,
            status: Status::parse(&projected.status).ok_or_else(|| corrupt("status"))?,
            sender: Sender {
                email: record
                    .sender_email
                    .as_deref()
                    .map(Email::parse)
                    .transpose()
                    .map_err(|_| corrupt("sender_email"))?,
                name: record
                    .sender_name
                    .as_deref()
                    .map(PersonName::parse)
                    .transpose()
                    .map_err(|_| corrupt("sender_name"))?,
                phone: record.sender_phone.as_deref().and_then(Phone::parse),
                address: record
                    .sender_address
                    .as_deref()
                    .map(Address::parse)
                    .transpose()
                    .map_err(|_| corrupt("sender_address"))?,
            },
            owner: record.owner.clone(),
            resolved_at: record
                .resolved_at
                .as_deref()
                .map(|t| t.parse::<Timestamp>())
                .transpose()
                .map_err(|_| corrupt("resolved_at"))?,
            access_clock: match &record.clock_started_on {
                None => None,
                Some(started) => Some(crate::domain::deadlines::AccessRequestClock {
                    started_on: started.parse().map_err(|_| corrupt("clock_started_on"))?,
                    extension_days: record.clock_extension_days.unwrap_or(0),
                    clarification_due: record
                        .clarification_due
                        .as_deref()
                        .map(str::parse)
                        .transpose()
                        .map_err(|_| corrupt("clarification_due"))?,
                }),
            },
            deadline: record.deadline.clone(),
            last_step: record.last_step,
            outcome: record.outcome.clone(),
            fixed_confirmed: record.fixed_confirmed,
            duplicate_of: record
                .duplicate_of
                .as_deref()
                .map(str::parse)
                .transpose()
                .map_err(|_| corrupt("duplicate_of"))?,
            duplicates: record
                .duplicates
                .iter()
                .map(|n| n.parse())
                .collect::<Result<_, _>>()
                .map_err(|_| corrupt("duplicates"))?,
            hidden_photos: projected
                .hidden_photos
                .iter()
                .filter_map(|p| crate::domain::photos::PhotoId::parse(p))
                .collect(),
            original_description: record.original_description.clone(),
            unit: projected.unit.clone(),
            district: projected.district.clone(),
            channel: record.channel.as_deref().and_then(crate::domain::intake::Channel::parse).unwrap_or_default(),
            assignee: record.assignee.clone(),
            first_action_at: record.first_action_at.as_deref().and_then(|t| t.parse().ok()),
            first_action_by: record.first_action_by.clone(),
            public_update: match &projected.public_updated_at {
                None => None,
                Some(at) => Some(PublicUpdate {
                    at: at.parse().map_err(|_| corrupt("public_updated_at"))?,
                    note: projected.status_notes.clone(),
                }),
            },
            token_salt: TokenSalt::from_stored(record.token_salt.clone()),
            token_hash: TokenHash::from_stored(record.token_hash.clone()),
            photos: projected.photos.clone(),
            attachments: record.attachments.clone(),
            version: record.version,
        })
    }
}

/// True for the keys of a document item, whatever else the table holds.
pub fn is_document_key(pk: &str, sk: &str) -> bool {
    pk.starts_with("DOC#") && sk == DOCUMENT_SK
}

/// A marker from an item of the map or nearby index (keys plus the projected attributes).
#[derive(Debug, Clone, Deserialize)]
pub struct MarkerRecord {
    pub number: String,
    pub signal_type: String,
    pub status: String,
    #[serde(default)]
    pub district: Option<String>,
    #[serde(default)]
    pub lat: Option<f64>,
    #[serde(default)]
    pub lon: Option<f64>,
    #[serde(default)]
    pub thumbnail: Option<String>,
    #[serde(default)]
    pub category: Option<String>,
    #[serde(default)]
    pub map_day: Option<String>,
    #[serde(default)]
    pub map_cell: Option<String>,
    #[serde(default)]
    pub near_sk: Option<String>,
    #[serde(default)]
    pub due_on: Option<String>,
    #[serde(default)]
    pub long_overdue_on: Option<String>,
}

impl TryFrom<MarkerRecord> for Marker {
    type Error = StoreError;

    fn try_from(record: MarkerRecord) -> Result<Self, StoreError> {
        let corrupt = |what: &str| StoreError::Corrupt(format!("{what} in the index item of {}", record.number));
        // The map index keeps the category in its sort key (`category#geohash#number`) rather than projecting it.
        let category = match (&record.category, &record.map_cell) {
            (Some(category), _) => category.clone(),
            (None, Some(cell)) => cell.split('#').next().unwrap_or_default().to_owned(),
            (None, None) => return Err(corrupt("category")),
        };
        let date = match (&record.map_day, &record.near_sk) {
            (Some(day), _) => day.clone(),
            (None, Some(sk)) => {
                let at: Timestamp = sk.split('#').next().unwrap_or_default().parse().map_err(|_| corrupt("near_sk"))?;
                map_day(at)
            }
            (None, None) => return Err(corrupt("date")),
        };
        Ok(Marker {
            number: record.number.clone(),
            category,
            signal_type: record.signal_type.clone(),
            status: Status::parse(&record.status).ok_or_else(|| corrupt("status"))?,
            district: record.district.clone(),
            point: stored_point(record.lat, record.lon).map_err(|_| corrupt("point"))?,
            date,
            thumbnail: record.thumbnail.clone(),
            due_on: record.due_on.as_deref().and_then(|d| d.parse().ok()),
            long_overdue_on: record.long_overdue_on.as_deref().and_then(|d| d.parse().ok()),
        })
    }
}

/// A history event item (`PK = DOC#<number>`, `SK = EVT#<time>#<random>`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct EventRecord {
    #[serde(rename = "PK")]
    pub pk: String,
    #[serde(rename = "SK")]
    pub sk: String,
    pub entity: String,
    pub event: crate::domain::history::HistoryEvent,
}

pub const EVENT_ENTITY: &str = "history_event";

impl EventRecord {
    pub fn new(number: RegistryNumber, event: &crate::domain::history::HistoryEvent) -> Self {
        let nonce: u32 = rand::random();
        Self {
            pk: document_pk(number),
            sk: format!("EVT#{}#{nonce:08x}", event.at),
            entity: EVENT_ENTITY.into(),
            event: event.clone(),
        }
    }
}
