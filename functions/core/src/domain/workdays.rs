//! Bulgaria's working days: which days a term in working days counts, and which day a term that ends on a day off
//! moves to.
//!
//! - The official holidays are those of the Labour Code, art. 154(1): 1 January, 3 March, 1 May, 6 May, 24 May,
//!   6 September, 22 September, 24–26 December, and Good Friday, Holy Saturday, Easter Sunday and Easter Monday of
//!   the Orthodox Easter. (1 November is a day off for schools only, so not here.)
//! - Art. 154(2): when a holiday other than Easter's falls on a Saturday or Sunday, the first working day after it
//!   (the first two, for two such holidays) is a day off.
//! - The government moves days off and declares working Saturdays each year (art. 154(3)): those are data, kept by
//!   the administrators as [`CalendarChanges`].

use super::catalogue::Name;
use jiff::ToSpan;
use jiff::civil::{Date, Weekday};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The government's changes to a year's days: days off moved onto a weekday, and the Saturdays worked instead.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CalendarChanges {
    /// Weekdays declared days off, with the decision that declared them.
    pub days_off: Vec<ChangedDay>,
    /// Saturdays (or Sundays) declared working days.
    pub working_days: Vec<ChangedDay>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ChangedDay {
    #[schemars(with = "String")]
    pub date: Date,
    /// Where it was declared, e.g. "РМС № 935 от 30.11.2025" (may be empty).
    pub note: String,
}

/// Why a day is not a working day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DayOff {
    Weekend,
    Holiday(Name),
    /// The day off after a holiday that fell on a weekend (art. 154(2)).
    AfterHoliday(Name),
    /// Declared by the government.
    Declared,
}

impl DayOff {
    /// How a person reads it, in both languages.
    pub fn describe(&self) -> Name {
        let (bg, en) = match self {
            Self::Weekend => ("почивен ден".to_owned(), "a weekend day".to_owned()),
            Self::Holiday(name) => {
                (format!("официален празник ({})", name.bg), format!("a public holiday ({})", name.en))
            }
            Self::AfterHoliday(name) => (
                format!("почивен ден след празник, паднал в почивен ден ({})", name.bg),
                format!("the day off after a holiday on a weekend ({})", name.en),
            ),
            Self::Declared => {
                ("обявен от правителството почивен ден".to_owned(), "a day off declared by the government".to_owned())
            }
        };
        Name { bg, en }
    }
}

/// The working-day calendar: the law's holidays plus the government's changes.
#[derive(Debug, Clone, Default)]
pub struct WorkCalendar {
    changes: CalendarChanges,
}

const FIXED_HOLIDAYS: [(i8, i8, &str, &str); 10] = [
    (1, 1, "Нова година", "New Year's Day"),
    (3, 3, "Ден на Освобождението", "Liberation Day"),
    (5, 1, "Ден на труда", "Labour Day"),
    (5, 6, "Гергьовден", "St George's Day"),
    (5, 24, "Ден на светите братя Кирил и Методий", "Day of Saints Cyril and Methodius"),
    (9, 6, "Ден на Съединението", "Unification Day"),
    (9, 22, "Ден на Независимостта", "Independence Day"),
    (12, 24, "Бъдни вечер", "Christmas Eve"),
    (12, 25, "Рождество Христово", "Christmas Day"),
    (12, 26, "Рождество Христово", "Christmas Day"),
];

/// Orthodox Easter Sunday of `year`, in the Gregorian calendar (Meeus' Julian algorithm, plus the 13 days between
/// the calendars, right for 1900–2099).
pub fn orthodox_easter(year: i16) -> Option<Date> {
    let y = i32::from(year);
    let (a, b, c) = (y % 4, y % 7, y % 19);
    let d = (19 * c + 15) % 30;
    let e = (2 * a + 4 * b - d + 34) % 7;
    let month = (d + e + 114) / 31;
    let day = (d + e + 114) % 31 + 1;
    let julian = Date::new(year, i8::try_from(month).ok()?, i8::try_from(day).ok()?).ok()?;
    julian.checked_add(13.days()).ok()
}

/// The official holidays of `year` and the days off after those that fell on a weekend.
fn days_off_by_law(year: i16) -> BTreeMap<Date, DayOff> {
    let name = |bg: &str, en: &str| Name { bg: bg.to_owned(), en: en.to_owned() };
    let mut days = BTreeMap::new();
    let mut fixed = Vec::new();
    for (month, day, bg, en) in FIXED_HOLIDAYS.iter() {
        if let Ok(date) = Date::new(year, *month, *day) {
            days.insert(date, DayOff::Holiday(name(bg, en)));
            fixed.push((date, name(bg, en)));
        }
    }
    if let Some(easter) = orthodox_easter(year) {
        for (offset, bg, en) in [
            (-2, "Велики петък", "Good Friday"),
            (-1, "Велика събота", "Holy Saturday"),
            (0, "Великден", "Easter Sunday"),
            (1, "Великден", "Easter Monday"),
        ] {
            if let Ok(date) = easter.checked_add(offset.days()) {
                days.insert(date, DayOff::Holiday(name(bg, en)));
            }
        }
    }
    // Art. 154(2): each fixed holiday on a weekend gives the next weekday that is not already off.
    for (date, holiday) in fixed {
        if !is_weekend(date) {
            continue;
        }
        let mut next = date;
        loop {
            let Ok(following) = next.checked_add(1.day()) else { break };
            next = following;
            if !is_weekend(next) && !days.contains_key(&next) {
                days.insert(next, DayOff::AfterHoliday(holiday));
                break;
            }
        }
    }
    days
}

