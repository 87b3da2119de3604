//! `vigil staged`: the pre-commit scan.

use anyhow::{Context, Result};
use vigil::Engine;
use vigil::git::Git;
use vigil::report::Report;
use vigil::source::staged;

use super::args::StagedArgs;
use super::exit::Code;
use super::output::emit;

/// Runs `vigil staged`; on findings, explains on standard error how to proceed.
pub fn run(args: StagedArgs) -> Result<Code> {
    let git = Git::at(&args.repo);
    let root = git.work_tree.clone().unwrap_or_else(|| args.repo.clone());
    let pending = staged::start(&git);
    let engine = Engine::new(super::scan::load(&args.rules, &root)?)?;
    let outcome = pending
        .scan(&engine, &git, args.max_file_size)
        .context("vigil staged needs a git repository with a readable index")?;
    let report = Report {
        findings: &outcome.findings,
        stats: &outcome.stats,
        problems: &outcome.problems,
    };
    emit(&args.output, &report)?;
    if outcome.findings.is_empty() {
        return Ok(Code::Clean);
    }
    let n = outcome.findings.len();
    eprintln!(
        "\nvigil: commit blocked: {n} secret{} in the staged changes (shown redacted above).\n\
         Ways forward:\n  \
         1. Remove the secret, `git add` the file again, and rotate the credential: treat it as leaked.\n  \
         2. If it is not a secret, mark the line with a `vigil:allow` comment.\n  \
         3. To accept a known finding for now, add its fingerprint (from `vigil staged -f json`) to the\n     \
         baseline or ignore file your team uses, and commit that file.\n\
         Emergency only: `git commit --no-verify` (or VIGIL_SKIP=1) skips the check.",
        if n == 1 { "" } else { "s" }
    );
    Ok(Code::Findings)
}
