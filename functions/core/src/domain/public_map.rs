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
/// Tiles one map answer may cover at most: a viewport needs a few; more is a bbox too large for its zoom.
pub const MAX_MAP_TILES: usize = 24;
/// The zoom the map opens at (the whole city), and the range the map accepts.
pub const DEFAULT_MAP_ZOOM: u8 = 11;
pub const MAX_MAP_ZOOM: u8 = 20;
/// Where a signal placed by address only in no known district is counted: in the tile holding the city centre
/// (it is shown at no point, only counted).
pub const SOFIA_CENTRE: (f64, f64) = (42.6977, 23.3219);

/// What the map shows at a zoom, and the geohash tiles it is read (and cached) by: at low zooms clusters, the
/// counts of the cells of `cell` precision within tiles of `tile` precision (the stream keeps them per day);
/// at high zooms the markers of tiles of `tile` precision. A tile's answer is always the whole tile.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum MapLevel {
    Clusters { tile: usize, cell: usize },
    Markers { tile: usize },
}

/// The cluster levels: (the highest zoom it serves, tile precision, cell precision). A cell is drawn about
/// 40–180 px wide at its zooms: geohash 5 is ~4.9 km, 6 is ~1.2 × 0.6 km, 7 is ~150 m. A tile holds 32 cells,
/// about a screen's width at its zooms: a view needs a few, and reads little beyond what it shows.
pub const CLUSTER_LEVELS: [(u8, usize, usize); 3] = [(12, 4, 5), (14, 5, 6), (15, 6, 7)];
/// Markers are read by tiles of this precision (~1.2 × 0.6 km), the map index's cell partitions.
pub const MARKER_TILE_PRECISION: usize = 6;

impl MapLevel {
    pub fn at_zoom(zoom: u8) -> Self {
        CLUSTER_LEVELS
            .iter()
            .find(|(max_zoom, _, _)| zoom <= *max_zoom)
            .map(|&(_, tile, cell)| Self::Clusters { tile, cell })
            .unwrap_or(Self::Markers { tile: MARKER_TILE_PRECISION })
    }

    pub fn tile_precision(self) -> usize {
        match self {
            Self::Clusters { tile, .. } | Self::Markers { tile } => tile,
        }
    }
}

/// A geohash cell's size in degrees: (longitude, latitude).
fn cell_size(precision: usize) -> (f64, f64) {
    let bits = 5 * precision as i32;
    let (lon_bits, lat_bits) = ((bits + 1) / 2, bits / 2);
    (360.0 / 2f64.powi(lon_bits), 180.0 / 2f64.powi(lat_bits))
}

/// The geohash cells of `precision` that cover `bounds` (clipped to Sofia), west to east and south to north;
/// none when more than `max` would be needed.
pub fn tiles_covering(bounds: &Bounds, precision: usize, max: usize) -> Option<Vec<String>> {
    let clipped = Bounds {
        south: bounds.south.max(SOFIA_BOUNDS.south),
        west: bounds.west.max(SOFIA_BOUNDS.west),
        north: bounds.north.min(SOFIA_BOUNDS.north),
        east: bounds.east.min(SOFIA_BOUNDS.east),
    };
    let (width, height) = cell_size(precision);
    let column = |lon: f64| ((lon + 180.0) / width).floor() as i64;
    let row = |lat: f64| ((lat + 90.0) / height).floor() as i64;
    let (columns, rows) = (column(clipped.west)..=column(clipped.east), row(clipped.south)..=row(clipped.north));
    if columns.clone().count() * rows.clone().count() > max {
        return None;
    }
    let mut tiles = Vec::new();
    for r in rows {
        for c in columns.clone() {
            let centre = geohash::Coord { x: (c as f64 + 0.5) * width - 180.0, y: (r as f64 + 0.5) * height - 90.0 };
            tiles.extend(geohash::encode(centre, precision).ok());
        }
    }
    Some(tiles)
}

