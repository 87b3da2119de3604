//! SARIF 2.1.0, as GitHub code scanning reads it.
//!
//! One run; `tool.driver.rules` lists each rule that reported something, with short and full
//! description, help text, default level and a `security-severity` for GitHub's severity
//! bands. Each result has the rule, a redacted message, one physical location with a
//! repository-relative URI (`uriBaseId` `%SRCROOT%`) and a region (`startLine`, `startColumn`,
//! `endLine`, `endColumn`; columns in Unicode code points, `endColumn` exclusive), a redacted
//! snippet, and `partialFingerprints` (vigil's line-independent fingerprint) so dashboards
//! track an alert across commits. Suppressed findings, when listed, carry `suppressions`.
//!
//! `invocations[0]` says the run completed; each file skipped or only partly scanned (a
//! resource limit hit) is a `toolExecutionNotifications` entry of level `warning` naming the
//! file, with descriptor id `skipped` or `limit/<name>` (`limit/time-budget`), so that a
//! dashboard shows what the scan did not cover instead of implying it was clean.

use std::collections::BTreeMap;
use std::io::Write;

use serde_json::{Value, json};

use super::{Report, ReportOptions, advice, level, shown_secret};
use crate::filter::Reason;
use crate::finding::{Finding, Severity};
use crate::scan::Problem;

/// The schema URI written in `$schema`.
pub const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// Writes the SARIF log followed by a newline.
///
/// # Errors
/// Writing fails.
pub fn write(report: &Report<'_>, opts: ReportOptions, out: &mut dyn Write) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &log(report, opts))?;
    writeln!(out)
}

/// The SARIF log as JSON.
pub fn log(report: &Report<'_>, opts: ReportOptions) -> Value {
    let all = report.findings.iter().map(|f| (f, None)).chain(
        report
            .suppressed
            .iter()
            .map(|s| (&s.finding, Some(&s.reason))),
    );
    let mut rules: BTreeMap<&str, &Finding> = BTreeMap::new();
    for (f, _) in all.clone() {
        rules.entry(f.rule.as_str()).or_insert(f);
    }
    let index: BTreeMap<&str, usize> = rules.keys().enumerate().map(|(i, k)| (*k, i)).collect();
    let results: Vec<Value> = all
        .map(|(f, reason)| result(f, reason, index[f.rule.as_str()], opts))
        .collect();
    json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "vigil",
                    "semanticVersion": env!("CARGO_PKG_VERSION"),
                    "rules": rules.values().map(|f| rule(f)).collect::<Vec<_>>(),
                }
            },
            "originalUriBaseIds": {
                "%SRCROOT%": { "description": { "text": "The root of the scanned repository." } }
            },
            "invocations": [invocation(report.problems)],
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    })
}

/// The run's invocation: it completed (a scan that fails does not write a report), and the
/// files it skipped or cut short.
fn invocation(problems: &[Problem]) -> Value {
    let mut inv = json!({ "executionSuccessful": true });
    if !problems.is_empty() {
        let notes: Vec<Value> = problems
            .iter()
            .map(|p| {
                let id = match p.limit {
                    Some(l) => format!("limit/{}", l.name()),
                    None => "skipped".to_string(),
                };
                let path = p.path.to_string_lossy();
                json!({
                    "level": "warning",
                    "message": { "text": format!("{path}: {}", p.reason) },
                    "descriptor": { "id": id },
                    "locations": [{
                        "physicalLocation": { "artifactLocation": { "uri": uri(&path) } }
                    }],
                })
            })
            .collect();
        inv["toolExecutionNotifications"] = json!(notes);
    }
    inv
}

fn security_severity(s: Severity) -> &'static str {
    match s {
        Severity::Critical => "9.5",
        Severity::High => "8.0",
        Severity::Medium => "5.5",
        Severity::Low => "3.0",
        Severity::Info => "1.0",
    }
}

fn rule(f: &Finding) -> Value {
    let help = format!(
        "vigil found a credential matching rule `{}` ({}). Treat it as leaked: rotate or revoke it \
         with its issuer, then remove it from the code and load it at run time (environment \
         variable, secret manager). If it is not a secret, add `vigil:allow` on the line or its \
         fingerprint to `.vigilignore`.",
        f.rule, f.description
    );
    json!({
        "id": f.rule,
        "name": f.rule,
        "shortDescription": { "text": f.description },
        "fullDescription": {
            "text": format!("{} (severity {}). Secrets in source code can be used by anyone who can read the repository or its history.", f.description, f.severity.as_str())
        },
        "help": { "text": help, "markdown": help },
        "defaultConfiguration": { "level": level(f.severity) },
        "properties": {
            "tags": ["security", "secret"],
            "precision": match f.confidence.as_str() { "high" => "high", "low" => "low", _ => "medium" },
            "security-severity": security_severity(f.severity),
        }
    })
}

fn result(f: &Finding, reason: Option<&Reason>, rule_index: usize, opts: ReportOptions) -> Value {
    let line = if opts.show_secrets {
        f.line_text.clone()
    } else {
        f.redacted_line()
    };
    let mut r = json!({
        "ruleId": f.rule,
        "ruleIndex": rule_index,
        "level": level(f.severity),
        "message": {
            "text": format!("{}: {} ({}). To fix: {}.", f.description, shown_secret(f, opts), f.rule, advice(f))
        },
        "locations": [{
            "physicalLocation": {
                "artifactLocation": { "uri": uri(&f.key_path), "uriBaseId": "%SRCROOT%" },
                "region": {
                    "startLine": f.line,
                    "startColumn": f.column,
                    "endLine": f.end_line,
                    "endColumn": f.end_column.max(1),
                    "snippet": { "text": line },
                }
            }
        }],
        "partialFingerprints": { "vigilFingerprint/v1": f.fingerprint },
    });
    let mut props = serde_json::Map::new();
    props.insert("severity".into(), json!(f.severity.as_str()));
    props.insert("confidence".into(), json!(f.confidence.as_str()));
    if let Some(c) = &f.commit {
        props.insert("commit".into(), json!(c.commit));
        props.insert("author".into(), json!(c.author));
        props.insert("date".into(), json!(c.date));
    }
    r["properties"] = Value::Object(props);
    if let Some(reason) = reason {
        let kind = if matches!(reason, Reason::Inline { .. }) {
            "inSource"
        } else {
            "external"
        };
        r["suppressions"] = json!([{ "kind": kind, "justification": reason.to_string() }]);
    }
    r
}

/// A repository-relative path as a relative URI reference: `/`-separated, with everything
/// outside RFC 3986's unreserved set and `/` percent-encoded.
pub fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.trim_start_matches("./").bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn uris_are_percent_encoded() {
        assert_eq!(super::uri("src/a b/ü.py"), "src/a%20b/%C3%BC.py");
        assert_eq!(super::uri("(commit message)"), "%28commit%20message%29");
    }
}
