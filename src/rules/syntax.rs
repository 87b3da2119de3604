//! The on-disk rule format, exactly as written in `rules/*.toml` and user configuration.
//!
//! This module only describes and deserialises; it never compiles a regex. Unknown keys are
//! errors (`deny_unknown_fields`), so a typo in a rule file is reported with file and line
//! instead of being silently ignored. See [`crate::rules`] for the field-by-field spec.

use serde::Deserialize;
use toml::Spanned;

/// A rule file: any number of `[[rules]]` tables.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct RuleFile {
    /// The rules of this file, in file order.
    #[serde(default)]
    pub rules: Vec<RuleSyntax>,
}

/// One rule as written in TOML.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSyntax {
    /// Stable identifier, lower-case kebab case (`github-pat-classic`).
    pub id: Spanned<String>,
    /// One line saying what the rule finds.
    pub description: String,
    /// Regular expression (Rust `regex` syntax, matched over bytes, ASCII classes by default).
    pub regex: Spanned<String>,
    /// Which capture group holds the secret: a number or a group name. Default: the group
    /// named `secret` if there is one, else group 1 if the regex has groups, else the match.
    #[serde(default)]
    pub secret_group: Option<SecretGroup>,
    /// Literals (ASCII case-insensitive); at least one must occur for the rule to run.
    pub keywords: Vec<String>,
    /// Minimum Shannon entropy (bits per byte) of the secret.
    #[serde(default)]
    pub entropy: Option<f64>,
    /// Regular expression the file path must match for the rule to apply.
    #[serde(default)]
    pub path: Option<String>,
    /// How bad a leak of this credential is.
    pub severity: Severity,
    /// How sure a match of this rule is to be a real credential. Default `medium`.
    #[serde(default)]
    pub confidence: Option<Confidence>,
    /// Bytes past the end of the keyword's line that the regex may span (multi-line secrets
    /// such as PEM blocks). Default 0: the regex sees the keyword's line only.
    #[serde(default)]
    pub window: Option<usize>,
    /// Offline check the secret must pass (see [`crate::engine::verify`]).
    #[serde(default)]
    pub validate: Option<String>,
    /// Skip the generic placeholder / reference filter for this rule (for formats whose
    /// secrets can legitimately look like words). Default false.
    #[serde(default)]
    pub allow_placeholders: bool,
    /// How the captured secret is encoded: `"base64"` makes the engine decode it and report
    /// the credentials inside (or the decoded value itself). Default: not encoded.
    #[serde(default)]
    pub decode: Option<String>,
    /// Apply the generic-assignment heuristics ([`crate::engine::generic`]) to the match:
    /// for rules keyed on a variable name rather than a token format. Default false.
    #[serde(default)]
    pub generic: bool,
    /// Free-form labels (`cloud`, `aws`, ...).
    #[serde(default)]
    pub tags: Vec<String>,
    /// Texts that must match, each with the secret the rule must yield.
    #[serde(default)]
    pub examples: Vec<Example>,
    /// Look-alike texts on which this rule must not report anything.
    #[serde(default)]
    pub negative_examples: Vec<String>,
    /// Allowlists for this rule only (`[[rules.allowlist]]`, configuration files only; see
    /// [`crate::filter::allowlist`]).
    #[serde(default, alias = "allowlists")]
    pub allowlist: Vec<crate::filter::allowlist::AllowlistSyntax>,
    /// Where the regex runs: `line` (default: the lines around a keyword hit) or `file` (the
    /// whole buffer once any keyword occurs in it, or always when there is no keyword; this
    /// is how gitleaks runs its rules, and lets a rule have no keywords).
    #[serde(default)]
    pub scope: Option<String>,
}

/// A positive example: `text` must produce a finding of the rule whose secret is `secret`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Example {
    /// Input text (may span lines).
    pub text: String,
    /// The secret the rule must extract from `text`.
    pub secret: String,
    /// Optional file path the text is scanned as (for rules with a `path` filter).
    #[serde(default)]
    pub path: Option<String>,
}

/// Which capture group holds the secret.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(untagged)]
pub enum SecretGroup {
    /// Group by index (0 is the whole match).
    Index(usize),
    /// Group by name.
    Name(String),
}

/// Severity of a leak.
#[derive(
    Debug, Clone, Copy, Deserialize, serde::Serialize, PartialEq, Eq, PartialOrd, Ord, Hash,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Informational.
    Info,
    /// Low impact.
    Low,
    /// Medium impact.
    Medium,
    /// High impact: a credential to a real account.
    High,
    /// Critical: broad access (cloud root keys, private keys).
    Critical,
}

impl Severity {
    /// Lower-case name as written in rule files and reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }
}

/// How likely a match is to be a real credential.
#[derive(
    Debug, Clone, Copy, Default, Deserialize, serde::Serialize, PartialEq, Eq, PartialOrd, Ord, Hash,
)]
#[serde(rename_all = "lowercase")]
pub enum Confidence {
    /// Generic patterns: an assignment that looks random.
    Low,
    /// A distinctive format without a checksum.
    #[default]
    Medium,
    /// A format with a unique prefix or a checksum that verified.
    High,
}

impl Confidence {
    /// Lower-case name as written in rule files and reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Confidence::Low => "low",
            Confidence::Medium => "medium",
            Confidence::High => "high",
        }
    }
}
