//! Exit codes: 0 clean, 1 findings (or violations), 2 usage or configuration error.

use std::process::ExitCode;

/// The three outcomes a script can branch on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Code {
    /// Nothing found.
    Clean = 0,
    /// Findings reported.
    Findings = 1,
    /// Usage, configuration or I/O error.
    Error = 2,
}

impl From<Code> for ExitCode {
    fn from(c: Code) -> ExitCode {
        ExitCode::from(c as u8)
    }
}

/// True if the error chain is a broken pipe (`vigil scan | head`), which is not a failure.
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
