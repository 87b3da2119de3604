//! `vigil staged`: the lines a commit would add. The index is what gets committed, so the
//! index is what is scanned (not the work tree), compared with `HEAD`, or with the empty tree
//! before the first commit. Paths and line numbers are those of the staged file.

use std::path::Path;
use std::time::Instant;

use crate::engine::{Engine, Scratch};
use crate::error::Result;
use crate::git::{EMPTY_TREE, Git, diff};
use crate::scan::{Problem, ScanOutcome, record_limits};
use crate::source::{LineMap, Origin, to_findings};

/// `git diff` arguments for the staged additions relative to `base`.
fn diff_args(base: &str) -> [&str; 14] {
    [
        "diff",
        "--cached",
        "--unified=0",
        "--no-color",
        "--no-ext-diff",
        "--no-textconv",
        "--find-renames",
        "--find-copies",
        "--diff-filter=ACMR",
        "--src-prefix=a/",
        "--dst-prefix=b/",
        "--ignore-submodules=all",
        base,
        "--",
    ]
}

/// A `git diff` of the index started in the background, so that the caller can build the
/// engine while git works (the two take about the same time on the pre-commit path).
#[derive(Debug)]
pub struct PendingDiff {
    child: Option<std::process::Child>,
    started: Instant,
}

/// Starts diffing the index against `HEAD`.
pub fn start(git: &Git) -> PendingDiff {
    let child = git
        .command(&diff_args("HEAD"))
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .ok();
    PendingDiff {
        child,
        started: Instant::now(),
    }
}

impl PendingDiff {
    /// Waits for the diff and scans the additions.
    ///
    /// # Errors
    /// git fails (not a repository, corrupt index or objects).
    pub fn scan(self, engine: &Engine, git: &Git, max_file_size: u64) -> Result<ScanOutcome> {
        let first = self.child.and_then(|c| c.wait_with_output().ok());
        let patch = match first {
            Some(out) if out.status.success() => out.stdout,
            // No HEAD yet (the first commit): compare with the empty tree.
            _ if !git.has_head() => git.output(&diff_args(EMPTY_TREE))?,
            _ => git.output(&diff_args("HEAD"))?,
        };
        scan_patch(engine, &patch, max_file_size, self.started)
    }
}

/// Scans the additions staged in `git`'s index.
///
/// # Errors
/// git fails (not a repository, corrupt index or objects).
pub fn scan_staged(engine: &Engine, git: &Git, max_file_size: u64) -> Result<ScanOutcome> {
    start(git).scan(engine, git, max_file_size)
}

fn scan_patch(
    engine: &Engine,
    patch: &[u8],
    max_file_size: u64,
    started: Instant,
) -> Result<ScanOutcome> {
    let mut out = ScanOutcome {
        limits: *engine.limits(),
        ..ScanOutcome::default()
    };
    let mut scratch = Scratch::default();
    let mut matches = Vec::new();
    for file in diff::parse(patch) {
        if file.binary {
            out.stats.skipped_binary += 1;
            continue;
        }
        if file.text.len() as u64 > max_file_size {
            out.stats.skipped_large += 1;
            out.problems.push(Problem::too_large(
                &file.path,
                &format!("{} added bytes", file.text.len()),
                max_file_size,
            ));
            continue;
        }
        out.stats.files += 1;
        out.stats.bytes += file.text.len() as u64;
        matches.clear();
        engine.scan(&file.text, Some(&file.path), &mut scratch, &mut matches);
        record_limits(
            scratch.limits_hit(),
            engine.limits(),
            Path::new(&file.path),
            (None, "added lines"),
            &mut out.stats,
            &mut out.problems,
        );
        let origin = Origin {
            path: &file.path,
            key_path: &file.path,
        };
        to_findings(
            engine,
            &file.text,
            &matches,
            origin,
            &LineMap::Table(&file.lines),
            &mut out.findings,
        );
    }
    out.finish(started);
    Ok(out)
}
