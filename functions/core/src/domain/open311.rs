//! Open311 GeoReport v2: the civic-tech standard through which existing apps and dashboards list services, file
//! requests and follow them. Services are our signal types (`service_code` = `<category>.<type>`), a service
//! request is a signal, its `service_request_id` the registry number. Private kinds never appear.

use super::calendar::sofia_time_zone;
use super::catalogue::{Catalogue, Urgent};
use super::document::{Document, Subject};
use super::history::PublicEvent;
use super::location::SofiaPoint;
use super::photos::PhotoRef;
use super::registry::RegistryNumber;
use super::status::Status;
use jiff::{SignedDuration, Timestamp, civil};
use serde::Serialize;
use std::collections::HashMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    Xml,
}

impl Format {
    /// `services.json` → (`services`, Json).
    pub fn split(file: &str) -> Option<(&str, Format)> {
        if let Some(name) = file.strip_suffix(".json") {
            Some((name, Format::Json))
        } else {
            file.strip_suffix(".xml").map(|name| (name, Format::Xml))
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            Format::Json => "application/json; charset=utf-8",
            Format::Xml => "text/xml; charset=utf-8",
        }
    }
}

/// An Open311 error: the spec's `[{code, description}]`.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Open311Error {
    pub code: u16,
    pub description: String,
}

impl Open311Error {
    pub fn new(code: u16, description: impl Into<String>) -> Self {
        Self { code, description: description.into() }
    }
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Service {
    pub service_code: String,
    pub service_name: String,
    pub description: String,
    pub metadata: bool,
    #[serde(rename = "type")]
    pub service_type: &'static str,
    pub keywords: String,
    pub group: String,
}

/// Names in Bulgarian unless `locale` starts with `en`.
fn pick<'a>(name: &'a super::catalogue::Name, locale: Option<&str>) -> &'a str {
    if locale.is_some_and(|l| l.to_ascii_lowercase().starts_with("en")) { &name.en } else { &name.bg }
}

/// The services a client may offer. Urgent types (life, health, security: call 112 or the service the catalogue
/// names) are left out: GeoReport v2 has no way to say "call instead" (a service's `type` is only realtime, batch
/// or blackbox, and `metadata` only adds questions), so Open311 clients offer every listed service as a form to
/// fill in. A client that posts one anyway gets 422 saying whom to call (`urgent_service`).
pub fn services(catalogue: &Catalogue, locale: Option<&str>) -> Vec<Service> {
    catalogue
        .signal_categories
        .iter()
        .flat_map(|category| {
            category.types.iter().filter(|t| category.urgency(t).is_none()).map(move |signal_type| Service {
                service_code: format!("{}.{}", category.id, signal_type.id),
                service_name: pick(&signal_type.name, locale).to_owned(),
                description: format!("{} — {}", pick(&category.name, locale), pick(&signal_type.name, locale)),
                metadata: false,
                service_type: "realtime",
                keywords: format!("{}, {}", category.id, signal_type.id),
                group: pick(&category.name, locale).to_owned(),
            })
        })
        .collect()
}

/// The category and type of a service code, if the catalogue has them.
pub fn parse_service_code<'a>(code: &str, catalogue: &'a Catalogue) -> Option<(&'a str, &'a str)> {
    let (category, signal_type) = code.split_once('.')?;
    let category = catalogue.category(category)?;
    let signal_type = category.signal_type(signal_type)?;
    Some((&category.id, &signal_type.id))
}

/// Whom to call instead, when a service code names an urgent type: it is not a service request here.
pub fn urgent_service<'a>(code: &str, catalogue: &'a Catalogue) -> Option<&'a Urgent> {
    let (category, signal_type) = code.split_once('.')?;
    let category = catalogue.category(category)?;
    category.urgency(category.signal_type(signal_type)?)
}

