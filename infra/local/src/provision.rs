//! Creates on the emulator the resources `template.yaml` declares, from their template properties, so the
//! local stack has one schema: the template's.

use crate::template::{Bindings, Template, scalar};
use anyhow::{Context, Result, anyhow};
use aws_config::SdkConfig;
use aws_sdk_dynamodb::types::{
    AttributeDefinition, BillingMode, GlobalSecondaryIndex, KeySchemaElement, KeyType, Projection, ProjectionType,
    ScalarAttributeType, StreamSpecification, StreamViewType, TimeToLiveSpecification,
};
use serde_yaml::Value;
use std::collections::HashMap;

/// What was created, by the template's logical ids.
#[derive(Debug, Clone)]
pub struct Provisioned {
    pub bindings: Bindings,
    pub tables: HashMap<String, String>,
    pub buckets: Vec<String>,
    pub user_pool_id: String,
    pub user_pool_client_id: String,
    pub region: String,
}

fn props(resource: &Value) -> &Value {
    static EMPTY: Value = Value::Null;
    resource.get("Properties").unwrap_or(&EMPTY)
}

fn seq(value: Option<&Value>) -> Vec<Value> {
    value.and_then(Value::as_sequence).cloned().unwrap_or_default()
}

fn text(value: &Value, key: &str) -> Option<String> {
    value.get(key).map(scalar).filter(|s| !s.is_empty())
}

fn key_schema(value: Option<&Value>) -> Result<Vec<KeySchemaElement>> {
    seq(value)
        .iter()
        .map(|k| {
            Ok(KeySchemaElement::builder()
                .attribute_name(text(k, "AttributeName").ok_or_else(|| anyhow!("KeySchema without AttributeName"))?)
                .key_type(KeyType::from(text(k, "KeyType").unwrap_or_default().as_str()))
                .build()?)
        })
        .collect()
}

