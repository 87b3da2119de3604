//! `vigil git RANGE` and the pre-push hook on real repositories.

use crate::util::{TestRepo, json};

const SECRET_LINE: &str = "DB_PASSWORD = \"Tr0ub4dor&3xQz9\"\n";

fn commit(r: &TestRepo, file: &str, content: &str, msg: &str) -> String {
    r.write(file, content);
    r.git(&["add", "-A"]);
    r.git(&["commit", "-q", "--no-verify", "-m", msg]);
    r.git(&["rev-parse", "HEAD"]).trim().to_string()
}

#[test]
fn range_scan_attributes_findings_to_the_commit_that_added_them() {
    let r = TestRepo::new();
    let base = commit(&r, "README.md", "hello\n", "init");
    let leak = commit(
        &r,
        "app/db.py",
        &format!("import os\n{SECRET_LINE}"),
        "add db config",
    );
    commit(&r, "app/db.py", "import os\n", "remove the password");
    commit(
        &r,
        "notes.txt",
        "x\n",
        "rotate: old key was API_TOKEN=\"q8Lw2Nz5Rt7Vx3Kc9Bm4\"",
    );
    for args in [
        vec!["git".to_string(), format!("{base}..HEAD")],
        vec!["git".into(), "--since".into(), base.clone()],
    ] {
        let mut args: Vec<&str> = args.iter().map(String::as_str).collect();
        args.extend(["-f", "json", "--no-config"]);
        let (code, out, err) = r.vigil(&args);
        assert_eq!(code, 1, "{out}{err}");
        let v = json(&out);
        let found = v["findings"].as_array().expect("array");
        assert_eq!(found.len(), 2, "{found:?}");
        let db = found
            .iter()
            .find(|f| f["path"] == "app/db.py")
            .expect("db finding");
        assert_eq!(db["commit"], leak.as_str());
        assert_eq!(db["author"], "Test User <test@example.invalid>");
        assert_eq!(db["line"], 2);
        assert!(db["date"].as_str().is_some_and(|d| d.len() >= 20));
        assert!(
            found.iter().any(|f| f["path"] == "(commit message)"),
            "commit messages are scanned"
        );
    }
    let (code, _, _) = r.vigil(&["git", &format!("{leak}..HEAD"), "--no-config", "-f", "json"]);
    assert_eq!(code, 1, "the message secret is after the leak commit");
    let (code, out, _) = r.vigil(&["git", "HEAD~1..HEAD~1", "--no-config"]);
    assert_eq!(code, 0, "{out}");
}

#[test]
fn the_same_secret_has_the_same_fingerprint_in_scan_staged_and_history() {
    let r = TestRepo::new();
    commit(&r, "README.md", "hello\n", "init");
    r.write("cfg/app.py", SECRET_LINE);
    r.git(&["add", "-A"]);
    let (_, staged, _) = r.vigil(&["staged", "-f", "json", "--no-config"]);
    r.git(&["commit", "-q", "--no-verify", "-m", "leak"]);
    let (_, history, _) = r.vigil(&["git", "HEAD~1..HEAD", "-f", "json", "--no-config"]);
    let (_, scan, _) = r.vigil(&["scan", ".", "-f", "json", "--no-config"]);
    let fp = |s: &str| {
        json(s)["findings"][0]["fingerprint"]
            .as_str()
            .expect("fp")
            .to_string()
    };
    assert_eq!(fp(&staged), fp(&history));
    assert_eq!(fp(&staged), fp(&scan));
}

#[test]
fn pre_push_hook_blocks_secret_commits_and_allows_clean_pushes() {
    let remote = tempfile::tempdir().expect("tmp");
    let r = TestRepo::new();
    let ok = r
        .cmd("git")
        .args(["init", "-q", "--bare"])
        .arg(remote.path())
        .status()
        .expect("git");
    assert!(ok.success());
    r.git(&[
        "remote",
        "add",
        "origin",
        remote.path().to_str().expect("utf8"),
    ]);
    let (code, _, _) = r.vigil(&["install", "--pre-push"]);
    assert_eq!(code, 0);
    commit(&r, "README.md", "hello\n", "init");
    let (code, out) = r.git_status(&["push", "-q", "origin", "main"]);
    assert_eq!(code, 0, "clean push: {out}");
    commit(&r, "app.py", SECRET_LINE, "leak");
    let (code, out) = r.git_status(&["push", "origin", "main"]);
    assert_ne!(code, 0, "push with a secret is blocked: {out}");
    assert!(
        out.contains("push blocked") && out.contains("app.py"),
        "{out}"
    );
    assert!(!out.contains("Tr0ub4dor&3xQz9"), "{out}");
    // A new branch whose commits are already on the remote pushes fine.
    r.git(&["reset", "-q", "--hard", "HEAD~1"]);
    r.git(&["checkout", "-q", "-b", "feature"]);
    let (code, out) = r.git_status(&["push", "-q", "origin", "feature"]);
    assert_eq!(code, 0, "{out}");
    // Deleting a branch scans nothing.
    let (code, out) = r.git_status(&["push", "-q", "origin", "--delete", "feature"]);
    assert_eq!(code, 0, "{out}");
}

#[test]
fn shallow_clone_with_a_missing_base_is_reported_with_the_fix() {
    let origin = TestRepo::new();
    for i in 0..4 {
        commit(&origin, &format!("f{i}.txt"), "x\n", &format!("c{i}"));
    }
    let clone_dir = tempfile::tempdir().expect("tmp");
    let clone = clone_dir.path().join("c");
    let url = format!("file://{}", origin.path().display());
    let ok = origin
        .cmd("git")
        .args(["clone", "-q", "--depth", "2", &url])
        .arg(&clone)
        .status()
        .expect("git");
    assert!(ok.success());
    let out = origin
        .cmd(env!("CARGO_BIN_EXE_vigil"))
        .args(["git", "HEAD", "--no-config", "-C"])
        .arg(&clone)
        .output()
        .expect("vigil");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("shallow") && err.contains("fetch-depth: 0"),
        "{err}"
    );
}

#[test]
fn corrupt_objects_are_a_clear_error() {
    let r = TestRepo::new();
    let id = commit(&r, "a.txt", "content\n", "init");
    let blob = r.git(&["rev-parse", "HEAD:a.txt"]).trim().to_string();
    let obj = r
        .path()
        .join(".git/objects")
        .join(&blob[..2])
        .join(&blob[2..]);
    let mut perms = std::fs::metadata(&obj).expect("obj").permissions();
    #[allow(clippy::permissions_set_readonly_false)]
    perms.set_readonly(false);
    std::fs::set_permissions(&obj, perms).expect("chmod");
    std::fs::write(&obj, b"garbage, not zlib").expect("corrupt");
    let (code, _, err) = r.vigil(&["git", &id, "--no-config"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("git"), "{err}");
}
