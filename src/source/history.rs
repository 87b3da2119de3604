//! `vigil git --all`: the whole-history audit. Each unique blob is scanned once, with the path
//! and commit where it first appeared; commit and tag messages are scanned too.
//!
//! A secret that stays in a file across many versions is in many blobs; the audit reports it
//! once, at the earliest commit (parents first) that has it, because the fingerprint (rule,
//! path, secret) is the same in every version. The result is therefore the same as scanning
//! every blob on its own and keeping, per fingerprint, the earliest occurrence.

use std::collections::{HashMap, HashSet};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Instant;

use rayon::prelude::*;

use crate::engine::{Engine, LimitHits, Match, Scratch};
use crate::error::Result;
use crate::finding::{CommitInfo, Finding};
use crate::git::history::{Commit, Delta, History, Repo, Tag};
use crate::scan::{Problem, ScanOutcome, Stats, record_limits};
use crate::source::fs::{decode_utf16, is_binary};
use crate::source::novel::{LineScratch, SeenLines, Selection};
use crate::source::{LineMap, MAX_LINE_TEXT, Origin, to_findings};

/// Options of a history audit.
#[derive(Debug, Clone, Copy)]
pub struct AuditOptions {
    /// Blobs larger than this are skipped and reported.
    pub max_file_size: u64,
    /// Worker threads; 0 uses every CPU.
    pub threads: usize,
    /// Also scan objects that no ref reaches (dangling commits and blobs).
    pub all_objects: bool,
    /// Scan every blob whole instead of only the lines new at its path (slower; the
    /// reference the line selection is checked against).
    pub whole_blobs: bool,
}

/// A history walked and ready to scan.
#[derive(Debug)]
pub struct Audit {
    repo: Repo,
    history: History,
    options: AuditOptions,
}

/// Earlier paths of a secret checked as the source of a rename (see `Audit::drop_moved`).
const MAX_RENAME_SOURCES: usize = 8;

/// Position in history used to keep the earliest occurrence of a finding.
type Order = u32;

/// A finding with where it came from: commit order and path id (`u32::MAX` for messages).
type Located = (Order, u32, Finding);

impl Audit {
    /// Walks the repository's refs, commits and trees.
    ///
    /// # Errors
    /// The repository cannot be read (missing or corrupt objects).
    pub fn prepare(repo: Repo, options: AuditOptions) -> Result<Audit> {
        let tips = repo.all_tips(options.all_objects)?;
        let history = repo.history(&tips)?;
        let repo = repo.reopen()?;
        Ok(Audit {
            repo,
            history,
            options,
        })
    }

    /// Number of unique blobs to scan.
    pub fn blob_count(&self) -> usize {
        self.history.blobs.len()
    }

    /// Number of commits walked.
    pub fn commit_count(&self) -> usize {
        self.history.commits.len()
    }

    /// Scans every blob and message; `on_blob` is called after each blob (for progress).
    ///
    /// # Errors
    /// A pack or object cannot be read.
    pub fn scan(&self, engine: &Engine, on_blob: &(dyn Fn() + Sync)) -> Result<ScanOutcome> {
        let started = Instant::now();
        let shared = Shared::default();
        let seen = SeenLines::new(if self.options.whole_blobs {
            0
        } else {
            self.history.paths.len()
        });
        // Blobs whose every line is in their path's set (see `SeenLines::select`).
        let recorded: Vec<AtomicBool> = (0..self.history.blobs.len())
            .map(|_| AtomicBool::new(false))
            .collect();
        let worker = Worker {
            engine,
            history: &self.history,
            shared: &shared,
            seen: &seen,
            recorded: &recorded,
            lines: LineScratch::default(),
            on_blob,
            max_file_size: self.options.max_file_size,
            scratch: Scratch::default(),
            matches: Vec::new(),
            buf: Vec::new(),
        };
        let history = &self.history;
        let whole_blobs = self.options.whole_blobs;
        let recorded = &recorded;
        self.repo.for_each_blob(
            &|id| history.blob_index(id).is_some(),
            // A delta helps when its base is at the same path and already recorded there (the
            // pack traversal decodes a base before its deltas).
            &|id, base| {
                let (Some(i), Some(b)) = (history.blob_index(id), history.blob_index(base)) else {
                    return false;
                };
                !whole_blobs
                    && history.blobs[i].path_id == history.blobs[b].path_id
                    && recorded[b].load(Ordering::Acquire)
            },
            |done| {
                history
                    .blobs
                    .iter()
                    .filter(|b| !done.contains(&b.id))
                    .map(|b| b.id)
                    .collect()
            },
            self.options.threads,
            {
                let mut worker = worker;
                move |id, data, delta| worker.scan_blob(id, data, delta)
            },
        )?;
        drop(seen);
        self.scan_messages(engine, &shared);
        let mut found = earliest(shared.findings.into_inner().unwrap_or_default());
        self.attribute_earliest(&mut found)?;
        self.drop_moved(&mut found)?;
        let mut outcome = ScanOutcome {
            findings: found.into_iter().map(|(_, _, f)| f).collect(),
            stats: shared.stats.into_stats(),
            problems: shared.problems.into_inner().unwrap_or_default(),
            limits: *engine.limits(),
            ..ScanOutcome::default()
        };
        outcome.finish(started);
        Ok(outcome)
    }

