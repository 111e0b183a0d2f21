//! The kinds of document the Contact Center registers, and which of them are public.

super::text_enum! {
    /// What kind of document this is. Letters, complaints, proposals and ЗДОИ requests join with the accounts work.
    pub enum DocumentKind {
        /// A non-urgent problem in the city (сигнал). Public.
        #[strum(props(bg = "Сигнал", en = "Signal"))]
        Signal,
        /// A request for information / question (искане за информация). Its topic and status are public, its text is not.
        #[strum(props(bg = "Искане за информация", en = "Request for information"))]
        Question,
        /// Писмо. Registered users only; never public.
        #[strum(props(bg = "Писмо", en = "Letter"))]
        Letter,
        /// Жалба. Registered users only; never public.
        #[strum(props(bg = "Жалба", en = "Complaint"))]
        Complaint,
        /// Предложение. Registered users only; never public.
        #[strum(props(bg = "Предложение", en = "Proposal"))]
        Proposal,
        /// Заявление за достъп до обществена информация (ЗДОИ). Registered users only; never public.
        #[strum(props(
            bg = "Заявление за достъп до обществена информация",
            en = "Request for access to public information"
        ))]
        AccessRequest,
    }
}

impl DocumentKind {
    /// Signals and questions can be looked up by anyone; the written kinds carry personal data and are seen
    /// only by their sender and staff.
    pub fn is_public(self) -> bool {
        matches!(self, Self::Signal | Self::Question)
    }

    /// The kinds only registered users may file.
    pub const WRITTEN: [DocumentKind; 4] = [Self::Letter, Self::Complaint, Self::Proposal, Self::AccessRequest];
}
