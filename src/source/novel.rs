//! Lines not seen before at a path, for the history audit.
//!
//! Most of a repository's history is the same lines again: a 400 KB changelog in 2,000
//! versions is 800 MB of blobs but a few hundred KB of distinct lines. The audit therefore
//! scans, for each blob, only the lines that no other blob at the same path had (plus
//! [`CONTEXT`] lines around them, so that a match spanning a few lines still sees them), which
//! finds every line-local secret that a scan of each whole blob would find: a line already
//! seen at that path gives the same finding, with the same fingerprint, as where it was seen.
//! Runs of selected lines are separated by an empty line, so a match cannot join two runs.

use std::collections::HashSet;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::Mutex;

/// Unchanged lines kept on each side of a new line.
pub const CONTEXT: usize = 2;

/// What [`SeenLines::select`] chose.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Selection {
    /// Every line is new: scan the text as it is.
    All,
    /// Some lines are new: scan the selected buffer.
    Some,
    /// Nothing new.
    None,
}

/// The line hashes seen so far, one set per path.
#[derive(Debug)]
pub struct SeenLines {
    sets: Vec<Mutex<HashSet<u64, BuildHasherDefault<Identity>>>>,
}

/// Per-thread buffers for [`SeenLines::select`].
#[derive(Debug, Default)]
pub struct LineScratch {
    spans: Vec<(usize, usize)>,
    hashes: Vec<u64>,
    novel: Vec<bool>,
    /// The selected lines, joined with `\n`.
    pub text: Vec<u8>,
    /// For each line of `text`, its 1-based line number in the blob.
    pub table: Vec<usize>,
}

impl SeenLines {
    /// Empty sets for `paths` paths.
    pub fn new(paths: usize) -> SeenLines {
        SeenLines {
            sets: (0..paths).map(|_| Mutex::default()).collect(),
        }
    }

    /// Records the lines of `text` at path `path` and selects the new ones (with context)
    /// into `scratch.text` / `scratch.table`.
    pub fn select(&self, path: usize, text: &[u8], scratch: &mut LineScratch) -> Selection {
        scratch.spans.clear();
        scratch.hashes.clear();
        // One pass: find each line end and hash the line while it is in cache.
        let mut start = 0;
        for end in memchr::memchr_iter(b'\n', text) {
            scratch.spans.push((start, end));
            scratch.hashes.push(line_hash(&text[start..end]));
            start = end + 1;
        }
        if start < text.len() {
            scratch.spans.push((start, text.len()));
            scratch.hashes.push(line_hash(&text[start..]));
        }
        scratch.novel.clear();
        match self.sets.get(path).map(Mutex::lock) {
            Some(Ok(mut set)) => {
                // No `reserve`: most lines are already in the set, and reserving for all of
                // them would double large sets long before they fill.
                scratch
                    .novel
                    .extend(scratch.hashes.iter().map(|h| set.insert(*h)));
            }
            _ => scratch.novel.resize(scratch.hashes.len(), true),
        }
        let new_lines = scratch.novel.iter().filter(|&&n| n).count();
        if new_lines == scratch.novel.len() {
            return Selection::All;
        }
        if new_lines == 0 {
            return Selection::None;
        }
        scratch.text.clear();
        scratch.table.clear();
        let n = scratch.spans.len();
        let mut last_novel: Option<usize> = None;
        let mut next_novel = scratch.novel.iter().position(|&x| x);
        let mut prev_kept: Option<usize> = None;
        for i in 0..n {
            if scratch.novel[i] {
                last_novel = Some(i);
                next_novel = scratch.novel[i + 1..]
                    .iter()
                    .position(|&x| x)
                    .map(|p| p + i + 1);
            }
            let near = last_novel.is_some_and(|l| i - l <= CONTEXT)
                || next_novel.is_some_and(|nx| nx >= i && nx - i <= CONTEXT);
            if !near {
                continue;
            }
            if let Some(p) = prev_kept {
                scratch.text.push(b'\n');
                if p + 1 != i {
                    // An empty separator line between runs.
                    scratch.text.push(b'\n');
                    scratch.table.push(i + 1);
                }
            }
            let (s, e) = scratch.spans[i];
            scratch.text.extend_from_slice(&text[s..e]);
            scratch.table.push(i + 1);
            prev_kept = Some(i);
        }
        Selection::Some
    }
}

