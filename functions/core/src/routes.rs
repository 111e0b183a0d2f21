//! Every HTTP route, once: its Lambda binary (as `template.yaml` names it in `BuildProperties.Binary`), its
//! handler, and its kind. The handler's first argument names its dependencies; the kind decides what the
//! wrapper does around it (see [`crate::http::route`]).
//!
//! Adding a route: one line here, one handler, one function in `template.yaml` (a `functions/api/src/bin` file
//! of one line names its binary), one test. The local stack, the Lambda binaries, the idempotency of creating
//! routes and the template's consistency test all follow from this table.

use crate::handlers::{
    account, attachments, catalogue, documents, me, open311, overview, photos, privacy, public_map, staff,
    subscriptions,
};
use crate::http::route::Cache::{Private, Public};
use crate::http::route::Kind::{Change, Creating, Read, SignIn};

crate::route_table! {
    // Public reads, cached at the edge for the seconds given.
    "get-catalogue" => catalogue::get_catalogue, Read(Public(300));
    "get-document" => documents::get_document, Read(Public(15));
    "get-map" => public_map::get_map, Read(Public(60));
    "get-feed" => public_map::get_feed, Read(Public(300));
    "get-nearby" => public_map::get_nearby, Read(Public(30));
    "get-overview" => overview::get_overview, Read(Public(60));
    "open311-get" => open311::open311_get, Read(Public(60));
    "open311-service" => open311::open311_service, Read(Public(60));
    "open311-request" => open311::open311_request, Read(Public(60));
    "open311-token" => open311::open311_token, Read(Public(60));

    // Filing: the answer holds the access link, derived again when a retry is answered from the record.
    "create-signal" => documents::create_signal, Creating, rederive documents::access_token_again;
    "create-question" => documents::create_question, Creating, rederive documents::access_token_again;
    "create-written" => documents::create_written, Creating, rederive documents::access_token_again;
    "open311-post" => open311::open311_post, Creating;
    "request-photo-upload" => photos::request_photo_upload, Creating;
    "complete-photo-upload" => photos::complete_photo_upload, Creating;
    "request-attachment-upload" => attachments::request_attachment_upload, Creating;
    "complete-attachment-upload" => attachments::complete_attachment_upload, Creating;
    "reopen-document" => staff::reopen, Change;

    // Accounts. Registration is idempotent by itself, and its body (a password) is better not hashed into a record.
    "account-register" => account::register, SignIn;
    "account-confirm" => account::confirm, SignIn;
    "account-login" => account::login, SignIn;
    "account-refresh" => account::refresh, SignIn;
    "account-logout" => account::logout, SignIn;
    "account-forgot-password" => account::forgot_password, SignIn;
    "account-reset-password" => account::reset_password, SignIn;
    "account-change-password" => account::change_password, SignIn;
    "get-me" => me::get_me, Read(Private);
    "get-profile" => account::get_profile, Read(Private);
    "update-profile" => account::update_profile, Change;
    "export-my-data" => privacy::export_my_data, Read(Private);
    "delete-account" => privacy::delete_account, Change;

    // A citizen's own documents and subscriptions.
    "my-documents" => documents::my_documents, Read(Private);
    "my-document" => documents::my_document, Read(Private);
    "my-subscriptions" => subscriptions::my_subscriptions, Read(Private);
    "subscribe" => subscriptions::subscribe, Change;
    "unsubscribe" => subscriptions::unsubscribe, Change;
    "subscribe-area" => subscriptions::subscribe_area, Change;
    "unsubscribe-area" => subscriptions::unsubscribe_area, Change;
    "unsubscribe-by-token" => subscriptions::unsubscribe_by_token, Change;

    // The back office.
    "staff-document" => staff::staff_document, Read(Private);
    "staff-queue" => staff::queue, Read(Private);
    "staff-queue-counts" => staff::queue_counts, Read(Private);
    "staff-templates" => staff::list_templates, Read(Private);
    "staff-assign" => staff::assign, Change;
    "staff-status" => staff::change_status, Change;
    "staff-duplicate" => staff::mark_duplicate, Change;
    "staff-moderate" => staff::moderate, Change;
    "staff-reply" => staff::reply, Creating;
    "staff-note" => staff::internal_note, Creating;
    "admin-save-template" => staff::save_template, Change;
    "admin-create-staff" => staff::create_staff_account, Creating;
    "admin-issue-api-key" => staff::issue_api_key, Creating, rederive staff::api_key_again;
}
