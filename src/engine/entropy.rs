//! Shannon entropy of a candidate secret, one signal among several that a value is random.

/// Shannon entropy in bits per byte (0 for empty input, at most 8).
pub fn shannon(bytes: &[u8]) -> f64 {
    if bytes.is_empty() {
        return 0.0;
    }
    let mut counts = [0u32; 256];
    for &b in bytes {
        counts[b as usize] += 1;
    }
    let n = bytes.len() as f64;
    counts
        .iter()
        .filter(|&&c| c > 0)
        .map(|&c| {
            let p = f64::from(c) / n;
            -p * p.log2()
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::shannon;

    #[test]
    fn known_values() {
        let cases: &[(&[u8], f64)] = &[
            (b"", 0.0),
            (b"aaaa", 0.0),
            (b"ab", 1.0),
            (b"abcd", 2.0),
            (b"0123456789abcdef", 4.0),
        ];
        for (input, want) in cases {
            assert!((shannon(input) - want).abs() < 1e-9, "{input:?}");
        }
    }
}
