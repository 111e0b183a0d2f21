//! Reads `template.yaml`: the routes, functions, resources and environment the local stack reproduces.
//! CloudFormation intrinsics (`!Ref`, `!Sub`, `!GetAtt`) are evaluated against the local resources.

use anyhow::{Context, Result, anyhow, bail};
use serde_yaml::Value;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

#[derive(Debug, Clone)]
pub struct Template {
    pub root: Value,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route {
    pub method: String,
    /// As written in the template, e.g. `/api/signals/{number}`.
    pub path: String,
    pub function: String,
    pub binary: String,
    /// The authorizer API Gateway runs before the function, if any.
    pub authorizer: Option<String>,
}

#[derive(Debug, Clone)]
pub struct StreamSubscription {
    pub function: String,
    pub binary: String,
    pub table: String,
    pub batch_size: usize,
    pub maximum_retry_attempts: u32,
    pub report_batch_item_failures: bool,
    /// The function's timeout: the poller gives each invocation this long, as Lambda would.
    pub timeout_seconds: u64,
    /// The event source mapping's filter patterns (JSON); none means every record.
    pub filters: Vec<serde_json::Value>,
    /// The queue (logical id) that gets what the retries could not deliver (`DestinationConfig.OnFailure`).
    pub on_failure: Option<String>,
}

/// A function EventBridge Scheduler invokes (`Type: ScheduleV2`), with the input it passes.
#[derive(Debug, Clone)]
pub struct Schedule {
    pub function: String,
    pub binary: String,
    pub expression: String,
    /// The target's `Input`, as JSON text (the scheduler fills in `<aws.scheduler.scheduled-time>`).
    pub input: Option<String>,
}

impl Schedule {
    /// How often a `rate(N minute[s]|hour[s]|day[s])` schedule runs; `None` for a `cron(...)` or `at(...)` one.
    pub fn rate(&self) -> Option<std::time::Duration> {
        let inner = self.expression.trim().strip_prefix("rate(")?.strip_suffix(')')?;
        let (n, unit) = inner.trim().split_once(' ')?;
        let n: u64 = n.parse().ok().filter(|n| *n > 0)?;
        let seconds = match unit.trim().trim_end_matches('s') {
            "minute" => 60,
            "hour" => 3600,
            "day" => 86_400,
            _ => return None,
        };
        Some(std::time::Duration::from_secs(n * seconds))
    }
}

#[derive(Debug, Clone)]
pub struct JwtAuthorizer {
    pub issuer: Value,
    pub audience: Vec<Value>,
}

impl Template {
    pub fn load(path: &Path) -> Result<Self> {
        let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
        let root: Value = serde_yaml::from_str(&text).with_context(|| format!("parsing {}", path.display()))?;
        Ok(Self { root })
    }

    pub fn resources(&self) -> impl Iterator<Item = (&str, &str, &Value)> {
        self.root
            .get("Resources")
            .and_then(Value::as_mapping)
            .into_iter()
            .flatten()
            .filter_map(|(id, resource)| Some((id.as_str()?, resource.get("Type")?.as_str()?, resource)))
    }

    pub fn resource_of_type(&self, kind: &str) -> Vec<(&str, &Value)> {
        self.resources().filter(|(_, t, _)| *t == kind).map(|(id, _, r)| (id, r)).collect()
    }

    pub fn parameter_defaults(&self) -> HashMap<String, String> {
        let mut defaults = HashMap::new();
        if let Some(parameters) = self.root.get("Parameters").and_then(Value::as_mapping) {
            for (name, parameter) in parameters {
                if let (Some(name), Some(default)) = (name.as_str(), parameter.get("Default")) {
                    defaults.insert(name.to_owned(), scalar(default));
                }
            }
        }
        defaults
    }

    fn functions(&self) -> impl Iterator<Item = (&str, &Value)> {
        self.resources().filter(|(_, t, _)| *t == "AWS::Serverless::Function").map(|(id, _, r)| (id, r))
    }

