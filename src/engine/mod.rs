//! The matching engine: finds rule matches in a buffer of bytes.
//!
//! One Aho-Corasick automaton holds every rule's keywords (ASCII case-insensitive). A buffer
//! with no keyword hit costs one pass of that automaton and nothing else. Each hit names the
//! rules that own the keyword; such a rule's regex then runs only on the line holding the hit
//! (plus the rule's `window` for multi-line secrets), with windows of one rule merged so no
//! byte is searched twice by it. Regexes compile on first use, so a scan that meets few
//! keywords compiles few regexes.
//!
//! A candidate becomes a [`Match`] only if it passes, in order: the rule's entropy minimum,
//! the placeholder filter ([`placeholder`]), and the rule's offline validator ([`verify`]).
//! When several rules claim overlapping secrets, the most confident rule keeps it.
//!
//! The engine is immutable and `Send + Sync`; each thread brings its own [`Scratch`].
//! It knows nothing of files, lines or reports: it returns byte offsets.

pub mod decode;
pub mod entropy;
pub mod generic;
pub mod placeholder;
pub mod prefilter;
pub mod verify;

use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use memchr::{memchr, memrchr};

use crate::error::{Error, Result};
use crate::rules::{Rule, RuleSet};
use verify::Validator;

/// How many layers of encoding (base64 inside base64 ...) the engine looks through.
const MAX_DECODE_DEPTH: u8 = 2;

/// Buffers at least this large go through the DFA prefilter; smaller ones are searched
/// with the overlapping NFA directly.
const PREFILTER_MIN: usize = 1 << 10;

/// How far from a keyword hit the engine looks for the ends of its line. Lines longer than
/// this (minified files) are cut, which bounds the work per hit.
const MAX_LINE_REACH: usize = 4096;

/// A rule match in a buffer, in byte offsets.
#[derive(Debug, Clone, PartialEq)]
pub struct Match {
    /// Index of the rule in [`Engine::rules`].
    pub rule: usize,
    /// Start of the whole regex match.
    pub start: usize,
    /// End of the whole regex match.
    pub end: usize,
    /// Start of the secret.
    pub secret_start: usize,
    /// End of the secret.
    pub secret_end: usize,
    /// Entropy of the secret, when the rule asks for it.
    pub entropy: Option<f64>,
    /// The offline validator the secret passed, if the rule has one.
    pub validated: Option<Validator>,
    /// For secrets found inside a decoded value: the decoded secret (the offsets above then
    /// locate the encoded value it came from).
    pub decoded: Option<Box<[u8]>>,
}

/// Per-thread working memory, reused between buffers to avoid allocation.
#[derive(Debug, Default)]
pub struct Scratch {
    windows: Vec<(u32, usize, usize)>,
    ends: Vec<usize>,
}

/// The compiled, shareable matcher. Build once, share across threads.
#[derive(Debug)]
pub struct Engine {
    rules: RuleSet,
    /// Lower-cased unique keywords, in automaton pattern order.
    keywords: Vec<Vec<u8>>,
    /// The fast DFA prefilter for large buffers and a DFA for searching the lines it points
    /// at, built on first need (small inputs such as a pre-commit diff never pay for them).
    prefilter: OnceLock<Option<(prefilter::Prefilter, AhoCorasick)>>,
    /// Overlapping keyword search over the lines the prefilter points at (cheap to build).
    automaton: AhoCorasick,
    /// For each automaton pattern, the rules that own that keyword.
    owners: Vec<Vec<u32>>,
    /// Rules without keywords (scope `file`): they run over every buffer.
    always: Vec<u32>,
    /// Provider token prefixes (`ghp_`, `glpat-`, `xoxb-`: the keywords of format rules
    /// that end in a separator). A value carrying one belongs to that provider's rule,
    /// which checks its length and checksum; generic rules leave it alone, so a look-alike
    /// of the wrong length is not reported under another name.
    token_prefixes: Vec<Vec<u8>>,
}

