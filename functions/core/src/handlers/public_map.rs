use crate::adapters::records::{NEAR_GEOHASH_PRECISION, geohash_of};
use crate::domain::FieldError;
use crate::domain::calendar::recent_sofia_days;
use crate::domain::catalogue::Catalogue;
use crate::domain::districts::Districts;
use crate::domain::feed::{FeedScope, MAX_FEED_ENTRIES, atom};
use crate::domain::location::SOFIA_BOUNDS;
use crate::domain::public_map::{
    Cluster, MAX_MAP_TILES, MapLevel, MapQuery, MapTileKey, Marker, NEARBY_DAYS, NearbyQuery, UnplacedCount,
    clusters_of, counter_place, nearby, sort_unplaced, tiles_covering, unplaced_counts,
};
use crate::http::request::query_map;
use crate::http::route::Answer;
use crate::http::{Problem, json};
use crate::ports::{PublicIndex, ReadCost, StatsStore};
use crate::wiring::{Clock, Site};
use futures::stream::{self, StreamExt, TryStreamExt};
use jiff::{SignedDuration, Timestamp};
use lambda_http::{Body, Request, Response};
use serde_json::json;
use std::sync::Arc;

crate::dependencies! {
    pub struct MapDeps {
        index: Arc<dyn PublicIndex>,
        stats: Arc<dyn StatsStore>,
        catalogue: &'static Catalogue,
        clock: Clock,
    }
}

