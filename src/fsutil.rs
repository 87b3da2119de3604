//! Writing files that may hold sensitive data: owner-only permissions, atomically (a temporary
//! file in the same directory, then a rename), so no reader ever sees a half-written file and
//! a crash never leaves one behind under the real name.

use std::io::Write;
use std::path::{Path, PathBuf};

/// Writes `bytes` to `path` privately and atomically.
///
/// # Errors
/// The directory is not writable, or writing or renaming fails.
pub fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let (tmp, mut file) = tempfile_in(dir)?;
    let written = file
        .write_all(bytes)
        .and_then(|()| file.sync_all())
        .and_then(|()| std::fs::rename(&tmp, path));
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    written
}

fn tempfile_in(dir: &Path) -> std::io::Result<(PathBuf, std::fs::File)> {
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let pid = std::process::id();
    for n in 0..100u32 {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let p = dir.join(format!(".vigil-tmp-{pid}-{nanos}-{n}"));
        match opts.open(&p) {
            Ok(f) => return Ok((p, f)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
    Err(std::io::Error::other("could not create a temporary file"))
}

#[cfg(test)]
mod tests {
    #[test]
    fn writes_owner_only() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("out.json");
        super::write_private(&p, b"x").unwrap();
        super::write_private(&p, b"yz").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"yz");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&p).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