impl Engine {
    /// Builds the keyword automaton for `rules`.
    ///
    /// # Errors
    /// [`Error::NoRules`] when `rules` is empty: a scan that cannot find anything must not
    /// look like a clean scan.
    pub fn new(rules: RuleSet) -> Result<Engine> {
        if rules.is_empty() {
            return Err(Error::NoRules(
                "the configuration disables or replaces every rule".into(),
            ));
        }
        let mut keywords: Vec<Vec<u8>> = Vec::new();
        let mut owners: Vec<Vec<u32>> = Vec::new();
        let mut always = Vec::new();
        for (index, rule) in rules.rules().iter().enumerate() {
            if rule.keywords.is_empty() {
                always
                    .push(u32::try_from(index).map_err(|_| Error::Usage("too many rules".into()))?);
            }
            for kw in &rule.keywords {
                let kw = kw.to_ascii_lowercase().into_bytes();
                let slot = match keywords.iter().position(|k| *k == kw) {
                    Some(i) => i,
                    None => {
                        keywords.push(kw);
                        owners.push(Vec::new());
                        keywords.len() - 1
                    }
                };
                let index =
                    u32::try_from(index).map_err(|_| Error::Usage("too many rules".into()))?;
                if !owners[slot].contains(&index) {
                    owners[slot].push(index);
                }
            }
        }
        let automaton = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .kind(Some(AhoCorasickKind::ContiguousNFA))
            .build(&keywords)
            .map_err(|e| Error::Usage(format!("keyword automaton: {e}")))?;
        let token_prefixes = token_prefixes(&rules);
        Ok(Engine {
            rules,
            keywords,
            prefilter: OnceLock::new(),
            automaton,
            owners,
            always,
            token_prefixes,
        })
    }

    /// Whether `value` starts with a provider token prefix (see `token_prefixes`).
    fn has_token_prefix(&self, value: &[u8]) -> bool {
        self.token_prefixes.iter().any(|p| value.starts_with(p))
    }

    /// The rules, indexed as in [`Match::rule`].
    pub fn rules(&self) -> &RuleSet {
        &self.rules
    }

    /// The rule a match came from.
    pub fn rule(&self, m: &Match) -> &Rule {
        &self.rules.rules()[m.rule]
    }

    /// Finds every match in `bytes`, appending them to `out` ordered by secret position.
    /// `path` (if known) is used for rules with a path filter.
    pub fn scan(
        &self,
        bytes: &[u8],
        path: Option<&str>,
        scratch: &mut Scratch,
        out: &mut Vec<Match>,
    ) {
        self.scan_at_depth(bytes, path, scratch, out, 0);
    }

    fn scan_at_depth(
        &self,
        bytes: &[u8],
        path: Option<&str>,
        scratch: &mut Scratch,
        out: &mut Vec<Match>,
        depth: u8,
    ) {
        scratch.windows.clear();
        self.collect_windows(bytes, path, scratch);
        if scratch.windows.is_empty() {
            return;
        }
        scratch.windows.sort_unstable();
        let windows = std::mem::take(&mut scratch.windows);
        let first = out.len();
        let mut i = 0;
        while i < windows.len() {
            let (rule, start, mut end) = windows[i];
            i += 1;
            while i < windows.len() && windows[i].0 == rule && windows[i].1 <= end {
                end = end.max(windows[i].2);
                i += 1;
            }
            self.run_rule(rule as usize, bytes, (start, end), out, depth);
        }
        scratch.windows = windows;
        apply_vetoes(&mut out[first..]);
        resolve_overlaps(&self.rules, &mut out[first..]);
        let mut keep = first;
        for j in first..out.len() {
            if out[j].rule != usize::MAX {
                out.swap(keep, j);
                keep += 1;
            }
        }
        out.truncate(keep);
        out[first..].sort_by_key(|m| (m.secret_start, m.rule));
    }

