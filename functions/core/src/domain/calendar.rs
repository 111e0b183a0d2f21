//! Sofia's calendar: the time zone every date a person sees is in, and the days and years the registry and the
//! map index count by.

use jiff::Timestamp;
use jiff::tz::TimeZone;

/// The time zone of every date a person sees: registry dates are Sofia dates.
/// Sofia's rules (TZif from the IANA database), built in: Lambda's image has no zoneinfo, and bundling the
/// whole database would add about 200 KB to every function for the one zone this system uses.
pub fn sofia_time_zone() -> TimeZone {
    static SOFIA: std::sync::LazyLock<TimeZone> = std::sync::LazyLock::new(|| {
        TimeZone::tzif("Europe/Sofia", include_bytes!("europe-sofia.tzif")).unwrap_or(TimeZone::UTC)
    });
    SOFIA.clone()
}

/// The calendar year in Sofia at `at`: the year whose registry sequence a document filed then belongs to.
pub fn registry_year(at: Timestamp) -> u16 {
    u16::try_from(at.to_zoned_datetime(sofia_time_zone()).year()).unwrap_or(0)
}

/// A date as Bulgarian readers write it: `28.11.2026`.
pub fn sofia_date(at: Timestamp) -> String {
    at.to_zoned_datetime(sofia_time_zone()).strftime("%d.%m.%Y").to_string()
}

/// The Sofia calendar day of an instant, `yyyy-mm-dd`: how the map index groups signals.
pub fn sofia_day(at: Timestamp) -> String {
    at.to_zoned_datetime(sofia_time_zone()).strftime("%Y-%m-%d").to_string()
}

/// The last `days` Sofia calendar days, today first.
pub fn recent_sofia_days(now: Timestamp, days: u16) -> Vec<String> {
    let today = now.to_zoned_datetime(sofia_time_zone()).date();
    (0..i64::from(days))
        .filter_map(|back| today.checked_sub(jiff::Span::new().days(back)).ok())
        .map(|date| date.strftime("%Y-%m-%d").to_string())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registry_year_and_date_follow_sofia_time() {
        // 31 Dec 2025 22:30 UTC is already 1 Jan 2026 in Sofia (UTC+2 in winter).
        let at: Timestamp = "2025-12-31T22:30:00Z".parse().unwrap();
        assert_eq!(registry_year(at), 2026);
        assert_eq!(sofia_date(at), "01.01.2026");
        let summer: Timestamp = "2026-07-15T21:30:00Z".parse().unwrap();
        assert_eq!(sofia_date(summer), "16.07.2026"); // UTC+3 in summer
        assert_eq!(sofia_day(summer), "2026-07-16");
    }

    #[test]
    fn recent_days_count_back_across_months() {
        let at: Timestamp = "2026-03-01T10:00:00Z".parse().unwrap();
        assert_eq!(recent_sofia_days(at, 3), ["2026-03-01", "2026-02-28", "2026-02-27"]);
        assert_eq!(recent_sofia_days(at, 30).len(), 30);
    }
}
