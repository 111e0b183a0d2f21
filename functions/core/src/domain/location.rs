//! Where a problem is: a point inside Sofia Municipality, an address, or both.

use super::text::Address;
use serde::{Deserialize, Serialize};

/// The bounding box of Sofia (Столична община), generous by a few hundred metres so that points on its
/// border are not refused. District polygons refine this for routing.
pub const SOFIA_BOUNDS: Bounds = Bounds { south: 42.45, west: 23.05, north: 42.90, east: 23.65 };

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bounds {
    pub south: f64,
    pub west: f64,
    pub north: f64,
    pub east: f64,
}

impl Bounds {
    pub fn contains(&self, lat: f64, lon: f64) -> bool {
        (self.south..=self.north).contains(&lat) && (self.west..=self.east).contains(&lon)
    }
}

/// A WGS 84 point that lies inside Sofia Municipality. Coordinates are kept to 6 decimals (~0.1 m).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct SofiaPoint {
    lat: f64,
    lon: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum InvalidPoint {
    #[error("latitude and longitude must be numbers")]
    NotANumber,
    #[error("the point is outside Sofia Municipality")]
    OutsideSofia,
}

impl SofiaPoint {
    pub fn new(lat: f64, lon: f64) -> Result<Self, InvalidPoint> {
        if !lat.is_finite() || !lon.is_finite() {
            return Err(InvalidPoint::NotANumber);
        }
        if !SOFIA_BOUNDS.contains(lat, lon) {
            return Err(InvalidPoint::OutsideSofia);
        }
        let round = |v: f64| (v * 1e6).round() / 1e6;
        Ok(Self { lat: round(lat), lon: round(lon) })
    }

    pub fn lat(self) -> f64 {
        self.lat
    }

    pub fn lon(self) -> f64 {
        self.lon
    }
}

/// A place given by a point, an address, or both; never neither.
#[derive(Debug, Clone, PartialEq)]
pub struct Location {
    point: Option<SofiaPoint>,
    address: Option<Address>,
}

impl Location {
    pub fn new(point: Option<SofiaPoint>, address: Option<Address>) -> Option<Self> {
        (point.is_some() || address.is_some()).then_some(Self { point, address })
    }

    pub fn point(&self) -> Option<SofiaPoint> {
        self.point
    }

    pub fn address(&self) -> Option<&str> {
        self.address.as_ref().map(Address::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_points_in_sofia_and_rounds_them() {
        let point = SofiaPoint::new(42.697_708_123, 23.321_868_987).unwrap();
        assert_eq!((point.lat(), point.lon()), (42.697708, 23.321869));
    }

    #[test]
    fn refuses_points_elsewhere_and_non_numbers() {
        assert_eq!(SofiaPoint::new(42.1354, 24.7453), Err(InvalidPoint::OutsideSofia)); // Plovdiv
        assert_eq!(SofiaPoint::new(0.0, 0.0), Err(InvalidPoint::OutsideSofia));
        assert_eq!(SofiaPoint::new(f64::NAN, 23.3), Err(InvalidPoint::NotANumber));
    }

    #[test]
    fn a_location_needs_a_point_or_an_address() {
        assert!(Location::new(None, None).is_none());
        assert!(Location::new(None, Some(Address::parse("бул. Витоша 1").unwrap())).is_some());
    }
}
