//! Arbitrary text as a `.vigilignore` / `.gitleaksignore` and as a baseline file: clear
//! errors naming the file and line, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vigil::filter::baseline::Baseline;
use vigil::filter::ignorefile::{Date, IgnoreList};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let today = Date { year: 2026, month: 11, day: 22 };
    let _ = IgnoreList::parse(".vigilignore", &text, today);
    let _ = Baseline::parse("baseline.json", &text);
});
