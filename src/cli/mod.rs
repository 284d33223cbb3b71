//! The command line: same binary, same core functions as the GUI.
//! Exit codes: 0 fine, 1 a policy threshold was crossed, 2 bad input or usage.

// Printing is the command line's whole job.
#![allow(clippy::print_stdout, clippy::print_stderr)]

mod check;
mod interop;
mod new;
mod render;
mod report;
mod templates;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

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
        /// Where to write the model.
        #[arg(long, short)]
        output: PathBuf,
        /// Overwrite the output file if it exists.
        #[arg(long)]
        force: bool,
    },
    /// List the bundled templates.
    Templates,
    /// Write a report: an HTML page, Markdown or CSV, chosen by the output's extension.
    Report {
        file: PathBuf,
        /// Where to write the report (.html, .md or .csv).
        #[arg(long, short)]
        output: PathBuf,
        /// The format, when the extension does not tell it.
        #[arg(long, value_enum)]
        format: Option<ReportFormatArg>,
    },
    /// Draw the diagram as an SVG or PNG image, chosen by the output's extension.
    Render {
        file: PathBuf,
        /// Where to write the image (.svg or .png).
        #[arg(long, short)]
        output: PathBuf,
        /// Pixels per canvas unit: 1 for a slide, 2 or 3 for print.
        #[arg(long, default_value_t = 1.0)]
        scale: f32,
    },
    /// Import an OWASP Threat Dragon model (v1 or v2 JSON). Each diagram becomes a model:
    /// with several, the files are OUT-1-<diagram>.ron, OUT-2-<diagram>.ron, …
    Import {
        file: PathBuf,
        /// Where to write the model (.ron).
        #[arg(long, short)]
        output: PathBuf,
        /// Import only this diagram (numbered from 1).
        #[arg(long)]
        diagram: Option<usize>,
        /// Overwrite output files that exist.
        #[arg(long)]
        force: bool,
    },
    /// Export a model to another tool's format.
    Export {
        file: PathBuf,
        #[arg(long, value_enum)]
        format: ExportFormat,
        /// Where to write it.
        #[arg(long, short)]
        output: PathBuf,
    },
}

/// Formats `export` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// OWASP Threat Dragon v2 JSON.
    ThreatDragon,
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

fn written(result: std::io::Result<()>) -> Result<(), String> {
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
        CliCommand::Report { file, output, format } => report::run(&file, &output, format),
        CliCommand::Render { file, output, scale } => render::run(&file, &output, scale),
        CliCommand::Import { file, output, diagram, force } => interop::import(&file, &output, diagram, force),
        CliCommand::Export { file, format: ExportFormat::ThreatDragon, output } => interop::export(&file, &output),
    };
    match result {
        Ok(code) => code,
        Err(message) => {
            eprintln!("threatsketch: {message}");
            ExitCode::from(EXIT_BAD_INPUT)
        }
    }
}

/// Loads a model and analyses it with the built-in rules and the user's rules files, as the
/// window does. A problem in a rules file is reported on stderr; the built-in rules are used.
pub(crate) fn analyzed(file: &std::path::Path) -> Result<(crate::io::Loaded, crate::threats::Analysis), String> {
    use crate::threats::{Catalogue, analyze, combine, rules_locations};
    let loaded = crate::io::load_path(file).map_err(|err| err.to_string())?;
    let combined = combine(Catalogue::builtin(), &rules_locations(Some(file)));
    for problem in &combined.problems {
        eprintln!("threatsketch: rules: {problem}");
    }
    let analysis = analyze(&loaded.model, &combined.catalogue);
    Ok((loaded, analysis))
}
