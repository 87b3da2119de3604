//! Baselines: the findings a team has already accepted, so that a scan reports only new ones.
//!
//! `vigil baseline create` writes `.vigil-baseline.json`:
//!
//! ```json
//! {
//!   "version": 1,
//!   "findings": [
//!     { "rule": "generic-password", "path": "config/test.env",
//!       "fingerprint": "3f2a9c0d4e5b6a7f8091a2b3c4d5e6f7", "count": 1 }
//!   ]
//! }
//! ```
//!
//! No raw secret is stored: the fingerprint is a hash of rule, path and secret
//! ([`crate::finding::fingerprint`]). No line numbers and no timestamps either, and entries
//! are sorted, so a finding stays matched when lines above it move and re-creating the
//! baseline on an unchanged tree gives the same bytes. `count` is how many times that secret
//! occurs in that file for that rule: one more occurrence later is a new finding.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::finding::Finding;

/// Default baseline file name.
pub const DEFAULT_BASELINE: &str = ".vigil-baseline.json";

/// Current format version.
const VERSION: u32 = 1;

/// One accepted finding.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// Rule id.
    pub rule: String,
    /// Repository-relative path.
    pub path: String,
    /// Fingerprint (hash of rule, path and secret).
    pub fingerprint: String,
    /// Occurrences accepted.
    #[serde(default = "one")]
    pub count: usize,
}

fn one() -> usize {
    1
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct BaselineFile {
    version: u32,
    findings: Vec<Entry>,
}

/// The baseline file's bytes for `findings`: deterministic (sorted, no time, no line).
pub fn render(findings: &[Finding]) -> Vec<u8> {
    let mut counts: BTreeMap<(&str, &str, &str), usize> = BTreeMap::new();
    for f in findings {
        *counts
            .entry((f.key_path.as_str(), f.rule.as_str(), f.fingerprint.as_str()))
            .or_default() += 1;
    }
    let findings = counts
        .into_iter()
        .map(|((path, rule, fp), count)| Entry {
            rule: rule.to_string(),
            path: path.to_string(),
            fingerprint: fp.to_string(),
            count,
        })
        .collect();
    let doc = BaselineFile {
        version: VERSION,
        findings,
    };
    let mut out = serde_json::to_vec_pretty(&doc).unwrap_or_default();
    out.push(b'\n');
    out
}

/// A loaded baseline.
#[derive(Debug, Default)]
pub struct Baseline {
    /// The file it came from.
    pub file: String,
    counts: HashMap<String, usize>,
}

impl Baseline {
    /// Loads a baseline file.
    ///
    /// # Errors
    /// The file cannot be read, or is not a vigil baseline (naming the line).
    pub fn load(path: &Path) -> Result<Baseline> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        Baseline::parse(&path.display().to_string(), &text)
    }

    /// Parses baseline text from `file`.
    ///
    /// # Errors
    /// Not JSON of the baseline format, or an unknown version.
    pub fn parse(file: &str, text: &str) -> Result<Baseline> {
        let doc: BaselineFile = serde_json::from_str(text).map_err(|e| Error::ConfigSyntax {
            path: file.to_string(),
            line: e.line(),
            message: format!("not a vigil baseline: {e}"),
        })?;
        if doc.version != VERSION {
            return Err(Error::ConfigSyntax {
                path: file.to_string(),
                line: 1,
                message: format!(
                    "baseline version {} is not supported (expected {VERSION})",
                    doc.version
                ),
            });
        }
        let mut counts = HashMap::new();
        for e in doc.findings {
            *counts
                .entry(e.fingerprint.to_ascii_lowercase())
                .or_default() += e.count;
        }
        Ok(Baseline {
            file: file.to_string(),
            counts,
        })
    }

    /// Number of accepted occurrences.
    pub fn len(&self) -> usize {
        self.counts.values().sum()
    }

    /// True when nothing is accepted.
    pub fn is_empty(&self) -> bool {
        self.counts.is_empty()
    }

    /// A matcher that accepts each recorded occurrence once.
    pub fn matcher(&self) -> Matcher<'_> {
        Matcher {
            file: &self.file,
            left: self.counts.clone(),
        }
    }
}

/// Consumes baseline occurrences as findings are matched against them.
#[derive(Debug)]
pub struct Matcher<'a> {
    file: &'a str,
    left: HashMap<String, usize>,
}

impl Matcher<'_> {
    /// If `f` is in the baseline (and that occurrence is not used up), uses it and returns the
    /// baseline's file name.
    pub fn take(&mut self, f: &Finding) -> Option<String> {
        let n = self.left.get_mut(&f.fingerprint)?;
        if *n == 0 {
            return None;
        }
        *n -= 1;
        Some(self.file.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::filter::testutil::finding;

    #[test]
    fn render_is_stable_and_holds_no_secret_or_line() {
        let a = finding("r", "b.env", 3, "s3cretAAAA", "x=s3cretAAAA");
        let b = finding("r", "a.env", 9, "s3cretBBBB", "x=s3cretBBBB");
        let out = render(&[a.clone(), b.clone(), a.clone()]);
        assert_eq!(out, render(&[b.clone(), a.clone(), a.clone()]));
        let text = String::from_utf8(out.clone()).unwrap();
        assert!(!text.contains("s3cret"));
        assert!(!text.contains("\"line\""));
        assert!(text.find("a.env") < text.find("b.env"));
        let base = Baseline::parse("bl.json", &text).unwrap();
        assert_eq!(base.len(), 3);
        let mut m = base.matcher();
        let moved = finding("r", "b.env", 30, "s3cretAAAA", "x=s3cretAAAA");
        assert!(m.take(&moved).is_some());
        assert!(m.take(&a).is_some());
        assert!(m.take(&a).is_none(), "a third occurrence is new");
        assert!(m.take(&finding("r", "b.env", 3, "new", "x=new")).is_none());
    }

    #[test]
    fn bad_files_are_errors() {
        assert!(Baseline::parse("x", "{").is_err());
        assert!(Baseline::parse("x", r#"{"version": 9, "findings": []}"#).is_err());
    }
}
