//! Bring in the real app from its infrastructure as code. This part reads AWS CloudFormation
//! and SAM templates (YAML with short-form tags, and JSON): resources become elements of the
//! right kind, configuration-only resources become facts and flows, flows come from the
//! evidence (each labelled with it), the internet and the cloud account (and a VPC where
//! functions or databases are attached) become trust boundaries, and the diagram is laid out.
//! Whatever is not understood is listed in the summary, never silently dropped. Pure: text in,
//! model and summary out.

mod facts;
mod flows;
mod names;
mod nested;
mod resources;
mod serverless;
pub mod sources;
mod template;
mod terraform;
mod update;
pub(crate) mod yaml;

use std::collections::{HashMap, HashSet};

use sources::SourceFiles;

use crate::model::{
    Boundary, BoundaryId, BoundaryKind, Element, ElementId, ElementSource, Flow, FlowId, Point, Rect, SourcedAnswer,
    ThreatModel,
};
use flows::{DEFAULT_BUS, Found, flows_of};
use resources::{Role, role_of};
use template::{Resource, Template};
use yaml::Budget;

pub use update::{InfrastructureUpdate, update_from};
pub use yaml::SyntaxError;

/// A template read into a model, with what the user should know about the import.
pub struct InfrastructureImport {
    pub model: ThreatModel,
    /// One line each: facts read, flows to check, what was not understood.
    pub summary: Vec<String>,
}

