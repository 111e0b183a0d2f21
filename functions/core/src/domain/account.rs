//! Accounts: what registration and profile requests must contain. Passwords are checked against the user
//! pool's policy by Cognito itself (the template sets it), so the policy lives in one place.

use super::FieldError;
use super::email::Email;
use super::text::{Address, PersonName};
use serde::{Deserialize, Serialize};

/// A password as typed; never logged, never stored by us.
#[derive(Clone, PartialEq, Eq)]
pub struct Password(String);

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(..)")
    }
}

impl Password {
    pub fn parse(field: &str, value: Option<&str>, errors: &mut Vec<FieldError>) -> Option<Self> {
        match value {
            None | Some("") => {
                errors.push(FieldError::new(field, "required", format!("{field} is required")));
                None
            }
            Some(value) if value.chars().count() > 256 => {
                errors.push(FieldError::new(field, "too_long", format!("{field} must be at most 256 characters")));
                None
            }
            Some(value) => Some(Self(value.to_owned())),
        }
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

/// A phone number in international form, as Cognito stores it: `+359888123456`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Phone(String);

impl Phone {
    /// Accepts Bulgarian national numbers (`0888 123 456`) and international ones (`+359 888 123 456`).
    pub fn parse(value: &str) -> Option<Self> {
        let compact: String = value.chars().filter(|c| !matches!(c, ' ' | '-' | '(' | ')' | '/')).collect();
        let international = if let Some(rest) = compact.strip_prefix('+') {
            rest.to_owned()
        } else if let Some(rest) = compact.strip_prefix("00") {
            rest.to_owned()
        } else if let Some(rest) = compact.strip_prefix('0') {
            format!("359{rest}")
        } else {
            return None;
        };
        (international.len() >= 8 && international.len() <= 15 && international.bytes().all(|b| b.is_ascii_digit()))
            .then(|| Self(format!("+{international}")))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A one-time code from an e-mail (confirmation, password reset).
pub type Code = super::text::Line<1, 16>;

#[derive(Debug, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RegisterRequest {
    pub email: Option<String>,
    pub password: Option<String>,
    pub name: Option<String>,
    pub phone: Option<String>,
    pub address: Option<String>,
    /// The general terms and the privacy notice must be accepted.
    pub accept_terms: Option<bool>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Registration {
    pub email: Email,
    pub password: Password,
    pub profile: ProfileData,
}

/// What a profile holds besides the e-mail.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ProfileData {
    pub name: Option<PersonName>,
    pub phone: Option<Phone>,
    pub address: Option<Address>,
}

#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Profile {
    pub sub: String,
    pub email: String,
    /// Whether the owner proved the address is theirs: mail goes only to a verified address.
    pub email_verified: bool,
    pub name: Option<String>,
    pub phone: Option<String>,
    pub address: Option<String>,
}

pub fn parse_email(field: &str, value: Option<&str>, errors: &mut Vec<FieldError>) -> Option<Email> {
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        None => {
            errors.push(FieldError::new(field, "required", format!("{field} is required")));
            None
        }
        Some(value) => match Email::parse(value) {
            Ok(email) => Some(email),
            Err(_) => {
                errors.push(FieldError::new(field, "invalid", format!("{field} is not a valid e-mail address")));
                None
            }
        },
    }
}

/// A phone number given in the `phone` field (not blank); one [`Phone::parse`] refuses is the field's error.
pub(crate) fn parse_phone(value: &str, errors: &mut Vec<FieldError>) -> Option<Phone> {
    let phone = Phone::parse(value);
    if phone.is_none() {
        errors.push(FieldError::new("phone", "invalid", "phone looks like 0888 123 456 or +359 888 123 456"));
    }
    phone
}

fn blank(value: Option<&str>) -> Option<&str> {
    value.map(str::trim).filter(|v| !v.is_empty())
}

fn parse_profile(
    name: Option<&str>,
    phone: Option<&str>,
    address: Option<&str>,
    name_required: bool,
    errors: &mut Vec<FieldError>,
) -> ProfileData {
    let name = match blank(name) {
        None if name_required => {
            errors.push(FieldError::new("name", "required", "name is required"));
            None
        }
        None => None,
        Some(value) => match PersonName::parse(value) {
            Ok(name) => Some(name),
            Err(_) => {
                errors.push(FieldError::new("name", "too_long", "name must be at most 200 characters"));
                None
            }
        },
    };
    let phone = blank(phone).and_then(|value| parse_phone(value, errors));
    let address = match blank(address) {
        None => None,
        Some(value) => match Address::parse(value) {
            Ok(address) => Some(address),
            Err(_) => {
                errors.push(FieldError::new("address", "invalid", "address must be 3 to 300 characters"));
                None
            }
        },
    };
    ProfileData { name, phone, address }
}

pub fn parse_registration(request: &RegisterRequest) -> Result<Registration, Vec<FieldError>> {
    let mut errors = Vec::new();
    let email = parse_email("email", request.email.as_deref(), &mut errors);
    let password = Password::parse("password", request.password.as_deref(), &mut errors);
    let profile =
        parse_profile(request.name.as_deref(), request.phone.as_deref(), request.address.as_deref(), true, &mut errors);
    if request.accept_terms != Some(true) {
        errors.push(FieldError::new(
            "accept_terms",
            "required",
            "the general terms and the privacy notice must be accepted",
        ));
    }
    match (email, password) {
        (Some(email), Some(password)) if errors.is_empty() => Ok(Registration { email, password, profile }),
        _ => Err(errors),
    }
}

#[derive(Debug, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProfileRequest {
    pub name: Option<String>,
    pub phone: Option<String>,
    pub address: Option<String>,
}

