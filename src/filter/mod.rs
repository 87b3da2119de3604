//! Filters decide whether a finding is kept; they never change one.

pub mod inline;