    /// Finds every keyword occurrence and turns each into a (rule, window) pair.
    ///
    /// The lockstep prefilter reports where keywords end; each line holding one is then
    /// searched with the overlapping automaton to learn which keywords (and so which rules)
    /// occur there. Lines with keywords are rare, so nearly all bytes go through the fast
    /// prefilter, and no occurrence is lost to an overlapping one.
    fn collect_windows(&self, bytes: &[u8], path: Option<&str>, scratch: &mut Scratch) {
        scratch.ends.clear();
        let fast = if bytes.len() >= PREFILTER_MIN {
            self.prefilter.get_or_init(|| self.build_fast()).as_ref()
        } else {
            None
        };
        let lines = match fast {
            Some((p, dfa)) => {
                p.occurrences(bytes, &mut scratch.ends);
                dfa
            }
            None => {
                let ends = self.automaton.find_overlapping_iter(bytes).map(|m| m.end());
                scratch.ends.extend(ends);
                &self.automaton
            }
        };
        let mut done = 0;
        for &end in &scratch.ends {
            if end <= done {
                continue;
            }
            let (line_start, line_end) = window(bytes, end - 1, end, 0);
            let line_start = line_start.max(done);
            for hit in lines.find_overlapping_iter(&bytes[line_start..line_end]) {
                let (hs, he) = (line_start + hit.start(), line_start + hit.end());
                for &rule in &self.owners[hit.pattern().as_usize()] {
                    let r = &self.rules.rules()[rule as usize];
                    if r.applies_to(path) {
                        let (start, end) = if r.whole_file {
                            (0, bytes.len())
                        } else {
                            window(bytes, hs, he, r.window)
                        };
                        scratch.windows.push((rule, start, end));
                    }
                }
            }
            done = line_end.max(end);
        }
        for &rule in &self.always {
            if self.rules.rules()[rule as usize].applies_to(path) {
                scratch.windows.push((rule, 0, bytes.len()));
            }
        }
    }

    /// The DFA prefilter and DFA line automaton; `None` if they would be too large.
    fn build_fast(&self) -> Option<(prefilter::Prefilter, AhoCorasick)> {
        let prefilter = prefilter::Prefilter::new(&self.keywords)?;
        let lines = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .kind(Some(AhoCorasickKind::DFA))
            .build(&self.keywords)
            .ok()?;
        Some((prefilter, lines))
    }

    /// Runs rule `index` over `bytes[span]` and pushes the accepted matches.
    fn run_rule(
        &self,
        index: usize,
        bytes: &[u8],
        (start, end): (usize, usize),
        out: &mut Vec<Match>,
        depth: u8,
    ) {
        let rule = &self.rules.rules()[index];
        let Some((re, group)) = rule.regex() else {
            return;
        };
        let hay = &bytes[start..end];
        let mut at = 0;
        while at <= hay.len() {
            let Some(caps) = re.captures_at(hay, at) else {
                break;
            };
            let Some(whole) = caps.get(0) else { break };
            let secret = caps.get(*group).or_else(|| alternate_secret(re, &caps));
            // The next search starts after the secret, not after the whole match, so context
            // that follows a secret (a Secret's later data entries on the way to its `kind:`
            // line) can still hold the next one. Whole-file rules keep gitleaks' semantics.
            let resume = match secret {
                Some(s) if !rule.whole_file && s.end() > whole.start() => s.end(),
                _ => whole.end(),
            };
            at = if resume > at { resume } else { at + 1 };
            let Some(secret) = secret else {
                continue;
            };
            // For a base64 rule the generic heuristics judge the decoded value (below).
            if secret.is_empty()
                || (rule.generic
                    && !rule.decode_base64
                    && (!generic::plausible(whole.as_bytes(), secret.as_bytes())
                        || self.has_token_prefix(secret.as_bytes())))
                || (!rule.allow_placeholders
                    && placeholder::mentions_documentation_host(whole.as_bytes())
                    && !placeholder::looks_generated(secret.as_bytes()))
            {
                continue;
            }
            let located = |m: Match| Match {
                start: start + whole.start(),
                end: start + whole.end(),
                secret_start: start + secret.start(),
                secret_end: start + secret.end(),
                ..m
            };
            if rule.decode_base64 {
                if depth < MAX_DECODE_DEPTH {
                    let found = self.decoded_matches(
                        rule,
                        index,
                        whole.as_bytes(),
                        secret.as_bytes(),
                        depth,
                    );
                    out.extend(found.into_iter().map(located));
                }
            } else if let Some(m) = accept(rule, index, secret.as_bytes()) {
                out.push(located(m));
            }
        }
    }