/// A geohash cell's bounds, `[west, south, east, north]`, and its centre, `[lon, lat]`.
pub fn cell_bounds(cell: &str) -> Option<([f64; 4], [f64; 2])> {
    let rect = geohash::decode_bbox(cell).ok()?;
    let (min, max) = (rect.min(), rect.max());
    Some(([min.x, min.y, max.x, max.y], [(min.x + max.x) / 2.0, (min.y + max.y) / 2.0]))
}

/// The open/resolved/other split of a signal's status (the legend's), which the marker indexes also key by.
pub fn tone_of(status: Status) -> &'static str {
    match status {
        s if s.is_open() => "open",
        Status::Resolved => "resolved",
        _ => "closed",
    }
}

/// The tone a status filter asks for exactly, if it does: every open status a signal can be in (new,
/// registered, forwarded, in progress; the filter may name more open ones), or resolved alone.
pub fn tone_asked(statuses: &[Status]) -> Option<&'static str> {
    let signal_open = [Status::New, Status::Registered, Status::Forwarded, Status::InProgress];
    if !statuses.is_empty() && statuses.iter().all(|s| s.is_open()) && signal_open.iter().all(|s| statuses.contains(s))
    {
        Some("open")
    } else if statuses == [Status::Resolved] {
        Some("resolved")
    } else {
        None
    }
}

/// The geohash of a point at a precision.
pub fn geohash_at(lat: f64, lon: f64, precision: usize) -> String {
    geohash::encode(geohash::Coord { x: lon, y: lat }, precision).unwrap_or_default()
}

/// Where the map counts a signal: its point; placed by address only, its district's label point (or the city
/// centre for no known district).
pub fn counted_at(point: Option<SofiaPoint>, district: Option<&str>, districts: &Districts) -> (f64, f64) {
    match point.or_else(|| district.and_then(|d| districts.label_point(d))) {
        Some(point) => (point.lat(), point.lon()),
        None => SOFIA_CENTRE,
    }
}

/// The key of one cluster counter item, but for its day: the cell precision, the tile, and the filter it
/// counts for (`<category|*>#<district|*>`, `-` for a signal of no district).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct MapTileKey {
    pub cell_precision: usize,
    pub tile: String,
    pub filter: String,
}

impl MapTileKey {
    /// The filter part of the key for a query's category and district (`*` for any).
    pub fn filter_of(category: Option<&str>, district: Option<&str>) -> String {
        format!("{}#{}", category.unwrap_or("*"), district.unwrap_or("*"))
    }
}

/// What the map's counters need to know about a signal at one moment.
#[derive(Debug, Clone, PartialEq)]
pub struct MappedSignal {
    pub registered_at: jiff::Timestamp,
    pub category: String,
    pub district: Option<String>,
    pub status: Status,
    pub point: Option<SofiaPoint>,
}

/// The one-letter code of a status in a counter's name (the names are most of a counter item's bytes, and its
/// bytes are what a read is charged for). Every status has its own, for good: a new status takes a new letter.
const STATUS_CODES: [(Status, char); 19] = [
    (Status::New, 'n'),
    (Status::Registered, 'g'),
    (Status::Forwarded, 'f'),
    (Status::InProgress, 'p'),
    (Status::Resolved, 'r'),
    (Status::ClosedUnfixed, 'u'),
    (Status::NotCompetent, 'k'),
    (Status::Rejected, 'j'),
    (Status::Duplicate, 'd'),
    (Status::Answered, 'a'),
    (Status::Replied, 'y'),
    (Status::ClarificationRequested, 'q'),
    (Status::Extended, 'e'),
    (Status::AccessGranted, 'G'),
    (Status::AccessPartlyGranted, 'P'),
    (Status::AccessRefused, 'R'),
    (Status::ForwardedElsewhere, 'F'),
    (Status::NotHeld, 'h'),
    (Status::Closed, 'c'),
];

