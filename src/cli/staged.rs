//! `vigil staged`: the pre-commit scan.

use anyhow::{Context, Result};
use vigil::Engine;
use vigil::git::Git;
use vigil::source::staged;

use super::args::StagedArgs;
use super::exit::Code;

/// Runs `vigil staged`; on findings, explains on standard error how to proceed.
pub fn run(args: StagedArgs) -> Result<Code> {
    let git = Git::at(&args.repo);
    let root = git.work_tree.clone().unwrap_or_else(|| args.repo.clone());
    let pending = staged::start(&git);
    let (rules, filters) = super::filters::setup(&args.rules, &args.filter, &root)?;
    let engine = Engine::new(rules)?.with_limits(args.limits.limits())?;
    let mut outcome = pending
        .scan(&engine, &git, args.max_file_size)
        .context("vigil staged needs a git repository with a readable index")?;
    if super::filters::finish(&args.output, &args.filter, &filters, &mut outcome)? == Code::Clean {
        return Ok(Code::Clean);
    }
    let n = outcome.findings.len();
    eprintln!(
        "\nvigil: commit blocked: {n} secret{} in the staged changes (shown redacted above).\n\
         Ways forward:\n  \
         1. Remove the secret, `git add` the file again, and rotate the credential: treat it as leaked.\n  \
         2. If it is not a secret, mark the line with a `vigil:allow` comment.\n  \
         3. To accept a known finding, add its fingerprint (from `vigil staged -f json`) to `.vigilignore`\n     \
         (optionally `expires=YYYY-MM-DD # reason`), or record it with `vigil baseline create`.\n\
         Emergency only: `git commit --no-verify` (or VIGIL_SKIP=1) skips the check.",
        if n == 1 { "" } else { "s" }
    );
    Ok(Code::Findings)
}
