//! Which of Sofia's 24 districts a point lies in, from the district boundaries in
//! `functions/core/data/districts.geojson` (point-in-polygon, in the domain: no service is asked).

use super::location::SofiaPoint;
use geo::{Contains, Distance, Euclidean, MultiPolygon, Point};
use std::sync::OnceLock;

pub struct Districts {
    areas: Vec<(String, MultiPolygon<f64>)>,
}

/// About 400 m at Sofia's latitude: more than the simplification moved any edge.
pub const NEAREST_WITHIN_DEGREES: f64 = 0.004;

const DISTRICTS_GEOJSON: &str = include_str!("../../data/districts.geojson");

impl Districts {
    /// The boundaries shipped with this build; the data file is checked by the unit tests.
    pub fn builtin() -> &'static Districts {
        static DISTRICTS: OnceLock<Districts> = OnceLock::new();
        DISTRICTS.get_or_init(|| {
            Self::parse(DISTRICTS_GEOJSON).expect("data/districts.geojson is valid (checked by its unit test)")
        })
    }

    pub fn parse(geojson: &str) -> Result<Self, String> {
        let collection: geojson::FeatureCollection = geojson.parse().map_err(|e: geojson::Error| e.to_string())?;
        let mut areas = Vec::new();
        for feature in collection.features {
            let id = feature
                .property("id")
                .and_then(|v| v.as_str())
                .ok_or_else(|| "a district without an id property".to_owned())?
                .to_owned();
            let geometry = feature.geometry.ok_or_else(|| format!("district {id} has no geometry"))?;
            let shape: geo::Geometry<f64> =
                geometry.try_into().map_err(|e: geojson::Error| format!("district {id}: {e}"))?;
            let area = match shape {
                geo::Geometry::Polygon(polygon) => MultiPolygon::new(vec![polygon]),
                geo::Geometry::MultiPolygon(multi) => multi,
                _ => return Err(format!("district {id} is not a polygon")),
            };
            areas.push((id, area));
        }
        Ok(Self { areas })
    }

    /// The district containing the point. The boundaries are simplified (edges moved by up to ~150 m in the
    /// rural districts), so a point in no polygon takes the nearest district within [`NEAREST_WITHIN_DEGREES`];
    /// one farther from every district is left for the Contact Center to route by hand.
    pub fn locate(&self, point: SofiaPoint) -> Option<&str> {
        let point = Point::new(point.lon(), point.lat());
        if let Some((id, _)) = self.areas.iter().find(|(_, area)| area.contains(&point)) {
            return Some(id);
        }
        self.areas
            .iter()
            .map(|(id, area)| (id, Euclidean.distance(&point, area)))
            .filter(|(_, distance)| *distance <= NEAREST_WITHIN_DEGREES)
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(id, _)| id.as_str())
    }

    /// A point inside the district (inside its largest part), where a map labels it or shows what is counted
    /// there without a point of its own; none for an unknown district.
    pub fn label_point(&self, id: &str) -> Option<SofiaPoint> {
        use geo::InteriorPoint;
        let (_, area) = self.areas.iter().find(|(known, _)| known == id)?;
        let point = area.interior_point()?;
        SofiaPoint::new(point.y(), point.x()).ok()
    }

    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.areas.iter().map(|(id, _)| id.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(lat: f64, lon: f64) -> Option<&'static str> {
        Districts::builtin().locate(SofiaPoint::new(lat, lon).unwrap())
    }

    #[test]
    fn the_data_file_has_the_24_districts_of_the_catalogue() {
        let districts = Districts::parse(DISTRICTS_GEOJSON).expect("districts.geojson parses");
        let mut ids: Vec<&str> = districts.ids().collect();
        ids.sort_unstable();
        let mut expected: Vec<&str> =
            super::super::catalogue::Catalogue::builtin().districts.iter().map(|d| d.id.as_str()).collect();
        expected.sort_unstable();
        assert_eq!(ids, expected);
    }

    #[test]
    fn known_places_fall_in_their_districts() {
        assert_eq!(at(42.6966, 23.3213), Some("sredets")); // Sveta Nedelya
        assert_eq!(at(42.6847, 23.3189), Some("triaditsa")); // NDK
        assert_eq!(at(42.675, 23.325), Some("lozenets"));
        assert_eq!(at(42.653, 23.376), Some("mladost"));
        assert_eq!(at(42.715, 23.26), Some("lyulin"));
    }

    #[test]
    fn every_district_has_a_label_point_inside_it() {
        let districts = Districts::builtin();
        for id in districts.ids() {
            let point = districts.label_point(id).unwrap_or_else(|| panic!("{id} has a label point"));
            assert_eq!(districts.locate(point), Some(id), "{id}'s label point lies in it");
        }
        assert_eq!(districts.label_point("atlantis"), None);
    }

    #[test]
    fn points_far_from_every_district_have_none() {
        // Inside Sofia's bounding box but outside the municipality (north-west, Kostinbrod).
        assert_eq!(at(42.88, 23.07), None);
    }
}
