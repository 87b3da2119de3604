//! Allowlists: findings a configuration declares harmless.
//!
//! In `.vigil.toml`, a global `[allowlist]` (or several `[[allowlists]]`) applies to every
//! rule, and `[[rules.allowlist]]` under a rule applies to that rule only:
//!
//! ```toml
//! [allowlist]
//! description = "test fixtures"        # optional, shown by --show-suppressed
//! paths = ["tests/fixtures/**", "*.snap"]  # globs on the repository-relative path
//! regexes = ['''^EXAMPLE''']          # regexes tested against `regex_target`
//! regex_target = "secret"              # secret (default) | match | line
//! stopwords = ["example", "dummy"]     # the secret contains one (case-insensitive)
//! commits = ["4f1c2a9"]                # commit ids (or prefixes of 7+ characters)
//! condition = "or"                     # or (default): any check allows; and: all must
//! rules = ["generic-password"]         # optional: only for these rules
//! ```
//!
//! The `and`/`or` semantics are gitleaks': with `or` any configured check allows a finding;
//! with `and` every configured check must. A glob without `/` matches a file name anywhere
//! (`*.snap`); a trailing `/` means everything below (`vendor/`). gitleaks configurations
//! give paths as regexes instead; [`PathKind`] says which.

use std::collections::HashMap;

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use regex::{Regex, RegexBuilder};
use serde::Deserialize;

use crate::finding::Finding;

/// Size limit of allowlist regexes.
const REGEX_SIZE_LIMIT: usize = 8 << 20;

/// An allowlist as written in TOML.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AllowlistSyntax {
    /// Shown by `--show-suppressed`.
    #[serde(default)]
    pub description: Option<String>,
    /// Paths: globs (vigil) or regexes (gitleaks).
    #[serde(default)]
    pub paths: Vec<String>,
    /// Regexes tested against the target.
    #[serde(default)]
    pub regexes: Vec<String>,
    /// What `regexes` test: `secret` (default), `match` or `line`.
    #[serde(default, alias = "regexTarget")]
    pub regex_target: Option<String>,
    /// Words that, contained in the secret (case-insensitive), allow it.
    #[serde(default, alias = "stopWords")]
    pub stopwords: Vec<String>,
    /// Commit ids.
    #[serde(default)]
    pub commits: Vec<String>,
    /// `or` (default) or `and`.
    #[serde(default)]
    pub condition: Option<String>,
    /// Global allowlists only: restrict to these rule ids.
    #[serde(default, alias = "targetRules")]
    pub rules: Vec<String>,
}

/// How an allowlist's `paths` are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathKind {
    /// Globs (vigil configuration).
    Glob,
    /// Regular expressions (gitleaks configuration).
    Regex,
}

/// What `regexes` are tested against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    Secret,
    Match,
    Line,
}

/// A compiled allowlist.
#[derive(Debug)]
pub struct Allowlist {
    /// Where it was defined, for `--show-suppressed`.
    pub source: String,
    and: bool,
    commits: Vec<String>,
    globs: Option<(GlobSet, Vec<String>)>,
    path_regexes: Vec<Regex>,
    regexes: Vec<Regex>,
    target: Target,
    stopwords: Vec<String>,
    rules: Vec<String>,
    match_dirs: bool,
}

impl Allowlist {
    /// Makes `paths` also match any directory above the file, as gitleaks' global allowlist
    /// does (it skips a directory whose path matches, and so every file below it).
    pub fn with_directory_paths(mut self) -> Allowlist {
        self.match_dirs = true;
        self
    }

