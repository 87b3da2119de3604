//! Noise control on real trees and through the real hook: allowlists, inline markers, ignore
//! files with expiry, baselines, and `--show-suppressed`.

use crate::util::{TestRepo, Tree, json, run, vigil};

const PW: &str = "db_password = \"Tr0ub4dor&3x\"\n";
const PW2: &str = "admin_password = \"Hj3kL9mNq2xW\"\n";

fn scan_json(dir: &std::path::Path, extra: &[&str]) -> (i32, serde_json::Value, String) {
    let (code, out, err) = run(vigil()
        .current_dir(dir)
        .args(["scan", ".", "-f", "json"])
        .args(extra));
    assert!(code == 0 || code == 1, "{err}");
    (code, json(&out), err)
}

fn rules_and_paths(v: &serde_json::Value, key: &str) -> Vec<String> {
    v[key]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|f| format!("{}:{}", f["path"].as_str().unwrap_or(""), f["line"]))
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn allowlists_suppress_and_say_why() {
    let t = Tree::new();
    t.write(
        ".vigil.toml",
        r#"
[allowlist]
description = "fixtures"
paths = ["tests/fixtures/**", "*.snap"]

[[allowlists]]
rules = ["generic-password"]
regexes = ['''^Hj3k''']

[[rules]]
id = "acme-token"
description = "ACME token"
regex = '''\b(acme_[a-z0-9]{16})\b'''
keywords = ["acme_"]
severity = "high"
[[rules.allowlist]]
stopwords = ["K7K7"]
[[rules.allowlist]]
regexes = ['''# test-only$''']
regex_target = "line"
"#,
    );
    t.write("tests/fixtures/a.py", PW);
    t.write("x/out.snap", PW);
    t.write("src/b.py", PW2);
    t.write(
        "src/c.txt",
        "a = acme_k7k7q8w2l7v3r9x4\nb = acme_q8w2l7v3r9x4m6k1 # test-only\nc = acme_z7y3x9w1v5u8t2s4\n",
    );
    t.write("src/d.py", PW);
    let (code, v, _) = scan_json(t.path(), &["--show-suppressed"]);
    assert_eq!(code, 1);
    assert_eq!(
        rules_and_paths(&v, "findings"),
        ["src/c.txt:3", "src/d.py:1"]
    );
    let why: Vec<String> = v["suppressed"]
        .as_array()
        .expect("suppressed")
        .iter()
        .map(|s| {
            format!(
                "{} {}",
                s["path"].as_str().unwrap_or(""),
                s["suppressed_by"]["detail"].as_str().unwrap_or("")
            )
        })
        .collect();
    assert_eq!(why.len(), 5, "{why:#?}");
    let expect = [
        ("src/b.py", "secret matches `^Hj3k`"),
        ("src/c.txt", "stopword `k7k7`"),
        ("src/c.txt", "line matches `# test-only$`"),
        ("tests/fixtures/a.py", "path matches `tests/fixtures/**`"),
        ("x/out.snap", "path matches `*.snap`"),
    ];
    for (path, detail) in expect {
        assert!(
            why.iter()
                .any(|w| w.starts_with(path) && w.contains(detail)),
            "{path} {detail}: {why:#?}"
        );
    }
    assert_eq!(v["suppressed_count"], 5);
    // Without --show-suppressed only the count is reported.
    let (_, v, _) = scan_json(t.path(), &[]);
    assert!(v.get("suppressed").is_none());
    assert_eq!(v["suppressed_count"], 5);
}

#[test]
fn bad_allowlists_are_config_errors() {
    let t = Tree::new();
    t.write(".vigil.toml", "[allowlist]\nregexes = ['(']\n");
    t.write("a.py", PW);
    let (code, _, err) = run(vigil().current_dir(t.path()).args(["scan", "."]));
    assert_eq!(code, 2);
    assert!(
        err.contains(".vigil.toml") && err.contains("invalid regex"),
        "{err}"
    );
}

