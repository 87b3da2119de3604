//! SSH signatures (git's `gpg.format=ssh`) and git's `allowed_signers` file format
//! (ssh-keygen(1), "ALLOWED SIGNERS"), verified natively with the `ssh-key` crate.
//!
//! Each line: `principals [options] keytype base64-key [comment]`. Principals are
//! comma-separated patterns (`*`, `?`, `!negation`). Supported options: `namespaces="…"`,
//! `valid-after=…`, `valid-before=…`. `cert-authority` is rejected with a clear error: a
//! certificate-based trust root cannot be judged by key equality, and silently ignoring it
//! would turn it into trusting the CA key itself.

use ssh_key::{HashAlg, PublicKey, SshSig, public::KeyData};

use super::time::parse_ssh_time;

/// One `allowed_signers` entry.
#[derive(Debug, Clone)]
pub struct AllowedSigner {
    /// Principal patterns (usually email addresses).
    pub principals: Vec<String>,
    /// Namespaces the key may sign for; `None` means any.
    pub namespaces: Option<Vec<String>>,
    /// Signatures dated before this (Unix time) are not accepted.
    pub valid_after: Option<i64>,
    /// Signatures dated after this (Unix time) are not accepted.
    pub valid_before: Option<i64>,
    /// The public key.
    pub key: KeyData,
    /// Line number in the file, for messages.
    pub line: usize,
}

/// A parsed `allowed_signers` file.
#[derive(Debug, Clone, Default)]
pub struct AllowedSigners {
    /// The entries, in file order.
    pub entries: Vec<AllowedSigner>,
}

/// Splits a line into whitespace-separated tokens; double quotes group (and are kept out).
fn tokens(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let (mut quoted, mut any) = (false, false);
    for c in line.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                any = true;
            }
            c if c.is_whitespace() && !quoted => {
                if any {
                    out.push(std::mem::take(&mut cur));
                    any = false;
                }
            }
            c => {
                cur.push(c);
                any = true;
            }
        }
    }
    if any {
        out.push(cur);
    }
    out
}

fn is_key_type(t: &str) -> bool {
    t.starts_with("ssh-") || t.starts_with("ecdsa-") || t.starts_with("sk-")
}

/// Splits an options token on commas that are outside `"…"` (already unquoted by `tokens`,
/// so `namespaces=git,file` arrives as one option whose value holds commas).
fn parse_options(opts: &str, signer: &mut AllowedSigner) -> Result<(), String> {
    let mut rest = opts;
    while !rest.is_empty() {
        let (name, tail) = rest.split_once('=').map_or((rest, ""), |(n, t)| (n, t));
        let name = name.to_ascii_lowercase();
        // A value runs to the next `,name=` or `,flag` that is a known option.
        let known = [
            ",namespaces=",
            ",valid-after=",
            ",valid-before=",
            ",cert-authority",
        ];
        let end = known
            .iter()
            .filter_map(|k| tail.to_ascii_lowercase().find(k))
            .min()
            .unwrap_or(tail.len());
        let value = &tail[..end];
        rest = tail.get(end + 1..).unwrap_or("");
        match name.as_str() {
            "cert-authority" => {
                return Err(
                    "`cert-authority` entries are not supported by vigil; list the \
                            signing keys themselves"
                        .into(),
                );
            }
            "namespaces" => {
                signer.namespaces = Some(value.split(',').map(|s| s.trim().to_owned()).collect());
            }
            "valid-after" => {
                signer.valid_after =
                    Some(parse_ssh_time(value).ok_or_else(|| bad_time("valid-after", value))?);
            }
            "valid-before" => {
                signer.valid_before =
                    Some(parse_ssh_time(value).ok_or_else(|| bad_time("valid-before", value))?);
            }
            other => return Err(format!("unknown option `{other}`")),
        }
    }
    Ok(())
}

fn bad_time(opt: &str, v: &str) -> String {
    format!("{opt}=\"{v}\" is not YYYYMMDD[HHMM[SS]][Z]")
}

