//! Resource limits (`--max-decode-depth`, `--max-line-length`, `--file-time-budget`): each
//! case builds a real file (and for git sources a real repository), runs the binary, and checks
//! that the limit changes what is found, and that every limit hit is counted in the stats,
//! named per file in `problems` and in the human summary, and listed in SARIF's
//! `toolExecutionNotifications`, so a scan cut short never reads like a complete one.

use base64::Engine as _;
use serde_json::Value;

use crate::util::{TestRepo, Tree, bounded, bounded_stdin, github_token, json, run, vigil};

fn b64(s: &str) -> String {
    base64::engine::general_purpose::STANDARD.encode(s)
}

/// A checksummed GitHub token inside `layers` layers of `Authorization: Basic base64(...)`,
/// on a curl command line.
fn encoded_token(layers: usize) -> (String, String) {
    let token = github_token("ghp_", "Qm7Rk2Vd9XwLp4Tz8Hn3Bc6Yf1Js5G");
    let mut text = format!("GITHUB_TOKEN={token}");
    for _ in 0..layers {
        text = format!("Authorization: Basic {}", b64(&text));
    }
    (
        format!("curl -H \"{text}\" https://ci.example.invalid/api\n"),
        token,
    )
}

/// base64url without padding.
fn b64url(bytes: &[u8]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// A signed-looking JWT of about 9 KB (an access token with a long `groups` claim, as
/// identity providers issue), on one 1 MB line of minified JSON (a HAR capture).
fn long_jwt_line() -> String {
    let header = b64url(br#"{"alg":"RS256","typ":"JWT"}"#);
    let groups: Vec<String> = (0..180)
        .map(|i| format!("\"group-{i:04}-engineering-platform\""))
        .collect();
    let payload = b64url(
        format!(
            r#"{{"sub":"svc-ledger","iss":"https://login.acme.invalid","groups":[{}]}}"#,
            groups.join(",")
        )
        .as_bytes(),
    );
    let signature = b64url(&(0..256u32).map(|i| (i * 7 + 3) as u8).collect::<Vec<_>>());
    let jwt = format!("{header}.{payload}.{signature}");
    assert!(jwt.len() > 8192, "longer than twice the default reach");
    let filler = r#"{"k":"v","n":1},"#.repeat(500_000 / 16);
    format!("[{filler}{{\"id_token\":\"{jwt}\"}},{filler}{{}}]\n")
}

/// Lines that each hold two secrets for generic rules: 100,000 of them, 6 MB.
fn keyword_dense() -> String {
    (0..100_000)
        .map(|i| format!("api_token = \"q8Wm2Lx7Vr{i:06}Tz\"  # password: Zt8Hn3Bc{i:06}\n"))
        .collect()
}

fn scan_json(path: &std::path::Path, extra: &[&str]) -> (i32, Value) {
    let (code, out, err) = bounded(
        vigil()
            .arg("scan")
            .arg(path)
            .args(["--no-config", "-f", "json"])
            .args(extra),
    );
    assert!(code == 0 || code == 1, "exit {code}: {err}");
    (code, json(&out))
}

fn rules_found(v: &Value) -> Vec<String> {
    v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| f["rule"].as_str().unwrap_or_default().to_string())
        .collect()
}

/// The problems reporting `limit` (`decode-depth`, `line-length`, `time-budget`).
fn limit_problems<'a>(v: &'a Value, limit: &str) -> Vec<&'a Value> {
    v["problems"]
        .as_array()
        .expect("problems")
        .iter()
        .filter(|p| p["limit"] == limit)
        .collect()
}

fn human(path: &std::path::Path, extra: &[&str]) -> String {
    let (code, out, err) = run(vigil().arg("scan").arg(path).arg("--no-config").args(extra));
    assert!(code == 0 || code == 1, "exit {code}: {err}");
    out
}

