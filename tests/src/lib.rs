//! Shared helpers for the integration tests: a fresh local stack per test on the emulator the test command
//! started, an HTTP client, and the emulator's mailbox.

pub mod fault_proxy;

use local_stack::mailbox::{SentMail, sent_mail};
use local_stack::{RunningStack, StackOptions};
use serde_json::Value;
use std::net::SocketAddr;
use std::time::{Duration, Instant};

pub use local_stack::{DEMO_ACCOUNTS, demo};

pub struct TestStack {
    pub stack: RunningStack,
    pub http: reqwest::Client,
}

/// A unique, deliverable-looking address, so each test finds its own mail in the shared emulator.
pub fn unique_email(label: &str) -> String {
    format!("{label}.{}@example.bg", &uuid::Uuid::new_v4().simple().to_string()[..12])
}

impl TestStack {
    /// A whole stack (own table, user pool, buckets, gateway on a free port) on the emulator named by
    /// `AWS_ENDPOINT_URL`, which `infra/test` starts.
    pub async fn start() -> Self {
        Self::start_with(None).await
    }

    /// A stack whose DynamoDB is at `dynamodb_endpoint` (Amazon's DynamoDB Local) when given.
    pub async fn start_with(dynamodb_endpoint: Option<String>) -> Self {
        Self::start_with_options(dynamodb_endpoint, None).await
    }

    /// A stack whose stream function Lambda stops at `stream_timeout` instead of the template's timeout.
    pub async fn start_with_stream_timeout(stream_timeout: std::time::Duration) -> Self {
        Self::start_with_options(None, Some(stream_timeout)).await
    }

    async fn start_with_options(
        dynamodb_endpoint: Option<String>,
        stream_timeout: Option<std::time::Duration>,
    ) -> Self {
        assert!(
            std::env::var("AWS_ENDPOINT_URL").is_ok(),
            "AWS_ENDPOINT_URL is not set: run the tests with infra/test, which starts the emulator"
        );
        sofia_core::init_logging();
        let prefix = format!("t{}", &uuid::Uuid::new_v4().simple().to_string()[..10]);
        let stack = local_stack::start(StackOptions {
            root: StackOptions::repository_root(),
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            prefix,
            dynamodb_endpoint,
            stream_timeout,
            run_rate_schedules: false,
            capacity: None,
        })
        .await
        .expect("the local stack starts");
        Self { stack, http: reqwest::Client::new() }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.stack.base_url, path)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.http.get(self.url(path)).send().await.expect("GET answered")
    }

    pub async fn post_json(&self, path: &str, body: &Value) -> reqwest::Response {
        self.http.post(self.url(path)).json(body).send().await.expect("POST answered")
    }

    pub async fn post_raw(&self, path: &str, content_type: &str, body: impl Into<reqwest::Body>) -> reqwest::Response {
        self.http
            .post(self.url(path))
            .header("content-type", content_type)
            .body(body)
            .send()
            .await
            .expect("POST answered")
    }

    /// Waits (up to 60 s) until `count` mails to `address` have been sent, and returns them.
    pub async fn wait_for_mail(&self, address: &str, count: usize) -> Vec<SentMail> {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let mail = self.mail_to(address).await;
            if mail.len() >= count || Instant::now() > deadline {
                return mail;
            }
            tokio::time::sleep(Duration::from_millis(500)).await;
        }
    }

    /// The mail the system's functions sent to `address` (not Cognito's codes: see [`Self::cognito_mail_to`]).
    pub async fn mail_to(&self, address: &str) -> Vec<SentMail> {
        self.all_mail_to(address).await.into_iter().filter(|m| !m.is_from_cognito()).collect()
    }

    /// The mail Cognito sent to `address` (its codes), oldest first.
    pub async fn cognito_mail_to(&self, address: &str) -> Vec<SentMail> {
        self.all_mail_to(address).await.into_iter().filter(SentMail::is_from_cognito).collect()
    }

    async fn all_mail_to(&self, address: &str) -> Vec<SentMail> {
        sent_mail(&self.stack.emulator_endpoint)
            .await
            .expect("the emulator's mailbox answers")
            .into_iter()
            .filter(|m| m.destinations.to.iter().any(|to| to == address))
            .collect()
    }

    /// The code in the newest of Cognito's mails to `address`, waiting (up to 30 s) for the `count`th one.
    pub async fn cognito_code(&self, address: &str, count: usize) -> String {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let mail = self.cognito_mail_to(address).await;
            if mail.len() >= count {
                return mail.last().and_then(SentMail::cognito_code).expect("Cognito's mail holds a code");
            }
            assert!(Instant::now() < deadline, "Cognito mailed {} codes to {address}, not {count}", mail.len());
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }
}

