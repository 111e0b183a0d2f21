//! Open311 GeoReport v2: the civic-tech standard through which existing apps and dashboards list services, file
//! requests and follow them. Services are our signal types (`service_code` = `<category>.<type>`), a service
//! request is a signal, its `service_request_id` the registry number. Private kinds never appear.

use super::calendar::sofia_time_zone;
use super::catalogue::{Catalogue, Urgent};
use super::document::{Document, Subject};
use super::location::SofiaPoint;
use super::status::Status;
use jiff::{SignedDuration, Timestamp};
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
}

/// A signal as an Open311 service request; `None` for anything that is not a public signal.
pub fn service_request(
    document: &Document,
    updated: Timestamp,
    status_notes: Option<String>,
    base_url: &str,
    catalogue: &Catalogue,
    locale: Option<&str>,
) -> Option<ServiceRequest> {
    let Subject::Signal { category, signal_type, location } = &document.subject else { return None };
    let category_entry = catalogue.category(category);
    let service_name = category_entry
        .and_then(|c| c.signal_type(signal_type))
        .map(|t| pick(&t.name, locale).to_owned())
        .unwrap_or_else(|| signal_type.clone());
    // The due date, as the end of that day in Sofia.
    let expected = document
        .deadline
        .as_ref()
        .filter(|_| document.status.is_open())
        .and_then(|d| {
            super::calendar::sofia_time_zone().to_ambiguous_zoned_datetime(d.due_on.at(23, 59, 59, 0)).compatible().ok()
        })
        .map(|due| due.timestamp().to_string());
    let photo = document.public_photos().next();
    Some(ServiceRequest {
        service_request_id: document.number.to_string(),
        status: open_or_closed(document.status),
        status_notes,
        service_name,
        service_code: format!("{category}.{signal_type}"),
        description: document.description.as_str().to_owned(),
        agency_responsible: catalogue
            .unit(&document.unit)
            .map(|u| pick(&u.name, locale).to_owned())
            .unwrap_or_else(|| document.unit.clone()),
        service_notice: None,
        requested_datetime: document
            .registered_at
            .to_zoned_datetime(sofia_time_zone())
            .strftime("%Y-%m-%dT%H:%M:%S%:z")
            .to_string(),
        updated_datetime: updated.to_zoned_datetime(sofia_time_zone()).strftime("%Y-%m-%dT%H:%M:%S%:z").to_string(),
        expected_datetime: expected,
        address: location.address().map(str::to_owned),
        address_id: None,
        zipcode: None,
        lat: location.point().map(SofiaPoint::lat),
        long: location.point().map(SofiaPoint::lon),
        media_url: photo.map(|p| format!("{base_url}{}", p.view(document.number).url)),
        extended_attributes: ExtendedAttributes {
            detailed_status: document.status.as_str(),
            district: document.district.clone(),
        },
    })
}

/// The filters of `GET requests`.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestQuery {
    pub ids: Vec<super::registry::RegistryNumber>,
    pub service_code: Option<(String, String)>,
    pub start: Timestamp,
    pub end: Timestamp,
    pub statuses: Vec<&'static str>,
    pub page: usize,
    pub page_size: usize,
}

pub const MAX_SPAN_DAYS: i64 = 90;
pub const MAX_PAGE_SIZE: usize = 200;
pub const DEFAULT_PAGE_SIZE: usize = 50;

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
            .map(|id| {
                id.trim()
                    .parse()
                    .map_err(|_| Open311Error::new(400, format!("service_request_id {id:?} is not a registry number")))
            })
            .collect::<Result<Vec<_>, _>>()?,
    };
    if ids.len() > 100 {
        return Err(Open311Error::new(400, "at most 100 service_request_id values"));
    }
    let service_code = match get("service_code") {
        None => None,
        Some(code) => {
            let (category, signal_type) = parse_service_code(code, catalogue)
                .ok_or_else(|| Open311Error::new(400, format!("unknown service_code {code:?}")))?;
            Some((category.to_owned(), signal_type.to_owned()))
        }
    };
    let date = |name: &str| -> Result<Option<Timestamp>, Open311Error> {
        get(name)
            .map(|v| {
                v.parse::<Timestamp>().map_err(|_| {
                    Open311Error::new(400, format!("{name} must be a w3c datetime such as 2026-11-28T10:00:00Z"))
                })
            })
            .transpose()
    };
    let end = date("end_date")?.unwrap_or(now);
    let start = date("start_date")?.unwrap_or(end - SignedDuration::from_hours(24 * MAX_SPAN_DAYS));
    if start > end {
        return Err(Open311Error::new(400, "start_date is after end_date"));
    }
    if end.as_second() - start.as_second() > MAX_SPAN_DAYS * 86_400 {
        return Err(Open311Error::new(
            400,
            format!("start_date and end_date may be at most {MAX_SPAN_DAYS} days apart"),
        ));
    }
    let statuses = match get("status") {
        None => vec!["open", "closed"],
        Some(list) => list
            .split(',')
            .map(|s| match s.trim() {
                "open" => Ok("open"),
                "closed" => Ok("closed"),
                other => Err(Open311Error::new(400, format!("status {other:?} is not open or closed"))),
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
                .ok_or_else(|| Open311Error::new(400, format!("{name} must be 1 to {max}"))),
        }
    };
    Ok(RequestQuery {
        ids,
        service_code,
        start,
        end,
        statuses,
        page: number("page", 1, 10_000)?,
        page_size: number("page_size", DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE)?,
    })
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

    #[test]
    fn request_queries_are_bounded() {
        let now: Timestamp = "2026-11-28T10:00:00Z".parse().unwrap();
        let q = |pairs: &[(&str, &str)]| {
            parse_request_query(
                &pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
                Catalogue::builtin(),
                now,
            )
        };
        let default = q(&[]).unwrap();
        assert_eq!(default.end, now);
        assert_eq!(default.end.as_second() - default.start.as_second(), 90 * 86_400);
        assert!(
            q(&[("start_date", "2026-01-01T00:00:00Z"), ("end_date", "2026-06-01T00:00:00Z")]).is_err(),
            "over 90 days"
        );
        assert!(q(&[("start_date", "yesterday")]).is_err());
        assert!(q(&[("service_code", "streets.volcano")]).is_err());
        assert!(q(&[("status", "open,pending")]).is_err());
        assert!(q(&[("page_size", "1001")]).is_err());
        assert_eq!(q(&[("service_request_id", "2026-000001,2026-2")]).unwrap().ids.len(), 2);
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