/// Why a file could not be imported, and where.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("line {line}, column {column}: {message}")]
pub struct InfrastructureError {
    /// The file at fault when it is not the one the import started with (an included file, a
    /// module), relative to it.
    pub file: Option<String>,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl InfrastructureError {
    /// An error with no place in a file: a folder with nothing to import in it.
    pub fn whole(message: impl Into<String>) -> Self {
        Self { file: None, line: 1, column: 1, message: message.into() }
    }

    pub(crate) fn syntax(error: yaml::SyntaxError, file: Option<String>) -> Self {
        Self { file, line: error.line, column: error.column, message: error.message }
    }
}

/// Reads a CloudFormation or SAM template (`name` is how the summary and descriptions name
/// the file).
pub fn import_template(text: &str, name: &str) -> Result<InfrastructureImport, InfrastructureError> {
    let root = yaml::parse(text).map_err(|e| InfrastructureError::syntax(e, None))?;
    let (template, kind) = template_of(&root)?;
    Ok(build(template, name, kind, Vec::new(), Naming::default()))
}

/// The template in a parsed file, and how the summary names its kind; or why it is none.
fn template_of(root: &yaml::Node) -> Result<(Template, &'static str), InfrastructureError> {
    let template = Template::read(root).map_err(|message| InfrastructureError {
        file: None,
        line: root.line,
        column: 1,
        message,
    })?;
    let kind = if template.serverless { "a SAM template" } else { "a CloudFormation template" };
    Ok((template, kind))
}

/// Names a Serverless Framework service file can have, in the order the framework looks.
const SERVICE_FILES: [&str; 3] = ["serverless.yml", "serverless.yaml", "serverless.json"];

/// Imports what `path` holds, relative to where `files` start (`""` for that folder itself): a
/// CloudFormation or SAM template, a Serverless Framework service (its serverless.yml or its
/// folder) or a Terraform configuration (a folder of .tf files, or one of them). The format
/// is told by content, and an error says when it is none of them.
pub fn import_infrastructure(files: &dyn SourceFiles, path: &str) -> Result<InfrastructureImport, InfrastructureError> {
    let listed = files.list(path);
    let name = |p: &str| p.rsplit('/').next().filter(|n| !n.is_empty()).unwrap_or("infrastructure").to_owned();
    if !listed.is_empty() {
        // A folder: a service in it, else Terraform files, else its one template.
        if let Some(file) = SERVICE_FILES.iter().find(|f| listed.iter().any(|l| l == *f)) {
            let service = sources::join(path, file);
            return import_infrastructure(files, &service).map_err(|mut err| {
                err.file.get_or_insert(file.to_string());
                err
            });
        }
        let folder_name =
            if path.is_empty() { files.root_name().unwrap_or_else(|| "configuration".to_owned()) } else { name(path) };
        let mut budget = Budget::new();
        if terraform::is_configuration(files, path) {
            let (template, notes) = terraform::read(files, path, &mut budget)?;
            let naming = terraform_naming(&template);
            return Ok(build(template, &folder_name, "a Terraform configuration", notes, naming));
        }
        return Err(InfrastructureError::whole(format!(
            "{folder_name} has no serverless.yml and no Terraform (.tf) files: open a template file itself"
        )));
    }
    let text = files.read(path).map_err(InfrastructureError::whole)?;
    let file_name = name(path);
    if file_name.ends_with(".tf") || file_name.ends_with(".tf.json") {
        let folder = sources::folder_of(path);
        let mut budget = Budget::new();
        let (template, notes) = terraform::read(files, folder, &mut budget)?;
        let folder_name = match folder {
            "" => files.root_name().unwrap_or_else(|| file_name.clone()),
            folder => name(folder),
        };
        let naming = terraform_naming(&template);
        return Ok(build(template, &folder_name, "a Terraform configuration", notes, naming));
    }
    let root = yaml::parse(&text).map_err(|e| InfrastructureError::syntax(e, None))?;
    if serverless::is_service(&root) {
        let mut budget = Budget::new();
        let (template, notes, naming) = serverless::read(files, path, &mut budget)?;
        return Ok(build(template, &file_name, "a Serverless Framework service", notes, naming));
    }
    let (mut template, kind) = template_of(&root)?;
    let (mut naming, mut notes) = (Naming::default(), Vec::new());
    nested::include(files, path, &mut template, (&mut naming, &mut notes), &mut Budget::new());
    Ok(build(template, &file_name, kind, notes, naming))
}

/// Terraform resources shown by their own name (`aws_sqs_queue.orders` as `orders`), or by
/// the name they deploy with when theirs says nothing (`this`, `main`); the full address
/// where two would read the same.
fn terraform_naming(template: &Template) -> Naming {
    const NAME_PROPERTIES: [&str; 7] =
        ["FunctionName", "TableName", "QueueName", "TopicName", "BucketName", "Name", "StateMachineName"];
    let boxes: Vec<&Resource> =
        template.resources.iter().filter(|r| matches!(role_of(&r.kind), Role::Element(_))).collect();
    let short = |resource: &Resource| -> String {
        let own = resource.id.rsplit('.').next().unwrap_or(&resource.id);
        if !matches!(own, "this" | "main" | "default" | "lambda" | "example") {
            return own.to_owned();
        }
        let deployed = NAME_PROPERTIES.iter().find_map(|p| resource.property(p)).and_then(|n| n.text());
        match deployed.filter(|n| !n.contains("${") && !n.is_empty()) {
            Some(name) => name.into_owned(),
            None => resource
                .id
                .rsplit('.')
                .take(2)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect::<Vec<_>>()
                .join(".")
                .trim_start_matches("aws_")
                .to_owned(),
        }
    };
    let names: Vec<String> = boxes.iter().map(|r| short(r)).collect();
    let mut uses: HashMap<&str, usize> = HashMap::new();
    for name in &names {
        *uses.entry(name.as_str()).or_default() += 1;
    }
    let mut display = HashMap::new();
    for (resource, name) in boxes.iter().zip(&names) {
        let unique = uses.get(name.as_str()) == Some(&1);
        display.insert(resource.id.clone(), if unique { name.clone() } else { resource.id.clone() });
    }
    Naming { display, aliases: HashMap::new(), title: None }
}

/// How a reader names resources beyond their ids: a Serverless Framework function
/// `CreateLambdaFunction` is shown as `create`, and named so in state machine definitions.
#[derive(Default)]
pub(crate) struct Naming {
    /// Resource id → the name the diagram shows.
    pub display: HashMap<String, String>,
    /// Another name for a resource id, as templates refer to it.
    pub aliases: HashMap<String, String>,
    /// The app's own name, when the file gives one (a service's `service:`).
    pub title: Option<String>,
}

/// The model of a template, whichever format it was read from (`kind_of_template` names the
/// format in the summary; `notes` are what reading it found worth saying).
fn build(
    mut template: Template,
    name: &str,
    kind_of_template: &'static str,
    notes: Vec<String>,
    naming: Naming,
) -> InfrastructureImport {
    let mut builder = Builder::new(name);
    if let Some(title) = naming.title.as_ref().filter(|t| !t.trim().is_empty()) {
        builder.model.name = title.clone();
    }
    builder.naming = naming;
    template.apply_globals();
    template.attach_role_policies(&mut builder.budget);
    builder.elements(&template);
    builder.flows(&template);
    builder.third_parties(&template);
    builder.entry_points();
    builder.boundaries(&template);
    builder.kind_of_template = kind_of_template;
    builder.summary.extend(notes);
    if builder.budget.spent() {
        builder.summary.push("The template is too large to read whole: some facts and flows may be missing".to_owned());
    }
    builder.finish()
}

struct Builder {
    file: String,
    model: ThreatModel,
    /// Logical id → element, and where it is in the model's list.
    elements: HashMap<String, ElementId>,
    positions: HashMap<String, usize>,
    flows: HashSet<(ElementId, ElementId)>,
    summary: Vec<String>,
    budget: Budget,
    kind_of_template: &'static str,
    naming: Naming,
}

impl Builder {
    fn new(file: &str) -> Self {
        let stem = file.rsplit(['/', '\\']).next().unwrap_or(file);
        Self {
            file: stem.to_owned(),
            model: ThreatModel::new(stem.rsplit_once('.').map_or(stem, |(s, _)| s)),
            elements: HashMap::new(),
            positions: HashMap::new(),
            flows: HashSet::new(),
            summary: Vec::new(),
            budget: Budget::new(),
            kind_of_template: "a CloudFormation template",
            naming: Naming::default(),
        }
    }