    /// Every event of type `kind` (`DynamoDB`, `ScheduleV2`, …) of every function: the function's id, its
    /// resource and the event's properties.
    fn events_of_type(&self, kind: &str) -> Result<Vec<(&str, &Value, &Value)>> {
        let mut found = Vec::new();
        for (function, resource) in self.functions() {
            for (_, event) in events(resource) {
                if event.get("Type").and_then(Value::as_str) != Some(kind) {
                    continue;
                }
                let properties =
                    event.get("Properties").ok_or_else(|| anyhow!("{function}: event without Properties"))?;
                found.push((function, resource, properties));
            }
        }
        Ok(found)
    }

    fn binary_of(function: &str, resource: &Value) -> Result<String> {
        resource
            .get("Metadata")
            .and_then(|m| m.get("BuildProperties"))
            .and_then(|b| b.get("Binary"))
            .and_then(Value::as_str)
            .map(str::to_owned)
            .ok_or_else(|| anyhow!("{function} has no Metadata.BuildProperties.Binary"))
    }

    /// Every HTTP route, with the function and binary that serve it and its authorizer.
    pub fn routes(&self) -> Result<Vec<Route>> {
        let default_authorizer = self.resource_of_type("AWS::Serverless::HttpApi").first().and_then(|(_, api)| {
            api.get("Properties")?.get("Auth")?.get("DefaultAuthorizer")?.as_str().map(str::to_owned)
        });
        let mut routes = Vec::new();
        for (function, resource) in self.functions() {
            for (_, event) in events(resource) {
                if event.get("Type").and_then(Value::as_str) != Some("HttpApi") {
                    continue;
                }
                let properties =
                    event.get("Properties").ok_or_else(|| anyhow!("{function}: event without Properties"))?;
                let path =
                    properties.get("Path").and_then(Value::as_str).ok_or_else(|| anyhow!("{function}: no Path"))?;
                let method =
                    properties.get("Method").and_then(Value::as_str).ok_or_else(|| anyhow!("{function}: no Method"))?;
                let authorizer = match properties.get("Auth").and_then(|a| a.get("Authorizer")).and_then(Value::as_str)
                {
                    Some("NONE") => None,
                    Some(name) => Some(name.to_owned()),
                    None => default_authorizer.clone(),
                };
                routes.push(Route {
                    method: method.to_ascii_uppercase(),
                    path: path.to_owned(),
                    function: function.to_owned(),
                    binary: Self::binary_of(function, resource)?,
                    authorizer,
                });
            }
        }
        Ok(routes)
    }

    /// Every function that handles a route or a stream, with its binary: `(function, binary)`.
    pub fn function_binaries(&self) -> Result<Vec<(String, String)>> {
        let mut functions: Vec<(String, String)> = self.routes()?.into_iter().map(|r| (r.function, r.binary)).collect();
        functions.extend(self.stream_subscriptions()?.into_iter().map(|s| (s.function, s.binary)));
        Ok(functions)
    }

    /// The functions EventBridge Scheduler invokes.
    pub fn schedules(&self) -> Result<Vec<Schedule>> {
        self.events_of_type("ScheduleV2")?
            .into_iter()
            .map(|(function, resource, properties)| {
                Ok(Schedule {
                    function: function.to_owned(),
                    binary: Self::binary_of(function, resource)?,
                    expression: scalar(properties.get("ScheduleExpression").unwrap_or(&Value::Null)),
                    input: properties.get("Input").and_then(Value::as_str).map(str::to_owned),
                })
            })
            .collect()
    }

