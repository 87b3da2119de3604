//! `vigil install` and `vigil uninstall`.

use anyhow::{Context, Result};
use vigil::git::Git;
use vigil::git::hooks::{self, Hook, Installed, Uninstalled};

use super::args::InstallArgs;
use super::exit::Code;

fn hook(args: &InstallArgs) -> Hook {
    if args.pre_push {
        Hook::PrePush
    } else {
        Hook::PreCommit
    }
}

/// Installs the hook, chaining (or with --force, backing up) any existing one.
pub fn install(args: InstallArgs) -> Result<Code> {
    let git = Git::discover(&args.repo).context("vigil install needs a git repository")?;
    let exe = std::env::current_exe().context("cannot locate the vigil binary")?;
    let exe = exe.canonicalize().unwrap_or(exe);
    match hooks::install(&git, hook(&args), &exe, args.force)? {
        Installed::Fresh(p) => println!("installed {}", p.display()),
        Installed::Updated(p) => println!("updated {}", p.display()),
        Installed::Chained { hook, chained } => println!(
            "installed {}; the existing hook was kept as {} and runs first",
            hook.display(),
            chained.display()
        ),
        Installed::Replaced { hook, backup } => println!(
            "installed {}; the existing hook was moved to {} (--force) and no longer runs",
            hook.display(),
            backup.display()
        ),
    }
    Ok(Code::Clean)
}

/// Removes vigil's hook and restores the previous one.
pub fn uninstall(args: InstallArgs) -> Result<Code> {
    let git = Git::discover(&args.repo).context("vigil uninstall needs a git repository")?;
    match hooks::uninstall(&git, hook(&args))? {
        Uninstalled::NotInstalled => println!("no vigil {} hook installed", hook(&args).name()),
        Uninstalled::Removed(p) => println!("removed {}", p.display()),
        Uninstalled::Restored(p) => println!(
            "removed vigil's hook; restored the previous {}",
            p.display()
        ),
    }
    Ok(Code::Clean)
}
