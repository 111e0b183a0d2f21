//! What the domain needs from the outside world, as small traits. One AWS adapter each, plus in-memory ones
//! for unit tests.

use crate::domain::attachments::AttachmentRef;
use crate::domain::document::Document;
use crate::domain::history::HistoryEvent;
use crate::domain::mail::{Dated, OutgoingMail};
use crate::domain::overview::{CounterKey, CounterRow, Scope};
use crate::domain::photos::PhotoRef;
use crate::domain::public_map::Marker;
use crate::domain::registry::RegistryNumber;
use crate::domain::status::Status;
use async_trait::async_trait;
use jiff::Timestamp;
use std::collections::BTreeMap;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database could not be reached or kept refusing (throttling, conflicts): worth retrying later.
    #[error("the document store is unavailable: {0}")]
    Unavailable(String),
    /// A stored item does not have the shape this code expects.
    #[error("a stored item is malformed: {0}")]
    Corrupt(String),
}

/// A document as an action left it, the version it must still have, and the event to record.
pub struct Saved<'a> {
    pub document: &'a Document,
    pub expected_version: u64,
    pub event: &'a HistoryEvent,
}

#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    /// Someone changed the document since it was read.
    #[error("the document changed in the meantime")]
    Stale,
    #[error(transparent)]
    Store(#[from] StoreError),
}

