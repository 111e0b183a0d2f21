//! IAM on the local stack: every AWS call a function makes is checked against that function's policy in
//! `template.yaml`, as AWS checks it against the function's role. moto enforces no IAM, and DynamoDB Local none at
//! all: without this, a policy that lacks an action passes every test here and fails in AWS.
//!
//! An SDK interceptor works out what AWS would authorise for each call (action, resource and the condition keys we
//! use) from the serialised request, just before signing. A call the policy does not allow is marked, and the
//! HTTP client answers it with the service's own `AccessDenied` error, so the handler sees exactly what AWS would
//! send; nothing reaches the emulator. A presigned URL carries the mark to whoever uses it, and the emulator
//! (`infra/local/moto/server.py`) refuses it there, as S3 refuses a URL its signer may not use.

use crate::template::{Bindings, Template, scalar};
use anyhow::{Context, Result, anyhow, bail};
use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::http::{
    HttpClient, HttpConnector, HttpConnectorFuture, HttpConnectorSettings, SharedHttpClient, SharedHttpConnector,
};
use aws_smithy_runtime_api::client::interceptors::Intercept;
use aws_smithy_runtime_api::client::interceptors::context::BeforeTransmitInterceptorContextMut;
use aws_smithy_runtime_api::client::orchestrator::{HttpRequest, HttpResponse, Metadata};
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::body::SdkBody;
use aws_smithy_types::config_bag::ConfigBag;
use percent_encoding::{NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};
use serde_yaml::Value;
use std::collections::HashMap;
use std::sync::Arc;

/// The query parameter that marks a denied call; the emulator refuses any request that carries it.
pub const DENIED_PARAMETER: &str = "X-Local-Iam-Denied";

/// SAM policy templates that grant what only Lambda itself uses on the function's behalf.
const SERVICES_NOT_CALLED: &[&str] = &["SQSSendMessagePolicy"];

/// One statement of a function's policy, with its resources evaluated on the local stack.
#[derive(Debug, Clone)]
pub struct Statement {
    allow: bool,
    actions: Vec<String>,
    resources: Vec<String>,
    /// `(operator, key, allowed values)`: `StringEquals`/`StringLike` on the keys [`Permission`] knows.
    conditions: Vec<(String, String, Vec<String>)>,
}

/// A function's identity-based policy, as the template gives it.
#[derive(Debug, Clone)]
pub struct Policy {
    pub function: String,
    statements: Vec<Statement>,
}

/// What AWS authorises for (part of) one call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Permission {
    pub action: String,
    pub resource: String,
    /// Condition keys and their values in this request (`ses:FromAddress`).
    pub context: Vec<(String, String)>,
}

impl Permission {
    fn new(action: impl Into<String>, resource: impl Into<String>) -> Self {
        Self { action: action.into(), resource: resource.into(), context: Vec::new() }
    }
}

impl Policy {
    /// The statements of `function`'s `Policies` (inline `Statement` documents; the template uses no managed
    /// policies or SAM policy templates, and one added later fails here rather than pass unchecked).
    pub fn of_function(template: &Template, function: &str, bindings: &Bindings) -> Result<Self> {
        let resource = template
            .resources()
            .find(|(id, _, _)| *id == function)
            .map(|(_, _, resource)| resource)
            .ok_or_else(|| anyhow!("no function {function} in the template"))?;
        let mut statements = Vec::new();
        let policies = resource.get("Properties").and_then(|p| p.get("Policies"));
        for policy in policies.and_then(Value::as_sequence).into_iter().flatten() {
            // SAM policy templates for services the functions never call themselves: the stream's failure queue
            // is written by the event source mapping with the function's role, not by the function's code.
            if SERVICES_NOT_CALLED.iter().any(|name| policy.get(*name).is_some()) {
                continue;
            }
            let Some(document) = policy.get("Statement").and_then(Value::as_sequence) else {
                bail!("{function}: only inline policy statements are checked locally, found {policy:?}");
            };
            for statement in document {
                statements.push(parse_statement(statement, bindings).with_context(|| format!("{function}: policy"))?);
            }
        }
        Ok(Self { function: function.to_owned(), statements })
    }

