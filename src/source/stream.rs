//! Streams (standard input, and files too large to hold in memory at once): scanned in
//! chunks cut at line ends, so memory stays bounded however much comes in. A line longer than
//! a chunk is cut; a secret that straddles such a cut may be missed, the price of bounded
//! memory.

use std::io::{ErrorKind, Read};

use crate::engine::{Engine, LimitHits, Scratch};
use crate::finding::Finding;
use crate::scan::Stats;
use crate::source::fs::{decode_utf16, is_binary};
use crate::source::{LineMap, Origin, to_findings};

/// Size of one chunk of a stream.
pub const CHUNK: usize = 8 << 20;

/// What the engine's time budget bounds in a stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Budget {
    /// The whole stream: a file, whose size `--max-file-size` already bounds.
    PerFile,
    /// Each chunk: standard input, which may be endless (`git log -p | vigil scan -`), so a
    /// budget for the whole would cut a legitimate large input short.
    PerChunk,
}

/// Scans `reader` as the content of `origin`, adding to `findings` and `stats`; returns the
/// limits the engine hit in any chunk.
///
/// # Errors
/// A read error other than an interruption.
pub fn scan_stream(
    engine: &Engine,
    mut reader: impl Read,
    origin: Origin<'_>,
    budget: Budget,
    findings: &mut Vec<Finding>,
    stats: &mut Stats,
) -> std::io::Result<LimitHits> {
    let mut hits = LimitHits::default();
    let mut begun = false;
    let mut scratch = Scratch::default();
    let mut matches = Vec::new();
    let mut buf: Vec<u8> = Vec::with_capacity(64 << 10);
    let mut first_line = 1usize;
    let mut eof = false;
    let mut first_chunk = true;
    while !eof {
        eof = fill(&mut reader, &mut buf, CHUNK)?;
        if first_chunk {
            if is_binary(&buf) {
                match decode_utf16(&buf) {
                    Some(text) if eof => buf = text.into_bytes(),
                    _ => {
                        stats.skipped_binary += 1;
                        return Ok(hits);
                    }
                }
            }
            stats.files += 1;
            first_chunk = false;
        }
        let cut = if eof {
            buf.len()
        } else {
            memchr::memrchr(b'\n', &buf).map_or(buf.len(), |i| i + 1)
        };
        matches.clear();
        let chunk = &buf[..cut];
        if budget == Budget::PerChunk || !begun {
            engine.scan(chunk, Some(origin.key_path), &mut scratch, &mut matches);
            begun = true;
        } else {
            engine.scan_continued(chunk, Some(origin.key_path), &mut scratch, &mut matches);
        }
        hits.merge(scratch.limits_hit());
        to_findings(
            engine,
            chunk,
            &matches,
            origin,
            &LineMap::Offset(first_line),
            findings,
        );
        stats.bytes += cut as u64;
        first_line += memchr::memchr_iter(b'\n', chunk).count();
        buf.drain(..cut);
    }
    Ok(hits)
}

/// Reads until `buf` holds `limit` bytes or the stream ends; returns true at end of stream.
fn fill(reader: &mut impl Read, buf: &mut Vec<u8>, limit: usize) -> std::io::Result<bool> {
    let mut tmp = [0u8; 64 << 10];
    while buf.len() < limit {
        let want = (limit - buf.len()).min(tmp.len());
        match reader.read(&mut tmp[..want]) {
            Ok(0) => return Ok(true),
            Ok(n) => buf.extend_from_slice(&tmp[..n]),
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(false)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::RuleSet;

    #[test]
    fn lines_are_counted_across_chunks() {
        let mut set = RuleSet::default();
        set.add_file(
            "t.toml",
            "[[rules]]\nid = \"d\"\ndescription = \"d\"\nregex = '''demo_[a-z0-9]{8}'''\nkeywords = [\"demo_\"]\nseverity = \"high\"\n",
            true,
        )
        .unwrap();
        let engine = Engine::new(set).unwrap();
        let line = "filler line that is not interesting at all\n";
        let mut text = line.repeat(CHUNK / line.len() + 10);
        text.push_str("x = demo_a1b2c3d4\n");
        let expected_line = text.lines().count();
        let (mut findings, mut stats) = (Vec::new(), Stats::default());
        let origin = Origin {
            path: "big",
            key_path: "big",
        };
        scan_stream(
            &engine,
            text.as_bytes(),
            origin,
            Budget::PerFile,
            &mut findings,
            &mut stats,
        )
        .unwrap();
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].line, expected_line);
        assert_eq!(stats.bytes, text.len() as u64);
    }
}
