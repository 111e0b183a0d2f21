//! The public map of recent signals and the "nearby signals" lookup: what may be asked, and what a marker is.

use super::FieldError;
use super::catalogue::Catalogue;
use super::districts::Districts;
use super::location::{Bounds, SOFIA_BOUNDS, SofiaPoint};
use super::status::Status;
use geo::{Distance, Haversine, Point};
use serde::Serialize;
use std::collections::HashMap;

/// The map shows signals registered in the last `days` (1..=30) days.
pub const MAX_MAP_DAYS: u16 = 30;
/// Markers in one answer at most, so an answer stays small for a phone (and within Lambda's payload limit).
pub const MAX_MAP_MARKERS: usize = 5000;
/// "Nearby" looks this far back and this far around.
pub const NEARBY_DAYS: i64 = 90;
pub const NEARBY_RADIUS_METRES: f64 = 250.0;
pub const MAX_NEARBY: usize = 20;

/// What the map index projects for one public signal.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Marker {
    pub number: String,
    pub category: String,
    #[serde(rename = "type")]
    pub signal_type: String,
    pub status: Status,
    pub district: Option<String>,
    /// Its point (`lat`, `lon`); none for a signal placed by address only, which the map counts in its district.
    #[serde(flatten)]
    pub point: Option<SofiaPoint>,
    /// The Sofia registry date, `yyyy-mm-dd`.
    pub date: String,
    pub thumbnail: Option<String>,
    /// Its due date, and the day it becomes long overdue, for the label a popup shows.
    #[serde(skip)]
    pub due_on: Option<jiff::civil::Date>,
    #[serde(skip)]
    pub long_overdue_on: Option<jiff::civil::Date>,
}

