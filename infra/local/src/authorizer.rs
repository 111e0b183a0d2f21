//! Emulates API Gateway's JWT authorizer: the bearer token must be an RS256 JWT signed by a key of the user
//! pool's JWKS, unexpired, from the template's issuer, for one of its audiences (`aud` or, for access tokens,
//! `client_id`). Otherwise the request gets 401 before any function runs, as in AWS.

use anyhow::{Context, Result, anyhow};
use jsonwebtoken::jwk::JwkSet;
use jsonwebtoken::{Algorithm, DecodingKey, Validation, decode, decode_header};
use serde_json::{Map, Value};
use std::collections::HashMap;
use tokio::sync::RwLock;

pub struct JwtVerifier {
    jwks_url: String,
    issuer: String,
    audiences: Vec<String>,
    keys: RwLock<Option<JwkSet>>,
    http: reqwest::Client,
}

impl JwtVerifier {
    pub fn new(jwks_url: String, issuer: String, audiences: Vec<String>) -> Self {
        Self { jwks_url, issuer, audiences, keys: RwLock::new(None), http: reqwest::Client::new() }
    }

    async fn key_set(&self, refresh: bool) -> Result<JwkSet> {
        if !refresh && let Some(keys) = self.keys.read().await.clone() {
            return Ok(keys);
        }
        let keys: JwkSet =
            self.http.get(&self.jwks_url).send().await?.error_for_status()?.json().await.context("reading JWKS")?;
        *self.keys.write().await = Some(keys.clone());
        Ok(keys)
    }

    /// The claims as API Gateway hands them to the function: every value a string, arrays as `[a b]`.
    pub async fn verify(&self, authorization: Option<&str>) -> Result<HashMap<String, String>> {
        let token = authorization.ok_or_else(|| anyhow!("no Authorization header"))?.trim();
        let token = token.strip_prefix("Bearer ").or_else(|| token.strip_prefix("bearer ")).unwrap_or(token).trim();
        let header = decode_header(token).context("not a JWT")?;
        if header.alg != Algorithm::RS256 {
            return Err(anyhow!("algorithm {:?} is not accepted", header.alg));
        }
        let kid = header.kid.ok_or_else(|| anyhow!("JWT without kid"))?;
        let mut keys = self.key_set(false).await?;
        if keys.find(&kid).is_none() {
            keys = self.key_set(true).await?;
        }
        let jwk = keys.find(&kid).ok_or_else(|| anyhow!("unknown signing key"))?;
        let mut validation = Validation::new(Algorithm::RS256);
        validation.set_issuer(&[&self.issuer]);
        validation.validate_aud = false; // checked below: access tokens carry client_id instead of aud
        validation.set_required_spec_claims(&["exp", "iss"]);
        let data =
            decode::<Map<String, Value>>(token, &DecodingKey::from_jwk(jwk)?, &validation).context("JWT rejected")?;
        let claims = data.claims;
        let audience_ok = ["aud", "client_id"].iter().any(|name| match claims.get(*name) {
            Some(Value::String(value)) => self.audiences.contains(value),
            Some(Value::Array(values)) => {
                values.iter().any(|v| v.as_str().is_some_and(|v| self.audiences.iter().any(|a| a == v)))
            }
            _ => false,
        });
        if !audience_ok {
            return Err(anyhow!("JWT is for another audience"));
        }
        Ok(claims.into_iter().map(|(name, value)| (name, api_gateway_claim(&value))).collect())
    }
}

fn api_gateway_claim(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Array(items) => format!("[{}]", items.iter().map(api_gateway_claim).collect::<Vec<_>>().join(" ")),
        other => other.to_string(),
    }
}
