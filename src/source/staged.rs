//! `vigil staged`: the lines a commit would add. The index is what gets committed, so the
//! index is what is scanned (not the work tree), compared with `HEAD`, or with the empty tree
//! before the first commit. Paths and line numbers are those of the staged file.

use std::time::Instant;

use crate::engine::{Engine, Scratch};
use crate::error::Result;
use crate::git::{EMPTY_TREE, Git, diff};
use crate::scan::{Problem, ScanOutcome};
use crate::source::{LineMap, Origin, to_findings};

/// Scans the additions staged in `git`'s index.
///
/// # Errors
/// git fails (not a repository, corrupt index or objects).
pub fn scan_staged(engine: &Engine, git: &Git, max_file_size: u64) -> Result<ScanOutcome> {
    let started = Instant::now();
    let base = if git.has_head() { "HEAD" } else { EMPTY_TREE };
    let patch = git.output(&[
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
    ])?;
    let mut out = ScanOutcome::default();
    let mut scratch = Scratch::default();
    let mut matches = Vec::new();
    for file in diff::parse(&patch) {
        if file.binary {
            out.stats.skipped_binary += 1;
            continue;
        }
        if file.text.len() as u64 > max_file_size {
            out.stats.skipped_large += 1;
            out.problems.push(Problem {
                path: file.path.clone().into(),
                reason: format!(
                    "{} added bytes is over the size limit of {max_file_size} bytes (--max-file-size): skipped",
                    file.text.len()
                ),
            });
            continue;
        }
        out.stats.files += 1;
        out.stats.bytes += file.text.len() as u64;
        matches.clear();
        engine.scan(&file.text, Some(&file.path), &mut scratch, &mut matches);
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