impl Marker {
    /// Where the signal stands against its due date on `today`.
    pub fn standing(&self, today: jiff::civil::Date) -> super::deadlines::Standing {
        use super::deadlines::Standing;
        match (self.status.is_open(), self.due_on, self.long_overdue_on) {
            (true, Some(_), Some(long)) if today >= long => Standing::LongOverdue,
            (true, Some(due), _) if today > due => Standing::Overdue,
            _ => Standing::OnTime,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct MapQuery {
    pub days: u16,
    pub category: Option<String>,
    pub statuses: Vec<Status>,
    pub district: Option<String>,
    pub bounds: Option<Bounds>,
}

impl MapQuery {
    /// Parses `days`, `category`, `status` (comma list), `district` and `bbox` (`west,south,east,north`).
    pub fn parse(query: &HashMap<String, String>, catalogue: &Catalogue) -> Result<Self, Vec<FieldError>> {
        let mut errors = Vec::new();
        let days = match query.get("days").map(|d| d.trim().parse::<u16>()) {
            None => MAX_MAP_DAYS,
            Some(Ok(days)) if (1..=MAX_MAP_DAYS).contains(&days) => days,
            Some(_) => {
                errors.push(FieldError::new(
                    "days",
                    "out_of_range",
                    format!("days must be a whole number from 1 to {MAX_MAP_DAYS}"),
                ));
                MAX_MAP_DAYS
            }
        };
        let category = non_blank(query.get("category"));
        if let Some(id) = &category
            && catalogue.category(id).is_none()
        {
            errors.push(FieldError::new("category", "unknown", format!("unknown category {id:?}")));
        }
        let mut statuses = Vec::new();
        for value in non_blank(query.get("status")).iter().flat_map(|s| s.split(',')) {
            match Status::parse(value.trim()) {
                Some(status) => statuses.push(status),
                None => errors.push(FieldError::new("status", "unknown", format!("unknown status {value:?}"))),
            }
        }
        let district = non_blank(query.get("district"));
        if let Some(id) = &district
            && catalogue.district(id).is_none()
        {
            errors.push(FieldError::new("district", "unknown", format!("unknown district {id:?}")));
        }
        let bounds = match non_blank(query.get("bbox")).map(|b| parse_bbox(&b)) {
            None => None,
            Some(Ok(bounds)) => Some(bounds),
            Some(Err(error)) => {
                errors.push(error);
                None
            }
        };
        if errors.is_empty() { Ok(Self { days, category, statuses, district, bounds }) } else { Err(errors) }
    }

    /// Whether some filter applies after reading (all but the category, which the index key applies): then
    /// a day cannot be cut short at a number of items read.
    pub fn filters_after_reading(&self) -> bool {
        !self.statuses.is_empty() || self.district.is_some() || self.bounds.is_some()
    }

    /// Whether a marker passes the filters that the index key does not apply (all but the category). A signal
    /// placed by address only is in a `bbox` when the point its district's count is shown at is.
    pub fn admits(&self, marker: &Marker, districts: &Districts) -> bool {
        let shown_at = || match marker.point {
            Some(point) => Some(point),
            None => marker.district.as_deref().and_then(|d| districts.label_point(d)),
        };
        (self.statuses.is_empty() || self.statuses.contains(&marker.status))
            && self.district.as_ref().is_none_or(|d| marker.district.as_ref() == Some(d))
            && self.bounds.is_none_or(|b| shown_at().is_some_and(|p| b.contains(p.lat(), p.lon())))
    }
}

fn non_blank(value: Option<&String>) -> Option<String> {
    value.map(|v| v.trim()).filter(|v| !v.is_empty()).map(str::to_owned)
}

fn parse_bbox(text: &str) -> Result<Bounds, FieldError> {
    let invalid = || {
        FieldError::new("bbox", "invalid", "bbox is west,south,east,north in degrees, west < east and south < north")
    };
    let parts: Vec<f64> =
        text.split(',').map(|p| p.trim().parse::<f64>()).collect::<Result<_, _>>().map_err(|_| invalid())?;
    let [west, south, east, north] = parts[..] else { return Err(invalid()) };
    if !parts.iter().all(|v| v.is_finite()) || west >= east || south >= north {
        return Err(invalid());
    }
    let bounds = Bounds { south, west, north, east };
    let overlaps = bounds.west <= SOFIA_BOUNDS.east
        && bounds.east >= SOFIA_BOUNDS.west
        && bounds.south <= SOFIA_BOUNDS.north
        && bounds.north >= SOFIA_BOUNDS.south;
    if !overlaps {
        return Err(FieldError::new("bbox", "outside_sofia", "bbox does not overlap Sofia Municipality"));
    }
    Ok(bounds)
}

/// Signals placed by address only (no point) in one district, as the map shows them: a count at the district's
/// label point, since they have no point of their own.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct UnplacedCount {
    /// The district's id; null when the sender named none (the count is then shown in no place on the map).
    pub district: Option<String>,
    pub count: u32,
    /// Where the map shows the count, `[lon, lat]` as in GeoJSON: a point inside the district; null without one.
    pub coordinates: Option<[f64; 2]>,
}

/// Counts the markers without a point by district: the most first, then by district id (unknown last).
pub fn unplaced_counts(markers: &[Marker], districts: &Districts) -> Vec<UnplacedCount> {
    let mut counts: std::collections::BTreeMap<Option<&str>, u32> = std::collections::BTreeMap::new();
    for marker in markers.iter().filter(|m| m.point.is_none()) {
        *counts.entry(marker.district.as_deref()).or_default() += 1;
    }
    let mut list: Vec<UnplacedCount> = counts
        .into_iter()
        .map(|(district, count)| UnplacedCount {
            district: district.map(str::to_owned),
            count,
            coordinates: district.and_then(|d| districts.label_point(d)).map(|p| [p.lon(), p.lat()]),
        })
        .collect();
    list.sort_by(|a, b| {
        b.count
            .cmp(&a.count)
            .then_with(|| a.district.is_none().cmp(&b.district.is_none()))
            .then(a.district.cmp(&b.district))
    });
    list
}

/// Metres between two points on the Earth's surface.
pub fn distance_metres(a: SofiaPoint, lat: f64, lon: f64) -> f64 {
    Haversine.distance(Point::new(a.lon(), a.lat()), Point::new(lon, lat))
}

#[derive(Debug, Clone, PartialEq)]
pub struct NearbyQuery {
    pub point: SofiaPoint,
    pub category: Option<String>,
}

impl NearbyQuery {
    pub fn parse(query: &HashMap<String, String>, catalogue: &Catalogue) -> Result<Self, Vec<FieldError>> {
        let mut errors = Vec::new();
        let coordinate =
            |name: &str, errors: &mut Vec<FieldError>| match query.get(name).map(|v| v.trim().parse::<f64>()) {
                None => {
                    errors.push(FieldError::new(name, "required", format!("{name} is required")));
                    None
                }
                Some(Ok(value)) if value.is_finite() => Some(value),
                Some(_) => {
                    errors.push(FieldError::new(name, "invalid", format!("{name} must be a number")));
                    None
                }
            };
        let lat = coordinate("lat", &mut errors);
        let lon = coordinate("lon", &mut errors);
        let point = match (lat, lon) {
            (Some(lat), Some(lon)) => match SofiaPoint::new(lat, lon) {
                Ok(point) => Some(point),
                Err(_) => {
                    errors.push(FieldError::new(
                        "location",
                        "outside_sofia",
                        "the point is outside Sofia Municipality",
                    ));
                    None
                }
            },
            _ => None,
        };
        let category = non_blank(query.get("category"));
        if let Some(id) = &category
            && catalogue.category(id).is_none()
        {
            errors.push(FieldError::new("category", "unknown", format!("unknown category {id:?}")));
        }
        match point {
            Some(point) if errors.is_empty() => Ok(Self { point, category }),
            _ => Err(errors),
        }
    }
}

/// A signal near the point asked about, with how far it is.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct NearbySignal {
    #[serde(flatten)]
    pub marker: Marker,
    pub distance_m: u32,
}

/// Open signals within the radius, of the category if one was asked, nearest first.
pub fn nearby(query: &NearbyQuery, candidates: Vec<Marker>) -> Vec<NearbySignal> {
    let mut found: Vec<NearbySignal> = candidates
        .into_iter()
        .filter(|m| m.status.is_open() && query.category.as_ref().is_none_or(|c| c == &m.category))
        .filter_map(|marker| {
            let point = marker.point?;
            let distance = distance_metres(query.point, point.lat(), point.lon());
            (distance <= NEARBY_RADIUS_METRES).then(|| NearbySignal { distance_m: distance.round() as u32, marker })
        })
        .collect();
    found.sort_by(|a, b| a.distance_m.cmp(&b.distance_m).then_with(|| b.marker.number.cmp(&a.marker.number)));
    found.truncate(MAX_NEARBY);
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    fn fields(errors: Vec<FieldError>) -> Vec<String> {
        errors.into_iter().map(|e| e.field).collect()
    }

    #[test]
    fn map_query_defaults_to_thirty_days_and_parses_filters() {
        let catalogue = Catalogue::builtin();
        let parsed = MapQuery::parse(&query(&[]), catalogue).unwrap();
        assert_eq!((parsed.days, parsed.category, parsed.statuses.len()), (30, None, 0));
        let parsed = MapQuery::parse(
            &query(&[
                ("days", "7"),
                ("category", "waste"),
                ("status", "new"),
                ("district", "lyulin"),
                ("bbox", "23.2,42.6,23.4,42.8"),
            ]),
            catalogue,
        )
        .unwrap();
        assert_eq!(parsed.days, 7);
        assert_eq!(parsed.statuses, [Status::New]);
        assert!(parsed.bounds.is_some_and(|b| b.contains(42.7, 23.3)));
    }

    #[test]
    fn bad_map_queries_name_their_fields() {
        let catalogue = Catalogue::builtin();
        for (pairs, field) in [
            (vec![("days", "31")], "days"),
            (vec![("days", "0")], "days"),
            (vec![("days", "week")], "days"),
            (vec![("category", "volcanoes")], "category"),
            (vec![("status", "new,lost")], "status"),
            (vec![("district", "manhattan")], "district"),
            (vec![("bbox", "23.4,42.6,23.2,42.8")], "bbox"),
            (vec![("bbox", "1,2,3")], "bbox"),
            (vec![("bbox", "a,b,c,d")], "bbox"),
            (vec![("bbox", "24.0,42.0,24.5,42.2")], "bbox"),
        ] {
            assert_eq!(fields(MapQuery::parse(&query(&pairs), catalogue).unwrap_err()), [field], "{pairs:?}");
        }
    }

    fn marker(number: &str, lat: f64, lon: f64, category: &str) -> Marker {
        Marker {
            number: number.into(),
            category: category.into(),
            signal_type: "pothole".into(),
            status: Status::New,
            district: None,
            point: Some(SofiaPoint::new(lat, lon).unwrap()),
            date: "2026-11-28".into(),
            thumbnail: None,
            due_on: None,
            long_overdue_on: None,
        }
    }

    #[test]
    fn nearby_keeps_open_signals_within_250_metres_nearest_first() {
        let query =
            NearbyQuery::parse(&query(&[("lat", "42.6750"), ("lon", "23.3250")]), Catalogue::builtin()).unwrap();
        let found = nearby(
            &query,
            vec![
                marker("2026-000003", 42.6770, 23.3250, "streets"), // ~222 m north
                marker("2026-000002", 42.6751, 23.3251, "streets"), // ~14 m
                marker("2026-000001", 42.6800, 23.3250, "streets"), // ~556 m: too far
            ],
        );
        let numbers: Vec<&str> = found.iter().map(|s| s.marker.number.as_str()).collect();
        assert_eq!(numbers, ["2026-000002", "2026-000003"]);
        assert!((200..=240).contains(&found[1].distance_m), "{}", found[1].distance_m);
    }

    #[test]
    fn signals_without_a_point_are_counted_in_their_district_at_a_point_inside_it() {
        let districts = Districts::builtin();
        let unplaced = |district: Option<&str>| Marker {
            point: None,
            district: district.map(str::to_owned),
            ..marker("2026-000009", 42.7, 23.3, "streets")
        };
        let markers = [
            marker("2026-000001", 42.675, 23.325, "streets"),
            unplaced(Some("lozenets")),
            unplaced(None),
            unplaced(Some("lozenets")),
            unplaced(Some("lyulin")),
        ];
        let counts = unplaced_counts(&markers, districts);
        let shown: Vec<(Option<&str>, u32)> = counts.iter().map(|c| (c.district.as_deref(), c.count)).collect();
        assert_eq!(shown, [(Some("lozenets"), 2), (Some("lyulin"), 1), (None, 1)]);
        let [lon, lat] = counts[0].coordinates.unwrap();
        assert_eq!(districts.locate(SofiaPoint::new(lat, lon).unwrap()), Some("lozenets"));
        assert_eq!(counts[2].coordinates, None);

        // A bbox holds an unplaced signal when it holds its district's point; one of no district, never.
        let mut query = MapQuery::parse(&HashMap::new(), Catalogue::builtin()).unwrap();
        assert!(query.admits(&unplaced(None), districts), "no filter: every signal");
        query.bounds = Some(Bounds { south: lat - 0.001, west: lon - 0.001, north: lat + 0.001, east: lon + 0.001 });
        assert!(query.admits(&unplaced(Some("lozenets")), districts));
        assert!(!query.admits(&unplaced(Some("lyulin")), districts));
        assert!(!query.admits(&unplaced(None), districts));
    }

    #[test]
    fn nearby_needs_a_point_in_sofia() {
        let catalogue = Catalogue::builtin();
        assert_eq!(fields(NearbyQuery::parse(&query(&[("lat", "42.7")]), catalogue).unwrap_err()), ["lon"]);
        assert_eq!(
            fields(NearbyQuery::parse(&query(&[("lat", "41"), ("lon", "23.3")]), catalogue).unwrap_err()),
            ["location"]
        );
    }
}
