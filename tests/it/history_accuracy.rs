//! A held-out-style accuracy check of the history audit: a real repository whose secrets hide
//! where a scan of the current tree never looks (deleted files, removed lines, an unmerged
//! branch, commits only a lightweight or an annotated tag reaches, tag and commit messages, a
//! conflict resolution in a merge, renamed files) among decoys that must stay quiet
//! (placeholders, documented example keys, a placeholder line added and removed).
//!
//! The planted files are the realistic ones of the accuracy corpus
//! (`tests/fixtures/corpus/positive`, with every secret's line range in `expected.toml`), so
//! the secrets are of many kinds and formats. `vigil git --all` must report every planted
//! secret at the commit that introduced it and at the path it had there, and nothing else.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::util::{TestRepo, github_token, json};

#[derive(Deserialize)]
struct Manifest {
    secret: Vec<Planted>,
}

#[derive(Deserialize)]
struct Planted {
    path: String,
    line: usize,
    end_line: Option<usize>,
}

/// A secret the audit must report: where it was introduced.
struct Want {
    path: String,
    commit: String,
    line: usize,
    end_line: usize,
    place: &'static str,
}

struct Corpus {
    root: PathBuf,
    ranges: BTreeMap<String, Vec<(usize, usize)>>,
}

impl Corpus {
    fn load() -> Corpus {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/corpus");
        let text = std::fs::read_to_string(root.join("expected.toml")).expect("expected.toml");
        let manifest: Manifest = toml::from_str(&text).expect("parse expected.toml");
        let mut ranges: BTreeMap<String, Vec<(usize, usize)>> = BTreeMap::new();
        for s in manifest.secret {
            ranges
                .entry(s.path)
                .or_default()
                .push((s.line, s.end_line.unwrap_or(s.line)));
        }
        Corpus { root, ranges }
    }

    fn text(&self, dir: &str, file: &str) -> String {
        std::fs::read_to_string(self.root.join(dir).join(file)).expect("corpus file")
    }

    /// The positive corpus file `file` without the lines of its planted secrets.
    fn without_secrets(&self, file: &str) -> String {
        let ranges = &self.ranges[file];
        self.text("positive", file)
            .lines()
            .enumerate()
            .filter(|(i, _)| !ranges.iter().any(|&(a, b)| (a..=b).contains(&(i + 1))))
            .map(|(_, l)| format!("{l}\n"))
            .collect()
    }
}

struct Builder {
    r: TestRepo,
    corpus: Corpus,
    want: Vec<Want>,
}

impl Builder {
    fn commit(&self, msg: &str) -> String {
        self.r.git(&["add", "-A"]);
        self.r
            .git(&["commit", "-q", "--no-verify", "--allow-empty", "-m", msg]);
        self.head()
    }

    fn head(&self) -> String {
        self.r.git(&["rev-parse", "HEAD"]).trim().to_string()
    }

    /// Writes corpus file `file` at `at` and commits it; expects each of its secrets there.
    fn plant(&mut self, file: &str, at: &str, place: &'static str) -> String {
        self.r.write(at, self.corpus.text("positive", file));
        let c = self.commit(&format!("add {at}"));
        self.expect_file(file, at, &c, place);
        c
    }

    fn expect_file(&mut self, file: &str, at: &str, commit: &str, place: &'static str) {
        for &(line, end_line) in &self.corpus.ranges[file] {
            self.want.push(Want {
                path: at.to_string(),
                commit: commit.to_string(),
                line,
                end_line,
                place,
            });
        }
    }

    fn mv(&self, from: &str, to: &str) {
        let dest = self.r.path().join(to);
        std::fs::create_dir_all(dest.parent().expect("parent")).expect("mkdir");
        self.r.git(&["mv", from, to]);
    }

    fn expect(&mut self, path: &str, commit: &str, line: usize, place: &'static str) {
        self.want.push(Want {
            path: path.to_string(),
            commit: commit.to_string(),
            line,
            end_line: line,
            place,
        });
    }
}