/// Open311's two statuses; ours travel in `extended_attributes` (as FixMyStreet does).
pub fn open_or_closed(status: Status) -> &'static str {
    if status.is_open() { "open" } else { "closed" }
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct ServiceRequest {
    pub service_request_id: String,
    pub status: &'static str,
    pub status_notes: Option<String>,
    pub service_name: String,
    pub service_code: String,
    pub description: String,
    pub agency_responsible: String,
    pub service_notice: Option<String>,
    pub requested_datetime: String,
    pub updated_datetime: String,
    pub expected_datetime: Option<String>,
    pub address: Option<String>,
    pub address_id: Option<String>,
    pub zipcode: Option<String>,
    pub lat: Option<f64>,
    pub long: Option<f64>,
    pub media_url: Option<String>,
    pub extended_attributes: ExtendedAttributes,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct ExtendedAttributes {
    /// Our own status (`in_progress`, `resolved`, …), finer than open/closed.
    pub detailed_status: &'static str,
    pub district: Option<String>,
    /// With `extensions=true`: the request's public history, oldest first (no internal notes, no staff names).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notes: Option<Vec<PublicEvent>>,
}

/// What a service request shows: taken from a document, or from the item the request list's index holds of it.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestFacts {
    pub number: RegistryNumber,
    pub registered_at: Timestamp,
    pub category: String,
    pub signal_type: String,
    pub point: Option<SofiaPoint>,
    pub address: Option<String>,
    pub description: String,
    pub status: Status,
    pub unit: String,
    pub district: Option<String>,
    /// The due date (shown as `expected_datetime` while the request is open).
    pub due_on: Option<civil::Date>,
    /// The first photo the public may see.
    pub photo: Option<PhotoRef>,
    pub updated_at: Timestamp,
    pub status_notes: Option<String>,
}

impl RequestFacts {
    /// A signal's facts; `None` for anything that is not a public signal.
    pub fn of(document: &Document) -> Option<Self> {
        let Subject::Signal { category, signal_type, location } = &document.subject else { return None };
        Some(Self {
            number: document.number,
            registered_at: document.registered_at,
            category: category.clone(),
            signal_type: signal_type.clone(),
            point: location.point(),
            address: location.address().map(str::to_owned),
            description: document.description.as_str().to_owned(),
            status: document.status,
            unit: document.unit.clone(),
            district: document.district.clone(),
            due_on: document.deadline.as_ref().map(|d| d.due_on),
            photo: document.public_photos().next().cloned(),
            updated_at: document.updated_at(),
            status_notes: document.public_update.as_ref().and_then(|u| u.note.clone()),
        })
    }
}

/// A time as Open311 shows it: Sofia's offset.
fn w3c(at: Timestamp) -> String {
    at.to_zoned_datetime(sofia_time_zone()).strftime("%Y-%m-%dT%H:%M:%S%:z").to_string()
}

/// A signal as an Open311 service request, with its public history as `notes` when asked for.
pub fn service_request(
    facts: &RequestFacts,
    notes: Option<Vec<PublicEvent>>,
    base_url: &str,
    catalogue: &Catalogue,
    locale: Option<&str>,
) -> ServiceRequest {
    let service_name = catalogue
        .category(&facts.category)
        .and_then(|c| c.signal_type(&facts.signal_type))
        .map(|t| pick(&t.name, locale).to_owned())
        .unwrap_or_else(|| facts.signal_type.clone());
    // The due date, as the end of that day in Sofia.
    let expected = facts
        .due_on
        .filter(|_| facts.status.is_open())
        .and_then(|d| sofia_time_zone().to_ambiguous_zoned_datetime(d.at(23, 59, 59, 0)).compatible().ok())
        .map(|due| due.timestamp().to_string());
    ServiceRequest {
        service_request_id: facts.number.to_string(),
        status: open_or_closed(facts.status),
        status_notes: facts.status_notes.clone(),
        service_name,
        service_code: format!("{}.{}", facts.category, facts.signal_type),
        description: facts.description.clone(),
        agency_responsible: catalogue
            .unit(&facts.unit)
            .map(|u| pick(&u.name, locale).to_owned())
            .unwrap_or_else(|| facts.unit.clone()),
        service_notice: None,
        requested_datetime: w3c(facts.registered_at),
        updated_datetime: w3c(facts.updated_at),
        expected_datetime: expected,
        address: facts.address.clone(),
        address_id: None,
        zipcode: None,
        lat: facts.point.map(SofiaPoint::lat),
        long: facts.point.map(SofiaPoint::lon),
        media_url: facts.photo.as_ref().map(|p| format!("{base_url}{}", p.view(facts.number).url)),
        extended_attributes: ExtendedAttributes {
            detailed_status: facts.status.as_str(),
            district: facts.district.clone(),
            notes,
        },
    }
}

