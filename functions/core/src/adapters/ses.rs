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
    #[tracing::instrument(skip_all, name = "Mailer::send")]
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
            Err(SdkError::ServiceError(context)) if is_permanent(context.err()) => {
                Err(MailError::Rejected(redact_addresses(&DisplayErrorContext(context.err()).to_string())))
            }
            Err(error) => Err(MailError::Unavailable(redact_addresses(&DisplayErrorContext(error).to_string()))),
        }
    }
}

/// Whether SES refused this mail for good: its content or recipient (`MessageRejected`) or the request itself
/// (`BadRequest`) — sending it again cannot help, so it is given up. Everything else is worth retrying: rates and
/// quotas (`TooManyRequests`, `LimitExceeded`), an account or identity an operator can put right (`SendingPaused`,
/// `AccountSuspended`, `MailFromDomainNotVerified`, `NotFound`), and the network; a record that still fails after
/// the stream's retries goes to the failure queue.
fn is_permanent(error: &SendEmailError) -> bool {
    matches!(error, SendEmailError::MessageRejected(_) | SendEmailError::BadRequestException(_))
}

#[cfg(test)]
mod classification {
    use super::*;
    use aws_sdk_sesv2::types::error::{
        AccountSuspendedException, BadRequestException, LimitExceededException, MessageRejected,
        SendingPausedException, TooManyRequestsException,
    };

    #[test]
    fn only_refusals_of_the_mail_itself_are_given_up() {
        assert!(is_permanent(&SendEmailError::MessageRejected(MessageRejected::builder().build())));
        assert!(is_permanent(&SendEmailError::BadRequestException(BadRequestException::builder().build())));
        for transient in [
            SendEmailError::TooManyRequestsException(TooManyRequestsException::builder().build()),
            SendEmailError::LimitExceededException(LimitExceededException::builder().build()),
            SendEmailError::SendingPausedException(SendingPausedException::builder().build()),
            SendEmailError::AccountSuspendedException(AccountSuspendedException::builder().build()),
        ] {
            assert!(!is_permanent(&transient), "{transient:?}");
        }
    }
}