fn is_weekend(date: Date) -> bool {
    matches!(date.weekday(), Weekday::Saturday | Weekday::Sunday)
}

/// A day that is not a working day, and why: what the calendar of a year lists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct DayOffView {
    #[schemars(with = "String")]
    pub date: Date,
    pub why: Name,
}

impl WorkCalendar {
    pub fn new(changes: CalendarChanges) -> Self {
        Self { changes }
    }

    /// Every weekday of `year` that is not a working day, and every weekend day worked, in date order.
    pub fn year(&self, year: i16) -> (Vec<DayOffView>, Vec<ChangedDay>) {
        let mut days_off = Vec::new();
        let Ok(first) = Date::new(year, 1, 1) else { return (days_off, Vec::new()) };
        let mut day = first;
        while day.year() == year {
            if !is_weekend(day)
                && let Some(why) = self.day_off(day)
            {
                days_off.push(DayOffView { date: day, why: why.describe() });
            }
            match day.checked_add(1.day()) {
                Ok(next) => day = next,
                Err(_) => break,
            }
        }
        let worked = self.changes.working_days.iter().filter(|d| d.date.year() == year).cloned().collect();
        (days_off, worked)
    }

    pub fn changes(&self) -> &CalendarChanges {
        &self.changes
    }

    /// Why `date` is not a working day, or `None` if it is one.
    pub fn day_off(&self, date: Date) -> Option<DayOff> {
        if self.changes.working_days.iter().any(|d| d.date == date) {
            return None;
        }
        if self.changes.days_off.iter().any(|d| d.date == date) {
            return Some(DayOff::Declared);
        }
        if let Some(off) = days_off_by_law(date.year()).remove(&date) {
            return Some(off);
        }
        is_weekend(date).then_some(DayOff::Weekend)
    }

    pub fn is_working_day(&self, date: Date) -> bool {
        self.day_off(date).is_none()
    }

    /// The first working day on or after `date`.
    pub fn on_or_after(&self, date: Date) -> Date {
        let mut day = date;
        // A year never has more than a few weeks off in a row; the bound only guards against bad data.
        for _ in 0..60 {
            if self.is_working_day(day) {
                return day;
            }
            match day.checked_add(1.day()) {
                Ok(next) => day = next,
                Err(_) => break,
            }
        }
        day
    }

    /// The day `count` working days after `date` (not counting `date` itself).
    pub fn add_working_days(&self, date: Date, count: u16) -> Date {
        let mut day = date;
        let mut left = count;
        while left > 0 {
            match day.checked_add(1.day()) {
                Ok(next) => day = next,
                Err(_) => break,
            }
            if self.is_working_day(day) {
                left -= 1;
            }
        }
        day
    }

    /// How many working days lie after `from` up to and including `to` (0 when `to` is not after `from`).
    pub fn working_days_between(&self, from: Date, to: Date) -> u32 {
        let mut count = 0;
        let mut day = from;
        while day < to {
            match day.checked_add(1.day()) {
                Ok(next) => day = next,
                Err(_) => break,
            }
            if self.is_working_day(day) {
                count += 1;
            }
        }
        count
    }
}

/// Why a calendar edit is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CalendarError {
    #[error("{date} is not a weekday, so it cannot be declared a day off")]
    DayOffNotWeekday { date: Date },
    #[error("{date} is not a Saturday or Sunday, so it is a working day already")]
    WorkingDayNotWeekend { date: Date },
    #[error("{date} is listed twice")]
    Twice { date: Date },
    #[error("{date} is outside the years the calendar keeps (2020–2100)")]
    OutOfRange { date: Date },
}

