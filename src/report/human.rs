//! The human format: one block per finding, then a summary.
//!
//! ```text
//! src/settings.py:12:15: aws-access-key-id (high): AWS access key ID
//!    12 | aws_key = "AKIA*****"
//!       |           ^^^^^^^^^
//!     = rotate this credential and remove it from the code; if it is not a secret, …
//! ```
//!
//! then, with `--show-suppressed`, the suppressed findings and what suppressed each, and a
//! summary: files, bytes, time, findings by rule, how many were suppressed.
//! Colours only when writing to a terminal (the caller decides; `NO_COLOR` is honoured there).

use std::io::Write;

use super::{Report, ReportOptions, shown_secret};
use crate::finding::Finding;
use crate::scan::{Limit, duration_text, layers};

/// How many rules the summary's "by rule" line names before folding the rest.
const BY_RULE_SHOWN: usize = 12;

const RED: &str = "\x1b[31m";
const BOLD: &str = "\x1b[1m";
const DIM: &str = "\x1b[2m";
const YELLOW: &str = "\x1b[33m";
const RESET: &str = "\x1b[0m";

/// Writes every finding, then problems and a summary line.
///
/// # Errors
/// Writing fails.
pub fn write(report: &Report<'_>, opts: ReportOptions, out: &mut dyn Write) -> std::io::Result<()> {
    let paint = |code: &'static str| if opts.color { code } else { "" };
    for f in report.findings {
        write_finding(f, opts, out)?;
        writeln!(
            out,
            "    {}= {}{}",
            paint(DIM),
            super::advice(f),
            paint(RESET)
        )?;
    }
    if !report.suppressed.is_empty() {
        writeln!(out, "{}suppressed:{}", paint(BOLD), paint(RESET))?;
        for s in report.suppressed {
            let f = &s.finding;
            writeln!(
                out,
                "  {}:{}:{}: {} {}: suppressed by {}",
                f.path,
                f.line,
                f.column,
                f.rule,
                shown_secret(f, opts),
                s.reason
            )?;
        }
    }
    for p in report.problems {
        // A limit other than the size limit leaves a file scanned, only not all of it.
        let what = match p.limit {
            None | Some(Limit::FileSize) => "skipped",
            Some(_) => "partly scanned",
        };
        writeln!(
            out,
            "{}{what}{} {}: {}",
            paint(YELLOW),
            paint(RESET),
            p.path.display(),
            p.reason
        )?;
    }
    let s = report.stats;
    let n = report.findings.len();
    writeln!(
        out,
        "{}{} finding{}{} in {} file{} ({}) in {} ms",
        paint(BOLD),
        n,
        if n == 1 { "" } else { "s" },
        paint(RESET),
        s.files,
        if s.files == 1 { "" } else { "s" },
        human_bytes(s.bytes),
        s.duration_ms
    )?;
    let skipped: Vec<String> = [
        (s.skipped_binary, "binary"),
        (s.skipped_large, "over the size limit"),
        (s.skipped_unreadable, "unreadable or special"),
        (s.skipped_symlinks, "symbolic links not followed"),
    ]
    .iter()
    .filter(|(n, _)| *n > 0)
    .map(|(n, what)| format!("{n} {what}"))
    .collect();
    if !skipped.is_empty() {
        writeln!(out, "skipped: {}", skipped.join(", "))?;
    }
    write_limits(report, opts, out)?;
    if n > 0 {
        let mut by_rule: std::collections::BTreeMap<&str, usize> = Default::default();
        for f in report.findings {
            *by_rule.entry(f.rule.as_str()).or_default() += 1;
        }
        let mut by_rule: Vec<(&str, usize)> = by_rule.into_iter().collect();
        by_rule.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        // A summary line, not a table: the most frequent rules; JSON has the rest.
        let mut parts: Vec<String> = by_rule
            .iter()
            .take(BY_RULE_SHOWN)
            .map(|(r, n)| format!("{r} {n}"))
            .collect();
        if by_rule.len() > BY_RULE_SHOWN {
            let rest: usize = by_rule[BY_RULE_SHOWN..].iter().map(|(_, n)| n).sum();
            parts.push(format!(
                "and {rest} more from {} other rules",
                by_rule.len() - BY_RULE_SHOWN
            ));
        }
        writeln!(out, "by rule: {}", parts.join(", "))?;
    }
    if report.suppressed_count > 0 {
        writeln!(
            out,
            "suppressed: {}{}",
            report.suppressed_count,
            if report.suppressed.is_empty() {
                " (--show-suppressed lists them)"
            } else {
                ""
            }
        )?;
    }
    Ok(())
}

