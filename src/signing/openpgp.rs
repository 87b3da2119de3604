//! OpenPGP keyrings and detached signatures, verified natively with rpgp (the `pgp` crate).
//!
//! A keyring is what the policy's `openpgp_keys` files hold: armoured (or binary) transferable
//! public keys. For each primary key and signing subkey it records what the policy needs: the
//! fingerprint, the email addresses of its user ids, when it expires and whether it is revoked.

use std::io::Cursor;

use pgp::composed::{Deserializable, DetachedSignature, SignedPublicKey};
use pgp::packet::{self, Signature, SignatureType, SignatureVersion};
use pgp::types::{KeyDetails, VerifyingKey};

/// A key (primary or subkey) that can verify signatures.
#[derive(Debug, Clone)]
enum AnyKey {
    Primary(packet::PublicKey),
    Sub(packet::PublicSubkey),
}

impl AnyKey {
    fn verify(&self, sig: &Signature, data: &[u8]) -> Result<(), ()> {
        match self {
            AnyKey::Primary(k) => verify_like_gpg(k, sig, data),
            AnyKey::Sub(k) => verify_like_gpg(k, sig, data),
        }
    }
}

/// Verifies a detached binary signature the way gpg (and so `git verify-commit`) does.
///
/// rpgp also rejects v4 signatures whose two "signed hash value" octets do not match the
/// computed hash. RFC 4880/9580 make those octets a quick-reject hint only, gpg ignores a
/// mismatch, and GitHub's web-flow signer wrote a constant there for years (about one in ten
/// of its signatures on rust-lang/cargo). So when, and only when, that is rpgp's complaint,
/// the hash is recomputed and the public-key check alone decides.
fn verify_like_gpg(key: &impl VerifyingKey, sig: &Signature, data: &[u8]) -> Result<(), ()> {
    let err = match sig.verify(key, data) {
        Ok(()) => return Ok(()),
        Err(e) => e.to_string(),
    };
    let (Some(config), Some(bytes)) = (sig.config(), sig.signature()) else {
        return Err(());
    };
    if !err.contains("invalid signed hash value")
        || sig.version() != SignatureVersion::V4
        || config.typ != SignatureType::Binary
    {
        return Err(());
    }
    let mut hasher = config.hash_alg.new_hasher().map_err(|_| ())?;
    config
        .hash_data_to_sign(&mut hasher, data)
        .map_err(|_| ())?;
    let len = config.hash_signature_data(&mut hasher).map_err(|_| ())?;
    hasher.update(&config.trailer(len).map_err(|_| ())?);
    let hash = hasher.finalize();
    key.verify(config.hash_alg, &hash, bytes).map_err(|_| ())
}

/// One verifying key of a certificate.
#[derive(Debug, Clone)]
struct KeyEntry {
    key: AnyKey,
    /// Uppercase hex fingerprint of this (sub)key.
    fingerprint: String,
    /// Uppercase hex 64-bit key id.
    key_id: String,
    /// Index of the certificate in [`Keyring::certs`].
    cert: usize,
    /// Unix time the (sub)key expires, if it does.
    expires: Option<i64>,
    /// Revocation reason, if revoked.
    revoked: Option<String>,
    /// `ring` form of an RSA key, for the fast path.
    rsa: Option<super::rsa::RsaKey>,
}

/// What the policy knows about one certificate (primary key and its user ids).
#[derive(Debug, Clone)]
pub struct Cert {
    /// Uppercase hex fingerprint of the primary key; this is the "signer" in reports.
    pub fingerprint: String,
    /// Lowercase email addresses from the user ids.
    pub emails: Vec<String>,
    /// Unix time the primary key expires, if it does.
    pub expires: Option<i64>,
    /// Revocation reason of the primary key, if revoked.
    pub revoked: Option<String>,
}

/// Certificates the policy trusts.
#[derive(Debug, Clone, Default)]
pub struct Keyring {
    certs: Vec<Cert>,
    keys: Vec<KeyEntry>,
}

/// The outcome of checking one OpenPGP signature against a keyring.
#[derive(Debug, Clone)]
pub struct PgpCheck {
    /// Primary fingerprint of the signer (or the issuer fingerprint / key id when unknown).
    pub signer: Option<String>,
    /// The signer's certificate, when known.
    pub cert: Option<usize>,
    /// `Ok` when the signature verifies with a known, unexpired, unrevoked key.
    pub result: Result<(), Failure>,
}

