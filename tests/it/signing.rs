//! Issue 5: commit signatures. vigil's verdicts must agree with `git verify-commit` (which
//! drives the real gpg and ssh-keygen) on every case the fixture script builds.

use std::path::Path;
use std::process::Command;

use crate::util::{json, run, vigil};

fn have(tool: &str) -> bool {
    Command::new(tool).arg("--version").output().is_ok()
}

/// A git command isolated from the host's configuration.
fn git(dir: &Path, home: &Path) -> Command {
    let mut c = Command::new("git");
    c.current_dir(dir)
        .env("HOME", home)
        .env("GIT_CONFIG_GLOBAL", home.join("gitconfig"))
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "Tester")
        .env("GIT_COMMITTER_NAME", "Tester")
        .env("GIT_AUTHOR_EMAIL", "carol@example.com")
        .env("GIT_COMMITTER_EMAIL", "carol@example.com");
    c
}

fn ok(c: &mut Command) -> String {
    let out = c.output().expect("run");
    assert!(
        out.status.success(),
        "{c:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

#[test]
fn verdicts_agree_with_git_verify_commit() {
    if !have("gpg") || !have("ssh-keygen") {
        eprintln!("skipping: gpg or ssh-keygen missing");
        return;
    }
    let tmp = tempfile::tempdir().expect("test setup");
    let d = tmp.path();
    let script = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/make_signed_repo.sh"
    );
    ok(Command::new("bash").arg(script).arg(d));
    let repo = d.join("repo");
    let cases = std::fs::read_to_string(d.join("cases")).expect("test setup");

    let (code, stdout, stderr) = run(vigil().args(["verify", "-f", "json", "-C"]).arg(&repo));
    assert_eq!(code, 1, "{stderr}");
    let report = json(&stdout);
    let commits = report["commits"].as_array().expect("test setup");

    // case -> (valid, allowed, code)
    let expected: &[(&str, bool, bool, Option<&str>)] = &[
        ("policy", true, true, None),
        ("good-ed25519", true, true, None),
        ("good-rsa3072", true, true, None),
        ("good-ssh", true, true, None),
        ("unsigned", false, false, Some("unsigned")),
        ("unknown-key", false, false, Some("unknown-key")),
        ("other-email", true, false, Some("identity-mismatch")),
        ("altered", false, false, Some("bad-signature")),
        ("expired", false, false, Some("expired-key")),
        ("ssh-unknown", false, false, Some("unknown-key")),
        ("ssh-other-email", true, false, Some("identity-mismatch")),
        ("bad-signature", false, false, Some("bad-signature")),
        ("side-branch", true, true, None),
        ("merge", true, true, None),
    ];
    for line in cases.lines() {
        let (id, case) = line.split_once(' ').expect("test setup");
        let v = commits
            .iter()
            .find(|c| c["commit"] == id)
            .unwrap_or_else(|| panic!("{case} {id} not in report"));
        let &(_, valid, allowed, reason) =
            expected.iter().find(|e| e.0 == case).expect("test setup");
        assert_eq!(v["valid"], valid, "{case}: {v}");
        assert_eq!(v["allowed"], allowed, "{case}: {v}");
        assert_eq!(v["code"].as_str(), reason, "{case}: {v}");
        assert_eq!(v["reason"].is_null(), allowed, "{case}: {v}");
        assert_eq!(v["commit"].as_str().expect("test setup").len(), 40);

        // The oracle: git verify-commit with only the policy's keys.
        let git_ok = git(&repo, &d.join("home"))
            .env("GNUPGHOME", d.join("verify-gnupg"))
            .args(["-c", "gpg.ssh.allowedSignersFile=.vigil/allowed_signers"])
            .args(["verify-commit", id])
            .output()
            .expect("test setup")
            .status
            .success();
        assert_eq!(
            v["valid"], git_ok,
            "{case}: git verify-commit says {git_ok}: {v}"
        );
        let kind = match case {
            "unsigned" => "none",
            c if c.contains("ssh") || c == "bad-signature" => "ssh",
            _ => "openpgp",
        };
        assert_eq!(v["signature"], kind, "{case}");
    }
    assert_eq!(commits.len(), cases.lines().count());
    assert_eq!(report["summary"]["violations"], 8);
}

/// An SSH-signed repository: a policy commit trusting carol, helpers to commit as anyone.
struct SshRepo {
    _tmp: tempfile::TempDir,
    dir: std::path::PathBuf,
    home: std::path::PathBuf,
}

impl SshRepo {
    fn new() -> SshRepo {
        let r = SshRepo::bare();
        r.add_policy("");
        r.commit("carol", "policy");
        r
    }

    fn add_policy(&self, extra: &str) {
        std::fs::create_dir_all(self.dir.join(".vigil")).expect("test setup");
        let line = format!("carol@example.com {}\n", self.pubkey("carol"));
        self.write(".vigil/allowed_signers", &line);
        self.write(
            ".vigil.toml",
            &format!(
                "[signing]\nrequired = true\nallowed_signers = \".vigil/allowed_signers\"\n{extra}"
            ),
        );
    }

    fn bare() -> SshRepo {
        let tmp = tempfile::tempdir().expect("test setup");
        let home = tmp.path().join("home");
        let dir = tmp.path().join("repo");
        std::fs::create_dir_all(&home).expect("test setup");
        for who in ["carol", "mallory"] {
            ok(Command::new("ssh-keygen")
                .args(["-q", "-t", "ed25519", "-N", "", "-C", who, "-f"])
                .arg(tmp.path().join(who)));
        }
        ok(git(tmp.path(), &home).args(["init", "-q", "-b", "main", "repo"]));
        SshRepo {
            _tmp: tmp,
            dir,
            home,
        }
    }

    fn pubkey(&self, who: &str) -> String {
        let p = self._tmp.path().join(format!("{who}.pub"));
        std::fs::read_to_string(p)
            .expect("test setup")
            .trim()
            .to_owned()
    }

    fn write(&self, rel: &str, text: &str) {
        std::fs::write(self.dir.join(rel), text).expect("test setup");
    }

    /// Commits everything, signed by `who`'s SSH key and committed as `who@example.com`
    /// (unsigned, as carol, for "").
    fn commit(&self, who: &str, msg: &str) -> String {
        ok(git(&self.dir, &self.home).args(["add", "-A"]));
        let mut c = git(&self.dir, &self.home);
        if !who.is_empty() {
            c.env("GIT_COMMITTER_EMAIL", format!("{who}@example.com"));
        }
        if !who.is_empty() {
            let key = self._tmp.path().join(format!("{who}.pub"));
            c.args(["-c", "gpg.format=ssh", "-c"])
                .arg(format!("user.signingkey={}", key.display()))
                .arg("-c")
                .arg("commit.gpgsign=true");
        }
        ok(c.args(["commit", "-q", "--allow-empty", "-m", msg]));
        ok(git(&self.dir, &self.home).args(["rev-parse", "HEAD"]))
    }

    fn verify(&self, args: &[&str]) -> (i32, serde_json::Value) {
        let (code, out, err) = run(vigil()
            .args(["verify", "-f", "json", "-C"])
            .arg(&self.dir)
            .args(args));
        assert!(code == 0 || code == 1, "{err}");
        (code, json(&out))
    }
}

#[test]
fn a_commit_cannot_authorise_its_own_key() {
    if !have("ssh-keygen") {
        return;
    }
    let r = SshRepo::new();
    // Mallory adds her key and signs that very commit: judged by the parent's policy.
    let line = format!("mallory@example.com {}\n", r.pubkey("mallory"));
    let mut signers =
        std::fs::read_to_string(r.dir.join(".vigil/allowed_signers")).expect("test setup");
    signers.push_str(&line);
    r.write(".vigil/allowed_signers", &signers);
    let sneaky = r.commit("mallory", "add my key");
    let (code, report) = r.verify(&[]);
    assert_eq!(code, 1);
    let v = &report["commits"][0];
    assert_eq!(v["commit"], sneaky.as_str());
    assert_eq!(v["code"], "unknown-key");
    // A policy file given on the command line is trusted as given: it now lists mallory.
    let policy = r._tmp.path().join("policy.toml");
    std::fs::write(
        &policy,
        "[signing]\nrequired = true\nallowed_signers = \"repo/.vigil/allowed_signers\"\n",
    )
    .expect("test setup");
    let (code, _) = r.verify(&["--policy", policy.to_str().expect("test setup")]);
    assert_eq!(code, 0);
    // The audit lists the change and flags it.
    let (code, hist) = r.verify(&["--policy-history"]);
    assert_eq!(code, 1);
    let changes = hist["changes"].as_array().expect("test setup");
    assert_eq!(changes.len(), 2, "{hist}");
    assert_eq!(changes[1]["commit"], sneaky.as_str());
    assert_eq!(changes[1]["allowed"], false);
    assert!(
        changes[1]["added_keys"][0]
            .as_str()
            .expect("test setup")
            .contains("mallory@example.com")
    );
}

#[test]
fn exemptions_trust_root_and_ranges() {
    if !have("ssh-keygen") {
        return;
    }
    // Adopting a policy on an old repository: history before it had no policy in force.
    let r = SshRepo::bare();
    let old = r.commit("", "old unsigned history");
    r.add_policy(&format!("exempt_before = \"{old}\"\n"));
    let adopt = r.commit("carol", "adopt the policy");
    let after = r.commit("carol", "signed work");
    let (code, report) = r.verify(&["HEAD"]);
    assert_eq!(code, 0, "{report}");
    assert_eq!(report["commits"][2]["policy"], serde_json::Value::Null);
    // CI judging all history by today's policy file: the old commit is exempt, not allowed
    // by accident; without the exemption it violates.
    let policy = r.dir.join(".vigil.toml");
    let (code, report) = r.verify(&["--policy", policy.to_str().expect("test setup")]);
    assert_eq!(code, 0, "{report}");
    assert!(
        report["commits"][2]["exempt"]
            .as_str()
            .expect("test setup")
            .contains("exempt_before")
    );
    let strict = r._tmp.path().join("strict.toml");
    std::fs::write(
        &strict,
        "[signing]\nrequired = true\nallowed_signers = \"repo/.vigil/allowed_signers\"\n",
    )
    .expect("test setup");
    let (code, report) = r.verify(&["--policy", strict.to_str().expect("test setup")]);
    assert_eq!(code, 1);
    assert_eq!(report["commits"][2]["code"], "unsigned");
    // Only the range is verified; --trust-root starts after the trusted commit.
    let (code, report) = r.verify(&[&format!("{old}..HEAD")]);
    assert_eq!(
        (
            code,
            report["commits"].as_array().expect("test setup").len()
        ),
        (0, 2)
    );
    let (code, report) = r.verify(&["--trust-root", &adopt]);
    assert_eq!(code, 0);
    assert_eq!(report["commits"][0]["commit"], after.as_str());
    assert_eq!(report["commits"].as_array().expect("test setup").len(), 1);
    let (code, _) = r.verify(&["--all"]);
    assert_eq!(code, 0);
}

#[test]
fn pre_push_blocks_unsigned_and_passes_once_signed() {
    if !have("ssh-keygen") {
        return;
    }
    let r = SshRepo::new();
    let base = ok(git(&r.dir, &r.home).args(["rev-parse", "HEAD"]));
    let bad = r.commit("", "forgot to sign");
    let push = |tip: &str| {
        let mut c = vigil();
        c.args(["verify", "--pre-push", "-C"]).arg(&r.dir);
        c.stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped());
        let mut child = c.spawn().expect("test setup");
        use std::io::Write;
        writeln!(
            child.stdin.take().expect("test setup"),
            "refs/heads/main {tip} refs/heads/main {base}"
        )
        .expect("test setup");
        let out = child.wait_with_output().expect("test setup");
        (
            out.status.code().expect("test setup"),
            String::from_utf8_lossy(&out.stdout).into_owned(),
        )
    };
    let (code, out) = push(&bad);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains(&bad[..10]) && out.contains("forgot to sign"),
        "{out}"
    );
    assert!(out.contains("commit is not signed"), "{out}");
    assert!(out.contains("git commit --amend --no-edit -S"), "{out}");
    assert!(
        out.contains("git rebase --exec 'git commit --amend --no-edit -S'"),
        "{out}"
    );
    ok(git(&r.dir, &r.home).args(["reset", "-q", "--hard", &base]));
    let good = r.commit("carol", "signed");
    let (code, out) = push(&good);
    assert_eq!(code, 0, "{out}");
}

