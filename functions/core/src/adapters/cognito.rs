//! Accounts on a Cognito user pool, through its public API (sign-up, sign-in, passwords) and, for profiles,
//! the admin API (the caller was already verified by API Gateway's JWT authorizer).

use crate::domain::account::{Profile, ProfileData, Registration};
use crate::ports::{AccountError, Accounts, SignIn, StaffAccount, Tokens};
use async_trait::async_trait;
use aws_sdk_cognitoidentityprovider::Client;
use aws_sdk_cognitoidentityprovider::error::{DisplayErrorContext, ProvideErrorMetadata, SdkError};
use aws_sdk_cognitoidentityprovider::types::{
    AttributeType, AuthFlowType, AuthenticationResultType, ChallengeNameType, SoftwareTokenMfaSettingsType,
};

pub struct CognitoAccounts {
    client: Client,
    user_pool_id: String,
    client_id: String,
}

impl CognitoAccounts {
    pub fn new(client: Client, user_pool_id: String, client_id: String) -> Self {
        Self { client, user_pool_id, client_id }
    }

    /// Answers a sign-in challenge with its one response (`(name, value)`) besides the user name.
    async fn answer(
        &self,
        challenge: ChallengeNameType,
        email: &str,
        session: &str,
        (name, value): (&str, &str),
    ) -> Result<SignIn, AccountError> {
        let output = self
            .client
            .respond_to_auth_challenge()
            .client_id(&self.client_id)
            .challenge_name(challenge)
            .session(session)
            .challenge_responses("USERNAME", email)
            .challenge_responses(name, value)
            .send()
            .await
            .map_err(account_error)?;
        signed_in(output.challenge_name(), output.session(), output.authentication_result())
    }

    /// The members of one group (none if it does not exist), each as an account in that group alone.
    async fn group_members(&self, group: &str) -> Result<Vec<StaffAccount>, AccountError> {
        let mut members = Vec::new();
        let mut next = None;
        loop {
            let page = self
                .client
                .list_users_in_group()
                .user_pool_id(&self.user_pool_id)
                .group_name(group)
                .set_next_token(next.take())
                .send()
                .await;
            let page = match page {
                Ok(page) => page,
                Err(error) if error.code() == Some("ResourceNotFoundException") => return Ok(members),
                Err(error) => return Err(account_error(error)),
            };
            for user in page.users() {
                let attribute = |name: &str| {
                    user.attributes().iter().find(|a| a.name() == name).and_then(|a| a.value()).map(str::to_owned)
                };
                let Some(email) = attribute("email") else { continue };
                members.push(StaffAccount {
                    email,
                    name: attribute("name"),
                    groups: vec![group.to_owned()],
                    enabled: user.enabled(),
                    confirmed: user.user_status()
                        != Some(&aws_sdk_cognitoidentityprovider::types::UserStatusType::ForceChangePassword),
                });
            }
            match page.next_token() {
                Some(token) => next = Some(token.to_owned()),
                None => return Ok(members),
            }
        }
    }

    /// Ends every session of an account (its refresh tokens stop working), as an administrator.
    async fn end_sessions(&self, email: &str) -> Result<(), AccountError> {
        let sign_out = self.client.admin_user_global_sign_out().user_pool_id(&self.user_pool_id).username(email);
        sign_out.send().await.map_err(account_error)?;
        Ok(())
    }
}

/// Cognito's error codes, mapped to what a client may be told.
fn account_error<E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static>(
    error: SdkError<E>,
) -> AccountError {
    let code = error.code().unwrap_or_default().to_owned();
    let message = error.message().unwrap_or_default().to_owned();
    match code.as_str() {
        "NotAuthorizedException" | "UserNotFoundException" | "ResourceNotFoundException" => {
            AccountError::InvalidCredentials
        }
        "UserNotConfirmedException" => AccountError::NotConfirmed,
        "InvalidPasswordException" => AccountError::WeakPassword(message),
        "CodeMismatchException" | "ExpiredCodeException" | "EnableSoftwareTokenMFAException" => {
            AccountError::InvalidCode
        }
        "LimitExceededException" | "TooManyRequestsException" | "TooManyFailedAttemptsException" => {
            AccountError::TooManyAttempts
        }
        _ => AccountError::Unavailable(DisplayErrorContext(error).to_string()),
    }
}

