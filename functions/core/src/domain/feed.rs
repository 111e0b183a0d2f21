//! The Atom feed of new public signals (as FixMyStreet offers per area): readers, newsrooms and neighbourhood
//! groups follow a district or a category without an account. Markers only: no sender data can reach it.

use super::calendar::sofia_time_zone;
use super::catalogue::Catalogue;
use super::public_map::Marker;
use jiff::Timestamp;
use jiff::civil::Date;
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};

/// Entries in one feed: readers poll it, the newest matter.
pub const MAX_FEED_ENTRIES: usize = 100;

/// The start of a Sofia registry day, the time a marker carries.
fn day_start(date: &str) -> Option<Timestamp> {
    date.parse::<Date>().ok()?.to_zoned_datetime(sofia_time_zone()).ok().map(|z| z.timestamp())
}

/// What the feed is about, for its title: "Район „Лозенец“ · Улици и тротоари", or all of Sofia.
pub struct FeedScope<'a> {
    pub district: Option<&'a str>,
    pub category: Option<&'a str>,
}

/// The Atom 1.0 document for `markers` (newest first). `self_url` is the feed's own address; entries link to
/// the public signal pages under `base_url`.
pub fn atom(
    markers: &[Marker],
    scope: &FeedScope<'_>,
    catalogue: &Catalogue,
    base_url: &str,
    self_url: &str,
    now: Timestamp,
) -> String {
    let mut writer = Writer::new_with_indent(Vec::new(), b' ', 1);
    let mut write = |event: Event<'_>| {
        let _ = writer.write_event(event);
    };
    let text = |write: &mut dyn FnMut(Event<'_>), name: &str, value: &str| {
        write(Event::Start(BytesStart::new(name)));
        write(Event::Text(BytesText::new(value)));
        write(Event::End(BytesEnd::new(name)));
    };
    let link = |write: &mut dyn FnMut(Event<'_>), rel: &str, href: &str| {
        write(Event::Empty(BytesStart::new("link").with_attributes([("rel", rel), ("href", href)])));
    };
    let mut title = String::from("Сигнали до Столична община");
    let district = scope.district.and_then(|d| catalogue.district(d));
    let category = scope.category.and_then(|c| catalogue.category(c));
    for part in [district.map(|d| d.name.bg.as_str()), category.map(|c| c.name.bg.as_str())].into_iter().flatten() {
        title.push_str(" · ");
        title.push_str(part);
    }
    let updated = markers.first().and_then(|m| day_start(&m.date)).unwrap_or(now);

    write(Event::Decl(BytesDecl::new("1.0", Some("utf-8"), None)));
    write(Event::Start(BytesStart::new("feed").with_attributes([
        ("xmlns", "http://www.w3.org/2005/Atom"),
        ("xmlns:georss", "http://www.georss.org/georss"),
        ("xml:lang", "bg"),
    ])));
    text(&mut write, "id", self_url);
    text(&mut write, "title", &title);
    text(&mut write, "subtitle", "Нови сигнали от последните 30 дни — Контактен център на Столична община");
    text(&mut write, "updated", &updated.to_string());
    link(&mut write, "self", self_url);
    link(&mut write, "alternate", &format!("{base_url}/"));
    write(Event::Start(BytesStart::new("author")));
    text(&mut write, "name", "Контактен център на Столична община");
    write(Event::End(BytesEnd::new("author")));
    for marker in markers.iter().take(MAX_FEED_ENTRIES) {
        let url = format!("{base_url}/track.html?number={}", marker.number);
        let category = catalogue.category(&marker.category);
        let kind = category
            .and_then(|c| c.signal_type(&marker.signal_type))
            .map_or(marker.signal_type.as_str(), |t| t.name.bg.as_str());
        let mut summary = format!("Състояние: {}", marker.status.label().bg);
        if let Some(category) = category {
            summary.push_str(&format!(" · Категория: {}", category.name.bg));
        }
        if let Some(district) = marker.district.as_deref().and_then(|d| catalogue.district(d)) {
            summary.push_str(&format!(" · Район: {}", district.name.bg));
        }
        write(Event::Start(BytesStart::new("entry")));
        text(&mut write, "id", &url);
        text(&mut write, "title", &format!("{kind} — № {}", marker.number));
        text(&mut write, "updated", &day_start(&marker.date).unwrap_or(now).to_string());
        link(&mut write, "alternate", &url);
        text(&mut write, "summary", &summary);
        if let Some(point) = marker.point {
            text(&mut write, "georss:point", &format!("{:.6} {:.6}", point.lat(), point.lon()));
        }
        write(Event::End(BytesEnd::new("entry")));
    }
    write(Event::End(BytesEnd::new("feed")));
    String::from_utf8(writer.into_inner()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::status::Status;

    fn marker(number: &str, date: &str) -> Marker {
        Marker {
            number: number.into(),
            category: "streets".into(),
            signal_type: "pothole".into(),
            status: Status::New,
            district: Some("lozenets".into()),
            point: crate::domain::location::SofiaPoint::new(42.675, 23.325).ok(),
            date: date.into(),
            thumbnail: None,
            due_on: None,
            long_overdue_on: None,
        }
    }

    #[test]
    fn the_feed_is_atom_with_an_entry_per_signal_linking_to_its_page() {
        let markers = [marker("2026-000002", "2026-11-30"), marker("2026-000001", "2026-11-29")];
        let scope = FeedScope { district: Some("lozenets"), category: None };
        let now: Timestamp = "2026-11-30T10:00:00Z".parse().unwrap();
        let xml = atom(
            &markers,
            &scope,
            Catalogue::builtin(),
            "https://kc.sofia.bg",
            "https://kc.sofia.bg/api/feed.atom?district=lozenets",
            now,
        );
        assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>"));
        assert!(xml.contains("<feed xmlns=\"http://www.w3.org/2005/Atom\""));
        assert!(
            xml.contains("<title>Сигнали до Столична община · Район „Лозенец“</title>")
                || xml.contains("Лозенец</title>"),
            "{xml}"
        );
        assert_eq!(xml.matches("<entry>").count(), 2);
        assert!(xml.contains("<link rel=\"alternate\" href=\"https://kc.sofia.bg/track.html?number=2026-000002\"/>"));
        // Midnight in Sofia (UTC+2 in November) is 22:00 UTC the day before.
        assert!(xml.contains("<updated>2026-11-29T22:00:00Z</updated>"), "{xml}");
        assert!(xml.contains("<georss:point>42.675000 23.325000</georss:point>"));
    }

    #[test]
    fn text_is_escaped() {
        let mut odd = marker("2026-000003", "2026-11-30");
        odd.signal_type = "<script>&".into();
        let xml = atom(
            &[odd],
            &FeedScope { district: None, category: None },
            Catalogue::builtin(),
            "https://x",
            "https://x/f",
            Timestamp::UNIX_EPOCH,
        );
        assert!(xml.contains("&lt;script&gt;&amp;") && !xml.contains("<script>"));
    }
}
