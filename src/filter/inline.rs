//! Inline allow markers: a line containing `vigil:allow` (or gitleaks' `gitleaks:allow`, so
//! teams moving from gitleaks keep their annotations) reports no finding.

/// Markers that suppress findings on their line.
pub const MARKERS: &[&str] = &["vigil:allow", "gitleaks:allow"];

/// Whether `line` carries an allow marker.
pub fn allows(line: &[u8]) -> bool {
    MARKERS
        .iter()
        .any(|m| memchr::memmem::find(line, m.as_bytes()).is_some())
}

#[cfg(test)]
mod tests {
    use super::allows;

    #[test]
    fn markers() {
        assert!(allows(b"token = \"abc\"  # vigil:allow test fixture"));
        assert!(allows(b"key = 'x' // gitleaks:allow"));
        assert!(!allows(b"token = \"abc\""));
    }
}
