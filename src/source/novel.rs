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
        let mut start = 0;
        for end in memchr::memchr_iter(b'\n', text) {
            scratch.spans.push((start, end));
            start = end + 1;
        }
        if start < text.len() {
            scratch.spans.push((start, text.len()));
        }
        let hashes: Vec<u64> = scratch
            .spans
            .iter()
            .map(|&(s, e)| line_hash(&text[s..e]))
            .collect();
        scratch.novel.clear();
        match self.sets.get(path).map(Mutex::lock) {
            Some(Ok(mut set)) => {
                set.reserve(hashes.len());
                scratch.novel.extend(hashes.iter().map(|h| set.insert(*h)));
            }
            _ => scratch.novel.resize(hashes.len(), true),
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
/// already seen at the same path).
fn line_hash(line: &[u8]) -> u64 {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut h = (line.len() as u64).wrapping_mul(K);
    let mut chunks = line.chunks_exact(8);
    for c in &mut chunks {
        let w = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
        h = (h.rotate_left(23) ^ w).wrapping_mul(K);
    }
    let mut tail = [0u8; 8];
    let rest = chunks.remainder();
    tail[..rest.len()].copy_from_slice(rest);
    h = (h.rotate_left(23) ^ u64::from_le_bytes(tail)).wrapping_mul(K);
    // murmur3 finaliser: spread every input bit over the output.
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
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
    }
}
