//! `vigil scan` on real directory trees: findings, formats, exit codes, bad input.

use std::os::unix::fs::PermissionsExt;
use std::process::Stdio;

use crate::util::{Tree, github_token, json, run, vigil};

const PW_LINE: &str = "db_password = \"Tr0ub4dor&3x\"\n";

#[test]
fn finds_a_planted_password_and_redacts_it() {
    let t = Tree::new();
    t.write(
        "src/settings.py",
        format!("import os\n\nDEBUG = True\n{PW_LINE}"),
    );
    t.write("README.md", "nothing to see\n");
    let (code, out, err) = run(vigil().arg("scan").arg(t.path()).arg("--no-config"));
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        out.contains("src/settings.py:4:16: generic-password"),
        "{out}"
    );
    assert!(!out.contains("Tr0ub4dor&3x"), "secret leaked: {out}");
    assert!(out.contains("Tr0*****"), "{out}");
    assert!(out.contains("1 finding in 2 files"), "{out}");
}

#[test]
fn json_report_has_the_documented_fields() {
    let t = Tree::new();
    t.write("app/config.js", format!("// config\n{PW_LINE}"));
    let (code, out, _) =
        run(vigil()
            .arg("scan")
            .arg(t.path())
            .args(["--format", "json", "--no-config"]));
    assert_eq!(code, 1);
    let v = json(&out);
    let f = &v["findings"][0];
    assert_eq!(f["rule"], "generic-password");
    assert_eq!(f["line"], 2);
    assert_eq!(f["column"], 16);
    assert_eq!(f["secret"], "Tr0*****");
    assert_eq!(f["severity"], "high");
    assert!(
        f["path"]
            .as_str()
            .is_some_and(|p| p.ends_with("app/config.js"))
    );
    assert_eq!(f["fingerprint"].as_str().map(str::len), Some(32));
    assert!(f["description"].as_str().is_some_and(|d| !d.is_empty()));
    assert_eq!(v["stats"]["files"], 1);
    assert!(v["stats"]["bytes"].as_u64().is_some_and(|b| b > 0));
    assert!(v["stats"]["duration_ms"].is_u64());

    let (_, out, _) = run(vigil().arg("scan").arg(t.path()).args([
        "-f",
        "json",
        "--show-secrets",
        "--no-config",
    ]));
    assert_eq!(json(&out)["findings"][0]["secret"], "Tr0ub4dor&3x");
}

#[test]
fn clean_tree_exits_zero() {
    let t = Tree::new();
    t.write("a.txt", "hello\n");
    let (code, out, _) = run(vigil().arg("scan").arg(t.path()).arg("--no-config"));
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("0 findings in 1 file"));
}

#[test]
fn fingerprint_survives_lines_moving_above() {
    let t = Tree::new();
    let p = t.write("cfg.py", PW_LINE);
    let fp = |t: &Tree| {
        let (_, out, _) =
            run(vigil()
                .current_dir(t.path())
                .args(["scan", ".", "-f", "json", "--no-config"]));
        json(&out)["findings"][0]["fingerprint"]
            .as_str()
            .expect("fp")
            .to_string()
    };
    let before = fp(&t);
    std::fs::write(&p, format!("# a\n# b\n# c\n{PW_LINE}")).expect("write");
    assert_eq!(fp(&t), before);
}

#[test]
fn gitignore_is_respected_unless_no_ignore() {
    let t = Tree::new();
    t.write(".gitignore", "ignored/\n");
    t.write("ignored/secrets.py", PW_LINE);
    let (code, _, _) = run(vigil().arg("scan").arg(t.path()).arg("--no-config"));
    assert_eq!(code, 0);
    let (code, out, _) = run(vigil()
        .arg("scan")
        .arg(t.path())
        .args(["--no-ignore", "--no-config"]));
    assert_eq!(code, 1, "{out}");
}

#[test]
fn hidden_files_like_dotenv_are_scanned() {
    let t = Tree::new();
    t.write(".env", "DB_PASSWORD=Tr0ub4dor&3x\n");
    let (code, out, _) = run(vigil().arg("scan").arg(t.path()).arg("--no-config"));
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("generic-password-config"), "{out}");
}

