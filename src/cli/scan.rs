//! `vigil scan`: files, directories, or standard input.

use std::path::{Path, PathBuf};

use anyhow::Result;
use vigil::config::{ScanConfig, scan_root};
use vigil::{Engine, RuleSet, scan};

use super::args::{RuleArgs, ScanArgs};
use super::exit::Code;

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
    let root = scan_root(&anchor)
        // A file outside any repository: the current directory's repository (or the
        // current directory) holds the configuration and ignore files.
        .or_else(|| scan_root(Path::new(".")))
        .unwrap_or_else(|| PathBuf::from("."));
    let (rules, filters) = super::filters::setup(&args.rules, &args.filter, &root)?;
    let engine = Engine::new(rules)?.with_limits(args.limits.limits())?;
    let config = ScanConfig {
        paths: args.paths.clone(),
        respect_ignore: !args.no_ignore,
        max_file_size: args.max_file_size,
        follow_symlinks: args.follow_symlinks,
        threads: args.threads.unwrap_or(0),
    };
    let mut outcome = if stdin {
        scan::scan_reader(&engine, std::io::stdin().lock(), &args.stdin_name)?
    } else {
        scan::scan_paths(&engine, &config)?
    };
    super::filters::finish(&args.output, &args.filter, &filters, &mut outcome)
}

/// The rule set for a scan anchored at `anchor`: built-in rules plus `--config` files, or the
/// repository's `.vigil.toml` (or `.gitleaks.toml`) when none is given.
pub fn load(args: &RuleArgs, anchor: &Path) -> Result<RuleSet> {
    let root = scan_root(anchor).unwrap_or_else(|| anchor.to_path_buf());
    let filter = super::args::FilterArgs {
        no_ignore_file: true,
        ..Default::default()
    };
    Ok(super::filters::setup(args, &filter, &root)?.0)
}
