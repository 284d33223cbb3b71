//! Terraform's AWS resource types in CloudFormation's terms: the CloudFormation type, and the
//! properties the shared importer reads, in CloudFormation's names and shapes. Most settings
//! have the same name in both, in another case (`rest_api_id` → `RestApiId`), so every
//! setting is copied that way first and the few that differ are reshaped by type. Resources
//! that configure another one in Terraform but are part of it in CloudFormation (a bucket's
//! versioning, a rule's target, a policy attachment) become settings of that resource.

use std::rc::Rc;

use super::super::yaml::{Node, Value};
use super::document::{decode, map};
use super::eval::Settings;
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

    /// Adds a value to the list under `key` (made a list if it was one value).
    pub fn add(&mut self, key: &str, value: Rc<Node>, line: usize) {
        let mut items = match self.remove(key) {
            Some(existing) if matches!(existing.value, Value::Seq(_)) => existing.items().to_vec(),
            Some(existing) => vec![existing],
            None => Vec::new(),
        };
        items.push(value);
        self.set(key, node(Value::Seq(items), line), line);
    }

    /// Replaces the value under `key`, if there is one.
    pub fn update(&mut self, key: &str, change: impl FnOnce(&Rc<Node>) -> Rc<Node>) {
        if let Some(at) = self.entries.iter().position(|(k, _)| k == key) {
            self.entries[at].1 = change(&self.entries[at].1);
        }
    }

    fn remove(&mut self, key: &str) -> Option<Rc<Node>> {
        let at = self.entries.iter().position(|(k, _)| k == key)?;
        self.lines.remove(at);
        Some(self.entries.remove(at).1)
    }

    fn rename(&mut self, from: &str, to: &str) {
        if let Some(at) = self.entries.iter().position(|(k, _)| k == from) {
            self.entries[at].0 = to.to_owned();
        }
    }

    /// A document held as a string (a policy), read as the document.
    fn decode(&mut self, key: &str, yaml: bool) {
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

/// Terraform types and the CloudFormation type each is.
const TYPES: &[(&str, &str)] = &[
    ("aws_lambda_function", "AWS::Lambda::Function"),
    ("aws_lambda_function_url", "AWS::Lambda::Url"),
    ("aws_lambda_event_source_mapping", "AWS::Lambda::EventSourceMapping"),
    ("aws_lambda_permission", "AWS::Lambda::Permission"),
    ("aws_lambda_function_event_invoke_config", "AWS::Lambda::EventInvokeConfig"),
    ("aws_lambda_alias", "AWS::Lambda::Alias"),
    ("aws_lambda_layer_version", "AWS::Lambda::LayerVersion"),
    ("aws_apigatewayv2_api", "AWS::ApiGatewayV2::Api"),
    ("aws_apigatewayv2_integration", "AWS::ApiGatewayV2::Integration"),
    ("aws_apigatewayv2_route", "AWS::ApiGatewayV2::Route"),
    ("aws_apigatewayv2_authorizer", "AWS::ApiGatewayV2::Authorizer"),
    ("aws_apigatewayv2_stage", "AWS::ApiGatewayV2::Stage"),
    ("aws_apigatewayv2_deployment", "AWS::ApiGatewayV2::Deployment"),
    ("aws_apigatewayv2_route_response", "AWS::ApiGatewayV2::RouteResponse"),
    ("aws_apigatewayv2_integration_response", "AWS::ApiGatewayV2::IntegrationResponse"),
    ("aws_apigatewayv2_domain_name", "AWS::ApiGatewayV2::DomainName"),
    ("aws_apigatewayv2_api_mapping", "AWS::ApiGatewayV2::ApiMapping"),
    ("aws_apigatewayv2_vpc_link", "AWS::ApiGatewayV2::VpcLink"),
    ("aws_api_gateway_rest_api", "AWS::ApiGateway::RestApi"),
    ("aws_api_gateway_resource", "AWS::ApiGateway::Resource"),
    ("aws_api_gateway_method", "AWS::ApiGateway::Method"),
    // An integration and the responses are parts of a method in CloudFormation.
    ("aws_api_gateway_integration", "AWS::ApiGateway::Method"),
    ("aws_api_gateway_method_response", "AWS::ApiGateway::Method"),
    ("aws_api_gateway_integration_response", "AWS::ApiGateway::Method"),
    ("aws_api_gateway_authorizer", "AWS::ApiGateway::Authorizer"),
    ("aws_api_gateway_deployment", "AWS::ApiGateway::Deployment"),
    ("aws_api_gateway_stage", "AWS::ApiGateway::Stage"),
    ("aws_api_gateway_method_settings", "AWS::ApiGateway::Stage"),
    ("aws_api_gateway_account", "AWS::ApiGateway::Account"),
    ("aws_api_gateway_request_validator", "AWS::ApiGateway::RequestValidator"),
    ("aws_api_gateway_model", "AWS::ApiGateway::Model"),
    ("aws_api_gateway_usage_plan", "AWS::ApiGateway::UsagePlan"),
    ("aws_api_gateway_usage_plan_key", "AWS::ApiGateway::UsagePlanKey"),
    ("aws_api_gateway_api_key", "AWS::ApiGateway::ApiKey"),
    ("aws_api_gateway_domain_name", "AWS::ApiGateway::DomainName"),
    ("aws_api_gateway_base_path_mapping", "AWS::ApiGateway::BasePathMapping"),
    ("aws_api_gateway_vpc_link", "AWS::ApiGateway::VpcLink"),
    ("aws_api_gateway_gateway_response", "AWS::ApiGateway::GatewayResponse"),
    ("aws_appsync_graphql_api", "AWS::AppSync::GraphQLApi"),
    ("aws_appsync_datasource", "AWS::AppSync::DataSource"),
    ("aws_appsync_resolver", "AWS::AppSync::Resolver"),
    ("aws_lb", "AWS::ElasticLoadBalancingV2::LoadBalancer"),
    ("aws_alb", "AWS::ElasticLoadBalancingV2::LoadBalancer"),
    ("aws_lb_listener", "AWS::ElasticLoadBalancingV2::Listener"),
    ("aws_alb_listener", "AWS::ElasticLoadBalancingV2::Listener"),
    ("aws_lb_target_group", "AWS::ElasticLoadBalancingV2::TargetGroup"),
    ("aws_alb_target_group", "AWS::ElasticLoadBalancingV2::TargetGroup"),
    ("aws_dynamodb_table", "AWS::DynamoDB::Table"),
    ("aws_s3_bucket", "AWS::S3::Bucket"),
    ("aws_s3_bucket_policy", "AWS::S3::BucketPolicy"),
    ("aws_sqs_queue", "AWS::SQS::Queue"),
    ("aws_sqs_queue_policy", "AWS::SQS::QueuePolicy"),
    ("aws_sns_topic", "AWS::SNS::Topic"),
    ("aws_sns_topic_subscription", "AWS::SNS::Subscription"),
    ("aws_sns_topic_policy", "AWS::SNS::TopicPolicy"),
    ("aws_cloudwatch_event_bus", "AWS::Events::EventBus"),
    ("aws_cloudwatch_event_rule", "AWS::Events::Rule"),
    ("aws_scheduler_schedule", "AWS::Scheduler::Schedule"),
    ("aws_sfn_state_machine", "AWS::StepFunctions::StateMachine"),
    ("aws_kinesis_stream", "AWS::Kinesis::Stream"),
    ("aws_kinesis_firehose_delivery_stream", "AWS::KinesisFirehose::DeliveryStream"),
    ("aws_cognito_user_pool", "AWS::Cognito::UserPool"),
    ("aws_cognito_user_pool_client", "AWS::Cognito::UserPoolClient"),
    ("aws_cognito_user_pool_domain", "AWS::Cognito::UserPoolDomain"),
    ("aws_cognito_identity_pool", "AWS::Cognito::IdentityPool"),
    ("aws_secretsmanager_secret", "AWS::SecretsManager::Secret"),
    ("aws_secretsmanager_secret_rotation", "AWS::SecretsManager::RotationSchedule"),
    ("aws_ssm_parameter", "AWS::SSM::Parameter"),
    ("aws_db_instance", "AWS::RDS::DBInstance"),
    ("aws_rds_cluster", "AWS::RDS::DBCluster"),
    // A cluster's instances are DB instances of the cluster in CloudFormation.
    ("aws_rds_cluster_instance", "AWS::RDS::DBInstance"),
    ("aws_db_proxy", "AWS::RDS::DBProxy"),
    ("aws_db_proxy_default_target_group", "AWS::RDS::DBProxyTargetGroup"),
    ("aws_db_proxy_target", "AWS::RDS::DBProxyTargetGroup"),
    ("aws_db_proxy_endpoint", "AWS::RDS::DBProxyEndpoint"),
    ("aws_db_subnet_group", "AWS::RDS::DBSubnetGroup"),
    ("aws_elasticache_cluster", "AWS::ElastiCache::CacheCluster"),
    ("aws_elasticache_replication_group", "AWS::ElastiCache::ReplicationGroup"),
    ("aws_opensearch_domain", "AWS::OpenSearchService::Domain"),
    ("aws_cloudfront_distribution", "AWS::CloudFront::Distribution"),
    ("aws_cloudfront_origin_access_control", "AWS::CloudFront::OriginAccessControl"),
    ("aws_cloudfront_origin_access_identity", "AWS::CloudFront::CloudFrontOriginAccessIdentity"),
    ("aws_cloudfront_function", "AWS::CloudFront::Function"),
    ("aws_iam_role", "AWS::IAM::Role"),
    ("aws_iam_role_policy", "AWS::IAM::Policy"),
    ("aws_iam_policy", "AWS::IAM::ManagedPolicy"),
    ("aws_iam_user", "AWS::IAM::User"),
    ("aws_iam_instance_profile", "AWS::IAM::InstanceProfile"),
    ("aws_kms_key", "AWS::KMS::Key"),
    ("aws_kms_alias", "AWS::KMS::Alias"),
    ("aws_vpc", "AWS::EC2::VPC"),
    ("aws_subnet", "AWS::EC2::Subnet"),
    ("aws_security_group", "AWS::EC2::SecurityGroup"),
    ("aws_security_group_rule", "AWS::EC2::SecurityGroupIngress"),
    ("aws_vpc_security_group_ingress_rule", "AWS::EC2::SecurityGroupIngress"),
    ("aws_vpc_security_group_egress_rule", "AWS::EC2::SecurityGroupEgress"),
    ("aws_internet_gateway", "AWS::EC2::InternetGateway"),
    ("aws_nat_gateway", "AWS::EC2::NatGateway"),
    ("aws_eip", "AWS::EC2::EIP"),
    ("aws_route_table", "AWS::EC2::RouteTable"),
    ("aws_route", "AWS::EC2::Route"),
    ("aws_route_table_association", "AWS::EC2::SubnetRouteTableAssociation"),
    ("aws_vpc_endpoint", "AWS::EC2::VPCEndpoint"),
    ("aws_instance", "AWS::EC2::Instance"),
    ("aws_cloudwatch_log_group", "AWS::Logs::LogGroup"),
    ("aws_cloudwatch_log_resource_policy", "AWS::Logs::ResourcePolicy"),
    ("aws_cloudwatch_log_subscription_filter", "AWS::Logs::SubscriptionFilter"),
    ("aws_cloudwatch_metric_alarm", "AWS::CloudWatch::Alarm"),
    ("aws_wafv2_web_acl", "AWS::WAFv2::WebACL"),
    ("aws_wafv2_web_acl_association", "AWS::WAFv2::WebACLAssociation"),
    ("aws_wafv2_ip_set", "AWS::WAFv2::IPSet"),
    ("aws_route53_record", "AWS::Route53::RecordSet"),
    ("aws_route53_zone", "AWS::Route53::HostedZone"),
    ("aws_acm_certificate", "AWS::CertificateManager::Certificate"),
    ("aws_ecs_cluster", "AWS::ECS::Cluster"),
    ("aws_ecs_service", "AWS::ECS::Service"),
    ("aws_ecs_task_definition", "AWS::ECS::TaskDefinition"),
];

/// A Terraform AWS resource in CloudFormation's terms.
pub fn map_resource(kind: &str, settings: &Settings) -> Mapped {
    if let Some(mapped) = setting(kind, settings) {
        return mapped;
    }
    let mut properties = generic(settings);
    let cloudformation = TYPES.iter().find(|(t, _)| *t == kind).map(|(_, c)| (*c).to_owned());
    let cloudformation = cloudformation.unwrap_or_else(|| format!("Terraform::{kind}"));
    reshape(kind, settings, &mut properties);
    Mapped::Resource { kind: cloudformation, properties }
}

/// Every setting in CloudFormation's case: attributes as they are, a nested block as an
/// object, blocks of a type that repeats as a list of objects.
fn generic(settings: &Settings) -> Properties {
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
fn nested(settings: &Settings, kind: &str) -> Option<(Properties, usize)> {
    settings.block(kind).map(|b| (generic(b), b.line))
}

fn list(items: Vec<Rc<Node>>, line: usize) -> Rc<Node> {
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

/// `server_side_encryption_configuration`, inline or its own resource.
fn bucket_encryption(settings: &Settings) -> Rc<Node> {
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
fn bucket_part(kind: &str, settings: &Settings) -> Rc<Node> {
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

/// Resources that are settings of another in CloudFormation.
fn setting(kind: &str, settings: &Settings) -> Option<Mapped> {
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