    fn add_element(&mut self, logical_id: &str, kind: &str, description: String) -> ElementId {
        self.add_element_from(logical_id, kind, description, (self.file.clone(), 0))
    }

    /// An element with the file and line of the resource it stands for.
    fn add_element_from(
        &mut self,
        logical_id: &str,
        kind: &str,
        description: String,
        (file, line): (String, usize),
    ) -> ElementId {
        if let Some(id) = self.elements.get(logical_id) {
            return id.clone();
        }
        let id = ElementId::new(format!("e{}", self.model.elements.len() + 1));
        let name = self.naming.display.get(logical_id).map_or(logical_id, String::as_str);
        let mut element = Element::new(id.clone(), kind, name);
        element.description = description;
        element.source = Some(ElementSource::new(logical_id, file, line));
        self.positions.insert(logical_id.to_owned(), self.model.elements.len());
        self.model.elements.push(element);
        self.elements.insert(logical_id.to_owned(), id.clone());
        id
    }

    /// The element made for a logical id, found without a scan.
    fn element_mut(&mut self, logical_id: &str) -> Option<&mut Element> {
        let at = *self.positions.get(logical_id)?;
        self.model.elements.get_mut(at)
    }

    /// Applies facts to the element of a logical id and notes each in the summary.
    fn apply_facts(&mut self, logical_id: &str, facts: &[facts::Fact]) {
        let Some(element) = self.element_mut(logical_id) else { return };
        let applied = facts::apply(element, facts);
        if let Some(source) = element.source.as_mut() {
            for fact in facts.iter().filter(|f| element.properties.get(f.property) == Some(&f.answer)) {
                let given = SourcedAnswer { answer: fact.answer.clone(), evidence: fact.evidence.clone() };
                source.answers.insert(fact.property.to_owned(), given);
            }
        }
        let name = element.name.clone();
        self.summary.extend(applied.into_iter().map(|a| format!("{name}: {a}")));
    }