    /// The traversal runs in pack order, so a line may have been scanned in a later version
    /// of its file first; moves each finding to the earliest blob at its path that has the
    /// same line (or, for a very long line, the secret).
    fn attribute_earliest(&self, found: &mut [Located]) -> Result<()> {
        let wanted: HashSet<u32> = found
            .iter()
            .filter(|l| l.1 != u32::MAX)
            .map(|l| l.1)
            .collect();
        let mut by_path: HashMap<u32, Vec<(Order, usize)>> = HashMap::new();
        for (i, b) in self.history.blobs.iter().enumerate() {
            if wanted.contains(&b.path_id) {
                by_path.entry(b.path_id).or_default().push((b.commit, i));
            }
        }
        for v in by_path.values_mut() {
            v.sort_unstable();
        }
        let by_path = &by_path;
        found
            .par_iter_mut()
            .filter(|l| l.1 != u32::MAX)
            .try_for_each_init(
                || self.repo.blob_reader(),
                |reader, (order, path_id, f)| -> Result<()> {
                    let needle = needle(f);
                    let Some(candidates) = by_path.get(path_id) else {
                        return Ok(());
                    };
                    for &(o, i) in candidates {
                        if o >= *order {
                            break;
                        }
                        let data = reader.read(&self.history.blobs[i].id)?;
                        if let Some(pos) = memchr::memmem::find(&data, &needle) {
                            let line = memchr::memchr_iter(b'\n', &data[..pos]).count() + 1;
                            f.end_line = line + (f.end_line - f.line);
                            f.line = line;
                            f.commit = self.history.commits.get(o as usize).map(info);
                            *order = o;
                            break;
                        }
                    }
                    Ok(())
                },
            )
    }

    /// Line sets are per path, so a file that was renamed (`git mv`, possibly with edits in the
    /// same commit) has all its lines new at the new path, and a secret it held would be
    /// reported a second time, at the rename or at the first edit after it. Git's history
    /// says otherwise: the line was not added there. A finding whose secret (same rule) was
    /// found earlier at another path is dropped when the commit it is attributed to did not
    /// add its line: a parent already had the line at the same path (the renamed blob), or a
    /// parent had it at the earlier path and the commit no longer has that path (the rename).
    /// A secret copied to a second file while the first stays is still reported twice.
    fn drop_moved(&self, found: &mut Vec<Located>) -> Result<()> {
        let mut groups: HashMap<(&str, &str), Vec<usize>> = HashMap::new();
        for (i, (_, path_id, f)) in found.iter().enumerate() {
            if *path_id != u32::MAX {
                groups
                    .entry((f.rule.as_str(), f.secret.expose()))
                    .or_default()
                    .push(i);
            }
        }
        let mut candidates = Vec::new();
        for members in groups.values() {
            for &later in members {
                // The paths it had before, latest first; a few are enough to find where a
                // file was renamed from, and a secret pasted into thousands of files must not
                // make this quadratic.
                let mut before: Vec<(Order, &str)> = members
                    .iter()
                    .filter(|&&e| found[e].0 < found[later].0 && found[e].1 != found[later].1)
                    .map(|&e| (found[e].0, found[e].2.path.as_str()))
                    .collect();
                before.sort_unstable_by(|a, b| b.cmp(a));
                let mut earlier: Vec<&str> = Vec::new();
                for (_, p) in before {
                    if !earlier.contains(&p) && earlier.len() < MAX_RENAME_SOURCES {
                        earlier.push(p);
                    }
                }
                if !earlier.is_empty() {
                    candidates.push((later, earlier));
                }
            }
        }
        if candidates.is_empty() {
            return Ok(());
        }
        let reader = self.repo.blob_reader();
        let mut drop = HashSet::new();
        for (later, earlier) in candidates {
            let (order, _, f) = &found[later];
            let Some(commit) = self.history.commits.get(*order as usize) else {
                continue;
            };
            let needle = needle(f);
            let holds = |data: Option<Vec<u8>>| {
                data.is_some_and(|d| memchr::memmem::find(&d, &needle).is_some())
            };
            let mut moved = false;
            for parent in reader.parents(&commit.id)? {
                if holds(reader.blob_at(&parent, &f.path)?) {
                    moved = true;
                    break;
                }
                for old in &earlier {
                    if holds(reader.blob_at(&parent, old)?)
                        && reader.blob_at(&commit.id, old)?.is_none()
                    {
                        moved = true;
                        break;
                    }
                }
                if moved {
                    break;
                }
            }
            if moved {
                drop.insert(later);
            }
        }
        let mut i = 0;
        found.retain(|_| {
            i += 1;
            !drop.contains(&(i - 1))
        });
        Ok(())
    }

