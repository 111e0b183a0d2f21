//! Free text from citizens, bounded and cleaned of control characters.

/// Trimmed text of `MIN..=MAX` characters (Unicode scalar values), with control characters other than
/// line breaks and tabs removed so nothing invisible reaches staff screens or e-mails, and the characters XML 1.0
/// forbids (U+FFFE, U+FFFF) removed so one document cannot make a whole Open311 or Atom page malformed. A
/// `MULTILINE = false` text (a [`Line`]) has its line breaks and tabs turned into spaces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BoundedText<const MIN: usize, const MAX: usize, const MULTILINE: bool = true>(String);

/// Single-line text: a name, a title, an address, a file name.
pub type Line<const MIN: usize, const MAX: usize> = BoundedText<MIN, MAX, false>;

/// Whether XML 1.0 allows the character at all (its `Char` production); Rust's `char` already excludes surrogates.
fn allowed_in_xml(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

fn clean(input: &str, multiline: bool) -> String {
    let kept = input.chars().filter_map(|c| match c {
        '\n' | '\t' if multiline => Some(c),
        '\n' | '\t' | '\r' => Some(' '),
        c if c.is_control() || !allowed_in_xml(c) => None,
        c => Some(c),
    });
    let cleaned: String = kept.collect();
    if multiline {
        cleaned.trim().to_owned()
    } else {
        // Whatever was a line break becomes one space between words.
        cleaned.split_whitespace().collect::<Vec<_>>().join(" ")
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum InvalidText {
    #[error("too short")]
    TooShort { min: usize },
    #[error("too long")]
    TooLong { max: usize },
}

impl<const MIN: usize, const MAX: usize, const MULTILINE: bool> BoundedText<MIN, MAX, MULTILINE> {
    pub fn parse(input: &str) -> Result<Self, InvalidText> {
        let cleaned = clean(input, MULTILINE);
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
pub type Address = Line<3, 300>;
/// A person's name as they give it.
pub type PersonName = Line<1, 200>;

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

    #[test]
    fn drops_what_xml_forbids_and_keeps_single_lines_single() {
        assert_eq!(
            Description::parse("Дупка\u{FFFE} на\u{FFFF} ъгъла\u{1B}[31m").unwrap().as_str(),
            "Дупка на ъгъла[31m"
        );
        assert_eq!(PersonName::parse(" Иван\r\nПетров\t ").unwrap().as_str(), "Иван Петров");
        assert_eq!(Address::parse("ул. Шипка 6\n\nвход Б").unwrap().as_str(), "ул. Шипка 6 вход Б");
        assert_eq!(PersonName::parse("\n\u{FFFF}\n"), Err(InvalidText::TooShort { min: 1 }));
    }
}
