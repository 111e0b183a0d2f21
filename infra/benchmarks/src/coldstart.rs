//! 5. Cold start and size.
//!
//! Size: each function's `bootstrap.zip` as `cargo lambda build --release --arm64 --output-format zip` writes it.
//! Start-up: this machine is x86_64, so the same code is built for it the same way (release profile, cargo-lambda)
//! and each binary is started as Lambda starts a `provided.al2023` function: its environment from template.yaml
//! (evaluated against the stack on moto), `AWS_LAMBDA_RUNTIME_API` pointing at a minimal Lambda Runtime API served
//! here. Two times per start, from spawning the process: *init* until it asks for its first invocation
//! (`GET /runtime/invocation/next`, what Lambda reports as Init Duration), and *first answer* until it has posted
//! the answer to that invocation — a request to its own route without a body or a login (the stream function: an
//! empty batch). Each start of a function is paired with a start of `hello` just before it; the figure is the
//! function's median over the runs ÷ hello's median.

use crate::stats::{Row, Samples, Target};
use crate::{Bench, Options};
use anyhow::{Context, Result, bail};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::Notify;

pub const HELLO: &str = "hello";
const MB: f64 = 1024.0 * 1024.0;

#[derive(Default)]
struct Shared {
    event: String,
    next_calls: Mutex<usize>,
    first_next: Mutex<Option<Instant>>,
    answered: Mutex<Option<(Instant, bool)>>,
    done: Notify,
}

async fn next(State(shared): State<Arc<Shared>>) -> axum::response::Response {
    let call = {
        let mut calls = shared.next_calls.lock().unwrap();
        *calls += 1;
        *calls
    };
    if call > 1 {
        // The second poll waits forever: the process is stopped once the first answer is in.
        std::future::pending::<()>().await;
    }
    shared.first_next.lock().unwrap().get_or_insert(Instant::now());
    let mut headers = HeaderMap::new();
    let deadline = jiff::Timestamp::now().as_millisecond() + 30_000;
    headers.insert("lambda-runtime-aws-request-id", HeaderValue::from_static("bench-request-1"));
    headers.insert("lambda-runtime-deadline-ms", HeaderValue::from_str(&deadline.to_string()).unwrap());
    headers.insert(
        "lambda-runtime-invoked-function-arn",
        HeaderValue::from_static("arn:aws:lambda:us-east-1:123456789012:function:bench"),
    );
    headers.insert("lambda-runtime-trace-id", HeaderValue::from_static("Root=1-00000000-000000000000000000000000"));
    headers.insert("content-type", HeaderValue::from_static("application/json"));
    (headers, shared.event.clone()).into_response()
}

fn finish(shared: &Shared, ok: bool) -> StatusCode {
    shared.answered.lock().unwrap().get_or_insert((Instant::now(), ok));
    shared.done.notify_one();
    StatusCode::ACCEPTED
}

async fn response(State(shared): State<Arc<Shared>>, Path(_id): Path<String>) -> StatusCode {
    finish(&shared, true)
}

async fn invocation_error(State(shared): State<Arc<Shared>>, Path(_id): Path<String>) -> StatusCode {
    finish(&shared, false)
}

async fn init_error(State(shared): State<Arc<Shared>>) -> StatusCode {
    finish(&shared, false)
}

struct Start {
    init: Duration,
    answered: Duration,
    ok: bool,
    /// The function's own `init` log line: microseconds per phase of its start-up (none from hello).
    phases: Vec<(String, u64)>,
}

/// The phases of the `init` line a function logs once it has started (`Wiring::start_instance`).
fn init_phases(stdout: &str) -> Vec<(String, u64)> {
    stdout
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .find(|line| line["fields"]["message"] == "init")
        .and_then(|line| line["fields"].as_object().cloned())
        .map(|fields| {
            fields
                .into_iter()
                .filter_map(|(name, value)| Some((name.strip_suffix("_us")?.to_owned(), value.as_u64()?)))
                .collect()
        })
        .unwrap_or_default()
}