/// Why an OpenPGP signature is not good.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// The armour or packets do not parse.
    Malformed(String),
    /// No key in the policy matches the issuer.
    UnknownKey,
    /// The cryptographic check failed.
    Bad,
    /// The key has expired (Unix time).
    Expired(i64),
    /// The key is revoked.
    Revoked(String),
}

fn hex_upper(bytes: &[u8]) -> String {
    hex::encode_upper(bytes)
}

/// Expiry of a key from its newest self-signature carrying a key-expiration subpacket.
fn expiry<'a>(created: u32, sigs: impl Iterator<Item = &'a Signature>) -> Option<i64> {
    let newest = sigs
        .filter(|s| s.created().is_some())
        .max_by_key(|s| s.created().map(|t| t.as_secs()))?;
    let d = newest.key_expiration_time()?;
    (d.as_secs() > 0).then(|| i64::from(created) + d.as_secs() as i64)
}

fn reason(sig: &Signature) -> String {
    sig.revocation_reason_string()
        .map(|b| String::from_utf8_lossy(b).into_owned())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "no reason given".into())
}

/// Email inside `Name <email>`, or the whole user id when it is a bare address.
fn uid_email(uid: &[u8]) -> Option<String> {
    let s = String::from_utf8_lossy(uid);
    let email = match (s.rfind('<'), s.rfind('>')) {
        (Some(a), Some(b)) if a < b => s[a + 1..b].to_owned(),
        _ if s.contains('@') && !s.contains(' ') => s.into_owned(),
        _ => return None,
    };
    Some(email.to_ascii_lowercase())
}

impl Keyring {
    /// Adds every certificate in `data` (armoured or binary, one or many).
    ///
    /// # Errors
    /// A message when the data holds no parsable public key.
    pub fn add(&mut self, data: &[u8]) -> Result<usize, String> {
        let keys: Vec<SignedPublicKey> = if data.trim_ascii_start().starts_with(b"-----") {
            let (iter, _) = SignedPublicKey::from_armor_many(Cursor::new(data.to_vec()))
                .map_err(|e| format!("not an armoured OpenPGP public key: {e}"))?;
            iter.collect::<Result<_, _>>()
                .map_err(|e| format!("invalid OpenPGP key: {e}"))?
        } else {
            SignedPublicKey::from_bytes_many(Cursor::new(data.to_vec()))
                .map_err(|e| format!("not an OpenPGP public key: {e}"))?
                .collect::<Result<_, _>>()
                .map_err(|e| format!("invalid OpenPGP key: {e}"))?
        };
        if keys.is_empty() {
            return Err("no OpenPGP public key found".into());
        }
        let n = keys.len();
        for k in keys {
            self.insert(k);
        }
        Ok(n)
    }

    fn insert(&mut self, k: SignedPublicKey) {
        let primary = &k.primary_key;
        let created = primary.created_at().as_secs();
        let self_sigs = k
            .details
            .users
            .iter()
            .flat_map(|u| u.signatures.iter())
            .chain(k.details.direct_signatures.iter());
        let revoked = k
            .details
            .revocation_signatures
            .iter()
            .find(|s| s.verify_key(primary).is_ok())
            .map(reason);
        let cert = Cert {
            fingerprint: hex_upper(primary.fingerprint().as_bytes()),
            emails: k
                .details
                .users
                .iter()
                .filter_map(|u| uid_email(u.id.id()))
                .collect(),
            expires: expiry(created, self_sigs),
            revoked,
        };
        let idx = self.certs.len();
        self.keys.push(KeyEntry {
            key: AnyKey::Primary(primary.clone()),
            fingerprint: cert.fingerprint.clone(),
            key_id: hex_upper(primary.legacy_key_id().as_ref()),
            cert: idx,
            expires: cert.expires,
            revoked: cert.revoked.clone(),
            rsa: super::rsa::RsaKey::from_params(primary.public_params()),
        });
        for sub in &k.public_subkeys {
            let binding = sub
                .signatures
                .iter()
                .filter(|s| s.typ() == Some(SignatureType::SubkeyBinding));
            let revoked = sub
                .signatures
                .iter()
                .filter(|s| s.typ() == Some(SignatureType::SubkeyRevocation))
                .find(|s| s.verify_subkey_binding(primary, &sub.key).is_ok())
                .map(reason);
            let sub_expiry = expiry(sub.key.created_at().as_secs(), binding);
            self.keys.push(KeyEntry {
                key: AnyKey::Sub(sub.key.clone()),
                fingerprint: hex_upper(sub.key.fingerprint().as_bytes()),
                key_id: hex_upper(sub.key.legacy_key_id().as_ref()),
                cert: idx,
                // A subkey is unusable once its primary key expires.
                expires: match (sub_expiry, cert.expires) {
                    (Some(a), Some(b)) => Some(a.min(b)),
                    (a, b) => a.or(b),
                },
                revoked: revoked.or_else(|| cert.revoked.clone()),
                rsa: super::rsa::RsaKey::from_params(sub.key.public_params()),
            });
        }
        self.certs.push(cert);
    }