    /// A box for every resource that is one; the rest is configuration or listed as unknown.
    fn elements(&mut self, template: &Template) {
        // Facts that configuration resources give the elements they configure, applied once
        // every element exists (an authorizer may come before its API in the file).
        let mut configured = Vec::new();
        for resource in &template.resources {
            match role_of(&resource.kind) {
                Role::Element(kind) => {
                    let file = resource.file.clone().unwrap_or_else(|| self.file.clone());
                    let description = format!("{} {}, from {file} line {}.", resource.kind, resource.id, resource.line);
                    self.add_element_from(&resource.id, kind, description, (file, resource.line));
                    let facts = facts::facts_of(resource, &mut self.budget);
                    self.apply_facts(&resource.id, &facts);
                }
                Role::Configuration => {
                    for (api, fact) in facts::configured(resource, &mut self.budget) {
                        configured.push((api, fact));
                    }
                    if resource.kind == "AWS::Events::Rule" && resource.property("ScheduleExpression").is_some() {
                        let file = resource.file.clone().unwrap_or_else(|| self.file.clone());
                        let description = format!("Schedule {}, from {file} line {}.", resource.id, resource.line);
                        self.add_element_from(&resource.id, "scheduled_trigger", description, (file, resource.line));
                    }
                }
                Role::Unknown => self.summary.push(not_understood(resource)),
            }
        }
        // A bucket's public access block outranks a public policy: AWS refuses the policy.
        // Other settings (an authorizer resource on an API) say more than the API's defaults.
        for (target, fact) in configured {
            let blocked = fact.property == "public_access"
                && self.element_mut(&target).is_some_and(|e| e.properties.contains_key(fact.property));
            if !blocked {
                self.apply_facts(&target, std::slice::from_ref(&fact));
            }
        }
    }

    /// Flows from every resource's evidence, joined through configuration in between (a load
    /// balancer's listener to its target group to the function).
    fn flows(&mut self, template: &Template) {
        let implicit =
            |kind: &str| if kind == "Api" { "ServerlessRestApi".to_owned() } else { "ServerlessHttpApi".to_owned() };
        let mut found: Vec<Found> = Vec::new();
        for resource in &template.resources {
            found.extend(flows_of(resource, &mut self.budget, &implicit));
        }
        let known: HashSet<&str> = template.resources.iter().map(|r| r.id.as_str()).collect();
        // Boxes the template implies without declaring: SAM's implicit APIs, schedules, the
        // default event bus.
        let with_auth: HashSet<&str> =
            found.iter().filter(|f| f.evidence.contains("with Auth")).map(|f| f.from.as_str()).collect();
        for flow in &found {
            let implied = match flow.from.as_str() {
                "ServerlessRestApi" | "ServerlessHttpApi" => {
                    Some(("api_gateway", "created by SAM for the function's events"))
                }
                DEFAULT_BUS => Some(("queue", "EventBridge's default event bus")),
                from if !known.contains(from) && flow.evidence.starts_with("Schedule") => {
                    Some(("scheduled_trigger", "a schedule in a function's events"))
                }
                _ => None,
            };
            if let Some((kind, why)) = implied
                && !self.elements.contains_key(&flow.from)
            {
                let description = format!("{}: {why}, in {}.", flow.from, self.file);
                self.add_element(&flow.from, kind, description);
                if kind == "api_gateway" {
                    // SAM's own API takes its settings from Globals, and events may add auth.
                    let globals = if flow.from == "ServerlessRestApi" { "Api" } else { "HttpApi" };
                    let auth = template.globals.as_ref().and_then(|g| g.get(globals)).and_then(|a| a.get("Auth"));
                    let mut facts =
                        vec![facts::Fact::stated("internet_facing", crate::model::Answer::Yes, "SAM's API")];
                    facts::api_authorizer(auth, with_auth.contains(flow.from.as_str()), &mut facts);
                    self.apply_facts(&flow.from, &facts);
                }
            }
        }
        // A parameter that names a resource (`TableName: !Ref TableNameParam`) stands for it
        // wherever it is used, as templates pass names around that way.
        let mut named_by = names_by_parameter(template, &mut self.budget);
        for (alias, id) in &self.naming.aliases {
            named_by.entry(alias.clone()).or_insert_with(|| id.clone());
        }
        for flow in &mut found {
            for end in [&mut flow.from, &mut flow.to] {
                if !self.elements.contains_key(end.as_str())
                    && let Some(resource) = named_by.get(end.as_str())
                {
                    *end = resource.clone();
                }
            }
        }
        let through: HashMap<&str, Vec<&Found>> =
            found.iter().filter(|f| !self.elements.contains_key(&f.from)).fold(HashMap::new(), |mut map, f| {
                map.entry(f.from.as_str()).or_default().push(f);
                map
            });
        let mut inferred = Vec::new();
        for flow in &found {
            let ends: Vec<(&str, String)> = if self.elements.contains_key(&flow.to) {
                vec![(flow.to.as_str(), flow.evidence.clone())]
            } else {
                through
                    .get(flow.to.as_str())
                    .map(|next| {
                        next.iter().map(|n| (n.to.as_str(), format!("{} via {}", flow.evidence, flow.to))).collect()
                    })
                    .unwrap_or_default()
            };
            for (to, evidence) in ends {
                let (Some(from), Some(to_id)) =
                    (self.elements.get(&flow.from).cloned(), self.elements.get(to).cloned())
                else {
                    continue;
                };
                if from == to_id || !self.flows.insert((from.clone(), to_id.clone())) {
                    continue;
                }
                let id = FlowId::new(format!("f{}", self.model.flows.len() + 1));
                self.model.flows.push(Flow::new(id, from, to_id, evidence.clone()));
                if flow.inferred {
                    let shown = |id: &str| self.naming.display.get(id).map_or(id, String::as_str).to_owned();
                    inferred.push(format!("{} → {}", shown(&flow.from), shown(to)));
                }
            }
        }
        if !inferred.is_empty() {
            self.summary.push(format!("Inferred only from policies, to check: {}", inferred.join(", ")));
        }
    }

