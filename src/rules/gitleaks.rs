//! gitleaks v8 configurations (`.gitleaks.toml`), loaded unchanged.
//!
//! A gitleaks configuration means here what it means in gitleaks: its rules are the whole
//! rule set, unless `[extend] useDefault = true`, in which case they extend vigil's own pack
//! (the nearest equivalent of gitleaks' default rules) minus `disabledRules`. Rule ids are
//! kept, so reports and `.gitleaksignore` fingerprints line up with what a team already has.
//!
//! Each rule becomes a vigil rule of scope `file` (see [`crate::rules`]): like gitleaks, its
//! regex runs over the whole buffer once one of its keywords occurs anywhere in it, or always
//! when it has none; the placeholder filter and vigil's generic heuristics are off; findings
//! of different rules on one secret are all reported, except that a rule whose id contains
//! `generic` yields to a specific rule on the same line (gitleaks' precedence). `entropy`
//! keeps gitleaks' meaning (a secret must have *more* than that).
//!
//! Supported: `regex`, `secretGroup`, `entropy`, `keywords`, `path`, `tags`, `description`,
//! rule allowlists (`[[rules.allowlists]]` and the older `[rules.allowlist]`), global
//! allowlists (`[[allowlists]]` with `targetRules`, and the older `[allowlist]`) with
//! `regexTarget`, `regexes`, `stopwords`, `paths`, `commits`, `condition`; `[extend]` with
//! `useDefault` and `disabledRules`. Keys are case-insensitive, as in gitleaks. Not supported,
//! each with a note: path-only rules, `[[rules.required]]` composite rules (the rule runs on
//! its own), `skipReport`, and `[extend] path`/`url`.
//!
//! Go's RE2 syntax is translated where Rust's `regex` reads it differently (`\Q…\E`, octal
//! escapes, a literal `{`, `[` / `&&` / `--` / `~~` inside a class); anything else it cannot
//! read is an error naming the rule.

use std::path::Path;

use toml::{Spanned, Table, Value};

use super::syntax::{RuleSyntax, SecretGroup, Severity};
use crate::error::{Error, Result};
use crate::filter::allowlist::{Allowlist, AllowlistSyntax, Allowlists, PathKind};

/// The gitleaks configuration file discovered at a repository root.
pub const CONFIG_FILE_NAME: &str = ".gitleaks.toml";

/// A loaded gitleaks configuration, in vigil's terms.
#[derive(Debug, Default)]
pub struct GitleaksConfig {
    /// The rules.
    pub rules: Vec<RuleSyntax>,
    /// Global and per-rule allowlists.
    pub allowlists: Allowlists,
    /// `[extend] useDefault`.
    pub use_default: bool,
    /// `[extend] disabledRules`.
    pub disabled: Vec<String>,
    /// What was not supported, for the user.
    pub notes: Vec<String>,
}

/// Whether `path`/`text` is a gitleaks configuration rather than a vigil one: by name
/// (`gitleaks.toml`, `.gitleaks.toml`, `*.gitleaks.toml`) or by gitleaks-only keys.
pub fn is_gitleaks_config(path: &Path, text: &str) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    if name.ends_with("gitleaks.toml") {
        return true;
    }
    let Ok(table) = text.parse::<Table>() else {
        return false;
    };
    let table = lower_keys(Value::Table(table));
    let Value::Table(t) = table else { return false };
    ["title", "extend", "minversion"]
        .iter()
        .any(|k| t.contains_key(*k))
        || t.get("rules")
            .and_then(Value::as_array)
            .is_some_and(|rules| {
                rules.iter().any(|r| {
                    r.as_table().is_some_and(|r| {
                        r.contains_key("secretgroup")
                            || (r.contains_key("regex") && !r.contains_key("severity"))
                    })
                })
            })
}

/// Lower-cases every table key (gitleaks reads its configuration case-insensitively).
fn lower_keys(v: Value) -> Value {
    match v {
        Value::Table(t) => Value::Table(
            t.into_iter()
                .map(|(k, v)| (k.to_ascii_lowercase(), lower_keys(v)))
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.into_iter().map(lower_keys).collect()),
        other => other,
    }
}

