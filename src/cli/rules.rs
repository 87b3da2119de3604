//! `vigil rules list` and `vigil rules check`.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context, Result};
use serde_json::json;
use vigil::RuleSet;
use vigil::config::ConfigFile;
use vigil::rules::{check_rules, compile::parse_toml};

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
        RulesCommand::Check { files } => check(&files),
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

fn check(files: &[PathBuf]) -> Result<Code> {
    let set = if files.is_empty() {
        RuleSet::builtin_with_examples()?
    } else {
        let mut set = RuleSet::default();
        for path in files {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read {}", path.display()))?;
            let name = path.display().to_string();
            let file: ConfigFile = parse_toml(&name, &text)?;
            set.add_syntax(file.rules, &name, &text, true)?;
        }
        set
    };
    let failures = check_rules(&set);
    let mut out = std::io::stdout().lock();
    for f in &failures {
        writeln!(out, "{}: rule `{}`: {}", f.origin, f.rule, f.message)?;
    }
    let failed: std::collections::BTreeSet<_> = failures.iter().map(|f| &f.rule).collect();
    writeln!(out, "{} rules checked, {} failed", set.len(), failed.len())?;
    Ok(if failures.is_empty() {
        Code::Clean
    } else {
        Code::Findings
    })
}
