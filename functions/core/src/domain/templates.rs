//! Reply templates: the municipality's standard public notes per category and status, edited by admins and
//! filled into a status change's public note when the clerk writes none.

use super::FieldError;
use super::catalogue::Catalogue;
use super::status::Status;
use super::text::BoundedText;
use serde::{Deserialize, Serialize};

/// A template for any category.
pub const ANY_CATEGORY: &str = "any";

pub type TemplateText = BoundedText<1, 2000>;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ReplyTemplate {
    pub category: String,
    pub status: Status,
    pub text_bg: String,
    pub text_en: String,
}

impl ReplyTemplate {
    /// The note as citizens read it: Bulgarian, then English.
    pub fn note(&self) -> String {
        format!("{}\n\n{}", self.text_bg, self.text_en)
    }
}

#[derive(Debug, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TemplateRequest {
    pub text_bg: Option<String>,
    pub text_en: Option<String>,
}

pub fn parse_template(
    category: &str,
    status: &str,
    request: &TemplateRequest,
    catalogue: &Catalogue,
) -> Result<ReplyTemplate, Vec<FieldError>> {
    let mut errors = Vec::new();
    if category != ANY_CATEGORY && catalogue.category(category).is_none() {
        errors.push(FieldError::new("category", "unknown", "a category id of the catalogue, or \"any\""));
    }
    let status = Status::parse(status);
    if status.is_none() {
        errors.push(FieldError::new("status", "unknown", "a status id"));
    }
    let mut text = |field: &str, value: &Option<String>| match value.as_deref().map(TemplateText::parse) {
        Some(Ok(text)) => Some(text.into_string()),
        _ => {
            errors.push(FieldError::new(field, "required", format!("{field} is 1 to 2000 characters")));
            None
        }
    };
    let text_bg = text("text_bg", &request.text_bg);
    let text_en = text("text_en", &request.text_en);
    match (status, text_bg, text_en) {
        (Some(status), Some(text_bg), Some(text_en)) if errors.is_empty() => {
            Ok(ReplyTemplate { category: category.to_owned(), status, text_bg, text_en })
        }
        _ => Err(errors),
    }
}

/// The template for a signal of `category` becoming `status`: the category's own, else the one for any.
pub fn template_for<'a>(
    templates: &'a [ReplyTemplate],
    category: Option<&str>,
    status: Status,
) -> Option<&'a ReplyTemplate> {
    let of = |wanted: &str| templates.iter().find(|t| t.status == status && t.category == wanted);
    category.and_then(of).or_else(|| of(ANY_CATEGORY))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_categorys_own_template_wins_over_the_general_one() {
        let t = |category: &str, text: &str| ReplyTemplate {
            category: category.into(),
            status: Status::Resolved,
            text_bg: text.into(),
            text_en: text.into(),
        };
        let templates = [t(ANY_CATEGORY, "общ"), t("lighting", "осветление")];
        assert_eq!(
            template_for(&templates, Some("lighting"), Status::Resolved).map(|t| t.text_bg.as_str()),
            Some("осветление")
        );
        assert_eq!(
            template_for(&templates, Some("streets"), Status::Resolved).map(|t| t.text_bg.as_str()),
            Some("общ")
        );
        assert!(template_for(&templates, Some("streets"), Status::Rejected).is_none());
    }

    #[test]
    fn templates_name_their_bad_fields() {
        let request = TemplateRequest { text_bg: Some("Отстранено.".into()), text_en: None };
        let errors = parse_template("volcanoes", "fixed", &request, Catalogue::builtin()).unwrap_err();
        assert_eq!(errors.iter().map(|e| e.field.as_str()).collect::<Vec<_>>(), ["category", "status", "text_en"]);
    }
}
