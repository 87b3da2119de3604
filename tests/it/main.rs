//! The single integration-test binary: runs the built `vigil` on real files and repositories.

mod audit;
mod bad_input;
mod corpus;
mod gitleaks;
mod hardening;
mod history;
mod history_accuracy;
mod hook_safety;
mod limits;
mod noise;
mod precommit;
mod prepush;
mod report;
mod rules;
mod scan;
mod signing;
mod staged;
mod util;
