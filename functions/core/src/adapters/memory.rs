//! In-memory adapters for unit tests of handlers and the domain. Never the only test of a feature: the
//! integration tests run the same handlers on the AWS adapters against the emulator.

use crate::adapters::records::{DocumentRecord, MarkerRecord};
use crate::domain::document::Document;
use crate::domain::mail::{Dated, OutgoingMail};
use crate::domain::photos::PhotoRef;
use crate::domain::public_map::Marker;
use crate::domain::registry::RegistryNumber;
use crate::ports::{Attached, BuildDocument, DocumentStore, MailError, Mailer, PublicIndex, ReadCost, StoreError};
use async_trait::async_trait;
use jiff::Timestamp;
use std::collections::BTreeMap;
use std::sync::Mutex;

/// A page of `documents` after the cursor `after` (an offset), and the cursor of the next.
fn page_of(
    documents: &[&Document],
    after: Option<&str>,
    limit: usize,
) -> Result<(Vec<Document>, Option<String>), crate::ports::PageError> {
    let start = match after {
        None => 0,
        Some(cursor) => cursor.parse::<usize>().map_err(|_| crate::ports::PageError::InvalidCursor)?,
    };
    let page = documents.iter().skip(start).take(limit).map(|d| (*d).clone()).collect();
    Ok((page, (start + limit < documents.len()).then(|| (start + limit).to_string())))
}

#[derive(Default)]
pub struct MemoryDocumentStore {
    documents: Mutex<BTreeMap<RegistryNumber, Document>>,
    events: Mutex<Vec<(RegistryNumber, crate::domain::history::HistoryEvent)>>,
    digest: Mutex<Vec<crate::domain::escalation::DigestLine>>,
}

#[async_trait]
impl DocumentStore for MemoryDocumentStore {
    async fn register(&self, year: u16, _: Timestamp, build: BuildDocument<'_>) -> Result<Document, StoreError> {
        let mut documents = self.documents.lock().map_err(|_| StoreError::Unavailable("poisoned".into()))?;
        let last = documents.keys().filter(|n| n.year() == year).map(|n| n.sequence()).max().unwrap_or(0);
        let number =
            RegistryNumber::new(year, last + 1).map_err(|_| StoreError::Unavailable("sequence exhausted".into()))?;
        let document = build(number);
        documents.insert(number, document.clone());
        Ok(document)
    }

    async fn get(&self, number: RegistryNumber) -> Result<Option<Document>, StoreError> {
        let documents = self.documents.lock().map_err(|_| StoreError::Unavailable("poisoned".into()))?;
        Ok(documents.get(&number).cloned())
    }

    async fn owned_by(
        &self,
        owner: &str,
        after: Option<&str>,
        limit: usize,
    ) -> Result<(Vec<Document>, Option<String>), crate::ports::PageError> {
        let documents = self.documents.lock().map_err(|_| StoreError::Unavailable("poisoned".into()))?;
        let mut owned: Vec<&Document> = documents.values().filter(|d| d.owner.as_deref() == Some(owner)).collect();
        owned.sort_by_key(|d| std::cmp::Reverse(d.number));
        page_of(&owned, after, limit)
    }

    async fn save_action(
        &self,
        change: &crate::ports::Saved<'_>,
        linked: Option<&crate::ports::Saved<'_>>,
    ) -> Result<(), crate::ports::SaveError> {
        let mut documents = self.documents.lock().map_err(|_| StoreError::Unavailable("poisoned".into()))?;
        let saves: Vec<&crate::ports::Saved<'_>> = std::iter::once(change).chain(linked).collect();
        for saved in &saves {
            if documents.get(&saved.document.number).map(|d| d.version) != Some(saved.expected_version) {
                return Err(crate::ports::SaveError::Stale);
            }
        }
        let mut events = self.events.lock().map_err(|_| StoreError::Unavailable("poisoned".into()))?;
        for saved in saves {
            let mut document = saved.document.clone();
            document.note_event(saved.event);
            documents.insert(saved.document.number, document);
            events.push((saved.document.number, saved.event.clone()));
        }
        Ok(())
    }

    async fn history(&self, number: RegistryNumber) -> Result<Vec<crate::domain::history::HistoryEvent>, StoreError> {
        let events = self.events.lock().map_err(|_| StoreError::Unavailable("poisoned".into()))?;
        Ok(events.iter().filter(|(n, _)| *n == number).map(|(_, e)| e.clone()).collect())
    }

