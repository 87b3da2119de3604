//! Runs each rule's own examples through the real engine.
//!
//! This is the single checker behind the all-rules test and `vigil rules check`: a positive
//! example must produce a finding of the rule with exactly the declared secret; a negative
//! example must produce no finding of the rule. A rule without both kinds of example fails.

use rayon::prelude::*;

use super::compile::{Rule, RuleSet};
use crate::engine::{Engine, Scratch};

/// One failed expectation of one rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckFailure {
    /// The rule id.
    pub rule: String,
    /// Where the rule is defined (`file:line`).
    pub origin: String,
    /// What went wrong, naming the example (`examples[2]`, `negative_examples[0]`).
    pub message: String,
}

/// Checks every rule of `set` in parallel; returns all failures, ordered by rule.
pub fn check_rules(set: &RuleSet) -> Vec<CheckFailure> {
    set.rules().par_iter().flat_map_iter(check_rule).collect()
}

/// Checks one rule's examples in isolation (an engine holding only this rule).
pub fn check_rule(rule: &Rule) -> Vec<CheckFailure> {
    let fail = |message: String| CheckFailure {
        rule: rule.id.clone(),
        origin: format!("{}:{}", rule.origin.file, rule.origin.line),
        message,
    };
    let mut failures = Vec::new();
    if let Err(e) = rule.compile_now() {
        failures.push(fail(e));
        return failures;
    }
    if rule.examples.is_empty() {
        failures.push(fail(
            "has no `examples`: every rule needs at least one".into(),
        ));
    }
    if rule.negative_examples.is_empty() {
        failures.push(fail(
            "has no `negative_examples`: every rule needs at least one".into(),
        ));
    }
    let Ok(engine) = Engine::new(RuleSet::from(vec![clone_rule(rule)])) else {
        failures.push(fail("could not build an engine for this rule".into()));
        return failures;
    };
    let mut scratch = Scratch::default();
    let mut found = |text: &str, path: Option<&str>| -> Vec<String> {
        let mut out = Vec::new();
        engine.scan(text.as_bytes(), path, &mut scratch, &mut out);
        out.iter()
            .map(|m| {
                let raw = m
                    .decoded
                    .as_deref()
                    .unwrap_or(&text.as_bytes()[m.secret_start..m.secret_end]);
                String::from_utf8_lossy(raw).into_owned()
            })
            .collect()
    };
    for (i, ex) in rule.examples.iter().enumerate() {
        let got = found(&ex.text, ex.path.as_deref());
        if !got.contains(&ex.secret) {
            let detail = if got.is_empty() {
                "no match".to_string()
            } else {
                format!("matched {got:?}")
            };
            failures.push(fail(format!(
                "examples[{i}]: expected secret {:?}, {detail}",
                ex.secret
            )));
        }
    }
    for (i, text) in rule.negative_examples.iter().enumerate() {
        let got = found(text, None);
        if !got.is_empty() {
            failures.push(fail(format!(
                "negative_examples[{i}]: unexpectedly matched {got:?}"
            )));
        }
    }
    failures
}

/// A fresh copy of a rule (its lazily compiled state is not shared).
fn clone_rule(rule: &Rule) -> Rule {
    rule.fresh_copy()
}