#[derive(Debug, thiserror::Error)]
pub enum PageError {
    #[error("the cursor is not valid")]
    InvalidCursor,
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Builds the document once its registry number is known; may be called again if the number was taken.
pub type BuildDocument<'a> = &'a (dyn Fn(RegistryNumber) -> Document + Send + Sync);

/// A document with its history, as one read of the store gives them.
#[derive(Debug, Clone)]
pub struct DocumentPage {
    pub document: Document,
    /// Oldest first.
    pub history: Vec<HistoryEvent>,
    /// `None` when this store does not keep the count (ask [`Subscriptions::subscriber_count`]).
    pub subscribers: Option<u64>,
}

#[async_trait]
pub trait DocumentStore: Send + Sync {
    /// Reserves the next registry number of `year` (at `at`, when the filing began) and stores the document built
    /// for it. Numbers are unique however many submissions race; one whose document could not be written is
    /// recorded void in the registry book (see [`RegistryBook`]), so the sequence has no hole.
    async fn register(&self, year: u16, at: Timestamp, build: BuildDocument<'_>) -> Result<Document, StoreError>;

    async fn get(&self, number: RegistryNumber) -> Result<Option<Document>, StoreError>;

    /// The documents of several numbers in one round trip (those that exist; order not kept). A default that
    /// reads one by one serves the fakes.
    async fn get_many(&self, numbers: &[RegistryNumber]) -> Result<Vec<Document>, StoreError> {
        let mut found = Vec::with_capacity(numbers.len());
        for number in numbers {
            found.extend(self.get(*number).await?);
        }
        Ok(found)
    }

    /// The documents an account filed, newest first, a page at a time. `after` is the opaque cursor a previous
    /// page returned; a cursor that is not one of this account's gives an error.
    async fn owned_by(
        &self,
        owner: &str,
        after: Option<&str>,
        limit: usize,
    ) -> Result<(Vec<Document>, Option<String>), PageError>;

    /// Saves the result of a workflow action: the document (only if its stored version is still
    /// `expected_version`) and its history event, and for a duplicate link the other document too — all or nothing.
    async fn save_action(&self, change: &Saved<'_>, linked: Option<&Saved<'_>>) -> Result<(), SaveError>;

    /// A document's whole history, oldest first.
    async fn history(&self, number: RegistryNumber) -> Result<Vec<HistoryEvent>, StoreError>;

    /// What a document's page shows: the document, its whole history and, where the store keeps it beside
    /// them, its subscriber count — in one read where the store can (DynamoDB keeps all three in the
    /// document's partition). The default reads document and history one after the other and leaves the
    /// count to the subscriptions port.
    async fn page(&self, number: RegistryNumber) -> Result<Option<DocumentPage>, StoreError> {
        let Some(document) = self.get(number).await? else { return Ok(None) };
        let history = self.history(number).await?;
        Ok(Some(DocumentPage { document, history, subscribers: None }))
    }

    /// A work queue: documents of a unit in a status, oldest first, a page at a time.
    async fn queue(
        &self,
        unit: &str,
        status: Status,
        after: Option<&str>,
        limit: usize,
    ) -> Result<(Vec<Document>, Option<String>), PageError>;

    /// A page of the open documents whose next due-date step falls on `day`.
    async fn steps_on(
        &self,
        day: jiff::civil::Date,
        after: Option<&str>,
        limit: usize,
    ) -> Result<(Vec<Document>, Option<String>), PageError>;

    /// Saves a step taken (the document at its next version and its history event) together with its digest
    /// line; `Stale` if the document changed in between.
    async fn save_step(&self, saved: &Saved<'_>, line: &crate::domain::escalation::DigestLine)
    -> Result<(), SaveError>;

    /// The digest lines of `day`.
    async fn digest_lines(
        &self,
        day: jiff::civil::Date,
    ) -> Result<Vec<crate::domain::escalation::DigestLine>, StoreError>;

    /// When the oldest open document of a unit was registered.
    async fn oldest_open(&self, unit: &str) -> Result<Option<jiff::Timestamp>, StoreError>;

    /// Appends a processed photo to a document, unless it has `max` already or has this one.
    async fn attach_photo(&self, number: RegistryNumber, photo: &PhotoRef, max: usize) -> Result<Attached, StoreError>;

    /// Appends an accepted attachment to a document, unless it has `max` already or has this one.
    async fn attach_file(
        &self,
        number: RegistryNumber,
        file: &AttachmentRef,
        max: usize,
    ) -> Result<Attached, StoreError>;
}

#[derive(Debug, thiserror::Error)]
pub enum MailError {
    /// The recipient address itself was refused; retrying will not help.
    #[error("the recipient was rejected: {0}")]
    Rejected(String),
    #[error("the mail service is unavailable: {0}")]
    Unavailable(String),
}

/// A page of a year's registry book: a line for every number of the page, and the last number issued.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BookPage {
    pub last: u32,
    /// In order, without holes; never [`crate::domain::registry::Line::Abandoned`] (those are recorded void
    /// before the page is given).
    pub lines: Vec<(u32, crate::domain::registry::Line)>,
}

/// The registry book: what became of every number issued.
#[async_trait]
pub trait RegistryBook: Send + Sync {
    /// The lines of `year`'s numbers from `from` on, at most `limit`. A number reserved long ago (by `now`) and
    /// still without a document is recorded void first.
    async fn page(&self, year: u16, from: u32, limit: u32, now: Timestamp) -> Result<BookPage, StoreError>;
}

#[async_trait]
pub trait Mailer: Send + Sync {
    async fn send(&self, mail: &OutgoingMail) -> Result<(), MailError>;
}

/// What a read cost, so that a query can show it read only what it returned.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct ReadCost {
    pub items_read: u64,
    pub capacity_units: f64,
}

impl std::ops::AddAssign for ReadCost {
    fn add_assign(&mut self, other: Self) {
        self.items_read += other.items_read;
        self.capacity_units += other.capacity_units;
    }
}

/// The public signals' indexes: the map by day and the nearby cells. Only public kinds are in them.
#[async_trait]
pub trait PublicIndex: Send + Sync {
    /// Markers of the signals registered on one Sofia day (`yyyy-mm-dd`), of one category if given; at most
    /// `limit` of them if given (the store then reads no more than that).
    async fn markers_of_day(
        &self,
        day: &str,
        category: Option<&str>,
        limit: Option<usize>,
    ) -> Result<(Vec<Marker>, ReadCost), StoreError>;

    /// Markers in one nearby cell (a geohash) registered at or after `since`.
    async fn markers_in_cell(&self, cell: &str, since: jiff::Timestamp) -> Result<Vec<Marker>, StoreError>;