/// A profile edit: every field replaces the stored one; an empty or missing optional field clears it.
pub fn parse_profile_update(request: &ProfileRequest) -> Result<ProfileData, Vec<FieldError>> {
    let mut errors = Vec::new();
    let profile =
        parse_profile(request.name.as_deref(), request.phone.as_deref(), request.address.as_deref(), true, &mut errors);
    if errors.is_empty() { Ok(profile) } else { Err(errors) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_are_normalised_to_international_form() {
        assert_eq!(Phone::parse("0888 123 456").unwrap().as_str(), "+359888123456");
        assert_eq!(Phone::parse("+359 2 987 65 43").unwrap().as_str(), "+35929876543");
        assert_eq!(Phone::parse("00359888123456").unwrap().as_str(), "+359888123456");
        for bad in ["", "888", "+359abc", "12345", "+1234567890123456"] {
            assert!(Phone::parse(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn registration_names_every_problem() {
        let fields =
            |r: RegisterRequest| parse_registration(&r).unwrap_err().into_iter().map(|e| e.field).collect::<Vec<_>>();
        assert_eq!(fields(RegisterRequest::default()), ["email", "password", "name", "accept_terms"]);
        let request = RegisterRequest {
            email: Some("x@".into()),
            password: Some("secret-password-1".into()),
            name: Some("Мария".into()),
            phone: Some("12".into()),
            address: None,
            accept_terms: Some(true),
        };
        assert_eq!(fields(request), ["email", "phone"]);
    }

    #[test]
    fn passwords_never_show_in_debug_output() {
        let mut errors = Vec::new();
        let password = Password::parse("password", Some("hunter2-very-secret"), &mut errors).unwrap();
        assert!(!format!("{password:?}").contains("hunter2"));
    }
}

/// The Cognito groups an access token names. The token came to the login function from Cognito itself, so its
/// payload is read without checking the signature (API Gateway checks it on every other route).
pub fn token_groups(access_token: &str) -> Vec<String> {
    use base64::Engine;
    let payload = access_token
        .split('.')
        .nth(1)
        .and_then(|p| base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(p.trim_end_matches('=')).ok())
        .and_then(|bytes| serde_json::from_slice::<serde_json::Value>(&bytes).ok());
    payload
        .as_ref()
        .and_then(|p| p.get("cognito:groups"))
        .and_then(|g| g.as_array())
        .map(|groups| groups.iter().filter_map(|g| g.as_str().map(str::to_owned)).collect())
        .unwrap_or_default()
}

/// Staff who route everything or manage accounts sign in with an authenticator code as well as a password.
pub fn must_use_mfa(groups: &[String]) -> bool {
    use super::workflow::{ADMINS_GROUP, OPERATORS_GROUP};
    groups.iter().any(|g| g == OPERATORS_GROUP || g == ADMINS_GROUP)
}

/// The `otpauth://` address an authenticator app reads (as a link or a QR code) to add this account.
pub fn otpauth_uri(email: &str, secret: &str) -> String {
    let issuer = "Kontakten tsentar Sofia";
    let encode =
        |text: &str| url::form_urlencoded::byte_serialize(text.as_bytes()).collect::<String>().replace('+', "%20");
    format!("otpauth://totp/{}:{}?secret={secret}&issuer={}", encode(issuer), encode(email), encode(issuer))
}

#[cfg(test)]
mod mfa_tests {
    use super::*;

    #[test]
    fn operators_and_admins_must_use_codes_and_others_may() {
        use base64::Engine;
        let token = |groups: serde_json::Value| {
            let payload = serde_json::json!({ "sub": "x", "cognito:groups": groups, "token_use": "access" });
            let encoded = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(payload.to_string());
            format!("header.{encoded}.signature")
        };
        assert!(must_use_mfa(&token_groups(&token(serde_json::json!(["operators"])))));
        assert!(must_use_mfa(&token_groups(&token(serde_json::json!(["unit-district-lyulin", "admins"])))));
        assert!(!must_use_mfa(&token_groups(&token(serde_json::json!(["unit-district-lyulin"])))));
        assert!(!must_use_mfa(&token_groups("not a token")));
        assert_eq!(
            otpauth_uri("a.b@kc.sofia.bg", "ABC"),
            "otpauth://totp/Kontakten%20tsentar%20Sofia:a.b%40kc.sofia.bg?secret=ABC&issuer=Kontakten%20tsentar%20Sofia"
        );
    }
}