/// Starts `binary` against a fresh Runtime API serving `event`; stops it once it has answered.
async fn start_once(binary: &std::path::Path, environment: &HashMap<String, String>, event: &str) -> Result<Start> {
    let shared = Arc::new(Shared { event: event.to_owned(), ..Default::default() });
    let app = axum::Router::new()
        .route("/2018-06-01/runtime/invocation/next", get(next))
        .route("/2018-06-01/runtime/invocation/{id}/response", post(response))
        .route("/2018-06-01/runtime/invocation/{id}/error", post(invocation_error))
        .route("/2018-06-01/runtime/init/error", post(init_error))
        .with_state(shared.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let address = listener.local_addr()?;
    let server = tokio::spawn(async move { axum::serve(listener, app).await });

    let started = Instant::now();
    let mut child = tokio::process::Command::new(binary)
        .envs(environment)
        .env("AWS_LAMBDA_RUNTIME_API", address.to_string())
        .env("AWS_LAMBDA_FUNCTION_NAME", "bench")
        .env("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "256")
        .env("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST")
        .env("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/bench")
        .env("AWS_LAMBDA_LOG_STREAM_NAME", "bench")
        .env("_HANDLER", "bootstrap")
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .with_context(|| format!("starting {}", binary.display()))?;
    let waited = tokio::time::timeout(Duration::from_secs(30), shared.done.notified()).await;
    let _ = child.kill().await;
    server.abort();
    let mut stdout = String::new();
    if let Some(mut pipe) = child.stdout.take() {
        use tokio::io::AsyncReadExt;
        let _ = pipe.read_to_string(&mut stdout).await;
    }
    if waited.is_err() {
        bail!("{} did not answer its first invocation within 30 s", binary.display());
    }
    let first_next = shared.first_next.lock().unwrap().context("asked for an invocation")?;
    let (answered, ok) = shared.answered.lock().unwrap().context("answered")?;
    Ok(Start { init: first_next - started, answered: answered - started, ok, phases: init_phases(&stdout) })
}

/// The API Gateway v2 event of a request to `method path`, path parameters filled in.
fn api_event(method: &str, path: &str, number: &str) -> String {
    let mut parameters = serde_json::Map::new();
    let mut raw = String::new();
    for segment in path.split('/').filter(|s| !s.is_empty()) {
        raw.push('/');
        match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            Some(name) => {
                let value = match name {
                    "number" => number.to_owned(),
                    "file" => "services.json".to_owned(),
                    _ => "x".to_owned(),
                };
                raw.push_str(&value);
                parameters.insert(name.to_owned(), value.into());
            }
            None => raw.push_str(segment),
        }
    }
    let route_key = format!("{method} {path}");
    serde_json::json!({
        "version": "2.0",
        "routeKey": route_key,
        "rawPath": raw,
        "rawQueryString": "",
        "headers": { "host": "localhost", "user-agent": "bench" },
        "requestContext": {
            "accountId": "123456789012", "apiId": "local", "domainName": "localhost", "domainPrefix": "local",
            "http": { "method": method, "path": raw, "protocol": "HTTP/1.1", "sourceIp": "127.0.0.1", "userAgent": "bench" },
            "requestId": "bench-request-1", "routeKey": route_key, "stage": "$default",
            "time": "30/Nov/2026:12:00:00 +0000", "timeEpoch": 1_795_000_000_000_i64,
        },
        "pathParameters": parameters,
        "isBase64Encoded": false,
    })
    .to_string()
}

struct Function {
    binary: String,
    environment: HashMap<String, String>,
    event: String,
}

pub async fn run(bench: &Bench, options: &Options) -> Result<Vec<Row>> {
    let mut rows = Vec::new();
    let label = if options.label.is_empty() { String::new() } else { format!(" [{}]", options.label) };
    let wanted = |binary: &str| options.only_binaries.as_ref().is_none_or(|only| only.iter().any(|b| b == binary));

    // A real signal for the routes that take a number.
    let filed: serde_json::Value = bench
        .http
        .post(bench.url("/api/signals"))
        .json(&serde_json::json!({
            "category": "streets", "type": "pothole",
            "location": { "lat": 42.6977, "lon": 23.3219 }, "description": "Сигнал за измерване на старта",
        }))
        .send()
        .await?
        .json()
        .await?;
    let number = filed["number"].as_str().unwrap_or("2026-000001").to_owned();

    // Every binary of the template, once (a binary serving several routes is started with its first route).
    let mut functions: BTreeMap<String, Function> = BTreeMap::new();
    for route in bench.template.routes()? {
        if functions.contains_key(&route.binary) || !wanted(&route.binary) {
            continue;
        }
        let environment = bench.environment(&route.function)?;
        let event = api_event(&route.method, &route.path, &number);
        functions.insert(route.binary.clone(), Function { binary: route.binary, environment, event });
    }
    for subscription in bench.template.stream_subscriptions()? {
        if wanted(&subscription.binary) {
            let environment = bench.environment(&subscription.function)?;
            let event = serde_json::json!({ "Records": [] }).to_string();
            functions.insert(subscription.binary.clone(), Function { binary: subscription.binary, environment, event });
        }
    }

    if let Some(zips) = &options.zips {
        let size =
            |binary: &str| std::fs::metadata(zips.join(binary).join("bootstrap.zip")).map(|m| m.len() as f64).ok();
        let hello = size(HELLO).context("the hello function's zip")?;
        let mut sizes: Vec<(String, f64)> = functions.keys().filter_map(|b| Some((b.clone(), size(b)?))).collect();
        sizes.sort_by(|a, b| b.1.total_cmp(&a.1));
        let missing = functions.len() - sizes.len();
        let over = sizes.iter().filter(|(_, s)| *s > 3.0 * MB).count();
        if let Some((largest, bytes)) = sizes.first() {
            rows.push(
                Row::new("5", format!("largest zip (arm64){label}"), bytes / MB, "MB", Target::AtMost(3.0)).note(
                    format!(
                        "{largest}; {} of {} functions built, {over} over 3 MB{}; hello {:.2} MB",
                        sizes.len(),
                        functions.len(),
                        if missing > 0 { format!(" ({missing} not built)") } else { String::new() },
                        hello / MB
                    ),
                ),
            );
        }
        for (binary, bytes) in &sizes {
            rows.push(Row::new("5·", format!("zip size: {binary}{label}"), bytes / MB, "MB", Target::AtMost(3.0)));
        }
    }

    if let Some(directory) = &options.functions {
        let path = |binary: &str| -> Option<PathBuf> {
            let path = directory.join(binary).join("bootstrap");
            path.exists().then_some(path)
        };
        let hello = path(HELLO).context("the hello function's bootstrap")?;
        let hello_event = api_event("GET", "/api/documents/{number}", &number);
        let mut ratios: Vec<(String, f64, f64, Samples, Samples, BTreeMap<String, Samples>)> = Vec::new();
        let present: Vec<&Function> = functions.values().filter(|f| path(&f.binary).is_some()).collect();
        let (mut hello_init_all, mut hello_answer_all) = (Samples::default(), Samples::default());
        for function in present {
            let binary = path(&function.binary).unwrap_or_default();
            let (mut hello_init, mut hello_answer, mut init, mut answer) =
                (Samples::default(), Samples::default(), Samples::default(), Samples::default());
            let mut phases: BTreeMap<String, Samples> = BTreeMap::new();
            // One unmeasured start of each first: the binary's pages in the file cache, as on a warm host.
            start_once(&hello, &HashMap::new(), &hello_event).await?;
            start_once(&binary, &function.environment, &function.event).await?;
            for _ in 0..options.runs {
                let h = start_once(&hello, &HashMap::new(), &hello_event).await?;
                let f = start_once(&binary, &function.environment, &function.event).await?;
                if !h.ok {
                    bail!("hello failed its invocation");
                }
                hello_init.push(h.init);
                hello_answer.push(h.answered);
                init.push(f.init);
                answer.push(f.answered);
                for (phase, micros) in f.phases {
                    phases.entry(phase).or_default().push(Duration::from_micros(micros));
                }
            }
            hello_init_all.0.extend(hello_init.0.iter());
            hello_answer_all.0.extend(hello_answer.0.iter());
            ratios.push((
                function.binary.clone(),
                init.p50() / hello_init.p50(),
                answer.p50() / hello_answer.p50(),
                init,
                answer,
                phases,
            ));
        }
        if ratios.is_empty() {
            bail!("no function binaries in {}", directory.display());
        }
        ratios.sort_by(|a, b| b.1.total_cmp(&a.1));
        let worst = &ratios[0];
        let mut by_answer: Vec<_> = ratios.iter().collect();
        by_answer.sort_by(|a, b| b.2.total_cmp(&a.2));
        let worst_answer = by_answer[0];
        rows.push(
            Row::new("5", format!("init ÷ hello's, worst function (x86_64){label}"), worst.1, "×", Target::AtMost(1.5))
                .note(format!(
                    "{}: init p50 {:.1} ms; hello {:.1} ms; {} functions × {} starts, paired with hello",
                    worst.0,
                    worst.3.p50(),
                    hello_init_all.p50(),
                    ratios.len(),
                    options.runs
                )),
        );
        rows.push(
            Row::new("5", format!("first answer ÷ hello's, worst function (x86_64){label}"), worst_answer.2, "×", Target::AtMost(1.5))
                .note(format!(
                    "{}: start → first answer p50 {:.1} ms; hello {:.1} ms (its route's request without body or login; it may call the emulator)",
                    worst_answer.0,
                    worst_answer.4.p50(),
                    hello_answer_all.p50()
                )),
        );
        for (binary, init_ratio, answer_ratio, init, answer, phases) in &ratios {
            // Where the function's own init went (its `init` log line; the process start and the runtime's
            // first request are what the rest of the measured init is).
            let order = ["logging", "config", "https", "sdk", "dependencies", "total"];
            let spent = order
                .iter()
                .filter_map(|phase| Some(format!("{phase} {:.2}", phases.get(*phase)?.p50())))
                .collect::<Vec<_>>()
                .join(", ");
            rows.push(
                Row::new("5·", format!("init ÷ hello's: {binary}{label}"), *init_ratio, "×", Target::AtMost(1.5)).note(
                    format!(
                        "init p50 {:.1} ms; first answer p50 {:.1} ms ({answer_ratio:.2}× hello's); in main, p50 ms: {}",
                        init.p50(),
                        answer.p50(),
                        if spent.is_empty() { "no init line".to_owned() } else { spent }
                    ),
                ),
            );
        }
    }
    Ok(rows)
}