    /// An explicit deny wins; otherwise some statement must allow the action on the resource.
    pub fn allows(&self, permission: &Permission) -> bool {
        let applies = |statement: &Statement| {
            statement
                .actions
                .iter()
                .any(|pattern| glob(&pattern.to_ascii_lowercase(), &permission.action.to_ascii_lowercase()))
                && statement.resources.iter().any(|pattern| glob(pattern, &permission.resource))
                && statement.conditions.iter().all(|(operator, key, allowed)| {
                    let actual: Vec<&str> = permission
                        .context
                        .iter()
                        .filter(|(k, _)| k.eq_ignore_ascii_case(key))
                        .map(|(_, v)| v.as_str())
                        .collect();
                    let (quantifier, test) = operator.split_once(':').unwrap_or(("", operator.as_str()));
                    let matches = |value: &str| match test {
                        "StringEquals" => allowed.iter().any(|a| a == value),
                        "StringLike" => allowed.iter().any(|a| glob(a, value)),
                        _ => false,
                    };
                    match quantifier {
                        // IAM's set operators: every value (true of none), or at least one.
                        "ForAllValues" => actual.iter().all(|v| matches(v)),
                        "ForAnyValue" => actual.iter().any(|v| matches(v)),
                        _ => actual.len() == 1 && matches(actual[0]),
                    }
                })
        };
        !self.statements.iter().any(|s| !s.allow && applies(s)) && self.statements.iter().any(|s| s.allow && applies(s))
    }
}

fn parse_statement(statement: &Value, bindings: &Bindings) -> Result<Statement> {
    let list = |key: &str| -> Vec<Value> {
        match statement.get(key) {
            Some(Value::Sequence(items)) => items.clone(),
            Some(item) => vec![item.clone()],
            None => Vec::new(),
        }
    };
    let allow = match statement.get("Effect").and_then(Value::as_str) {
        Some("Allow") => true,
        Some("Deny") => false,
        other => bail!("statement with Effect {other:?}"),
    };
    let actions = list("Action").iter().map(scalar).collect();
    let resources = list("Resource").iter().map(|r| bindings.evaluate(r)).collect::<Result<Vec<_>>>()?;
    let mut conditions = Vec::new();
    if let Some(operators) = statement.get("Condition").and_then(Value::as_mapping) {
        for (operator, keys) in operators {
            for (key, values) in keys.as_mapping().into_iter().flatten() {
                let values = match values {
                    Value::Sequence(items) => items.iter().map(|v| bindings.evaluate(v)).collect::<Result<Vec<_>>>()?,
                    value => vec![bindings.evaluate(value)?],
                };
                conditions.push((scalar(operator), scalar(key), values));
            }
        }
    }
    Ok(Statement { allow, actions, resources, conditions })
}

/// IAM's wildcard match: `*` any run of characters, `?` one.
fn glob(pattern: &str, text: &str) -> bool {
    let (pattern, text): (Vec<char>, Vec<char>) = (pattern.chars().collect(), text.chars().collect());
    let (mut p, mut t, mut star, mut mark) = (0, 0, None, 0);
    while t < text.len() {
        if p < pattern.len() && (pattern[p] == '?' || pattern[p] == text[t]) {
            p += 1;
            t += 1;
        } else if p < pattern.len() && pattern[p] == '*' {
            star = Some(p);
            mark = t;
            p += 1;
        } else if let Some(s) = star {
            p = s + 1;
            mark += 1;
            t = mark;
        } else {
            return false;
        }
    }
    pattern[p..].iter().all(|c| *c == '*')
}

/// How ARNs are formed on this stack: the tables' own ARNs (DynamoDB Local has its own region and account in
/// them) and the region and account of everything else.
#[derive(Debug, Clone)]
pub struct Arns {
    pub region: String,
    pub account: String,
    /// Table name → ARN.
    pub tables: HashMap<String, String>,
    /// Table name → its partition key attribute (for `dynamodb:LeadingKeys`).
    pub hash_keys: HashMap<String, String>,
}

impl Arns {
    fn table(&self, name: &str) -> String {
        if name.starts_with("arn:") {
            return name.to_owned();
        }
        self.tables
            .get(name)
            .cloned()
            .unwrap_or_else(|| format!("arn:aws:dynamodb:{}:{}:table/{name}", self.region, self.account))
    }
}

