//! CSV (RFC 4180): a header, then one row per finding:
//! `rule,severity,confidence,path,line,column,end_line,end_column,secret,fingerprint,commit,description`.
//! Secrets are redacted. A cell that a spreadsheet would run as a formula (starting with `=`,
//! `+`, `-`, `@`, tab or carriage return) is prefixed with `'`, so opening a report cannot
//! execute anything a scanned file planted.

use std::io::Write;

use super::{Report, ReportOptions, shown_secret};

/// The header row.
pub const HEADER: &str = "rule,severity,confidence,path,line,column,end_line,end_column,secret,fingerprint,commit,description";

/// Writes the CSV report.
///
/// # Errors
/// Writing fails.
pub fn write(report: &Report<'_>, opts: ReportOptions, out: &mut dyn Write) -> std::io::Result<()> {
    let suppressed_header = if report.suppressed.is_empty() {
        ""
    } else {
        ",suppressed_by"
    };
    writeln!(out, "{HEADER}{suppressed_header}")?;
    let rows = report.findings.iter().map(|f| (f, None)).chain(
        report
            .suppressed
            .iter()
            .map(|s| (&s.finding, Some(&s.reason))),
    );
    for (f, reason) in rows {
        let mut cells = vec![
            f.rule.clone(),
            f.severity.as_str().to_string(),
            f.confidence.as_str().to_string(),
            f.path.clone(),
            f.line.to_string(),
            f.column.to_string(),
            f.end_line.to_string(),
            f.end_column.to_string(),
            shown_secret(f, opts),
            f.fingerprint.clone(),
            f.commit
                .as_ref()
                .map(|c| c.commit.clone())
                .unwrap_or_default(),
            f.description.clone(),
        ];
        if !report.suppressed.is_empty() {
            cells.push(reason.map(ToString::to_string).unwrap_or_default());
        }
        let line: Vec<String> = cells.iter().map(|c| cell(c)).collect();
        writeln!(out, "{}", line.join(","))?;
    }
    Ok(())
}

/// One CSV cell: formula-neutralised, quoted when needed.
pub fn cell(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn cells() {
        assert_eq!(super::cell("plain"), "plain");
        assert_eq!(super::cell("a,b"), "\"a,b\"");
        assert_eq!(super::cell("say \"x\""), "\"say \"\"x\"\"\"");
        assert_eq!(super::cell("=HYPERLINK(1)"), "'=HYPERLINK(1)");
    }
}