/// Creates everything and returns how the template's names map to the local ones. `prefix` keeps several
/// stacks (one per test) apart on one emulator.
pub async fn provision(
    template: &Template,
    sdk: &SdkConfig,
    dynamodb: &aws_sdk_dynamodb::Client,
    prefix: &str,
    parameters: HashMap<String, String>,
) -> Result<Provisioned> {
    let region = sdk.region().map(|r| r.to_string()).unwrap_or_else(|| "us-east-1".into());
    let mut bindings = Bindings { parameters: template.parameter_defaults(), ..Default::default() };
    bindings.parameters.extend(parameters);
    bindings.parameters.insert("AWS::Region".into(), region.clone());
    bindings.parameters.insert("AWS::StackName".into(), prefix.into());
    bindings.parameters.insert("AWS::AccountId".into(), "123456789012".into());
    bindings.parameters.insert("AWS::Partition".into(), "aws".into());
    bindings.parameters.insert("AWS::URLSuffix".into(), "amazonaws.com".into());

    // Secrets: generated as GenerateSecretString would, and stored in the emulated Secrets Manager, where the
    // functions that need one read it at start-up (`{{resolve:...}}` references are resolved from the same value).
    let secrets_manager = aws_sdk_secretsmanager::Client::new(sdk);
    for (logical, _) in template.resource_of_type("AWS::SecretsManager::Secret") {
        let value: String =
            (0..64).map(|_| char::from(b"abcdefghijklmnopqrstuvwxyz0123456789"[rand::random_range(0..36)])).collect();
        let created = secrets_manager
            .create_secret()
            .name(format!("{prefix}-{logical}"))
            .secret_string(&value)
            .send()
            .await
            .with_context(|| format!("creating secret {logical}"))?;
        let arn = created
            .arn()
            .map(str::to_owned)
            .unwrap_or_else(|| format!("arn:aws:secretsmanager:{region}:123456789012:secret:{prefix}-{logical}"));
        bindings.refs.insert(logical.into(), arn);
        bindings.secrets.insert(logical.into(), value);
    }

    let dynamo = dynamodb;
    let mut tables = HashMap::new();
    for (logical, resource) in template.resource_of_type("AWS::DynamoDB::Table") {
        let p = props(resource);
        let name = format!("{prefix}-{logical}");
        let mut request = dynamo
            .create_table()
            .table_name(&name)
            .billing_mode(BillingMode::PayPerRequest)
            .set_key_schema(Some(key_schema(p.get("KeySchema"))?));
        for definition in seq(p.get("AttributeDefinitions")) {
            request = request.attribute_definitions(
                AttributeDefinition::builder()
                    .attribute_name(text(&definition, "AttributeName").unwrap_or_default())
                    .attribute_type(ScalarAttributeType::from(
                        text(&definition, "AttributeType").unwrap_or_default().as_str(),
                    ))
                    .build()?,
            );
        }
        for index in seq(p.get("GlobalSecondaryIndexes")) {
            let projection = index.get("Projection");
            let projection = Projection::builder()
                .set_projection_type(
                    projection.and_then(|pr| text(pr, "ProjectionType")).map(|t| ProjectionType::from(t.as_str())),
                )
                .set_non_key_attributes(
                    projection
                        .and_then(|pr| pr.get("NonKeyAttributes"))
                        .and_then(Value::as_sequence)
                        .map(|attrs| attrs.iter().map(scalar).collect()),
                )
                .build();
            request = request.global_secondary_indexes(
                GlobalSecondaryIndex::builder()
                    .index_name(text(&index, "IndexName").unwrap_or_default())
                    .set_key_schema(Some(key_schema(index.get("KeySchema"))?))
                    .projection(projection)
                    .build()?,
            );
        }
        if let Some(view) = p.get("StreamSpecification").and_then(|s| text(s, "StreamViewType")) {
            request = request.stream_specification(
                StreamSpecification::builder()
                    .stream_enabled(true)
                    .stream_view_type(StreamViewType::from(view.as_str()))
                    .build()?,
            );
        }
        let created = request.send().await.with_context(|| format!("creating table {name}"))?;
        let description = created.table_description().ok_or_else(|| anyhow!("no table description for {name}"))?;
        if let Some(ttl) = p.get("TimeToLiveSpecification").and_then(|t| text(t, "AttributeName")) {
            dynamo
                .update_time_to_live()
                .table_name(&name)
                .time_to_live_specification(
                    TimeToLiveSpecification::builder().attribute_name(ttl).enabled(true).build()?,
                )
                .send()
                .await
                .with_context(|| format!("enabling TTL on {name}"))?;
        }
        bindings.refs.insert(logical.into(), name.clone());
        bindings.attributes.insert(format!("{logical}.Arn"), description.table_arn().unwrap_or_default().into());
        bindings
            .attributes
            .insert(format!("{logical}.StreamArn"), description.latest_stream_arn().unwrap_or_default().into());
        tables.insert(logical.to_owned(), name);
    }

    let cognito = aws_sdk_cognitoidentityprovider::Client::new(sdk);
    let mut user_pool_id = String::new();
    for (logical, resource) in template.resource_of_type("AWS::Cognito::UserPool") {
        use aws_sdk_cognitoidentityprovider::types::{
            PasswordPolicyType, UserPoolPolicyType, UsernameAttributeType, VerifiedAttributeType,
        };
        let p = props(resource);
        let policy = p.get("Policies").and_then(|x| x.get("PasswordPolicy"));
        let flag = |key: &str| policy.and_then(|x| x.get(key)).and_then(Value::as_bool);
        let password_policy = PasswordPolicyType::builder()
            .set_minimum_length(policy.and_then(|x| x.get("MinimumLength")).and_then(Value::as_i64).map(|n| n as i32))
            .set_require_lowercase(flag("RequireLowercase"))
            .set_require_uppercase(flag("RequireUppercase"))
            .set_require_numbers(flag("RequireNumbers"))
            .set_require_symbols(flag("RequireSymbols"))
            .build();
        let created = cognito
            .create_user_pool()
            .pool_name(format!("{prefix}-{logical}"))
            .policies(UserPoolPolicyType::builder().password_policy(password_policy).build())
            .set_username_attributes(Some(
                seq(p.get("UsernameAttributes"))
                    .iter()
                    .map(|a| UsernameAttributeType::from(scalar(a).as_str()))
                    .collect(),
            ))
            .set_username_configuration(p.get("UsernameConfiguration").and_then(|config| {
                aws_sdk_cognitoidentityprovider::types::UsernameConfigurationType::builder()
                    .case_sensitive(config.get("CaseSensitive").and_then(Value::as_bool).unwrap_or(true))
                    .build()
                    .ok()
            }))
            .set_auto_verified_attributes(Some(
                seq(p.get("AutoVerifiedAttributes"))
                    .iter()
                    .map(|a| VerifiedAttributeType::from(scalar(a).as_str()))
                    .collect(),
            ))
            .set_user_attribute_update_settings(p.get("UserAttributeUpdateSettings").map(|settings| {
                aws_sdk_cognitoidentityprovider::types::UserAttributeUpdateSettingsType::builder()
                    .set_attributes_require_verification_before_update(Some(
                        seq(settings.get("AttributesRequireVerificationBeforeUpdate"))
                            .iter()
                            .map(|a| VerifiedAttributeType::from(scalar(a).as_str()))
                            .collect(),
                    ))
                    .build()
            }))
            .set_mfa_configuration(
                text(p, "MfaConfiguration")
                    .map(|m| aws_sdk_cognitoidentityprovider::types::UserPoolMfaType::from(m.as_str())),
            )
            .send()
            .await
            .with_context(|| format!("creating user pool {logical}"))?;
        let pool = created.user_pool().ok_or_else(|| anyhow!("no user pool in the answer"))?;
        user_pool_id = pool.id().unwrap_or_default().to_owned();
        bindings.refs.insert(logical.into(), user_pool_id.clone());
        bindings.attributes.insert(format!("{logical}.Arn"), pool.arn().unwrap_or_default().into());
    }

    let mut user_pool_client_id = String::new();
    for (logical, resource) in template.resource_of_type("AWS::Cognito::UserPoolClient") {
        use aws_sdk_cognitoidentityprovider::types::{ExplicitAuthFlowsType, PreventUserExistenceErrorTypes};
        let p = props(resource);
        let pool = bindings.evaluate(p.get("UserPoolId").ok_or_else(|| anyhow!("{logical}: no UserPoolId"))?)?;
        let created = cognito
            .create_user_pool_client()
            .user_pool_id(&pool)
            .client_name(text(p, "ClientName").unwrap_or_else(|| logical.to_owned()))
            .generate_secret(p.get("GenerateSecret").and_then(Value::as_bool).unwrap_or(false))
            .set_explicit_auth_flows(Some(
                seq(p.get("ExplicitAuthFlows"))
                    .iter()
                    .map(|f| ExplicitAuthFlowsType::from(scalar(f).as_str()))
                    .collect(),
            ))
            .set_enable_token_revocation(p.get("EnableTokenRevocation").and_then(Value::as_bool))
            .set_read_attributes(p.get("ReadAttributes").map(|a| seq(Some(a)).iter().map(scalar).collect()))
            .set_write_attributes(p.get("WriteAttributes").map(|a| seq(Some(a)).iter().map(scalar).collect()))
            .set_prevent_user_existence_errors(
                text(p, "PreventUserExistenceErrors").map(|v| PreventUserExistenceErrorTypes::from(v.as_str())),
            )
            .set_access_token_validity(p.get("AccessTokenValidity").and_then(Value::as_i64).map(|v| v as i32))
            .set_id_token_validity(p.get("IdTokenValidity").and_then(Value::as_i64).map(|v| v as i32))
            .set_refresh_token_validity(p.get("RefreshTokenValidity").and_then(Value::as_i64).map(|v| v as i32))
            .set_token_validity_units(p.get("TokenValidityUnits").map(|units| {
                use aws_sdk_cognitoidentityprovider::types::{TimeUnitsType, TokenValidityUnitsType};
                let unit = |key: &str| text(units, key).map(|u| TimeUnitsType::from(u.as_str()));
                TokenValidityUnitsType::builder()
                    .set_access_token(unit("AccessToken"))
                    .set_id_token(unit("IdToken"))
                    .set_refresh_token(unit("RefreshToken"))
                    .build()
            }))
            .send()
            .await
            .with_context(|| format!("creating user pool client {logical}"))?;
        user_pool_client_id = created.user_pool_client().and_then(|c| c.client_id()).unwrap_or_default().to_owned();
        bindings.refs.insert(logical.into(), user_pool_client_id.clone());
    }

    for (logical, resource) in template.resource_of_type("AWS::Cognito::UserPoolGroup") {
        let p = props(resource);
        let pool = bindings.evaluate(p.get("UserPoolId").ok_or_else(|| anyhow!("{logical}: no UserPoolId"))?)?;
        let name = text(p, "GroupName").unwrap_or_else(|| logical.to_owned());
        cognito
            .create_group()
            .user_pool_id(pool)
            .group_name(&name)
            .set_description(text(p, "Description"))
            .send()
            .await
            .with_context(|| format!("creating group {name}"))?;
        bindings.refs.insert(logical.into(), name);
    }

    let s3 = aws_sdk_s3::Client::from_conf(aws_sdk_s3::config::Builder::from(sdk).force_path_style(true).build());
    let mut buckets = Vec::new();
    for (logical, resource) in template.resource_of_type("AWS::S3::Bucket") {
        let name = format!("{prefix}-{logical}").to_ascii_lowercase();
        s3.create_bucket().bucket(&name).send().await.with_context(|| format!("creating bucket {name}"))?;
        if let Some(rules) = lifecycle_rules(props(resource))? {
            s3.put_bucket_lifecycle_configuration()
                .bucket(&name)
                .lifecycle_configuration(rules)
                .send()
                .await
                .with_context(|| format!("setting the lifecycle rules of bucket {name}"))?;
        }
        buckets.push(name.clone());
        bindings.refs.insert(logical.into(), name.clone());
        bindings.attributes.insert(format!("{logical}.Arn"), format!("arn:aws:s3:::{name}"));
    }

    // Queues (the stream's failure queue and its dead-letter queue): created first, then their redrive policies,
    // which name other queues by ARN.
    let sqs = aws_sdk_sqs::Client::new(sdk);
    let queues = template.resource_of_type("AWS::SQS::Queue");
    for (logical, _) in &queues {
        let name = format!("{prefix}-{logical}");
        let created =
            sqs.create_queue().queue_name(&name).send().await.with_context(|| format!("creating queue {name}"))?;
        let url = created.queue_url().unwrap_or_default().to_owned();
        bindings.refs.insert((*logical).into(), url);
        bindings.attributes.insert(format!("{logical}.QueueName"), name.clone());
        bindings.attributes.insert(format!("{logical}.Arn"), format!("arn:aws:sqs:{region}:123456789012:{name}"));
    }
    for (logical, resource) in &queues {
        let Some(redrive) = props(resource).get("RedrivePolicy") else { continue };
        let target =
            bindings.evaluate(redrive.get("deadLetterTargetArn").ok_or_else(|| anyhow!("{logical}: redrive"))?)?;
        let count = redrive.get("maxReceiveCount").and_then(Value::as_u64).unwrap_or(5);
        let policy = serde_json::json!({ "deadLetterTargetArn": target, "maxReceiveCount": count }).to_string();
        sqs.set_queue_attributes()
            .queue_url(bindings.refs.get(*logical).cloned().unwrap_or_default())
            .attributes(aws_sdk_sqs::types::QueueAttributeName::RedrivePolicy, policy)
            .send()
            .await
            .with_context(|| format!("setting the redrive policy of {logical}"))?;
    }

    let ses = aws_sdk_sesv2::Client::new(sdk);
    for (logical, resource) in template.resource_of_type("AWS::SES::EmailIdentity") {
        let identity = bindings
            .evaluate(props(resource).get("EmailIdentity").ok_or_else(|| anyhow!("{logical}: no EmailIdentity"))?)?;
        ses.create_email_identity()
            .email_identity(&identity)
            .send()
            .await
            .with_context(|| format!("creating SES identity {identity}"))?;
        bindings.refs.insert(logical.into(), identity);
    }

    // Served by the local gateway itself rather than emulated.
    for (logical, _) in template.resource_of_type("AWS::Serverless::HttpApi") {
        bindings.refs.insert(logical.into(), "local".into());
    }

    Ok(Provisioned { bindings, tables, buckets, user_pool_id, user_pool_client_id, region })
}