/// Cognito operations that run on the caller's own tokens or on none: AWS checks no IAM policy for them.
const COGNITO_PUBLIC: &[&str] = &[
    "SignUp",
    "ConfirmSignUp",
    "ResendConfirmationCode",
    "InitiateAuth",
    "RespondToAuthChallenge",
    "ForgotPassword",
    "ConfirmForgotPassword",
    "ChangePassword",
    "GetUser",
    "UpdateUserAttributes",
    "DeleteUser",
    "DeleteUserAttributes",
    "GlobalSignOut",
    "RevokeToken",
    "VerifyUserAttribute",
    "GetUserAttributeVerificationCode",
    "AssociateSoftwareToken",
    "VerifySoftwareToken",
    "SetUserMFAPreference",
];

/// What AWS authorises for one call of `operation` on `service` (the SDK's names), from the serialised request.
pub fn required(service: &str, operation: &str, request: &RequestParts<'_>, arns: &Arns) -> Vec<Permission> {
    let json = || serde_json::from_slice::<serde_json::Value>(request.body).unwrap_or_default();
    let text = |value: &serde_json::Value, key: &str| value.get(key).and_then(|v| v.as_str()).unwrap_or("").to_owned();
    match service {
        "DynamoDB" => {
            let body = json();
            // `dynamodb:LeadingKeys`: the partition key values an item operation touches.
            let with_leading_key = |mut permission: Permission, table: &str, detail: &serde_json::Value| {
                let hash_key = arns.hash_keys.get(table).map(String::as_str).unwrap_or("PK");
                let key = detail.get("Item").or_else(|| detail.get("Key")).and_then(|k| k.get(hash_key));
                if let Some(value) = key.and_then(|k| k.get("S").or_else(|| k.get("N"))).and_then(|v| v.as_str()) {
                    permission.context.push(("dynamodb:LeadingKeys".into(), value.to_owned()));
                }
                permission
            };
            let item_action = |item: &serde_json::Value| -> Option<Permission> {
                let (kind, detail) = item.as_object()?.iter().next()?;
                let action = match kind.as_str() {
                    "Put" => "PutItem",
                    "Update" => "UpdateItem",
                    "Delete" => "DeleteItem",
                    "ConditionCheck" => "ConditionCheckItem",
                    "Get" => "GetItem",
                    _ => return None,
                };
                let table = text(detail, "TableName");
                let permission = Permission::new(format!("dynamodb:{action}"), arns.table(&table));
                Some(with_leading_key(permission, &table, detail))
            };
            match operation {
                // A transaction needs each item's own action on its table: there is no IAM action for it.
                "TransactWriteItems" | "TransactGetItems" => body
                    .get("TransactItems")
                    .and_then(|items| items.as_array())
                    .into_iter()
                    .flatten()
                    .filter_map(item_action)
                    .collect(),
                "BatchWriteItem" | "BatchGetItem" => body
                    .get("RequestItems")
                    .and_then(|items| items.as_object())
                    .into_iter()
                    .flatten()
                    .map(|(table, _)| Permission::new(format!("dynamodb:{operation}"), arns.table(table)))
                    .collect(),
                _ => {
                    let table = text(&body, "TableName");
                    let mut resource = arns.table(&table);
                    let index = text(&body, "IndexName");
                    if !index.is_empty() {
                        resource = format!("{resource}/index/{index}");
                    }
                    // A query's leading key sits in its key condition; no policy here conditions a query on it.
                    vec![with_leading_key(Permission::new(format!("dynamodb:{operation}"), resource), &table, &body)]
                }
            }
        }
        "Cognito Identity Provider" if COGNITO_PUBLIC.contains(&operation) => Vec::new(),
        "Cognito Identity Provider" => {
            let pool = text(&json(), "UserPoolId");
            let resource = format!("arn:aws:cognito-idp:{}:{}:userpool/{pool}", arns.region, arns.account);
            vec![Permission::new(format!("cognito-idp:{operation}"), resource)]
        }
        "SESv2" => {
            let from = text(&json(), "FromEmailAddress");
            // The identity is the address, as the template verifies it (`<name> <address>` forms are unwrapped).
            let address = from.rsplit('<').next().unwrap_or(&from).trim_end_matches('>').trim().to_owned();
            let resource = format!("arn:aws:ses:{}:{}:identity/{address}", arns.region, arns.account);
            let mut permission = Permission::new(format!("ses:{operation}"), resource);
            permission.context.push(("ses:FromAddress".into(), address));
            vec![permission]
        }
        "S3" => {
            let (bucket, key) = s3_location(request.uri);
            let object = format!("arn:aws:s3:::{bucket}/{key}");
            match operation {
                "HeadObject" | "GetObject" => vec![Permission::new("s3:GetObject", object)],
                "ListObjectsV2" | "ListObjects" => {
                    vec![Permission::new("s3:ListBucket", format!("arn:aws:s3:::{bucket}"))]
                }
                "CopyObject" => {
                    let source = request.copy_source.unwrap_or_default();
                    let source = percent_decode_str(source.split('?').next().unwrap_or_default()).decode_utf8_lossy();
                    vec![
                        Permission::new("s3:GetObject", format!("arn:aws:s3:::{}", source.trim_start_matches('/'))),
                        Permission::new("s3:PutObject", object),
                    ]
                }
                _ => vec![Permission::new(format!("s3:{operation}"), object)],
            }
        }
        // The secret named by its ARN (as the functions name it); a policy's `!Ref` of a secret is that ARN.
        "Secrets Manager" => {
            vec![Permission::new(format!("secretsmanager:{operation}"), text(&json(), "SecretId"))]
        }
        other => vec![Permission::new(format!("{}:{operation}", other.to_ascii_lowercase()), "*")],
    }
}

