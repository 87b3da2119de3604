//! The pre-push hook through real `git push` to a local bare remote: updates, new branches,
//! deletions, and pushes over a remote tip this clone never fetched.

use std::path::Path;

use crate::util::TestRepo;

const SECRET_LINE: &str = "DB_PASSWORD = \"Tr0ub4dor&3xQz9\"\n";
const SECRET_VALUE: &str = "Tr0ub4dor&3xQz9";

fn commit(r: &TestRepo, file: &str, content: &str, msg: &str) -> String {
    r.write(file, content);
    r.git(&["add", "-A"]);
    r.git(&["commit", "-q", "--no-verify", "-m", msg]);
    r.git(&["rev-parse", "HEAD"]).trim().to_string()
}

fn bare_remote(r: &TestRepo) -> tempfile::TempDir {
    let remote = tempfile::tempdir().expect("tmp");
    let ok = r
        .cmd("git")
        .args(["init", "-q", "--bare", "-b", "main"])
        .arg(remote.path())
        .status()
        .expect("git");
    assert!(ok.success());
    remote
}

/// A clone of `remote` with the pre-push hook installed.
fn clone_with_hook(remote: &Path) -> TestRepo {
    let r = TestRepo::new();
    r.git(&["remote", "add", "origin", remote.to_str().expect("utf8")]);
    r.git(&["fetch", "-q", "origin"]);
    if !r.git(&["branch", "-r"]).trim().is_empty() {
        r.git(&["reset", "-q", "--hard", "origin/main"]);
        r.git(&["branch", "-q", "--set-upstream-to", "origin/main"]);
    }
    let (code, out, err) = r.vigil(&["install", "--pre-push"]);
    assert_eq!(code, 0, "{out}{err}");
    r
}

fn push(r: &TestRepo, args: &[&str]) -> (i32, String) {
    let mut full = vec!["push", "origin"];
    full.extend_from_slice(args);
    r.git_status(&full)
}

fn assert_blocked(code: i32, out: &str, path: &str) {
    assert_ne!(code, 0, "push with a secret must be blocked: {out}");
    assert!(out.contains("push blocked"), "{out}");
    assert!(out.contains(path), "the message names the file: {out}");
    assert!(!out.contains(SECRET_VALUE), "the secret is redacted: {out}");
}

#[test]
fn update_push_is_blocked_with_a_secret_and_allowed_without() {
    let seed = TestRepo::new();
    let remote = bare_remote(&seed);
    let r = clone_with_hook(remote.path());
    commit(&r, "README.md", "hello\n", "init");
    let (code, out) = push(&r, &["main"]);
    assert_eq!(code, 0, "first push of a clean branch: {out}");
    commit(&r, "src/lib.rs", "pub fn f() {}\n", "clean change");
    let (code, out) = push(&r, &["main"]);
    assert_eq!(code, 0, "clean update: {out}");
    // The secret is added and removed again before the push: the commit that added it is
    // still pushed, so the push is blocked.
    commit(&r, "app/db.py", SECRET_LINE, "leak");
    commit(&r, "app/db.py", "import os\n", "remove it again");
    let (code, out) = push(&r, &["main"]);
    assert_blocked(code, &out, "app/db.py");
    let remote_main = r.git(&["ls-remote", "origin", "refs/heads/main"]);
    let pushed = r.git(&["rev-parse", "origin/main"]);
    assert_eq!(
        remote_main.split_whitespace().next(),
        Some(pushed.trim()),
        "the remote did not move"
    );
    // Dropping the two commits makes the push clean again.
    r.git(&["reset", "-q", "--hard", "HEAD~2"]);
    commit(&r, "app/db.py", "import os\n", "db module");
    let (code, out) = push(&r, &["main"]);
    assert_eq!(code, 0, "{out}");
}

