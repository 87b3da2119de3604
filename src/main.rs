//! The `vigil` binary: parses arguments, runs the command, maps the result to an exit code.

mod cli;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let args = cli::args::Cli::parse();
    match cli::run(args) {
        Ok(code) => code.into(),
        Err(err) => {
            if cli::exit::is_broken_pipe(&err) {
                return ExitCode::SUCCESS;
            }
            eprintln!("vigil: error: {err:#}");
            cli::exit::Code::Error.into()
        }
    }
}
