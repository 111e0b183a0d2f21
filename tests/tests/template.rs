//! `template.yaml` is the single source of truth: it passes cfn-lint, and every function it declares has
//! a binary in the workspace and a handler the local stack can route to, and the other way round.

use local_stack::StackOptions;
use local_stack::template::Template;
use std::collections::BTreeSet;
use std::process::Command;

/// cfn-lint with the AWS serverless rules (tracing, log retention, access logs, redrive...): a rule that does not
/// apply is ignored in the template, beside the resource, with the reason.
/// A tool of the project's virtualenv run over template.yaml: its exit status and everything it printed.
fn run_tool(tool: &str, args: &[&str]) -> (bool, String) {
    let root = StackOptions::repository_root();
    let path = root.join(".venv/bin").join(tool);
    assert!(path.exists(), "{} is missing: run the tests with infra/test", path.display());
    let output = Command::new(path)
        .args(args)
        .arg(root.join("template.yaml"))
        .env("SAM_CLI_TELEMETRY", "0")
        .env("AWS_REGION", "us-east-1")
        .env("AWS_DEFAULT_REGION", "us-east-1")
        .output()
        .unwrap_or_else(|error| panic!("{tool} runs: {error}"));
    (
        output.status.success(),
        format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr)),
    )
}

/// cfn-lint with the AWS serverless rules (tracing, log retention, access logs, redrive...): a rule that does not
/// apply is ignored in the template, beside the resource, with the reason.
#[test]
fn the_template_passes_cfn_lint_with_the_serverless_rules() {
    let (passed, report) = run_tool("cfn-lint", &["--append-rules", "cfn_lint_serverless.rules", "--"]);
    assert!(passed, "cfn-lint found problems:\n{report}");
}

/// What `sam deploy` would check first: the SAM transform accepts the template (offline, no account needed).
#[test]
fn the_template_passes_sam_validate() {
    let (passed, report) = run_tool("sam", &["validate", "--lint", "--template"]);
    assert!(passed && report.contains("is a valid SAM Template"), "sam validate:\n{report}");
}

fn binaries_in(dir: &std::path::Path) -> BTreeSet<String> {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries.filter_map(|e| e.ok()).filter_map(|e| e.path().file_stem()?.to_str().map(str::to_owned)).collect()
        })
        .unwrap_or_default()
}

#[test]
fn every_route_has_a_binary_and_a_handler_and_every_handler_a_route() {
    let root = StackOptions::repository_root();
    let template = Template::load(&root.join("template.yaml")).unwrap();
    let routes = template.routes().unwrap();
    let routed: BTreeSet<String> = routes.iter().map(|r| r.binary.clone()).collect();
    let table: BTreeSet<String> = sofia_core::routes::ROUTES.iter().map(|r| r.binary.to_owned()).collect();
    assert_eq!(table.len(), sofia_core::routes::ROUTES.len(), "each binary once in the route table");
    assert_eq!(routed, table, "template routes and the route table differ");
    let binaries = binaries_in(&root.join("functions/api/src/bin"));
    assert_eq!(binaries, table, "functions/api/src/bin and the route table differ");
    for route in &routes {
        assert!(
            route.path.starts_with("/api/") || route.path.starts_with("/open311/"),
            "{}: API routes live under /api/ or /open311/ (CloudFront sends those to the API)",
            route.path
        );
    }
    let streams = template.stream_subscriptions().unwrap();
    assert!(!streams.is_empty(), "the table's stream has a function");
    for stream in streams {
        assert!(sofia_core::notify::by_binary(&stream.binary).is_some(), "{} has no stream handler", stream.binary);
        assert!(stream.report_batch_item_failures, "{} must report batch item failures", stream.function);
    }
}

