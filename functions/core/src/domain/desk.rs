//! The back office's one view of everything: which documents a staff member asks to see (scope, statuses,
//! filters, order), and the row a clerk triages from. Which index serves a query is the store's business; what
//! matches is decided here, so every store answers the same.

use super::FieldError;
use super::catalogue::Catalogue;
use super::document::{Document, Subject};
use super::intake::Channel;
use super::kind::DocumentKind;
use super::registry::RegistryNumber;
use super::status::Status;
use super::views::{CodeAndName, DocumentSummary};
use super::workflow::Staff;
use jiff::Timestamp;
use jiff::civil::Date;
use serde::Serialize;

/// Whose documents: the whole city (operators), or one unit's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeskScope {
    City,
    Unit(String),
}

/// The order of a view: soonest due first, oldest filed first, or most followed first (only those followed).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DeskSort {
    #[default]
    Due,
    Age,
    Followers,
}

/// What a view keeps of the documents in its scope and statuses (all of them must match).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DeskFilter {
    pub kind: Option<DocumentKind>,
    pub category: Option<String>,
    pub signal_type: Option<String>,
    pub district: Option<String>,
    pub channel: Option<Channel>,
    /// The clerk named to work on it (`my work`), by e-mail.
    pub assignee: Option<String>,
    /// Only those past their due date on this day.
    pub overdue_on: Option<Date>,
    /// Only those filed before this time (`older_than` days).
    pub filed_before: Option<Timestamp>,
    /// Only those someone follows (the store's followed index serves it; a document does not know it).
    pub followed: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DeskQuery {
    pub scope: DeskScope,
    pub statuses: Vec<Status>,
    pub sort: DeskSort,
    pub filter: DeskFilter,
}

/// The longest `older_than` a view takes, in days.
const MAX_AGE_DAYS: i64 = 3660;

