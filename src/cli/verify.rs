//! `vigil verify`: commit signatures against the signing policy (also the pre-commit and
//! pre-push checks).

use std::io::{BufRead, Write};
use std::sync::Arc;

use anyhow::{Context, Result, bail};
use vigil::report::signatures;
use vigil::signing::{
    self, GitSigningSetup, PolicySource, Repo, SignatureKind, Verdict, format_violations,
};

use super::args::{FormatArg, VerifyArgs};
use super::exit::Code;

const ZERO: &str = "0000000000000000000000000000000000000000";

/// Runs `vigil verify`.
pub fn run(args: VerifyArgs) -> Result<Code> {
    let repo = Repo::discover(&args.dir).context("opening the repository")?;
    if args.pre_commit {
        return pre_commit(&repo, &args);
    }
    let source = match &args.policy {
        Some(path) => {
            let policy = signing::load_policy_file(path)
                .with_context(|| format!("loading the policy {}", path.display()))?
                .with_context(|| format!("{} has no [signing] section", path.display()))?;
            PolicySource::Fixed(Arc::new(policy))
        }
        None => PolicySource::History,
    };
    let mut ids = if args.pre_push {
        pushed_commits(&repo)?
    } else if args.all {
        repo.all()?
    } else {
        repo.range(args.range.as_deref().unwrap_or("HEAD"))?
    };
    if let Some(root) = &args.trust_root {
        let root = repo.resolve(root).context("resolving --trust-root")?;
        let trusted = repo.ancestors(root)?;
        ids.retain(|id| !trusted.contains(id));
    }
    if args.policy_history {
        return policy_history(&repo, &ids, args.format);
    }
    let verdicts = signing::verify_commits(&repo, &ids, &source)?;
    let mut buf = Vec::new();
    match args.format {
        FormatArg::Json => {
            let doc = serde_json::json!({ "commits": verdicts, "summary": summary(&verdicts) });
            writeln!(buf, "{}", serde_json::to_string_pretty(&doc)?)?;
        }
        FormatArg::Human => human(&mut buf, &verdicts)?,
        FormatArg::Sarif => signatures::write_sarif(&verdicts, &mut buf)?,
        FormatArg::Junit => signatures::write_junit(&verdicts, &mut buf)?,
        FormatArg::Csv => anyhow::bail!("vigil verify writes --format human, json, sarif or junit"),
    }
    // Rendered whole first, so a closed pipe surfaces as one io::Error (exit 0).
    match &args.output {
        Some(path) => super::output::write_private(path, &buf)?,
        None => std::io::stdout().lock().write_all(&buf)?,
    }
    Ok(if verdicts.iter().all(|v| v.allowed) {
        Code::Clean
    } else {
        Code::Findings
    })
}

fn summary(verdicts: &[Verdict]) -> serde_json::Value {
    let count = |k: SignatureKind| verdicts.iter().filter(|v| v.signature == k).count();
    serde_json::json!({
        "commits": verdicts.len(),
        "openpgp": count(SignatureKind::Openpgp),
        "ssh": count(SignatureKind::Ssh),
        "x509": count(SignatureKind::X509),
        "unsigned": count(SignatureKind::None),
        "valid": verdicts.iter().filter(|v| v.valid).count(),
        "exempt": verdicts.iter().filter(|v| v.exempt.is_some()).count(),
        "violations": verdicts.iter().filter(|v| !v.allowed).count(),
    })
}

fn human(out: &mut impl Write, verdicts: &[Verdict]) -> Result<()> {
    let s = summary(verdicts);
    let msg = format_violations(verdicts);
    if !msg.is_empty() {
        write!(out, "{msg}")?;
    }
    writeln!(
        out,
        "vigil verify: {} commits ({} OpenPGP, {} SSH, {} X.509, {} unsigned); {} valid \
         signatures, {} exempt, {} violations",
        s["commits"],
        s["openpgp"],
        s["ssh"],
        s["x509"],
        s["unsigned"],
        s["valid"],
        s["exempt"],
        s["violations"]
    )?;
    Ok(())
}

