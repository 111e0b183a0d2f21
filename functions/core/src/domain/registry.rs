//! Registry numbers (деловоден номер): `YYYY-NNNNNN`, one gap-free sequence per calendar year.

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

#[cfg(test)]
mod tests {
    use super::*;

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
