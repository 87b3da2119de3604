//! Turns rule syntax into [`Rule`]s and collects them into a [`RuleSet`].
//!
//! Regexes are compiled lazily ([`Rule::regex`]): a scan pays only for the rules whose keywords
//! it actually meets. User rules are compiled eagerly at load time instead, so a bad regex in
//! a configuration file stops vigil before anything runs, with file, line and rule id.

use std::collections::HashMap;
use std::sync::OnceLock;

use regex::bytes::{Regex, RegexBuilder};

use super::syntax::{Confidence, Example, RuleFile, RuleSyntax, SecretGroup, Severity};
use crate::engine::verify::Validator;
use crate::error::{Error, LineIndex, Result, line_of};

/// Upper bound on a compiled regex, so a hostile or careless rule cannot exhaust memory.
const REGEX_SIZE_LIMIT: usize = 8 << 20;

/// Where a rule was defined, for error messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// File name (`cloud.toml` for built-in rules, the user's path otherwise).
    pub file: String,
    /// 1-based line of the rule's `id`.
    pub line: usize,
}

/// A rule ready for the engine.
#[derive(Debug)]
pub struct Rule {
    /// Stable identifier.
    pub id: String,
    /// What the rule finds.
    pub description: String,
    /// Severity of a leak.
    pub severity: Severity,
    /// Confidence that a match is real.
    pub confidence: Confidence,
    /// Prefilter literals (as written).
    pub keywords: Vec<String>,
    /// Minimum entropy of the secret.
    pub entropy: Option<f64>,
    /// Extra bytes the regex may see past the keyword's line.
    pub window: usize,
    /// Offline validator the secret must pass.
    pub validate: Option<Validator>,
    /// Whether the placeholder filter is skipped.
    pub allow_placeholders: bool,
    /// Whether the generic-assignment heuristics apply.
    pub generic: bool,
    /// Whether the secret is base64 to decode and look inside.
    pub decode_base64: bool,
    /// Whether the regex runs over the whole buffer (scope `file`) instead of the lines
    /// around a keyword hit. Such a rule may have no keywords: it then runs on every buffer.
    pub whole_file: bool,
    /// Labels.
    pub tags: Vec<String>,
    /// Positive examples.
    pub examples: Vec<Example>,
    /// Negative examples.
    pub negative_examples: Vec<String>,
    /// Where the rule was defined.
    pub origin: Origin,
    regex_src: String,
    secret_group: Option<SecretGroup>,
    path_src: Option<String>,
    regex: OnceLock<Option<(Regex, usize)>>,
    path: OnceLock<Option<Regex>>,
}

impl Rule {
    /// The regex source as written.
    pub fn regex_source(&self) -> &str {
        &self.regex_src
    }

    /// The path filter source, if any.
    pub fn path_source(&self) -> Option<&str> {
        self.path_src.as_deref()
    }

    /// The compiled regex and the index of the secret's capture group, compiled on first use.
    /// `None` if the regex does not compile (built-in rules are checked by the test suite;
    /// user rules are compiled eagerly at load, so this never hides an error from a user).
    pub fn regex(&self) -> Option<&(Regex, usize)> {
        self.regex
            .get_or_init(|| compile_regex(&self.regex_src, self.secret_group.as_ref()).ok())
            .as_ref()
    }

    /// Whether the rule applies to `path` (always true without a path filter or a path).
    pub fn applies_to(&self, path: Option<&str>) -> bool {
        let (Some(src), Some(path)) = (&self.path_src, path) else {
            return true;
        };
        let re = self.path.get_or_init(|| build(src).ok());
        re.as_ref().is_some_and(|re| re.is_match(path.as_bytes()))
    }

    /// Compiles the regex and path filter now, returning any error.
    ///
    /// # Errors
    /// The regex or path filter does not compile, or the secret group does not exist.
    pub fn compile_now(&self) -> Result<(), String> {
        let compiled = compile_regex(&self.regex_src, self.secret_group.as_ref())?;
        let _ = self.regex.set(Some(compiled));
        if let Some(src) = &self.path_src {
            let re = build(src).map_err(|e| format!("invalid `path` regex: {e}"))?;
            let _ = self.path.set(Some(re));
        }
        Ok(())
    }

