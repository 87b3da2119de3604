//! Where reports go: standard output, or a file written privately and atomically.

use std::io::{IsTerminal, Write};
use std::path::Path;

use anyhow::{Context, Result};
use vigil::report::{self, Format, Report, ReportOptions};

use super::args::{ColorArg, FormatArg, OutputArgs};

/// Renders `report` as the user asked: to `--output FILE` or standard output.
pub fn emit(args: &OutputArgs, report: &Report<'_>) -> Result<()> {
    let format = match args.format {
        FormatArg::Human => Format::Human,
        FormatArg::Json => Format::Json,
    };
    let to_terminal = args.output.is_none() && std::io::stdout().is_terminal();
    let color = match args.color {
        ColorArg::Always => true,
        ColorArg::Never => false,
        ColorArg::Auto => to_terminal && std::env::var_os("NO_COLOR").is_none(),
    };
    let opts = ReportOptions {
        show_secrets: args.show_secrets,
        color,
    };
    match &args.output {
        Some(path) => {
            let mut buf = Vec::new();
            report::write(format, report, opts, &mut buf)?;
            write_private(path, &buf)
        }
        None => {
            let stdout = std::io::stdout();
            let mut lock = std::io::BufWriter::new(stdout.lock());
            report::write(format, report, opts, &mut lock)?;
            lock.flush()?;
            Ok(())
        }
    }
}

/// Writes `bytes` to `path` with owner-only permissions, via a temporary file in the same
/// directory and a rename, so a reader never sees a half-written report.
pub fn write_private(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut tmp =
        tempfile_in(dir).with_context(|| format!("cannot create a file in {}", dir.display()))?;
    tmp.1
        .write_all(bytes)
        .with_context(|| format!("cannot write {}", tmp.0.display()))?;
    tmp.1.sync_all().ok();
    std::fs::rename(&tmp.0, path).with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}

fn tempfile_in(dir: &Path) -> std::io::Result<(std::path::PathBuf, std::fs::File)> {
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
