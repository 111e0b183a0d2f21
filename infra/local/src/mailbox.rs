//! The developer mailbox: every e-mail sent through the emulated SES, newest first, links clickable.

use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use html_escape::{encode_double_quoted_attribute as attr, encode_text as text};
use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
pub struct SentMail {
    #[serde(default)]
    pub id: String,
    #[serde(default)]
    pub source: String,
    #[serde(default)]
    pub subject: String,
    /// The HTML part when there is one, else the text.
    #[serde(default)]
    pub body: String,
    #[serde(default)]
    pub destinations: Destinations,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct Destinations {
    #[serde(default, rename = "ToAddresses")]
    pub to: Vec<String>,
}

impl SentMail {
    /// Every distinct `href` in the body, in order.
    pub fn links(&self) -> Vec<String> {
        self.body
            .split("href=\"")
            .skip(1)
            .filter_map(|rest| rest.split('"').next())
            .map(|href| href.replace("&amp;", "&"))
            .fold(Vec::new(), |mut links, link| {
                if !links.contains(&link) {
                    links.push(link);
                }
                links
            })
    }
}

/// Reads the mail the emulator sent, oldest first (`/_local/sent-mail` of `infra/local/moto/server.py`: only
/// SES's sent messages, where moto's `/moto-api/data.json` would dump its whole state).
pub async fn sent_mail(emulator_endpoint: &str) -> anyhow::Result<Vec<SentMail>> {
    let messages: serde_json::Value =
        reqwest::get(format!("{emulator_endpoint}/_local/sent-mail")).await?.error_for_status()?.json().await?;
    Ok(serde_json::from_value(messages).unwrap_or_default())
}

/// The mailbox's stylesheet: a file of its own, because the site's CSP (`style-src 'self'`) blocks inline styles.
pub fn stylesheet() -> Response {
    const CSS: &str = "body{font-family:sans-serif;margin:1rem auto;max-width:60rem;padding:0 1rem}\
        article{border:1px solid #ccc;border-radius:6px;margin:1rem 0;padding:.5rem 1rem}\
        iframe{width:100%;height:22rem;border:1px solid #eee}dt{font-weight:bold}";
    ([(axum::http::header::CONTENT_TYPE, "text/css; charset=utf-8")], CSS).into_response()
}

pub async fn page(emulator_endpoint: &str) -> Response {
    let mail = match sent_mail(emulator_endpoint).await {
        Ok(mail) => mail,
        Err(error) => {
            return (StatusCode::BAD_GATEWAY, format!("The emulator did not answer: {error}")).into_response();
        }
    };
    let mut html = String::from(
        "<!doctype html><html lang=\"bg\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">\
         <title>Пощенска кутия (локално) / Local mailbox</title>\
         <link rel=\"stylesheet\" href=\"/_dev/mail.css\"></head><body>\
         <h1>Пощенска кутия / Mailbox</h1>\
         <p>Писмата, изпратени през емулирания SES, най-новите първи. / Mail sent through the emulated SES, newest first.</p>",
    );
    if mail.is_empty() {
        html.push_str("<p id=\"empty\">Няма писма. / No mail yet.</p>");
    }
    for message in mail.iter().rev() {
        html.push_str(&format!(
            "<article><h2>{}</h2><dl><dt>До / To</dt><dd class=\"to\">{}</dd><dt>От / From</dt><dd>{}</dd></dl><ul class=\"links\">",
            text(&message.subject),
            text(&message.destinations.to.join(", ")),
            text(&message.source),
        ));
        for link in message.links() {
            html.push_str(&format!("<li><a href=\"{}\">{}</a></li>", attr(&link), text(&link)));
        }
        // The body is shown sandboxed; <base target=_top> makes its links open in this tab.
        let document = format!("<base target=\"_top\">{}", message.body);
        html.push_str(&format!(
            "</ul><iframe title=\"{}\" sandbox=\"allow-top-navigation-by-user-activation allow-popups\" srcdoc=\"{}\"></iframe></article>",
            attr(&message.subject),
            attr(&document)
        ));
    }
    html.push_str("</body></html>");
    Html(html).into_response()
}
