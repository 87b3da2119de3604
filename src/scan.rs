//! Runs the pipeline: sources → per-thread engine scratch → findings, [`Stats`] and per-file
//! [`Problem`]s. Never prints; the caller reports.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use serde::Serialize;

use crate::config::ScanConfig;
use crate::engine::Engine;
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
    }
}

/// Something about one input that the user should know (it was skipped, unreadable, ...).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, PartialOrd, Ord)]
pub struct Problem {
    /// The path concerned.
    pub path: PathBuf,
    /// Why it was skipped or what failed.
    pub reason: String,
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
    outcome.finish(started);
    Ok(outcome)
}

/// Scans a reader (standard input) as one stream named `name`, in bounded memory.
///
/// # Errors
/// Reading fails.
pub fn scan_reader(engine: &Engine, reader: impl std::io::Read, name: &str) -> Result<ScanOutcome> {
    let started = Instant::now();
    let mut outcome = ScanOutcome::default();
    let origin = source::Origin {
        path: name,
        key_path: name,
    };
    source::stream::scan_stream(
        engine,
        reader,
        origin,
        &mut outcome.findings,
        &mut outcome.stats,
    )
    .map_err(|e| crate::Error::io(name, e))?;
    outcome.finish(started);
    Ok(outcome)
}
