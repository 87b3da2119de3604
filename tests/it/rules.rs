//! Every rule's own examples, and the rules CLI.

use crate::util::{run, vigil};
use vigil::RuleSet;
use vigil::rules::check_rules;

/// One test loads every embedded rule and checks all its examples through the real engine.
/// A rule without both a positive and a negative example fails here.
#[test]
fn every_builtin_rule_passes_its_own_examples() {
    let set = RuleSet::builtin_with_examples().expect("embedded rules load");
    assert!(set.len() >= 5, "only {} rules embedded", set.len());
    let failures = check_rules(&set);
    let report: Vec<String> = failures
        .iter()
        .map(|f| format!("{}: {}: {}", f.origin, f.rule, f.message))
        .collect();
    assert!(
        report.is_empty(),
        "{} failures:\n{}",
        report.len(),
        report.join("\n")
    );
}

/// Scans load the rule files with their example arrays blanked; that must not change a rule.
#[test]
fn slim_embedded_rules_equal_the_full_ones() {
    let full = RuleSet::builtin_with_examples().expect("full");
    let slim = RuleSet::builtin().expect("slim");
    assert_eq!(full.len(), slim.len());
    for (f, s) in full.rules().iter().zip(slim.rules()) {
        assert_eq!(
            (&f.id, f.regex_source(), &f.keywords, f.origin.line),
            (&s.id, s.regex_source(), &s.keywords, s.origin.line)
        );
        assert!(
            s.examples.is_empty() && s.negative_examples.is_empty(),
            "{}",
            s.id
        );
    }
}

#[test]
fn rule_ids_are_unique_and_well_formed() {
    let set = RuleSet::builtin().expect("rules");
    let mut ids: Vec<&str> = set.rules().iter().map(|r| r.id.as_str()).collect();
    let n = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), n, "duplicate ids across rule files");
    for r in set.rules() {
        assert!(!r.description.is_empty(), "{} has no description", r.id);
        for k in &r.keywords {
            assert!(
                k.len() >= 3,
                "rule {} keyword {k:?} is too short for the prefilter",
                r.id
            );
        }
    }
}

#[test]
fn rules_list_shows_every_rule() {
    let (code, out, _) = run(vigil().args(["rules", "list", "--format", "json", "--no-config"]));
    assert_eq!(code, 0);
    let listed: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(
        listed.as_array().map(Vec::len),
        Some(RuleSet::builtin().expect("rules").len())
    );
    let (code, out, _) = run(vigil().args(["rules", "list", "--no-config"]));
    assert_eq!(code, 0);
    assert!(out.contains("generic-password"));
}

#[test]
fn rules_check_reports_failing_examples_with_rule_and_index() {
    let dir = tempfile::tempdir().expect("tmp");
    let file = dir.path().join("custom.toml");
    std::fs::write(
        &file,
        r#"
[[rules]]
id = "acme-token"
description = "ACME token"
regex = '''\b(acme_[a-z0-9]{12})\b'''
keywords = ["acme_"]
severity = "high"
examples = [{ text = "t = acme_q1w2e3r4t5y6", secret = "acme_q1w2e3r4t5y6" }, { text = "t = acme_short", secret = "acme_short" }]
negative_examples = ["acme_q1w2e3r4t5y6"]
"#,
    )
    .expect("write");
    let (code, out, _) = run(vigil().arg("rules").arg("check").arg(&file));
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("rule `acme-token`: examples[1]"), "{out}");
    assert!(out.contains("negative_examples[0]"), "{out}");
    let (code, out, _) = run(vigil().args(["rules", "check"]));
    assert_eq!(code, 0, "{out}");
}

/// `vigil rules check` with no FILE checks the whole built-in pack: every example passes (exit
/// 0) and the pack has no duplicate rules; overlaps and common keywords are listed as warnings.
#[test]
fn rules_check_builtin_pack_reports_quality_warnings() {
    let (code, out, err) = run(vigil().args(["rules", "check"]));
    assert_eq!(code, 0, "{out}{err}");
    let summary = out.lines().last().unwrap_or_default();
    assert!(
        summary.contains(" rules checked, 0 failed; warnings: 0 duplicate,"),
        "{out}"
    );
    assert!(!out.contains("warning: duplicate"), "{out}");
    // Measured on a sample (here the corpus fixtures) instead of the word list.
    let sample = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/corpus");
    let (code, out, err) = run(vigil()
        .args(["rules", "check", "--builtin", "--sample"])
        .arg(&sample));
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("keyword frequencies measured on"), "{out}");
}

/// Duplicates, overlaps and common keywords in a user's rule file are warnings (exit 0); a
/// failing example is an error (exit 1).
#[test]
fn rules_check_warns_on_duplicates_overlaps_and_common_keywords() {
    let dir = tempfile::tempdir().expect("tmp");
    let file = dir.path().join("dups.toml");
    let rule = |id: &str, regex: &str, kw: &str, secret: &str| {
        format!(
            "[[rules]]\nid = \"{id}\"\ndescription = \"d\"\nregex = '''{regex}'''\nkeywords = [\"{kw}\"]\n\
             severity = \"high\"\nconfidence = \"high\"\n\
             examples = [{{ text = \"t = {secret}\", secret = \"{secret}\" }}]\n\
             negative_examples = [\"t = none\"]\n\n"
        )
    };
    let text = [
        rule(
            "acme-a",
            r"\b(acme_[a-z0-9]{12})\b",
            "acme_",
            "acme_q1w2e3r4t5y6",
        ),
        rule(
            "acme-b",
            r"\b(acme_[a-z0-9]{12})\b",
            "acme_",
            "acme_z9x8c7v6b5n4",
        ),
        rule(
            "acme-wide",
            r"\b(acme_[a-z0-9]{8,16})\b",
            "acme_",
            "acme_m1n2b3v4",
        ),
        rule(
            "acme-key",
            r"key=(acme_[a-z0-9]{12})\b",
            "key",
            "key=acme_p0o9i8u7y6t5",
        ),
    ]
    .concat()
    .replace(
        "t = key=acme_p0o9i8u7y6t5\", secret = \"key=acme_p0o9i8u7y6t5\"",
        "t key=acme_p0o9i8u7y6t5\", secret = \"acme_p0o9i8u7y6t5\"",
    );
    std::fs::write(&file, text).expect("write");
    let (code, out, err) = run(vigil().arg("rules").arg("check").arg(&file));
    assert_eq!(code, 0, "{out}{err}");
    for want in [
        "warning: duplicate: rule `acme-b`",
        "has the same regex as `acme-a`",
        "warning: duplicate: every example of `acme-key`",
        "warning: overlap: `acme-a` and `acme-wide`",
        "warning: common keyword \"key\"",
        "4 rules checked, 0 failed; warnings: 4 duplicate, 2 overlapping, 1 common keyword",
    ] {
        assert!(out.contains(want), "missing {want:?} in\n{out}");
    }
}