fn build() -> Builder {
    let mut b = Builder {
        r: TestRepo::new(),
        corpus: Corpus::load(),
        want: Vec::new(),
    };
    b.r.write("README.md", "# service\n");
    // Decoys from the start: placeholders and documentation of providers' example keys.
    for f in [
        "settings.env",
        "settings.py",
        "settings.yaml",
        "settings.tf",
    ] {
        b.r.write(
            &format!("config/examples/{f}"),
            b.corpus.text("negative/placeholders", f),
        );
    }
    b.r.write(
        "docs/providers.md",
        b.corpus.text("negative/docs", "provider-examples.md"),
    );
    b.r.write("docs/api.md", b.corpus.text("negative/docs", "api.md"));
    b.commit("init");

    // 1. Files deleted in a later commit (one alone, one with its whole directory).
    b.plant("python/settings.py", "app/settings.py", "deleted file");
    b.plant("scripts/deploy.sh", "ops/deploy.sh", "deleted directory");
    b.plant("docker/config.json", "ops/docker.json", "deleted directory");
    b.plant(
        "ci/.gitlab-ci.yml",
        "ops/.gitlab-ci.yml",
        "deleted directory",
    );
    b.r.git(&["rm", "-q", "app/settings.py"]);
    b.r.git(&["rm", "-q", "-r", "ops"]);
    b.commit("remove local settings and ops scripts");

    // 2. Lines removed later, and the file kept on changing afterwards.
    let env = b.plant("env/.env.production", ".env.production", "removed lines");
    b.r.write(
        ".env.production",
        b.corpus.without_secrets("env/.env.production"),
    );
    b.commit("move secrets to the vault");
    let mut later = b.corpus.without_secrets("env/.env.production");
    for i in 0..3 {
        later.push_str(&format!("FEATURE_{i}=on\n"));
        b.r.write(".env.production", &later);
        b.commit(&format!("feature flag {i}"));
    }
    assert_ne!(env, b.head());

    // 3. A secret kept through many versions of its file: reported once, where it came in.
    b.plant(
        "java/application.properties",
        "service/application.properties",
        "kept across versions",
    );
    let mut props = b.corpus.text("positive", "java/application.properties");
    for i in 0..3 {
        props.push_str(&format!("feature.{i}=true\n"));
        b.r.write("service/application.properties", &props);
        b.commit(&format!("props {i}"));
    }

    // 4. A secret replaced by another secret: both are reported, each at its own commit.
    let first = "SMTP_PASSWORD = \"Xk4#pQ9vLm2@wZ7r\"\nSMTP_HOST = \"mail\"\n";
    b.r.write("mail/config.py", first);
    let c = b.commit("mail config");
    b.expect("mail/config.py", &c, 1, "replaced secret (old)");
    b.r.write(
        "mail/config.py",
        "SMTP_PASSWORD = \"Rv8@nW3qLz6#tK1m\"\nSMTP_HOST = \"mail\"\n",
    );
    let c = b.commit("rotate smtp password");
    b.expect("mail/config.py", &c, 1, "replaced secret (new)");

    // 5. Renamed files: a pure rename, and a rename with an edit in the same commit.
    b.plant("js/keys.mjs", "src/keys.mjs", "renamed file");
    b.mv("src/keys.mjs", "lib/keys.mjs");
    b.commit("move keys module");
    let mut keys = b.corpus.text("positive", "js/keys.mjs");
    keys.push_str("export const VERSION = 2;\n");
    b.r.write("lib/keys.mjs", &keys);
    b.commit("keys module: version");
    b.plant("python/db.py", "db.py", "renamed and edited file");
    b.mv("db.py", "storage/db.py");
    let mut db = b.corpus.text("positive", "python/db.py");
    db.push_str("# moved into the storage package\n");
    b.r.write("storage/db.py", &db);
    b.commit("move db into storage");

    // 6. A commit message.
    let token = github_token("ghp_", "Zr8Kq2Lw5Nx7Vb3Mc9Tp4Yh6Jd1Fs0");
    b.r.write("CHANGELOG.md", "## 1.1\n- rotate the CI token\n");
    let c = b.commit(&format!(
        "ci: rotate token\n\nThe old token was {token}, revoked."
    ));
    b.expect("(commit message)", &c, 3, "commit message");

    // 7. A placeholder line added and removed again (decoy).
    b.r.write("README.md", "# service\n\nAPI_KEY=your-api-key-here\n");
    b.commit("document the key");
    b.r.write("README.md", "# service\n\nSee docs/api.md for keys.\n");
    b.commit("point at the docs");

    // 8. An unmerged branch.
    let main = b.head();
    b.r.git(&["checkout", "-q", "-b", "wip/experiment"]);
    b.plant("go/config.go", "cmd/config.go", "unmerged branch");
    b.plant("k8s/secret.yaml", "deploy/secret.yaml", "unmerged branch");
    b.plant("home/.netrc", "deploy/netrc", "unmerged branch");
    b.r.git(&["checkout", "-q", "main"]);

    // 9. Commits only a lightweight tag reaches.
    b.r.git(&["checkout", "-q", "--detach", &main]);
    b.plant(
        "terraform/prod.tfvars",
        "infra/prod.tfvars",
        "lightweight tag only",
    );
    b.r.git(&["tag", "lw-only"]);

    // 10. Commits only an annotated tag reaches, whose message holds a secret too.
    b.r.git(&["checkout", "-q", "--detach", &main]);
    b.plant(
        "home/.aws/credentials",
        "ci/aws-credentials",
        "annotated tag only",
    );
    let slack = github_token("ghp_", "Hq3Wm8Rt2Xn6Pk9Lz4Vc7Bs1Dj5Gf0");
    b.r.git(&[
        "tag",
        "-a",
        "v0.9-rc",
        "-m",
        &format!("release candidate\n\ndeploy with GITHUB_TOKEN={slack}"),
    ]);
    let tag = b.r.git(&["rev-parse", "v0.9-rc"]).trim().to_string();
    b.expect("(tag v0.9-rc message)", &tag, 3, "annotated tag message");
    b.r.git(&["checkout", "-q", "main"]);

    // 11. A merge whose conflict resolution introduces a secret that neither side had.
    b.r.write("service/db.yml", "host: db\nuser: app\n");
    b.commit("db config");
    b.r.git(&["checkout", "-q", "-b", "side"]);
    b.r.write("service/db.yml", "host: db\nuser: app\nport: 5433\n");
    b.commit("side: port");
    b.r.git(&["checkout", "-q", "main"]);
    b.r.write("service/db.yml", "host: db\nuser: app\nport: 6543\n");
    b.commit("main: port");
    let (code, _) = b.r.git_status(&["merge", "-q", "--no-edit", "side"]);
    assert_ne!(code, 0, "the merge conflicts");
    b.r.write(
        "service/db.yml",
        "host: db\nuser: app\nport: 5433\npassword: \"Tr0ub4dor&3xQz9\"\n",
    );
    let merge = b.commit("merge side");
    assert_eq!(
        b.r.git(&["rev-list", "--parents", "-n1", "HEAD"])
            .split_whitespace()
            .count(),
        3,
        "a merge commit"
    );
    b.expect("service/db.yml", &merge, 4, "merge conflict resolution");

    // 12. A documented example key in the current tree (decoy).
    b.r.write(
        "docs/aws.md",
        "Example from the AWS docs: `AKIAIOSFODNN7EXAMPLE` /\n\
         `wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY`\n",
    );
    b.commit("aws docs");
    b
}

