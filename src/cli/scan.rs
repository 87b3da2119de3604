//! `vigil scan`: files, directories, or standard input.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use vigil::config::{ScanConfig, discover_config, load_rules};
use vigil::report::Report;
use vigil::{Engine, RuleSet, scan};

use super::args::{RuleArgs, ScanArgs};
use super::exit::Code;
use super::output::emit;

/// Runs `vigil scan`.
pub fn run(args: ScanArgs) -> Result<Code> {
    let stdin = args.paths.iter().any(|p| p == Path::new("-"));
    if stdin && args.paths.len() > 1 {
        anyhow::bail!("`-` (standard input) cannot be combined with other paths");
    }
    let anchor = if stdin {
        PathBuf::from(".")
    } else {
        args.paths[0].clone()
    };
    let engine = Engine::new(load(&args.rules, &anchor)?)?;
    let config = ScanConfig {
        paths: args.paths.clone(),
        respect_ignore: !args.no_ignore,
        max_file_size: args.max_file_size,
        follow_symlinks: args.follow_symlinks,
        threads: args.threads.unwrap_or(0),
    };
    let outcome = if stdin {
        scan::scan_reader(&engine, std::io::stdin().lock(), &args.stdin_name)?
    } else {
        scan::scan_paths(&engine, &config)?
    };
    let report = Report {
        findings: &outcome.findings,
        stats: &outcome.stats,
        problems: &outcome.problems,
    };
    emit(&args.output, &report)?;
    Ok(if outcome.findings.is_empty() {
        Code::Clean
    } else {
        Code::Findings
    })
}

/// The rule set for a scan anchored at `anchor`: built-in rules plus `--config` files, or the
/// repository's `.vigil.toml` when none is given. Rules that a configuration turned off are
/// announced on standard error, so a repository cannot quietly weaken its own scan.
pub fn load(args: &RuleArgs, anchor: &Path) -> Result<RuleSet> {
    let mut files = args.config.clone();
    if files.is_empty() && !args.no_config {
        files.extend(discover_config(anchor));
    }
    let loaded = load_rules(&files).context("loading rules")?;
    for (file, id) in &loaded.disabled {
        eprintln!("vigil: note: {file} disables rule `{id}`");
    }
    Ok(loaded.rules)
}
