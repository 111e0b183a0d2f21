//! Access tokens: the unguessable part of the link a sender receives to follow what they filed.
//!
//! The token is derived, not stored: `HMAC-SHA256(secret, number ‖ salt)`. The document keeps only the salt and
//! the SHA-256 of the token, so a copy of the table alone opens nothing, while the stream function (which holds
//! the secret) can put the token into the confirmation e-mail without the API ever handing it around.

use super::registry::RegistryNumber;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// The server-side secret tokens are derived from. At least 32 bytes.
#[derive(Clone)]
pub struct TokenSecret(Vec<u8>);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the token secret must be at least 32 bytes")]
pub struct WeakSecret;

impl TokenSecret {
    pub fn new(bytes: impl Into<Vec<u8>>) -> Result<Self, WeakSecret> {
        let bytes = bytes.into();
        if bytes.len() < 32 {
            return Err(WeakSecret);
        }
        Ok(Self(bytes))
    }

    fn mac(&self, purpose: &str, parts: &[&[u8]]) -> Vec<u8> {
        let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(&self.0).expect("HMAC takes keys of any length");
        mac.update(purpose.as_bytes());
        for part in parts {
            mac.update(&[0]);
            mac.update(part);
        }
        mac.finalize().into_bytes().to_vec()
    }

    /// A signed, self-contained token: `payload.signature`, both base64url. Used for links that act without a
    /// login (one-click unsubscribe); `purpose` keeps tokens of one kind from being used as another.
    pub fn sign(&self, purpose: &str, payload: &str) -> String {
        let signature = self.mac(purpose, &[payload.as_bytes()]);
        format!("{}.{}", URL_SAFE_NO_PAD.encode(payload), URL_SAFE_NO_PAD.encode(signature))
    }

    /// The payload of a token this secret signed for `purpose`; `None` for anything tampered with.
    pub fn verify(&self, purpose: &str, token: &str) -> Option<String> {
        let (payload, signature) = token.split_once('.')?;
        let payload = String::from_utf8(URL_SAFE_NO_PAD.decode(payload).ok()?).ok()?;
        let signature = URL_SAFE_NO_PAD.decode(signature).ok()?;
        let expected = self.mac(purpose, &[payload.as_bytes()]);
        bool::from(expected.as_slice().ct_eq(signature.as_slice())).then_some(payload)
    }

    /// An Open311 API key: its id and a MAC of it, so it can be derived again from the id (a replayed issue
    /// answers with the same key) while only its hash is stored.
    pub fn api_key(&self, key_id: &str) -> String {
        format!("{key_id}.{}", URL_SAFE_NO_PAD.encode(self.mac("open311-api-key", &[key_id.as_bytes()])))
    }

    /// The token for a document's access link.
    pub fn access_token(&self, number: RegistryNumber, salt: &TokenSalt) -> AccessToken {
        let bytes = self.mac("access-token", &[number.to_string().as_bytes(), salt.0.as_bytes()]);
        AccessToken(URL_SAFE_NO_PAD.encode(bytes))
    }
}

impl std::fmt::Debug for TokenSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TokenSecret(..)")
    }
}

/// Random, public per-document input to the token derivation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenSalt(String);

impl TokenSalt {
    pub fn random() -> Self {
        let bytes: [u8; 16] = rand::random();
        Self(URL_SAFE_NO_PAD.encode(bytes))
    }

    pub fn from_stored(value: String) -> Self {
        Self(value)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A token as presented by a client or placed in a link.
#[derive(Clone, PartialEq, Eq)]
pub struct AccessToken(String);

impl AccessToken {
    /// Accepts what a client sends; anything that is not a plausible token simply will not match.
    pub fn presented(value: &str) -> Option<Self> {
        let value = value.trim();
        (!value.is_empty() && value.len() <= 128).then(|| Self(value.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn hash(&self) -> TokenHash {
        TokenHash(hex::encode(Sha256::digest(self.0.as_bytes())))
    }
}

impl std::fmt::Debug for AccessToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AccessToken(..)")
    }
}

/// The SHA-256 of a token, hex encoded: what the document stores.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenHash(String);

impl TokenHash {
    pub fn from_stored(value: String) -> Self {
        Self(value)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn matches(&self, token: &AccessToken) -> bool {
        self.0.as_bytes().ct_eq(token.hash().0.as_bytes()).into()
    }
}

/// The link that opens a document with its access token. The token travels in the fragment, which browsers
/// never send to servers, so it stays out of access logs and `Referer` headers.
pub fn follow_link(base_url: &str, number: crate::domain::registry::RegistryNumber, token: &AccessToken) -> String {
    format!("{base_url}/track.html?number={number}#token={}", token.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secret() -> TokenSecret {
        TokenSecret::new(*b"0123456789abcdef0123456789abcdef").unwrap()
    }

    #[test]
    fn a_token_matches_its_own_hash_only() {
        let number = RegistryNumber::new(2026, 1).unwrap();
        let salt = TokenSalt::random();
        let token = secret().access_token(number, &salt);
        assert!(token.hash().matches(&token));
        let other = secret().access_token(RegistryNumber::new(2026, 2).unwrap(), &salt);
        assert!(!token.hash().matches(&other));
        assert!(!token.hash().matches(&AccessToken::presented("guess").unwrap()));
    }

    #[test]
    fn derivation_is_stable_and_depends_on_salt_and_secret() {
        let number = RegistryNumber::new(2026, 7).unwrap();
        let salt = TokenSalt::from_stored("salt".into());
        assert_eq!(secret().access_token(number, &salt), secret().access_token(number, &salt));
        assert_ne!(
            secret().access_token(number, &salt),
            secret().access_token(number, &TokenSalt::from_stored("other".into()))
        );
        let other_secret = TokenSecret::new(vec![7u8; 32]).unwrap();
        assert_ne!(secret().access_token(number, &salt), other_secret.access_token(number, &salt));
        assert_eq!(secret().access_token(number, &salt).as_str().len(), 43);
    }

    #[test]
    fn signed_tokens_verify_and_tampering_is_detected() {
        let token = secret().sign("unsubscribe", "user-1\nDOC#2026-000001");
        assert_eq!(secret().verify("unsubscribe", &token).as_deref(), Some("user-1\nDOC#2026-000001"));
        assert_eq!(secret().verify("other-purpose", &token), None);
        let (payload, signature) = token.split_once('.').unwrap();
        let forged_payload = URL_SAFE_NO_PAD.encode("user-2\nDOC#2026-000001");
        assert_eq!(secret().verify("unsubscribe", &format!("{forged_payload}.{signature}")), None);
        assert_eq!(secret().verify("unsubscribe", payload), None);
        assert_eq!(secret().verify("unsubscribe", "garbage.garbage"), None);
    }

    #[test]
    fn short_secrets_are_refused() {
        assert!(TokenSecret::new(vec![1u8; 31]).is_err());
    }
}
