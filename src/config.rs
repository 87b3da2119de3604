//! Resolved scan options (no CLI types here) and the configuration file format.
//!
//! The CLI turns its flags into a [`ScanConfig`] once; the library works only from that.
//! A `.vigil.toml` at the root of the scanned repository (or a file given with `--config`)
//! can add rules and disable built-in ones:
//!
//! ```toml
//! disabled_rules = ["generic-password"]   # ids of rules to turn off
//!
//! [[rules]]                                # extra rules, same format as rules/*.toml
//! id = "acme-internal-token"
//! # ...
//! [[rules.allowlist]]                      # allowlists for this rule only
//! stopwords = ["example"]
//!
//! [allowlist]                              # global allowlist (also [[allowlists]])
//! paths = ["tests/fixtures/**"]
//! ```
//!
//! Allowlists are specified in [`crate::filter::allowlist`]. A gitleaks configuration
//! (`.gitleaks.toml`, discovered when there is no `.vigil.toml`) is loaded by
//! [`crate::rules::gitleaks`].

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::{Error, Result};
use crate::filter::allowlist::{Allowlist, AllowlistSyntax, Allowlists, PathKind};
use crate::rules::{RuleSet, RuleSyntax, compile::parse_toml, gitleaks};

/// Default maximum size of a file to scan: 10 MiB.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 10 << 20;

/// Name of the per-repository configuration file.
pub const CONFIG_FILE_NAME: &str = ".vigil.toml";

/// Everything a scan needs to know, resolved and validated.
#[derive(Debug, Clone)]
pub struct ScanConfig {
    /// Files and directories to scan.
    pub paths: Vec<PathBuf>,
    /// Honour `.gitignore`, `.ignore` and git's exclude files.
    pub respect_ignore: bool,
    /// Files larger than this are skipped and reported.
    pub max_file_size: u64,
    /// Follow symbolic links (loops are detected and reported).
    pub follow_symlinks: bool,
    /// Worker threads; 0 picks the number of CPUs.
    pub threads: usize,
}

impl Default for ScanConfig {
    fn default() -> Self {
        ScanConfig {
            paths: vec![PathBuf::from(".")],
            respect_ignore: true,
            max_file_size: DEFAULT_MAX_FILE_SIZE,
            follow_symlinks: false,
            threads: 0,
        }
    }
}

/// A configuration file (`.vigil.toml` or `--config FILE`).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigFile {
    /// Ids of rules to turn off.
    #[serde(default)]
    pub disabled_rules: Vec<String>,
    /// Additional rules.
    #[serde(default)]
    pub rules: Vec<RuleSyntax>,
    /// Commit-signing policy (`vigil verify`); the scanner ignores it.
    #[serde(default)]
    pub signing: Option<crate::signing::SigningSection>,
    /// Global allowlist (`[allowlist]`; see [`crate::filter::allowlist`]).
    #[serde(default)]
    pub allowlist: Option<AllowlistSyntax>,
    /// More global allowlists (`[[allowlists]]`), each optionally limited to `rules`.
    #[serde(default)]
    pub allowlists: Vec<AllowlistSyntax>,
}

/// The active rules and what the configuration changed, so that a repository's own
/// configuration can never weaken a scan without it being visible.
#[derive(Debug, Default)]
pub struct LoadedRules {
    /// The active rules.
    pub rules: RuleSet,
    /// `(configuration file, rule id)` of every built-in rule a configuration disabled.
    pub disabled: Vec<(String, String)>,
    /// Global and per-rule allowlists from the configuration files.
    pub allowlists: Allowlists,
    /// Whether a gitleaks configuration was loaded (its rule precedence then applies).
    pub gitleaks: bool,
    /// Things the user should know about the configuration (gitleaks features not supported,
    /// unknown rules in `disabledRules`, ...).
    pub notes: Vec<String>,
}

/// Loads the rule set: the built-in rules, then each configuration file in order.
///
/// # Errors
/// Unreadable or malformed configuration (naming file, line and rule), a disabled rule id
/// that does not exist, or a configuration that leaves no rule active.
pub fn load_rules(config_files: &[PathBuf]) -> Result<LoadedRules> {
    let mut set = RuleSet::builtin()?;
    let mut loaded = LoadedRules {
        rules: RuleSet::default(),
        disabled: Vec::new(),
        allowlists: Allowlists::default(),
        gitleaks: false,
        notes: Vec::new(),
    };
    for path in config_files {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        let name = path.display().to_string();
        load_config_text(&mut set, &mut loaded, path, &name, &text)?;
    }
    if set.is_empty() {
        let files: Vec<String> = config_files
            .iter()
            .map(|p| p.display().to_string())
            .collect();
        return Err(Error::NoRules(if files.is_empty() {
            "no rule is embedded in this build".into()
        } else {
            format!(
                "the configuration ({}) disables every rule",
                files.join(", ")
            )
        }));
    }
    loaded.rules = set;
    Ok(loaded)
}

