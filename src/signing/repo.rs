//! Repository access for signature verification, through gitoxide: no `git` process per
//! commit. Reads raw commit objects, walks ranges, and reads policy files as they were in a
//! given commit.

use std::path::Path;

use gix::ObjectId;
use gix::revision::plumbing::Spec;

use super::commit::HashKind;
use crate::error::{Error, Result};

/// An opened repository.
pub struct Repo {
    repo: gix::Repository,
}

fn git_err(what: &str, e: impl std::fmt::Display) -> Error {
    Error::Git(format!("{what}: {e}"))
}

impl Repo {
    /// Opens the repository containing `path` (searching upwards, like git).
    ///
    /// # Errors
    /// [`Error::Git`] when `path` is not inside a git repository.
    pub fn discover(path: &Path) -> Result<Repo> {
        let mut repo = gix::discover(path).map_err(|e| git_err(&path.display().to_string(), e))?;
        // Every commit's parent policy is looked up in its tree; consecutive commits share
        // most trees, so a small object cache saves re-inflating them.
        repo.object_cache_size_if_unset(4 << 20);
        Ok(Repo { repo })
    }

    /// The signature header this repository's commits use.
    pub fn hash_kind(&self) -> HashKind {
        match self.repo.object_hash() {
            gix::hash::Kind::Sha1 => HashKind::Sha1,
            _ => HashKind::Sha256,
        }
    }

    /// The work tree, if any.
    pub fn workdir(&self) -> Option<&Path> {
        self.repo.workdir()
    }

    /// Resolves a revision to a commit id.
    ///
    /// # Errors
    /// [`Error::Git`] when it does not name a commit.
    pub fn resolve(&self, rev: &str) -> Result<ObjectId> {
        let id = self
            .repo
            .rev_parse_single(rev)
            .map_err(|e| git_err(rev, e))?;
        let obj = id.object().map_err(|e| git_err(rev, e))?;
        let commit = obj.peel_to_commit().map_err(|e| git_err(rev, e))?;
        Ok(commit.id)
    }

    /// Commits named by a revision range (`A..B`, `B`, `^A`), newest first.
    ///
    /// # Errors
    /// [`Error::Git`] for an unknown revision or an unsupported range form.
    pub fn range(&self, spec: &str) -> Result<Vec<ObjectId>> {
        let parsed = self
            .repo
            .rev_parse(spec)
            .map_err(|e| git_err(spec, e))?
            .detach();
        let (tips, hidden) = match parsed {
            Spec::Include(id) => (vec![id], vec![]),
            Spec::Range { from, to } => (vec![to], vec![from]),
            other => {
                return Err(Error::Usage(format!(
                    "unsupported revision range `{spec}` ({other}): use A..B or a single revision"
                )));
            }
        };
        let peel = |ids: Vec<ObjectId>| -> Result<Vec<ObjectId>> {
            ids.into_iter()
                .map(|id| self.resolve(&id.to_string()))
                .collect()
        };
        self.walk(peel(tips)?, peel(hidden)?)
    }

    /// Commits reachable from `tips` but not from `hidden`, newest first.
    ///
    /// # Errors
    /// [`Error::Git`] when the walk fails (missing objects).
    pub fn walk(&self, tips: Vec<ObjectId>, hidden: Vec<ObjectId>) -> Result<Vec<ObjectId>> {
        if tips.is_empty() {
            return Ok(Vec::new());
        }
        let walk = self
            .repo
            .rev_walk(tips)
            .with_hidden(hidden)
            .all()
            .map_err(|e| git_err("walking history", e))?;
        walk.map(|info| {
            info.map(|i| i.id)
                .map_err(|e| git_err("walking history", e))
        })
        .collect()
    }

    /// The commits every reference points at (peeled; non-commits skipped).
    ///
    /// # Errors
    /// [`Error::Git`] when references cannot be read.
    pub fn ref_tips(&self, remotes_only: bool) -> Result<Vec<ObjectId>> {
        let platform = self
            .repo
            .references()
            .map_err(|e| git_err("reading references", e))?;
        let iter = if remotes_only {
            platform.remote_branches()
        } else {
            platform.all()
        }
        .map_err(|e| git_err("reading references", e))?;
        let mut tips = Vec::new();
        for r in iter {
            let Ok(mut r) = r else { continue };
            let Ok(id) = r.peel_to_id() else { continue };
            if let Ok(obj) = id.object()
                && obj.kind == gix::object::Kind::Commit
            {
                tips.push(id.detach());
            }
        }
        tips.sort();
        tips.dedup();
        Ok(tips)
    }

