//! Standard input (`vigil scan -`): scanned as a stream in chunks cut at line ends, so memory
//! stays bounded however much is piped in. A line longer than a chunk is cut; a secret that
//! straddles such a cut may be missed, which is the price of bounded memory.

use std::io::{ErrorKind, Read};

use crate::config::ScanConfig;
use crate::engine::{Engine, Scratch};
use crate::error::{Error, Result};
use crate::scan::ScanOutcome;
use crate::source::fs::{decode_utf16, is_binary};
use crate::source::{LineMap, Origin, to_findings};

/// Size of one chunk of a stream.
const CHUNK: usize = 8 << 20;

/// Scans `reader` as one input named `name`.
///
/// # Errors
/// A read error other than an interruption.
pub fn scan_stream(
    engine: &Engine,
    mut reader: impl Read,
    name: &str,
    _config: &ScanConfig,
) -> Result<ScanOutcome> {
    let mut out = ScanOutcome::default();
    let mut scratch = Scratch::default();
    let mut matches = Vec::new();
    let mut buf: Vec<u8> = Vec::with_capacity(64 << 10);
    let mut first_line = 1usize;
    let mut eof = false;
    let mut first_chunk = true;
    while !eof {
        eof = fill(&mut reader, &mut buf, CHUNK).map_err(|e| Error::io(name, e))?;
        if first_chunk && is_binary(&buf) {
            match decode_utf16(&buf) {
                Some(text) if eof => buf = text.into_bytes(),
                _ => {
                    out.stats.skipped_binary += 1;
                    return Ok(out);
                }
            }
        }
        if first_chunk {
            out.stats.files = 1;
            first_chunk = false;
        }
        let cut = if eof {
            buf.len()
        } else {
            memchr::memrchr(b'\n', &buf).map_or(buf.len(), |i| i + 1)
        };
        matches.clear();
        engine.scan(&buf[..cut], Some(name), &mut scratch, &mut matches);
        let origin = Origin {
            path: name,
            key_path: name,
        };
        to_findings(
            engine,
            &buf[..cut],
            &matches,
            origin,
            &LineMap::Offset(first_line),
            &mut out.findings,
        );
        out.stats.bytes += cut as u64;
        first_line += memchr::memchr_iter(b'\n', &buf[..cut]).count();
        buf.drain(..cut);
    }
    Ok(out)
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