/// The parts of a serialised request that decide its permissions.
pub struct RequestParts<'a> {
    pub uri: &'a str,
    pub body: &'a [u8],
    pub copy_source: Option<&'a str>,
}

/// `(bucket, key)` of a path-style S3 URI (`http://host/bucket/key?query`).
fn s3_location(uri: &str) -> (String, String) {
    let path = uri.split_once("://").map_or(uri, |(_, rest)| rest);
    let path = path.split_once('/').map_or("", |(_, path)| path);
    let path = path.split(['?', '#']).next().unwrap_or_default();
    let (bucket, key) = path.split_once('/').unwrap_or((path, ""));
    (
        percent_decode_str(bucket).decode_utf8_lossy().into_owned(),
        percent_decode_str(key).decode_utf8_lossy().into_owned(),
    )
}

/// The interceptor that checks each call of one function against its policy.
#[derive(Debug, Clone)]
pub struct PolicyGuard {
    policy: Arc<Policy>,
    arns: Arc<Arns>,
}

impl PolicyGuard {
    pub fn new(policy: Policy, arns: Arc<Arns>) -> Self {
        Self { policy: Arc::new(policy), arns }
    }

    /// The first permission the policy lacks for this call, if any.
    fn denied(&self, service: &str, operation: &str, request: &HttpRequest) -> Option<Permission> {
        let parts = RequestParts {
            uri: request.uri(),
            body: request.body().bytes().unwrap_or_default(),
            copy_source: request.headers().get("x-amz-copy-source"),
        };
        required(service, operation, &parts, &self.arns).into_iter().find(|p| !self.policy.allows(p))
    }
}

impl Intercept for PolicyGuard {
    fn name(&self) -> &'static str {
        "local IAM policy check"
    }

    fn modify_before_signing(
        &self,
        context: &mut BeforeTransmitInterceptorContextMut<'_>,
        _runtime_components: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let Some(metadata) = cfg.load::<Metadata>() else { return Ok(()) };
        let (service, operation) = (metadata.service().to_owned(), metadata.name().to_owned());
        let Some(permission) = self.denied(&service, &operation, context.request()) else { return Ok(()) };
        let message = format!(
            "User: arn:aws:sts::{}:assumed-role/{function}Role/{function} is not authorized to perform: {} on \
             resource: {} because no identity-based policy allows the {} action",
            self.arns.account,
            permission.action,
            permission.resource,
            permission.action,
            function = self.policy.function,
        );
        tracing::error!(function = %self.policy.function, %service, %operation, "AccessDenied: {message}");
        let request = context.request_mut();
        let separator = if request.uri().contains('?') { '&' } else { '?' };
        let marked = format!(
            "{}{separator}{DENIED_PARAMETER}={}",
            request.uri(),
            utf8_percent_encode(&format!("{service}|{message}"), NON_ALPHANUMERIC)
        );
        request.set_uri(marked)?;
        Ok(())
    }
}

/// An HTTP client that answers calls marked denied with the service's `AccessDenied` error, and sends the rest.
#[derive(Debug, Clone)]
pub struct DenyingClient {
    inner: SharedHttpClient,
}

