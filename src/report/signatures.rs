//! Reports for `vigil verify`: commit-signature verdicts as SARIF 2.1.0 and JUnit XML, so
//! the signing policy shows up in the same code-scanning and CI dashboards as secrets.
//!
//! A commit is not a file, so each SARIF result is located at the policy file that judged it
//! (the repository's `.vigil.toml` unless `--policy` named another), line 1, with the commit in
//! a logical location and in `properties`. That keeps GitHub code scanning, which needs a
//! physical location, able to show the alert, while the message names the commit.

use std::collections::BTreeMap;
use std::io::Write;

use serde_json::{Value, json};

use super::sarif::{SCHEMA, uri};
use crate::signing::Verdict;

/// What each violation code means, for SARIF rule descriptions and help.
const CODES: &[(&str, &str, &str)] = &[
    (
        "unsigned",
        "Commit is not signed",
        "The signing policy requires every commit to carry a GPG or SSH signature.",
    ),
    (
        "unsupported-x509",
        "Commit is signed with X.509 (unsupported)",
        "vigil verifies OpenPGP and SSH signatures; X.509 (gpgsm, gitsign) signatures cannot be checked.",
    ),
    (
        "bad-signature",
        "Signature does not verify",
        "The signature does not verify over the commit's bytes: the commit was altered after signing, or the signature is malformed.",
    ),
    (
        "unknown-key",
        "Signed by a key the policy does not know",
        "The signing key is in neither the allowed_signers file nor the OpenPGP keys of the policy in force before this commit.",
    ),
    (
        "expired-key",
        "Signed by an expired key",
        "The OpenPGP key (or subkey) had expired when the commit was made.",
    ),
    (
        "revoked-key",
        "Signed by a revoked key",
        "The OpenPGP key has been revoked.",
    ),
    (
        "key-restricted",
        "Key not valid for this commit",
        "The allowed_signers entry restricts this key (valid-after, valid-before or namespaces) and the commit falls outside it.",
    ),
    (
        "identity-mismatch",
        "Key not allowed for the committer",
        "The key is known but not bound to the committer's email (allowed_signers principal, OpenPGP user id or explicit mapping).",
    ),
    (
        "invalid-policy",
        "Signing policy in force is invalid",
        "The [signing] section or a key file it names could not be read; fix the policy in the parent commit.",
    ),
];

fn describe(code: &str) -> (&'static str, &'static str) {
    CODES
        .iter()
        .find(|(c, _, _)| *c == code)
        .map_or(("Commit violates the signing policy", ""), |(_, s, f)| {
            (s, f)
        })
}

const FIX: &str = "Sign the commit with an allowed key: `git commit --amend --no-edit -S` for the \
                   last commit, or `git rebase --exec 'git commit --amend --no-edit -S' <base>` for \
                   several; if the key is new, add it to the policy in a separate, signed commit.";

/// Where the policy that judged `v` lives, as a repository-relative path. A policy read from
/// history has the source `<file> at <commit>`; one given by `--policy` may live outside the
/// repository, so its results point at the repository's own policy file instead.
fn policy_path(v: &Verdict) -> String {
    v.policy
        .as_deref()
        .and_then(|p| p.split_once(" at "))
        .map(|(file, _)| file.to_owned())
        .filter(|p| !p.is_empty() && !p.starts_with('/'))
        .unwrap_or_else(|| ".vigil.toml".to_owned())
}

/// The SARIF log for `verdicts`: one result per commit that is not allowed.
pub fn sarif(verdicts: &[Verdict]) -> Value {
    let violations: Vec<&Verdict> = verdicts.iter().filter(|v| !v.allowed).collect();
    let codes: BTreeMap<&str, usize> = {
        let mut set: Vec<&str> = violations
            .iter()
            .map(|v| v.code.unwrap_or("policy"))
            .collect();
        set.sort_unstable();
        set.dedup();
        set.into_iter().enumerate().map(|(i, c)| (c, i)).collect()
    };
    let rules: Vec<Value> = codes
        .keys()
        .map(|code| {
            let (short, full) = describe(code);
            json!({
                "id": format!("signature/{code}"),
                "name": format!("signature/{code}"),
                "shortDescription": { "text": short },
                "fullDescription": { "text": if full.is_empty() { short } else { full } },
                "help": { "text": FIX, "markdown": FIX },
                "defaultConfiguration": { "level": "error" },
                "properties": { "tags": ["security", "commit-signature"], "security-severity": "7.0" },
            })
        })
        .collect();
    let results: Vec<Value> = violations
        .iter()
        .map(|v| {
            let code = v.code.unwrap_or("policy");
            let short = v.commit.get(..12).unwrap_or(&v.commit);
            json!({
                "ruleId": format!("signature/{code}"),
                "ruleIndex": codes[code],
                "level": "error",
                "message": { "text": format!(
                    "Commit {short} ({}, \"{}\") violates the signing policy: {}. {FIX}",
                    v.author, v.subject, v.reason.as_deref().unwrap_or(code)
                ) },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": uri(&policy_path(v)), "uriBaseId": "%SRCROOT%" },
                        "region": { "startLine": 1 }
                    },
                    "logicalLocations": [{ "name": v.commit, "kind": "commit" }]
                }],
                "partialFingerprints": { "vigilCommitSignature/v1": format!("{}:{code}", v.commit) },
                "properties": {
                    "commit": v.commit,
                    "author": v.author,
                    "committer": v.committer,
                    "signature": v.signature,
                    "signer": v.signer,
                    "valid": v.valid,
                },
            })
        })
        .collect();
    json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "vigil",
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            } },
            "originalUriBaseIds": {
                "%SRCROOT%": { "description": { "text": "The root of the verified repository." } }
            },
            "results": results,
            "properties": { "commitsVerified": verdicts.len() },
        }]
    })
}

