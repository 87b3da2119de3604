//! Embeds every `rules/*.toml` into the binary: writes `$OUT_DIR/builtin_rules.rs`, a list of
//! `(file name, include_str!(...))`, so a new rule file can never be missing from the build.

use std::{env, fs, path::PathBuf};

fn main() {
    println!("cargo:rerun-if-changed=rules");
    let dir = PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"))
        .join("rules");
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .expect("rules/ directory exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    let mut out = String::from(
        "/// Embedded rule files: (file name, contents).\npub static BUILTIN_RULE_FILES: &[(&str, &str)] = &[\n",
    );
    for f in &files {
        println!("cargo:rerun-if-changed={}", f.display());
        let name = f
            .file_name()
            .expect("file name")
            .to_string_lossy()
            .into_owned();
        out.push_str(&format!(
            "    ({name:?}, include_str!({:?})),\n",
            f.display().to_string()
        ));
    }
    out.push_str("];\n");
    let dest =
        PathBuf::from(env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("builtin_rules.rs");
    fs::write(dest, out).expect("write builtin_rules.rs");
}