fn attribute(name: &str, value: &str) -> Result<AttributeType, AccountError> {
    AttributeType::builder().name(name).value(value).build().map_err(|e| AccountError::Unavailable(e.to_string()))
}

fn tokens(result: Option<&AuthenticationResultType>, refresh_token: Option<String>) -> Result<Tokens, AccountError> {
    let result = result.ok_or(AccountError::InvalidCredentials)?;
    Ok(Tokens {
        id_token: result.id_token().ok_or(AccountError::InvalidCredentials)?.to_owned(),
        access_token: result.access_token().ok_or(AccountError::InvalidCredentials)?.to_owned(),
        refresh_token: result.refresh_token().map(str::to_owned).or(refresh_token),
        expires_in: result.expires_in(),
        token_type: "Bearer",
    })
}

/// What an authentication step gave: tokens, or the next challenge this system answers.
fn signed_in(
    challenge: Option<&ChallengeNameType>,
    session: Option<&str>,
    result: Option<&AuthenticationResultType>,
) -> Result<SignIn, AccountError> {
    let session = || session.map(str::to_owned).ok_or(AccountError::InvalidCredentials);
    match challenge {
        None => tokens(result, None).map(SignIn::Tokens),
        Some(ChallengeNameType::SoftwareTokenMfa) => Ok(SignIn::MfaCode { session: session()? }),
        Some(ChallengeNameType::NewPasswordRequired) => Ok(SignIn::NewPassword { session: session()? }),
        Some(other) => Err(AccountError::Unavailable(format!("unexpected challenge {other:?}"))),
    }
}

fn profile_attributes(profile: &ProfileData) -> Result<Vec<AttributeType>, AccountError> {
    // An empty value removes an optional attribute's content.
    Ok(vec![
        attribute("name", profile.name.as_ref().map(|n| n.as_str()).unwrap_or(""))?,
        attribute("phone_number", profile.phone.as_ref().map(|p| p.as_str()).unwrap_or(""))?,
        attribute("address", profile.address.as_ref().map(|a| a.as_str()).unwrap_or(""))?,
    ])
}

#[async_trait]
impl Accounts for CognitoAccounts {
    #[tracing::instrument(skip_all, name = "Accounts::register")]
    async fn register(&self, registration: &Registration) -> Result<(), AccountError> {
        let mut request = self
            .client
            .sign_up()
            .client_id(&self.client_id)
            .username(registration.email.as_str())
            .password(registration.password.expose())
            .user_attributes(attribute("email", registration.email.as_str())?);
        for attribute in profile_attributes(&registration.profile)? {
            if attribute.value().is_some_and(|v| !v.is_empty()) {
                request = request.user_attributes(attribute);
            }
        }
        match request.send().await {
            Ok(_) => Ok(()),
            // Already registered: answer exactly as for a new account.
            Err(error) if error.code() == Some("UsernameExistsException") => Ok(()),
            Err(error) => Err(account_error(error)),
        }
    }

    #[tracing::instrument(skip_all, name = "Accounts::confirm")]
    async fn confirm(&self, email: &str, code: &str) -> Result<(), AccountError> {
        self.client
            .confirm_sign_up()
            .client_id(&self.client_id)
            .username(email)
            .confirmation_code(code)
            .send()
            .await
            .map_err(account_error)?;
        Ok(())
    }

    #[tracing::instrument(skip_all, name = "Accounts::sign_in")]
    async fn sign_in(&self, email: &str, password: &str) -> Result<SignIn, AccountError> {
        let output = self
            .client
            .initiate_auth()
            .client_id(&self.client_id)
            .auth_flow(AuthFlowType::UserPasswordAuth)
            .auth_parameters("USERNAME", email)
            .auth_parameters("PASSWORD", password)
            .send()
            .await
            .map_err(account_error)?;
        signed_in(output.challenge_name(), output.session(), output.authentication_result())
    }

