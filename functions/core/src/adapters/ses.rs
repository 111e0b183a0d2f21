//! Sending mail through SES (the v2 API).

use crate::domain::email::Email;
use crate::domain::email::redact_addresses;
use crate::domain::mail::OutgoingMail;
use crate::ports::{MailError, Mailer};
use async_trait::async_trait;
use aws_sdk_sesv2::Client;
use aws_sdk_sesv2::error::{DisplayErrorContext, SdkError};
use aws_sdk_sesv2::operation::send_email::SendEmailError;
use aws_sdk_sesv2::types::{Body, Content, Destination, EmailContent, Message, MessageHeader};

pub struct SesMailer {
    client: Client,
    from: Email,
}

impl SesMailer {
    pub fn new(client: Client, from: Email) -> Self {
        Self { client, from }
    }
}

fn utf8(text: &str) -> Result<Content, MailError> {
    Content::builder().data(text).charset("UTF-8").build().map_err(|e| MailError::Unavailable(e.to_string()))
}

#[async_trait]
impl Mailer for SesMailer {
    async fn send(&self, mail: &OutgoingMail) -> Result<(), MailError> {
        let mut message = Message::builder()
            .subject(utf8(&mail.subject)?)
            .body(Body::builder().text(utf8(&mail.text)?).html(utf8(&mail.html)?).build());
        if let Some(url) = &mail.unsubscribe_url {
            let header = |name: &str, value: String| {
                MessageHeader::builder()
                    .name(name)
                    .value(value)
                    .build()
                    .map_err(|e| MailError::Unavailable(e.to_string()))
            };
            message = message
                .headers(header("List-Unsubscribe", format!("<{url}>"))?)
                .headers(header("List-Unsubscribe-Post", "List-Unsubscribe=One-Click".into())?);
        }
        let message = message.build();
        let result = self
            .client
            .send_email()
            .from_email_address(self.from.as_str())
            .destination(Destination::builder().to_addresses(mail.to.as_str()).build())
            .content(EmailContent::builder().simple(message).build())
            .send()
            .await;
        match result {
            Ok(_) => Ok(()),
            Err(SdkError::ServiceError(context)) if matches!(context.err(), SendEmailError::MessageRejected(_)) => {
                Err(MailError::Rejected(redact_addresses(&DisplayErrorContext(context.err()).to_string())))
            }
            Err(error) => Err(MailError::Unavailable(redact_addresses(&DisplayErrorContext(error).to_string()))),
        }
    }
}
