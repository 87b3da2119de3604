//! The keyword prefilter: where in a buffer does any rule keyword occur?
//!
//! All keywords (ASCII case-insensitive) form one Aho-Corasick DFA. A DFA step is a load that
//! depends on the previous step, so a single scan is bound by memory latency (~400 MB/s per
//! core with a few hundred keywords). The buffer is therefore cut at line ends into four
//! segments walked in lockstep: four independent chains the CPU overlaps, nearly doubling
//! throughput. Keywords never contain a newline, so no occurrence spans a cut.
//!
//! The result is only the end offsets of keyword occurrences; the engine then searches each
//! line holding one with the full (overlapping) automaton to learn which keywords they were.

use aho_corasick::automaton::{Automaton, StateID};
use aho_corasick::dfa::DFA;
use aho_corasick::{Anchored, MatchKind};

/// Buffers shorter than this are scanned as one stream (the split is not worth it).
const SPLIT_MIN: usize = 1024;

/// The lockstep keyword DFA.
#[derive(Debug)]
pub struct Prefilter {
    dfa: DFA,
    start: StateID,
}

impl Prefilter {
    /// Builds the DFA over lower-cased, de-duplicated keywords; `None` if it would be too
    /// large (the engine then falls back to the NFA, slower but complete).
    pub fn new(keywords: &[Vec<u8>]) -> Option<Prefilter> {
        let dfa = aho_corasick::dfa::Builder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .prefilter(false)
            .build(keywords)
            .ok()?;
        let start = dfa.start_state(Anchored::No).ok()?;
        Some(Prefilter { dfa, start })
    }

    /// Appends to `ends` the end offset of every keyword occurrence in `bytes`, ascending.
    pub fn occurrences(&self, bytes: &[u8], ends: &mut Vec<usize>) {
        let first = ends.len();
        if bytes.len() < SPLIT_MIN {
            self.single(bytes, 0, ends);
            return;
        }
        let cuts = split_points(bytes);
        let seg = |k: usize| &bytes[cuts[k]..cuts[k + 1]];
        let (a, b, c, d) = (seg(0), seg(1), seg(2), seg(3));
        let common = a.len().min(b.len()).min(c.len()).min(d.len());
        let mut s = [self.start; 4];
        let dfa = &self.dfa;
        for (i, (((&x0, &x1), &x2), &x3)) in a.iter().zip(b).zip(c).zip(d).take(common).enumerate()
        {
            s[0] = dfa.next_state(Anchored::No, s[0], x0);
            s[1] = dfa.next_state(Anchored::No, s[1], x1);
            s[2] = dfa.next_state(Anchored::No, s[2], x2);
            s[3] = dfa.next_state(Anchored::No, s[3], x3);
            if dfa.is_special(s[0])
                | dfa.is_special(s[1])
                | dfa.is_special(s[2])
                | dfa.is_special(s[3])
            {
                for (k, &st) in s.iter().enumerate() {
                    if dfa.is_match(st) {
                        ends.push(cuts[k] + i + 1);
                    }
                }
            }
        }
        for (k, &state) in s.iter().enumerate() {
            let tail = &bytes[cuts[k] + common..cuts[k + 1]];
            self.resume(tail, cuts[k] + common, state, ends);
        }
        ends[first..].sort_unstable();
    }

    fn single(&self, bytes: &[u8], base: usize, ends: &mut Vec<usize>) {
        self.resume(bytes, base, self.start, ends);
    }

    fn resume(&self, bytes: &[u8], base: usize, mut state: StateID, ends: &mut Vec<usize>) {
        let dfa = &self.dfa;
        for (i, &x) in bytes.iter().enumerate() {
            state = dfa.next_state(Anchored::No, state, x);
            if dfa.is_special(state) && dfa.is_match(state) {
                ends.push(base + i + 1);
            }
        }
    }
}

/// Five offsets cutting `bytes` into four segments, each cut just after a newline (a cut
/// falls back to the end of the buffer when there is no newline after the quarter mark).
fn split_points(bytes: &[u8]) -> [usize; 5] {
    let n = bytes.len();
    let mut cuts = [0, n, n, n, n];
    for k in 1..4 {
        let from = (n * k / 4).max(cuts[k - 1]);
        cuts[k] = memchr::memchr(b'\n', &bytes[from..]).map_or(n, |i| from + i + 1);
    }
    cuts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lockstep_finds_the_same_occurrences_as_a_plain_scan() {
        let kws: Vec<Vec<u8>> = ["token", "ghp_", "oken", "xoxb-"]
            .iter()
            .map(|k| k.as_bytes().to_vec())
            .collect();
        let p = Prefilter::new(&kws).unwrap();
        let mut text = String::new();
        for i in 0..500 {
            text.push_str(&format!(
                "line {i} has {}\n",
                if i % 37 == 0 {
                    "TOKEN ghp_x xoxb-1"
                } else {
                    "nothing"
                }
            ));
        }
        let mut fast = Vec::new();
        p.occurrences(text.as_bytes(), &mut fast);
        let mut slow = Vec::new();
        p.single(text.as_bytes(), 0, &mut slow);
        assert!(!slow.is_empty());
        assert_eq!(fast, slow);
        let lower = text.to_ascii_lowercase();
        assert_eq!(
            slow.len(),
            lower.matches("token").count()
                + lower.matches("ghp_").count()
                + lower.matches("xoxb-").count()
        );
    }

    #[test]
    fn split_points_fall_after_newlines() {
        let text = b"aaaa\nbbbb\ncccc\ndddd\n";
        assert_eq!(split_points(text), [0, 10, 15, 20, 20]);
        assert_eq!(split_points(b"no newline at all"), [0, 17, 17, 17, 17]);
    }
}
