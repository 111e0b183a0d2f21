//! One handler per HTTP route. Each turns a request into domain calls and the result into a response;
//! every failure becomes a problem response, never a panic.
//!
//! `template.yaml` names, for every route, the binary that serves it (`BuildProperties.Binary`). The Lambda
//! binaries call these handlers directly; the local stack finds them by that same name in [`by_binary`].

mod account;
mod attachments;
mod catalogue;
pub(crate) mod documents;
mod me;
mod open311;
mod overview;
mod photos;
mod privacy;
mod public_map;
mod staff;
mod subscriptions;

pub use account::{
    change_password, confirm, forgot_password, get_profile, login, logout, refresh, register, reset_password,
    update_profile,
};
pub use attachments::{complete_attachment_upload, request_attachment_upload};
pub use catalogue::get_catalogue;
pub use documents::{
    create_question, create_signal, create_written, follow_link as signals_follow_link, get_document, my_document,
    my_documents,
};
pub use me::get_me;
pub use open311::{open311_get, open311_post, open311_request, open311_service, open311_token};
pub use overview::get_overview;
pub use photos::{complete_photo_upload, request_photo_upload};
pub use privacy::{delete_account, export_my_data};
pub use public_map::{get_feed, get_map, get_nearby};
pub use staff::{
    assign, change_status, create_staff_account, internal_note, issue_api_key, list_templates, mark_duplicate,
    moderate, queue, queue_counts, reopen, reply, save_template, staff_document,
};
pub use subscriptions::{
    my_subscriptions, subscribe, subscribe_area, unsubscribe, unsubscribe_area, unsubscribe_by_token,
};

use crate::services::Services;
pub use crate::services::uses_of;
use lambda_http::{Body, Request, Response};
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

pub type ResponseFuture = Pin<Box<dyn Future<Output = Response<Body>> + Send>>;
pub type HttpHandler = fn(Arc<Services>, Request) -> ResponseFuture;

/// The routes that create something: each accepts an `Idempotency-Key`, so a double click or a client retry
/// creates once. The other `POST`s change state under optimistic versions or are sign-in steps; registration is
/// idempotent by itself (a second registration of an address answers the same) and its body, which holds a
/// password, is better not hashed into a stored record.
pub const CREATING: &[&str] = &[
    "create-signal",
    "create-question",
    "create-written",
    "request-photo-upload",
    "complete-photo-upload",
    "request-attachment-upload",
    "complete-attachment-upload",
    "staff-reply",
    "staff-note",
    "admin-create-staff",
    "admin-issue-api-key",
    "open311-post",
];

/// The handler of one Lambda binary, with what every route gets around it.
#[derive(Clone, Copy)]
pub struct Handler {
    pub binary: &'static str,
    handle: HttpHandler,
}

impl Handler {
    /// A binary's own handler, so the binary links that handler alone (a lookup by name would link them all).
    pub const fn new(binary: &'static str, handle: HttpHandler) -> Self {
        Self { binary, handle }
    }

    pub async fn call(self, services: Arc<Services>, request: Request) -> Response<Body> {
        if CREATING.contains(&self.binary) {
            crate::http::idempotency::once(services, request, self.binary, self.handle, rederive_of(self.binary)).await
        } else {
            (self.handle)(services, request).await
        }
    }
}

/// How a creating route derives again the secret its stored answer left out (see `SecretInAnswer`).
fn rederive_of(binary: &str) -> Option<crate::http::idempotency::Rederive> {
    match binary {
        "create-signal" | "create-question" | "create-written" => {
            Some(|services, kept| Box::pin(documents::access_token_again(services, kept)))
        }
        "admin-issue-api-key" => Some(|services, kept| Box::pin(staff::api_key_again(services, kept))),
        _ => None,
    }
}

