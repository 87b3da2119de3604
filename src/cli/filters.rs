//! Loading rules together with the noise filters (allowlists, ignore files, baseline), and
//! finishing a scan: apply the filters, report, pick the exit code.

use std::path::Path;

use anyhow::{Context, Result};
use vigil::config::{config_in, load_rules};
use vigil::filter::Filters;
use vigil::filter::baseline::Baseline;
use vigil::filter::ignorefile::{Date, IgnoreList};
use vigil::report::Report;
use vigil::{RuleSet, ScanOutcome};

use super::args::{FilterArgs, OutputArgs, RuleArgs};
use super::exit::Code;
use super::output::emit;

/// The rules and filters for a scan whose repository (or scan) root is `root`. Notes about
/// the configuration (disabled rules, unsupported gitleaks features, expired ignore entries)
/// go to standard error, so a repository cannot quietly weaken its own scan.
pub fn setup(rules: &RuleArgs, filter: &FilterArgs, root: &Path) -> Result<(RuleSet, Filters)> {
    let mut files = rules.config.clone();
    if files.is_empty() && !rules.no_config {
        files.extend(config_in(root));
    }
    let loaded = load_rules(&files).context("loading rules")?;
    for (file, id) in &loaded.disabled {
        eprintln!("vigil: note: {file} disables rule `{id}`");
    }
    for note in &loaded.notes {
        eprintln!("vigil: note: {note}");
    }
    let ignores = if filter.no_ignore_file {
        IgnoreList::default()
    } else {
        IgnoreList::discover(root, Date::today()).context("loading ignore files")?
    };
    for e in &ignores.expired {
        if let Some(d) = e.expires {
            eprintln!(
                "vigil: note: {}:{}: ignore entry expired on {d}; its finding is reported again",
                e.file, e.line
            );
        }
    }
    let baseline = match &filter.baseline {
        Some(p) => Some(Baseline::load(p).context("loading the baseline")?),
        None => None,
    };
    let filters = Filters {
        allowlists: loaded.allowlists,
        ignores,
        baseline,
        generic_precedence: loaded.gitleaks,
        min_severity: Some(filter.min_severity.into()),
        min_confidence: Some(filter.min_confidence.into()),
    };
    Ok((loaded.rules, filters))
}

/// Applies `filters`, writes the report, and returns the exit code.
pub fn finish(
    output: &OutputArgs,
    filter: &FilterArgs,
    filters: &Filters,
    outcome: &mut ScanOutcome,
) -> Result<Code> {
    filters.apply(outcome);
    let report = Report {
        findings: &outcome.findings,
        stats: &outcome.stats,
        problems: &outcome.problems,
        suppressed: if filter.show_suppressed {
            &outcome.suppressed
        } else {
            &[]
        },
        suppressed_count: outcome.suppressed.len(),
        limits: &outcome.limits,
    };
    emit(output, &report)?;
    Ok(if outcome.findings.is_empty() {
        Code::Clean
    } else {
        Code::Findings
    })
}
