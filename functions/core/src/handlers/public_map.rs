use crate::adapters::records::{NEAR_GEOHASH_PRECISION, geohash_of};
use crate::domain::calendar::recent_sofia_days;
use crate::domain::catalogue::Catalogue;
use crate::domain::districts::Districts;
use crate::domain::feed::{FeedScope, MAX_FEED_ENTRIES, atom};
use crate::domain::public_map::{
    MAX_MAP_MARKERS, MapQuery, Marker, NEARBY_DAYS, NearbyQuery, UnplacedCount, nearby, unplaced_counts,
};
use crate::http::request::query_map;
use crate::http::route::Answer;
use crate::http::{Problem, json};
use crate::ports::{PublicIndex, ReadCost};
use crate::wiring::{Clock, Site};
use futures::stream::{self, StreamExt, TryStreamExt};
use jiff::{SignedDuration, Timestamp};
use lambda_http::{Body, Request, Response};
use serde_json::json;
use std::sync::Arc;

crate::dependencies! {
    pub struct MapDeps { index: Arc<dyn PublicIndex>, catalogue: &'static Catalogue, clock: Clock }
}

crate::dependencies! {
    pub struct FeedDeps { index: Arc<dyn PublicIndex>, catalogue: &'static Catalogue, site: Site, clock: Clock }
}

/// Day partitions read at once.
const CONCURRENT_QUERIES: usize = 10;

fn with_header(mut response: Response<Body>, name: &'static str, value: String) -> Response<Body> {
    if let Ok(value) = value.parse() {
        response.headers_mut().insert(name, value);
    }
    response
}

/// `GET /api/map`: public signals of the last `days` (≤ 30) days as GeoJSON, filterable by `category`,
/// `status`, `district` and `bbox`; those placed by address only are counted per district (`unplaced`), so
/// `total` is every signal of the period, as the overview counts them. Reads one map-index partition per day,
/// never a scan; the `x-read-cost` header tells how many items were read for how many returned.
pub async fn get_map(deps: Arc<MapDeps>, request: Request) -> Answer {
    let query = map_query(deps.catalogue, &request)?;
    let wanted = Wanted { markers: MAX_MAP_MARKERS, whole_days: false };
    let Recent { mut markers, cost, complete } = recent_markers(&deps.index, &query, wanted, deps.clock.now()).await?;
    // Full and not known to be complete counts as truncated: it may be exactly the last marker there was,
    // which is not worth reading one more item for on every request.
    let truncated = markers.len() > MAX_MAP_MARKERS || (markers.len() == MAX_MAP_MARKERS && !complete);
    markers.truncate(MAX_MAP_MARKERS);
    let returned = markers.len();
    let today = deps.clock.now().to_zoned_datetime(crate::domain::calendar::sofia_time_zone()).date();
    let unplaced = unplaced_counts(&markers, Districts::builtin());
    let features: Vec<Feature> = markers.into_iter().filter_map(|marker| Feature::of(marker, today)).collect();
    let total = features.len() + unplaced.iter().map(|u| u.count as usize).sum::<usize>();
    let body =
        FeatureCollection { collection: "FeatureCollection", days: query.days, truncated, total, features, unplaced };
    Ok(with_header(
        json(200, &body),
        "x-read-cost",
        format!("items-read={}, items-returned={returned}, capacity-units={}", cost.items_read, cost.capacity_units),
    ))
}

/// The map's answer: GeoJSON, with how many days it covers and whether markers were left out.
#[derive(serde::Serialize, schemars::JsonSchema)]
pub struct FeatureCollection {
    #[serde(rename = "type")]
    collection: &'static str,
    days: u16,
    truncated: bool,
    /// Every signal the answer covers: the features and the unplaced ones.
    total: usize,
    /// The signals with a point.
    features: Vec<Feature>,
    /// The signals placed by address only, counted per district (a district's count is shown at a point inside
    /// it; those of no known district are shown nowhere on the map).
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

/// How a read of the map index stops: after `markers` admitted markers, and whether the last day read may
/// be cut short (the map: any of that day's markers will do) or must be read whole (the feed wants the newest
/// of the day, and a day's partition is ordered by place, not time).
struct Wanted {
    markers: usize,
    whole_days: bool,
}

/// The markers a map query admits, newest day first, and what reading them cost. Reads no more days than it
/// needs: one day first, then as many days at once as the densest day seen so far says are still missing
/// (at most `CONCURRENT_QUERIES`), and the last day only up to the markers missing — so at 50,000 signals in
/// 30 days the map reads the 5,000 markers it shows, not all 50,000.
async fn recent_markers(
    index: &Arc<dyn PublicIndex>,
    query: &MapQuery,
    wanted: Wanted,
    now: Timestamp,
) -> Result<Recent, Problem> {
    let mut days = recent_sofia_days(now, query.days).into_iter().peekable();
    let cut_days_short = !wanted.whole_days && !query.filters_after_reading();
    let (mut markers, mut cost, mut densest_day, mut batch) = (Vec::new(), ReadCost::default(), 0, 1);
    let mut a_day_cut_short = false;
    while markers.len() < wanted.markers {
        let chunk: Vec<String> = days.by_ref().take(batch).collect();
        if chunk.is_empty() {
            break;
        }
        let missing = wanted.markers - markers.len();
        let limit = cut_days_short.then_some(missing);
        let per_day: Vec<_> = stream::iter(chunk.into_iter().map(|day| {
            let (index, category) = (index.clone(), query.category.clone());
            async move { index.markers_of_day(&day, category.as_deref(), limit).await }
        }))
        .buffered(CONCURRENT_QUERIES)
        .try_collect()
        .await?;
        for (day_markers, day_cost) in per_day {
            cost += day_cost;
            a_day_cut_short |= limit.is_some_and(|limit| day_markers.len() >= limit);
            let before = markers.len();
            markers.extend(day_markers.into_iter().filter(|m| query.admits(m, Districts::builtin())));
            densest_day = densest_day.max(markers.len() - before);
        }
        // Days read at once are read whole (up to what is missing), so take only as many as the densest day
        // so far says will surely be needed, with a margin; the last day alone, cut at what is still missing.
        let missing = wanted.markers.saturating_sub(markers.len());
        batch = match densest_day {
            0 => CONCURRENT_QUERIES,
            densest => (missing * 9 / 10 / densest).clamp(1, CONCURRENT_QUERIES),
        };
    }
    let complete = days.peek().is_none() && !a_day_cut_short;
    Ok(Recent { markers, cost, complete })
}

/// What [`recent_markers`] read.
struct Recent {
    markers: Vec<Marker>,
    cost: ReadCost,
    /// Whether every admitted marker of the period is in `markers` (no day left unread or cut short).
    complete: bool,
}

/// `GET /api/feed.atom`: the newest public signals as an Atom feed, with the map's filters (`category`,
/// `status`, `district`, `days`), so anyone can follow a district or a category in a feed reader.
pub async fn get_feed(deps: Arc<FeedDeps>, request: Request) -> Answer {
    let query = map_query(deps.catalogue, &request)?;
    let wanted = Wanted { markers: MAX_FEED_ENTRIES, whole_days: true };
    let now = deps.clock.now();
    let mut markers = recent_markers(&deps.index, &query, wanted, now).await?.markers;
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
pub async fn get_nearby(deps: Arc<MapDeps>, request: Request) -> Answer {
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