    /// Services of other companies a function calls: a web address outside AWS in its
    /// environment (`PAYMENTS_URL: https://api.stripe.com/v1`) becomes a third party, one
    /// per host.
    fn third_parties(&mut self, template: &Template) {
        for resource in &template.resources {
            if !matches!(resource.kind.as_str(), "AWS::Serverless::Function" | "AWS::Lambda::Function") {
                continue;
            }
            let Some(function) = self.elements.get(&resource.id).cloned() else { continue };
            let variables =
                resource.at(&["Environment", "Variables"]).map(|v| v.entries().to_vec()).unwrap_or_default();
            for (name, value) in variables {
                let Some(host) = value.text().as_deref().and_then(external_host) else { continue };
                let description = format!("{host}, called by {} (environment {name}).", resource.id);
                let file = resource.file.clone().unwrap_or_else(|| self.file.clone());
                let party = self.add_element_from(&host, "third_party", description, (file, value.line));
                if self.flows.insert((function.clone(), party.clone())) {
                    let id = FlowId::new(format!("f{}", self.model.flows.len() + 1));
                    self.model.flows.push(Flow::new(id, function.clone(), party, format!("environment {name}")));
                }
            }
        }
    }

    /// Callers from the internet: one "Internet user" sending requests to every public entry
    /// point (APIs on a public endpoint, CDNs, function URLs, user pools).
    fn entry_points(&mut self) {
        let public: Vec<ElementId> = self
            .model
            .elements
            .iter()
            .filter(|e| {
                e.property("internet_facing") == crate::model::Tri::Yes
                    || e.property("public_url") == crate::model::Tri::Yes
                    || matches!(e.kind.as_str(), "cdn" | "identity_provider")
            })
            .map(|e| e.id.clone())
            .collect();
        if public.is_empty() {
            return;
        }
        let user = self.add_element(
            "Internet user",
            "user",
            "Anyone on the internet who calls the app's public endpoints.".to_owned(),
        );
        for entry in public {
            if self.flows.insert((user.clone(), entry.clone())) {
                let id = FlowId::new(format!("f{}", self.model.flows.len() + 1));
                self.model.flows.push(Flow::new(id, user.clone(), entry, "requests"));
            }
        }
    }

