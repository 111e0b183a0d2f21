//! Every HTTP route, once: its Lambda binary (as `template.yaml` names it in `BuildProperties.Binary`), its
//! handler, its kind, and the Rust types of its JSON body and answer. The handler's first argument names its
//! dependencies; the kind decides what the wrapper does around it (see [`crate::http::route`]); the body and
//! answer types are the OpenAPI document's schemas (`infra/local/src/openapi.rs`).
//!
//! Adding a route: one line here, one handler, one function in `template.yaml` (a `functions/api/src/bin` file
//! of one line names its binary), one test. The local stack, the Lambda binaries, the idempotency of creating
//! routes, the OpenAPI document and the template's consistency test all follow from this table.

use crate::domain::account::{Profile, ProfileRequest, RegisterRequest};
use crate::domain::attachments::AttachmentRequest;
use crate::domain::filing::{NewQuestionRequest, NewSignalRequest, NewWrittenRequest};
use crate::domain::overview::Overview;
use crate::domain::photos::{PhotoView, UploadRequest};
use crate::domain::templates::{ReplyTemplate, TemplateRequest};
use crate::domain::views::DocumentView;
use crate::handlers::{
    account, accounts, attachments, calendar, catalogue, desk, documents, fixed_check, me, open311, overview, photos,
    privacy, public_map, registry, staff, staff_accounts, statistics, subscriptions,
};
use crate::http::request::Caller;
use crate::http::route::Cache::{Private, Public};
use crate::http::route::Kind::{Change, Creating, Read, SignIn};
use crate::ports::Tokens;