    /// A copy of this rule with its own (not yet compiled) regex state.
    pub fn fresh_copy(&self) -> Rule {
        Rule {
            id: self.id.clone(),
            description: self.description.clone(),
            severity: self.severity,
            confidence: self.confidence,
            keywords: self.keywords.clone(),
            entropy: self.entropy,
            window: self.window,
            validate: self.validate,
            allow_placeholders: self.allow_placeholders,
            generic: self.generic,
            decode_base64: self.decode_base64,
            whole_file: self.whole_file,
            tags: self.tags.clone(),
            examples: self.examples.clone(),
            negative_examples: self.negative_examples.clone(),
            origin: self.origin.clone(),
            regex_src: self.regex_src.clone(),
            secret_group: self.secret_group.clone(),
            path_src: self.path_src.clone(),
            regex: OnceLock::new(),
            path: OnceLock::new(),
        }
    }

    fn from_syntax(s: RuleSyntax, file: &str, lines: &LineIndex) -> Result<Rule> {
        let line = lines.line(s.id.span().start);
        let id = s.id.into_inner();
        let err = |message: String| Error::Rule {
            path: file.to_string(),
            line,
            rule: id.clone(),
            message,
        };
        // Rules of scope `file` come from gitleaks configurations, whose ids are kept as
        // written so reports and .gitleaksignore entries line up.
        let foreign = s.scope.as_deref() == Some("file");
        if id.is_empty()
            || (!foreign
                && !id.bytes().all(|b| {
                    b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'.'
                }))
            || id.chars().any(|c| c.is_whitespace() || c.is_control())
        {
            return Err(err(
                "id must be lower-case letters, digits, `-` or `.`".into()
            ));
        }
        let whole_file = match s.scope.as_deref() {
            None | Some("line") => false,
            Some("file") => true,
            Some(other) => return Err(err(format!("unknown scope `{other}` (known: line, file)"))),
        };
        let keywords: Vec<String> = s.keywords.into_iter().filter(|k| !k.is_empty()).collect();
        if keywords.is_empty() && !whole_file {
            return Err(err(
                "needs at least one non-empty keyword (or scope = \"file\")".into(),
            ));
        }
        if let Some(k) = keywords.iter().find(|k| !k.is_ascii()) {
            return Err(err(format!("keyword {k:?} is not ASCII")));
        }
        let validate = match s.validate.as_deref() {
            None => None,
            Some(name) => Some(Validator::from_name(name).ok_or_else(|| {
                err(format!(
                    "unknown validator `{name}` (known: {})",
                    Validator::NAMES.join(", ")
                ))
            })?),
        };
        let decode_base64 = match s.decode.as_deref() {
            None => false,
            Some("base64") => true,
            Some(other) => return Err(err(format!("unknown decode `{other}` (known: base64)"))),
        };
        if let Some(e) = s.entropy
            && !(0.0..=8.0).contains(&e)
        {
            return Err(err(format!("entropy {e} outside 0..=8")));
        }
        Ok(Rule {
            id,
            description: s.description,
            severity: s.severity,
            confidence: s.confidence.unwrap_or_default(),
            keywords,
            entropy: s.entropy,
            window: s.window.unwrap_or(0).min(1 << 20),
            validate,
            allow_placeholders: s.allow_placeholders,
            generic: s.generic,
            decode_base64,
            whole_file,
            tags: s.tags,
            examples: s.examples,
            negative_examples: s.negative_examples,
            origin: Origin {
                file: file.to_string(),
                line,
            },
            regex_src: s.regex.into_inner(),
            secret_group: s.secret_group,
            path_src: s.path,
            regex: OnceLock::new(),
            path: OnceLock::new(),
        })
    }
}

fn build(src: &str) -> Result<Regex, regex::Error> {
    RegexBuilder::new(src)
        .unicode(false)
        .size_limit(REGEX_SIZE_LIMIT)
        .dfa_size_limit(REGEX_SIZE_LIMIT)
        .build()
        .or_else(|_| {
            // Patterns with non-ASCII literals need Unicode mode; try that before failing.
            RegexBuilder::new(src)
                .size_limit(REGEX_SIZE_LIMIT)
                .dfa_size_limit(REGEX_SIZE_LIMIT)
                .build()
        })
}

fn compile_regex(src: &str, group: Option<&SecretGroup>) -> Result<(Regex, usize), String> {
    let re = build(src).map_err(|e| format!("invalid regex: {e}"))?;
    let index = match group {
        Some(SecretGroup::Index(i)) if *i < re.captures_len() => *i,
        Some(SecretGroup::Index(i)) => {
            return Err(format!("secret_group {i} does not exist in the regex"));
        }
        Some(SecretGroup::Name(n)) => re
            .capture_names()
            .position(|c| c == Some(n.as_str()))
            .ok_or_else(|| format!("secret_group `{n}` does not exist in the regex"))?,
        None => re
            .capture_names()
            .position(|c| c == Some("secret"))
            .unwrap_or(if re.captures_len() > 1 { 1 } else { 0 }),
    };
    Ok((re, index))
}

