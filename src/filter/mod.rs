//! Filters decide whether a finding is kept; they never change one. Everything a filter holds
//! back is kept as a [`Suppressed`] entry with its [`Reason`], so `--show-suppressed` can show
//! what was hidden and by what: nothing disappears without a trace.
//!
//! The stages, in order: inline markers ([`inline`], applied by the scan itself, so every
//! source honours them), allowlists from configuration ([`allowlist`]), ignore files of
//! fingerprints ([`ignorefile`]), and a baseline of known findings ([`baseline`]).

pub mod allowlist;
pub mod baseline;
pub mod ignorefile;
pub mod inline;

use std::fmt;

use crate::finding::{Confidence, Finding, Severity};
use crate::scan::ScanOutcome;

/// A finding held back by a filter, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Suppressed {
    /// The finding.
    pub finding: Finding,
    /// What suppressed it.
    pub reason: Reason,
}

/// Why a finding was suppressed.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Reason {
    /// An inline marker on the finding's line.
    Inline {
        /// The marker found (`vigil:allow` or `gitleaks:allow`).
        marker: &'static str,
    },
    /// An allowlist in a configuration file.
    Allowlist {
        /// Which allowlist (`.vigil.toml [allowlist]`, `rule `x` allowlist 1`, ...).
        source: String,
        /// What matched (`path matches `tests/**``, `stopword `example``, ...).
        why: String,
    },
    /// An entry of an ignore file (`.vigilignore`, `.gitleaksignore`).
    Ignore {
        /// The ignore file.
        file: String,
        /// 1-based line of the entry.
        line: usize,
        /// The reason written in the entry, if any.
        note: Option<String>,
    },
    /// A baseline of known findings (`--baseline`).
    Baseline {
        /// The baseline file.
        file: String,
    },
    /// A more specific rule found the same secret on the same line (gitleaks' precedence of
    /// specific over `generic` rules, applied when a gitleaks configuration is loaded).
    Precedence {
        /// The rule that takes precedence.
        rule: String,
    },
    /// Below the severity or confidence the user asked for (`--min-severity`,
    /// `--min-confidence`); rules for keys that are public by design are `info`.
    Threshold {
        /// `severity` or `confidence`.
        what: &'static str,
        /// The finding's level.
        level: &'static str,
        /// The minimum asked for.
        min: &'static str,
    },
}

impl Reason {
    /// Short machine-readable kind: `inline`, `allowlist`, `ignore`, `baseline`, `precedence`,
    /// `threshold`.
    pub fn kind(&self) -> &'static str {
        match self {
            Reason::Inline { .. } => "inline",
            Reason::Allowlist { .. } => "allowlist",
            Reason::Ignore { .. } => "ignore",
            Reason::Baseline { .. } => "baseline",
            Reason::Precedence { .. } => "precedence",
            Reason::Threshold { .. } => "threshold",
        }
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Reason::Inline { marker } => write!(f, "inline marker `{marker}`"),
            Reason::Allowlist { source, why } => write!(f, "{source}: {why}"),
            Reason::Ignore { file, line, note } => {
                write!(f, "{file}:{line}")?;
                match note {
                    Some(n) => write!(f, " ({n})"),
                    None => Ok(()),
                }
            }
            Reason::Baseline { file } => write!(f, "baseline {file}"),
            Reason::Precedence { rule } => write!(f, "rule `{rule}` reports the same secret"),
            Reason::Threshold { what, level, min } => {
                write!(
                    f,
                    "{what} {level} is below the minimum {min} (--min-{what})"
                )
            }
        }
    }
}

/// The configured filters, built once per run.
#[derive(Debug, Default)]
pub struct Filters {
    /// Global and per-rule allowlists.
    pub allowlists: allowlist::Allowlists,
    /// Ignore-file entries that are in force (not expired).
    pub ignores: ignorefile::IgnoreList,
    /// Known findings to hide.
    pub baseline: Option<baseline::Baseline>,
    /// Apply gitleaks' rule precedence: a finding of a rule whose id contains `generic` is
    /// dropped when a non-generic rule found a secret containing it on the same line.
    pub generic_precedence: bool,
    /// Findings below this severity are held back (None: keep all).
    pub min_severity: Option<Severity>,
    /// Findings below this confidence are held back (None: keep all).
    pub min_confidence: Option<Confidence>,
}

