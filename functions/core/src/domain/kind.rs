//! The kinds of document the Contact Center registers, and which of them are public.

use super::catalogue::Name;
use serde::Serialize;

/// What kind of document this is. Letters, complaints, proposals and ЗДОИ requests join with the accounts work.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Serialize,
    serde::Deserialize,
    schemars::JsonSchema,
    strum::EnumIter,
    strum::IntoStaticStr,
    strum::EnumString,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum DocumentKind {
    /// A non-urgent problem in the city (сигнал). Public.
    Signal,
    /// A request for information / question (искане за информация). Its topic and status are public, its text is not.
    Question,
    /// Писмо. Registered users only; never public.
    Letter,
    /// Жалба. Registered users only; never public.
    Complaint,
    /// Предложение. Registered users only; never public.
    Proposal,
    /// Заявление за достъп до обществена информация (ЗДОИ). Registered users only; never public.
    AccessRequest,
}

super::text_enum!(DocumentKind);

impl DocumentKind {
    pub fn label(self) -> Name {
        let (bg, en) = match self {
            Self::Signal => ("Сигнал", "Signal"),
            Self::Question => ("Искане за информация", "Request for information"),
            Self::Letter => ("Писмо", "Letter"),
            Self::Complaint => ("Жалба", "Complaint"),
            Self::Proposal => ("Предложение", "Proposal"),
            Self::AccessRequest => {
                ("Заявление за достъп до обществена информация", "Request for access to public information")
            }
        };
        Name { bg: bg.into(), en: en.into() }
    }

    /// Signals and questions can be looked up by anyone; the written kinds carry personal data and are seen
    /// only by their sender and staff.
    pub fn is_public(self) -> bool {
        matches!(self, Self::Signal | Self::Question)
    }

    /// The kinds only registered users may file.
    pub const WRITTEN: [DocumentKind; 4] = [Self::Letter, Self::Complaint, Self::Proposal, Self::AccessRequest];
}
