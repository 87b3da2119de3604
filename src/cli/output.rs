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
        FormatArg::Sarif => Format::Sarif,
        FormatArg::Junit => Format::Junit,
        FormatArg::Csv => Format::Csv,
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
    vigil::fsutil::write_private(path, bytes)
        .with_context(|| format!("cannot write {}", path.display()))
}