impl DeskQuery {
    /// Reads a view's query parameters for `staff`: `unit` (operators: any or none for the whole city; a unit's
    /// clerks: theirs), `status` (a status, `open`, `decided` or `all`; `open` by default), `kind`, `category`,
    /// `type`, `district`, `channel`, `assignee` (`me` or an e-mail), `overdue=true`, `older_than` (days),
    /// `followed=true` and `sort` (`due`, `age` or `followers`). Every error at once.
    pub fn parse<'a>(
        param: impl Fn(&str) -> Option<&'a str>,
        staff: &Staff,
        staff_email: Option<&str>,
        catalogue: &Catalogue,
        now: Timestamp,
    ) -> Result<Self, Vec<FieldError>> {
        let mut errors = Vec::new();
        let value = |name: &str| param(name).map(str::trim).filter(|v| !v.is_empty());
        let scope = match value("unit") {
            Some(unit) if catalogue.unit(unit).is_none() => {
                errors.push(FieldError::new("unit", "unknown", format!("unknown unit {unit:?}")));
                DeskScope::City
            }
            Some(unit) if !staff.may_read_queue(unit) => {
                errors.push(FieldError::new("unit", "forbidden", "you may see your own unit's documents only"));
                DeskScope::City
            }
            Some(unit) => DeskScope::Unit(unit.to_owned()),
            None if staff.is_operator() => DeskScope::City,
            None => match staff.units().next() {
                Some(unit) => DeskScope::Unit(unit.to_owned()),
                None => {
                    errors.push(FieldError::new("unit", "required", "name your unit"));
                    DeskScope::City
                }
            },
        };
        let statuses = match value("status").unwrap_or("open") {
            "open" => Status::all().filter(|s| s.is_open()).collect(),
            "decided" => Status::all().filter(|s| !s.is_open()).collect(),
            "all" => Status::all().collect(),
            other => match Status::parse(other) {
                Some(status) => vec![status],
                None => {
                    errors.push(FieldError::new("status", "unknown", "a status, open, decided or all"));
                    Vec::new()
                }
            },
        };
        let sort = match value("sort").unwrap_or("due") {
            "due" => DeskSort::Due,
            "age" => DeskSort::Age,
            "followers" => DeskSort::Followers,
            _ => {
                errors.push(FieldError::new("sort", "unknown", "sort is due, age or followers"));
                DeskSort::Due
            }
        };
        let mut known = |name: &str, exists: &dyn Fn(&str) -> bool| match value(name) {
            Some(id) if exists(id) => Some(id.to_owned()),
            Some(id) => {
                errors.push(FieldError::new(name, "unknown", format!("unknown {name} {id:?}")));
                None
            }
            None => None,
        };
        let kind = known("kind", &|id| DocumentKind::parse(id).is_some()).and_then(|k| DocumentKind::parse(&k));
        let category = known("category", &|id| catalogue.category(id).is_some());
        let signal_type = known("type", &|id| {
            let category = category.as_deref().and_then(|c| catalogue.category(c));
            match category {
                Some(category) => category.signal_type(id).is_some(),
                None => catalogue.signal_categories.iter().any(|c| c.signal_type(id).is_some()),
            }
        });
        let district = known("district", &|id| catalogue.district(id).is_some());
        let channel = known("channel", &|id| Channel::parse(id).is_some()).and_then(|c| Channel::parse(&c));
        let assignee = match value("assignee") {
            None => None,
            Some("me") => staff_email.map(str::to_lowercase),
            Some(email) if email.contains('@') && email.len() <= 254 => Some(email.to_lowercase()),
            Some(_) => {
                errors.push(FieldError::new("assignee", "invalid", "assignee is me or a clerk's e-mail"));
                None
            }
        };
        let overdue_on = match value("overdue") {
            None | Some("false") => None,
            Some("true") => Some(now.to_zoned_datetime(super::calendar::sofia_time_zone()).date()),
            Some(_) => {
                errors.push(FieldError::new("overdue", "invalid", "overdue is true or false"));
                None
            }
        };
        let filed_before = match value("older_than") {
            None => None,
            Some(days) => match days.parse::<i64>().ok().filter(|d| (0..=MAX_AGE_DAYS).contains(d)) {
                Some(days) => now.checked_sub(jiff::SignedDuration::from_hours(days * 24)).ok(),
                None => {
                    errors.push(FieldError::new("older_than", "out_of_range", "older_than is 0 to 3660 days"));
                    None
                }
            },
        };
        let followed = match value("followed") {
            None | Some("false") => false,
            Some("true") => true,
            Some(_) => {
                errors.push(FieldError::new("followed", "invalid", "followed is true or false"));
                false
            }
        };
        let filter =
            DeskFilter { kind, category, signal_type, district, channel, assignee, overdue_on, filed_before, followed };
        if errors.is_empty() { Ok(Self { scope, statuses, sort, filter }) } else { Err(errors) }
    }

    /// Whether a document belongs in the view (scope, status and every filter).
    pub fn matches(&self, document: &Document) -> bool {
        let in_scope = match &self.scope {
            DeskScope::City => true,
            DeskScope::Unit(unit) => &document.unit == unit,
        };
        in_scope && self.statuses.contains(&document.status) && self.filter.matches(document)
    }
}

impl DeskFilter {
    pub fn matches(&self, document: &Document) -> bool {
        let (category, signal_type) = match &document.subject {
            Subject::Signal { category, signal_type, .. } => (Some(category.as_str()), Some(signal_type.as_str())),
            _ => (None, None),
        };
        let due_on = document.deadline.as_ref().map(|d| d.due_on);
        self.kind.is_none_or(|k| k == document.kind())
            && self.category.as_deref().is_none_or(|c| Some(c) == category)
            && self.signal_type.as_deref().is_none_or(|t| Some(t) == signal_type)
            && self.district.as_deref().is_none_or(|d| Some(d) == document.district.as_deref())
            && self.channel.is_none_or(|c| c == document.channel)
            && self.assignee.as_deref().is_none_or(|a| Some(a) == document.assignee.as_deref())
            && self.overdue_on.is_none_or(|today| document.status.is_open() && due_on.is_some_and(|d| d < today))
            && self.filed_before.is_none_or(|before| document.registered_at < before)
    }

