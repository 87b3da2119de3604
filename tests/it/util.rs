//! Shared helpers: a command builder for the built binary and temp-dir fixtures.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// A `vigil` command with a clean environment (no colours, no user config).
pub fn vigil() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_vigil"));
    c.env("NO_COLOR", "1").env_remove("VIGIL_SKIP");
    c
}

/// Keeps a copy of what a test run printed, so that CI can scan everything vigil wrote in
/// its own test runs with vigil (`.ci/run`: a planted secret in clear fails the build).
///
/// The copies go to `$VIGIL_TEST_OUTPUTS` when set (CI sets it), else nowhere. Runs where the
/// test asked to see secrets (`--show-secrets`) are not kept: the user chose clear text there.
pub fn record_output(cmd: &Command, stdout: &[u8], stderr: &[u8]) {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let Some(dir) = std::env::var_os("VIGIL_TEST_OUTPUTS") else {
        return;
    };
    if cmd.get_args().any(|a| a == "--show-secrets") {
        return;
    }
    let dir = PathBuf::from(dir);
    std::fs::create_dir_all(&dir).expect("create VIGIL_TEST_OUTPUTS");
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let stem = format!("{}-{n}", std::process::id());
    let mut header = format!("{:?}\n", cmd.get_program()).into_bytes();
    header.extend_from_slice(stdout);
    std::fs::write(dir.join(format!("{stem}.stdout")), header).expect("record stdout");
    std::fs::write(dir.join(format!("{stem}.stderr")), stderr).expect("record stderr");
}

/// Runs and returns (exit code, stdout, stderr).
pub fn run(cmd: &mut Command) -> (i32, String, String) {
    let Output {
        status,
        stdout,
        stderr,
    } = cmd.output().expect("run vigil");
    record_output(cmd, &stdout, &stderr);
    (
        status.code().unwrap_or(-1),
        String::from_utf8_lossy(&stdout).into_owned(),
        String::from_utf8_lossy(&stderr).into_owned(),
    )
}

/// Far above what any case needs in a debug build; reaching it means vigil hung.
pub const BOUND: Duration = Duration::from_secs(180);

/// Runs `cmd` with stdout and stderr in files, killing it after [`BOUND`].
pub fn bounded(cmd: &mut Command) -> (i32, String, String) {
    bounded_stdin(cmd, Stdio::null())
}

/// [`bounded`] reading `stdin`.
pub fn bounded_stdin(cmd: &mut Command, stdin: Stdio) -> (i32, String, String) {
    let dir = tempfile::tempdir().expect("tmp");
    let (out_path, err_path) = (dir.path().join("out"), dir.path().join("err"));
    let out = std::fs::File::create(&out_path).expect("out");
    let err = std::fs::File::create(&err_path).expect("err");
    let mut child = cmd
        .stdin(stdin)
        .stdout(out)
        .stderr(err)
        .spawn()
        .expect("spawn vigil");
    let start = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().expect("wait") {
            break s;
        }
        if start.elapsed() > BOUND {
            let _ = child.kill();
            panic!("vigil did not finish within {BOUND:?}: {cmd:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let (out, err) = (
        std::fs::read(&out_path).unwrap_or_default(),
        std::fs::read(&err_path).unwrap_or_default(),
    );
    record_output(cmd, &out, &err);
    (
        status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out).into_owned(),
        String::from_utf8_lossy(&err).into_owned(),
    )
}

/// A temporary directory tree to scan.
pub struct Tree {
    pub dir: tempfile::TempDir,
}

impl Tree {
    pub fn new() -> Tree {
        Tree {
            dir: tempfile::tempdir().expect("tempdir"),
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn write(&self, rel: &str, content: impl AsRef<[u8]>) -> PathBuf {
        let p = self.dir.path().join(rel);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(&p, content).expect("write");
        p
    }
}

/// Builds a GitHub-format token with a valid CRC32 checksum from 30 base62 characters.
pub fn github_token(prefix: &str, random30: &str) -> String {
    const B62: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    assert_eq!(random30.len(), 30);
    let mut n = crc32(random30.as_bytes());
    let mut d = [b'0'; 6];
    for s in d.iter_mut().rev() {
        *s = B62[(n % 62) as usize];
        n /= 62;
    }
    format!("{prefix}{random30}{}", String::from_utf8_lossy(&d))
}

fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// Parses JSON stdout.
pub fn json(stdout: &str) -> serde_json::Value {
    serde_json::from_str(stdout).unwrap_or_else(|e| panic!("bad JSON ({e}): {stdout}"))
}

/// A real git repository in a temp dir, isolated from the host's git configuration.
pub struct TestRepo {
    pub dir: tempfile::TempDir,
    pub home: tempfile::TempDir,
    /// The work tree: `dir` itself, or a directory inside it ([`TestRepo::named`]).
    root: PathBuf,
}

impl TestRepo {
    pub fn new() -> TestRepo {
        TestRepo::named("")
    }

    /// A repository in a directory called `name` (spaces, quotes... allowed) inside a temp dir.
    pub fn named(name: &str) -> TestRepo {
        let dir = tempfile::tempdir().expect("tmp");
        let root = if name.is_empty() {
            dir.path().to_path_buf()
        } else {
            dir.path().join(name)
        };
        std::fs::create_dir_all(&root).expect("mkdir");
        let r = TestRepo {
            dir,
            home: tempfile::tempdir().expect("tmp"),
            root,
        };
        r.git(&["init", "-q", "-b", "main"]);
        r.git(&["config", "user.name", "Test User"]);
        r.git(&["config", "user.email", "test@example.invalid"]);
        r.git(&["config", "commit.gpgsign", "false"]);
        // No automatic gc: a detached `gc --auto` left running by one commit races with a
        // test's own `git gc --prune=now` and makes git report objects missing.
        r.git(&["config", "gc.auto", "0"]);
        r.git(&["config", "maintenance.auto", "false"]);
        r
    }

    pub fn path(&self) -> &Path {
        &self.root
    }

    /// A command in the repository with a clean environment.
    pub fn cmd(&self, program: &str) -> Command {
        let mut c = Command::new(program);
        c.current_dir(self.path())
            .env("HOME", self.home.path())
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", self.home.path().join("gitconfig"))
            .env("NO_COLOR", "1")
            .env_remove("VIGIL_SKIP")
            .env_remove("GIT_DIR")
            .env_remove("GIT_WORK_TREE");
        c
    }

    pub fn git(&self, args: &[&str]) -> String {
        let out = self.cmd("git").args(args).output().expect("git");
        assert!(
            out.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Runs git and returns (exit code, stdout + stderr).
    pub fn git_status(&self, args: &[&str]) -> (i32, String) {
        let mut cmd = self.cmd("git");
        let out = cmd.args(args).output().expect("git");
        record_output(&cmd, &out.stdout, &out.stderr);
        let mut text = String::from_utf8_lossy(&out.stdout).into_owned();
        text.push_str(&String::from_utf8_lossy(&out.stderr));
        (out.status.code().unwrap_or(-1), text)
    }

    pub fn write(&self, rel: &str, content: impl AsRef<[u8]>) {
        let p = self.path().join(rel);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(p, content).expect("write");
    }

    pub fn vigil(&self, args: &[&str]) -> (i32, String, String) {
        let mut c = self.cmd(env!("CARGO_BIN_EXE_vigil"));
        c.args(args);
        run(&mut c)
    }
}