crate::dependencies! {
    pub struct NearbyDeps { index: Arc<dyn PublicIndex>, catalogue: &'static Catalogue, clock: Clock }
}

crate::dependencies! {
    pub struct FeedDeps { index: Arc<dyn PublicIndex>, catalogue: &'static Catalogue, site: Site, clock: Clock }
}

/// Partitions read at once.
const CONCURRENT_QUERIES: usize = 16;

fn with_header(mut response: Response<Body>, name: &'static str, value: String) -> Response<Body> {
    if let Ok(value) = value.parse() {
        response.headers_mut().insert(name, value);
    }
    response
}

/// `GET /api/map?bbox=&zoom=`: every public signal of the last `days` (≤ 30) days in the geohash tiles that
/// cover `bbox` (Sofia when not given), filterable by `category`, `status` and `district`. At low zooms the
/// answer is clusters, each a cell's count split as the legend is, summed from the counters the stream keeps
/// per day, tile and cell (one range query per tile); at high zooms it is the tiles' markers (one range query
/// per tile of the cell index). Signals placed by address only are counted in their district (`unplaced`), in
/// the tile of the district's label point. Nothing is left out: `total` is every signal the tiles hold. The
/// `x-read-cost` header tells how many items were read for how many returned.
pub async fn get_map(deps: Arc<MapDeps>, request: Request) -> Answer {
    let query = map_query(deps.catalogue, &request)?;
    let level = MapLevel::at_zoom(query.zoom);
    let tiles = tiles_covering(&query.bounds.unwrap_or(SOFIA_BOUNDS), level.tile_precision(), MAX_MAP_TILES)
        .ok_or_else(|| {
            let message = format!(
                "at zoom {} the bbox covers more than {MAX_MAP_TILES} map tiles: zoom in or ask for a smaller bbox",
                query.zoom
            );
            Problem { status: 400, ..Problem::validation(vec![FieldError::new("bbox", "too_large", message)]) }
        })?;
    let now = deps.clock.now();
    let days = recent_sofia_days(now, query.days);
    let from_day = days.last().cloned().unwrap_or_default();
    let districts = Districts::builtin();
    let (mut clusters, mut features, mut unplaced, mut cost) =
        (Vec::new(), Vec::new(), Vec::new(), ReadCost::default());
    // At cluster zooms: how many cells' counters were read (each one a cluster returned, unless a status filter
    // leaves it empty).
    let mut cells_read = 0;
    let returned;
    match level {
        MapLevel::Clusters { cell, .. } => {
            let filter = MapTileKey::filter_of(query.category.as_deref(), query.district.as_deref());
            let keys: Vec<MapTileKey> = tiles
                .iter()
                .map(|tile| MapTileKey { cell_precision: cell, tile: tile.clone(), filter: filter.clone() })
                .collect();
            let per_tile: Vec<_> = stream::iter(keys.into_iter().map(|key| {
                let (stats, from_day) = (deps.stats.clone(), from_day.clone());
                async move { stats.tile_counts(&key, &from_day).await }
            }))
            .buffered(CONCURRENT_QUERIES)
            .try_collect()
            .await?;
            for (tile, (counts, tile_cost)) in tiles.iter().zip(per_tile) {
                cost += tile_cost;
                // The cells (and districts' address-only counts) whose counters were read, returned or not.
                let places: std::collections::BTreeSet<&str> =
                    counts.keys().filter_map(|name| counter_place(name).map(|(place, _)| place)).collect();
                cells_read += places.len();
                let (tile_clusters, tile_unplaced) = clusters_of(tile, &counts, &query.statuses, districts);
                clusters.extend(tile_clusters);
                unplaced.extend(tile_unplaced);
            }
            returned = clusters.len() + unplaced.len();
        }
        MapLevel::Markers { .. } => {
            let shared = Arc::new(query.clone());
            let per_tile: Vec<_> = stream::iter(tiles.clone().into_iter().map(|tile| {
                let (index, query, from_day) = (deps.index.clone(), shared.clone(), from_day.clone());
                async move { index.markers_of_tile(&tile, &from_day, &query).await }
            }))
            .buffered(CONCURRENT_QUERIES)
            .try_collect()
            .await?;
            let mut markers = Vec::new();
            for (tile_markers, tile_cost) in per_tile {
                cost += tile_cost;
                markers.extend(tile_markers);
            }
            returned = markers.len();
            let today = now.to_zoned_datetime(crate::domain::calendar::sofia_time_zone()).date();
            unplaced = unplaced_counts(&markers, districts);
            features = markers.into_iter().filter_map(|marker| Feature::of(marker, today)).collect();
        }
    }
    sort_unplaced(&mut unplaced);
    let total = clusters.iter().map(|c| c.total as usize).sum::<usize>()
        + features.len()
        + unplaced.iter().map(|u| u.count as usize).sum::<usize>();
    let body = FeatureCollection {
        collection: "FeatureCollection",
        days: query.days,
        zoom: query.zoom,
        level,
        tiles,
        total,
        clusters,
        features,
        unplaced,
    };
    Ok(with_header(
        json(200, &body),
        "x-read-cost",
        match level {
            MapLevel::Clusters { .. } => format!(
                "items-read={}, items-returned={returned}, capacity-units={}, cells-read={cells_read}",
                cost.items_read, cost.capacity_units
            ),
            MapLevel::Markers { .. } => format!(
                "items-read={}, items-returned={returned}, capacity-units={}",
                cost.items_read, cost.capacity_units
            ),
        },
    ))
}

/// The map's answer: clusters or markers (`kind`), for the tiles that cover the bbox asked about; GeoJSON
/// for the markers.
#[derive(serde::Serialize, schemars::JsonSchema)]
pub struct FeatureCollection {
    #[serde(rename = "type")]
    collection: &'static str,
    days: u16,
    zoom: u8,
    /// `clusters` (with the geohash precision of their `cell`s) or `markers`, and the precision of the `tile`s.
    #[serde(flatten)]
    level: MapLevel,
    /// The geohash tiles the answer covers, whole: what the map caches it by.
    tiles: Vec<String>,
    /// Every signal the answer covers: the clusters' or features' and the unplaced ones.
    total: usize,
    /// At cluster zooms: each cell's signals with a point, counted.
    clusters: Vec<Cluster>,
    /// At marker zooms: the signals with a point.
    features: Vec<Feature>,
    /// The signals placed by address only, counted per district (a district's count is shown at a point inside
    /// it; those of no known district are shown nowhere on the map), in the tile of that point.
    unplaced: Vec<UnplacedCount>,
}

/// One public signal on the map.
#[derive(serde::Serialize, schemars::JsonSchema)]
pub struct Feature {
    #[serde(rename = "type")]
    feature: &'static str,
    id: String,
    geometry: Point,
    properties: Properties,
}

/// What the map shows of a signal (its point is the geometry).
#[derive(serde::Serialize, schemars::JsonSchema)]
pub struct Properties {
    number: String,
    category: String,
    #[serde(rename = "type")]
    signal_type: String,
    status: crate::domain::status::Status,
    district: Option<String>,
    /// The Sofia registry date, `yyyy-mm-dd`.
    date: String,
    thumbnail: Option<String>,
    /// Where an open signal stands against its due date: the popup labels it "просрочен" or "дълго просрочен".
    standing: crate::domain::deadlines::Standing,
}

/// A GeoJSON point: longitude, latitude.
#[derive(serde::Serialize, schemars::JsonSchema)]
pub struct Point {
    #[serde(rename = "type")]
    point: &'static str,
    coordinates: [f64; 2],
}

impl Feature {
    /// The marker as a feature; none without a point.
    fn of(marker: Marker, today: jiff::civil::Date) -> Option<Self> {
        let point = marker.point?;
        let geometry = Point { point: "Point", coordinates: [point.lon(), point.lat()] };
        let standing = marker.standing(today);
        let Marker { number, category, signal_type, status, district, date, thumbnail, .. } = marker;
        let properties =
            Properties { number: number.clone(), category, signal_type, status, district, date, thumbnail, standing };
        Some(Self { feature: "Feature", id: number, geometry, properties })
    }
}

/// The map's query from the request; bad parameters are a 400 naming them.
fn map_query(catalogue: &Catalogue, request: &Request) -> Result<MapQuery, Problem> {
    MapQuery::parse(&query_map(request), catalogue).map_err(|e| Problem { status: 400, ..Problem::validation(e) })
}

/// The newest markers a feed query admits, at least `wanted` of them when there are: whole days newest first
/// (a day's partition is ordered by place, not time), as many days at once as the densest day seen so far says
/// are still missing (at most `CONCURRENT_QUERIES`).
async fn recent_markers(
    index: &Arc<dyn PublicIndex>,
    query: &MapQuery,
    wanted: usize,
    now: Timestamp,
) -> Result<Vec<Marker>, Problem> {
    let mut days = recent_sofia_days(now, query.days).into_iter();
    let (mut markers, mut densest_day, mut batch) = (Vec::new(), 0, 1);
    while markers.len() < wanted {
        let chunk: Vec<String> = days.by_ref().take(batch).collect();
        if chunk.is_empty() {
            break;
        }
        let per_day: Vec<_> = stream::iter(chunk.into_iter().map(|day| {
            let (index, category) = (index.clone(), query.category.clone());
            async move { index.markers_of_day(&day, category.as_deref(), None).await }
        }))
        .buffered(CONCURRENT_QUERIES)
        .try_collect()
        .await?;
        for (day_markers, _) in per_day {
            let before = markers.len();
            markers.extend(day_markers.into_iter().filter(|m| query.admits(m, Districts::builtin())));
            densest_day = densest_day.max(markers.len() - before);
        }
        let missing = wanted.saturating_sub(markers.len());
        batch = match densest_day {
            0 => CONCURRENT_QUERIES,
            densest => (missing * 9 / 10 / densest).clamp(1, CONCURRENT_QUERIES),
        };
    }
    Ok(markers)
}

/// `GET /api/feed.atom`: the newest public signals as an Atom feed, with the map's filters (`category`,
/// `status`, `district`, `days`), so anyone can follow a district or a category in a feed reader.
pub async fn get_feed(deps: Arc<FeedDeps>, request: Request) -> Answer {
    let query = map_query(deps.catalogue, &request)?;
    let now = deps.clock.now();
    let mut markers = recent_markers(&deps.index, &query, MAX_FEED_ENTRIES, now).await?;
    // Newest first: by day, then by registry number (numbers are given in order of registration).
    markers.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| b.number.cmp(&a.number)));
    let base = &deps.site.base_url;
    let raw_query = request.uri().query().filter(|q| !q.is_empty());
    let self_url = format!("{base}/api/feed.atom{}", raw_query.map(|q| format!("?{q}")).unwrap_or_default());
    let scope = FeedScope { district: query.district.as_deref(), category: query.category.as_deref() };
    let xml = atom(&markers, &scope, deps.catalogue, base, &self_url, now);
    let response = Response::builder()
        .status(200)
        .header("content-type", "application/atom+xml; charset=utf-8")
        .body(Body::Text(xml))
        .unwrap_or_else(|_| Problem::internal().into_response());
    Ok(response)
}

