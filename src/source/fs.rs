//! Directory and file scanning: a parallel walk (`ignore`, honouring `.gitignore`) where each
//! worker thread reads and scans the files it visits, as ripgrep does, with its own engine
//! scratch and buffers. Results are merged once per thread when the walk ends.
//!
//! Only regular files are opened: FIFOs, sockets and devices are reported and skipped (opening
//! a FIFO would block), symlinks are not followed unless asked, files over the size limit are
//! reported and skipped, and binary files (a NUL byte in the first 8 KiB) are counted and
//! skipped. UTF-16 files with a byte-order mark are transcoded and scanned.

use std::fs::File;
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use ignore::{DirEntry, ParallelVisitor, ParallelVisitorBuilder, WalkBuilder, WalkState};

use crate::config::{ScanConfig, repo_root};
use crate::engine::{Engine, Match, Scratch};
use crate::error::{Error, Result};
use crate::finding::Finding;
use crate::scan::{Problem, ScanOutcome, Stats, record_limits};
use crate::source::{LineMap, Origin, stream, to_findings};

/// Bytes inspected for a NUL to decide a file is binary (as git does).
const BINARY_SNIFF: usize = 8000;

/// Scans every path of `config`.
///
/// # Errors
/// A path given on the command line does not exist.
pub fn scan_tree(engine: &Engine, config: &ScanConfig) -> Result<ScanOutcome> {
    let Some((first, rest)) = config.paths.split_first() else {
        return Ok(ScanOutcome::default());
    };
    let mut roots = Vec::new();
    for p in config.paths.iter() {
        std::fs::symlink_metadata(p).map_err(|e| Error::io(p, e))?;
        roots.push(Root::new(p));
    }
    let mut builder = WalkBuilder::new(first);
    for p in rest {
        builder.add(p);
    }
    builder
        .hidden(false)
        .parents(config.respect_ignore)
        .ignore(config.respect_ignore)
        .git_ignore(config.respect_ignore)
        .git_global(config.respect_ignore)
        .git_exclude(config.respect_ignore)
        .require_git(false)
        .follow_links(config.follow_symlinks)
        .threads(config.threads)
        .filter_entry(|e| e.file_name() != ".git");
    let shared = Shared {
        engine,
        config,
        roots: &roots,
        results: Mutex::new(ScanOutcome::default()),
    };
    builder
        .build_parallel()
        .visit(&mut VisitorFactory { shared: &shared });
    Ok(shared
        .results
        .into_inner()
        .unwrap_or_else(|p| p.into_inner()))
}

/// A path given by the user, with the prefix that makes its files repository-relative.
struct Root {
    path: PathBuf,
    key_prefix: String,
}

impl Root {
    fn new(path: &Path) -> Root {
        let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        let base = repo_root(path).unwrap_or_else(|| {
            if abs.is_dir() {
                abs.clone()
            } else {
                abs.parent().map_or(abs.clone(), Path::to_path_buf)
            }
        });
        let rel = abs.strip_prefix(&base).unwrap_or(Path::new(""));
        Root {
            path: path.to_path_buf(),
            key_prefix: slash_path(rel),
        }
    }

    /// The repository-relative path of `file` under this root, if it is under it.
    fn key_path(&self, file: &Path) -> Option<String> {
        let rel = file.strip_prefix(&self.path).ok()?;
        let rel = slash_path(rel);
        Some(match (self.key_prefix.is_empty(), rel.is_empty()) {
            (true, _) => rel,
            (false, true) => self.key_prefix.clone(),
            (false, false) => format!("{}/{rel}", self.key_prefix),
        })
    }
}

fn slash_path(p: &Path) -> String {
    let s = p.to_string_lossy();
    let s = s.strip_prefix("./").unwrap_or(&s);
    if std::path::MAIN_SEPARATOR == '/' {
        s.to_string()
    } else {
        s.replace('\\', "/")
    }
}

/// The path as shown to the user: as walked, without a leading `./`.
pub fn display_path(p: &Path) -> String {
    let s = p.to_string_lossy();
    s.strip_prefix("./").unwrap_or(&s).to_string()
}

struct Shared<'a> {
    engine: &'a Engine,
    config: &'a ScanConfig,
    roots: &'a [Root],
    results: Mutex<ScanOutcome>,
}

