//! `vigil baseline create`.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use vigil::config::{ScanConfig, scan_root};
use vigil::filter::baseline::{DEFAULT_BASELINE, render};
use vigil::{Engine, scan};

use super::args::{BaselineCommand, BaselineCreateArgs, FilterArgs};
use super::exit::Code;

/// Runs a `baseline` subcommand.
pub fn run(cmd: BaselineCommand) -> Result<Code> {
    match cmd {
        BaselineCommand::Create(args) => create(args),
    }
}

fn create(args: BaselineCreateArgs) -> Result<Code> {
    let root = scan_root(&args.paths[0])
        // A file outside any repository: the current directory's repository (or the
        // current directory) holds the configuration and ignore files.
        .or_else(|| scan_root(Path::new(".")))
        .unwrap_or_else(|| PathBuf::from("."));
    // Findings that allowlists, markers or ignore files already hide are not recorded.
    let (rules, filters) = super::filters::setup(&args.rules, &FilterArgs::default(), &root)?;
    let engine = Engine::new(rules)?.with_limits(args.limits.limits())?;
    let config = ScanConfig {
        paths: args.paths.clone(),
        respect_ignore: !args.no_ignore,
        max_file_size: args.max_file_size,
        ..ScanConfig::default()
    };
    let mut outcome = scan::scan_paths(&engine, &config)?;
    filters.apply(&mut outcome);
    let path = args.output.unwrap_or_else(|| root.join(DEFAULT_BASELINE));
    vigil::fsutil::write_private(&path, &render(&outcome.findings))
        .with_context(|| format!("cannot write {}", path.display()))?;
    let n = outcome.findings.len();
    eprintln!(
        "vigil: recorded {n} finding{} in {}",
        if n == 1 { "" } else { "s" },
        path.display()
    );
    Ok(Code::Clean)
}