/// Which index a request list reads: by registration (the spec's `start_date`/`end_date`, newest first) or by
/// the last public change (the `updated_after`/`updated_before` extension, oldest first: a feed of changes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RequestList {
    Registered,
    Updated,
}

impl RequestList {
    pub fn newest_first(self) -> bool {
        self == RequestList::Registered
    }

    fn tag(self) -> char {
        match self {
            RequestList::Registered => 'r',
            RequestList::Updated => 'u',
        }
    }
}

/// The sort key of a request in either list's index: the time, fixed-width (nanoseconds, so keys sort as times
/// do), then the number. Its partition is the UTC month: the first seven characters.
pub fn list_key(at: Timestamp, number: RegistryNumber) -> String {
    format!("{}#{number}", key_time(at))
}

/// The partition of a list key: `2026-11`.
pub fn list_month(key: &str) -> &str {
    key.get(..7).unwrap_or(key)
}

fn key_time(at: Timestamp) -> String {
    format!("{}.{:09}Z", at.strftime("%Y-%m-%dT%H:%M:%S"), at.subsec_nanosecond())
}

/// Where a list goes on: the list it belongs to and the key of the last request read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cursor {
    pub list: RequestList,
    pub key: String,
}

impl Cursor {
    /// The opaque `cursor` parameter (URL-safe).
    pub fn encode(&self) -> String {
        use base64::Engine;
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(format!("{}{}", self.list.tag(), self.key))
    }

    pub fn decode(text: &str) -> Option<Self> {
        use base64::Engine;
        let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(text.as_bytes()).ok()?;
        let text = String::from_utf8(bytes).ok()?;
        let list = match text.chars().next()? {
            'r' => RequestList::Registered,
            'u' => RequestList::Updated,
            _ => return None,
        };
        let key = text.get(1..)?.to_owned();
        let (time, number) = key.split_once('#')?;
        let at: Timestamp = time.parse().ok()?;
        let number: RegistryNumber = number.parse().ok()?;
        (list_key(at, number) == key).then_some(Self { list, key })
    }

    /// The number of the request the cursor stopped at (the store's position is that request's index item).
    pub fn number(&self) -> Option<RegistryNumber> {
        self.key.split_once('#')?.1.parse().ok()
    }
}

/// How one answer reads its list: the months in reading order, the key range, where to start, and how many.
#[derive(Debug, Clone, PartialEq)]
pub struct ListPlan {
    pub list: RequestList,
    pub months: Vec<String>,
    pub low: String,
    pub high: String,
    /// Continue after this key (in the first month).
    pub after: Option<String>,
    pub limit: usize,
}

/// The filters of `GET requests`.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestQuery {
    pub ids: Vec<super::registry::RegistryNumber>,
    pub service_code: Option<(String, String)>,
    /// Registered in this window (`start_date`/`end_date`, the last 90 days by default); `None` when a list of
    /// changes was asked for without them.
    pub registered: Option<(Timestamp, Timestamp)>,
    /// Last changed in public in this window (`updated_after`/`updated_before`), if asked for.
    pub updated: Option<(Timestamp, Timestamp)>,
    pub statuses: Vec<&'static str>,
    pub page: usize,
    pub page_size: usize,
    /// Where the previous page stopped (`cursor`, from its `Link: rel="next"`).
    pub cursor: Option<Cursor>,
    /// `extensions=true`: each request's public history as `extended_attributes.notes`.
    pub extensions: bool,
}

pub const MAX_SPAN_DAYS: i64 = 90;
pub const MAX_PAGE_SIZE: usize = 200;
pub const DEFAULT_PAGE_SIZE: usize = 50;