/// An ordered, id-unique collection of rules.
#[derive(Debug, Default)]
pub struct RuleSet {
    rules: Vec<Rule>,
    /// Rule id → position in `rules`.
    index: HashMap<String, usize>,
}

impl RuleSet {
    /// The rules embedded in the binary (`rules/*.toml`).
    ///
    /// # Errors
    /// Only if an embedded file is malformed, which the test suite rules out.
    pub fn builtin() -> Result<RuleSet> {
        Self::from_embedded(super::builtin::BUILTIN_RULE_FILES_SLIM)
    }

    /// The embedded rules with their examples, for checking them (`vigil rules check`).
    ///
    /// # Errors
    /// As [`RuleSet::builtin`].
    pub fn builtin_with_examples() -> Result<RuleSet> {
        Self::from_embedded(super::builtin::BUILTIN_RULE_FILES)
    }

    fn from_embedded(files: &[(&str, &str)]) -> Result<RuleSet> {
        let mut set = RuleSet::default();
        for (name, text) in files {
            set.add_file(name, text, false)?;
        }
        Ok(set)
    }

    /// Parses a rule file's text and adds its rules. A rule whose id already exists replaces
    /// the earlier one (so a user can override a built-in rule); a duplicate id inside one file
    /// is an error. With `eager`, every regex is compiled now so errors surface at load.
    ///
    /// # Errors
    /// TOML syntax errors, unknown keys, invalid rules, duplicate ids within `file`.
    pub fn add_file(&mut self, file: &str, text: &str, eager: bool) -> Result<()> {
        let parsed: RuleFile = parse_toml(file, text)?;
        self.add_syntax(parsed.rules, file, text, eager)
    }

    /// Adds already-parsed rules from `file` (whose `text` is used for line numbers).
    ///
    /// # Errors
    /// As [`RuleSet::add_file`].
    pub fn add_syntax(
        &mut self,
        rules: Vec<RuleSyntax>,
        file: &str,
        text: &str,
        eager: bool,
    ) -> Result<()> {
        let mut seen: HashMap<String, usize> = HashMap::new();
        let lines = LineIndex::new(text);
        self.rules.reserve(rules.len());
        for syntax in rules {
            let rule = Rule::from_syntax(syntax, file, &lines)?;
            if let Some(first) = seen.insert(rule.id.clone(), rule.origin.line) {
                return Err(Error::Rule {
                    path: file.to_string(),
                    line: rule.origin.line,
                    rule: rule.id,
                    message: format!("duplicate id (first defined on line {first})"),
                });
            }
            if eager {
                rule.compile_now().map_err(|message| Error::Rule {
                    path: file.to_string(),
                    line: rule.origin.line,
                    rule: rule.id.clone(),
                    message,
                })?;
            }
            self.push(rule);
        }
        Ok(())
    }

    /// Adds a rule, replacing one with the same id.
    pub fn push(&mut self, rule: Rule) {
        match self.index.get(&rule.id) {
            Some(&i) => self.rules[i] = rule,
            None => {
                self.index.insert(rule.id.clone(), self.rules.len());
                self.rules.push(rule);
            }
        }
    }

    /// Removes the rules with these ids; returns ids that did not exist.
    pub fn disable<'a>(&mut self, ids: impl IntoIterator<Item = &'a str>) -> Vec<String> {
        let mut unknown = Vec::new();
        for id in ids {
            let before = self.rules.len();
            self.rules.retain(|r| r.id != id);
            if self.rules.len() == before {
                unknown.push(id.to_string());
            }
        }
        self.reindex();
        unknown
    }

    /// Keeps only the rules for which `keep` returns true.
    pub fn retain(&mut self, keep: impl FnMut(&Rule) -> bool) {
        self.rules.retain(keep);
        self.reindex();
    }

    fn reindex(&mut self) {
        self.index = self
            .rules
            .iter()
            .enumerate()
            .map(|(i, r)| (r.id.clone(), i))
            .collect();
    }

    /// The rules in order.
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// Number of rules.
    pub fn len(&self) -> usize {
        self.rules.len()
    }

    /// True when there is no rule.
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// Looks a rule up by id.
    pub fn get(&self, id: &str) -> Option<&Rule> {
        self.index.get(id).map(|&i| &self.rules[i])
    }
}

