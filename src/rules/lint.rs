//! Quality checks over a whole rule pack, beyond each rule's own examples ([`super::check`]).
//!
//! * **Duplicates**: two rules with the same regex, or a rule every one of whose examples another
//!   (non-generic) rule also reports with the same secret and outranks it on (confidence, then
//!   file order, as the engine resolves overlaps): the first rule never reports anything.
//! * **Overlaps**: two non-generic rules of the same confidence that both report the secret of
//!   some example. The engine keeps one finding per secret, but between equally confident rules
//!   the choice falls to secret length and file order, which is rarely what the authors meant.
//!   (A generic rule overlapping a provider rule is by design: the provider rule outranks it.)
//! * **Common keywords**: keywords that occur so often in ordinary source that the prefilter
//!   stops filtering. Measured on a sample of real files when one is given ([`KeywordSample`]),
//!   otherwise judged against a list of very common code words and a minimum length.
//!
//! Everything here is a warning for the rule author; only [`super::check`] failures are errors.
//! Nothing here prints; the CLI formats the [`Warning`]s.

use std::collections::{BTreeMap, BTreeSet};

use aho_corasick::{AhoCorasickBuilder, MatchKind};
use rayon::prelude::*;

use super::compile::{Rule, RuleSet};
use crate::engine::{Engine, Scratch};

/// Keywords shorter than this defeat the prefilter whatever the sample says.
pub const MIN_KEYWORD_LEN: usize = 3;

/// Keyword occurrences per MiB of sample source above which a keyword is reported as common.
pub const COMMON_PER_MIB: f64 = 100.0;

/// Words so frequent in source code that a keyword equal to one of them (or contained in
/// none but matching all of them) makes the rule run on nearly every file. Used when no sample
/// is measured.
const COMMON_WORDS: &[&str] = &[
    "key", "keys", "token", "secret", "api", "auth", "id", "http", "https", "http://", "https://",
    "pass", "password", "pwd", "user", "name", "data", "value", "test", "string", "config", "env",
    "type", "true", "false", "null", "return", "self", "this", "var", "let", "const", "function",
    "import", "from", "the", "and", "for", "private", "public", "client", "access", "code", "url",
    "host", "port", "file", "path", "error", "get", "set", "new",
];

/// A finding about the pack as a whole.
#[derive(Debug, Clone, PartialEq)]
pub enum Warning {
    /// Two rules with the same regex source.
    SameRegex {
        /// The earlier rule's id.
        rule: String,
        /// The later rule's id.
        other: String,
    },
    /// Every example of `rule` is also reported, with the same secret, by `by`, which the engine
    /// prefers: `rule` is dead.
    Subsumed {
        /// The rule that adds nothing.
        rule: String,
        /// The rule that already finds all of its examples.
        by: String,
    },
    /// Two equally confident provider rules both report the secret of some examples.
    Overlap {
        /// The rule whose examples are claimed twice.
        rule: String,
        /// The other rule.
        other: String,
        /// Indexes into `rule`'s examples.
        examples: Vec<usize>,
    },
    /// A keyword that occurs too often to filter anything.
    CommonKeyword {
        /// The keyword, as written.
        keyword: String,
        /// Rules that own it.
        rules: Vec<String>,
        /// Occurrences per MiB in the measured sample, if one was given.
        per_mib: Option<f64>,
        /// Why it is reported when there is no measurement.
        reason: &'static str,
    },
}

/// Duplicate and overlapping rules in `set`, found by running every rule on every example of
/// every other rule.
pub fn duplicates_and_overlaps(set: &RuleSet) -> Vec<Warning> {
    let rules = set.rules();
    let mut warnings = same_regex(rules);
    // For each rule B: for each rule A, the indexes of A's examples whose secret B reports
    // exactly (`same`) or overlaps (`touch`).
    let claims: Vec<Vec<Claim>> = rules
        .par_iter()
        .enumerate()
        .map(|(b, rule_b)| claims_of(b, rule_b, rules))
        .collect();
    for (b, per_a) in claims.iter().enumerate() {
        for (a, same, touch) in per_a {
            let (ra, rb) = (&rules[*a], &rules[b]);
            let n = ra.examples.len();
            if rb.generic || n == 0 {
                continue;
            }
            // The engine keeps the more confident rule's finding, the earlier rule's on a tie:
            // when that is always `b`, rule `a` never reports anything of its own.
            let b_wins =
                (rb.confidence, std::cmp::Reverse(b)) > (ra.confidence, std::cmp::Reverse(*a));
            if same.len() == n && b_wins {
                warnings.push(Warning::Subsumed {
                    rule: ra.id.clone(),
                    by: rb.id.clone(),
                });
            } else if !ra.generic && ra.confidence == rb.confidence && !touch.is_empty() {
                warnings.push(Warning::Overlap {
                    rule: ra.id.clone(),
                    other: rb.id.clone(),
                    examples: touch.clone(),
                });
            }
        }
    }
    // An overlap is symmetric: keep it once, under the earlier rule. Rules with the same regex
    // are reported as such, not also as subsuming each other.
    let twins: BTreeSet<(String, String)> = warnings
        .iter()
        .filter_map(|w| match w {
            Warning::SameRegex { rule, other } => Some((rule.clone(), other.clone())),
            _ => None,
        })
        .collect();
    let mut seen = BTreeSet::new();
    warnings.retain(|w| match w {
        Warning::Subsumed { rule, by } => {
            !twins.contains(&(rule.clone(), by.clone()))
                && !twins.contains(&(by.clone(), rule.clone()))
        }
        Warning::Overlap { rule, other, .. } => {
            let key = if rule < other {
                (rule.clone(), other.clone())
            } else {
                (other.clone(), rule.clone())
            };
            let twin = twins.contains(&(rule.clone(), other.clone()))
                || twins.contains(&(other.clone(), rule.clone()));
            !twin && seen.insert(key)
        }
        _ => true,
    });
    warnings
}