#[test]
fn pre_commit_requires_git_to_be_set_up_to_sign() {
    if !have("ssh-keygen") {
        return;
    }
    let r = SshRepo::new();
    let (code, _, err) = run(vigil()
        .args(["verify", "--pre-commit", "-C"])
        .arg(&r.dir)
        .env("HOME", &r.home)
        .env("GIT_CONFIG_GLOBAL", r.home.join("gitconfig")));
    assert_eq!(code, 1);
    assert!(
        err.contains("commit.gpgsign") && err.contains("user.signingkey"),
        "{err}"
    );
    let key = r._tmp.path().join("carol.pub");
    for (k, v) in [
        ("commit.gpgsign", "true"),
        ("gpg.format", "ssh"),
        ("user.signingkey", key.to_str().expect("test setup")),
    ] {
        ok(git(&r.dir, &r.home).args(["config", k, v]));
    }
    let (code, _, err) = run(vigil()
        .args(["verify", "--pre-commit", "-C"])
        .arg(&r.dir)
        .env("HOME", &r.home)
        .env("GIT_CONFIG_GLOBAL", r.home.join("gitconfig")));
    assert_eq!(code, 0, "{err}");
}

#[test]
fn scan_ignores_the_signing_section() {
    let r = crate::util::Tree::new();
    r.write(".vigil.toml", "[signing]\nrequired = true\n");
    r.write("a.txt", "nothing here\n");
    let (code, _, err) = run(vigil().arg("scan").arg(r.path()));
    assert_eq!(code, 0, "{err}");
}