#[test]
fn standard_input_is_scanned() {
    let mut child = vigil()
        .args(["scan", "-", "--no-config", "-f", "json"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("spawn");
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().expect("stdin");
        stdin
            .write_all(format!("line one\n{PW_LINE}").as_bytes())
            .expect("write");
    }
    let out = child.wait_with_output().expect("wait");
    assert_eq!(out.status.code(), Some(1));
    let v = json(&String::from_utf8_lossy(&out.stdout));
    assert_eq!(v["findings"][0]["path"], "<stdin>");
    assert_eq!(v["findings"][0]["line"], 2);
}

#[test]
fn bad_input_is_skipped_and_reported_without_hanging() {
    let t = Tree::new();
    t.write("ok.py", PW_LINE);
    t.write(
        "image.png",
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR password = \"Tr0ub4dor&3x\"".as_slice(),
    );
    t.write("big.txt", format!("{}\n{PW_LINE}", "a".repeat(4096)));
    let mut latin1 = b"caf\xe9 = 1\n".to_vec();
    latin1.extend_from_slice(PW_LINE.as_bytes());
    t.write("latin1.py", latin1);
    let fifo = t.path().join("pipe");
    let status = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo");
    assert!(status.success());
    std::os::unix::fs::symlink(t.path().join("ok.py"), t.path().join("link.py")).expect("symlink");
    std::os::unix::fs::symlink("loop-b", t.path().join("loop-a")).expect("symlink");
    std::os::unix::fs::symlink("loop-a", t.path().join("loop-b")).expect("symlink");
    std::fs::create_dir(t.path().join("dir")).expect("mkdir");
    std::os::unix::fs::symlink("..", t.path().join("dir/up")).expect("symlink");

    for follow in [false, true] {
        let mut cmd = vigil();
        cmd.arg("scan")
            .arg(t.path())
            .args(["--max-file-size", "1K", "-f", "json", "--no-config"]);
        if follow {
            cmd.arg("--follow-symlinks");
        }
        let (code, out, err) = run(&mut cmd);
        assert_eq!(code, 1, "{out}{err}");
        let v = json(&out);
        let paths: Vec<&str> = v["findings"]
            .as_array()
            .expect("array")
            .iter()
            .filter_map(|f| f["path"].as_str())
            .collect();
        assert!(paths.iter().any(|p| p.ends_with("ok.py")), "{paths:?}");
        assert!(
            paths.iter().any(|p| p.ends_with("latin1.py")),
            "non-UTF-8 file must be scanned: {paths:?}"
        );
        assert!(
            !paths.iter().any(|p| p.ends_with("image.png")),
            "binary must be skipped"
        );
        assert_eq!(
            paths.iter().filter(|p| p.ends_with("link.py")).count(),
            usize::from(follow)
        );
        let problems = v["problems"].to_string();
        assert!(
            problems.contains("big.txt") && problems.contains("size limit"),
            "{problems}"
        );
        assert!(
            problems.contains("pipe") && problems.contains("not a regular file"),
            "{problems}"
        );
        assert_eq!(v["stats"]["skipped_binary"], 1);
        if follow {
            assert!(
                problems.contains("loop"),
                "symlink loops are reported: {problems}"
            );
        } else {
            assert!(
                v["stats"]["skipped_symlinks"]
                    .as_u64()
                    .is_some_and(|n| n >= 3)
            );
        }
    }
}

#[test]
fn utf16_files_with_bom_are_decoded() {
    let t = Tree::new();
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(PW_LINE.encode_utf16().flat_map(u16::to_le_bytes));
    t.write("win.ini", bytes);
    let (code, out, _) = run(vigil()
        .arg("scan")
        .arg(t.path())
        .args(["--no-config", "-f", "json"]));
    assert_eq!(code, 1, "{out}");
    assert_eq!(json(&out)["findings"][0]["line"], 1);
}

#[test]
fn report_file_is_private() {
    let t = Tree::new();
    t.write("src/a.py", PW_LINE);
    let out_dir = tempfile::tempdir().expect("tmp");
    let report = out_dir.path().join("report.json");
    let (code, stdout, _) = run(vigil()
        .arg("scan")
        .arg(t.path())
        .args(["-f", "json", "--no-config", "-o"])
        .arg(&report));
    assert_eq!(code, 1);
    assert!(stdout.is_empty());
    let mode = std::fs::metadata(&report)
        .expect("report")
        .permissions()
        .mode()
        & 0o777;
    assert_eq!(mode, 0o600);
    assert!(json(&std::fs::read_to_string(&report).expect("read"))["findings"].is_array());
    let leftovers: Vec<_> = std::fs::read_dir(out_dir.path()).expect("dir").collect();
    assert_eq!(leftovers.len(), 1, "no temporary file left behind");
}

#[test]
fn config_errors_name_file_line_and_rule_and_exit_2() {
    let t = Tree::new();
    t.write("a.py", PW_LINE);
    let cfg = t.write(
        "bad.toml",
        "[[rules]]\nid = \"acme\"\ndescription = \"x\"\nregex = '''(unclosed'''\nkeywords = [\"acme\"]\nseverity = \"high\"\n",
    );
    let (code, out, err) = run(vigil().arg("scan").arg(t.path()).arg("--config").arg(&cfg));
    assert_eq!(code, 2, "{out}");
    assert!(err.contains("bad.toml:2: rule `acme`"), "{err}");
    assert!(err.contains("regex"), "{err}");

    let typo = t.write(
        "typo.toml",
        "[[rules]]\nid = \"acme\"\ndescription = \"x\"\nregexp = 'a'\n",
    );
    let (code, _, err) = run(vigil().arg("scan").arg(t.path()).arg("--config").arg(&typo));
    assert_eq!(code, 2);
    assert!(
        err.contains("typo.toml:4") && err.contains("acme") && err.contains("regexp"),
        "{err}"
    );
}

#[test]
fn a_config_that_disables_every_rule_is_an_error() {
    let t = Tree::new();
    t.write("a.py", PW_LINE);
    let (_, list, _) = run(vigil().args(["rules", "list", "-f", "json", "--no-config"]));
    let ids: Vec<String> = json(&list)
        .as_array()
        .expect("array")
        .iter()
        .filter_map(|r| r["id"].as_str().map(|s| format!("{s:?}")))
        .collect();
    let cfg = t.write(
        "off.toml",
        format!("disabled_rules = [{}]\n", ids.join(", ")),
    );
    let (code, _, err) = run(vigil().arg("scan").arg(t.path()).arg("--config").arg(&cfg));
    assert_eq!(code, 2);
    assert!(err.contains("no active rules"), "{err}");
}

#[test]
fn repository_config_is_discovered_at_the_root() {
    let t = Tree::new();
    let ok = std::process::Command::new("git")
        .arg("init")
        .arg("-q")
        .arg(t.path())
        .status()
        .expect("git");
    assert!(ok.success());
    t.write("sub/app.py", "token = acme_q1w2e3r4t5y6\n");
    t.write(
        ".vigil.toml",
        "[[rules]]\nid = \"acme\"\ndescription = \"ACME token\"\nregex = '''\\b(acme_[a-z0-9]{12})\\b'''\nkeywords = [\"acme_\"]\nseverity = \"high\"\nexamples = [{ text = \"acme_q1w2e3r4t5y6\", secret = \"acme_q1w2e3r4t5y6\" }]\nnegative_examples = [\"acme_x\"]\n",
    );
    let (code, out, err) = run(vigil()
        .arg("scan")
        .arg(t.path().join("sub"))
        .args(["-f", "json"]));
    assert_eq!(code, 1, "{out}{err}");
    let f = &json(&out)["findings"][0];
    assert_eq!(f["rule"], "acme");
    let (code, _, _) = run(vigil()
        .arg("scan")
        .arg(t.path().join("sub"))
        .arg("--no-config"));
    assert_eq!(code, 0);
}

#[test]
fn missing_path_is_an_error() {
    let (code, _, err) = run(vigil().args(["scan", "/nonexistent/vigil-test-path"]));
    assert_eq!(code, 2);
    assert!(err.contains("/nonexistent/vigil-test-path"), "{err}");
}

#[test]
fn github_tokens_need_a_valid_checksum() {
    let good = github_token("ghp_", "Qm7Rk2Vd9XwLp4Tz8Hn3Bc6Yf1Js5G");
    let mut bad = good.clone();
    bad.replace_range(10..11, if &good[10..11] == "a" { "b" } else { "a" });
    let t = Tree::new();
    t.write(
        "deploy.sh",
        format!("export GH_TOKEN={good}\nexport OLD_TOKEN={bad}\n"),
    );
    let (code, out, _) = run(vigil()
        .arg("scan")
        .arg(t.path())
        .args(["-f", "json", "--no-config"]));
    assert_eq!(code, 1, "{out}");
    let v = json(&out);
    let hits: Vec<(u64, String)> = v["findings"]
        .as_array()
        .expect("array")
        .iter()
        .map(|f| (f["line"].as_u64().unwrap_or(0), f["validated"].to_string()))
        .collect();
    assert_eq!(hits.len(), 1, "only the checksummed token: {hits:?}");
    assert_eq!(hits[0].0, 1);
    assert!(hits[0].1.contains("checksum"), "{hits:?}");
}

#[test]
fn files_larger_than_a_chunk_are_streamed_with_correct_lines() {
    let t = Tree::new();
    let filler = "let value = compute(42); // nothing secret here\n";
    let n = (20 << 20) / filler.len();
    let mut text = filler.repeat(n);
    text.push_str(PW_LINE);
    t.write("big/generated.rs", &text);
    // Every filler line has a keyword (`secret`): the debug build this suite runs needs about
    // 4 s for it, 20 times the release build, so on a loaded machine the default time budget
    // could cut it. What is tested here is the line count across chunks.
    let (code, out, _) = run(vigil().arg("scan").arg(t.path()).args([
        "--max-file-size",
        "64M",
        "--file-time-budget",
        "off",
        "-f",
        "json",
        "--no-config",
    ]));
    assert_eq!(code, 1, "{out}");
    let v = json(&out);
    assert_eq!(v["findings"][0]["line"].as_u64(), Some(n as u64 + 1));
    assert_eq!(v["stats"]["bytes"].as_u64(), Some(text.len() as u64));
}
