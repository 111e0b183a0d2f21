//! The site and the API answer with the security headers of the template's CloudFront policy (a CSP without
//! `unsafe-inline`, HSTS, no framing, a referrer policy), and CORS admits the site's own origin only.

use sofia_tests::TestStack;

#[tokio::test]
async fn every_answer_carries_the_security_headers_and_cors_admits_only_the_site() {
    let stack = TestStack::start().await;
    for path in
        ["/", "/report.html", "/app.js", "/api/catalogue", "/api/documents/2026-999999", "/open311/v2/services.json"]
    {
        let response = stack.get(path).await;
        let header =
            |name: &str| response.headers().get(name).and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
        let csp = header("content-security-policy");
        assert!(csp.contains("default-src 'self'") && csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
        assert!(!csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"), "{path}: {csp}");
        // The page may connect to its own origin and the uploads bucket, not to any host of a whole cloud.
        let connect = csp.split(';').find(|d| d.trim().starts_with("connect-src")).unwrap_or_default();
        assert!(!connect.contains('*'), "{path}: connect-src allows a wildcard: {connect}");
        assert!(connect.contains(".s3.") && connect.contains("uploads"), "{path}: {connect}");
        assert!(header("strict-transport-security").starts_with("max-age=63072000"), "{path}");
        assert_eq!(header("x-frame-options"), "DENY", "{path}");
        assert_eq!(header("x-content-type-options"), "nosniff", "{path}");
        assert_eq!(header("referrer-policy"), "strict-origin-when-cross-origin", "{path}");
    }
    // The site's own origin may call the API from a browser; another origin may not.
    let preflight = |origin: &str| {
        stack
            .http
            .request(reqwest::Method::OPTIONS, stack.url("/api/signals"))
            .header("origin", origin)
            .header("access-control-request-method", "POST")
            .send()
    };
    let own = preflight(&stack.stack.base_url).await.unwrap();
    assert_eq!(
        own.headers().get("access-control-allow-origin").and_then(|v| v.to_str().ok()),
        Some(stack.stack.base_url.as_str())
    );
    let foreign = preflight("https://evil.example").await.unwrap();
    assert!(foreign.headers().get("access-control-allow-origin").is_none(), "another origin is not admitted");
    stack.stack.stop().await;
}

/// Caching follows the route's kind in the route table: public reads for their seconds, the caller's own data and
/// every change never stored, and a problem never stored whatever the route.
#[tokio::test]
async fn answers_are_cached_as_their_route_kind_says_and_problems_never() {
    let stack = TestStack::start().await;
    let cache = |response: &reqwest::Response| {
        response.headers().get("cache-control").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned()
    };
    assert_eq!(cache(&stack.get("/api/catalogue").await), "public, max-age=300");
    assert_eq!(cache(&stack.get("/api/overview").await), "public, max-age=60");
    let missing = stack.get("/api/documents/2026-999999").await;
    assert_eq!((missing.status().as_u16(), cache(&missing)), (404, "no-store".to_owned()));
    let filed = stack.post_json("/api/signals", &sofia_tests::valid_signal(&sofia_tests::unique_email("cache"))).await;
    assert_eq!((filed.status().as_u16(), cache(&filed)), (201, "no-store".to_owned()));
    let invalid = stack.post_json("/api/signals", &serde_json::json!({})).await;
    assert_eq!((invalid.status().as_u16(), cache(&invalid)), (422, "no-store".to_owned()));
    stack.stack.stop().await;
}
