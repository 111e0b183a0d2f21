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

/// The sender of the mail Cognito sends itself (sign-up, e-mail and password-reset codes) through its built-in
/// sender, as the emulator does it (`emulate_cognito_codes` in `infra/local/moto/server.py`).
pub const COGNITO_SENDER: &str = "no-reply@verificationemail.com";

impl SentMail {
    /// Whether Cognito sent this (a code), not the system's functions.
    pub fn is_from_cognito(&self) -> bool {
        self.source == COGNITO_SENDER
    }

    /// The code in a mail from Cognito: its first run of six digits.
    pub fn cognito_code(&self) -> Option<String> {
        if !self.is_from_cognito() {
            return None;
        }
        let bytes = self.body.as_bytes();
        (0..bytes.len().saturating_sub(5))
            .find(|&i| {
                bytes[i..i + 6].iter().all(u8::is_ascii_digit)
                    && (i == 0 || !bytes[i - 1].is_ascii_digit())
                    && bytes.get(i + 6).is_none_or(|b| !b.is_ascii_digit())
            })
            .map(|i| self.body[i..i + 6].to_owned())
    }

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
        iframe{width:100%;height:22rem;border:1px solid #eee}dt{font-weight:bold}\
        .code output{font:bold 1.5rem monospace;letter-spacing:.2em}";
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
         <p>Писмата, изпратени през емулирания SES, най-новите първи, и кодовете, които Cognito изпраща при регистрация, \
         смяна на адреса и забравена парола. / Mail sent through the emulated SES, newest first, and the codes Cognito \
         sends at sign-up, at a change of address and for a forgotten password.</p>",
    );
    if mail.is_empty() {
        html.push_str("<p id=\"empty\">Няма писма. / No mail yet.</p>");
    }
    for message in mail.iter().rev() {
        html.push_str(&format!(
            "<article><h2>{}</h2><dl><dt>До / To</dt><dd class=\"to\">{}</dd><dt>От / From</dt><dd class=\"from\">{}</dd>",
            text(&message.subject),
            text(&message.destinations.to.join(", ")),
            text(&message.source),
        ));
        // Cognito's codes (sign-up, new e-mail, password reset) stand out, to copy into the site's form.
        if let Some(code) = message.cognito_code() {
            html.push_str(&format!(
                "<dt>Код от Cognito / Cognito code</dt><dd class=\"code\"><output>{}</output></dd>",
                text(&code)
            ));
        }
        html.push_str("</dl><ul class=\"links\">");
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
