//! Installing and removing vigil's git hooks without ever losing a user's own hook.
//!
//! The hooks directory comes from `git rev-parse --git-path hooks`, so `core.hooksPath`,
//! linked worktrees and submodules are honoured. An existing hook that is not vigil's is
//! *chained*: renamed to `<hook>.vigil-chained` and run by vigil's hook first (its failure still
//! blocks). With `force`, it is instead moved to `<hook>.vigil-backup` and not run. Uninstalling
//! removes vigil's hook and puts back exactly what was there. See docs/adr/0004.

use std::fs;
use std::path::{Path, PathBuf};

use super::Git;
use crate::error::{Error, Result};

/// The marker line that identifies a hook written by vigil.
const MARKER: &str = "# vigil pre-";

/// A hook vigil manages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hook {
    /// `pre-commit`: `vigil staged`.
    PreCommit,
    /// `pre-push`: `vigil hook pre-push`.
    PrePush,
}

impl Hook {
    /// The hook's file name.
    pub fn name(self) -> &'static str {
        match self {
            Hook::PreCommit => "pre-commit",
            Hook::PrePush => "pre-push",
        }
    }

    fn template(self) -> &'static str {
        match self {
            Hook::PreCommit => include_str!("../../hooks/pre-commit"),
            Hook::PrePush => include_str!("../../hooks/pre-push"),
        }
    }
}

/// What `install` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Installed {
    /// Wrote the hook; nothing was there.
    Fresh(PathBuf),
    /// Wrote the hook; the earlier hook now runs first from `chained`.
    Chained {
        /// vigil's hook.
        hook: PathBuf,
        /// Where the earlier hook now lives.
        chained: PathBuf,
    },
    /// Wrote the hook; the earlier hook was moved to `backup` and no longer runs.
    Replaced {
        /// vigil's hook.
        hook: PathBuf,
        /// Where the earlier hook was moved.
        backup: PathBuf,
    },
    /// vigil's hook was already there; rewritten in place.
    Updated(PathBuf),
}

/// Installs `hook`, calling the vigil binary at `vigil_bin`.
///
/// # Errors
/// The hooks directory cannot be found or written, or a chained/backup file already exists
/// (vigil refuses rather than overwrite it).
pub fn install(git: &Git, hook: Hook, vigil_bin: &Path, force: bool) -> Result<Installed> {
    let dir = git.hooks_dir()?;
    fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
    let path = dir.join(hook.name());
    let script = hook
        .template()
        .replace("@VIGIL_BIN@", &vigil_bin.display().to_string());
    let existing = fs::read(&path).ok();
    let outcome = match existing {
        None => Installed::Fresh(path.clone()),
        Some(old) if is_ours(&old) => Installed::Updated(path.clone()),
        Some(_) => {
            let (suffix, chain) = if force {
                ("vigil-backup", false)
            } else {
                ("vigil-chained", true)
            };
            let aside = dir.join(format!("{}.{suffix}", hook.name()));
            if aside.exists() {
                return Err(Error::Usage(format!(
                    "{} already exists; refusing to overwrite it. Move it away and run `vigil install` again.",
                    aside.display()
                )));
            }
            fs::rename(&path, &aside).map_err(|e| Error::io(&path, e))?;
            if chain {
                Installed::Chained {
                    hook: path.clone(),
                    chained: aside,
                }
            } else {
                Installed::Replaced {
                    hook: path.clone(),
                    backup: aside,
                }
            }
        }
    };
    write_executable(&path, script.as_bytes())?;
    Ok(outcome)
}

/// What `uninstall` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Uninstalled {
    /// There was no vigil hook.
    NotInstalled,
    /// Removed vigil's hook; nothing else was there.
    Removed(PathBuf),
    /// Removed vigil's hook and put the earlier hook back.
    Restored(PathBuf),
}

/// Removes vigil's `hook` and restores what it replaced or chained.
///
/// # Errors
/// The hook at the path is not vigil's (vigil never deletes a hook it did not write), or
/// files cannot be moved.
pub fn uninstall(git: &Git, hook: Hook) -> Result<Uninstalled> {
    let dir = git.hooks_dir()?;
    let path = dir.join(hook.name());
    match fs::read(&path) {
        Err(_) => return Ok(Uninstalled::NotInstalled),
        Ok(content) if !is_ours(&content) => {
            return Err(Error::Usage(format!(
                "{} is not vigil's hook; leaving it alone",
                path.display()
            )));
        }
        Ok(_) => {}
    }
    fs::remove_file(&path).map_err(|e| Error::io(&path, e))?;
    for suffix in ["vigil-chained", "vigil-backup"] {
        let aside = dir.join(format!("{}.{suffix}", hook.name()));
        if aside.exists() {
            fs::rename(&aside, &path).map_err(|e| Error::io(&aside, e))?;
            return Ok(Uninstalled::Restored(path));
        }
    }
    Ok(Uninstalled::Removed(path))
}

fn is_ours(content: &[u8]) -> bool {
    String::from_utf8_lossy(content)
        .lines()
        .take(3)
        .any(|l| l.starts_with(MARKER))
}

fn write_executable(path: &Path, bytes: &[u8]) -> Result<()> {
    fs::write(path, bytes).map_err(|e| Error::io(path, e))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(path, fs::Permissions::from_mode(0o755))
            .map_err(|e| Error::io(path, e))?;
    }
    Ok(())
}
