//! Renders findings for people and tools. Every format redacts secrets unless the caller sets
//! [`ReportOptions::show_secrets`]; that is the only switch that lets a raw secret through.

pub mod csv;
pub mod human;
pub mod json;
pub mod junit;
pub mod sarif;
pub mod signatures;

use std::io::Write;

use crate::engine::Limits;
use crate::filter::Suppressed;
use crate::finding::Finding;
use crate::scan::{Problem, Stats};

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Human-readable text.
    Human,
    /// JSON object with `findings`, `stats` and `problems`.
    Json,
    /// SARIF 2.1.0.
    Sarif,
    /// JUnit XML.
    Junit,
    /// CSV.
    Csv,
}

/// How to render.
#[derive(Debug, Clone, Copy, Default)]
pub struct ReportOptions {
    /// Print raw secrets instead of redacted ones.
    pub show_secrets: bool,
    /// Use ANSI colours (only ever on a terminal).
    pub color: bool,
}

/// What a report shows.
#[derive(Debug, Clone, Copy)]
pub struct Report<'a> {
    /// Findings in order.
    pub findings: &'a [Finding],
    /// Counters.
    pub stats: &'a Stats,
    /// Per-input problems.
    pub problems: &'a [Problem],
    /// Suppressed findings to list (empty unless the user asked to see them).
    pub suppressed: &'a [Suppressed],
    /// How many findings were suppressed in all (listed or not).
    pub suppressed_count: usize,
    /// The engine limits the scan ran under (named in the summary when one was hit).
    pub limits: &'a Limits,
}

/// Writes `report` in `format` to `out`.
///
/// # Errors
/// Writing fails.
pub fn write(
    format: Format,
    report: &Report<'_>,
    opts: ReportOptions,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    match format {
        Format::Human => human::write(report, opts, out),
        Format::Json => json::write(report, opts, out),
        Format::Sarif => sarif::write(report, opts, out),
        Format::Junit => junit::write(report, opts, out),
        Format::Csv => csv::write(report, opts, out),
    }
}

/// The secret as a report should show it.
pub fn shown_secret(f: &Finding, opts: ReportOptions) -> String {
    if opts.show_secrets {
        f.secret.expose().to_string()
    } else {
        f.secret.redacted()
    }
}

/// What to do about a finding, in one line.
pub fn advice(f: &Finding) -> String {
    format!(
        "rotate this credential and remove it from the code; if it is not a secret, add `vigil:allow` to the line or `{}` to .vigilignore",
        f.fingerprint
    )
}

/// SARIF / dashboard level of a severity: `error`, `warning` or `note`.
pub fn level(s: crate::finding::Severity) -> &'static str {
    use crate::finding::Severity;
    match s {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low | Severity::Info => "note",
    }
}