/// A bucket's `LifecycleConfiguration` as the S3 API takes it (the fields the template uses: prefix,
/// expiration in days, and the abort of incomplete multipart uploads).
fn lifecycle_rules(properties: &Value) -> Result<Option<aws_sdk_s3::types::BucketLifecycleConfiguration>> {
    use aws_sdk_s3::types::{
        AbortIncompleteMultipartUpload, BucketLifecycleConfiguration, ExpirationStatus, LifecycleExpiration,
        LifecycleRule, LifecycleRuleFilter,
    };
    let Some(rules) =
        properties.get("LifecycleConfiguration").and_then(|c| c.get("Rules")).and_then(Value::as_sequence)
    else {
        return Ok(None);
    };
    let days = |value: Option<&Value>| value.and_then(Value::as_i64).and_then(|d| i32::try_from(d).ok());
    let mut configuration = BucketLifecycleConfiguration::builder();
    for rule in rules {
        let status = if text(rule, "Status").as_deref() == Some("Enabled") {
            ExpirationStatus::Enabled
        } else {
            ExpirationStatus::Disabled
        };
        let mut built = LifecycleRule::builder()
            .set_id(text(rule, "Id"))
            .status(status)
            .filter(LifecycleRuleFilter::builder().prefix(text(rule, "Prefix").unwrap_or_default()).build());
        if let Some(days) = days(rule.get("ExpirationInDays")) {
            built = built.expiration(LifecycleExpiration::builder().days(days).build());
        }
        if let Some(days) = days(rule.get("AbortIncompleteMultipartUpload").and_then(|a| a.get("DaysAfterInitiation")))
        {
            built = built.abort_incomplete_multipart_upload(
                AbortIncompleteMultipartUpload::builder().days_after_initiation(days).build(),
            );
        }
        configuration = configuration.rules(built.build().context("a lifecycle rule")?);
    }
    Ok(Some(configuration.build().context("a lifecycle configuration")?))
}
