//! Parses arbitrary text as an allowed_signers file and a policy section: errors, no panics.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vigil::signing::policy::parse_section;
use vigil::signing::ssh::AllowedSigners;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(s) = AllowedSigners::parse(&text) {
        for e in &s.entries {
            let _ = e.allows_principal("a@example.com");
            let _ = e.restriction(0);
        }
    }
    let _ = parse_section("fuzz", &text);
});
