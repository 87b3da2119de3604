//! The `[signing]` section of `.vigil.toml` and the resolved policy it describes.
//!
//! ```toml
//! [signing]
//! required = true                            # every commit in scope must be signed
//! allowed_signers = ".vigil/allowed_signers" # SSH keys, git's allowed_signers format
//! openpgp_keys = [".vigil/maintainers.asc"]  # armoured OpenPGP public keys or keyrings
//! bind_identity = true                       # signer must be allowed for the committer email
//! exempt_before = "2024-01-01"               # or a commit: it and its ancestors are exempt
//! platform_keys = ["968479A1AFF927E37D1A566BB5690EEEBB952194"] # may sign merges for anyone
//!
//! [signing.identities]                       # explicit email -> key mapping
//! "alice@example.com" = ["SHA256:…", "0123…ABCD"]
//! ```
//!
//! Paths are relative to the repository root (or to the directory of a `--policy` file). The
//! policy never reads the work tree when judging history: [`super::repo`] hands it the files as
//! they were in the commit whose policy is in force.

use std::collections::HashMap;

use serde::Deserialize;

use super::openpgp::Keyring;
use super::ssh::AllowedSigners;
use crate::error::{Error, Result};

/// The `[signing]` section as written.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct SigningSection {
    /// Every commit in scope must carry a valid, allowed signature.
    #[serde(default)]
    pub required: bool,
    /// Path of an `allowed_signers` file (SSH keys).
    #[serde(default)]
    pub allowed_signers: Option<String>,
    /// Paths of armoured OpenPGP public keys or keyrings.
    #[serde(default)]
    pub openpgp_keys: Vec<String>,
    /// Whether the signer must be allowed for the committer's email (default true).
    #[serde(default)]
    pub bind_identity: Option<bool>,
    /// Extra email -> key fingerprint bindings.
    #[serde(default)]
    pub identities: HashMap<String, Vec<String>>,
    /// A commit (it and its ancestors) or a date (`YYYY-MM-DD`, committer date) before which
    /// history is exempt.
    #[serde(default)]
    pub exempt_before: Option<String>,
    /// Fingerprints of platform keys (e.g. GitHub's web-flow) that may sign merge commits
    /// whoever the committer is.
    #[serde(default)]
    pub platform_keys: Vec<String>,
}

/// Only the part of `.vigil.toml` the policy reads; the rest belongs to the scanner.
#[derive(Debug, Deserialize)]
struct PolicyFile {
    #[serde(default)]
    signing: Option<SigningSection>,
}

/// Where history before the policy's adoption ends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Exemption {
    /// Commits dated (committer date) before this Unix time.
    Date(i64),
    /// This revision and its ancestors (resolved by the repository).
    Commit(String),
}

/// A resolved policy: the section plus the keys it names, loaded.
#[derive(Debug, Clone, Default)]
pub struct Policy {
    /// Where the policy came from, for messages (`.vigil.toml at 1a2b3c4`, a path, …).
    pub source: String,
    /// Every commit must be signed.
    pub required: bool,
    /// SSH keys and their principals.
    pub signers: AllowedSigners,
    /// OpenPGP certificates.
    pub keyring: Keyring,
    /// Signers must be allowed for the committer's email.
    pub bind_identity: bool,
    /// Lowercase email -> normalised fingerprints.
    pub identities: HashMap<String, Vec<String>>,
    /// History exempt from the policy.
    pub exempt_before: Option<Exemption>,
    /// Normalised fingerprints of platform keys.
    pub platform_keys: Vec<String>,
}

/// Normalises a fingerprint for comparison: OpenPGP hex is compared uppercase without spaces;
/// SSH `SHA256:` fingerprints are case-sensitive base64 and kept as they are.
pub fn normalise_fingerprint(f: &str) -> String {
    if f.starts_with("SHA256:") {
        f.to_owned()
    } else {
        f.chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .trim_start_matches("0x")
            .to_ascii_uppercase()
    }
}

/// Whether `full` (a signer fingerprint) is named by `wanted` (a fingerprint or, for
/// OpenPGP, a 16-hex-digit key id suffix).
pub fn fingerprint_matches(full: &str, wanted: &str) -> bool {
    full == wanted
        || (wanted.len() >= 16 && !wanted.starts_with("SHA256:") && full.ends_with(wanted))
}

/// Parses the `[signing]` section of a configuration file's text; `None` when absent.
///
/// # Errors
/// [`Error::ConfigSyntax`] naming `name` and the line.
pub fn parse_section(name: &str, text: &str) -> Result<Option<SigningSection>> {
    let file: PolicyFile = toml::from_str(text).map_err(|e| Error::ConfigSyntax {
        path: name.to_owned(),
        line: e.span().map_or(1, |s| crate::error::line_of(text, s.start)),
        message: e.message().to_owned(),
    })?;
    Ok(file.signing)
}