    /// The certificates.
    pub fn certs(&self) -> &[Cert] {
        &self.certs
    }

    /// True when no key is loaded.
    pub fn is_empty(&self) -> bool {
        self.certs.is_empty()
    }

    /// Checks an armoured detached signature over `payload`, judging expiry at `now`
    /// (as gpg does: a key that has expired by now makes git report the signature as bad).
    pub fn check(&self, armour: &[u8], payload: &[u8], now: i64) -> PgpCheck {
        let sig = match DetachedSignature::from_armor_single(Cursor::new(armour)) {
            Ok((s, _)) => s.signature,
            Err(e) => {
                return PgpCheck {
                    signer: None,
                    cert: None,
                    result: Err(Failure::Malformed(format!(
                        "malformed OpenPGP signature: {e}"
                    ))),
                };
            }
        };
        let fprs: Vec<String> = sig
            .issuer_fingerprint()
            .iter()
            .map(|f| hex_upper(f.as_bytes()))
            .collect();
        let ids: Vec<String> = sig
            .issuer_key_id()
            .iter()
            .map(|k| hex_upper(k.as_ref()))
            .collect();
        let entry = self
            .keys
            .iter()
            .find(|e| fprs.contains(&e.fingerprint) || ids.contains(&e.key_id));
        let Some(entry) = entry else {
            return PgpCheck {
                signer: fprs.first().or(ids.first()).cloned(),
                cert: None,
                result: Err(Failure::UnknownKey),
            };
        };
        let good = match entry.rsa.as_ref().and_then(|r| r.verify(&sig, payload)) {
            Some(good) => good,
            None => entry.key.verify(&sig, payload).is_ok(),
        };
        let result = if !good {
            Err(Failure::Bad)
        } else if let Some(r) = &entry.revoked {
            Err(Failure::Revoked(r.clone()))
        } else if let Some(t) = entry.expires.filter(|&t| t <= now) {
            Err(Failure::Expired(t))
        } else {
            Ok(())
        };
        PgpCheck {
            signer: Some(self.certs[entry.cert].fingerprint.clone()),
            cert: Some(entry.cert),
            result,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uid_emails() {
        assert_eq!(
            uid_email(b"Alice <Alice@Example.com>").as_deref(),
            Some("alice@example.com")
        );
        assert_eq!(
            uid_email(b"bob@example.com").as_deref(),
            Some("bob@example.com")
        );
        assert_eq!(uid_email(b"No Email"), None);
    }

    #[test]
    fn garbage_is_rejected() {
        let mut k = Keyring::default();
        assert!(
            k.add(b"-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nnope\n")
                .is_err()
        );
        assert!(k.add(b"").is_err());
        let c = k.check(b"-----BEGIN PGP SIGNATURE-----\n\n!!\n", b"x", 0);
        assert!(matches!(c.result, Err(Failure::Malformed(_))));
    }

    /// rust-lang/cargo 149022b: GitHub web-flow signature whose "signed hash value" octets do
    /// not match; gpg and git accept it, so must vigil. The same bytes with the message
    /// changed must still fail.
    #[test]
    fn web_flow_signature_with_bogus_hash_prefix() {
        use crate::signing::commit::{HashKind, split_signature};
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/signing/");
        let mut k = Keyring::default();
        k.add(&std::fs::read(format!("{dir}github-web-flow-4AEE18F83AFDEB23.asc")).unwrap())
            .unwrap();
        let raw = std::fs::read(format!("{dir}webflow-bad-hash-prefix.commit")).unwrap();
        let s = split_signature(&raw, HashKind::Sha1);
        let c = k.check(&s.signature, &s.payload, 0);
        assert!(c.result.is_ok(), "{:?}", c.result);
        assert!(c.signer.unwrap().ends_with("4AEE18F83AFDEB23"));
        let mut altered = s.payload.clone();
        altered.push(b'x');
        assert_eq!(k.check(&s.signature, &altered, 0).result, Err(Failure::Bad));
    }
}
