//! The OpenAPI document (`site/openapi.json`, served at `/openapi.json`) describes every route of the template
//! with the security the template gives it, and is what its generator makes of the template today.
//! Schemathesis then checks the running stack's answers against it (run by `infra/test`).

use local_stack::StackOptions;
use local_stack::template::Template;
use serde_json::Value;
use sofia_tests::TestStack;
use std::collections::BTreeSet;

#[test]
fn the_document_is_generated_from_the_current_template_and_route_table() {
    let root = StackOptions::repository_root();
    let template = Template::load(&root.join("template.yaml")).unwrap();
    let written = std::fs::read_to_string(root.join("site/openapi.json")).unwrap();
    assert!(
        written == local_stack::openapi::text(&template).unwrap(),
        "site/openapi.json is out of date: run cargo run -p local-stack --bin openapi"
    );
}

/// The shapes come from the Rust types: a filing's body and answer, a document's view, problems.
#[test]
fn the_schemas_are_the_rust_types() {
    let template = Template::load(&StackOptions::repository_root().join("template.yaml")).unwrap();
    let document = local_stack::openapi::document(&template).unwrap();
    let schemas = &document["components"]["schemas"];
    let filing = &document["paths"]["/api/signals"]["post"];
    assert_eq!(
        filing["requestBody"]["content"]["application/json"]["schema"]["$ref"],
        "#/components/schemas/NewSignalRequest"
    );
    assert_eq!(
        filing["responses"]["201"]["content"]["application/json"]["schema"]["$ref"],
        "#/components/schemas/Registered"
    );
    assert_eq!(schemas["NewSignalRequest"]["additionalProperties"], false, "unknown fields are refused");
    let required: Vec<&str> =
        schemas["Registered"]["required"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
    assert!(required.contains(&"follow_url") && required.contains(&"number"), "{required:?}");
    assert_eq!(schemas["RegistryNumber"]["pattern"], r"^\d{4}-\d{6}$");
    assert!(schemas["Problem"]["properties"]["errors"].is_object());
    assert!(schemas["DocumentView"]["properties"].is_object() || schemas["DocumentView"]["allOf"].is_array());
}

#[tokio::test]
async fn every_route_is_described_with_its_security_and_problem_answers() {
    let stack = TestStack::start().await;
    let response = stack.get("/openapi.json").await;
    assert_eq!(response.status().as_u16(), 200);
    let document: Value = response.json().await.unwrap();
    assert_eq!(document["openapi"], "3.1.0");
    let template = Template::load(&StackOptions::repository_root().join("template.yaml")).unwrap();
    let mut described = BTreeSet::new();
    for route in template.routes().unwrap() {
        let operation = &document["paths"][&route.path][route.method.to_ascii_lowercase()];
        assert!(operation.is_object(), "{} {} is not described", route.method, route.path);
        let secured = operation.get("security").is_some();
        assert_eq!(
            secured,
            route.authorizer.is_some(),
            "{} {}: security differs from the template",
            route.method,
            route.path
        );
        if route.path.starts_with("/api/") {
            assert!(
                operation["responses"]["4XX"]["content"]["application/problem+json"].is_object(),
                "{} {}: problems described",
                route.method,
                route.path
            );
        }
        described.insert(operation["operationId"].as_str().unwrap().to_owned());
    }
    let operations: usize = document["paths"].as_object().unwrap().values().map(|p| p.as_object().unwrap().len()).sum();
    assert_eq!(described.len(), operations, "operation ids are unique and nothing extra is described");
    stack.stack.stop().await;
}
