//! The site light on a phone: the gateway compresses as the template's CloudFront behaviours do (Brotli or gzip for
//! the site, whose cache policy enables both; gzip only for the API, whose policy caches nothing and so can enable
//! neither), and a page's scripts hold only what the page needs: its own module, its language's strings (each
//! language a chunk of its own, in UTF-8), and the map's code only where a map is.

use sofia_tests::TestStack;
use url::Url;

async fn fetch(stack: &TestStack, path: &str, accept_encoding: Option<&str>) -> (String, String, usize) {
    let mut request = stack.http.get(stack.url(path));
    if let Some(value) = accept_encoding {
        request = request.header("accept-encoding", value);
    }
    let response = request.send().await.expect("GET answered");
    assert_eq!(response.status().as_u16(), 200, "{path}");
    let header = |name: &str| {
        response.headers().get_all(name).iter().filter_map(|v| v.to_str().ok()).collect::<Vec<_>>().join(", ")
    };
    let (encoding, vary) = (header("content-encoding"), header("vary").to_ascii_lowercase());
    let body = response.bytes().await.expect("a body");
    if encoding == "gzip" {
        assert_eq!(&body[..2], &[0x1f, 0x8b], "{path}: a gzip stream");
    }
    (encoding, vary, body.len())
}

#[tokio::test]
async fn the_gateway_compresses_as_cloudfront_does() {
    let stack = TestStack::start().await;
    let chrome = "gzip, deflate, br, zstd";
    for path in ["/app.js", "/style.css", "/index.html", "/"] {
        let (_, _, plain) = fetch(&stack, path, None).await;
        let (encoding, vary, brotli) = fetch(&stack, path, Some(chrome)).await;
        assert_eq!(encoding, "br", "{path}: the site's behaviour answers in Brotli when the browser takes it");
        assert!(vary.contains("accept-encoding"), "{path}: vary {vary}");
        assert!(brotli < plain, "{path}: {brotli} bytes in Brotli, {plain} plain");
        let (encoding, _, gzip) = fetch(&stack, path, Some("gzip")).await;
        assert_eq!(encoding, "gzip", "{path}");
        assert!(gzip < plain, "{path}: {gzip} bytes gzipped, {plain} plain");
        let (encoding, _, identity) = fetch(&stack, path, None).await;
        assert_eq!((encoding.as_str(), identity), ("", plain), "{path}: no Accept-Encoding, no compression");
    }
    // The API's behaviour (Managed-CachingDisabled) compresses with gzip only.
    let (encoding, vary, _) = fetch(&stack, "/api/catalogue", Some(chrome)).await;
    assert_eq!(encoding, "gzip", "the API answers gzipped, never in Brotli");
    assert!(vary.contains("accept-encoding"), "{vary}");
    // CloudFront leaves alone what is under 1,000 bytes.
    let (encoding, _, _) = fetch(&stack, "/favicon.svg", Some(chrome)).await;
    assert_eq!(encoding, "", "a 268-byte icon is sent as it is");
    stack.stack.stop().await;
}

/// A script of the site and what it imports, statically (`import … from "./x.js"`, `import "./x.js"`) and on
/// demand (`import("./x.js")`), as absolute URLs.
struct Script {
    text: String,
    imports: Vec<Url>,
    dynamic: Vec<Url>,
}

async fn script(stack: &TestStack, url: &Url) -> Script {
    let text = stack.http.get(url.clone()).send().await.expect("GET answered").text().await.expect("a script");
    let quoted_after = |marker: &str| {
        text.match_indices(marker)
            .filter_map(|(at, _)| {
                let rest = &text[at + marker.len()..];
                let end = rest.find('"')?;
                rest[..end].starts_with('.').then(|| url.join(&rest[..end]).ok()).flatten()
            })
            .collect::<Vec<_>>()
    };
    let mut imports = quoted_after("from\"");
    imports.extend(quoted_after("import\""));
    let dynamic = quoted_after("import(\"");
    Script { text, imports, dynamic }
}

