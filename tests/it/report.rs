//! Every report format on a fixed tree, snapshot-tested; SARIF validated against the OASIS
//! schema and checked for what GitHub code scanning needs.

use crate::util::{Tree, github_token, json, run, vigil};

/// A tree whose findings are stable: a password, a checksummed GitHub token, a suppressed
/// line, in two directories.
fn fixture() -> Tree {
    let t = Tree::new();
    let token = github_token("ghp_", "Qm7Rk2Vd9XwLp4Tz8Hn3Bc6Yf1Js5G");
    t.write(
        "src/settings.py",
        "import os\n\nDEBUG = True\ndb_password = \"Tr0ub4dor&3x\"\n",
    );
    t.write(
        "deploy/ci,\"odd\".yml",
        format!(
            "env:\n  GITHUB_TOKEN: {token}\n  other_password = \"Zq8xW2pLkk77\" # vigil:allow\n"
        ),
    );
    t.write("README.md", "nothing to see\n");
    t
}

fn report(t: &Tree, format: &str, extra: &[&str]) -> (i32, String) {
    let (code, out, err) = run(vigil()
        .current_dir(t.path())
        .args(["scan", ".", "--no-config", "--format", format])
        .args(extra));
    assert!(code == 0 || code == 1, "{format}: {err}");
    assert!(
        !out.contains("Tr0ub4dor&3x") && !out.contains("Qm7Rk2Vd9X"),
        "{format} leaks: {out}"
    );
    (code, out)
}

macro_rules! snap {
    ($name:expr, $value:expr) => {
        insta::with_settings!({filters => vec![
            (r"in \d+ ms", "in [N] ms"),
            (r#""duration_ms": \d+"#, r#""duration_ms": [N]"#),
            (r#""semanticVersion": "[^"]+""#, r#""semanticVersion": "[VERSION]""#),
        ]}, {
            insta::assert_snapshot!($name, $value);
        });
    };
}

#[test]
fn every_format_snapshot() {
    let t = fixture();
    for format in ["human", "json", "sarif", "junit", "csv"] {
        let (code, out) = report(&t, format, &[]);
        assert_eq!(code, 1);
        snap!(format!("report_{format}"), out);
        let (_, out) = report(&t, format, &["--show-suppressed"]);
        snap!(format!("report_{format}_suppressed"), out);
    }
}

#[test]
fn clean_scan_formats_are_well_formed() {
    let t = Tree::new();
    t.write("a.txt", "nothing\n");
    for format in ["human", "json", "sarif", "junit", "csv"] {
        let (code, out) = report(&t, format, &[]);
        assert_eq!(code, 0);
        snap!(format!("report_clean_{format}"), out);
    }
}

pub(crate) fn sarif_validator() -> jsonschema::Validator {
    let text = include_str!("../data/sarif-schema-2.1.0.json");
    let schema: serde_json::Value = serde_json::from_str(text).expect("schema JSON");
    jsonschema::draft4::new(&schema).expect("schema compiles")
}

#[test]
fn sarif_validates_and_follows_github_conventions() {
    let t = fixture();
    let validator = sarif_validator();
    for extra in [&[][..], &["--show-suppressed"][..]] {
        let (_, out) = report(&t, "sarif", extra);
        let doc = json(&out);
        let errors: Vec<String> = validator.iter_errors(&doc).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "SARIF invalid: {errors:#?}");
        let run = &doc["runs"][0];
        for rule in run["tool"]["driver"]["rules"].as_array().expect("rules") {
            for key in ["shortDescription", "fullDescription", "help"] {
                assert!(
                    rule[key]["text"].as_str().is_some_and(|s| !s.is_empty()),
                    "{key}: {rule}"
                );
            }
            assert!(rule["properties"]["security-severity"].is_string());
        }
        let results = run["results"].as_array().expect("results");
        assert!(results.len() >= 2);
        for r in results {
            let loc = &r["locations"][0]["physicalLocation"];
            let uri = loc["artifactLocation"]["uri"].as_str().expect("uri");
            assert!(
                !uri.starts_with('/') && !uri.contains(':'),
                "relative: {uri}"
            );
            assert_eq!(loc["artifactLocation"]["uriBaseId"], "%SRCROOT%");
            for k in ["startLine", "startColumn", "endLine", "endColumn"] {
                assert!(loc["region"][k].as_u64().is_some_and(|n| n >= 1), "{k}");
            }
            assert_eq!(
                r["partialFingerprints"]["vigilFingerprint/v1"]
                    .as_str()
                    .map(str::len),
                Some(32)
            );
        }
    }
}

#[test]
fn sarif_of_a_git_range_validates() {
    let r = crate::util::TestRepo::new();
    r.write("a.txt", "seed\n");
    r.git(&["add", "."]);
    r.git(&["commit", "-q", "-m", "seed"]);
    r.write("app.py", "db_password = \"Tr0ub4dor&3x\"\n");
    r.git(&["add", "."]);
    r.git(&["commit", "-q", "-m", "leak"]);
    let (code, out, err) = r.vigil(&["git", "HEAD~1..HEAD", "--no-config", "-f", "sarif"]);
    assert_eq!(code, 1, "{err}");
    let doc = json(&out);
    let errors: Vec<String> = sarif_validator()
        .iter_errors(&doc)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let result = &doc["runs"][0]["results"][0];
    assert!(
        result["properties"]["commit"]
            .as_str()
            .is_some_and(|c| c.len() == 40)
    );
}
