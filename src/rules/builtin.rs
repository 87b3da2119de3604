//! The rule files embedded at build time by `build.rs` (one entry per `rules/*.toml`).

include!(concat!(env!("OUT_DIR"), "/builtin_rules.rs"));
