//! Data protection: a registered user takes everything the system holds about them as one JSON file, and
//! deletes their account. Public signals stay, anonymised; private documents stay with their sender (the law
//! keeps them) but no longer belong to a login.

use super::documents::owner_view;
use super::subscriptions::area_json;
use crate::domain::calendar::sofia_date;
use crate::domain::catalogue::Catalogue;
use crate::domain::document::Document;
use crate::domain::privacy::detach_from_account;
use crate::domain::subscriptions::Target;
use crate::http::request::{Caller, caller, json_body};
use crate::http::route::Answer;
use crate::http::{Problem, json};
use crate::ports::{AccountError, Accounts, DocumentStore, FileStore, PageError, SaveError, Saved, Subscriptions};
use crate::wiring::Clock;
use lambda_http::Request;
use serde::Deserialize;
use serde_json::json;
use std::future::Future;
use std::sync::Arc;

const PAGE: usize = 100;

crate::dependencies! {
    /// Everything held about an account: its profile, documents (with links to their attachments), subscriptions.
    pub struct Export {
        accounts: Arc<dyn Accounts>, documents: Arc<dyn DocumentStore>, files: Arc<dyn FileStore>,
        subscriptions: Arc<dyn Subscriptions>, catalogue: &'static Catalogue, clock: Clock,
    }
}

crate::dependencies! {
    /// Deleting an account: the password checked again, its documents detached, its subscriptions ended.
    pub struct Erasure {
        accounts: Arc<dyn Accounts>, documents: Arc<dyn DocumentStore>, subscriptions: Arc<dyn Subscriptions>,
        clock: Clock,
    }
}

fn account_unavailable(error: AccountError) -> Problem {
    tracing::error!(error = %error, "account service failed");
    Problem::unavailable(5)
}

/// Every item of a paged list, following its cursors to the end.
async fn every_page<T, F, Fut>(mut page: F) -> Result<Vec<T>, Problem>
where
    F: FnMut(Option<String>) -> Fut,
    Fut: Future<Output = Result<(Vec<T>, Option<String>), PageError>>,
{
    let mut items = Vec::new();
    let mut cursor = None;
    loop {
        let (found, next) = page(cursor.take()).await?;
        items.extend(found);
        match next {
            Some(next) => cursor = Some(next),
            None => return Ok(items),
        }
    }
}

async fn all_documents(documents: &dyn DocumentStore, caller: &Caller) -> Result<Vec<Document>, Problem> {
    every_page(|cursor| async move { documents.owned_by(&caller.sub, cursor.as_deref(), PAGE).await }).await
}

async fn all_subscriptions(subscriptions: &dyn Subscriptions, caller: &Caller) -> Result<Vec<Target>, Problem> {
    every_page(|cursor| async move { subscriptions.subscriptions_of(&caller.sub, cursor.as_deref(), PAGE).await }).await
}

/// `GET /api/account/export` (signed in): the profile, every document filed with its history and attachments,
/// and every subscription and area alert, as a JSON download.
pub async fn export_my_data(deps: Arc<Export>, request: Request) -> Answer {
    let caller = caller(&request).ok_or_else(Problem::unauthorized)?;
    let profile = deps.accounts.profile(&caller.sub).await.map_err(account_unavailable)?;
    let now = deps.clock.now();
    let mut documents = Vec::new();
    for document in all_documents(deps.documents.as_ref(), &caller).await? {
        documents.push(owner_view(deps.documents.as_ref(), deps.files.as_ref(), deps.catalogue, &document, now).await?);
    }
    let subscriptions: Vec<_> =
        all_subscriptions(deps.subscriptions.as_ref(), &caller).await?.iter().map(area_json).collect();
    let export = json!({
        "exported_at": now,
        "account": profile,
        "documents": documents,
        "subscriptions": subscriptions,
    });
    let mut response = json(200, &export);
    let file_name = format!("attachment; filename=\"kc-sofia-{}.json\"", sofia_date(now).replace('.', "-"));
    if let Ok(value) = file_name.parse() {
        response.headers_mut().insert("content-disposition", value);
    }
    Ok(response)
}

#[derive(Deserialize, schemars::JsonSchema)]
pub(crate) struct DeleteAccountRequest {
    password: Option<String>,
}

/// `DELETE /api/account` (signed in, with the password again): deletes the account. Its public signals and
/// questions lose the sender's data; its letters, complaints, proposals and ЗДОИ requests are kept for the
/// record without the login; its subscriptions end. Safe to repeat if it was interrupted.
pub async fn delete_account(deps: Arc<Erasure>, request: Request) -> Answer {
    let caller = caller(&request).ok_or_else(Problem::unauthorized)?;
    let body: DeleteAccountRequest = json_body(&request)?;
    let password = body
        .password
        .filter(|p| !p.is_empty() && p.len() <= 256)
        .ok_or_else(|| Problem::field(400, "password", "required", "enter your password to delete the account"))?;
    let profile = deps.accounts.profile(&caller.sub).await.map_err(account_unavailable)?;
    match deps.accounts.sign_in(&profile.email, &password).await {
        Ok(_) => {}
        Err(AccountError::InvalidCredentials) => {
            return Err(Problem::field(422, "password", "wrong_password", "the password is wrong"));
        }
        Err(error) => return Err(account_unavailable(error)),
    }

    let (mut anonymised, mut detached) = (0, 0);
    for document in all_documents(deps.documents.as_ref(), &caller).await? {
        if detach(deps.documents.as_ref(), &deps.clock, document).await? {
            anonymised += 1;
        } else {
            detached += 1;
        }
    }
    let subscriptions = all_subscriptions(deps.subscriptions.as_ref(), &caller).await?;
    for target in &subscriptions {
        deps.subscriptions.unsubscribe(target, &caller.sub).await?;
    }
    deps.accounts.delete(&caller.sub).await.map_err(account_unavailable)?;
    tracing::info!(anonymised, detached, subscriptions = subscriptions.len(), "account deleted");
    Ok(json(
        200,
        &json!({
            "status": "deleted",
            "documents_anonymised": anonymised,
            "documents_kept_for_the_record": detached,
            "subscriptions_ended": subscriptions.len(),
        }),
    ))
}

/// Detaches one document (re-reading it if a clerk changed it meanwhile). True if it was anonymised.
async fn detach(documents: &dyn DocumentStore, clock: &Clock, mut document: Document) -> Result<bool, Problem> {
    for _ in 0..5 {
        let (kept, event) = detach_from_account(&document, clock.now());
        let saved = Saved { document: &kept, expected_version: document.version, event: &event };
        match documents.save_action(&saved, None).await {
            Ok(()) => return Ok(kept.kind().is_public()),
            Err(SaveError::Stale) => match documents.get(document.number).await? {
                Some(fresh) => document = fresh,
                None => return Err(Problem::not_found("document")),
            },
            Err(SaveError::Store(error)) => return Err(error.into()),
        }
    }
    Err(Problem::unavailable(2))
}