impl AllowedSigners {
    /// Parses an `allowed_signers` file.
    ///
    /// # Errors
    /// `(line, message)` of the first malformed line.
    pub fn parse(text: &str) -> Result<AllowedSigners, (usize, String)> {
        let mut entries = Vec::new();
        for (i, line) in text.lines().enumerate() {
            let line_no = i + 1;
            let trimmed = line.trim();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            let toks = tokens(trimmed);
            let err = |m: String| (line_no, m);
            let Some(principals) = toks.first() else {
                continue;
            };
            let mut k = 1;
            let mut signer = AllowedSigner {
                principals: principals.split(',').map(str::to_owned).collect(),
                namespaces: None,
                valid_after: None,
                valid_before: None,
                key: KeyData::Ed25519(ssh_key::public::Ed25519PublicKey([0; 32])),
                line: line_no,
            };
            if toks.get(k).is_some_and(|t| !is_key_type(t)) {
                parse_options(&toks[k], &mut signer).map_err(err)?;
                k += 1;
            }
            let (Some(kind), Some(b64)) = (toks.get(k), toks.get(k + 1)) else {
                return Err(err("expected `principals [options] keytype key`".into()));
            };
            let key = PublicKey::from_openssh(&format!("{kind} {b64}"))
                .map_err(|e| err(format!("invalid public key: {e}")))?;
            signer.key = key.key_data().clone();
            entries.push(signer);
        }
        Ok(AllowedSigners { entries })
    }

    /// Entries holding `key`.
    pub fn find<'a>(&'a self, key: &'a KeyData) -> impl Iterator<Item = &'a AllowedSigner> + 'a {
        self.entries.iter().filter(move |e| &e.key == key)
    }
}

impl AllowedSigner {
    /// Whether `email` matches this entry's principal patterns (ssh's `match_pattern_list`:
    /// a matching negated pattern vetoes).
    pub fn allows_principal(&self, email: &str) -> bool {
        let email = email.to_ascii_lowercase();
        let mut matched = false;
        for p in &self.principals {
            let p = p.to_ascii_lowercase();
            if let Some(neg) = p.strip_prefix('!') {
                if glob(neg.as_bytes(), email.as_bytes()) {
                    return false;
                }
            } else if glob(p.as_bytes(), email.as_bytes()) {
                matched = true;
            }
        }
        matched
    }

    /// Why this entry does not accept a signature for namespace "git" made at `time`, if so.
    pub fn restriction(&self, time: i64) -> Option<String> {
        if let Some(ns) = &self.namespaces
            && !ns.iter().any(|n| glob(n.as_bytes(), b"git"))
        {
            return Some(format!(
                "allowed_signers line {} restricts the key to namespaces {:?}, not \"git\"",
                self.line,
                ns.join(",")
            ));
        }
        let date = super::time::format_date;
        if let Some(after) = self.valid_after
            && time < after
        {
            return Some(format!(
                "allowed_signers line {}: key is valid only after {} (commit dated {})",
                self.line,
                date(after),
                date(time)
            ));
        }
        if let Some(before) = self.valid_before
            && time > before
        {
            return Some(format!(
                "allowed_signers line {}: key is valid only before {} (commit dated {})",
                self.line,
                date(before),
                date(time)
            ));
        }
        None
    }
}

/// ssh's wildcard match: `*` any run, `?` any one byte.
fn glob(pat: &[u8], s: &[u8]) -> bool {
    let (mut p, mut i) = (0, 0);
    let (mut star, mut mark) = (None, 0);
    while i < s.len() {
        if p < pat.len() && (pat[p] == b'?' || pat[p] == s[i]) {
            p += 1;
            i += 1;
        } else if p < pat.len() && pat[p] == b'*' {
            star = Some(p);
            mark = i;
            p += 1;
        } else if let Some(sp) = star {
            p = sp + 1;
            mark += 1;
            i = mark;
        } else {
            return false;
        }
    }
    pat[p..].iter().all(|&c| c == b'*')
}

/// A parsed SSH signature.
pub struct ParsedSsh(SshSig);

impl ParsedSsh {
    /// Parses the armoured signature.
    ///
    /// # Errors
    /// A message when the armour or encoding is invalid.
    pub fn parse(armour: &[u8]) -> Result<ParsedSsh, String> {
        // git keeps whatever follows the armour (cargo has commits whose signature header
        // ends with an empty continuation line); ssh-keygen ignores it, so does vigil.
        SshSig::from_pem(armour.trim_ascii())
            .map(ParsedSsh)
            .map_err(|e| format!("malformed SSH signature: {e}"))
    }

