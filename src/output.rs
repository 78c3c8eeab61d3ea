//! Standard output and exit codes.

use std::io::{self, BufWriter};
use std::process::ExitCode;

/// Standard output, buffered.
pub(crate) fn stdout() -> BufWriter<io::StdoutLock<'static>> {
    BufWriter::new(io::stdout().lock())
}

/// Success, or 1 when `failed` inputs could not be dealt with.
pub(crate) fn exit_for(failed: usize) -> ExitCode {
    if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