fn status_code(status: Status) -> char {
    // Every status is in the table (a test checks it); '?' is never read back as one.
    STATUS_CODES.iter().find(|(s, _)| *s == status).map_or('?', |(_, code)| *code)
}

fn status_of_code(code: char) -> Option<Status> {
    STATUS_CODES.iter().find(|(_, c)| *c == code).map(|(s, _)| *s)
}

/// The counter name of a cluster cell's signals in one status: the cell's last geohash character (the tile is
/// the rest) and the status's code, `dn`; or of the signals placed by address only in a district,
/// `~<district><code>` (`~` and the code alone for no district).
fn counter_names(signal: &MappedSignal, at: (f64, f64), tile_precision: usize, cell_precision: usize) -> String {
    let place = match signal.point {
        Some(_) => geohash_at(at.0, at.1, cell_precision).split_off(tile_precision),
        None => format!("~{}", signal.district.as_deref().unwrap_or("")),
    };
    format!("{place}{}", status_code(signal.status))
}

fn map_contributions(signal: &MappedSignal, districts: &Districts) -> Vec<super::overview::CounterKey> {
    use super::overview::{CounterKey, Scope};
    let at = counted_at(signal.point, signal.district.as_deref(), districts);
    let day = super::calendar::sofia_day(signal.registered_at);
    let district = signal.district.as_deref().unwrap_or("-");
    let mut keys = Vec::new();
    for (_, tile_precision, cell_precision) in CLUSTER_LEVELS {
        let tile = geohash_at(at.0, at.1, tile_precision);
        let name = counter_names(signal, at, tile_precision, cell_precision);
        for category in [signal.category.as_str(), "*"] {
            for district in [district, "*"] {
                let key = MapTileKey { cell_precision, tile: tile.clone(), filter: format!("{category}#{district}") };
                keys.push(CounterKey { scope: Scope::MapTile(key, day.clone()), name: name.clone() });
            }
        }
    }
    keys
}

/// The map's cluster counter deltas for one change of a signal (`None`: not a signal, or not there): each
/// signal counts once per cluster level, in its cell and status, for every filter it matches (any or its
/// category, any or its district). A status change moves it between statuses of the same cells.
pub fn map_deltas(
    before: Option<&MappedSignal>,
    after: Option<&MappedSignal>,
    districts: &Districts,
) -> std::collections::BTreeMap<super::overview::CounterKey, i64> {
    let mut deltas = std::collections::BTreeMap::new();
    for key in before.map(|s| map_contributions(s, districts)).unwrap_or_default() {
        *deltas.entry(key).or_default() -= 1;
    }
    for key in after.map(|s| map_contributions(s, districts)).unwrap_or_default() {
        *deltas.entry(key).or_default() += 1;
    }
    deltas.retain(|_, delta| *delta != 0);
    deltas
}

/// One cluster: a cell's signals, split as the map's legend is (open, resolved, other closed).
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Cluster {
    /// The geohash cell.
    pub cell: String,
    /// The cell's centre, `[lon, lat]`, where the cluster is drawn.
    pub coordinates: [f64; 2],
    /// The cell, `[west, south, east, north]`: zooming into it shows what it holds.
    pub bbox: [f64; 4],
    pub total: u32,
    pub open: u32,
    pub resolved: u32,
    pub closed: u32,
}