    pub fn stream_subscriptions(&self) -> Result<Vec<StreamSubscription>> {
        let mut subscriptions = Vec::new();
        for (function, resource, properties) in self.events_of_type("DynamoDB")? {
            let table = match properties.get("Stream") {
                Some(Value::Tagged(tagged)) if tagged.tag == "GetAtt" => {
                    scalar(&tagged.value).split('.').next().unwrap_or_default().to_owned()
                }
                _ => bail!("{function}: Stream must be !GetAtt <Table>.StreamArn"),
            };
            let failures = properties
                .get("FunctionResponseTypes")
                .and_then(Value::as_sequence)
                .is_some_and(|types| types.iter().any(|t| t.as_str() == Some("ReportBatchItemFailures")));
            let timeout_seconds = resource
                .get("Properties")
                .and_then(|p| p.get("Timeout"))
                .or_else(|| self.root.get("Globals").and_then(|g| g.get("Function")).and_then(|f| f.get("Timeout")))
                .and_then(Value::as_u64)
                .unwrap_or(3);
            let mut filters = Vec::new();
            for filter in properties
                .get("FilterCriteria")
                .and_then(|f| f.get("Filters"))
                .and_then(Value::as_sequence)
                .into_iter()
                .flatten()
            {
                let pattern = filter
                    .get("Pattern")
                    .and_then(Value::as_str)
                    .ok_or_else(|| anyhow!("{function}: a filter without a Pattern"))?;
                filters.push(serde_json::from_str(pattern).with_context(|| format!("{function}: filter pattern"))?);
            }
            let on_failure = match properties
                .get("DestinationConfig")
                .and_then(|d| d.get("OnFailure"))
                .and_then(|o| o.get("Destination"))
            {
                Some(Value::Tagged(tagged)) if tagged.tag == "GetAtt" => {
                    Some(scalar(&tagged.value).split('.').next().unwrap_or_default().to_owned())
                }
                _ => None,
            };
            subscriptions.push(StreamSubscription {
                on_failure,
                timeout_seconds,
                filters,
                function: function.to_owned(),
                binary: Self::binary_of(function, resource)?,
                table,
                batch_size: properties.get("BatchSize").and_then(Value::as_u64).unwrap_or(100) as usize,
                maximum_retry_attempts: properties.get("MaximumRetryAttempts").and_then(Value::as_u64).unwrap_or(10000)
                    as u32,
                report_batch_item_failures: failures,
            });
        }
        Ok(subscriptions)
    }

    /// The environment variables a function sees: the template's globals overlaid with its own, unevaluated.
    pub fn environment(&self, function: &str) -> BTreeMap<String, Value> {
        let mut variables = BTreeMap::new();
        let globals = self.root.get("Globals").and_then(|g| g.get("Function"));
        let own = self.root.get("Resources").and_then(|r| r.get(function)).and_then(|f| f.get("Properties"));
        for source in [globals, own].into_iter().flatten() {
            if let Some(map) = source.get("Environment").and_then(|e| e.get("Variables")).and_then(Value::as_mapping) {
                for (name, value) in map {
                    if let Some(name) = name.as_str() {
                        variables.insert(name.to_owned(), value.clone());
                    }
                }
            }
        }
        variables
    }

    pub fn jwt_authorizer(&self, name: &str) -> Result<JwtAuthorizer> {
        let (_, api) = self
            .resource_of_type("AWS::Serverless::HttpApi")
            .into_iter()
            .next()
            .ok_or_else(|| anyhow!("no AWS::Serverless::HttpApi in the template"))?;
        let config = api
            .get("Properties")
            .and_then(|p| p.get("Auth"))
            .and_then(|a| a.get("Authorizers"))
            .and_then(|a| a.get(name))
            .and_then(|a| a.get("JwtConfiguration"))
            .ok_or_else(|| anyhow!("authorizer {name} has no JwtConfiguration"))?;
        Ok(JwtAuthorizer {
            issuer: config.get("issuer").cloned().ok_or_else(|| anyhow!("{name}: no issuer"))?,
            audience: config.get("audience").and_then(Value::as_sequence).cloned().unwrap_or_default(),
        })
    }
}

fn events(resource: &Value) -> Vec<(&Value, &Value)> {
    resource
        .get("Properties")
        .and_then(|p| p.get("Events"))
        .and_then(Value::as_mapping)
        .map(|m| m.iter().collect())
        .unwrap_or_default()
}

pub fn scalar(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        _ => String::new(),
    }
}