impl CalendarChanges {
    /// The changes, if each date is a day it makes sense to change.
    pub fn validated(self) -> Result<Self, (&'static str, CalendarError)> {
        let mut seen = std::collections::BTreeSet::new();
        for (field, days, weekend_wanted) in
            [("days_off", &self.days_off, false), ("working_days", &self.working_days, true)]
        {
            for day in days {
                let date = day.date;
                if !(2020..=2100).contains(&date.year()) {
                    return Err((field, CalendarError::OutOfRange { date }));
                }
                if !seen.insert(date) {
                    return Err((field, CalendarError::Twice { date }));
                }
                match (weekend_wanted, is_weekend(date)) {
                    (false, true) => return Err((field, CalendarError::DayOffNotWeekday { date })),
                    (true, false) => return Err((field, CalendarError::WorkingDayNotWeekend { date })),
                    _ => {}
                }
            }
        }
        Ok(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn orthodox_easter_matches_the_published_dates() {
        assert_eq!(orthodox_easter(2024), Some(date(2024, 5, 5)));
        assert_eq!(orthodox_easter(2025), Some(date(2025, 4, 20)));
        assert_eq!(orthodox_easter(2026), Some(date(2026, 4, 12)));
        assert_eq!(orthodox_easter(2027), Some(date(2027, 5, 2)));
    }

    #[test]
    fn holidays_easter_and_weekends_are_days_off() {
        let calendar = WorkCalendar::default();
        assert!(matches!(calendar.day_off(date(2026, 3, 3)), Some(DayOff::Holiday(_))));
        assert!(matches!(calendar.day_off(date(2026, 4, 10)), Some(DayOff::Holiday(_))), "Good Friday");
        assert!(matches!(calendar.day_off(date(2026, 4, 13)), Some(DayOff::Holiday(_))), "Easter Monday");
        assert_eq!(calendar.day_off(date(2026, 12, 5)), Some(DayOff::Weekend));
        assert!(calendar.is_working_day(date(2026, 12, 4)));
        assert!(calendar.is_working_day(date(2026, 11, 2)), "1 November is off for schools only");
    }

    #[test]
    fn a_holiday_on_a_weekend_gives_the_next_weekday_off() {
        let calendar = WorkCalendar::default();
        // 2026: 6 September is a Sunday, so Monday 7 September is off.
        assert!(matches!(calendar.day_off(date(2026, 9, 7)), Some(DayOff::AfterHoliday(_))));
        // 2027: 25 and 26 December are Saturday and Sunday: Monday 27 and Tuesday 28 are off.
        assert!(matches!(calendar.day_off(date(2027, 12, 27)), Some(DayOff::AfterHoliday(_))));
        assert!(matches!(calendar.day_off(date(2027, 12, 28)), Some(DayOff::AfterHoliday(_))));
        assert!(calendar.is_working_day(date(2027, 12, 29)));
        // Easter's days give nothing after them: Easter Monday is already the day off.
        assert!(calendar.is_working_day(date(2026, 4, 14)));
    }

    #[test]
    fn the_governments_changes_move_days() {
        let changes = CalendarChanges {
            days_off: vec![ChangedDay { date: date(2026, 12, 31), note: "РМС".into() }],
            working_days: vec![ChangedDay { date: date(2026, 12, 12), note: "РМС".into() }],
        };
        let calendar = WorkCalendar::new(changes.clone().validated().unwrap());
        assert_eq!(calendar.day_off(date(2026, 12, 31)), Some(DayOff::Declared));
        assert!(calendar.is_working_day(date(2026, 12, 12)), "a working Saturday");
        assert_eq!(calendar.add_working_days(date(2026, 12, 11), 1), date(2026, 12, 12));
        // 24–26 December, and Monday 28 for the 26th, a Saturday.
        assert_eq!(calendar.on_or_after(date(2026, 12, 24)), date(2026, 12, 29));
    }

    #[test]
    fn working_days_are_counted_over_holidays() {
        let calendar = WorkCalendar::default();
        // Wednesday 23 December 2026 + 3 working days: 24–28 are off (the 26th is a Saturday), so 29, 30, 31.
        assert_eq!(calendar.add_working_days(date(2026, 12, 23), 3), date(2026, 12, 31));
        assert_eq!(calendar.working_days_between(date(2026, 12, 23), date(2026, 12, 31)), 3);
        assert_eq!(calendar.working_days_between(date(2026, 12, 30), date(2026, 12, 23)), 0);
    }

    #[test]
    fn edits_that_make_no_sense_are_refused() {
        let day = |y, m, d| ChangedDay { date: date(y, m, d), note: String::new() };
        let weekend_off = CalendarChanges { days_off: vec![day(2026, 12, 5)], working_days: vec![] };
        assert_eq!(
            weekend_off.validated(),
            Err(("days_off", CalendarError::DayOffNotWeekday { date: date(2026, 12, 5) }))
        );
        let weekday_worked = CalendarChanges { days_off: vec![], working_days: vec![day(2026, 12, 4)] };
        assert!(matches!(weekday_worked.validated(), Err(("working_days", _))));
        let twice = CalendarChanges { days_off: vec![day(2026, 12, 4), day(2026, 12, 4)], working_days: vec![] };
        assert!(matches!(twice.validated(), Err(("days_off", CalendarError::Twice { .. }))));
        let far = CalendarChanges { days_off: vec![day(2200, 1, 5)], working_days: vec![] };
        assert!(matches!(far.validated(), Err((_, CalendarError::OutOfRange { .. }))));
    }
}