    /// The markers of one map tile (a geohash of [`crate::domain::public_map::MARKER_TILE_PRECISION`]) registered
    /// on `from_day` or later, that the query's category, statuses and district admit (signals placed by address
    /// only are in the tile of their district's label point); and what reading them cost.
    async fn markers_of_tile(
        &self,
        tile: &str,
        from_day: &str,
        query: &crate::domain::public_map::MapQuery,
    ) -> Result<(Vec<Marker>, ReadCost), StoreError>;
}

/// One partition's worth of an Open311 request list, and where it stopped.
#[derive(Debug, Clone, Default)]
pub struct RequestPage {
    pub requests: Vec<crate::domain::open311::RequestFacts>,
    /// The list key of the last request read, and whether the partition may hold more after it.
    pub last: Option<String>,
    pub more: bool,
    pub cost: ReadCost,
}

/// Open311's request lists: public signals by registration or by their last public change, each request one
/// index item holding what the list shows.
#[async_trait]
pub trait RequestIndex: Send + Sync {
    /// At most `limit` requests of `list` in the month `month` whose list keys lie in `low..=high`, in the list's
    /// order, after the key `after` if given: a read of at most `limit` items.
    async fn requests_page(
        &self,
        list: crate::domain::open311::RequestList,
        month: &str,
        (low, high): (&str, &str),
        after: Option<&str>,
        limit: usize,
    ) -> Result<RequestPage, StoreError>;
}

/// The overview's counters.
#[async_trait]
pub trait StatsStore: Send + Sync {
    /// Applies the counter deltas of one change once: applying the same `change_id` again changes nothing and
    /// returns false (stream records are delivered at least once).
    async fn apply_once(&self, change_id: &str, deltas: &BTreeMap<CounterKey, i64>) -> Result<bool, StoreError>;

    /// The counters of a scope. For days, every day from `from_day` on, each row's name prefixed by its day.
    async fn counters(&self, scope: &Scope, from_day: Option<&str>) -> Result<Vec<CounterRow>, StoreError>;

    /// The map's cluster counters of one tile and filter (`<cell>#<status>` → count), summed over the days from
    /// `from_day` on: one range query of the tile's partition, one item per day.
    async fn tile_counts(
        &self,
        tile: &crate::domain::public_map::MapTileKey,
        from_day: &str,
    ) -> Result<(BTreeMap<String, i64>, ReadCost), StoreError>;
}

#[derive(Debug, thiserror::Error)]
pub enum FileError {
    #[error("the file is larger than {max} bytes")]
    TooLarge { max: usize },
    #[error("the file store is unavailable: {0}")]
    Unavailable(String),
}

/// Uploaded files and published media (S3).
#[async_trait]
pub trait FileStore: Send + Sync {
    /// A URL the client PUTs an upload of exactly this type and size to, valid for `expires_in`.
    async fn upload_url(
        &self,
        key: &str,
        content_type: &str,
        size: u64,
        expires_in: std::time::Duration,
    ) -> Result<String, FileError>;
    /// The uploaded bytes, `None` when nothing was uploaded under `key`; refuses more than `max_bytes`.
    async fn read_upload(&self, key: &str, max_bytes: usize) -> Result<Option<Vec<u8>>, FileError>;
    async fn delete_upload(&self, key: &str) -> Result<(), FileError>;
    /// Publishes a file for the public (served at `/<key>`).
    async fn publish(&self, key: &str, bytes: Vec<u8>, content_type: &str) -> Result<(), FileError>;
    async fn unpublish(&self, key: &str) -> Result<(), FileError>;
    /// Keeps a private file (attachments) where only presigned links reach it.
    async fn store_private(&self, key: &str, bytes: Vec<u8>, content_type: &str) -> Result<(), FileError>;
    /// A short-lived link to download a private file under its original name.
    async fn download_url(
        &self,
        key: &str,
        file_name: &str,
        expires_in: std::time::Duration,
    ) -> Result<String, FileError>;
}

/// What attaching a photo to a document came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Attached {
    Yes,
    /// The document already has the most photos it may have.
    Full,
    /// This photo is attached already.
    AlreadyThere,
    NoSuchDocument,
}