/// Commits a push would send, from git's pre-push lines
/// `<local ref> <local sha> <remote ref> <remote sha>` on standard input.
fn pushed_commits(repo: &Repo) -> Result<Vec<gix::ObjectId>> {
    let mut ids = Vec::new();
    let mut remotes = None;
    for line in std::io::stdin().lock().lines() {
        let line = line.context("reading pre-push input")?;
        let f: Vec<&str> = line.split_whitespace().collect();
        let [_, local, _, remote] = f[..] else {
            if line.trim().is_empty() {
                continue;
            }
            bail!("unexpected pre-push input line: {line}");
        };
        if local.trim_start_matches('0').is_empty() {
            continue; // deleting a ref sends no commits
        }
        let tip = repo.resolve(local)?;
        let hidden = if remote.trim_start_matches('0').is_empty() || remote == ZERO {
            match &remotes {
                Some(r) => Clone::clone(r),
                None => {
                    let r = repo.ref_tips(true)?;
                    remotes = Some(r.clone());
                    r
                }
            }
        } else {
            repo.resolve(remote).map(|r| vec![r]).unwrap_or_default()
        };
        ids.extend(repo.walk(vec![tip], hidden)?);
    }
    let mut seen = std::collections::HashSet::new();
    ids.retain(|id| seen.insert(*id));
    Ok(ids)
}

fn pre_commit(repo: &Repo, args: &VerifyArgs) -> Result<Code> {
    let policy = match (&args.policy, repo.head()) {
        (Some(path), _) => signing::load_policy_file(path)?.map(Arc::new),
        (None, Some(head)) => signing::policy_at(repo, head)?,
        (None, None) => match repo.workdir() {
            Some(dir) => signing::load_policy_file(&dir.join(signing::POLICY_FILE))
                .ok()
                .flatten()
                .map(Arc::new),
            None => None,
        },
    };
    let Some(policy) = policy else {
        return Ok(Code::Clean);
    };
    let setup = GitSigningSetup {
        gpgsign: repo.git_config("commit.gpgsign")?,
        format: repo.git_config("gpg.format")?,
        signing_key: repo.git_config("user.signingkey")?,
    };
    let problems = signing::signing_setup_problems(&policy, &setup);
    if problems.is_empty() {
        return Ok(Code::Clean);
    }
    eprintln!(
        "vigil: this repository's signing policy ({}) requires signed commits, but git is not \
         set up to sign:",
        policy.source
    );
    for p in &problems {
        eprintln!("  - {p}");
    }
    Ok(Code::Findings)
}

fn policy_history(repo: &Repo, ids: &[gix::ObjectId], format: FormatArg) -> Result<Code> {
    let changes = signing::policy_history(repo, ids)?;
    let mut out = std::io::stdout().lock();
    match format {
        FormatArg::Sarif | FormatArg::Junit | FormatArg::Csv => {
            anyhow::bail!("vigil verify writes --format human or json")
        }
        FormatArg::Json => {
            let doc = serde_json::json!({ "changes": changes });
            writeln!(out, "{}", serde_json::to_string_pretty(&doc)?)?;
        }
        FormatArg::Human => {
            for c in &changes {
                writeln!(
                    out,
                    "{}  {}  \"{}\"  {}",
                    signing::short(&c.commit),
                    c.author,
                    c.subject,
                    if c.allowed {
                        "allowed".to_owned()
                    } else {
                        format!("NOT ALLOWED: {}", c.reason.as_deref().unwrap_or("?"))
                    }
                )?;
                if let Some((a, b)) = c.required {
                    writeln!(out, "    required: {a} -> {b}")?;
                }
                for k in &c.added_keys {
                    writeln!(out, "    + {k}")?;
                }
                for k in &c.removed_keys {
                    writeln!(out, "    - {k}")?;
                }
            }
            writeln!(out, "{} policy changes", changes.len())?;
        }
    }
    Ok(if changes.iter().all(|c| c.allowed) {
        Code::Clean
    } else {
        Code::Findings
    })
}
