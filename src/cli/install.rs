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

/// Installs the hook, chaining (or with --force, backing up) any existing one, and says what
/// happened to it.
pub fn install(args: InstallArgs) -> Result<Code> {
    let git = Git::discover(&args.repo).context("vigil install needs a git repository")?;
    let exe = std::env::current_exe().context("cannot locate the vigil binary")?;
    let exe = exe.canonicalize().unwrap_or(exe);
    let done = hooks::install(&git, hook(&args), &exe, args.force)?;
    match done.outcome {
        Installed::Fresh(p) => println!("installed {}", p.display()),
        Installed::Updated(p) => {
            println!("updated {} (vigil's hook was already there)", p.display())
        }
        Installed::UpdatedLegacy(p) => println!(
            "updated vigil's hook at {} (run by the pre-commit framework's hook)",
            p.display()
        ),
        Installed::Chained {
            hook,
            chained,
            runs: true,
        } => println!(
            "installed {}; the existing hook was kept as {} and runs first",
            hook.display(),
            chained.display()
        ),
        Installed::Chained {
            hook,
            chained,
            runs: false,
        } => println!(
            "installed {}; the existing hook was kept as {} (not executable: not run)",
            hook.display(),
            chained.display()
        ),
        Installed::Replaced { hook, backup } => println!(
            "installed {}; the existing hook was moved to {} (--force) and no longer runs",
            hook.display(),
            backup.display()
        ),
        Installed::Husky { script, created } => println!(
            "husky detected: {} vigil's check {} {}",
            if created { "created" } else { "added" },
            if created { "as" } else { "at the end of" },
            script.display()
        ),
        Installed::HuskyUpdated(script) => println!(
            "husky detected: vigil's check is already in {}",
            script.display()
        ),
    }
    for note in done.notes {
        println!("note: {note}");
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
        Uninstalled::RemovedLegacy { legacy, restored } => println!(
            "removed vigil's hook from {}{}",
            legacy.display(),
            if restored {
                "; the hook that was there before vigil is the pre-commit framework's legacy hook again"
            } else {
                ""
            }
        ),
        Uninstalled::Husky(script) => {
            println!("removed vigil's check from {}", script.display());
        }
    }
    Ok(Code::Clean)
}