struct VisitorFactory<'s, 'a> {
    shared: &'s Shared<'a>,
}

impl<'s, 'a: 's> ParallelVisitorBuilder<'s> for VisitorFactory<'s, 'a> {
    fn build(&mut self) -> Box<dyn ParallelVisitor + 's> {
        Box::new(Worker {
            shared: self.shared,
            state: FileScanner::default(),
        })
    }
}

/// Per-thread state: buffers reused across files, results merged on drop.
#[derive(Default)]
pub struct FileScanner {
    scratch: Scratch,
    matches: Vec<Match>,
    buf: Vec<u8>,
    /// Findings of this thread.
    pub findings: Vec<Finding>,
    /// Counters of this thread.
    pub stats: Stats,
    /// Problems of this thread.
    pub problems: Vec<Problem>,
}

struct Worker<'s, 'a> {
    shared: &'s Shared<'a>,
    state: FileScanner,
}

impl ParallelVisitor for Worker<'_, '_> {
    fn visit(&mut self, entry: std::result::Result<DirEntry, ignore::Error>) -> WalkState {
        match entry {
            Ok(entry) => self.visit_entry(&entry),
            Err(err) => self.state.problems.push(walk_problem(&err)),
        }
        WalkState::Continue
    }
}

impl Worker<'_, '_> {
    fn visit_entry(&mut self, entry: &DirEntry) {
        let Some(ft) = entry.file_type() else { return };
        if ft.is_dir() {
            return;
        }
        let path = entry.path();
        if ft.is_symlink() {
            self.state.stats.skipped_symlinks += 1;
            return;
        }
        if !ft.is_file() {
            self.state.skip_special(path);
            return;
        }
        let key = self
            .shared
            .roots
            .iter()
            .filter_map(|r| r.key_path(path))
            .next()
            .unwrap_or_else(|| display_path(path));
        self.state.scan_file(
            self.shared.engine,
            path,
            &key,
            self.shared.config.max_file_size,
        );
    }
}

impl Drop for Worker<'_, '_> {
    fn drop(&mut self) {
        let mut all = self
            .shared
            .results
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        all.findings.append(&mut self.state.findings);
        all.problems.append(&mut self.state.problems);
        all.stats.merge(&self.state.stats);
    }
}

impl FileScanner {
    fn skip_special(&mut self, path: &Path) {
        self.stats.skipped_unreadable += 1;
        self.problems.push(Problem::new(
            path,
            "not a regular file (FIFO, socket or device): skipped",
        ));
    }

    /// Reads and scans one regular file.
    pub fn scan_file(&mut self, engine: &Engine, path: &Path, key_path: &str, max_size: u64) {
        match self.read(path, max_size) {
            Ok(Read::Whole) => {}
            Ok(Read::Skipped) => return,
            Ok(Read::Stream(file)) => {
                let display = display_path(path);
                let origin = Origin {
                    path: &display,
                    key_path,
                };
                match stream::scan_stream(
                    engine,
                    file,
                    origin,
                    stream::Budget::PerFile,
                    &mut self.findings,
                    &mut self.stats,
                ) {
                    Ok(hits) => record_limits(
                        hits,
                        engine.limits(),
                        path,
                        (None, "file"),
                        &mut self.stats,
                        &mut self.problems,
                    ),
                    Err(e) => {
                        self.stats.skipped_unreadable += 1;
                        self.problems
                            .push(Problem::new(path, format!("cannot read: {e}")));
                    }
                }
                return;
            }
            Err(e) => {
                self.stats.skipped_unreadable += 1;
                self.problems.push(Problem::new(path, e));
                return;
            }
        }
        if is_binary(&self.buf) {
            if let Some(text) = decode_utf16(&self.buf) {
                self.buf = text.into_bytes();
            } else {
                self.stats.skipped_binary += 1;
                return;
            }
        }
        self.stats.files += 1;
        self.stats.bytes += self.buf.len() as u64;
        let display = display_path(path);
        self.scan_buffer(
            engine,
            Origin {
                path: &display,
                key_path,
            },
            &LineMap::Offset(1),
        );
        record_limits(
            self.scratch.limits_hit(),
            engine.limits(),
            path,
            (None, "file"),
            &mut self.stats,
            &mut self.problems,
        );
    }

