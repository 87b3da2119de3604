//! The library's error type. Every variant names what the user must look at: a path, a line,
//! a rule id. Per-file problems during a scan are not errors; they are reported in the scan
//! outcome (see [`crate::scan::Problem`]) so one unreadable file never stops a scan.

use std::path::PathBuf;

/// Errors from loading configuration and rules, and from setting up a scan.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A configuration or rule file is not valid TOML or has unknown / mistyped keys.
    #[error("{path}:{line}: {message}")]
    ConfigSyntax {
        /// The file.
        path: String,
        /// 1-based line of the problem.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// A rule is well-formed TOML but invalid (bad regex, no keywords, duplicate id, ...).
    #[error("{path}:{line}: rule `{rule}`: {message}")]
    Rule {
        /// The file defining the rule.
        path: String,
        /// 1-based line of the rule's `id`.
        line: usize,
        /// The rule id.
        rule: String,
        /// What is wrong.
        message: String,
    },
    /// Reading a file failed.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// The configuration leaves no rule active; a scan would silently find nothing.
    #[error("no active rules: {0}")]
    NoRules(String),
    /// A git operation failed.
    #[error("git: {0}")]
    Git(String),
    /// Invalid usage (conflicting options, bad argument values).
    #[error("{0}")]
    Usage(String),
}

/// Convenience alias.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// Builds an [`Error::Io`].
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}

/// Line starts of a text, for turning many byte offsets into line numbers cheaply.
pub(crate) struct LineIndex(Vec<usize>);

impl LineIndex {
    pub(crate) fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineIndex(starts)
    }

    /// 1-based line of byte `offset`.
    pub(crate) fn line(&self, offset: usize) -> usize {
        self.0.partition_point(|&s| s <= offset)
    }
}

/// 1-based line number of byte `offset` in `text`.
pub(crate) fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}
