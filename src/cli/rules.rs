//! `vigil rules list` and `vigil rules check`.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde_json::json;
use vigil::RuleSet;
use vigil::config::ConfigFile;
use vigil::rules::{check_rules, compile::parse_toml, lint};

use super::args::{ListFormat, RulesCommand};
use super::exit::Code;

/// Runs a `rules` subcommand.
pub fn run(cmd: RulesCommand) -> Result<Code> {
    match cmd {
        RulesCommand::List { format, rules } => {
            let set = super::scan::load(&rules, &PathBuf::from("."))?;
            list(&set, format)?;
            Ok(Code::Clean)
        }
        RulesCommand::Check {
            files,
            builtin,
            sample,
        } => check(&files, builtin, sample.as_deref()),
    }
}

fn list(set: &RuleSet, format: ListFormat) -> Result<()> {
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    match format {
        ListFormat::Json => {
            let rules: Vec<_> = set
                .rules()
                .iter()
                .map(|r| {
                    json!({
                        "id": r.id,
                        "description": r.description,
                        "severity": r.severity.as_str(),
                        "confidence": r.confidence.as_str(),
                        "keywords": r.keywords,
                        "tags": r.tags,
                        "source": format!("{}:{}", r.origin.file, r.origin.line),
                    })
                })
                .collect();
            serde_json::to_writer_pretty(&mut out, &rules)?;
            writeln!(out)?;
        }
        ListFormat::Table => {
            let w = set
                .rules()
                .iter()
                .map(|r| r.id.len())
                .max()
                .unwrap_or(2)
                .max(2);
            writeln!(
                out,
                "{:w$}  {:8}  {:10}  DESCRIPTION",
                "ID", "SEVERITY", "CONFIDENCE"
            )?;
            for r in set.rules() {
                writeln!(
                    out,
                    "{:w$}  {:8}  {:10}  {}",
                    r.id,
                    r.severity.as_str(),
                    r.confidence.as_str(),
                    r.description
                )?;
            }
            writeln!(out, "{} rules", set.len())?;
        }
    }
    out.flush()?;
    Ok(())
}

fn check(files: &[PathBuf], builtin: bool, sample: Option<&Path>) -> Result<Code> {
    let mut set = if files.is_empty() || builtin {
        RuleSet::builtin_with_examples()?
    } else {
        RuleSet::default()
    };
    for path in files {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        let name = path.display().to_string();
        let file: ConfigFile = parse_toml(&name, &text)?;
        set.add_syntax(file.rules, &name, &text, true)?;
    }
    let failures = check_rules(&set);
    let mut warnings = lint::duplicates_and_overlaps(&set);
    let measured = match sample {
        Some(dir) => Some(measure(&set, dir)?),
        None => None,
    };
    warnings.extend(lint::common_keywords(&set, measured.as_ref()));
    let mut out = std::io::stdout().lock();
    for f in &failures {
        writeln!(out, "{}: rule `{}`: {}", f.origin, f.rule, f.message)?;
    }
    let origin = |id: &str| {
        set.get(id)
            .map(|r| format!("{}:{}", r.origin.file, r.origin.line))
            .unwrap_or_default()
    };
    let (mut dups, mut overlaps, mut common) = (0, 0, 0);
    for w in &warnings {
        match w {
            lint::Warning::SameRegex { rule, other } => {
                dups += 1;
                writeln!(
                    out,
                    "warning: duplicate: rule `{other}` ({}) has the same regex as `{rule}` ({})",
                    origin(other),
                    origin(rule)
                )?;
            }
            lint::Warning::Subsumed { rule, by } => {
                dups += 1;
                writeln!(
                    out,
                    "warning: duplicate: every example of `{rule}` ({}) is also found, with the same secret, by `{by}` ({})",
                    origin(rule),
                    origin(by)
                )?;
            }
            lint::Warning::Overlap {
                rule,
                other,
                examples,
            } => {
                overlaps += 1;
                let list: Vec<String> = examples.iter().map(|i| format!("examples[{i}]")).collect();
                writeln!(
                    out,
                    "warning: overlap: `{rule}` and `{other}` (same confidence) both report the secret of `{rule}` {}",
                    list.join(", ")
                )?;
            }
            lint::Warning::CommonKeyword {
                keyword,
                rules,
                per_mib,
                reason,
            } => {
                common += 1;
                let rate = per_mib
                    .map(|r| format!(", {r:.0} per MiB"))
                    .unwrap_or_default();
                writeln!(
                    out,
                    "warning: common keyword {keyword:?} ({reason}{rate}) in {}",
                    rules.join(", ")
                )?;
            }
        }
    }
    if let Some(s) = &measured {
        writeln!(
            out,
            "keyword frequencies measured on {:.1} MiB of {}",
            s.bytes as f64 / f64::from(1 << 20),
            sample.map(|p| p.display().to_string()).unwrap_or_default()
        )?;
    }
    let failed: std::collections::BTreeSet<_> = failures.iter().map(|f| &f.rule).collect();
    writeln!(
        out,
        "{} rules checked, {} failed; warnings: {dups} duplicate, {overlaps} overlapping, {common} common keyword",
        set.len(),
        failed.len()
    )?;
    Ok(if failures.is_empty() {
        Code::Clean
    } else {
        Code::Findings
    })
}

/// Reads up to [`SAMPLE_CAP`] bytes of regular files under `dir` (honouring ignore files) and
/// counts keyword occurrences in them.
fn measure(set: &RuleSet, dir: &Path) -> Result<lint::KeywordSample> {
    const SAMPLE_CAP: u64 = 64 << 20;
    let mut buffers = Vec::new();
    let mut total = 0u64;
    for entry in ignore::WalkBuilder::new(dir).build() {
        let entry = entry.with_context(|| format!("cannot walk {}", dir.display()))?;
        if !entry.file_type().is_some_and(|t| t.is_file()) {
            continue;
        }
        let Ok(bytes) = std::fs::read(entry.path()) else {
            continue;
        };
        total += bytes.len() as u64;
        buffers.push(bytes);
        if total >= SAMPLE_CAP {
            break;
        }
    }
    anyhow::ensure!(total > 0, "no readable files under {}", dir.display());
    Ok(lint::KeywordSample::measure(
        set,
        buffers.iter().map(Vec::as_slice),
    ))
}