#[test]
fn a_triple_encoded_secret_is_found_only_with_a_deeper_decode_depth() {
    let t = Tree::new();
    let (text, token) = encoded_token(3);
    let file = t.write("deploy.sh", text);
    let (_, v) = scan_json(&file, &[]);
    assert!(
        !rules_found(&v).contains(&"github-pat-classic".to_string()),
        "two layers by default: {v}"
    );
    assert_eq!(v["stats"]["limit_decode_depth"], 1, "{v}");
    let p = limit_problems(&v, "decode-depth");
    assert_eq!(p.len(), 1, "{v}");
    assert!(
        p[0]["path"]
            .as_str()
            .is_some_and(|s| s.ends_with("deploy.sh"))
    );
    let reason = p[0]["reason"].as_str().unwrap_or_default();
    assert!(
        reason.contains("deeper than 2 layers") && reason.contains("--max-decode-depth"),
        "{reason}"
    );
    let out = human(&file, &[]);
    assert!(
        out.contains("partly scanned") && out.contains("deploy.sh"),
        "{out}"
    );
    assert!(
        out.contains(
            "limit: 1 file had encoded values nested deeper than 2 layers of encoding (--max-decode-depth)"
        ),
        "{out}"
    );

    let (code, v) = scan_json(&file, &["--max-decode-depth", "3"]);
    assert_eq!(code, 1);
    assert_eq!(rules_found(&v), ["github-pat-classic"], "{v}");
    assert_eq!(v["findings"][0]["validated"][1], "base64-decoded");
    assert_eq!(v["stats"]["limit_decode_depth"], 0);
    assert!(limit_problems(&v, "decode-depth").is_empty());
    let (_, out, _) = run(vigil().arg("scan").arg(&file).args([
        "--no-config",
        "--max-decode-depth",
        "3",
        "--show-secrets",
        "-f",
        "json",
    ]));
    assert_eq!(
        json(&out)["findings"][0]["secret"],
        token,
        "the decoded token is reported"
    );
}

#[test]
fn decode_depth_zero_turns_decoding_off_and_says_so() {
    let t = Tree::new();
    let (text, _) = encoded_token(1);
    let file = t.write("deploy.sh", text);
    let (_, v) = scan_json(&file, &[]);
    assert_eq!(rules_found(&v), ["github-pat-classic"]);
    let (code, v) = scan_json(&file, &["--max-decode-depth", "0"]);
    assert_eq!(code, 0, "{v}");
    assert_eq!(v["stats"]["limit_decode_depth"], 1);
    let reason = limit_problems(&v, "decode-depth")[0]["reason"].to_string();
    assert!(reason.contains("decoding is off"), "{reason}");
}

#[test]
fn a_token_longer_than_the_line_reach_on_a_1_mb_line() {
    // The engine reads a line at most --max-line-length bytes either side of a keyword. A
    // secret that starts at its keyword (`eyJ`) but runs past that is cut, not found, and the
    // cut is reported; a wider reach finds it. Secrets next to their keyword are found
    // whatever the line's length (tests/it/bad_input.rs: the 50 MB line).
    let t = Tree::new();
    let file = t.write("capture.har.json", long_jwt_line());
    let (code, v) = scan_json(&file, &[]);
    assert_eq!(code, 0, "{v}");
    assert!(rules_found(&v).is_empty(), "{v}");
    assert_eq!(v["stats"]["limit_long_lines"], 1, "{v}");
    let p = limit_problems(&v, "line-length");
    assert_eq!(p.len(), 1, "{v}");
    let reason = p[0]["reason"].as_str().unwrap_or_default();
    assert!(
        reason.contains("4096 bytes") && reason.contains("--max-line-length"),
        "{reason}"
    );
    let out = human(&file, &[]);
    assert!(
        out.contains("limit: 1 file had lines cut 4096 bytes from a keyword (--max-line-length)"),
        "{out}"
    );

    let (code, v) = scan_json(&file, &["--max-line-length", "16K"]);
    assert_eq!(code, 1, "{v}");
    assert_eq!(rules_found(&v), ["jwt"], "{v}");
    assert_eq!(v["findings"][0]["line"], 1);
    // The line (1 MB) is still longer than the reach, and that is still said.
    assert_eq!(v["stats"]["limit_long_lines"], 1);
    // An ordinary file hits no limit.
    let plain = t.write("plain.txt", "nothing to see\n");
    let (_, v) = scan_json(&plain, &[]);
    for k in [
        "limit_decode_depth",
        "limit_long_lines",
        "limit_time_budget",
    ] {
        assert_eq!(v["stats"][k], 0, "{k}: {v}");
    }
}

