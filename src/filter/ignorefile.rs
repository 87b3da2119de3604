//! Ignore files: `.vigilignore` (and gitleaks' `.gitleaksignore`) at the repository root list
//! findings to accept, one per line:
//!
//! ```text
//! # comment
//! 3f2a9c0d4e5b6a7f8091a2b3c4d5e6f7                       # a vigil fingerprint
//! 3f2a9c0d4e5b6a7f8091a2b3c4d5e6f7 expires=2026-12-31 # reason: rotated, test key
//! config/test.env:generic-password:12                  # gitleaks form path:rule:line
//! 4b825dc6...:config/test.env:generic-password:12      # gitleaks form commit:path:rule:line
//! ```
//!
//! Everything after ` #` is the entry's reason, shown by `--show-suppressed`. An entry with
//! `expires=YYYY-MM-DD` stops applying after that day, so a temporary exception cannot
//! become permanent by being forgotten: the finding is reported again. The vigil fingerprint
//! does not depend on the line, so it keeps matching when code moves; the gitleaks forms do.

use std::path::Path;

use crate::error::{Error, Result};
use crate::finding::Finding;

/// The ignore files looked for at the repository root, in order.
pub const IGNORE_FILE_NAMES: &[&str] = &[".vigilignore", ".gitleaksignore"];

/// A calendar day, ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    /// Year.
    pub year: i32,
    /// Month 1..=12.
    pub month: u32,
    /// Day 1..=31.
    pub day: u32,
}

impl Date {
    /// Parses `YYYY-MM-DD`.
    pub fn parse(s: &str) -> Option<Date> {
        let mut it = s.split('-');
        let year = it.next()?.parse().ok()?;
        let month = it.next()?.parse().ok()?;
        let day = it.next()?.parse().ok()?;
        (it.next().is_none() && (1..=12).contains(&month) && (1..=31).contains(&day))
            .then_some(Date { year, month, day })
    }

    /// Today in UTC.
    pub fn today() -> Date {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        Date::from_days(i64::try_from(secs / 86_400).unwrap_or(0))
    }

    /// The civil date `days` after 1970-01-01 (Howard Hinnant's algorithm).
    fn from_days(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// What an entry matches.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Key {
    /// A vigil fingerprint.
    Fingerprint(String),
    /// gitleaks' `[commit:]path:rule:line`.
    Gitleaks {
        commit: Option<String>,
        path: String,
        rule: String,
        line: usize,
    },
}

/// One entry of an ignore file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IgnoreEntry {
    /// The ignore file.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// The reason written after `#`.
    pub reason: Option<String>,
    /// Last day the entry applies.
    pub expires: Option<Date>,
    key: Key,
}

impl IgnoreEntry {
    fn matches(&self, f: &Finding) -> bool {
        match &self.key {
            Key::Fingerprint(fp) => f.fingerprint.eq_ignore_ascii_case(fp),
            Key::Gitleaks {
                commit,
                path,
                rule,
                line,
            } => {
                *line == f.line
                    && *rule == f.rule
                    && (*path == f.key_path || *path == f.path)
                    && commit.as_ref().is_none_or(|c| {
                        f.commit
                            .as_ref()
                            .is_some_and(|fc| fc.commit.eq_ignore_ascii_case(c))
                    })
            }
        }
    }
}

/// The entries in force, and those that have expired (for a note to the user).
#[derive(Debug, Default)]
pub struct IgnoreList {
    entries: Vec<IgnoreEntry>,
    /// Entries past their expiry date: they no longer suppress anything.
    pub expired: Vec<IgnoreEntry>,
}

impl IgnoreList {
    /// Loads the ignore files at `root` that exist.
    ///
    /// # Errors
    /// An unreadable file or a malformed entry (naming file and line).
    pub fn discover(root: &Path, today: Date) -> Result<IgnoreList> {
        let mut list = IgnoreList::default();
        for name in IGNORE_FILE_NAMES {
            let path = root.join(name);
            if path.is_file() {
                list.extend(IgnoreList::load(&path, today)?);
            }
        }
        Ok(list)
    }