impl Filters {
    /// Moves the findings that a filter holds back from `outcome.findings` to
    /// `outcome.suppressed`, keeping both in their deterministic order.
    pub fn apply(&self, outcome: &mut ScanOutcome) {
        let findings = std::mem::take(&mut outcome.findings);
        let mut baseline = self.baseline.as_ref().map(baseline::Baseline::matcher);
        let precedence = if self.generic_precedence {
            generic_precedence(&findings)
        } else {
            vec![None; findings.len()]
        };
        for (finding, better) in findings.into_iter().zip(precedence) {
            let reason = if let Some(reason) = self.below_threshold(&finding) {
                Some(reason)
            } else if let Some(rule) = better {
                Some(Reason::Precedence { rule })
            } else if let Some((source, why)) = self.allowlists.check(&finding) {
                Some(Reason::Allowlist { source, why })
            } else if let Some(e) = self.ignores.check(&finding) {
                Some(Reason::Ignore {
                    file: e.file.clone(),
                    line: e.line,
                    note: e.reason.clone(),
                })
            } else {
                baseline
                    .as_mut()
                    .and_then(|m| m.take(&finding))
                    .map(|file| Reason::Baseline { file })
            };
            match reason {
                Some(reason) => outcome.suppressed.push(Suppressed { finding, reason }),
                None => outcome.findings.push(finding),
            }
        }
        outcome
            .suppressed
            .sort_by(|a, b| a.finding.sort_key().cmp(&b.finding.sort_key()));
    }
}

/// For each finding, the non-generic rule that takes precedence over it (gitleaks semantics).
impl Filters {
    /// The threshold a finding falls below, if any.
    fn below_threshold(&self, finding: &Finding) -> Option<Reason> {
        if let Some(min) = self.min_severity.filter(|m| finding.severity < *m) {
            return Some(Reason::Threshold {
                what: "severity",
                level: finding.severity.as_str(),
                min: min.as_str(),
            });
        }
        self.min_confidence
            .filter(|m| finding.confidence < *m)
            .map(|min| Reason::Threshold {
                what: "confidence",
                level: finding.confidence.as_str(),
                min: min.as_str(),
            })
    }
}

fn generic_precedence(findings: &[Finding]) -> Vec<Option<String>> {
    let generic = |f: &Finding| f.rule.to_ascii_lowercase().contains("generic");
    findings
        .iter()
        .map(|f| {
            if !generic(f) {
                return None;
            }
            findings
                .iter()
                .find(|o| {
                    o.line == f.line
                        && o.path == f.path
                        && o.rule != f.rule
                        && !generic(o)
                        && o.commit.as_ref().map(|c| &c.commit)
                            == f.commit.as_ref().map(|c| &c.commit)
                        && o.secret.expose().contains(f.secret.expose())
                })
                .map(|o| o.rule.clone())
        })
        .collect()
}

#[cfg(test)]
pub(crate) mod testutil {
    use crate::finding::{Confidence, Finding, Secret, Severity, fingerprint};

    /// A finding of `rule` at `path:line` with `secret` on `line_text`.
    pub fn finding(rule: &str, path: &str, line: usize, secret: &str, line_text: &str) -> Finding {
        let column = line_text.find(secret).map_or(1, |i| i + 1);
        Finding {
            rule: rule.into(),
            description: format!("{rule} description"),
            path: path.into(),
            key_path: path.into(),
            line,
            column,
            end_line: line,
            end_column: column + secret.len(),
            secret: Secret::new(secret),
            line_text: line_text.into(),
            fingerprint: fingerprint(rule, path, secret),
            severity: Severity::High,
            confidence: Confidence::Medium,
            entropy: None,
            validated: Vec::new(),
            commit: None,
            matched: secret.into(),
            allow_marker: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::testutil::finding;
    use super::*;

    #[test]
    fn generic_findings_yield_to_specific_ones_on_the_same_line() {
        let mut outcome = ScanOutcome {
            findings: vec![
                finding("generic-api-key", "a", 1, "AKIAX", "k = AKIAX"),
                finding("aws-access-token", "a", 1, "AKIAX", "k = AKIAX"),
                finding("generic-api-key", "a", 2, "other", "k = other"),
            ],
            ..ScanOutcome::default()
        };
        let filters = Filters {
            generic_precedence: true,
            ..Filters::default()
        };
        filters.apply(&mut outcome);
        assert_eq!(outcome.findings.len(), 2);
        assert_eq!(outcome.suppressed.len(), 1);
        assert_eq!(
            outcome.suppressed[0].reason,
            Reason::Precedence {
                rule: "aws-access-token".into()
            }
        );
    }
}
