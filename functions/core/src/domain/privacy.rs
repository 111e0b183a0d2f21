//! What deleting an account does to the documents it filed. Public signals and questions stay (the city still
//! needs them) but lose every trace of the person; letters, complaints, proposals and ЗДОИ requests are records
//! the municipality must keep with their sender, so they only lose the link to the login.

use super::document::{Document, Sender};
use super::history::{Actor, Change, HistoryEvent};
use jiff::Timestamp;

/// The document as it is kept once its account is deleted, and the (internal) history entry saying so.
pub fn detach_from_account(document: &Document, at: Timestamp) -> (Document, HistoryEvent) {
    let anonymised = document.kind().is_public();
    let mut kept = document.clone();
    kept.owner = None;
    if anonymised {
        kept.sender = Sender::default();
    }
    kept.version += 1;
    let event = HistoryEvent {
        at,
        actor: Actor::Sender,
        change: Change::AccountDeleted { anonymised },
        text: None,
        internal: true,
    };
    (kept, event)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::access::{TokenHash, TokenSalt};
    use crate::domain::account::Profile;
    use crate::domain::document::{Draft, Subject};
    use crate::domain::kind::DocumentKind;
    use crate::domain::location::Location;
    use crate::domain::registry::RegistryNumber;
    use crate::domain::text::{Address, Description};

    fn filed(subject: Subject) -> Document {
        let profile = Profile {
            sub: "sub-7".into(),
            email: "maria@example.bg".into(),
            email_verified: true,
            name: Some("Мария Иванова".into()),
            phone: Some("0888 123 456".into()),
            address: Some("ул. Шипка 6".into()),
        };
        let draft = Draft {
            subject,
            description: Description::parse("Дупка пред входа на блока").unwrap(),
            sender: Sender::default(),
            unit: "contact-center".into(),
            district: None,
            owner: None,
            channel: crate::domain::intake::Channel::Web,
        }
        .filed_by(&profile);
        let number = RegistryNumber::new(2026, 7).unwrap();
        let salt = TokenSalt::from_stored("s".into());
        Document::register(&draft, number, Timestamp::now(), salt, TokenHash::from_stored("h".into()))
    }

    #[test]
    fn a_public_signal_keeps_its_content_and_loses_its_sender_and_owner() {
        let location = Location::new(None, Some(Address::parse("ул. Шипка 6").unwrap())).unwrap();
        let filed = filed(Subject::Signal { category: "streets".into(), signal_type: "pothole".into(), location });
        assert!(filed.sender.email.is_some() && filed.sender.phone.is_some() && filed.owner.is_some());
        let (kept, event) = detach_from_account(&filed, Timestamp::now());
        assert_eq!(kept.sender, Sender::default());
        assert_eq!((kept.owner.as_deref(), kept.version), (None, filed.version + 1));
        assert_eq!((kept.description.as_str(), kept.status), (filed.description.as_str(), filed.status));
        assert_eq!(event.change, Change::AccountDeleted { anonymised: true });
        assert!(event.internal && event.public().is_none());
    }

    #[test]
    fn a_complaint_keeps_its_sender_for_the_record_but_not_the_login() {
        let filed =
            filed(Subject::Written { kind: DocumentKind::Complaint, title: "Жалба".into(), addressee: None });
        let (kept, event) = detach_from_account(&filed, Timestamp::now());
        assert_eq!(kept.sender, filed.sender);
        assert_eq!(kept.owner, None);
        assert_eq!(event.change, Change::AccountDeleted { anonymised: false });
    }
}