/// `GET /api/signals/nearby?lat=&lon=[&category=]`: open signals within 250 m from the last 90 days, nearest
/// first, so the form can offer to subscribe instead of filing a duplicate. Reads the point's geohash cell
/// and its eight neighbours.
pub async fn get_nearby(deps: Arc<NearbyDeps>, request: Request) -> Answer {
    let query = NearbyQuery::parse(&query_map(&request), deps.catalogue)
        .map_err(|e| Problem { status: 400, ..Problem::validation(e) })?;
    let centre = geohash_of(query.point, NEAR_GEOHASH_PRECISION);
    let mut cells = vec![centre.clone()];
    if let Ok(n) = geohash::neighbors(&centre) {
        cells.extend([n.n, n.ne, n.e, n.se, n.s, n.sw, n.w, n.nw]);
    }
    let since = deps.clock.now() - SignedDuration::from_hours(24 * NEARBY_DAYS);
    let per_cell: Vec<_> = stream::iter(cells.into_iter().map(|cell| {
        let index = deps.index.clone();
        async move { index.markers_in_cell(&cell, since).await }
    }))
    .buffered(CONCURRENT_QUERIES)
    .try_collect()
    .await?;
    let found = nearby(&query, per_cell.into_iter().flatten().collect());
    Ok(json(200, &json!({ "signals": found })))
}
