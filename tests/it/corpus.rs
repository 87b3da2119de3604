//! Accuracy on a corpus of planted fake credentials and hard negatives.
//!
//! `tests/fixtures/corpus/positive/` holds files written the way each language and credential
//! file writes secrets (escaped PEM in JSON, YAML block scalars, heredocs, notebooks, `.netrc`,
//! kubeconfig, docker config, CI files...); `expected.toml` lists every planted secret with the
//! line range it occupies and its kind. `tests/fixtures/corpus/negative/` holds look-alikes that
//! must stay quiet: placeholders, references, documented example keys, hashes, SRI strings,
//! UUIDs, public keys and certificates, encrypted values, wrong-checksum and wrong-length tokens,
//! translation strings.
//!
//! A planted secret counts as found when a finding in the same file overlaps its
//! `[line, end_line]`. The floors below only go up: raise them when the pack gets better, never
//! lower them to make the test pass.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::util::{run, vigil};

/// Recall floor over all planted secrets, in percent (measured value rounded down).
const RECALL_FLOOR_PERCENT: f64 = 100.0;
/// Most findings allowed in `negative/` (the measured count).
const MAX_FALSE_ALARMS: usize = 0;

#[derive(Deserialize)]
struct Manifest {
    secret: Vec<Planted>,
}

#[derive(Deserialize)]
struct Planted {
    path: String,
    line: usize,
    end_line: Option<usize>,
    kind: String,
    value: String,
}

#[derive(Deserialize)]
struct Report {
    findings: Vec<Found>,
}

#[derive(Deserialize)]
struct Found {
    rule: String,
    path: String,
    line: usize,
    end_line: usize,
    secret: String,
}

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/corpus")
}

/// Scans `dir` and returns its findings with paths relative to `dir`.
fn scan(dir: &Path) -> Vec<Found> {
    let (code, out, err) =
        run(vigil()
            .args(["scan"])
            .arg(dir)
            .args(["-f", "json", "--show-secrets", "--no-config"]));
    assert!(code == 0 || code == 1, "scan failed ({code}): {err}");
    let report: Report = serde_json::from_str(&out).expect("json report");
    let prefix = format!("{}/", dir.display());
    report
        .findings
        .into_iter()
        .map(|mut f| {
            if let Some(rest) = f.path.strip_prefix(&prefix) {
                f.path = rest.to_string();
            }
            f
        })
        .collect()
}

#[test]
fn corpus_recall_and_false_alarms() {
    let root = corpus();
    let text = std::fs::read_to_string(root.join("expected.toml")).expect("read expected.toml");
    let manifest: Manifest = toml::from_str(&text).expect("parse expected.toml");
    let found = scan(&root.join("positive"));
    let alarms = scan(&root.join("negative"));

    // kind -> (found, planted)
    let mut kinds: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let mut misses = Vec::new();
    for p in &manifest.secret {
        let end = p.end_line.unwrap_or(p.line);
        let hit = found
            .iter()
            .any(|f| f.path == p.path && f.line <= end && f.end_line >= p.line);
        let e = kinds.entry(p.kind.as_str()).or_default();
        e.1 += 1;
        if hit {
            e.0 += 1;
        } else {
            misses.push(p);
        }
    }
    let planted = manifest.secret.len();
    let hits = planted - misses.len();
    let recall = 100.0 * hits as f64 / planted as f64;
    let kinds_missed: Vec<&str> = kinds
        .iter()
        .filter(|(_, (f, _))| *f == 0)
        .map(|(k, _)| *k)
        .collect();

    let mut table = format!(
        "recall {hits}/{planted} = {recall:.1}% (floor {RECALL_FLOOR_PERCENT}%), \
         false alarms {} (ceiling {MAX_FALSE_ALARMS}), kinds never found {} (must be none)\n\n\
         {:<32} found/planted\n",
        alarms.len(),
        kinds_missed.len(),
        "kind"
    );
    for (kind, (f, n)) in &kinds {
        let mark = if f < n { "  <-" } else { "" };
        table.push_str(&format!("{kind:<32} {f}/{n}{mark}\n"));
    }
    table.push_str("\nmissed:\n");
    for m in &misses {
        table.push_str(&format!("  {}:{} {} {}\n", m.path, m.line, m.kind, m.value));
    }
    table.push_str("\nfalse alarms in negative/:\n");
    for a in &alarms {
        table.push_str(&format!(
            "  {}:{} {} {}\n",
            a.path, a.line, a.rule, a.secret
        ));
    }
    println!("{table}");

    assert!(
        recall >= RECALL_FLOOR_PERCENT,
        "recall fell below the floor\n{table}"
    );
    assert!(
        // (`saturating_sub` keeps the check well-formed when the ceiling is 0.)
        alarms.len().saturating_sub(MAX_FALSE_ALARMS) == 0,
        "more false alarms than the ceiling\n{table}"
    );
    assert!(
        kinds_missed.is_empty(),
        "kinds never found (every kind must be found at least once): {kinds_missed:?}\n{table}"
    );
}