    /// Decodes a base64 value and reports what is inside: the findings of every rule in the
    /// decoded text (a token inside a Kubernetes Secret), or else the decoded value itself as
    /// this rule's secret (the `user:password` of a docker `auth`), if it passes the rule's
    /// checks. Offsets are left for the caller to point at the encoded value.
    fn decoded_matches(
        &self,
        rule: &Rule,
        index: usize,
        whole: &[u8],
        encoded: &[u8],
        depth: u8,
    ) -> Vec<Match> {
        let Some(decoded) = decode::base64_text(encoded) else {
            return Vec::new();
        };
        if decode::is_public_material(&decoded) {
            return Vec::new();
        }
        let mut inner = Vec::new();
        self.scan_at_depth(
            &decoded,
            None,
            &mut Scratch::default(),
            &mut inner,
            depth + 1,
        );
        if !inner.is_empty() {
            return inner
                .into_iter()
                .map(|m| {
                    let secret = m
                        .decoded
                        .clone()
                        .unwrap_or_else(|| decoded[m.secret_start..m.secret_end].into());
                    Match {
                        decoded: Some(secret),
                        ..m
                    }
                })
                .collect();
        }
        let value = decoded.trim_ascii();
        // In `user:password` (docker `auth`, HTTP Basic) the password is what must be real.
        if let Some(colon) = value.iter().position(|&b| b == b':')
            && placeholder::is_placeholder(&value[colon + 1..])
        {
            return Vec::new();
        }
        // A generic rule (a Secret's `data`, where keys such as `username`, `host` or `url`
        // hold plain settings) reports neither plain settings nor values under a name that
        // describes rather than holds a secret (`client-id`, `password-length`); a decoded file
        // of several lines with no credential found inside is configuration, not a secret.
        if rule.generic
            && (value.contains(&b'\n')
                || generic::plain_setting(value)
                || generic::names_a_setting(whole))
        {
            return Vec::new();
        }
        accept(rule, index, value)
            .map(|m| Match {
                decoded: Some(value.into()),
                ..m
            })
            .into_iter()
            .collect()
    }
}

/// Marks a span whose format a rule recognised but whose offline check failed (a GitHub token
/// with a wrong checksum): generic rules must not report it either.
const VETO: usize = usize::MAX - 1;

/// Applies the rule's entropy, placeholder and validator checks to a candidate secret. A
/// failed validator yields a [`VETO`] match, which the engine turns into silence.
fn accept(rule: &Rule, index: usize, secret: &[u8]) -> Option<Match> {
    let entropy = match rule.entropy {
        Some(min) => {
            let e = entropy::shannon(secret);
            if e < min {
                return None;
            }
            Some(e)
        }
        None => None,
    };
    if !rule.allow_placeholders
        && (placeholder::is_placeholder(secret) || (!rule.generic && placeholder::slug(secret)))
    {
        return None;
    }
    let (rule_index, validated) = match rule.validate {
        Some(v) if v.check(secret) => (index, Some(v)),
        Some(_) => (VETO, None),
        None => (index, None),
    };
    Some(Match {
        rule: rule_index,
        start: 0,
        end: 0,
        secret_start: 0,
        secret_end: 0,
        entropy,
        validated,
        decoded: None,
    })
}

/// The line around a keyword hit `[hit_start, hit_end)`, extended by `extra` bytes.
fn window(bytes: &[u8], hit_start: usize, hit_end: usize, extra: usize) -> (usize, usize) {
    let lo = hit_start.saturating_sub(MAX_LINE_REACH);
    let start = memrchr(b'\n', &bytes[lo..hit_start]).map_or(lo, |i| lo + i + 1);
    let line_end = |from: usize| {
        let hi = (from + MAX_LINE_REACH).min(bytes.len());
        memchr(b'\n', &bytes[from..hi]).map_or(hi, |i| from + i)
    };
    let mut end = line_end(hit_end);
    if extra > 0 && end < bytes.len() {
        let target = (end + extra).min(bytes.len());
        end = if target < bytes.len() {
            line_end(target)
        } else {
            target
        };
    }
    (start, end)
}

