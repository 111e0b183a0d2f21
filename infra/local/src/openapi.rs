//! The OpenAPI 3.1 document of the native API (`site/openapi.json`), written from the two sources of its facts:
//! `template.yaml` (paths, methods, which routes are signed in, each function's description) and the route
//! table in sofia-core (each route's kind and the Rust types of its body and answer, as JSON Schema from their
//! `schemars` derives). Nothing here restates a shape. `cargo run -p local-stack --bin openapi` writes the file;
//! a test checks it is current, and schemathesis checks the running stack against it.

use crate::template::{Route, Template};
use anyhow::{Context, Result};
use serde_json::{Map, Value, json};
use sofia_core::http::route::{Kind, Shapes};
use std::collections::BTreeMap;

/// Routes whose page carries the sender's access token.
const ACCESS_TOKEN_ROUTES: &[&str] =
    &["get-document", "request-photo-upload", "complete-photo-upload", "reopen-document"];
/// Routes that answer 202 with what was started (a mail sent), not 200.
const ACCEPTED_ROUTES: &[&str] = &["account-register", "account-resend-code", "account-forgot-password"];

fn reference(schema: &schemars::Schema) -> Value {
    schema.as_value().clone()
}

/// The document, from the template at hand and the route table.
pub fn document(template: &Template) -> Result<Value> {
    let mut settings = schemars::generate::SchemaSettings::draft2020_12();
    settings.definitions_path = "/components/schemas".into();
    // What a client may send (as the handlers deserialise it) and what it gets back (as they serialise it): a
    // field left out of answers when empty is not required there.
    let mut bodies = settings.clone().for_deserialize().into_generator();
    let mut answers = settings.for_serialize().into_generator();
    let problem = answers.subschema_for::<sofia_core::http::Problem>();
    let mfa_step = answers.subschema_for::<sofia_core::handlers::account::MfaStep>();
    let shapes: BTreeMap<&str, Shapes> = sofia_core::routes::shapes(&mut bodies, &mut answers)
        .into_iter()
        .map(|shapes| (shapes.binary, shapes))
        .collect();

    let mut paths: BTreeMap<String, Map<String, Value>> = BTreeMap::new();
    for route in template.routes()? {
        let shapes =
            shapes.get(route.binary.as_str()).with_context(|| format!("{} is not in the route table", route.binary))?;
        let summary = description(template, &route);
        let operation = operation(&route, shapes, &summary, &problem, &mfa_step);
        paths.entry(route.path.clone()).or_default().insert(route.method.to_ascii_lowercase(), operation);
    }

    let mut schemas: Map<String, Value> = answers.take_definitions(true);
    for (name, schema) in bodies.take_definitions(true) {
        match schemas.get(&name) {
            Some(written) if *written != schema => {
                anyhow::bail!("{name} is both a body and an answer, with different schemas: give one a name of its own")
            }
            _ => {
                schemas.insert(name, schema);
            }
        }
    }
    schemas.insert(
        "GatewayMessage".into(),
        json!({ "type": "object", "description": "API Gateway's own answer (e.g. 401 before the function runs)", "properties": { "message": { "type": "string" } }, "required": ["message"] }),
    );
    Ok(json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Контактен център на Столична община — API",
            "version": "1.0.0",
            "description": "The native API of the Sofia Municipality Contact Center. Errors are application/problem+json (RFC 9457).",
        },
        "servers": [{ "url": "/" }],
        "paths": paths,
        "components": {
            "schemas": schemas.into_iter().collect::<BTreeMap<_, _>>(),
            "securitySchemes": { "cognito": { "type": "http", "scheme": "bearer", "bearerFormat": "JWT", "description": "A Cognito access token from /api/account/login" } },
        },
    }))
}

/// What the template says the function does (its `Description` after the name).
fn description(template: &Template, route: &Route) -> String {
    let text = template.root["Resources"][&route.function]["Properties"]["Description"].as_str().unwrap_or_default();
    text.split_once(" - ").map(|(_, what)| what).unwrap_or(text).to_owned()
}