impl TestStack {
    /// Waits (up to 60 s) until the stream has gathered `count` changes of document `number` not mailed yet.
    pub async fn wait_for_gathered(&self, number: &str, count: usize) {
        use sofia_core::ports::PendingMail;
        let table = self.stack.provisioned.tables.get("Table").expect("the table").clone();
        let pending = sofia_core::adapters::pending_mail::DynamoPendingMail::new(self.stack.clients.dynamodb(), table);
        let number = number.parse().expect("a registry number");
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let gathered = pending.batch(number).await.expect("the pending mail reads").map_or(0, |b| b.changes.len());
            if gathered >= count {
                return;
            }
            assert!(Instant::now() < deadline, "the stream gathered {gathered} changes of {number}, not {count}");
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }

    /// What the minute's change mail does once the window of `count` changes of `number` has closed: waits for
    /// the stream to gather them and runs the change mail as of the end of their window (the stack's clock stays).
    pub async fn send_change_mail(&self, number: &str, count: usize) -> sofia_core::change_mail::MailReport {
        self.wait_for_gathered(number, count).await;
        self.run_change_mail_after_window().await
    }

    /// Runs the change mail now, by the stack's clock, as the minute's schedule would.
    pub async fn run_change_mail(&self) -> sofia_core::change_mail::MailReport {
        self.run_change_mail_at(self.stack.time.clock.now()).await
    }

    /// Runs the change mail as the schedule would once the window of every change gathered so far has closed.
    pub async fn run_change_mail_after_window(&self) -> sofia_core::change_mail::MailReport {
        let later = sofia_core::change_mail::WINDOW + jiff::SignedDuration::from_mins(1);
        self.run_change_mail_at(self.stack.time.clock.now() + later).await
    }

    async fn run_change_mail_at(&self, at: jiff::Timestamp) -> sofia_core::change_mail::MailReport {
        let function = self.stack.time.change_mail_functions().next().expect("a change mail function").to_owned();
        self.stack.time.run_change_mail_at(&function, at).await.expect("the change mail runs")
    }

    /// As [`Self::wait_for_mail`] for mail about changes: runs the change mail after the window at every look,
    /// so whatever the stream has gathered by then goes out.
    pub async fn wait_for_change_mail(&self, address: &str, count: usize) -> Vec<SentMail> {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            self.run_change_mail_after_window().await;
            let mail = self.mail_to(address).await;
            if mail.len() >= count || Instant::now() > deadline {
                return mail;
            }
            tokio::time::sleep(Duration::from_millis(500)).await;
        }
    }
}

/// A signal body the API accepts; tests change what they test.
pub fn valid_signal(email: &str) -> Value {
    serde_json::json!({
        "category": "streets",
        "type": "pothole",
        "location": { "lat": 42.6977, "lon": 23.3219, "address": "бул. Витоша 1" },
        "description": "Дълбока дупка на платното пред спирката",
        "email": email,
        "name": "Иван Петров"
    })
}

pub async fn json(response: reqwest::Response) -> (u16, String, Value) {
    let status = response.status().as_u16();
    let content_type =
        response.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    let text = response.text().await.expect("a body");
    let value = serde_json::from_str(&text).unwrap_or(Value::String(text));
    (status, content_type, value)
}

/// A confirmed account, signed in: registers through the API, confirms with the code Cognito mailed and signs
/// in. Returns the access token.
pub async fn signed_in_user(stack: &TestStack, email: &str, name: &str) -> String {
    let registration = serde_json::json!({
        "email": email, "password": "test-password-1", "name": name, "phone": "0888 000 111", "accept_terms": true
    });
    let (status, _, _) = json(stack.post_json("/api/account/register", &registration).await).await;
    assert_eq!(status, 202);
    let code = stack.cognito_code(email, 1).await;
    let (status, _, _) =
        json(stack.post_json("/api/account/confirm", &serde_json::json!({ "email": email, "code": code })).await).await;
    assert_eq!(status, 200);
    sign_in(stack, email, "test-password-1").await
}

/// Signs in; an account with an authenticator app (the demo operator and admin) answers with the emulator's
/// current code.
pub async fn sign_in(stack: &TestStack, email: &str, password: &str) -> String {
    let (mut status, _, mut tokens) =
        json(stack.post_json("/api/account/login", &serde_json::json!({ "email": email, "password": password })).await)
            .await;
    if status == 202 && tokens["mfa"] == "code_required" {
        let answer = serde_json::json!({ "email": email, "session": tokens["session"], "code": local_stack::totp::local_code() });
        (status, _, tokens) = json(stack.post_json("/api/account/login", &answer).await).await;
    }
    assert_eq!(status, 200, "{tokens}");
    tokens["access_token"].as_str().expect("an access token").to_owned()
}

impl TestStack {
    /// A `GET` with the sender's access token, as the page of an access link sends it.
    pub async fn get_with_token(&self, path: &str, token: &str) -> reqwest::Response {
        self.http.get(self.url(path)).header("x-access-token", token).send().await.expect("GET answered")
    }

    /// Files a valid signal for `email` and returns the answer (its number and link), checking it was 201.
    pub async fn file_signal(&self, email: &str) -> Value {
        let (status, _, filed) = json(self.post_json("/api/signals", &valid_signal(email)).await).await;
        assert_eq!(status, 201, "{filed}");
        filed
    }