/// Parses and translates a gitleaks configuration.
///
/// # Errors
/// Invalid TOML, wrongly typed fields, or a regex that cannot be translated (naming the
/// file, line and rule).
pub fn load(file: &str, text: &str) -> Result<GitleaksConfig> {
    let table: Table = toml::from_str(text).map_err(|e| Error::ConfigSyntax {
        path: file.to_string(),
        line: e.span().map_or(1, |s| crate::error::line_of(text, s.start)),
        message: e.message().trim().to_string(),
    })?;
    let Value::Table(mut t) = lower_keys(Value::Table(table)) else {
        return Ok(GitleaksConfig::default());
    };
    let mut out = GitleaksConfig::default();
    let syntax_err = |message: String| Error::ConfigSyntax {
        path: file.to_string(),
        line: 1,
        message,
    };
    if let Some(Value::Table(ext)) = t.remove("extend") {
        out.use_default = ext
            .get("usedefault")
            .and_then(Value::as_bool)
            .unwrap_or(false);
        out.disabled = strings(ext.get("disabledrules"));
        for key in ["path", "url"] {
            if ext
                .get(key)
                .and_then(Value::as_str)
                .is_some_and(|s| !s.is_empty())
            {
                out.notes.push(format!(
                    "{file}: [extend] {key} is not supported (vigil loads no other file or URL); ignored"
                ));
            }
        }
    }
    let starts = rule_starts(text);
    let rules = match t.remove("rules") {
        Some(Value::Array(a)) => a,
        None => Vec::new(),
        Some(_) => return Err(syntax_err("`rules` must be an array of tables".into())),
    };
    for (i, rule) in rules.into_iter().enumerate() {
        let Value::Table(rule) = rule else {
            return Err(syntax_err("each [[rules]] entry must be a table".into()));
        };
        let at = starts.get(i).copied().unwrap_or(0);
        if let Some(r) = translate_rule(file, text, at, rule, &mut out)? {
            out.rules.push(r);
        }
    }
    let mut globals: Vec<Value> = Vec::new();
    if let Some(a) = t.remove("allowlist") {
        globals.push(a);
    }
    if let Some(Value::Array(a)) = t.remove("allowlists") {
        globals.extend(a);
    }
    for (i, a) in globals.into_iter().enumerate() {
        let source = format!("{file} global allowlist {}", i + 1);
        let syntax = allowlist_syntax(a).map_err(|m| syntax_err(format!("{source}: {m}")))?;
        let targeted = !syntax.rules.is_empty();
        let compiled = Allowlist::compile(syntax, source.clone(), PathKind::Regex)
            .map_err(|m| syntax_err(format!("{source}: {m}")))?;
        // gitleaks skips whole directories that a global allowlist's paths match.
        let compiled = if targeted {
            compiled
        } else {
            compiled.with_directory_paths()
        };
        // Targeted allowlists keep their `targetRules` inside (the compiled `rules`).
        out.allowlists.push_global(compiled);
    }
    Ok(out)
}

/// Byte offsets of the `[[rules]]` headers, in order (for line numbers in messages).
fn rule_starts(text: &str) -> Vec<usize> {
    let mut offset = 0;
    let mut out = Vec::new();
    for line in text.split_inclusive('\n') {
        if line.trim() == "[[rules]]" {
            out.push(offset);
        }
        offset += line.len();
    }
    out
}

