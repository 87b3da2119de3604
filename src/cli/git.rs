//! `vigil git RANGE` and `vigil hook pre-push`.

use std::io::Read;
use std::path::Path;

use anyhow::{Context, Result};
use vigil::filter::Filters;
use vigil::git::Git;
use vigil::source::commits::{pre_push_revs, scan_commits};
use vigil::{Engine, ScanOutcome};

use super::args::{ColorArg, FilterArgs, FormatArg, GitArgs, OutputArgs, RuleArgs};
use super::exit::Code;

/// Runs `vigil git`.
pub fn run(args: GitArgs) -> Result<Code> {
    if args.all {
        // The audit applies the filters itself (it loads them beside the engine).
        let mut outcome = super::audit::run(&args)?;
        return super::filters::finish(
            &args.output,
            &args.filter,
            &Filters::default(),
            &mut outcome,
        );
    }
    let range = match (&args.range, &args.since) {
        (Some(r), _) => r.clone(),
        (None, Some(since)) => format!("{since}..HEAD"),
        (None, None) => anyhow::bail!("give a RANGE or --since REF"),
    };
    let git = Git::discover(&args.repo).context("vigil git needs a git repository")?;
    let (engine, filters) = engine_for(&git, &args.repo, &args.rules, &args.filter)?;
    let engine = engine.with_limits(args.limits.limits())?;
    let mut outcome = scan_commits(&engine, &git, &[range.as_str()], args.max_file_size)?;
    super::filters::finish(&args.output, &args.filter, &filters, &mut outcome)
}

/// Runs the pre-push hook: scans every pushed ref's new commits; blocks on any finding.
pub fn pre_push(repo: &Path) -> Result<Code> {
    let mut input = String::new();
    std::io::stdin()
        .read_to_string(&mut input)
        .context("reading git's pre-push input")?;
    let git = Git::discover(repo).context("vigil hook pre-push needs a git repository")?;
    let rules = RuleArgs {
        config: Vec::new(),
        no_config: false,
    };
    let filter = FilterArgs::default();
    let (engine, filters) = engine_for(&git, repo, &rules, &filter)?;
    let mut all = ScanOutcome {
        limits: *engine.limits(),
        ..ScanOutcome::default()
    };
    for revs in pre_push_revs(&input, |sha| git.has_commit(sha)) {
        let revs: Vec<&str> = revs.iter().map(String::as_str).collect();
        let outcome = scan_commits(&engine, &git, &revs, vigil::config::DEFAULT_MAX_FILE_SIZE)?;
        all.findings.extend(outcome.findings);
        all.stats.merge(&outcome.stats);
        all.problems.extend(outcome.problems);
    }
    let output = OutputArgs {
        format: FormatArg::Human,
        output: None,
        show_secrets: false,
        color: ColorArg::Never,
    };
    let code = super::filters::finish(&output, &filter, &filters, &mut all)?;
    if code == Code::Findings {
        eprintln!(
            "\nvigil: push blocked: the commits above add secrets. Remove them from history (e.g.\n\
             `git rebase -i` and amend the commit), rotate the credentials, and push again.\n\
             Emergency only: `git push --no-verify` (or VIGIL_SKIP=1) skips the check."
        );
    }
    Ok(code)
}

fn engine_for(
    git: &Git,
    repo: &Path,
    rules: &RuleArgs,
    filter: &FilterArgs,
) -> Result<(Engine, Filters)> {
    let root = git.work_tree.clone().unwrap_or_else(|| repo.to_path_buf());
    let (rules, filters) = super::filters::setup(rules, filter, &root)?;
    Ok((Engine::new(rules)?, filters))
}