#[test]
fn ignore_files_with_reasons_expiry_and_gitleaks_keys() {
    let t = Tree::new();
    t.write("a.py", PW);
    t.write("b.py", format!("\n{PW2}"));
    t.write("c.py", PW);
    let (_, v, _) = scan_json(t.path(), &[]);
    let fp = |path: &str| {
        v["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .find(|f| f["path"] == path)
            .and_then(|f| f["fingerprint"].as_str())
            .expect("fingerprint")
            .to_string()
    };
    t.write(
        ".vigilignore",
        format!(
            "# accepted findings\n{} expires=2999-12-31 # rotated test key\n{} expires=2001-01-01 # temporary\n",
            fp("a.py"),
            fp("c.py")
        ),
    );
    t.write(".gitleaksignore", "b.py:generic-password:2\n");
    let (code, v, err) = scan_json(t.path(), &["--show-suppressed"]);
    assert_eq!(code, 1);
    assert_eq!(
        rules_and_paths(&v, "findings"),
        ["c.py:1"],
        "expired entry shows the finding again"
    );
    assert!(err.contains("expired on 2001-01-01"), "{err}");
    let details: Vec<&str> = v["suppressed"]
        .as_array()
        .expect("suppressed")
        .iter()
        .filter_map(|s| s["suppressed_by"]["detail"].as_str())
        .collect();
    assert!(
        details
            .iter()
            .any(|d| d.contains(".vigilignore:2 (rotated test key)")),
        "{details:?}"
    );
    assert!(
        details.iter().any(|d| d.contains(".gitleaksignore:1")),
        "{details:?}"
    );
    // The fingerprint survives the secret moving down the file.
    t.write("a.py", format!("\n\n\n{PW}"));
    let (_, v, _) = scan_json(t.path(), &[]);
    assert_eq!(rules_and_paths(&v, "findings"), ["c.py:1"]);
    let (_, v, _) = scan_json(t.path(), &["--no-ignore-file"]);
    assert_eq!(v["findings"].as_array().map(Vec::len), Some(3));
    t.write(".vigilignore", "not-a-fingerprint\n");
    let (code, _, err) = run(vigil().current_dir(t.path()).args(["scan", "."]));
    assert_eq!(code, 2);
    assert!(err.contains(".vigilignore:1"), "{err}");
}

#[test]
fn baseline_hides_todays_findings_and_only_todays() {
    let t = Tree::new();
    t.write("a.py", PW);
    t.write("sub/b.py", PW2);
    let (code, _, err) = run(vigil().current_dir(t.path()).args(["baseline", "create"]));
    assert_eq!(code, 0, "{err}");
    let file = t.path().join(".vigil-baseline.json");
    let first = std::fs::read(&file).expect("baseline written");
    let text = String::from_utf8_lossy(&first);
    assert!(
        !text.contains("Tr0ub4dor") && !text.contains("Hj3kL9"),
        "no secret: {text}"
    );
    assert!(!text.contains("line"), "no line numbers: {text}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).expect("meta").permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let (code, _, _) = run(vigil().current_dir(t.path()).args(["baseline", "create"]));
    assert_eq!(code, 0);
    assert_eq!(
        std::fs::read(&file).expect("again"),
        first,
        "byte-identical re-creation"
    );
    let (code, v, _) = scan_json(t.path(), &["--baseline", ".vigil-baseline.json"]);
    assert_eq!(code, 0, "{v}");
    assert_eq!(v["suppressed_count"], 2);
    // Lines move; a new secret appears, and a second copy of a known one.
    t.write("a.py", format!("import os\n\n{PW}"));
    t.write("sub/b.py", format!("{PW2}{PW2}"));
    t.write("new.py", "api_password = \"Xk4mP9qR2sT7\"\n");
    let (code, v, _) = scan_json(t.path(), &["--baseline", ".vigil-baseline.json"]);
    assert_eq!(code, 1);
    assert_eq!(rules_and_paths(&v, "findings"), ["new.py:1", "sub/b.py:2"]);
    let out_file = t.path().join("custom.json");
    let (code, _, _) = run(vigil()
        .current_dir(t.path())
        .args(["baseline", "create", "--output"])
        .arg(&out_file)
        .arg("sub"));
    assert_eq!(code, 0);
    let custom = std::fs::read_to_string(&out_file).expect("custom");
    // Outside a repository, paths are relative to the scanned directory.
    assert!(
        custom.contains("\"path\": \"b.py\"") && !custom.contains("a.py"),
        "{custom}"
    );
    assert!(custom.contains("\"count\": 2"), "{custom}");
    t.write("broken.json", "{");
    let (code, _, err) =
        run(vigil()
            .current_dir(t.path())
            .args(["scan", ".", "--baseline", "broken.json"]));
    assert_eq!(code, 2);
    assert!(err.contains("broken.json"), "{err}");
}

#[test]
fn markers_and_ignore_files_work_through_the_real_hook() {
    let r = TestRepo::new();
    let (code, out, err) = r.vigil(&["install"]);
    assert_eq!(code, 0, "{out}{err}");
    r.write(
        "fixture.py",
        "db_password = \"Tr0ub4dor&3x\"  # vigil:allow test fixture\n",
    );
    r.write(
        "legacy.py",
        "x = 1 # gitleaks:allow\nsvc_password = \"Pq9wErT5yU3\" # gitleaks:allow\n",
    );
    r.git(&["add", "."]);
    let (code, out) = r.git_status(&["commit", "-m", "markers"]);
    assert_eq!(code, 0, "inline markers let the commit through: {out}");
    r.write("app.py", PW2);
    r.git(&["add", "app.py"]);
    let (code, out) = r.git_status(&["commit", "-m", "leak"]);
    assert_ne!(code, 0, "blocked: {out}");
    let (_, out, _) = r.vigil(&["staged", "-f", "json"]);
    let fp = json(&out)["findings"][0]["fingerprint"]
        .as_str()
        .expect("fp")
        .to_string();
    r.write(
        ".vigilignore",
        format!("{fp} # accepted by security team\n"),
    );
    r.git(&["add", "."]);
    let (code, out) = r.git_status(&["commit", "-m", "accepted"]);
    assert_eq!(code, 0, "the ignore file lets it through: {out}");
    r.write("app2.py", "root_password = \"Wv8nB3xK5qL2\"\n");
    r.write(
        ".vigilignore",
        format!("{fp} expires=2001-01-01 # was accepted\n"),
    );
    r.git(&["add", "."]);
    let (code, out) = r.git_status(&["commit", "-m", "expired"]);
    assert_ne!(code, 0, "{out}");
    assert!(out.contains("app2.py:1"), "{out}");
}

#[test]
fn severity_and_confidence_thresholds_hold_findings_back_visibly() {
    let t = Tree::new();
    // A publishable key is public by design (severity info), a GitHub token passes its
    // checksum (confidence high), a generic password is confidence low.
    t.write(
        "web/config.js",
        "const stripe = Stripe('pk_live_51HqLyjWDarjtT1zdp7dcQm4Zt8Lx2Vb6Nk9Rp3Wy7Hc1Jd5Fg0AsE2uR9iOq');\n\
         GITHUB_TOKEN=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\n",
    );
    t.write("app/settings.py", PW);
    let rules_of = |v: &serde_json::Value, key: &str| -> Vec<String> {
        let mut r: Vec<String> = v[key]
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|f| {
                        let f = f.get("finding").unwrap_or(f);
                        f["rule"].as_str().unwrap_or("").to_string()
                    })
                    .collect()
            })
            .unwrap_or_default();
        r.sort();
        r
    };
    let (_, v, _) = scan_json(t.path(), &["--show-suppressed"]);
    assert_eq!(
        rules_of(&v, "findings"),
        ["generic-password", "github-pat-classic"]
    );
    assert_eq!(
        rules_of(&v, "suppressed"),
        ["stripe-publishable-key"],
        "{v}"
    );

    let (_, v, _) = scan_json(t.path(), &["--min-severity", "info"]);
    assert_eq!(
        rules_of(&v, "findings"),
        [
            "generic-password",
            "github-pat-classic",
            "stripe-publishable-key"
        ]
    );

    let (_, v, _) = scan_json(t.path(), &["--min-confidence", "high"]);
    assert_eq!(rules_of(&v, "findings"), ["github-pat-classic"]);

    let (code, out, _) =
        run(vigil()
            .current_dir(t.path())
            .args(["scan", ".", "--min-severity", "critical"]));
    // The GitHub token is critical; the rest are held back, and the summary says so.
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("1 finding"), "{out}");
    assert!(out.contains("suppressed: 2"), "{out}");
}
