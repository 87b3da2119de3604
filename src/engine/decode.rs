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

/// Whether decoded text is public material: a PEM block that is not a private key
/// (certificates, CSRs, CRLs, public keys, PGP public key blocks), an SSH public key line or
/// an age recipient. Such values (a Secret's `ca.crt`, a kubeconfig's
/// `certificate-authority-data`) are published by design and never reported.
pub fn is_public_material(text: &[u8]) -> bool {
    let t = text.trim_ascii_start();
    if let Some(rest) = t
        .strip_prefix(b"-----BEGIN ")
        .or_else(|| t.strip_prefix(b"---- BEGIN "))
    {
        let label_end = memchr::memchr(b'-', rest).unwrap_or(rest.len());
        let label = &rest[..label_end];
        return memchr::memmem::find(label, b"PRIVATE").is_none()
            && memchr::memmem::find(label, b"SECRET").is_none();
    }
    const SSH: &[&[u8]] = &[
        b"ssh-rsa ",
        b"ssh-ed25519 ",
        b"ssh-dss ",
        b"ecdsa-sha2-",
        b"sk-ssh-",
        b"sk-ecdsa-",
        b"age1",
    ];
    SSH.iter().any(|p| t.starts_with(p))
}

#[cfg(test)]
mod tests {
    use super::{base64_text, is_public_material};

    #[test]
    fn public_material() {
        for (text, public) in [
            ("-----BEGIN CERTIFICATE-----\nMIIB\n", true),
            ("\n-----BEGIN PUBLIC KEY-----\nMFkw\n", true),
            ("-----BEGIN PGP PUBLIC KEY BLOCK-----\n", true),
            (
                "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIM19 ops@bastion\n",
                true,
            ),
            ("-----BEGIN RSA PRIVATE KEY-----\nMIIE\n", false),
            ("-----BEGIN PGP PRIVATE KEY BLOCK-----\n", false),
            ("-----BEGIN OPENSSH PRIVATE KEY-----\n", false),
            ("Qm7!Rk2Vd9Xw#Lp4", false),
        ] {
            assert_eq!(is_public_material(text.as_bytes()), public, "{text}");
        }
    }

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