impl DenyingClient {
    pub fn wrap(inner: SharedHttpClient) -> SharedHttpClient {
        SharedHttpClient::new(Self { inner })
    }
}

impl HttpClient for DenyingClient {
    fn http_connector(&self, settings: &HttpConnectorSettings, components: &RuntimeComponents) -> SharedHttpConnector {
        SharedHttpConnector::new(DenyingConnector { inner: self.inner.http_connector(settings, components) })
    }
}

#[derive(Debug)]
struct DenyingConnector {
    inner: SharedHttpConnector,
}

impl HttpConnector for DenyingConnector {
    fn call(&self, request: HttpRequest) -> HttpConnectorFuture {
        match denial(request.uri()) {
            Some((service, message)) => HttpConnectorFuture::ready(access_denied(&service, &message)),
            None => self.inner.call(request),
        }
    }
}

/// `(service, message)` of a marked URI.
pub fn denial(uri: &str) -> Option<(String, String)> {
    let query = uri.split_once('?')?.1;
    let value = query.split('&').find_map(|pair| pair.strip_prefix(&format!("{DENIED_PARAMETER}=")))?;
    let decoded = percent_decode_str(value).decode_utf8_lossy();
    let (service, message) = decoded.split_once('|')?;
    Some((service.to_owned(), message.to_owned()))
}

