//! Registry numbers (деловоден номер): `YYYY-NNNNNN`, one gap-free sequence per calendar year.
//!
//! A number is reserved before its document is written (an atomic counter: filings at once never wait for each
//! other). Every number reserved is then written in the registry book once: *filed* with its document, or
//! *void* with the reason, as paper registries record a spoiled entry, so the sequence read from the book has
//! no hole. A number reserved a short while ago and not yet written is *reserved* (its filing is under way).

use crate::domain::catalogue::Name;
use jiff::{SignedDuration, Timestamp};
use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RegistryNumber {
    year: u16,
    sequence: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a registry number looks like 2026-000123")]
pub struct InvalidRegistryNumber;

pub const FIRST_YEAR: u16 = 2000;
pub const MAX_SEQUENCE: u32 = 999_999;

impl RegistryNumber {
    pub fn new(year: u16, sequence: u32) -> Result<Self, InvalidRegistryNumber> {
        if !(FIRST_YEAR..=9999).contains(&year) || sequence == 0 || sequence > MAX_SEQUENCE {
            return Err(InvalidRegistryNumber);
        }
        Ok(Self { year, sequence })
    }

    pub fn year(self) -> u16 {
        self.year
    }

    pub fn sequence(self) -> u32 {
        self.sequence
    }
}

impl fmt::Display for RegistryNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{:06}", self.year, self.sequence)
    }
}

/// Lenient on what people type: surrounding spaces, and a sequence without its leading zeros (`2026-123`).
impl FromStr for RegistryNumber {
    type Err = InvalidRegistryNumber;

    fn from_str(input: &str) -> Result<Self, Self::Err> {
        let (year, sequence) = input.trim().split_once('-').ok_or(InvalidRegistryNumber)?;
        let all_digits = |s: &str| !s.is_empty() && s.len() <= 6 && s.bytes().all(|b| b.is_ascii_digit());
        if year.len() != 4 || !all_digits(year) || !all_digits(sequence) {
            return Err(InvalidRegistryNumber);
        }
        let year = year.parse().map_err(|_| InvalidRegistryNumber)?;
        let sequence = sequence.parse().map_err(|_| InvalidRegistryNumber)?;
        Self::new(year, sequence)
    }
}

impl serde::Serialize for RegistryNumber {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// As written: the year, a dash and six digits.
impl schemars::JsonSchema for RegistryNumber {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "RegistryNumber".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "type": "string", "pattern": r"^\d{4}-\d{6}$", "examples": ["2026-000042"] })
    }
}

impl<'de> serde::Deserialize<'de> for RegistryNumber {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// Why a registry number holds no document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum VoidReason {
    /// The number was reserved, and writing the document then failed (the filer was told to try again).
    NotWritten,
    /// The filing stopped between reserving the number and writing the document (its function ended), and the
    /// number stayed without a document past [`RESERVATION_GRACE`].
    Abandoned,
}

impl VoidReason {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::NotWritten => "not-written",
            Self::Abandoned => "abandoned",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        [Self::NotWritten, Self::Abandoned].into_iter().find(|r| r.as_str() == code)
    }

    /// The reason as the registry book shows it.
    pub fn explanation(self) -> Name {
        let (bg, en) = match self {
            Self::NotWritten => (
                "Номерът е запазен, но документът не можа да бъде записан; подателят е помолен да опита отново.",
                "The number was reserved, but the document could not be written; the sender was asked to try again.",
            ),
            Self::Abandoned => (
                "Подаването спря след запазването на номера и преди записа на документа.",
                "The filing stopped after the number was reserved and before the document was written.",
            ),
        };
        Name { bg: bg.to_owned(), en: en.to_owned() }
    }
}

/// How long a number may stay reserved without its document before the book records it void ([`VoidReason::
/// Abandoned`]). Far longer than any filing function may run (its timeout is seconds), so a filing still under
/// way is never voided; even then the book stays right, as the document and the void entry exclude each other.
pub const RESERVATION_GRACE: SignedDuration = SignedDuration::from_mins(5);

/// What the book holds for a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recorded {
    /// Filed with its document, registered at `at` (the time the filing began, before it reserved the number).
    Filed {
        at: Timestamp,
    },
    Void {
        reason: VoidReason,
        at: Timestamp,
    },
}

impl Recorded {
    fn at(self) -> Timestamp {
        match self {
            Self::Filed { at } | Self::Void { at, .. } => at,
        }
    }
}

/// A line of the registry book.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Line {
    Recorded(Recorded),
    /// Reserved, its filing possibly still under way.
    Reserved,
    /// Reserved longer than [`RESERVATION_GRACE`] ago and still without a document: to be recorded void.
    Abandoned,
}