#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    /// Wrong password, unknown user, or a token that is not valid: one answer for all, so nobody learns
    /// whether an e-mail is registered.
    #[error("the credentials are not valid")]
    InvalidCredentials,
    #[error("the account is not confirmed yet")]
    NotConfirmed,
    #[error("the password does not meet the policy: {0}")]
    WeakPassword(String),
    #[error("the code is wrong or expired")]
    InvalidCode,
    #[error("too many attempts; try again later")]
    TooManyAttempts,
    /// A login with this e-mail exists already (only staff creation says so: a role is never added to it).
    #[error("an account with this e-mail exists already")]
    AlreadyExists,
    #[error("the account service is unavailable: {0}")]
    Unavailable(String),
}

#[derive(Debug, Clone, serde::Serialize, schemars::JsonSchema)]
pub struct Tokens {
    pub id_token: String,
    pub access_token: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<String>,
    pub expires_in: i32,
    pub token_type: &'static str,
}

/// What a password sign-in gave.
#[derive(Debug)]
pub enum SignIn {
    Tokens(Tokens),
    /// The account signs in with an authenticator code too: answer with it and this session.
    MfaCode {
        session: String,
    },
    /// A staff member invited with a temporary password chooses their own first: answer with it and this session.
    NewPassword {
        session: String,
    },
}

/// Accounts (Cognito user pool).
#[async_trait]
pub trait Accounts: Send + Sync {
    /// Signs up; an e-mail already registered is not an error (the answer must not tell).
    async fn register(&self, registration: &crate::domain::account::Registration) -> Result<(), AccountError>;
    async fn confirm(&self, email: &str, code: &str) -> Result<(), AccountError>;
    async fn sign_in(&self, email: &str, password: &str) -> Result<SignIn, AccountError>;
    /// The second step of a first sign-in with a temporary password: the password the user chose.
    async fn set_first_password(&self, email: &str, session: &str, password: &str) -> Result<SignIn, AccountError>;
    /// The second step of a sign-in that asked for an authenticator code.
    async fn answer_mfa(&self, email: &str, session: &str, code: &str) -> Result<Tokens, AccountError>;
    /// Whether the user of this access token signs in with an authenticator code.
    async fn mfa_enabled(&self, access_token: &str) -> Result<bool, AccountError>;
    /// Starts setting up an authenticator app: the secret (base32) to enter or scan.
    async fn start_mfa_setup(&self, access_token: &str) -> Result<String, AccountError>;
    /// Checks a code from the app just set up and makes codes required at every sign-in.
    async fn finish_mfa_setup(&self, access_token: &str, code: &str) -> Result<(), AccountError>;
    async fn refresh(&self, refresh_token: &str) -> Result<Tokens, AccountError>;
    /// Ends every session of the user whose access token this is (refresh tokens stop working).
    async fn sign_out(&self, access_token: &str) -> Result<(), AccountError>;
    async fn forgot_password(&self, email: &str) -> Result<(), AccountError>;
    /// Mails a new sign-up code to an account not confirmed yet; any other e-mail is not an error (the answer
    /// must not tell).
    async fn resend_confirmation(&self, email: &str) -> Result<(), AccountError>;
    async fn reset_password(&self, email: &str, code: &str, new_password: &str) -> Result<(), AccountError>;
    async fn change_password(
        &self,
        access_token: &str,
        old_password: &str,
        new_password: &str,
    ) -> Result<(), AccountError>;
    async fn profile(&self, sub: &str) -> Result<crate::domain::account::Profile, AccountError>;
    async fn update_profile(
        &self,
        sub: &str,
        profile: &crate::domain::account::ProfileData,
    ) -> Result<(), AccountError>;
    /// Creates a staff account (Cognito e-mails the invitation with a temporary password) in a role's group,
    /// creating a unit's group on first use. An existing login is refused (`AlreadyExists`), never given a role.
    async fn create_staff(&self, email: &str, name: &str, group: &str) -> Result<(), AccountError>;
    /// The e-mail addresses of a staff group's members (none if the group does not exist).
    async fn members_of(&self, group: &str) -> Result<Vec<String>, AccountError>;
    /// Deletes the account for good: its sign-in, profile and sessions.
    async fn delete(&self, sub: &str) -> Result<(), AccountError>;
    /// The accounts in these groups, each once, with the groups (of these) it is in.
    async fn staff_accounts(&self, groups: &[String]) -> Result<Vec<StaffAccount>, AccountError>;
    /// The groups an account is in, by e-mail; none when there is no such account.
    async fn groups_of(&self, email: &str) -> Result<Option<Vec<String>>, AccountError>;
    /// Lets an account sign in again, or stops it; a stopped account's sessions end (its refresh tokens stop
    /// working, so it holds at most the access token it has, for its last minutes).
    async fn set_enabled(&self, email: &str, enabled: bool) -> Result<(), AccountError>;
    /// Moves an account out of the `from` groups into `to` (a unit's group is created on first use) and ends its
    /// sessions, so that its next tokens carry the new group.
    async fn move_to_group(&self, email: &str, from: &[String], to: &str) -> Result<(), AccountError>;
}

