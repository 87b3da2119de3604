//! Commit signature verification under a repository policy (`vigil verify`, the pre-push
//! check).
//!
//! For each commit: split the signature out of the raw object exactly as git does
//! ([`commit`]), verify it natively ([`openpgp`] with rpgp, [`ssh`] with `ssh-key`; X.509 is
//! recognised and reported as unsupported), then judge it under the policy ([`policy`]) that
//! was in force **before** the commit: the one in its parent's tree (a root commit is judged
//! by its own, trust on first use), or a fixed policy given by the caller. A commit therefore
//! cannot authorise itself by adding its own key to the policy.
//!
//! Owns no printing: callers render [`Verdict`]s ([`format_violations`] gives the pre-push
//! message). Never spawns a process per commit.

pub mod commit;
pub mod openpgp;
pub mod policy;
pub mod repo;
mod rsa;
pub mod ssh;
mod time;

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use gix::ObjectId;
use rayon::prelude::*;
use serde::Serialize;

pub use commit::SignatureKind;
pub use policy::{Policy, SigningSection};
pub use repo::Repo;

use crate::error::{Error, Result};
use commit::{CommitInfo, SignedCommit};
use openpgp::Failure;
use policy::{Exemption, fingerprint_matches};

/// Name of the configuration file holding the `[signing]` section.
pub const POLICY_FILE: &str = crate::config::CONFIG_FILE_NAME;

/// The judgement on one commit. Serialised as one element of the JSON `commits` array.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Verdict {
    /// Full commit id.
    pub commit: String,
    /// Kind of signature found.
    pub signature: SignatureKind,
    /// The signature verifies over the commit's bytes with a key the policy knows (and that
    /// is neither expired, revoked nor outside its validity window).
    pub valid: bool,
    /// Signer's key fingerprint (OpenPGP primary key hex, SSH `SHA256:…`), when known.
    pub signer: Option<String>,
    /// The policy is satisfied for this commit.
    pub allowed: bool,
    /// Stable machine-readable reason when not allowed (`unsigned`, `bad-signature`, …).
    pub code: Option<&'static str>,
    /// Why not allowed, in words; `null` when allowed.
    pub reason: Option<String>,
    /// Why the commit is exempt from the policy, when it is.
    pub exempt: Option<String>,
    /// Where the policy that judged this commit came from; `null` when none was in force.
    pub policy: Option<String>,
    /// `Name <email>` of the author.
    pub author: String,
    /// Committer email.
    pub committer: String,
    /// First line of the message.
    pub subject: String,
}

/// Which policy judges each commit.
#[derive(Debug, Clone)]
pub enum PolicySource {
    /// The policy in each commit's parents (a root commit: its own).
    History,
    /// One policy for every commit (`--policy FILE`).
    Fixed(Arc<Policy>),
}

/// A commit read and split, ready to judge.
struct Loaded {
    id: ObjectId,
    info: CommitInfo,
    signed: SignedCommit,
    /// Policies in force (one per distinct parent policy); `Err` when the policy is broken.
    policies: Vec<std::result::Result<Option<Arc<Policy>>, String>>,
}

/// Caches policies by the blob ids they were built from, so 4,000 commits sharing one policy
/// parse it once.
#[derive(Default)]
struct PolicyCache {
    sections: HashMap<ObjectId, std::result::Result<Option<SigningSection>, String>>,
    policies: HashMap<Vec<Option<ObjectId>>, PolicyResult>,
}

type PolicyResult = std::result::Result<Option<Arc<Policy>>, String>;

impl PolicyCache {
    fn at(&mut self, repo: &Repo, commit: ObjectId) -> Result<PolicyResult> {
        let Some(cfg) = repo.blob_id_at(commit, POLICY_FILE)? else {
            return Ok(Ok(None));
        };
        if let std::collections::hash_map::Entry::Vacant(slot) = self.sections.entry(cfg) {
            let text = repo
                .read_at(commit, POLICY_FILE)?
                .map(|(_, d)| d)
                .unwrap_or_default();
            let name = format!("{POLICY_FILE} at {}", short(&commit.to_string()));
            let parsed = policy::parse_section(&name, &String::from_utf8_lossy(&text))
                .map_err(|e| e.to_string());
            slot.insert(parsed);
        }
        let section = match &self.sections[&cfg] {
            Ok(Some(s)) => s.clone(),
            Ok(None) => return Ok(Ok(None)),
            Err(e) => return Ok(Err(e.clone())),
        };
        let mut key = vec![Some(cfg)];
        for path in section.allowed_signers.iter().chain(&section.openpgp_keys) {
            key.push(repo.blob_id_at(commit, path)?);
        }
        if let Some(p) = self.policies.get(&key) {
            return Ok(p.clone());
        }
        let source = format!("{POLICY_FILE} at {}", short(&commit.to_string()));
        let resolved = Policy::resolve(&source, &section, |p| {
            Ok(repo.read_at(commit, p)?.map(|(_, d)| d))
        })
        .map(|p| Some(Arc::new(p)))
        .map_err(|e| e.to_string());
        self.policies.insert(key, resolved.clone());
        Ok(resolved)
    }
}