    #[tracing::instrument(skip_all, name = "Accounts::set_first_password")]
    async fn set_first_password(&self, email: &str, session: &str, password: &str) -> Result<SignIn, AccountError> {
        self.answer(ChallengeNameType::NewPasswordRequired, email, session, ("NEW_PASSWORD", password)).await
    }

    #[tracing::instrument(skip_all, name = "Accounts::answer_mfa")]
    async fn answer_mfa(&self, email: &str, session: &str, code: &str) -> Result<Tokens, AccountError> {
        match self
            .answer(ChallengeNameType::SoftwareTokenMfa, email, session, ("SOFTWARE_TOKEN_MFA_CODE", code))
            .await?
        {
            SignIn::Tokens(tokens) => Ok(tokens),
            other => Err(AccountError::Unavailable(format!("a code answered with {other:?}"))),
        }
    }

    #[tracing::instrument(skip_all, name = "Accounts::mfa_enabled")]
    async fn mfa_enabled(&self, access_token: &str) -> Result<bool, AccountError> {
        let user = self.client.get_user().access_token(access_token).send().await.map_err(account_error)?;
        Ok(user.user_mfa_setting_list().iter().any(|m| m == "SOFTWARE_TOKEN_MFA"))
    }

    #[tracing::instrument(skip_all, name = "Accounts::start_mfa_setup")]
    async fn start_mfa_setup(&self, access_token: &str) -> Result<String, AccountError> {
        let output =
            self.client.associate_software_token().access_token(access_token).send().await.map_err(account_error)?;
        output.secret_code().map(str::to_owned).ok_or_else(|| AccountError::Unavailable("no secret code".into()))
    }

    #[tracing::instrument(skip_all, name = "Accounts::finish_mfa_setup")]
    async fn finish_mfa_setup(&self, access_token: &str, code: &str) -> Result<(), AccountError> {
        self.client
            .verify_software_token()
            .access_token(access_token)
            .user_code(code)
            .friendly_device_name("authenticator")
            .send()
            .await
            .map_err(account_error)?;
        self.client
            .set_user_mfa_preference()
            .access_token(access_token)
            .software_token_mfa_settings(
                SoftwareTokenMfaSettingsType::builder().enabled(true).preferred_mfa(true).build(),
            )
            .send()
            .await
            .map_err(account_error)?;
        Ok(())
    }

    #[tracing::instrument(skip_all, name = "Accounts::refresh")]
    async fn refresh(&self, refresh_token: &str) -> Result<Tokens, AccountError> {
        let output = self
            .client
            .initiate_auth()
            .client_id(&self.client_id)
            .auth_flow(AuthFlowType::RefreshTokenAuth)
            .auth_parameters("REFRESH_TOKEN", refresh_token)
            .send()
            .await
            .map_err(account_error)?;
        tokens(output.authentication_result(), Some(refresh_token.to_owned()))
    }

    #[tracing::instrument(skip_all, name = "Accounts::sign_out")]
    async fn sign_out(&self, access_token: &str) -> Result<(), AccountError> {
        self.client.global_sign_out().access_token(access_token).send().await.map_err(account_error)?;
        Ok(())
    }

    #[tracing::instrument(skip_all, name = "Accounts::forgot_password")]
    async fn forgot_password(&self, email: &str) -> Result<(), AccountError> {
        match self
            .client
            .forgot_password()
            .client_id(&self.client_id)
            .username(email)
            .send()
            .await
            .map_err(account_error)
        {
            // Unknown or unconfirmed: say nothing different.
            Ok(_) | Err(AccountError::InvalidCredentials | AccountError::NotConfirmed) => Ok(()),
            Err(error) => Err(error),
        }
    }