#[test]
fn a_tiny_time_budget_stops_a_keyword_dense_file_and_is_reported() {
    let t = Tree::new();
    t.write("dense.env", keyword_dense());
    t.write("small.env", "api_token = \"Zq8xW2pLkk77Hn3Bc\"\n");
    let started = std::time::Instant::now();
    let (code, v) = scan_json(t.path(), &["--file-time-budget", "1ms"]);
    let took = started.elapsed();
    // Findings before the cut are kept; the exit code follows the findings, as for files
    // skipped by size (the limit is reported, not turned into an error).
    let findings = v["findings"].as_array().expect("findings");
    assert_eq!(code, i32::from(!findings.is_empty()), "{v}");
    assert!(
        findings.len() < 200_000,
        "the dense file was cut: {}",
        findings.len()
    );
    // The budget is per file: the small file is scanned in full.
    assert!(
        findings
            .iter()
            .any(|f| f["path"].as_str().is_some_and(|p| p.ends_with("small.env"))),
        "{v}"
    );
    assert_eq!(v["stats"]["limit_time_budget"], 1, "{v}");
    let p = limit_problems(&v, "time-budget");
    assert_eq!(p.len(), 1, "{v}");
    assert!(
        p[0]["path"]
            .as_str()
            .is_some_and(|s| s.ends_with("dense.env"))
    );
    assert!(
        p[0]["reason"]
            .as_str()
            .is_some_and(|r| r.contains("1ms") && r.contains("--file-time-budget")),
        "{v}"
    );
    // Far from the full scan's time (seconds in a debug build).
    assert!(took < std::time::Duration::from_secs(60), "{took:?}");
    let out = human(t.path(), &["--file-time-budget", "1ms"]);
    assert!(
        out.contains(
            "limit: 1 file hit the per-file time budget (1ms, --file-time-budget): the rest of each was not searched"
        ),
        "{out}"
    );
}

#[test]
fn standard_input_is_budgeted_per_chunk_and_reported() {
    let t = Tree::new();
    let file = t.write("dense.env", keyword_dense());
    let (code, out, err) = bounded_stdin(
        vigil()
            .args(["scan", "-", "--no-config", "-f", "json"])
            .args(["--file-time-budget", "1ms", "--stdin-name", "piped.env"]),
        std::fs::File::open(&file).expect("open").into(),
    );
    assert!(code == 0 || code == 1, "{err}");
    let v = json(&out);
    assert_eq!(v["stats"]["limit_time_budget"], 1, "{v}");
    let p = limit_problems(&v, "time-budget");
    assert_eq!(p[0]["path"], "piped.env");
    assert!(p[0]["reason"].as_str().is_some_and(|r| r.contains("chunk")));
}

#[test]
fn limit_hits_are_tool_execution_notifications_in_sarif() {
    let t = Tree::new();
    t.write("capture.har.json", long_jwt_line());
    let (text, _) = encoded_token(3);
    t.write("deploy.sh", text);
    let (code, out, err) =
        bounded(
            vigil()
                .current_dir(t.path())
                .args(["scan", ".", "--no-config", "-f", "sarif"]),
        );
    assert!(code == 0 || code == 1, "{err}");
    let doc = json(&out);
    let errors: Vec<String> = crate::report::sarif_validator()
        .iter_errors(&doc)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "SARIF invalid: {errors:#?}");
    let inv = &doc["runs"][0]["invocations"][0];
    assert_eq!(inv["executionSuccessful"], true);
    let notes = inv["toolExecutionNotifications"]
        .as_array()
        .expect("notifications");
    let ids: Vec<&str> = notes
        .iter()
        .filter_map(|n| n["descriptor"]["id"].as_str())
        .collect();
    assert!(ids.contains(&"limit/line-length"), "{ids:?}");
    assert!(ids.contains(&"limit/decode-depth"), "{ids:?}");
    for n in notes {
        assert_eq!(n["level"], "warning");
        let uri = n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .unwrap_or_default();
        assert!(uri == "capture.har.json" || uri == "deploy.sh", "{uri}");
    }
}