fn bad(description: impl Into<String>) -> Open311Error {
    Open311Error::new(400, description)
}

/// A window ending at `end` (or now), starting at `start` (or 90 days before its end), at most 90 days long.
fn window(
    (start_name, start): (&str, Option<Timestamp>),
    (end_name, end): (&str, Option<Timestamp>),
    now: Timestamp,
) -> Result<(Timestamp, Timestamp), Open311Error> {
    let end = end.unwrap_or(now);
    let start = start.unwrap_or(end - SignedDuration::from_hours(24 * MAX_SPAN_DAYS));
    if start > end {
        return Err(bad(format!("{start_name} is after {end_name}")));
    }
    if end.as_second() - start.as_second() > MAX_SPAN_DAYS * 86_400 {
        return Err(bad(format!("{start_name} and {end_name} may be at most {MAX_SPAN_DAYS} days apart")));
    }
    Ok((start, end))
}

/// `extensions=true`: the public history as `notes` (a single request and the lists take it alike).
pub fn parse_extensions(value: Option<&str>) -> Result<bool, Open311Error> {
    match value.map(str::trim) {
        None | Some("") | Some("false") | Some("0") => Ok(false),
        Some("true") | Some("1") => Ok(true),
        Some(other) => Err(bad(format!("extensions {other:?} must be true or false"))),
    }
}

pub fn parse_request_query(
    query: &HashMap<String, String>,
    catalogue: &Catalogue,
    now: Timestamp,
) -> Result<RequestQuery, Open311Error> {
    let get = |name: &str| query.get(name).map(|v| v.trim()).filter(|v| !v.is_empty());
    let ids = match get("service_request_id") {
        None => Vec::new(),
        Some(list) => list
            .split(',')
            .map(|id| id.trim().parse().map_err(|_| bad(format!("service_request_id {id:?} is not a registry number"))))
            .collect::<Result<Vec<_>, _>>()?,
    };
    if ids.len() > 100 {
        return Err(bad("at most 100 service_request_id values"));
    }
    let service_code = match get("service_code") {
        None => None,
        Some(code) => {
            let (category, signal_type) =
                parse_service_code(code, catalogue).ok_or_else(|| bad(format!("unknown service_code {code:?}")))?;
            Some((category.to_owned(), signal_type.to_owned()))
        }
    };
    let date = |name: &str| -> Result<Option<Timestamp>, Open311Error> {
        get(name)
            .map(|v| {
                v.parse::<Timestamp>()
                    .map_err(|_| bad(format!("{name} must be a w3c datetime such as 2026-11-28T10:00:00Z")))
            })
            .transpose()
    };
    let (start, end) = (date("start_date")?, date("end_date")?);
    let (after, before) = (date("updated_after")?, date("updated_before")?);
    let updated = match (after, before) {
        (None, None) => None,
        _ => Some(window(("updated_after", after), ("updated_before", before), now)?),
    };
    let registered = match (start, end, updated) {
        (None, None, Some(_)) => None,
        _ => Some(window(("start_date", start), ("end_date", end), now)?),
    };
    let statuses = match get("status") {
        None => vec!["open", "closed"],
        Some(list) => list
            .split(',')
            .map(|s| match s.trim() {
                "open" => Ok("open"),
                "closed" => Ok("closed"),
                other => Err(bad(format!("status {other:?} is not open or closed"))),
            })
            .collect::<Result<_, _>>()?,
    };
    let number = |name: &str, default: usize, max: usize| -> Result<usize, Open311Error> {
        match get(name) {
            None => Ok(default),
            Some(v) => v
                .parse::<usize>()
                .ok()
                .filter(|n| (1..=max).contains(n))
                .ok_or_else(|| bad(format!("{name} must be 1 to {max}"))),
        }
    };
    let extensions = parse_extensions(get("extensions"))?;
    let list = if updated.is_some() { RequestList::Updated } else { RequestList::Registered };
    let cursor = match get("cursor") {
        None => None,
        Some(text) => {
            let cursor = Cursor::decode(text)
                .filter(|c| c.list == list)
                .ok_or_else(|| bad("cursor is not one this list gave: follow the Link header (rel=\"next\")"))?;
            let (low, high) = match list {
                RequestList::Registered => registered,
                RequestList::Updated => updated,
            }
            .unwrap_or((now, now));
            if cursor.key.as_str() < key_time(low).as_str() || cursor.key > format!("{}#~", key_time(high)) {
                return Err(bad("cursor is outside the dates asked for: keep the dates of the first page"));
            }
            Some(cursor)
        }
    };
    let page = number("page", 1, 10_000)?;
    if page > 1 && cursor.is_none() && ids.is_empty() {
        return Err(bad(format!(
            "page {page} needs the cursor of page {}: follow the Link header (rel=\"next\"), or narrow start_date and end_date",
            page - 1
        )));
    }
    Ok(RequestQuery {
        ids,
        service_code,
        registered,
        updated,
        statuses,
        page,
        page_size: number("page_size", DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE)?,
        cursor,
        extensions,
    })
}

