//! Sources of bytes to scan, and the one place engine matches become [`Finding`]s.
//!
//! A source hands the engine a buffer plus what is needed to report positions in the user's
//! terms: the display path, the repository-relative path (for fingerprints) and a [`LineMap`]
//! from buffer lines to file lines (identity for files; a table for the added lines of a diff).

pub mod commits;
pub mod fs;
pub mod history;
pub mod novel;
pub mod staged;
pub mod stream;

use memchr::memchr_iter;

use crate::engine::{Engine, Match};
use crate::finding::{Confidence, Finding, Secret, fingerprint};

/// Longest source line kept in a finding for display.
pub(crate) const MAX_LINE_TEXT: usize = 512;

/// Longest regex match kept in a finding for allowlists (`regexTarget = "match"`).
const MAX_MATCH_TEXT: usize = 16 << 10;

/// Maps 0-based buffer lines to 1-based file lines.
#[derive(Debug, Clone)]
pub enum LineMap<'a> {
    /// Buffer line `i` is file line `first + i`.
    Offset(usize),
    /// Buffer line `i` is file line `table[i]` (lines past the table continue from its last).
    Table(&'a [usize]),
}

impl LineMap<'_> {
    fn file_line(&self, buffer_line: usize) -> usize {
        match self {
            LineMap::Offset(first) => first + buffer_line,
            LineMap::Table(t) => match t.get(buffer_line) {
                Some(&l) => l,
                None => t
                    .last()
                    .map_or(buffer_line + 1, |&l| l + buffer_line + 1 - t.len()),
            },
        }
    }
}

/// Identity of the scanned buffer.
#[derive(Debug, Clone, Copy)]
pub struct Origin<'a> {
    /// Path shown to the user.
    pub path: &'a str,
    /// Repository- or root-relative path, used in fingerprints.
    pub key_path: &'a str,
}

/// Converts `matches` (ordered by position) in `bytes` into findings.
pub fn to_findings(
    engine: &Engine,
    bytes: &[u8],
    matches: &[Match],
    origin: Origin<'_>,
    lines: &LineMap<'_>,
    out: &mut Vec<Finding>,
) {
    let mut counter = LineCounter::default();
    for m in matches {
        let rule = engine.rule(m);
        // gitleaks reports where the match starts (a newline it starts with belongs to the
        // next line); rules from gitleaks configurations keep that, so findings and
        // .gitleaksignore entries line up. vigil's own rules report where the secret starts.
        let anchor = if rule.whole_file && m.decoded.is_none() {
            m.start + usize::from(bytes.get(m.start) == Some(&b'\n'))
        } else {
            m.secret_start
        };
        let (line, line_start) = counter.advance(bytes, anchor);
        let (end_line, end_line_start) = {
            let mut c = counter.clone();
            c.advance(bytes, m.secret_end)
        };
        let line_end =
            memchr::memchr(b'\n', &bytes[line_start..]).map_or(bytes.len(), |i| line_start + i);
        let allow_marker = crate::filter::inline::marker(&bytes[line_start..line_end]);
        let raw = m
            .decoded
            .as_deref()
            .unwrap_or(&bytes[m.secret_start..m.secret_end]);
        let secret = String::from_utf8_lossy(raw).into_owned();
        let confidence = if m.validated.is_some() {
            Confidence::High
        } else {
            rule.confidence
        };
        out.push(Finding {
            rule: rule.id.clone(),
            description: rule.description.clone(),
            path: origin.path.to_string(),
            key_path: origin.key_path.to_string(),
            line: lines.file_line(line),
            column: char_column(&bytes[line_start..anchor]),
            end_line: lines.file_line(end_line),
            end_column: char_column(&bytes[end_line_start..m.secret_end]),
            fingerprint: fingerprint(&rule.id, origin.key_path, &secret),
            line_text: line_text(&bytes[line_start..line_end]),
            secret: Secret::new(secret),
            severity: rule.severity,
            confidence,
            entropy: m.entropy,
            validated: m
                .validated
                .map(|v| v.label().to_string())
                .into_iter()
                .chain(m.decoded.as_ref().map(|_| "base64-decoded".to_string()))
                .collect(),
            commit: None,
            matched: String::from_utf8_lossy(&bytes[m.start..m.end.min(m.start + MAX_MATCH_TEXT)])
                .into_owned(),
            allow_marker,
        });
    }
}

/// 1-based column in characters of the position after `prefix`.
fn char_column(prefix: &[u8]) -> usize {
    String::from_utf8_lossy(prefix).chars().count() + 1
}

fn line_text(line: &[u8]) -> String {
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    let cut = &line[..line.len().min(MAX_LINE_TEXT)];
    String::from_utf8_lossy(cut).into_owned()
}

/// Counts newlines incrementally, since matches arrive in position order.
#[derive(Debug, Clone, Default)]
struct LineCounter {
    pos: usize,
    line: usize,
    line_start: usize,
}

impl LineCounter {
    /// Moves to `offset` (must not go backwards); returns (0-based line, its start offset).
    fn advance(&mut self, bytes: &[u8], offset: usize) -> (usize, usize) {
        if offset < self.pos {
            *self = LineCounter::default();
        }
        for i in memchr_iter(b'\n', &bytes[self.pos..offset]) {
            self.line += 1;
            self.line_start = self.pos + i + 1;
        }
        self.pos = offset;
        (self.line, self.line_start)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_maps() {
        assert_eq!(LineMap::Offset(1).file_line(0), 1);
        assert_eq!(LineMap::Offset(10).file_line(2), 12);
        let t = [4, 9, 10];
        assert_eq!(LineMap::Table(&t).file_line(1), 9);
        assert_eq!(LineMap::Table(&t).file_line(4), 12);
    }

    #[test]
    fn counter_is_incremental() {
        let text = b"a\nbb\nccc\n";
        let mut c = LineCounter::default();
        assert_eq!(c.advance(text, 0), (0, 0));
        assert_eq!(c.advance(text, 3), (1, 2));
        assert_eq!(c.advance(text, 7), (2, 5));
        assert_eq!(char_column("é=".as_bytes()), 3);
    }
}
