//! Runs the pipeline: sources → per-thread engine scratch → findings, [`Stats`] and per-file
//! [`Problem`]s. Never prints; the caller reports.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde::Serialize;

use crate::config::ScanConfig;
use crate::engine::{Engine, LimitHits, Limits};
use crate::error::Result;
use crate::filter::{Reason, Suppressed};
use crate::finding::Finding;
use crate::source;

/// Counters for one scan.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Stats {
    /// Files (or other buffers) scanned.
    pub files: u64,
    /// Bytes scanned.
    pub bytes: u64,
    /// Files skipped because they look binary.
    pub skipped_binary: u64,
    /// Files skipped because they exceed the size limit.
    pub skipped_large: u64,
    /// Symbolic links not followed.
    pub skipped_symlinks: u64,
    /// Files that could not be read, and special files (FIFOs, sockets, devices).
    pub skipped_unreadable: u64,
    /// Files with an encoded value nested deeper than `--max-decode-depth`, not looked into.
    pub limit_decode_depth: u64,
    /// Files with a line cut at `--max-line-length` around a keyword.
    pub limit_long_lines: u64,
    /// Files whose scan stopped at `--file-time-budget`, the rest not searched.
    pub limit_time_budget: u64,
    /// Wall time in milliseconds.
    pub duration_ms: u64,
}

impl Stats {
    /// Adds another thread's counters into this one.
    pub fn merge(&mut self, o: &Stats) {
        self.files += o.files;
        self.bytes += o.bytes;
        self.skipped_binary += o.skipped_binary;
        self.skipped_large += o.skipped_large;
        self.skipped_symlinks += o.skipped_symlinks;
        self.skipped_unreadable += o.skipped_unreadable;
        self.limit_decode_depth += o.limit_decode_depth;
        self.limit_long_lines += o.limit_long_lines;
        self.limit_time_budget += o.limit_time_budget;
    }

    /// Counts a file that hit `hits`.
    pub fn count_limits(&mut self, hits: LimitHits) {
        self.limit_decode_depth += u64::from(hits.decode_depth);
        self.limit_long_lines += u64::from(hits.long_line);
        self.limit_time_budget += u64::from(hits.time_budget);
    }
}

/// A resource limit that stopped part of a scan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "kebab-case")]
pub enum Limit {
    /// `--max-file-size`: the file was skipped.
    FileSize,
    /// `--max-decode-depth`: encoded values nested deeper were not decoded.
    DecodeDepth,
    /// `--max-line-length`: a long line was cut around a keyword.
    LineLength,
    /// `--file-time-budget`: the rest of the file was not searched.
    TimeBudget,
}

impl Limit {
    /// The name in reports (`time-budget`), as in JSON.
    pub fn name(self) -> &'static str {
        match self {
            Limit::FileSize => "file-size",
            Limit::DecodeDepth => "decode-depth",
            Limit::LineLength => "line-length",
            Limit::TimeBudget => "time-budget",
        }
    }

    /// The flag that sets this limit.
    pub fn flag(self) -> &'static str {
        match self {
            Limit::FileSize => "--max-file-size",
            Limit::DecodeDepth => "--max-decode-depth",
            Limit::LineLength => "--max-line-length",
            Limit::TimeBudget => "--file-time-budget",
        }
    }
}

/// Something about one input that the user should know (it was skipped, unreadable, ...).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, PartialOrd, Ord)]
pub struct Problem {
    /// The path concerned.
    pub path: PathBuf,
    /// Why it was skipped or what failed.
    pub reason: String,
    /// The limit this problem reports, when it is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<Limit>,
}

impl Problem {
    /// A file skipped or not fully read for a reason other than a limit.
    pub fn new(path: impl Into<PathBuf>, reason: impl Into<String>) -> Problem {
        Problem {
            path: path.into(),
            reason: reason.into(),
            limit: None,
        }
    }