#[test]
fn verify_reports_as_sarif_and_junit() {
    if !have("ssh-keygen") {
        return;
    }
    let r = SshRepo::new();
    r.commit("carol", "signed work");
    let unsigned = r.commit("", "unsigned work");
    let report = |format: &str, out: Option<&Path>| {
        let mut cmd = vigil();
        cmd.args(["verify", "-f", format, "-C"]).arg(&r.dir);
        if let Some(out) = out {
            cmd.arg("-o").arg(out);
        }
        let (code, stdout, err) = run(&mut cmd);
        assert_eq!(code, 1, "{err}");
        stdout
    };
    let doc = json(&report("sarif", None));
    let errors: Vec<String> = crate::report::sarif_validator()
        .iter_errors(&doc)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "SARIF invalid: {errors:#?}");
    let results = doc["runs"][0]["results"].as_array().expect("results");
    assert_eq!(results.len(), 1, "{doc:#}");
    assert_eq!(results[0]["ruleId"], "signature/unsigned");
    assert_eq!(results[0]["properties"]["commit"], unsigned.as_str());
    assert_eq!(
        results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        ".vigil.toml"
    );
    // JUnit to a private file: one failed test case for the unsigned commit.
    let file = r._tmp.path().join("verify.xml");
    assert_eq!(report("junit", Some(&file)), "");
    let xml = std::fs::read_to_string(&file).expect("report written");
    assert_eq!(
        xml.matches("<failure type=\"unsigned\"").count(),
        1,
        "{xml}"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).expect("stat").permissions().mode();
        assert_eq!(mode & 0o077, 0, "report readable by others: {mode:o}");
    }
}