/// The lines of the numbers `from..=to` of a year's book, from what it holds (`recorded`, by sequence; entries
/// after `to` may be given too: they tell how old the reservations before them are) and from when the latest
/// number was reserved (`last_reserved_at`; `None` when the counter does not tell).
///
/// Numbers are reserved in order, so a number without an entry was reserved before any later number, and before
/// the latest reservation. A later entry's time is when its filing began, at most a function's run before its
/// own reservation; against a grace of minutes that is close enough.
pub fn book_lines(
    from: u32,
    to: u32,
    recorded: &BTreeMap<u32, Recorded>,
    last_reserved_at: Option<Timestamp>,
    now: Timestamp,
) -> Vec<(u32, Line)> {
    let old = |at: Timestamp| at <= now - RESERVATION_GRACE;
    // Walking back from the end: the oldest time told by any entry after the number, or by the counter.
    let mut oldest_after = last_reserved_at.unwrap_or(Timestamp::UNIX_EPOCH);
    if let Some(after) = recorded.range(to.saturating_add(1)..).map(|(_, r)| r.at()).min() {
        oldest_after = oldest_after.min(after);
    }
    let mut lines = Vec::new();
    for sequence in (from..=to).rev() {
        let line = match recorded.get(&sequence) {
            Some(entry) => {
                oldest_after = oldest_after.min(entry.at());
                Line::Recorded(*entry)
            }
            None if old(oldest_after) => Line::Abandoned,
            None => Line::Reserved,
        };
        lines.push((sequence, line));
    }
    lines.reverse();
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_number_without_its_document_is_reserved_for_a_while_then_abandoned() {
        let t = |minute: i64| Timestamp::UNIX_EPOCH + SignedDuration::from_mins(1_000 + minute);
        let recorded = BTreeMap::from([
            (1, Recorded::Filed { at: t(0) }),
            (3, Recorded::Void { reason: VoidReason::NotWritten, at: t(1) }),
            (5, Recorded::Filed { at: t(9) }),
            (7, Recorded::Filed { at: t(10) }),
        ]);
        // At minute 10: 2 comes before an entry of minute 1 (old); 4 and 6 only before entries of minutes 9 and 10.
        let lines = book_lines(1, 8, &recorded, Some(t(10)), t(10));
        let states: Vec<Line> = lines.iter().map(|(_, l)| *l).collect();
        assert_eq!(lines.iter().map(|(n, _)| *n).collect::<Vec<_>>(), (1..=8).collect::<Vec<_>>());
        assert_eq!(states[0], Line::Recorded(Recorded::Filed { at: t(0) }));
        assert_eq!(states[1], Line::Abandoned);
        assert_eq!(states[3], Line::Reserved);
        assert_eq!(states[5], Line::Reserved);
        assert_eq!(states[7], Line::Reserved, "the latest reservation is recent");
        // Five minutes after the latest reservation, every number without a document is abandoned.
        let later = book_lines(1, 8, &recorded, Some(t(10)), t(15));
        assert_eq!(later.iter().filter(|(_, l)| *l == Line::Abandoned).count(), 4);
        // An entry after the page tells the age of the page's last numbers.
        assert_eq!(book_lines(6, 6, &recorded, Some(t(20)), t(14)), vec![(6, Line::Reserved)]);
        assert_eq!(book_lines(6, 6, &recorded, Some(t(20)), t(15)), vec![(6, Line::Abandoned)]);
    }

    #[test]
    fn void_reasons_read_back_and_explain_themselves_in_both_languages() {
        for reason in [VoidReason::NotWritten, VoidReason::Abandoned] {
            assert_eq!(VoidReason::parse(reason.as_str()), Some(reason));
            let text = reason.explanation();
            assert!(!text.bg.is_empty() && !text.en.is_empty());
        }
    }

    #[test]
    fn formats_with_zero_padding_and_parses_back() {
        let number = RegistryNumber::new(2026, 123).unwrap();
        assert_eq!(number.to_string(), "2026-000123");
        assert_eq!("2026-000123".parse::<RegistryNumber>(), Ok(number));
        assert_eq!(" 2026-123 ".parse::<RegistryNumber>(), Ok(number));
    }

    #[test]
    fn rejects_what_is_not_a_number() {
        for bad in [
            "",
            "2026",
            "2026-",
            "-12",
            "2026-0",
            "26-000001",
            "2026-1234567",
            "2026-12a",
            "abcd-000001",
            "2026-+12",
            "1999-000001",
        ] {
            assert_eq!(bad.parse::<RegistryNumber>(), Err(InvalidRegistryNumber), "{bad:?}");
        }
    }

    #[test]
    fn orders_by_year_then_sequence() {
        let a = RegistryNumber::new(2025, 999).unwrap();
        let b = RegistryNumber::new(2026, 1).unwrap();
        assert!(a < b);
    }
}