    /// Every line of the registry book of the year of `number` (say "2026-000001"), page after page: what
    /// `GET /api/registry/{year}` shows of each number issued.
    pub async fn registry_book(&self, number: &str) -> Vec<Value> {
        let year = number.split('-').next().expect("a registry number");
        let mut lines = Vec::new();
        let mut path = Some(format!("/api/registry/{year}"));
        while let Some(page) = path {
            let (status, _, answer) = json(self.get(&page).await).await;
            assert_eq!(status, 200, "{answer}");
            lines.extend(answer["lines"].as_array().expect("lines").iter().cloned());
            path = answer["next"].as_str().map(str::to_owned);
        }
        lines
    }

    /// A `GET`'s status and body as text.
    pub async fn text(&self, path: &str) -> (u16, String) {
        let response = self.get(path).await;
        (response.status().as_u16(), response.text().await.expect("a body"))
    }

    /// A form-urlencoded `POST` (Open311), its status and body as text.
    pub async fn post_form(&self, path: &str, form: &[(&str, &str)]) -> (u16, String) {
        let response = self.http.post(self.url(path)).form(form).send().await.expect("POST answered");
        (response.status().as_u16(), response.text().await.expect("a body"))
    }

    /// A `POST` of a JSON body with an `Idempotency-Key`.
    pub async fn post_json_with_key(&self, path: &str, key: &str, body: &Value) -> reqwest::Response {
        self.http.post(self.url(path)).header("idempotency-key", key).json(body).send().await.expect("POST answered")
    }

    /// A `PUT` of a JSON body, signed in.
    pub async fn put_json_as(&self, path: &str, body: &Value, bearer: &str) -> reqwest::Response {
        self.http.put(self.url(path)).bearer_auth(bearer).json(body).send().await.expect("PUT answered")
    }

    /// Changes a document's item in the table directly (what a test cannot do through the API: age it, move it):
    /// `expression` over its attributes, with `#name` placeholders and `:value`s.
    pub async fn update_document(
        &self,
        number: &str,
        expression: &str,
        names: &[(&str, &str)],
        values: &[(&str, aws_sdk_dynamodb::types::AttributeValue)],
    ) {
        use aws_sdk_dynamodb::types::AttributeValue;
        use sofia_core::adapters::records::{DOCUMENT_SK, document_pk};
        let table = self.stack.provisioned.tables.get("Table").expect("the table");
        let number = number.parse().expect("a registry number");
        let mut update = self
            .stack
            .clients
            .dynamodb()
            .update_item()
            .table_name(table)
            .key("PK", AttributeValue::S(document_pk(number)))
            .key("SK", AttributeValue::S(DOCUMENT_SK.into()))
            .update_expression(expression);
        for (placeholder, name) in names {
            update = update.expression_attribute_names(*placeholder, *name);
        }
        for (placeholder, value) in values {
            update = update.expression_attribute_values(*placeholder, value.clone());
        }
        update.send().await.expect("the document updated");
    }

    pub async fn get_as(&self, path: &str, bearer: Option<&str>) -> (u16, Value) {
        let mut request = self.http.get(self.url(path));
        if let Some(token) = bearer {
            request = request.bearer_auth(token);
        }
        let (status, _, body) = json(request.send().await.expect("GET answered")).await;
        (status, body)
    }

    /// GETs `path` until `ready` holds of its body (what the stream keeps is there a moment after the write), for up
    /// to 30 s; every answer must be a 200.
    pub async fn get_when(&self, path: &str, bearer: Option<&str>, ready: impl Fn(&Value) -> bool) -> Value {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
        loop {
            let (status, body) = self.get_as(path, bearer).await;
            assert_eq!(status, 200, "{path}: {body}");
            if ready(&body) {
                return body;
            }
            assert!(std::time::Instant::now() < deadline, "{path} never became what the test waits for: {body}");
            tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        }
    }

    pub async fn post_as(&self, path: &str, body: &Value, bearer: Option<&str>) -> (u16, Value) {
        let mut request = self.http.post(self.url(path)).json(body);
        if let Some(token) = bearer {
            request = request.bearer_auth(token);
        }
        let (status, _, body) = json(request.send().await.expect("POST answered")).await;
        (status, body)
    }
}

/// The claims of a JWT, read without checking its signature (what the test wants to see of a token it was given).
pub fn jwt_claims(token: &str) -> Value {
    use base64::Engine;
    let part = token.split('.').nth(1).expect("a JWT has three parts");
    serde_json::from_slice(&base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(part).expect("base64url"))
        .expect("JSON claims")
}

/// The Sofia calendar date of an instant as the API writes it (`registered_at`).
pub fn sofia_date_of(instant: &Value) -> jiff::civil::Date {
    instant
        .as_str()
        .and_then(|text| text.parse::<jiff::Timestamp>().ok())
        .expect("an instant")
        .to_zoned_datetime(jiff::tz::TimeZone::get("Europe/Sofia").expect("the Sofia zone"))
        .date()
}