fn strings(v: Option<&Value>) -> Vec<String> {
    v.and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|s| s.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

fn string(t: &Table, key: &str) -> String {
    t.get(key)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}

/// One gitleaks rule as a vigil rule (scope `file`); `None` for rules vigil cannot run.
fn translate_rule(
    file: &str,
    text: &str,
    at: usize,
    mut t: Table,
    out: &mut GitleaksConfig,
) -> Result<Option<RuleSyntax>> {
    let id = string(&t, "id");
    let line = crate::error::line_of(text, at);
    let err = |message: String| Error::Rule {
        path: file.to_string(),
        line,
        rule: id.clone(),
        message,
    };
    if id.is_empty() {
        return Err(err("rule has no `id`".into()));
    }
    let regex = string(&t, "regex");
    let path = string(&t, "path");
    if t.get("skipreport").and_then(Value::as_bool) == Some(true) {
        out.notes.push(format!(
            "{file}:{line}: rule `{id}`: skipReport (a rule used only by composite rules) is not supported; the rule is not loaded"
        ));
        return Ok(None);
    }
    if regex.is_empty() {
        out.notes.push(format!(
            "{file}:{line}: rule `{id}`: path-only rules are not supported; the rule is not loaded"
        ));
        return Ok(None);
    }
    if t.contains_key("required") {
        out.notes.push(format!(
            "{file}:{line}: rule `{id}`: [[rules.required]] (composite rules) is not supported; the rule runs on its own"
        ));
    }
    let regex = translate_re2(&regex).map_err(|m| err(format!("regex: {m}")))?;
    let path = if path.is_empty() {
        None
    } else {
        Some(translate_re2(&path).map_err(|m| err(format!("path: {m}")))?)
    };
    let secret_group = match t.get("secretgroup").and_then(Value::as_integer) {
        Some(n) if n > 0 => {
            Some(SecretGroup::Index(usize::try_from(n).map_err(|_| {
                err(format!("secretGroup {n} is out of range"))
            })?))
        }
        _ => None,
    };
    let entropy = match t.get("entropy") {
        Some(Value::Float(e)) if *e > 0.0 => Some(next_up(*e)),
        Some(Value::Integer(e)) if *e > 0 => Some(next_up(*e as f64)),
        _ => None,
    };
    let mut allowlists: Vec<Value> = Vec::new();
    if let Some(a) = t.remove("allowlist") {
        allowlists.push(a);
    }
    if let Some(Value::Array(a)) = t.remove("allowlists") {
        allowlists.extend(a);
    }
    for (i, a) in allowlists.into_iter().enumerate() {
        let source = format!("{file}: rule `{id}` allowlist {}", i + 1);
        let syntax = allowlist_syntax(a).map_err(|m| err(format!("allowlist {}: {m}", i + 1)))?;
        let compiled = Allowlist::compile(syntax, source, PathKind::Regex)
            .map_err(|m| err(format!("allowlist {}: {m}", i + 1)))?;
        out.allowlists.push_rule(&id, compiled);
    }
    let span = at..at + 1;
    Ok(Some(RuleSyntax {
        id: Spanned::new(span.clone(), id.clone()),
        description: match string(&t, "description") {
            d if d.is_empty() => id.clone(),
            d => d,
        },
        regex: Spanned::new(span, regex),
        secret_group,
        keywords: strings(t.get("keywords")),
        entropy,
        path,
        severity: Severity::Medium,
        confidence: None,
        window: None,
        validate: None,
        allow_placeholders: true,
        decode: None,
        generic: false,
        tags: strings(t.get("tags")),
        examples: Vec::new(),
        negative_examples: Vec::new(),
        allowlist: Vec::new(),
        scope: Some("file".into()),
    }))
}

/// The smallest float above `x`: gitleaks skips a secret whose entropy is `<=` the rule's,
/// vigil one whose entropy is `<` the minimum.
fn next_up(x: f64) -> f64 {
    f64::from_bits(x.to_bits() + 1)
}

/// A gitleaks allowlist table as vigil's allowlist syntax, with regexes translated.
fn allowlist_syntax(v: Value) -> Result<AllowlistSyntax, String> {
    let Value::Table(t) = v else {
        return Err("an allowlist must be a table".into());
    };
    let translate = |v: Vec<String>| -> Result<Vec<String>, String> {
        v.iter().map(|r| translate_re2(r)).collect()
    };
    Ok(AllowlistSyntax {
        description: t
            .get("description")
            .and_then(Value::as_str)
            .map(str::to_string),
        paths: translate(strings(t.get("paths")))?,
        regexes: translate(strings(t.get("regexes")))?,
        regex_target: t
            .get("regextarget")
            .and_then(Value::as_str)
            .map(str::to_string),
        stopwords: strings(t.get("stopwords")),
        commits: strings(t.get("commits")),
        condition: t
            .get("condition")
            .and_then(Value::as_str)
            .map(str::to_string),
        rules: strings(t.get("targetrules")),
    })
}

/// Translates a Go RE2 pattern into one Rust's `regex` reads the same way.
///
/// # Errors
/// Syntax Rust's `regex` rejects after translation (with its message).
pub fn translate_re2(src: &str) -> Result<String, String> {
    let chars: Vec<char> = src.chars().collect();
    let mut out = String::with_capacity(src.len() + 8);
    let mut i = 0;
    let mut in_class = false;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\\' if i + 1 < chars.len() => {
                let n = chars[i + 1];
                if n == 'Q' {
                    let rest: String = chars[i + 2..].iter().collect();
                    let (lit, skip) = match rest.find("\\E") {
                        Some(e) => (&rest[..e], e + 2),
                        None => (rest.as_str(), rest.len()),
                    };
                    out.push_str(&regex_syntax::escape(lit));
                    i += 2 + lit.chars().count() + (skip - lit.len());
                    continue;
                }
                let octal = n == '0'
                    || (('1'..='7').contains(&n)
                        && chars.get(i + 2).is_some_and(|d| d.is_digit(8)));
                if octal {
                    // Octal escape (up to three digits); a lone `\1`..`\7` stays (a
                    // back-reference, which both syntaxes reject).
                    let mut j = i + 1;
                    let mut v = 0u32;
                    while j < chars.len() && j < i + 4 && chars[j].is_digit(8) {
                        v = v * 8 + chars[j].to_digit(8).unwrap_or(0);
                        j += 1;
                    }
                    out.push_str(&format!("\\x{{{v:x}}}"));
                    i = j;
                    continue;
                }
                out.push(c);
                out.push(n);
                i += 2;
                continue;
            }
            '[' if !in_class => {
                in_class = true;
                out.push('[');
                i += 1;
                if chars.get(i) == Some(&'^') {
                    out.push('^');
                    i += 1;
                }
                // A `]` first in a class is a literal in both syntaxes.
                if chars.get(i) == Some(&']') {
                    out.push_str("\\]");
                    i += 1;
                }
                continue;
            }
            '[' if in_class => {
                if chars.get(i + 1) == Some(&':') {
                    // POSIX class `[:alpha:]`: same in both.
                    let rest: String = chars[i..].iter().collect();
                    if let Some(end) = rest.find(":]") {
                        out.push_str(&rest[..end + 2]);
                        i += rest[..end + 2].chars().count();
                        continue;
                    }
                }
                out.push_str("\\[");
            }
            ']' if in_class => {
                in_class = false;
                out.push(']');
            }
            '&' | '-' | '~' if in_class && chars.get(i + 1) == Some(&c) => {
                out.push(c);
                out.push('\\');
                out.push(c);
                i += 2;
                continue;
            }
            '{' if !in_class => {
                let rest: String = chars[i..].iter().collect();
                if is_repetition(&rest) && i > 0 {
                    out.push('{');
                } else {
                    out.push_str("\\{");
                }
            }
            '}' if !in_class => {
                // Closing brace of a repetition we kept; a stray one is a literal in both.
                out.push('}');
            }
            _ => out.push(c),
        }
        i += 1;
    }
    regex_syntax::ParserBuilder::new()
        .build()
        .parse(&out)
        .map_err(|e| first_line(&e.to_string()))?;
    Ok(out)
}

