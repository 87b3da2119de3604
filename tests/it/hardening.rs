//! vigil itself must not leak what it finds, nor reach the network.

use std::path::Path;
use std::process::Command;

use crate::util::{TestRepo, Tree, run, vigil};

const SECRET: &str = "Tr0ub4dor&3xQz9";

/// Runs vigil the ways a user would (every report format to standard output and to a report
/// file, standard input, a baseline, the staged and range scans of a real repository, a
/// failing configuration that quotes a secret) and keeps everything it wrote in `sink`.
fn collect_outputs(t: &Tree, sink: &Path) {
    t.write("app/settings.py", format!("DB_PASSWORD = \"{SECRET}\"\n"));
    // Found by decoding: the encoding on the line is the secret too.
    t.write(
        "ops/call.sh",
        format!(
            "curl -H \"Authorization: Basic {}\" https://ci.corp.internal/api\n",
            encoded()
        ),
    );
    t.write("bad.toml", format!("[[rules]]\nid = \"x\"\ndescription = \"{SECRET}\"\nregex = '''(unclosed {SECRET}'''\nkeywords = [\"x\"]\nseverity = \"high\"\n"));
    let root = t.path().display().to_string();
    let mut runs: Vec<Vec<String>> = Vec::new();
    for format in FORMATS {
        runs.push(vec![
            "scan".into(),
            root.clone(),
            "-f".into(),
            format.into(),
        ]);
        let report = sink.join(format!("report.{format}")).display().to_string();
        runs.push(vec![
            "scan".into(),
            root.clone(),
            "-f".into(),
            format.into(),
            "-o".into(),
            report,
        ]);
    }
    runs.push(vec![
        "baseline".into(),
        "create".into(),
        root.clone(),
        "-o".into(),
        sink.join("baseline.json").display().to_string(),
    ]);
    runs.push(vec![
        "scan".into(),
        root.clone(),
        "--config".into(),
        t.path().join("bad.toml").display().to_string(),
    ]);
    runs.push(vec![
        "scan".into(),
        t.path().join("no such dir").display().to_string(),
    ]);
    for (i, args) in runs.iter().enumerate() {
        let (_, out, err) = run(vigil().args(args).arg("--no-config").env_remove("RUST_LOG"));
        std::fs::write(sink.join(format!("run{i}.stdout")), out).expect("write");
        std::fs::write(sink.join(format!("run{i}.stderr")), err).expect("write");
    }
    // Standard input.
    let mut child = vigil()
        .args(["scan", "-", "--no-config"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().expect("stdin");
        writeln!(stdin, "DB_PASSWORD = \"{SECRET}\"").expect("stdin");
    }
    let out = child.wait_with_output().expect("wait");
    std::fs::write(sink.join("stdin.stdout"), out.stdout).expect("write");
    std::fs::write(sink.join("stdin.stderr"), out.stderr).expect("write");
    // A real repository: the staged scan (what the hook prints) and a range scan.
    let r = TestRepo::new();
    r.write("README.md", "hello\n");
    r.git(&["add", "."]);
    r.git(&["commit", "-qm", "first"]);
    r.write("config.py", format!("DB_PASSWORD = \"{SECRET}\"\n"));
    r.git(&["add", "."]);
    for (i, format) in FORMATS.iter().enumerate() {
        let (_, out, err) = r.vigil(&["staged", "--no-config", "-f", format]);
        std::fs::write(sink.join(format!("staged{i}.stdout")), out).expect("write");
        std::fs::write(sink.join(format!("staged{i}.stderr")), err).expect("write");
    }
    r.vigil(&["install"]);
    let (_, text) = r.git_status(&["commit", "-m", "leak"]);
    std::fs::write(sink.join("hook.out"), text).expect("write");
    r.git(&["commit", "-q", "--no-verify", "-m", "leak anyway"]);
    for (i, format) in FORMATS.iter().enumerate() {
        let (_, out, err) = r.vigil(&["git", "--no-config", "HEAD~1..HEAD", "-f", format]);
        std::fs::write(sink.join(format!("git{i}.stdout")), out).expect("write");
        std::fs::write(sink.join(format!("git{i}.stderr")), err).expect("write");
    }
}

/// `deploy:SECRET` in base64, as an HTTP Basic credential carries it.
fn encoded() -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(format!("deploy:{SECRET}"))
}