crate::route_table! {
    // Public reads, cached at the edge for the seconds given.
    "get-catalogue" => catalogue::get_catalogue, Read(Public(300)), answer catalogue::CatalogueAnswer;
    "get-document" => documents::get_document, Read(Public(15)), answer DocumentView;
    "get-map" => public_map::get_map, Read(Public(60)), answer public_map::FeatureCollection;
    "get-feed" => public_map::get_feed, Read(Public(300));
    "get-nearby" => public_map::get_nearby, Read(Public(30));
    "get-overview" => overview::get_overview, Read(Public(60)), answer Overview;
    "get-accounts" => accounts::get_accounts, Read(Public(300)), answer crate::domain::accounts::PublicAccount;
    "get-calendar" => calendar::get_calendar, Read(Public(300)), answer calendar::CalendarAnswer;
    "get-registry" => registry::get_registry, Read(Public(30)), answer registry::BookAnswer;
    "open311-get" => open311::open311_get, Read(Public(60));
    "open311-service" => open311::open311_service, Read(Public(60));
    "open311-request" => open311::open311_request, Read(Public(60));
    "open311-token" => open311::open311_token, Read(Public(60));

    // Filing: the answer holds the access link, derived again when a retry is answered from the record.
    "create-signal" => documents::create_signal, Creating, rederive documents::access_token_again, body NewSignalRequest, answer documents::Registered;
    "create-question" => documents::create_question, Creating, rederive documents::access_token_again, body NewQuestionRequest, answer documents::Registered;
    "create-written" => documents::create_written, Creating, rederive documents::access_token_again, body NewWrittenRequest, answer documents::Registered;
    "open311-post" => open311::open311_post, Creating;
    "request-photo-upload" => photos::request_photo_upload, Creating, body UploadRequest;
    "complete-photo-upload" => photos::complete_photo_upload, Creating, answer PhotoView;
    "request-attachment-upload" => attachments::request_attachment_upload, Creating, body AttachmentRequest;
    "complete-attachment-upload" => attachments::complete_attachment_upload, Creating, body attachments::CompleteRequest;
    "reopen-document" => staff::reopen, Change, answer staff::Acted;
    "answer-fixed-check" => fixed_check::answer_fixed_check, Change, body fixed_check::FixedCheckBody, answer fixed_check::Answered;

    // Accounts. Registration is idempotent by itself, and its body (a password) is better not hashed into a record.
    "account-register" => account::register, SignIn, body RegisterRequest, answer account::AccountStep<'static>;
    "account-confirm" => account::confirm, SignIn, body account::ConfirmRequest, answer account::AccountStep<'static>;
    "account-resend-code" => account::resend_code, SignIn, body account::ForgotRequest, answer account::AccountStep<'static>;
    "account-login" => account::login, SignIn, body account::LoginRequest, answer Tokens;
    "account-refresh" => account::refresh, SignIn, body account::RefreshRequest, answer Tokens;
    "account-logout" => account::logout, SignIn, answer account::AccountStep<'static>;
    "account-forgot-password" => account::forgot_password, SignIn, body account::ForgotRequest, answer account::AccountStep<'static>;
    "account-reset-password" => account::reset_password, SignIn, body account::ResetRequest, answer account::AccountStep<'static>;
    "account-change-password" => account::change_password, SignIn, body account::ChangePasswordRequest, answer account::AccountStep<'static>;
    "get-me" => me::get_me, Read(Private), answer Caller;
    "get-profile" => account::get_profile, Read(Private), answer Profile;
    "update-profile" => account::update_profile, Change, body ProfileRequest, answer Profile;
    "export-my-data" => privacy::export_my_data, Read(Private);
    "delete-account" => privacy::delete_account, Change, body privacy::DeleteAccountRequest;

    // A citizen's own documents and subscriptions.
    "my-documents" => documents::my_documents, Read(Private), answer documents::MyDocuments;
    "my-document" => documents::my_document, Read(Private), answer DocumentView;
    "my-subscriptions" => subscriptions::my_subscriptions, Read(Private);
    "subscribe" => subscriptions::subscribe, Change;
    "unsubscribe" => subscriptions::unsubscribe, Change;
    "subscribe-area" => subscriptions::subscribe_area, Change, body subscriptions::AreaBody;
    "unsubscribe-area" => subscriptions::unsubscribe_area, Change;
    "unsubscribe-by-token" => subscriptions::unsubscribe_by_token, Change;

    // The back office.
    "staff-document" => staff::staff_document, Read(Private);
    "staff-queue" => staff::queue, Read(Private), answer staff::Queue;
    "staff-desk" => desk::desk_view, Read(Private), answer desk::DeskPage;
    "staff-people" => desk::people, Read(Private);
    "staff-counts" => statistics::desk_counts, Read(Private), answer statistics::DeskFiguresAnswer;
    "staff-statistics" => statistics::statistics, Read(Private), answer statistics::Statistics;
    "staff-assign-person" => desk::assign_person, Change, body desk::AssigneeBody, answer staff::Acted;
    "staff-bulk" => desk::bulk, Change, body desk::BulkBody, answer desk::BulkAnswer;
    "staff-intake" => desk::intake, Creating, body crate::domain::intake::IntakeRequest, answer desk::TakenIn;
    "staff-templates" => staff::list_templates, Read(Private);
    "staff-assign" => staff::assign, Change, body staff::AssignBody, answer staff::Acted;
    "staff-status" => staff::change_status, Change, body staff::StatusBody, answer staff::Acted;
    "staff-duplicate" => staff::mark_duplicate, Change, body staff::DuplicateBody, answer staff::Acted;
    "staff-moderate" => staff::moderate, Change, body staff::ModerateBody, answer staff::Acted;
    "staff-reply" => staff::reply, Creating, body staff::TextBody, answer staff::Acted;
    "staff-note" => staff::internal_note, Creating, body staff::TextBody, answer staff::Acted;
    "admin-save-template" => staff::save_template, Change, body TemplateRequest, answer ReplyTemplate;
    "admin-save-calendar" => calendar::save_calendar, Change, body crate::domain::workdays::CalendarChanges, answer calendar::CalendarAnswer;
    "admin-create-staff" => staff::create_staff_account, Creating, body staff::StaffAccountBody;
    "admin-list-staff" => staff_accounts::list_staff, Read(Private), answer staff_accounts::StaffList;
    "admin-change-staff" => staff_accounts::change_staff, Change, body staff_accounts::StaffChange, answer staff_accounts::StaffMember;
    "admin-issue-api-key" => staff::issue_api_key, Creating, rederive staff::api_key_again, body staff::ApiKeyBody;
}
