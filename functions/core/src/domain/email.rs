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

/// Text with every e-mail-like word replaced, for error messages that go to the logs (services quote the
/// recipient when they refuse a message).
pub fn redact_addresses(text: &str) -> String {
    let is_separator = |c: char| c.is_whitespace() || "<>()[]{}\"',;:".contains(c);
    let mut redacted = String::with_capacity(text.len());
    let mut word = String::new();
    let flush = |word: &mut String, redacted: &mut String| {
        let looks_like_address =
            word.split_once('@').is_some_and(|(local, domain)| !local.is_empty() && domain.contains('.'));
        redacted.push_str(if looks_like_address { "<e-mail>" } else { word.as_str() });
        word.clear();
    };
    for c in text.chars() {
        if is_separator(c) {
            flush(&mut word, &mut redacted);
            redacted.push(c);
        } else {
            word.push(c);
        }
    }
    flush(&mut word, &mut redacted);
    redacted
}

#[cfg(test)]
mod tests {
    #[test]
    fn addresses_are_redacted_from_service_messages() {
        assert_eq!(
            super::redact_addresses("Email address is not verified: <maria.p@example.bg>, user@host.bg."),
            "Email address is not verified: <<e-mail>>, <e-mail>"
        );
        assert_eq!(super::redact_addresses("no address @ here"), "no address @ here");
    }

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