    async fn queue(
        &self,
        unit: &str,
        status: crate::domain::status::Status,
        after: Option<&str>,
        limit: usize,
    ) -> Result<(Vec<Document>, Option<String>), crate::ports::PageError> {
        let documents = self.documents.lock().map_err(|_| StoreError::Unavailable("poisoned".into()))?;
        let queued: Vec<&Document> = documents.values().filter(|d| d.unit == unit && d.status == status).collect();
        page_of(&queued, after, limit)
    }

    async fn steps_on(
        &self,
        day: jiff::civil::Date,
        after: Option<&str>,
        limit: usize,
    ) -> Result<(Vec<Document>, Option<String>), crate::ports::PageError> {
        let documents = self.documents.lock().map_err(|_| StoreError::Unavailable("poisoned".into()))?;
        let due: Vec<&Document> =
            documents.values().filter(|d| d.next_step().is_some_and(|(_, on)| on == day)).collect();
        page_of(&due, after, limit)
    }

    async fn save_step(
        &self,
        saved: &crate::ports::Saved<'_>,
        line: &crate::domain::escalation::DigestLine,
    ) -> Result<(), crate::ports::SaveError> {
        self.save_action(saved, None).await?;
        self.digest.lock().map_err(|_| StoreError::Unavailable("poisoned".into()))?.push(line.clone());
        Ok(())
    }

    async fn digest_lines(
        &self,
        day: jiff::civil::Date,
    ) -> Result<Vec<crate::domain::escalation::DigestLine>, StoreError> {
        let lines = self.digest.lock().map_err(|_| StoreError::Unavailable("poisoned".into()))?;
        Ok(lines.iter().filter(|l| l.day == day).cloned().collect())
    }

    async fn oldest_open(&self, unit: &str) -> Result<Option<jiff::Timestamp>, StoreError> {
        let documents = self.documents.lock().map_err(|_| StoreError::Unavailable("poisoned".into()))?;
        Ok(documents.values().filter(|d| d.unit == unit && d.status.is_open()).map(|d| d.registered_at).min())
    }

    async fn attach_file(
        &self,
        number: RegistryNumber,
        file: &crate::domain::attachments::AttachmentRef,
        max: usize,
    ) -> Result<Attached, StoreError> {
        let mut documents = self.documents.lock().map_err(|_| StoreError::Unavailable("poisoned".into()))?;
        let Some(document) = documents.get_mut(&number) else { return Ok(Attached::NoSuchDocument) };
        if document.attachments.iter().any(|a| a.id == file.id) {
            return Ok(Attached::AlreadyThere);
        }
        if document.attachments.len() >= max {
            return Ok(Attached::Full);
        }
        document.attachments.push(file.clone());
        Ok(Attached::Yes)
    }

