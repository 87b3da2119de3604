//! Hostile and broken input, each case built for real by the test: huge sparse files, a 50 MB
//! single line, sockets and devices, deep nesting, odd file names, unreadable entries, bad and
//! huge configuration, a catastrophic-looking regex, 10,000 refs, a 100,000-line diff and a
//! truncated pack. For each: no crash, no hang (the binary is killed after a generous bound and
//! the test fails), the right exit code, a message naming the path and the reason, and nothing
//! written into the scanned tree.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::SystemTime;

use crate::util::{TestRepo, Tree, bounded, json, vigil};

const AWS_LINE: &str = "aws_access_key_id = AKIAZ4QF7XW2JHM6BTRD\n";

/// Every entry under `root` (not following links) with its length and modification time.
fn listing(root: &Path) -> BTreeMap<String, (u64, Option<SystemTime>)> {
    let mut seen = BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in entries.flatten() {
            let Ok(meta) = e.path().symlink_metadata() else {
                continue;
            };
            seen.insert(
                e.path().to_string_lossy().into_owned(),
                (meta.len(), meta.modified().ok()),
            );
            if meta.is_dir() {
                stack.push(e.path());
            }
        }
    }
    seen
}

/// Scans `t` with `args`, checking the tree is unchanged; returns (code, JSON report, stderr).
fn scan_unchanged(t: &Tree, args: &[&str]) -> (i32, serde_json::Value, String) {
    let before = listing(t.path());
    let (code, out, err) = bounded(
        vigil()
            .arg("scan")
            .arg(t.path())
            .args(["--no-config", "-f", "json"])
            .args(args),
    );
    assert_eq!(
        before,
        listing(t.path()),
        "vigil wrote into the scanned tree"
    );
    assert!(code == 0 || code == 1, "exit {code}: {err}");
    (code, json(&out), err)
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

#[test]
fn a_sparse_2_gib_file_is_skipped_by_size_and_reported() {
    let t = Tree::new();
    let big = std::fs::File::create(t.path().join("disk.img")).expect("create");
    big.set_len(2 << 30).expect("sparse 2 GiB");
    t.write("app.env", AWS_LINE);
    let (code, v, _) = scan_unchanged(&t, &[]);
    assert_eq!(code, 1);
    let problems = v["problems"].to_string();
    assert!(
        problems.contains("disk.img") && problems.contains("size limit"),
        "{problems}"
    );
    assert_eq!(v["stats"]["skipped_large"], 1);
}

#[test]
fn a_50_mb_single_line_is_scanned_in_bounded_time() {
    let t = Tree::new();
    let mut line = "var a=1;".repeat(50 * 1024 * 1024 / 8);
    line.push_str("k=\"AKIAZ4QF7XW2JHM6BTRD\";");
    t.write("bundle.min.js", line);
    // The debug build the suite runs is about 20 times slower than a release build (~2 s
    // here), so on a loaded CI machine the default 5 s per-file budget could cut the file;
    // the hang guard is the test's own bound. tests/it/limits.rs covers the budget itself.
    let (code, v, err) = scan_unchanged(
        &t,
        &["--max-file-size", "100M", "--file-time-budget", "120s"],
    );
    assert_eq!(code, 1, "{err}");
    assert_eq!(v["findings"][0]["rule"], "aws-access-key-id", "{v}");
    assert_eq!(v["findings"][0]["line"], 1);
}

#[test]
fn sockets_devices_and_links_to_devices_are_reported_not_read() {
    let t = Tree::new();
    t.write("app.env", AWS_LINE);
    let _listener =
        std::os::unix::net::UnixListener::bind(t.path().join("agent.sock")).expect("socket");
    std::os::unix::fs::symlink("/dev/zero", t.path().join("zero")).expect("symlink");
    if is_root() {
        // A real character device node (the same device as /dev/null) inside the tree.
        let status = Command::new("mknod")
            .arg(t.path().join("null-dev"))
            .args(["c", "1", "3"])
            .status()
            .expect("mknod");
        assert!(status.success(), "mknod as root");
    }
    for follow in [false, true] {
        let args: &[&str] = if follow { &["--follow-symlinks"] } else { &[] };
        let (code, v, err) = scan_unchanged(&t, args);
        assert_eq!(code, 1, "{err}");
        let problems = v["problems"].to_string();
        assert!(
            problems.contains("agent.sock") && problems.contains("not a regular file"),
            "{problems}"
        );
        if is_root() {
            assert!(problems.contains("null-dev"), "{problems}");
        }
        if follow {
            assert!(
                problems.contains("zero"),
                "/dev/zero is reported: {problems}"
            );
        } else {
            assert_eq!(v["stats"]["skipped_symlinks"], 1, "{v}");
        }
    }
}

/// A link that leaves the scanned tree is not followed unless the user asks: a hostile
/// repository must not make vigil read (and report on) the user's own files.
#[test]
fn a_symlink_out_of_the_tree_is_followed_only_when_asked() {
    let t = Tree::new();
    let outside = Tree::new();
    outside.write("home/.aws/credentials", AWS_LINE);
    t.write("app.env", AWS_LINE);
    std::os::unix::fs::symlink(outside.path().join("home"), t.path().join("home-link"))
        .expect("symlink");
    let (code, v, err) = scan_unchanged(&t, &[]);
    assert_eq!(code, 1, "{err}");
    assert_eq!(v["findings"].as_array().map(Vec::len), Some(1), "{v}");
    assert_eq!(v["stats"]["skipped_symlinks"], 1, "{v}");
    let (code, v, err) = scan_unchanged(&t, &["--follow-symlinks"]);
    assert_eq!(code, 1, "{err}");
    let paths = v["findings"].to_string();
    assert!(
        paths.contains("home-link/.aws/credentials"),
        "followed when asked, under the link's name: {paths}"
    );
}

/// UTF-16 text (with a byte-order mark, either byte order) is transcoded and scanned; UTF-16
/// without a mark and odd-length garbage are binary and skipped, never a crash.
#[test]
fn utf16_and_invalid_utf8_files() {
    let t = Tree::new();
    let utf16 = |big: bool| -> Vec<u8> {
        let mut out = if big {
            vec![0xfe, 0xff]
        } else {
            vec![0xff, 0xfe]
        };
        for unit in AWS_LINE.encode_utf16() {
            let b = if big {
                unit.to_be_bytes()
            } else {
                unit.to_le_bytes()
            };
            out.extend_from_slice(&b);
        }
        out
    };
    t.write("le.ini", utf16(false));
    t.write("be.ini", utf16(true));
    let mut odd = utf16(false);
    odd.push(0xd8);
    t.write("odd.ini", odd);
    t.write(
        "invalid-utf8.env",
        [b"x = \xc3( \xff\n".as_slice(), AWS_LINE.as_bytes()].concat(),
    );
    let (code, v, err) = scan_unchanged(&t, &[]);
    assert_eq!(code, 1, "{err}");
    let paths = v["findings"].to_string();
    for name in ["le.ini", "be.ini", "invalid-utf8.env"] {
        assert!(paths.contains(name), "{name} scanned: {paths}");
    }
}

#[test]
fn deep_nesting_and_odd_file_names_are_scanned() {
    let t = Tree::new();
    let deep = (0..300)
        .map(|i| format!("d{i}"))
        .collect::<Vec<_>>()
        .join("/");
    t.write(&format!("{deep}/secret.env"), AWS_LINE);
    t.write("new\nline.env", AWS_LINE);
    t.write("quo\"te's.env", AWS_LINE);
    {
        use std::os::unix::ffi::OsStrExt;
        let name = std::ffi::OsStr::from_bytes(b"latin1-\xe9t\xe9.env");
        std::fs::write(t.path().join(name), AWS_LINE).expect("write");
    }
    let (code, v, err) = scan_unchanged(&t, &[]);
    assert_eq!(code, 1, "{err}");
    let paths: Vec<String> = v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| f["path"].as_str().unwrap_or("").to_string())
        .collect();
    assert_eq!(paths.len(), 4, "{paths:?}");
    assert!(paths.iter().any(|p| p.ends_with("d299/secret.env")));
    assert!(paths.iter().any(|p| p.contains("new\nline.env")));
    assert!(paths.iter().any(|p| p.contains("quo\"te's.env")));
    assert!(paths.iter().any(|p| p.contains("latin1-")));
}