    #[tracing::instrument(skip_all, name = "Accounts::resend_confirmation")]
    async fn resend_confirmation(&self, email: &str) -> Result<(), AccountError> {
        match self.client.resend_confirmation_code().client_id(&self.client_id).username(email).send().await {
            Ok(_) => Ok(()),
            // Already confirmed (InvalidParameterException) or unknown: say nothing different.
            Err(error) if error.code() == Some("InvalidParameterException") => Ok(()),
            Err(error) => match account_error(error) {
                AccountError::InvalidCredentials => Ok(()),
                error => Err(error),
            },
        }
    }

    #[tracing::instrument(skip_all, name = "Accounts::reset_password")]
    async fn reset_password(&self, email: &str, code: &str, new_password: &str) -> Result<(), AccountError> {
        self.client
            .confirm_forgot_password()
            .client_id(&self.client_id)
            .username(email)
            .confirmation_code(code)
            .password(new_password)
            .send()
            .await
            .map_err(account_error)?;
        Ok(())
    }

    #[tracing::instrument(skip_all, name = "Accounts::change_password")]
    async fn change_password(
        &self,
        access_token: &str,
        old_password: &str,
        new_password: &str,
    ) -> Result<(), AccountError> {
        self.client
            .change_password()
            .access_token(access_token)
            .previous_password(old_password)
            .proposed_password(new_password)
            .send()
            .await
            .map_err(account_error)?;
        Ok(())
    }

    #[tracing::instrument(skip_all, name = "Accounts::profile")]
    async fn profile(&self, sub: &str) -> Result<Profile, AccountError> {
        let output = self
            .client
            .admin_get_user()
            .user_pool_id(&self.user_pool_id)
            .username(sub)
            .send()
            .await
            .map_err(account_error)?;
        let get = |name: &str| {
            output
                .user_attributes()
                .iter()
                .find(|a| a.name() == name)
                .and_then(|a| a.value())
                .filter(|v| !v.is_empty())
                .map(str::to_owned)
        };
        Ok(Profile {
            sub: get("sub").unwrap_or_else(|| sub.to_owned()),
            email: get("email").unwrap_or_default(),
            email_verified: get("email_verified").as_deref() == Some("true"),
            name: get("name"),
            phone: get("phone_number"),
            address: get("address"),
        })
    }

    #[tracing::instrument(skip_all, name = "Accounts::create_staff")]
    async fn create_staff(&self, email: &str, name: &str, group: &str) -> Result<(), AccountError> {
        let created = self
            .client
            .admin_create_user()
            .user_pool_id(&self.user_pool_id)
            .username(email)
            .user_attributes(attribute("email", email)?)
            .user_attributes(attribute("email_verified", "true")?)
            .user_attributes(attribute("name", name)?)
            .desired_delivery_mediums(aws_sdk_cognitoidentityprovider::types::DeliveryMediumType::Email)
            .send()
            .await;
        match created {
            Ok(_) => {}
            // Whoever holds this address (a citizen may have made it theirs) is not the person being invited:
            // a role is never added to an existing login.
            Err(error) if error.code() == Some("UsernameExistsException") => return Err(AccountError::AlreadyExists),
            Err(error) => return Err(account_error(error)),
        }
        if group.starts_with(crate::domain::workflow::UNIT_GROUP_PREFIX) {
            match self.client.create_group().user_pool_id(&self.user_pool_id).group_name(group).send().await {
                Ok(_) => {}
                Err(error) if error.code() == Some("GroupExistsException") => {}
                Err(error) => return Err(account_error(error)),
            }
        }
        self.client
            .admin_add_user_to_group()
            .user_pool_id(&self.user_pool_id)
            .username(email)
            .group_name(group)
            .send()
            .await
            .map_err(account_error)?;
        Ok(())
    }

    #[tracing::instrument(skip_all, name = "Accounts::members_of")]
    async fn members_of(&self, group: &str) -> Result<Vec<String>, AccountError> {
        let members = self.group_members(group).await?;
        Ok(members.into_iter().filter(|m| m.enabled).map(|m| m.email).collect())
    }

