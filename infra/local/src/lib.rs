//! The local stack: the whole system on one machine, on emulated AWS (moto), from `template.yaml`.
//!
//! ```text
//! browser ──HTTP──> gateway (axum, :3000) ──> static site (site/)
//!                      │  └─ /_dev/mail ──────> emulator's sent mail
//!                      └─ route from template.yaml, JWT authorizer, API Gateway v2 event
//!                          └─> handler (sofia-core) ──AWS SDK──> moto: DynamoDB, SES, S3, Cognito
//! stream poller ──GetRecords──> moto's DynamoDB stream ──> stream handler (sofia-core) ──> SES
//! ```

pub mod authorizer;
pub mod capacity;
pub mod emulator;
pub mod gateway;
pub mod iam;
pub mod mailbox;
pub mod openapi;
pub mod provision;
pub mod seed;
pub mod stream;
pub mod template;
pub mod totp;

use anyhow::{Context, Result, anyhow, bail};
use aws_smithy_runtime_api::client::interceptors::SharedInterceptor;
use gateway::{Gateway, LocalRoute};
use provision::Provisioned;
use sofia_core::Config;
use sofia_core::adapters::retries;
use sofia_core::wiring::{Clock, Dependency, SdkClients, Wiring};
use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use template::Template;
use tokio::sync::watch;
use tokio::task::JoinHandle;

/// Accounts the local stack creates so a person (or a test) can sign in at once.
pub struct DemoAccount {
    pub email: &'static str,
    pub password: &'static str,
    pub groups: &'static [&'static str],
    pub name: &'static str,
}

/// One account of each role, and two units (the districts of Lozenets and Lyulin) to try one unit against another.
pub const DEMO_ACCOUNTS: &[DemoAccount] = &[
    DemoAccount {
        email: "operator@kc.sofia.bg",
        password: "demo-operator-2026",
        groups: &["operators"],
        name: "Оператор Демо",
    },
    DemoAccount {
        email: "lozenets@kc.sofia.bg",
        password: "demo-unit-2026",
        groups: &["unit-district-lozenets"],
        name: "Район Лозенец Демо",
    },
    DemoAccount {
        email: "head-lozenets@kc.sofia.bg",
        password: "demo-head-2026",
        groups: &["unit-district-lozenets", "head-district-lozenets"],
        name: "Кмет на район Лозенец Демо",
    },
    DemoAccount {
        email: "lyulin@kc.sofia.bg",
        password: "demo-lyulin-2026",
        groups: &["unit-district-lyulin"],
        name: "Район Люлин Демо",
    },
    DemoAccount {
        email: "admin@kc.sofia.bg",
        password: "demo-admin-2026",
        groups: &["admins"],
        name: "Администратор Демо",
    },
    DemoAccount {
        email: "citizen@example.bg", password: "demo-citizen-2026", groups: &[], name: "Гражданин Демо"
    },
];

/// The demo account with this e-mail's local part (`operator`, `lozenets`, `lyulin`, `admin`, `citizen`).
pub fn demo(role: &str) -> &'static DemoAccount {
    DEMO_ACCOUNTS.iter().find(|a| a.email.split('@').next() == Some(role)).unwrap_or(&DEMO_ACCOUNTS[0])
}

pub struct StackOptions {
    /// The repository root: where `template.yaml` and `site/` are.
    pub root: PathBuf,
    pub listen: SocketAddr,
    /// Prefix of every resource name, so several stacks can share one emulator.
    pub prefix: String,
    /// Where DynamoDB (and its streams) live, when not on the main emulator: Amazon's DynamoDB Local, to
    /// check that nothing depends on one emulator's quirks and to measure real consumed capacity.
    pub dynamodb_endpoint: Option<String>,
    /// The stream function's timeout, when a test shortens the template's (the poller stops the function at
    /// it, as Lambda does).
    pub stream_timeout: Option<std::time::Duration>,
    /// Runs the schedules of a `rate(...)` (the minute's change mail) by themselves at their rate, as
    /// EventBridge Scheduler would: `infra/local/run` does, so the mailbox gets its mail; tests run them when
    /// they choose (`LocalTime::run_change_mail`), so what they see does not depend on timing.
    pub run_rate_schedules: bool,
    /// Tallies what each function's DynamoDB calls consume (the benchmark's bill, on DynamoDB Local).
    pub capacity: Option<Arc<capacity::CapacityMeter>>,
}

