//! Rules: what a credential looks like, as data.
//!
//! Rules live in `rules/*.toml` (one file per family, embedded in the binary by `build.rs`)
//! and in user configuration (`--config FILE`, `.vigil.toml`). This module owns loading them,
//! turning the syntax into [`Rule`]s, and running each rule's own examples ([`check`]).
//! It never scans files; that is [`crate::engine`].
//!
//! # Rule format
//!
//! ```toml
//! [[rules]]
//! id = "github-pat-classic"                # required, unique, lower-case kebab case
//! description = "GitHub personal access token (classic)"
//! regex = '''\b(ghp_[A-Za-z0-9]{36})\b'''  # Rust regex over bytes; ASCII classes
//! secret_group = 1                         # optional: index or name; default `secret`, else 1, else 0
//!                                          # (branches name theirs `secret2`, `secret_x`...)
//! keywords = ["ghp_"]                      # required, >= 1, ASCII case-insensitive literals
//! entropy = 3.5                            # optional minimum Shannon entropy of the secret
//! path = '''\.env$'''                      # optional regex the path must match
//! severity = "high"                        # info | low | medium | high | critical
//! confidence = "high"                      # optional: low | medium (default) | high
//! window = 0                               # optional: bytes past the keyword's line the regex may see
//! validate = "github-checksum"             # optional offline check, see below
//! allow_placeholders = false               # optional: skip the placeholder filter
//! generic = false                          # optional: value heuristics for name-keyed rules
//! decode = "base64"                        # optional: the secret is base64; report what is inside
//! tags = ["vcs", "github"]                 # optional labels
//! scope = "line"                           # optional: line (default) | file: run over the whole
//!                                          # buffer once a keyword occurs (keywords optional)
//! examples = [                             # required, >= 1: text that must match, and its secret
//!   { text = 'token = "ghp_…"', secret = "ghp_…" },
//! ]
//! negative_examples = ["ghp_short"]        # required, >= 1: look-alikes that must not match
//! ```
//!
//! In configuration files a rule may also carry `[[rules.allowlist]]` tables
//! ([`crate::filter::allowlist`]).
//!
//! The regex runs only on the lines around a keyword hit (plus `window` bytes for multi-line
//! secrets), so at least one keyword must occur inside what the regex matches or on the same
//! line. Regexes are compiled on first use: a scan that never hits a rule's keywords never
//! compiles its regex.
//!
//! Offline validators (`validate`): `github-checksum` (GitHub `gh?_` tokens end in a base62
//! CRC32 of the rest), `npm-checksum` (same scheme for `npm_` tokens), `jwt` (three base64url
//! parts; the header is a JSON object with `alg`, the payload a JSON object), `private-key`
//! (a PEM/OpenSSH private key block whose body decodes as base64 of plausible length),
//! `discord-snowflake` (the first part of a Discord bot token decodes to a numeric user id).

pub mod builtin;
pub mod check;
pub mod compile;
pub mod gitleaks;
pub mod lint;
pub mod syntax;

pub use check::{CheckFailure, check_rule, check_rules};
pub use compile::{Rule, RuleSet};
pub use syntax::{Confidence, RuleFile, RuleSyntax, Severity};
