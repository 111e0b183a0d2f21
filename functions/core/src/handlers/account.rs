//! Account routes: register, confirm, sign in/out, refresh, passwords, profile. Cognito does the work; these
//! handlers validate input, keep every answer free of hints about which e-mails are registered, and map
//! Cognito's errors to problems.

use crate::domain::FieldError;
use crate::domain::account::{
    Code, Password, ProfileRequest, RegisterRequest, must_use_mfa, otpauth_uri, parse_email, parse_profile_update,
    parse_registration, token_groups,
};
use crate::http::request::{caller, header, json_body};
use crate::http::route::Answer;
use crate::http::{Problem, json};
use crate::ports::Accounts;
use crate::ports::{AccountError, SignIn};
use lambda_http::{Body, Request, Response};
use serde::Deserialize;
use std::sync::Arc;

/// The problem a client may see for an account error. `password_field` names the field a weak password
/// came in; `credentials` is the answer for wrong credentials on this route.
fn account_problem(error: AccountError, password_field: &str, credentials: fn() -> Problem) -> Problem {
    match error {
        AccountError::InvalidCredentials => credentials(),
        AccountError::NotConfirmed => Problem::new(403, "not-confirmed", "The account is not confirmed yet")
            .with_detail("Enter the code we sent to your e-mail"),
        AccountError::WeakPassword(rule) => Problem::field(422, password_field, "weak_password", rule),
        AccountError::InvalidCode => Problem::field(422, "code", "invalid_code", "the code is wrong or has expired"),
        AccountError::TooManyAttempts => Problem {
            retry_after_seconds: Some(60),
            ..Problem::new(429, "too-many-attempts", "Too many attempts; try again in a minute")
        },
        // Only staff creation reports an existing login; any other route answering it would tell who is registered.
        error @ (AccountError::Unavailable(_) | AccountError::AlreadyExists) => {
            tracing::error!(reason = %error, "account service failed");
            Problem::unavailable(5)
        }
    }
}

fn wrong_credentials() -> Problem {
    Problem::new(401, "invalid-credentials", "The e-mail or the password is wrong")
}

/// An unknown e-mail and a wrong code get the same answer.
fn wrong_code() -> Problem {
    Problem::field(422, "code", "invalid_code", "the code is wrong or has expired")
}

fn invalid_session() -> Problem {
    Problem::new(401, "invalid-session", "Your session has ended; sign in again")
}

fn bearer(request: &Request) -> Result<String, Problem> {
    header(request, "authorization")
        .and_then(|h| h.strip_prefix("Bearer ").or_else(|| h.strip_prefix("bearer ")).map(str::to_owned))
        .ok_or_else(Problem::unauthorized)
}

/// What an account step did (`confirmation_sent`, `confirmed`, `signed_out`, …).
#[derive(serde::Serialize, schemars::JsonSchema)]
pub struct AccountStep<'a> {
    pub status: &'a str,
}