    /// A file skipped for being over the size limit. `what` names the thing measured (`123
    /// bytes`, `blob 1a2b... of 123 bytes`).
    pub fn too_large(path: impl Into<PathBuf>, what: &str, max_file_size: u64) -> Problem {
        Problem {
            path: path.into(),
            reason: format!(
                "{what} is over the size limit of {max_file_size} bytes (--max-file-size): skipped"
            ),
            limit: Some(Limit::FileSize),
        }
    }
}

/// Records the limits a file hit: counted in `stats`, and one problem per limit naming the
/// file, the limit and its flag, so that no part of a scan is cut short silently. `context`
/// (a commit or blob id) is prepended to each reason; `unit` names what the time budget
/// bounds (`file`, `blob`, `chunk`).
pub fn record_limits(
    hits: LimitHits,
    limits: &Limits,
    path: &Path,
    (context, unit): (Option<&str>, &str),
    stats: &mut Stats,
    problems: &mut Vec<Problem>,
) {
    if !hits.any() {
        return;
    }
    stats.count_limits(hits);
    let prefix = context.map(|c| format!("{c}: ")).unwrap_or_default();
    let mut push = |limit: Limit, text: String| {
        problems.push(Problem {
            path: path.to_path_buf(),
            reason: format!("{prefix}{text} ({})", limit.flag()),
            limit: Some(limit),
        });
    };
    if hits.decode_depth {
        push(
            Limit::DecodeDepth,
            format!(
                "an encoded value nested deeper than {} was not decoded",
                layers(limits.max_decode_depth)
            ),
        );
    }
    if hits.long_line {
        push(
            Limit::LineLength,
            format!(
                "a line was cut {} bytes from a keyword; a secret further from its keyword was not searched",
                limits.max_line_length
            ),
        );
    }
    if hits.time_budget {
        push(
            Limit::TimeBudget,
            format!(
                "scanning stopped after the time budget of {}; the rest of the {unit} was not searched",
                duration_text(limits.file_time_budget)
            ),
        );
    }
}

/// `2 layers of encoding`, `1 layer of encoding`, `0 layers of encoding (decoding is off)`.
pub fn layers(depth: u8) -> String {
    match depth {
        0 => "0 layers of encoding (decoding is off)".into(),
        1 => "1 layer of encoding".into(),
        n => format!("{n} layers of encoding"),
    }
}

/// A time budget as the user would write it: `5s`, `250ms`, `off`.
pub fn duration_text(d: Option<Duration>) -> String {
    match d {
        None => "off".into(),
        Some(d) if d.subsec_millis() == 0 && d.as_secs() > 0 => format!("{}s", d.as_secs()),
        Some(d) if d.as_millis() > 0 => format!("{}ms", d.as_millis()),
        Some(d) => format!("{}us", d.as_micros()),
    }
}

/// Everything a scan produced.
#[derive(Debug, Default)]
pub struct ScanOutcome {
    /// Findings, sorted by path, line, column, rule.
    pub findings: Vec<Finding>,
    /// Counters.
    pub stats: Stats,
    /// Per-input problems, sorted by path.
    pub problems: Vec<Problem>,
    /// Findings a filter held back, each with the reason (inline markers here; allowlists,
    /// ignore files and baselines when [`crate::filter::Filters::apply`] runs).
    pub suppressed: Vec<Suppressed>,
    /// The engine limits the scan ran under, for reports to name next to what they cut.
    pub limits: Limits,
}

impl ScanOutcome {
    /// Sorts findings and problems into their deterministic order and records the duration.
    pub fn finish(&mut self, started: Instant) {
        let (marked, kept): (Vec<Finding>, Vec<Finding>) = std::mem::take(&mut self.findings)
            .into_iter()
            .partition(|f| f.allow_marker.is_some());
        self.findings = kept;
        self.suppressed
            .extend(marked.into_iter().map(|f| Suppressed {
                reason: Reason::Inline {
                    marker: f.allow_marker.unwrap_or("vigil:allow"),
                },
                finding: f,
            }));
        self.suppressed
            .sort_by(|a, b| a.finding.sort_key().cmp(&b.finding.sort_key()));
        self.findings
            .sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        self.problems.sort();
        self.stats.duration_ms = duration_ms(started.elapsed());
    }
}

