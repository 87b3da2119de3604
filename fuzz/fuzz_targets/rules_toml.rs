//! Arbitrary text as a rule file, a `.vigil.toml` and a `.gitleaks.toml`: every error is a
//! value (naming file, line and rule), never a panic; rules that load compile and scan.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use vigil::config::{LoadedRules, load_config_text};
use vigil::engine::Scratch;
use vigil::{Engine, RuleSet};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut set = RuleSet::default();
    if set.add_file("fuzz.toml", &text, true).is_ok() && !set.is_empty() {
        if let Ok(engine) = Engine::new(set) {
            let mut out = Vec::new();
            engine.scan(data, Some("fuzz.env"), &mut Scratch::default(), &mut out);
        }
    }
    for name in [".vigil.toml", ".gitleaks.toml"] {
        let mut set = RuleSet::default();
        let mut loaded = LoadedRules::default();
        let _ = load_config_text(&mut set, &mut loaded, Path::new(name), name, &text);
    }
});