impl RequestQuery {
    /// How to read this page of its list (none for a list of ids).
    pub fn plan(&self) -> Option<ListPlan> {
        if !self.ids.is_empty() {
            return None;
        }
        let (list, (low, high)) = match (self.updated, self.registered) {
            (Some(window), _) => (RequestList::Updated, window),
            (None, Some(window)) => (RequestList::Registered, window),
            (None, None) => return None,
        };
        let month_of = |at: Timestamp| at.to_zoned_datetime(jiff::tz::TimeZone::UTC).date().first_of_month();
        let (mut month, last) = (month_of(low), month_of(high));
        let mut months = Vec::new();
        while month <= last {
            months.push(month.strftime("%Y-%m").to_string());
            month = month.checked_add(jiff::Span::new().months(1)).ok()?;
        }
        if list.newest_first() {
            months.reverse();
        }
        let after = self.cursor.as_ref().map(|c| c.key.clone());
        if let Some(after) = &after {
            let at = months.iter().position(|m| m == list_month(after)).unwrap_or(months.len());
            months.drain(..at);
        }
        Some(ListPlan {
            list,
            months,
            low: key_time(low),
            high: format!("{}#~", key_time(high)),
            after,
            limit: self.page_size,
        })
    }

    /// Whether a request read from the list belongs in the answer: its service, status and, for a list of
    /// changes given dates too, its registration.
    pub fn wants(&self, facts: &RequestFacts) -> bool {
        self.service_code.as_ref().is_none_or(|(c, t)| *c == facts.category && *t == facts.signal_type)
            && self.statuses.contains(&open_or_closed(facts.status))
            && (self.updated.is_none()
                || self.registered.is_none_or(|(start, end)| (start..=end).contains(&facts.registered_at)))
    }
}

