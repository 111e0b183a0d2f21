//! No personal data in public: documents are filed by every route (anonymous, signed in, Open311) with names,
//! e-mails, phones and postal addresses that appear nowhere else; then every public route is walked and must
//! not carry any of them. The structured logs of the same run (the functions' tracing output, as CloudWatch
//! would get it) must carry no e-mail, phone, access token or JWT either.

use serde_json::{Value, json};
use sofia_tests::{TestStack, demo, json as read, sign_in, signed_in_user};
use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The tracing output of this test binary, kept in memory.
#[derive(Clone, Default)]
struct CapturedLogs(Arc<Mutex<Vec<u8>>>);

impl Write for CapturedLogs {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for CapturedLogs {
    type Writer = CapturedLogs;
    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

/// Letters a name may hold, from a random id: distinctive, and a valid Bulgarian name.
fn distinctive(prefix: &str) -> String {
    const LETTERS: [char; 16] = ['б', 'в', 'г', 'д', 'ж', 'з', 'к', 'л', 'м', 'н', 'п', 'р', 'с', 'т', 'ф', 'х'];
    let id = uuid::Uuid::new_v4().simple().to_string();
    let tail: String = id.bytes().take(10).map(|b| LETTERS[(b as char).to_digit(16).unwrap() as usize]).collect();
    format!("{prefix}{tail}")
}

fn distinctive_phone() -> (String, String) {
    let digits: String = uuid::Uuid::new_v4().as_u128().to_string().chars().take(7).collect();
    (format!("0887 {digits}"), format!("887{digits}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_public_route_and_no_log_line_carries_a_senders_personal_data() {
    let logs = CapturedLogs::default();
    tracing_subscriber::fmt()
        .json()
        .with_writer(logs.clone())
        .with_env_filter(tracing_subscriber::EnvFilter::new("info,sofia_core=debug,local_stack=off,tower_http=off"))
        .init();
    let stack = TestStack::start().await;

    // Secrets of three senders: anonymous, registered (with a full profile), and an Open311 app's user.
    let anonymous_name = format!("Анонимен {}", distinctive("Пий"));
    let anonymous_email = format!("pii.{}@example.bg", &uuid::Uuid::new_v4().simple().to_string()[..12]);
    let member_name = format!("Регистриран {}", distinctive("Пий"));
    let member_email = format!("pii.{}@example.bg", &uuid::Uuid::new_v4().simple().to_string()[..12]);
    let (member_phone, member_phone_digits) = distinctive_phone();
    let member_address = format!("ул. {} 77", distinctive("Тайн"));
    let app_name = distinctive("Прил");
    let app_email = format!("pii.{}@example.bg", &uuid::Uuid::new_v4().simple().to_string()[..12]);
    let (app_phone, app_phone_digits) = distinctive_phone();

    let filed = |status: u16, body: &Value| {
        assert_eq!(status, 201, "{body}");
        body["number"].as_str().expect("a number").to_owned()
    };
    let signal = json!({
        "category": "streets", "type": "pothole", "location": { "lat": 42.6842, "lon": 23.3220 },
        "description": "Дупка на пешеходна пътека пред училището", "email": anonymous_email, "name": anonymous_name
    });
    let (status, _, body) = read(stack.post_json("/api/signals", &signal).await).await;
    let anonymous_signal = filed(status, &body);
    let access_token = body["follow_url"].as_str().unwrap().split("#token=").nth(1).unwrap().to_owned();
    let question = json!({ "topic": "local-taxes", "description": "Кога е срокът за данъка?", "email": anonymous_email, "name": anonymous_name });
    let (status, _, body) = read(stack.post_json("/api/questions", &question).await).await;
    let anonymous_question = filed(status, &body);

    let member = signed_in_user(&stack, &member_email, &member_name).await;
    let profile = json!({ "name": member_name, "phone": member_phone, "address": member_address });
    let response =
        stack.http.put(stack.url("/api/account/profile")).bearer_auth(&member).json(&profile).send().await.unwrap();
    assert_eq!(response.status().as_u16(), 200);
    let mut member_signal_body = signal.clone();
    member_signal_body.as_object_mut().unwrap().retain(|k, _| !["email", "name"].contains(&k.as_str()));
    let (status, body) = stack.post_as("/api/me/signals", &member_signal_body, Some(&member)).await;
    let member_signal = filed(status, &body);
    let complaint = json!({ "kind": "complaint", "title": "Жалба за шума", "description": "Шум от обекта всяка нощ след 23 часа.", "name": member_name, "phone": member_phone, "address": member_address });
    let (status, body) = stack.post_as("/api/me/documents", &complaint, Some(&member)).await;
    let member_complaint = filed(status, &body);

    let admin = sign_in(&stack, demo("admin").email, demo("admin").password).await;
    let (_, issued) =
        stack.post_as("/api/admin/open311-keys", &json!({ "client": "PII test app" }), Some(&admin)).await;
    let form = [
        ("api_key", issued["api_key"].as_str().unwrap()),
        ("service_code", "streets.pothole"),
        ("lat", "42.6843"),
        ("long", "23.3221"),
        ("description", "Дупка на тротоара до спирката"),
        ("email", app_email.as_str()),
        ("first_name", app_name.as_str()),
        ("last_name", "Петров"),
        ("phone", app_phone.as_str()),
    ];
    let response = stack.http.post(stack.url("/open311/v2/requests.json")).form(&form).send().await.unwrap();
    let (status, body) = (response.status().as_u16(), response.text().await.unwrap());
    assert_eq!(status, 201, "{body}");
    let app_signal =
        serde_json::from_str::<Value>(&body).unwrap()[0]["service_request_id"].as_str().unwrap().to_owned();

    let secrets = [
        anonymous_name.as_str(),
        anonymous_email.as_str(),
        member_name.as_str(),
        member_email.as_str(),
        member_phone_digits.as_str(),
        member_address.as_str(),
        app_name.as_str(),
        app_email.as_str(),
        app_phone_digits.as_str(),
    ];

    // The data is really there: the sender's view through the access link shows it (so this test can fail).
    let own = stack.get_with_token(&format!("/api/documents/{anonymous_signal}"), &access_token).await;
    assert!(own.text().await.unwrap().contains(&anonymous_email), "the sender sees their own e-mail");

    // Wait until the stream has indexed and counted all three signals (and noted them for the open data), so the
    // map and overview hold them.
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let (_, map) = stack.get_as("/api/map", None).await;
        let shown = map["total"].as_u64().unwrap_or(0);
        let (_, overview) = stack.get_as("/api/overview", None).await;
        let counted = overview["all_time"]["total"].as_i64().unwrap_or(0);
        if shown >= 3 && counted >= 3 || Instant::now() > deadline {
            break;
        }
        tokio::time::sleep(Duration::from_millis(300)).await;
    }

    // The night after, the open-data export publishes the day's public signals and the units' account.
    let filed_on =
        stack.stack.time.clock.now().to_zoned_datetime(jiff::tz::TimeZone::get("Europe/Sofia").unwrap()).date();
    stack.stack.time.advance_days(1);
    let exported = stack.stack.time.run_export("ScheduledOpenDataFunction").await.expect("the export runs");
    assert_eq!(exported.days, [filed_on.to_string()], "{exported:?}");
    assert!(exported.signals >= 3, "the day's public signals are exported: {exported:?}");
    let (status, _, index) = sofia_tests::json(stack.get("/open-data/index.json").await).await;
    assert_eq!((status, index["to"].as_str()), (200, Some(filed_on.to_string().as_str())), "{index}");
    let exported_csv = stack.get(&format!("/open-data/signals/{filed_on}.csv")).await.text().await.unwrap();
    assert!(exported_csv.contains(&anonymous_signal) && exported_csv.contains(&app_signal), "{exported_csv}");
    assert!(!exported_csv.contains(&anonymous_question), "only signals: {exported_csv}");

    let mut public_paths = vec![
        format!("/open-data/signals/{filed_on}.csv"),
        format!("/open-data/signals/{filed_on}.geojson"),
        format!("/open-data/accounts/{filed_on}.csv"),
        "/open-data/index.json".to_owned(),
        "/api/accounts".to_owned(),
        "/api/accounts?format=csv".to_owned(),
        "/api/map".to_owned(),
        "/api/map?category=streets".to_owned(),
        "/api/map?days=7".to_owned(),
        "/api/map?zoom=17&bbox=23.3215,42.6837,23.3225,42.6847".to_owned(),
        "/api/feed.atom".to_owned(),
        "/api/feed.atom?district=lozenets&category=streets".to_owned(),
        "/api/signals/nearby?lat=42.6842&lon=23.3220".to_owned(),
        "/api/overview".to_owned(),
        "/api/catalogue".to_owned(),
        "/open311/v2/discovery.json".to_owned(),
        "/open311/v2/services.json".to_owned(),
        "/open311/v2/requests.json".to_owned(),
        "/open311/v2/requests.xml".to_owned(),
        "/open311/v2/requests.json?service_code=streets.pothole".to_owned(),
    ];
    for number in [&anonymous_signal, &anonymous_question, &member_signal, &member_complaint, &app_signal] {
        public_paths.push(format!("/api/documents/{number}"));
        public_paths.push(format!("/open311/v2/requests/{number}.json"));
        public_paths.push(format!("/open311/v2/requests/{number}.xml"));
        public_paths.push(format!("/open311/v2/tokens/{number}.json"));
    }
    let mut walked = 0;
    for path in &public_paths {
        let response = stack.get(path).await;
        let status = response.status().as_u16();
        let body = response.text().await.unwrap();
        assert!(status < 500, "{path}: {status} {body}");
        walked += usize::from(status == 200);
        for secret in secrets {
            assert!(!body.contains(secret), "{path} shows personal data {secret:?}: {body}");
        }
    }
    assert!(walked >= 20, "most public routes answered 200 ({walked})");
    // The signals really are public: the map shows the anonymous one, zoomed in on it.
    let (_, map) = stack.get_as("/api/map?zoom=17&bbox=23.3215,42.6837,23.3225,42.6847", None).await;
    assert!(map.to_string().contains(&anonymous_signal), "{map}");
    let feed = stack.get("/api/feed.atom").await.text().await.unwrap();
    assert!(feed.contains(&format!("track.html?number={anonymous_signal}")), "{feed}");

    // Let the stream finish its mail (confirmations) so its logs are in, then read every log line.
    stack.wait_for_mail(&anonymous_email, 2).await;
    stack.stack.stop().await;
    let logs = String::from_utf8(logs.0.lock().unwrap().clone()).unwrap();
    assert!(logs.contains("document registered"), "the functions' logs were captured");
    for secret in secrets.iter().chain([&access_token.as_str(), &member.as_str()]) {
        assert!(!logs.contains(secret), "the logs carry {secret:?}");
    }
    for (number, line) in logs.lines().enumerate() {
        assert!(!line.contains("eyJ"), "log line {number} carries a JWT: {line}");
        // The same notion of "looks like an address" the SES adapter redacts by.
        let carries_address = sofia_core::domain::email::redact_addresses(line) != line;
        assert!(!carries_address, "log line {number} carries an e-mail address: {line}");
    }
}
