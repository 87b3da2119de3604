//! gitleaks configurations loaded unchanged: every field, auto-discovery, extension of vigil's
//! own rules, errors that name the rule.

use crate::util::{Tree, json, run, vigil};

const CONFIG: &str = r#"
title = "hand-written gitleaks config"

[[rules]]
id = "acme-api-key"
description = "ACME API key"
regex = '''(?i)acme[_-]?key\s*[:=]\s*["']?(acme_[a-z0-9]{20})'''
secretGroup = 1
entropy = 3.0
keywords = ["acme"]
tags = ["acme", "api"]

[[rules]]
id = "Internal_Token"
description = "Rule with no keywords and an upper-case id"
regex = '''\bint-[0-9a-f]{24}\b'''

[[rules]]
id = "env-only"
description = "Only in .env files"
regex = '''SECRET_VALUE=([A-Za-z0-9]{12,})'''
path = '''\.env$'''
keywords = ["secret_value"]

[[rules]]
id = "generic-thing"
description = "Generic rule that yields to specific rules on the same line"
regex = '''(?i)key\s*[:=]\s*["']?([a-z0-9_]{20,})'''
keywords = ["key"]
[[rules.allowlists]]
regexTarget = "line"
regexes = ['''\#\s*not-a-secret''']
[[rules.allowlists]]
condition = "AND"
paths = ['''^docs/''']
stopwords = ["demo"]

[allowlist]
description = "global"
paths = ['''(?:^|/)vendor/''', '''\.cache$''']
regexes = ['''^acme_0+$''']

[[allowlists]]
targetRules = ["acme-api-key"]
regexTarget = "match"
regexes = ['''ACME_KEY=acme_''']
"#;

fn findings(v: &serde_json::Value) -> Vec<String> {
    v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            format!(
                "{}:{} {}",
                f["path"].as_str().unwrap_or(""),
                f["line"],
                f["rule"].as_str().unwrap_or("")
            )
        })
        .collect()
}

fn tree() -> Tree {
    let t = Tree::new();
    t.write(".gitleaks.toml", CONFIG);
    t.write(
        "app/config.py",
        "acme_key = 'acme_q8w2l7v3r9x4m6k1z5y0'\nlow = \"acme_key: acme_aaaaaaaaaaaaaaaaaaaa\"\ntok = int-0123456789abcdef01234567\n",
    );
    t.write("vendor/lib.py", "acme_key = 'acme_q8w2l7v3r9x4m6k1z5y0'\n");
    t.write(
        "app/.cache/lib.py",
        "acme_key = 'acme_q8w2l7v3r9x4m6k1z5y0'\n",
    );
    t.write("app/zero.py", "acme_key = acme_00000000000000000000\n");
    t.write("app/shell.sh", "ACME_KEY=acme_q8w2l7v3r9x4m6k1z5y0\n");
    t.write("app/.env", "SECRET_VALUE=Zq8xW2pLkk77Hj\n");
    t.write("app/other.txt", "SECRET_VALUE=Zq8xW2pLkk77Hj\napi key = abcdefghij0123456789xyz # not-a-secret\napi key = abcdefghij0123456789xyz\n");
    t.write(
        "docs/demo.md",
        "key = demo_abcdefghij0123456789\nkey = live_abcdefghij0123456789\n",
    );
    t
}