/// Drops veto markers, and matches of other rules whose secret overlaps a vetoed span unless
/// they passed an offline check of their own (marking them with `rule = usize::MAX` for
/// removal): a GitHub-shaped token with a wrong checksum is no credential in a bearer header
/// or a generic assignment either.
fn apply_vetoes(matches: &mut [Match]) {
    let vetoes: Vec<(usize, usize)> = matches
        .iter()
        .filter(|m| m.rule == VETO)
        .map(|m| (m.secret_start, m.secret_end))
        .collect();
    if vetoes.is_empty() {
        return;
    }
    for m in matches.iter_mut() {
        let vetoed = m.rule == VETO
            || (m.validated.is_none()
                && vetoes
                    .iter()
                    .any(|&(s, e)| m.secret_start < e && s < m.secret_end));
        if vetoed {
            m.rule = usize::MAX;
        }
    }
}

/// Marks (with `rule = usize::MAX`) matches whose secret overlaps a match of a more confident
/// rule, so one secret gives one finding. Ties keep the longer secret, then the earlier rule.
fn resolve_overlaps(rules: &RuleSet, matches: &mut [Match]) {
    if matches.len() < 2 {
        return;
    }
    matches.sort_by_key(|m| (m.secret_start, m.rule));
    let rank = |m: &Match| {
        let r = &rules.rules()[m.rule];
        (
            r.confidence,
            m.secret_end - m.secret_start,
            usize::MAX - m.rule,
        )
    };
    for i in 0..matches.len() {
        if matches[i].rule == usize::MAX {
            continue;
        }
        for j in i + 1..matches.len() {
            if matches[j].secret_start >= matches[i].secret_end {
                break;
            }
            if matches[j].rule == usize::MAX
                || matches[j].rule == matches[i].rule
                || (rules.rules()[matches[i].rule].whole_file
                    && rules.rules()[matches[j].rule].whole_file)
            {
                // Whole-file rules (gitleaks configurations) keep gitleaks' semantics: every
                // rule reports its own match; the filter stage applies gitleaks' precedence.
                continue;
            }
            if rank(&matches[j]) > rank(&matches[i]) {
                matches[i].rule = usize::MAX;
                break;
            }
            matches[j].rule = usize::MAX;
        }
    }
}

/// Token prefixes whose rules key on something else (OpenAI keys on the `T3BlbkFJ` marker,
/// PyPI on the encoded `pypi.org` macaroon header).
const KNOWN_TOKEN_PREFIXES: &[&str] = &["sk-", "pypi-", "xox", "AKIA", "ASIA", "AIza"];

/// The keywords of format (non-generic) rules that are token prefixes: at least three
/// characters, ending in `_`, `-` or `.` (`ghp_`, `sk-proj-`, `hvs.`), or mixing case or
/// digits the way only token prefixes do (`AIza`, `AKIA`); plain lower-case words (`heroku`,
/// `datadog`) are context, not prefixes.
fn token_prefixes(rules: &RuleSet) -> Vec<Vec<u8>> {
    let token_like = |k: &str| {
        k.len() >= 3
            && !k.contains(' ')
            && (k.ends_with(['_', '-', '.'])
                || (k.len() >= 4
                    && k.bytes().all(|b| b.is_ascii_alphanumeric())
                    && k.bytes().any(|b| b.is_ascii_uppercase())
                    && !k
                        .bytes()
                        .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())))
    };
    let mut prefixes: Vec<Vec<u8>> = rules
        .rules()
        .iter()
        .filter(|r| !r.generic)
        .flat_map(|r| r.keywords.iter())
        .filter(|k| token_like(k))
        .map(|k| k.as_bytes().to_vec())
        .chain(KNOWN_TOKEN_PREFIXES.iter().map(|k| k.as_bytes().to_vec()))
        .collect();
    prefixes.sort();
    prefixes.dedup();
    prefixes
}

/// The secret of a match whose main secret group did not take part: a regex with alternative
/// shapes names each branch's secret `secret2`, `secret_xml`, ... (the regex crate forbids
/// repeating a name), and the first of those that matched is the secret. Never the whole
/// match: a rule that names a secret group and matched without it found no secret.
fn alternate_secret<'h>(
    re: &regex::bytes::Regex,
    caps: &regex::bytes::Captures<'h>,
) -> Option<regex::bytes::Match<'h>> {
    re.capture_names()
        .enumerate()
        .filter(|(_, name)| name.is_some_and(|n| n.starts_with("secret")))
        .find_map(|(i, _)| caps.get(i))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn engine(toml: &str) -> Engine {
        let mut set = RuleSet::default();
        set.add_file("t.toml", toml, true).unwrap();
        Engine::new(set).unwrap()
    }

    const RULES: &str = r#"