    /// The internet around its callers, the cloud account around everything of AWS, and a
    /// private network around functions and databases attached to a VPC. Positions are only a
    /// start that says who is in which boundary: the auto-layout draws the diagram from them.
    fn boundaries(&mut self, template: &Template) {
        let in_vpc: HashSet<&str> = template
            .resources
            .iter()
            .filter(|r| {
                r.property("VpcConfig").is_some()
                    || r.kind.starts_with("AWS::RDS::")
                    || r.kind.starts_with("AWS::ElastiCache::")
            })
            .map(|r| r.id.as_str())
            .collect();
        let add_boundary = |model: &mut ThreatModel, kind: BoundaryKind, name: &str, rect: Rect| {
            let id = BoundaryId::new(format!("b{}", model.boundaries.len() + 1));
            model.boundaries.push(Boundary { id: id.clone(), kind, name: name.to_owned() });
            model.layout.boundaries.insert(id, rect);
        };
        let external = |e: &Element| e.kind == "user";
        let third_party = |e: &Element| e.kind == "third_party";
        if self.model.elements.iter().any(external) {
            add_boundary(&mut self.model, BoundaryKind::Internet, "Internet", Rect::new(-2000.0, 0.0, 1000.0, 1000.0));
        }
        if self.model.elements.iter().any(third_party) {
            let rect = Rect::new(4000.0, 0.0, 1000.0, 1000.0);
            add_boundary(&mut self.model, BoundaryKind::ThirdParty, "Third parties", rect);
        }
        add_boundary(&mut self.model, BoundaryKind::CloudAccount, "Cloud account", Rect::new(0.0, 0.0, 3000.0, 3000.0));
        let vpc_elements: HashSet<&ElementId> = in_vpc.iter().filter_map(|id| self.elements.get(*id)).collect();
        if !vpc_elements.is_empty() {
            add_boundary(&mut self.model, BoundaryKind::PrivateNetwork, "VPC", Rect::new(2000.0, 2000.0, 500.0, 500.0));
        }
        for element in &self.model.elements {
            let at = if external(element) {
                Point::new(-1500.0, 500.0)
            } else if third_party(element) {
                Point::new(4500.0, 500.0)
            } else if vpc_elements.contains(&element.id) {
                Point::new(2250.0, 2250.0)
            } else {
                Point::new(1000.0, 1000.0)
            };
            self.model.layout.elements.insert(element.id.clone(), at);
        }
    }

    fn finish(mut self) -> InfrastructureImport {
        if let Err(problem) = crate::edit::lay_out(&mut self.model) {
            self.summary.push(format!("Could not lay the diagram out ({problem}): use Tidy up layout"));
        }
        self.summary.insert(
            0,
            format!(
                "{} and {} from {} ({})",
                crate::words::count(self.model.elements.len(), "element", "elements"),
                crate::words::count(self.model.flows.len(), "flow", "flows"),
                self.file,
                self.kind_of_template
            ),
        );
        InfrastructureImport { model: self.model, summary: self.summary }
    }
}

/// Parameters that give a resource its name, and the resource they name.
fn names_by_parameter(template: &Template, budget: &mut Budget) -> HashMap<String, String> {
    const NAME_PROPERTIES: [&str; 8] = [
        "TableName",
        "QueueName",
        "TopicName",
        "BucketName",
        "FunctionName",
        "StateMachineName",
        "Name",
        "EventBusName",
    ];
    let resources: HashSet<&str> = template.resources.iter().map(|r| r.id.as_str()).collect();
    let mut named = HashMap::new();
    for resource in &template.resources {
        for property in NAME_PROPERTIES.iter().filter_map(|p| resource.property(p)) {
            for parameter in template::references(property, budget) {
                if !resources.contains(parameter.as_str()) {
                    named.entry(parameter).or_insert_with(|| resource.id.clone());
                }
            }
        }
    }
    named
}

/// The host of a web address outside AWS: `https://api.stripe.com/v1` → `api.stripe.com`.
fn external_host(text: &str) -> Option<String> {
    let rest = text.strip_prefix("https://").or_else(|| text.strip_prefix("http://"))?;
    let host = rest.split(['/', ':', '?', '#']).next()?.to_ascii_lowercase();
    let aws = host.ends_with(".amazonaws.com") || host.ends_with(".aws") || host.ends_with(".amazon.com");
    let local = host == "localhost" || host.starts_with("127.") || host.contains("${") || !host.contains('.');
    (!aws && !local).then_some(host)
}

fn not_understood(resource: &Resource) -> String {
    let what = match resource.kind.as_str() {
        "AWS::Serverless::Application" | "AWS::CloudFormation::Stack" => {
            "a nested stack, not imported: import its template on its own"
        }
        kind if kind.starts_with("Custom::") || kind == "AWS::CloudFormation::CustomResource" => {
            "a custom resource: what it does is in its code, not the template"
        }
        "" => "a resource without a Type",
        _ => "a resource type ThreatSketch does not know yet",
    };
    format!("Not imported: {} {} (line {}), {what}", resource.kind, resource.id, resource.line)
}

#[cfg(test)]
mod tests;