#[test]
fn auto_discovered_gitleaks_config_runs_every_field() {
    let t = tree();
    let (code, out, err) =
        run(vigil()
            .current_dir(t.path())
            .args(["scan", ".", "-f", "json", "--show-suppressed"]));
    assert_eq!(code, 1, "{err}");
    let v = json(&out);
    assert_eq!(
        findings(&v),
        [
            "app/.env:1 env-only",
            "app/config.py:1 acme-api-key",
            // Too little entropy for acme-api-key, so the generic rule reports it.
            "app/config.py:2 generic-thing",
            "app/config.py:3 Internal_Token",
            "app/other.txt:3 generic-thing",
            "docs/demo.md:2 generic-thing",
        ],
        "{err}"
    );
    let reasons: Vec<String> = v["suppressed"]
        .as_array()
        .expect("suppressed")
        .iter()
        .map(|s| {
            format!(
                "{}:{} {} | {}",
                s["path"].as_str().unwrap_or(""),
                s["line"],
                s["rule"].as_str().unwrap_or(""),
                s["suppressed_by"]["detail"].as_str().unwrap_or("")
            )
        })
        .collect();
    let has = |needle: &str| reasons.iter().any(|r| r.contains(needle));
    assert!(has("vendor/lib.py:1 acme-api-key"), "{reasons:#?}");
    assert!(
        has(
            "app/.cache/lib.py:1 acme-api-key | ./.gitleaks.toml global allowlist 1 (global): directory app/.cache matches"
        ),
        "{reasons:#?}"
    );
    // Too little entropy for acme-api-key; the global allowlist's regex holds the generic one.
    assert!(
        has("app/zero.py:1 generic-thing | ./.gitleaks.toml global allowlist 1"),
        "{reasons:#?}"
    );
    assert!(
        has("app/shell.sh:1 acme-api-key"),
        "targetRules + regexTarget match: {reasons:#?}"
    );
    assert!(
        has("app/other.txt:2 generic-thing"),
        "regexTarget line: {reasons:#?}"
    );
    assert!(
        has("docs/demo.md:1 generic-thing"),
        "condition AND: {reasons:#?}"
    );
    assert!(
        has("app/config.py:1 generic-thing") && has("rule `acme-api-key` reports the same secret"),
        "precedence: {reasons:#?}"
    );
    // The built-in rules are not active without [extend] useDefault.
    assert!(!out.contains("generic-password"));
}

#[test]
fn use_default_extends_vigils_rules_minus_disabled_ones() {
    let t = Tree::new();
    t.write(
        "team.gitleaks.toml",
        format!("[extend]\nuseDefault = true\ndisabledRules = [\"generic-password\", \"not-here\"]\n{CONFIG}"),
    );
    t.write("a.py", "db_password = \"Tr0ub4dor&3x\"\ngithub = \"ghp_0000\"\ntok = int-0123456789abcdef01234567\n");
    t.write(
        "b.js",
        "const pass = process.env.X; aws = 'AKIAZ4QF7XW2JHM6BTRD'\n",
    );
    let (code, out, err) = run(vigil().current_dir(t.path()).args([
        "scan",
        ".",
        "-f",
        "json",
        "--config",
        "team.gitleaks.toml",
    ]));
    assert_eq!(code, 1, "{err}");
    let got = findings(&json(&out));
    assert!(
        got.contains(&"a.py:3 Internal_Token".to_string()),
        "{got:?}"
    );
    assert!(
        got.iter().any(|g| g.starts_with("b.js:1 aws")),
        "vigil's own rules extend it: {got:?}"
    );
    assert!(
        !got.iter().any(|g| g.contains("generic-password")),
        "{got:?}"
    );
    assert!(err.contains("disables rule `generic-password`"), "{err}");
    assert!(err.contains("`not-here`"), "{err}");
}

#[test]
fn a_vigil_config_wins_over_a_gitleaks_config() {
    let t = tree();
    t.write(".vigil.toml", "disabled_rules = []\n");
    let (_, out, _) = run(vigil()
        .current_dir(t.path())
        .args(["scan", ".", "-f", "json"]));
    assert!(!out.contains("Internal_Token"), "{out}");
}

#[test]
fn untranslatable_regexes_name_the_rule() {
    let t = Tree::new();
    t.write(
        ".gitleaks.toml",
        "[[rules]]\nid = \"look-behind\"\nregex = '''(?<=key=)[a-z]{8}'''\n",
    );
    t.write("a.txt", "x\n");
    let (code, _, err) = run(vigil().current_dir(t.path()).args(["scan", "."]));
    assert_eq!(code, 2);
    assert!(
        err.contains(".gitleaks.toml:1: rule `look-behind`: regex:"),
        "{err}"
    );
}
