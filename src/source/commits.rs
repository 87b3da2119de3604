//! `vigil git RANGE` and the pre-push hook: the lines each commit of a range adds, and each
//! commit's message, with findings attributed to the commit (id, author, date).

use std::collections::HashSet;
use std::path::Path;
use std::time::Instant;

use crate::engine::{Engine, Scratch};
use crate::error::{Error, Result};
use crate::finding::CommitInfo;
use crate::git::{Git, log};
use crate::scan::{Problem, ScanOutcome, record_limits};
use crate::source::{LineMap, Origin, to_findings};

/// Display path of findings in commit messages.
pub const MESSAGE_PATH: &str = "(commit message)";

/// Scans the commits selected by `revs`.
///
/// # Errors
/// git fails, or (in a shallow clone) the range reaches commits whose parents were not
/// fetched, which would silently narrow the scan: the error names the fix.
pub fn scan_commits(
    engine: &Engine,
    git: &Git,
    revs: &[&str],
    max_file_size: u64,
) -> Result<ScanOutcome> {
    let started = Instant::now();
    if log::is_shallow(git) {
        let boundary = log::shallow_boundary(git, revs).map_err(|e| {
            Error::Git(format!(
                "{e}\nthis is a shallow clone: the base of the range is probably not fetched. \
                 Fetch the history first: `git fetch --deepen=<n>` or `git fetch --unshallow` \
                 (in GitHub Actions: `fetch-depth: 0` on actions/checkout)"
            ))
        })?;
        if !boundary.is_empty() {
            return Err(Error::Git(format!(
                "this is a shallow clone and the range {} reaches commit {} whose parents were not \
                 fetched, so part of the range is missing. Fetch the history first: `git fetch \
                 --deepen=<n>` or `git fetch --unshallow` (in GitHub Actions: `fetch-depth: 0` on \
                 actions/checkout)",
                revs.join(" "),
                &boundary[0]
            )));
        }
    }
    let commits = log::commits(git, revs)?;
    let mut out = ScanOutcome {
        limits: *engine.limits(),
        ..ScanOutcome::default()
    };
    let mut scratch = Scratch::default();
    let mut matches = Vec::new();
    for commit in &commits {
        let info = CommitInfo {
            commit: commit.id.clone(),
            author: commit.author.clone(),
            date: commit.date.clone(),
        };
        let first = out.findings.len();
        let context = format!("in commit {}", short(&commit.id));
        let buffers = commit
            .files
            .iter()
            .map(|f| {
                (
                    f.path.as_str(),
                    f.text.as_slice(),
                    f.binary,
                    LineMap::Table(&f.lines),
                )
            })
            .chain(std::iter::once((
                MESSAGE_PATH,
                commit.message.as_slice(),
                false,
                LineMap::Offset(1),
            )));
        for (path, text, binary, lines) in buffers {
            if binary {
                out.stats.skipped_binary += 1;
                continue;
            }
            if text.len() as u64 > max_file_size {
                out.stats.skipped_large += 1;
                out.problems.push(Problem::too_large(
                    path,
                    &format!("{context}: {} added bytes", text.len()),
                    max_file_size,
                ));
                continue;
            }
            out.stats.files += 1;
            out.stats.bytes += text.len() as u64;
            matches.clear();
            engine.scan(text, Some(path), &mut scratch, &mut matches);
            record_limits(
                scratch.limits_hit(),
                engine.limits(),
                Path::new(path),
                (Some(&context), "added lines"),
                &mut out.stats,
                &mut out.problems,
            );
            to_findings(
                engine,
                text,
                &matches,
                Origin {
                    path,
                    key_path: path,
                },
                &lines,
                &mut out.findings,
            );
        }
        for f in &mut out.findings[first..] {
            f.commit = Some(info.clone());
        }
    }
    scan_tag_messages(engine, git, &commits, &mut out, &mut scratch, &mut matches)?;
    out.finish(started);
    Ok(out)
}