/// What `!Ref`, `!GetAtt`, `!Sub` and `{{resolve:...}}` mean on the local stack.
#[derive(Debug, Clone, Default)]
pub struct Bindings {
    /// Parameters and pseudo parameters (`AWS::Region`, ...).
    pub parameters: HashMap<String, String>,
    /// Logical id → what `!Ref` returns for the resource.
    pub refs: HashMap<String, String>,
    /// `Logical.Attribute` → what `!GetAtt` returns.
    pub attributes: HashMap<String, String>,
    /// Secrets Manager logical id → its value, for dynamic references.
    pub secrets: HashMap<String, String>,
}

impl Bindings {
    pub fn evaluate(&self, value: &Value) -> Result<String> {
        match value {
            Value::Tagged(tagged) => match tagged.tag.to_string().trim_start_matches('!') {
                "Ref" => self.reference(&scalar(&tagged.value)),
                "GetAtt" => {
                    let name = match &tagged.value {
                        Value::Sequence(parts) => parts.iter().map(scalar).collect::<Vec<_>>().join("."),
                        other => scalar(other),
                    };
                    self.attributes.get(&name).cloned().ok_or_else(|| anyhow!("no local value for !GetAtt {name}"))
                }
                "Sub" => self.substitute(&scalar(&tagged.value)),
                other => bail!("intrinsic !{other} is not supported by the local stack"),
            },
            Value::String(_) | Value::Number(_) | Value::Bool(_) => self.resolve_dynamic(&scalar(value)),
            other => bail!("cannot evaluate {other:?}"),
        }
    }

    fn reference(&self, name: &str) -> Result<String> {
        self.parameters
            .get(name)
            .or_else(|| self.refs.get(name))
            .cloned()
            .ok_or_else(|| anyhow!("no local value for !Ref {name}"))
    }

    fn substitute(&self, text: &str) -> Result<String> {
        let mut out = String::new();
        let mut rest = text;
        while let Some(start) = rest.find("${") {
            out.push_str(&rest[..start]);
            let end = rest[start..].find('}').ok_or_else(|| anyhow!("unclosed ${{ in {text}"))? + start;
            let name = &rest[start + 2..end];
            let value = if name.contains('.') && !name.starts_with("AWS::") {
                self.attributes.get(name).cloned().ok_or_else(|| anyhow!("no local value for ${{{name}}}"))?
            } else {
                self.reference(name)?
            };
            out.push_str(&value);
            rest = &rest[end + 1..];
        }
        out.push_str(rest);
        self.resolve_dynamic(&out)
    }

    /// `{{resolve:secretsmanager:<secret>:SecretString}}`, with `<secret>` already substituted to the local id.
    fn resolve_dynamic(&self, text: &str) -> Result<String> {
        let Some(inner) = text.strip_prefix("{{resolve:secretsmanager:").and_then(|t| t.strip_suffix("}}")) else {
            return Ok(text.to_owned());
        };
        // `<secret-id>:SecretString[:...]`; the id is an ARN, which has colons of its own.
        self.secrets
            .iter()
            .find(|(logical, _)| {
                self.refs.get(*logical).is_some_and(|arn| inner.starts_with(&format!("{arn}:SecretString")))
            })
            .map(|(_, value)| value.clone())
            .ok_or_else(|| anyhow!("no local secret for {inner}"))
    }
}

