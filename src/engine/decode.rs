//! Decoders for values that wrap credentials (Kubernetes Secret `data`, docker `auth`).

use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};

/// Largest encoded value decoded, to bound the work on a hostile input.
const MAX_ENCODED: usize = 64 << 10;

/// Decodes standard or URL-safe base64 (padded or not) whose result is text (UTF-8 without
/// control characters other than whitespace). `None` for anything else, so binary blobs such as
/// certificates' DER bodies are not rescanned as text.
pub fn base64_text(encoded: &[u8]) -> Option<Vec<u8>> {
    let encoded = encoded.trim_ascii();
    if encoded.len() < 4 || encoded.len() > MAX_ENCODED {
        return None;
    }
    let decoded = [&STANDARD, &STANDARD_NO_PAD, &URL_SAFE, &URL_SAFE_NO_PAD]
        .iter()
        .find_map(|e| e.decode(encoded).ok())?;
    let text = std::str::from_utf8(&decoded).ok()?;
    let printable = text.chars().all(|c| !c.is_control() || c.is_whitespace());
    (printable && !text.trim().is_empty()).then_some(decoded)
}

#[cfg(test)]
mod tests {
    use super::base64_text;

    #[test]
    fn decodes_text_only() {
        assert_eq!(
            base64_text(b"dXNlcjpwYXNz").as_deref(),
            Some(b"user:pass".as_slice())
        );
        assert_eq!(
            base64_text(b"dXNlcjpwYXNzCg==").as_deref(),
            Some(b"user:pass\n".as_slice())
        );
        assert_eq!(base64_text(b"AAECAwQF"), None);
        assert_eq!(base64_text(b"not base64!"), None);
    }
}
