//! JUnit XML for CI dashboards: one test suite, one failing test case per finding (named
//! `path:line:column rule`, class name = the file), a single passing case when nothing was
//! found, and listed suppressed findings as skipped cases. Secrets are redacted.

use std::io::Write;

use super::{Report, ReportOptions, advice, shown_secret};
use crate::finding::Finding;

/// Writes the JUnit XML document.
///
/// # Errors
/// Writing fails.
pub fn write(report: &Report<'_>, opts: ReportOptions, out: &mut dyn Write) -> std::io::Result<()> {
    let failures = report.findings.len();
    let skipped = report.suppressed.len();
    let tests = (failures + skipped).max(1);
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<testsuites name="vigil" tests="{tests}" failures="{failures}" errors="0" skipped="{skipped}">"#
    )?;
    writeln!(
        out,
        r#"  <testsuite name="vigil secret scan" tests="{tests}" failures="{failures}" errors="0" skipped="{skipped}">"#
    )?;
    for f in report.findings {
        open_case(f, out)?;
        let line = if opts.show_secrets {
            f.line_text.clone()
        } else {
            f.redacted_line()
        };
        writeln!(
            out,
            r#"      <failure message="{}" type="{}">{}</failure>"#,
            esc(&format!("{}: {}", f.rule, f.description)),
            esc(&f.rule),
            esc(&format!(
                "{}:{}:{}: {} ({}, severity {})\n{}\nsecret: {}\nfingerprint: {}{}\nwhat to do: {}",
                f.path,
                f.line,
                f.column,
                f.description,
                f.rule,
                f.severity.as_str(),
                line.trim_end(),
                shown_secret(f, opts),
                f.fingerprint,
                f.commit
                    .as_ref()
                    .map(|c| format!("\ncommit: {} by {} on {}", c.commit, c.author, c.date))
                    .unwrap_or_default(),
                advice(f)
            ))
        )?;
        writeln!(out, "    </testcase>")?;
    }
    for s in report.suppressed {
        open_case(&s.finding, out)?;
        writeln!(
            out,
            r#"      <skipped message="{}"/>"#,
            esc(&format!("suppressed by {}", s.reason))
        )?;
        writeln!(out, "    </testcase>")?;
    }
    if failures + skipped == 0 {
        writeln!(
            out,
            r#"    <testcase name="no secrets in {} files" classname="vigil"/>"#,
            report.stats.files
        )?;
    }
    writeln!(out, "  </testsuite>")?;
    writeln!(out, "</testsuites>")
}

fn open_case(f: &Finding, out: &mut dyn Write) -> std::io::Result<()> {
    writeln!(
        out,
        r#"    <testcase name="{}" classname="{}" file="{}" line="{}">"#,
        esc(&format!("{}:{}:{} {}", f.path, f.line, f.column, f.rule)),
        esc(&f.path),
        esc(&f.path),
        f.line
    )
}

/// Escapes text for XML attributes and content; drops characters XML 1.0 cannot carry.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\t' => out.push_str("&#9;"),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes() {
        assert_eq!(
            super::esc("a<b>&\"'\u{1}\n"),
            "a&lt;b&gt;&amp;&quot;&apos;&#10;"
        );
    }
}