const FORMATS: [&str; 5] = ["human", "json", "sarif", "junit", "csv"];

#[test]
fn nothing_vigil_writes_contains_a_secret_in_clear() {
    let t = Tree::new();
    let sink = tempfile::tempdir().expect("tmp");
    collect_outputs(&t, sink.path());
    let mut seen = 0;
    for entry in std::fs::read_dir(sink.path()).expect("dir") {
        let path = entry.expect("entry").path();
        let text = std::fs::read_to_string(&path).expect("read");
        seen += 1;
        // A configuration error may quote the user's own rule text; vigil's reports may not.
        if path.extension().is_some_and(|e| e == "stderr") && text.contains("bad.toml") {
            continue;
        }
        assert!(
            !text.contains(SECRET) && !text.contains(&encoded()),
            "{} contains the secret in clear:\n{text}",
            path.display()
        );
    }
    assert!(seen > 30, "every run left its output");
    for name in [
        "staged1.stdout",
        "git1.stdout",
        "hook.out",
        "report.sarif",
        "stdin.stdout",
    ] {
        let text = std::fs::read_to_string(sink.path().join(name)).expect("output");
        assert!(
            text.contains("generic-password") || text.contains("password"),
            "{name} reports the finding (so its redaction was tested): {text}"
        );
    }
    // Report and baseline files are owner-only.
    for name in FORMATS
        .iter()
        .map(|f| format!("report.{f}"))
        .chain(["baseline.json".to_string()])
    {
        use std::os::unix::fs::PermissionsExt;
        let meta = std::fs::metadata(sink.path().join(&name)).expect("report written");
        assert!(meta.len() > 0, "{name} is not empty");
        assert_eq!(meta.permissions().mode() & 0o777, 0o600, "{name}");
    }
    let baseline = std::fs::read_to_string(sink.path().join("baseline.json")).expect("baseline");
    assert!(
        baseline.contains("fingerprint"),
        "the baseline records hashes: {baseline}"
    );
    // And vigil, scanning its own outputs, finds nothing to report.
    let (code, out, _) = run(vigil()
        .arg("scan")
        .arg(sink.path())
        .args(["--no-config", "--no-ignore"]));
    assert_eq!(code, 0, "vigil found secrets in its own output:\n{out}");
    let (code, _, _) = run(vigil()
        .arg("scan")
        .arg(t.path().join("app"))
        .arg("--no-config"));
    assert_eq!(code, 1, "the planted secret is found where it was planted");
}

/// A report file replaces an existing one atomically and privately: a file the user made
/// world-readable, or a link planted where the report goes, does not receive the report.
#[test]
fn report_files_replace_links_and_loose_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let t = Tree::new();
    t.write("app/settings.py", format!("DB_PASSWORD = \"{SECRET}\"\n"));
    let out_dir = tempfile::tempdir().expect("tmp");
    let report = out_dir.path().join("report.json");
    std::fs::write(&report, "old").expect("write");
    std::fs::set_permissions(&report, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    let target = out_dir.path().join("elsewhere.txt");
    std::fs::write(&target, "keep me").expect("write");
    let linked = out_dir.path().join("linked.json");
    std::os::unix::fs::symlink(&target, &linked).expect("symlink");
    for path in [&report, &linked] {
        let (code, _, err) = run(vigil()
            .arg("scan")
            .arg(t.path())
            .args(["--no-config", "-f", "json", "-o"])
            .arg(path));
        assert_eq!(code, 1, "{err}");
        let meta = std::fs::symlink_metadata(path).expect("written");
        assert!(meta.is_file(), "{} is a regular file now", path.display());
        assert_eq!(meta.permissions().mode() & 0o777, 0o600);
        assert!(
            std::fs::read_to_string(path)
                .expect("read")
                .contains("findings")
        );
    }
    assert_eq!(
        std::fs::read_to_string(&target).expect("read"),
        "keep me",
        "the link's target is untouched"
    );
    let leftovers: Vec<_> = std::fs::read_dir(out_dir.path())
        .expect("dir")
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(".vigil-tmp"))
        .collect();
    assert!(leftovers.is_empty(), "no temporary file left behind");
}