impl StackOptions {
    pub fn repository_root() -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().unwrap_or_else(|_| PathBuf::from("."))
    }
}

pub struct RunningStack {
    pub base_url: String,
    /// The stack's clock and scheduled functions.
    pub time: Arc<LocalTime>,
    pub emulator_endpoint: String,
    pub provisioned: Provisioned,
    pub sdk: aws_config::SdkConfig,
    /// Clients as the functions build them (DynamoDB possibly on another endpoint than `sdk`), without the
    /// functions' IAM check.
    pub clients: SdkClients,
    /// Holds the stream pollers while set: a benchmark that times the sending side alone (on AWS the stream is
    /// read by Lambda on AWS's machines, not beside the sender on the same two cores).
    pub streams_paused: Arc<std::sync::atomic::AtomicBool>,
    shutdown: watch::Sender<bool>,
    tasks: Vec<JoinHandle<()>>,
}

impl RunningStack {
    /// Stops the gateway and the stream pollers and deletes the tables this stack created, so a long test run
    /// does not leave the emulator slower for every stack after it.
    pub async fn stop(self) {
        let _ = self.shutdown.send(true);
        for task in self.tasks {
            let _ = task.await;
        }
        for table in self.provisioned.tables.values() {
            let _ = self.clients.dynamodb().delete_table().table_name(table).send().await;
        }
        // Emptied and removed too: the emulator's state dump (which the mailbox reads) stays small.
        for bucket in &self.provisioned.buckets {
            if let Ok(listed) = self.clients.s3().list_objects_v2().bucket(bucket).send().await {
                for object in listed.contents() {
                    if let Some(key) = object.key() {
                        let _ = self.clients.s3().delete_object().bucket(bucket).key(key).send().await;
                    }
                }
            }
            let _ = self.clients.s3().delete_bucket().bucket(bucket).send().await;
        }
    }
}

/// The local stack's own time: a clock every function reads (a test moves it forward to see a due date pass), and
/// the scheduled functions, which run when a test (or `/_dev/schedules/<Function>`) says so, at that clock's time,
/// as EventBridge Scheduler would call them.
pub struct LocalTime {
    ahead_seconds: Arc<AtomicI64>,
    pub clock: Clock,
    escalations: HashMap<String, Arc<sofia_core::escalation::Escalator>>,
    exports: HashMap<String, Arc<sofia_core::export::Exporter>>,
    change_mails: HashMap<String, Arc<sofia_core::change_mail::ChangeMail>>,
}

impl LocalTime {
    /// Moves the clock `days` days forward.
    pub fn advance_days(&self, days: i64) {
        self.ahead_seconds.fetch_add(days * 86_400, Ordering::Relaxed);
    }

    /// Moves the clock `minutes` minutes forward (past a change mail's window, say).
    pub fn advance_minutes(&self, minutes: i64) {
        self.ahead_seconds.fetch_add(minutes * 60, Ordering::Relaxed);
    }

    /// Runs the change mail function now, by the stack's clock.
    pub async fn run_change_mail(&self, function: &str) -> Result<sofia_core::change_mail::MailReport> {
        self.run_change_mail_at(function, self.clock.now()).await
    }

    /// Runs the change mail function as if the stack's clock said `at` (a test sends what is gathered without
    /// moving the clock every function reads).
    pub async fn run_change_mail_at(
        &self,
        function: &str,
        at: jiff::Timestamp,
    ) -> Result<sofia_core::change_mail::MailReport> {
        let deps = self.change_mails.get(function).ok_or_else(|| anyhow!("no change mail function {function}"))?;
        Ok(sofia_core::change_mail::run(deps, at).await?)
    }

    /// The change mail functions (logical ids in the template).
    pub fn change_mail_functions(&self) -> impl Iterator<Item = &str> {
        self.change_mails.keys().map(String::as_str)
    }

    /// Runs the escalation function (its logical id in the template) now, by the stack's clock.
    pub async fn run_schedule(&self, function: &str) -> Result<sofia_core::escalation::RunReport> {
        let deps = self.escalations.get(function).ok_or_else(|| anyhow!("no escalation function {function}"))?;
        Ok(sofia_core::escalation::run(deps, self.clock.now()).await?)
    }

