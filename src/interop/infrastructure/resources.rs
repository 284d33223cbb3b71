//! Which CloudFormation resource types become boxes on the diagram, of which kind, and which
//! only configure others (roles, permissions, stages, routes, rules: facts and flows, not boxes).

/// What a resource type is to the diagram.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// A box of this kind (an id of `assets/kinds.ron`).
    Element(&'static str),
    /// Configuration of other resources: read for facts and flows.
    Configuration,
    /// Not understood: listed in the import summary.
    Unknown,
}

pub fn role_of(resource_type: &str) -> Role {
    let element = match resource_type {
        "AWS::Serverless::Function" | "AWS::Lambda::Function" => Some("function"),
        "AWS::Serverless::Api"
        | "AWS::ApiGateway::RestApi"
        | "AWS::Serverless::HttpApi"
        | "AWS::ApiGatewayV2::Api"
        | "AWS::AppSync::GraphQLApi"
        | "AWS::Serverless::GraphQLApi"
        | "AWS::ElasticLoadBalancingV2::LoadBalancer" => Some("api_gateway"),
        "AWS::Serverless::SimpleTable"
        | "AWS::DynamoDB::Table"
        | "AWS::DynamoDB::GlobalTable"
        | "AWS::RDS::DBCluster"
        | "AWS::RDS::DBInstance"
        | "AWS::RDS::DBProxy"
        | "AWS::OpenSearchService::Domain"
        | "AWS::Elasticsearch::Domain"
        | "AWS::QLDB::Ledger"
        | "AWS::ElastiCache::CacheCluster"
        | "AWS::ElastiCache::ReplicationGroup" => Some("database"),
        "AWS::S3::Bucket" => Some("object_storage"),
        "AWS::SQS::Queue"
        | "AWS::SNS::Topic"
        | "AWS::Events::EventBus"
        | "AWS::Kinesis::Stream"
        | "AWS::KinesisFirehose::DeliveryStream" => Some("queue"),
        "AWS::StepFunctions::StateMachine" | "AWS::Serverless::StateMachine" => Some("workflow"),
        "AWS::Cognito::UserPool" => Some("identity_provider"),
        "AWS::SecretsManager::Secret" | "AWS::SSM::Parameter" => Some("secrets_store"),
        "AWS::CloudFront::Distribution" => Some("cdn"),
        "AWS::Scheduler::Schedule" => Some("scheduled_trigger"),
        "AWS::ECS::Service" => Some("process"),
        _ => None,
    };
    if let Some(kind) = element {
        return Role::Element(kind);
    }
    const CONFIGURATION_SERVICES: [&str; 18] = [
        "AWS::Pipes::",
        "AWS::IAM::",
        "AWS::EC2::",
        "AWS::Logs::",
        "AWS::CloudWatch::",
        "AWS::KMS::",
        "AWS::WAFv2::",
        "AWS::Route53::",
        "AWS::CertificateManager::",
        "AWS::ApiGateway::",
        "AWS::ApiGatewayV2::",
        "AWS::Lambda::",
        "AWS::Cognito::",
        "AWS::CloudFront::",
        "AWS::ElasticLoadBalancingV2::",
        "AWS::AppSync::",
        "AWS::Events::",
        "AWS::ECS::",
    ];
    const CONFIGURATION: [&str; 10] = [
        "AWS::SNS::Subscription",
        "AWS::SNS::TopicPolicy",
        "AWS::SQS::QueuePolicy",
        "AWS::S3::BucketPolicy",
        "AWS::RDS::DBSubnetGroup",
        "AWS::RDS::DBProxyTargetGroup",
        "AWS::RDS::DBProxyEndpoint",
        "AWS::SecretsManager::SecretTargetAttachment",
        "AWS::SecretsManager::RotationSchedule",
        "AWS::Serverless::LayerVersion",
    ];
    if CONFIGURATION.contains(&resource_type) || CONFIGURATION_SERVICES.iter().any(|s| resource_type.starts_with(s)) {
        Role::Configuration
    } else {
        Role::Unknown
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::KindCatalog;

    #[test]
    fn every_kind_named_exists_and_configuration_is_not_a_box() {
        for t in ["AWS::Lambda::Function", "AWS::S3::Bucket", "AWS::Cognito::UserPool", "AWS::Scheduler::Schedule"] {
            let Role::Element(kind) = role_of(t) else { panic!("{t}") };
            assert!(KindCatalog::builtin().kind(kind).is_some(), "{kind}");
        }
        assert_eq!(role_of("AWS::IAM::Role"), Role::Configuration);
        assert_eq!(role_of("AWS::Lambda::Permission"), Role::Configuration);
        assert_eq!(role_of("AWS::GameLift::Fleet"), Role::Unknown);
    }
}