/// Abbreviated commit id for messages.
pub fn short(id: &str) -> &str {
    id.get(..10).unwrap_or(id)
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// Verifies `commit_ids` under the policy chosen by `source`. Crypto runs in parallel;
/// verdicts come back in the order of `commit_ids`. This is the entry point the pre-push hook
/// calls.
///
/// # Errors
/// [`Error::Git`] when a commit cannot be read, or an `exempt_before` commit does not exist.
pub fn verify_commits(
    repo: &Repo,
    commit_ids: &[ObjectId],
    source: &PolicySource,
) -> Result<Vec<Verdict>> {
    let hash = repo.hash_kind();
    let mut cache = PolicyCache::default();
    let mut loaded = Vec::with_capacity(commit_ids.len());
    let raws = repo.raw_commits(commit_ids)?;
    for (&id, raw) in commit_ids.iter().zip(raws) {
        let info = commit::parse_info(&raw);
        let signed = commit::split_signature(&raw, hash);
        let policies = match source {
            PolicySource::Fixed(p) => vec![Ok(Some(p.clone()))],
            PolicySource::History => {
                let mut v: Vec<PolicyResult> = Vec::new();
                let parents: Vec<ObjectId> = if info.parents.is_empty() {
                    vec![id]
                } else {
                    info.parents
                        .iter()
                        .filter_map(|p| ObjectId::from_hex(p.as_bytes()).ok())
                        .collect()
                };
                for p in parents {
                    let pol = cache.at(repo, p)?;
                    if !v.iter().any(|q| same_policy(q, &pol)) {
                        v.push(pol);
                    }
                }
                v
            }
        };
        loaded.push(Loaded {
            id,
            info,
            signed,
            policies,
        });
    }
    let exempt = exemption_sets(repo, &loaded)?;
    let now = now();
    Ok(loaded
        .par_iter()
        .map(|c| {
            let mut first = None;
            for p in &c.policies {
                let v = judge(c, p, &exempt, now);
                if v.allowed {
                    return v;
                }
                first.get_or_insert(v);
            }
            first.unwrap_or_else(|| judge(c, &Ok(None), &exempt, now))
        })
        .collect())
}

fn same_policy(a: &PolicyResult, b: &PolicyResult) -> bool {
    match (a, b) {
        (Ok(Some(x)), Ok(Some(y))) => Arc::ptr_eq(x, y),
        (Ok(None), Ok(None)) => true,
        (Err(x), Err(y)) => x == y,
        _ => false,
    }
}

/// Ancestor sets of every `exempt_before` commit named by a policy in use.
fn exemption_sets(repo: &Repo, loaded: &[Loaded]) -> Result<HashMap<String, HashSet<ObjectId>>> {
    let mut sets = HashMap::new();
    for c in loaded {
        for p in c.policies.iter().flatten().flatten() {
            if let Some(Exemption::Commit(rev)) = &p.exempt_before
                && !sets.contains_key(rev)
            {
                let id = repo.resolve(rev).map_err(|e| {
                    Error::Git(format!("exempt_before = \"{rev}\" in {}: {e}", p.source))
                })?;
                sets.insert(rev.clone(), repo.ancestors(id)?);
            }
        }
    }
    Ok(sets)
}

/// The cryptographic half of a verdict.
struct Crypto {
    kind: SignatureKind,
    signer: Option<String>,
    /// `Ok(cert index for OpenPGP / None for SSH)` when valid.
    result: std::result::Result<(), (&'static str, String)>,
    /// OpenPGP certificate of the signer.
    cert: Option<usize>,
}

fn check_crypto(c: &Loaded, policy: &Policy, now: i64) -> Crypto {
    let sig = &c.signed.signature;
    let kind = SignatureKind::of(sig);
    let mut out = Crypto {
        kind,
        signer: None,
        result: Ok(()),
        cert: None,
    };
    match kind {
        SignatureKind::None if sig.is_empty() => {
            out.result = Err(("unsigned", "commit is not signed".into()));
        }
        SignatureKind::None => {
            out.result = Err(("malformed", "signature of unknown format".into()));
        }
        SignatureKind::X509 => {
            out.result = Err((
                "unsupported-x509",
                "X.509 (gpgsm/gitsign) signature present but not supported by vigil".into(),
            ));
        }
        SignatureKind::Openpgp => {
            let r = policy.keyring.check(sig, &c.signed.payload, now);
            out.signer = r.signer;
            out.cert = r.cert;
            out.result = r.result.map_err(|f| match f {
                Failure::Malformed(m) => ("malformed", m),
                Failure::UnknownKey => (
                    "unknown-key",
                    "signed by an OpenPGP key the policy does not know".into(),
                ),
                Failure::Bad => (
                    "bad-signature",
                    "bad OpenPGP signature: the commit does not match what was signed".into(),
                ),
                Failure::Expired(t) => (
                    "expired-key",
                    format!("OpenPGP key expired on {}", time::format_date(t)),
                ),
                Failure::Revoked(r) => ("revoked-key", format!("OpenPGP key is revoked ({r})")),
            });
        }
        SignatureKind::Ssh => {
            out.result = check_ssh(c, policy, &mut out.signer);
        }
    }
    out
}

fn check_ssh(
    c: &Loaded,
    policy: &Policy,
    signer: &mut Option<String>,
) -> std::result::Result<(), (&'static str, String)> {
    let parsed = ssh::ParsedSsh::parse(&c.signed.signature).map_err(|m| ("malformed", m))?;
    *signer = Some(parsed.fingerprint());
    let entries: Vec<_> = policy.signers.find(parsed.key()).collect();
    if entries.is_empty() {
        return Err((
            "unknown-key",
            "signed by an SSH key not in the policy's allowed_signers".into(),
        ));
    }
    parsed
        .verify(&c.signed.payload)
        .map_err(|m| ("bad-signature", m))?;
    if entries
        .iter()
        .all(|e| e.restriction(c.info.committer_time).is_some())
    {
        let why = entries[0]
            .restriction(c.info.committer_time)
            .unwrap_or_default();
        return Err(("key-restricted", why));
    }
    Ok(())
}

/// Whether the (valid) signer may sign for the committer under `policy`.
fn identity_ok(c: &Loaded, policy: &Policy, crypto: &Crypto, signer: &str) -> bool {
    let email = c.info.committer_email.to_ascii_lowercase();
    if policy
        .identities
        .get(&email)
        .is_some_and(|fs| fs.iter().any(|f| fingerprint_matches(signer, f)))
    {
        return true;
    }
    match crypto.kind {
        SignatureKind::Openpgp => crypto
            .cert
            .and_then(|i| policy.keyring.certs().get(i))
            .is_some_and(|cert| cert.emails.contains(&email)),
        SignatureKind::Ssh => ssh::ParsedSsh::parse(&c.signed.signature).is_ok_and(|p| {
            policy.signers.find(p.key()).any(|e| {
                e.restriction(c.info.committer_time).is_none() && e.allows_principal(&email)
            })
        }),
        _ => false,
    }
}

fn exemption(
    c: &Loaded,
    policy: &Policy,
    sets: &HashMap<String, HashSet<ObjectId>>,
) -> Option<String> {
    match policy.exempt_before.as_ref()? {
        Exemption::Date(t) => (c.info.committer_time < *t)
            .then(|| format!("committed before {} (exempt_before)", time::format_date(*t))),
        Exemption::Commit(rev) => sets
            .get(rev)
            .is_some_and(|s| s.contains(&c.id))
            .then(|| format!("at or before {rev} (exempt_before)")),
    }
}

fn judge(
    c: &Loaded,
    policy: &PolicyResult,
    sets: &HashMap<String, HashSet<ObjectId>>,
    now: i64,
) -> Verdict {
    let mut v = Verdict {
        commit: c.id.to_string(),
        signature: SignatureKind::of(&c.signed.signature),
        valid: false,
        signer: None,
        allowed: false,
        code: None,
        reason: None,
        exempt: None,
        policy: None,
        author: c.info.author.clone(),
        committer: c.info.committer_email.clone(),
        subject: c.info.subject.clone(),
    };
    let policy = match policy {
        Ok(Some(p)) => p,
        Ok(None) => {
            v.allowed = true;
            return v;
        }
        Err(e) => {
            v.code = Some("invalid-policy");
            v.reason = Some(format!("the policy in force is invalid: {e}"));
            return v;
        }
    };
    v.policy = Some(policy.source.clone());
    let crypto = check_crypto(c, policy, now);
    v.signer = crypto.signer.clone();
    v.valid = crypto.result.is_ok();
    if let Some(why) = exemption(c, policy, sets) {
        v.allowed = true;
        v.exempt = Some(why);
        return v;
    }
    let fail = match &crypto.result {
        Err(("unsigned" | "unsupported-x509", _)) if !policy.required => None,
        Err((code, why)) => Some((*code, why.clone())),
        Ok(()) => {
            let signer = crypto.signer.clone().unwrap_or_default();
            let merge = c.info.parents.len() > 1;
            let platform = merge
                && policy
                    .platform_keys
                    .iter()
                    .any(|k| fingerprint_matches(&signer, k));
            if !policy.bind_identity || platform || identity_ok(c, policy, &crypto, &signer) {
                None
            } else {
                Some((
                    "identity-mismatch",
                    format!(
                        "key {signer} is not allowed to sign for committer <{}>",
                        c.info.committer_email
                    ),
                ))
            }
        }
    };
    match fail {
        None => v.allowed = true,
        Some((code, why)) => {
            v.code = Some(code);
            v.reason = Some(why);
        }
    }
    v
}

/// The pre-push / CI message for the violating verdicts: one line per commit (short id,
/// author, subject, reason), then how to fix it. Empty when nothing violates.
pub fn format_violations(verdicts: &[Verdict]) -> String {
    use std::fmt::Write as _;
    let bad: Vec<&Verdict> = verdicts.iter().filter(|v| !v.allowed).collect();
    if bad.is_empty() {
        return String::new();
    }
    let mut out = format!(
        "{} commit{} violate{} the signing policy:\n",
        bad.len(),
        if bad.len() == 1 { "" } else { "s" },
        if bad.len() == 1 { "s" } else { "" }
    );
    for v in &bad {
        let _ = writeln!(
            out,
            "  {}  {}  \"{}\"\n      {}",
            short(&v.commit),
            v.author,
            v.subject,
            v.reason.as_deref().unwrap_or("not allowed")
        );
    }
    let oldest = bad.last().map_or("", |v| short(&v.commit));
    let _ = write!(
        out,
        "To fix, sign the commits with a key the policy allows for your committer email\n\
         (git config user.signingkey, commit.gpgsign=true), then push again:\n\
         \x20 last commit only:  git commit --amend --no-edit -S\n\
         \x20 several commits:   git rebase --exec 'git commit --amend --no-edit -S' {oldest}~1\n"
    );
    out
}

/// A change of the signing policy in history (`vigil verify --policy-history`).
#[derive(Debug, Clone, Serialize)]
pub struct PolicyChange {
    /// The commit that changed the policy.
    pub commit: String,
    /// Its author.
    pub author: String,
    /// Its subject.
    pub subject: String,
    /// Keys (with principals / emails) the change added.
    pub added_keys: Vec<String>,
    /// Keys the change removed.
    pub removed_keys: Vec<String>,
    /// `required` before and after, when it changed.
    pub required: Option<(bool, bool)>,
    /// Whether the change itself was allowed by the policy before it.
    pub allowed: bool,
    /// Why not, when not.
    pub reason: Option<String>,
}

/// Lists the commits among `commit_ids` whose policy differs from their first parent's,
/// oldest first, with what changed and whether the change was itself allowed.
///
/// # Errors
/// As [`verify_commits`].
pub fn policy_history(repo: &Repo, commit_ids: &[ObjectId]) -> Result<Vec<PolicyChange>> {
    let mut cache = PolicyCache::default();
    let mut changes = Vec::new();
    let verdicts = verify_commits(repo, commit_ids, &PolicySource::History)?;
    for (id, verdict) in commit_ids.iter().zip(&verdicts).rev() {
        let raw = repo.raw_commit(*id)?;
        let info = commit::parse_info(&raw);
        let after = cache.at(repo, *id)?;
        let before = match info
            .parents
            .first()
            .and_then(|p| ObjectId::from_hex(p.as_bytes()).ok())
        {
            Some(p) => cache.at(repo, p)?,
            None => Ok(None),
        };
        if same_policy(&before, &after) {
            continue;
        }
        let keys = |p: &PolicyResult| match p {
            Ok(Some(p)) => (p.trusted_keys(), Some(p.required)),
            _ => (Vec::new(), None),
        };
        let ((kb, rb), (ka, ra)) = (keys(&before), keys(&after));
        if kb == ka && rb == ra && before.is_ok() == after.is_ok() {
            continue;
        }
        changes.push(PolicyChange {
            commit: id.to_string(),
            author: info.author,
            subject: info.subject,
            added_keys: ka.iter().filter(|k| !kb.contains(k)).cloned().collect(),
            removed_keys: kb.iter().filter(|k| !ka.contains(k)).cloned().collect(),
            required: (rb != ra).then(|| (rb.unwrap_or(false), ra.unwrap_or(false))),
            allowed: verdict.allowed,
            reason: verdict.reason.clone(),
        });
    }
    Ok(changes)
}

/// The policy in force in `commit`'s tree (what judges its children), `None` when the
/// commit has no `[signing]` section.
///
/// # Errors
/// The policy there is malformed, or objects are missing.
pub fn policy_at(repo: &Repo, commit: ObjectId) -> Result<Option<Arc<Policy>>> {
    PolicyCache::default()
        .at(repo, commit)?
        .map_err(|m| Error::Usage(format!("signing policy at {commit}: {m}")))
}

/// Loads a policy from a file on disk; paths in it are relative to its directory.
///
/// # Errors
/// Unreadable or malformed file, or a key file it names.
pub fn load_policy_file(path: &std::path::Path) -> Result<Option<Policy>> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    let name = path.display().to_string();
    let Some(section) = policy::parse_section(&name, &text)? else {
        return Ok(None);
    };
    let dir = path.parent().unwrap_or(std::path::Path::new("."));
    Policy::resolve(&name, &section, |p| {
        let full = dir.join(p);
        match std::fs::read(&full) {
            Ok(d) => Ok(Some(d)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(Error::io(full, e)),
        }
    })
    .map(Some)
}

/// Git's signing setup, as the pre-commit check sees it.
#[derive(Debug, Clone, Default)]
pub struct GitSigningSetup {
    /// `commit.gpgsign`.
    pub gpgsign: Option<String>,
    /// `gpg.format` (`openpgp` when unset).
    pub format: Option<String>,
    /// `user.signingkey`.
    pub signing_key: Option<String>,
}

/// Why git is not set up to make commits this policy accepts; empty when it is (or when the
/// policy does not require signing). A commit does not exist yet at pre-commit time, so this
/// checks the configuration that will sign it.
pub fn signing_setup_problems(policy: &Policy, setup: &GitSigningSetup) -> Vec<String> {
    let mut problems = Vec::new();
    if !policy.required {
        return problems;
    }
    let on = setup
        .gpgsign
        .as_deref()
        .is_some_and(|v| matches!(v.to_ascii_lowercase().as_str(), "true" | "yes" | "on" | "1"));
    if !on {
        problems
            .push("commit.gpgsign is not true: run `git config commit.gpgsign true`".to_owned());
    }
    let format = setup.format.as_deref().unwrap_or("openpgp");
    match format {
        "openpgp" if policy.keyring.is_empty() => problems.push(
            "gpg.format is openpgp but the policy trusts no OpenPGP key: \
             run `git config gpg.format ssh`"
                .to_owned(),
        ),
        "ssh" if policy.signers.entries.is_empty() => problems.push(
            "gpg.format is ssh but the policy's allowed_signers lists no key: \
             run `git config gpg.format openpgp`"
                .to_owned(),
        ),
        "openpgp" | "ssh" => {}
        other => problems.push(format!(
            "gpg.format is {other}, which vigil cannot verify: use openpgp or ssh"
        )),
    }
    if setup.signing_key.is_none() {
        problems.push(
            "user.signingkey is not set: run `git config user.signingkey <key id or ~/.ssh/key.pub>`"
                .to_owned(),
        );
    }
    problems
}