    /// True when nothing is filtered.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

/// A queue row a clerk can triage from: what it is, where, how old, how late, who follows it, who has it.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct DeskRow {
    #[serde(flatten)]
    pub summary: DocumentSummary,
    pub unit: CodeAndName,
    pub category: Option<CodeAndName>,
    #[serde(rename = "type")]
    pub signal_type: Option<CodeAndName>,
    /// The title or topic, or the first words of the text.
    pub subject: String,
    pub district: Option<CodeAndName>,
    pub address: Option<String>,
    /// Working days are in the due date; this is calendar days past it (0 when on time).
    pub days_overdue: i64,
    /// Calendar days since it was filed.
    pub age_days: i64,
    pub followers: u64,
    pub assignee: Option<String>,
    pub channel: Channel,
    pub version: u64,
}

/// How many characters of the text a row shows when it has no title.
const SUBJECT_CHARS: usize = 90;

impl DeskRow {
    pub fn of(document: &Document, followers: u64, catalogue: &Catalogue, now: Timestamp) -> Self {
        let zone = super::calendar::sofia_time_zone();
        let today = now.to_zoned_datetime(zone.clone()).date();
        let filed = document.registered_at.to_zoned_datetime(zone).date();
        let name = |id: &str, found: Option<super::catalogue::Name>| CodeAndName { id: id.to_owned(), name: found };
        let (category, signal_type, address, subject) = match &document.subject {
            Subject::Signal { category, signal_type, location } => {
                let found = catalogue.category(category);
                let type_name = found.and_then(|c| c.signal_type(signal_type)).map(|t| t.name.clone());
                (
                    Some(name(category, found.map(|c| c.name.clone()))),
                    Some(name(signal_type, type_name)),
                    location.address().map(str::to_owned),
                    first_words(document.description.as_str()),
                )
            }
            Subject::Question { topic } => {
                let topic_name = catalogue.topic(topic).map(|t| t.name.bg.clone()).unwrap_or_else(|| topic.clone());
                (None, None, None, topic_name)
            }
            Subject::Written { title, .. } => (None, None, None, title.clone()),
        };
        let due_on = document.deadline.as_ref().map(|d| d.due_on);
        let days_overdue = match due_on {
            Some(due) if document.status.is_open() && due < today => (today - due).get_days().into(),
            _ => 0,
        };
        Self {
            summary: document.summary(now),
            unit: name(&document.unit, catalogue.unit(&document.unit).map(|u| u.name.clone())),
            category,
            signal_type,
            subject,
            district: document
                .district
                .as_deref()
                .map(|d| name(d, catalogue.district(d).map(|found| found.name.clone()))),
            address,
            days_overdue,
            age_days: (today - filed).get_days().into(),
            followers,
            assignee: document.assignee.clone(),
            channel: document.channel,
            version: document.version,
        }
    }
}

fn first_words(text: &str) -> String {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= SUBJECT_CHARS {
        return flat;
    }
    let cut: String = flat.chars().take(SUBJECT_CHARS).collect();
    match cut.rfind(' ') {
        Some(space) => format!("{}…", &cut[..space]),
        None => format!("{cut}…"),
    }
}

