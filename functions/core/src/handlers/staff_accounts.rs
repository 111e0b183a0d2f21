//! The administrators' list of staff accounts, and the changes they make to one: stop it (a clerk who left),
//! let it sign in again, or move it to another role. Citizens' accounts are never listed or changed here.

use super::staff::{acting_staff, admin_of};
use crate::domain::FieldError;
use crate::domain::catalogue::Catalogue;
use crate::domain::workflow::{is_staff_group, left_for, staff_and_head_groups};
use crate::http::request::{json_body, path_parameter};
use crate::http::route::Answer;
use crate::http::{Problem, json};
use crate::ports::{AccountError, Accounts, StaffAccount};
use lambda_http::Request;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

crate::dependencies! {
    /// The user pool's staff groups.
    pub struct StaffAccounts { accounts: Arc<dyn Accounts>, catalogue: &'static Catalogue }
}

/// A staff account as an administrator sees it.
#[derive(Serialize, schemars::JsonSchema)]
pub struct StaffMember {
    email: String,
    name: Option<String>,
    /// Its staff groups: `operators`, `admins`, `unit-<unit id>`, and `head-<unit id>` for a unit's head.
    roles: Vec<String>,
    /// `active`, `invited` (the temporary password not changed yet) or `disabled` (it cannot sign in).
    state: &'static str,
}

impl From<StaffAccount> for StaffMember {
    fn from(account: StaffAccount) -> Self {
        let state = match (account.enabled, account.confirmed) {
            (false, _) => "disabled",
            (true, false) => "invited",
            (true, true) => "active",
        };
        Self { email: account.email, name: account.name, roles: account.groups, state }
    }
}

#[derive(Serialize, schemars::JsonSchema)]
pub struct StaffList {
    staff: Vec<StaffMember>,
}

fn no_staff_account() -> Problem {
    Problem::new(404, "not-found", "Not found").with_detail("There is no staff account with this e-mail")
}

fn unavailable(error: AccountError) -> Problem {
    tracing::error!(%error, "the user pool could not be read or changed");
    Problem::unavailable(5)
}

/// `GET /api/admin/staff` (admins): every staff account, its roles and whether it may sign in.
pub async fn list_staff(deps: Arc<StaffAccounts>, request: Request) -> Answer {
    admin_of(&request)?;
    let accounts = deps.accounts.staff_accounts(&staff_and_head_groups(deps.catalogue)).await.map_err(unavailable)?;
    let mut staff: Vec<StaffMember> = accounts.into_iter().map(StaffMember::from).collect();
    staff.sort_by(|a, b| a.email.cmp(&b.email));
    Ok(json(200, &StaffList { staff }))
}

#[derive(Deserialize, Default, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct StaffChange {
    /// False stops the account (it cannot sign in, its sessions end); true lets it sign in again.
    enabled: Option<bool>,
    /// The one role it has from now on: `operators`, `admins` or `unit-<unit id>`.
    role: Option<String>,
}

/// `PUT /api/admin/staff/{email}` (admins) `{enabled?, role?}`: stops a staff account or lets it sign in again,
/// or gives it another role (its sessions end, so its next sign-in carries the role; a unit's head left behind is
/// no longer its head). An administrator cannot change their own account here, so cannot lock themselves out.
pub async fn change_staff(deps: Arc<StaffAccounts>, request: Request) -> Answer {
    admin_of(&request)?;
    // Who is acting must be known, or an administrator could stop their own account unawares.
    let (_, me) = acting_staff(deps.accounts.as_ref(), &request).await?;
    let me = me.ok_or_else(|| Problem::unavailable(2))?;
    let body: StaffChange = json_body(&request)?;
    let mut errors = Vec::new();
    let path_email = path_parameter(&request, "email");
    let Some(email) = crate::domain::account::parse_email("email", path_email.as_deref(), &mut errors) else {
        return Err(Problem { status: 400, ..Problem::validation(errors) });
    };
    // The pool finds an account whatever the capitals (`UsernameConfiguration`); compared in small letters here.
    let email = email.as_str().to_lowercase();
    if body.enabled.is_none() && body.role.is_none() {
        errors.push(FieldError::new("enabled", "required", "say enabled, role or both"));
    }
    if let Some(role) = &body.role
        && !is_staff_group(role, deps.catalogue)
    {
        errors.push(FieldError::new("role", "unknown", "operators, admins or unit-<unit id>"));
    }
    if !errors.is_empty() {
        return Err(Problem::validation(errors));
    }
    if me == email {
        return Err(Problem::new(409, "own-account", "Another administrator changes your own account"));
    }
    // Only a staff account is changed here: a citizen's address answers as one nobody holds.
    let groups = deps.accounts.groups_of(&email).await.map_err(unavailable)?.unwrap_or_default();
    if !groups.iter().any(|g| is_staff_group(g, deps.catalogue)) {
        return Err(no_staff_account());
    }
    if let Some(role) = &body.role {
        let left = left_for(role, &groups, deps.catalogue);
        deps.accounts.move_to_group(&email, &left, role).await.map_err(unavailable)?;
        tracing::info!(account = %email, left = ?left, to = %role, "staff role changed");
    }
    if let Some(enabled) = body.enabled {
        deps.accounts.set_enabled(&email, enabled).await.map_err(unavailable)?;
        tracing::info!(account = %email, enabled, "staff account enabled or stopped");
    }
    let accounts = deps.accounts.staff_accounts(&staff_and_head_groups(deps.catalogue)).await.map_err(unavailable)?;
    let member = accounts.into_iter().find(|a| a.email == email).map(StaffMember::from);
    Ok(json(200, &member.ok_or_else(no_staff_account)?))
}