fn same_regex(rules: &[Rule]) -> Vec<Warning> {
    let mut by_source: BTreeMap<&str, &str> = BTreeMap::new();
    let mut out = Vec::new();
    for r in rules {
        match by_source.get(r.regex_source().trim()) {
            Some(first) => out.push(Warning::SameRegex {
                rule: (*first).to_string(),
                other: r.id.clone(),
            }),
            None => {
                by_source.insert(r.regex_source().trim(), &r.id);
            }
        }
    }
    out
}

/// What one rule reports of another rule's examples: (that rule's index, examples whose secret
/// it reports exactly, examples whose secret it reports or overlaps).
type Claim = (usize, Vec<usize>, Vec<usize>);

/// Runs rule `b` alone on every other rule's examples.
fn claims_of(b: usize, rule_b: &Rule, rules: &[Rule]) -> Vec<Claim> {
    let Ok(engine_b) = Engine::new(RuleSet::from(vec![rule_b.fresh_copy()])) else {
        return Vec::new();
    };
    let mut scratch = Scratch::default();
    let mut out = Vec::new();
    for (a, rule_a) in rules.iter().enumerate() {
        if a == b || rule_a.examples.is_empty() {
            continue;
        }
        let (mut same, mut touch) = (Vec::new(), Vec::new());
        for (i, ex) in rule_a.examples.iter().enumerate() {
            let mut found = Vec::new();
            engine_b.scan(
                ex.text.as_bytes(),
                ex.path.as_deref(),
                &mut scratch,
                &mut found,
            );
            let secrets: Vec<Vec<u8>> = found
                .iter()
                .map(|m| {
                    m.decoded
                        .as_deref()
                        .unwrap_or(&ex.text.as_bytes()[m.secret_start..m.secret_end])
                        .to_vec()
                })
                .collect();
            let want = ex.secret.as_bytes();
            if secrets.iter().any(|s| s == want) {
                same.push(i);
                touch.push(i);
            } else if secrets.iter().any(|s| overlaps(s, want)) {
                touch.push(i);
            }
        }
        if !touch.is_empty() {
            out.push((a, same, touch));
        }
    }
    out
}

/// Whether one secret contains the other (a token reported whole by one rule and with its
/// surrounding value by another).
fn overlaps(found: &[u8], want: &[u8]) -> bool {
    let (short, long) = if found.len() < want.len() {
        (found, want)
    } else {
        (want, found)
    };
    short.len() >= 8 && memchr::memmem::find(long, short).is_some()
}

/// Keyword occurrence counts over sample files, for [`common_keywords`].
#[derive(Debug, Default, Clone)]
pub struct KeywordSample {
    /// Lower-cased keyword → occurrences.
    pub hits: BTreeMap<String, u64>,
    /// Bytes measured.
    pub bytes: u64,
}

impl KeywordSample {
    /// Counts every keyword of `set` (ASCII case-insensitive, overlapping) in `buffers`.
    pub fn measure<'a>(set: &RuleSet, buffers: impl IntoIterator<Item = &'a [u8]>) -> Self {
        let keywords: Vec<String> = set
            .rules()
            .iter()
            .flat_map(|r| r.keywords.iter().map(|k| k.to_ascii_lowercase()))
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let mut sample = KeywordSample::default();
        let Ok(ac) = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .build(&keywords)
        else {
            return sample;
        };
        let mut counts = vec![0u64; keywords.len()];
        for buf in buffers {
            sample.bytes += buf.len() as u64;
            for m in ac.find_overlapping_iter(buf) {
                counts[m.pattern().as_usize()] += 1;
            }
        }
        sample.hits = keywords.into_iter().zip(counts).collect();
        sample
    }
}

