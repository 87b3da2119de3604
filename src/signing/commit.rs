//! Splitting a raw commit object into the signed payload and its signature, exactly as git's
//! `parse_buffer_signed_by_header` does, and reading the few header fields the policy needs.
//!
//! Owns byte-level parsing only: no cryptography, no repository access.

/// Which signature header belongs to the repository's object format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HashKind {
    /// SHA-1 repositories sign into `gpgsig`.
    Sha1,
    /// SHA-256 repositories sign into `gpgsig-sha256`.
    Sha256,
}

impl HashKind {
    fn header(self) -> &'static [u8] {
        match self {
            HashKind::Sha1 => b"gpgsig",
            HashKind::Sha256 => b"gpgsig-sha256",
        }
    }
}

/// The kind of a signature, judged from its armour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SignatureKind {
    /// An OpenPGP signature (`-----BEGIN PGP SIGNATURE-----`).
    Openpgp,
    /// An SSH signature (`-----BEGIN SSH SIGNATURE-----`, git's `gpg.format=ssh`).
    Ssh,
    /// An X.509/CMS signature (gpgsm, gitsign): recognised but not verified.
    X509,
    /// No signature, or one vigil cannot classify.
    None,
}

impl SignatureKind {
    /// The lowercase name used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            SignatureKind::Openpgp => "openpgp",
            SignatureKind::Ssh => "ssh",
            SignatureKind::X509 => "x509",
            SignatureKind::None => "none",
        }
    }

    /// Classifies a signature by its first armour line, as git's `get_format_by_sig` does.
    pub fn of(signature: &[u8]) -> SignatureKind {
        const KINDS: &[(&[u8], SignatureKind)] = &[
            (b"-----BEGIN PGP SIGNATURE-----", SignatureKind::Openpgp),
            (b"-----BEGIN PGP MESSAGE-----", SignatureKind::Openpgp),
            (b"-----BEGIN SIGNED MESSAGE-----", SignatureKind::X509),
            (b"-----BEGIN CMS-----", SignatureKind::X509),
            (b"-----BEGIN SSH SIGNATURE-----", SignatureKind::Ssh),
        ];
        KINDS
            .iter()
            .find(|(prefix, _)| signature.starts_with(prefix))
            .map_or(SignatureKind::None, |&(_, k)| k)
    }
}

/// A commit split for verification.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SignedCommit {
    /// The bytes the signer signed: the commit without its signature headers.
    pub payload: Vec<u8>,
    /// The signature (armour), empty when the commit is unsigned.
    pub signature: Vec<u8>,
}

/// Splits a raw commit object (without the `commit <size>\0` prefix) into payload and
/// signature, following git: lines of the repository's signature header and their
/// continuation lines (starting with a space) form the signature; headers of the other hash
/// algorithm's signature are dropped from the payload; everything else is the payload.
pub fn split_signature(raw: &[u8], hash: HashKind) -> SignedCommit {
    let header = hash.header();
    let mut out = SignedCommit::default();
    let (mut in_signature, mut other_signature) = (false, false);
    let mut pos = 0;
    while pos < raw.len() {
        let line = &raw[pos..];
        let mut next = memchr::memchr(b'\n', line).map_or(raw.len(), |i| pos + i + 1);
        let mut sig = None;
        if in_signature && line.first() == Some(&b' ') {
            sig = Some(pos + 1);
        } else if line.starts_with(header) && line.get(header.len()) == Some(&b' ') {
            sig = Some(pos + header.len() + 1);
            other_signature = false;
        } else if line.starts_with(b"gpgsig") {
            other_signature = true;
        } else if other_signature && line.first() != Some(&b' ') {
            other_signature = false;
        }
        if let Some(start) = sig {
            out.signature.extend_from_slice(&raw[start..next]);
            in_signature = true;
        } else {
            if line.first() == Some(&b'\n') {
                next = raw.len();
            }
            if !other_signature {
                out.payload.extend_from_slice(&raw[pos..next]);
            }
            in_signature = false;
        }
        pos = next;
    }
    out
}

/// The header fields and subject of a commit that the policy and the messages use.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CommitInfo {
    /// Parent ids (hex), in order.
    pub parents: Vec<String>,
    /// Author as `Name <email>`.
    pub author: String,
    /// Committer's email address (without the angle brackets).
    pub committer_email: String,
    /// Committer time, seconds since the epoch.
    pub committer_time: i64,
    /// First line of the message.
    pub subject: String,
}

