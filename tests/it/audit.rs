//! `vigil git --all` (and range corner cases) on repositories built with real git.

use std::collections::BTreeSet;
use std::path::Path;

use crate::util::{TestRepo, json};

const SECRET: &str = "DB_PASSWORD = \"Tr0ub4dor&3xQz9\"\n";
const SECRET2: &str = "API_TOKEN = \"q8Lw2Nz5Rt7Vx3Kc9Bm4\"\n";
const SECRET3: &str = "SMTP_PASSWORD = \"Xk4#pQ9vLm2@wZ7r\"\n";

fn commit(r: &TestRepo, file: &str, content: &str, msg: &str) -> String {
    r.write(file, content);
    r.git(&["add", "-A"]);
    r.git(&["commit", "-q", "--no-verify", "-m", msg]);
    r.git(&["rev-parse", "HEAD"]).trim().to_string()
}

fn scan(r: &TestRepo, args: &[&str]) -> (i32, serde_json::Value, String) {
    let mut full = vec!["git", "--no-config", "-f", "json"];
    full.extend_from_slice(args);
    let (code, out, err) = r.vigil(&full);
    assert!(code == 0 || code == 1, "exit {code}: {err}");
    (code, json(&out), err)
}

fn found(v: &serde_json::Value) -> Vec<(String, String, u64)> {
    v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            (
                f["path"].as_str().expect("path").to_string(),
                f["commit"].as_str().unwrap_or("").to_string(),
                f["line"].as_u64().expect("line"),
            )
        })
        .collect()
}

