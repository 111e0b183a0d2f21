//! `bench`: the benchmark program that `infra/bench` runs. It starts the emulators' stacks itself (moto, and the
//! stack on Amazon's DynamoDB Local named by `DYNAMODB_LOCAL_ENDPOINT`), seeds them, measures, and prints one
//! Markdown table with every figure next to its target (issue #10). Every figure is a ratio measured side by side
//! in the same run, or a count: absolute times on a shared machine say little.
//!
//! ```text
//! bench [--sections api,map,fanout,registry,load,bill,cold,fanout-moto,registry-moto] [--functions DIR] [--zips DIR] [--label TEXT]
//!       [--runs N] [--only-binaries a,b,c] [--out FILE]
//! ```
//! `--functions` is a directory of `<binary>/bootstrap` executables built for this machine (`cargo lambda build
//! --lambda-dir DIR`), started for the cold-start figures; `--zips` a directory of `<binary>/bootstrap.zip`
//! built for Lambda (arm64), whose sizes are reported. Both must contain `hello`, the yardstick.

mod api;
mod bill;
mod coldstart;
mod fanout;
mod load;
mod map;
mod open311;
mod registry;
mod stats;

use anyhow::{Context, Result};
use local_stack::template::Template;
use local_stack::{RunningStack, StackOptions};
use sofia_core::config::Config;
use sofia_core::notify::Notifier;
use sofia_core::wiring::{Dependency, Wiring};
use stats::Row;
use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

pub struct Options {
    pub sections: Vec<String>,
    pub functions: Option<PathBuf>,
    pub zips: Option<PathBuf>,
    pub label: String,
    pub runs: usize,
    pub only_binaries: Option<Vec<String>>,
    pub out: Option<PathBuf>,
}

impl Options {
    fn parse() -> Result<Self> {
        let mut options = Self {
            sections: ["api", "map", "fanout", "registry", "load", "bill", "cold"].map(String::from).to_vec(),
            functions: None,
            zips: None,
            label: String::new(),
            runs: 5,
            only_binaries: None,
            out: None,
        };
        let mut args = std::env::args().skip(1);
        while let Some(arg) = args.next() {
            let mut value = || args.next().with_context(|| format!("{arg} needs a value"));
            match arg.as_str() {
                "--sections" => options.sections = value()?.split(',').map(str::to_owned).collect(),
                "--functions" => options.functions = Some(value()?.into()),
                "--zips" => options.zips = Some(value()?.into()),
                "--label" => options.label = value()?,
                "--runs" => options.runs = value()?.parse().context("--runs")?,
                "--only-binaries" => {
                    options.only_binaries = Some(value()?.split(',').map(str::to_owned).collect());
                }
                "--out" => options.out = Some(value()?.into()),
                other => anyhow::bail!("unknown argument {other}"),
            }
        }
        Ok(options)
    }

    pub fn wants(&self, section: &str) -> bool {
        self.sections.iter().any(|s| s == section)
    }
}

/// A stack and what the benchmarks need to build a function's own adapters on it.
pub struct Bench {
    pub stack: RunningStack,
    pub template: Template,
    pub http: reqwest::Client,
}

impl Bench {
    async fn start(
        root: &std::path::Path,
        prefix: &str,
        dynamodb_endpoint: Option<String>,
        capacity: Option<Arc<local_stack::capacity::CapacityMeter>>,
    ) -> Result<Self> {
        // A prefix of its own per run: an interrupted run leaves its tables behind in DynamoDB Local.
        let prefix = format!("{prefix}{}", &uuid::Uuid::new_v4().simple().to_string()[..6]);
        let stack = local_stack::start(StackOptions {
            root: root.to_owned(),
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            prefix,
            dynamodb_endpoint,
            stream_timeout: None,
            run_rate_schedules: false,
            capacity,
        })
        .await?;
        let template = Template::load(&root.join("template.yaml"))?;
        let http = reqwest::Client::builder().pool_max_idle_per_host(64).build()?;
        Ok(Self { stack, template, http })
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.stack.base_url, path)
    }

    /// The environment `template.yaml` gives `function`, evaluated against this stack.
    pub fn environment(&self, function: &str) -> Result<HashMap<String, String>> {
        let mut variables = HashMap::new();
        for (name, value) in self.template.environment(function) {
            variables.insert(name.clone(), self.stack.provisioned.bindings.evaluate(&value)?);
        }
        Ok(variables)
    }

    /// The stream function's dependencies as `function` builds them in Lambda, on this stack's clients, with the
    /// secrets it reads at start-up.
    pub async fn notifier(&self, function: &str) -> Result<Arc<Notifier>> {
        let config = Config::from_map(&self.environment(function)?)?;
        Ok(Arc::new(Notifier::build(&Wiring::new(config, self.stack.clients.clone())).await?))
    }

    pub fn table(&self) -> String {
        self.stack.provisioned.tables.get("Table").cloned().unwrap_or_default()
    }
}