/// Writes a list as the spec's XML: `<root><item><field>…</field>…</item>…</root>`.
pub fn to_xml(root: &str, item: &str, items: &[serde_json::Value]) -> String {
    use quick_xml::Writer;
    use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
    let mut writer = Writer::new(Vec::new());
    let mut write = |event: Event<'_>| {
        let _ = writer.write_event(event);
    };
    write(Event::Decl(BytesDecl::new("1.0", Some("utf-8"), None)));
    write(Event::Start(BytesStart::new(root)));
    fn element(write: &mut dyn FnMut(Event<'_>), name: &str, value: &serde_json::Value) {
        match value {
            serde_json::Value::Null => {
                write(Event::Empty(BytesStart::new(name)));
            }
            serde_json::Value::Object(fields) => {
                write(Event::Start(BytesStart::new(name)));
                for (field, inner) in fields {
                    element(write, field, inner);
                }
                write(Event::End(BytesEnd::new(name)));
            }
            serde_json::Value::Array(values) => {
                write(Event::Start(BytesStart::new(name)));
                for inner in values {
                    element(write, "value", inner);
                }
                write(Event::End(BytesEnd::new(name)));
            }
            serde_json::Value::String(text) => {
                write(Event::Start(BytesStart::new(name)));
                write(Event::Text(BytesText::new(text)));
                write(Event::End(BytesEnd::new(name)));
            }
            other => {
                write(Event::Start(BytesStart::new(name)));
                write(Event::Text(BytesText::new(&other.to_string())));
                write(Event::End(BytesEnd::new(name)));
            }
        }
    }
    for entry in items {
        element(&mut write, item, entry);
    }
    write(Event::End(BytesEnd::new(root)));
    String::from_utf8(writer.into_inner()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_type_is_a_service_with_its_group() {
        let list = services(Catalogue::builtin(), Some("en"));
        let pothole = list.iter().find(|s| s.service_code == "streets.pothole").expect("streets.pothole");
        assert_eq!(
            (pothole.service_name.as_str(), pothole.group.as_str()),
            ("Pothole in the road", "Streets and pavements")
        );
        assert_eq!(services(Catalogue::builtin(), None)[0].group, "Улици и тротоари");
        assert_eq!(parse_service_code("streets.pothole", Catalogue::builtin()), Some(("streets", "pothole")));
        assert_eq!(parse_service_code("streets.lamp-out", Catalogue::builtin()), None);
    }

    #[test]
    fn urgent_types_are_not_offered_as_services() {
        let list = services(Catalogue::builtin(), None);
        assert!(
            list.iter()
                .all(|s| s.service_code != "water.main-burst" && s.service_code != "construction.falling-elements")
        );
        assert!(list.iter().any(|s| s.service_code == "water.leak"));
        assert_eq!(urgent_service("water.main-burst", Catalogue::builtin()).map(Urgent::phone), Some("0800 121 21"));
        assert_eq!(
            urgent_service("construction.falling-elements", Catalogue::builtin()).map(Urgent::phone),
            Some("112")
        );
        assert!(urgent_service("water.leak", Catalogue::builtin()).is_none());
        assert!(urgent_service("water", Catalogue::builtin()).is_none());
    }

    const NOW: &str = "2026-11-28T10:00:00Z";

    /// The query of these parameters, at [`NOW`].
    fn q(pairs: &[(&str, &str)]) -> Result<RequestQuery, Open311Error> {
        let query = pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        parse_request_query(&query, Catalogue::builtin(), NOW.parse().unwrap())
    }

    #[test]
    fn request_queries_are_bounded() {
        let now: Timestamp = NOW.parse().unwrap();
        let default = q(&[]).unwrap();
        let (start, end) = default.registered.unwrap();
        assert_eq!(end, now);
        assert_eq!(end.as_second() - start.as_second(), 90 * 86_400);
        assert!(
            q(&[("start_date", "2026-01-01T00:00:00Z"), ("end_date", "2026-06-01T00:00:00Z")]).is_err(),
            "over 90 days"
        );
        assert!(q(&[("start_date", "yesterday")]).is_err());
        assert!(q(&[("service_code", "streets.volcano")]).is_err());
        assert!(q(&[("status", "open,pending")]).is_err());
        assert!(q(&[("page_size", "1001")]).is_err());
        assert_eq!(q(&[("service_request_id", "2026-000001,2026-2")]).unwrap().ids.len(), 2);
        for (pairs, named) in [
            (
                &[("updated_after", "2026-11-20T00:00:00Z"), ("updated_before", "2026-11-01T00:00:00Z")][..],
                "updated_after",
            ),
            (&[("updated_after", "2026-01-01T00:00:00Z")][..], "updated_after"),
            (&[("updated_before", "soon")][..], "updated_before"),
            (&[("extensions", "yes")][..], "extensions"),
            (&[("cursor", "not-a-cursor")][..], "cursor"),
            (&[("page", "2")][..], "page 2"),
        ] {
            let error = q(pairs).unwrap_err();
            assert!(error.code == 400 && error.description.contains(named), "{pairs:?}: {error:?}");
        }
        let changes = q(&[("updated_after", "2026-11-20T00:00:00Z"), ("extensions", "true")]).unwrap();
        assert_eq!((changes.registered, changes.extensions), (None, true), "no default registration window");
        assert_eq!(changes.updated, Some(("2026-11-20T00:00:00Z".parse().unwrap(), now)));
    }

    #[test]
    fn a_list_reads_its_months_in_order_and_goes_on_after_its_cursor() {
        let plan = q(&[("page_size", "200")]).unwrap().plan().unwrap();
        assert_eq!(plan.months, ["2026-11", "2026-10", "2026-09", "2026-08"], "newest first, 90 days");
        assert_eq!((plan.list, plan.limit, plan.after), (RequestList::Registered, 200, None));
        assert_eq!(plan.low, "2026-08-30T10:00:00.000000000Z");
        assert_eq!(plan.high, "2026-11-28T10:00:00.000000000Z#~");

        let number: RegistryNumber = "2026-000042".parse().unwrap();
        let key = list_key("2026-10-03T08:00:00.5Z".parse().unwrap(), number);
        assert_eq!(key, "2026-10-03T08:00:00.500000000Z#2026-000042");
        assert!(key < list_key("2026-10-03T08:00:01Z".parse().unwrap(), number), "keys sort as times");
        assert_eq!(list_month(&key), "2026-10");
        let cursor = Cursor { list: RequestList::Registered, key: key.clone() };
        assert_eq!(Cursor::decode(&cursor.encode()), Some(cursor.clone()));
        assert_eq!(cursor.number(), Some(number));
        let next = q(&[("cursor", &cursor.encode()), ("page", "7")]).unwrap().plan().unwrap();
        assert_eq!(
            (next.months, next.after),
            (vec!["2026-10".to_owned(), "2026-09".into(), "2026-08".into()], Some(key))
        );

        let changes = q(&[("updated_after", "2026-10-30T00:00:00Z")]).unwrap().plan().unwrap();
        assert_eq!(
            (changes.list, changes.months),
            (RequestList::Updated, vec!["2026-10".to_owned(), "2026-11".into()])
        );
        let wrong_list = q(&[("updated_after", "2026-10-30T00:00:00Z"), ("cursor", &cursor.encode())]);
        assert!(wrong_list.unwrap_err().description.contains("cursor"), "a cursor of another list");
        let outside = q(&[("start_date", "2026-11-01T00:00:00Z"), ("cursor", &cursor.encode())]);
        assert!(outside.unwrap_err().description.contains("outside"));
    }

    #[test]
    fn a_request_shows_its_last_public_change_and_the_latest_public_text() {
        use crate::domain::history::{Actor, Change, HistoryEvent};
        let mut document = crate::domain::document::sample_signal("district-lozenets");
        let event = |minute: i8, internal: bool, text: Option<&str>| HistoryEvent {
            at: format!("2026-11-02T10:{minute:02}:00Z").parse().unwrap(),
            actor: Actor::Staff { sub: "s".into(), name: "Мария Служител".into() },
            change: Change::Reply,
            text: text.map(str::to_owned),
            internal,
        };
        let facts = RequestFacts::of(&document).unwrap();
        assert_eq!((facts.updated_at, facts.status_notes), (document.registered_at, None));
        document.note_event(&event(1, false, Some("Екип е изпратен.")));
        document.note_event(&event(2, true, Some("вътрешно")));
        document.note_event(&event(3, false, None));
        let facts = RequestFacts::of(&document).unwrap();
        assert_eq!(facts.updated_at, event(3, false, None).at, "the last public event; internal ones are not seen");
        assert_eq!(facts.status_notes.as_deref(), Some("Екип е изпратен."), "the latest public text");
        let request = service_request(&facts, None, "https://x", Catalogue::builtin(), None);
        assert!(request.updated_datetime > request.requested_datetime);
    }

    #[test]
    fn lists_render_as_the_specs_xml() {
        let xml = to_xml("errors", "error", &[serde_json::json!({ "code": 403, "description": "api_key <missing>" })]);
        assert_eq!(
            xml,
            "<?xml version=\"1.0\" encoding=\"utf-8\"?><errors><error><code>403</code><description>api_key &lt;missing&gt;</description></error></errors>"
        );
    }
}
