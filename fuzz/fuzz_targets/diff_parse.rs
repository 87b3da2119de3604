//! Arbitrary bytes as `git diff` output (what `vigil staged` reads) and as git's quoted
//! path syntax: no panic, and added text never exceeds the input.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vigil::git::diff::{parse, unquote};

fuzz_target!(|data: &[u8]| {
    let files = parse(data);
    let added: usize = files.iter().map(|f| f.text.len()).sum();
    assert!(added <= data.len());
    let _ = unquote(data);
});