/// Every script a page's module script loads before it runs: the entry and its static imports, transitively.
async fn static_closure(stack: &TestStack, entry: &Url) -> Vec<(Url, Script)> {
    let (mut seen, mut queue) = (Vec::<(Url, Script)>::new(), vec![entry.clone()]);
    while let Some(url) = queue.pop() {
        if seen.iter().any(|(u, _)| *u == url) {
            continue;
        }
        let loaded = script(stack, &url).await;
        queue.extend(loaded.imports.iter().cloned());
        seen.push((url, loaded));
    }
    seen
}

fn chunk_named<'a>(urls: impl IntoIterator<Item = &'a Url>, name: &str) -> Option<Url> {
    urls.into_iter().find(|u| u.path().rsplit('/').next().is_some_and(|f| f.starts_with(&format!("{name}-")))).cloned()
}

#[tokio::test]
async fn a_page_loads_its_own_code_its_language_and_the_map_only_where_one_is() {
    let stack = TestStack::start().await;
    let base = Url::parse(&stack.url("/")).expect("a URL");
    let html = stack.get("/").await.text().await.expect("the home page");
    assert!(html.contains(r#"<script type="module" src="app.js">"#), "the page's one script");
    let entry = base.join("app.js").expect("a URL");
    let shared = static_closure(&stack, &entry).await;
    let dynamic = shared.iter().flat_map(|(_, s)| s.dynamic.iter()).cloned().collect::<Vec<_>>();

    // The strings: one chunk per language, loaded on demand, in UTF-8 (not \u escapes), never with the entry.
    let bg = chunk_named(&dynamic, "bg").expect("the Bulgarian strings are a chunk loaded on demand");
    let en = chunk_named(&dynamic, "en").expect("the English strings are a chunk loaded on demand");
    let (bg_text, en_text) = (script(&stack, &bg).await.text, script(&stack, &en).await.text);
    assert!(bg_text.contains("Контактен център на Столична община"), "the Bulgarian strings in UTF-8");
    assert!(!bg_text.contains("\\u04"), "no \\u escapes in the Bulgarian strings");
    assert!(en_text.contains("Sofia Municipality Contact Center") && !en_text.contains("Контактен център"));
    // The staff console's strings are a part of their own, which only the staff page asks for.
    let console = chunk_named(&dynamic, "console.bg").expect("the console's strings are a chunk loaded on demand");
    assert!(script(&stack, &console).await.text.contains("Служебни профили"), "the console's strings");
    assert!(!bg_text.contains("Служебни профили"), "the public strings do not carry the console's");
    for (url, loaded) in &shared {
        assert!(!loaded.text.contains("Контактен център на Столична община"), "{url} holds the strings");
        assert!(!loaded.text.contains("leaflet-container"), "{url} holds the map's code");
    }

    // Each page's module is a chunk of its own: the pages with a map (home, report, and track's document view with
    // its small map) bring the map's chunk on demand, the others never; none brings the staff console's code.
    let mut map_chunk = None;
    for (page, has_map) in
        [("home", true), ("report", true), ("track", true), ("units", false), ("question", false), ("auth", false)]
    {
        let module = chunk_named(&dynamic, page).unwrap_or_else(|| panic!("the {page} page's module is a chunk"));
        let closure = static_closure(&stack, &module).await;
        let later = closure.iter().flat_map(|(_, s)| s.dynamic.iter()).collect::<Vec<_>>();
        let mut map = None;
        for url in later {
            if script(&stack, url).await.text.contains("leaflet-container") {
                map = Some(url.clone());
            }
        }
        assert_eq!(map.is_some(), has_map, "{page}: the map's chunk {map:?}");
        map_chunk = map_chunk.or(map);
        for (url, loaded) in &closure {
            assert!(!loaded.text.contains("leaflet-container"), "{page}: {url} holds the map's code");
            assert!(!loaded.text.contains("/api/staff/"), "{page}: {url} holds the staff console's code");
        }
    }
    assert!(map_chunk.is_some());
    stack.stack.stop().await;
}
