//! `vigil staged` and the installed hooks, driven through real `git commit`.

use crate::util::{TestRepo, json};

const SECRET_LINE: &str = "DB_PASSWORD = \"Tr0ub4dor&3xQz9\"\n";

fn findings(r: &TestRepo) -> (i32, serde_json::Value) {
    let (code, out, err) = r.vigil(&["staged", "-f", "json", "--no-config"]);
    assert!(code == 0 || code == 1, "exit {code}: {err}");
    (code, json(&out))
}

#[test]
fn first_commit_is_scanned_against_the_empty_tree() {
    let r = TestRepo::new();
    r.write("app/settings.py", format!("import os\n{SECRET_LINE}"));
    r.git(&["add", "."]);
    let (code, v) = findings(&r);
    assert_eq!(code, 1);
    assert_eq!(v["findings"][0]["path"], "app/settings.py");
    assert_eq!(v["findings"][0]["line"], 2);
}

#[test]
fn only_added_lines_count_and_line_numbers_are_those_of_the_staged_file() {
    let r = TestRepo::new();
    r.write("cfg.py", format!("a = 1\n{SECRET_LINE}b = 2\n"));
    r.git(&["add", "."]);
    r.git(&[
        "commit",
        "-q",
        "--no-verify",
        "-m",
        "old secret already committed",
    ]);
    r.write(
        "cfg.py",
        format!("a = 1\n{SECRET_LINE}b = 2\nc = 3\nAPI_TOKEN = \"q8Lw2Nz5Rt7Vx3Kc9Bm4\"\n"),
    );
    r.git(&["add", "."]);
    let (code, v) = findings(&r);
    assert_eq!(code, 1);
    let found = v["findings"].as_array().expect("array");
    assert_eq!(
        found.len(),
        1,
        "the committed secret is not re-reported: {found:?}"
    );
    assert_eq!(found[0]["line"], 5);
}

#[test]
fn the_index_is_scanned_not_the_work_tree() {
    let r = TestRepo::new();
    r.write("README.md", "hello\n");
    r.git(&["add", "."]);
    r.git(&["commit", "-q", "-m", "init"]);
    r.write("a.py", SECRET_LINE);
    r.git(&["add", "a.py"]);
    r.write("a.py", "clean = 1\n");
    assert_eq!(findings(&r).0, 1, "the staged content has the secret");
    r.git(&["add", "a.py"]);
    r.write("b.py", SECRET_LINE);
    assert_eq!(
        findings(&r).0,
        0,
        "an unstaged file is not part of the commit"
    );
}

#[test]
fn odd_file_names_renames_binary_crlf_and_deletions() {
    let r = TestRepo::new();
    r.write("keep.txt", "x\n");
    r.write("old name.py", "value = 1\n");
    r.write("doomed.py", "gone = 1\n");
    r.git(&["add", "."]);
    r.git(&["commit", "-q", "-m", "init"]);
    r.git(&["mv", "old name.py", "new \"quoted\" name.py"]);
    r.git(&["rm", "-q", "doomed.py"]);
    r.write(
        "dir with space/caf\u{e9}\nnewline.env",
        format!("x=1\r\n{}", SECRET_LINE.replace('\n', "\r\n")),
    );
    r.write(
        "image.bin",
        b"\x00\x01\x02DB_PASSWORD = \"Tr0ub4dor&3xQz9\"".as_slice(),
    );
    r.git(&["add", "-A"]);
    let (code, v) = findings(&r);
    assert_eq!(code, 1);
    let found = v["findings"].as_array().expect("array");
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["path"], "dir with space/caf\u{e9}\nnewline.env");
    assert_eq!(found[0]["line"], 2);
    assert_eq!(v["stats"]["skipped_binary"], 1);
}

#[test]
fn inline_allow_marker_suppresses_the_line() {
    let r = TestRepo::new();
    r.write(
        "t.py",
        "DB_PASSWORD = \"Tr0ub4dor&3xQz9\"  # vigil:allow test fixture\n",
    );
    r.git(&["add", "."]);
    assert_eq!(findings(&r).0, 0);
}