    /// Runs the open-data export function now, by the stack's clock.
    pub async fn run_export(&self, function: &str) -> Result<sofia_core::export::ExportReport> {
        let deps = self.exports.get(function).ok_or_else(|| anyhow!("no export function {function}"))?;
        Ok(sofia_core::export::run(deps, self.clock.now()).await?)
    }

    /// Runs any scheduled function and tells what it did.
    async fn run_any(&self, function: &str) -> Result<serde_json::Value> {
        if self.exports.contains_key(function) {
            return Ok(serde_json::to_value(self.run_export(function).await?)?);
        }
        if self.change_mails.contains_key(function) {
            return Ok(serde_json::to_value(self.run_change_mail(function).await?)?);
        }
        Ok(serde_json::to_value(self.run_schedule(function).await?)?)
    }
}

/// `POST /_dev/clock?days=N` (or `?minutes=N`) moves the clock; `GET /_dev/clock` tells its time;
/// `POST /_dev/schedules/<Function>` runs a scheduled function. Anything else is not the clock's.
pub async fn local_time_request(time: &LocalTime, path: &str, query: Option<&str>) -> Option<axum::response::Response> {
    use axum::response::IntoResponse;
    if path == "/_dev/clock" {
        if let Some(days) = query.and_then(|q| q.strip_prefix("days=")).and_then(|d| d.parse::<i64>().ok()) {
            time.advance_days(days);
        }
        if let Some(minutes) = query.and_then(|q| q.strip_prefix("minutes=")).and_then(|m| m.parse::<i64>().ok()) {
            time.advance_minutes(minutes);
        }
        return Some(([("cache-control", "no-store")], time.clock.now().to_string()).into_response());
    }
    let function = path.strip_prefix("/_dev/schedules/")?;
    Some(match time.run_any(function).await {
        Ok(report) => axum::Json(report).into_response(),
        Err(error) => (axum::http::StatusCode::INTERNAL_SERVER_ERROR, error.to_string()).into_response(),
    })
}

/// Emulator address from the SDK's own configuration variable, as the functions see it.
pub fn emulator_endpoint() -> Result<String> {
    std::env::var("AWS_ENDPOINT_URL")
        .map(|e| e.trim_end_matches('/').to_owned())
        .context("AWS_ENDPOINT_URL is not set: start the emulator first (infra/local/run does)")
}

