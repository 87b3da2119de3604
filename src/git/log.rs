//! Reads a range of commits with their added lines, via one `git log -p` with a fixed,
//! NUL-delimited header per commit (so messages and paths can hold any byte).

use std::collections::HashSet;

use super::Git;
use super::diff::{self, FileAdditions};
use crate::error::{Error, Result};

const START: &[u8] = b"\x00\x01vigil-commit ";
const END: &[u8] = b"\x00\x01vigil-end\n";

/// One commit of a range: identity, message and the lines it adds (against its first parent;
/// a root commit against the empty tree).
#[derive(Debug, Clone, Default)]
pub struct CommitAdditions {
    /// Full commit id.
    pub id: String,
    /// `Name <email>` of the author.
    pub author: String,
    /// Author date, strict ISO 8601.
    pub date: String,
    /// The full commit message.
    pub message: Vec<u8>,
    /// Added lines per file.
    pub files: Vec<FileAdditions>,
}

/// Lists the commits selected by `revs` (e.g. `["origin/main..HEAD"]` or
/// `["abc123", "--not", "--remotes"]`), newest first, with their additions.
///
/// # Errors
/// git fails (unknown revision, corrupt objects).
pub fn commits(git: &Git, revs: &[&str]) -> Result<Vec<CommitAdditions>> {
    let mut args = vec![
        "log",
        "-p",
        "--unified=0",
        "--no-color",
        "--no-ext-diff",
        "--no-textconv",
        "--find-renames",
        // A merge is diffed against its first parent: lines a conflict resolution adds are
        // scanned (the merged branch's own commits are in the range anyway).
        "--diff-merges=first-parent",
        "--diff-filter=ACMR",
        "--src-prefix=a/",
        "--dst-prefix=b/",
        "--ignore-submodules=all",
        "--format=%x00%x01vigil-commit %H%x00%an <%ae>%x00%aI%x00%B%x00%x01vigil-end",
    ];
    args.extend_from_slice(revs);
    args.push("--");
    let out = git.output(&args)?;
    parse(&out)
}

fn parse(out: &[u8]) -> Result<Vec<CommitAdditions>> {
    let mut commits = Vec::new();
    for chunk in split(out, START).into_iter().skip(1) {
        let Some(end) = memchr::memmem::find(chunk, END) else {
            return Err(Error::Git(
                "unexpected `git log` output (no end marker)".into(),
            ));
        };
        let mut fields = chunk[..end].splitn(4, |&b| b == 0);
        let mut field = || String::from_utf8_lossy(fields.next().unwrap_or_default()).into_owned();
        let (id, author, date) = (field(), field(), field());
        let message = chunk[..end]
            .splitn(4, |&b| b == 0)
            .nth(3)
            .unwrap_or_default()
            .to_vec();
        let files = diff::parse(&chunk[end + END.len()..]);
        commits.push(CommitAdditions {
            id,
            author,
            date,
            message,
            files,
        });
    }
    Ok(commits)
}

fn split<'a>(hay: &'a [u8], sep: &[u8]) -> Vec<&'a [u8]> {
    let mut parts = Vec::new();
    let mut rest = hay;
    while let Some(i) = memchr::memmem::find(rest, sep) {
        parts.push(&rest[..i]);
        rest = &rest[i + sep.len()..];
    }
    parts.push(rest);
    parts
}

/// Whether the repository is a shallow clone.
pub fn is_shallow(git: &Git) -> bool {
    git.output(&["rev-parse", "--is-shallow-repository"])
        .is_ok_and(|o| o.starts_with(b"true"))
}

/// In a shallow clone, the commits of `revs` whose parents are missing (the graft boundary).
/// A range that reaches one is incomplete: its base was not fetched.
///
/// # Errors
/// git fails.
pub fn shallow_boundary(git: &Git, revs: &[&str]) -> Result<Vec<String>> {
    let shallow = git.output(&[
        "rev-parse",
        "--path-format=absolute",
        "--git-path",
        "shallow",
    ])?;
    let shallow_file = String::from_utf8_lossy(&shallow).trim().to_string();
    let grafts = std::fs::read_to_string(&shallow_file).unwrap_or_default();
    if grafts.trim().is_empty() {
        return Ok(Vec::new());
    }
    let mut args = vec!["rev-list"];
    args.extend_from_slice(revs);
    args.push("--");
    let listed = git.output(&args)?;
    let listed = String::from_utf8_lossy(&listed);
    Ok(grafts
        .lines()
        .filter(|g| listed.lines().any(|l| l == *g))
        .map(str::to_string)
        .collect())
}

/// An annotated tag pointing into a range.
#[derive(Debug, Clone, Default)]
pub struct TagMessage {
    /// Tag object id.
    pub id: String,
    /// Short ref name.
    pub name: String,
    /// `Name <email>` of the tagger.
    pub tagger: String,
    /// Tag date, RFC 3339.
    pub date: String,
    /// The tag message.
    pub message: Vec<u8>,
}

/// Annotated tags whose target commit is in `commits`.
///
/// # Errors
/// git fails.
pub fn tags_on(git: &Git, commits: &HashSet<&str>) -> Result<Vec<TagMessage>> {
    let out = git.output(&[
        "for-each-ref",
        "--format=%00%(objecttype)%00%(objectname)%00%(*objectname)%00%(refname:short)%00%(taggername) %(taggeremail)%00%(taggerdate:iso-strict)%00%(contents)",
        "refs/tags",
    ])?;
    let mut fields = out.split(|&b| b == 0);
    fields.next();
    let mut tags = Vec::new();
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    while let (
        Some(kind),
        Some(id),
        Some(target),
        Some(name),
        Some(tagger),
        Some(date),
        Some(msg),
    ) = (
        fields.next(),
        fields.next(),
        fields.next(),
        fields.next(),
        fields.next(),
        fields.next(),
        fields.next(),
    ) {
        if kind == b"tag" && commits.contains(text(target).as_str()) {
            tags.push(TagMessage {
                id: text(id),
                name: text(name),
                tagger: text(tagger).trim().to_string(),
                date: text(date),
                message: msg.strip_suffix(b"\n").unwrap_or(msg).to_vec(),
            });
        }
    }
    Ok(tags)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_commits_with_messages_and_patches() {
        let mut out = Vec::new();
        out.extend_from_slice(START);
        out.extend_from_slice(
            b"aaaa\x00A U Thor <a@x>\x002026-01-02T03:04:05+00:00\x00subject\n\nbody with\x00nul\n",
        );
        out.extend_from_slice(END);
        out.extend_from_slice(b"\ndiff --git a/f b/f\n--- a/f\n+++ b/f\n@@ -0,0 +1 @@\n+added\n");
        out.extend_from_slice(START);
        out.extend_from_slice(b"bbbb\x00B <b@x>\x002026-01-01T00:00:00+00:00\x00root\n");
        out.extend_from_slice(END);
        let commits = parse(&out).unwrap();
        assert_eq!(commits.len(), 2);
        assert_eq!(commits[0].id, "aaaa");
        assert_eq!(commits[0].author, "A U Thor <a@x>");
        assert_eq!(commits[0].message, b"subject\n\nbody with\x00nul\n");
        assert_eq!(commits[0].files[0].text, b"added");
        assert!(commits[1].files.is_empty());
    }
}