    async fn attach_photo(&self, number: RegistryNumber, photo: &PhotoRef, max: usize) -> Result<Attached, StoreError> {
        let mut documents = self.documents.lock().map_err(|_| StoreError::Unavailable("poisoned".into()))?;
        let Some(document) = documents.get_mut(&number) else { return Ok(Attached::NoSuchDocument) };
        if document.photos.iter().any(|p| p.id == photo.id) {
            return Ok(Attached::AlreadyThere);
        }
        if document.photos.len() >= max {
            return Ok(Attached::Full);
        }
        document.photos.push(photo.clone());
        document.version += 1;
        Ok(Attached::Yes)
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

impl MemoryDocumentStore {
    /// The index items the DynamoDB table would hold, built from the same record layout.
    fn index_records(&self) -> Result<Vec<DocumentRecord>, StoreError> {
        let documents = self.documents.lock().map_err(|_| StoreError::Unavailable("poisoned".into()))?;
        Ok(documents.values().map(DocumentRecord::from).collect())
    }
}

fn marker_of(record: &DocumentRecord) -> Result<Marker, StoreError> {
    let marker = MarkerRecord {
        number: record.projected.number.clone(),
        signal_type: record.projected.signal_type.clone().unwrap_or_default(),
        status: record.projected.status.clone(),
        district: record.projected.district.clone(),
        lat: record.projected.lat,
        lon: record.projected.lon,
        thumbnail: record.thumbnail.clone(),
        category: None,
        map_day: record.map_day.clone(),
        map_cell: record.map_cell.clone(),
        near_sk: record.near_sk.clone(),
        due_on: record.projected.due_on.clone(),
        long_overdue_on: record.long_overdue_on.clone(),
    };
    Marker::try_from(marker)
}

#[async_trait]
impl PublicIndex for MemoryDocumentStore {
    async fn markers_of_day(
        &self,
        day: &str,
        category: Option<&str>,
        limit: Option<usize>,
    ) -> Result<(Vec<Marker>, ReadCost), StoreError> {
        let prefix = category.map(|c| format!("{c}#"));
        let mut markers = self
            .index_records()?
            .iter()
            .filter(|r| r.map_day.as_deref() == Some(day))
            .filter(|r| prefix.as_ref().is_none_or(|p| r.map_cell.as_ref().is_some_and(|cell| cell.starts_with(p))))
            .map(marker_of)
            .collect::<Result<Vec<_>, _>>()?;
        markers.truncate(limit.unwrap_or(usize::MAX));
        let cost = ReadCost { items_read: markers.len() as u64, capacity_units: 0.0 };
        Ok((markers, cost))
    }

    async fn markers_of_tile(
        &self,
        tile: &str,
        from_day: &str,
        query: &crate::domain::public_map::MapQuery,
    ) -> Result<(Vec<Marker>, ReadCost), StoreError> {
        let in_tile = self
            .index_records()?
            .into_iter()
            .filter(|r| r.cell_pk.as_deref() == Some(tile) && r.cell_sk.as_deref().is_some_and(|sk| sk >= from_day))
            .collect::<Vec<_>>();
        let markers = in_tile
            .iter()
            .map(marker_of)
            .collect::<Result<Vec<_>, _>>()?
            .into_iter()
            .filter(|m| {
                query.category.as_ref().is_none_or(|c| *c == m.category)
                    && query.district.as_ref().is_none_or(|d| m.district.as_ref() == Some(d))
                    && (query.statuses.is_empty() || query.statuses.contains(&m.status))
            })
            .collect();
        Ok((markers, ReadCost { items_read: in_tile.len() as u64, capacity_units: 0.0 }))
    }

    async fn markers_in_cell(&self, cell: &str, since: jiff::Timestamp) -> Result<Vec<Marker>, StoreError> {
        let since = since.to_string();
        self.index_records()?
            .iter()
            .filter(|r| r.near_cell.as_deref() == Some(cell) && r.near_sk.as_ref().is_some_and(|sk| *sk >= since))
            .map(marker_of)
            .collect()
    }
}

/// Counters in memory, applying each change id once like the DynamoDB adapter.
#[derive(Default)]
pub struct MemoryStatsStore {
    state: Mutex<(std::collections::HashSet<String>, BTreeMap<crate::domain::overview::CounterKey, i64>)>,
}

#[async_trait]
impl crate::ports::StatsStore for MemoryStatsStore {
    async fn apply_once(
        &self,
        change_id: &str,
        deltas: &BTreeMap<crate::domain::overview::CounterKey, i64>,
    ) -> Result<bool, StoreError> {
        let mut state = self.state.lock().map_err(|_| StoreError::Unavailable("poisoned".into()))?;
        if !state.0.insert(change_id.to_owned()) {
            return Ok(false);
        }
        for (key, delta) in deltas {
            *state.1.entry(key.clone()).or_default() += delta;
        }
        Ok(true)
    }

    async fn counters(
        &self,
        scope: &crate::domain::overview::Scope,
        from_day: Option<&str>,
    ) -> Result<Vec<crate::domain::overview::CounterRow>, StoreError> {
        use crate::domain::overview::{CounterRow, Scope};
        let state = self.state.lock().map_err(|_| StoreError::Unavailable("poisoned".into()))?;
        Ok(state
            .1
            .iter()
            .filter_map(|(key, value)| match (&key.scope, scope) {
                (Scope::Day(day), Scope::Day(_)) if from_day.is_none_or(|from| day.as_str() >= from) => {
                    Some(CounterRow { name: format!("{day}#{}", key.name), value: *value })
                }
                // As DynamoDB's range on the sort key: every name from `from_day` on.
                (a, b)
                    if a == b
                        && !matches!(a, Scope::Day(_))
                        && from_day.is_none_or(|from| key.name.as_str() >= from) =>
                {
                    Some(CounterRow { name: key.name.clone(), value: *value })
                }
                _ => None,
            })
            .collect())
    }

    async fn tile_counts(
        &self,
        tile: &crate::domain::public_map::MapTileKey,
        from_day: &str,
    ) -> Result<(BTreeMap<String, i64>, ReadCost), StoreError> {
        use crate::domain::overview::Scope;
        let state = self.state.lock().map_err(|_| StoreError::Unavailable("poisoned".into()))?;
        let mut counts = BTreeMap::new();
        let mut days = std::collections::BTreeSet::new();
        for (key, value) in &state.1 {
            if let Scope::MapTile(key_tile, day) = &key.scope
                && key_tile == tile
                && day.as_str() >= from_day
            {
                days.insert(day.clone());
                *counts.entry(key.name.clone()).or_default() += value;
            }
        }
        Ok((counts, ReadCost { items_read: days.len() as u64, capacity_units: 0.0 }))
    }
}

/// Uploads and media in memory; upload URLs point nowhere (tests put uploads with [`MemoryFileStore::put_upload`]).
#[derive(Default)]
pub struct MemoryFileStore {
    pub uploads: Mutex<std::collections::HashMap<String, Vec<u8>>>,
    pub media: Mutex<std::collections::HashMap<String, Vec<u8>>>,
}

impl MemoryFileStore {
    pub fn put_upload(&self, key: &str, bytes: Vec<u8>) {
        if let Ok(mut uploads) = self.uploads.lock() {
            uploads.insert(key.to_owned(), bytes);
        }
    }
}

#[async_trait]
impl crate::ports::FileStore for MemoryFileStore {
    async fn upload_url(
        &self,
        key: &str,
        _content_type: &str,
        _size: u64,
        _expires_in: std::time::Duration,
    ) -> Result<String, crate::ports::FileError> {
        Ok(format!("memory://uploads/{key}"))
    }

    async fn read_upload(&self, key: &str, max_bytes: usize) -> Result<Option<Vec<u8>>, crate::ports::FileError> {
        let uploads = self.uploads.lock().map_err(|_| crate::ports::FileError::Unavailable("poisoned".into()))?;
        match uploads.get(key) {
            Some(bytes) if bytes.len() > max_bytes => Err(crate::ports::FileError::TooLarge { max: max_bytes }),
            other => Ok(other.cloned()),
        }
    }

    async fn delete_upload(&self, key: &str) -> Result<(), crate::ports::FileError> {
        self.uploads.lock().map_err(|_| crate::ports::FileError::Unavailable("poisoned".into()))?.remove(key);
        Ok(())
    }

    async fn publish(&self, key: &str, bytes: Vec<u8>, _content_type: &str) -> Result<(), crate::ports::FileError> {
        self.media
            .lock()
            .map_err(|_| crate::ports::FileError::Unavailable("poisoned".into()))?
            .insert(key.to_owned(), bytes);
        Ok(())
    }

    async fn unpublish(&self, key: &str) -> Result<(), crate::ports::FileError> {
        self.media.lock().map_err(|_| crate::ports::FileError::Unavailable("poisoned".into()))?.remove(key);
        Ok(())
    }

    async fn store_private(
        &self,
        key: &str,
        bytes: Vec<u8>,
        _content_type: &str,
    ) -> Result<(), crate::ports::FileError> {
        self.put_upload(key, bytes);
        Ok(())
    }

    async fn download_url(
        &self,
        key: &str,
        _file_name: &str,
        _expires_in: std::time::Duration,
    ) -> Result<String, crate::ports::FileError> {
        Ok(format!("memory://uploads/{key}"))
    }
}

#[derive(Default)]
pub struct MemoryDeliveryLog {
    /// Each claimed delivery: the end of its lease, or `None` once sent.
    claimed: Mutex<std::collections::HashMap<String, Option<i64>>>,
    /// Work handed on, as the stream would see it: (id, work).
    pub handed_off: Mutex<Vec<(String, String)>>,
}

#[async_trait]
impl crate::ports::DeliveryLog for MemoryDeliveryLog {
    async fn claim(&self, delivery: &str, lease_until: i64) -> Result<crate::ports::Claim, StoreError> {
        use crate::ports::Claim;
        let now = jiff::Timestamp::now().as_millisecond();
        let mut claimed = self.claimed.lock().map_err(|_| StoreError::Unavailable("poisoned".into()))?;
        Ok(match claimed.get(delivery) {
            Some(None) => Claim::Sent,
            Some(Some(lease)) if *lease >= now => Claim::InFlight { until: *lease },
            _ => {
                claimed.insert(delivery.to_owned(), Some(lease_until));
                Claim::Mine
            }
        })
    }

    async fn confirm(&self, delivery: &str) -> Result<(), StoreError> {
        self.claimed.lock().map_err(|_| StoreError::Unavailable("poisoned".into()))?.insert(delivery.to_owned(), None);
        Ok(())
    }

    async fn hand_off(&self, work_id: &str, work: &str) -> Result<(), StoreError> {
        self.handed_off
            .lock()
            .map_err(|_| StoreError::Unavailable("poisoned".into()))?
            .push((work_id.to_owned(), work.to_owned()));
        Ok(())
    }

    async fn release(&self, delivery: &str) -> Result<(), StoreError> {
        self.claimed.lock().map_err(|_| StoreError::Unavailable("poisoned".into()))?.remove(delivery);
        Ok(())
    }
}

#[derive(Default)]
pub struct MemoryTemplateStore {
    templates: Mutex<Vec<crate::domain::templates::ReplyTemplate>>,
}

#[async_trait]
impl crate::ports::TemplateStore for MemoryTemplateStore {
    async fn templates(&self) -> Result<Vec<crate::domain::templates::ReplyTemplate>, StoreError> {
        Ok(self.templates.lock().map_err(|_| StoreError::Unavailable("poisoned".into()))?.clone())
    }

    async fn save_template(&self, template: &crate::domain::templates::ReplyTemplate) -> Result<(), StoreError> {
        let mut templates = self.templates.lock().map_err(|_| StoreError::Unavailable("poisoned".into()))?;
        templates.retain(|t| !(t.category == template.category && t.status == template.status));
        templates.push(template.clone());
        Ok(())
    }
}

/// The search and followed indexes as the stream leaves them: each document's entry and follower count.
#[derive(Default)]
pub struct MemorySearchIndex {
    pub indexed: Mutex<BTreeMap<RegistryNumber, crate::ports::Indexed>>,
    pub followed: Mutex<BTreeMap<RegistryNumber, (u64, String)>>,
}

#[async_trait]
impl crate::ports::SearchIndexWriter for MemorySearchIndex {
    async fn reindex(
        &self,
        number: RegistryNumber,
        _registered_at: Timestamp,
        _was: Option<&crate::ports::Indexed>,
        is: Option<&crate::ports::Indexed>,
    ) -> Result<(), StoreError> {
        let mut indexed = self.indexed.lock().map_err(|_| StoreError::Unavailable("poisoned".into()))?;
        match is {
            Some(is) => indexed.insert(number, is.clone()),
            None => indexed.remove(&number),
        };
        Ok(())
    }

    async fn mark_followed(&self, number: RegistryNumber, count: u64, unit: &str) -> Result<(), StoreError> {
        let mut followed = self.followed.lock().map_err(|_| StoreError::Unavailable("poisoned".into()))?;
        match count {
            0 => followed.remove(&number),
            _ => followed.insert(number, (count, unit.to_owned())),
        };
        Ok(())
    }

    async fn move_followed(&self, number: RegistryNumber, unit: &str) -> Result<(), StoreError> {
        let mut followed = self.followed.lock().map_err(|_| StoreError::Unavailable("poisoned".into()))?;
        if let Some(entry) = followed.get_mut(&number) {
            entry.1 = unit.to_owned();
        }
        Ok(())
    }
}

#[derive(Default)]
pub struct MemoryChangeLog {
    changed: Mutex<Vec<(jiff::civil::Date, RegistryNumber)>>,
}

#[async_trait]
impl crate::ports::ChangeLog for MemoryChangeLog {
    async fn mark_changed(&self, day: jiff::civil::Date, number: RegistryNumber) -> Result<(), StoreError> {
        let mut changed = self.changed.lock().map_err(|_| StoreError::Unavailable("poisoned".into()))?;
        if !changed.contains(&(day, number)) {
            changed.push((day, number));
        }
        Ok(())
    }

    async fn changed_on(&self, day: jiff::civil::Date) -> Result<Vec<RegistryNumber>, StoreError> {
        let changed = self.changed.lock().map_err(|_| StoreError::Unavailable("poisoned".into()))?;
        Ok(changed.iter().filter(|(d, _)| *d == day).map(|(_, n)| *n).collect())
    }
}

#[derive(Default)]
pub struct MemoryCalendarStore {
    changes: Mutex<crate::domain::workdays::CalendarChanges>,
}

#[async_trait]
impl crate::ports::CalendarStore for MemoryCalendarStore {
    async fn changes(&self) -> Result<crate::domain::workdays::CalendarChanges, StoreError> {
        Ok(self.changes.lock().map_err(|_| StoreError::Unavailable("poisoned".into()))?.clone())
    }

    async fn save_changes(&self, changes: &crate::domain::workdays::CalendarChanges) -> Result<(), StoreError> {
        *self.changes.lock().map_err(|_| StoreError::Unavailable("poisoned".into()))? = changes.clone();
        Ok(())
    }
}

#[derive(Default)]
pub struct MemorySubscriptions {
    items: Mutex<Vec<(crate::domain::subscriptions::Target, crate::domain::subscriptions::Subscriber)>>,
}

impl MemorySubscriptions {
    pub fn add(
        &self,
        target: crate::domain::subscriptions::Target,
        subscriber: crate::domain::subscriptions::Subscriber,
    ) {
        if let Ok(mut items) = self.items.lock() {
            items.push((target, subscriber));
        }
    }
}

#[async_trait]
impl crate::ports::Subscriptions for MemorySubscriptions {
    async fn subscribe(
        &self,
        target: &crate::domain::subscriptions::Target,
        subscriber: &crate::domain::subscriptions::Subscriber,
    ) -> Result<bool, StoreError> {
        let mut items = self.items.lock().map_err(|_| StoreError::Unavailable("poisoned".into()))?;
        if items.iter().any(|(t, s)| t == target && s.sub == subscriber.sub) {
            return Ok(false);
        }
        items.push((target.clone(), subscriber.clone()));
        Ok(true)
    }

    async fn unsubscribe(&self, target: &crate::domain::subscriptions::Target, sub: &str) -> Result<bool, StoreError> {
        let mut items = self.items.lock().map_err(|_| StoreError::Unavailable("poisoned".into()))?;
        let before = items.len();
        items.retain(|(t, s)| !(t == target && s.sub == sub));
        Ok(items.len() < before)
    }

    async fn subscriber_count(&self, number: RegistryNumber) -> Result<u64, StoreError> {
        let target = crate::domain::subscriptions::Target::Document(number);
        Ok(self
            .items
            .lock()
            .map_err(|_| StoreError::Unavailable("poisoned".into()))?
            .iter()
            .filter(|(t, _)| *t == target)
            .count() as u64)
    }

    async fn subscribers(
        &self,
        target: &crate::domain::subscriptions::Target,
        after: Option<&str>,
        limit: usize,
    ) -> Result<(Vec<crate::domain::subscriptions::Subscriber>, Option<String>), crate::ports::PageError> {
        let items = self.items.lock().map_err(|_| StoreError::Unavailable("poisoned".into()))?;
        let all: Vec<_> = items.iter().filter(|(t, _)| t == target).map(|(_, s)| s.clone()).collect();
        let start = after
            .map(|c| c.parse::<usize>())
            .transpose()
            .map_err(|_| crate::ports::PageError::InvalidCursor)?
            .unwrap_or(0);
        let page = all.iter().skip(start).take(limit).cloned().collect();
        Ok((page, (start + limit < all.len()).then(|| (start + limit).to_string())))
    }

    async fn subscriptions_of(
        &self,
        sub: &str,
        _after: Option<&str>,
        _limit: usize,
    ) -> Result<(Vec<crate::domain::subscriptions::Target>, Option<String>), crate::ports::PageError> {
        let items = self.items.lock().map_err(|_| StoreError::Unavailable("poisoned".into()))?;
        Ok((items.iter().filter(|(_, s)| s.sub == sub).map(|(t, _)| t.clone()).collect(), None))
    }
}

#[derive(Default)]
pub struct MemoryApiKeys {
    keys: Mutex<std::collections::HashMap<String, String>>,
}

#[async_trait]
impl crate::ports::ApiKeys for MemoryApiKeys {
    async fn issue(&self, client_name: &str, key: &str) -> Result<(), StoreError> {
        self.keys
            .lock()
            .map_err(|_| StoreError::Unavailable("poisoned".into()))?
            .insert(key.to_owned(), client_name.to_owned());
        Ok(())
    }

    async fn client_of(&self, key: &str) -> Result<Option<String>, StoreError> {
        Ok(self.keys.lock().map_err(|_| StoreError::Unavailable("poisoned".into()))?.get(key).cloned())
    }
}

#[derive(Default)]
pub struct MemoryIdempotency {
    keys: Mutex<std::collections::HashMap<String, (String, Option<(u16, String, Option<String>)>)>>,
}

#[async_trait]
impl crate::ports::IdempotencyStore for MemoryIdempotency {
    async fn begin(&self, key: &str, body_hash: &str) -> Result<crate::ports::Begun, StoreError> {
        use crate::ports::Begun;
        let mut keys = self.keys.lock().map_err(|_| StoreError::Unavailable("poisoned".into()))?;
        Ok(match keys.get(key) {
            None => {
                keys.insert(key.to_owned(), (body_hash.to_owned(), None));
                Begun::First
            }
            Some((hash, _)) if hash != body_hash => Begun::OtherBody,
            Some((_, None)) => Begun::InProgress,
            Some((_, Some((status, body, location)))) => {
                Begun::Answered { status: *status, body: body.clone(), location: location.clone() }
            }
        })
    }

    async fn finish(&self, key: &str, status: u16, body: &str, location: Option<&str>) -> Result<(), StoreError> {
        let mut keys = self.keys.lock().map_err(|_| StoreError::Unavailable("poisoned".into()))?;
        if let Some(entry) = keys.get_mut(key) {
            entry.1 = Some((status, body.to_owned(), location.map(str::to_owned)));
        }
        Ok(())
    }

    async fn abandon(&self, key: &str) -> Result<(), StoreError> {
        self.keys.lock().map_err(|_| StoreError::Unavailable("poisoned".into()))?.remove(key);
        Ok(())
    }
}

/// No limits: for handler tests that are not about them.
pub struct NoRateLimits;

#[async_trait]
impl crate::ports::RateLimiter for NoRateLimits {
    async fn hit(&self, _: &str, _: u32, _: i64) -> Result<Option<u32>, StoreError> {
        Ok(None)
    }
}

/// No user pool: every account call answers unavailable (for handlers run without a signed-in caller).
pub struct NoAccounts;

fn unavailable<T>() -> Result<T, crate::ports::AccountError> {
    Err(crate::ports::AccountError::Unavailable("no user pool in this test".into()))
}

#[async_trait::async_trait]
impl crate::ports::Accounts for NoAccounts {
    async fn register(&self, _: &crate::domain::account::Registration) -> Result<(), crate::ports::AccountError> {
        unavailable()
    }
    async fn confirm(&self, _: &str, _: &str) -> Result<(), crate::ports::AccountError> {
        unavailable()
    }
    async fn sign_in(&self, _: &str, _: &str) -> Result<crate::ports::SignIn, crate::ports::AccountError> {
        unavailable()
    }
    async fn set_first_password(
        &self,
        _: &str,
        _: &str,
        _: &str,
    ) -> Result<crate::ports::SignIn, crate::ports::AccountError> {
        unavailable()
    }
    async fn answer_mfa(&self, _: &str, _: &str, _: &str) -> Result<crate::ports::Tokens, crate::ports::AccountError> {
        unavailable()
    }
    async fn mfa_enabled(&self, _: &str) -> Result<bool, crate::ports::AccountError> {
        unavailable()
    }
    async fn start_mfa_setup(&self, _: &str) -> Result<String, crate::ports::AccountError> {
        unavailable()
    }
    async fn finish_mfa_setup(&self, _: &str, _: &str) -> Result<(), crate::ports::AccountError> {
        unavailable()
    }
    async fn refresh(&self, _: &str) -> Result<crate::ports::Tokens, crate::ports::AccountError> {
        unavailable()
    }
    async fn sign_out(&self, _: &str) -> Result<(), crate::ports::AccountError> {
        unavailable()
    }
    async fn forgot_password(&self, _: &str) -> Result<(), crate::ports::AccountError> {
        unavailable()
    }
    async fn resend_confirmation(&self, _: &str) -> Result<(), crate::ports::AccountError> {
        unavailable()
    }
    async fn reset_password(&self, _: &str, _: &str, _: &str) -> Result<(), crate::ports::AccountError> {
        unavailable()
    }
    async fn change_password(&self, _: &str, _: &str, _: &str) -> Result<(), crate::ports::AccountError> {
        unavailable()
    }
    async fn profile(&self, _: &str) -> Result<crate::domain::account::Profile, crate::ports::AccountError> {
        unavailable()
    }
    async fn update_profile(
        &self,
        _: &str,
        _: &crate::domain::account::ProfileData,
    ) -> Result<(), crate::ports::AccountError> {
        unavailable()
    }
    async fn create_staff(&self, _: &str, _: &str, _: &str) -> Result<(), crate::ports::AccountError> {
        unavailable()
    }
    async fn members_of(&self, _: &str) -> Result<Vec<String>, crate::ports::AccountError> {
        Ok(Vec::new())
    }
    async fn delete(&self, _: &str) -> Result<(), crate::ports::AccountError> {
        unavailable()
    }
    async fn staff_accounts(
        &self,
        _: &[String],
    ) -> Result<Vec<crate::ports::StaffAccount>, crate::ports::AccountError> {
        Ok(Vec::new())
    }
    async fn groups_of(&self, _: &str) -> Result<Option<Vec<String>>, crate::ports::AccountError> {
        Ok(None)
    }
    async fn set_enabled(&self, _: &str, _: bool) -> Result<(), crate::ports::AccountError> {
        unavailable()
    }
    async fn move_to_group(&self, _: &str, _: &[String], _: &str) -> Result<(), crate::ports::AccountError> {
        unavailable()
    }
}

/// Pending mail in memory: each document's batch and the changes mailed before.
#[derive(Default)]
pub struct MemoryPendingMail {
    batches: Mutex<BTreeMap<RegistryNumber, crate::ports::PendingBatch>>,
    mailed: Mutex<std::collections::BTreeSet<(RegistryNumber, String)>>,
}

#[async_trait]
impl crate::ports::PendingMail for MemoryPendingMail {
    async fn add(&self, number: RegistryNumber, id: &str, change: &Dated, due: Timestamp) -> Result<bool, StoreError> {
        let poisoned = || StoreError::Unavailable("poisoned".into());
        if self.mailed.lock().map_err(|_| poisoned())?.contains(&(number, id.to_owned())) {
            return Ok(false);
        }
        let mut batches = self.batches.lock().map_err(|_| poisoned())?;
        let batch = batches.entry(number).or_insert_with(|| crate::ports::PendingBatch {
            number,
            changes: Vec::new(),
            send_after: None,
            revision: 0,
        });
        if !batch.changes.iter().any(|(known, _)| known == id) {
            batch.changes.push((id.to_owned(), change.clone()));
            batch.changes.sort_by(|a, b| (a.1.at, &a.0).cmp(&(b.1.at, &b.0)));
        }
        batch.send_after.get_or_insert(due);
        batch.revision += 1;
        Ok(true)
    }

    async fn due(&self, now: jiff::Timestamp) -> Result<Vec<RegistryNumber>, StoreError> {
        let batches = self.batches.lock().map_err(|_| StoreError::Unavailable("poisoned".into()))?;
        let mut due: Vec<_> =
            batches.values().filter_map(|b| b.send_after.filter(|at| *at <= now).map(|at| (at, b.number))).collect();
        due.sort();
        Ok(due.into_iter().map(|(_, number)| number).collect())
    }

    async fn batch(&self, number: RegistryNumber) -> Result<Option<crate::ports::PendingBatch>, StoreError> {
        Ok(self.batches.lock().map_err(|_| StoreError::Unavailable("poisoned".into()))?.get(&number).cloned())
    }

    async fn mailed(&self, read: &crate::ports::PendingBatch) -> Result<(), StoreError> {
        let poisoned = || StoreError::Unavailable("poisoned".into());
        let mut mailed = self.mailed.lock().map_err(|_| poisoned())?;
        mailed.extend(read.changes.iter().map(|(id, _)| (read.number, id.clone())));
        let mut batches = self.batches.lock().map_err(|_| poisoned())?;
        if let Some(batch) = batches.get_mut(&read.number) {
            batch.changes.retain(|(id, _)| !read.changes.iter().any(|(done, _)| done == id));
            if batch.revision == read.revision {
                batch.send_after = None;
            }
        }
        Ok(())
    }
}