    fn scan_messages(&self, engine: &Engine, shared: &Shared) {
        let commits = self.history.commits.par_iter().enumerate().map(|(n, c)| {
            let order = u32::try_from(n).unwrap_or(u32::MAX);
            (
                order,
                &c.message[..],
                info(c),
                "(commit message)".to_string(),
            )
        });
        let found: Vec<Located> = commits
            .chain(self.history.tags.par_iter().map(|t| {
                (
                    u32::MAX,
                    &t.message[..],
                    tag_info(t),
                    format!("(tag {} message)", t.name),
                )
            }))
            .map_init(
                || (Scratch::default(), Vec::new()),
                |(scratch, matches), (order, text, info, path)| {
                    let mut out = Vec::new();
                    scan_text(
                        engine,
                        text,
                        &path,
                        &LineMap::Offset(1),
                        scratch,
                        matches,
                        &mut out,
                    );
                    shared.record_limits(
                        engine,
                        scratch.limits_hit(),
                        &path,
                        || format!("in object {}", info.commit),
                        "message",
                    );
                    for f in &mut out {
                        f.commit = Some(info.clone());
                    }
                    shared.stats.files.fetch_add(1, Ordering::Relaxed);
                    shared
                        .stats
                        .bytes
                        .fetch_add(text.len() as u64, Ordering::Relaxed);
                    out.into_iter()
                        .map(move |f| (order, u32::MAX, f))
                        .collect::<Vec<_>>()
                },
            )
            .flatten()
            .collect();
        if let Ok(mut all) = shared.findings.lock() {
            all.extend(found);
        }
    }
}

/// What identifies a finding's line in a blob: the whole line, or for a very long line the
/// secret.
fn needle(f: &Finding) -> Vec<u8> {
    if f.line_text.len() < MAX_LINE_TEXT {
        f.line_text.as_bytes().to_vec()
    } else {
        f.secret.expose().as_bytes().to_vec()
    }
}

fn info(c: &Commit) -> CommitInfo {
    CommitInfo {
        commit: c.id.to_string(),
        author: c.author.clone(),
        date: c.date.clone(),
    }
}

fn tag_info(t: &Tag) -> CommitInfo {
    CommitInfo {
        commit: t.id.to_string(),
        author: t.tagger.clone(),
        date: t.date.clone(),
    }
}

/// Scans `text` as the whole content of `path`, appending findings.
fn scan_text(
    engine: &Engine,
    text: &[u8],
    path: &str,
    lines: &LineMap<'_>,
    scratch: &mut Scratch,
    matches: &mut Vec<Match>,
    out: &mut Vec<Finding>,
) {
    matches.clear();
    engine.scan(text, Some(path), scratch, matches);
    if !matches.is_empty() {
        let origin = Origin {
            path,
            key_path: path,
        };
        to_findings(engine, text, matches, origin, lines, out);
    }
}

/// Keeps, for each fingerprint, the occurrence earliest in history; sorted for output.
fn earliest(mut found: Vec<Located>) -> Vec<Located> {
    found.sort_by(|a, b| {
        (a.2.fingerprint.as_str(), a.0, a.2.line, a.2.column).cmp(&(
            b.2.fingerprint.as_str(),
            b.0,
            b.2.line,
            b.2.column,
        ))
    });
    found.dedup_by(|later, first| later.2.fingerprint == first.2.fingerprint);
    found
}

#[derive(Default)]
struct Shared {
    findings: Mutex<Vec<Located>>,
    problems: Mutex<Vec<Problem>>,
    stats: AtomicStats,
}

impl Shared {
    /// Counts and reports the limits the scan of one blob or message hit (rare, so the lock
    /// is taken only then).
    /// `context` is built only then too: this runs for every blob.
    fn record_limits(
        &self,
        engine: &Engine,
        hits: LimitHits,
        path: &str,
        context: impl FnOnce() -> String,
        unit: &str,
    ) {
        if !hits.any() {
            return;
        }
        let context = context();
        let mut stats = Stats::default();
        let mut problems = Vec::new();
        record_limits(
            hits,
            engine.limits(),
            std::path::Path::new(path),
            (Some(&context), unit),
            &mut stats,
            &mut problems,
        );
        let s = &self.stats;
        s.limit_decode_depth
            .fetch_add(stats.limit_decode_depth, Ordering::Relaxed);
        s.limit_long_lines
            .fetch_add(stats.limit_long_lines, Ordering::Relaxed);
        s.limit_time_budget
            .fetch_add(stats.limit_time_budget, Ordering::Relaxed);
        if let Ok(mut p) = self.problems.lock() {
            p.extend(problems);
        }
    }
}

