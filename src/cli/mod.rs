//! The command line: same binary, same core functions as the GUI.
//! Exit codes: 0 fine, 1 a policy threshold was crossed, 2 bad input or usage.

// Printing is the command line's whole job.
#![allow(clippy::print_stdout, clippy::print_stderr)]

mod check;
mod diff;
mod git_setup;
mod interop;
mod new;
mod output;
mod render;
mod report;
mod templates;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{CommandFactory as _, Parser, Subcommand, ValueEnum};

/// ThreatSketch: threat modeling for serverless applications.
#[derive(Debug, Parser)]
#[command(name = "threatsketch", version, about, args_conflicts_with_subcommands = true)]
pub struct Cli {
    /// A model file to open in the window. Without one, the sample model opens.
    pub file: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Option<CliCommand>,
}

#[derive(Debug, Subcommand)]
pub enum CliCommand {
    /// Validate a model and print a summary.
    Check {
        file: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
        format: OutputFormat,
        /// Exit with 1 when any open threat has this risk or higher (for CI).
        #[arg(long, value_enum, value_name = "LEVEL")]
        fail_on: Option<FailOn>,
    },
    /// Write a new model from a template.
    New {
        /// Template id (see `threatsketch templates`).
        #[arg(long, short)]
        template: String,
        /// Where to write the model (- for standard output).
        #[arg(long, short)]
        output: PathBuf,
        /// Overwrite the output file if it exists; the old one is kept as NAME~.
        #[arg(long)]
        force: bool,
    },
    /// List the bundled templates.
    Templates,
    /// Print the git settings that make `git diff` show a model's changes in words and `git
    /// merge` merge models (with --install, write them into the repository around the current
    /// folder).
    GitSetup {
        #[arg(long)]
        install: bool,
    },
    /// Write a report: an HTML page, Markdown or CSV, chosen by the output's extension.
    Report {
        file: PathBuf,
        /// Where to write the report (.html, .md or .csv; - for standard output).
        #[arg(long, short)]
        output: PathBuf,
        /// The format, when the extension does not tell it.
        #[arg(long, value_enum)]
        format: Option<ReportFormatArg>,
        /// Leave out "Changes since last review" (shown when a logged review recorded what it saw).
        #[arg(long)]
        without_changes: bool,
        /// Overwrite the output file if it exists; the old one is kept as NAME~.
        #[arg(long)]
        force: bool,
    },
    /// Draw the diagram as an SVG or PNG image, chosen by the output's extension.
    Render {
        file: PathBuf,
        /// Where to write the image (.svg or .png; - for standard output).
        #[arg(long, short)]
        output: PathBuf,
        /// The format, when the extension does not tell it.
        #[arg(long, value_enum)]
        format: Option<ImageFormatArg>,
        /// Pixels per canvas unit: 1 for a slide, 2 or 3 for print.
        #[arg(long, default_value_t = 1.0)]
        scale: f32,
        /// Overwrite the output file if it exists; the old one is kept as NAME~.
        #[arg(long)]
        force: bool,
    },
    /// What changed from one model to another, in plain words: parts, answers, decisions,
    /// settings, and the threats that appeared, went or were re-rated. Exit 1 when something
    /// meaningful changed, 0 when not (moves on the canvas do not count), 2 on bad input.
    /// Also works as git's external diff (seven arguments; then it always exits 0).
    Diff {
        /// OLD NEW, or git's PATH OLD-FILE OLD-HEX OLD-MODE NEW-FILE NEW-HEX NEW-MODE.
        #[arg(num_args = 2..=7, required = true, value_name = "FILES")]
        files: Vec<PathBuf>,
        #[arg(long, value_enum, default_value = "text")]
        format: DiffFormat,
    },
    /// Merge two versions of a model changed from a common one, as git's merge driver (%O %A
    /// %B): the result goes into OURS. What both changed differently is kept in the model as a
    /// conflict to resolve in the window; exit 1 when there is one, so git reports it.
    Merge { base: PathBuf, ours: PathBuf, theirs: PathBuf },
    /// Import another tool's model, told by its content: OWASP Threat Dragon (v1, v2), Microsoft
    /// Threat Modeling Tool (.tm7), Open Threat Model (JSON, YAML), Threagile, AWS Threat
    /// Composer; each diagram becomes a model (with several, the files are OUT-1-<diagram>.ron,
    /// OUT-2-<diagram>.ron, …). Or infrastructure as code: a CloudFormation or SAM template, a
    /// Serverless Framework service or a Terraform configuration (a file or its folder; what was
    /// read is summarised on stderr).
    Import {
        file: PathBuf,
        /// Where to write the model (.ron; - for standard output, with one diagram). With
        /// --update, the updated model goes back into that file unless this says elsewhere.
        #[arg(long, short, required_unless_present = "update")]
        output: Option<PathBuf>,
        /// Re-import infrastructure into this model: elements matched by resource keep their
        /// position, names, decisions and the user's own answers; the changes go to stderr.
        #[arg(long, value_name = "MODEL")]
        update: Option<PathBuf>,
        /// With --update: where the user's answer differs from the infrastructure's, take the
        /// infrastructure's.
        #[arg(long, requires = "update")]
        prefer_template: bool,
        /// Import only this diagram (numbered from 1).
        #[arg(long)]
        diagram: Option<usize>,
        /// Overwrite output files that exist; the old ones are kept as NAME~.
        #[arg(long)]
        force: bool,
    },
    /// Export a model to another tool's format.
    Export {
        file: PathBuf,
        /// threat-dragon, otm (Open Threat Model) or threat-composer (AWS Threat Composer).
        #[arg(long, value_parser = clap::builder::PossibleValuesParser::new(interop::export_ids()))]
        format: String,
        /// Where to write it (- for standard output).
        #[arg(long, short)]
        output: PathBuf,
        /// Overwrite the output file if it exists; the old one is kept as NAME~.
        #[arg(long)]
        force: bool,
    },
}