#[test]
fn routes_read_from_the_template_carry_their_authorizer() {
    let template = Template::load(&StackOptions::repository_root().join("template.yaml")).unwrap();
    let routes = template.routes().unwrap();
    let me = routes.iter().find(|r| r.path == "/api/me").expect("/api/me is routed");
    assert_eq!(me.authorizer.as_deref(), Some("CognitoAuthorizer"));
    let filing = routes.iter().find(|r| r.path == "/api/signals" && r.method == "POST").expect("filing is routed");
    assert_eq!(filing.authorizer, None, "anyone may file a signal");
}

/// A route's kind in the table matches its method in the template: a `GET` is a read (cached as its kind says);
/// anything else creates something (and takes an `Idempotency-Key`), changes state under a version check or by
/// itself idempotently, or is a sign-in step.
#[test]
fn every_route_kind_matches_its_method() {
    use sofia_core::http::route::Kind;
    let template = Template::load(&StackOptions::repository_root().join("template.yaml")).unwrap();
    for route in template.routes().unwrap() {
        let kind = sofia_core::routes::by_binary(&route.binary).expect("in the route table").kind;
        let read = matches!(kind, Kind::Read(_));
        assert_eq!(read, route.method == "GET", "{} {} ({}) is {kind:?}", route.method, route.path, route.binary);
    }
}

#[test]
fn every_schedule_passes_the_time_it_was_scheduled_for() {
    let template = Template::load(&StackOptions::repository_root().join("template.yaml")).unwrap();
    let schedules = template.schedules().unwrap();
    assert_eq!(schedules.len(), 3, "the morning escalation, the nightly export and the minute's change mail");
    for schedule in schedules {
        // The runs count days (or the change mail's windows) from it, not from when they happen to start.
        let input = schedule.input.clone().unwrap_or_default();
        assert!(input.contains("<aws.scheduler.scheduled-time>"), "{}: {input}", schedule.function);
        let every_minute = schedule.binary == "scheduled-change-mail";
        assert_eq!(schedule.rate(), every_minute.then(|| std::time::Duration::from_secs(60)), "{}", schedule.function);
        assert!(
            every_minute || schedule.expression.starts_with("cron("),
            "{}: {}",
            schedule.function,
            schedule.expression
        );
    }
}

/// What the dependencies of the binary `binary` need from AWS: an HTTP route's, the stream function's, or the
/// scheduled run's.
fn needs_of(binary: &str) -> BTreeSet<sofia_core::wiring::Need> {
    use sofia_core::wiring::Dependency;
    match sofia_core::routes::by_binary(binary) {
        Some(route) => route.needs(),
        None if binary == "scheduled-escalation" => sofia_core::escalation::Escalator::needs(),
        None if binary == "scheduled-open-data" => sofia_core::export::Exporter::needs(),
        None if binary == "scheduled-change-mail" => sofia_core::change_mail::ChangeMail::needs(),
        None => {
            assert!(sofia_core::notify::by_binary(binary).is_some(), "{binary} is neither a route nor the stream");
            sofia_core::notify::Notifier::needs()
        }
    }
}

/// Every IAM action string under a function's `Policies`.
fn policy_actions(template: &Template, function: &str) -> Vec<String> {
    fn collect(value: &serde_yaml::Value, into: &mut Vec<String>) {
        match value {
            serde_yaml::Value::String(text) => into.push(text.clone()),
            serde_yaml::Value::Sequence(items) => items.iter().for_each(|v| collect(v, into)),
            serde_yaml::Value::Mapping(map) => map.values().for_each(|v| collect(v, into)),
            serde_yaml::Value::Tagged(tagged) => collect(&tagged.value, into),
            _ => {}
        }
    }
    let mut actions = Vec::new();
    if let Some(policies) = template.root["Resources"][function]["Properties"].get("Policies") {
        collect(policies, &mut actions);
    }
    actions
}