/// A fast 64-bit hash of a line (not cryptographic; a collision could only hide a line
/// already seen at the same path). Every byte of 1.4 GB of history goes through it, so it
/// folds 16 bytes per 64x64->128-bit multiply (the wyhash construction) and reads short lines
/// with two overlapping loads instead of a byte loop.
fn line_hash(line: &[u8]) -> u64 {
    const P0: u64 = 0x2d35_8dcc_aa6c_78a5;
    const P1: u64 = 0x8bb8_4b93_962e_acc9;
    const P2: u64 = 0x4b33_a62e_d433_d4a3;
    let len = line.len();
    let mut seed = P0 ^ mum(len as u64 ^ P2, P1);
    let (a, b) = if len <= 16 {
        if len >= 4 {
            let q = (len >> 3) << 2;
            (
                (read4(line, 0) << 32) | read4(line, q),
                (read4(line, len - 4) << 32) | read4(line, len - 4 - q),
            )
        } else if len > 0 {
            (
                (u64::from(line[0]) << 16)
                    | (u64::from(line[len >> 1]) << 8)
                    | u64::from(line[len - 1]),
                0,
            )
        } else {
            (0, 0)
        }
    } else {
        let mut i = 0;
        while len - i > 16 {
            seed = mum(read8(line, i) ^ P1, read8(line, i + 8) ^ seed);
            i += 16;
        }
        (read8(line, len - 16), read8(line, len - 8))
    };
    mum(P1 ^ len as u64, mum(a ^ P1, b ^ seed))
}

/// The 128-bit product of `a` and `b`, folded to 64 bits.
#[inline]
fn mum(a: u64, b: u64) -> u64 {
    let r = u128::from(a) * u128::from(b);
    (r as u64) ^ ((r >> 64) as u64)
}

#[inline]
fn read8(b: &[u8], i: usize) -> u64 {
    let mut w = [0u8; 8];
    w.copy_from_slice(&b[i..i + 8]);
    u64::from_le_bytes(w)
}

#[inline]
fn read4(b: &[u8], i: usize) -> u64 {
    let mut w = [0u8; 4];
    w.copy_from_slice(&b[i..i + 4]);
    u64::from(u32::from_le_bytes(w))
}

/// Keys are already hashes.
#[derive(Debug, Default)]
struct Identity(u64);

impl Hasher for Identity {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selects_new_lines_with_context() {
        let seen = SeenLines::new(2);
        let mut s = LineScratch::default();
        let v1 = b"a\nb\nc\nd\ne\nf\ng\nh\n";
        assert_eq!(seen.select(0, v1, &mut s), Selection::All);
        assert_eq!(seen.select(0, v1, &mut s), Selection::None);
        assert_eq!(
            seen.select(1, v1, &mut s),
            Selection::All,
            "sets are per path"
        );
        let v2 = b"NEW1\na\nb\nc\nd\ne\nf\ng\nh\nNEW2";
        assert_eq!(seen.select(0, v2, &mut s), Selection::Some);
        let text = String::from_utf8_lossy(&s.text).into_owned();
        assert_eq!(text, "NEW1\na\nb\n\ng\nh\nNEW2");
        assert_eq!(s.table, vec![1, 2, 3, 8, 8, 9, 10]);
    }

    #[test]
    fn hash_separates_similar_lines() {
        let lines: Vec<&[u8]> = vec![b"", b"a", b"a\0", b"abcdefgh", b"abcdefgh\0", b"abcdefgi"];
        let hashes: HashSet<u64> = lines.iter().map(|l| line_hash(l)).collect();
        assert_eq!(hashes.len(), lines.len());
        // Every length through the short-line, one-block and multi-block paths, and a
        // one-byte change at every position.
        let mut all = HashSet::new();
        for n in 0..80 {
            let base = vec![b'x'; n];
            assert!(all.insert(line_hash(&base)), "length {n}");
            for i in 0..n {
                let mut v = base.clone();
                v[i] = b'y';
                assert!(all.insert(line_hash(&v)), "length {n}, byte {i}");
            }
        }
    }
}