#[test]
fn unreadable_files_and_directories_are_reported() {
    use std::os::unix::fs::PermissionsExt;
    let t = Tree::new();
    t.write("app.env", AWS_LINE);
    let file = t.write("locked.env", AWS_LINE);
    let dir = t.path().join("vault");
    std::fs::create_dir(&dir).expect("mkdir");
    std::fs::write(dir.join("inner.env"), AWS_LINE).expect("write");
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o000)).expect("chmod");
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o000)).expect("chmod");
    let (code, v, err) = scan_unchanged(&t, &[]);
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    assert_eq!(code, 1, "{err}");
    if !is_root() {
        // Root reads through permission bits; everyone else must be told what was skipped.
        let problems = v["problems"].to_string();
        assert!(problems.contains("locked.env"), "{problems}");
        assert!(problems.contains("vault"), "{problems}");
    }
}

#[test]
fn bad_and_huge_configuration() {
    let t = Tree::new();
    t.write("app.env", AWS_LINE);
    let bad = t.write(
        "bad.toml",
        "[[rules]]\nid = \"acme\"\ndescription = \"x\"\nregexx = 'acme_[a-z]{8}'\n",
    );
    let (code, out, err) = bounded(vigil().arg("scan").arg(t.path()).arg("--config").arg(&bad));
    assert_eq!(code, 2, "{out}{err}");
    assert!(
        err.contains("bad.toml:") && err.contains("acme") && err.contains("regexx"),
        "names file, line, rule and key: {err}"
    );
    // 10 MB of configuration: loads (or fails cleanly) in bounded time.
    let mut huge = String::from("[allowlist]\ndescription = \"huge\"\nstopwords = [\n");
    while huge.len() < 10 * 1024 * 1024 {
        huge.push_str("  \"placeholder-value-that-is-long-enough\",\n");
    }
    huge.push_str("]\n");
    let cfg = t.write("huge.toml", huge);
    let (code, _, err) = bounded(vigil().arg("scan").arg(t.path()).arg("--config").arg(&cfg));
    assert!(code == 0 || code == 1, "exit {code}: {err}");
}