impl Template {
    /// Paths the CloudFront distribution serves from an S3 bucket other than the site's (the default
    /// behaviour): `(path prefix, bucket logical id)`, e.g. `("/media/", "MediaBucket")`.
    pub fn bucket_paths(&self) -> Vec<(String, String)> {
        let mut paths = Vec::new();
        for config in self.distribution_configs() {
            let mut bucket_of_origin = HashMap::new();
            for origin in config.get("Origins").and_then(Value::as_sequence).into_iter().flatten() {
                if let (Some(id), Some(Value::Tagged(domain))) =
                    (origin.get("Id").and_then(Value::as_str), origin.get("DomainName"))
                    && domain.tag == "GetAtt"
                    && let Some(bucket) = scalar(&domain.value).strip_suffix(".RegionalDomainName")
                {
                    bucket_of_origin.insert(id.to_owned(), bucket.to_owned());
                }
            }
            for behavior in config.get("CacheBehaviors").and_then(Value::as_sequence).into_iter().flatten() {
                let pattern = behavior.get("PathPattern").and_then(Value::as_str).unwrap_or_default();
                let origin = behavior.get("TargetOriginId").and_then(Value::as_str).unwrap_or_default();
                if let (Some(prefix), Some(bucket)) = (pattern.strip_suffix('*'), bucket_of_origin.get(origin)) {
                    paths.push((prefix.to_owned(), bucket.clone()));
                }
            }
        }
        paths
    }
}

impl Template {
    /// The response headers the distribution's security policy adds: what the local gateway sends too.
    /// The headers CloudFront adds to requests it passes to a custom origin (the API): name and unevaluated value.
    pub fn api_origin_headers(&self) -> Vec<(String, Value)> {
        let mut headers = Vec::new();
        for (_, distribution) in self.resource_of_type("AWS::CloudFront::Distribution") {
            let origins = distribution
                .get("Properties")
                .and_then(|p| p.get("DistributionConfig"))
                .and_then(|c| c.get("Origins"))
                .and_then(Value::as_sequence);
            for origin in origins.into_iter().flatten().filter(|o| o.get("CustomOriginConfig").is_some()) {
                for header in origin.get("OriginCustomHeaders").and_then(Value::as_sequence).into_iter().flatten() {
                    if let (Some(name), Some(value)) =
                        (header.get("HeaderName").and_then(Value::as_str), header.get("HeaderValue"))
                    {
                        headers.push((name.to_ascii_lowercase(), value.clone()));
                    }
                }
            }
        }
        headers
    }

    /// The headers CloudFront's response headers policy adds, with the policy's `!Sub`s evaluated.
    pub fn security_headers(&self, bindings: &Bindings) -> Result<Vec<(String, String)>> {
        let mut headers = Vec::new();
        for (_, policy) in self.resource_of_type("AWS::CloudFront::ResponseHeadersPolicy") {
            let Some(config) = policy
                .get("Properties")
                .and_then(|p| p.get("ResponseHeadersPolicyConfig"))
                .and_then(|c| c.get("SecurityHeadersConfig"))
            else {
                continue;
            };
            if let Some(csp) = config.get("ContentSecurityPolicy").and_then(|c| c.get("ContentSecurityPolicy")) {
                headers.push(("content-security-policy".into(), bindings.evaluate(csp)?));
            }
            if let Some(hsts) = config.get("StrictTransportSecurity") {
                let mut value =
                    format!("max-age={}", hsts.get("AccessControlMaxAgeSec").and_then(Value::as_u64).unwrap_or(0));
                if hsts.get("IncludeSubdomains").and_then(Value::as_bool) == Some(true) {
                    value.push_str("; includeSubDomains");
                }
                if hsts.get("Preload").and_then(Value::as_bool) == Some(true) {
                    value.push_str("; preload");
                }
                headers.push(("strict-transport-security".into(), value));
            }
            if let Some(frame) = config.get("FrameOptions").and_then(|f| f.get("FrameOption")).and_then(Value::as_str) {
                headers.push(("x-frame-options".into(), frame.to_owned()));
            }
            if let Some(referrer) =
                config.get("ReferrerPolicy").and_then(|r| r.get("ReferrerPolicy")).and_then(Value::as_str)
            {
                headers.push(("referrer-policy".into(), referrer.to_owned()));
            }
            if config.get("ContentTypeOptions").is_some() {
                headers.push(("x-content-type-options".into(), "nosniff".into()));
            }
        }
        Ok(headers)
    }