impl Policy {
    /// Resolves a section, reading the files it names through `read` (path relative to the
    /// repository root or policy directory; `Ok(None)` when missing).
    ///
    /// # Errors
    /// A named file is missing or malformed, or a date/option is invalid.
    pub fn resolve(
        source: &str,
        section: &SigningSection,
        mut read: impl FnMut(&str) -> Result<Option<Vec<u8>>>,
    ) -> Result<Policy> {
        let bad = |path: &str, line: usize, message: String| Error::ConfigSyntax {
            path: format!("{path} ({source})"),
            line,
            message,
        };
        let mut policy = Policy {
            source: source.to_owned(),
            required: section.required,
            bind_identity: section.bind_identity.unwrap_or(true),
            platform_keys: section
                .platform_keys
                .iter()
                .map(|f| normalise_fingerprint(f))
                .collect(),
            identities: section
                .identities
                .iter()
                .map(|(e, fs)| {
                    (
                        e.to_ascii_lowercase(),
                        fs.iter().map(|f| normalise_fingerprint(f)).collect(),
                    )
                })
                .collect(),
            ..Policy::default()
        };
        if let Some(path) = &section.allowed_signers {
            let data = read(path)?.ok_or_else(|| bad(path, 1, "file not found".into()))?;
            let text = String::from_utf8_lossy(&data);
            policy.signers =
                AllowedSigners::parse(&text).map_err(|(line, m)| bad(path, line, m))?;
        }
        for path in &section.openpgp_keys {
            let data = read(path)?.ok_or_else(|| bad(path, 1, "file not found".into()))?;
            policy.keyring.add(&data).map_err(|m| bad(path, 1, m))?;
        }
        if let Some(e) = &section.exempt_before {
            policy.exempt_before = Some(
                if e.len() == 10 && e.as_bytes()[4] == b'-' || e.contains(':') {
                    Exemption::Date(super::time::parse_date(e).ok_or_else(|| {
                        bad(
                            ".vigil.toml",
                            1,
                            format!(
                                "exempt_before = \"{e}\" is not a date (YYYY-MM-DD) or a commit"
                            ),
                        )
                    })?)
                } else {
                    Exemption::Commit(e.clone())
                },
            );
        }
        Ok(policy)
    }

    /// Every fingerprint the policy trusts (SSH and OpenPGP), sorted, for auditing changes.
    pub fn trusted_keys(&self) -> Vec<String> {
        let mut v: Vec<String> = self
            .signers
            .entries
            .iter()
            .map(|e| {
                format!(
                    "{} ({})",
                    e.key.fingerprint(ssh_key::HashAlg::Sha256),
                    e.principals.join(",")
                )
            })
            .chain(
                self.keyring
                    .certs()
                    .iter()
                    .map(|c| format!("{} ({})", c.fingerprint, c.emails.join(","))),
            )
            .collect();
        v.sort();
        v.dedup();
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn section_parses_and_rejects_typos() {
        let text = "disabled_rules = []\n[signing]\nrequired = true\nopenpgp_keys = [\"k.asc\"]\n\
                    exempt_before = \"2024-01-01\"\n[signing.identities]\n\"A@x\" = [\"abcd\"]\n";
        let s = parse_section("t", text).unwrap().unwrap();
        assert!(s.required);
        assert_eq!(s.openpgp_keys, ["k.asc"]);
        let err = parse_section("t", "[signing]\nrequierd = true\n").unwrap_err();
        assert!(err.to_string().starts_with("t:2:"), "{err}");
        assert_eq!(parse_section("t", "x = 1").unwrap(), None);
    }

    #[test]
    fn resolves_exemptions_and_missing_files() {
        let s = SigningSection {
            exempt_before: Some("2024-01-01".into()),
            identities: [("A@X".to_owned(), vec!["0xab cd".to_owned()])].into(),
            ..SigningSection::default()
        };
        let p = Policy::resolve("t", &s, |_| Ok(None)).unwrap();
        assert_eq!(p.exempt_before, Some(Exemption::Date(1_704_067_200)));
        assert_eq!(p.identities["a@x"], ["ABCD"]);
        assert!(p.bind_identity);
        let s = SigningSection {
            exempt_before: Some("v1.0".into()),
            openpgp_keys: vec!["missing.asc".into()],
            ..SigningSection::default()
        };
        let err = Policy::resolve("t", &s, |_| Ok(None)).unwrap_err();
        assert!(err.to_string().contains("missing.asc"), "{err}");
    }

    #[test]
    fn fingerprints() {
        assert!(fingerprint_matches(
            "0123456789ABCDEF0123",
            "456789ABCDEF0123"
        ));
        assert!(!fingerprint_matches("0123456789ABCDEF0123", "0123"));
        assert_eq!(normalise_fingerprint("SHA256:abC"), "SHA256:abC");
    }
}