/// Commits whose `gpgsig` header is damaged (not base64, no end line, binary bytes, an empty
/// header, an unknown armor) are judged as violations naming the commit: never a crash, never
/// an error that hides the other commits' verdicts, never a pass.
#[test]
fn malformed_signature_headers_are_violations_not_crashes() {
    let r = SshRepo::new();
    let good = r.commit("carol", "signed");
    let raw = ok(git(&r.dir, &r.home).args(["cat-file", "commit", &good]));
    let (head, message) = raw.split_once("\n\n").expect("commit body");
    let unsigned: Vec<&str> = {
        let mut lines = Vec::new();
        let mut in_sig = false;
        for l in head.lines() {
            if l.starts_with("gpgsig ") {
                in_sig = true;
                continue;
            }
            if in_sig && l.starts_with(' ') {
                continue;
            }
            in_sig = false;
            lines.push(l);
        }
        lines
    };
    let damaged: [&[u8]; 5] = [
        b"gpgsig -----BEGIN SSH SIGNATURE-----\n !!!not base64!!!\n -----END SSH SIGNATURE-----",
        b"gpgsig -----BEGIN SSH SIGNATURE-----\n U1NIU0lHAAAAAQ==",
        b"gpgsig -----BEGIN PGP SIGNATURE-----\n \xff\xfe\x00\x01\n -----END PGP SIGNATURE-----",
        b"gpgsig ",
        b"gpgsig -----BEGIN NONSENSE-----\n abc\n -----END NONSENSE-----",
    ];
    let mut parent = good.clone();
    let mut made = Vec::new();
    for sig in damaged {
        let mut obj = Vec::new();
        for l in &unsigned {
            let l = if l.starts_with("parent ") {
                format!("parent {parent}")
            } else {
                (*l).to_string()
            };
            obj.extend_from_slice(l.as_bytes());
            obj.push(b'\n');
        }
        obj.extend_from_slice(sig);
        obj.extend_from_slice(b"\n\n");
        obj.extend_from_slice(message.as_bytes());
        let mut c = git(&r.dir, &r.home);
        c.args([
            "hash-object",
            "-t",
            "commit",
            "-w",
            "--literally",
            "--stdin",
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped());
        let mut child = c.spawn().expect("git hash-object");
        {
            use std::io::Write;
            child
                .stdin
                .take()
                .expect("stdin")
                .write_all(&obj)
                .expect("write object");
        }
        let out = child.wait_with_output().expect("hash-object");
        assert!(out.status.success(), "hash-object");
        parent = String::from_utf8_lossy(&out.stdout).trim().to_string();
        made.push(parent.clone());
    }
    ok(git(&r.dir, &r.home).args(["update-ref", "refs/heads/main", &parent]));
    let (code, report) = r.verify(&[]);
    assert_eq!(code, 1, "{report}");
    let commits = report["commits"].as_array().expect("commits");
    for id in &made {
        let v = commits
            .iter()
            .find(|c| c["commit"] == id.as_str())
            .unwrap_or_else(|| panic!("{id} has a verdict: {report}"));
        assert_eq!(v["allowed"], false, "{v}");
        assert_eq!(v["valid"], false, "{v}");
    }
    let good_verdict = commits
        .iter()
        .find(|c| c["commit"] == good.as_str())
        .expect("the good commit keeps its verdict");
    assert_eq!(good_verdict["allowed"], true, "{good_verdict}");
}
