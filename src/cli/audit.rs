//! `vigil git --all`: the whole-history audit, with a progress bar on a terminal.

use std::io::IsTerminal;

use anyhow::{Context, Result};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use vigil::Engine;
use vigil::filter::Filters;
use vigil::git::history::Repo;
use vigil::source::history::{Audit, AuditOptions};

use super::args::GitArgs;

/// Walks and scans the whole history of the repository named by `args`.
pub fn run(args: &GitArgs) -> Result<vigil::ScanOutcome> {
    let repo = Repo::discover(&args.repo)?;
    let options = AuditOptions {
        max_file_size: args.max_file_size,
        threads: args.threads.unwrap_or(0),
        all_objects: args.all_objects,
        whole_blobs: args.whole_blobs,
    };
    let rules_anchor = vigil::config::scan_root(&args.repo).unwrap_or_else(|| args.repo.clone());
    let started = std::time::Instant::now();
    let (engine, audit) = std::thread::scope(|s| {
        let engine = s.spawn(|| -> Result<(Engine, Filters)> {
            let (rules, filters) = super::filters::setup(&args.rules, &args.filter, &rules_anchor)?;
            Ok((
                Engine::new(rules)?.with_limits(args.limits.limits())?,
                filters,
            ))
        });
        let audit = Audit::prepare(repo, options).context("reading the repository's history");
        let engine = engine
            .join()
            .map_err(|_| anyhow::anyhow!("building the engine panicked"))?;
        Ok::<_, anyhow::Error>((engine?, audit?))
    })?;
    let (engine, filters) = engine;
    let bar = if !args.no_progress && std::io::stderr().is_terminal() {
        let bar = ProgressBar::with_draw_target(
            Some(audit.blob_count() as u64),
            ProgressDrawTarget::stderr(),
        );
        bar.set_style(
            ProgressStyle::with_template(
                "{spinner} scanning {pos}/{len} blobs of {msg} commits [{elapsed}] {wide_bar}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        bar.set_message(audit.commit_count().to_string());
        bar
    } else {
        ProgressBar::hidden()
    };
    let walked = started.elapsed();
    let tick = || bar.inc(1);
    let mut outcome = audit.scan(&engine, &tick)?;
    bar.finish_and_clear();
    if std::env::var_os("VIGIL_TIMINGS").is_some() {
        eprintln!(
            "vigil: walked {} commits and {} blobs in {walked:.2?}; scanned in {:.2?}",
            audit.commit_count(),
            audit.blob_count(),
            started.elapsed() - walked
        );
    }
    // Allowlists, ignore files and the baseline apply to the audit as to every scan.
    filters.apply(&mut outcome);
    Ok(outcome)
}
