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
//!
//! Hostile or merely unusual input must not make a scan unbounded, so the engine works within
//! [`Limits`]: how many layers of encoding it looks through, how far along a line it reads
//! from a keyword, and how long it may spend on one buffer. A limit that cuts the work short
//! is never silent: the [`Scratch`] records it ([`Scratch::limits_hit`]) for the caller to
//! report.

pub mod decode;
pub mod entropy;
pub mod generic;
pub mod placeholder;
pub mod prefilter;
pub mod verify;

use std::sync::OnceLock;
use std::time::{Duration, Instant};

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use memchr::{memchr, memrchr};

use crate::error::{Error, Result};
use crate::rules::{Rule, RuleSet};
use verify::Validator;

/// Buffers at least this large go through the DFA prefilter; smaller ones are searched
/// with the overlapping NFA directly.
const PREFILTER_MIN: usize = 1 << 10;

/// Default of [`Limits::max_decode_depth`]: a Kubernetes Secret holding a docker config whose
/// `auth` is base64 again is two layers deep; more is rare enough to report rather than pay
/// for on every scan.
pub const DEFAULT_MAX_DECODE_DEPTH: u8 = 2;

/// Largest accepted [`Limits::max_decode_depth`]. Each layer may decode every encoded value
/// the layer above holds, so depth multiplies work; past this it would only serve an attacker.
pub const MAX_DECODE_DEPTH: u8 = 8;

/// Default of [`Limits::max_line_length`]. Secrets sit next to their keyword; 4 KiB either
/// side holds a 4096-bit key escaped on one JSON line, and bounds the work per keyword hit on
/// minified files.
pub const DEFAULT_MAX_LINE_LENGTH: usize = 4096;

/// Smallest accepted [`Limits::max_line_length`]: less would cut ordinary lines and the
/// secrets on them (a PEM key line, a long connection string).
pub const MIN_MAX_LINE_LENGTH: usize = 256;

/// Default of [`Limits::file_time_budget`]. A 10 MiB file (the default size limit) dense with
/// keywords takes about 0.2 s, one holding 340,000 secrets about 1.3 s (release build, 2 cores
/// under load); five seconds is only reached by input built to be slow, and keeps one such
/// file from stalling a pre-commit hook or a CI job.
pub const DEFAULT_FILE_TIME_BUDGET: Duration = Duration::from_secs(5);

/// How many units of work (keyword hits, windows, regex matches) pass between two readings of
/// the clock: reading it costs tens of nanoseconds, a unit at least as much, so the budget
/// costs a few percent at worst and is still checked every few milliseconds.
const CLOCK_EVERY: u32 = 32;

/// Spans are run a block of this many bytes at a time (see `Engine::run_spans`): large enough
/// that a regex runs over many spans in a row, small enough that a time budget cuts a
/// 10 MiB file at a position.
const RUN_BLOCK: usize = 256 << 10;

/// Bounds on the work the engine does per buffer. [`Limits::default`] is what `vigil` uses
/// unless told otherwise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Layers of encoding (base64 inside base64 ...) looked through; 0 turns decoding off.
    pub max_decode_depth: u8,
    /// How far (in bytes) either side of a keyword hit the engine reads along the hit's line.
    /// A longer line is cut there, so a secret further than this from its keyword is not
    /// searched.
    pub max_line_length: usize,
    /// Time allowed for one buffer (a file, a blob; for a stream, see
    /// [`Engine::scan_continued`]). When it runs out the rest of the buffer is not searched;
    /// matches found until then are kept. `None`: no limit.
    pub file_time_budget: Option<Duration>,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_decode_depth: DEFAULT_MAX_DECODE_DEPTH,
            max_line_length: DEFAULT_MAX_LINE_LENGTH,
            file_time_budget: Some(DEFAULT_FILE_TIME_BUDGET),
        }
    }
}

impl Limits {
    /// Checks the values are in range.
    ///
    /// # Errors
    /// [`Error::Usage`] naming the flag, the value and the accepted range.
    pub fn validate(&self) -> Result<()> {
        if self.max_decode_depth > MAX_DECODE_DEPTH {
            return Err(Error::Usage(format!(
                "--max-decode-depth {} is too deep: at most {MAX_DECODE_DEPTH} (0 turns decoding off)",
                self.max_decode_depth
            )));
        }
        if self.max_line_length < MIN_MAX_LINE_LENGTH {
            return Err(Error::Usage(format!(
                "--max-line-length {} is too short: at least {MIN_MAX_LINE_LENGTH} bytes",
                self.max_line_length
            )));
        }
        Ok(())
    }
}