    /// Loads one ignore file.
    ///
    /// # Errors
    /// As [`IgnoreList::parse`], or the file cannot be read.
    pub fn load(path: &Path, today: Date) -> Result<IgnoreList> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        IgnoreList::parse(&path.display().to_string(), &text, today)
    }

    /// Parses the text of ignore file `file`.
    ///
    /// # Errors
    /// A malformed entry: bad date, unknown option, or a key that is neither a fingerprint nor
    /// gitleaks' `[commit:]path:rule:line`.
    pub fn parse(file: &str, text: &str, today: Date) -> Result<IgnoreList> {
        let mut list = IgnoreList::default();
        for (i, raw) in text.lines().enumerate() {
            let line = i + 1;
            let err = |message: String| Error::ConfigSyntax {
                path: file.to_string(),
                line,
                message,
            };
            let trimmed = raw.trim();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            let (body, reason) = match trimmed.find(" #") {
                Some(i) => (&trimmed[..i], Some(trimmed[i + 2..].trim().to_string())),
                None => (trimmed, None),
            };
            let reason = reason.filter(|r| !r.is_empty());
            let mut words = body.split_whitespace();
            let key_text = words.next().unwrap_or_default();
            let mut expires = None;
            for w in words {
                let date = w
                    .strip_prefix("expires=")
                    .or_else(|| w.strip_prefix("until="))
                    .ok_or_else(|| {
                        err(format!(
                            "unexpected `{w}` (an entry is FINGERPRINT [expires=YYYY-MM-DD] [# reason])"
                        ))
                    })?;
                expires = Some(
                    Date::parse(date)
                        .ok_or_else(|| err(format!("invalid date `{date}` (use YYYY-MM-DD)")))?,
                );
            }
            let key = parse_key(key_text).ok_or_else(|| {
                err(format!(
                    "`{key_text}` is neither a fingerprint nor gitleaks' [commit:]path:rule:line"
                ))
            })?;
            let entry = IgnoreEntry {
                file: file.to_string(),
                line,
                reason,
                expires,
                key,
            };
            if expires.is_some_and(|d| d < today) {
                list.expired.push(entry);
            } else {
                list.entries.push(entry);
            }
        }
        Ok(list)
    }

    /// Appends `other`.
    pub fn extend(&mut self, other: IgnoreList) {
        self.entries.extend(other.entries);
        self.expired.extend(other.expired);
    }

    /// Number of entries in force.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when no entry is in force.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The entry suppressing `f`, if any.
    pub fn check(&self, f: &Finding) -> Option<&IgnoreEntry> {
        self.entries.iter().find(|e| e.matches(f))
    }
}

fn parse_key(s: &str) -> Option<Key> {
    if !s.contains(':') {
        return (s.len() >= 16 && s.bytes().all(|b| b.is_ascii_hexdigit()))
            .then(|| Key::Fingerprint(s.to_ascii_lowercase()));
    }
    let (rest, line) = s.rsplit_once(':')?;
    let line: usize = line.parse().ok()?;
    let (rest, rule) = rest.rsplit_once(':')?;
    let (commit, path) = match rest.split_once(':') {
        Some((c, p)) if c.len() >= 7 && c.bytes().all(|b| b.is_ascii_hexdigit()) => {
            (Some(c.to_string()), p)
        }
        _ => (None, rest),
    };
    (!path.is_empty() && !rule.is_empty()).then(|| Key::Gitleaks {
        commit,
        path: path.to_string(),
        rule: rule.to_string(),
        line,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::filter::testutil::finding;

    const TODAY: Date = Date {
        year: 2026,
        month: 6,
        day: 1,
    };

    #[test]
    fn dates() {
        assert_eq!(Date::from_days(0).to_string(), "1970-01-01");
        assert_eq!(Date::from_days(20_454).to_string(), "2026-01-01");
        assert_eq!(Date::parse("2026-02-30").map(|d| d.day), Some(30));
        assert!(Date::parse("2026-13-01").is_none());
        assert!(Date::today().year >= 2024);
    }

    #[test]
    fn entries_match_fingerprints_and_gitleaks_keys_until_they_expire() {
        let f = finding(
            "generic-password",
            "cfg/app.env",
            12,
            "s3cretvalue",
            "pw=s3cretvalue",
        );
        let text = format!(
            "# team exceptions\n\n{fp} expires=2026-06-01 # test key, rotated\n\
             {fp} expires=2026-05-31\ncfg/app.env:generic-password:12\n\
             cfg/app.env:generic-password:13\n\
             4b825dc642cb6eb9a060e54bf8d69288fbee4904:cfg/app.env:generic-password:12\n",
            fp = f.fingerprint
        );
        let list = IgnoreList::parse(".vigilignore", &text, TODAY).unwrap();
        assert_eq!(list.len(), 4);
        assert_eq!(list.expired.len(), 1);
        assert_eq!(list.expired[0].line, 4);
        let hit = list.check(&f).unwrap();
        assert_eq!(
            (hit.line, hit.reason.as_deref()),
            (3, Some("test key, rotated"))
        );
        let moved = finding(
            "generic-password",
            "cfg/app.env",
            40,
            "s3cretvalue",
            "pw=s3cretvalue",
        );
        assert_eq!(list.check(&moved).map(|e| e.line), Some(3));
        let other = finding(
            "generic-password",
            "cfg/app.env",
            12,
            "different",
            "pw=different",
        );
        assert_eq!(list.check(&other).map(|e| e.line), Some(5));
    }

    #[test]
    fn malformed_entries_name_the_line() {
        for (text, want) in [
            ("zzz", "neither"),
            (
                "0123456789abcdef0123456789abcdef expires=tomorrow",
                "invalid date",
            ),
            ("0123456789abcdef0123456789abcdef because", "unexpected"),
        ] {
            let err = IgnoreList::parse("x", &format!("\n{text}\n"), TODAY).unwrap_err();
            let msg = err.to_string();
            assert!(msg.starts_with("x:2:") && msg.contains(want), "{msg}");
        }
    }
}