fn duration_ms(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

/// Scans the paths of `config` (files and directories) in parallel.
///
/// # Errors
/// Only set-up errors; per-file failures are [`Problem`]s in the outcome.
pub fn scan_paths(engine: &Engine, config: &ScanConfig) -> Result<ScanOutcome> {
    let started = Instant::now();
    let mut outcome = source::fs::scan_tree(engine, config)?;
    outcome.limits = *engine.limits();
    outcome.finish(started);
    Ok(outcome)
}

/// Scans a reader (standard input) as one stream named `name`, in bounded memory. A stream
/// has no size limit, so the time budget applies to each chunk rather than to the whole:
/// `git log -p | vigil scan -` is not cut off after five seconds, yet no chunk can stall it.
///
/// # Errors
/// Reading fails.
pub fn scan_reader(engine: &Engine, reader: impl std::io::Read, name: &str) -> Result<ScanOutcome> {
    let started = Instant::now();
    let mut outcome = ScanOutcome {
        limits: *engine.limits(),
        ..ScanOutcome::default()
    };
    let origin = source::Origin {
        path: name,
        key_path: name,
    };
    let hits = source::stream::scan_stream(
        engine,
        reader,
        origin,
        source::stream::Budget::PerChunk,
        &mut outcome.findings,
        &mut outcome.stats,
    )
    .map_err(|e| crate::Error::io(name, e))?;
    record_limits(
        hits,
        engine.limits(),
        Path::new(name),
        (None, "8 MiB chunk"),
        &mut outcome.stats,
        &mut outcome.problems,
    );
    outcome.finish(started);
    Ok(outcome)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_limit_hit_is_counted_and_named_with_its_flag() {
        let (mut stats, mut problems) = (Stats::default(), Vec::new());
        let limits = Limits::default();
        record_limits(
            LimitHits::default(),
            &limits,
            Path::new("a.txt"),
            (None, "file"),
            &mut stats,
            &mut problems,
        );
        assert!(problems.is_empty());
        let all = LimitHits {
            decode_depth: true,
            long_line: true,
            time_budget: true,
        };
        record_limits(
            all,
            &limits,
            Path::new("b.js"),
            (Some("in blob 1a2b"), "blob"),
            &mut stats,
            &mut problems,
        );
        assert_eq!(
            (
                stats.limit_decode_depth,
                stats.limit_long_lines,
                stats.limit_time_budget
            ),
            (1, 1, 1)
        );
        let reasons: Vec<&str> = problems.iter().map(|p| p.reason.as_str()).collect();
        assert_eq!(
            reasons,
            [
                "in blob 1a2b: an encoded value nested deeper than 2 layers of encoding was not decoded (--max-decode-depth)",
                "in blob 1a2b: a line was cut 4096 bytes from a keyword; a secret further from its keyword was not searched (--max-line-length)",
                "in blob 1a2b: scanning stopped after the time budget of 5s; the rest of the blob was not searched (--file-time-budget)",
            ]
        );
        let mut other = Stats::default();
        other.merge(&stats);
        assert_eq!(other.limit_time_budget, 1);
    }

    #[test]
    fn limit_names_are_the_json_names() {
        for l in [
            Limit::FileSize,
            Limit::DecodeDepth,
            Limit::LineLength,
            Limit::TimeBudget,
        ] {
            assert_eq!(serde_json::to_value(l).unwrap(), l.name());
        }
        assert_eq!(duration_text(None), "off");
        assert_eq!(duration_text(Some(Duration::from_secs(5))), "5s");
        assert_eq!(duration_text(Some(Duration::from_millis(1500))), "1500ms");
        assert_eq!(duration_text(Some(Duration::from_micros(20))), "20us");
    }
}