#[derive(Default)]
struct AtomicStats {
    files: AtomicU64,
    bytes: AtomicU64,
    skipped_binary: AtomicU64,
    skipped_large: AtomicU64,
    limit_decode_depth: AtomicU64,
    limit_long_lines: AtomicU64,
    limit_time_budget: AtomicU64,
}

impl AtomicStats {
    fn into_stats(self) -> Stats {
        Stats {
            files: self.files.into_inner(),
            bytes: self.bytes.into_inner(),
            skipped_binary: self.skipped_binary.into_inner(),
            skipped_large: self.skipped_large.into_inner(),
            limit_decode_depth: self.limit_decode_depth.into_inner(),
            limit_long_lines: self.limit_long_lines.into_inner(),
            limit_time_budget: self.limit_time_budget.into_inner(),
            ..Stats::default()
        }
    }
}

/// Per-thread state of the blob scan (cloned by the pack traversal for each thread).
struct Worker<'a> {
    engine: &'a Engine,
    history: &'a History,
    shared: &'a Shared,
    seen: &'a SeenLines,
    recorded: &'a [AtomicBool],
    lines: LineScratch,
    on_blob: &'a (dyn Fn() + Sync),
    max_file_size: u64,
    scratch: Scratch,
    matches: Vec<Match>,
    buf: Vec<Finding>,
}

impl Clone for Worker<'_> {
    fn clone(&self) -> Self {
        Worker {
            scratch: Scratch::default(),
            lines: LineScratch::default(),
            matches: Vec::new(),
            buf: Vec::new(),
            ..*self
        }
    }
}

impl Worker<'_> {
    fn scan_blob(&mut self, id: &gix::oid, data: &[u8], delta: Option<&Delta<'_>>) {
        (self.on_blob)();
        let Some(index) = self.history.blob_index(id) else {
            return;
        };
        let origin = &self.history.blobs[index];
        let stats = &self.shared.stats;
        if data.len() as u64 > self.max_file_size {
            stats.skipped_large.fetch_add(1, Ordering::Relaxed);
            if let Ok(mut p) = self.shared.problems.lock() {
                p.push(Problem::too_large(
                    self.history.path(origin),
                    &format!("blob {id} of {} bytes", data.len()),
                    self.max_file_size,
                ));
            }
            return;
        }
        let utf16;
        let mut copied = delta.map(|d| (d.copies, d.base_len));
        let mut decoded = false;
        let text = if is_binary(data) {
            match decode_utf16(data) {
                Some(t) => {
                    // The delta describes the raw bytes, not the decoded text.
                    copied = None;
                    decoded = true;
                    utf16 = t;
                    utf16.as_bytes()
                }
                None => {
                    stats.skipped_binary.fetch_add(1, Ordering::Relaxed);
                    return;
                }
            }
        } else {
            data
        };
        stats.files.fetch_add(1, Ordering::Relaxed);
        stats.bytes.fetch_add(text.len() as u64, Ordering::Relaxed);
        self.buf.clear();
        let selection = self
            .seen
            .select(origin.path_id as usize, text, copied, &mut self.lines);
        if !decoded {
            // Every line of the raw blob is now in its path's set: deltas against it may skip
            // what they copy.
            self.recorded[index].store(true, Ordering::Release);
        }
        let (text, lines) = match selection {
            Selection::None => return,
            Selection::All => (text, LineMap::Offset(1)),
            Selection::Some => (&self.lines.text[..], LineMap::Table(&self.lines.table)),
        };
        scan_text(
            self.engine,
            text,
            self.history.path(origin),
            &lines,
            &mut self.scratch,
            &mut self.matches,
            &mut self.buf,
        );
        self.shared.record_limits(
            self.engine,
            self.scratch.limits_hit(),
            self.history.path(origin),
            || format!("in blob {id}"),
            "blob",
        );
        if self.buf.is_empty() {
            return;
        }
        let commit = self.history.commits.get(origin.commit as usize).map(info);
        if let Ok(mut all) = self.shared.findings.lock() {
            all.extend(self.buf.drain(..).map(|mut f| {
                f.commit.clone_from(&commit);
                (origin.commit, origin.path_id, f)
            }));
        }
    }
}