/// One summary line per limit hit: how many files, the limit and its flag, what was not
/// searched. A scan cut short must not read like a complete one.
fn write_limits(
    report: &Report<'_>,
    opts: ReportOptions,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let paint = |code: &'static str| if opts.color { code } else { "" };
    let (s, l) = (report.stats, report.limits);
    let files = |n: u64| format!("{n} file{}", if n == 1 { "" } else { "s" });
    let lines = [
        (
            s.limit_time_budget,
            format!(
                "hit the per-file time budget ({}, --file-time-budget): the rest of each was not searched",
                duration_text(l.file_time_budget)
            ),
        ),
        (
            s.limit_long_lines,
            format!(
                "had lines cut {} bytes from a keyword (--max-line-length): a secret further from its keyword was not searched",
                l.max_line_length
            ),
        ),
        (
            s.limit_decode_depth,
            format!(
                "had encoded values nested deeper than {} (--max-decode-depth): those were not decoded",
                layers(l.max_decode_depth)
            ),
        ),
    ];
    for (n, what) in lines {
        if n > 0 {
            writeln!(
                out,
                "{}limit:{} {} {what}",
                paint(YELLOW),
                paint(RESET),
                files(n)
            )?;
        }
    }
    Ok(())
}

fn write_finding(f: &Finding, opts: ReportOptions, out: &mut dyn Write) -> std::io::Result<()> {
    let paint = |code: &'static str| if opts.color { code } else { "" };
    writeln!(
        out,
        "{}{}:{}:{}{}: {}{}{} ({}): {}",
        paint(BOLD),
        f.path,
        f.line,
        f.column,
        paint(RESET),
        paint(RED),
        f.rule,
        paint(RESET),
        f.severity.as_str(),
        f.description
    )?;
    if let Some(c) = &f.commit {
        writeln!(
            out,
            "    {}commit {} by {} on {}{}",
            paint(DIM),
            c.commit,
            c.author,
            c.date,
            paint(RESET)
        )?;
    }
    let first = f.secret.expose().lines().next().unwrap_or("");
    let shown_first = if opts.show_secrets {
        first.to_string()
    } else {
        shown_secret(f, opts)
    };
    let line = if opts.show_secrets {
        f.line_text.clone()
    } else {
        f.redacted_line()
    };
    let line = line.replace('\t', " ");
    let gutter = f.line.to_string();
    writeln!(out, "    {gutter} | {}", line.trim_end())?;
    let col = f.column.saturating_sub(1);
    if col < line.chars().count() {
        let width = shown_first.chars().count().max(1);
        writeln!(
            out,
            "    {} | {}{}{}{}",
            " ".repeat(gutter.len()),
            " ".repeat(col),
            paint(RED),
            "^".repeat(width),
            paint(RESET)
        )?;
    }
    Ok(())
}

/// `1234567` → `1.2 MB`.
pub fn human_bytes(n: u64) -> String {
    const UNITS: [&str; 4] = ["B", "KB", "MB", "GB"];
    let mut v = n as f64;
    let mut u = 0;
    while v >= 1000.0 && u < UNITS.len() - 1 {
        v /= 1000.0;
        u += 1;
    }
    if u == 0 {
        format!("{n} B")
    } else {
        format!("{v:.1} {}", UNITS[u])
    }
}