/// A function's IAM policy allows exactly the services its dependencies need: a binary builds clients for those
/// alone (so the others are not linked), and the local stack builds the same. The account steps call Cognito's
/// public APIs, which need no permission: a policy allowing Cognito implies the need, not the other way round.
#[test]
fn every_function_policy_allows_what_its_dependencies_need_and_no_more() {
    use sofia_core::wiring::Need;
    let template = Template::load(&StackOptions::repository_root().join("template.yaml")).unwrap();
    let functions = template.function_binaries().unwrap();
    assert!(functions.len() > 50, "every function of the template");
    for (function, binary) in functions {
        let actions = policy_actions(&template, &function);
        let needs = needs_of(&binary);
        for (prefix, need, both_ways) in [
            ("dynamodb:", Need::DynamoDb, true),
            ("cognito-idp:", Need::Cognito, false),
            ("s3:", Need::S3, true),
            ("ses:", Need::Ses, true),
        ] {
            let allowed = actions.iter().any(|a| a.starts_with(prefix));
            if both_ways {
                assert_eq!(
                    allowed,
                    needs.contains(&need),
                    "{function}: its policy and its dependencies differ on {need:?}"
                );
            } else if allowed {
                assert!(
                    needs.contains(&need),
                    "{function}: its policy allows {need:?}, which its dependencies do not use"
                );
            }
        }
    }
    assert_eq!(needs_of("get-map"), BTreeSet::from([Need::DynamoDb]), "a map read needs DynamoDB only");
    assert_eq!(needs_of("get-me"), BTreeSet::new(), "who the caller is needs nothing but the request");
}

/// The token secret is no function's environment value: the few functions that sign or check tokens name the
/// secret (`TOKEN_SECRET_ARN`) and read it at start-up; the others cannot reach it at all.
#[test]
fn only_the_functions_that_sign_or_check_tokens_can_read_the_token_secret() {
    use sofia_core::wiring::Need;
    let template = Template::load(&StackOptions::repository_root().join("template.yaml")).unwrap();
    let functions = template.function_binaries().unwrap();
    let mut readers = BTreeSet::new();
    for (function, binary) in functions {
        let environment = template.environment(&function);
        assert!(!environment.contains_key("TOKEN_SECRET"), "{function} holds the token secret in its environment");
        // No secret at all is resolved into an environment variable (anyone who may read the function sees it).
        for (name, value) in &environment {
            assert!(!format!("{value:?}").contains("{{resolve:"), "{function}: {name} holds a secret");
        }
        let needs = needs_of(&binary);
        let (token, origin) = (needs.contains(&Need::TokenSecret), needs.contains(&Need::OriginSecret));
        assert_eq!(environment.contains_key("TOKEN_SECRET_ARN"), token, "{function}: TOKEN_SECRET_ARN");
        assert_eq!(
            environment.contains_key("ORIGIN_VERIFY_SECRET_ARN"),
            origin,
            "{function}: ORIGIN_VERIFY_SECRET_ARN"
        );
        let allowed = policy_actions(&template, &function).iter().any(|a| a == "secretsmanager:GetSecretValue");
        assert_eq!(allowed, token || origin, "{function}: may read secrets exactly when its dependencies need one");
        let needs = token;
        if needs {
            readers.insert(binary);
        }
    }
    assert!(readers.len() <= 10, "a handful of functions, not all: {readers:?}");
    assert!(!readers.contains("get-document"), "checking an access token needs its stored hash only");
}

/// Local values for every resource of the template, enough to evaluate its policies without a stack.
fn placeholder_bindings(template: &Template) -> local_stack::template::Bindings {
    let mut bindings = local_stack::template::Bindings::default();
    bindings.parameters = template.parameter_defaults();
    for (name, value) in [("AWS::Region", "us-east-1"), ("AWS::AccountId", "123456789012"), ("AWS::Partition", "aws")] {
        bindings.parameters.insert(name.into(), value.into());
    }
    for (logical, _, _) in template.resources() {
        bindings.refs.insert(logical.into(), logical.into());
        bindings.attributes.insert(format!("{logical}.Arn"), format!("arn:aws:test:::{logical}"));
    }
    bindings
}