pub async fn start(options: StackOptions) -> Result<RunningStack> {
    let emulator_endpoint = emulator_endpoint()?;
    let sdk = retries::sdk_config().await;
    // The endpoint is set on each client's own configuration: the SDK gives AWS_ENDPOINT_URL from the
    // environment precedence over an endpoint set on the shared SdkConfig.
    let mut dynamodb_config = retries::dynamodb_config(&sdk);
    let mut streams_config = aws_sdk_dynamodbstreams::config::Builder::from(&sdk);
    if let Some(endpoint) = &options.dynamodb_endpoint {
        dynamodb_config = dynamodb_config.endpoint_url(endpoint);
        streams_config = streams_config.endpoint_url(endpoint);
    }
    let dynamodb = aws_sdk_dynamodb::Client::from_conf(dynamodb_config.build());
    let streams = aws_sdk_dynamodbstreams::Client::from_conf(streams_config.build());
    let clients = SdkClients::with_options(sdk.clone(), options.dynamodb_endpoint.clone(), Vec::new());
    let template = Template::load(&options.root.join("template.yaml"))?;
    let listener =
        tokio::net::TcpListener::bind(options.listen).await.with_context(|| format!("binding {}", options.listen))?;
    let address = listener.local_addr()?;
    let base_url = format!("http://{address}");

    let parameters = HashMap::from([("PublicBaseUrl".to_owned(), base_url.clone())]);
    let provisioned = provision::provision(&template, &sdk, &dynamodb, &options.prefix, parameters).await?;
    seed_demo_accounts(&sdk, &provisioned).await?;

    // Each function's calls are checked against its own IAM policy in the template (see `iam`): its clients carry
    // an interceptor with that policy, and answer a denied call with the service's AccessDenied.
    let arns = Arc::new(iam::Arns {
        region: provisioned.region.clone(),
        account: provisioned.bindings.parameters.get("AWS::AccountId").cloned().unwrap_or_default(),
        tables: provisioned
            .tables
            .iter()
            .filter_map(|(logical, name)| {
                Some((name.clone(), provisioned.bindings.attributes.get(&format!("{logical}.Arn"))?.clone()))
            })
            .collect(),
        hash_keys: template
            .resource_of_type("AWS::DynamoDB::Table")
            .into_iter()
            .filter_map(|(logical, resource)| {
                let schema = resource.get("Properties")?.get("KeySchema")?.as_sequence()?;
                let hash = schema.iter().find(|k| k.get("KeyType").and_then(|t| t.as_str()) == Some("HASH"))?;
                let attribute = hash.get("AttributeName")?.as_str()?.to_owned();
                Some((provisioned.tables.get(logical)?.clone(), attribute))
            })
            .collect(),
    });
    let https = sdk.http_client().context("the SDK configuration has no HTTP client")?;
    let guarded_sdk = sdk.to_builder().http_client(iam::DenyingClient::wrap(https)).build();
    let function_clients = |function: &str| -> Result<SdkClients> {
        let policy = iam::Policy::of_function(&template, function, &provisioned.bindings)?;
        let mut interceptors = vec![SharedInterceptor::new(iam::PolicyGuard::new(policy, arns.clone()))];
        if let Some(meter) = &options.capacity {
            interceptors.push(SharedInterceptor::new(meter.interceptor(function)));
        }
        Ok(SdkClients::with_options(guarded_sdk.clone(), options.dynamodb_endpoint.clone(), interceptors))
    };

    let config_of = |function: &str| -> Result<Config> {
        let mut variables = HashMap::new();
        for (name, value) in template.environment(function) {
            variables.insert(
                name.clone(),
                provisioned.bindings.evaluate(&value).with_context(|| format!("{function}: {name}"))?,
            );
        }
        Config::from_map(&variables).with_context(|| format!("configuring {function}"))
    };
    // Each function is wired as in Lambda: its environment from the template, clients checked against its own
    // policy; a route's dependencies (and the secrets they read at start-up) are built from that wiring.
    let ahead_seconds = Arc::new(AtomicI64::new(0));
    let clock = Clock::ahead_by(ahead_seconds.clone());
    let wiring_of = |function: &str| -> Result<Wiring> {
        let mut wiring = Wiring::new(config_of(function)?, function_clients(function)?);
        wiring.clock = clock.clone();
        Ok(wiring)
    };
    let mut served_by_function: HashMap<String, Arc<dyn sofia_core::http::route::Serve>> = HashMap::new();

    let mut routes = Vec::new();
    let mut authorizers = HashMap::new();
    for route in template.routes()? {
        let table_route = sofia_core::routes::by_binary(&route.binary).ok_or_else(|| {
            anyhow!("template.yaml names binary {} but the route table has no such route", route.binary)
        })?;
        if let Some(name) = &route.authorizer
            && !authorizers.contains_key(name)
        {
            let definition = template.jwt_authorizer(name)?;
            let issuer = provisioned.bindings.evaluate(&definition.issuer)?;
            let audiences =
                definition.audience.iter().map(|a| provisioned.bindings.evaluate(a)).collect::<Result<Vec<_>>>()?;
            let jwks = format!("{emulator_endpoint}/{}/.well-known/jwks.json", provisioned.user_pool_id);
            authorizers.insert(name.clone(), authorizer::JwtVerifier::new(jwks, issuer, audiences));
        }
        let served = match served_by_function.get(&route.function) {
            Some(served) => served.clone(),
            None => {
                let served = table_route
                    .start(&wiring_of(&route.function)?)
                    .await
                    .with_context(|| format!("starting {}", route.function))?;
                served_by_function.insert(route.function.clone(), served.clone());
                served
            }
        };
        routes.push(LocalRoute { route, served });
    }

    let (shutdown, shutdown_rx) = watch::channel(false);
    let streams_paused = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let mut tasks = Vec::new();
    for subscription in template.stream_subscriptions()? {
        let handler = sofia_core::notify::by_binary(&subscription.binary).ok_or_else(|| {
            anyhow!("template.yaml names stream binary {} but sofia-core has no handler for it", subscription.binary)
        })?;
        let stream_arn = provisioned
            .bindings
            .attributes
            .get(&format!("{}.StreamArn", subscription.table))
            .cloned()
            .ok_or_else(|| anyhow!("table {} has no stream", subscription.table))?;
        let mut subscription = subscription;
        if let Some(timeout) = options.stream_timeout {
            subscription.timeout_seconds = timeout.as_secs().max(1);
        }
        let failure_queue = subscription
            .on_failure
            .as_ref()
            .and_then(|queue| provisioned.bindings.refs.get(queue))
            .map(|url| (aws_sdk_sqs::Client::new(&sdk), url.clone()));
        let poller = stream::StreamPoller {
            paused: streams_paused.clone(),
            failure_queue,
            client: streams.clone(),
            stream_arn,
            region: provisioned.region.clone(),
            handler,
            deps: Arc::new(
                sofia_core::notify::Notifier::build(&wiring_of(&subscription.function)?)
                    .await
                    .with_context(|| format!("starting {}", subscription.function))?,
            ),
            subscription,
        };
        tasks.push(tokio::spawn(poller.run(shutdown_rx.clone())));
    }

    let (mut escalations, mut exports, mut change_mails) = (HashMap::new(), HashMap::new(), HashMap::new());
    let mut rates = Vec::new();
    for schedule in template.schedules()? {
        if let Some(every) = schedule.rate() {
            rates.push((schedule.function.clone(), every));
        }
        let wiring = wiring_of(&schedule.function)?;
        let context = || format!("starting {}", schedule.function);
        match schedule.binary.as_str() {
            "scheduled-escalation" => {
                let deps = sofia_core::escalation::Escalator::build(&wiring).await.with_context(context)?;
                escalations.insert(schedule.function.clone(), Arc::new(deps));
            }
            "scheduled-open-data" => {
                let deps = sofia_core::export::Exporter::build(&wiring).await.with_context(context)?;
                exports.insert(schedule.function.clone(), Arc::new(deps));
            }
            "scheduled-change-mail" => {
                let deps = sofia_core::change_mail::ChangeMail::build(&wiring).await.with_context(context)?;
                change_mails.insert(schedule.function.clone(), Arc::new(deps));
            }
            other => bail!("template.yaml schedules binary {other} but sofia-core has no scheduled run of that name"),
        }
    }
    let time = Arc::new(LocalTime { ahead_seconds, clock: clock.clone(), escalations, exports, change_mails });
    if options.run_rate_schedules {
        for (function, every) in rates {
            tasks.push(tokio::spawn(run_at_rate(time.clone(), function, every, shutdown_rx.clone())));
        }
    }

    let bucket_paths = template
        .bucket_paths()
        .into_iter()
        .filter_map(|(prefix, bucket)| Some((prefix, provisioned.bindings.refs.get(&bucket)?.clone())))
        .collect();
    // Locally, photos are uploaded straight to the emulator: the page may connect there too.
    let security_headers = template
        .security_headers(&provisioned.bindings)?
        .into_iter()
        .map(|(name, value)| match name.as_str() {
            "content-security-policy" => {
                (name, value.replace("connect-src 'self'", &format!("connect-src 'self' {emulator_endpoint}")))
            }
            _ => (name, value),
        })
        .collect();
    let cors = match template.cors() {
        Some((origins, methods, headers)) => Some((
            origins.iter().map(|o| provisioned.bindings.evaluate(o)).collect::<Result<Vec<_>>>()?,
            methods.join(","),
            headers.join(","),
        )),
        None => None,
    };
    let origin_headers = template
        .api_origin_headers()
        .into_iter()
        .map(|(name, value)| Ok((name, provisioned.bindings.evaluate(&value)?)))
        .collect::<Result<Vec<_>>>()?;
    let gateway = Arc::new(Gateway {
        origin_headers,
        security_headers,
        cors,
        routes,
        bucket_paths,
        s3: clients.s3(),
        authorizers,
        site_dir: options.root.join("site").join("dist"),
        emulator_endpoint: emulator_endpoint.clone(),
        time: time.clone(),
        compression: template.compression(),
    });
    let app = gateway::router(gateway).into_make_service_with_connect_info::<SocketAddr>();
    let mut server_shutdown = shutdown_rx.clone();
    tasks.push(tokio::spawn(async move {
        let served = axum::serve(listener, app)
            .with_graceful_shutdown(async move {
                let _ = server_shutdown.changed().await;
            })
            .await;
        if let Err(error) = served {
            tracing::error!(error = %error, "the gateway stopped");
        }
    }));

    Ok(RunningStack { base_url, time, emulator_endpoint, provisioned, sdk, clients, streams_paused, shutdown, tasks })
}