    /// Every commit reachable from any reference (`--all`).
    ///
    /// # Errors
    /// As [`Repo::walk`].
    pub fn all(&self) -> Result<Vec<ObjectId>> {
        let tips = self.ref_tips(false)?;
        self.walk(tips, Vec::new())
    }

    /// The raw bytes of a commit object.
    ///
    /// # Errors
    /// [`Error::Git`] when the object is missing or not a commit.
    pub fn raw_commit(&self, id: ObjectId) -> Result<Vec<u8>> {
        let obj = self
            .repo
            .find_object(id)
            .map_err(|e| git_err(&id.to_string(), e))?;
        if obj.kind != gix::object::Kind::Commit {
            return Err(Error::Git(format!("{id} is a {}, not a commit", obj.kind)));
        }
        Ok(obj.detach().data)
    }

    /// The blob id and contents of `path` in `commit`'s tree, `None` when absent.
    ///
    /// # Errors
    /// [`Error::Git`] when objects are missing.
    pub fn read_at(&self, commit: ObjectId, path: &str) -> Result<Option<(ObjectId, Vec<u8>)>> {
        let Some(id) = self.blob_id_at(commit, path)? else {
            return Ok(None);
        };
        let blob = self.repo.find_object(id).map_err(|e| git_err(path, e))?;
        Ok(Some((id, blob.detach().data)))
    }

    /// The blob id of `path` in `commit`'s tree.
    ///
    /// # Errors
    /// [`Error::Git`] when objects are missing.
    pub fn blob_id_at(&self, commit: ObjectId, path: &str) -> Result<Option<ObjectId>> {
        let c = self
            .repo
            .find_commit(commit)
            .map_err(|e| git_err(&commit.to_string(), e))?;
        let tree = c.tree().map_err(|e| git_err(&commit.to_string(), e))?;
        let entry = tree
            .lookup_entry_by_path(path)
            .map_err(|e| git_err(path, e))?;
        Ok(entry.filter(|e| e.mode().is_blob()).map(|e| e.object_id()))
    }

    /// Whether `ancestor` is `commit` or one of its ancestors.
    ///
    /// # Errors
    /// As [`Repo::walk`].
    pub fn ancestors(&self, tip: ObjectId) -> Result<std::collections::HashSet<ObjectId>> {
        Ok(self.walk(vec![tip], Vec::new())?.into_iter().collect())
    }
}

impl Repo {
    /// The value of a git configuration key as git itself resolves it (system, global, local,
    /// environment). Spawns `git config` once per key: used by the pre-commit check only.
    ///
    /// # Errors
    /// [`Error::Git`] when git cannot be run.
    pub fn git_config(&self, key: &str) -> Result<Option<String>> {
        let dir = self.repo.workdir().unwrap_or_else(|| self.repo.git_dir());
        let out = std::process::Command::new("git")
            .arg("-C")
            .arg(dir)
            .args(["config", "--get", key])
            .output()
            .map_err(|e| git_err("running git config", e))?;
        let value = String::from_utf8_lossy(&out.stdout).trim().to_owned();
        Ok((out.status.success() && !value.is_empty()).then_some(value))
    }

    /// The commit HEAD points at, `None` on an unborn branch.
    pub fn head(&self) -> Option<ObjectId> {
        self.repo.head_id().ok().map(gix::Id::detach)
    }
}

impl Repo {
    /// Raw bytes of many commits, read on all cores (inflating objects dominates a large
    /// history's audit), in the order of `ids`.
    ///
    /// # Errors
    /// As [`Repo::raw_commit`], for the first failing id.
    pub fn raw_commits(&self, ids: &[ObjectId]) -> Result<Vec<Vec<u8>>> {
        use rayon::prelude::*;
        let sync = self.repo.clone().into_sync();
        ids.par_iter()
            .map_init(
                || Repo {
                    repo: {
                        let mut r = sync.to_thread_local();
                        r.object_cache_size_if_unset(4 << 20);
                        r
                    },
                },
                |r, &id| r.raw_commit(id),
            )
            .collect()
    }
}