/// A staff account as the user pool holds it.
#[derive(Debug, Clone, PartialEq)]
pub struct StaffAccount {
    pub email: String,
    pub name: Option<String>,
    pub groups: Vec<String>,
    /// False once an administrator stopped it: it cannot sign in.
    pub enabled: bool,
    /// False while the invitation's temporary password was not changed yet.
    pub confirmed: bool,
}

/// Which notifications went out: streams deliver records at least once, so each mail is claimed before it is
/// sent and a claimed one is never sent again.
#[async_trait]
pub trait DeliveryLog: Send + Sync {
    /// Claims a delivery as a lease until `lease_until` (Unix milliseconds): a delivery nobody claimed, or whose
    /// earlier claim was never confirmed sent and whose lease ran out (the function that held it was stopped
    /// mid-send), is this caller's to send.
    async fn claim(&self, delivery: &str, lease_until: i64) -> Result<Claim, StoreError>;
    /// Claims several deliveries, each as [`DeliveryLog::claim`]: a fan-out claims a page of mails in a few
    /// round trips instead of one each. The default claims them one by one.
    async fn claim_many(&self, deliveries: &[String], lease_until: i64) -> Result<Vec<Claim>, StoreError> {
        let mut claimed = Vec::with_capacity(deliveries.len());
        for delivery in deliveries {
            claimed.push(self.claim(delivery, lease_until).await?);
        }
        Ok(claimed)
    }
    /// Records that a claimed delivery was sent: nobody takes it over after its lease.
    async fn confirm(&self, delivery: &str) -> Result<(), StoreError>;
    /// Confirms several sent deliveries in a few round trips (a fan-out confirms a page of mails at once). The
    /// default confirms them one by one.
    async fn confirm_many(&self, deliveries: &[String]) -> Result<(), StoreError> {
        for delivery in deliveries {
            self.confirm(delivery).await?;
        }
        Ok(())
    }
    /// Gives a claim back after the send failed, so a retry can send it.
    async fn release(&self, delivery: &str) -> Result<(), StoreError>;
    /// Hands the rest of a long fan-out on as a work item the stream picks up again.
    async fn hand_off(&self, work_id: &str, work: &str) -> Result<(), StoreError>;
}

/// What claiming a delivery found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Claim {
    /// This caller holds the lease: send, then confirm.
    Mine,
    /// Sent and confirmed before: nothing to do.
    Sent,
    /// Another delivery holds a lease until then (Unix milliseconds) and has not confirmed: try again once it
    /// has run out, never skip it.
    InFlight { until: i64 },
}

/// The changes of a document waiting to be mailed together, as the store holds them.
#[derive(Debug, Clone, PartialEq)]
pub struct PendingBatch {
    pub number: RegistryNumber,
    /// Each change under its id (the stream record's own, so a redelivered record adds nothing), oldest first.
    pub changes: Vec<(String, crate::domain::mail::Dated)>,
    /// When the batch's window closes; `None` once it was mailed and nothing new came.
    pub send_after: Option<jiff::Timestamp>,
    /// Counts every addition: a batch is marked mailed only if nothing was added since it was read.
    pub revision: u64,
}