/// Runs a `rate(...)` schedule's function every `every` of real time, by the stack's clock, until shutdown.
async fn run_at_rate(
    time: Arc<LocalTime>,
    function: String,
    every: std::time::Duration,
    mut shutdown: watch::Receiver<bool>,
) {
    let mut ticks = tokio::time::interval(every);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            _ = shutdown.changed() => return,
            _ = ticks.tick() => {}
        }
        if let Err(error) = time.run_any(&function).await {
            tracing::warn!(function = %function, error = %format!("{error:#}"), "scheduled run failed");
        }
    }
}

/// Operators and admins sign in with an authenticator code: the demo ones have the emulator's app set up.
async fn set_up_authenticator(
    cognito: &aws_sdk_cognitoidentityprovider::Client,
    client_id: &str,
    account: &DemoAccount,
) -> Result<()> {
    use aws_sdk_cognitoidentityprovider::types::{AuthFlowType, SoftwareTokenMfaSettingsType};
    let signed_in = cognito
        .initiate_auth()
        .client_id(client_id)
        .auth_flow(AuthFlowType::UserPasswordAuth)
        .auth_parameters("USERNAME", account.email)
        .auth_parameters("PASSWORD", account.password)
        .send()
        .await?;
    let access_token = signed_in
        .authentication_result()
        .and_then(|r| r.access_token())
        .ok_or_else(|| anyhow!("{} got no access token", account.email))?;
    cognito.associate_software_token().access_token(access_token).send().await?;
    cognito.verify_software_token().access_token(access_token).user_code(totp::local_code()).send().await?;
    cognito
        .set_user_mfa_preference()
        .access_token(access_token)
        .software_token_mfa_settings(SoftwareTokenMfaSettingsType::builder().enabled(true).preferred_mfa(true).build())
        .send()
        .await?;
    cognito.global_sign_out().access_token(access_token).send().await?;
    Ok(())
}