/// Writes the SARIF log followed by a newline.
///
/// # Errors
/// Writing fails.
pub fn write_sarif(verdicts: &[Verdict], out: &mut dyn Write) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &sarif(verdicts))?;
    writeln!(out)
}

/// Writes JUnit XML: one test case per commit, failed when the policy does not allow it.
///
/// # Errors
/// Writing fails.
pub fn write_junit(verdicts: &[Verdict], out: &mut dyn Write) -> std::io::Result<()> {
    let failures = verdicts.iter().filter(|v| !v.allowed).count();
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<testsuites name="vigil verify" tests="{}" failures="{failures}">"#,
        verdicts.len()
    )?;
    writeln!(
        out,
        r#"  <testsuite name="commit signatures" tests="{}" failures="{failures}">"#,
        verdicts.len()
    )?;
    for v in verdicts {
        let short = v.commit.get(..12).unwrap_or(&v.commit);
        write!(
            out,
            r#"    <testcase classname="signatures" name="{} {}""#,
            short,
            xml(&v.subject)
        )?;
        if v.allowed {
            writeln!(out, "/>")?;
        } else {
            let code = v.code.unwrap_or("policy");
            writeln!(out, ">")?;
            writeln!(
                out,
                r#"      <failure type="{code}" message="{}">{}</failure>"#,
                xml(v.reason.as_deref().unwrap_or(code)),
                xml(&format!(
                    "commit {} by {}: {}\n{FIX}",
                    v.commit,
                    v.author,
                    v.reason.as_deref().unwrap_or(code)
                ))
            )?;
            writeln!(out, "    </testcase>")?;
        }
    }
    writeln!(out, "  </testsuite>")?;
    writeln!(out, "</testsuites>")
}

/// Escapes text for XML attributes and content, dropping characters XML 1.0 cannot carry.
fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::signing::SignatureKind;

    fn verdict(allowed: bool, code: Option<&'static str>) -> Verdict {
        Verdict {
            commit: "0123456789abcdef0123456789abcdef01234567".into(),
            signature: SignatureKind::None,
            valid: false,
            signer: None,
            allowed,
            code,
            reason: code.map(|c| format!("because {c}")),
            exempt: None,
            policy: Some(".vigil.toml at 89abcdef".into()),
            author: "A <a@example.org>".into(),
            committer: "a@example.org".into(),
            subject: "fix <things> & \"stuff\"".into(),
        }
    }

    #[test]
    fn sarif_lists_only_violations_with_their_rule() {
        let log = sarif(&[verdict(true, None), verdict(false, Some("unsigned"))]);
        let run = &log["runs"][0];
        assert_eq!(run["results"].as_array().map(Vec::len), Some(1));
        assert_eq!(run["results"][0]["ruleId"], "signature/unsigned");
        assert_eq!(
            run["tool"]["driver"]["rules"][0]["id"],
            "signature/unsigned"
        );
        assert_eq!(
            run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            ".vigil.toml"
        );
        assert_eq!(run["properties"]["commitsVerified"], 2);
    }

    #[test]
    fn junit_escapes_subjects_and_marks_failures() {
        let mut out = Vec::new();
        write_junit(
            &[verdict(true, None), verdict(false, Some("bad-signature"))],
            &mut out,
        )
        .unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains(r#"tests="2" failures="1""#), "{text}");
        assert!(
            text.contains("fix &lt;things&gt; &amp; &quot;stuff&quot;"),
            "{text}"
        );
        assert!(text.contains(r#"<failure type="bad-signature""#), "{text}");
    }
}