/// Keywords that defeat the prefilter: measured against `sample` (more than
/// [`COMMON_PER_MIB`] occurrences per MiB), or without one, shorter than
/// [`MIN_KEYWORD_LEN`] or one of a list of very common code words. Generic rules are keyed on
/// common words by design and are left out.
pub fn common_keywords(set: &RuleSet, sample: Option<&KeywordSample>) -> Vec<Warning> {
    let mut owners: BTreeMap<String, (String, Vec<String>)> = BTreeMap::new();
    for r in set.rules().iter().filter(|r| !r.generic) {
        for k in &r.keywords {
            let e = owners
                .entry(k.to_ascii_lowercase())
                .or_insert_with(|| (k.clone(), Vec::new()));
            e.1.push(r.id.clone());
        }
    }
    let mut out = Vec::new();
    for (lower, (keyword, rules)) in owners {
        let measured = sample.filter(|s| s.bytes > 0).map(|s| {
            let hits = s.hits.get(&lower).copied().unwrap_or(0);
            hits as f64 / (s.bytes as f64 / f64::from(1 << 20))
        });
        let reason = if lower.len() < MIN_KEYWORD_LEN {
            Some("shorter than 3 bytes")
        } else if let Some(rate) = measured {
            (rate > COMMON_PER_MIB).then_some("frequent in the sample")
        } else if COMMON_WORDS.contains(&lower.trim()) {
            Some("a very common code word")
        } else {
            None
        };
        if let Some(reason) = reason {
            out.push(Warning::CommonKeyword {
                keyword,
                rules,
                per_mib: measured,
                reason,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(toml: &str) -> RuleSet {
        let mut s = RuleSet::default();
        s.add_file("t.toml", toml, true).unwrap();
        s
    }

    const RULES: &str = r#"
[[rules]]
id = "acme-token"
description = "a"
regex = '''\b(acme_[a-z0-9]{12})\b'''
keywords = ["acme_"]
severity = "high"
confidence = "medium"
examples = [{ text = "t = acme_q1w2e3r4t5y6", secret = "acme_q1w2e3r4t5y6" }]
negative_examples = ["acme_short"]

[[rules]]
id = "acme-token-copy"
description = "b"
regex = '''\b(acme_[a-z0-9]{12})\b'''
keywords = ["acme_"]
severity = "high"
confidence = "medium"
examples = [{ text = "t = acme_z9x8c7v6b5n4", secret = "acme_z9x8c7v6b5n4" }]
negative_examples = ["acme_short"]

[[rules]]
id = "acme-any"
description = "c"
regex = '''\b(acme_[a-z0-9]{8,16})\b'''
keywords = ["acme_"]
severity = "high"
confidence = "high"
examples = [
  { text = "t = acme_q1w2e3r4", secret = "acme_q1w2e3r4" },
  { text = "t = acme_m1n2b3v4c5x6", secret = "acme_m1n2b3v4c5x6" },
]
negative_examples = ["acme_short"]

[[rules]]
id = "acme-twelve"
description = "d"
regex = '''(?:^|\s)(acme_[a-z0-9]{12})(?:\s|$)'''
keywords = ["acme_"]
severity = "high"
confidence = "high"
examples = [{ text = "t = acme_p0o9i8u7y6t5", secret = "acme_p0o9i8u7y6t5" }]
negative_examples = ["acme_short"]

[[rules]]
id = "short-kw"
description = "e"
regex = '''\bzq([0-9]{10})\b'''
keywords = ["zq"]
severity = "low"
examples = [{ text = "zq1234567890", secret = "1234567890" }]
negative_examples = ["zq12"]
"#;

    #[test]
    fn finds_same_regex_subsumption_and_overlap() {
        let w = duplicates_and_overlaps(&set(RULES));
        let want = [
            Warning::SameRegex {
                rule: "acme-token".into(),
                other: "acme-token-copy".into(),
            },
            // More confident.
            Warning::Subsumed {
                rule: "acme-token".into(),
                by: "acme-any".into(),
            },
            // As confident and earlier.
            Warning::Subsumed {
                rule: "acme-twelve".into(),
                by: "acme-any".into(),
            },
            // acme-any's second example is also found by acme-twelve; its first is not.
            Warning::Overlap {
                rule: "acme-any".into(),
                other: "acme-twelve".into(),
                examples: vec![1],
            },
        ];
        for x in &want {
            assert!(w.contains(x), "{x:?} not in {w:#?}");
        }
        assert!(
            !w.contains(&Warning::Subsumed {
                rule: "acme-any".into(),
                by: "acme-twelve".into()
            }),
            "{w:#?}"
        );
    }

    #[test]
    fn common_keywords_by_list_and_by_measure() {
        let s = set(RULES);
        let w = common_keywords(&s, None);
        assert_eq!(w.len(), 1, "{w:?}");
        assert!(matches!(&w[0], Warning::CommonKeyword { keyword, .. } if keyword == "zq"));
        let text = "acme_ ".repeat(100_000);
        let sample = KeywordSample::measure(&s, [text.as_bytes()]);
        let w = common_keywords(&s, Some(&sample));
        assert!(w.iter().any(
            |x| matches!(x, Warning::CommonKeyword { keyword, per_mib: Some(r), .. } if keyword == "acme_" && *r > 100.0)
        ));
    }
}
