//! Renders findings for people and tools. Every format redacts secrets unless the caller sets
//! [`ReportOptions::show_secrets`]; that is the only switch that lets a raw secret through.

pub mod human;
pub mod json;

use std::io::Write;

use crate::finding::Finding;
use crate::scan::{Problem, Stats};

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Human-readable text.
    Human,
    /// JSON object with `findings`, `stats` and `problems`.
    Json,
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