    /// The signing key.
    pub fn key(&self) -> &KeyData {
        self.0.public_key()
    }

    /// `SHA256:…` fingerprint of the signing key, as ssh-keygen prints it.
    pub fn fingerprint(&self) -> String {
        self.0.public_key().fingerprint(HashAlg::Sha256).to_string()
    }

    /// Checks the signature over `payload` in namespace "git".
    ///
    /// # Errors
    /// A message saying why the signature does not verify.
    pub fn verify(&self, payload: &[u8]) -> Result<(), String> {
        if self.0.namespace() != "git" {
            return Err(format!(
                "SSH signature is for namespace \"{}\", not \"git\"",
                self.0.namespace()
            ));
        }
        PublicKey::from(self.0.public_key().clone())
            .verify("git", payload, &self.0)
            .map_err(|_| "bad SSH signature: the commit does not match what was signed".into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str =
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAICcslOqq45yDQ+6CxlPgQ04fVAttrMK47VitY0gK+Rn2";

    #[test]
    fn parses_entries_and_options() {
        let text = format!(
            "# comment\n\nalice@example.com {KEY} alice\n\
             \"bob@example.com,*@ops.example.com\" namespaces=\"git,file\",valid-after=\"20240101\" {KEY}\n\
             carol@example.com valid-before=20200101Z {KEY}\n"
        );
        let s = AllowedSigners::parse(&text).unwrap();
        assert_eq!(s.entries.len(), 3);
        assert!(s.entries[0].allows_principal("Alice@example.com"));
        assert!(s.entries[1].allows_principal("x@ops.example.com"));
        assert_eq!(
            s.entries[1].namespaces.as_deref(),
            Some(&["git".to_owned(), "file".to_owned()][..])
        );
        assert_eq!(s.entries[1].valid_after, Some(1_704_067_200));
        assert!(s.entries[1].restriction(1_704_067_100).is_some());
        assert!(s.entries[1].restriction(1_704_067_300).is_none());
        assert!(s.entries[2].restriction(1_704_067_300).is_some());
        assert_eq!(s.find(&s.entries[0].key).count(), 3);
    }

    #[test]
    fn rejects_bad_lines() {
        for (text, needle) in [
            (format!("a@b cert-authority {KEY}"), "cert-authority"),
            (format!("a@b frobnicate=1 {KEY}"), "unknown option"),
            ("a@b ssh-ed25519 !!!".to_owned(), "invalid public key"),
            ("a@b".to_owned(), "expected"),
            (format!("a@b valid-after=2024 {KEY}"), "valid-after"),
        ] {
            let (line, msg) = AllowedSigners::parse(&text).unwrap_err();
            assert_eq!(line, 1);
            assert!(msg.contains(needle), "{msg}");
        }
    }

    #[test]
    fn patterns() {
        let s = AllowedSigner {
            principals: vec!["*@example.com".into(), "!eve@example.com".into()],
            namespaces: Some(vec!["file".into()]),
            valid_after: None,
            valid_before: None,
            key: KeyData::Ed25519(ssh_key::public::Ed25519PublicKey([0; 32])),
            line: 1,
        };
        assert!(s.allows_principal("bob@example.com"));
        assert!(!s.allows_principal("eve@example.com"));
        assert!(!s.allows_principal("bob@example.org"));
        assert!(s.restriction(0).unwrap().contains("namespaces"));
        assert!(glob(b"a*b?c", b"axxbyc"));
        assert!(!glob(b"a*b?c", b"axxbc"));
    }

    /// rust-lang/cargo 887a941: the signature header ends with an empty continuation line.
    #[test]
    fn trailing_blank_line_after_armour() {
        use crate::signing::commit::{HashKind, split_signature};
        let raw = std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/signing/ssh-trailing-blank.commit"
        ))
        .unwrap();
        let s = split_signature(&raw, HashKind::Sha1);
        assert!(s.signature.ends_with(b"-----\n\n"));
        let p = ParsedSsh::parse(&s.signature).unwrap();
        p.verify(&s.payload).unwrap();
        assert!(p.verify(b"other").is_err());
    }
}