    /// The HTTP API's CORS configuration: allowed origins (unevaluated), methods and headers.
    pub fn cors(&self) -> Option<(Vec<Value>, Vec<String>, Vec<String>)> {
        let (_, api) = self.resource_of_type("AWS::Serverless::HttpApi").into_iter().next()?;
        let cors = api.get("Properties")?.get("CorsConfiguration")?;
        let list = |key: &str| cors.get(key).and_then(Value::as_sequence).cloned().unwrap_or_default();
        let strings = |key: &str| list(key).iter().map(scalar).collect::<Vec<_>>();
        Some((list("AllowOrigins"), strings("AllowMethods"), strings("AllowHeaders")))
    }
}

/// What a CloudFront cache behaviour compresses with: gzip when `Compress` is true; Brotli too when its cache
/// policy also has `EnableAcceptEncodingBrotli` (AWS's "Serve compressed files").
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Encodings {
    pub gzip: bool,
    pub br: bool,
}

/// AWS's managed cache policies: id → EnableAcceptEncodingBrotli.
const MANAGED_CACHE_POLICIES: [(&str, bool); 3] = [
    ("658327ea-f89d-4fab-a63d-7e88639e58f6", true), // Managed-CachingOptimized
    ("b2884449-e4de-46a7-ac36-70bc7f1ddd6d", false), // Managed-CachingOptimizedForUncompressedObjects
    ("4135ea2d-6df8-44a3-9df3-4b5a84be39ad", false), // Managed-CachingDisabled (all TTLs 0: it can have none)
];

impl Template {
    /// The distribution's cache behaviours as the encodings each compresses with: `(path prefix, encodings)` for
    /// each `PathPattern` (`/api/*` → `/api/`) in the order CloudFront matches them, then `("", …)` for the
    /// default behaviour.
    pub fn compression(&self) -> Vec<(String, Encodings)> {
        let mut behaviors = Vec::new();
        for config in self.distribution_configs() {
            for behavior in config.get("CacheBehaviors").and_then(Value::as_sequence).into_iter().flatten() {
                let pattern = behavior.get("PathPattern").and_then(Value::as_str).unwrap_or_default();
                behaviors.push((pattern.trim_end_matches('*').to_owned(), self.encodings_of(behavior)));
            }
            if let Some(default) = config.get("DefaultCacheBehavior") {
                behaviors.push((String::new(), self.encodings_of(default)));
            }
        }
        behaviors
    }

    /// The `DistributionConfig` of each CloudFront distribution.
    fn distribution_configs(&self) -> Vec<&Value> {
        self.resource_of_type("AWS::CloudFront::Distribution")
            .into_iter()
            .filter_map(|(_, distribution)| distribution.get("Properties")?.get("DistributionConfig"))
            .collect()
    }

    fn encodings_of(&self, behavior: &Value) -> Encodings {
        if behavior.get("Compress").and_then(Value::as_bool) != Some(true) {
            return Encodings::default();
        }
        let brotli = match behavior.get("CachePolicyId") {
            Some(Value::String(id)) => MANAGED_CACHE_POLICIES.iter().any(|(managed, br)| managed == id && *br),
            Some(Value::Tagged(reference)) if reference.tag == "Ref" => self
                .resource_of_type("AWS::CloudFront::CachePolicy")
                .into_iter()
                .find(|(name, _)| *name == scalar(&reference.value))
                .and_then(|(_, policy)| {
                    policy
                        .get("Properties")?
                        .get("CachePolicyConfig")?
                        .get("ParametersInCacheKeyAndForwardedToOrigin")?
                        .get("EnableAcceptEncodingBrotli")?
                        .as_bool()
                })
                .unwrap_or(false),
            _ => false,
        };
        Encodings { gzip: true, br: brotli }
    }
}
