//! What a scan reports: [`Finding`], its [`Secret`] (which never prints itself in clear), and
//! the content-based [`fingerprint`].

use std::fmt;

use serde::Serialize;
use sha2::{Digest, Sha256};

pub use crate::rules::{Confidence, Severity};

/// A secret value. `Debug` and `Display` print it redacted; only [`Secret::expose`] gives the
/// raw value, so a stray `{:?}` in a log or panic message cannot leak it.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Secret(String);

impl Secret {
    /// Wraps a raw value.
    pub fn new(raw: impl Into<String>) -> Self {
        Secret(raw.into())
    }

    /// The raw value. Call only where the user asked to see secrets, or to hash it.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// The redacted form: the first few characters, then `*****`.
    pub fn redacted(&self) -> String {
        redact(&self.0)
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Secret({})", self.redacted())
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.redacted())
    }
}

/// Keeps a short prefix (at most 4 characters, at most a quarter of the value) and masks the
/// rest, so a reader can tell which key it is without being able to use it.
pub fn redact(raw: &str) -> String {
    let chars = raw.chars().count();
    let keep = (chars / 4).min(4);
    let mut out: String = raw.chars().take(keep).filter(|c| !c.is_control()).collect();
    out.push_str("*****");
    out
}

/// Content-based identity of a finding: rule id, repository-relative path, and a hash of the
/// secret. Independent of line numbers, so it survives edits above the secret and is the same
/// whether the secret is found by `scan`, `staged` or a history audit.
pub fn fingerprint(rule: &str, path: &str, secret: &str) -> String {
    let mut h = Sha256::new();
    h.update(rule.as_bytes());
    h.update([0]);
    h.update(path.as_bytes());
    h.update([0]);
    h.update(secret.as_bytes());
    hex::encode(&h.finalize()[..16])
}

/// SHA-256 of the secret alone, hex: lets baselines and reports refer to a secret without
/// storing it.
pub fn secret_hash(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

/// Where a finding came from in git history (absent for working-tree scans).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CommitInfo {
    /// Full commit id.
    pub commit: String,
    /// Author as `Name <email>`.
    pub author: String,
    /// Author date, RFC 3339.
    pub date: String,
}

/// One credential found.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    /// Rule id.
    pub rule: String,
    /// Rule description.
    pub description: String,
    /// Path as displayed to the user.
    pub path: String,
    /// Path relative to the repository (or scan) root, used in the fingerprint.
    pub key_path: String,
    /// 1-based line of the secret's first byte.
    pub line: usize,
    /// 1-based column (in characters) of the secret's first byte.
    pub column: usize,
    /// 1-based line of the secret's last byte.
    pub end_line: usize,
    /// 1-based column (in characters) just past the secret on `end_line`.
    pub end_column: usize,
    /// The secret.
    pub secret: Secret,
    /// The source line holding the secret's start (truncated), for display. Contains the
    /// secret: reporters must redact it with [`Finding::redacted_line`].
    pub line_text: String,
    /// Content-based fingerprint (see [`fingerprint`]).
    pub fingerprint: String,
    /// Severity of the rule.
    pub severity: Severity,
    /// Confidence of the rule, raised to high when an offline check passed.
    pub confidence: Confidence,
    /// Entropy of the secret when the rule computed it.
    pub entropy: Option<f64>,
    /// Offline checks the secret passed (`checksum`, `jwt-structure`, ...).
    pub validated: Vec<String>,
    /// Commit that introduced the secret, for git scans.
    pub commit: Option<CommitInfo>,
    /// The whole regex match (holds the secret: never shown). Allowlists whose target is
    /// `match` test it.
    pub matched: String,
    /// The inline allow marker (`vigil:allow`, `gitleaks:allow`) on the finding's line, if
    /// any. The scan moves such findings to the suppressed list (see [`crate::filter`]).
    pub allow_marker: Option<&'static str>,
}

impl Finding {
    /// The source line with every occurrence of the secret's first line redacted.
    ///
    /// A secret found by decoding (base64 inside a header, a Kubernetes `data` value) does not
    /// occur in the line as such, but its encoding does, and an encoding is no redaction: then
    /// the span the finding covers on this line is masked instead.
    pub fn redacted_line(&self) -> String {
        let first = self.secret.expose().lines().next().unwrap_or("");
        if first.is_empty() {
            return self.line_text.clone();
        }
        if self.line_text.contains(first) {
            return self.line_text.replace(first, &redact(first));
        }
        let start = self.column.saturating_sub(1);
        let end = if self.end_line == self.line {
            self.end_column.saturating_sub(1)
        } else {
            usize::MAX
        };
        let mut out = String::with_capacity(self.line_text.len());
        let mut span = String::new();
        for (i, c) in self.line_text.chars().enumerate() {
            if i >= start && i < end {
                span.push(c);
            } else {
                if !span.is_empty() {
                    out.push_str(&redact(&std::mem::take(&mut span)));
                }
                out.push(c);
            }
        }
        if !span.is_empty() {
            out.push_str(&redact(&span));
        }
        out
    }

    /// Sort key for deterministic output: path, line, column, rule.
    pub fn sort_key(&self) -> (&str, usize, usize, &str) {
        (&self.path, self.line, self.column, &self.rule)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_never_prints_in_clear() {
        let s = Secret::new("ghp_Qm7Rk2Vd9XwLp4Tz8Hn3Bc6Yf1Js5G0a1b2c");
        assert_eq!(format!("{s}"), "ghp_*****");
        assert!(!format!("{s:?}").contains("Qm7R"));
        assert_eq!(redact("abc"), "*****");
        assert_eq!(redact("abcdefgh"), "ab*****");
    }

    /// A decoded secret's encoding on the line is masked by position.
    #[test]
    fn decoded_secrets_are_masked_by_span() {
        let line = r#"curl -H "Authorization: Basic dXNlcjpodW50ZXIy" https://h"#;
        let f = Finding {
            rule: "r".into(),
            description: String::new(),
            path: "a.sh".into(),
            key_path: "a.sh".into(),
            line: 1,
            column: 31,
            end_line: 1,
            end_column: 47,
            secret: Secret::new("user:hunter2"),
            line_text: line.into(),
            fingerprint: String::new(),
            severity: Severity::High,
            confidence: Confidence::High,
            entropy: None,
            validated: Vec::new(),
            commit: None,
            matched: String::new(),
            allow_marker: None,
        };
        let shown = f.redacted_line();
        assert!(!shown.contains("dXNlcjpodW50ZXIy"), "{shown}");
        assert!(
            shown.starts_with("curl -H \"Authorization: Basic dXNl*****\""),
            "{shown}"
        );
        assert!(shown.ends_with("\" https://h"), "{shown}");
    }

    #[test]
    fn fingerprint_depends_on_content_not_position() {
        let a = fingerprint("r", "src/a.rs", "s3cret");
        assert_eq!(a, fingerprint("r", "src/a.rs", "s3cret"));
        assert_ne!(a, fingerprint("r", "src/b.rs", "s3cret"));
        assert_ne!(a, fingerprint("q", "src/a.rs", "s3cret"));
        assert_eq!(a.len(), 32);
    }
}