    #[tracing::instrument(skip_all, name = "Accounts::staff_accounts")]
    async fn staff_accounts(&self, groups: &[String]) -> Result<Vec<StaffAccount>, AccountError> {
        use futures::{StreamExt, TryStreamExt};
        // A few groups at a time: Cognito limits how fast an account's users are read.
        let reads: Vec<_> = groups.iter().map(|group| self.group_members(group)).collect();
        let members: Vec<Vec<StaffAccount>> = futures::stream::iter(reads).buffered(8).try_collect().await?;
        let mut accounts: Vec<StaffAccount> = Vec::new();
        for member in members.into_iter().flatten() {
            // One account whatever the capitals of its address (the pool is case-insensitive).
            let member = StaffAccount { email: member.email.to_lowercase(), ..member };
            match accounts.iter_mut().find(|a| a.email == member.email) {
                Some(known) => known.groups.extend(member.groups),
                None => accounts.push(member),
            }
        }
        Ok(accounts)
    }

    #[tracing::instrument(skip_all, name = "Accounts::groups_of")]
    async fn groups_of(&self, email: &str) -> Result<Option<Vec<String>>, AccountError> {
        let mut groups = Vec::new();
        let mut next = None;
        loop {
            let page = self
                .client
                .admin_list_groups_for_user()
                .user_pool_id(&self.user_pool_id)
                .username(email)
                .set_next_token(next.take())
                .send()
                .await;
            let page = match page {
                Ok(page) => page,
                Err(error) if error.code() == Some("UserNotFoundException") => return Ok(None),
                Err(error) => return Err(account_error(error)),
            };
            groups.extend(page.groups().iter().filter_map(|g| g.group_name().map(str::to_owned)));
            match page.next_token() {
                Some(token) => next = Some(token.to_owned()),
                None => return Ok(Some(groups)),
            }
        }
    }

    #[tracing::instrument(skip_all, name = "Accounts::set_enabled")]
    async fn set_enabled(&self, email: &str, enabled: bool) -> Result<(), AccountError> {
        if enabled {
            let enable = self.client.admin_enable_user().user_pool_id(&self.user_pool_id).username(email);
            enable.send().await.map_err(account_error)?;
            return Ok(());
        }
        let disable = self.client.admin_disable_user().user_pool_id(&self.user_pool_id).username(email);
        disable.send().await.map_err(account_error)?;
        self.end_sessions(email).await
    }

    #[tracing::instrument(skip_all, name = "Accounts::move_to_group")]
    async fn move_to_group(&self, email: &str, from: &[String], to: &str) -> Result<(), AccountError> {
        if to.starts_with(crate::domain::workflow::UNIT_GROUP_PREFIX) {
            match self.client.create_group().user_pool_id(&self.user_pool_id).group_name(to).send().await {
                Ok(_) => {}
                Err(error) if error.code() == Some("GroupExistsException") => {}
                Err(error) => return Err(account_error(error)),
            }
        }
        let add = self.client.admin_add_user_to_group().user_pool_id(&self.user_pool_id).username(email);
        add.group_name(to).send().await.map_err(account_error)?;
        for group in from.iter().filter(|g| g.as_str() != to) {
            let remove = self.client.admin_remove_user_from_group().user_pool_id(&self.user_pool_id).username(email);
            remove.group_name(group).send().await.map_err(account_error)?;
        }
        self.end_sessions(email).await
    }

    #[tracing::instrument(skip_all, name = "Accounts::update_profile")]
    async fn update_profile(&self, sub: &str, profile: &ProfileData) -> Result<(), AccountError> {
        self.client
            .admin_update_user_attributes()
            .user_pool_id(&self.user_pool_id)
            .username(sub)
            .set_user_attributes(Some(profile_attributes(profile)?))
            .send()
            .await
            .map_err(account_error)?;
        Ok(())
    }

    #[tracing::instrument(skip_all, name = "Accounts::delete")]
    async fn delete(&self, sub: &str) -> Result<(), AccountError> {
        self.client
            .admin_delete_user()
            .user_pool_id(&self.user_pool_id)
            .username(sub)
            .send()
            .await
            .map_err(account_error)?;
        Ok(())
    }
}
