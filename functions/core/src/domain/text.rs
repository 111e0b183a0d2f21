//! Free text from citizens, bounded and cleaned of control characters.

/// Trimmed text of `MIN..=MAX` characters (Unicode scalar values), with control characters other than
/// line breaks and tabs removed so nothing invisible reaches staff screens or e-mails.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BoundedText<const MIN: usize, const MAX: usize>(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum InvalidText {
    #[error("too short")]
    TooShort { min: usize },
    #[error("too long")]
    TooLong { max: usize },
}

impl<const MIN: usize, const MAX: usize> BoundedText<MIN, MAX> {
    pub fn parse(input: &str) -> Result<Self, InvalidText> {
        let cleaned: String = input.trim().chars().filter(|c| !c.is_control() || *c == '\n' || *c == '\t').collect();
        let length = cleaned.chars().count();
        if length < MIN {
            return Err(InvalidText::TooShort { min: MIN });
        }
        if length > MAX {
            return Err(InvalidText::TooLong { max: MAX });
        }
        Ok(Self(cleaned))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Text already validated under other bounds (a letter's longer body), kept as it is.
    pub fn parse_unbounded(text: &str) -> Self {
        Self(text.to_owned())
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

/// What a citizen writes about the problem.
pub type Description = BoundedText<10, 4000>;
/// A street address or landmark, when no map point is given or in addition to it.
pub type Address = BoundedText<3, 300>;
/// A person's name as they give it.
pub type PersonName = BoundedText<1, 200>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trims_and_counts_characters_not_bytes() {
        let text = Description::parse("  Дупка на тротоара  ").unwrap();
        assert_eq!(text.as_str(), "Дупка на тротоара");
        assert!(Description::parse(&"я".repeat(4000)).is_ok());
        assert_eq!(Description::parse(&"я".repeat(4001)), Err(InvalidText::TooLong { max: 4000 }));
    }

    #[test]
    fn rejects_short_text_and_drops_control_characters() {
        assert_eq!(Description::parse("   дупка  "), Err(InvalidText::TooShort { min: 10 }));
        assert_eq!(
            Description::parse("Счупена\u{0}\u{7} лампа\nна ъгъла").unwrap().as_str(),
            "Счупена лампа\nна ъгъла"
        );
    }
}