/// The handler of the Lambda binary `name`, as `template.yaml` refers to it.
pub fn by_binary(name: &str) -> Option<Handler> {
    let binary = *BINARIES.iter().find(|binary| **binary == name)?;
    let handle: HttpHandler = match name {
        "get-catalogue" => |s, r| Box::pin(get_catalogue(s, r)),
        "create-signal" => |s, r| Box::pin(create_signal(s, r)),
        "create-question" => |s, r| Box::pin(create_question(s, r)),
        "get-document" => |s, r| Box::pin(get_document(s, r)),
        "get-me" => |s, r| Box::pin(get_me(s, r)),
        "get-map" => |s, r| Box::pin(get_map(s, r)),
        "get-feed" => |s, r| Box::pin(get_feed(s, r)),
        "get-nearby" => |s, r| Box::pin(get_nearby(s, r)),
        "get-overview" => |s, r| Box::pin(get_overview(s, r)),
        "request-photo-upload" => |s, r| Box::pin(request_photo_upload(s, r)),
        "complete-photo-upload" => |s, r| Box::pin(complete_photo_upload(s, r)),
        "account-register" => |s, r| Box::pin(register(s, r)),
        "account-confirm" => |s, r| Box::pin(confirm(s, r)),
        "account-login" => |s, r| Box::pin(login(s, r)),
        "account-refresh" => |s, r| Box::pin(refresh(s, r)),
        "account-logout" => |s, r| Box::pin(logout(s, r)),
        "account-forgot-password" => |s, r| Box::pin(forgot_password(s, r)),
        "account-reset-password" => |s, r| Box::pin(reset_password(s, r)),
        "account-change-password" => |s, r| Box::pin(change_password(s, r)),
        "get-profile" => |s, r| Box::pin(get_profile(s, r)),
        "create-written" => |s, r| Box::pin(create_written(s, r)),
        "my-documents" => |s, r| Box::pin(my_documents(s, r)),
        "my-document" => |s, r| Box::pin(my_document(s, r)),
        "request-attachment-upload" => |s, r| Box::pin(request_attachment_upload(s, r)),
        "complete-attachment-upload" => |s, r| Box::pin(complete_attachment_upload(s, r)),
        "staff-document" => |s, r| Box::pin(staff_document(s, r)),
        "staff-assign" => |s, r| Box::pin(assign(s, r)),
        "staff-status" => |s, r| Box::pin(change_status(s, r)),
        "staff-reply" => |s, r| Box::pin(reply(s, r)),
        "staff-note" => |s, r| Box::pin(internal_note(s, r)),
        "staff-duplicate" => |s, r| Box::pin(mark_duplicate(s, r)),
        "staff-moderate" => |s, r| Box::pin(moderate(s, r)),
        "staff-queue" => |s, r| Box::pin(queue(s, r)),
        "staff-queue-counts" => |s, r| Box::pin(queue_counts(s, r)),
        "reopen-document" => |s, r| Box::pin(reopen(s, r)),
        "staff-templates" => |s, r| Box::pin(list_templates(s, r)),
        "admin-save-template" => |s, r| Box::pin(save_template(s, r)),
        "admin-create-staff" => |s, r| Box::pin(create_staff_account(s, r)),
        "subscribe" => |s, r| Box::pin(subscribe(s, r)),
        "unsubscribe" => |s, r| Box::pin(unsubscribe(s, r)),
        "subscribe-area" => |s, r| Box::pin(subscribe_area(s, r)),
        "unsubscribe-area" => |s, r| Box::pin(unsubscribe_area(s, r)),
        "my-subscriptions" => |s, r| Box::pin(my_subscriptions(s, r)),
        "unsubscribe-by-token" => |s, r| Box::pin(unsubscribe_by_token(s, r)),
        "open311-get" => |s, r| Box::pin(open311_get(s, r)),
        "open311-service" => |s, r| Box::pin(open311_service(s, r)),
        "open311-request" => |s, r| Box::pin(open311_request(s, r)),
        "open311-post" => |s, r| Box::pin(open311_post(s, r)),
        "open311-token" => |s, r| Box::pin(open311_token(s, r)),
        "admin-issue-api-key" => |s, r| Box::pin(issue_api_key(s, r)),
        "update-profile" => |s, r| Box::pin(update_profile(s, r)),
        "export-my-data" => |s, r| Box::pin(export_my_data(s, r)),
        "delete-account" => |s, r| Box::pin(delete_account(s, r)),
        _ => return None,
    };
    Some(Handler { binary, handle })
}

/// The binary names [`by_binary`] knows, for the test that checks them against the template and `src/bin`.
pub const BINARIES: &[&str] = &[
    "get-catalogue",
    "create-signal",
    "create-question",
    "get-document",
    "get-me",
    "get-map",
    "get-feed",
    "get-nearby",
    "get-overview",
    "request-photo-upload",
    "complete-photo-upload",
    "account-register",
    "account-confirm",
    "account-login",
    "account-refresh",
    "account-logout",
    "account-forgot-password",
    "account-reset-password",
    "account-change-password",
    "get-profile",
    "update-profile",
    "create-written",
    "my-documents",
    "my-document",
    "request-attachment-upload",
    "complete-attachment-upload",
    "staff-document",
    "staff-assign",
    "staff-status",
    "staff-reply",
    "staff-note",
    "staff-duplicate",
    "staff-moderate",
    "staff-queue",
    "staff-queue-counts",
    "reopen-document",
    "staff-templates",
    "admin-save-template",
    "admin-create-staff",
    "subscribe",
    "unsubscribe",
    "subscribe-area",
    "unsubscribe-area",
    "my-subscriptions",
    "unsubscribe-by-token",
    "open311-get",
    "open311-service",
    "open311-request",
    "open311-post",
    "open311-token",
    "admin-issue-api-key",
    "export-my-data",
    "delete-account",
];

/// What every HTTP Lambda binary's `main` does: structured logs, adapters built once, then serve its handler.
/// `USES` is `uses_of(binary)`, as a constant: the adapters of the services it leaves out are never linked.
pub async fn run_lambda<const USES: u8>(handler: Handler) -> Result<(), lambda_http::Error> {
    crate::init_logging();
    if USES != crate::services::uses_of(handler.binary) {
        return Err(format!("{}: run_lambda::<USES> must be uses_of({:?})", handler.binary, handler.binary).into());
    }
    let services = Services::from_lambda_environment::<USES>().await?;
    lambda_http::run(lambda_http::service_fn(move |request: Request| {
        let services = services.clone();
        async move { Ok::<_, std::convert::Infallible>(handler.call(services, request).await) }
    }))
    .await
}
