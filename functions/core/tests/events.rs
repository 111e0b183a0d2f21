//! Handler tests fed from the sample Lambda events in `events/`: the same JSON API Gateway and the DynamoDB
//! stream deliver, through the real handlers, on in-memory adapters. The integration tests run the same
//! handlers on the AWS adapters against the emulator.

use async_trait::async_trait;
use lambda_http::request::LambdaRequest;
use lambda_http::{Body, Request};
use serde_json::Value;
use sofia_core::Config;
use sofia_core::adapters::memory::{
    MemoryCalendarStore, MemoryChangeLog, MemoryDeliveryLog, MemoryDocumentStore, MemoryFileStore, MemoryMailer,
    MemoryPendingMail, MemoryStatsStore, MemorySubscriptions, NoAccounts, NoRateLimits,
};
use sofia_core::change_mail::ChangeMail;
use sofia_core::domain::access::TokenSecret;
use sofia_core::domain::catalogue::Catalogue;
use sofia_core::domain::mail::OutgoingMail;
use sofia_core::handlers::{catalogue, documents, me, public_map};
use sofia_core::http::route::{Answer, Serve, Served};
use sofia_core::notify::{self, Notifier};
use sofia_core::ports::{DocumentStore, MailError, Mailer};
use sofia_core::wiring::{Clock, Site, Viewers};
use std::collections::HashMap;
use std::future::Future;
use std::sync::Arc;

