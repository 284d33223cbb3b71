//! Terraform's AWS resource types in CloudFormation's terms: the CloudFormation type, and the
//! properties the shared importer reads, in CloudFormation's names and shapes. Most settings
//! have the same name in both, in another case (`rest_api_id` → `RestApiId`), so every
//! setting is copied that way first and the few that differ are reshaped by type. Resources
//! that configure another one in Terraform but are part of it in CloudFormation (a bucket's
//! versioning, a rule's target, a policy attachment) become settings of that resource.

use std::rc::Rc;

use super::super::yaml::{Node, Value};
use super::document::{decode, map};
use super::folds::{bucket_encryption, bucket_part, setting};
use super::settings::Settings;
use super::types::cloudformation_type;
use super::values::{known_bool, known_number, node, pascal, text_node};

/// A resource's properties being built, in order, with the line of each.
pub struct Properties {
    entries: Vec<(String, Rc<Node>)>,
    lines: Vec<usize>,
    pub line: usize,
}

impl Properties {
    fn new(line: usize) -> Self {
        Self { entries: Vec::new(), lines: Vec::new(), line }
    }

    pub fn get(&self, key: &str) -> Option<&Rc<Node>> {
        self.entries.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    pub fn set(&mut self, key: &str, value: Rc<Node>, line: usize) {
        match self.entries.iter().position(|(k, _)| k == key) {
            Some(at) => {
                self.entries[at].1 = value;
                self.lines[at] = line;
            }
            None => {
                self.entries.push((key.to_owned(), value));
                self.lines.push(line);
            }
        }
    }

    /// Adds values to the list under `key` (made a list if it was one value).
    pub fn add(&mut self, key: &str, values: Vec<Rc<Node>>) {
        let line = values.first().map_or(self.line, |v| v.line);
        let mut items = match self.remove(key) {
            Some(existing) if matches!(existing.value, Value::Seq(_)) => existing.items().to_vec(),
            Some(existing) => vec![existing],
            None => Vec::new(),
        };
        items.extend(values);
        self.set(key, node(Value::Seq(items), line), line);
    }

    /// Replaces the value under `key`, if there is one.
    pub fn update(&mut self, key: &str, change: impl FnOnce(&Rc<Node>) -> Rc<Node>) {
        if let Some(at) = self.entries.iter().position(|(k, _)| k == key) {
            self.entries[at].1 = change(&self.entries[at].1);
        }
    }

    pub fn remove(&mut self, key: &str) -> Option<Rc<Node>> {
        let at = self.entries.iter().position(|(k, _)| k == key)?;
        self.lines.remove(at);
        Some(self.entries.remove(at).1)
    }

    pub fn rename(&mut self, from: &str, to: &str) {
        if let Some(at) = self.entries.iter().position(|(k, _)| k == from) {
            self.entries[at].0 = to.to_owned();
        }
    }

    /// A document held as a string (a policy), read as the document.
    pub fn decode(&mut self, key: &str, yaml: bool) {
        self.update(key, |value| decode(value, yaml));
    }

    pub fn into_node(self) -> Rc<Node> {
        node(Value::Map(self.entries, self.lines), self.line)
    }
}

/// What one Terraform resource is to the template.
pub enum Mapped {
    /// A resource of its own.
    Resource { kind: String, properties: Properties },
    /// Settings of the resource `target` refers to: `value` under `key`, added to a list
    /// there when `add`.
    Setting { target: Rc<Node>, key: &'static str, value: Rc<Node>, add: bool },
    /// Roles given a policy: the policy's `Roles` when it is one of the configuration's, else
    /// each role's `ManagedPolicyArns`.
    Attachment { roles: Vec<Rc<Node>>, policy: Rc<Node> },
}

/// A Terraform AWS resource in CloudFormation's terms.
pub fn map_resource(kind: &str, settings: &Settings) -> Mapped {
    if let Some(mapped) = setting(kind, settings) {
        return mapped;
    }
    let mut properties = generic(settings);
    // A type not mapped keeps its name, so the summary lists it as not understood.
    let cloudformation = cloudformation_type(kind).map_or_else(|| format!("Terraform::{kind}"), str::to_owned);
    reshape(kind, settings, &mut properties);
    Mapped::Resource { kind: cloudformation, properties }
}

/// Every setting in CloudFormation's case: attributes as they are, a nested block as an
/// object, blocks of a type that repeats as a list of objects.
pub fn generic(settings: &Settings) -> Properties {
    let mut properties = Properties::new(settings.line);
    for (key, value, line) in &settings.attributes {
        // `x = null` is Terraform's "not set"; so is a null for every instance.
        let null = |v: &Node| matches!(v.value, Value::Null);
        if null(value)
            || (matches!(value.value, Value::Seq(_))
                && !value.items().is_empty()
                && value.items().iter().all(|i| null(i)))
        {
            continue;
        }
        properties.set(&pascal(key), Rc::clone(value), *line);
    }
    let mut kinds: Vec<&str> = Vec::new();
    for (kind, _) in &settings.blocks {
        if !kinds.contains(&kind.as_str()) {
            kinds.push(kind);
        }
    }
    for kind in kinds {
        let blocks: Vec<&Settings> = settings.blocks(kind).collect();
        let line = blocks.first().map_or(settings.line, |b| b.line);
        let value = match blocks.as_slice() {
            [one] => generic(one).into_node(),
            many => node(Value::Seq(many.iter().map(|b| generic(b).into_node()).collect()), line),
        };
        properties.set(&pascal(kind), value, line);
    }
    properties
}

/// The nested block `kind` as CloudFormation properties, and its line.
pub fn nested(settings: &Settings, kind: &str) -> Option<(Properties, usize)> {
    settings.block(kind).map(|b| (generic(b), b.line))
}

pub fn list(items: Vec<Rc<Node>>, line: usize) -> Rc<Node> {
    node(Value::Seq(items), line)
}

/// One value as a list, a list as it is.
fn as_list(value: &Rc<Node>) -> Rc<Node> {
    match value.value {
        Value::Seq(_) => Rc::clone(value),
        _ => list(vec![Rc::clone(value)], value.line),
    }
}

/// Where each type's settings differ from CloudFormation's.
fn reshape(kind: &str, settings: &Settings, p: &mut Properties) {
    let line = p.line;
    match kind {
        // -1 is Terraform's "no reserved concurrency".
        "aws_lambda_function" if p.get("ReservedConcurrentExecutions").and_then(|r| known_number(r)) == Some(-1.0) => {
            p.remove("ReservedConcurrentExecutions");
        }
        "aws_lambda_function_url" => {
            p.rename("FunctionName", "TargetFunctionArn");
            p.rename("AuthorizationType", "AuthType");
        }
        "aws_apigatewayv2_api" | "aws_api_gateway_rest_api" => {
            p.decode("Body", true);
            p.decode("Policy", false);
        }
        "aws_apigatewayv2_authorizer" => p.rename("IdentitySources", "IdentitySource"),
        "aws_api_gateway_authorizer" => {
            p.rename("ProviderArns", "ProviderARNs");
            // Terraform's default authorizer type.
            if p.get("Type").is_none() {
                p.set("Type", text_node("TOKEN", line), line);
            }
        }
        "aws_api_gateway_integration" => into_method(p, "Integration", None),
        "aws_api_gateway_method_response" => into_method(p, "MethodResponses", None),
        "aws_api_gateway_integration_response" => into_method(p, "Integration", Some("IntegrationResponses")),
        "aws_api_gateway_model" => p.decode("Schema", false),
        "aws_appsync_datasource" => p.rename("DynamodbConfig", "DynamoDBConfig"),
        "aws_lb" | "aws_alb" if p.get("Internal").and_then(|i| known_bool(i)) == Some(true) => {
            p.set("Scheme", text_node("internal", line), line);
        }
        "aws_lb_listener" | "aws_alb_listener" => {
            if let Some(actions) = p.remove("DefaultAction") {
                p.set("DefaultActions", as_list(&actions), actions.line);
            }
        }
        "aws_dynamodb_table" => dynamodb_table(settings, p),
        "aws_s3_bucket" => s3_bucket(settings, p),
        "aws_s3_bucket_policy" => p.rename("Policy", "PolicyDocument"),
        "aws_sqs_queue" => {
            p.rename("Name", "QueueName");
            p.rename("VisibilityTimeoutSeconds", "VisibilityTimeout");
            p.rename("MessageRetentionSeconds", "MessageRetentionPeriod");
            p.decode("RedrivePolicy", false);
            p.decode("RedriveAllowPolicy", false);
            p.decode("Policy", false);
        }
        "aws_sqs_queue_policy" => {
            if let Some(queue) = p.remove("QueueUrl") {
                p.set("Queues", as_list(&queue), queue.line);
            }
            p.rename("Policy", "PolicyDocument");
        }
        "aws_sns_topic" => {
            p.rename("Name", "TopicName");
            p.decode("Policy", false);
        }
        "aws_sns_topic_subscription" => {
            p.decode("FilterPolicy", false);
            p.decode("RedrivePolicy", false);
        }
        "aws_sns_topic_policy" => {
            if let Some(topic) = p.remove("Arn") {
                p.set("Topics", as_list(&topic), topic.line);
            }
            p.rename("Policy", "PolicyDocument");
        }
        "aws_cloudwatch_event_rule" => {
            p.decode("EventPattern", false);
            if let Some(enabled) = p.remove("IsEnabled").and_then(|e| known_bool(&e)) {
                p.set("State", text_node(if enabled { "ENABLED" } else { "DISABLED" }, line), line);
            }
        }
        "aws_sfn_state_machine" => {
            p.rename("Name", "StateMachineName");
            p.rename("Type", "StateMachineType");
            p.decode("Definition", false);
            // A definition read as JSON is CloudFormation's `Definition`; one still a string
            // (not JSON, or not known) its `DefinitionString`.
            if !matches!(p.get("Definition").map(|d| &d.value), Some(Value::Map(..)) | None) {
                p.rename("Definition", "DefinitionString");
            }
        }
        "aws_kinesis_stream" => {
            p.rename("RetentionPeriod", "RetentionPeriodHours");
            let kind = p.remove("EncryptionType");
            let key = p.remove("KmsKeyId");
            if let (Some(kind), key) = (kind, key) {
                let mut entries = vec![("EncryptionType".to_owned(), kind)];
                entries.extend(key.map(|k| ("KeyId".to_owned(), k)));
                p.set("StreamEncryption", map(entries, line), line);
            }
        }
        "aws_cognito_user_pool" => p.rename("Name", "UserPoolName"),
        "aws_db_instance" | "aws_rds_cluster_instance" => {
            p.rename("Identifier", "DBInstanceIdentifier");
            p.rename("InstanceClass", "DBInstanceClass");
            p.rename("ClusterIdentifier", "DBClusterIdentifier");
            p.rename("Username", "MasterUsername");
            p.rename("Password", "MasterUserPassword");
            p.rename("VpcSecurityGroupIds", "VPCSecurityGroups");
            p.rename("DbSubnetGroupName", "DBSubnetGroupName");
            p.rename("IamDatabaseAuthenticationEnabled", "EnableIAMDatabaseAuthentication");
        }
        "aws_rds_cluster" => {
            p.rename("ClusterIdentifier", "DBClusterIdentifier");
            p.rename("MasterPassword", "MasterUserPassword");
            p.rename("DbSubnetGroupName", "DBSubnetGroupName");
            p.rename("IamDatabaseAuthenticationEnabled", "EnableIAMDatabaseAuthentication");
        }
        "aws_db_proxy" => {
            p.rename("Name", "DBProxyName");
            p.rename("RequireTls", "RequireTLS");
            if let Some(auth) = p.remove("Auth") {
                p.set("Auth", as_list(&auth), auth.line);
            }
        }
        "aws_lambda_event_source_mapping" => {
            if let Some(filter) = p.remove("FilterCriteria") {
                let filters = filter.get("Filter").map(as_list).unwrap_or_else(|| list(Vec::new(), filter.line));
                p.set("FilterCriteria", map(vec![("Filters".to_owned(), filters)], filter.line), filter.line);
            }
        }
        "aws_db_proxy_endpoint" => {
            p.rename("DbProxyName", "DBProxyName");
            p.rename("DbProxyEndpointName", "DBProxyEndpointName");
        }
        "aws_db_proxy_default_target_group" | "aws_db_proxy_target" => {
            p.rename("DbProxyName", "DBProxyName");
            for (from, to) in
                [("DbClusterIdentifier", "DBClusterIdentifiers"), ("DbInstanceIdentifier", "DBInstanceIdentifiers")]
            {
                if let Some(value) = p.remove(from) {
                    p.set(to, as_list(&value), value.line);
                }
            }
        }
        "aws_cloudfront_distribution" => cloudfront(settings, p),
        "aws_iam_role" => {
            p.rename("Name", "RoleName");
            p.rename("AssumeRolePolicy", "AssumeRolePolicyDocument");
            p.decode("AssumeRolePolicyDocument", false);
            p.remove("InlinePolicy");
            let policies: Vec<Rc<Node>> = settings
                .blocks("inline_policy")
                .filter_map(|b| {
                    let document = decode(b.attribute("policy")?, false);
                    let mut entries = vec![("PolicyDocument".to_owned(), document)];
                    entries.extend(b.attribute("name").map(|n| ("PolicyName".to_owned(), Rc::clone(n))));
                    Some(map(entries, b.line))
                })
                .collect();
            if !policies.is_empty() {
                p.set("Policies", list(policies, line), line);
            }
        }
        "aws_iam_role_policy" => {
            p.rename("Name", "PolicyName");
            if let Some(role) = p.remove("Role") {
                p.set("Roles", as_list(&role), role.line);
            }
            p.rename("Policy", "PolicyDocument");
        }
        "aws_iam_policy" => {
            p.rename("Name", "ManagedPolicyName");
            p.rename("Policy", "PolicyDocument");
        }
        "aws_iam_user" => p.rename("Name", "UserName"),
        "aws_kms_key" => p.rename("Policy", "KeyPolicy"),
        "aws_kms_alias" => p.rename("Name", "AliasName"),
        "aws_cloudwatch_log_group" => p.rename("Name", "LogGroupName"),
        "aws_wafv2_web_acl_association" => p.rename("WebAclArn", "WebACLArn"),
        _ => {}
    }
    for key in ["PolicyDocument", "KeyPolicy"] {
        p.decode(key, false);
    }
}

/// A REST API integration or response as the part of a method it is in CloudFormation: the
/// method's ids stay, the rest goes under `key` (a list when it is the responses).
fn into_method(p: &mut Properties, key: &str, inner: Option<&str>) {
    let line = p.line;
    let mut part = Properties::new(line);
    for (k, v) in std::mem::take(&mut p.entries) {
        if ["RestApiId", "ResourceId", "HttpMethod"].contains(&k.as_str()) {
            p.entries.push((k, v));
        } else {
            part.set(&k, v, line);
        }
    }
    p.lines = vec![line; p.entries.len()];
    let part = part.into_node();
    let value = match (key, inner) {
        ("MethodResponses", _) => list(vec![part], line),
        (_, Some(inner)) => map(vec![(inner.to_owned(), list(vec![part], line))], line),
        _ => part,
    };
    p.set(key, value, line);
}

fn dynamodb_table(settings: &Settings, p: &mut Properties) {
    let line = p.line;
    p.rename("Name", "TableName");
    if let Some((recovery, at)) = nested(settings, "point_in_time_recovery") {
        p.remove("PointInTimeRecovery");
        if let Some(enabled) = recovery.get("Enabled") {
            let value = map(vec![("PointInTimeRecoveryEnabled".to_owned(), Rc::clone(enabled))], at);
            p.set("PointInTimeRecoverySpecification", value, at);
        }
    }
    if let Some((encryption, at)) = nested(settings, "server_side_encryption") {
        p.remove("ServerSideEncryption");
        let mut entries = Vec::new();
        entries.extend(encryption.get("Enabled").map(|e| ("SSEEnabled".to_owned(), Rc::clone(e))));
        // A key of the customer's: encryption with KMS under that key.
        if let Some(key) = encryption.get("KmsKeyArn") {
            entries.push(("SSEType".to_owned(), text_node("KMS", at)));
            entries.push(("KMSMasterKeyId".to_owned(), Rc::clone(key)));
        }
        p.set("SSESpecification", map(entries, at), at);
    }
    if p.get("StreamEnabled").and_then(|s| known_bool(s)) == Some(true) {
        let view = p.get("StreamViewType").cloned().unwrap_or_else(|| text_node("NEW_AND_OLD_IMAGES", line));
        p.set("StreamSpecification", map(vec![("StreamViewType".to_owned(), view)], line), line);
    }
}

/// A bucket, with the settings older Terraform wrote inside it.
fn s3_bucket(settings: &Settings, p: &mut Properties) {
    p.rename("Bucket", "BucketName");
    p.rename("Acl", "AccessControl");
    if let Some((versioning, at)) = nested(settings, "versioning") {
        p.remove("Versioning");
        let enabled = versioning.get("Enabled").and_then(|e| known_bool(e)) == Some(true);
        let status = text_node(if enabled { "Enabled" } else { "Suspended" }, at);
        p.set("VersioningConfiguration", map(vec![("Status".to_owned(), status)], at), at);
    }
    if let Some(encryption) = settings.block("server_side_encryption_configuration") {
        p.remove("ServerSideEncryptionConfiguration");
        p.set("BucketEncryption", bucket_encryption(encryption), encryption.line);
    }
    for (kind, key) in [("website", "WebsiteConfiguration"), ("logging", "LoggingConfiguration")] {
        if let Some(block) = settings.block(kind) {
            p.remove(&pascal(kind));
            p.set(key, bucket_part(kind, block), block.line);
        }
    }
}

fn cloudfront(settings: &Settings, p: &mut Properties) {
    let line = p.line;
    p.remove("Origin");
    let origins: Vec<Rc<Node>> = settings
        .blocks("origin")
        .map(|origin| {
            let mut properties = generic(origin);
            properties.rename("OriginId", "Id");
            properties.into_node()
        })
        .collect();
    p.rename("WebAclId", "WebACLId");
    let mut config = Properties::new(line);
    for (key, value) in std::mem::take(&mut p.entries) {
        if key == "Tags" {
            p.entries.push((key, value));
        } else {
            config.set(&key, value, line);
        }
    }
    p.lines = vec![line; p.entries.len()];
    config.set("Origins", list(origins, line), line);
    p.set("DistributionConfig", config.into_node(), line);
}