/// The sign-in needs another step: `next: new_password_required` (an invited staff member's first sign-in: send
/// email, session and new_password), `mfa: code_required` (send email, session and code) or, for operators and
/// admins without an app, `mfa: setup_required` (add the secret to an app, then send email, password and its
/// first code).
#[derive(serde::Serialize, schemars::JsonSchema)]
#[serde(untagged)]
pub enum MfaStep {
    NewPassword { next: &'static str, session: String },
    Code { mfa: &'static str, session: String },
    Setup { mfa: &'static str, secret: String, otpauth_uri: String },
}

crate::dependencies! {
    /// The user pool: every account step.
    pub struct UserPool { accounts: Arc<dyn Accounts> }
}

fn accepted(status: &str) -> Response<Body> {
    json(202, &AccountStep { status })
}

fn ok(status: &str) -> Response<Body> {
    json(200, &AccountStep { status })
}

/// `POST /api/account/register`: the same answer whether or not the e-mail was registered before.
pub async fn register(deps: Arc<UserPool>, request: Request) -> Answer {
    let body: RegisterRequest = json_body(&request)?;
    let registration = parse_registration(&body).map_err(Problem::validation)?;
    deps.accounts.register(&registration).await.map_err(|e| account_problem(e, "password", wrong_credentials))?;
    Ok(accepted("confirmation_sent"))
}

#[derive(Deserialize, Default, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct ConfirmRequest {
    email: Option<String>,
    code: Option<String>,
}

fn parse_code(value: Option<&str>, errors: &mut Vec<FieldError>) -> Option<Code> {
    match value.map(Code::parse) {
        Some(Ok(code)) => Some(code),
        _ => {
            errors.push(FieldError::new("code", "required", "code is the code from the e-mail"));
            None
        }
    }
}

/// `POST /api/account/confirm`: the code from the registration e-mail.
pub async fn confirm(deps: Arc<UserPool>, request: Request) -> Answer {
    let body: ConfirmRequest = json_body(&request)?;
    let mut errors = Vec::new();
    let email = parse_email("email", body.email.as_deref(), &mut errors);
    let code = parse_code(body.code.as_deref(), &mut errors);
    let (Some(email), Some(code)) = (email, code) else { return Err(Problem::validation(errors)) };
    // An unknown e-mail and a wrong code get the same answer.
    let confirmed = deps.accounts.confirm(email.as_str(), code.as_str()).await;
    confirmed.map_err(|e| account_problem(e, "password", wrong_code))?;
    Ok(ok("confirmed"))
}

#[derive(Deserialize, Default, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct LoginRequest {
    email: Option<String>,
    password: Option<String>,
    /// The session of a sign-in that asked for an authenticator code (with `code`, instead of the password).
    session: Option<String>,
    /// An authenticator code: the second step of a sign-in, or the first code of an app being set up.
    code: Option<String>,
    /// The password an invited staff member chooses at the first sign-in (with `session`).
    new_password: Option<String>,
}

fn authenticator_code(value: Option<&str>, errors: &mut Vec<FieldError>) -> Option<Code> {
    let code = value.map(str::trim).filter(|c| c.len() == 6 && c.bytes().all(|b| b.is_ascii_digit()));
    if code.is_none() {
        errors.push(FieldError::new("code", "invalid", "the authenticator shows a code of 6 digits"));
    }
    code.and_then(|c| Code::parse(c).ok())
}

/// `POST /api/account/login`: tokens for the e-mail and password. Further steps come back as 202 with what to
/// send next, the e-mail always with it:
/// - `new_password_required` (a staff member's first sign-in with the invitation's temporary password): `session`
///   and `new_password`;
/// - `code_required` (an account with an authenticator app): `session` and `code`;
/// - `setup_required` (an operator or admin without an app; no tokens until then): the app's `secret` and
///   `otpauth_uri`; then `password` and the app's first `code`.
pub async fn login(deps: Arc<UserPool>, request: Request) -> Answer {
    let body: LoginRequest = json_body(&request)?;
    let mut errors = Vec::new();
    let email = parse_email("email", body.email.as_deref(), &mut errors);
    if let Some(session) = body.session.as_deref() {
        let session = Some(session).filter(|s| !s.is_empty() && s.len() <= 4096);
        if session.is_none() {
            errors.push(FieldError::new("session", "invalid", "start again with the password"));
        }
        if body.new_password.is_some() {
            // The first sign-in of an invited staff member: their own password instead of the temporary one.
            let password = Password::parse("new_password", body.new_password.as_deref(), &mut errors);
            let (Some(email), Some(session), Some(password)) = (email, session, password) else {
                return Err(Problem::validation(errors));
            };
            let signed_in = deps
                .accounts
                .set_first_password(email.as_str(), session, password.expose())
                .await
                .map_err(|e| account_problem(e, "new_password", invalid_session))?;
            return finish_sign_in(&deps, email.as_str(), signed_in, None).await;
        }
        let code = authenticator_code(body.code.as_deref(), &mut errors);
        let (Some(email), Some(code), Some(session)) = (email, code, session) else {
            return Err(Problem::validation(errors));
        };
        let answered = deps.accounts.answer_mfa(email.as_str(), session, code.as_str()).await;
        return Ok(json(200, &answered.map_err(|e| account_problem(e, "password", invalid_session))?));
    }
    let password = Password::parse("password", body.password.as_deref(), &mut errors);
    let setup_code = match body.code.as_deref() {
        Some(code) => authenticator_code(Some(code), &mut errors),
        None => None,
    };
    let (Some(email), Some(password)) = (email, password) else { return Err(Problem::validation(errors)) };
    if !errors.is_empty() {
        return Err(Problem::validation(errors));
    }
    let signed_in = deps
        .accounts
        .sign_in(email.as_str(), password.expose())
        .await
        .map_err(|e| account_problem(e, "password", wrong_credentials))?;
    finish_sign_in(&deps, email.as_str(), signed_in, setup_code).await
}

/// After a password step: the next step to ask for, or the tokens. Operators and admins without an authenticator
/// app get none: the secret of a new one instead, or, with its first `setup_code`, the app is set up and the
/// tokens given.
async fn finish_sign_in(deps: &UserPool, email: &str, signed_in: SignIn, setup_code: Option<Code>) -> Answer {
    let tokens = match signed_in {
        SignIn::MfaCode { session } => {
            return Ok(json(202, &MfaStep::Code { mfa: "code_required", session }));
        }
        SignIn::NewPassword { session } => {
            let step = MfaStep::NewPassword { next: "new_password_required", session };
            return Ok(json(202, &step));
        }
        SignIn::Tokens(tokens) => tokens,
    };
    let problem = |e| account_problem(e, "password", wrong_credentials);
    if must_use_mfa(&token_groups(&tokens.access_token))
        && !deps.accounts.mfa_enabled(&tokens.access_token).await.map_err(problem)?
    {
        if let Some(code) = setup_code {
            deps.accounts.finish_mfa_setup(&tokens.access_token, code.as_str()).await.map_err(problem)?;
            tracing::info!("authenticator app set up");
            return Ok(json(200, &tokens));
        }
        let secret = deps.accounts.start_mfa_setup(&tokens.access_token).await.map_err(problem)?;
        // These tokens never leave: the next sign-in, with the app's first code, issues the session.
        if let Err(error) = deps.accounts.sign_out(&tokens.access_token).await {
            tracing::warn!(%error, "withheld tokens not revoked");
        }
        let uri = otpauth_uri(email, &secret);
        let step = MfaStep::Setup { mfa: "setup_required", secret, otpauth_uri: uri };
        return Ok(json(202, &step));
    }
    Ok(json(200, &tokens))
}

#[derive(Deserialize, Default, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RefreshRequest {
    refresh_token: Option<String>,
}