/// Changes of documents waiting to be mailed: the stream adds each public change, and a scheduled run mails the
/// changes of each document whose window has closed as one mail per recipient.
#[async_trait]
pub trait PendingMail: Send + Sync {
    /// Adds a change to its document's batch, opening one that closes at `due` if none is open. False if
    /// this change was mailed before (a redelivered stream record): nothing is added.
    async fn add(&self, number: RegistryNumber, id: &str, change: &Dated, due: Timestamp) -> Result<bool, StoreError>;
    /// The documents whose batch closed by `now`, soonest first.
    async fn due(&self, now: jiff::Timestamp) -> Result<Vec<RegistryNumber>, StoreError>;
    /// A document's batch as it stands (a consistent read).
    async fn batch(&self, number: RegistryNumber) -> Result<Option<PendingBatch>, StoreError>;
    /// Marks a batch's changes mailed: they leave the batch and are never added again. The batch closes unless
    /// a change was added since it was read; that one is mailed by a later run.
    async fn mailed(&self, batch: &PendingBatch) -> Result<(), StoreError>;
}

/// The government's changes to the working-day calendar, as the administrators keep them.
#[async_trait]
pub trait CalendarStore: Send + Sync {
    async fn changes(&self) -> Result<crate::domain::workdays::CalendarChanges, StoreError>;
    async fn save_changes(&self, changes: &crate::domain::workdays::CalendarChanges) -> Result<(), StoreError>;

    /// The working-day calendar the due dates are computed on.
    async fn calendar(&self) -> Result<crate::domain::workdays::WorkCalendar, StoreError> {
        Ok(crate::domain::workdays::WorkCalendar::new(self.changes().await?))
    }
}

/// Which public documents changed on which day, as the stream saw them: the open-data export reads a day's
/// changes instead of the table.
#[async_trait]
pub trait ChangeLog: Send + Sync {
    async fn mark_changed(&self, day: jiff::civil::Date, number: RegistryNumber) -> Result<(), StoreError>;
    async fn changed_on(&self, day: jiff::civil::Date) -> Result<Vec<RegistryNumber>, StoreError>;
}

/// Files the site serves (the open data), written to its bucket.
#[async_trait]
pub trait SitePublisher: Send + Sync {
    async fn publish_site_file(&self, key: &str, bytes: Vec<u8>, content_type: &str) -> Result<(), FileError>;
}

/// The days a scheduled run has covered, so the next one starts where it stopped however long ago that was.
#[async_trait]
pub trait RunLog: Send + Sync {
    async fn last_day(&self, run: &str) -> Result<Option<jiff::civil::Date>, StoreError>;
    async fn record_day(&self, run: &str, day: jiff::civil::Date) -> Result<(), StoreError>;
}

/// Reply templates.
#[async_trait]
pub trait TemplateStore: Send + Sync {
    async fn templates(&self) -> Result<Vec<crate::domain::templates::ReplyTemplate>, StoreError>;
    async fn save_template(&self, template: &crate::domain::templates::ReplyTemplate) -> Result<(), StoreError>;
}

/// Subscriptions to documents and area alerts.
#[async_trait]
pub trait Subscriptions: Send + Sync {
    /// Subscribes; subscribing twice is one subscription. True if it is new.
    async fn subscribe(
        &self,
        target: &crate::domain::subscriptions::Target,
        subscriber: &crate::domain::subscriptions::Subscriber,
    ) -> Result<bool, StoreError>;
    /// True if there was a subscription to remove.
    async fn unsubscribe(&self, target: &crate::domain::subscriptions::Target, sub: &str) -> Result<bool, StoreError>;
    async fn subscriber_count(&self, number: RegistryNumber) -> Result<u64, StoreError>;
    /// The subscribers of a target, a page at a time (the cursor is opaque).
    async fn subscribers(
        &self,
        target: &crate::domain::subscriptions::Target,
        after: Option<&str>,
        limit: usize,
    ) -> Result<(Vec<crate::domain::subscriptions::Subscriber>, Option<String>), PageError>;
    /// What an account follows, newest first.
    async fn subscriptions_of(
        &self,
        sub: &str,
        after: Option<&str>,
        limit: usize,
    ) -> Result<(Vec<crate::domain::subscriptions::Target>, Option<String>), PageError>;
}

