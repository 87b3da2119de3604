//! The pre-commit framework integration, with the real `pre-commit` package from PyPI.
//!
//! The test installs pre-commit into a virtual environment under `target/`, points a fresh
//! repository's `.pre-commit-config.yaml` at this checkout (at its HEAD commit), and shows a
//! real `git commit` blocked with a secret staged and allowed without. If pre-commit cannot be
//! installed, the test fails: it never skips silently.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::util::TestRepo;

pub(crate) fn target_dir() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| manifest.join("target"), PathBuf::from)
}

/// A virtual environment with pre-commit, created once and reused; returns its `bin`. Tests
/// in other modules use it too, so creating it is serialised.
pub(crate) fn pre_commit_venv() -> PathBuf {
    static CREATING: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _guard = CREATING
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let venv = target_dir().join("it-pre-commit-venv");
    let bin = venv.join("bin");
    if !bin.join("pre-commit").exists() {
        let ok = Command::new("python3")
            .args(["-m", "venv"])
            .arg(&venv)
            .status()
            .is_ok_and(|s| s.success());
        assert!(
            ok,
            "python3 -m venv failed: the pre-commit integration test needs Python 3"
        );
        let ok = Command::new(bin.join("pip"))
            .args(["install", "-q", "pre-commit"])
            .status()
            .is_ok_and(|s| s.success());
        assert!(
            ok,
            "pip install pre-commit failed: the pre-commit integration test cannot run"
        );
    }
    bin
}

fn head_of(checkout: &Path) -> String {
    let out = Command::new("git")
        .arg("-C")
        .arg(checkout)
        .args(["rev-parse", "HEAD"])
        .output()
        .expect("git");
    assert!(
        out.status.success(),
        "the project must be a git checkout for this test"
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

#[test]
fn pre_commit_framework_blocks_a_secret_and_allows_a_clean_commit() {
    let venv_bin = pre_commit_venv();
    let checkout = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let rev = head_of(&checkout);
    let r = TestRepo::new();
    r.write(
        ".pre-commit-config.yaml",
        format!(
            "repos:\n  - repo: {}\n    rev: {rev}\n    hooks:\n      - id: vigil\n",
            checkout.display()
        ),
    );
    let path = format!(
        "{}:{}",
        venv_bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let env = |c: &mut Command| {
        c.env("PATH", &path)
            .env("PRE_COMMIT_HOME", target_dir().join("it-pre-commit-home"))
            .env("CARGO_TARGET_DIR", target_dir().join("it-pre-commit-build"))
            // pre-commit's `cargo install` builds a release binary; this test is about the
            // hook wiring, not speed, so a cheap release profile keeps CI minutes down.
            .env("CARGO_PROFILE_RELEASE_LTO", "false")
            .env("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "16")
            .env("CARGO_PROFILE_RELEASE_OPT_LEVEL", "1")
            .env("CARGO_PROFILE_RELEASE_DEBUG", "false");
    };
    let mut install = r.cmd("pre-commit");
    env(&mut install);
    let out = install.arg("install").output().expect("pre-commit install");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    r.git(&["add", ".pre-commit-config.yaml"]);
    r.write("README.md", "clean\n");
    r.git(&["add", "README.md"]);
    let mut commit = r.cmd("git");
    env(&mut commit);
    let out = commit
        .args(["commit", "-m", "clean"])
        .output()
        .expect("git commit");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.status.success(),
        "a clean commit passes through pre-commit:\n{text}"
    );

    r.write("config.py", "DB_PASSWORD = \"Tr0ub4dor&3xQz9\"\n");
    r.git(&["add", "config.py"]);
    let mut commit = r.cmd("git");
    env(&mut commit);
    let out = commit
        .args(["commit", "-m", "leak"])
        .output()
        .expect("git commit");
    crate::util::record_output(&commit, &out.stdout, &out.stderr);
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        !out.status.success(),
        "the secret must block the commit:\n{text}"
    );
    assert!(
        text.contains("config.py:1:16") && text.contains("generic-password"),
        "{text}"
    );
    assert!(
        !text.contains("Tr0ub4dor&3xQz9"),
        "output is redacted:\n{text}"
    );
}
