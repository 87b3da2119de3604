//! Inline allow markers: a line containing `vigil:allow` (or gitleaks' `gitleaks:allow`, so
//! teams moving from gitleaks keep their annotations) reports no finding. The finding is not
//! lost: the scan records it as suppressed by the marker (`--show-suppressed`).

/// Markers that suppress findings on their line.
pub const MARKERS: &[&str] = &["vigil:allow", "gitleaks:allow"];

/// The marker `line` carries, if any.
pub fn marker(line: &[u8]) -> Option<&'static str> {
    MARKERS
        .iter()
        .copied()
        .find(|m| memchr::memmem::find(line, m.as_bytes()).is_some())
}

/// Whether `line` carries an allow marker.
pub fn allows(line: &[u8]) -> bool {
    marker(line).is_some()
}

#[cfg(test)]
mod tests {
    use super::{allows, marker};

    #[test]
    fn markers() {
        assert!(allows(b"token = \"abc\"  # vigil:allow test fixture"));
        assert_eq!(
            marker(b"key = 'x' // gitleaks:allow"),
            Some("gitleaks:allow")
        );
        assert!(!allows(b"token = \"abc\""));
    }
}