/// Whether `s` starts with a counted repetition RE2 accepts: `{n}`, `{n,}`, `{n,m}`.
fn is_repetition(s: &str) -> bool {
    let Some(body) = s.strip_prefix('{') else {
        return false;
    };
    let Some(end) = body.find('}') else {
        return false;
    };
    let body = &body[..end];
    let (min, max) = match body.split_once(',') {
        Some((a, b)) => (a, Some(b)),
        None => (body, None),
    };
    !min.is_empty()
        && min.bytes().all(|b| b.is_ascii_digit())
        && max.is_none_or(|m| m.bytes().all(|b| b.is_ascii_digit()))
}

fn first_line(s: &str) -> String {
    s.lines()
        .rfind(|l| !l.trim().is_empty())
        .unwrap_or(s)
        .trim()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn re2_translation() {
        let cases = [
            (r"\Qa.b\E+", r"a\.b+"),
            (r"[a-z&&b]", r"[a-z&\&b]"),
            (r"[[:alpha:][]", r"[[:alpha:]\[]"),
            (r"a{,3}", r"a\{,3}"),
            (r"a{2,3}b{x}", r"a{2,3}b\{x}"),
            (r"\101", r"\x{41}"),
            (r"[]a]", r"[\]a]"),
            (
                r"(?i)\bkey\s*=\s*([a-z0-9]{32})\b",
                r"(?i)\bkey\s*=\s*([a-z0-9]{32})\b",
            ),
        ];
        for (go, rust) in cases {
            assert_eq!(translate_re2(go).as_deref(), Ok(rust), "{go}");
        }
        assert!(translate_re2(r"(?<=a)b").is_err());
    }

    const CONFIG: &str = r#"
title = "team config"

[extend]
useDefault = true
disabledRules = ["generic-password", "no-such-rule"]

[[rules]]
id = "acme_token"
description = "ACME token"
regex = '''acme_(?P<tok>[a-z0-9]{16})'''
secretGroup = 1
entropy = 2
keywords = ["acme_"]
path = '''\.env$'''
tags = ["acme"]
[[rules.allowlists]]
regexTarget = "line"
regexes = ['''EXAMPLE''']
stopwords = ["test"]
condition = "OR"

[[rules]]
id = "no-keywords"
regex = '''zz[0-9]{8}'''
[rules.allowlist]
paths = ['''^fixtures/''']

[[rules]]
id = "only-path"
path = '''\.p12$'''

[allowlist]
paths = ['''(?:^|/)vendor/''']
commits = ["abcdef1234567"]

[[allowlists]]
targetRules = ["acme_token"]
stopwords = ["dummy"]
"#;

    #[test]
    fn loads_every_field() {
        let g = load("g.toml", CONFIG).unwrap();
        assert!(g.use_default);
        assert_eq!(g.disabled, ["generic-password", "no-such-rule"]);
        assert_eq!(g.rules.len(), 2);
        let r = &g.rules[0];
        assert_eq!(r.id.get_ref(), "acme_token");
        assert_eq!(r.secret_group, Some(SecretGroup::Index(1)));
        assert!(r.entropy.is_some_and(|e| e > 2.0 && e < 2.000_001));
        assert_eq!(r.path.as_deref(), Some(r"\.env$"));
        assert_eq!(r.tags, ["acme"]);
        assert_eq!(r.scope.as_deref(), Some("file"));
        assert!(g.rules[1].keywords.is_empty());
        assert_eq!(g.notes.len(), 1, "{:?}", g.notes);
        assert!(g.notes[0].contains("only-path"));
        assert!(!g.allowlists.is_empty());
        assert!(is_gitleaks_config(Path::new("x.toml"), CONFIG));
        assert!(!is_gitleaks_config(
            Path::new(".vigil.toml"),
            "disabled_rules = []\n"
        ));
    }

    #[test]
    fn bad_regex_names_the_rule() {
        let text = "[[rules]]\nid = \"bad\"\nregex = '''(?<=x)y'''\n";
        let msg = load("g.toml", text).unwrap_err().to_string();
        assert!(msg.starts_with("g.toml:1: rule `bad`: regex:"), "{msg}");
    }
}