/// `-o` at a named pipe or a device is a stream: written into, never replaced by a file
/// (replacing `/dev/null` as root breaks every program on the machine).
#[test]
fn report_to_a_fifo_or_device_is_written_in_place() {
    use std::io::Read;
    use std::os::unix::fs::FileTypeExt;
    let t = Tree::new();
    t.write("app/settings.py", format!("DB_PASSWORD = \"{SECRET}\"\n"));
    let out_dir = tempfile::tempdir().expect("tmp");
    let fifo = out_dir.path().join("report.pipe");
    let status = Command::new("mkfifo").arg(&fifo).status().expect("mkfifo");
    assert!(status.success());
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || {
            let mut s = String::new();
            std::fs::File::open(&fifo)
                .expect("open fifo")
                .read_to_string(&mut s)
                .expect("read fifo");
            s
        })
    };
    let (code, _, err) = run(vigil()
        .arg("scan")
        .arg(t.path())
        .args(["--no-config", "-f", "json", "-o"])
        .arg(&fifo));
    assert_eq!(code, 1, "{err}");
    let got = reader.join().expect("reader");
    assert!(got.contains("findings") && !got.contains(SECRET), "{got}");
    assert!(
        std::fs::symlink_metadata(&fifo)
            .expect("fifo")
            .file_type()
            .is_fifo()
    );
    let (code, _, err) = run(vigil().arg("scan").arg(t.path()).args([
        "--no-config",
        "-f",
        "sarif",
        "-o",
        "/dev/null",
    ]));
    assert_eq!(code, 1, "{err}");
    assert!(
        std::fs::metadata("/dev/null")
            .expect("/dev/null")
            .file_type()
            .is_char_device(),
        "/dev/null is still a device"
    );
}

/// The default scan opens no network socket (checked by tracing socket calls).
#[test]
fn default_runs_open_no_network_connection() {
    let have = || {
        Command::new("strace")
            .arg("-V")
            .output()
            .is_ok_and(|o| o.status.success())
    };
    if !have() {
        // The test installs what it needs; it fails loudly rather than skipping.
        let _ = Command::new("apt-get")
            .args(["install", "-y", "-q", "strace"])
            .status();
    }
    assert!(
        have(),
        "strace is required for this test and could not be installed"
    );
    let t = Tree::new();
    t.write("app/settings.py", format!("DB_PASSWORD = \"{SECRET}\"\n"));
    let trace = t.path().join("trace.txt");
    for args in [
        vec!["scan", ".", "--no-config"],
        vec!["rules", "list", "--no-config"],
        vec!["rules", "check"],
    ] {
        let status = Command::new("strace")
            .args(["-f", "-qq", "-e", "trace=socket,connect,sendto,bind", "-o"])
            .arg(&trace)
            .arg(env!("CARGO_BIN_EXE_vigil"))
            .args(&args)
            .current_dir(t.path())
            .stdout(std::process::Stdio::null())
            .status()
            .expect("strace");
        assert!(
            matches!(status.code(), Some(0 | 1)),
            "{args:?} failed: {status:?}"
        );
        let calls = std::fs::read_to_string(&trace).expect("trace");
        let network: Vec<&str> = calls
            .lines()
            .filter(|l| {
                l.contains("socket(")
                    || l.contains("connect(")
                    || l.contains("sendto(")
                    || l.contains("bind(")
            })
            .collect();
        assert!(
            network.is_empty(),
            "{args:?} made network calls:\n{}",
            network.join("\n")
        );
    }
}
