//! Arguments decide: a subcommand runs the command line, anything else opens the window.

use std::process::ExitCode;

use threatsketch::cli::{init_logging, parse_args, run};

fn main() -> ExitCode {
    let cli = match parse_args() {
        Ok(cli) => cli,
        Err(code) => return code,
    };
    init_logging(cli.command.is_some());
    match cli.command {
        Some(command) => run(command),
        None => threatsketch::app::run_native(cli.file),
    }
}
