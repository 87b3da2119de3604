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

use crate::git::history::Copy;

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
    candidates: Vec<(usize, usize, usize)>,
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
    ///
    /// `copied` is how `text` is stored in its pack, when it is a delta against a base blob
    /// whose lines were all recorded at this same path: (copy instructions, base size). A
    /// line that a single copy reproduces whole, with the newlines around it, is a line of
    /// the base, hence already in the set: it is neither hashed nor looked up, which spares
    /// most of the work on a file's thousandth version. The selection is the same as without.
    pub fn select(
        &self,
        path: usize,
        text: &[u8],
        copied: Option<(&[Copy], usize)>,
        scratch: &mut LineScratch,
    ) -> Selection {
        let Some(set) = self.sets.get(path) else {
            return Selection::All;
        };
        if let Some((copies, base_len)) = copied.filter(|(c, _)| !c.is_empty()) {
            return select_copied(set, text, copies, base_len, scratch);
        }
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
        match set.lock() {
            // No `reserve`: most lines are already in the set, and reserving for all of them
            // would double large sets long before they fill.
            Ok(mut set) => scratch
                .novel
                .extend(scratch.hashes.iter().map(|h| set.insert(*h))),
            Err(_) => scratch.novel.resize(scratch.hashes.len(), true),
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

/// [`SeenLines::select`] for a blob stored as a delta against a blob whose lines are all in
/// `set`: the lines a single copy instruction reproduces whole are skipped in bulk (their
/// newlines counted, not split), and only the rest is split, hashed and looked up. The
/// selection (text, line table) is exactly the one the plain path builds.
fn select_copied(
    set: &Mutex<HashSet<u64, BuildHasherDefault<Identity>>>,
    text: &[u8],
    copies: &[Copy],
    base_len: usize,
    scratch: &mut LineScratch,
) -> Selection {
    let len = text.len();
    let line_start = |i: usize| i == 0 || text[i - 1] == b'\n';
    // Lines outside the copied regions: (line index, start, end), in order.
    scratch.candidates.clear();
    let mut pos = 0;
    let mut line = 0;
    let gap = |from: usize, to: usize, line: &mut usize, out: &mut Vec<(usize, usize, usize)>| {
        let mut s = from;
        for q in memchr::memchr_iter(b'\n', &text[from..to]) {
            out.push((*line, s, from + q));
            *line += 1;
            s = from + q + 1;
        }
        if s < to {
            out.push((*line, s, to));
            *line += 1;
        }
    };
    for c in copies {
        let Some(end) = c
            .target
            .checked_add(c.len)
            .filter(|&e| e <= len && c.len > 0)
        else {
            continue;
        };
        // Whole lines inside the copy: from its start when the base starts there too,
        // otherwise after its first newline; up to its last newline, or to its end when the
        // base ends there too and a line ends there.
        let covered_start = if c.base == 0 && line_start(c.target) {
            c.target
        } else {
            match memchr::memchr(b'\n', &text[c.target..end]) {
                Some(q) => c.target + q + 1,
                None => continue,
            }
        };
        // (A copy ending in a newline at the base's end ends no further line: the base has
        // no empty last line.)
        let covered_end = if c.base + c.len == base_len
            && text[end - 1] != b'\n'
            && (end == len || text[end] == b'\n')
        {
            (end + 1).min(len)
        } else {
            match memchr::memrchr(b'\n', &text[c.target..end]) {
                Some(q) => c.target + q + 1,
                None => continue,
            }
        };
        let covered_start = covered_start.max(pos);
        if covered_start >= covered_end {
            continue;
        }
        gap(pos, covered_start, &mut line, &mut scratch.candidates);
        let region = &text[covered_start..covered_end];
        line += memchr::memchr_iter(b'\n', region).count();
        if covered_end == len && region.last() != Some(&b'\n') {
            line += 1;
        }
        pos = covered_end;
    }
    gap(pos, len, &mut line, &mut scratch.candidates);
    let lines = line;
    scratch.novel.clear();
    match set.lock() {
        Ok(mut set) => scratch.novel.extend(
            scratch
                .candidates
                .iter()
                .map(|&(_, s, e)| set.insert(line_hash(&text[s..e]))),
        ),
        Err(_) => scratch.novel.resize(scratch.candidates.len(), true),
    }
    let new_lines = scratch.novel.iter().filter(|&&n| n).count();
    if new_lines == lines {
        return Selection::All;
    }
    if new_lines == 0 {
        return Selection::None;
    }
    scratch.text.clear();
    scratch.table.clear();
    // The last line written: (index, where the next line starts).
    let mut last: Option<(usize, usize)> = None;
    for (&(i, s, _), _) in scratch
        .candidates
        .iter()
        .zip(&scratch.novel)
        .filter(|(_, n)| **n)
    {
        let first = i.saturating_sub(CONTEXT);
        let (mut next, mut at) = match last {
            Some((l, at)) if l + 1 >= first => (l + 1, at),
            _ => {
                // Walk back from the novel line to the first line of its context.
                let mut at = s;
                for _ in first..i {
                    at = memchr::memrchr(b'\n', &text[..at - 1]).map_or(0, |q| q + 1);
                }
                (first, at)
            }
        };
        let last_line = (i + CONTEXT).min(lines - 1);
        while next <= last_line {
            let e = memchr::memchr(b'\n', &text[at..]).map_or(len, |q| at + q);
            if let Some((l, _)) = last {
                scratch.text.push(b'\n');
                if l + 1 != next {
                    // An empty separator line between runs.
                    scratch.text.push(b'\n');
                    scratch.table.push(next + 1);
                }
            }
            scratch.text.extend_from_slice(&text[at..e]);
            scratch.table.push(next + 1);
            last = Some((next, e + 1));
            next += 1;
            at = e + 1;
        }
    }
    Selection::Some
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
        assert_eq!(seen.select(0, v1, None, &mut s), Selection::All);
        assert_eq!(seen.select(0, v1, None, &mut s), Selection::None);
        assert_eq!(
            seen.select(1, v1, None, &mut s),
            Selection::All,
            "sets are per path"
        );
        let v2 = b"NEW1\na\nb\nc\nd\ne\nf\ng\nh\nNEW2";
        assert_eq!(seen.select(0, v2, None, &mut s), Selection::Some);
        let text = String::from_utf8_lossy(&s.text).into_owned();
        assert_eq!(text, "NEW1\na\nb\n\ng\nh\nNEW2");
        assert_eq!(s.table, vec![1, 2, 3, 8, 8, 9, 10]);
    }

    /// Builds targets from random pieces of random bases (copies starting and ending
    /// anywhere, inserts with and without newlines) and checks that selecting with the copy
    /// instructions gives exactly what selecting without them gives.
    #[test]
    fn copied_lines_select_the_same_as_hashed_lines() {
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut rand = move |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        let words: [&[u8]; 8] = [
            b"alpha",
            b"",
            b"beta gamma",
            b"x",
            b"delta = 1",
            b"alpha",
            b"  eps",
            b"zeta;",
        ];
        for round in 0..3000 {
            let mut base = Vec::new();
            for _ in 0..rand(12) {
                base.extend_from_slice(words[rand(words.len())]);
                base.push(b'\n');
            }
            if rand(2) == 0 {
                base.extend_from_slice(words[rand(words.len())]);
            }
            let mut target = Vec::new();
            let mut copies = Vec::new();
            for _ in 0..rand(7) {
                if rand(3) > 0 && !base.is_empty() {
                    let a = rand(base.len());
                    let b = a + 1 + rand(base.len() - a);
                    copies.push(Copy {
                        target: target.len(),
                        len: b - a,
                        base: a,
                    });
                    target.extend_from_slice(&base[a..b]);
                } else {
                    target.extend_from_slice(words[rand(words.len())]);
                    if rand(2) == 0 {
                        target.push(b'\n');
                    }
                }
            }
            let plain = SeenLines::new(1);
            let delta = SeenLines::new(1);
            let (mut s1, mut s2) = (LineScratch::default(), LineScratch::default());
            plain.select(0, &base, None, &mut s1);
            delta.select(0, &base, None, &mut s2);
            let a = plain.select(0, &target, None, &mut s1);
            let b = delta.select(0, &target, Some((&copies, base.len())), &mut s2);
            let shown = format!(
                "round {round}: base {:?} target {:?} copies {copies:?}",
                String::from_utf8_lossy(&base),
                String::from_utf8_lossy(&target)
            );
            assert_eq!(a, b, "{shown}");
            if a == Selection::Some {
                assert_eq!(
                    String::from_utf8_lossy(&s1.text),
                    String::from_utf8_lossy(&s2.text),
                    "{shown}"
                );
                assert_eq!(s1.table, s2.table, "{shown}");
            }
            let size = |s: &SeenLines| s.sets[0].lock().map(|s| s.len()).unwrap_or(0);
            assert_eq!(size(&plain), size(&delta), "{shown}");
        }
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