/// A history where secrets hide in a deleted file, a removed line, an unmerged branch, a commit
/// only a tag reaches, a commit message and a tag message.
fn hiding_places() -> (TestRepo, Vec<(&'static str, String)>) {
    let r = TestRepo::new();
    let mut want = Vec::new();
    commit(&r, "README.md", "hello\n", "init");
    let c = commit(&r, "old/creds.py", SECRET, "add creds");
    want.push(("old/creds.py", c));
    r.git(&["rm", "-q", "-r", "old"]);
    r.git(&["commit", "-q", "-m", "delete creds"]);
    let c = commit(&r, "app.py", &format!("a = 1\n{SECRET2}"), "token");
    want.push(("app.py", c));
    commit(&r, "app.py", "a = 1\n", "remove token line");
    r.git(&["checkout", "-q", "-b", "unmerged"]);
    let c = commit(&r, "branch.py", SECRET3, "on a branch");
    want.push(("branch.py", c));
    r.git(&["checkout", "-q", "--detach", "main"]);
    let c = commit(
        &r,
        "tagged.txt",
        "PGPASSWORD=\"m9Vq2Lx7Rk4Tz8Wn\"\n",
        "only a tag keeps this",
    );
    want.push(("tagged.txt", c));
    r.git(&["tag", "-a", "v0-hidden", "-m", "release notes"]);
    r.git(&["checkout", "-q", "main"]);
    let c = commit(
        &r,
        "notes.txt",
        "fine\n",
        "config: DB_PASSWORD = \"Zq7#Lm4vRt9xWp2k\"",
    );
    want.push(("(commit message)", c));
    (r, want)
}

#[test]
fn git_all_finds_every_hiding_place_and_names_the_introducing_commit() {
    let (r, want) = hiding_places();
    let (code, v, _) = scan(&r, &["--all"]);
    assert_eq!(code, 1);
    let got = found(&v);
    for (path, commit) in &want {
        assert!(
            got.iter().any(|(p, c, _)| p == path && c == commit),
            "missing {path} @ {commit} in {got:?}"
        );
    }
    assert_eq!(got.len(), want.len(), "no duplicates or extras: {got:?}");
    let f = &v["findings"][0];
    assert_eq!(f["author"], "Test User <test@example.invalid>");
    assert!(f["date"].as_str().expect("date").starts_with("20"));
}

#[test]
fn git_all_in_a_bare_clone_with_dash_c() {
    let (r, want) = hiding_places();
    let bare = tempfile::tempdir().expect("tmp");
    let bare_path = bare.path().join("mirror.git");
    r.git(&[
        "clone",
        "-q",
        "--mirror",
        r.path().to_str().expect("utf8"),
        bare_path.to_str().expect("utf8"),
    ]);
    let (code, v, _) = scan(&r, &["--all", "-C", bare_path.to_str().expect("utf8")]);
    assert_eq!(code, 1);
    let got = found(&v);
    // The mirror has every ref except the detached HEAD state, which the tag keeps anyway.
    for (path, commit) in &want {
        assert!(
            got.iter().any(|(p, c, _)| p == path && c == commit),
            "{path}: {got:?}"
        );
    }
}

#[test]
fn git_all_objects_also_finds_dangling_commits() {
    let r = TestRepo::new();
    commit(&r, "README.md", "hello\n", "init");
    commit(&r, "leak.py", SECRET, "oops");
    r.git(&["reset", "-q", "--hard", "HEAD~1"]);
    r.git(&["reflog", "expire", "--expire=now", "--all"]);
    let (code, _, _) = scan(&r, &["--all"]);
    assert_eq!(code, 0, "the commit is unreachable from every ref");
    let (code, v, _) = scan(&r, &["--all", "--all-objects"]);
    assert_eq!(code, 1);
    assert_eq!(v["findings"][0]["path"], "leak.py");
    // A blob that was staged and never committed.
    r.write("staged-only.py", SECRET2);
    r.git(&["add", "staged-only.py"]);
    r.git(&["reset", "-q", "staged-only.py"]);
    let (_, v, _) = scan(&r, &["--all", "--all-objects"]);
    let got = found(&v);
    assert!(
        got.iter()
            .any(|(p, _, _)| p.starts_with("(unreachable blob ")),
        "{got:?}"
    );
}

/// The audit finds the same (rule, secret) pairs as scanning every reachable blob on its own,
/// written out at its path, and locates each at a path and commit where it really is.
#[test]
fn git_all_matches_a_blob_by_blob_scan() {
    let (r, _) = hiding_places();
    // More versions of one file, a rename and a binary blob.
    commit(
        &r,
        "app.py",
        &format!("a = 2\n{SECRET2}b = 3\n"),
        "token again",
    );
    r.git(&["mv", "app.py", "moved.py"]);
    r.git(&["commit", "-q", "-m", "move"]);
    r.write(
        "blob.bin",
        b"\0\x01binary DB_PASSWORD = \"Tr0ub4dor&3xQz9\"",
    );
    commit(&r, "z.txt", "z\n", "binary");
    let (_, v, _) = scan(&r, &["--all", "--show-secrets"]);
    let key = |f: &serde_json::Value| {
        (
            f["rule"].as_str().expect("rule").to_string(),
            f["secret"].as_str().expect("secret").to_string(),
        )
    };
    let mut audit = BTreeSet::new();
    for f in v["findings"].as_array().expect("findings") {
        let path = f["path"].as_str().expect("path");
        if path.starts_with('(') {
            continue;
        }
        audit.insert(key(f));
        let spec = format!("{}:{path}", f["commit"].as_str().expect("commit"));
        let blob = r.git(&["show", &spec]);
        let line = blob
            .lines()
            .nth(f["line"].as_u64().expect("line") as usize - 1);
        assert!(
            line.is_some_and(|l| l.contains(f["secret"].as_str().expect("secret"))),
            "{spec} line {} holds the secret",
            f["line"]
        );
    }

    let out = tempfile::tempdir().expect("tmp");
    let listing = r.git(&["rev-list", "--all", "--objects"]);
    let mut roots = Vec::new();
    for (n, line) in listing.lines().enumerate() {
        let Some((id, path)) = line.split_once(' ') else {
            continue;
        };
        if r.git(&["cat-file", "-t", id]).trim() != "blob" {
            continue;
        }
        let data = r
            .cmd("git")
            .args(["cat-file", "blob", id])
            .output()
            .expect("git")
            .stdout;
        let root = out.path().join(n.to_string());
        let file = root.join(path);
        std::fs::create_dir_all(file.parent().expect("parent")).expect("mkdir");
        std::fs::write(&file, data).expect("write");
        roots.push(root);
    }
    let mut cmd = crate::util::vigil();
    cmd.args([
        "scan",
        "--no-config",
        "--no-ignore",
        "--show-secrets",
        "-f",
        "json",
    ])
    .args(&roots);
    let (_, stdout, err) = crate::util::run(&mut cmd);
    let blob_by_blob: BTreeSet<(String, String)> = json(&stdout)["findings"]
        .as_array()
        .unwrap_or_else(|| panic!("{err}"))
        .iter()
        .map(key)
        .collect();
    assert!(!audit.is_empty());
    assert_eq!(audit, blob_by_blob);
}

#[test]
fn range_covers_root_commit_merges_renames_messages_and_tags() {
    let r = TestRepo::new();
    let root = commit(&r, "first.py", SECRET, "root commit");
    let (_, v, _) = scan(&r, &["HEAD"]);
    assert_eq!(found(&v), vec![("first.py".to_string(), root, 1)]);

    r.git(&["checkout", "-q", "-b", "side"]);
    let side = commit(&r, "side.py", SECRET2, "side");
    r.git(&["checkout", "-q", "main"]);
    commit(&r, "main.txt", "m\n", "main moves on");
    r.git(&["merge", "-q", "--no-edit", "--no-ff", "side"]);
    let merge = r.git(&["rev-parse", "HEAD"]).trim().to_string();
    let (_, v, _) = scan(&r, &["HEAD~1..HEAD"]);
    let got = found(&v);
    assert!(got.contains(&("side.py".into(), side, 1)), "{got:?}");
    assert!(
        got.contains(&("side.py".into(), merge, 1)),
        "a merge adds its branch's lines relative to the first parent: {got:?}"
    );

    r.git(&["mv", "side.py", "renamed.py"]);
    r.git(&["commit", "-q", "-m", "rename only"]);
    let (code, _, _) = scan(&r, &["HEAD~1..HEAD"]);
    assert_eq!(code, 0, "a pure rename adds no line");

    let c = commit(
        &r,
        "n.txt",
        "n\n",
        "msg: SMTP_PASSWORD = \"Xk4#pQ9vLm2@wZ7r\"",
    );
    r.git(&[
        "tag",
        "-a",
        "v1",
        "-m",
        "notes: API_TOKEN = \"q8Lw2Nz5Rt7Vx3Kc9Bm4\"",
    ]);
    let (_, v, _) = scan(&r, &["HEAD~1..HEAD"]);
    let got = found(&v);
    assert!(
        got.iter()
            .any(|(p, cc, _)| p == "(commit message)" && *cc == c),
        "{got:?}"
    );
    assert!(
        got.iter().any(|(p, _, _)| p == "(tag v1 message)"),
        "{got:?}"
    );

    r.write("bin.dat", b"\0\0DB_PASSWORD = \"Tr0ub4dor&3xQz9\"\n");
    r.git(&["add", "bin.dat"]);
    r.git(&["commit", "-q", "-m", "binary"]);
    let (code, v, _) = scan(&r, &["HEAD~1..HEAD"]);
    assert_eq!(code, 0, "binary files are skipped: {v}");
    assert_eq!(v["stats"]["skipped_binary"], 1);
}

#[test]
fn shallow_clone_with_missing_base_names_the_fix() {
    let r = TestRepo::new();
    for n in 0..4 {
        commit(&r, "f.txt", &format!("{n}\n"), &format!("c{n}"));
    }
    let dir = tempfile::tempdir().expect("tmp");
    let clone = dir.path().join("shallow");
    r.git(&[
        "clone",
        "-q",
        "--depth",
        "2",
        &format!("file://{}", r.path().display()),
        clone.to_str().expect("utf8"),
    ]);
    let c = clone.to_str().expect("utf8");
    let (code, _, err) = r.vigil(&["git", "--no-config", "-C", c, "HEAD~3..HEAD"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("fetch-depth: 0") && err.contains("--deepen"),
        "{err}"
    );
    let (code, _, err) = r.vigil(&["git", "--no-config", "-C", c, "HEAD"]);
    assert_eq!(
        code, 2,
        "walking to the cut-off would scan a truncated history: {err}"
    );
    let (code, _, err) = r.vigil(&["git", "--no-config", "-C", c, "HEAD~1..HEAD"]);
    assert_eq!(code, 0, "a range inside the clone is fine: {err}");
    let (code, _, err) = r.vigil(&["git", "--no-config", "-C", c, "--all"]);
    assert_eq!(code, 0, "{err}");
}

#[test]
fn empty_repository_and_detached_head() {
    let r = TestRepo::new();
    let (code, _, err) = r.vigil(&["git", "--no-config", "--all"]);
    assert_eq!(code, 0, "an empty repository has nothing to audit: {err}");
    let (code, _, err) = r.vigil(&["staged", "--no-config"]);
    assert_eq!(code, 0, "{err}");
    commit(&r, "a.txt", "a\n", "a");
    r.git(&["checkout", "-q", "--detach"]);
    r.write("d.py", SECRET);
    r.git(&["add", "d.py"]);
    let (code, _, _) = r.vigil(&["staged", "--no-config"]);
    assert_eq!(code, 1, "staged works on a detached HEAD");
    r.git(&["commit", "-q", "--no-verify", "-m", "detached"]);
    let (code, v, _) = scan(&r, &["--all"]);
    assert_eq!(code, 1, "a detached HEAD is audited: {v}");
}

#[test]
fn corrupt_loose_object_is_a_clear_error() {
    let r = TestRepo::new();
    commit(&r, "a.txt", "some content\n", "a");
    let blob = r.git(&["rev-parse", "HEAD:a.txt"]).trim().to_string();
    let path = r
        .path()
        .join(".git/objects")
        .join(&blob[..2])
        .join(&blob[2..]);
    corrupt(&path);
    let (code, _, err) = r.vigil(&["git", "--no-config", "--all"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains(&blob), "the error names the object: {err}");
    let (code, _, err) = r.vigil(&["git", "--no-config", "HEAD"]);
    assert_eq!(code, 2, "{err}");
}

fn corrupt(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    std::fs::write(path, b"x\x9c this is not zlib data").expect("write");
}