fn operation(
    route: &Route,
    shapes: &Shapes,
    summary: &str,
    problem: &schemars::Schema,
    mfa_step: &schemars::Schema,
) -> Value {
    let binary = route.binary.as_str();
    let json_of = |schema: Value| json!({ "application/json": { "schema": schema } });
    let problems = json!({ "application/problem+json": { "schema": reference(problem) } });
    let answer = shapes.answer.as_ref().map(reference).unwrap_or_else(|| json!({ "type": "object" }));
    let success = match shapes.kind {
        _ if ACCEPTED_ROUTES.contains(&binary) => "202",
        Kind::Creating if shapes.answer.is_none() || binary.starts_with("create-") => "201",
        _ => "200",
    };
    let mut responses = Map::new();
    responses.insert(success.into(), json!({ "description": summary, "content": json_of(answer) }));
    let mut four_xx = problems.clone();
    four_xx["application/json"] = json!({ "schema": { "$ref": "#/components/schemas/GatewayMessage" } });
    responses.insert(
        "4XX".into(),
        json!({ "description": "Bad input, not found, not allowed, conflict: a problem naming the field", "content": four_xx }),
    );
    responses.insert("503".into(), json!({ "description": "Busy: try again after Retry-After", "content": problems }));
    match binary {
        "get-feed" => {
            responses.insert(success.into(), json!({ "description": summary, "content": { "application/atom+xml": { "schema": { "type": "string" } } } }));
        }
        "subscribe" | "subscribe-area" => {
            responses.insert(
                "200".into(),
                json!({ "description": "already subscribed", "content": json_of(json!({ "type": "object" })) }),
            );
            responses.insert(
                "201".into(),
                json!({ "description": summary, "content": json_of(json!({ "type": "object" })) }),
            );
        }
        "account-login" => {
            responses.insert(
                "202".into(),
                json!({ "description": "another step is needed", "content": json_of(reference(mfa_step)) }),
            );
        }
        _ => {}
    }

    let mut parameters: Vec<Value> = route
        .path
        .split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
        .map(|name| {
            let schema = if name == "number" {
                json!({ "type": "string", "pattern": r"^\s*\d{4}-\d{1,6}\s*$" })
            } else {
                json!({ "type": "string" })
            };
            json!({ "name": name, "in": "path", "required": true, "schema": schema })
        })
        .collect();
    if ACCESS_TOKEN_ROUTES.contains(&binary) {
        parameters.push(json!({ "name": "X-Access-Token", "in": "header", "required": false, "schema": { "type": "string" }, "description": "the token from the access link" }));
    }
    if shapes.kind == Kind::Creating {
        parameters.push(json!({ "name": "Idempotency-Key", "in": "header", "required": false, "schema": { "type": "string", "minLength": 1, "maxLength": 128, "pattern": "^[!-~]+$" }, "description": "the same key and body within 24 hours return the first answer and create nothing" }));
    }

    let signed_in_filing = route.path.starts_with("/api/me/") && matches!(binary, "create-signal" | "create-question");
    let mut operation = json!({
        "operationId": if signed_in_filing { format!("{binary}-signed-in") } else { binary.to_owned() },
        "summary": summary,
        "responses": responses,
    });
    if !parameters.is_empty() {
        operation["parameters"] = Value::Array(parameters);
    }
    let open311 = route.path.starts_with("/open311/");
    if let Some(body) = &shapes.body {
        operation["requestBody"] = json!({ "required": true, "content": json_of(reference(body)) });
    } else if matches!(route.method.as_str(), "POST" | "PUT" | "DELETE") && !open311 {
        operation["requestBody"] = json!({ "required": false, "content": json_of(json!({ "type": "object" })) });
    }
    if route.authorizer.is_some() {
        operation["security"] = json!([{ "cognito": [] }]);
    }
    if open311 {
        operation["tags"] = json!(["Open311 GeoReport v2"]);
        operation["responses"] = json!({ "default": { "description": "JSON or XML per the file's extension; errors as [{code, description}]" } });
    }
    operation
}

/// The document as written to `site/openapi.json`.
pub fn text(template: &Template) -> Result<String> {
    Ok(serde_json::to_string_pretty(&document(template)?)? + "\n")
}
