//! The open data: every public signal as CSV and GeoJSON, a file per day of the signals that were filed or
//! changed that day (each row the signal as it stood at the export), so the whole set is the days applied in
//! order. Only what the public page shows: no sender, the moderated description, no hidden photo.

use super::accounts::{number, quoted};
use super::catalogue::Catalogue;
use super::document::{Document, Subject};
use jiff::Timestamp;
use serde_json::{Value, json};

/// The licence the data is published under.
pub const LICENCE: &str = "CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/)";

/// The public signals among `documents`, in registry order.
pub fn public_signals(documents: &[Document]) -> Vec<&Document> {
    let mut signals: Vec<&Document> =
        documents.iter().filter(|d| matches!(d.subject, Subject::Signal { .. }) && d.kind().is_public()).collect();
    signals.sort_by_key(|d| d.number);
    signals
}

/// One signal's public fields, in the CSV's column order.
fn cells(document: &Document, catalogue: &Catalogue, now: Timestamp) -> Vec<String> {
    let view = document.public_view(catalogue, now);
    let summary = &view.summary;
    let point = view.location.as_ref().and_then(|l| l.point.as_ref());
    let code = |c: &Option<super::views::CodeAndName>| c.as_ref().map(|c| c.id.clone()).unwrap_or_default();
    vec![
        summary.number.to_string(),
        summary.registered_at.to_string(),
        code(&view.category),
        code(&view.signal_type),
        summary.status.as_str().to_owned(),
        quoted(&summary.status_label.bg),
        view.unit.id.clone(),
        view.district.as_ref().map(|d| d.id.clone()).unwrap_or_default(),
        number(point.map(|p| p.lat)),
        number(point.map(|p| p.lon)),
        quoted(view.location.as_ref().and_then(|l| l.address.as_deref()).unwrap_or_default()),
        quoted(view.description.as_deref().unwrap_or_default()),
        summary.due.as_ref().map(|d| d.date.clone()).unwrap_or_default(),
        view.outcome.as_ref().map(|o| quoted(&o.text.bg)).unwrap_or_default(),
        view.photos.len().to_string(),
    ]
}

const COLUMNS: &str = "number,registered_at,category,type,status,status_bg,unit,district,lat,lon,address,description,\
                       due_date,outcome_bg,photos";

/// The signals as CSV (RFC 4180).
pub fn signals_csv(signals: &[&Document], catalogue: &Catalogue, now: Timestamp) -> String {
    let mut text = format!("{COLUMNS}\r\n");
    for signal in signals {
        text.push_str(&cells(signal, catalogue, now).join(","));
        text.push_str("\r\n");
    }
    text
}

/// The signals as a GeoJSON FeatureCollection; a signal placed by address alone has no geometry.
pub fn signals_geojson(signals: &[&Document], catalogue: &Catalogue, now: Timestamp) -> Value {
    let features: Vec<Value> = signals
        .iter()
        .map(|signal| {
            let view = signal.public_view(catalogue, now);
            let geometry = view
                .location
                .as_ref()
                .and_then(|l| l.point.as_ref())
                .map(|p| json!({ "type": "Point", "coordinates": [p.lon, p.lat] }));
            json!({ "type": "Feature", "id": signal.number.to_string(), "geometry": geometry, "properties": view })
        })
        .collect();
    json!({ "type": "FeatureCollection", "licence": LICENCE, "features": features })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_export_holds_what_the_public_page_shows_and_no_sender() {
        let mut signal = crate::domain::document::sample_signal("district-lozenets");
        signal.sender.email = Some(crate::domain::email::Email::parse("ivan@example.bg").unwrap());
        signal.sender.name = Some(crate::domain::text::PersonName::parse("Иван Петров").unwrap());
        let now: Timestamp = "2026-11-05T10:00:00Z".parse().unwrap();
        let documents = [signal];
        let signals = public_signals(&documents);
        let csv = signals_csv(&signals, Catalogue::builtin(), now);
        assert!(csv.starts_with("number,registered_at,category"));
        assert!(csv.contains("2026-000007") && csv.contains("\"Дупка пред входа на блока\""), "{csv}");
        let geojson = signals_geojson(&signals, Catalogue::builtin(), now).to_string();
        for secret in ["ivan@example.bg", "Иван Петров"] {
            assert!(!csv.contains(secret) && !geojson.contains(secret), "{secret}");
        }
    }
}