/// The rows of a page in CSV (UTF-8 with a byte-order mark, so spreadsheet programs read Cyrillic).
pub fn to_csv(rows: &[DeskRow]) -> String {
    use super::accounts::quoted;
    let mut out = String::from(
        "\u{feff}number,registered_on,kind,status,unit,category,type,subject,district,address,due,days_overdue,age_days,followers,assignee,channel\n",
    );
    for row in rows {
        let code = |c: &Option<CodeAndName>| c.as_ref().map(|c| c.id.clone()).unwrap_or_default();
        let line = [
            row.summary.number.to_string(),
            row.summary.registered_on.clone(),
            row.summary.kind.as_str().to_owned(),
            row.summary.status.as_str().to_owned(),
            row.unit.id.clone(),
            code(&row.category),
            code(&row.signal_type),
            row.subject.clone(),
            code(&row.district),
            row.address.clone().unwrap_or_default(),
            row.summary.due.as_ref().map(|d| d.date.clone()).unwrap_or_default(),
            row.days_overdue.to_string(),
            row.age_days.to_string(),
            row.followers.to_string(),
            row.assignee.clone().unwrap_or_default(),
            row.channel.as_str().to_owned(),
        ]
        .iter()
        .map(|v| quoted(v))
        .collect::<Vec<_>>()
        .join(",");
        out.push_str(&line);
        out.push('\n');
    }
    out
}

/// A number typed into the search box: `2026-000123`, `000123/2026` or the like, when it is one.
pub fn as_number(text: &str) -> Option<RegistryNumber> {
    text.trim().parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::document::sample_signal;

    fn operator() -> Staff {
        Staff::from_groups("s", "Оператор", &["operators".to_owned()]).unwrap()
    }

    fn clerk() -> Staff {
        Staff::from_groups("c", "Служител", &["unit-lozenets".to_owned()]).unwrap()
    }

    fn parse(pairs: &[(&str, &str)], staff: &Staff) -> Result<DeskQuery, Vec<String>> {
        let now: Timestamp = "2026-12-01T10:00:00Z".parse().unwrap();
        DeskQuery::parse(
            |name| pairs.iter().find(|(k, _)| *k == name).map(|(_, v)| *v),
            staff,
            Some("clerk@kc.sofia.bg"),
            Catalogue::builtin(),
            now,
        )
        .map_err(|errors| errors.into_iter().map(|e| e.field).collect())
    }

    #[test]
    fn operators_see_the_city_and_clerks_their_unit() {
        assert_eq!(parse(&[], &operator()).unwrap().scope, DeskScope::City);
        assert_eq!(parse(&[], &clerk()).unwrap().scope, DeskScope::Unit("lozenets".into()));
        assert_eq!(parse(&[("unit", "mladost")], &clerk()).unwrap_err(), ["unit"]);
    }

    #[test]
    fn every_bad_parameter_is_named() {
        let bad = [
            ("status", "lost"),
            ("kind", "poem"),
            ("category", "x"),
            ("type", "y"),
            ("district", "z"),
            ("channel", "fax"),
            ("overdue", "maybe"),
            ("older_than", "-3"),
            ("sort", "followers?"),
            ("followed", "maybe"),
            ("assignee", "nobody"),
        ];
        let mut fields = parse(&bad, &operator()).unwrap_err();
        fields.sort();
        let mut expected: Vec<&str> = bad.iter().map(|(k, _)| *k).collect();
        expected.sort();
        assert_eq!(fields, expected);
    }

    #[test]
    fn filters_match_what_they_name() {
        let query = parse(&[("category", "streets"), ("assignee", "me")], &clerk()).unwrap();
        let mut document = sample_signal("lozenets");
        assert!(!query.matches(&document), "not assigned to me yet");
        document.assignee = Some("clerk@kc.sofia.bg".into());
        assert!(query.matches(&document));
        document.unit = "mladost".into();
        assert!(!query.matches(&document), "another unit's");
    }

    #[test]
    fn a_row_shows_the_first_words_when_there_is_no_title() {
        let document = sample_signal("lozenets");
        let now: Timestamp = "2026-11-05T10:00:00Z".parse().unwrap();
        let row = DeskRow::of(&document, 3, Catalogue::builtin(), now);
        assert_eq!(row.subject, "Дупка пред входа на блока");
        assert_eq!(row.age_days, 4);
        assert_eq!(row.followers, 3);
        assert!(to_csv(&[row]).lines().nth(1).unwrap().contains("Дупка пред входа"));
    }
}
