//! Full-text search's words: a document's terms as the index keeps them, and a query's. Bulgarian-aware in a
//! small way: case folded, `ѝ` read as `и`, and the common endings of nouns and adjectives (plural, definite
//! article) cut, so "дупка", "дупки", "дупката" and "дупките" are one term.

use super::FieldError;
use super::catalogue::Catalogue;
use super::document::{Document, Subject};
use std::collections::BTreeSet;

/// Terms kept per document: its title, place and first words matter most, so they come first.
pub const MAX_DOCUMENT_TERMS: usize = 48;
/// Words a query may have (each more narrows the result).
pub const MAX_QUERY_TERMS: usize = 6;
/// The longest query taken.
pub const MAX_QUERY_CHARS: usize = 200;

/// Endings cut from a word, longest first; a stem keeps at least three letters.
const ENDINGS: &[&str] = &[
    "ищата",
    "ището",
    "овете",
    "ията",
    "ите",
    "ата",
    "ята",
    "ото",
    "ето",
    "ове",
    "еве",
    "ът",
    "ят",
    "та",
    "то",
    "те",
    "ия",
    "ие",
    "а",
    "я",
    "о",
    "е",
    "и",
    "ъ",
];

/// Short words that say nothing of what a document is about.
const STOP_WORDS: &[&str] = &[
    "и", "в", "във", "на", "за", "с", "със", "от", "до", "по", "не", "се", "е", "са", "да", "че", "ще", "а", "но",
    "или", "при", "към", "през", "под", "над", "как", "кога", "има", "няма", "това", "тази", "този", "тези", "той",
    "тя", "то", "те", "ние", "вие", "аз", "ми", "ни", "ви", "им", "го", "я", "ги", "му", "ѝ", "бл", "ул", "the", "of",
    "and", "to", "in",
];

/// One word as the index keeps it, or `None` for a word too short or too common to search by.
pub fn term(word: &str) -> Option<String> {
    let folded: String = word.chars().flat_map(char::to_lowercase).map(|c| if c == 'ѝ' { 'и' } else { c }).collect();
    if folded.is_empty() || STOP_WORDS.contains(&folded.as_str()) {
        return None;
    }
    if folded.chars().all(|c| c.is_ascii_digit()) {
        return Some(folded);
    }
    if folded.chars().count() < 2 {
        return None;
    }
    let stem = ENDINGS
        .iter()
        .find_map(|ending| folded.strip_suffix(ending).filter(|stem| stem.chars().count() >= 3).map(str::to_owned))
        .unwrap_or(folded);
    // A term is a key part: bounded, whatever was typed.
    Some(stem.chars().take(40).collect())
}

/// The words of a text, in order, as terms (repeats kept out).
fn terms_of(text: &str, into: &mut Vec<String>) {
    for word in text.split(|c: char| !c.is_alphanumeric()) {
        if let Some(term) = term(word)
            && !into.contains(&term)
        {
            into.push(term);
        }
    }
}

/// What a document is found by: its number's sequence, title or topic, category and type names, address and
/// text; at most [`MAX_DOCUMENT_TERMS`].
pub fn document_terms(document: &Document, catalogue: &Catalogue) -> BTreeSet<String> {
    let mut terms = Vec::new();
    terms.push(document.number.sequence().to_string());
    match &document.subject {
        Subject::Signal { category, signal_type, location } => {
            if let Some(found) = catalogue.category(category) {
                terms_of(&found.name.bg, &mut terms);
                if let Some(kind) = found.signal_type(signal_type) {
                    terms_of(&kind.name.bg, &mut terms);
                }
            }
            if let Some(address) = location.address() {
                terms_of(address, &mut terms);
            }
        }
        Subject::Question { topic } => {
            if let Some(found) = catalogue.topic(topic) {
                terms_of(&found.name.bg, &mut terms);
            }
        }
        Subject::Written { title, .. } => terms_of(title, &mut terms),
    }
    terms_of(document.description.as_str(), &mut terms);
    terms.into_iter().take(MAX_DOCUMENT_TERMS).collect()
}

/// A query's terms, the most telling (longest) first, or the error that names `q`.
pub fn query_terms(query: &str) -> Result<Vec<String>, FieldError> {
    if query.chars().count() > MAX_QUERY_CHARS {
        return Err(FieldError::new("q", "too_long", format!("q is at most {MAX_QUERY_CHARS} characters")));
    }
    let mut terms = Vec::new();
    terms_of(query, &mut terms);
    if terms.is_empty() {
        return Err(FieldError::new("q", "no_terms", "q has no word to search by (words of two letters or more)"));
    }
    terms.sort_by_key(|t| std::cmp::Reverse(t.chars().count()));
    terms.truncate(MAX_QUERY_TERMS);
    Ok(terms)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_of_a_noun_are_one_term() {
        let forms = ["дупка", "Дупки", "ДУПКАТА", "дупките"];
        let terms: BTreeSet<_> = forms.iter().filter_map(|w| term(w)).collect();
        assert_eq!(terms.into_iter().collect::<Vec<_>>(), ["дупк"]);
        assert_eq!(term("контейнерите"), term("контейнер"));
        assert_eq!(term("улицата"), term("улици"));
    }

    #[test]
    fn the_grave_i_is_an_i_and_stop_words_are_dropped() {
        assert_eq!(term("ѝ"), None);
        assert_eq!(term("Светофарѝ"), term("светофари"));
        assert_eq!(term("на"), None);
        assert_eq!(term("12"), Some("12".into()));
    }

    #[test]
    fn a_query_of_any_content_is_terms_or_a_named_error() {
        assert_eq!(query_terms("счупена пейка").unwrap(), ["счупен", "пейк"]);
        assert_eq!(query_terms("!!! ??").unwrap_err().field, "q");
        assert_eq!(query_terms(&"я".repeat(500)).unwrap_err().code, "too_long");
        assert!(query_terms("' OR 1=1; -- <script>").is_ok());
    }

    #[test]
    fn a_document_is_found_by_its_category_address_and_words() {
        let document = super::super::document::sample_signal("lozenets");
        let terms = document_terms(&document, Catalogue::builtin());
        assert!(terms.contains("дупк"));
        assert!(terms.contains("шипк"));
        assert!(terms.contains("7"), "the number's sequence");
    }
}
