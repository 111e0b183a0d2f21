//! An e-mail address that can only exist valid.

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Email(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a valid e-mail address")]
pub struct InvalidEmail;

const MAX_LENGTH: usize = 254;

impl Email {
    pub fn parse(input: &str) -> Result<Self, InvalidEmail> {
        let trimmed = input.trim();
        if trimmed.is_empty() || trimmed.len() > MAX_LENGTH {
            return Err(InvalidEmail);
        }
        let parsed = email_address::EmailAddress::parse_with_options(
            trimmed,
            email_address::Options::default().without_display_text().without_domain_literal(),
        )
        .map_err(|_| InvalidEmail)?;
        // A mail for a citizen must be deliverable on the Internet: the domain needs a dot.
        if !parsed.domain().contains('.') {
            return Err(InvalidEmail);
        }
        // The domain part is case-insensitive; the local part is kept as typed.
        Ok(Self(format!("{}@{}", parsed.local_part(), parsed.domain().to_ascii_lowercase())))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_ordinary_addresses_and_lowercases_the_domain() {
        assert_eq!(Email::parse(" Ivan.Petrov@Example.BG ").unwrap().as_str(), "Ivan.Petrov@example.bg");
    }

    #[test]
    fn rejects_malformed_addresses() {
        for bad in [
            "",
            "ivan",
            "ivan@",
            "@example.bg",
            "ivan@localhost",
            "ivan petrov@example.bg",
            "Ivan <ivan@example.bg>",
            "a@[127.0.0.1]",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad:?}");
        }
        let long = format!("{}@example.bg", "a".repeat(250));
        assert!(Email::parse(&long).is_err());
    }
}