/// Applies one configuration file's text (vigil or gitleaks format, told apart by `path` and
/// content) to `set` and `loaded`. Public for the fuzzer, which feeds it arbitrary text.
///
/// # Errors
/// Malformed configuration, naming file, line and rule.
#[doc(hidden)]
pub fn load_config_text(
    set: &mut RuleSet,
    loaded: &mut LoadedRules,
    path: &Path,
    name: &str,
    text: &str,
) -> Result<()> {
    if gitleaks::is_gitleaks_config(path, text) {
        load_gitleaks(set, loaded, name, text)?;
        return Ok(());
    }
    let mut file: ConfigFile = parse_toml(name, text)?;
    for rule in &mut file.rules {
        let id = rule.id.get_ref().clone();
        loaded.allowlists.clear_rule(&id);
        for (i, a) in std::mem::take(&mut rule.allowlist).into_iter().enumerate() {
            let source = format!("{name}: rule `{id}` allowlist {}", i + 1);
            let compiled =
                Allowlist::compile(a, source, PathKind::Glob).map_err(|message| Error::Rule {
                    path: name.to_string(),
                    line: crate::error::line_of(text, rule.id.span().start),
                    rule: id.clone(),
                    message,
                })?;
            loaded.allowlists.push_rule(&id, compiled);
        }
    }
    let globals = file
        .allowlist
        .take()
        .into_iter()
        .chain(std::mem::take(&mut file.allowlists));
    for (i, a) in globals.enumerate() {
        let source = if i == 0 && text.contains("[allowlist]") {
            format!("{name} [allowlist]")
        } else {
            format!("{name} allowlist {}", i + 1)
        };
        let compiled = Allowlist::compile(a, source, PathKind::Glob).map_err(|message| {
            Error::ConfigSyntax {
                path: name.to_string(),
                line: crate::error::line_of(text, text.find("allowlist").unwrap_or(0)),
                message,
            }
        })?;
        loaded.allowlists.push_global(compiled);
    }
    set.add_syntax(file.rules, name, text, true)?;
    let unknown = set.disable(file.disabled_rules.iter().map(String::as_str));
    loaded.disabled.extend(
        file.disabled_rules
            .iter()
            .map(|id| (name.to_string(), id.clone())),
    );
    if let Some(id) = unknown.first() {
        return Err(Error::ConfigSyntax {
            path: name.to_string(),
            line: crate::error::line_of(text, text.find(id.as_str()).unwrap_or(0)),
            message: format!("disabled_rules names unknown rule `{id}`"),
        });
    }
    Ok(())
}

/// Loads a gitleaks configuration: its rules replace the rule set, or extend it with
/// `[extend] useDefault = true` (vigil's own rules standing in for gitleaks' defaults).
fn load_gitleaks(
    set: &mut RuleSet,
    loaded: &mut LoadedRules,
    name: &str,
    text: &str,
) -> Result<()> {
    let g = gitleaks::load(name, text)?;
    if !g.use_default {
        *set = RuleSet::default();
        loaded.allowlists = Allowlists::default();
    }
    set.add_syntax(g.rules, name, text, true)?;
    let unknown = set.disable(g.disabled.iter().map(String::as_str));
    for id in &g.disabled {
        if !unknown.contains(id) {
            loaded.disabled.push((name.to_string(), id.clone()));
        }
    }
    for id in unknown {
        loaded.notes.push(format!(
            "{name}: disabledRules names `{id}`, which is not a rule here; ignored"
        ));
    }
    loaded.allowlists.extend(g.allowlists);
    loaded.notes.extend(g.notes);
    loaded.gitleaks = true;
    Ok(())
}

/// The root of the git work tree containing `path` (the nearest ancestor with a `.git`).
pub fn repo_root(path: &Path) -> Option<PathBuf> {
    let abs = std::path::absolute(path).ok()?;
    let start = if abs.is_dir() {
        abs.as_path()
    } else {
        abs.parent()?
    };
    start
        .ancestors()
        .find(|a| a.join(".git").exists())
        .map(Path::to_path_buf)
}

/// The `.vigil.toml` that applies to a scan of `path`: at the repository root, or in `path`
/// itself when it is a directory outside any repository. Without one, a `.gitleaks.toml`
/// there is used, so a repository moving from gitleaks keeps its configuration.
pub fn discover_config(path: &Path) -> Option<PathBuf> {
    config_in(&scan_root(path)?)
}

/// The `.vigil.toml` (or `.gitleaks.toml`) in `root` itself, a directory already resolved as
/// the place whose per-repository files apply: by [`scan_root`], or by git for a repository
/// whose git directory is elsewhere (`GIT_DIR`, `core.worktree`), where walking up from the
/// work tree could reach an enclosing repository's configuration.
pub fn config_in(root: &Path) -> Option<PathBuf> {
    [CONFIG_FILE_NAME, gitleaks::CONFIG_FILE_NAME]
        .iter()
        .map(|name| root.join(name))
        .find(|candidate| candidate.is_file())
}

/// Where per-repository files (configuration, ignore files) are looked for when scanning
/// `path`: the repository root, or `path` itself when it is a directory outside any
/// repository (or the current directory for a file outside any repository).
pub fn scan_root(path: &Path) -> Option<PathBuf> {
    repo_root(path).or_else(|| path.is_dir().then(|| path.to_path_buf()))
}
