//! vigil itself must not leak what it finds, nor reach the network.

use std::path::Path;
use std::process::Command;

use crate::util::{Tree, run, vigil};

const SECRET: &str = "Tr0ub4dor&3xQz9";

/// Runs vigil the ways a user would (every report format, standard input, a report file, a
/// failing configuration that quotes a secret) and keeps everything it wrote.
fn collect_outputs(t: &Tree, sink: &Path) {
    t.write("app/settings.py", format!("DB_PASSWORD = \"{SECRET}\"\n"));
    t.write("bad.toml", format!("[[rules]]\nid = \"x\"\ndescription = \"{SECRET}\"\nregex = '''(unclosed {SECRET}'''\nkeywords = [\"x\"]\nseverity = \"high\"\n"));
    let runs: Vec<Vec<String>> = vec![
        vec!["scan".into(), t.path().display().to_string()],
        vec![
            "scan".into(),
            t.path().display().to_string(),
            "-f".into(),
            "json".into(),
        ],
        vec![
            "scan".into(),
            t.path().display().to_string(),
            "-o".into(),
            sink.join("report.json").display().to_string(),
            "-f".into(),
            "json".into(),
        ],
        vec![
            "scan".into(),
            t.path().display().to_string(),
            "--config".into(),
            t.path().join("bad.toml").display().to_string(),
        ],
    ];
    for (i, args) in runs.iter().enumerate() {
        let (_, out, err) = run(vigil().args(args).arg("--no-config").env_remove("RUST_LOG"));
        std::fs::write(sink.join(format!("run{i}.stdout")), out).expect("write");
        std::fs::write(sink.join(format!("run{i}.stderr")), err).expect("write");
    }
}

#[test]
fn nothing_vigil_writes_contains_a_secret_in_clear() {
    let t = Tree::new();
    let sink = tempfile::tempdir().expect("tmp");
    collect_outputs(&t, sink.path());
    for entry in std::fs::read_dir(sink.path()).expect("dir") {
        let path = entry.expect("entry").path();
        let text = std::fs::read_to_string(&path).expect("read");
        // A configuration error may quote the user's own rule text; vigil's reports may not.
        if path.extension().is_some_and(|e| e == "stderr") && text.contains("bad.toml") {
            continue;
        }
        assert!(
            !text.contains(SECRET),
            "{} contains the secret in clear:\n{text}",
            path.display()
        );
    }
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