#[test]
fn a_catastrophic_looking_regex_runs_in_linear_time() {
    let t = Tree::new();
    let cfg = t.write(
        "nested.toml",
        r#"[[rules]]
id = "nested-quantifiers"
description = "(a+)+$ backtracks exponentially in other engines"
regex = '''(a+)+$'''
keywords = ["aaaa"]
severity = "low"
examples = [{ text = "aaaa", secret = "aaaa" }]
negative_examples = ["bbbb"]
"#,
    );
    let mut text = "a".repeat(200_000);
    text.push('b');
    t.write("input.txt", &text);
    let (code, _, err) = bounded(
        vigil()
            .arg("scan")
            .arg(t.path().join("input.txt"))
            .arg("--config")
            .arg(&cfg),
    );
    assert!(code == 0 || code == 1, "exit {code}: {err}");
}

#[test]
fn ten_thousand_refs() {
    let r = TestRepo::new();
    r.write("app.env", AWS_LINE);
    r.git(&["add", "."]);
    r.git(&["commit", "-qm", "add config"]);
    let updates: String = (0..10_000)
        .map(|i| format!("create refs/tags/t{i} HEAD\n"))
        .collect();
    let mut child = r
        .cmd("git")
        .args(["update-ref", "--stdin"])
        .stdin(Stdio::piped())
        .spawn()
        .expect("git update-ref");
    {
        use std::io::Write;
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(updates.as_bytes())
            .expect("write refs");
    }
    assert!(child.wait().expect("wait").success());
    let (code, out, err) = bounded(r.cmd(env!("CARGO_BIN_EXE_vigil")).args([
        "git",
        "--all",
        "--no-config",
        "-f",
        "json",
    ]));
    assert_eq!(code, 1, "{err}");
    assert_eq!(json(&out)["findings"].as_array().map(Vec::len), Some(1));
}

#[test]
fn a_100000_line_staged_diff() {
    let r = TestRepo::new();
    let mut text = String::with_capacity(3_000_000);
    for i in 0..100_000 {
        if i == 77_777 {
            text.push_str(AWS_LINE);
        } else {
            text.push_str(&format!("let value_{i} = {i};\n"));
        }
    }
    r.write("generated.rs", &text);
    r.git(&["add", "."]);
    let (code, out, err) =
        bounded(
            r.cmd(env!("CARGO_BIN_EXE_vigil"))
                .args(["staged", "--no-config", "-f", "json"]),
        );
    assert_eq!(code, 1, "{err}");
    let v = json(&out);
    assert_eq!(v["findings"][0]["line"], 77_778, "{v}");
}

#[test]
fn a_truncated_pack_is_a_clear_error() {
    let r = TestRepo::new();
    for i in 0..20 {
        r.write("notes.txt", format!("revision {i}\n").repeat(50));
        r.git(&["add", "."]);
        r.git(&["commit", "-qm", &format!("rev {i}")]);
    }
    r.git(&["gc", "-q"]);
    let pack_dir = r.path().join(".git/objects/pack");
    let pack = std::fs::read_dir(&pack_dir)
        .expect("pack dir")
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|e| e == "pack"))
        .expect("a pack");
    let len = std::fs::metadata(&pack).expect("meta").len();
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&pack, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    }
    let f = std::fs::OpenOptions::new()
        .write(true)
        .open(&pack)
        .expect("open pack");
    f.set_len(len / 2).expect("truncate");
    let (code, _, err) =
        bounded(
            r.cmd(env!("CARGO_BIN_EXE_vigil"))
                .args(["git", "--all", "--no-config"]),
        );
    assert_eq!(
        code, 2,
        "a damaged repository is an error, not a clean scan: {err}"
    );
    assert!(!err.is_empty(), "the error says what is wrong");
}