#[test]
fn installed_hook_blocks_and_allows_real_commits() {
    let r = TestRepo::new();
    let (code, out, err) = r.vigil(&["install"]);
    assert_eq!(code, 0, "{out}{err}");
    r.write("ok.txt", "fine\n");
    r.git(&["add", "."]);
    let (code, out) = r.git_status(&["commit", "-m", "clean"]);
    assert_eq!(code, 0, "{out}");
    r.write("app.py", SECRET_LINE);
    r.git(&["add", "."]);
    let (code, out) = r.git_status(&["commit", "-m", "leak"]);
    assert_ne!(code, 0, "commit with a secret must be blocked: {out}");
    assert!(
        out.contains("app.py:1:16") && out.contains("commit blocked"),
        "{out}"
    );
    assert!(
        out.contains("Tr0*****") && !out.contains("Tr0ub4dor&3xQz9"),
        "redacted: {out}"
    );
    assert_eq!(r.git(&["rev-list", "--count", "HEAD"]).trim(), "1");
    let (code, out) = r.git_status(&[
        "-c",
        "core.hooksPath=.git/hooks",
        "commit",
        "--no-verify",
        "-m",
        "emergency",
    ]);
    assert_eq!(code, 0, "--no-verify is the documented escape hatch: {out}");
    r.write("app2.py", SECRET_LINE);
    r.git(&["add", "."]);
    let out = r
        .cmd("git")
        .args(["commit", "-m", "skip"])
        .env("VIGIL_SKIP", "1")
        .output()
        .expect("git");
    assert!(out.status.success(), "VIGIL_SKIP=1 skips the scan");
}

#[test]
fn existing_hooks_are_chained_and_restored_exactly() {
    let r = TestRepo::new();
    let hook = r.path().join(".git/hooks/pre-commit");
    let original = "#!/bin/sh\necho previous-hook-ran\ntest -f allow-commit\n";
    std::fs::write(&hook, original).expect("write");
    set_exec(&hook);
    let (code, out, _) = r.vigil(&["install"]);
    assert_eq!(code, 0);
    assert!(out.contains("runs first"), "{out}");
    r.write("a.txt", "clean\n");
    r.git(&["add", "."]);
    let (code, out) = r.git_status(&["commit", "-m", "blocked by the old hook"]);
    assert_ne!(code, 0, "the chained hook's failure still blocks: {out}");
    assert!(out.contains("previous-hook-ran"));
    r.write("allow-commit", "");
    r.git(&["add", "."]);
    let (code, out) = r.git_status(&["commit", "-m", "both hooks pass"]);
    assert_eq!(code, 0, "{out}");
    let (code, _, _) = r.vigil(&["uninstall"]);
    assert_eq!(code, 0);
    assert_eq!(std::fs::read_to_string(&hook).expect("hook"), original);
    assert!(
        !r.path()
            .join(".git/hooks/pre-commit.vigil-chained")
            .exists()
    );
}

#[test]
fn hooks_path_and_linked_worktrees_are_honoured() {
    let r = TestRepo::new();
    r.git(&["config", "core.hooksPath", "custom-hooks"]);
    let (code, out, _) = r.vigil(&["install"]);
    assert_eq!(code, 0);
    assert!(r.path().join("custom-hooks/pre-commit").exists(), "{out}");
    r.write("seed.txt", "x\n");
    // Only seed.txt: vigil's hook in custom-hooks/ must not be committed (it names this
    // machine's binary; install says so).
    r.git(&["add", "seed.txt"]);
    r.git(&["commit", "-q", "-m", "seed"]);
    let wt = tempfile::tempdir().expect("tmp");
    let wt_path = wt.path().join("linked");
    r.git(&[
        "worktree",
        "add",
        "-q",
        wt_path.to_str().expect("utf8"),
        "-b",
        "feature",
    ]);
    // A relative core.hooksPath is resolved in each work tree: the linked worktree has its
    // own custom-hooks/, which `vigil install` run there fills.
    let (code, out, _) = r.vigil(&["install", "-C", wt_path.to_str().expect("utf8")]);
    assert_eq!(code, 0, "{out}");
    assert!(wt_path.join("custom-hooks/pre-commit").exists(), "{out}");
    std::fs::write(wt_path.join("leak.py"), SECRET_LINE).expect("write");
    let out = r
        .cmd("git")
        .arg("-C")
        .arg(&wt_path)
        .args(["add", "."])
        .output()
        .expect("git");
    assert!(out.status.success());
    let out = r
        .cmd("git")
        .arg("-C")
        .arg(&wt_path)
        .args(["commit", "-m", "leak"])
        .output()
        .expect("git");
    assert!(
        !out.status.success(),
        "the hook guards linked worktrees too"
    );
}

#[test]
fn missing_vigil_binary_blocks_with_a_clear_message() {
    let r = TestRepo::new();
    r.vigil(&["install"]);
    r.write("a.txt", "x\n");
    r.git(&["add", "."]);
    let out = r
        .cmd("git")
        .args(["commit", "-m", "x"])
        .env("VIGIL_BIN", "/nonexistent/vigil")
        .env("PATH", "/usr/bin:/bin")
        .output()
        .expect("git");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("vigil binary was not found"), "{err}");
}

#[test]
fn outside_a_repository_is_an_error() {
    let dir = tempfile::tempdir().expect("tmp");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_vigil"))
        .args(["staged", "-C"])
        .arg(dir.path())
        .env(
            "GIT_CEILING_DIRECTORIES",
            dir.path().parent().expect("parent"),
        )
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
}

fn set_exec(p: &std::path::Path) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(p, std::fs::Permissions::from_mode(0o755)).expect("chmod");
}