/// The error each protocol sends when IAM refuses a call.
fn access_denied(
    service: &str,
    message: &str,
) -> Result<HttpResponse, aws_smithy_runtime_api::client::result::ConnectorError> {
    let (status, content_type, body) = match service {
        "S3" => (
            403,
            "application/xml",
            format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>AccessDenied</Code><Message>{}</Message></Error>",
                html_escape::encode_text(message)
            ),
        ),
        "SESv2" => (403, "application/json", serde_json::json!({ "message": message }).to_string()),
        _ => (
            400,
            "application/x-amz-json-1.0",
            serde_json::json!({ "__type": "com.amazon.coral.service#AccessDeniedException", "message": message })
                .to_string(),
        ),
    };
    let mut response = HttpResponse::new(
        status
            .try_into()
            .map_err(|e| aws_smithy_runtime_api::client::result::ConnectorError::other(Box::new(e), None))?,
        SdkBody::from(body),
    );
    response.headers_mut().insert("content-type", content_type);
    response.headers_mut().insert("x-amzn-errortype", "AccessDeniedException");
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn arns() -> Arns {
        Arns {
            region: "us-east-1".into(),
            account: "123456789012".into(),
            tables: HashMap::from([("t".to_owned(), "arn:aws:dynamodb:us-east-1:123456789012:table/t".to_owned())]),
            hash_keys: HashMap::from([("t".to_owned(), "PK".to_owned())]),
        }
    }

    fn policy(yaml: &str) -> Policy {
        let value: Value = serde_yaml::from_str(yaml).unwrap();
        let statements =
            value.as_sequence().unwrap().iter().map(|s| parse_statement(s, &Bindings::default()).unwrap()).collect();
        Policy { function: "F".into(), statements }
    }

    fn parts<'a>(uri: &'a str, body: &'a str) -> RequestParts<'a> {
        RequestParts { uri, body: body.as_bytes(), copy_source: None }
    }

    #[test]
    fn a_transaction_needs_each_items_action() {
        let body = r#"{"TransactItems":[{"Put":{"TableName":"t"}},{"Update":{"TableName":"t"}}]}"#;
        let needed = required("DynamoDB", "TransactWriteItems", &parts("http://h/", body), &arns());
        let actions: Vec<_> = needed.iter().map(|p| p.action.as_str()).collect();
        assert_eq!(actions, ["dynamodb:PutItem", "dynamodb:UpdateItem"]);
        let only_put = policy(
            "- {Effect: Allow, Action: [dynamodb:PutItem], Resource: arn:aws:dynamodb:us-east-1:123456789012:table/t}",
        );
        assert!(only_put.allows(&needed[0]));
        assert!(!only_put.allows(&needed[1]), "UpdateItem is not in the policy");
    }

    #[test]
    fn leading_keys_limit_the_partitions_a_function_writes() {
        let policy = policy(
            "- {Effect: Allow, Action: [dynamodb:PutItem], Resource: arn:aws:dynamodb:us-east-1:123456789012:table/t, \
               Condition: {'ForAllValues:StringLike': {'dynamodb:LeadingKeys': ['SENT#*', 'STATS#*']}}}",
        );
        let put = |pk: &str| {
            let body = format!(r#"{{"TransactItems":[{{"Put":{{"TableName":"t","Item":{{"PK":{{"S":"{pk}"}}}}}}}}]}}"#);
            required("DynamoDB", "TransactWriteItems", &parts("http://h/", &body), &arns()).remove(0)
        };
        assert!(policy.allows(&put("SENT#2026-000001#x")));
        assert!(!policy.allows(&put("DOC#2026-000001")), "a document's partition is not the stream's to write");
    }

    #[test]
    fn an_index_query_needs_the_index_arn() {
        let body = r#"{"TableName":"t","IndexName":"MapIndex"}"#;
        let needed = required("DynamoDB", "Query", &parts("http://h/", body), &arns());
        assert_eq!(needed[0].resource, "arn:aws:dynamodb:us-east-1:123456789012:table/t/index/MapIndex");
        let table_only = policy(
            "- {Effect: Allow, Action: dynamodb:Query, Resource: arn:aws:dynamodb:us-east-1:123456789012:table/t}",
        );
        assert!(!table_only.allows(&needed[0]));
        let index = policy(
            "- {Effect: Allow, Action: dynamodb:Query, Resource: arn:aws:dynamodb:us-east-1:123456789012:table/t/index/*}",
        );
        assert!(index.allows(&needed[0]));
    }

    #[test]
    fn s3_prefixes_and_deny_statements() {
        let needed = required(
            "S3",
            "PutObject",
            &parts("http://127.0.0.1:5000/up/incoming/a%20b.jpg?x-id=PutObject", ""),
            &arns(),
        );
        assert_eq!(needed[0].resource, "arn:aws:s3:::up/incoming/a b.jpg");
        let allowed = policy(
            "- {Effect: Allow, Action: ['s3:Put*'], Resource: 'arn:aws:s3:::up/incoming/*'}\n\
             - {Effect: Deny, Action: '*', Resource: 'arn:aws:s3:::up/incoming/secret/*'}",
        );
        assert!(allowed.allows(&needed[0]));
        let secret = required("S3", "PutObject", &parts("http://h/up/incoming/secret/x", ""), &arns());
        assert!(!allowed.allows(&secret[0]), "an explicit deny wins");
        let elsewhere = required("S3", "PutObject", &parts("http://h/up/attachments/x", ""), &arns());
        assert!(!allowed.allows(&elsewhere[0]));
    }

    #[test]
    fn ses_checks_the_from_address_condition() {
        let body = r#"{"FromEmailAddress":"Контактен център <kc@sofia.bg>"}"#;
        let needed = required("SESv2", "SendEmail", &parts("http://h/v2/email/outbound-emails", body), &arns());
        let policy = policy(
            "- {Effect: Allow, Action: ses:SendEmail, Resource: 'arn:aws:ses:us-east-1:123456789012:identity/*', \
               Condition: {StringEquals: {'ses:FromAddress': kc@sofia.bg}}}",
        );
        assert!(policy.allows(&needed[0]));
        let other = r#"{"FromEmailAddress":"someone@else.bg"}"#;
        let needed = required("SESv2", "SendEmail", &parts("http://h/v2/email/outbound-emails", other), &arns());
        assert!(!policy.allows(&needed[0]));
    }

    #[test]
    fn cognito_public_operations_need_no_policy() {
        assert!(required("Cognito Identity Provider", "InitiateAuth", &parts("http://h/", "{}"), &arns()).is_empty());
        let admin = required(
            "Cognito Identity Provider",
            "AdminAddUserToGroup",
            &parts("http://h/", r#"{"UserPoolId":"p"}"#),
            &arns(),
        );
        assert_eq!(admin[0].resource, "arn:aws:cognito-idp:us-east-1:123456789012:userpool/p");
    }

    #[test]
    fn a_marked_uri_carries_its_denial() {
        let uri =
            format!("http://h/b/k?x=1&{DENIED_PARAMETER}={}", utf8_percent_encode("S3|no & no", NON_ALPHANUMERIC));
        assert_eq!(denial(&uri), Some(("S3".into(), "no & no".into())));
        assert_eq!(denial("http://h/b/k?x=1"), None);
    }
}