/// `POST /api/account/refresh`: new ID and access tokens for a refresh token.
pub async fn refresh(deps: Arc<UserPool>, request: Request) -> Answer {
    let body: RefreshRequest = json_body(&request)?;
    let token = body
        .refresh_token
        .filter(|t| !t.is_empty() && t.len() <= 8192)
        .ok_or_else(|| Problem::field(422, "refresh_token", "required", "refresh_token is required"))?;
    let problem = |e| account_problem(e, "password", invalid_session);
    let tokens = deps.accounts.refresh(&token).await.map_err(problem)?;
    // Made an operator or admin since signing in: no more tokens until an authenticator app is set up.
    if must_use_mfa(&token_groups(&tokens.access_token))
        && !deps.accounts.mfa_enabled(&tokens.access_token).await.map_err(problem)?
    {
        return Err(Problem::new(403, "mfa-setup-required", "Sign in again to set up an authenticator app"));
    }
    Ok(json(200, &tokens))
}

/// `POST /api/account/logout` (signed in, with the access token): ends every session of the account, so
/// refresh tokens stop working.
pub async fn logout(deps: Arc<UserPool>, request: Request) -> Answer {
    let access_token = bearer(&request)?;
    deps.accounts.sign_out(&access_token).await.map_err(|e| account_problem(e, "password", invalid_session))?;
    Ok(ok("signed_out"))
}

#[derive(Deserialize, Default, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct ForgotRequest {
    email: Option<String>,
}

