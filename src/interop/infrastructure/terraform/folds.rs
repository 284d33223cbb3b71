//! Terraform resources that are settings of another resource in CloudFormation: a bucket's
//! versioning, encryption, notifications and public access block, a rule's targets, a target
//! group's targets, a queue's redrive policy, and a role's policy attachments. Each becomes
//! the setting, in CloudFormation's shape, of the resource it refers to.

use std::rc::Rc;

use super::super::yaml::Node;
use super::document::{decode, map};
use super::mapping::{Mapped, generic, list, nested};
use super::settings::Settings;
use super::values::text_node;

/// Resources that are settings of another in CloudFormation.
pub fn setting(kind: &str, settings: &Settings) -> Option<Mapped> {
    let line = settings.line;
    let attribute = |name: &str| settings.attribute(name).cloned();
    let on_bucket = |key: &'static str, value: Rc<Node>| {
        Some(Mapped::Setting { target: attribute("bucket")?, key, value, add: false })
    };
    match kind {
        "aws_s3_bucket_versioning" => {
            let status = settings.block("versioning_configuration").and_then(|v| v.attribute("status")).cloned()?;
            on_bucket("VersioningConfiguration", map(vec![("Status".to_owned(), status)], line))
        }
        "aws_s3_bucket_public_access_block" => {
            let mut properties = generic(settings);
            properties.remove("Bucket");
            on_bucket("PublicAccessBlockConfiguration", properties.into_node())
        }
        "aws_s3_bucket_server_side_encryption_configuration" => {
            on_bucket("BucketEncryption", bucket_encryption(settings))
        }
        "aws_s3_bucket_website_configuration" => on_bucket("WebsiteConfiguration", bucket_part("website", settings)),
        "aws_s3_bucket_logging" => on_bucket("LoggingConfiguration", bucket_part("logging", settings)),
        "aws_s3_bucket_cors_configuration" => on_bucket("CorsConfiguration", bucket_part("cors", settings)),
        "aws_s3_bucket_acl" => on_bucket("AccessControl", attribute("acl")?),
        "aws_s3_bucket_ownership_controls" => {
            let ownership = settings.block("rule").and_then(|r| r.attribute("object_ownership")).cloned()?;
            let rule = map(vec![("ObjectOwnership".to_owned(), ownership)], line);
            on_bucket("OwnershipControls", map(vec![("Rules".to_owned(), list(vec![rule], line))], line))
        }
        "aws_s3_bucket_notification" => on_bucket("NotificationConfiguration", notification(settings)),
        "aws_sqs_queue_redrive_policy" => Some(Mapped::Setting {
            target: attribute("queue_url")?,
            key: "RedrivePolicy",
            value: decode(&attribute("redrive_policy")?, false),
            add: false,
        }),
        "aws_cloudwatch_event_target" => {
            let mut target = generic(settings);
            target.remove("Rule");
            target.rename("TargetId", "Id");
            target.decode("Input", false);
            Some(Mapped::Setting { target: attribute("rule")?, key: "Targets", value: target.into_node(), add: true })
        }
        "aws_lb_target_group_attachment" | "aws_alb_target_group_attachment" => {
            let mut target = vec![("Id".to_owned(), attribute("target_id")?)];
            target.extend(attribute("port").map(|port| ("Port".to_owned(), port)));
            let value = map(target, line);
            Some(Mapped::Setting { target: attribute("target_group_arn")?, key: "Targets", value, add: true })
        }
        "aws_iam_role_policy_attachment" => {
            Some(Mapped::Attachment { roles: vec![attribute("role")?], policy: attribute("policy_arn")? })
        }
        "aws_iam_policy_attachment" => {
            let roles = attribute("roles").map(|r| r.items().to_vec()).unwrap_or_default();
            Some(Mapped::Attachment { roles, policy: attribute("policy_arn")? })
        }
        _ => None,
    }
}

/// `aws_s3_bucket_notification`: one configuration per event and target, as CloudFormation
/// writes them.
fn notification(settings: &Settings) -> Rc<Node> {
    let line = settings.line;
    let mut entries = Vec::new();
    for (block, key, target, cloudformation) in [
        ("lambda_function", "LambdaConfigurations", "lambda_function_arn", "Function"),
        ("queue", "QueueConfigurations", "queue_arn", "Queue"),
        ("topic", "TopicConfigurations", "topic_arn", "Topic"),
    ] {
        let mut configurations = Vec::new();
        for found in settings.blocks(block) {
            let Some(arn) = found.attribute(target) else { continue };
            let events = found.attribute("events").map(|e| e.items().to_vec()).unwrap_or_default();
            let events = if events.is_empty() { vec![text_node("s3:*", found.line)] } else { events };
            for event in events {
                let entries = vec![("Event".to_owned(), event), (cloudformation.to_owned(), Rc::clone(arn))];
                configurations.push(map(entries, found.line));
            }
        }
        if !configurations.is_empty() {
            entries.push((key.to_owned(), list(configurations, line)));
        }
    }
    if let Some(enabled) = settings.attribute("eventbridge") {
        let value = map(vec![("EventBridgeEnabled".to_owned(), Rc::clone(enabled))], line);
        entries.push(("EventBridgeConfiguration".to_owned(), value));
    }
    map(entries, line)
}

/// `server_side_encryption_configuration`, inline or its own resource.
pub fn bucket_encryption(settings: &Settings) -> Rc<Node> {
    let rules: Vec<Rc<Node>> = settings
        .blocks("rule")
        .map(|rule| {
            let mut entries = Vec::new();
            if let Some((default, at)) = nested(rule, "apply_server_side_encryption_by_default") {
                let mut inner = Vec::new();
                inner.extend(default.get("SseAlgorithm").map(|a| ("SSEAlgorithm".to_owned(), Rc::clone(a))));
                inner.extend(default.get("KmsMasterKeyId").map(|k| ("KMSMasterKeyID".to_owned(), Rc::clone(k))));
                entries.push(("ServerSideEncryptionByDefault".to_owned(), map(inner, at)));
            }
            entries.extend(rule.attribute("bucket_key_enabled").map(|b| ("BucketKeyEnabled".to_owned(), Rc::clone(b))));
            map(entries, rule.line)
        })
        .collect();
    let line = settings.line;
    map(vec![("ServerSideEncryptionConfiguration".to_owned(), list(rules, line))], line)
}

/// A bucket's website, logging or CORS settings in CloudFormation's shape.
pub fn bucket_part(kind: &str, settings: &Settings) -> Rc<Node> {
    let line = settings.line;
    let attribute = |name: &str| settings.attribute(name).cloned();
    let nested_attribute = |block: &str, name: &str| settings.block(block).and_then(|b| b.attribute(name)).cloned();
    let entries: Vec<(&str, Option<Rc<Node>>)> = match kind {
        "website" | "website_configuration" => vec![
            ("IndexDocument", attribute("index_document").or_else(|| nested_attribute("index_document", "suffix"))),
            ("ErrorDocument", attribute("error_document").or_else(|| nested_attribute("error_document", "key"))),
        ],
        "logging" => {
            vec![("DestinationBucketName", attribute("target_bucket")), ("LogFilePrefix", attribute("target_prefix"))]
        }
        _ => vec![(
            "CorsRules",
            Some(list(settings.blocks("cors_rule").map(|r| generic(r).into_node()).collect(), line)),
        )],
    };
    map(entries.into_iter().filter_map(|(k, v)| Some((k.to_owned(), v?))).collect(), line)
}
