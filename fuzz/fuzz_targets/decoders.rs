//! Every decoder and offline check over arbitrary bytes: base64 unwrapping, the checksum,
//! JWT and private-key validators, gitleaks' RE2 translation, inline markers, ignore-file
//! dates. Errors and `false`, never panics.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vigil::engine::decode::base64_text;
use vigil::engine::verify::Validator;
use vigil::filter::ignorefile::Date;
use vigil::filter::inline;
use vigil::rules::gitleaks::translate_re2;

fuzz_target!(|data: &[u8]| {
    let _ = base64_text(data);
    for name in Validator::NAMES {
        if let Some(v) = Validator::from_name(name) {
            let _ = v.check(data);
        }
    }
    let _ = inline::marker(data);
    let text = String::from_utf8_lossy(data);
    let _ = translate_re2(&text);
    let _ = Date::parse(&text);
});
