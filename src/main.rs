//! Arguments decide: a subcommand runs the command line, anything else opens the window.

use std::process::ExitCode;

use clap::Parser as _;
use threatsketch::cli::{Cli, run};

fn main() -> ExitCode {
    env_logger::Builder::from_env(env_logger::Env::default().default_filter_or("warn")).init();
    let cli = Cli::parse();
    match cli.command {
        Some(command) => run(command),
        None => threatsketch::app::run_native(cli.file),
    }
}
