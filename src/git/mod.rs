//! The only module that runs git. Every invocation goes through [`Git`], which pins the
//! options a hostile repository could otherwise use to run code or change the output vigil
//! parses: no external diff or textconv drivers, no fsmonitor hook, no pager, fixed quoting and
//! prefixes, no colour.

pub mod diff;
pub mod history;
pub mod hooks;
pub mod log;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use crate::error::{Error, Result};

/// Configuration forced on every git command vigil runs.
const SAFE_CONFIG: &[&str] = &[
    "core.fsmonitor=false",
    "core.quotePath=true",
    "core.pager=cat",
    "diff.external=",
    "diff.noprefix=false",
    "diff.mnemonicPrefix=false",
    "diff.relative=false",
    "color.ui=never",
    // `git log` must not verify signatures (that runs the repository's gpg.program) and must
    // show a root commit's files as added.
    "log.showSignature=false",
    "log.showRoot=true",
];

/// A repository, located once.
#[derive(Debug, Clone)]
pub struct Git {
    /// The work tree root (absent for bare repositories).
    pub work_tree: Option<PathBuf>,
    /// The directory vigil runs git in.
    dir: PathBuf,
}

impl Git {
    /// Finds the repository containing `dir` (as `git -C dir` would).
    ///
    /// # Errors
    /// `dir` is not inside a git repository, or git cannot be run.
    pub fn discover(dir: &Path) -> Result<Git> {
        let probe = Git::at(dir);
        let out = probe.output(&["rev-parse", "--is-bare-repository", "--show-toplevel"])?;
        let text = String::from_utf8_lossy(&out);
        let mut lines = text.lines();
        let bare = lines.next() == Some("true");
        let work_tree = if bare {
            None
        } else {
            lines.next().map(PathBuf::from)
        };
        Ok(Git {
            work_tree,
            dir: dir.to_path_buf(),
        })
    }

    /// The repository at `dir` without asking git anything yet (saves a process start on the
    /// pre-commit path; the first real command reports a missing repository). The work tree is
    /// found by looking for `.git` upwards, unless `GIT_DIR` is set: then the repository is
    /// not where a `.git` is (the work tree may even sit inside another repository), so git
    /// is asked (`git --git-dir=X --work-tree=Y` set-ups, hooks run under them).
    pub fn at(dir: &Path) -> Git {
        if std::env::var_os("GIT_DIR").is_some_and(|d| !d.is_empty()) {
            let probe = Git {
                work_tree: None,
                dir: dir.to_path_buf(),
            };
            if let Ok(out) = probe.output(&["rev-parse", "--show-toplevel"]) {
                let top = String::from_utf8_lossy(&out)
                    .trim_end_matches(['\n', '\r'])
                    .to_string();
                return Git {
                    work_tree: (!top.is_empty()).then(|| PathBuf::from(top)),
                    dir: dir.to_path_buf(),
                };
            }
        }
        Git {
            work_tree: crate::config::repo_root(dir),
            dir: dir.to_path_buf(),
        }
    }

    /// A `git` command in this repository with the safe configuration applied.
    pub fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new("git");
        cmd.arg("-C").arg(&self.dir);
        for c in SAFE_CONFIG {
            cmd.arg("-c").arg(c);
        }
        cmd.args(args)
            .env("GIT_TERMINAL_PROMPT", "0")
            .env_remove("GIT_EXTERNAL_DIFF")
            .env_remove("GIT_PAGER")
            .stdin(Stdio::null());
        cmd
    }

    /// Runs git and returns its standard output.
    ///
    /// # Errors
    /// git cannot be started or exits unsuccessfully (the error quotes git's message).
    pub fn output(&self, args: &[&str]) -> Result<Vec<u8>> {
        let out = self
            .command(args)
            .output()
            .map_err(|e| Error::Git(format!("cannot run git: {e}")))?;
        check(args, &out)?;
        Ok(out.stdout)
    }

    /// `git rev-parse --git-path hooks`: where hooks live, honouring `core.hooksPath`, linked
    /// worktrees and submodules.
    ///
    /// # Errors
    /// git fails.
    pub fn hooks_dir(&self) -> Result<PathBuf> {
        let out = self.output(&["rev-parse", "--path-format=absolute", "--git-path", "hooks"])?;
        let path = String::from_utf8_lossy(&out)
            .trim_end_matches(['\n', '\r'])
            .to_string();
        Ok(PathBuf::from(path))
    }

    /// Whether `rev` names a commit present in this repository (false for an object that was
    /// never fetched, such as a remote branch tip someone else pushed).
    pub fn has_commit(&self, rev: &str) -> bool {
        if rev.starts_with('-') {
            return false;
        }
        let spec = format!("{rev}^{{commit}}");
        self.command(&["rev-parse", "--verify", "--quiet", &spec])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    }

    /// Whether `HEAD` points at a commit (false in a new repository before its first commit).
    pub fn has_head(&self) -> bool {
        self.command(&["rev-parse", "--verify", "--quiet", "HEAD^{commit}"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    }
}

fn check(args: &[&str], out: &Output) -> Result<()> {
    if out.status.success() {
        return Ok(());
    }
    let stderr = String::from_utf8_lossy(&out.stderr);
    Err(Error::Git(format!(
        "`git {}` failed: {}",
        args.join(" "),
        stderr.trim()
    )))
}

/// The id of git's empty tree, the base of a repository's first commit.
pub const EMPTY_TREE: &str = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";