/// Clusters and address-only counts from a tile's counters summed over the days (`<cell>#<status>` and
/// `~<district>#<status>` → count), keeping the statuses the query asks for.
pub fn clusters_of(
    tile: &str,
    counts: &std::collections::BTreeMap<String, i64>,
    statuses: &[Status],
    districts: &Districts,
) -> (Vec<Cluster>, Vec<UnplacedCount>) {
    let mut cells: std::collections::BTreeMap<String, Cluster> = std::collections::BTreeMap::new();
    let mut unplaced: std::collections::BTreeMap<Option<&str>, u32> = std::collections::BTreeMap::new();
    for (name, &value) in counts {
        let Some((place, status)) = counter_place(name) else { continue };
        let count = u32::try_from(value).unwrap_or(0);
        if count == 0 || !(statuses.is_empty() || statuses.contains(&status)) {
            continue;
        }
        if let Some(district) = place.strip_prefix('~') {
            *unplaced.entry(Some(district).filter(|d| !d.is_empty())).or_default() += count;
            continue;
        }
        let cell = format!("{tile}{place}");
        let Some((bbox, coordinates)) = cell_bounds(&cell) else { continue };
        let cluster = cells.entry(cell.clone()).or_insert_with(|| Cluster {
            cell,
            coordinates,
            bbox,
            total: 0,
            open: 0,
            resolved: 0,
            closed: 0,
        });
        cluster.total += count;
        match status {
            s if s.is_open() => cluster.open += count,
            Status::Resolved => cluster.resolved += count,
            _ => cluster.closed += count,
        }
    }
    (cells.into_values().collect(), unplaced_of(unplaced, districts))
}

/// A counter name's place (a cell's last character, or `~<district>`) and status.
pub fn counter_place(name: &str) -> Option<(&str, Status)> {
    let code = name.chars().last()?;
    Some((&name[..name.len() - code.len_utf8()], status_of_code(code)?))
}
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
    /// The map's zoom (Leaflet's), which chooses clusters or markers ([`MapLevel::at_zoom`]).
    pub zoom: u8,
}

impl MapQuery {
    /// Parses `days`, `category`, `status` (comma list), `district`, `bbox` (`west,south,east,north`) and
    /// `zoom` (0..=20, 11 when not given).
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
        let zoom = match query.get("zoom").map(|z| z.trim().parse::<u8>()) {
            None => DEFAULT_MAP_ZOOM,
            Some(Ok(zoom)) if zoom <= MAX_MAP_ZOOM => zoom,
            Some(_) => {
                errors.push(FieldError::new(
                    "zoom",
                    "out_of_range",
                    format!("zoom must be a whole number from 0 to {MAX_MAP_ZOOM}"),
                ));
                DEFAULT_MAP_ZOOM
            }
        };
        if errors.is_empty() { Ok(Self { days, category, statuses, district, bounds, zoom }) } else { Err(errors) }
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
    unplaced_of(counts, districts)
}

/// Counts per district (none: of no known district) as the map shows them, each at its district's label point:
/// the most first, then by district id (unknown last).
fn unplaced_of(counts: std::collections::BTreeMap<Option<&str>, u32>, districts: &Districts) -> Vec<UnplacedCount> {
    let mut list: Vec<UnplacedCount> = counts
        .into_iter()
        .map(|(district, count)| UnplacedCount {
            district: district.map(str::to_owned),
            count,
            coordinates: district.and_then(|d| districts.label_point(d)).map(|p| [p.lon(), p.lat()]),
        })
        .collect();
    sort_unplaced(&mut list);
    list
}