/// Scans the messages of annotated tags that point at one of `commits`; findings carry the
/// tag object's id, tagger and date.
fn scan_tag_messages(
    engine: &Engine,
    git: &Git,
    commits: &[log::CommitAdditions],
    out: &mut ScanOutcome,
    scratch: &mut Scratch,
    matches: &mut Vec<crate::engine::Match>,
) -> Result<()> {
    if commits.is_empty() {
        return Ok(());
    }
    let ids: HashSet<&str> = commits.iter().map(|c| c.id.as_str()).collect();
    for tag in log::tags_on(git, &ids)? {
        let path = format!("(tag {} message)", tag.name);
        let first = out.findings.len();
        matches.clear();
        engine.scan(&tag.message, Some(&path), scratch, matches);
        record_limits(
            scratch.limits_hit(),
            engine.limits(),
            Path::new(&path),
            (
                Some(&format!("in tag object {}", short(&tag.id))),
                "message",
            ),
            &mut out.stats,
            &mut out.problems,
        );
        let origin = Origin {
            path: &path,
            key_path: &path,
        };
        let lines = LineMap::Offset(1);
        to_findings(
            engine,
            &tag.message,
            matches,
            origin,
            &lines,
            &mut out.findings,
        );
        out.stats.files += 1;
        out.stats.bytes += tag.message.len() as u64;
        let info = CommitInfo {
            commit: tag.id.clone(),
            author: tag.tagger.clone(),
            date: tag.date.clone(),
        };
        for f in &mut out.findings[first..] {
            f.commit = Some(info.clone());
        }
    }
    Ok(())
}

/// The abbreviated object id used in messages.
fn short(id: &str) -> &str {
    id.get(..12).unwrap_or(id)
}

/// The revisions a pre-push hook must scan, from git's pre-push input lines
/// (`<local ref> <local sha> <remote ref> <remote sha>`): for an update, `remote..local`; for a
/// new branch, the commits not on any remote-tracking branch; a deletion pushes nothing.
///
/// `has_commit` says whether a commit is in the local repository. When the remote's sha is
/// not (someone else pushed, or a force-push over commits never fetched here), `remote..local`
/// cannot be computed; the push is then scanned as a new branch would be (`local --not
/// --remotes`), which covers every commit being pushed and never narrows to nothing.
pub fn pre_push_revs(input: &str, has_commit: impl Fn(&str) -> bool) -> Vec<Vec<String>> {
    let zero = |s: &str| !s.is_empty() && s.bytes().all(|b| b == b'0');
    input
        .lines()
        .filter_map(|line| {
            let f: Vec<&str> = line.split_whitespace().collect();
            let [_, local, _, remote] = f[..] else {
                return None;
            };
            if zero(local) {
                None
            } else if zero(remote) || !has_commit(remote) {
                Some(vec![local.to_string(), "--not".into(), "--remotes".into()])
            } else {
                Some(vec![format!("{remote}..{local}")])
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::pre_push_revs;

    #[test]
    fn pre_push_lines() {
        let z = "0000000000000000000000000000000000000000";
        let input = format!(
            "refs/heads/main aaa refs/heads/main bbb\nrefs/heads/new ccc refs/heads/new {z}\n(delete) {z} refs/heads/old ddd\n"
        );
        assert_eq!(
            pre_push_revs(&input, |_| true),
            vec![
                vec!["bbb..aaa".to_string()],
                vec!["ccc".into(), "--not".into(), "--remotes".into()]
            ]
        );
    }

    #[test]
    fn unknown_remote_sha_falls_back_to_commits_not_on_any_remote() {
        let input =
            "refs/heads/main aaa refs/heads/main bbb\nrefs/heads/dev ccc refs/heads/dev ddd\n";
        assert_eq!(
            pre_push_revs(input, |sha| sha != "bbb"),
            vec![
                vec!["aaa".to_string(), "--not".into(), "--remotes".into()],
                vec!["ddd..ccc".to_string()]
            ]
        );
    }
}
