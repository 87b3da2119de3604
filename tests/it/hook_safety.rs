//! Hook safety: the installed hooks driven through real `git commit` and `git push` when vigil
//! is missing, in paths with spaces and quotes, under `core.hooksPath`, in linked worktrees,
//! with `GIT_DIR`/`GIT_WORK_TREE`, next to the pre-commit framework and husky, and with odd
//! pre-existing hooks. See docs/adr/0004-hook-chaining.md and the README's hook section.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::util::{TestRepo, record_output};

// A fake credential planted in test repositories; `vigil staged` reports it as generic-password.
const SECRET_LINE: &str = "DB_PASSWORD = \"Tr0ub4dor&3xQz9\"\n"; // vigil:allow: fake secret planted to test the hooks
const SECRET_VALUE: &str = "Tr0ub4dor&3xQz9"; // vigil:allow: the same fake secret, to check redaction

const MISSING: &str = "vigil binary was not found";
const OPT_OUT_HINT: &str = "VIGIL_ALLOW_MISSING=1";
const NOT_SCANNED: &str = "NOT scanned";

/// husky 9.1.7's `.husky/_/h`, byte for byte (the exact-layout test must not need npm).
const HUSKY_H: &str = r#"#!/usr/bin/env sh
[ "$HUSKY" = "2" ] && set -x
n=$(basename "$0")
s=$(dirname "$(dirname "$0")")/$n

[ ! -f "$s" ] && exit 0

if [ -f "$HOME/.huskyrc" ]; then
	echo "husky - '~/.huskyrc' is DEPRECATED, please move your code to ~/.config/husky/init.sh"
fi
i="${XDG_CONFIG_HOME:-$HOME/.config}/husky/init.sh"
[ -f "$i" ] && . "$i"

[ "${HUSKY-}" = "0" ] && exit 0

export PATH="node_modules/.bin:$PATH"
sh -e "$s" "$@"
c=$?

[ $c != 0 ] && echo "husky - $n script failed (code $c)"
[ $c = 127 ] && echo "husky - command not found in PATH=$PATH"
exit $c
"#;
/// What husky 9 writes for every hook in `.husky/_` (no trailing newline).
const HUSKY_HOOK: &str = "#!/usr/bin/env sh\n. \"$(dirname \"$0\")/h\"";
/// The hooks husky 9 generates.
const HUSKY_HOOKS: &[&str] = &[
    "pre-commit",
    "pre-merge-commit",
    "prepare-commit-msg",
    "commit-msg",
    "post-commit",
    "applypatch-msg",
    "pre-applypatch",
    "post-applypatch",
    "pre-rebase",
    "post-rewrite",
    "post-checkout",
    "post-merge",
    "pre-push",
    "pre-auto-gc",
];

// ---------------------------------------------------------------------------------------------
// Helpers

fn vigil_exe() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_vigil"))
}

/// A copy of the built vigil binary at `dir/vigil`.
fn copy_vigil(dir: &Path) -> PathBuf {
    std::fs::create_dir_all(dir).expect("mkdir");
    let bin = dir.join("vigil");
    std::fs::copy(vigil_exe(), &bin).expect("copy vigil");
    set_mode(&bin, 0o755);
    bin
}

fn set_mode(p: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).expect("chmod");
}

fn mode(p: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p).expect("stat").permissions().mode() & 0o777
}

/// The test's PATH without any directory that holds a `vigil`: the hook cannot find vigil
/// there, whatever is installed on the machine.
fn path_without_vigil() -> String {
    let path = std::env::var_os("PATH").unwrap_or_default();
    let dirs: Vec<PathBuf> = std::env::split_paths(&path)
        .filter(|d| !d.join("vigil").exists())
        .collect();
    std::env::join_paths(dirs)
        .expect("PATH")
        .to_string_lossy()
        .into_owned()
}

/// `dirs` in front of the PATH without vigil.
fn path_with(dirs: &[&Path]) -> String {
    let mut all: Vec<PathBuf> = dirs.iter().map(|d| d.to_path_buf()).collect();
    all.extend(std::env::split_paths(&path_without_vigil()));
    std::env::join_paths(all)
        .expect("PATH")
        .to_string_lossy()
        .into_owned()
}

/// Runs `program args` in `dir` with the repository's isolated environment, PATH without vigil
/// unless `env` sets it, and `env` applied last. Returns (exit code, stdout + stderr).
fn run_in(
    r: &TestRepo,
    dir: &Path,
    program: &str,
    args: &[&str],
    env: &[(&str, &str)],
) -> (i32, String) {
    let mut cmd = r.cmd(program);
    cmd.current_dir(dir)
        .args(args)
        .env("PATH", path_without_vigil())
        .env_remove("VIGIL_BIN")
        .env_remove("VIGIL_ALLOW_MISSING");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("{program} {args:?}: {e}"));
    record_output(&cmd, &out.stdout, &out.stderr);
    let mut text = String::from_utf8_lossy(&out.stdout).into_owned();
    text.push_str(&String::from_utf8_lossy(&out.stderr));
    (out.status.code().unwrap_or(-1), text)
}

/// `git args` in the repository (PATH without vigil, `env` applied last).
fn git_env(r: &TestRepo, args: &[&str], env: &[(&str, &str)]) -> (i32, String) {
    run_in(r, r.path(), "git", args, env)
}

