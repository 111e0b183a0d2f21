//! Abuse limits: who a submission counts against. Behind CloudFront, API Gateway's `sourceIp` is an edge server
//! shared by a whole city; the citizen's address is the one CloudFront passes on, and only a request that proves
//! it came through CloudFront may name it.

use sha2::{Digest, Sha256};
use std::net::IpAddr;

/// Submissions in an hour per source, per e-mail address and per Open311 API key, beyond which filing waits.
pub const PER_ADDRESS_PER_HOUR: u32 = 100;
pub const PER_EMAIL_PER_HOUR: u32 = 20;
pub const PER_API_KEY_PER_HOUR: u32 = 500;
pub const WINDOW_SECONDS: i64 = 3600;

/// What the request says about where it came from.
#[derive(Debug, Clone, Copy)]
pub struct Origin<'a> {
    /// `x-viewer-address`, as the CloudFront function sets it from the viewer's connection.
    pub viewer_address: Option<&'a str>,
    /// Whether the request carried CloudFront's origin secret: without it, a viewer address is anyone's claim.
    pub through_cloudfront: bool,
    /// API Gateway's `requestContext.http.sourceIp`: the caller's address when called directly, an edge otherwise.
    pub source_ip: Option<&'a str>,
}

/// The source a limit counts: an IPv4 address, or an IPv6 /64 (one subscriber's network, which a single
/// abuser can fill with addresses).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source(String);

impl Source {
    pub fn of(origin: Origin<'_>) -> Option<Self> {
        let claimed = if origin.through_cloudfront { origin.viewer_address } else { origin.source_ip };
        Self::parse(claimed?)
    }

    fn parse(text: &str) -> Option<Self> {
        let text = text.trim();
        // CloudFront-style `address:port` or `[v6]:port` is accepted as well as a bare address.
        let address: IpAddr = text
            .parse()
            .ok()
            .or_else(|| text.parse::<std::net::SocketAddr>().ok().map(|s| s.ip()))
            .or_else(|| text.rsplit_once(':').and_then(|(ip, _)| ip.parse().ok()))?;
        Some(Self(match address.to_canonical() {
            IpAddr::V4(v4) => v4.to_string(),
            IpAddr::V6(v6) => {
                let s = v6.segments();
                format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        }))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The counters a submission adds to, with their limits. Keys hold no address in clear: e-mails and API keys are
/// hashed, e-mails after normalising case and spaces so `Case@x` and `case@x` count as one.
pub fn limits(source: Option<&Source>, email: Option<&str>, api_key: Option<&str>) -> Vec<(String, u32)> {
    let hashed = |text: &str| hex::encode(&Sha256::digest(text.as_bytes())[..12]);
    let mut keys = Vec::new();
    if let Some(source) = source {
        keys.push((format!("ip:{}", source.as_str()), PER_ADDRESS_PER_HOUR));
    }
    if let Some(email) = email {
        keys.push((format!("email:{}", hashed(&email.trim().to_lowercase())), PER_EMAIL_PER_HOUR));
    }
    if let Some(key) = api_key {
        keys.push((format!("key:{}", hashed(key)), PER_API_KEY_PER_HOUR));
    }
    keys
}

#[cfg(test)]
mod tests {
    use super::*;

    fn origin<'a>(viewer: Option<&'a str>, through_cloudfront: bool, source: &'a str) -> Origin<'a> {
        Origin { viewer_address: viewer, through_cloudfront, source_ip: Some(source) }
    }

    #[test]
    fn the_viewer_counts_only_when_cloudfront_vouches_for_it() {
        let edge = "130.176.1.1";
        assert_eq!(Source::of(origin(Some("198.51.100.7"), true, edge)).unwrap().as_str(), "198.51.100.7");
        assert_eq!(Source::of(origin(Some("198.51.100.7:51234"), true, edge)).unwrap().as_str(), "198.51.100.7");
        // Called directly, a forged viewer header is ignored and the real caller counts.
        assert_eq!(Source::of(origin(Some("198.51.100.7"), false, "203.0.113.9")).unwrap().as_str(), "203.0.113.9");
        assert_eq!(Source::of(origin(Some("not an address"), true, edge)), None);
    }

    #[test]
    fn an_ipv6_network_counts_as_one_source() {
        let a = Source::of(origin(Some("2001:db8:1:2:aaaa::1"), true, "x")).unwrap();
        let b = Source::of(origin(Some("[2001:db8:1:2:ffff::9]:443"), true, "x")).unwrap();
        assert_eq!((a.as_str(), &a), ("2001:db8:1:2::/64", &b));
        let mapped = Source::of(origin(Some("::ffff:198.51.100.7"), true, "x")).unwrap();
        assert_eq!(mapped.as_str(), "198.51.100.7");
    }

    #[test]
    fn e_mail_case_and_spaces_do_not_make_a_new_counter() {
        let one = limits(None, Some("Case.Probe@Example.BG"), None);
        let two = limits(None, Some(" case.probe@example.bg "), None);
        assert_eq!(one, two);
        assert!(!one[0].0.contains("probe"), "no address in clear");
    }
}