/// `POST /api/account/forgot-password`: e-mails a reset code; the same answer for any well-formed e-mail.
pub async fn forgot_password(deps: Arc<UserPool>, request: Request) -> Answer {
    let body: ForgotRequest = json_body(&request)?;
    let mut errors = Vec::new();
    let Some(email) = parse_email("email", body.email.as_deref(), &mut errors) else {
        return Err(Problem::validation(errors));
    };
    let asked = deps.accounts.forgot_password(email.as_str()).await;
    asked.map_err(|e| account_problem(e, "password", wrong_credentials))?;
    Ok(accepted("code_sent_if_registered"))
}

/// `POST /api/account/resend-code`: a new sign-up code for an account not confirmed yet (the one before stops
/// working); the same answer for any well-formed e-mail.
pub async fn resend_code(deps: Arc<UserPool>, request: Request) -> Answer {
    let body: ForgotRequest = json_body(&request)?;
    let mut errors = Vec::new();
    let Some(email) = parse_email("email", body.email.as_deref(), &mut errors) else {
        return Err(Problem::validation(errors));
    };
    let asked = deps.accounts.resend_confirmation(email.as_str()).await;
    asked.map_err(|e| account_problem(e, "password", wrong_credentials))?;
    Ok(accepted("code_sent_if_registered"))
}

#[derive(Deserialize, Default, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct ResetRequest {
    email: Option<String>,
    code: Option<String>,
    new_password: Option<String>,
}

/// `POST /api/account/reset-password`: the code from the e-mail and a new password.
pub async fn reset_password(deps: Arc<UserPool>, request: Request) -> Answer {
    let body: ResetRequest = json_body(&request)?;
    let mut errors = Vec::new();
    let email = parse_email("email", body.email.as_deref(), &mut errors);
    let code = parse_code(body.code.as_deref(), &mut errors);
    let password = Password::parse("new_password", body.new_password.as_deref(), &mut errors);
    let (Some(email), Some(code), Some(password)) = (email, code, password) else {
        return Err(Problem::validation(errors));
    };
    deps.accounts
        .reset_password(email.as_str(), code.as_str(), password.expose())
        .await
        .map_err(|e| account_problem(e, "new_password", wrong_code))?;
    Ok(ok("password_reset"))
}

#[derive(Deserialize, Default, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct ChangePasswordRequest {
    old_password: Option<String>,
    new_password: Option<String>,
}

/// `POST /api/account/change-password` (signed in, with the access token): the old password is required.
pub async fn change_password(deps: Arc<UserPool>, request: Request) -> Answer {
    let access_token = bearer(&request)?;
    let body: ChangePasswordRequest = json_body(&request)?;
    let mut errors = Vec::new();
    let old = Password::parse("old_password", body.old_password.as_deref(), &mut errors);
    let new = Password::parse("new_password", body.new_password.as_deref(), &mut errors);
    let (Some(old), Some(new)) = (old, new) else { return Err(Problem::validation(errors)) };
    deps.accounts.change_password(&access_token, old.expose(), new.expose()).await.map_err(|e| {
        account_problem(e, "new_password", || {
            Problem::field(422, "old_password", "wrong_password", "the current password is wrong")
        })
    })?;
    Ok(ok("password_changed"))
}

/// `GET /api/account/profile` (signed in): the caller's profile.
pub async fn get_profile(deps: Arc<UserPool>, request: Request) -> Answer {
    let caller = caller(&request).ok_or_else(Problem::unauthorized)?;
    let profile =
        deps.accounts.profile(&caller.sub).await.map_err(|e| account_problem(e, "password", invalid_session))?;
    Ok(json(200, &profile))
}

/// `PUT /api/account/profile` (signed in): name (required), phone and postal address (optional; empty clears).
pub async fn update_profile(deps: Arc<UserPool>, request: Request) -> Answer {
    let caller = caller(&request).ok_or_else(Problem::unauthorized)?;
    let body: ProfileRequest = json_body(&request)?;
    let profile = parse_profile_update(&body).map_err(Problem::validation)?;
    deps.accounts
        .update_profile(&caller.sub, &profile)
        .await
        .map_err(|e| account_problem(e, "password", invalid_session))?;
    let profile =
        deps.accounts.profile(&caller.sub).await.map_err(|e| account_problem(e, "password", invalid_session))?;
    Ok(json(200, &profile))
}
