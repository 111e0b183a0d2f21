//! Authenticator codes (RFC 6238 TOTP: HMAC-SHA1, 30-second steps, 6 digits) for the emulator's one secret, so
//! the demo staff, the tests and a person trying the local stack can sign in as operators and admins, who must
//! give a code. In AWS each user's authenticator app holds its own secret; locally the emulator gives everyone
//! this one (`infra/local/moto/server.py`), and `/_dev/totp` shows its current code.

/// The secret's bytes; base32, as authenticator apps take it: [`LOCAL_TOTP_SECRET`].
pub const LOCAL_TOTP_SECRET_BYTES: &[u8] = b"sofia-contact-center";
pub const LOCAL_TOTP_SECRET: &str = "ONXWM2LBFVRW63TUMFRXILLDMVXHIZLS";

/// The code for `secret` at `unix_seconds`.
pub fn code_at(secret: &[u8], unix_seconds: u64) -> String {
    use hmac::{Hmac, KeyInit, Mac};
    let Ok(mut mac) = <Hmac<sha1::Sha1> as KeyInit>::new_from_slice(secret) else { return String::new() };
    mac.update(&(unix_seconds / 30).to_be_bytes());
    let digest = mac.finalize().into_bytes();
    let offset = usize::from(digest[digest.len() - 1] & 0x0f);
    let value = u32::from_be_bytes([digest[offset] & 0x7f, digest[offset + 1], digest[offset + 2], digest[offset + 3]]);
    format!("{:06}", value % 1_000_000)
}

/// The local secret's code now.
pub fn local_code() -> String {
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
    code_at(LOCAL_TOTP_SECRET_BYTES, now)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc_6238_test_vectors() {
        // RFC 6238, appendix B (SHA-1, the 20-byte ASCII key), last six digits.
        let key = b"12345678901234567890";
        assert_eq!(code_at(key, 59), "287082");
        assert_eq!(code_at(key, 1_111_111_109), "081804");
        assert_eq!(code_at(key, 2_000_000_000), "279037");
    }
}
