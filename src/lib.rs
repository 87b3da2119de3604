//! vigil: a fast, parallel secret scanner and git hook.
//!
//! The pipeline runs one way: a **source** (files, standard input, git) yields buffers; the
//! **engine** finds rule matches in them; matches become **findings**; **reports** render them.
//!
//! ```
//! use vigil::{Engine, RuleSet, engine::Scratch};
//!
//! let engine = Engine::new(RuleSet::builtin()?)?;
//! let text = b"aws_access_key_id = AKIAZ4QF7XW2JHM6BTRD";
//! let mut matches = Vec::new();
//! engine.scan(text, None, &mut Scratch::default(), &mut matches);
//! assert!(matches.iter().any(|m| engine.rule(m).id == "aws-access-key-id"));
//! # Ok::<(), vigil::Error>(())
//! ```

#![forbid(unsafe_code)]
#![warn(
    missing_docs,
    clippy::print_stdout,
    clippy::print_stderr,
    clippy::exit,
    clippy::dbg_macro,
    clippy::unwrap_used
)]
#![cfg_attr(test, allow(clippy::unwrap_used))]

pub mod config;
pub mod engine;
pub mod error;
pub mod filter;
pub mod finding;
pub mod fsutil;
pub mod git;
pub mod report;
pub mod rules;
pub mod scan;
pub mod signing;
pub mod source;

pub use config::ScanConfig;
pub use engine::Engine;
pub use error::{Error, Result};
pub use finding::{Finding, Secret};
pub use rules::RuleSet;
pub use scan::{Problem, ScanOutcome, Stats};