    /// Scans `self.buf` as the content of `origin`.
    fn scan_buffer(&mut self, engine: &Engine, origin: Origin<'_>, lines: &LineMap<'_>) {
        self.matches.clear();
        engine.scan(
            &self.buf,
            Some(origin.key_path),
            &mut self.scratch,
            &mut self.matches,
        );
        if !self.matches.is_empty() {
            to_findings(
                engine,
                &self.buf,
                &self.matches,
                origin,
                lines,
                &mut self.findings,
            );
        }
    }

    /// Reads `path` into the buffer, or hands back the open file when it is too large to hold
    /// in memory at once.
    fn read(&mut self, path: &Path, max_size: u64) -> std::result::Result<Read, String> {
        let file = File::open(path).map_err(|e| format!("cannot open: {e}"))?;
        let meta = file.metadata().map_err(|e| format!("cannot stat: {e}"))?;
        if !meta.is_file() {
            self.skip_special(path);
            return Ok(Read::Skipped);
        }
        if meta.len() > max_size {
            self.stats.skipped_large += 1;
            self.problems.push(Problem::too_large(
                path,
                &format!("{} bytes", meta.len()),
                max_size,
            ));
            return Ok(Read::Skipped);
        }
        if meta.len() > stream::CHUNK as u64 {
            return Ok(Read::Stream(file));
        }
        self.buf.clear();
        file.take(max_size + 1)
            .read_to_end(&mut self.buf)
            .map_err(|e| format!("cannot read: {e}"))?;
        Ok(Read::Whole)
    }
}

/// What [`FileScanner::read`] did with a file.
enum Read {
    /// The content is in the buffer.
    Whole,
    /// Skipped and recorded.
    Skipped,
    /// Too large to buffer: scan it as a stream.
    Stream(File),
}

fn walk_problem(err: &ignore::Error) -> Problem {
    let path = err_path(err).unwrap_or_default();
    let reason = match err.io_error() {
        Some(io) => io.to_string(),
        None => err.to_string(),
    };
    Problem::new(path, reason)
}

fn err_path(err: &ignore::Error) -> Option<PathBuf> {
    match err {
        ignore::Error::WithPath { path, .. } => Some(path.clone()),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            err_path(err)
        }
        ignore::Error::Loop { child, .. } => Some(child.clone()),
        ignore::Error::Partial(errs) => errs.first().and_then(err_path),
        _ => None,
    }
}

/// A NUL byte near the start means binary, except for UTF-16 text with a byte-order mark.
pub fn is_binary(bytes: &[u8]) -> bool {
    memchr::memchr(0, &bytes[..bytes.len().min(BINARY_SNIFF)]).is_some()
}

/// Decodes UTF-16 (with a BOM) to UTF-8; `None` if `bytes` is not BOM-marked UTF-16.
pub fn decode_utf16(bytes: &[u8]) -> Option<String> {
    let (le, body) = match bytes {
        [0xFF, 0xFE, rest @ ..] => (true, rest),
        [0xFE, 0xFF, rest @ ..] => (false, rest),
        _ => return None,
    };
    let units = body.chunks_exact(2).map(|c| {
        if le {
            u16::from_le_bytes([c[0], c[1]])
        } else {
            u16::from_be_bytes([c[0], c[1]])
        }
    });
    Some(
        char::decode_utf16(units)
            .map(|r| r.unwrap_or(char::REPLACEMENT_CHARACTER))
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binary_and_utf16() {
        assert!(!is_binary(b"plain text"));
        assert!(is_binary(b"\x89PNG\r\n\x1a\n\0\0"));
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("hi".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert!(is_binary(&utf16));
        assert_eq!(decode_utf16(&utf16).as_deref(), Some("hi"));
    }

    #[test]
    fn key_paths_are_root_relative() {
        let r = Root {
            path: PathBuf::from("./src"),
            key_prefix: "src".into(),
        };
        assert_eq!(
            r.key_path(Path::new("./src/a/b.rs")).as_deref(),
            Some("src/a/b.rs")
        );
        let r = Root {
            path: PathBuf::from("."),
            key_prefix: String::new(),
        };
        assert_eq!(r.key_path(Path::new("./a.rs")).as_deref(), Some("a.rs"));
    }
}