[[rules]]
id = "demo"
description = "demo"
regex = '''\b(demo_[a-z0-9]{8})\b'''
keywords = ["demo_"]
severity = "high"
confidence = "high"

[[rules]]
id = "generic"
description = "generic"
regex = '''(?i)token\s*=\s*"([^"]{8,})"'''
keywords = ["token"]
severity = "low"
confidence = "low"

[[rules]]
id = "block"
description = "block"
regex = '''BEGIN\n([a-z\n]+)\nEND'''
keywords = ["begin"]
severity = "high"
window = 100
"#;

    fn scan(e: &Engine, text: &str) -> Vec<(String, String)> {
        let mut out = Vec::new();
        e.scan(text.as_bytes(), None, &mut Scratch::default(), &mut out);
        out.iter()
            .map(|m| {
                (
                    e.rule(m).id.clone(),
                    text[m.secret_start..m.secret_end].to_string(),
                )
            })
            .collect()
    }

    #[test]
    fn finds_only_near_keywords_and_dedupes_overlaps() {
        let e = engine(RULES);
        let cases: &[(&str, &[(&str, &str)])] = &[
            ("nothing here", &[]),
            ("x = DEMO_a1b2c3d4", &[]),
            ("x = demo_a1b2c3d4", &[("demo", "demo_a1b2c3d4")]),
            ("token = \"demo_a1b2c3d4\"", &[("demo", "demo_a1b2c3d4")]),
            ("TOKEN = \"q8Wm2Lx7Vr\"", &[("generic", "q8Wm2Lx7Vr")]),
            ("token = \"${SECRET_TOKEN}\"", &[]),
            ("a\nBEGIN\nabc\ndef\nEND\n", &[("block", "abc\ndef")]),
            (
                "demo_a1b2c3d4 demo_a1b2c3d4",
                &[("demo", "demo_a1b2c3d4"), ("demo", "demo_a1b2c3d4")],
            ),
        ];
        for (text, want) in cases {
            let got = scan(&e, text);
            let want: Vec<(String, String)> = want
                .iter()
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .collect();
            assert_eq!(got, want, "{text:?}");
        }
    }

    #[test]
    fn long_lines_are_bounded() {
        let e = engine(RULES);
        let mut text = "a".repeat(100_000);
        text.push_str(" demo_a1b2c3d4 ");
        text.push_str(&"b".repeat(100_000));
        assert_eq!(
            scan(&e, &text),
            vec![("demo".into(), "demo_a1b2c3d4".into())]
        );
    }

    #[test]
    fn base64_values_are_decoded_and_looked_inside() {
        use base64::Engine as _;
        let b64 = |s: &str| base64::engine::general_purpose::STANDARD.encode(s);
        let wrapped = r#"
[[rules]]
id = "wrapped"
description = "w"
regex = '''wrapped: ([A-Za-z0-9+/=]{8,})'''
keywords = ["wrapped:"]
severity = "high"
decode = "base64"
"#;
        let e = engine(&format!("{RULES}{wrapped}"));
        let inner = format!("wrapped: {}", b64("x = demo_a1b2c3d4"));
        let mut out = Vec::new();
        e.scan(inner.as_bytes(), None, &mut Scratch::default(), &mut out);
        assert_eq!(out.len(), 1);
        assert_eq!(e.rule(&out[0]).id, "demo");
        assert_eq!(out[0].decoded.as_deref(), Some(b"demo_a1b2c3d4".as_slice()));
        assert_eq!(out[0].secret_start, 9, "located at the encoded value");
        let plain = format!("wrapped: {}", b64("Zq8!xW2#pL"));
        let got = scan(&e, &plain);
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].0, "wrapped");
        assert!(scan(&e, &format!("wrapped: {}", b64("changeme"))).is_empty());
    }

    #[test]
    fn generic_base64_rules_judge_the_decoded_value() {
        use base64::Engine as _;
        let b64 = |s: &str| base64::engine::general_purpose::STANDARD.encode(s);
        let rules = r#"
[[rules]]
id = "data"
description = "d"
regex = '''(?m)^  [a-z]+: ([A-Za-z0-9+/=]{4,})$'''
keywords = ["  "]
severity = "high"
decode = "base64"
generic = true
"#;
        let e = engine(rules);
        for (key, value, reported) in [
            ("password", "Zt8Hn3Bc6Yf1Js5G", true), // vigil:allow: fake for the test
            ("username", "reporting", false),
            ("url", "https://metrics.corp.internal/api", false),
            ("port", "5432", false),
            ("token", "3f786850e387550fdab836ed7e6dc881de23001b", true),
            ("email", "ops@corp.internal", false),
            ("id", "Zt8Hn3Bc6Yf1Js5G", false),
            ("config", "a: Zt8Hn3Bc6Yf1Js5G\nb: q8Wm2Lx7Vr4Tz8Hn", false),
        ] {
            let text = format!("  {key}: {}", b64(value));
            assert_eq!(
                scan(&e, &text).len(),
                usize::from(reported),
                "{key}: {value}"
            );
        }
    }

    #[test]
    fn a_failed_offline_check_silences_generic_rules_too() {
        let rules = r#"
[[rules]]
id = "gh"
description = "gh"
regex = '''\b(ghp_[A-Za-z0-9]{36})\b'''
keywords = ["ghp_"]
severity = "high"
confidence = "high"
validate = "github-checksum"

[[rules]]
id = "generic"
description = "generic"
regex = '''(?i)token\s*=\s*"([^"]{8,})"'''
keywords = ["token"]
severity = "low"
confidence = "low"
generic = true

[[rules]]
id = "bearer"
description = "bearer"
regex = '''Bearer ([A-Za-z0-9_]{20,})'''
keywords = ["bearer "]
severity = "high"
"#;
        let e = engine(rules);
        let bad = "token = \"ghp_Qm7Rk2Vd9XwLp4Tz8Hn3Bc6Yf1Js5Gaaaaaa\"";
        assert!(scan(&e, bad).is_empty(), "{:?}", scan(&e, bad));
        let header = "Authorization: Bearer ghp_Qm7Rk2Vd9XwLp4Tz8Hn3Bc6Yf1Js5Gaaaaaa";
        assert!(scan(&e, header).is_empty(), "{:?}", scan(&e, header));
        assert_eq!(
            scan(&e, "Authorization: Bearer q8Wm2Lx7Vr4Tz8Hn3Bc6Y").len(), // vigil:allow: fake for the test
            1
        );
        assert_eq!(scan(&e, "token = \"q8Wm2Lx7Vr\"").len(), 1);
    }

    #[test]
    fn a_secret_group_that_did_not_match_yields_nothing() {
        let rules = r#"
[[rules]]
id = "alt"
description = "alt"
regex = '''(?:key=(?P<secret>[a-z0-9]{8})|label=[a-z]+)'''
keywords = ["key=", "label="]
severity = "high"

[[rules]]
id = "empty"
description = "empty"
regex = '''pw=([a-z0-9]{0,8});'''
keywords = ["pw="]
severity = "high"
"#;
        let e = engine(rules);
        assert_eq!(
            scan(&e, "key=q8wm2lx7"),
            vec![("alt".into(), "q8wm2lx7".into())]
        );
        assert!(scan(&e, "label=production").is_empty());
        assert!(scan(&e, "pw=;").is_empty());
    }

    #[test]
    fn the_search_resumes_after_the_secret_not_the_whole_match() {
        // Each entry's match runs on to the closing line, which would swallow later entries if
        // the next search started at the end of the whole match.
        let rules = r#"
[[rules]]
id = "block"
description = "block"
regex = '''(?m)^  v: ([a-z0-9]{8})\n(?:  [^\n]*\n)*?end'''
keywords = ["start"]
severity = "high"
window = 200
"#;
        let e = engine(rules);
        let got = scan(&e, "start\n  v: q8wm2lx7\n  v: z3kd9pw2\nend\n");
        let secrets: Vec<&str> = got.iter().map(|(_, s)| s.as_str()).collect();
        assert_eq!(secrets, ["q8wm2lx7", "z3kd9pw2"]);
    }

    #[test]
    fn empty_rule_set_is_an_error() {
        assert!(matches!(
            Engine::new(RuleSet::default()),
            Err(Error::NoRules(_))
        ));
    }
}