/// The limits one buffer hit: each means part of the buffer was not searched as deeply as it
/// would have been without the limit.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LimitHits {
    /// An encoded value at the deepest layer decodes to text that was not looked into.
    pub decode_depth: bool,
    /// A line around a keyword hit was longer than the reach and was cut.
    pub long_line: bool,
    /// The time budget ran out; the rest of the buffer was not searched.
    pub time_budget: bool,
}

impl LimitHits {
    /// Whether any limit was hit.
    pub fn any(self) -> bool {
        self.decode_depth || self.long_line || self.time_budget
    }

    /// Adds the limits `other` hit (another part of the same input).
    pub fn merge(&mut self, other: LimitHits) {
        self.decode_depth |= other.decode_depth;
        self.long_line |= other.long_line;
        self.time_budget |= other.time_budget;
    }
}

/// The clock and the record of limits hit, for one buffer and every decoded layer inside it.
#[derive(Debug, Default, Clone, Copy)]
struct Watch {
    deadline: Option<Instant>,
    /// Units of work left before the clock is read again.
    countdown: u32,
    hits: LimitHits,
}

impl Watch {
    fn start(budget: Option<Duration>) -> Watch {
        Watch {
            // A budget too large to add to now is no budget.
            deadline: budget.and_then(|b| Instant::now().checked_add(b)),
            countdown: CLOCK_EVERY,
            hits: LimitHits::default(),
        }
    }

    /// Counts one unit of work; true once the budget is spent (and from then on).
    #[inline]
    fn expired(&mut self) -> bool {
        if self.hits.time_budget {
            return true;
        }
        let Some(deadline) = self.deadline else {
            return false;
        };
        if self.countdown > 0 {
            self.countdown -= 1;
            return false;
        }
        self.countdown = CLOCK_EVERY;
        self.hits.time_budget = Instant::now() >= deadline;
        self.hits.time_budget
    }
}

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

/// Per-thread working memory, reused between buffers to avoid allocation; also where the
/// engine records which [`Limits`] the last buffer hit.
#[derive(Debug, Default)]
pub struct Scratch {
    /// `(rule, start, end)` of each keyword hit's window.
    windows: Vec<(u32, usize, usize)>,
    /// The windows of each rule merged, `(start, end)`, grouped by rule.
    spans: Vec<(usize, usize)>,
    /// One run of `spans` per rule: `(next, end, rule)`, indices into `spans`.
    runs: Vec<(usize, usize, u32)>,
    ends: Vec<usize>,
    watch: Watch,
}

