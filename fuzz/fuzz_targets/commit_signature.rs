//! Splits arbitrary bytes as a commit and feeds the signature to both verifiers: nothing may
//! panic, and the split never invents bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vigil::signing::commit::{HashKind, SignatureKind, parse_info, split_signature};
use vigil::signing::openpgp::Keyring;
use vigil::signing::ssh::ParsedSsh;

fuzz_target!(|data: &[u8]| {
    for hash in [HashKind::Sha1, HashKind::Sha256] {
        let s = split_signature(data, hash);
        assert!(s.payload.len() + s.signature.len() <= data.len());
        let _ = parse_info(data);
        match SignatureKind::of(&s.signature) {
            SignatureKind::Openpgp => {
                let _ = Keyring::default().check(&s.signature, &s.payload, 0);
            }
            SignatureKind::Ssh => {
                if let Ok(p) = ParsedSsh::parse(&s.signature) {
                    let _ = p.verify(&s.payload);
                }
            }
            _ => {}
        }
    }
    let _ = Keyring::default().add(data);
});
