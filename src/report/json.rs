//! The JSON report.
//!
//! ```json
//! {
//!   "findings": [{
//!     "rule": "github-pat-classic",            // rule id
//!     "description": "GitHub personal access token (classic)",
//!     "path": "src/config.py",                 // as displayed
//!     "line": 12, "column": 9,                 // 1-based, column in characters
//!     "end_line": 12, "end_column": 49,        // just past the secret
//!     "secret": "ghp_*****",                   // redacted unless --show-secrets
//!     "fingerprint": "3f2a…",                  // rule + path + secret hash, no position
//!     "severity": "high", "confidence": "high",
//!     "entropy": 4.9,                          // only when the rule computed it
//!     "validated": ["checksum"],               // offline checks passed
//!     "commit": "…", "author": "…", "date": "…" // only for git scans
//!   }],
//!   "stats": { "files": 10, "bytes": 1234, "duration_ms": 5, …,
//!     "limit_decode_depth": 0, "limit_long_lines": 1, "limit_time_budget": 0 },
//!   "problems": [{ "path": "fifo", "reason": "not a regular file …" },
//!     { "path": "app.min.js", "reason": "a line was cut …", "limit": "line-length" }],
//!   "suppressed_count": 2,                     // only when something was suppressed
//!   "suppressed": [{ …finding…,                // only with --show-suppressed
//!     "suppressed_by": { "kind": "allowlist", "detail": ".vigil.toml [allowlist]: …" } }]
//! }
//! ```

use std::io::Write;

use serde_json::{Map, Value, json};

use super::{Report, ReportOptions, shown_secret};
use crate::finding::Finding;

/// Writes the JSON report followed by a newline.
///
/// # Errors
/// Writing fails.
pub fn write(report: &Report<'_>, opts: ReportOptions, out: &mut dyn Write) -> std::io::Result<()> {
    let findings: Vec<Value> = report.findings.iter().map(|f| finding(f, opts)).collect();
    let mut doc = json!({
        "findings": findings,
        "stats": report.stats,
        "problems": report.problems,
    });
    if report.suppressed_count > 0 {
        doc["suppressed_count"] = json!(report.suppressed_count);
    }
    if !report.suppressed.is_empty() {
        let suppressed: Vec<Value> = report
            .suppressed
            .iter()
            .map(|s| {
                let mut v = finding(&s.finding, opts);
                v["suppressed_by"] =
                    json!({"kind": s.reason.kind(), "detail": s.reason.to_string()});
                v
            })
            .collect();
        doc["suppressed"] = json!(suppressed);
    }
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)
}

/// One finding as a JSON object.
pub fn finding(f: &Finding, opts: ReportOptions) -> Value {
    let mut m = Map::new();
    m.insert("rule".into(), json!(f.rule));
    m.insert("description".into(), json!(f.description));
    m.insert("path".into(), json!(f.path));
    m.insert("line".into(), json!(f.line));
    m.insert("column".into(), json!(f.column));
    m.insert("end_line".into(), json!(f.end_line));
    m.insert("end_column".into(), json!(f.end_column));
    m.insert("secret".into(), json!(shown_secret(f, opts)));
    m.insert("fingerprint".into(), json!(f.fingerprint));
    m.insert("severity".into(), json!(f.severity.as_str()));
    m.insert("confidence".into(), json!(f.confidence.as_str()));
    if let Some(e) = f.entropy {
        m.insert("entropy".into(), json!((e * 1000.0).round() / 1000.0));
    }
    m.insert("validated".into(), json!(f.validated));
    if let Some(c) = &f.commit {
        m.insert("commit".into(), json!(c.commit));
        m.insert("author".into(), json!(c.author));
        m.insert("date".into(), json!(c.date));
    }
    Value::Object(m)
}