/// Keys of Open311 clients, kept hashed.
#[async_trait]
pub trait ApiKeys: Send + Sync {
    /// Records a new key for a client; only its hash is kept.
    async fn issue(&self, client_name: &str, key: &str) -> Result<(), StoreError>;
    /// The client's name, if the key is one that was issued.
    async fn client_of(&self, key: &str) -> Result<Option<String>, StoreError>;
}

/// What starting a request under an idempotency key found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Begun {
    /// The first request with this key: go ahead, then record the answer.
    First,
    /// The same key and body were answered before: here is that answer.
    Answered { status: u16, body: String, location: Option<String> },
    /// The same key came with another body.
    OtherBody,
    /// The first request with this key is still being handled.
    InProgress,
}

/// Idempotency keys of creating requests, kept 24 hours.
#[async_trait]
pub trait IdempotencyStore: Send + Sync {
    async fn begin(&self, key: &str, body_hash: &str) -> Result<Begun, StoreError>;
    async fn finish(&self, key: &str, status: u16, body: &str, location: Option<&str>) -> Result<(), StoreError>;
    /// Forgets a key whose request failed, so that a retry can run it.
    async fn abandon(&self, key: &str) -> Result<(), StoreError>;
}

/// Counters of recent submissions per client, for abuse limits.
#[async_trait]
pub trait RateLimiter: Send + Sync {
    /// Counts one more submission by `client` in the current window of `window_seconds`; when that makes more
    /// than `limit`, the seconds until the window ends.
    async fn hit(&self, client: &str, limit: u32, window_seconds: i64) -> Result<Option<u32>, StoreError>;
}

/// The back office's views over every document: a view's page, full-text search, and how many follow each.
#[async_trait]
pub trait DeskIndex: Send + Sync {
    /// A page of a view in its order, after the cursor `after`. A page may hold fewer than `limit` documents and
    /// still have a next cursor: the filters are applied to a bounded read, never to the whole table.
    async fn desk_page(
        &self,
        query: &crate::domain::desk::DeskQuery,
        after: Option<&str>,
        limit: usize,
    ) -> Result<(Vec<Document>, Option<String>), PageError>;

    /// A page of the documents in `scope` that have every term, newest first.
    async fn search_page(
        &self,
        scope: &crate::domain::desk::DeskScope,
        terms: &[String],
        after: Option<&str>,
        limit: usize,
    ) -> Result<(Vec<Document>, Option<String>), PageError>;

    /// How many follow each of these documents (absent: nobody).
    async fn followers(&self, numbers: &[RegistryNumber]) -> Result<BTreeMap<RegistryNumber, u64>, StoreError>;

    /// A page of the documents someone follows, most followed first (of one unit, when given).
    async fn followed_page(
        &self,
        unit: Option<&str>,
        after: Option<&str>,
        limit: usize,
    ) -> Result<(Vec<Document>, Option<String>), PageError>;
}

/// A document's entry in the search index, as it was and as it is (unit and terms); the stream keeps it.
#[derive(Debug, Clone, PartialEq)]
pub struct Indexed {
    pub unit: String,
    pub terms: std::collections::BTreeSet<String>,
}

#[async_trait]
pub trait SearchIndexWriter: Send + Sync {
    /// Moves a document's postings from what it was indexed as to what it is (either may be absent).
    async fn reindex(
        &self,
        number: RegistryNumber,
        registered_at: jiff::Timestamp,
        was: Option<&Indexed>,
        is: Option<&Indexed>,
    ) -> Result<(), StoreError>;

    /// Keeps a followed document in the followed index (`count` followers, of `unit`), or takes it out (0).
    /// A count that changed meanwhile is left to its own stream record.
    async fn mark_followed(&self, number: RegistryNumber, count: u64, unit: &str) -> Result<(), StoreError>;

    /// A followed document moved to another unit.
    async fn move_followed(&self, number: RegistryNumber, unit: &str) -> Result<(), StoreError>;
}