#[test]
fn new_branch_push_scans_only_commits_not_on_the_remote() {
    let seed = TestRepo::new();
    let remote = bare_remote(&seed);
    let r = clone_with_hook(remote.path());
    commit(&r, "README.md", "hello\n", "init");
    let (code, out) = push(&r, &["main"]);
    assert_eq!(code, 0, "{out}");
    // A new branch with only clean commits of its own is allowed...
    r.git(&["checkout", "-q", "-b", "feature"]);
    commit(&r, "feature.txt", "x\n", "feature work");
    let (code, out) = push(&r, &["feature"]);
    assert_eq!(code, 0, "{out}");
    // ...and one that adds a secret is blocked.
    r.git(&["checkout", "-q", "-b", "leaky", "main"]);
    commit(&r, "cfg/settings.py", SECRET_LINE, "settings");
    let (code, out) = push(&r, &["leaky"]);
    assert_blocked(code, &out, "cfg/settings.py");
    let (_, refs) = r.git_status(&["ls-remote", "origin"]);
    assert!(!refs.contains("refs/heads/leaky"), "{refs}");
}

#[test]
fn deleting_a_branch_scans_nothing() {
    let seed = TestRepo::new();
    let remote = bare_remote(&seed);
    let r = clone_with_hook(remote.path());
    commit(&r, "README.md", "hello\n", "init");
    let (code, out) = push(&r, &["main"]);
    assert_eq!(code, 0, "{out}");
    // The branch on the remote holds a secret (pushed with the hook skipped), and deleting
    // it must not be blocked by what it held.
    r.git(&["checkout", "-q", "-b", "old"]);
    commit(&r, "leak.py", SECRET_LINE, "leak");
    let (code, out) = push(&r, &["--no-verify", "old"]);
    assert_eq!(code, 0, "{out}");
    r.git(&["checkout", "-q", "main"]);
    let (code, out) = push(&r, &["--delete", "old"]);
    assert_eq!(code, 0, "deletion pushes nothing: {out}");
    let (_, refs) = r.git_status(&["ls-remote", "origin"]);
    assert!(!refs.contains("refs/heads/old"), "{refs}");
}

#[test]
fn push_over_a_remote_tip_never_fetched_still_scans_the_new_commits() {
    let seed = TestRepo::new();
    let remote = bare_remote(&seed);
    let me = clone_with_hook(remote.path());
    commit(&me, "README.md", "hello\n", "init");
    let (code, out) = push(&me, &["main"]);
    assert_eq!(code, 0, "{out}");
    // Someone else pushes a commit this clone never fetches.
    let other = clone_with_hook(remote.path());
    let theirs = commit(&other, "theirs.txt", "theirs\n", "their work");
    let (code, out) = push(&other, &["main"]);
    assert_eq!(code, 0, "{out}");
    assert!(!me.has_object(&theirs), "the other commit is unknown here");

    // A force-push of a clean commit over it: git hands the hook a remote sha that is not in
    // this repository; the hook scans the commits not on any remote-tracking ref and allows it.
    commit(&me, "mine.txt", "mine\n", "my work");
    let (code, out) = push(&me, &["--force", "main"]);
    assert_eq!(code, 0, "clean force-push over an unknown tip: {out}");

    // The other side pushes again; a force-push that adds a secret is blocked.
    other.git(&["fetch", "-q", "origin"]);
    other.git(&["reset", "-q", "--hard", "origin/main"]);
    let theirs = commit(&other, "theirs2.txt", "more\n", "more of their work");
    let (code, out) = push(&other, &["main"]);
    assert_eq!(code, 0, "{out}");
    assert!(!me.has_object(&theirs));
    commit(&me, "deploy/env.py", SECRET_LINE, "deploy settings");
    commit(&me, "notes.txt", "later\n", "a later clean commit");
    let (code, out) = push(&me, &["--force", "main"]);
    assert_blocked(code, &out, "deploy/env.py");
    let (_, refs) = me.git_status(&["ls-remote", "origin", "refs/heads/main"]);
    assert!(
        refs.starts_with(&theirs),
        "the remote kept their commit: {refs}"
    );
}

impl TestRepo {
    fn has_object(&self, id: &str) -> bool {
        self.git_status(&["cat-file", "-e", id]).0 == 0
    }
}
