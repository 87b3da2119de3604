//! Embeds every `rules/*.toml` into the binary: writes `$OUT_DIR/builtin_rules.rs` with two
//! lists of `(file name, include_str!(...))`, so a new rule file can never be missing from the
//! build. The full files serve `vigil rules check` and the tests; a "slim" copy with the example
//! arrays blanked (same line numbers) is what a scan parses, which keeps start-up fast.

use std::{env, fs, path::PathBuf};

fn main() {
    println!("cargo:rerun-if-changed=rules");
    let manifest = env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let dir = PathBuf::from(manifest).join("rules");
    let out_dir = PathBuf::from(env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .expect("rules/ directory exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    let mut full = String::from(
        "/// Embedded rule files: (file name, contents).\npub static BUILTIN_RULE_FILES: &[(&str, &str)] = &[\n",
    );
    let mut slim = String::from(
        "/// The same files with example arrays blanked (same line numbers): what a scan loads.\npub static BUILTIN_RULE_FILES_SLIM: &[(&str, &str)] = &[\n",
    );
    for f in &files {
        println!("cargo:rerun-if-changed={}", f.display());
        let name = f
            .file_name()
            .expect("file name")
            .to_string_lossy()
            .into_owned();
        full.push_str(&format!(
            "    ({name:?}, include_str!({:?})),\n",
            f.display().to_string()
        ));
        let text = fs::read_to_string(f).expect("read rule file");
        let slim_path = out_dir.join(format!("slim-{name}"));
        fs::write(&slim_path, without_examples(&text)).expect("write slim rule file");
        slim.push_str(&format!(
            "    ({name:?}, include_str!({:?})),\n",
            slim_path.display().to_string()
        ));
    }
    full.push_str("];\n");
    slim.push_str("];\n");
    full.push_str(&slim);
    fs::write(out_dir.join("builtin_rules.rs"), full).expect("write builtin_rules.rs");
}

/// Blanks `examples = [...]` and `negative_examples = [...]`, keeping line numbers. The arrays
/// must close with a line that is exactly `]` (or on their first line); the test suite checks
/// that the slim files load to the same rules as the full ones.
fn without_examples(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut skipping = false;
    for line in text.lines() {
        let t = line.trim_start();
        if !skipping && (t.starts_with("examples = [") || t.starts_with("negative_examples = [")) {
            skipping = !line.trim_end().ends_with(']');
            out.push('\n');
            continue;
        }
        if skipping {
            if line == "]" {
                skipping = false;
            }
            out.push('\n');
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}
