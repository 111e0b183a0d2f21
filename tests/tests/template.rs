//! `template.yaml` is the single source of truth: it passes cfn-lint, and every function it declares has
//! a binary in the workspace and a handler the local stack can route to, and the other way round.

use local_stack::StackOptions;
use local_stack::template::Template;
use std::collections::BTreeSet;
use std::process::Command;

/// cfn-lint with the AWS serverless rules (tracing, log retention, access logs, redrive...): a rule that does not
/// apply is ignored in the template, beside the resource, with the reason.
#[test]
fn the_template_passes_cfn_lint_with_the_serverless_rules() {
    let root = StackOptions::repository_root();
    let cfn_lint = root.join(".venv/bin/cfn-lint");
    assert!(cfn_lint.exists(), "{} is missing: run the tests with infra/test", cfn_lint.display());
    let output = Command::new(cfn_lint)
        .arg(root.join("template.yaml"))
        .args(["--append-rules", "cfn_lint_serverless.rules"])
        .output()
        .expect("cfn-lint runs");
    let report = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "cfn-lint found problems:\n{report}{}", String::from_utf8_lossy(&output.stderr));
}

/// What `sam deploy` would check first: the SAM transform accepts the template (offline, no account needed).
#[test]
fn the_template_passes_sam_validate() {
    let root = StackOptions::repository_root();
    let sam = root.join(".venv/bin/sam");
    assert!(sam.exists(), "{} is missing: run the tests with infra/test", sam.display());
    let output = Command::new(sam)
        .args(["validate", "--lint", "--template"])
        .arg(root.join("template.yaml"))
        .env("SAM_CLI_TELEMETRY", "0")
        .env("AWS_REGION", "us-east-1")
        .env("AWS_DEFAULT_REGION", "us-east-1")
        .output()
        .expect("sam runs");
    let report = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    assert!(output.status.success() && report.contains("is a valid SAM Template"), "sam validate:\n{report}");
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
    let handlers: BTreeSet<String> = sofia_core::handlers::BINARIES.iter().map(|b| b.to_string()).collect();
    assert_eq!(routed, handlers, "template routes and sofia-core handlers differ");
    let binaries = binaries_in(&root.join("functions/api/src/bin"));
    assert_eq!(binaries, handlers, "functions/api/src/bin and the handlers differ");
    for route in &routes {
        assert!(sofia_core::handlers::by_binary(&route.binary).is_some(), "{} has no handler", route.binary);
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

/// Every `POST` either creates something, and then takes an `Idempotency-Key`, or is one of the steps below
/// that change state under a version check or are sign-in steps (repeating them is harmless or refused).
#[test]
fn every_creating_post_takes_an_idempotency_key() {
    const NOT_CREATING: &[&str] = &[
        "staff-assign",
        "staff-status",
        "staff-duplicate",
        "staff-moderate",
        "reopen-document",
        "unsubscribe-by-token",
        "account-register",
        "account-confirm",
        "account-login",
        "account-refresh",
        "account-logout",
        "account-forgot-password",
        "account-reset-password",
        "account-change-password",
    ];
    let template = Template::load(&StackOptions::repository_root().join("template.yaml")).unwrap();
    for route in template.routes().unwrap().iter().filter(|r| r.method == "POST") {
        let creating = sofia_core::handlers::CREATING.contains(&route.binary.as_str());
        assert!(
            creating != NOT_CREATING.contains(&route.binary.as_str()),
            "POST {} ({}) must be either creating (Idempotency-Key) or listed as not creating",
            route.path,
            route.binary
        );
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

/// A function's binary builds adapters only for the services `uses_of` names (so the others are not linked),
/// and the local stack builds the same; so a service the template lets a function call must be among them.
#[test]
fn every_service_a_function_may_call_is_one_its_binary_builds() {
    use sofia_core::services::{uses, uses_of};
    let template = Template::load(&StackOptions::repository_root().join("template.yaml")).unwrap();
    let functions = template.function_binaries().unwrap();
    assert!(functions.len() > 50, "every function of the template");
    for (function, binary) in functions {
        let actions = policy_actions(&template, &function);
        for (prefix, service, name) in [
            ("cognito-idp:", uses::COGNITO, "Cognito"),
            ("s3:", uses::S3, "S3"),
            ("ses:", uses::SES, "SES"),
            ("secretsmanager:", uses::TOKEN_SECRET, "the token secret"),
        ] {
            if actions.iter().any(|a| a.starts_with(prefix)) {
                assert!(uses_of(&binary) & service != 0, "{binary}: its policy allows {name}; uses_of must name it");
            }
        }
    }
    assert_eq!(uses_of("get-map"), uses::DYNAMODB_ONLY, "a map read needs DynamoDB only");
}

/// The token secret is no function's environment value: the few functions that sign or check tokens name the
/// secret (`TOKEN_SECRET_ARN`) and read it at start-up; the others cannot reach it at all.
#[test]
fn only_the_functions_that_sign_or_check_tokens_can_read_the_token_secret() {
    use sofia_core::services::{uses, uses_of};
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
        let named = environment.contains_key("TOKEN_SECRET_ARN");
        let allowed = policy_actions(&template, &function).iter().any(|a| a == "secretsmanager:GetSecretValue");
        let needs = uses_of(&binary) & uses::TOKEN_SECRET != 0;
        assert_eq!((named, allowed), (needs, needs), "{function}: TOKEN_SECRET_ARN and its policy follow uses_of");
        if needs {
            readers.insert(binary);
        }
    }
    assert!(readers.len() <= 8, "a handful of functions, not all: {readers:?}");
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
    for binary in sofia_core::handlers::CREATING {
        let route = routes.iter().find(|r| r.binary == *binary).expect("a creating binary has a route");
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