/// `vigil install`/`uninstall` run from the binary at `bin`, asserting success.
fn vigil_ok(r: &TestRepo, bin: &Path, args: &[&str], env: &[(&str, &str)]) -> String {
    let (code, out) = run_in(r, r.path(), bin.to_str().expect("utf8"), args, env);
    assert_eq!(code, 0, "vigil {args:?}: {out}");
    out
}

fn stage(r: &TestRepo, file: &str, content: &str) {
    r.write(file, content);
    r.git(&["add", "--", file]);
}

fn unstage_all(r: &TestRepo) {
    if r.git_status(&["rev-parse", "--verify", "-q", "HEAD"]).0 == 0 {
        r.git(&["reset", "-q", "--hard"]);
    } else {
        r.git(&["rm", "-rq", "--cached", "--ignore-unmatch", "."]);
    }
}

fn commits(r: &TestRepo) -> usize {
    let (code, out) = r.git_status(&["rev-list", "--count", "HEAD"]);
    if code == 0 {
        out.trim().parse().expect("count")
    } else {
        0
    }
}

/// The commit was blocked by vigil's scan (not by something else) and the secret is redacted.
fn assert_blocked_by_scan(code: i32, text: &str) {
    assert_ne!(code, 0, "the secret must block the commit:\n{text}");
    assert!(
        text.contains("commit blocked") && text.contains("generic-password"),
        "blocked by vigil's scan:\n{text}"
    );
    assert!(!text.contains(SECRET_VALUE), "redacted:\n{text}");
}

/// Commits a planted secret (blocked by the scan), then a clean file (allowed).
fn assert_guarded(r: &TestRepo, dir: &Path, env: &[(&str, &str)]) {
    let before = commits(r);
    std::fs::write(dir.join("leak.py"), SECRET_LINE).expect("write");
    run_ok(r, dir, &["add", "leak.py"]);
    let (code, text) = run_in(r, dir, "git", &["commit", "-m", "leak"], env);
    assert_blocked_by_scan(code, &text);
    run_ok(r, dir, &["rm", "-q", "--cached", "leak.py"]);
    std::fs::remove_file(dir.join("leak.py")).expect("rm");
    let name = format!("clean-{before}.txt");
    std::fs::write(dir.join(&name), "nothing to see\n").expect("write");
    run_ok(r, dir, &["add", &name]);
    let (code, text) = run_in(r, dir, "git", &["commit", "-m", "clean"], env);
    assert_eq!(code, 0, "a clean commit passes:\n{text}");
}

fn run_ok(r: &TestRepo, dir: &Path, args: &[&str]) -> String {
    let (code, out) = run_in(r, dir, "git", args, &[]);
    assert_eq!(code, 0, "git {args:?}: {out}");
    out
}