    /// Compiles `s`; `source` names it in messages.
    ///
    /// # Errors
    /// A message naming the bad glob, regex, target or condition, or an allowlist with no check.
    pub fn compile(
        s: AllowlistSyntax,
        source: String,
        kind: PathKind,
    ) -> Result<Allowlist, String> {
        if s.paths.is_empty()
            && s.regexes.is_empty()
            && s.stopwords.is_empty()
            && s.commits.is_empty()
        {
            return Err(
                "allowlist needs at least one of paths, regexes, stopwords, commits".into(),
            );
        }
        let and = match s
            .condition
            .as_deref()
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            None | Some("" | "or" | "||") => false,
            Some("and" | "&&") => true,
            Some(other) => return Err(format!("unknown condition `{other}` (expected and, or)")),
        };
        let target = match s.regex_target.as_deref() {
            None | Some("" | "secret") => Target::Secret,
            Some("match") => Target::Match,
            Some("line") => Target::Line,
            Some(other) => {
                return Err(format!(
                    "unknown regex target `{other}` (expected secret, match, line)"
                ));
            }
        };
        let regex = |src: &str| {
            RegexBuilder::new(src)
                .size_limit(REGEX_SIZE_LIMIT)
                .build()
                .map_err(|e| format!("invalid regex `{src}`: {e}"))
        };
        let (globs, path_regexes) = match kind {
            PathKind::Glob if !s.paths.is_empty() => {
                let mut b = GlobSetBuilder::new();
                for p in &s.paths {
                    let g = GlobBuilder::new(&glob_pattern(p))
                        .literal_separator(true)
                        .build()
                        .map_err(|e| format!("invalid path glob `{p}`: {e}"))?;
                    b.add(g);
                }
                let set = b.build().map_err(|e| format!("invalid path globs: {e}"))?;
                (Some((set, s.paths.clone())), Vec::new())
            }
            PathKind::Glob => (None, Vec::new()),
            PathKind::Regex => (
                None,
                s.paths.iter().map(|p| regex(p)).collect::<Result<_, _>>()?,
            ),
        };
        let label = match &s.description {
            Some(d) if !d.is_empty() => format!("{source} ({d})"),
            _ => source,
        };
        Ok(Allowlist {
            source: label,
            and,
            commits: s
                .commits
                .iter()
                .map(|c| c.trim().to_ascii_lowercase())
                .collect(),
            globs,
            path_regexes,
            regexes: s
                .regexes
                .iter()
                .map(|r| regex(r))
                .collect::<Result<_, _>>()?,
            target,
            stopwords: s.stopwords.iter().map(|w| w.to_lowercase()).collect(),
            rules: s.rules,
            match_dirs: false,
        })
    }

    /// Whether this allowlist covers `f`; `Some(what matched)` if so.
    pub fn check(&self, f: &Finding) -> Option<String> {
        if !self.rules.is_empty() && !self.rules.contains(&f.rule) {
            return None;
        }
        let mut hits: Vec<Option<String>> = Vec::new();
        if !self.commits.is_empty() {
            hits.push(self.commit_hit(f));
        }
        if self.globs.is_some() || !self.path_regexes.is_empty() {
            hits.push(self.path_hit(f));
        }
        if !self.regexes.is_empty() {
            hits.push(self.regex_hit(f));
        }
        if !self.stopwords.is_empty() {
            hits.push(self.stopword_hit(f));
        }
        if self.and {
            let all: Option<Vec<String>> = hits.into_iter().collect();
            all.map(|w| w.join(" and "))
        } else {
            hits.into_iter().flatten().next()
        }
    }

    fn commit_hit(&self, f: &Finding) -> Option<String> {
        let id = f.commit.as_ref()?.commit.to_ascii_lowercase();
        self.commits
            .iter()
            .find(|c| *c == &id || (c.len() >= 7 && id.starts_with(c.as_str())))
            .map(|c| format!("commit {c}"))
    }

    fn path_hit(&self, f: &Finding) -> Option<String> {
        let paths = [f.key_path.as_str(), f.path.as_str()];
        if let Some((set, sources)) = &self.globs {
            for p in paths {
                if let Some(&i) = set.matches(p).first() {
                    return Some(format!("path matches `{}`", sources[i]));
                }
            }
        }
        let dirs = |p: &'_ str| -> Vec<String> {
            if !self.match_dirs {
                return Vec::new();
            }
            let mut v = Vec::new();
            let mut rest = p;
            while let Some(i) = rest.rfind('/') {
                rest = &rest[..i];
                v.push(rest.to_string());
            }
            v
        };
        self.path_regexes.iter().find_map(|re| {
            paths
                .iter()
                .find(|p| re.is_match(p))
                .map(|_| format!("path matches `{}`", re.as_str()))
                .or_else(|| {
                    paths
                        .iter()
                        .flat_map(|p| dirs(p))
                        .find(|d| re.is_match(d))
                        .map(|d| format!("directory {d} matches `{}`", re.as_str()))
                })
        })
    }

    fn regex_hit(&self, f: &Finding) -> Option<String> {
        let (text, what) = match self.target {
            Target::Secret => (f.secret.expose(), "secret"),
            Target::Match => (f.matched.as_str(), "match"),
            Target::Line => (f.line_text.as_str(), "line"),
        };
        if text.is_empty() {
            return None;
        }
        self.regexes
            .iter()
            .find(|re| re.is_match(text))
            .map(|re| format!("{what} matches `{}`", re.as_str()))
    }

    fn stopword_hit(&self, f: &Finding) -> Option<String> {
        let secret = f.secret.expose().to_lowercase();
        self.stopwords
            .iter()
            .find(|w| secret.contains(w.as_str()))
            .map(|w| format!("stopword `{w}`"))
    }
}