/// The most first, then by district id (unknown last).
pub fn sort_unplaced(list: &mut [UnplacedCount]) {
    list.sort_by(|a, b| {
        b.count
            .cmp(&a.count)
            .then_with(|| a.district.is_none().cmp(&b.district.is_none()))
            .then(a.district.cmp(&b.district))
    });
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
            (vec![("zoom", "21")], "zoom"),
            (vec![("zoom", "near")], "zoom"),
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
    fn zooms_choose_clusters_of_finer_cells_then_markers_and_tiles_cover_the_view() {
        assert_eq!(MapLevel::at_zoom(9), MapLevel::Clusters { tile: 4, cell: 5 });
        assert_eq!(MapLevel::at_zoom(13), MapLevel::Clusters { tile: 5, cell: 6 });
        assert_eq!(MapLevel::at_zoom(15), MapLevel::Clusters { tile: 6, cell: 7 });
        assert_eq!(MapLevel::at_zoom(16), MapLevel::Markers { tile: 6 });
        // The whole city is one tile of 3, twelve of 4 (the city level's); at 6 it is far more than an answer covers.
        assert_eq!(tiles_covering(&SOFIA_BOUNDS, 3, MAX_MAP_TILES).map(|t| t.len()), Some(1));
        assert_eq!(tiles_covering(&SOFIA_BOUNDS, 4, MAX_MAP_TILES).map(|t| t.len()), Some(12));
        assert_eq!(tiles_covering(&SOFIA_BOUNDS, 6, MAX_MAP_TILES), None);
        // A tile's own bounds, a hair inside, are that tile alone.
        let tile = geohash_at(42.6977, 23.3219, 6);
        let ([w, s, e, n], _) = cell_bounds(&tile).unwrap();
        let inside = Bounds { south: s + 1e-6, west: w + 1e-6, north: n - 1e-6, east: e - 1e-6 };
        assert_eq!(tiles_covering(&inside, 6, MAX_MAP_TILES), Some(vec![tile]));
    }

    #[test]
    fn a_signal_counts_once_per_level_and_filter_and_a_status_change_moves_it() {
        let districts = Districts::builtin();
        let signal = MappedSignal {
            registered_at: "2026-11-28T10:00:00Z".parse().unwrap(),
            category: "streets".into(),
            district: Some("lozenets".into()),
            status: Status::New,
            point: Some(SofiaPoint::new(42.675, 23.325).unwrap()),
        };
        let filed = map_deltas(None, Some(&signal), districts);
        // Three levels × four filters (any or its category × any or its district), one counter each.
        assert_eq!(filed.len(), 12);
        assert!(filed.values().all(|d| *d == 1));
        let resolved = MappedSignal { status: Status::Resolved, ..signal.clone() };
        let moved = map_deltas(Some(&signal), Some(&resolved), districts);
        assert_eq!(moved.len(), 24);
        assert_eq!(moved.values().sum::<i64>(), 0, "one out of new, one into resolved, for each");
        // Summed over a tile's counters they make its clusters, split as the legend is.
        let counts: std::collections::BTreeMap<String, i64> = filed
            .iter()
            .chain(moved.iter())
            .filter(|(k, _)| matches!(&k.scope, super::super::overview::Scope::MapTile(t, _) if t.cell_precision == 5 && t.filter == "*#*"))
            .fold(std::collections::BTreeMap::new(), |mut m, (k, v)| {
                *m.entry(k.name.clone()).or_default() += v;
                m
            });
        let tile = geohash_at(42.675, 23.325, 4);
        let (clusters, unplaced) = clusters_of(&tile, &counts, &[], districts);
        assert_eq!((clusters.len(), unplaced.len()), (1, 0));
        assert_eq!((clusters[0].total, clusters[0].open, clusters[0].resolved), (1, 0, 1));
        assert_eq!(clusters[0].cell, geohash_at(42.675, 23.325, 5));
        assert_eq!(clusters_of(&tile, &counts, &[Status::New], districts).0.len(), 0, "the status filter is exact");
        // The site's "open" (every open status a signal can be in) and "resolved" are tones the indexes key by.
        let open = [Status::New, Status::Registered, Status::Forwarded, Status::InProgress];
        assert_eq!((tone_asked(&open), tone_asked(&[Status::Resolved])), (Some("open"), Some("resolved")));
        assert_eq!((tone_asked(&[Status::New]), tone_asked(&[])), (None, None));
        // Every status has its own code, read back as itself.
        for status in <Status as strum::IntoEnumIterator>::iter() {
            assert_eq!(status_of_code(status_code(status)), Some(status), "{status:?}");
        }
        // One placed by address only counts in its district, at its label point's tile.
        let by_address = MappedSignal { point: None, ..signal };
        let names: Vec<String> = map_deltas(None, Some(&by_address), districts).into_keys().map(|k| k.name).collect();
        assert!(names.iter().all(|n| n == "~lozenetsn"), "{names:?}");
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