/// Reads parents, author, committer and subject from a raw commit.
pub fn parse_info(raw: &[u8]) -> CommitInfo {
    let mut info = CommitInfo::default();
    let (head, message) = match memchr::memmem::find(raw, b"\n\n") {
        Some(i) => (&raw[..i], &raw[i + 2..]),
        None => (raw, &[][..]),
    };
    for line in head.split(|&b| b == b'\n') {
        if let Some(p) = line.strip_prefix(b"parent ") {
            info.parents.push(String::from_utf8_lossy(p).into_owned());
        } else if let Some(a) = line.strip_prefix(b"author ") {
            info.author = String::from_utf8_lossy(ident_name_email(a)).into_owned();
        } else if let Some(c) = line.strip_prefix(b"committer ") {
            let (email, time) = ident_email_time(c);
            info.committer_email = String::from_utf8_lossy(email).into_owned();
            info.committer_time = time;
        }
    }
    let subject = message.split(|&b| b == b'\n').next().unwrap_or_default();
    info.subject = String::from_utf8_lossy(subject).trim_end().to_owned();
    info
}

/// `Name <email>` part of an ident line (`Name <email> 1700000000 +0000`).
fn ident_name_email(ident: &[u8]) -> &[u8] {
    match memchr::memrchr(b'>', ident) {
        Some(i) => &ident[..=i],
        None => ident,
    }
}

/// Email and timestamp of an ident line.
fn ident_email_time(ident: &[u8]) -> (&[u8], i64) {
    let (Some(open), Some(close)) = (memchr::memrchr(b'<', ident), memchr::memrchr(b'>', ident))
    else {
        return (&[], 0);
    };
    let email = if open < close {
        &ident[open + 1..close]
    } else {
        &[][..]
    };
    let time = ident[close + 1..]
        .split(|&b| b == b' ')
        .find(|w| !w.is_empty())
        .and_then(|w| std::str::from_utf8(w).ok())
        .and_then(|w| w.parse().ok())
        .unwrap_or(0);
    (email, time)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SIGNED: &[u8] = b"tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\n\
parent 1111111111111111111111111111111111111111\n\
author A U Thor <a@example.com> 1700000000 +0100\n\
committer C O Mitter <c@example.com> 1700000100 +0100\n\
gpgsig -----BEGIN PGP SIGNATURE-----\n \n iQEz\n -----END PGP SIGNATURE-----\n\
\n\
Subject line\n\nBody\n gpgsig not a header\n";

    #[test]
    fn splits_like_git() {
        let s = split_signature(SIGNED, HashKind::Sha1);
        assert_eq!(
            s.signature,
            b"-----BEGIN PGP SIGNATURE-----\n\niQEz\n-----END PGP SIGNATURE-----\n"
        );
        let expected = b"tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\n\
parent 1111111111111111111111111111111111111111\n\
author A U Thor <a@example.com> 1700000000 +0100\n\
committer C O Mitter <c@example.com> 1700000100 +0100\n\
\n\
Subject line\n\nBody\n gpgsig not a header\n";
        assert_eq!(s.payload, expected);
        assert_eq!(SignatureKind::of(&s.signature), SignatureKind::Openpgp);
    }

    #[test]
    fn other_algorithm_header_is_dropped() {
        let raw = b"tree t\ngpgsig-sha256 -----BEGIN SSH SIGNATURE-----\n x\n -----END SSH SIGNATURE-----\nauthor a\n\nmsg\n";
        let s = split_signature(raw, HashKind::Sha1);
        assert!(s.signature.is_empty());
        assert_eq!(s.payload, b"tree t\nauthor a\n\nmsg\n");
        let s = split_signature(raw, HashKind::Sha256);
        assert_eq!(
            s.signature,
            b"-----BEGIN SSH SIGNATURE-----\nx\n-----END SSH SIGNATURE-----\n"
        );
    }

    #[test]
    fn unsigned_and_truncated() {
        for raw in [
            &b""[..],
            b"tree t",
            b"gpgsig",
            b"gpgsig x",
            b"\n\n\n",
            b" \n \n",
        ] {
            let s = split_signature(raw, HashKind::Sha1);
            assert!(s.payload.len() + s.signature.len() <= raw.len());
        }
        let s = split_signature(b"tree t\n\nmsg", HashKind::Sha1);
        assert_eq!(s.payload, b"tree t\n\nmsg");
        assert!(s.signature.is_empty());
    }

    #[test]
    fn kinds() {
        for (armour, kind) in [
            (&b"-----BEGIN SSH SIGNATURE-----\n"[..], SignatureKind::Ssh),
            (b"-----BEGIN SIGNED MESSAGE-----\n", SignatureKind::X509),
            (b"garbage", SignatureKind::None),
        ] {
            assert_eq!(SignatureKind::of(armour), kind);
        }
    }

    #[test]
    fn info() {
        let i = parse_info(SIGNED);
        assert_eq!(i.parents, ["1111111111111111111111111111111111111111"]);
        assert_eq!(i.author, "A U Thor <a@example.com>");
        assert_eq!(i.committer_email, "c@example.com");
        assert_eq!(i.committer_time, 1_700_000_100);
        assert_eq!(i.subject, "Subject line");
    }
}
