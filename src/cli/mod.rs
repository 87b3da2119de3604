//! The command-line front end. Declared only by `main.rs`, so the library cannot depend on it.

pub mod args;
mod audit;
mod baseline;
pub mod exit;
mod filters;
mod git;
mod install;
mod output;
mod rules;
mod scan;
mod staged;
mod verify;

use anyhow::Result;

use args::{Cli, Command};
use exit::Code;

/// Runs a parsed command line.
pub fn run(cli: Cli) -> Result<Code> {
    match cli.command {
        Command::Scan(a) => scan::run(a),
        Command::Rules(c) => rules::run(c),
        Command::Staged(a) => staged::run(a),
        Command::Git(a) => git::run(a),
        Command::Hook(args::HookCommand::PrePush { repo, .. }) => git::pre_push(&repo),
        Command::Install(a) => install::install(a),
        Command::Uninstall(a) => install::uninstall(a),
        Command::Verify(a) => verify::run(a),
        Command::Baseline(c) => baseline::run(c),
    }
}