async fn seed_demo_accounts(sdk: &aws_config::SdkConfig, provisioned: &Provisioned) -> Result<()> {
    use aws_sdk_cognitoidentityprovider::types::{AttributeType, MessageActionType};
    let cognito = aws_sdk_cognitoidentityprovider::Client::new(sdk);
    let pool = &provisioned.user_pool_id;
    for account in DEMO_ACCOUNTS {
        let attribute = |name: &str, value: &str| AttributeType::builder().name(name).value(value).build();
        cognito
            .admin_create_user()
            .user_pool_id(pool)
            .username(account.email)
            .user_attributes(attribute("email", account.email)?)
            .user_attributes(attribute("email_verified", "true")?)
            .user_attributes(attribute("name", account.name)?)
            .message_action(MessageActionType::Suppress)
            .send()
            .await
            .with_context(|| format!("creating demo account {}", account.email))?;
        cognito
            .admin_set_user_password()
            .user_pool_id(pool)
            .username(account.email)
            .password(account.password)
            .permanent(true)
            .send()
            .await
            .with_context(|| format!("setting the password of {}", account.email))?;
        for group in account.groups {
            // Unit groups are created with their unit (by admins in AWS); the template declares the fixed ones.
            if group.starts_with("unit-") || group.starts_with("head-") {
                let _ = cognito.create_group().user_pool_id(pool).group_name(*group).send().await;
            }
            cognito
                .admin_add_user_to_group()
                .user_pool_id(pool)
                .username(account.email)
                .group_name(*group)
                .send()
                .await?;
        }
        let groups: Vec<String> = account.groups.iter().map(|g| g.to_string()).collect();
        if sofia_core::domain::account::must_use_mfa(&groups) {
            set_up_authenticator(&cognito, &provisioned.user_pool_client_id, account)
                .await
                .with_context(|| format!("setting up the authenticator of {}", account.email))?;
        }
    }
    Ok(())
}