/// A vigil path glob as globset reads it: no `/` matches a name at any depth, a trailing `/`
/// everything below, a leading `/` anchors at the root.
fn glob_pattern(p: &str) -> String {
    let mut g = p.trim().to_string();
    if g.ends_with('/') {
        g.push_str("**");
    }
    if let Some(rest) = g.strip_prefix('/') {
        return rest.to_string();
    }
    if !g.contains('/') || g.ends_with("/**") && !g[..g.len() - 3].contains('/') {
        g = format!("**/{g}");
    }
    g
}

/// Global and per-rule allowlists.
#[derive(Debug, Default)]
pub struct Allowlists {
    global: Vec<Allowlist>,
    per_rule: HashMap<String, Vec<Allowlist>>,
}

impl Allowlists {
    /// Adds an allowlist for every rule.
    pub fn push_global(&mut self, a: Allowlist) {
        self.global.push(a);
    }

    /// Adds an allowlist for rule `id`.
    pub fn push_rule(&mut self, id: &str, a: Allowlist) {
        self.per_rule.entry(id.to_string()).or_default().push(a);
    }

    /// Drops the allowlists of a rule (when a later configuration replaces the rule).
    pub fn clear_rule(&mut self, id: &str) {
        self.per_rule.remove(id);
    }

    /// Appends `other`'s allowlists.
    pub fn extend(&mut self, other: Allowlists) {
        self.global.extend(other.global);
        for (id, v) in other.per_rule {
            self.per_rule.entry(id).or_default().extend(v);
        }
    }

    /// True when there is no allowlist.
    pub fn is_empty(&self) -> bool {
        self.global.is_empty() && self.per_rule.is_empty()
    }

    /// The first allowlist covering `f`: `(source, what matched)`.
    pub fn check(&self, f: &Finding) -> Option<(String, String)> {
        self.global
            .iter()
            .chain(self.per_rule.get(&f.rule).into_iter().flatten())
            .find_map(|a| a.check(f).map(|why| (a.source.clone(), why)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::filter::testutil::finding;

    fn allow(toml_text: &str, kind: PathKind) -> Allowlist {
        let s: AllowlistSyntax = toml::from_str(toml_text).unwrap();
        Allowlist::compile(s, "test".into(), kind).unwrap()
    }

    #[test]
    fn checks_and_conditions() {
        let f = finding(
            "r",
            "tests/data/a.py",
            3,
            "EXAMPLEkey123",
            "k = 'EXAMPLEkey123' # x",
        );
        let cases: &[(&str, PathKind, bool)] = &[
            ("paths = ['tests/**']", PathKind::Glob, true),
            ("paths = ['*.py']", PathKind::Glob, true),
            ("paths = ['data/']", PathKind::Glob, true),
            ("paths = ['/data/']", PathKind::Glob, false),
            ("paths = ['tests/data/']", PathKind::Glob, true),
            ("paths = ['src/**']", PathKind::Glob, false),
            ("paths = ['^tests/']", PathKind::Regex, true),
            ("regexes = ['^EXAMPLE']", PathKind::Glob, true),
            ("regexes = ['# x$']", PathKind::Glob, false),
            (
                "regexes = ['# x$']\nregex_target = 'line'",
                PathKind::Glob,
                true,
            ),
            (
                "regexes = ['k = ']\nregexTarget = 'match'",
                PathKind::Glob,
                false,
            ),
            ("stopwords = ['example']", PathKind::Glob, true),
            ("stopwords = ['dummy']", PathKind::Glob, false),
            ("commits = ['abc1234']", PathKind::Glob, false),
            (
                "stopwords = ['example']\npaths = ['src/**']\ncondition = 'AND'",
                PathKind::Glob,
                false,
            ),
            (
                "stopwords = ['example']\npaths = ['tests/**']\ncondition = 'and'",
                PathKind::Glob,
                true,
            ),
            (
                "stopwords = ['example']\nrules = ['other']",
                PathKind::Glob,
                false,
            ),
        ];
        for (text, kind, want) in cases {
            assert_eq!(allow(text, *kind).check(&f).is_some(), *want, "{text}");
        }
    }

    #[test]
    fn errors_are_explained() {
        let bad = [
            ("description = 'x'", "at least one"),
            ("regexes = ['(']", "invalid regex"),
            ("paths = ['a[']", "invalid path glob"),
            ("paths = ['a']\ncondition = 'xor'", "unknown condition"),
            (
                "regexes = ['a']\nregex_target = 'file'",
                "unknown regex target",
            ),
        ];
        for (text, want) in bad {
            let s: AllowlistSyntax = toml::from_str(text).unwrap();
            let err = Allowlist::compile(s, "t".into(), PathKind::Glob).unwrap_err();
            assert!(err.contains(want), "{text}: {err}");
        }
    }
}