#[test]
fn git_all_finds_every_hidden_secret_at_its_introducing_commit_and_nothing_else() {
    let b = build();
    let (code, out, err) = b.r.vigil(&["git", "--all", "--no-config", "-f", "json"]);
    assert_eq!(code, 1, "{err}");
    let v = json(&out);
    let found = v["findings"].as_array().expect("findings");
    let at = |f: &serde_json::Value, w: &Want| {
        f["path"] == w.path.as_str()
            && f["commit"] == w.commit.as_str()
            && f["line"].as_u64().is_some_and(|l| l as usize <= w.end_line)
            && f["end_line"].as_u64().is_some_and(|l| l as usize >= w.line)
    };
    let missed: Vec<String> = b
        .want
        .iter()
        .filter(|w| !found.iter().any(|f| at(f, w)))
        .map(|w| format!("{} ({}:{} @ {})", w.place, w.path, w.line, w.commit))
        .collect();
    let summary = |f: &serde_json::Value| {
        format!(
            "{} {}:{} @ {}",
            f["rule"], f["path"], f["line"], f["commit"]
        )
    };
    let all: Vec<String> = found.iter().map(summary).collect();
    assert!(
        missed.is_empty(),
        "missed {} of {} planted secrets: {missed:#?}\nfound: {all:#?}",
        missed.len(),
        b.want.len()
    );
    let false_alarms: Vec<String> = found
        .iter()
        .filter(|f| !b.want.iter().any(|w| at(f, w)))
        .map(summary)
        .collect();
    assert!(
        false_alarms.is_empty(),
        "false alarms (decoys, duplicates or wrong commits): {false_alarms:#?}"
    );
    assert!(b.want.len() >= 60, "{} planted", b.want.len());

    // Packed (blobs stored as deltas of each other, which the audit reads differently from
    // loose objects): the same findings.
    b.r.git(&["gc", "-q", "--aggressive", "--prune=now"]);
    let (code, packed, err) = b.r.vigil(&["git", "--all", "--no-config", "-f", "json"]);
    assert_eq!(code, 1, "{err}");
    let key = |v: &serde_json::Value| {
        let mut all: Vec<String> = v["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .map(|f| format!("{}{}", summary(f), f["fingerprint"]))
            .collect();
        all.sort();
        all
    };
    assert_eq!(key(&json(&packed)), key(&v));
}