/// On AWS a route that honours `Idempotency-Key` without these answers 503 to every keyed request (no PutItem),
/// or stays 409 for a day after a failure (no UpdateItem or DeleteItem). The local stack enforces the policies
/// too; this names the route at once.
#[test]
fn every_creating_route_may_keep_its_idempotency_records() {
    use local_stack::iam::{Permission, Policy};
    let template = Template::load(&StackOptions::repository_root().join("template.yaml")).unwrap();
    let bindings = placeholder_bindings(&template);
    let routes = template.routes().unwrap();
    let mut missing = Vec::new();
    let creating = sofia_core::routes::ROUTES.iter().filter(|r| r.kind == sofia_core::http::route::Kind::Creating);
    for binary in creating.map(|r| r.binary) {
        let route = routes.iter().find(|r| r.binary == binary).expect("a creating binary has a route");
        let policy = Policy::of_function(&template, &route.function, &bindings).unwrap();
        for action in ["GetItem", "PutItem", "UpdateItem", "DeleteItem"] {
            let permission = Permission {
                action: format!("dynamodb:{action}"),
                resource: "arn:aws:test:::Table".into(),
                context: vec![("dynamodb:LeadingKeys".into(), "IDEMP#a-key".into())],
            };
            if !policy.allows(&permission) {
                missing.push(format!("{}: dynamodb:{action}", route.function));
            }
        }
    }
    assert!(missing.is_empty(), "policies without the idempotency record's actions:\n{}", missing.join("\n"));
}

/// `sam build` builds every function with one `cargo lambda build` (functions/lambda.mk): each function is a
/// `makefile` build whose CodeUri has the Makefile, and its binary is its logical id in kebab case, the rule the
/// Makefile uses to pick the binary.
#[test]
fn sam_builds_every_function_from_one_cargo_lambda_build() {
    let root = StackOptions::repository_root();
    let template = Template::load(&root.join("template.yaml")).unwrap();
    let mut functions = 0;
    for (logical, kind, resource) in template.resources() {
        if kind != "AWS::Serverless::Function" {
            continue;
        }
        functions += 1;
        let metadata = &resource["Metadata"];
        assert_eq!(metadata["BuildMethod"].as_str(), Some("makefile"), "{logical}");
        let code_uri = resource["Properties"]["CodeUri"].as_str().unwrap_or_default();
        let makefile = root.join(code_uri).join("Makefile");
        assert!(makefile.exists(), "{logical}: no {}", makefile.display());
        let mut kebab = String::new();
        for (i, c) in logical.trim_end_matches("Function").char_indices() {
            let previous = logical[..i].chars().last();
            if c.is_ascii_uppercase() && previous.is_some_and(|p| p.is_ascii_lowercase() || p.is_ascii_digit()) {
                kebab.push('-');
            }
            kebab.push(c.to_ascii_lowercase());
        }
        assert_eq!(metadata["BuildProperties"]["Binary"].as_str(), Some(kebab.as_str()), "{logical}");
    }
    assert!(functions > 50);
    let samconfig = std::fs::read_to_string(root.join("samconfig.toml")).unwrap();
    assert!(samconfig.contains("build_in_source = true"), "the builds run in the source tree");
}

/// No function may read the whole table: every list (views, search, statistics, counts) is an index query or
/// counters the stream keeps. The local stack checks each call against these policies, so a `Scan` would fail.
#[test]
fn no_function_may_scan_the_table() {
    let template = Template::load(&StackOptions::repository_root().join("template.yaml")).unwrap();
    for (function, _) in template.function_binaries().unwrap() {
        let actions = policy_actions(&template, &function);
        assert!(!actions.iter().any(|a| a == "dynamodb:Scan" || a == "dynamodb:*"), "{function} may scan: {actions:?}");
    }
}