/// An image format on the command line (the core's `ImageFormat` stays free of clap).
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ImageFormatArg {
    Svg,
    Png,
}

impl ImageFormatArg {
    pub fn format(self) -> crate::render::ImageFormat {
        match self {
            Self::Svg => crate::render::ImageFormat::Svg,
            Self::Png => crate::render::ImageFormat::Png,
        }
    }
}

/// How `diff` prints the change.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    /// One line per change, in plain words.
    Text,
    /// The changes and their consequences as JSON, for scripts.
    Json,
}

/// A report format on the command line (the core's `ReportFormat` stays free of clap).
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ReportFormatArg {
    Html,
    #[value(alias = "md")]
    Markdown,
    Csv,
}

impl ReportFormatArg {
    pub fn format(self) -> crate::report::ReportFormat {
        use crate::report::ReportFormat;
        match self {
            Self::Html => ReportFormat::Html,
            Self::Markdown => ReportFormat::Markdown,
            Self::Csv => ReportFormat::Csv,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    Text,
    Json,
}

/// A risk level on the command line (the core's `RiskLevel` stays free of clap).
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Low,
    Medium,
    High,
    Critical,
}

impl FailOn {
    pub fn level(self) -> crate::risk::RiskLevel {
        use crate::risk::RiskLevel;
        match self {
            Self::Low => RiskLevel::Low,
            Self::Medium => RiskLevel::Medium,
            Self::High => RiskLevel::High,
            Self::Critical => RiskLevel::Critical,
        }
    }
}

/// Exit code when a policy threshold was crossed (`check --fail-on`).
pub const EXIT_THRESHOLD_CROSSED: u8 = 1;

/// Exit code for bad input or usage.
/// `diff`: the models differ in something meaningful, as diff(1) says with 1.
pub const EXIT_CHANGED: u8 = 1;

pub const EXIT_BAD_INPUT: u8 = 2;

/// Writes a command's output. A reader that stops early (`| head`) is not an error: the
/// command just stops writing.
pub(crate) fn emit(text: &str) -> Result<(), String> {
    use std::io::Write as _;
    let mut stdout = std::io::stdout().lock();
    written(stdout.write_all(text.as_bytes()).and_then(|()| stdout.flush()))
}

/// Streams a value as compact JSON and a newline to stdout, as `emit` treats errors.
pub(crate) fn emit_json(value: &impl serde::Serialize) -> Result<(), String> {
    use std::io::Write as _;
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    let result = serde_json::to_writer(&mut out, value)
        .map_err(std::io::Error::from)
        .and_then(|()| out.write_all(b"\n"))
        .and_then(|()| out.flush());
    written(result)
}

pub(crate) fn written(result: std::io::Result<()>) -> Result<(), String> {
    match result {
        Err(err) if err.kind() != std::io::ErrorKind::BrokenPipe => Err(format!("could not write the output: {err}")),
        _ => Ok(()),
    }
}

/// Runs a subcommand and returns the process exit code.
pub fn run(command: CliCommand) -> ExitCode {
    let result = match command {
        CliCommand::Check { file, format, fail_on } => check::run(&file, format, fail_on),
        CliCommand::New { template, output, force } => new::run(&template, &output, force),
        CliCommand::Templates => templates::run(),
        CliCommand::GitSetup { install } => git_setup::run(install),
        CliCommand::Report { file, output, format, without_changes, force } => {
            let options = crate::report::ReportOptions { changes_since_review: !without_changes };
            report::run(&file, &output, format, options, force)
        }
        CliCommand::Render { file, output, format, scale, force } => render::run(&file, &output, format, scale, force),
        CliCommand::Diff { files, format } => diff::diff(&files, format),
        CliCommand::Merge { base, ours, theirs } => diff::merge(&base, &ours, &theirs),
        CliCommand::Import { file, output, update: Some(model), prefer_template, force, .. } => {
            interop::update(&file, &model, output.as_deref(), prefer_template, force)
        }
        CliCommand::Import { file, output: Some(output), diagram, force, .. } => {
            interop::import(&file, &output, diagram, force)
        }
        CliCommand::Import { output: None, update: None, .. } => Err("import needs --output or --update".to_owned()),
        CliCommand::Export { file, format, output, force } => interop::export(&file, &format, &output, force),
    };
    match result {
        Ok(code) => code,
        Err(message) => {
            say_on_stderr(&message);
            ExitCode::from(EXIT_BAD_INPUT)
        }
    }
}

/// One line on stderr: `threatsketch: ` and the message, whose control characters (from a
/// model, a file name) are shown rather than obeyed.
fn say_on_stderr(message: &str) {
    eprintln!("threatsketch: {}", crate::escape::terminal(message));
}

/// The arguments, or the exit code after a usage error: one line saying what is wrong, then
/// one line with the usage and where to read more (clap's own rendering takes five or more,
/// with blank lines). Help and version are printed as clap prints them, with exit code 0.
pub fn parse_args() -> Result<Cli, ExitCode> {
    use clap::error::ErrorKind;
    let err = match Cli::try_parse() {
        Ok(cli) => return Ok(cli),
        Err(err) => err,
    };
    if matches!(err.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) {
        err.print().ok();
        return Err(ExitCode::SUCCESS);
    }
    // The subcommand, for the hint when clap's message shows no usage line.
    let names: Vec<String> = Cli::command().get_subcommands().map(|c| c.get_name().to_owned()).collect();
    let subcommand = std::env::args().skip(1).find(|a| names.contains(a));
    eprint!("{}", usage_error(&err.render().to_string(), subcommand.as_deref()));
    Err(ExitCode::from(EXIT_BAD_INPUT))
}

/// clap's rendering of an error (`error: …`, indented details, a tip, `Usage: …`, `For more
/// information, try '--help'.`) as two lines: the error with its details, then the usage and
/// the hint.
fn usage_error(rendered: &str, subcommand: Option<&str>) -> String {
    let mut message = String::new();
    let mut usage = None;
    let mut in_error = true;
    for line in rendered.lines() {
        let trimmed = line.trim();
        if let Some(rest) = trimmed.strip_prefix("Usage:") {
            usage = Some(rest.trim().to_owned());
            in_error = false;
        } else if trimmed.is_empty() || trimmed.starts_with("tip:") || trimmed.starts_with("For more information") {
            in_error = in_error && message.is_empty();
        } else if in_error {
            if !message.is_empty() {
                message.push(' ');
            }
            message.push_str(trimmed.strip_prefix("error:").map_or(trimmed, str::trim_start));
        }
    }
    let command = match (&usage, subcommand) {
        (Some(usage), _) => {
            usage.split_whitespace().take_while(|w| !w.starts_with(['<', '-', '['])).collect::<Vec<_>>().join(" ")
        }
        (None, Some(subcommand)) => format!("threatsketch {subcommand}"),
        (None, None) => "threatsketch".to_owned(),
    };
    let hint = match &usage {
        Some(usage) => format!("usage: {usage}; more with '{command} --help'"),
        None => format!("more with '{command} --help'"),
    };
    format!(
        "threatsketch: {}\n{}\n",
        crate::escape::terminal(&crate::escape::clip_quoted(&message)),
        crate::escape::terminal(&hint)
    )
}

/// Logging for the command line: errors only, unless `RUST_LOG` asks for more, so that a
/// library's warning (a font without some character) does not show on a successful run. The
/// window keeps warnings, for its log.
pub fn init_logging(command_line: bool) {
    let default = if command_line { "error" } else { "warn" };
    env_logger::Builder::from_env(env_logger::Env::default().default_filter_or(default)).init();
}

/// Loads a model, as every command reading one does.
pub(crate) fn loaded(file: &std::path::Path) -> Result<crate::io::Loaded, String> {
    crate::io::load_path(file).map_err(|err| err.to_string())
}

/// Analyses a loaded model with the built-in rules and the user's rules files, as the window
/// does. A problem in a rules file is reported on stderr; the built-in rules are used.
pub(crate) fn analysis_of(file: &std::path::Path, loaded: &crate::io::Loaded) -> crate::threats::Analysis {
    use crate::threats::{Catalogue, analyze, combine, rules_locations};
    let combined = combine(Catalogue::builtin(), &rules_locations(Some(file)));
    for problem in &combined.problems {
        say_on_stderr(&format!("rules: {}", crate::escape::clip_quoted(&problem.to_string())));
    }
    analyze(&loaded.model, &combined.catalogue)
}

/// Loads a model and analyses it (see [`analysis_of`]).
pub(crate) fn analyzed(file: &std::path::Path) -> Result<(crate::io::Loaded, crate::threats::Analysis), String> {
    let loaded = loaded(file)?;
    let analysis = analysis_of(file, &loaded);
    Ok((loaded, analysis))
}
