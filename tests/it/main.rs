//! The single integration-test binary: runs the built `vigil` on real files and repositories.

mod audit;
mod corpus;
mod hardening;
mod history;
mod precommit;
mod rules;
mod scan;
mod signing;
mod staged;
mod util;