impl Scratch {
    /// The limits hit since the last [`Engine::scan`] (including the
    /// [`Engine::scan_continued`] calls after it).
    pub fn limits_hit(&self) -> LimitHits {
        self.watch.hits
    }
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
    limits: Limits,
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
            limits: Limits::default(),
        })
    }

    /// Replaces the default [`Limits`].
    ///
    /// # Errors
    /// [`Error::Usage`] when a limit is out of range (see [`Limits::validate`]).
    pub fn with_limits(mut self, limits: Limits) -> Result<Engine> {
        limits.validate()?;
        self.limits = limits;
        Ok(self)
    }

    /// The limits this engine works within.
    pub fn limits(&self) -> &Limits {
        &self.limits
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
    /// `path` (if known) is used for rules with a path filter. Starts the time budget and
    /// clears the record of limits hit ([`Scratch::limits_hit`]).
    pub fn scan(
        &self,
        bytes: &[u8],
        path: Option<&str>,
        scratch: &mut Scratch,
        out: &mut Vec<Match>,
    ) {
        scratch.watch = Watch::start(self.limits.file_time_budget);
        self.scan_continued(bytes, path, scratch, out);
    }

    /// Scans the next part of the buffer begun with [`Engine::scan`] (the next chunk of a
    /// file read as a stream): the time budget and the record of limits hit carry over, so
    /// the budget bounds the whole file, and once it has run out nothing more is searched.
    pub fn scan_continued(
        &self,
        bytes: &[u8],
        path: Option<&str>,
        scratch: &mut Scratch,
        out: &mut Vec<Match>,
    ) {
        let mut watch = std::mem::take(&mut scratch.watch);
        if !watch.hits.time_budget {
            self.scan_at_depth(bytes, path, scratch, out, 0, &mut watch);
        }
        scratch.watch = watch;
    }

    fn scan_at_depth(
        &self,
        bytes: &[u8],
        path: Option<&str>,
        scratch: &mut Scratch,
        out: &mut Vec<Match>,
        depth: u8,
        watch: &mut Watch,
    ) {
        scratch.windows.clear();
        self.collect_windows(bytes, path, scratch, watch);
        if scratch.windows.is_empty() || watch.hits.time_budget {
            return;
        }
        scratch.windows.sort_unstable();
        let mut spans = std::mem::take(&mut scratch.spans);
        let mut runs = std::mem::take(&mut scratch.runs);
        spans.clear();
        runs.clear();
        let windows = &scratch.windows;
        let mut i = 0;
        while i < windows.len() {
            let (rule, start, mut end) = windows[i];
            i += 1;
            while i < windows.len() && windows[i].0 == rule && windows[i].1 <= end {
                end = end.max(windows[i].2);
                i += 1;
            }
            match runs.last_mut() {
                Some(run) if run.2 == rule => run.1 += 1,
                _ => runs.push((spans.len(), spans.len() + 1, rule)),
            }
            spans.push((start, end));
        }
        let first = out.len();
        self.run_spans(bytes, &spans, &mut runs, out, depth, watch);
        scratch.spans = spans;
        scratch.runs = runs;
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

    /// Runs each rule over its spans, a block of the buffer at a time: within a block rule
    /// after rule (each regex stays hot in cache, which matters on keyword-dense files), and
    /// block after block, so that when the time budget runs out what remains unsearched is
    /// the end of the buffer, not whole rules.
    fn run_spans(
        &self,
        bytes: &[u8],
        spans: &[(usize, usize)],
        runs: &mut [(usize, usize, u32)],
        out: &mut Vec<Match>,
        depth: u8,
        watch: &mut Watch,
    ) {
        while let Some(next) = runs
            .iter()
            .filter(|r| r.0 < r.1)
            .map(|r| spans[r.0].0)
            .min()
        {
            let limit = (next - next % RUN_BLOCK).saturating_add(RUN_BLOCK);
            for (at, end, rule) in runs.iter_mut() {
                while *at < *end && spans[*at].0 < limit {
                    if watch.expired() {
                        return;
                    }
                    self.run_rule(*rule as usize, bytes, spans[*at], out, depth, watch);
                    *at += 1;
                }
            }
        }
    }

    /// Finds every keyword occurrence and turns each into a (rule, window) pair.
    ///
    /// The lockstep prefilter reports where keywords end; each line holding one is then
    /// searched with the overlapping automaton to learn which keywords (and so which rules)
    /// occur there. Lines with keywords are rare, so nearly all bytes go through the fast
    /// prefilter, and no occurrence is lost to an overlapping one.
    ///
    /// Lines are read at most [`Limits::max_line_length`] bytes either side of a hit; a rule
    /// window cut there is recorded in `watch`. When the time budget runs out, collection
    /// stops and nothing is searched (the caller sees `watch.hits.time_budget`).
    fn collect_windows(
        &self,
        bytes: &[u8],
        path: Option<&str>,
        scratch: &mut Scratch,
        watch: &mut Watch,
    ) {
        let reach = self.limits.max_line_length;
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
            if watch.expired() {
                scratch.windows.clear();
                return;
            }
            // Keywords past a cut in this line search are found by later `ends`, so only the
            // rule windows below can lose anything to a cut.
            let (line_start, line_end, _) = window(bytes, end - 1, end, 0, reach);
            let line_start = line_start.max(done);
            for hit in lines.find_overlapping_iter(&bytes[line_start..line_end]) {
                let (hs, he) = (line_start + hit.start(), line_start + hit.end());
                for &rule in &self.owners[hit.pattern().as_usize()] {
                    let r = &self.rules.rules()[rule as usize];
                    if r.applies_to(path) {
                        let (start, end) = if r.whole_file {
                            (0, bytes.len())
                        } else {
                            let (start, end, cut) = window(bytes, hs, he, r.window, reach);
                            watch.hits.long_line |= cut;
                            (start, end)
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
        watch: &mut Watch,
    ) {
        let rule = &self.rules.rules()[index];
        let Some((re, group)) = rule.regex() else {
            return;
        };
        let hay = &bytes[start..end];
        let mut at = 0;
        while at <= hay.len() {
            if watch.expired() {
                break;
            }
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
                if depth < self.limits.max_decode_depth {
                    let found = self.decoded_matches(
                        rule,
                        index,
                        whole.as_bytes(),
                        secret.as_bytes(),
                        depth,
                        watch,
                    );
                    out.extend(found.into_iter().map(located));
                } else if !watch.hits.decode_depth {
                    // Only a value that would have been looked into counts as a hit: text
                    // that is not a certificate or public key.
                    watch.hits.decode_depth = decode::base64_text(secret.as_bytes())
                        .is_some_and(|d| !decode::is_public_material(&d));
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
        watch: &mut Watch,
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
            watch,
        );
        if inner.is_empty() && watch.hits.time_budget {
            // The decoded text was not searched to the end: that nothing was found inside
            // says nothing about the value itself.
            return Vec::new();
        }
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
        // `Name: value` text (a header or a line of YAML, itself encoded once more) is not a
        // `user:password` pair: a user name has no blank, and a password does not start with
        // one.
        if !rule.generic
            && let Some(colon) = value.iter().position(|&b| b == b':')
            && (value[..colon].iter().any(u8::is_ascii_whitespace)
                || value.get(colon + 1).is_some_and(u8::is_ascii_whitespace))
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

/// The line around a keyword hit `[hit_start, hit_end)`, extended by `extra` bytes, read at
/// most `reach` bytes from the hit (or from the end of the extension); and whether a line
/// was longer than that and cut.
fn window(
    bytes: &[u8],
    hit_start: usize,
    hit_end: usize,
    extra: usize,
    reach: usize,
) -> (usize, usize, bool) {
    let lo = hit_start.saturating_sub(reach);
    let (start, mut cut) = match memrchr(b'\n', &bytes[lo..hit_start]) {
        Some(i) => (lo + i + 1, false),
        None => (lo, lo > 0),
    };
    let line_end = |from: usize| {
        let hi = from.saturating_add(reach).min(bytes.len());
        match memchr(b'\n', &bytes[from..hi]) {
            Some(i) => (from + i, false),
            None => (hi, hi < bytes.len()),
        }
    };
    let (mut end, mut end_cut) = line_end(hit_end);
    if extra > 0 && end < bytes.len() {
        // The extension continues from wherever the line stopped, so only where it ends
        // can cut anything.
        let target = end.saturating_add(extra).min(bytes.len());
        (end, end_cut) = if target < bytes.len() {
            line_end(target)
        } else {
            (target, false)
        };
    }
    cut |= end_cut;
    (start, end, cut)
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

    const WRAPPED: &str = r#"
[[rules]]
id = "wrapped"
description = "w"
regex = '''wrapped: ([A-Za-z0-9+/=]{8,})'''
keywords = ["wrapped:"]
severity = "high"
decode = "base64"
"#;

    fn limited(limits: Limits) -> Engine {
        engine(&format!("{RULES}{WRAPPED}"))
            .with_limits(limits)
            .unwrap()
    }

    /// `x = demo_...` wrapped in `layers` layers of `wrapped: base64(...)`.
    fn nested(layers: usize) -> String {
        use base64::Engine as _;
        let mut text = "x = demo_a1b2c3d4".to_string(); // vigil:allow: fake for the test
        for _ in 0..layers {
            text = format!(
                "wrapped: {}",
                base64::engine::general_purpose::STANDARD.encode(&text)
            );
        }
        text
    }

    fn scan_limited(e: &Engine, text: &str) -> (Vec<(String, String)>, LimitHits) {
        let mut out = Vec::new();
        let mut scratch = Scratch::default();
        e.scan(text.as_bytes(), None, &mut scratch, &mut out);
        let found = out
            .iter()
            .map(|m| {
                let secret = m.decoded.as_deref().unwrap_or(b"");
                (
                    e.rule(m).id.clone(),
                    String::from_utf8_lossy(secret).into_owned(),
                )
            })
            .collect();
        (found, scratch.limits_hit())
    }

    fn finds_demo(found: &[(String, String)]) -> bool {
        found.iter().any(|(id, _)| id == "demo")
    }

    #[test]
    fn decode_depth_limit_is_recorded_and_configurable() {
        let default = limited(Limits::default());
        let (found, hits) = scan_limited(&default, &nested(2));
        assert!(
            finds_demo(&found),
            "two layers are looked through by default"
        );
        assert_eq!(hits, LimitHits::default());
        let (found, hits) = scan_limited(&default, &nested(3));
        assert!(!finds_demo(&found), "{found:?}");
        assert!(
            hits.decode_depth,
            "a third layer left undecoded is recorded"
        );
        let deeper = limited(Limits {
            max_decode_depth: 3,
            ..Limits::default()
        });
        let (found, hits) = scan_limited(&deeper, &nested(3));
        assert!(finds_demo(&found), "{found:?}");
        assert!(!hits.decode_depth);
    }

    #[test]
    fn decode_depth_zero_turns_decoding_off() {
        let off = limited(Limits {
            max_decode_depth: 0,
            ..Limits::default()
        });
        let (found, hits) = scan_limited(&off, &nested(1));
        assert!(found.is_empty(), "{found:?}");
        assert!(hits.decode_depth);
        // A value that does not decode to text is not a hit: nothing was left unread.
        let (_, hits) = scan_limited(&off, "wrapped: !!!!notbase64!!!!");
        assert!(!hits.decode_depth);
    }

    #[test]
    fn long_line_cut_is_recorded_and_the_reach_is_configurable() {
        // The secret is 6000 bytes after its keyword on one line: beyond the default reach.
        let rules = r#"
[[rules]]
id = "far"
description = "far"
regex = '''begin-blob:[a-z ]*(secret_[a-z0-9]{8})'''
keywords = ["begin-blob:"]
severity = "high"
"#;
        let text = format!(
            "{}begin-blob:{}secret_q8wm2lx7 {}",
            "z".repeat(300),
            " ".repeat(6000),
            "y".repeat(300)
        );
        let e = engine(rules);
        let (found, hits) = scan_limited(&e, &text);
        assert!(found.is_empty());
        assert!(hits.long_line);
        let wide = engine(rules)
            .with_limits(Limits {
                max_line_length: 8192,
                ..Limits::default()
            })
            .unwrap();
        let mut out = Vec::new();
        let mut scratch = Scratch::default();
        wide.scan(text.as_bytes(), None, &mut scratch, &mut out);
        assert_eq!(out.len(), 1);
        assert!(!scratch.limits_hit().long_line);
        // Ordinary lines, and a long line whose ends are within reach of the keyword, are not
        // hits; the record is cleared by the next scan.
        let (_, hits) = scan_limited(&e, "a\nbegin-blob: secret_q8wm2lx7\nb\n");
        assert!(!hits.long_line);
        let (_, hits) = scan_limited(&e, &format!("begin-blob: {}", "x".repeat(4000)));
        assert!(!hits.long_line);
    }

    #[test]
    fn time_budget_stops_the_scan_and_is_recorded() {
        let line = "x = demo_a1b2c3d4 token = \"q8Wm2Lx7Vr\"\n"; // vigil:allow: fake for the test
        let text = line.repeat(40_000);
        let tight = engine(RULES)
            .with_limits(Limits {
                file_time_budget: Some(Duration::from_millis(1)),
                ..Limits::default()
            })
            .unwrap();
        let started = Instant::now();
        let mut out = Vec::new();
        let mut scratch = Scratch::default();
        tight.scan(text.as_bytes(), None, &mut scratch, &mut out);
        let took = started.elapsed();
        assert!(scratch.limits_hit().time_budget);
        assert!(out.len() < 80_000, "stopped before the end: {}", out.len());
        assert!(took < Duration::from_secs(5), "returned promptly: {took:?}");
        // Once spent, the budget stays spent for the rest of the same file...
        let before = out.len();
        tight.scan_continued(line.as_bytes(), None, &mut scratch, &mut out);
        assert_eq!(out.len(), before);
        assert!(scratch.limits_hit().time_budget);
        // ...and a new file starts a new budget.
        out.clear();
        tight.scan(line.as_bytes(), None, &mut scratch, &mut out);
        assert_eq!(out.len(), 2);
        assert_eq!(scratch.limits_hit(), LimitHits::default());
        // Without a budget the whole buffer is searched.
        let unbounded = engine(RULES)
            .with_limits(Limits {
                file_time_budget: None,
                ..Limits::default()
            })
            .unwrap();
        let short = line.repeat(2_000);
        let (found, hits) = scan_limited(&unbounded, &short);
        assert_eq!(found.len(), 4_000);
        assert_eq!(hits, LimitHits::default());
    }

    #[test]
    fn limits_out_of_range_are_usage_errors() {
        for limits in [
            Limits {
                max_line_length: MIN_MAX_LINE_LENGTH - 1,
                ..Limits::default()
            },
            Limits {
                max_decode_depth: MAX_DECODE_DEPTH + 1,
                ..Limits::default()
            },
        ] {
            let err = engine(RULES).with_limits(limits).unwrap_err();
            assert!(matches!(err, Error::Usage(_)), "{err}");
        }
        let huge = Limits {
            max_line_length: usize::MAX,
            file_time_budget: Some(Duration::MAX),
            ..Limits::default()
        };
        let e = engine(RULES).with_limits(huge).unwrap();
        assert_eq!(scan(&e, "x = demo_a1b2c3d4").len(), 1);
    }

    #[test]
    fn empty_rule_set_is_an_error() {
        assert!(matches!(
            Engine::new(RuleSet::default()),
            Err(Error::NoRules(_))
        ));
    }
}
