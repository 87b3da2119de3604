//! Parses `git diff --unified=0` output into the lines each file gains.
//!
//! Only `+` lines inside hunks are kept, each with its line number in the new file, so a
//! finding is reported where it sits in the staged (or committed) file. Binary files and
//! submodules carry no lines; deleted files are skipped. Paths are decoded from git's C-style
//! quoting (`"dir/na\303\257ve \"x\".txt"`), so names with spaces, quotes, newlines or non-ASCII
//! bytes come out exactly.

/// The added lines of one file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileAdditions {
    /// Path in the new tree, relative to the repository root.
    pub path: String,
    /// The added lines joined with `\n` (each line without its newline).
    pub text: Vec<u8>,
    /// For each line of `text`, its 1-based line number in the new file.
    pub lines: Vec<usize>,
    /// The file is binary (git printed "Binary files ... differ").
    pub binary: bool,
}

/// Parses a whole `git diff -U0` patch.
pub fn parse(patch: &[u8]) -> Vec<FileAdditions> {
    let mut files = Vec::new();
    let mut current: Option<FileAdditions> = None;
    let mut next_line = 0usize;
    let mut in_hunk = false;
    let mut skip = false;
    for raw in patch.split(|&b| b == b'\n') {
        if raw.starts_with(b"diff --git ") {
            files.extend(current.take().filter(|f| !f.path.is_empty()));
            current = Some(FileAdditions::default());
            in_hunk = false;
            skip = false;
            continue;
        }
        let Some(file) = current.as_mut() else {
            continue;
        };
        if in_hunk {
            match raw.first() {
                Some(b'+') if !skip => {
                    if !file.text.is_empty() || !file.lines.is_empty() {
                        file.text.push(b'\n');
                    }
                    file.text.extend_from_slice(&raw[1..]);
                    file.lines.push(next_line);
                    next_line += 1;
                    continue;
                }
                Some(b'+' | b'-' | b' ' | b'\\') => continue,
                _ => in_hunk = false,
            }
        }
        if let Some(rest) = raw.strip_prefix(b"@@ ") {
            next_line = hunk_new_start(rest);
            in_hunk = true;
        } else if let Some(p) = raw.strip_prefix(b"+++ ") {
            if p != b"/dev/null" {
                let p = unquote(p);
                file.path =
                    String::from_utf8_lossy(p.strip_prefix(b"b/").unwrap_or(&p)).into_owned();
            }
        } else if raw.starts_with(b"Binary files ") || raw.starts_with(b"GIT binary patch") {
            file.binary = true;
            if file.path.is_empty() {
                file.path = binary_path(raw).unwrap_or_default();
            }
        } else if raw.starts_with(b"new file mode 160000")
            || (raw.starts_with(b"index ") && raw.ends_with(b" 160000"))
            || raw.starts_with(b"deleted file mode")
        {
            skip = true;
        }
    }
    files.extend(current.filter(|f| !f.path.is_empty()));
    files.retain(|f| !f.lines.is_empty() || f.binary);
    files
}

/// `-a,b +c,d @@ ...` → c (the first new line of the hunk).
fn hunk_new_start(rest: &[u8]) -> usize {
    let text = String::from_utf8_lossy(rest);
    text.split_whitespace()
        .find_map(|t| t.strip_prefix('+'))
        .and_then(|t| t.split(',').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(1)
}

/// Path from `Binary files a/x and b/y differ` (unquoted form only; best effort).
fn binary_path(line: &[u8]) -> Option<String> {
    let text = String::from_utf8_lossy(line);
    let b = text.rsplit_once(" and ")?.1.strip_suffix(" differ")?;
    let b = unquote(b.as_bytes());
    Some(String::from_utf8_lossy(b.strip_prefix(b"b/").unwrap_or(&b)).into_owned())
}

/// Decodes git's C-style quoted path (`"a\tb\303\251"`); unquoted input is returned as is.
pub fn unquote(s: &[u8]) -> Vec<u8> {
    let s = trim_trailing_tab(s);
    let Some(inner) = s.strip_prefix(b"\"").and_then(|x| x.strip_suffix(b"\"")) else {
        return s.to_vec();
    };
    let mut out = Vec::with_capacity(inner.len());
    let mut i = 0;
    while i < inner.len() {
        let c = inner[i];
        if c != b'\\' || i + 1 >= inner.len() {
            out.push(c);
            i += 1;
            continue;
        }
        let e = inner[i + 1];
        i += 2;
        match e {
            b'n' => out.push(b'\n'),
            b't' => out.push(b'\t'),
            b'r' => out.push(b'\r'),
            b'a' => out.push(7),
            b'b' => out.push(8),
            b'f' => out.push(12),
            b'v' => out.push(11),
            b'0'..=b'7' => {
                let digits: Vec<u8> = std::iter::once(e)
                    .chain(
                        inner[i..]
                            .iter()
                            .copied()
                            .take(2)
                            .take_while(|d| (b'0'..=b'7').contains(d)),
                    )
                    .collect();
                i += digits.len() - 1;
                let v = digits
                    .iter()
                    .fold(0u32, |acc, d| acc * 8 + u32::from(d - b'0'));
                out.push(u8::try_from(v).unwrap_or(b'?'));
            }
            other => out.push(other),
        }
    }
    out
}

/// git appends a tab to `+++` paths that contain spaces in some versions.
fn trim_trailing_tab(s: &[u8]) -> &[u8] {
    s.strip_suffix(b"\t").unwrap_or(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_added_lines_with_new_line_numbers() {
        let patch = b"diff --git a/src/a.py b/src/a.py\nindex 1..2 100644\n--- a/src/a.py\n+++ b/src/a.py\n@@ -3,0 +4,2 @@ def f():\n+x = 1\n+y = 2\n@@ -10 +12 @@\n-old\n+new\ndiff --git a/img.png b/img.png\nnew file mode 100644\nindex 0..3\nBinary files /dev/null and b/img.png differ\ndiff --git a/gone.txt b/gone.txt\ndeleted file mode 100644\n--- a/gone.txt\n+++ /dev/null\n@@ -1 +0,0 @@\n-bye\n";
        let files = parse(patch);
        assert_eq!(files.len(), 2);
        assert_eq!(files[0].path, "src/a.py");
        assert_eq!(files[0].text, b"x = 1\ny = 2\nnew");
        assert_eq!(files[0].lines, vec![4, 5, 12]);
        assert_eq!(files[1].path, "img.png");
        assert!(files[1].binary);
    }

    #[test]
    fn submodules_carry_no_lines() {
        let patch = b"diff --git a/vendor/lib b/vendor/lib\nnew file mode 160000\nindex 0000000..abc\n--- /dev/null\n+++ b/vendor/lib\n@@ -0,0 +1 @@\n+Subproject commit 0123456789abcdef0123456789abcdef01234567\n";
        assert!(parse(patch).is_empty());
    }

    #[test]
    fn unquotes_c_style_paths() {
        let cases: &[(&[u8], &[u8])] = &[
            (b"plain/path.txt", b"plain/path.txt"),
            (b"\"b/with \\\"quotes\\\".txt\"", b"b/with \"quotes\".txt"),
            (b"\"b/new\\nline\"", b"b/new\nline"),
            (b"\"b/caf\\303\\251\"", "b/café".as_bytes()),
            (b"b/with space.txt\t", b"b/with space.txt"),
        ];
        for (input, want) in cases {
            assert_eq!(
                unquote(input),
                *want,
                "{:?}",
                String::from_utf8_lossy(input)
            );
        }
    }
}
