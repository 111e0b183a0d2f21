//! The registry book: what became of every registry number of a year, in order and without holes.

use crate::domain::catalogue::Name;
use crate::domain::registry::{FIRST_YEAR, Line, MAX_SEQUENCE, Recorded, RegistryNumber, VoidReason};
use crate::http::route::Answer;
use crate::http::{Problem, json};
use crate::ports::RegistryBook;
use crate::wiring::Clock;
use jiff::Timestamp;
use lambda_http::{Request, RequestExt};
use serde::Serialize;
use std::sync::Arc;

crate::dependencies! {
    pub struct Book { book: Arc<dyn RegistryBook>, clock: Clock }
}

/// Lines per page: one `Query` of the book's partition reads them.
pub const BOOK_PAGE: u32 = 500;

/// A page of a year's registry book.
#[derive(Serialize, schemars::JsonSchema)]
pub struct BookAnswer {
    year: u16,
    /// How many numbers the year has issued so far.
    issued: u32,
    /// One line per number, from the page's first on, in order.
    lines: Vec<BookLine>,
    /// The next page's address, when there is one.
    next: Option<String>,
}

/// A number filed with its document, void with the reason, or reserved by a filing still under way.
#[derive(Serialize, schemars::JsonSchema)]
#[serde(tag = "state", rename_all = "kebab-case")]
pub enum BookLine {
    Filed {
        number: RegistryNumber,
    },
    Void {
        number: RegistryNumber,
        reason: VoidReason,
        /// The reason in words, Bulgarian and English.
        explanation: Name,
        #[schemars(with = "String")]
        voided_at: Timestamp,
    },
    Reserved {
        number: RegistryNumber,
    },
}

/// `GET /api/registry/{year}?from=N`: the registry book of `year` from number `N` (1 by default), a page at a
/// time. A number reserved minutes ago and still without a document is recorded void as it is read.
pub async fn get_registry(deps: Arc<Book>, request: Request) -> Answer {
    let year = crate::http::request::path_parameter(&request, "year")
        .and_then(|y| y.parse::<u16>().ok())
        .filter(|y| (FIRST_YEAR..=9999).contains(y))
        .ok_or_else(|| Problem::field(400, "year", "invalid", "a year such as 2026"))?;
    let from = match request.query_string_parameters_ref().and_then(|q| q.first("from")) {
        None => 1,
        Some(text) => text
            .parse::<u32>()
            .ok()
            .filter(|n| (1..=MAX_SEQUENCE).contains(n))
            .ok_or_else(|| Problem::field(400, "from", "invalid", format!("a number from 1 to {MAX_SEQUENCE}")))?,
    };
    let page = deps.book.page(year, from, BOOK_PAGE, deps.clock.now()).await?;
    let mut lines = Vec::with_capacity(page.lines.len());
    for (sequence, line) in &page.lines {
        let number = RegistryNumber::new(year, *sequence).map_err(|_| Problem::internal())?;
        lines.push(match *line {
            Line::Recorded(Recorded::Filed { .. }) => BookLine::Filed { number },
            Line::Recorded(Recorded::Void { reason, at }) => {
                BookLine::Void { number, reason, explanation: reason.explanation(), voided_at: at }
            }
            Line::Reserved | Line::Abandoned => BookLine::Reserved { number },
        });
    }
    let next = page.lines.last().map(|(n, _)| n + 1).filter(|n| *n <= page.last);
    let next = next.map(|n| format!("/api/registry/{year}?from={n}"));
    Ok(json(200, &BookAnswer { year, issued: page.last, lines, next }))
}