fn event_text(name: &str) -> String {
    let path = format!("{}/../../events/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn http_event(name: &str) -> Request {
    let event: LambdaRequest = serde_json::from_str(&event_text(name)).expect("an API Gateway v2 event");
    event.into()
}

fn config() -> Config {
    Config::from_map(&HashMap::from([
        ("TABLE_NAME".into(), "test".into()),
        ("SENDER_EMAIL".into(), "kc-noreply@sofia.bg".into()),
        ("PUBLIC_BASE_URL".into(), "https://kc.sofia.bg".into()),
        ("TOKEN_SECRET".into(), "a-test-secret-that-is-long-enough-0123456789".into()),
        ("UPLOADS_BUCKET".into(), "uploads".into()),
        ("MEDIA_BUCKET".into(), "media".into()),
        ("USER_POOL_ID".into(), "eu-central-1_Example".into()),
        ("USER_POOL_CLIENT_ID".into(), "example-client-id".into()),
    ]))
    .expect("test configuration is valid")
}

fn token_secret() -> TokenSecret {
    config().token_secret.expect("the test configuration has a token secret")
}

fn site() -> Site {
    Site { base_url: config().public_base_url }
}

/// The in-memory adapters a test's handlers share.
struct Memory {
    documents: Arc<MemoryDocumentStore>,
    stats: Arc<MemoryStatsStore>,
    subscriptions: Arc<MemorySubscriptions>,
    deliveries: Arc<MemoryDeliveryLog>,
    pending: Arc<MemoryPendingMail>,
    mailer: Arc<dyn Mailer>,
}

impl Memory {
    fn new(mailer: Arc<dyn Mailer>) -> Self {
        Self {
            documents: Arc::new(MemoryDocumentStore::default()),
            stats: Arc::new(MemoryStatsStore::default()),
            subscriptions: Arc::new(MemorySubscriptions::default()),
            deliveries: Arc::new(MemoryDeliveryLog::default()),
            pending: Arc::new(MemoryPendingMail::default()),
            mailer,
        }
    }

    fn filing(&self) -> documents::Filing {
        documents::Filing {
            registry: documents::Registry {
                documents: self.documents.clone(),
                calendar: Arc::new(MemoryCalendarStore::default()),
                token_secret: sofia_core::wiring::Secret::given(token_secret()),
                catalogue: Catalogue::builtin(),
                clock: Clock::default(),
            },
            accounts: Arc::new(NoAccounts),
            rate_limits: Arc::new(NoRateLimits),
            site: site(),
            viewers: Viewers::default(),
        }
    }

    fn document_page(&self) -> documents::DocumentPage {
        documents::DocumentPage {
            documents: self.documents.clone(),
            subscriptions: self.subscriptions.clone(),
            files: Arc::new(MemoryFileStore::default()),
            catalogue: Catalogue::builtin(),
            clock: Clock::default(),
        }
    }

    fn map(&self) -> public_map::MapDeps {
        public_map::MapDeps {
            index: self.documents.clone(),
            stats: self.stats.clone(),
            catalogue: Catalogue::builtin(),
            clock: Clock::default(),
        }
    }

    fn notifier(&self) -> Notifier {
        Notifier {
            documents: self.documents.clone(),
            stats: self.stats.clone(),
            subscriptions: self.subscriptions.clone(),
            deliveries: self.deliveries.clone(),
            mailer: self.mailer.clone(),
            calendar: Arc::new(MemoryCalendarStore::default()),
            changes: Arc::new(MemoryChangeLog::default()),
            pending: self.pending.clone(),
            search: Arc::new(sofia_core::adapters::memory::MemorySearchIndex::default()),
            token_secret: sofia_core::wiring::Secret::given(token_secret()),
            site: site(),
            catalogue: Catalogue::builtin(),
            clock: Clock::default(),
        }
    }

    fn change_mail(&self) -> ChangeMail {
        ChangeMail {
            pending: self.pending.clone(),
            documents: self.documents.clone(),
            subscriptions: self.subscriptions.clone(),
            deliveries: self.deliveries.clone(),
            mailer: self.mailer.clone(),
            token_secret: sofia_core::wiring::Secret::given(token_secret()),
            site: site(),
            catalogue: Catalogue::builtin(),
        }
    }
}

/// Serves one request as the route `binary` of the route table does (its kind, the wrapper), on `deps`.
async fn serve<D, F, Fut>(binary: &'static str, deps: D, handler: F, request: Request) -> lambda_http::Response<Body>
where
    D: Send + Sync + 'static,
    F: Fn(Arc<D>, Request) -> Fut + Copy + Send + Sync + 'static,
    Fut: Future<Output = Answer> + Send + 'static,
{
    let kind = sofia_core::routes::by_binary(binary).expect("a route of the table").kind;
    let served = Served { binary, kind, deps: Arc::new(deps), handler, idempotency: None, rederive: None };
    served.call(request).await
}

fn body_json(response: &lambda_http::Response<Body>) -> Value {
    match response.body() {
        Body::Text(text) => serde_json::from_str(text).expect("a JSON body"),
        other => panic!("expected a text body, got {other:?}"),
    }
}

fn content_type(response: &lambda_http::Response<Body>) -> &str {
    response.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or_default()
}

#[tokio::test]
async fn create_signal_event_registers_number_one_and_get_signal_event_finds_it() {
    let memory = Memory::new(Arc::new(MemoryMailer::default()));
    let response =
        serve("create-signal", memory.filing(), documents::create_signal, http_event("create-signal.json")).await;
    assert_eq!(response.status(), 201);
    let registered = body_json(&response);
    let number = registered["number"].as_str().unwrap().to_owned();
    assert!(number.ends_with("-000001"), "{number}");
    assert!(
        registered["follow_url"]
            .as_str()
            .unwrap()
            .starts_with(&format!("https://kc.sofia.bg/track.html?number={number}#token="))
    );

    // The sample GET event asks for 2026-000001; ask for whatever year this run registered in.
    let mut request = http_event("get-document.json");
    let year = number.split('-').next().unwrap();
    if year != "2026" {
        let mut event: Value = serde_json::from_str(&event_text("get-document.json")).unwrap();
        event["pathParameters"]["number"] = Value::String(number.clone());
        request = serde_json::from_value::<LambdaRequest>(event).unwrap().into();
    }
    let response = serve("get-document", memory.document_page(), documents::get_document, request).await;
    assert_eq!(response.status(), 200);
    let view = body_json(&response);
    assert_eq!(view["viewer"], "public");
    assert_eq!(view["type"]["name"]["en"], "Street lamp not working");
    assert!(view.get("sender").is_none());
    assert!(!view.to_string().contains("maria"), "no personal data in the public view");
}

#[tokio::test]
async fn invalid_signal_event_names_every_bad_field() {
    let memory = Memory::new(Arc::new(MemoryMailer::default()));
    let request = http_event("create-signal-invalid.json");
    let response = serve("create-signal", memory.filing(), documents::create_signal, request).await;
    assert_eq!(response.status(), 422);
    assert_eq!(content_type(&response), "application/problem+json");
    let fields: Vec<String> = body_json(&response)["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(fields, ["type", "location", "description", "email"]);
    let nothing = memory.documents.get_any().await;
    assert!(nothing.is_none(), "nothing stored");
}

#[tokio::test]
async fn get_signal_event_for_an_unknown_number_is_404_problem() {
    let memory = Memory::new(Arc::new(MemoryMailer::default()));
    let request = http_event("get-document.json");
    let response = serve("get-document", memory.document_page(), documents::get_document, request).await;
    assert_eq!(response.status(), 404);
    assert_eq!(content_type(&response), "application/problem+json");
}

#[tokio::test]
async fn get_me_event_reads_the_caller_from_the_authorizer_context() {
    let response = serve("get-me", me::NoDeps {}, me::get_me, http_event("get-me.json")).await;
    assert_eq!(response.status(), 200);
    let me = body_json(&response);
    assert_eq!(me["sub"], "5f2c6a1e-3b7d-4c8e-9a10-6f1d2e3c4b5a");
    assert_eq!(me["groups"], serde_json::json!(["staff"]));

    // An ID token's claims (API Gateway's authorizer admits them) stand for no caller.
    let mut event: Value = serde_json::from_str(&event_text("get-me.json")).unwrap();
    event["requestContext"]["authorizer"]["jwt"]["claims"]["token_use"] = Value::from("id");
    let request = serde_json::from_value::<LambdaRequest>(event).unwrap().into();
    let response = serve("get-me", me::NoDeps {}, me::get_me, request).await;
    assert_eq!(response.status(), 401);

    // Without the authorizer's context (never the case behind API Gateway) the handler refuses.
    let mut event: Value = serde_json::from_str(&event_text("get-me.json")).unwrap();
    event["requestContext"].as_object_mut().unwrap().remove("authorizer");
    let request = serde_json::from_value::<LambdaRequest>(event).unwrap().into();
    let response = serve("get-me", me::NoDeps {}, me::get_me, request).await;
    assert_eq!(response.status(), 401);
}

#[tokio::test]
async fn get_catalogue_event_serves_the_catalogue() {
    let deps = catalogue::CatalogueDeps { catalogue: Catalogue::builtin() };
    let response = serve("get-catalogue", deps, catalogue::get_catalogue, http_event("get-catalogue.json")).await;
    assert_eq!(response.status(), 200);
    assert_eq!(body_json(&response)["signal_categories"][0]["id"], "streets");
}

fn stream_event() -> aws_lambda_events::dynamodb::Event {
    serde_json::from_str(&event_text("stream-insert.json")).expect("a DynamoDB stream event")
}

#[tokio::test]
async fn stream_insert_event_mails_the_sender_their_number_and_link() {
    let mailer = Arc::new(MemoryMailer::default());
    let notifier = Memory::new(mailer.clone()).notifier();
    let response = notify::handle_batch(&notifier, stream_event()).await;
    assert!(response.batch_item_failures.is_empty());
    let sent = mailer.sent.lock().unwrap().clone();
    assert_eq!(sent.len(), 1, "one mail for the document, none for the counter");
    let mail = &sent[0];
    assert_eq!(mail.to.as_str(), "maria.ivanova@example.bg");
    assert!(mail.subject.contains("2026-000001") && mail.subject.contains("28.11.2026"));
    assert!(mail.text.contains("Неработеща улична лампа") && mail.text.contains("Street lamp not working"));
    let token = token_secret().access_token(
        "2026-000001".parse().unwrap(),
        &sofia_core::domain::access::TokenSalt::from_stored("q3J9cFh2bW5kS0xQZXhhbQ".into()),
    );
    let link = format!("https://kc.sofia.bg/track.html?number=2026-000001#token={}", token.as_str());
    assert!(mail.text.contains(&link) && mail.html.contains(&link), "the mail carries the access link");
}

struct DownMailer;

#[async_trait]
impl Mailer for DownMailer {
    async fn send(&self, _mail: &OutgoingMail) -> Result<(), MailError> {
        Err(MailError::Unavailable("throttled".into()))
    }
}

#[tokio::test]
async fn a_mail_failure_reports_that_record_for_retry() {
    let notifier = Memory::new(Arc::new(DownMailer)).notifier();
    let response = notify::handle_batch(&notifier, stream_event()).await;
    let failed: Vec<_> = response.batch_item_failures.iter().map(|f| f.item_identifier.clone()).collect();
    assert_eq!(failed, [Some("111100000000000000000002".to_owned())], "only the document's record, not the counter's");
}

#[tokio::test]
async fn the_overview_counts_a_redelivered_record_once() {
    use sofia_core::domain::overview::Scope;
    use sofia_core::ports::StatsStore;
    let memory = Memory::new(Arc::new(MemoryMailer::default()));
    let (stats, notifier) = (memory.stats.clone(), memory.notifier());
    for _ in 0..3 {
        assert!(notify::handle_batch(&notifier, stream_event()).await.batch_item_failures.is_empty());
    }
    let rows = stats.counters(&Scope::AllTime, None).await.unwrap();
    let lighting: Vec<_> = rows.iter().filter(|r| r.name == "category#lighting#new").map(|r| r.value).collect();
    assert_eq!(lighting, [1], "three deliveries of one record count once: {rows:?}");
}

#[tokio::test]
async fn a_redelivered_record_mails_once_and_a_failed_send_is_sent_on_the_retry() {
    let mailer = Arc::new(MemoryMailer::default());
    let notifier = Memory::new(mailer.clone()).notifier();
    for _ in 0..3 {
        assert!(notify::handle_batch(&notifier, stream_event()).await.batch_item_failures.is_empty());
    }
    assert_eq!(mailer.sent.lock().unwrap().len(), 1, "three deliveries, one mail");

    // A send that fails gives its claim back, so the redelivery sends it.
    let failing = Memory::new(Arc::new(DownMailer)).notifier();
    assert_eq!(notify::handle_batch(&failing, stream_event()).await.batch_item_failures.len(), 1);
    let working = Notifier { mailer: mailer.clone(), ..failing };
    assert!(notify::handle_batch(&working, stream_event()).await.batch_item_failures.is_empty());
    assert_eq!(mailer.sent.lock().unwrap().len(), 2, "the retried mail went out");
}

/// A stream event where document 2026-000001 moves from `new` to `in_progress`.
fn status_change_event() -> aws_lambda_events::dynamodb::Event {
    let mut event: Value = serde_json::from_str(&event_text("stream-insert.json")).unwrap();
    let record = event["Records"][1].clone();
    let mut modified = record.clone();
    modified["eventName"] = "MODIFY".into();
    modified["eventID"] = "status-change-1".into();
    modified["dynamodb"]["OldImage"] = record["dynamodb"]["NewImage"].clone();
    modified["dynamodb"]["NewImage"]["status"] = serde_json::json!({ "S": "in_progress" });
    modified["dynamodb"]["NewImage"]["version"] = serde_json::json!({ "N": "2" });
    modified["dynamodb"]["SequenceNumber"] = "111100000000000000000003".into();
    event["Records"] = serde_json::json!([modified]);
    serde_json::from_value(event).unwrap()
}

/// A mailer that fails the first `failures` sends to one address, then works.
struct FlakyFor {
    address: String,
    failures: std::sync::Mutex<u32>,
    sent: Arc<MemoryMailer>,
}

#[async_trait]
impl Mailer for FlakyFor {
    async fn send(&self, mail: &OutgoingMail) -> Result<(), MailError> {
        if mail.to.as_str() == self.address {
            let mut left = self.failures.lock().unwrap();
            if *left > 0 {
                *left -= 1;
                return Err(MailError::Unavailable("throttled".into()));
            }
        }
        self.sent.send(mail).await
    }
}

/// A notifier and the change mail on the same memory, the document of [`status_change_event`] registered with
/// `subscribers` followers.
async fn subscribed(mailer: Arc<dyn Mailer>, subscribers: usize) -> (Notifier, ChangeMail, Arc<MemoryDeliveryLog>) {
    use sofia_core::domain::subscriptions::{Subscriber, Target};
    let memory = Memory::new(mailer);
    let target = Target::Document("2026-000001".parse().unwrap());
    for i in 0..subscribers {
        memory
            .subscriptions
            .add(target.clone(), Subscriber { sub: format!("user-{i}"), email: format!("follower{i}@example.bg") });
    }
    let record: sofia_core::adapters::records::DocumentRecord =
        serde_dynamo::from_item(status_change_event().records[0].change.new_image.clone()).unwrap();
    let document = sofia_core::domain::document::Document::try_from(record).unwrap();
    memory.documents.register(2026, jiff::Timestamp::now(), &|_| document.clone()).await.unwrap();
    (memory.notifier(), memory.change_mail(), memory.deliveries.clone())
}

/// The change mail's run once the window of every change so far has closed.
async fn run_change_mail(change_mail: &ChangeMail) -> sofia_core::change_mail::MailReport {
    let later = jiff::Timestamp::now() + sofia_core::change_mail::WINDOW + jiff::SignedDuration::from_secs(1);
    sofia_core::change_mail::run(change_mail, later).await.expect("the run reads its store")
}

#[tokio::test]
async fn a_status_change_reaches_the_sender_and_every_subscriber_once_even_when_replayed() {
    let sent = Arc::new(MemoryMailer::default());
    let (notifier, change_mail, _) = subscribed(sent.clone(), 3).await;
    for _ in 0..3 {
        assert!(notify::handle_batch(&notifier, status_change_event()).await.batch_item_failures.is_empty());
    }
    assert!(sent.sent.lock().unwrap().is_empty(), "the stream gathers the change; the change mail sends it");
    let changed_at = status_change_event().records[0].change.approximate_creation_date_time.timestamp();
    let changed_at = jiff::Timestamp::from_second(changed_at).unwrap();
    let too_soon =
        sofia_core::change_mail::run(&change_mail, changed_at + jiff::SignedDuration::from_mins(4)).await.unwrap();
    assert_eq!(too_soon.documents_mailed, 0, "nothing before the window closes");
    for _ in 0..2 {
        run_change_mail(&change_mail).await;
    }
    // Redelivered after it was mailed: gathered no more.
    assert!(notify::handle_batch(&notifier, status_change_event()).await.batch_item_failures.is_empty());
    run_change_mail(&change_mail).await;
    let mail = sent.sent.lock().unwrap().clone();
    let mut recipients: Vec<&str> = mail.iter().map(|m| m.to.as_str()).collect();
    recipients.sort();
    assert_eq!(
        recipients,
        ["follower0@example.bg", "follower1@example.bg", "follower2@example.bg", "maria.ivanova@example.bg"]
    );
    let follower = mail.iter().find(|m| m.to.as_str() == "follower0@example.bg").unwrap();
    let unsubscribe = follower.unsubscribe_url.as_deref().expect("one-click unsubscribe");
    assert!(unsubscribe.starts_with("https://kc.sofia.bg/api/unsubscribe?token="));
    assert!(follower.text.contains("https://kc.sofia.bg/unsubscribe.html?token="), "and a link in the text");
    assert!(!follower.text.contains("#token="), "subscribers never get the sender's access link");
    let sender = mail.iter().find(|m| m.to.as_str() == "maria.ivanova@example.bg").unwrap();
    assert!(sender.unsubscribe_url.is_none() && sender.text.contains("#token="));
    assert!(sender.subject.contains("В процес на решаване"));
}

#[tokio::test]
async fn a_failing_recipient_is_retried_and_sent_once_and_the_others_once() {
    let sent = Arc::new(MemoryMailer::default());
    let flaky = Arc::new(FlakyFor {
        address: "follower1@example.bg".into(),
        failures: std::sync::Mutex::new(2),
        sent: sent.clone(),
    });
    let (notifier, change_mail, _) = subscribed(flaky, 5).await;
    assert!(notify::handle_batch(&notifier, status_change_event()).await.batch_item_failures.is_empty());
    // As the schedule does: every minute a run, which takes again what the last one could not send.
    let mut runs = 0;
    loop {
        runs += 1;
        let report = run_change_mail(&change_mail).await;
        if report.left_for_later == 0 {
            assert_eq!(report.documents_mailed, 1);
            break;
        }
        assert!(runs < 5);
    }
    assert_eq!(runs, 3, "failed twice, then sent");
    let mail = sent.sent.lock().unwrap().clone();
    assert_eq!(mail.len(), 6, "sender + 5 subscribers, each once");
    assert_eq!(mail.iter().filter(|m| m.to.as_str() == "follower1@example.bg").count(), 1);
}

#[tokio::test]
async fn when_time_runs_short_the_rest_of_the_list_is_handed_on_and_finished_by_the_next_invocation() {
    use sofia_core::domain::mail::{Dated, Update};
    use sofia_core::domain::status::Status;
    let sent = Arc::new(MemoryMailer::default());
    let (notifier, _, deliveries) = subscribed(sent.clone(), 1200).await;
    let document = notifier.documents.get("2026-000001".parse().unwrap()).await.unwrap().unwrap();
    let changes = vec![Dated {
        at: jiff::Timestamp::now(),
        update: Update::Status { from: Status::New, to: Status::InProgress, note: None },
    }];
    // Almost no time left: the sender is mailed, the subscribers are handed on untouched.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(1);
    notify::mail_changes_once(&notifier.post().await.unwrap(), &document, "changes-1", changes, Some(deadline))
        .await
        .unwrap();
    assert_eq!(sent.sent.lock().unwrap().len(), 1);
    let (id, work) = deliveries.handed_off.lock().unwrap()[0].clone();
    // The work item arrives as the stream would deliver it, and the next invocation finishes the list.
    let event: aws_lambda_events::dynamodb::Event = serde_json::from_value(serde_json::json!({ "Records": [{
        "eventID": "fanout-1", "eventName": "INSERT", "eventVersion": "1.1", "eventSource": "aws:dynamodb", "awsRegion": "eu-central-1",
        "dynamodb": { "ApproximateCreationDateTime": 1795770900, "Keys": { "PK": { "S": format!("FANOUT#{id}") }, "SK": { "S": "WORK" } },
            "NewImage": { "PK": { "S": format!("FANOUT#{id}") }, "SK": { "S": "WORK" }, "entity": { "S": "fanout" }, "work": { "S": work } },
            "SequenceNumber": "2", "SizeBytes": 100, "StreamViewType": "NEW_AND_OLD_IMAGES" }
    }]}))
    .unwrap();
    assert!(notify::handle_batch(&notifier, event).await.batch_item_failures.is_empty());
    let mail = sent.sent.lock().unwrap().clone();
    assert_eq!(mail.len(), 1201, "sender + 1200 subscribers");
    let distinct: std::collections::HashSet<&str> = mail.iter().map(|m| m.to.as_str()).collect();
    assert_eq!(distinct.len(), 1201, "each once");
}

/// `count` public signals in Sofia registered `days_ago` days back, straight into the store.
async fn seed_signals(memory: &Memory, count: usize, days_ago: i64) {
    use sofia_core::domain::access::TokenSalt;
    use sofia_core::domain::districts::Districts;
    use sofia_core::domain::document::Document;
    use sofia_core::domain::filing::{NewSignalRequest, parse_new_signal};
    let request: NewSignalRequest = serde_json::from_value(serde_json::json!({
        "category": "streets", "type": "pothole",
        "location": { "lat": 42.6977, "lon": 23.3219 },
        "description": "Дълбока дупка на платното пред спирката",
    }))
    .unwrap();
    let draft = parse_new_signal(&request, Catalogue::builtin(), Districts::builtin()).unwrap();
    let registered_at = jiff::Timestamp::now() - jiff::SignedDuration::from_hours(24 * days_ago);
    let year: u16 = sofia_core::domain::calendar::sofia_day(registered_at)[..4].parse().unwrap();
    for _ in 0..count {
        let build = |number| {
            let salt = TokenSalt::random();
            let hash = token_secret().access_token(number, &salt).hash();
            Document::register(&draft, number, registered_at, salt, hash)
        };
        memory.documents.register(year, registered_at, &build).await.unwrap();
    }
}

fn map_request(query: &[(&str, &str)]) -> Request {
    use lambda_http::RequestExt;
    let parameters: HashMap<String, String> = query.iter().map(|(k, v)| ((*k).into(), (*v).into())).collect();
    lambda_http::http::Request::builder()
        .uri("/api/map")
        .body(Body::Empty)
        .unwrap()
        .with_query_string_parameters(parameters)
}

fn items_read(response: &lambda_http::Response<Body>) -> u64 {
    let cost = response.headers()["x-read-cost"].to_str().unwrap();
    cost.split(", ").find_map(|p| p.strip_prefix("items-read=")).unwrap().parse().unwrap()
}

#[tokio::test]
async fn the_map_at_a_marker_zoom_shows_every_marker_of_its_tiles_and_reads_only_those() {
    let memory = Memory::new(Arc::new(MemoryMailer::default()));
    // 7,500 signals over the last three days, all at one place: more than the 5,000 an answer once held.
    for days_ago in 0..3 {
        seed_signals(&memory, 2_500, days_ago).await;
    }
    let around = [("zoom", "17"), ("bbox", "23.3215,42.6975,23.3223,42.6979")];
    let response = serve("get-map", memory.map(), public_map::get_map, map_request(&around)).await;
    assert_eq!(response.status(), 200);
    let read = items_read(&response);
    let map = body_json(&response);
    assert_eq!((map["kind"].as_str(), map["features"].as_array().unwrap().len()), (Some("markers"), 7_500));
    assert!(map.get("truncated").is_none(), "nothing is truncated: {}", map["total"]);
    assert_eq!((read, map["total"].as_u64()), (7_500, Some(7_500)), "each marker read once");

    let response =
        serve("get-map", memory.map(), public_map::get_map, map_request(&[around[0], around[1], ("days", "1")])).await;
    assert_eq!((items_read(&response), body_json(&response)["total"].as_u64()), (2_500, Some(2_500)));
}