fn read(p: &Path) -> Vec<u8> {
    std::fs::read(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// Every file in `dir` with its bytes and mode, to compare a directory before and after.
fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>, u32)> {
    let mut all: Vec<_> = std::fs::read_dir(dir)
        .expect("read_dir")
        .map(|e| {
            let p = e.expect("entry").path();
            let name = p.file_name().expect("name").to_string_lossy().into_owned();
            (name, read(&p), mode(&p))
        })
        .collect();
    all.sort();
    all
}

// ---------------------------------------------------------------------------------------------
// 1. vigil missing

/// A repository whose hook was installed by a vigil binary that has since been deleted.
fn repo_with_vanished_vigil(args: &[&str]) -> (TestRepo, PathBuf) {
    let r = TestRepo::new();
    let gone = tempfile::tempdir().expect("tmp");
    let bin = copy_vigil(gone.path());
    vigil_ok(&r, &bin, args, &[]);
    drop(gone);
    assert!(!bin.exists(), "the installing binary is gone");
    (r, bin)
}

#[test]
fn missing_vigil_blocks_a_leaking_and_a_clean_commit_with_a_clear_message() {
    let (r, bin) = repo_with_vanished_vigil(&["install"]);
    for (file, content) in [("leak.py", SECRET_LINE), ("clean.txt", "fine\n")] {
        stage(&r, file, content);
        let (code, text) = git_env(&r, &["commit", "-m", file], &[]);
        assert_ne!(code, 0, "{file}: commit must be blocked:\n{text}");
        assert!(text.contains(MISSING), "{text}");
        assert!(
            text.contains(&bin.display().to_string()),
            "names the path it looked at:\n{text}"
        );
        assert!(
            text.contains("--no-verify") && text.contains(OPT_OUT_HINT),
            "names the ways forward:\n{text}"
        );
        unstage_all(&r);
    }
    assert_eq!(commits(&r), 0, "nothing was committed");
}

#[test]
fn missing_vigil_opt_out_by_env_or_git_config_passes_with_a_warning() {
    let (r, _) = repo_with_vanished_vigil(&["install"]);
    stage(&r, "a.txt", "one\n");
    let (code, text) = git_env(
        &r,
        &["commit", "-m", "env opt-out"],
        &[("VIGIL_ALLOW_MISSING", "1")],
    );
    assert_eq!(code, 0, "VIGIL_ALLOW_MISSING=1 lets it through:\n{text}");
    assert!(
        text.contains("WARNING") && text.contains(NOT_SCANNED),
        "{text}"
    );

    r.git(&["config", "vigil.allowMissing", "true"]);
    stage(&r, "b.txt", "two\n");
    let (code, text) = git_env(&r, &["commit", "-m", "config opt-out"], &[]);
    assert_eq!(code, 0, "vigil.allowMissing=true lets it through:\n{text}");
    assert!(text.contains(NOT_SCANNED), "{text}");

    // The environment wins over the configuration, both ways.
    stage(&r, "c.txt", "three\n");
    let (code, text) = git_env(
        &r,
        &["commit", "-m", "env says no"],
        &[("VIGIL_ALLOW_MISSING", "0")],
    );
    assert_ne!(
        code, 0,
        "VIGIL_ALLOW_MISSING=0 overrides the config:\n{text}"
    );
    assert!(text.contains(MISSING), "{text}");
    r.git(&["config", "vigil.allowMissing", "false"]);
    let (code, text) = git_env(&r, &["commit", "-m", "config says no"], &[]);
    assert_ne!(code, 0, "{text}");
    assert_eq!(commits(&r), 2);
}

#[test]
fn missing_installed_binary_falls_back_to_vigil_on_path() {
    let (r, _) = repo_with_vanished_vigil(&["install"]);
    let on_path = tempfile::tempdir().expect("tmp");
    copy_vigil(on_path.path());
    let path = path_with(&[on_path.path()]);
    assert_guarded(&r, r.path(), &[("PATH", &path)]);
}

fn bare_remote() -> tempfile::TempDir {
    let remote = tempfile::tempdir().expect("tmp");
    let ok = Command::new("git")
        .args(["init", "-q", "--bare", "-b", "main"])
        .arg(remote.path())
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .status()
        .expect("git");
    assert!(ok.success());
    remote
}

#[test]
fn missing_vigil_blocks_a_push_unless_opted_out() {
    let (r, bin) = repo_with_vanished_vigil(&["install", "--pre-push"]);
    let remote = bare_remote();
    r.git(&[
        "remote",
        "add",
        "origin",
        remote.path().to_str().expect("utf8"),
    ]);
    r.write("README.md", "hello\n");
    r.git(&["add", "."]);
    r.git(&["commit", "-q", "-m", "init"]);
    let (code, text) = git_env(&r, &["push", "origin", "main"], &[]);
    assert_ne!(code, 0, "push must be blocked:\n{text}");
    assert!(
        text.contains(MISSING) && text.contains("push is blocked"),
        "{text}"
    );
    assert!(text.contains(&bin.display().to_string()), "{text}");
    assert!(text.contains(OPT_OUT_HINT), "{text}");
    let (_, refs) = git_env(&r, &["ls-remote", "origin"], &[]);
    assert!(!refs.contains("refs/heads/main"), "nothing pushed: {refs}");

    let (code, text) = git_env(
        &r,
        &["push", "origin", "main"],
        &[("VIGIL_ALLOW_MISSING", "1")],
    );
    assert_eq!(code, 0, "{text}");
    assert!(text.contains(NOT_SCANNED), "{text}");
    let (_, refs) = git_env(&r, &["ls-remote", "origin"], &[]);
    assert!(refs.contains("refs/heads/main"), "{refs}");
}

// ---------------------------------------------------------------------------------------------
// 2. Paths with spaces, quotes and dollars

#[test]
fn repository_and_binary_paths_with_spaces_quotes_and_dollars() {
    let r = TestRepo::named("my repo 'single' \"double\" $HOME `tick`");
    let bins = tempfile::tempdir().expect("tmp");
    let bin = copy_vigil(&bins.path().join("vigil bin 'q' \"dq\" $PATH `x` \\ back"));
    let out = vigil_ok(&r, &bin, &["install"], &[]);
    assert!(out.contains("installed"), "{out}");
    // Only the recorded path can find vigil: PATH has none.
    assert_guarded(&r, r.path(), &[]);
    // The path appears in the hook's messages exactly as it is.
    std::fs::rename(&bin, bin.with_file_name("moved")).expect("mv");
    stage(&r, "x.txt", "x\n");
    let (code, text) = git_env(&r, &["commit", "-m", "x"], &[]);
    assert_ne!(code, 0, "{text}");
    assert!(
        text.contains(&format!("not at {},", bin.display())),
        "{text}"
    );
}

// ---------------------------------------------------------------------------------------------
// 3. core.hooksPath, linked worktrees, GIT_DIR / GIT_WORK_TREE

#[test]
fn core_hooks_path_relative_is_where_the_hook_goes_and_runs() {
    let r = TestRepo::new();
    r.git(&["config", "core.hooksPath", "my hooks"]);
    let (code, out, err) = r.vigil(&["install"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(r.path().join("my hooks/pre-commit").is_file(), "{out}");
    assert!(!r.path().join(".git/hooks/pre-commit").exists());
    assert!(
        out.contains("inside the work tree"),
        "warns that the hook must not be committed:\n{out}"
    );
    assert!(
        out.contains("relative"),
        "says a relative core.hooksPath is per worktree:\n{out}"
    );
    // vigil's hook is not committed by accident (it names this machine's binary).
    r.write(".gitignore", "/my hooks/\n");
    r.git(&["add", ".gitignore"]);
    assert_guarded(&r, r.path(), &[]);
}

#[test]
fn core_hooks_path_absolute_is_where_the_hook_goes_and_runs() {
    let r = TestRepo::new();
    let hooks = tempfile::tempdir().expect("tmp");
    let dir = hooks.path().join("shared hooks");
    r.git(&["config", "core.hooksPath", dir.to_str().expect("utf8")]);
    let (code, out, err) = r.vigil(&["install"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        dir.join("pre-commit").is_file(),
        "created the directory: {out}"
    );
    assert!(!r.path().join(".git/hooks/pre-commit").exists());
    assert_guarded(&r, r.path(), &[]);
    let (code, out, _) = r.vigil(&["uninstall"]);
    assert_eq!(code, 0, "{out}");
    assert!(!dir.join("pre-commit").exists());
}

#[test]
fn linked_worktree_is_guarded_by_the_main_repositorys_hook() {
    let r = TestRepo::new();
    r.write("seed.txt", "x\n");
    r.git(&["add", "seed.txt"]);
    r.git(&["commit", "-q", "-m", "seed"]);
    let (code, out, err) = r.vigil(&["install"]);
    assert_eq!(code, 0, "{out}{err}");
    let parent = tempfile::tempdir().expect("tmp");
    let wt = parent.path().join("linked work tree");
    r.git(&[
        "worktree",
        "add",
        "-q",
        "-b",
        "side",
        wt.to_str().expect("utf8"),
    ]);
    assert_guarded(&r, &wt, &[]);

    // `vigil staged` in each work tree scans that work tree's own index.
    std::fs::write(wt.join("in-linked.py"), SECRET_LINE).expect("write");
    run_ok(&r, &wt, &["add", "in-linked.py"]);
    stage(&r, "in-main.py", SECRET_LINE);
    let staged_paths = |dir: &Path| {
        let mut cmd = r.cmd(vigil_exe().to_str().expect("utf8"));
        cmd.current_dir(dir)
            .args(["staged", "-f", "json", "--no-config"]);
        let (_, out, _) = crate::util::run(&mut cmd);
        let v = crate::util::json(&out);
        v["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .map(|f| f["path"].as_str().expect("path").to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(staged_paths(&wt), ["in-linked.py"]);
    assert_eq!(staged_paths(r.path()), ["in-main.py"]);

    // Installing from the linked worktree updates the one shared hook.
    let (code, out) = run_in(
        &r,
        &wt,
        vigil_exe().to_str().expect("utf8"),
        &["install"],
        &[],
    );
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("updated"), "{out}");
    let hooks: Vec<_> = snapshot(&r.path().join(".git/hooks"))
        .into_iter()
        .map(|(n, _, _)| n)
        .filter(|n| !n.ends_with(".sample"))
        .collect();
    assert_eq!(hooks, ["pre-commit"]);
}

#[test]
fn relative_hooks_path_in_a_linked_worktree_needs_its_own_install() {
    // git resolves a relative core.hooksPath in each work tree: the linked worktree's hooks
    // are in its own copy of the directory, which install (run there) fills.
    let r = TestRepo::new();
    r.git(&["config", "core.hooksPath", ".githooks"]);
    r.write(".gitignore", "/.githooks/pre-commit*\n");
    r.git(&["add", ".gitignore"]);
    r.git(&["commit", "-q", "-m", "seed"]);
    let (code, out, err) = r.vigil(&["install"]);
    assert_eq!(code, 0, "{out}{err}");
    let parent = tempfile::tempdir().expect("tmp");
    let wt = parent.path().join("wt");
    r.git(&[
        "worktree",
        "add",
        "-q",
        "-b",
        "side",
        wt.to_str().expect("utf8"),
    ]);
    let (code, out) = run_in(
        &r,
        &wt,
        vigil_exe().to_str().expect("utf8"),
        &["install"],
        &[],
    );
    assert_eq!(code, 0, "{out}");
    assert!(wt.join(".githooks/pre-commit").is_file(), "{out}");
    assert_guarded(&r, &wt, &[]);
    assert_guarded(&r, r.path(), &[]);
}

#[test]
fn git_dir_and_git_work_tree_from_the_environment() {
    // The work tree sits inside another repository whose policy would allow everything: the
    // hook must scan with the policy of the repository GIT_DIR names, not the enclosing one.
    let outer = TestRepo::named("outer");
    outer.write(
        ".vigil.toml",
        "[allowlist]\ndescription = \"everything\"\npaths = [\"**\"]\n",
    );
    let base = outer.dir.path();
    let git_dir = base.join("separate git dir.git");
    let work = outer.path().join("work tree");
    std::fs::create_dir_all(work.join("sub")).expect("mkdir");
    let abs_env = [
        ("GIT_DIR", git_dir.to_str().expect("utf8")),
        ("GIT_WORK_TREE", work.to_str().expect("utf8")),
    ];
    let (code, out) = run_in(
        &outer,
        &work,
        "git",
        &["init", "-q", "-b", "main"],
        &abs_env,
    );
    assert_eq!(code, 0, "{out}");
    for kv in ["user.name=Test User", "user.email=test@example.invalid"] {
        let (k, v) = kv.split_once('=').expect("kv");
        let (code, out) = run_in(&outer, &work, "git", &["config", k, v], &abs_env);
        assert_eq!(code, 0, "{out}");
    }
    // Install from a subdirectory with the variables exported.
    let (code, out) = run_in(
        &outer,
        &work.join("sub"),
        vigil_exe().to_str().expect("utf8"),
        &["install"],
        &abs_env,
    );
    assert_eq!(code, 0, "{out}");
    assert!(git_dir.join("hooks/pre-commit").is_file(), "{out}");
    assert!(!outer.path().join(".git/hooks/pre-commit").exists());

    // Commit with the variables exported, GIT_DIR relative to the directory git runs in.
    let rel_env = [
        ("GIT_DIR", "../../separate git dir.git"),
        ("GIT_WORK_TREE", "."),
    ];
    std::fs::write(work.join("leak.py"), SECRET_LINE).expect("write");
    let (code, out) = run_in(&outer, &work, "git", &["add", "leak.py"], &rel_env);
    assert_eq!(code, 0, "{out}");
    let (code, text) = run_in(&outer, &work, "git", &["commit", "-m", "leak"], &rel_env);
    assert_blocked_by_scan(code, &text);
    let (code, out) = run_in(
        &outer,
        &work,
        "git",
        &["rm", "-q", "--cached", "leak.py"],
        &rel_env,
    );
    assert_eq!(code, 0, "{out}");
    std::fs::write(work.join("ok.txt"), "ok\n").expect("write");
    let (code, out) = run_in(&outer, &work, "git", &["add", "ok.txt"], &rel_env);
    assert_eq!(code, 0, "{out}");
    let (code, text) = run_in(&outer, &work, "git", &["commit", "-m", "clean"], &rel_env);
    assert_eq!(code, 0, "{text}");
}

// ---------------------------------------------------------------------------------------------
// 4a. The pre-commit framework

fn framework_env(home: &Path) -> Vec<(String, String)> {
    let venv = crate::precommit::pre_commit_venv();
    vec![
        ("PATH".into(), path_with(&[&venv])),
        ("PRE_COMMIT_HOME".into(), home.display().to_string()),
    ]
}

fn as_refs(env: &[(String, String)]) -> Vec<(&str, &str)> {
    env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect()
}

/// A repository whose `.pre-commit-config.yaml` has one local hook that prints a marker.
fn framework_repo() -> TestRepo {
    let r = TestRepo::new();
    r.write(
        ".pre-commit-config.yaml",
        "repos:\n  - repo: local\n    hooks:\n      - id: marker\n        name: marker\n        \
         entry: echo framework-hook-ran\n        language: system\n        \
         pass_filenames: false\n        always_run: true\n        verbose: true\n",
    );
    r.git(&["add", ".pre-commit-config.yaml"]);
    r
}

#[test]
fn pre_commit_framework_first_then_vigil_both_run_and_uninstall_restores_it_exactly() {
    let r = framework_repo();
    let home = tempfile::tempdir().expect("tmp");
    let env = framework_env(home.path());
    let env = as_refs(&env);
    let (code, out) = run_in(&r, r.path(), "pre-commit", &["install"], &env);
    assert_eq!(code, 0, "{out}");
    let hook = r.path().join(".git/hooks/pre-commit");
    let framework_hook = read(&hook);

    let (code, out, err) = r.vigil(&["install"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("pre-commit framework"), "{out}");
    assert_eq!(
        read(&hook.with_file_name("pre-commit.vigil-chained")),
        framework_hook
    );

    stage(&r, "leak.py", SECRET_LINE);
    let (code, text) = git_env(&r, &["commit", "-m", "leak"], &env);
    assert_blocked_by_scan(code, &text);
    assert!(
        text.contains("framework-hook-ran"),
        "the framework ran first:\n{text}"
    );
    unstage_all(&r);
    r.git(&["add", ".pre-commit-config.yaml"]);
    stage(&r, "ok.txt", "ok\n");
    let (code, text) = git_env(&r, &["commit", "-m", "clean"], &env);
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("framework-hook-ran"), "{text}");

    let (code, out, err) = r.vigil(&["uninstall"]);
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(read(&hook), framework_hook, "byte-exact");
    assert_eq!(mode(&hook), 0o755);
    assert!(!hook.with_file_name("pre-commit.vigil-chained").exists());
}

#[test]
fn vigil_first_then_pre_commit_framework_in_migration_mode_still_blocks() {
    let r = framework_repo();
    let hooks = r.path().join(".git/hooks");
    let original = b"#!/bin/sh\necho original-hook-ran\n";
    std::fs::write(hooks.join("pre-commit"), original).expect("write");
    set_mode(&hooks.join("pre-commit"), 0o755);
    let (code, out, err) = r.vigil(&["install"]);
    assert_eq!(code, 0, "{out}{err}");

    let home = tempfile::tempdir().expect("tmp");
    let env = framework_env(home.path());
    let env = as_refs(&env);
    let (code, out) = run_in(&r, r.path(), "pre-commit", &["install"], &env);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("migration mode"), "{out}");
    let framework_hook = read(&hooks.join("pre-commit"));

    stage(&r, "leak.py", SECRET_LINE);
    let (code, text) = git_env(&r, &["commit", "-m", "leak"], &env);
    assert_blocked_by_scan(code, &text);
    assert!(text.contains("original-hook-ran"), "{text}");
    unstage_all(&r);
    r.git(&["add", ".pre-commit-config.yaml"]);
    stage(&r, "ok.txt", "ok\n");
    let (code, text) = git_env(&r, &["commit", "-m", "clean"], &env);
    assert_eq!(code, 0, "{text}");
    assert!(
        text.contains("original-hook-ran") && text.contains("framework-hook-ran"),
        "{text}"
    );

    // Installing again updates vigil's hook where the framework keeps it, and chains nothing
    // new (chaining the framework's hook would make the two call each other forever).
    let before = snapshot(&hooks);
    let (code, out, err) = r.vigil(&["install"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("pre-commit.legacy"), "{out}");
    assert_eq!(snapshot(&hooks), before);
    assert_guarded(&r, r.path(), &env);

    // Uninstalling leaves the framework's hook alone and gives it back the original hook as
    // its legacy hook: what `pre-commit install` would have made without vigil.
    let (code, out, err) = r.vigil(&["uninstall"]);
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(read(&hooks.join("pre-commit")), framework_hook);
    assert_eq!(read(&hooks.join("pre-commit.legacy")), original);
    assert!(!hooks.join("pre-commit.vigil-chained").exists());
    stage(&r, "leak2.py", SECRET_LINE);
    let (code, text) = git_env(&r, &["commit", "-m", "unguarded"], &env);
    assert_eq!(code, 0, "vigil is gone:\n{text}");
    assert!(text.contains("original-hook-ran"), "{text}");
}

// ---------------------------------------------------------------------------------------------
// 4b. husky

/// Writes what husky 9 generates in `.husky/_` and sets `core.hooksPath`, as `husky` does.
fn husky_generate(r: &TestRepo) {
    let dir = r.path().join(".husky/_");
    std::fs::create_dir_all(&dir).expect("mkdir");
    std::fs::write(dir.join(".gitignore"), "*").expect("write");
    std::fs::write(dir.join("h"), HUSKY_H).expect("write");
    for h in HUSKY_HOOKS {
        std::fs::write(dir.join(h), HUSKY_HOOK).expect("write");
        set_mode(&dir.join(h), 0o755);
    }
    r.git(&["config", "core.hooksPath", ".husky/_"]);
}

const HUSKY_USER_HOOK: &str = "echo husky-user-hook-ran\n";

/// The husky checks shared by the exact-layout and the npm test: vigil's block goes into the
/// user's `.husky/pre-commit`, survives husky regenerating `.husky/_`, and goes away exactly.
fn check_husky(r: &TestRepo, regenerate: &dyn Fn()) {
    let script = r.path().join(".husky/pre-commit");
    let user_hook = read(&script);
    let generated = snapshot(&r.path().join(".husky/_"));
    let on_path = tempfile::tempdir().expect("tmp");
    copy_vigil(on_path.path());
    let path = path_with(&[on_path.path()]);
    let env = [("PATH", path.as_str())];

    let out = vigil_ok(r, &vigil_exe(), &["install"], &env);
    assert!(out.contains("husky"), "{out}");
    assert_eq!(
        snapshot(&r.path().join(".husky/_")),
        generated,
        "husky's generated directory is left alone"
    );
    let with_block = read(&script);
    assert!(with_block.starts_with(&user_hook));
    let out = vigil_ok(r, &vigil_exe(), &["install"], &env);
    assert!(out.contains("already"), "{out}");
    assert_eq!(read(&script), with_block, "install is idempotent");

    stage(r, "leak.py", SECRET_LINE);
    let (code, text) = git_env(r, &["commit", "-m", "leak"], &env);
    assert_blocked_by_scan(code, &text);
    assert!(
        text.contains("husky-user-hook-ran"),
        "the user's hook ran:\n{text}"
    );
    r.git(&["rm", "-q", "--cached", "leak.py"]);
    stage(r, "ok.txt", "ok\n");
    let (code, text) = git_env(r, &["commit", "-m", "clean"], &env);
    assert_eq!(code, 0, "{text}");

    // husky rewrites `.husky/_` (on every `npm install`): vigil's check is still there.
    regenerate();
    assert_eq!(snapshot(&r.path().join(".husky/_")), generated);
    stage(r, "leak.py", SECRET_LINE);
    let (code, text) = git_env(r, &["commit", "-m", "leak"], &env);
    assert_blocked_by_scan(code, &text);

    // Without vigil on PATH the husky block blocks too, with the same opt-out.
    let (code, text) = git_env(r, &["commit", "-m", "leak"], &[]);
    assert_ne!(code, 0, "{text}");
    assert!(
        text.contains(MISSING) && text.contains(OPT_OUT_HINT),
        "{text}"
    );
    let (code, text) = git_env(
        r,
        &["commit", "-m", "allowed unscanned"],
        &[("VIGIL_ALLOW_MISSING", "1")],
    );
    assert_eq!(code, 0, "{text}");
    assert!(text.contains(NOT_SCANNED), "{text}");

    let out = vigil_ok(r, &vigil_exe(), &["uninstall"], &env);
    assert!(out.contains(".husky"), "{out}");
    assert_eq!(read(&script), user_hook, "byte-exact");
}

#[test]
fn husky_v9_exact_layout_gets_vigil_in_the_user_script() {
    let r = TestRepo::new();
    husky_generate(&r);
    r.write(".husky/pre-commit", HUSKY_USER_HOOK);
    r.git(&["add", ".husky/pre-commit"]);
    r.git(&["commit", "-q", "--no-verify", "-m", "husky"]);
    check_husky(&r, &|| husky_generate(&r));
}

#[test]
fn husky_without_a_user_script_or_final_newline() {
    let r = TestRepo::new();
    husky_generate(&r);
    let script = r.path().join(".husky/pre-commit");
    // No `.husky/pre-commit`: install creates it, uninstall removes it again.
    let (code, out, err) = r.vigil(&["install"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(script.is_file());
    let (code, out, err) = r.vigil(&["uninstall"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(!script.exists(), "{out}");
    // A script without a final newline gets it back without one.
    std::fs::write(&script, "echo no-newline").expect("write");
    r.vigil(&["install"]);
    assert!(read(&script).starts_with(b"echo no-newline\n"));
    r.vigil(&["uninstall"]);
    assert_eq!(read(&script), b"echo no-newline");
    // A script that exits early would never reach the block: install says so.
    std::fs::write(&script, "npx lint-staged\nexit 0\n").expect("write");
    let (code, out, err) = r.vigil(&["install"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("exit"), "warns about the early exit: {out}");
}

#[test]
fn husky_pre_push_gets_vigil_in_the_user_script() {
    let r = TestRepo::new();
    husky_generate(&r);
    let user_hook = b"echo husky-pre-push-ran\n";
    r.write(".husky/pre-push", user_hook);
    r.write("README.md", "hello\n");
    r.git(&["add", "."]);
    r.git(&["commit", "-q", "--no-verify", "-m", "init"]);
    let remote = bare_remote();
    r.git(&[
        "remote",
        "add",
        "origin",
        remote.path().to_str().expect("utf8"),
    ]);
    let on_path = tempfile::tempdir().expect("tmp");
    copy_vigil(on_path.path());
    let path = path_with(&[on_path.path()]);
    let env = [("PATH", path.as_str())];
    let out = vigil_ok(&r, &vigil_exe(), &["install", "--pre-push"], &env);
    assert!(out.contains("husky"), "{out}");
    let (code, text) = git_env(&r, &["push", "origin", "main"], &env);
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("husky-pre-push-ran"), "{text}");
    stage(&r, "deploy/env.py", SECRET_LINE);
    r.git(&["commit", "-q", "--no-verify", "-m", "leak"]);
    let (code, text) = git_env(&r, &["push", "origin", "main"], &env);
    assert_ne!(code, 0, "{text}");
    assert!(
        text.contains("push blocked") && text.contains("deploy/env.py"),
        "{text}"
    );
    assert!(!text.contains(SECRET_VALUE), "{text}");
    vigil_ok(&r, &vigil_exe(), &["uninstall", "--pre-push"], &env);
    assert_eq!(read(&r.path().join(".husky/pre-push")), user_hook);
}

#[test]
fn husky_from_npm() {
    if Command::new("sh")
        .args(["-c", "command -v npm"])
        .output()
        .map(|o| !o.status.success())
        .unwrap_or(true)
    {
        eprintln!("husky_from_npm: skipped: npm is not installed on this machine");
        return;
    }
    let r = TestRepo::new();
    let cache = crate::precommit::target_dir().join("it-npm-cache");
    let npm_env = [("npm_config_cache", cache.to_str().expect("utf8"))];
    r.write(
        "package.json",
        "{\"name\": \"t\", \"version\": \"1.0.0\", \"private\": true}\n",
    );
    r.write(".gitignore", "node_modules/\n");
    let (code, out) = run_in(
        &r,
        r.path(),
        "npm",
        &[
            "install",
            "--save-dev",
            "--no-audit",
            "--no-fund",
            "husky@9",
        ],
        &npm_env,
    );
    assert_eq!(
        code, 0,
        "npm install husky failed (is the registry reachable?):\n{out}"
    );
    let (code, out) = run_in(
        &r,
        r.path(),
        "npx",
        &["--no-install", "husky", "init"],
        &npm_env,
    );
    assert_eq!(code, 0, "{out}");
    assert_eq!(r.git(&["config", "core.hooksPath"]).trim(), ".husky/_");
    // `husky init` writes `npm test` there; the test's own user hook replaces it.
    r.write(".husky/pre-commit", HUSKY_USER_HOOK);
    r.git(&["add", "-A"]);
    r.git(&["commit", "-q", "--no-verify", "-m", "husky"]);
    check_husky(&r, &|| {
        let (code, out) = run_in(
            &r,
            r.path(),
            "npm",
            &["install", "--no-audit", "--no-fund"],
            &npm_env,
        );
        assert_eq!(code, 0, "{out}");
    });
}

// ---------------------------------------------------------------------------------------------
// 5. The hooks directory and the hook that was there before

#[test]
fn a_deleted_hooks_directory_is_created() {
    let r = TestRepo::new();
    std::fs::remove_dir_all(r.path().join(".git/hooks")).expect("rm");
    let (code, out, err) = r.vigil(&["install"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(r.path().join(".git/hooks/pre-commit").is_file());
    assert_guarded(&r, r.path(), &[]);
}

#[test]
fn an_existing_hook_is_chained_never_overwritten_and_install_is_idempotent() {
    let r = TestRepo::new();
    let hooks = r.path().join(".git/hooks");
    let original = b"#!/bin/sh\necho previous-hook-ran\n";
    std::fs::write(hooks.join("pre-commit"), original).expect("write");
    set_mode(&hooks.join("pre-commit"), 0o755);
    let (code, out, err) = r.vigil(&["install"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("pre-commit.vigil-chained") && out.contains("runs first"),
        "says what it did with the existing hook: {out}"
    );
    assert_eq!(read(&hooks.join("pre-commit.vigil-chained")), original);
    let installed = snapshot(&hooks);
    for _ in 0..2 {
        let (code, out, err) = r.vigil(&["install"]);
        assert_eq!(code, 0, "{out}{err}");
        assert!(out.contains("updated"), "{out}");
        assert_eq!(snapshot(&hooks), installed, "install is idempotent");
    }
    stage(&r, "ok.txt", "ok\n");
    let (code, text) = git_env(&r, &["commit", "-m", "ok"], &[]);
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("previous-hook-ran"), "{text}");

    // Another tool replaced vigil's hook while vigil's chained hook is still there: install
    // refuses rather than overwrite either, and changes nothing.
    let other = b"#!/bin/sh\necho another-tool\n";
    std::fs::write(hooks.join("pre-commit"), other).expect("write");
    let before = snapshot(&hooks);
    let (code, out, err) = r.vigil(&["install"]);
    assert_ne!(code, 0, "{out}");
    assert!(err.contains("refusing"), "{err}");
    assert_eq!(snapshot(&hooks), before);
}

#[test]
fn a_crlf_existing_hook_is_kept_byte_exact_and_its_failure_explained() {
    let r = TestRepo::new();
    let hook = r.path().join(".git/hooks/pre-commit");
    let original = b"#!/bin/sh\r\necho crlf-hook\r\nexit 0\r\n";
    std::fs::write(&hook, original).expect("write");
    set_mode(&hook, 0o755);
    // Before vigil, git cannot start this hook ("/bin/sh\r" does not exist): commits fail.
    stage(&r, "ok.txt", "ok\n");
    let (code, _) = git_env(&r, &["commit", "-m", "before"], &[]);
    assert_ne!(code, 0);

    let (code, out, err) = r.vigil(&["install"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("CRLF"),
        "install says why the hook cannot run: {out}"
    );
    assert_eq!(
        read(&hook.with_file_name("pre-commit.vigil-chained")),
        original
    );
    let (code, text) = git_env(&r, &["commit", "-m", "after"], &[]);
    assert_ne!(code, 0, "still blocked, as before vigil: {text}");
    assert!(
        text.contains("could not be started") && text.contains("CRLF"),
        "{text}"
    );

    let (code, out, err) = r.vigil(&["uninstall"]);
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(read(&hook), original, "byte-exact");
}

#[test]
fn a_non_executable_existing_hook_is_kept_and_still_not_run() {
    let r = TestRepo::new();
    let hook = r.path().join(".git/hooks/pre-commit");
    let original = b"#!/bin/sh\necho disabled-hook-ran\nexit 1\n";
    std::fs::write(&hook, original).expect("write");
    set_mode(&hook, 0o644);
    let (code, out, err) = r.vigil(&["install"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("not executable") && !out.contains("runs first"),
        "{out}"
    );
    let chained = hook.with_file_name("pre-commit.vigil-chained");
    assert_eq!(mode(&chained), 0o644);
    stage(&r, "ok.txt", "ok\n");
    let (code, text) = git_env(&r, &["commit", "-m", "ok"], &[]);
    assert_eq!(
        code, 0,
        "git ignored it before; so does vigil's hook: {text}"
    );
    assert!(!text.contains("disabled-hook-ran"), "{text}");
    assert_guarded(&r, r.path(), &[]);
    let (code, out, err) = r.vigil(&["uninstall"]);
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(read(&hook), original);
    assert_eq!(mode(&hook), 0o644);
}

#[test]
fn a_tracked_hook_in_the_work_tree_is_not_rewritten() {
    // core.hooksPath pointing at a committed directory: the team's hook is a tracked file.
    // Chaining it would show up as a change to commit (with this machine's binary path in it).
    let r = TestRepo::new();
    let original = b"#!/bin/sh\necho team-hook-ran\n";
    r.write(".githooks/pre-commit", original);
    set_mode(&r.path().join(".githooks/pre-commit"), 0o755);
    r.git(&["add", ".githooks"]);
    r.git(&["commit", "-q", "--no-verify", "-m", "team hooks"]);
    r.git(&["config", "core.hooksPath", ".githooks"]);
    let before = snapshot(&r.path().join(".githooks"));
    let (code, out, err) = r.vigil(&["install"]);
    assert_ne!(code, 0, "{out}{err}");
    assert!(
        err.contains("tracked") && err.contains("vigil staged"),
        "{err}"
    );
    assert_eq!(snapshot(&r.path().join(".githooks")), before);
    assert_eq!(r.git(&["status", "--porcelain"]), "");
}