fn main() -> Result<()> {
    let options = Options::parse()?;
    let root = StackOptions::repository_root();
    let emulator = local_stack::emulator::Emulator::start(&root)?;
    // The functions read their AWS endpoint and credentials from the SDK's standard variables, as in Lambda.
    // SAFETY: set before the runtime starts, while this is the only thread.
    unsafe {
        std::env::set_var("AWS_ENDPOINT_URL", &emulator.endpoint);
        std::env::set_var("AWS_REGION", "us-east-1");
        std::env::set_var("AWS_ACCESS_KEY_ID", "test");
        std::env::set_var("AWS_SECRET_ACCESS_KEY", "test");
        if std::env::var("RUST_LOG").is_err() {
            std::env::set_var("RUST_LOG", "error");
        }
    }
    sofia_core::init_logging();
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(4).enable_all().build()?;
    let rows = runtime.block_on(run(&options, &root))?;
    drop(emulator);

    let table = stats::table(&rows);
    println!("\n{table}");
    if let Some(out) = &options.out {
        std::fs::write(out, &table).with_context(|| format!("writing {}", out.display()))?;
    }
    Ok(())
}

/// Rows as each section finishes (on stderr), so a long run shows its figures as it goes.
struct Rows(Vec<Row>);

impl Rows {
    fn extend(&mut self, rows: Vec<Row>) {
        eprint!("{}", stats::table(&rows));
        self.0.extend(rows);
    }
}

async fn run(options: &Options, root: &std::path::Path) -> Result<Vec<Row>> {
    let mut rows = Rows(Vec::new());
    let needs_moto = ["api", "fanout-moto", "registry-moto", "cold"].iter().any(|s| options.wants(s));
    if needs_moto {
        let bench = Bench::start(root, "bench", None, None).await.context("starting the stack on moto")?;
        if options.wants("api") {
            eprintln!("==> 1. API overhead");
            rows.extend(api::run(&bench).await?);
        }
        if options.wants("registry-moto") {
            eprintln!("==> 4. Registry numbers (moto)");
            rows.extend(registry::run(&bench, "moto").await?);
        }
        if options.wants("fanout-moto") {
            eprintln!("==> 3. Fan-out (moto)");
            rows.extend(fanout::run(&bench, "moto").await?);
        }
        if options.wants("cold") {
            eprintln!("==> 5. Cold start and size");
            rows.extend(coldstart::run(&bench, options).await?);
        }
        bench.stack.stop().await;
    }
    if ["map", "registry", "fanout", "load", "bill"].iter().any(|s| options.wants(s)) {
        match std::env::var("DYNAMODB_LOCAL_ENDPOINT") {
            Ok(endpoint) => {
                // The bill first, on a DynamoDB Local that holds nothing else yet: once the other sections have
                // filled its stream tables, every DescribeStream of a new stack's poller takes seconds. The load run
                // after the fan-out: the stream works through its thousands of filings long after it ends.
                if options.wants("bill") {
                    // A stack of its own whose functions' DynamoDB calls are metered.
                    eprintln!("==> 8. What a signal costs (DynamoDB Local, capacity metered per function)");
                    let meter = Arc::new(local_stack::capacity::CapacityMeter::default());
                    let bench = Bench::start(root, "benchbill", Some(endpoint.clone()), Some(meter.clone()))
                        .await
                        .context("starting the metered stack on DynamoDB Local")?;
                    rows.extend(bill::run(&bench, &meter).await?);
                    bench.stack.stop().await;
                }
                if ["map", "registry", "fanout", "load"].iter().any(|s| options.wants(s)) {
                    let bench = Bench::start(root, "benchddb", Some(endpoint), None)
                        .await
                        .context("starting the stack on DynamoDB Local")?;
                    if options.wants("registry") {
                        eprintln!("==> 4. Registry numbers (DynamoDB Local)");
                        rows.extend(registry::run(&bench, "DynamoDB Local").await?);
                    }
                    if options.wants("fanout") {
                        eprintln!("==> 3. Fan-out (DynamoDB on DynamoDB Local, SES on moto)");
                        rows.extend(fanout::run(&bench, "DynamoDB Local").await?);
                    }
                    if options.wants("load") {
                        eprintln!(
                            "==> 7. Load: 50 filings/s for 60 s while the map is read 100 times a second (DynamoDB Local)"
                        );
                        rows.extend(load::run(&bench).await?);
                    }
                    if options.wants("map") {
                        eprintln!("==> 2. Map of 30 days with 110,000 signals (DynamoDB Local)");
                        rows.extend(map::run(&bench).await?);
                    }
                    bench.stack.stop().await;
                }
            }
            Err(_) => eprintln!(
                "DYNAMODB_LOCAL_ENDPOINT is not set: the map, fan-out and registry figures need DynamoDB Local (infra/bench starts it)"
            ),
        }
    }
    let mut rows = rows.0;
    rows.sort_by_key(|r| r.section);
    Ok(rows)
}