impl From<Vec<Rule>> for RuleSet {
    fn from(rules: Vec<Rule>) -> Self {
        let mut set = RuleSet::default();
        for r in rules {
            set.push(r);
        }
        set
    }
}

/// Parses TOML into `T`, mapping errors to [`Error::ConfigSyntax`] with a line number.
///
/// # Errors
/// Syntax errors, unknown keys, wrong types.
pub fn parse_toml<T: serde::de::DeserializeOwned>(file: &str, text: &str) -> Result<T> {
    toml::from_str(text).map_err(|e| {
        let line = e.span().map_or(1, |s| line_of(text, s.start));
        let message = e.message().trim().to_string();
        match rule_id_near(text, e.span().map_or(0, |s| s.start)) {
            Some(rule) => Error::Rule {
                path: file.to_string(),
                line,
                rule,
                message,
            },
            None => Error::ConfigSyntax {
                path: file.to_string(),
                line,
                message,
            },
        }
    })
}

/// The `id = "..."` of the `[[rules]]` table enclosing `offset`, for error messages.
fn rule_id_near(text: &str, offset: usize) -> Option<String> {
    let offset = offset.min(text.len());
    // A span may start at the table's own `[[rules]]` header (a missing field): include it.
    let upto = text
        .get(..offset + "[[rules]]".len())
        .unwrap_or(&text[..offset]);
    let table = upto.rfind("[[rules]]")?;
    let after = &text[table..];
    let end = after[9..].find("[[").map_or(after.len(), |e| e + 9);
    let re = regex::Regex::new(r#"(?m)^\s*id\s*=\s*["']([^"'\n]+)["']"#).ok()?;
    re.captures(&after[..end]).map(|c| c[1].to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"
[[rules]]
id = "demo-token"
description = "Demo"
regex = '''\b(demo_[a-z0-9]{8})\b'''
keywords = ["demo_"]
severity = "high"
examples = [{ text = "x = demo_a1b2c3d4", secret = "demo_a1b2c3d4" }]
negative_examples = ["demo_short"]
"#;

    #[test]
    fn a_missing_field_names_its_own_rule() {
        let text = format!("{GOOD}\n[[rules]]\nid = \"second\"\ndescription = \"x\"\n");
        let err = RuleSet::default()
            .add_file("t.toml", &text, false)
            .unwrap_err()
            .to_string();
        assert!(err.contains("`second`"), "{err}");
        assert!(!err.contains("demo-token"), "{err}");
    }

    #[test]
    fn loads_and_compiles_lazily() {
        let mut set = RuleSet::default();
        set.add_file("t.toml", GOOD, false).unwrap();
        let r = set.get("demo-token").unwrap();
        assert_eq!(r.origin.line, 3);
        assert!(r.regex.get().is_none());
        assert_eq!(r.regex().unwrap().1, 1);
    }

    #[test]
    fn errors_name_file_line_and_rule() {
        let cases = [
            (
                GOOD.replace("keywords = [\"demo_\"]", "keywords = []"),
                "at least one",
                3,
            ),
            (
                GOOD.replace("severity = \"high\"", "severity = \"huge\""),
                "huge",
                7,
            ),
            (GOOD.replace("regex = ", "regx = "), "regx", 5),
            (
                GOOD.replace("[a-z0-9]{8})", "[a-z0-9]{8}"),
                "invalid regex",
                3,
            ),
        ];
        for (text, needle, line) in cases {
            let err = RuleSet::default()
                .add_file("u.toml", &text, true)
                .unwrap_err();
            let msg = err.to_string();
            assert!(msg.contains(needle), "{msg}");
            assert!(msg.starts_with(&format!("u.toml:{line}:")), "{msg}");
            assert!(msg.contains("demo-token"), "{msg}");
        }
    }

    #[test]
    fn duplicate_ids_in_one_file_are_errors_but_override_across_files() {
        let twice = format!("{GOOD}\n{GOOD}");
        assert!(
            RuleSet::default()
                .add_file("d.toml", &twice, false)
                .is_err()
        );
        let mut set = RuleSet::default();
        set.add_file("a.toml", GOOD, false).unwrap();
        set.add_file("b.toml", GOOD, false).unwrap();
        assert_eq!(set.len(), 1);
        assert_eq!(set.rules()[0].origin.file, "b.toml");
    }
}