#[test]
fn limits_reach_staged_git_range_history_and_baseline() {
    let r = TestRepo::new();
    r.write("README.md", "seed\n");
    r.git(&["add", "."]);
    r.git(&["commit", "-qm", "seed"]);
    let (text, _) = encoded_token(3);
    r.write("deploy.sh", &text);
    r.git(&["add", "deploy.sh"]);

    let check = |args: &[&str], context: &str| {
        let mut all = args.to_vec();
        all.extend(["--no-config", "-f", "json"]);
        let (_, out, err) = r.vigil(&all);
        let v = json(&out);
        assert_eq!(v["stats"]["limit_decode_depth"], 1, "{args:?}: {v} {err}");
        let p = limit_problems(&v, "decode-depth");
        assert_eq!(p.len(), 1, "{args:?}: {v}");
        assert_eq!(p[0]["path"], "deploy.sh", "{args:?}");
        assert!(
            p[0]["reason"].as_str().is_some_and(|s| s.contains(context)),
            "{args:?}: {v}"
        );
        let mut deeper = all.clone();
        deeper.extend(["--max-decode-depth", "3"]);
        let (code, out, err) = r.vigil(&deeper);
        assert_eq!(code, 1, "{args:?}: {err}");
        let v = json(&out);
        assert!(
            rules_found(&v).contains(&"github-pat-classic".to_string()),
            "{args:?}: {v}"
        );
        assert_eq!(v["stats"]["limit_decode_depth"], 0, "{args:?}");
    };
    check(&["staged"], "not decoded");
    r.git(&["commit", "-qm", "deploy script"]);
    check(&["git", "HEAD~1..HEAD"], "in commit ");
    check(&["git", "--all", "--no-progress"], "in blob ");

    let (code, _, err) = r.vigil(&[
        "baseline",
        "create",
        "--no-config",
        "--max-decode-depth",
        "3",
        "-o",
        "baseline.json",
    ]);
    assert_eq!(code, 0, "{err}");
    let baseline = std::fs::read_to_string(r.path().join("baseline.json")).expect("baseline");
    assert!(baseline.contains("github-pat-classic"), "{baseline}");
}

#[test]
fn limit_flags_are_validated_with_clear_errors() {
    let t = Tree::new();
    t.write("a.txt", "nothing\n");
    let cases = [
        ("--max-line-length", "100", "at least 256"),
        ("--max-line-length", "lots", "invalid size"),
        ("--max-decode-depth", "9", "0 (decoding off) to 8"),
        ("--max-decode-depth", "-1", "invalid depth"),
        ("--file-time-budget", "soon", "invalid duration"),
        ("--file-time-budget", "-5s", "invalid duration"),
    ];
    for (flag, value, message) in cases {
        for command in [
            &["scan", "."][..],
            &["staged"],
            &["git", "HEAD"],
            &["git", "--all"],
            &["baseline", "create", "-o", "b.json"],
        ] {
            let (code, _, err) = run(vigil()
                .current_dir(t.path())
                .args(command)
                .arg(format!("{flag}={value}")));
            assert_eq!(code, 2, "{command:?} {flag} {value}: {err}");
            assert!(
                err.contains(message) && err.contains(flag),
                "{command:?} {flag} {value}: {err}"
            );
        }
    }
    // Accepted spellings.
    for flags in [
        &["--file-time-budget", "off"][..],
        &["--file-time-budget", "0"],
        &["--file-time-budget", "250ms"],
        &["--file-time-budget", "2"],
        &["--max-line-length", "1M"],
        &["--max-decode-depth", "0"],
    ] {
        let (code, _, err) = run(vigil()
            .current_dir(t.path())
            .args(["scan", ".", "--no-config"])
            .args(flags));
        assert_eq!(code, 0, "{flags:?}: {err}");
    }
}
